"""RIS <-> the model. Written for Zotero's RIS importer (see shared ZOTERO.md): web pages as
TY ELEC, the citation key as an Extra line (``M2  - Citation Key: KEY``), notes as N1 with
HTML escaped, tags as KW. Read the RIS that Zotero, JabRef and EndNote write."""

from __future__ import annotations

import html
import re
from typing import Any

from ..dates import Date, parse_date_lenient
from ..model import CSL_MARKUP, Finding, Library, Location, Name, Reference, Severity
from .base import Parsed, make_key, require_safe_keys

__all__ = ["parse", "dump", "losses", "tag_for", "tag_meaning", "Note", "TYPES", "TAGGED"]

# CSL type -> RIS type, and back (the first RIS type listed for a CSL type is written).
TYPES: dict[str, str] = {
    "webpage": "ELEC", "post": "ELEC", "post-weblog": "BLOG", "article-journal": "JOUR",
    "article-magazine": "MGZN", "article-newspaper": "NEWS", "book": "BOOK", "chapter": "CHAP",
    "paper-conference": "CPAPER", "report": "RPRT", "thesis": "THES", "manuscript": "UNPB",
    "dataset": "DATA", "software": "COMP", "patent": "PAT", "legislation": "STAT", "bill": "BILL",
    "legal_case": "CASE", "map": "MAP", "motion_picture": "MPCT", "song": "SOUND", "graphic": "ART",
    "speech": "SLIDE", "personal_communication": "PCOMM", "interview": "PCOMM", "broadcast": "MPCT",
    "entry-encyclopedia": "ENCYC", "entry-dictionary": "DICT", "pamphlet": "PAMP", "standard": "STAND",
    "document": "GEN", "article": "JOUR",
}
_FROM_RIS = {v: k for k, v in reversed(list(TYPES.items()))} | {"WEB": "webpage", "ICOMM": "webpage",
                                                                "JFULL": "article-journal", "CONF": "paper-conference",
                                                                "EBOOK": "book", "ECHAP": "chapter", "EJOUR": "article-journal",
                                                                "GEN": "document", "CTLG": "book", "SER": "book"}
_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


# One two-way table for the tags whose meaning depends on the item's type, as Zotero's RIS
# translator reads them: (tag, CSL variable, the CSL types it has that meaning for; None: every
# other type). Reading takes the first row of a tag that holds the item's type, else its default;
# writing puts a variable under the tag that reads back as that variable for the item's type, and
# a variable no tag reads back for that type is not written: ``losses`` names it.
_ARTICLES = frozenset({"article-journal", "article-magazine", "article-newspaper", "article"})
TAGGED: tuple[tuple[str, str, frozenset[str] | None], ...] = (
    ("AU", "author", None),
    ("A2", "collection-editor", frozenset({"book"})),  # a book's A2 is its series editor
    ("A2", "editor", None),
    ("A3", "editor", frozenset({"book"})),
    ("A3", "collection-editor", None),
    ("A4", "translator", None),
    ("C2", "container-author", None),  # the author of the book a chapter is in
    ("SN", "ISSN", _ARTICLES),
    ("SN", "number", frozenset({"report", "patent"})),  # report and patent numbers
    ("SN", "ISBN", None),
    ("SP", "number-of-pages", frozenset({"book", "thesis", "manuscript"})),
    ("SP", "page", None),  # with EP: the first and last page
    ("M1", "number", None),
)
_READ_ALSO = {"A1": "AU", "ED": "A2"}  # tags other programs write for the same thing


def tag_meaning(tag: str, csl_type: str) -> str | None:
    """The CSL variable a tag holds in an item of this type."""
    tag = _READ_ALSO.get(tag, tag)
    rows = [(var, types) for t, var, types in TAGGED if t == tag]
    return next((var for var, types in rows if types and csl_type in types),
                next((var for var, types in rows if types is None), None))


def tag_for(var: str, csl_type: str) -> str | None:
    """The tag that reads back as ``var`` in an item of this type, or None when none does."""
    return next((t for t, v, _ in TAGGED if v == var and tag_meaning(t, csl_type) == var), None)


def losses(ref: Reference) -> list[str]:
    """The variables of ``ref`` RIS cannot carry for its type (written nowhere, or under a tag
    that would read back as something else)."""
    return [var for var in sorted({v for _, v, _ in TAGGED}) if ref.fields.get(var) and tag_for(var, ref.type) is None]


class Note(str):
    """A note to write as its own N1 record (HTML, as Zotero reads N1)."""


def _date_ris(d: Date) -> tuple[str | None, str | None]:
    if d.literal is not None or not d.start:
        return (d.literal or None), None
    y = d.start[0]
    parts = list(d.start) + [None, None]
    da = f"{y:04d}/" + (f"{parts[1]:02d}" if parts[1] else "") + "/" + (f"{parts[2]:02d}" if parts[2] else "") + "/"
    return str(y), da


def _name(n: Name) -> str:
    if n.literal:
        return n.literal
    family = " ".join(p for p in (n.non_dropping_particle, n.family) if p)
    out = f"{family}, {n.given}" if n.given else family
    return f"{out}, {n.suffix}" if n.suffix else out


def dump(library: Library, notes: dict[str, list[str]] | None = None, tags: dict[str, list[str]] | None = None) -> str:
    """RIS records; ``notes`` and ``tags`` add per-key child notes (HTML) and keywords."""
    require_safe_keys(library, "RIS")
    notes = notes or {}
    tags = tags or {}
    out: list[str] = []
    for ref in library:
        f = ref.fields
        lines: list[tuple[str, str]] = [("TY", TYPES.get(ref.type, "GEN"))]
        for var in ("author", "editor", "collection-editor", "translator", "container-author"):
            creator_tag = tag_for(var, ref.type)
            if creator_tag is None:
                continue
            for n in f.get(var, ()):
                lines.append((creator_tag, _name(n)))
        if f.get("title"):
            lines.append(("TI", _plain(f["title"])))
        if f.get("container-title"):
            tag = "T2"
            if ref.type.startswith("article"):
                lines.append(("JO", _plain(f["container-title"])))
            lines.append((tag, _plain(f["container-title"])))
        if f.get("collection-title"):
            lines.append(("T3", _plain(f["collection-title"])))
        issued = f.get("issued")
        if isinstance(issued, Date):
            py, da = _date_ris(issued)
            if py:
                lines.append(("PY", py))
            if da:
                lines.append(("DA", da))
        accessed = f.get("accessed")
        if isinstance(accessed, Date) and accessed.start:
            lines.append(("Y2", accessed.to_edtf()))
        simple = {"URL": "UR", "DOI": "DO", "abstract": "AB", "volume": "VL", "issue": "IS", "publisher": "PB",
                  "publisher-place": "CY", "edition": "ET", "language": "LA", "genre": "M3", "title-short": "ST",
                  "container-title-short": "J2", "medium": "M3", "note": "N1"}
        for var, tag in simple.items():
            if f.get(var):
                lines.append((tag, _plain(str(f[var]))))
        for var in ("ISSN", "ISBN", "number", "number-of-pages"):
            typed_tag = tag_for(var, ref.type)
            if typed_tag and f.get(var):
                lines.append((typed_tag, _plain(str(f[var]))))
        page = f.get("page") if tag_for("page", ref.type) else None
        if page:
            a, _, b = str(page).replace("–", "-").partition("-")
            lines.append(("SP", a.strip()))
            if b.strip():
                lines.append(("EP", b.strip()))
        for kw in re.split(r"\s*[,;]\s*", f.get("keyword", "")) + tags.get(ref.key, []):
            if kw:
                lines.append(("KW", kw))
        if f.get("annote"):
            lines.append(("N1", _html(f["annote"])))
        for note in notes.get(ref.key, []):
            lines.append(("N1", note))
        lines.append(("M2", f"Citation Key: {ref.key}"))
        lines.append(("ID", ref.key))
        lines.append(("ER", ""))
        out.append("\n".join(f"{t}  - {_one_line(v)}".rstrip() if t != "ER" else "ER  - " for t, v in lines))
    return "\n\n".join(out) + "\n"


# every character str.splitlines() ends a line at: a RIS reader would start a new tag there
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def _one_line(value: str) -> str:
    """A value on its one RIS line: a line break in it would let the rest be read as tags of its
    own ("…\nER  - \nTY  - …" a new record); RIS readers join a value's lines with a space, and
    so does refs."""
    return _LINE_BREAKS.sub(" ", value)


def _plain(text: str) -> str:
    return CSL_MARKUP.sub("", text).replace("\n", " ").strip()


def _html(text: str) -> str:
    """Plain text as HTML for an N1 note (Zotero keeps HTML notes raw, so escape & < >)."""
    return "<p>" + html.escape(text.replace("\n", " "), quote=False) + "</p>"


def _parse_name(text: str) -> Name:
    if "," not in text:
        return Name(literal=text.strip())
    family, _, rest = text.partition(",")
    given, _, suffix = rest.partition(",")
    return Name(family=family.strip(), given=given.strip(), suffix=suffix.strip())


def _record_to_reference(tags: list[tuple[str, str, int]], source: str | None, index: int) -> Reference:
    fields: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    notes: list[str] = []
    keywords: list[str] = []
    key = None
    names: dict[str, list[Name]] = {}
    pages = ["", ""]
    date_text = year_text = None
    first_line = tags[0][2] if tags else None
    ris_type = next((value.strip() for tag, value, _ in tags if tag == "TY"), "GEN")
    csl_type = _FROM_RIS.get(ris_type, "document")
    name_tags = {"AU", "A1", "A2", "ED", "A3", "A4", "C2"}
    for tag, value, _ in tags:
        meaning = tag_meaning(tag, csl_type)
        if tag == "TY":
            continue
        elif tag in name_tags and meaning:
            names.setdefault(meaning, []).append(_parse_name(value))
        elif tag in ("TI", "T1"):
            fields.setdefault("title", value)
        elif tag in ("T2", "JO", "JF", "BT"):
            fields.setdefault("container-title", value)
        elif tag == "T3":
            fields["collection-title"] = value
        elif tag in ("PY", "Y1"):
            year_text = value
        elif tag == "DA":
            date_text = value
        elif tag == "Y2":
            bits = [b for b in re.split(r"[/\s-]", value) if b][:3]
            fields["accessed"] = parse_date_lenient("-".join(bits)) if bits and bits[0].isdigit() else \
                Date(literal=value)
        elif tag == "UR":
            fields.setdefault("URL", value)
        elif tag == "DO":
            fields["DOI"] = value
        elif tag == "SN" and meaning:
            fields.setdefault(meaning, value)
        elif tag in ("AB", "N2"):
            fields.setdefault("abstract", value)
        elif tag == "VL":
            fields["volume"] = value
        elif tag == "IS":
            fields["issue"] = value
        elif tag == "SP" and meaning == "number-of-pages":
            fields["number-of-pages"] = value
        elif tag == "SP":
            pages[0] = value
        elif tag == "EP":
            pages[1] = value
        elif tag == "PB":
            fields["publisher"] = value
        elif tag == "CY":
            fields["publisher-place"] = value
        elif tag == "ET":
            fields["edition"] = value
        elif tag == "LA":
            fields["language"] = value
        elif tag == "ST":
            fields["title-short"] = value
        elif tag == "J2":
            fields["container-title-short"] = value
        elif tag == "KW":
            keywords.append(value)
        elif tag == "N1":
            notes.append(value)
        elif tag in ("M1", "M2", "M3") and value.startswith("Citation Key:"):
            key = value.split(":", 1)[1].strip()
        elif tag == "M1" and meaning:
            fields.setdefault(meaning, value)
        elif tag == "ID":
            key = key or value.strip()
        elif tag != "ER":
            extra.append((tag, value))
    for var, ns in names.items():
        fields[var] = tuple(ns)
    if pages[0]:
        fields["page"] = pages[0] + (f"–{pages[1]}" if pages[1] else "")
    if date_text or year_text:
        text = (date_text or year_text or "").strip().rstrip("/")
        bits = [b for b in re.split(r"[/-]", text) if b]
        fields["issued"] = parse_date_lenient("-".join(bits[:3])) if bits and bits[0].isdigit() else \
            Date(literal=text)
    if keywords:
        fields["keyword"] = ", ".join(keywords)
    if notes:
        fields["annote"] = "\n\n".join(re.sub(r"<[^>]+>", "", html.unescape(n)).strip() for n in notes)
    if ris_type not in _FROM_RIS:
        extra.append(("TY", ris_type))
    return Reference(key or _make_key(fields, index), csl_type, fields, None, tuple(extra),
                     location=Location(source, first_line, 1))


def _make_key(fields: dict[str, Any], index: int) -> str:
    return make_key(fields, f"ris{index + 1}")


def parse(text: str, source: str | None = None) -> Parsed:
    """RIS records -> references. A record must end with ``ER``; tags it does not know are kept."""
    findings: list[Finding] = []
    refs: list[Reference] = []
    current: list[tuple[str, str, int]] = []
    last_tag: list[Any] | None = None
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip("\r")
        m = _LINE.match(line)
        if m:
            tag, value = m.group(1), (m.group(2) or "").strip()
            if tag == "TY" and current:
                findings.append(Finding(Severity.ERROR, "ris-syntax",
                                        f"the record that starts at line {current[0][2]} has no ER before the next TY",
                                        Location(source, current[0][2], 1), text.splitlines()[current[0][2] - 1]))
                current = []
            current.append((tag, value, lineno))
            last_tag = None if tag == "ER" else [tag, value, lineno]
            if tag == "ER":
                refs.append(_record_to_reference(current, source, len(refs)))
                current = []
        elif line.strip() and current and last_tag is not None:
            current[-1] = (current[-1][0], current[-1][1] + " " + line.strip(), current[-1][2])
        elif line.strip():
            findings.append(Finding(Severity.ERROR, "ris-syntax", f'"{line[:40]}" is not a RIS line ("XX  - value")',
                                    Location(source, lineno, 1), line))
    if current:
        findings.append(Finding(Severity.ERROR, "ris-syntax",
                                f"the record that starts at line {current[0][2]} has no ER at the end of the file",
                                Location(source, current[0][2], 1), text.splitlines()[current[0][2] - 1]))
    if not refs and not findings:
        findings.append(Finding(Severity.ERROR, "ris-syntax", "no RIS records (TY ... ER) found", Location(source)))
    return Parsed(Library(tuple(refs), source), findings)
