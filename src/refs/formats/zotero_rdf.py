"""Zotero RDF: the one format that carries items, child notes, tags, collections and relations
together (shared ZOTERO.md). ``dump`` writes what Zotero's RDF importer reads; ``parse`` reads
it back (and Zotero's own exports) with an XML parser that never resolves entities, loads a
DTD or reaches the network."""

from __future__ import annotations

import html
import re
from typing import Any

from lxml import etree

from ..dates import Date, parse_date_lenient
from ..errors import OutputError
from ..model import CSL_MARKUP, Finding, Library, Location, Name, Reference, Severity, text_in
from .base import Parsed

__all__ = ["dump", "parse", "NS", "ITEM_TYPES"]

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

# CSL type -> (Zotero item type, RDF node for the item, container node or None)
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
    "legal_case": ("case", "bib:Legislation", None),
    "motion_picture": ("film", "bib:MotionPicture", None),
    "song": ("audioRecording", "bib:Recording", None),
    "graphic": ("artwork", "bib:Illustration", None),
    "personal_communication": ("letter", "bib:Letter", None),
    "interview": ("interview", "bib:Interview", None),
    "map": ("map", "bib:Image", None),
    "entry-encyclopedia": ("encyclopediaArticle", "bib:BookSection", "bib:Book"),
    "entry-dictionary": ("dictionaryEntry", "bib:BookSection", "bib:Book"),
    "speech": ("presentation", "bib:ConferenceProceedings", None),
    "pamphlet": ("document", "bib:Document", None),
    "document": ("document", "bib:Document", None),
    "article": ("preprint", "bib:Article", None),
    "standard": ("standard", "bib:Document", None),
}
_FROM_ZOTERO = {z: csl for csl, (z, _, _) in reversed(list(ITEM_TYPES.items()))}
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


def _plain(text: str) -> str:
    return CSL_MARKUP.sub("", text)


def _creators(parent: Any, prop: str, names: tuple[Name, ...]) -> None:
    seq = _sub(_sub(parent, prop), "rdf:Seq")
    for n in names:
        person = _sub(_sub(seq, "rdf:li"), "foaf:Person")
        if n.literal:
            _sub(person, "foaf:surname", n.literal)  # no given name: Zotero keeps it as one field
        else:
            _sub(person, "foaf:surname", " ".join(p for p in (n.non_dropping_particle, n.family) if p))
            if n.given:
                _sub(person, "foaf:givenName", n.given)


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
    notes = notes or {}
    tags = tags or {}
    root = etree.Element(_q("rdf:RDF"), nsmap=NS)
    memo_count = 0
    refs = list(library)
    if work is not None:
        refs = [work] + refs
    _require_xml_text(refs, notes, tags)
    about: dict[str, str] = {}
    for ref in refs:  # "a:b" and "a_b" are two items, so two identifiers
        name = f"#item_{re.sub(r'[^A-Za-z0-9_.-]', '_', ref.key)}"
        while name in about.values():
            name += "_"
        about.setdefault(ref.key, name)
    for ref in refs:
        f = ref.fields
        ztype, node, container = ITEM_TYPES.get(ref.type, ("document", "bib:Document", None))
        item = _sub(root, node, **{"rdf_about": about[ref.key]})
        _sub(item, "z:itemType", ztype)
        if container and f.get("container-title"):
            part = _sub(_sub(item, "dcterms:isPartOf"), container)
            _sub(part, "dc:title", _plain(f["container-title"]))
            for var, prop in (("volume", "prism:volume"), ("issue", "prism:number")):
                if f.get(var):
                    _sub(part, prop, str(f[var]))
            if f.get("ISSN"):
                _sub(part, "dc:identifier", f"ISSN {f['ISSN']}")
            if f.get("DOI"):
                _sub(part, "dc:identifier", f"DOI {f['DOI']}")  # Zotero reads a DOI on the container
        for var, prop in (("author", "bib:authors"), ("editor", "bib:editors"), ("translator", "z:translators")):
            if f.get(var):
                _creators(item, prop, f[var])
        if f.get("publisher") or f.get("publisher-place"):
            org = _sub(_sub(item, "dc:publisher"), "foaf:Organization")
            if f.get("publisher-place"):
                _sub(_sub(_sub(org, "vcard:adr"), "vcard:Address"), "vcard:locality", f["publisher-place"])
            if f.get("publisher"):
                _sub(org, "foaf:name", f["publisher"])
        for note in ([f"<p>{html.escape(str(f['annote']), quote=False)}</p>"] if f.get("annote") else []) + \
                [f"<p>{html.escape(n, quote=False)}</p>" for n in notes.get(ref.key, [])]:
            memo_count += 1
            _sub(item, "dcterms:isReferencedBy", **{"rdf_resource": f"#note_{memo_count}"})
            memo = _sub(root, "bib:Memo", **{"rdf_about": f"#note_{memo_count}"})
            _sub(memo, "rdf:value", note)
        for kw in [k for k in re.split(r"\s*[,;]\s*", f.get("keyword", "")) if k] + tags.get(ref.key, []):
            _sub(item, "dc:subject", kw)
        if f.get("title"):
            _sub(item, "dc:title", _plain(f["title"]))
        if f.get("title-short"):
            _sub(item, "z:shortTitle", _plain(f["title-short"]))
        if f.get("abstract"):
            _sub(item, "dcterms:abstract", f["abstract"])
        issued = f.get("issued")
        if isinstance(issued, Date):
            _sub(item, "dc:date", issued.to_edtf())
        if f.get("URL"):
            _sub(_sub(_sub(item, "dc:identifier"), "dcterms:URI"), "rdf:value", f["URL"])
        accessed = f.get("accessed")
        if isinstance(accessed, Date) and accessed.start:
            # z:accessDate, not dcterms:dateSubmitted: Zotero would take the latter as the date
            # of an undated page
            _sub(item, "z:accessDate", accessed.to_edtf())
        if f.get("language"):
            _sub(item, "z:language", f["language"])
        if f.get("DOI"):
            _sub(item, "dc:identifier", f"DOI {f['DOI']}")
        if f.get("ISBN"):
            _sub(item, "dc:identifier", f"ISBN {f['ISBN']}")
        if f.get("page"):
            _sub(item, "bib:pages", str(f["page"]))
        if f.get("volume") and not (container and f.get("container-title")):
            _sub(item, "prism:volume", str(f["volume"]))  # a book's own volume
        for var, prop in (("edition", "prism:edition"), ("genre", "z:type"), ("number", "prism:number"),
                          ("number-of-pages", "z:numPages"), ("collection-title", "dcterms:isPartOf_series")):
            if f.get(var) and not prop.endswith("_series"):
                _sub(item, prop, str(f[var]))
        _sub(item, "z:citationKey", ref.key)  # Zotero's citationKey field (schema 14 and later)
        extra = [f"Citation Key: {ref.key}"] + ([str(f["note"])] if f.get("note") else [])
        _sub(item, "dc:description", "\n".join(extra))
        if work is not None and ref is work:
            for other in library:
                _sub(item, "dc:relation", **{"rdf_resource": about[other.key]})
    if collection:
        coll = _sub(root, "z:Collection", **{"rdf_about": "#collection_1"})
        _sub(coll, "dc:title", collection)
        for ref in refs:
            _sub(coll, "dcterms:hasPart", **{"rdf_resource": about[ref.key]})
    return etree.tostring(root, encoding="unicode", pretty_print=True)


# -- reading -----------------------------------------------------------------------------------


def _text(el: Any, path: str) -> str | None:
    found = el.find(path, NS)
    return found.text.strip() if found is not None and found.text else None


def _names(el: Any, prop: str) -> tuple[Name, ...]:
    out = []
    for person in el.iterfind(f"{prop}/rdf:Seq/rdf:li/*", NS):
        surname = _text(person, "foaf:surname") or _text(person, "foaf:name") or ""
        given = _text(person, "foaf:givenName")
        out.append(Name(family=surname, given=given) if given else Name(literal=surname))
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
        if not ztype or ztype in ("note", "attachment"):
            continue
        f: dict[str, Any] = {}
        title = _text(item, "dc:title")
        if title:
            f["title"] = title
        container = item.find("dcterms:isPartOf/*", NS)
        if container is not None and _text(container, "dc:title"):
            f["container-title"] = _text(container, "dc:title")
            for prop, var in (("prism:volume", "volume"), ("prism:number", "issue")):
                if _text(container, prop):
                    f[var] = _text(container, prop)
        for prop, var in (("bib:authors", "author"), ("bib:editors", "editor"), ("z:translators", "translator")):
            names = _names(item, prop)
            if names:
                f[var] = names
        org = item.find("dc:publisher/foaf:Organization", NS)
        if org is not None:
            if _text(org, "foaf:name"):
                f["publisher"] = _text(org, "foaf:name")
            if _text(org, "vcard:adr/vcard:Address/vcard:locality"):
                f["publisher-place"] = _text(org, "vcard:adr/vcard:Address/vcard:locality")
        if _text(item, "dc:date"):
            f["issued"] = parse_date_lenient(_text(item, "dc:date") or "")
        access = _text(item, "z:accessDate") or _text(item, "dcterms:dateSubmitted")
        if access:
            f["accessed"] = parse_date_lenient(access.split(" ")[0])
        url = _text(item, "dc:identifier/dcterms:URI/rdf:value")
        if url:
            f["URL"] = url
        for ident in item.iterfind("dc:identifier", NS):
            if ident.text:
                kind, _, value = ident.text.strip().partition(" ")
                if kind in ("DOI", "ISBN", "ISSN") and value:
                    f[kind] = value
        if "volume" not in f and _text(item, "prism:volume"):
            f["volume"] = _text(item, "prism:volume")
        for prop, var in (("z:language", "language"), ("bib:pages", "page"), ("dcterms:abstract", "abstract"),
                          ("z:shortTitle", "title-short"), ("prism:edition", "edition"), ("z:type", "genre"),
                          ("z:numPages", "number-of-pages")):
            if _text(item, prop):
                f[var] = _text(item, prop)
        subjects = [s.text.strip() for s in item.iterfind("dc:subject", NS) if s.text]
        if subjects:
            f["keyword"] = ", ".join(subjects)
        notes = [re.sub(r"<[^>]+>", "", html.unescape(memos.get(r.get(_q("rdf:resource")), ""))).strip()
                 for r in item.iterfind("dcterms:isReferencedBy", NS)]
        notes = [n for n in notes if n]
        if notes:
            f["annote"] = "\n\n".join(notes)
        extra = _text(item, "dc:description") or ""
        key_match = re.search(r"^Citation Key:\s*(\S+)", extra, re.M)
        rest = "\n".join(ln for ln in extra.splitlines() if not ln.startswith("Citation Key:")).strip()
        if rest:
            f["note"] = rest
        key = _text(item, "z:citationKey") or (key_match.group(1) if key_match else None) or \
            (item.get(_q("rdf:about")) or f"item{len(refs) + 1}").lstrip("#")
        line = item.sourceline
        refs.append(Reference(key, _FROM_ZOTERO.get(ztype, "document"), f, None,
                              () if ztype in _FROM_ZOTERO else (("itemType", ztype),),
                              location=Location(source, line, 1)))
    return Parsed(Library(tuple(refs), source), [])
