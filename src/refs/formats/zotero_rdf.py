"""Zotero RDF: the one format that carries items, child notes, tags, collections and relations
together. ``dump`` writes what Zotero's RDF importer reads; ``parse`` reads
it back (and Zotero's own exports) with an XML parser that never resolves entities, loads a
DTD or reaches the network.

The tables say what Zotero has: its item types (``ITEM_TYPES``, each with the fields and
creator types Zotero's schema gives it, ``ZOTERO_TYPES``), and where each CSL variable stands
in Zotero RDF (``FIELDS``, ``CREATORS``) as Zotero's own RDF export writes it. Reading and
writing both go by them: a variable is written only where the item's type has its field and it
reads back as itself, and ``losses`` names the rest."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from ..dates import Date, parse_date_lenient
from ..errors import OutputError
from ..model import Finding, Library, Location, Name, Reference, Severity, has_markup, text_in
from .base import Losses, Parsed, extra_losses, note_html, note_text

__all__ = ["dump", "parse", "losses", "NS", "ITEM_TYPES", "ZOTERO_TYPES", "FIELDS", "CREATORS"]

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "z": "http://www.zotero.org/namespaces/export#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "bib": "http://purl.org/net/biblio#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://nwalsh.com/rdf/vCard#",
    "prism": "http://prismstandard.org/namespaces/1.2/basic/",
    "link": "http://purl.org/rss/1.0/modules/link/",
}

# CSL type -> (Zotero item type, RDF node for the item, container node or None). A Zotero type
# read back is the first CSL type listed for it.
ITEM_TYPES: dict[str, tuple[str, str, str | None]] = {
    "webpage": ("webpage", "bib:Document", "z:Website"),
    "post": ("forumPost", "bib:Document", "z:Website"),
    "post-weblog": ("blogPost", "bib:Document", "z:Blog"),
    "article-journal": ("journalArticle", "bib:Article", "bib:Journal"),
    "article-magazine": ("magazineArticle", "bib:Article", "bib:Periodical"),
    "article-newspaper": ("newspaperArticle", "bib:Article", "bib:Newspaper"),
    "book": ("book", "bib:Book", None),
    "chapter": ("bookSection", "bib:BookSection", "bib:Book"),
    "paper-conference": ("conferencePaper", "rdf:Description", "bib:Journal"),
    "report": ("report", "bib:Report", None),
    "thesis": ("thesis", "bib:Thesis", None),
    "manuscript": ("manuscript", "bib:Manuscript", None),
    "dataset": ("dataset", "rdf:Description", None),
    "software": ("computerProgram", "bib:Data", None),
    "patent": ("patent", "bib:Patent", None),
    "legislation": ("statute", "bib:Legislation", None),
    "bill": ("bill", "bib:Legislation", None),
    "hearing": ("hearing", "bib:Report", None),
    "legal_case": ("case", "bib:Legislation", None),
    "motion_picture": ("film", "bib:MotionPicture", None),
    "broadcast": ("tvBroadcast", "bib:Recording", None),
    "song": ("audioRecording", "bib:Recording", None),
    "graphic": ("artwork", "bib:Illustration", None),
    "personal_communication": ("letter", "bib:Letter", None),
    "interview": ("interview", "bib:Interview", None),
    "map": ("map", "bib:Image", None),
    "entry-encyclopedia": ("encyclopediaArticle", "bib:BookSection", "bib:Book"),
    "entry-dictionary": ("dictionaryEntry", "bib:BookSection", "bib:Book"),
    "speech": ("presentation", "bib:ConferenceProceedings", None),
    "document": ("document", "bib:Document", None),
    "pamphlet": ("document", "bib:Document", None),
    "article": ("preprint", "bib:Article", None),
    "standard": ("standard", "bib:Document", None),
}
_FROM_ZOTERO = {z: csl for csl, (z, _, _) in reversed(list(ITEM_TYPES.items()))}
_DEFAULT_TYPE = ("document", "bib:Document", None)

# Zotero's item types as its schema gives them: the fields each has besides those every type has
# (_EVERY_TYPE), by their base names (a thesis's university is its publisher), and its creator
# types, the first its primary one (a CSL author is written as that).
_EVERY_TYPE = "title abstractNote date url accessDate shortTitle language rights extra"
ZOTERO_TYPES: dict[str, tuple[str, str]] = {
    "webpage": ("publicationTitle type publisher place DOI", "author contributor translator"),
    "forumPost": ("publicationTitle type DOI", "author contributor"),
    "blogPost": ("publicationTitle type DOI ISSN", "author translator commenter contributor"),
    "journalArticle": ("publicationTitle publisher place volume issue section partNumber partTitle pages series "
                       "seriesTitle seriesText journalAbbreviation DOI PMID PMCID ISSN archive archiveLocation",
                       "author contributor editor translator reviewedAuthor"),
    "magazineArticle": ("publicationTitle publisher place volume issue pages ISSN DOI archive archiveLocation",
                        "author contributor translator reviewedAuthor"),
    "newspaperArticle": ("publicationTitle publisher place volume issue edition section pages ISSN DOI archive "
                         "archiveLocation", "author contributor translator reviewedAuthor"),
    "book": ("series seriesNumber volume numberOfVolumes edition publisher place originalDate originalPublisher "
             "originalPlace medium numPages ISBN DOI ISSN archive archiveLocation",
             "author contributor editor translator seriesEditor"),
    "bookSection": ("publicationTitle series seriesNumber volume numberOfVolumes edition publisher place originalDate "
                    "originalPublisher originalPlace medium pages ISBN DOI ISSN archive archiveLocation",
                    "author contributor editor bookAuthor translator seriesEditor"),
    "conferencePaper": ("publicationTitle conferenceName publisher place eventPlace volume issue numberOfVolumes pages "
                        "series seriesNumber DOI ISBN ISSN archive archiveLocation",
                        "author contributor editor translator seriesEditor"),
    "report": ("number type publisher place seriesTitle seriesNumber pages DOI ISBN ISSN archive archiveLocation",
               "author editor contributor translator seriesEditor"),
    "thesis": ("type publisher place series seriesNumber numPages DOI ISBN ISSN archive archiveLocation",
               "author contributor"),
    "manuscript": ("type publisher place numPages number DOI archive archiveLocation", "author contributor translator"),
    "dataset": ("number type versionNumber publisher place medium DOI archive archiveLocation", "author contributor"),
    "computerProgram": ("seriesTitle versionNumber system publisher place programmingLanguage DOI ISBN archive "
                        "archiveLocation", "programmer contributor"),
    "patent": ("place country assignee authority number filingDate pages applicationNumber priorityNumbers "
               "originalDate references status DOI", "inventor attorneyAgent contributor"),
    "statute": ("code codeNumber number pages section session history DOI", "author contributor"),
    "case": ("authority number reporter volume pages history DOI", "author counsel contributor"),
    "film": ("publisher place type medium runningTime DOI archive archiveLocation",
             "director producer scriptwriter castMember host guest narrator translator contributor"),
    "audioRecording": ("medium seriesTitle volume numberOfVolumes publisher place runningTime ISBN DOI archive "
                       "archiveLocation", "performer originalCreator composer wordsBy translator contributor"),
    "artwork": ("medium artworkSize eventPlace DOI archive archiveLocation", "artist contributor"),
    "letter": ("type eventPlace DOI archive archiveLocation", "author recipient contributor translator"),
    "interview": ("medium publisher place DOI archive archiveLocation", "interviewee contributor interviewer translator"),
    "map": ("type scale seriesTitle edition publisher place DOI ISBN archive archiveLocation",
            "cartographer contributor seriesEditor"),
    "encyclopediaArticle": ("publicationTitle series seriesNumber volume numberOfVolumes edition publisher place pages "
                            "ISBN DOI archive archiveLocation", "author contributor editor translator seriesEditor"),
    "dictionaryEntry": ("publicationTitle series seriesNumber volume numberOfVolumes edition publisher place pages "
                        "ISBN DOI archive archiveLocation", "author contributor editor translator seriesEditor"),
    "presentation": ("type meetingName place series publicationTitle DOI",
                     "presenter chair organizer contributor translator"),
    "document": ("type publisher place DOI archive archiveLocation",
                 "author contributor editor translator reviewedAuthor"),
    "preprint": ("type publisher number place series seriesNumber DOI archive archiveLocation",
                 "author contributor editor translator reviewedAuthor"),
    "standard": ("authority committee type number versionNumber edition status publisher place partNumber partTitle "
                 "ISBN DOI archive archiveLocation numPages", "author editor contributor"),
    "bill": ("number code volume section pages authority session history DOI", "sponsor cosponsor contributor"),
    "hearing": ("committee publisher numberOfVolumes number pages authority session history place DOI", "contributor"),
    "tvBroadcast": ("publicationTitle number medium publisher place runningTime DOI archive archiveLocation",
                    "director producer executiveProducer seriesCreator scriptwriter castMember host guest narrator "
                    "translator contributor"),
}

# Where a value stands: on the item; on its container (the journal, the book, the web site: only
# item types with a container node have one); on the container when the type has one, else on
# the item (volume, issue, identifiers: as Zotero writes them); on its series; on its publisher.
ITEM, CONTAINER, PART, SERIES, PUBLISHER = "item", "container", "part", "series", "publisher"
# the kind of value: plain text, a date, one keyword a subject, the note (Extra, after the key
# line), the annote (child notes in HTML)
TEXT, DATE, KEYWORDS, EXTRA, MEMOS = "text", "date", "keywords", "extra", "memos"

# The one two-way table of fields: (CSL variable, Zotero field (base name), where, RDF property,
# kind). An identifier's property is "dc:identifier PREFIX" (a dc:identifier whose text starts
# "ISSN "). Reading takes a property to the first row for its place whose field the item's type
# has (else the first row for it); writing puts a variable under the first row whose field the
# type has and that reads back as the variable, and nowhere else: ``losses`` names it then.
FIELDS: tuple[tuple[str, str, str, str, str], ...] = (
    ("title", "title", ITEM, "dc:title", TEXT),
    ("container-title", "publicationTitle", CONTAINER, "dc:title", TEXT),
    ("container-title-short", "journalAbbreviation", CONTAINER, "dcterms:alternative", TEXT),
    ("volume", "volume", PART, "prism:volume", TEXT),
    ("issue", "issue", PART, "prism:number", TEXT),
    ("number", "number", PART, "prism:number", TEXT),
    ("ISSN", "ISSN", PART, "dc:identifier ISSN", TEXT),
    ("ISBN", "ISBN", PART, "dc:identifier ISBN", TEXT),
    ("DOI", "DOI", PART, "dc:identifier DOI", TEXT),
    ("collection-title", "series", SERIES, "dc:title", TEXT),
    ("collection-title", "seriesTitle", SERIES, "dcterms:alternative", TEXT),
    ("collection-number", "seriesNumber", SERIES, "dc:identifier", TEXT),
    ("publisher", "publisher", PUBLISHER, "foaf:name", TEXT),
    ("publisher-place", "place", PUBLISHER, "vcard:adr/vcard:Address/vcard:locality", TEXT),
    ("title-short", "shortTitle", ITEM, "z:shortTitle", TEXT),
    ("abstract", "abstractNote", ITEM, "dcterms:abstract", TEXT),
    ("issued", "date", ITEM, "dc:date", DATE),
    ("URL", "url", ITEM, "dc:identifier/dcterms:URI/rdf:value", TEXT),
    # z:accessDate, not dcterms:dateSubmitted: Zotero would take the latter as the date of an undated page
    ("accessed", "accessDate", ITEM, "z:accessDate", DATE),
    ("language", "language", ITEM, "z:language", TEXT),
    ("page", "pages", ITEM, "bib:pages", TEXT),
    ("edition", "edition", ITEM, "prism:edition", TEXT),
    ("version", "versionNumber", ITEM, "z:versionNumber", TEXT),
    ("genre", "type", ITEM, "z:type", TEXT),
    ("medium", "medium", ITEM, "dcterms:medium", TEXT),
    ("number-of-pages", "numPages", ITEM, "z:numPages", TEXT),
    ("number-of-volumes", "numberOfVolumes", ITEM, "z:numberOfVolumes", TEXT),
    ("event-title", "conferenceName", ITEM, "bib:presentedAt/bib:Conference/dc:title", TEXT),
    ("event-title", "meetingName", ITEM, "z:meetingName", TEXT),
    ("event-place", "eventPlace", ITEM, "z:eventPlace", TEXT),
    ("original-date", "originalDate", ITEM, "z:originalDate", DATE),
    ("original-publisher", "originalPublisher", ITEM, "z:originalPublisher", TEXT),
    ("original-publisher-place", "originalPlace", ITEM, "z:originalPlace", TEXT),
    ("archive", "archive", ITEM, "z:archive", TEXT),
    ("archive_location", "archiveLocation", ITEM, "dc:coverage", TEXT),
    ("status", "status", ITEM, "z:status", TEXT),
    ("PMID", "PMID", ITEM, "z:PMID", TEXT),
    ("PMCID", "PMCID", ITEM, "z:PMCID", TEXT),
    ("note", "extra", ITEM, "dc:description", EXTRA),
    ("keyword", "tags", ITEM, "dc:subject", KEYWORDS),
    ("annote", "notes", ITEM, "dcterms:isReferencedBy", MEMOS),
)
_ANY_TYPE = frozenset({"tags", "notes"})  # every item has tags and child notes
_READ_ALSO = {"dcterms:dateSubmitted": "z:accessDate", "dc:type": "z:type"}  # as Zotero itself writes them

# CSL name variable -> Zotero creator type; its RDF property is bib:authors, bib:editors or
# bib:contributors for those three, z:<type>s for the rest. A CSL author is written as the item
# type's primary creator (an artwork's artist, a film's director), and read back from it.
CREATORS: dict[str, str] = {
    "author": "author", "editor": "editor", "contributor": "contributor", "translator": "translator",
    "collection-editor": "seriesEditor", "container-author": "bookAuthor", "recipient": "recipient",
    "interviewer": "interviewer", "reviewed-author": "reviewedAuthor", "composer": "composer", "director": "director",
    "producer": "producer", "script-writer": "scriptwriter", "performer": "castMember", "host": "host",
    "guest": "guest", "narrator": "narrator", "executive-producer": "executiveProducer",
    "series-creator": "seriesCreator", "original-author": "originalCreator", "chair": "chair", "organizer": "organizer",
}

Row = tuple[str, str, str, str, str]


def _zotero_type(csl_type: str) -> tuple[str, str, str | None]:
    return ITEM_TYPES.get(csl_type, _DEFAULT_TYPE)


def _fields_of(ztype: str) -> frozenset[str]:
    return frozenset((ZOTERO_TYPES.get(ztype, ("", ""))[0] + " " + _EVERY_TYPE).split()) | _ANY_TYPE


def _creators_of(ztype: str) -> tuple[str, ...]:
    return tuple(ZOTERO_TYPES.get(ztype, ("", "author"))[1].split())


def _place(where: str, has_container: bool) -> str | None:
    """The node a row's value stands on for an item with or without a container node."""
    if where == CONTAINER:
        return "container" if has_container else None
    if where == PART:
        return "container" if has_container else ITEM
    return where


def _meaning(place: str, prop: str, ztype: str, has_container: bool) -> Row | None:
    """The row a property on this node holds for an item of this Zotero type."""
    rows = [r for r in FIELDS if r[3] == prop and _place(r[2], has_container) == place]
    return next((r for r in rows if r[1] in _fields_of(ztype)), rows[0] if rows else None)


def row_for(var: str, csl_type: str) -> Row | None:
    """The row ``var`` is written by for an item of this CSL type (None: it has none that reads back)."""
    ztype, _, container = _zotero_type(csl_type)
    for row in FIELDS:
        place = _place(row[2], container is not None)
        if row[0] == var and row[1] in _fields_of(ztype) and place and \
                _meaning(place, row[3], ztype, container is not None) is row:
            return row
    return None


def _creator_prop(ctype: str) -> str:
    return f"bib:{ctype}s" if ctype in ("author", "editor", "contributor") else f"z:{ctype}s"


def _creator_meaning(prop: str, ztype: str) -> str | None:
    """The CSL name variable a creator property holds for an item of this Zotero type."""
    creators = _creators_of(ztype)
    if creators and prop == _creator_prop(creators[0]):
        return "author"
    return next((var for var, ctype in CREATORS.items() if _creator_prop(ctype) == prop), None)


def creator_for(var: str, csl_type: str) -> str | None:
    """The creator property ``var`` is written under for an item of this CSL type, or None."""
    ztype = _zotero_type(csl_type)[0]
    creators = _creators_of(ztype)
    ctype = creators[0] if var == "author" and creators else CREATORS.get(var)
    if ctype is None or ctype not in creators:
        return None
    prop = _creator_prop(ctype)
    return prop if _creator_meaning(prop, ztype) == var else None


_CREATOR_PROPS = tuple(dict.fromkeys([*(_creator_prop(c) for c in CREATORS.values()),
                                      *(_creator_prop(cs.split()[0]) for _, cs in ZOTERO_TYPES.values())]))


# -- losses ---------------------------------------------------------------------------------------


def losses(ref: Reference, dialect: str | None = None) -> Losses:
    """What Zotero RDF cannot carry for ``ref``, each with the reason: its type when Zotero has
    none that reads back as it, a variable the item's type has no field or creator type for, a
    value its field would change (markup, a name's particle), and the .bib's own fields."""
    out: Losses = {}
    ztype, _, container = _zotero_type(ref.type)
    if _FROM_ZOTERO.get(ztype) != ref.type:
        out["type"] = f"Zotero RDF writes a {ref.type} as a {ztype}, read back as {_FROM_ZOTERO.get(ztype)}"
    for var, value in ref.fields.items():
        if var in CREATORS:
            why = _creator_loss(var, value, ztype, creator_for(var, ref.type))
        else:
            why = _field_loss(var, value, ztype, container, row_for(var, ref.type))
        if why:
            out[var] = why
    out.update(extra_losses(ref, "Zotero RDF"))
    return out


def _creator_loss(var: str, names: Any, ztype: str, prop: str | None) -> str | None:
    if prop is None:
        return f"Zotero's {ztype} has no {CREATORS[var]} among its creators"
    changed = [n.display() for n in names if _read_name(*_name_parts(n)) != n]
    return ("Zotero RDF holds a name as a surname and a given name (no particle or suffix apart): "
            + ", ".join(changed)) if changed else None


def _field_loss(var: str, value: Any, ztype: str, container: str | None, row: Row | None) -> str | None:
    if row is None:
        rows = [r for r in FIELDS if r[0] == var]
        if not rows:
            return "Zotero has no field for it"
        if any(r[1] in _fields_of(ztype) for r in rows):
            return f"Zotero RDF gives a {ztype} no container to hold it"
        return f"Zotero's {ztype} has no {' or '.join(r[1] for r in rows)}"
    back = _READ[row[4]](_WRITE[row[4]](value, "KEY"))
    if back == value:
        return None
    if isinstance(value, str) and has_markup(value):
        return "Zotero RDF is plain text here: its markup (italics, case protection) is left out"
    return f"Zotero RDF does not hold it as it is: {value!r} comes back as {back!r}"


# -- the kinds of value, written as text and read back --------------------------------------------


def _plain(text: str) -> str:
    """A text value as written. Its CSL markup (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
    ``<span class="nocase">``) stays, escaped as XML text: Zotero reads these tags in a field
    as its rich text."""
    return text


def _write_text(value: Any, key: str) -> list[str]:
    return [_plain(str(value))]


def _read_text(texts: list[str]) -> Any:
    return next((t.strip() for t in texts if t.strip()), None)


def _write_date(value: Any, key: str) -> list[str]:
    return [value.to_edtf()] if isinstance(value, Date) and value.to_edtf() else []


def _read_date(texts: list[str]) -> Any:
    text = _read_text(texts)
    if text is None:
        return None
    stamp = re.match(r"(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}", text)  # Zotero's "2024-05-01 10:15:00"
    return parse_date_lenient(stamp.group(1) if stamp else text)


def _write_keywords(value: Any, key: str) -> list[str]:
    return [k for k in re.split(r"\s*[,;]\s*", str(value)) if k]


def _read_keywords(texts: list[str]) -> Any:
    return ", ".join(t.strip() for t in texts if t.strip()) or None


def _write_extra(value: Any, key: str) -> list[str]:
    """Zotero's Extra: the citation key's line, then the note."""
    return ["\n".join([f"Citation Key: {key}", *([str(value)] if value else [])])]


def _read_extra(texts: list[str]) -> Any:
    extra = _read_text(texts) or ""
    return "\n".join(ln for ln in extra.splitlines() if not ln.startswith("Citation Key:")).strip() or None


def _write_memos(value: Any, key: str) -> list[str]:
    return [note_html(str(value))] if value else []


def _read_memos(texts: list[str]) -> Any:
    return "\n\n".join(n for n in (note_text(t) for t in texts) if n) or None


_WRITE = {TEXT: _write_text, DATE: _write_date, KEYWORDS: _write_keywords, EXTRA: _write_extra, MEMOS: _write_memos}
_READ = {TEXT: _read_text, DATE: _read_date, KEYWORDS: _read_keywords, EXTRA: _read_extra, MEMOS: _read_memos}


def _name_parts(n: Name) -> tuple[str, str | None]:
    """A name as Zotero RDF holds it: a surname, and a given name (None: a name written whole;
    "" a person with a surname only, written as an empty given name)."""
    if n.literal:
        return n.literal, None
    return " ".join(p for p in (n.dropping_particle, n.non_dropping_particle, n.family) if p), n.given


def _read_name(surname: str, given: str | None) -> Name:
    return Name(literal=surname.strip()) if given is None else Name(family=surname.strip(), given=given.strip())


# -- writing ----------------------------------------------------------------------------------------

_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                        remove_comments=True)


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _sub(parent: Any, name: str, text: str | None = None, **attrs: str) -> Any:
    el = etree.SubElement(parent, _q(name), {(_q(k.replace("_", ":", 1)) if "_" in k else k): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _path(parent: Any, path: str, text: str) -> None:
    """``text`` at the end of a path of new elements ("vcard:adr/vcard:Address/vcard:locality")."""
    *steps, last = path.split("/")
    for step in steps:
        parent = _sub(parent, step)
    _sub(parent, last, text)


# what XML 1.0 cannot hold at all, not even as a character reference
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _require_xml_text(refs: list[Reference], notes: dict[str, list[str]], tags: dict[str, list[str]]) -> None:
    """Refuse, naming the entry and field, a value with a character XML cannot hold (a control
    character): lxml would stop half-way, and no escape exists for it."""
    for ref in refs:
        values = [*ref.fields.items(), *ref.extra, ("key", ref.key), *(("note", n) for n in notes.get(ref.key, [])),
                  *(("tag", t) for t in tags.get(ref.key, []))]
        for var, value in values:
            for text in text_in(value):
                bad = _NOT_XML.search(text)
                if bad:
                    raise OutputError(f'cannot write Zotero RDF: "{ref.key}" {var} holds U+{ord(bad.group()):04X}, a '
                                      "control character XML cannot hold; remove it (refs check lists them as "
                                      "hidden-characters)", ref.location)


def dump(library: Library, notes: dict[str, list[str]] | None = None, tags: dict[str, list[str]] | None = None,
         collection: str | None = None, work: Reference | None = None) -> str:
    """Zotero RDF of the library (``work`` first, related to every entry, when given); ``notes``
    and ``tags`` add per-key child notes (plain text) and tags; ``collection`` puts every item
    in a collection of that name."""
    notes = notes or {}
    tags = tags or {}
    root = etree.Element(_q("rdf:RDF"), nsmap=NS)
    refs = ([work] if work is not None else []) + list(library)
    _require_xml_text(refs, notes, tags)
    about = _item_ids(refs)
    memos = _Memos(root)
    for ref in refs:
        item = _write_item(root, ref, about[ref.key], memos, notes.get(ref.key, []), tags.get(ref.key, []))
        if work is not None and ref is work:
            for other in library:
                _sub(item, "dc:relation", **{"rdf_resource": about[other.key]})
    if collection:
        coll = _sub(root, "z:Collection", **{"rdf_about": "#collection_1"})
        _sub(coll, "dc:title", collection)
        for ref in refs:
            _sub(coll, "dcterms:hasPart", **{"rdf_resource": about[ref.key]})
    return etree.tostring(root, encoding="unicode", pretty_print=True)


def _item_ids(refs: list[Reference]) -> dict[str, str]:
    """Each key's item identifier: "a:b" and "a_b" are two items, so two identifiers."""
    about: dict[str, str] = {}
    for ref in refs:
        name = f"#item_{re.sub(r'[^A-Za-z0-9_.-]', '_', ref.key)}"
        while name in about.values():
            name += "_"
        about.setdefault(ref.key, name)
    return about


class _Memos:
    """Child notes: each a bib:Memo of the root, which the item names (dcterms:isReferencedBy)."""

    def __init__(self, root: Any):
        self.root, self.count = root, 0

    def add(self, item: Any, note_in_html: str) -> None:
        self.count += 1
        _sub(item, "dcterms:isReferencedBy", **{"rdf_resource": f"#note_{self.count}"})
        memo = _sub(self.root, "bib:Memo", **{"rdf_about": f"#note_{self.count}"})
        _sub(memo, "rdf:value", note_in_html)


def _write_item(root: Any, ref: Reference, about: str, memos: _Memos, notes: list[str], tags: list[str]) -> Any:
    """One item: its type, its creators, then each variable where ``FIELDS`` puts it for the
    type (the container, series and publisher nodes made when a value goes in them)."""
    ztype, node, container = _zotero_type(ref.type)
    item = _sub(root, node, **{"rdf_about": about})
    _sub(item, "z:itemType", ztype)
    nodes = _Nodes(item, container)
    for var, value in ref.fields.items():
        prop = creator_for(var, ref.type) if var in CREATORS else None
        if prop and value:
            _write_creators(item, prop, value)
    for row in FIELDS:
        var, _, where, prop, kind = row
        value = ref.fields.get(var)
        if (value or var == "note") and row_for(var, ref.type) is row:
            for text in _WRITE[kind](value, ref.key):
                _write_value(nodes.get(where), prop, kind, text, memos)
    for tag in tags:
        _sub(item, "dc:subject", tag)
    for note in notes:
        memos.add(item, note_html(note))
    _sub(item, "z:citationKey", ref.key)  # Zotero's citationKey field (schema 14 and later)
    return item


class _Nodes:
    """The nodes of an item a value may stand on, each made when first needed."""

    def __init__(self, item: Any, container: str | None):
        self.item, self.container_node = item, container
        self.made: dict[str, Any] = {ITEM: item}

    def get(self, where: str) -> Any:
        place = _place(where, self.container_node is not None) or ITEM
        if place not in self.made:
            self.made[place] = self._make(place)
        return self.made[place]

    def _make(self, place: str) -> Any:
        if place == "container":
            return _sub(_sub(self.item, "dcterms:isPartOf"), self.container_node or "bib:Journal")
        if place == SERIES:
            return _sub(_sub(self.get(PART), "dcterms:isPartOf"), "bib:Series")
        return _sub(_sub(self.item, "dc:publisher"), "foaf:Organization")


def _write_value(node: Any, prop: str, kind: str, text: str, memos: _Memos) -> None:
    if kind == MEMOS:
        memos.add(node, text)
    elif " " in prop:  # an identifier: "ISSN 0378-5955"
        _sub(node, prop.split(" ")[0], f"{prop.split(' ')[1]} {text}")
    else:
        _path(node, prop, text)


def _write_creators(parent: Any, prop: str, names: tuple[Name, ...]) -> None:
    seq = _sub(_sub(parent, prop), "rdf:Seq")
    for n in names:
        person = _sub(_sub(seq, "rdf:li"), "foaf:Person")
        surname, given = _name_parts(n)
        _sub(person, "foaf:surname", surname)
        if given is not None:  # no given name: Zotero keeps a name as one field
            _sub(person, "foaf:givenName", given)


# -- reading -----------------------------------------------------------------------------------


def _text(el: Any, path: str) -> str | None:
    found = el.find(path, NS)
    return found.text.strip() if found is not None and found.text else None


def _names(el: Any, prop: str) -> tuple[Name, ...]:
    out = []
    for person in el.iterfind(f"{prop}/rdf:Seq/rdf:li/*", NS):
        surname = _text(person, "foaf:surname") or _text(person, "foaf:name") or ""
        given = person.find("foaf:givenName", NS)
        if given is None:
            given = person.find("foaf:givenname", NS)  # as Zotero writes it
        out.append(_read_name(surname, None if given is None else (given.text or "")))
    return tuple(out)


def parse(text: str, source: str | None = None) -> Parsed:
    if re.search(r"<!DOCTYPE|<!ENTITY", text[:4096], re.I):
        return Parsed(Library(source=source), [Finding(Severity.ERROR, "rdf-unsafe",
            "the file declares a DTD or entities; refs refuses them (entity expansion, external entities)",
            Location(source, 1, 1))])
    try:
        root = etree.fromstring(text.encode("utf-8"), _SAFE)
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (None, None)
        return Parsed(Library(source=source), [Finding(Severity.ERROR, "rdf-syntax", f"not well-formed XML: {error.msg}",
                                                       Location(source, line, col))])
    memos = {m.get(_q("rdf:about")): _text(m, "rdf:value") or "" for m in root.iterfind("bib:Memo", NS)}
    refs: list[Reference] = []
    for item in root:
        ztype = _text(item, "z:itemType")
        if ztype and ztype not in ("note", "attachment"):
            refs.append(_read_item(item, ztype, memos, source, len(refs)))
    return Parsed(Library(tuple(refs), source), [])


def _read_item(item: Any, ztype: str, memos: dict[str, str], source: str | None, index: int) -> Reference:
    csl_type = _FROM_ZOTERO.get(ztype, "document")
    fields: dict[str, Any] = {}
    for prop in _CREATOR_PROPS:
        var = _creator_meaning(prop, ztype)
        names = _names(item, prop)
        if var and names:
            fields[var] = fields.get(var, ()) + names
    nodes = _read_nodes(item)
    has_container = nodes["container"] is not None
    for row in FIELDS:
        var, _, where, prop, kind = row
        place = _place(where, has_container)
        if place is None or var in fields or nodes[place] is None or \
                _meaning(place, prop, ztype, has_container) is not row:
            continue  # no such node, or another row holds this property there for this type
        value = _READ[kind](_texts(nodes[place], prop, kind, memos))
        if value is not None:
            fields[var] = value
    extra = _text(item, "dc:description") or ""
    key_match = re.search(r"^Citation Key:\s*(\S+)", extra, re.M)
    key = _text(item, "z:citationKey") or (key_match.group(1) if key_match else None) or \
        (item.get(_q("rdf:about")) or f"item{index + 1}").lstrip("#")
    return Reference(key, csl_type, fields, None, () if ztype in _FROM_ZOTERO else (("itemType", ztype),),
                     location=Location(source, item.sourceline, 1))


def _read_nodes(item: Any) -> dict[str, Any]:
    """The nodes of an item its values stand on: itself, its container (the first thing it is
    part of that is no series, nor the section Zotero puts between an article and its journal),
    its series (the container's, else its own), its publisher."""
    parts = list(item.iterfind("dcterms:isPartOf/*", NS))
    parts += [el for part in parts if part.tag == _q("bib:Part") for el in part.iterfind("dcterms:isPartOf/*", NS)]
    container = next((el for el in parts if el.tag not in (_q("bib:Series"), _q("bib:Part"))), None)
    series = (container.find("dcterms:isPartOf/bib:Series", NS) if container is not None else None)
    if series is None:
        series = item.find("dcterms:isPartOf/bib:Series", NS)
    return {ITEM: item, "container": container, SERIES: series,
            PUBLISHER: item.find("dc:publisher/foaf:Organization", NS)}


def _texts(node: Any, prop: str, kind: str, memos: dict[str, str]) -> list[str]:
    """The texts a property has on a node (each child note's HTML for the annote; the value of
    each identifier with the prefix, for "dc:identifier ISSN")."""
    if kind == MEMOS:
        return [memos.get(r.get(_q("rdf:resource")), "") for r in node.iterfind(prop, NS)]
    if " " in prop:
        name, prefix = prop.split(" ")
        pairs = [(el.text or "").strip().partition(" ") for el in node.iterfind(name, NS)]
        return [value for kind_, _, value in pairs if kind_ == prefix]
    texts = [el.text for el in node.iterfind(prop, NS) if el.text]
    for other, same in _READ_ALSO.items():
        if same == prop and not texts:
            texts = [el.text for el in node.iterfind(other, NS) if el.text]
    return texts
