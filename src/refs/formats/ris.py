"""RIS <-> the model. Written for Zotero's RIS importer: web pages as
TY ELEC, the citation key and the note as Extra lines (``M2  - Citation Key: KEY``), the annote
as an N1 note in HTML, tags as KW. Read the RIS that Zotero, JabRef and EndNote write.

One two-way table, ``TABLE``, says what each tag holds for each item type, as Zotero's RIS
translator reads it; reading and writing both go by it, and ``losses`` names what it cannot
carry for a reference (a variable no tag holds for its type, a value its tag cannot hold)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..dates import Date, parse_date
from ..model import Finding, Library, Location, Name, Reference, Severity, has_markup
from .base import Losses, Parsed, extra_losses, make_key, note_html, note_text, require_safe_keys

__all__ = ["parse", "dump", "losses", "tag_for", "tag_meaning", "Note", "TYPES", "TABLE"]

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

# What a tag's values are, each kind read and written by the functions of the same name below:
NAMES = "names"  # one name a line, "Family, Given, Suffix" (a name without a comma is one whole name)
TEXT = "text"  # plain text on one line
DATE = "date"  # PY the year (or the date as written), DA the date as YYYY/MM/DD/
ACCESSED = "accessed"  # Y2: YYYY-MM-DD
PAGES = "pages"  # SP the first page, EP the last
KEYWORDS = "keywords"  # one keyword a line
NOTE = "note"  # N1: a note in HTML, paragraph by paragraph (Zotero makes it a child note)
LINES = "lines"  # M2: one line of Zotero's Extra each (the Citation Key line among them)

_ARTICLES = frozenset({"article-journal", "article-magazine", "article-newspaper", "article"})
_BOOK = frozenset({"book"})

# The one two-way table: (tag, CSL variable, kind, the CSL types the tag has that meaning for;
# None: every other type). Reading takes the first row of a tag that holds the item's type, else
# its default; writing puts a variable under the first tag that reads back as that variable for
# the item's type, in the order of this table. A variable no tag reads back for its type is not
# written: ``losses`` names it.
TABLE: tuple[tuple[str, str, str, frozenset[str] | None], ...] = (
    ("AU", "author", NAMES, None),
    ("A2", "collection-editor", NAMES, _BOOK),  # a book's A2 is its series editor
    ("A2", "editor", NAMES, None),
    ("A3", "editor", NAMES, _BOOK),
    ("A3", "collection-editor", NAMES, None),
    ("A4", "translator", NAMES, None),
    ("C2", "container-author", NAMES, None),  # the author of the book a chapter is in
    ("TI", "title", TEXT, None),
    ("T2", "container-title", TEXT, None),
    ("T3", "collection-title", TEXT, None),
    ("ST", "title-short", TEXT, None),
    ("J2", "container-title-short", TEXT, None),
    ("PY", "issued", DATE, None),  # with DA
    ("Y2", "accessed", ACCESSED, None),
    ("UR", "URL", TEXT, None),
    ("DO", "DOI", TEXT, None),
    ("AB", "abstract", TEXT, None),
    ("VL", "volume", TEXT, None),
    ("IS", "issue", TEXT, None),
    ("NV", "number-of-volumes", TEXT, None),
    ("PB", "publisher", TEXT, None),
    ("CY", "publisher-place", TEXT, None),
    ("ET", "version", TEXT, frozenset({"software"})),  # a program's version
    ("ET", "edition", TEXT, None),
    ("LA", "language", TEXT, None),
    ("M3", "medium", TEXT, frozenset({"graphic", "interview"})),  # an artwork's or interview's medium
    ("M3", "genre", TEXT, None),  # the type of work: thesis, report, web site, letter, map
    ("DB", "archive", TEXT, None),
    ("AN", "archive_location", TEXT, None),
    ("CN", "call-number", TEXT, None),
    ("SN", "ISSN", TEXT, _ARTICLES),
    ("SN", "number", TEXT, frozenset({"report", "patent"})),  # report and patent numbers
    ("SN", "ISBN", TEXT, None),
    ("SP", "number-of-pages", TEXT, frozenset({"book", "thesis", "manuscript"})),
    ("SP", "page", PAGES, None),  # with EP: the first and last page
    ("M1", "number", TEXT, None),
    ("KW", "keyword", KEYWORDS, None),
    ("N1", "annote", NOTE, None),
    ("M2", "note", LINES, None),
)
# tags other programs write for what a tag of the table holds; DA and EP go with PY and SP
_READ_ALSO = {"A1": "AU", "ED": "A2", "T1": "TI", "JO": "T2", "JF": "T2", "BT": "T2", "Y1": "PY", "DA": "PY",
              "N2": "AB", "EP": "SP"}
_KEY_LINE = "Citation Key:"


def tag_meaning(tag: str, csl_type: str) -> str | None:
    """The CSL variable a tag holds in an item of this type."""
    row = _row(tag, csl_type)
    return row[1] if row else None


def _row(tag: str, csl_type: str) -> tuple[str, str, str, frozenset[str] | None] | None:
    tag = _READ_ALSO.get(tag, tag)
    rows = [row for row in TABLE if row[0] == tag]
    return next((row for row in rows if row[3] and csl_type in row[3]),
                next((row for row in rows if row[3] is None), None))


def tag_for(var: str, csl_type: str) -> str | None:
    """The tag that reads back as ``var`` in an item of this type, or None when none does."""
    return next((t for t, v, _, _ in TABLE if v == var and tag_meaning(t, csl_type) == var), None)


def losses(ref: Reference, dialect: str | None = None) -> Losses:
    """What RIS cannot carry for ``ref``, each with the reason: its type when RIS has none that
    reads back as it, a variable no tag holds for its type, a value its tag would change (markup,
    a range of dates), and the .bib's own fields."""
    out: Losses = {}
    ris_type = TYPES.get(ref.type, "GEN")
    if _FROM_RIS.get(ris_type, "document") != ref.type:
        out["type"] = f"RIS writes a {ref.type} as TY {ris_type}, read back as {_FROM_RIS.get(ris_type, 'document')}"
    for var, value in ref.fields.items():
        tag = tag_for(var, ref.type)
        if tag is None:
            held = {t: tag_meaning(t, ref.type) for t, v, _, _ in TABLE if v == var}
            out[var] = ("RIS has no tag for it" if not held else
                        f"in an item of type {ref.type}, " +
                        ", ".join(f"{t} holds the {m}" for t, m in held.items()))
            continue
        kind = next(k for t, v, k, _ in TABLE if t == tag and v == var)
        back = _read_back(kind, _WRITE[kind](tag, value), ref.type)
        if back != value:
            out[var] = _why_changed(kind, value, back)
    out.update(extra_losses(ref, "RIS"))
    return out


def _read_back(kind: str, written: list[tuple[str, str]], csl_type: str) -> Any:
    """What the reader makes of one variable's written tags, on their lines as a record has them."""
    _, by_var, _ = _sort_tags([(t, v, 0) for t, v in _as_read(written)], csl_type)
    return _READ[kind](next(iter(by_var.values()), []))


def _why_changed(kind: str, value: Any, back: Any) -> str:
    """Why a value comes back from RIS as ``back`` (named in a loss)."""
    if isinstance(value, str) and has_markup(value):
        return "RIS is plain text: its markup (italics, case protection) is left out"
    if kind == NAMES:
        return "RIS writes a name as 'Family, Given, Suffix', with no particle apart: " + \
            ", ".join(n.display() for n, m in zip(value, back or (), strict=False) if n != m)
    if kind in (DATE, ACCESSED):
        return f"RIS holds one plain date: {value.to_edtf()} comes back as {back.to_edtf() if back else 'nothing'}"
    if kind == PAGES:
        return f"RIS holds a first and a last page: {value!r} comes back as {back!r}"
    if kind == KEYWORDS:
        return "RIS holds one keyword a line: the list comes back separated by commas"
    if kind == LINES and _KEY_LINE in str(value):
        return f"a line of it that starts '{_KEY_LINE}' is read back as the key"
    if not value:
        return "it is empty"
    return f"RIS holds a value on one line, without spaces at its ends: {value!r} comes back as {back!r}"


class Note(str):
    """A note to write as its own N1 record (HTML, as Zotero reads N1)."""


# -- the kinds of value, written and read --------------------------------------------------------


def _write_text(tag: str, value: Any) -> list[tuple[str, str]]:
    return [(tag, _plain(str(value)))] if value else []


def _read_text(pairs: list[tuple[str, str]]) -> Any:
    return pairs[0][1] if pairs else None


def _write_names(tag: str, names: Any) -> list[tuple[str, str]]:
    return [(tag, _name(n)) for n in names]


def _read_names(pairs: list[tuple[str, str]]) -> Any:
    return tuple(_parse_name(v) for _, v in pairs) or None


def _name(n: Name) -> str:
    if n.literal:
        return n.literal
    family = " ".join(p for p in (n.dropping_particle, n.non_dropping_particle, n.family) if p)
    out = f"{family}, {n.given}" if n.given else f"{family},"  # "Family,": a person, not an organisation
    return f"{out}, {n.suffix}" if n.suffix else out


def _parse_name(text: str) -> Name:
    if "," not in text:
        return Name(literal=text.strip())
    family, _, rest = text.partition(",")
    given, _, suffix = rest.partition(",")
    return Name(family=family.strip(), given=given.strip(), suffix=suffix.strip())


def _write_date(tag: str, d: Any) -> list[tuple[str, str]]:
    """PY the year and DA the date (YYYY/MM/DD/, as Zotero writes it); a date refs cannot read
    is written as it is in PY."""
    if not isinstance(d, Date) or (d.literal is None and not d.start):
        return []
    if d.literal is not None:
        return [(tag, d.literal)] if d.literal else []
    parts = list(d.start) + [None, None]
    da = f"{d.start[0]:04d}/" + (f"{parts[1]:02d}" if parts[1] else "") + "/" + \
        (f"{parts[2]:02d}" if parts[2] else "") + "/"
    return [(tag, str(d.start[0])), ("DA", da)]


def _read_date(pairs: list[tuple[str, str]]) -> Any:
    """The date DA gives, else PY's; text that is no date is kept as written (a literal)."""
    if not pairs:
        return None
    text = next((v for t, v in pairs if t == "DA"), pairs[0][1]).strip()
    return _date_of(text.rstrip("/"), text)


def _date_of(text: str, written: str) -> Date:
    bits = [b for b in re.split(r"[/\s-]", text) if b][:3]
    if bits and all(b.isdigit() for b in bits):
        try:
            return parse_date("-".join([bits[0].zfill(4), *(b.zfill(2) for b in bits[1:])]))
        except ValueError:
            pass
    return Date(literal=written)


def _write_accessed(tag: str, d: Any) -> list[tuple[str, str]]:
    return [(tag, d.to_edtf())] if isinstance(d, Date) and d.start else []


def _read_accessed(pairs: list[tuple[str, str]]) -> Any:
    return _date_of(pairs[0][1], pairs[0][1]) if pairs else None


def _write_pages(tag: str, page: Any) -> list[tuple[str, str]]:
    first, _, last = str(page).replace("–", "-").partition("-")
    return [(tag, first.strip())] + ([("EP", last.strip())] if last.strip() else [])


def _read_pages(pairs: list[tuple[str, str]]) -> Any:
    first = next((v for t, v in pairs if t != "EP"), "")
    last = next((v for t, v in pairs if t == "EP"), "")
    return (first + (f"–{last}" if last else "")) if first else None


def _write_keywords(tag: str, value: Any) -> list[tuple[str, str]]:
    return [(tag, kw) for kw in re.split(r"\s*[,;]\s*", str(value)) if kw]


def _read_keywords(pairs: list[tuple[str, str]]) -> Any:
    return ", ".join(v for _, v in pairs) or None


def _write_note(tag: str, value: Any) -> list[tuple[str, str]]:
    return [(tag, note_html(str(value)))] if value else []


def _read_note(pairs: list[tuple[str, str]]) -> Any:
    return "\n\n".join(t for t in (note_text(v) for _, v in pairs) if t) or None


def _write_lines(tag: str, value: Any) -> list[tuple[str, str]]:
    return [(tag, line) for line in str(value).split("\n")] if value else []


def _read_lines(pairs: list[tuple[str, str]]) -> Any:
    return "\n".join(v for _, v in pairs) or None


_WRITE: dict[str, Callable[[str, Any], list[tuple[str, str]]]] = {
    NAMES: _write_names, TEXT: _write_text, DATE: _write_date, ACCESSED: _write_accessed, PAGES: _write_pages,
    KEYWORDS: _write_keywords, NOTE: _write_note, LINES: _write_lines}
_READ: dict[str, Callable[[list[tuple[str, str]]], Any]] = {
    NAMES: _read_names, TEXT: _read_text, DATE: _read_date, ACCESSED: _read_accessed, PAGES: _read_pages,
    KEYWORDS: _read_keywords, NOTE: _read_note, LINES: _read_lines}


# -- writing ----------------------------------------------------------------------------------------


def dump(library: Library, notes: dict[str, list[str]] | None = None, tags: dict[str, list[str]] | None = None) -> str:
    """RIS records; ``notes`` and ``tags`` add per-key child notes (HTML) and keywords."""
    require_safe_keys(library, "RIS")
    notes = notes or {}
    tags = tags or {}
    out = [_record(ref, notes.get(ref.key, []), tags.get(ref.key, [])) for ref in library]
    return "\n\n".join(out) + "\n"


def _record(ref: Reference, notes: list[str], tags: list[str]) -> str:
    """One record: its type, each variable under the tag the table gives it for the type (in the
    table's order; JO beside T2 for an article), then the caller's keywords and notes, the key."""
    lines: list[tuple[str, str]] = [("TY", TYPES.get(ref.type, "GEN"))]
    for tag, var, kind, _ in TABLE:
        value = ref.fields.get(var)
        if value and tag_for(var, ref.type) == tag:
            if tag == "T2" and ref.type.startswith("article"):
                lines.append(("JO", _plain(str(value))))  # the journal, as EndNote and rispy read it
            lines.extend(_WRITE[kind](tag, value))
    lines += [("KW", kw) for kw in tags]
    lines += [("N1", note) for note in notes]
    key_at = next((i for i, (t, _) in enumerate(lines) if t == "M2"), len(lines))
    lines.insert(key_at, ("M2", f"{_KEY_LINE} {ref.key}"))  # Extra's first line, before the note's
    lines += [("ID", ref.key), ("ER", "")]
    return "\n".join(f"{t}  - {_one_line(v)}".rstrip() if t != "ER" else "ER  - " for t, v in lines)


# every character str.splitlines() ends a line at: a RIS reader would start a new tag there
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def _one_line(value: str) -> str:
    """A value on its one RIS line: a line break in it would let the rest be read as tags of its
    own ("…\nER  - \nTY  - …" a new record); RIS readers join a value's lines with a space, and
    so does refs."""
    return _LINE_BREAKS.sub(" ", value)


def _as_read(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Written tag-value pairs as the reader gets them back from their lines."""
    return [(t, _one_line(v).strip()) for t, v in pairs]


def _plain(text: str) -> str:
    """A text value on one line. Its CSL markup (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
    ``<span class="nocase">``) stays: Zotero reads these tags in a field as its rich text."""
    return text.replace("\n", " ").strip()


# -- reading ----------------------------------------------------------------------------------------


def _record_to_reference(tags: list[tuple[str, str, int]], source: str | None, index: int) -> Reference:
    ris_type = next((value.strip() for tag, value, _ in tags if tag == "TY"), "GEN")
    csl_type = _FROM_RIS.get(ris_type, "document")
    key, by_var, extra = _sort_tags(tags, csl_type)
    fields: dict[str, Any] = {}
    for var, pairs in by_var.items():
        kind = next(k for t, v, k, _ in TABLE if v == var)
        value = _READ[kind](pairs)
        if value is not None:
            fields[var] = value
    if ris_type not in _FROM_RIS:
        extra.append(("TY", ris_type))
    first_line = tags[0][2] if tags else None
    return Reference(key or _make_key(fields, index), csl_type, fields, None, tuple(extra),
                     location=Location(source, first_line, 1))


def _sort_tags(tags: list[tuple[str, str, int]], csl_type: str) \
        -> tuple[str | None, dict[str, list[tuple[str, str]]], list[tuple[str, str]]]:
    """A record's tags by the variable the table gives them for the item's type (in their
    order), its key (an Extra line ``Citation Key: …``, else ID), and the tags no row holds."""
    key = record_id = None
    by_var: dict[str, list[tuple[str, str]]] = {}
    extra: list[tuple[str, str]] = []
    for tag, value, _ in tags:
        if tag in ("TY", "ER"):
            continue
        if tag in ("M1", "M2", "M3") and value.startswith(_KEY_LINE):
            key = key or value.split(":", 1)[1].strip()
            continue
        if tag == "ID":
            record_id = record_id or value.strip()
            continue
        row = _row(tag, csl_type)
        if row is None:
            extra.append((tag, value))
        else:
            by_var.setdefault(row[1], []).append((tag, value))
    return key or record_id, by_var, extra


def _make_key(fields: dict[str, Any], index: int) -> str:
    return make_key(fields, f"ris{index + 1}")


def parse(text: str, source: str | None = None) -> Parsed:
    """RIS records -> references. A record must end with ``ER``; tags it does not know are kept."""
    reader = _Reader(text, source)
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        reader.line(raw.rstrip("\r"), lineno)
    return reader.finish()


class _Reader:
    """RIS read line by line: tag lines gathered into records, a line that goes on a value
    joined to it, what is not RIS said with its line."""

    def __init__(self, text: str, source: str | None):
        self.text, self.source = text, source
        self.findings: list[Finding] = []
        self.refs: list[Reference] = []
        self.current: list[tuple[str, str, int]] = []
        self.open_value = False  # the last line was a tag that a next line may go on

    def line(self, line: str, lineno: int) -> None:
        m = _LINE.match(line)
        if m:
            self.tag(m.group(1), (m.group(2) or "").strip(), lineno)
        elif line.strip() and self.current and self.open_value:
            tag, value, at = self.current[-1]
            self.current[-1] = (tag, value + " " + line.strip(), at)
        elif line.strip():
            self.findings.append(Finding(Severity.ERROR, "ris-syntax",
                                         f'"{line[:40]}" is not a RIS line ("XX  - value")',
                                         Location(self.source, lineno, 1), line))

    def tag(self, tag: str, value: str, lineno: int) -> None:
        if tag == "TY" and self.current:
            self.unended("before the next TY")
            self.current = []
        self.current.append((tag, value, lineno))
        self.open_value = tag != "ER"
        if tag == "ER":
            self.refs.append(_record_to_reference(self.current, self.source, len(self.refs)))
            self.current = []

    def unended(self, where: str) -> None:
        start = self.current[0][2]
        self.findings.append(Finding(Severity.ERROR, "ris-syntax",
                                     f"the record that starts at line {start} has no ER {where}",
                                     Location(self.source, start, 1), self.text.splitlines()[start - 1]))

    def finish(self) -> Parsed:
        if self.current:
            self.unended("at the end of the file")
        if not self.refs and not self.findings:
            self.findings.append(Finding(Severity.ERROR, "ris-syntax", "no RIS records (TY ... ER) found",
                                         Location(self.source)))
        return Parsed(Library(tuple(self.refs), self.source), self.findings)
