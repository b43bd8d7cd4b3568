"""BibTeX and BibLaTeX <-> the model. The only module that imports pybtex.

pybtex's low-level parser reads entries, macros and preambles; the tables in
``bibtex_tables`` say what each field means in CSL. Fields the tables do not know are kept
verbatim in ``Reference.extra`` and written back. Problems are collected as findings with
file:line:col; a broken entry does not stop the entries after it from loading.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.exceptions import PybtexError

from ..dates import Date, month_number, parse_date
from ..io import max_input_bytes
from ..model import (
    DATE_VARIABLES,
    NAME_VARIABLES,
    Finding,
    Library,
    Location,
    Name,
    Reference,
    Severity,
    has_markup,
    plain_text,
)
from . import bibtex_tables as T
from .base import Losses, Parsed, require_safe_keys
from .bibtex_scan import RawEntry, Scan, ScanError, scan
from .latex import decode, encode, normalize_space

__all__ = ["parse", "dump", "export", "losses", "entry_fields", "field_for", "reads_as", "Parsed", "resolve_crossrefs",
           "parse_names", "format_name"]

_LANG_TO_BABEL: dict[str, str] = {}
for _name, _tag in T.LANGUAGES.items():
    _LANG_TO_BABEL.setdefault(_tag, _name)
_MONTH_MACROS = ["", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4, "весна": 1, "лето": 2, "осень": 3,
            "зима": 4, "yaz": 2, "kış": 4, "bahar": 1, "güz": 3, "sonbahar": 3, "payız": 3, "qış": 4,
            "spr": 1, "sum": 2, "aut": 3, "fal": 3, "win": 4,  # month = sum: an undefined macro read as its name
            "frühling": 1, "frühjahr": 1, "sommer": 2, "herbst": 3, "printemps": 1, "été": 2, "automne": 3,
            "hiver": 4}
_MONTH_RANGE = re.compile(r"\s*([^\W\d_]+\.?)\s*[-–—/]+\s*([^\W\d_]+\.?)\s*")


class _Lines:
    """Offsets -> 1-based line and column."""

    def __init__(self, text: str, source: str | None):
        self.text = text
        self.source = source
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def loc(self, pos: int) -> Location:
        i = bisect.bisect_right(self.starts, pos) - 1
        return Location(self.source, i + 1, pos - self.starts[i] + 1)

    def line(self, lineno: int) -> str:
        start = self.starts[lineno - 1]
        end = self.starts[lineno] - 1 if lineno < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def line_start(self, pos: int) -> int:
        return self.starts[bisect.bisect_right(self.starts, pos) - 1]


# ---------------------------------------------------------------------------- reading


def parse(text: str, source: str | None = None) -> Parsed:
    """Parse BibTeX/BibLaTeX text. Never raises for bad input: see ``Parsed.findings``.

    Every value is kept as the file writes it (``Reference.raw``) beside what it means, so that
    a value nobody changed is written back unchanged; macros are used for the meaning and kept
    as written; an undefined macro is a warning, as in BibTeX."""
    lines = _Lines(text, source)
    scanned = scan(text, max_expanded=max_input_bytes())
    findings = [_syntax_finding(error, lines) for error in scanned.errors]
    findings += _undefined_macros(scanned, lines)
    strings = tuple((name, raw) for name, raw, _ in scanned.strings)
    preamble = tuple(raw for raw, _ in scanned.preambles)
    references, repeated = _read_entries(scanned.entries, lines, findings)
    if not scanned.entries and not findings and not strings and not preamble:
        findings.append(Finding(Severity.ERROR, "empty-bibliography",
            "no BibTeX entries found (an entry starts with @type{key, ...})", Location(source)))
    library = Library(tuple(references), source, strings, preamble, tuple(repeated),
                      tuple(scanned.string_starts), tuple(scanned.preamble_starts))
    return Parsed(library, findings)


def _undefined_macros(scanned: Scan, lines: _Lines) -> list[Finding]:
    """A warning for each use of a macro no @string defines, or defines only after the use."""
    findings: list[Finding] = []
    later: dict[str, int] = {}
    for (name, _, _), start in zip(scanned.strings, scanned.string_starts, strict=True):
        later.setdefault(name.lower(), start)
    for pos, macro, key in scanned.undefined:
        where = lines.loc(pos)
        inside = f' (in entry "{key}")' if key else ""
        if macro.lower() in later and later[macro.lower()] > pos:
            why = (f"is defined only later, at line {lines.loc(later[macro.lower()]).line}: BibTeX reads a macro "
                   "used before its @string as empty, refs as its name; it is kept as written (move the @string up)")
        else:
            why = ("is not defined here: BibTeX reads it as empty, refs as its name, and keeps it as written "
                   "(is it defined in another .bib file?)")
        findings.append(Finding(Severity.WARNING, "undefined-macro", f'macro "{macro}"{inside} {why}', where,
                                lines.line(where.line or 1)))
    return findings


def _read_entries(entries: list[RawEntry], lines: _Lines, findings: list[Finding]) -> tuple[list[Reference], list[Reference]]:
    """The entries as references, each with its span and its fields as written; a second entry
    under a key already used is kept apart (``Library.repeated``), one that repeats the first
    word for word is kept once. What is found is added to ``findings``."""
    references: list[Reference] = []
    repeated: list[Reference] = []
    seen: dict[str, tuple[int, tuple[Any, ...]]] = {}
    for entry in entries:
        loc = lines.loc(entry.start)
        fields = [(f.name, f.value) for f in entry.fields]
        identity = (entry.command.lower(), tuple((n.lower(), normalize_space(v)) for n, v in fields))
        folded = entry.key.lower()
        if not entry.key:
            findings.append(Finding(Severity.WARNING, "missing-key",
                "this entry has no key, so no citation can name it; it is kept as written", loc,
                lines.line(loc.line or 1)))
        elif folded in seen:
            repeat = _repeated_entry(entry, fields, identity, seen[folded], loc, lines, findings)
            if repeat is not None:
                repeated.append(repeat)
            continue
        if entry.key:
            seen[folded] = (loc.line or 0, identity)
        field_locs: dict[str, Location] = {}
        for f in entry.fields:
            field_locs.setdefault(f.name.lower(), lines.loc(f.name_pos))
        ref, entry_findings = _to_reference(entry.command, entry.key, fields, loc, field_locs)
        references.append(_as_written(ref, entry))
        findings.extend(entry_findings)
    return references, repeated


def _as_written(ref: Reference, entry: RawEntry) -> Reference:
    """The reference with its entry's span and its fields and type as the file wrote them."""
    return replace(ref, span=(entry.start, entry.end), raw=tuple(f.raw for f in entry.fields), raw_type=entry.command)


def _repeated_entry(entry: RawEntry, fields: list[tuple[str, str]], identity: tuple[Any, ...], first: tuple[int, Any],
                    loc: Location, lines: _Lines, findings: list[Finding]) -> Reference | None:
    """A second entry under a key: said, and kept apart unless it repeats the first word for word."""
    first_line, first_identity = first
    if first_identity == identity:
        findings.append(Finding(Severity.WARNING, "duplicate-entry",
            f'entry "{entry.key}" repeats the entry at line {first_line} word for word; it is kept once',
            loc, lines.line(loc.line or 1)))
        return None
    # BibTeX and biber use the first and say so; the file is not refused for it
    findings.append(Finding(Severity.WARNING, "duplicate-key",
        f'key "{entry.key}" names two different entries, at line {first_line} and line {loc.line}; '
        "refs uses the first, as BibTeX does: rename one of them", loc, lines.line(loc.line or 1)))
    first_locs = {f.name.lower(): lines.loc(f.name_pos) for f in reversed(entry.fields)}
    ref, _ = _to_reference(entry.command, entry.key, fields, loc, first_locs)
    return _as_written(ref, entry)


def _syntax_finding(error: ScanError, lines: _Lines) -> Finding:
    if error.eof:
        loc = lines.loc(error.start)
        what = error.key or lines.line(loc.line or 1).strip()
        message = f'entry "{what}" is not closed: the file ends inside it (a missing "}}" or "\\"")'
    else:
        loc = lines.loc(min(error.pos, len(lines.text)))
        message = error.message
        if re.match(r"[A-Za-z][\w:.+-]*\s*=", lines.text[error.pos : error.pos + 80]):
            message += "; is a comma missing before this field?"
        if error.key:
            message += f' (in entry "{error.key}")'
    return Finding(Severity.ERROR, "bibtex-syntax", message, loc, lines.line(loc.line or 1))


def lang_to_tag(value: str) -> str:
    return T.LANGUAGES.get(value, T.LANGUAGES.get(value.lower(), value))


def tag_to_lang(tag: str) -> str:
    return _LANG_TO_BABEL.get(tag, tag)


def parse_names(raw: str) -> tuple[Name, ...]:
    """A BibTeX name list (``A and {B Corp.} and von C, Jr, D``) -> names."""
    names = []
    raw = " ".join(raw.split())  # "Jan Vitek and⏎ Christian …": BibTeX splits on any white space
    for part in split_name_list(raw):
        s = part.strip()
        if _wholly_braced(s):
            names.append(Name(literal=decode(s[1:-1])))
            continue
        p = Person(s)
        names.append(
            Name(
                family=decode(" ".join(p.last_names)),
                given=decode(" ".join(p.first_names + p.middle_names)),
                non_dropping_particle=decode(" ".join(p.prelast_names)),
                suffix=decode(" ".join(p.lineage_names)),
            )
        )
    return tuple(names)


def _wholly_braced(s: str) -> bool:
    if not (s.startswith("{") and s.endswith("}")):
        return False
    depth = 0
    for i, c in enumerate(s):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and i != len(s) - 1:
                return False
    return depth == 0


def _convert(kind: str, raw: str) -> Any:
    """A raw field value -> its model value; ValueError when it is not what the kind needs."""
    if kind == "title":
        return decode(raw, rich=True)
    if kind == "text":
        return decode(raw)
    if kind == "verbatim":
        return _verbatim(raw)
    if kind == "lang":
        return lang_to_tag(decode(raw))
    if kind == "names":
        try:
            return parse_names(raw)
        except PybtexError as error:
            raise ValueError(str(error)) from None
    if kind == "date":
        return parse_date(decode(raw))
    raise AssertionError(kind)


_HOWPUBLISHED_URL = re.compile(r"[{\"]?\s*(?:(?:\\url|\\texttt|\\path|\\nolinkurl)\s*\{\s*)?"
                               r"((?:https?|ftp)://[^\s{}\"]+?)\s*\}?\s*[}\"]?", re.I)


def _howpublished_url(raw: str) -> str | None:
    r"""The URL a howpublished field holds alone (``{\url{https://…}}``, ``"https://…"``), if it does."""
    m = _HOWPUBLISHED_URL.fullmatch(raw.strip())
    return _verbatim(m.group(1)) if m else None


_URL_ESCAPES = re.compile(r"\{?\\(?:~\{ ?\}|~|textasciitilde\{?\}?|_|%|#|&)\}?")
_URL_CHAR = {"~": "~", "t": "~", "_": "_", "%": "%", "#": "#", "&": "&"}


def _verbatim(raw: str) -> str:
    r"""A URL or DOI as it means: LaTeX escapes some files put in them undone
    (``\~{}``, ``\textasciitilde``, ``\_``, ``\%``), white space collapsed."""
    text = normalize_space(raw)
    if "\\" not in text:
        return text
    return _URL_ESCAPES.sub(lambda m: _URL_CHAR[m.group().lstrip("{\\")[0]], text)


@dataclass
class _Candidate:
    order: int
    name: str
    raw: str
    var: str
    rank: int
    value: Any = None
    parts: list[int] = field(default_factory=list)  # the orders of year/month/day fields


def _to_reference(
    command: str, key: str, fields: list[tuple[str, str]], loc: Location, field_locs: dict[str, Location]
) -> tuple[Reference, list[Finding]]:
    """One entry read into a Reference: its CSL type, each field by the tables (the fields no
    table knows, and the second of two, kept verbatim), and where each value came from."""
    reading = _EntryReading(command, key, fields, loc, field_locs)
    for order, (name, raw) in enumerate(fields):
        reading.field(order, name, raw)
    reading.legacy_date()
    values, source_var = reading.winners()
    reading.fold_subtitles(values)
    for var, implied in _implied(reading.etype, reading.extra_order.values()).items():
        values.setdefault(var, implied)
    source_fields = tuple((fields[o][0], source_var.get(o, "")) for o in range(len(fields)))
    extra = tuple(reading.extra_order[o] for o in sorted(reading.extra_order))
    # order the CSL fields as the source had them
    ordered = {}
    for o in range(len(fields)):
        v = source_var.get(o)
        if v and v not in ordered:
            ordered[v] = values[v]
    for v, value in values.items():
        ordered.setdefault(v, value)
    ref = Reference(key, reading.csl_type, ordered, reading.etype, extra, source_fields, loc, field_locs,
                    read_fields=ordered, read_extra=extra)
    return ref, reading.findings


class _EntryReading:
    """The state of reading one entry: each field a candidate for its CSL variable (where two
    fill one, the higher rank, else the first, wins), the legacy date parts, the subtitles, and
    the fields kept verbatim (by their place in the entry)."""

    def __init__(self, command: str, key: str, fields: list[tuple[str, str]], loc: Location,
                 field_locs: dict[str, Location]):
        self.key, self.fields, self.loc, self.field_locs = key, fields, loc, field_locs
        self.findings: list[Finding] = []
        self.etype = command.lower()
        self.csl_type = self._csl_type(command)
        self.table = {**T.FIELDS, **T.TYPE_FIELDS.get(self.etype, {})}
        self.extra_order: dict[int, tuple[str, str]] = {}
        self.candidates: dict[str, list[_Candidate]] = {}
        self.legacy: dict[str, tuple[int, str, str]] = {}
        self.subtitles: list[tuple[int, str, str]] = []
        self.seen: set[str] = set()

    def _csl_type(self, command: str) -> str:
        """The CSL type of the entry type (and entrysubtype; a @misc with a URL is a web page)."""
        lower = {n.lower(): v for n, v in reversed(self.fields)}
        subtype = normalize_space(lower.get("entrysubtype", "")).lower()
        csl_type = T.SUBTYPES.get((self.etype, subtype)) or T.ENTRY_TYPES.get(self.etype)
        if csl_type is None:
            self.findings.append(Finding(Severity.INFO, "unknown-entry-type",
                f'entry "{self.key}" has type @{command}, which refs does not know; it is read as a document '
                "and written back as it was", self.loc))
            return "document"
        if self.etype == "misc" and (lower.get("url") or _howpublished_url(lower.get("howpublished", ""))):
            return T.MISC_WITH_URL
        return csl_type

    def warn(self, code: str, name: str, message: str) -> None:
        self.findings.append(Finding(Severity.WARNING, code, message, self.field_locs.get(name.lower(), self.loc)))

    def field(self, order: int, name: str, raw: str) -> None:
        """One field: a candidate for its variable, a legacy date part, a subtitle, or kept verbatim."""
        lname = name.lower()
        if lname in self.seen:
            self.warn("duplicate-field", name, f'entry "{self.key}" has a second "{name}" field; both are kept, '
                      "the first is used")
            self.extra_order[order] = (name, raw)
            return
        self.seen.add(lname)
        spec = self.table.get(lname)
        if lname in T.SUBTITLES or spec is None:
            if lname in T.SUBTITLES:
                self.subtitles.append((order, name, raw))
            self.extra_order[order] = (name, raw)
            return
        var, kind = spec
        if lname == "howpublished" and (link := _howpublished_url(raw)):
            # howpublished = {\url{https://…}}: where the work is, as Zotero reads it (a url
            # field, where there is one, wins)
            self.candidates.setdefault("URL", []).append(_Candidate(order, name, raw, "URL", -1, link))
            return
        if kind in ("year", "month", "day"):
            self.legacy[kind] = (order, name, raw)
            return
        try:
            value = _convert(kind, raw)
        except ValueError as error:
            code = "invalid-date" if kind == "date" else "unreadable-field"
            self.warn(code, name, f'entry "{self.key}", field "{name}": {error}; the value is kept as written')
            self.extra_order[order] = (name, raw)
            return
        if value in ("", ()):
            self.extra_order[order] = (name, raw)
            return
        self.candidates.setdefault(var, []).append(_Candidate(order, name, raw, var, T.RANK.get(lname, 0), value))

    def legacy_date(self) -> None:
        """year, month and day as one candidate date; a month or day without a year kept verbatim."""
        if "year" in self.legacy:
            cand = _legacy_date(self.legacy, self.key, self.warn, self.extra_order)
            if cand is not None:
                self.candidates.setdefault("issued", []).append(cand)
            return
        for kind in ("month", "day"):
            if kind in self.legacy:
                order, name, raw = self.legacy[kind]
                self.extra_order[order] = (name, raw)

    def winners(self) -> tuple[dict[str, Any], dict[int, str]]:
        """Each variable's value from its winning field, and the variable each field's place
        filled; the losing fields are kept verbatim."""
        values: dict[str, Any] = {}
        source_var: dict[int, str] = {}
        for var, cands in self.candidates.items():
            winner = max(cands, key=lambda c: (c.rank, -c.order))
            values[var] = winner.value
            for c in cands:
                for o in [c.order, *c.parts]:
                    if c is winner:
                        source_var[o] = var
                    else:
                        self.extra_order[o] = (self.fields[o][0], self.fields[o][1])
        return values, source_var

    def fold_subtitles(self, values: dict[str, Any]) -> None:
        """Each subtitle folded into its title with ": " (CSL has no subtitle variable)."""
        for _order, name, raw in self.subtitles:
            target = T.SUBTITLES[name.lower()]
            if target in values and isinstance(values[target], str):
                values[target] = f"{values[target]}: {decode(raw, rich=True)}"


def _implied(etype: str, extra: Iterable[tuple[str, str]]) -> dict[str, str]:
    """CSL values an entry's type and verbatim fields imply (a thesis type's genre; the
    URL and identifiers of an ``eprint``), filled in unless the entry gives them itself."""
    implied = dict(T.IMPLIED.get(etype, {}))
    fields = {n.lower(): normalize_space(v) for n, v in extra}
    eprint = fields.get("eprint")
    kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "").lower()
    if eprint and kind in T.EPRINTS:
        for var, pattern in T.EPRINTS[kind].items():
            implied.setdefault(var, pattern.format(id=eprint))
    return implied


_DAY = r"(\d{1,2})(?:st|nd|rd|th|\.)?"  # 3, 3rd, 22. (22. November)
_MONTH_WORD = r"([^\W\d_]{3,}\.?)"
_DAY_FORMS = [  # what conference bibliographies put in month: a day, days, days across two months
    re.compile(rf"{_DAY}\s*[-–—]+\s*{_DAY}\s*{_MONTH_WORD}"),  # 3--7 March, "4--6" # oct
    re.compile(rf"{_MONTH_WORD}\s+{_DAY}\s*[-–—]+\s*{_DAY}"),  # March 3--7
    re.compile(rf"{_DAY}\s+{_MONTH_WORD}\s*[-–—]+\s*{_DAY}\s+{_MONTH_WORD}"),  # 27 February- 3 March
    re.compile(rf"{_MONTH_WORD}\s+{_DAY}\s*[-–—]+\s*{_MONTH_WORD}\s+{_DAY}"),  # February 27 - March 3
    re.compile(rf"{_DAY}\s*{_MONTH_WORD}"),  # 24 September, "19" # sep
    re.compile(rf"{_MONTH_WORD}\s+{_DAY}"),  # September 24
]


def _days_in_month(text: str, year: int) -> Date | None:
    """A month field that gives days too, as a date (or a range) in ``year``; the year itself
    may close it ("3 November 2003", "November 3, 2003")."""
    t = re.sub(rf",?\s+{year}$", "", text.strip().rstrip(",.")) if text.strip().endswith(str(year)) else text
    t = t.strip().rstrip(",.")
    for i, form in enumerate(_DAY_FORMS):
        m = form.fullmatch(t)
        if not m:
            continue
        g = m.groups()
        try:
            if i == 0:
                mon = month_number(g[2])
                start, end = (year, mon, int(g[0])), (year, mon, int(g[1]))
            elif i == 1:
                mon = month_number(g[0])
                start, end = (year, mon, int(g[1])), (year, mon, int(g[2]))
            elif i == 2:
                start, end = (year, month_number(g[1]), int(g[0])), (year, month_number(g[3]), int(g[2]))
            elif i == 3:
                start, end = (year, month_number(g[0]), int(g[1])), (year, month_number(g[2]), int(g[3]))
            elif i == 4:
                start, end = (year, month_number(g[1]), int(g[0])), None
            else:
                start, end = (year, month_number(g[0]), int(g[1])), None
            if None in start or (end is not None and None in end):
                return None
            text_form = "-".join(f"{p:02d}" if k else f"{p:04d}" for k, p in enumerate(start))
            if end is not None:
                text_form += "/" + "-".join(f"{p:02d}" if k else f"{p:04d}" for k, p in enumerate(end))
            return parse_date(text_form)  # checks the days exist
        except ValueError:
            return None
    return None


def _legacy_date(legacy, key, warn, extra_order) -> _Candidate | None:
    order, name, raw = legacy["year"]
    year_text = decode(raw)
    if not re.fullmatch(r"-?\d{1,4}", year_text):
        date = Date(literal=year_text)
        cand = _Candidate(order, name, raw, "issued", 0, date)
        for kind in ("month", "day"):
            if kind in legacy:
                o, n, r = legacy[kind]
                extra_order[o] = (n, r)
        return cand
    parts = [int(year_text)]
    used = []
    if "month" in legacy:
        o, n, r = legacy["month"]
        month = month_number(decode(r))
        season = _SEASONS.get(decode(r).strip().lower().rstrip("."))
        if season:  # month = "Autumn": a quarterly's issue
            return _Candidate(order, name, raw, "issued", 0, Date(start=(int(year_text),), season=season), [o])
        if not decode(r).strip() or set(decode(r).strip()) == {"?"}:
            # month = "" or "????": nothing to read, nothing to say (a placeholder is not a fault)
            extra_order[o] = (n, r)
            return _Candidate(order, name, raw, "issued", 0, Date(start=(int(year_text),)), [])
        days = _days_in_month(decode(r), int(year_text))
        if month is None and days is not None:  # month = {24 September}, {3--7 March}
            return _Candidate(order, name, raw, "issued", 0, days, [o])
        span = _MONTH_RANGE.fullmatch(decode(r))
        if month is None and span and month_number(span.group(1)) and month_number(span.group(2)):
            # month = oct # "-" # nov: a range of months in the year
            first, last = month_number(span.group(1)), month_number(span.group(2))
            if first and last and first != last:
                # dec # "/" # jan: a double issue that runs into the next year
                end_year = int(year_text) + (1 if last < first else 0)
                return _Candidate(order, name, raw, "issued", 0,
                                  Date(start=(int(year_text), first), end=(end_year, last)), [o])
        if month is None:
            warn("unreadable-field", n, f'entry "{key}", field "{n}": "{r}" is not a month; kept as written')
            extra_order[o] = (n, r)
        else:
            parts.append(month)
            used.append(o)
            if "day" in legacy:
                o, n, r = legacy["day"]
                day_text = decode(r)
                try:
                    d = parse_date(f"{parts[0]:04d}-{month:02d}-{int(day_text):02d}")
                    parts.append(d.start[2])
                    used.append(o)
                except ValueError as error:
                    warn("invalid-date", n, f'entry "{key}", field "{n}": {error}; kept as written')
                    extra_order[o] = (n, r)
    elif "day" in legacy:
        o, n, r = legacy["day"]
        extra_order[o] = (n, r)
    return _Candidate(order, name, raw, "issued", 0, Date(start=tuple(parts)), used)


def resolve_crossrefs(library: Library) -> Library:
    """Fill each entry's missing fields from the entry its ``crossref`` names (see
    ``Library.with_crossrefs``)."""
    return library.with_crossrefs()


# ---------------------------------------------------------------------------- writing


def format_name(name: Name) -> str:
    """A name as BibTeX writes it: ``von Last, Jr, First`` or ``{Corporate Name}``."""
    if name.literal:
        return "{" + encode(name.literal) + "}"

    def protect(text: str, whole: bool = False) -> str:
        t = encode(text)
        risky = "," in t or re.search(r"(?i)(^|\s)and(\s|$)", t) or t.startswith("-") or t.endswith("-")
        if whole and (re.search(r"\s|~|-", t) or (t[:1].islower() if t else False)):
            risky = True
        return "{" + t + "}" if risky and t else t

    if name == Name(family="others"):
        return "others"
    family = protect(name.family, whole=True)
    von = " ".join(p for p in (name.dropping_particle, name.non_dropping_particle) if p)
    head = f"{encode(von)} {family}" if von else family
    if not name.given and not name.suffix:
        if not von and family.startswith("{"):
            return family + ","  # "{Family Name}," : a person's family name, not an organisation
        return head if von or family else "{}"
    if name.suffix:
        return f"{head}, {protect(name.suffix)}, {protect(name.given)}"
    return f"{head}, {protect(name.given)}"


def _value(var: str, value: Any, kind: str) -> str:
    if var in NAME_VARIABLES:
        return "{" + " and ".join(format_name(n) for n in value) + "}"
    if var in DATE_VARIABLES:
        return "{" + value.to_edtf() + "}"
    if kind == "lang":
        return "{" + tag_to_lang(value) + "}"
    if kind == "verbatim":
        if _balanced(value) and _verbatim(value) == normalize_space(value):
            return "{" + value + "}"
        return "{" + _url_safe(value) + "}"
    if var == "page":  # a range as BibTeX writes it, 12--30 (read back as 12–30)
        return "{" + encode(value).replace("–", "--") + "}"
    return "{" + encode(value, rich=(kind == "title")) + "}"


def _url_safe(value: str) -> str:
    """A URL, DOI or other verbatim value that would not read back as itself: its braces do not
    balance, or a backslash would be read as a LaTeX escape ("\\%", "\\_"). Percent-encoded,
    these characters name the same address."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _kind_of(name: str, etype: str) -> str:
    spec = {**T.FIELDS, **T.TYPE_FIELDS.get(etype, {})}.get(name.lower())
    return spec[1] if spec else "text"


def _legacy_fields(date: Date, names: dict[str, str]) -> list[tuple[str, str]]:
    if date.literal is not None or date.is_range or date.circa or date.uncertain or not date.start:
        return [(names.get("year", "date"), "{" + date.to_edtf() + "}")] if "year" not in names else [
            (names["year"], "{" + encode(date.to_edtf()) + "}")
        ]
    out = [(names.get("year", "year"), str(date.start[0]) if date.start[0] >= 0 else "{" + str(date.start[0]) + "}")]
    if len(date.start) > 1:
        out.append((names.get("month", "month"), _MONTH_MACROS[date.start[1]]))
    if len(date.start) > 2:
        out.append((names.get("day", "day"), "{" + str(date.start[2]) + "}"))
    return out


def reads_as(name: str, etype: str) -> str | None:
    """The CSL variable a field of this name fills in an entry of this type (the table the reader uses)."""
    spec = {**T.FIELDS, **T.TYPE_FIELDS.get(etype, {})}.get(name.lower())
    return spec[0] if spec and spec[1] not in ("year", "month", "day") else None


def field_for(var: str, etype: str, prefer: str | None = None) -> str | None:
    """The field a writer puts ``var`` in for an entry of this type: ``prefer`` when given, then
    the table's default (a container's field by entry type), then any field the table reads as
    the variable; the first that the reader reads back as ``var`` (None: none does)."""
    table = {**T.FIELDS, **T.TYPE_FIELDS.get(etype, {})}
    container = T.CONTAINER_FIELD.get(etype) if var == "container-title" else None
    candidates = [prefer, container, T.DEFAULT_FIELD.get(var), *(name for name, (v, _) in table.items() if v == var)]
    return next((name for name in candidates if name and reads_as(name, etype) == var), None)


def _without_subtitles(var: str, value: Any, subtitles: dict[str, str]) -> Any:
    """A title without the subtitles folded into it that are written as fields of their own
    (``subtitle``, ``journalsubtitle``, ``booksubtitle``), so that reading does not add them twice."""
    for sub, target in T.SUBTITLES.items():
        if target == var and sub in subtitles and isinstance(value, str):
            suffix = ": " + decode(subtitles[sub], rich=True)
            if value.endswith(suffix):
                value = value[: -len(suffix)]
    return value


class _ExtraTexts:
    """The text each of an entry's verbatim fields (``Reference.extra``) was written with, taken
    in order: as the file wrote it when the entry was read from one, else braced."""

    def __init__(self, ref: Reference):
        self.as_written: dict[tuple[str, str], list[str]] = {}
        raw = ref.raw if len(ref.raw) == len(ref.source_fields) else ()
        if raw:
            extra_raw = [r for (_, v), r in zip(ref.source_fields, raw, strict=True) if not v]
            for pair, text in zip(list(ref.read_extra or ()), extra_raw, strict=False):
                self.as_written.setdefault(pair, []).append(text)

    def text(self, name: str, value: str) -> str:
        texts = self.as_written.get((name, value))
        return texts.pop(0) if texts else "{" + value + "}"


class _EntryWriter:
    """The fields of an entry for ``dump``: in the source's order and names, each as the file
    wrote it unless what it means has changed since it was read; new fields after, in the order
    people read an entry; the verbatim fields in their places."""

    def __init__(self, ref: Reference):
        self.ref = ref
        self.etype = ref.entry_type or T.CSL_TO_ENTRY.get(ref.type, "misc")
        self.fields = self._without_implied()
        self.subtitles = {n.lower(): raw for n, raw in ref.extra if n.lower() in T.SUBTITLES}
        self.out: list[tuple[str, str]] = []
        self.written: set[str] = set()
        self.extra = list(ref.extra)
        self.texts = _ExtraTexts(ref)
        self.read = ref.read_fields or {}
        self.raw = ref.raw if len(ref.raw) == len(ref.source_fields) else ()

    def _without_implied(self) -> dict[str, Any]:
        """The fields, less the values the entry type and verbatim fields imply that the source
        did not spell out (a thesis type's genre, an eprint's URL)."""
        fields = dict(self.ref.fields)
        source_vars = {v for _, v in self.ref.source_fields if v}
        for var, value in _implied(self.etype, self.ref.extra).items():
            if var not in source_vars and fields.get(var) == value:
                del fields[var]
        return fields

    def entry(self) -> list[tuple[str, str]]:
        self.source_order()
        self.new_fields()
        for n, value in self.extra:
            self.out.append((n, self.texts.text(n, value)))
        if self.ref.entry_type is None and self.ref.type in T.CSL_TO_SUBTYPE and \
                "entrysubtype" not in {n.lower() for n, _ in self.out}:
            self.out.append(("entrysubtype", "{" + T.CSL_TO_SUBTYPE[self.ref.type] + "}"))
        return self.out

    def source_order(self) -> None:
        for i, (name, var) in enumerate(self.ref.source_fields):
            if var:
                if self.raw and self.unchanged(var):
                    self.out.append((name, self.raw[i]))  # as written, in its place (month and day stay where they were)
                    self.written.add(var)
                elif var in self.fields and var not in self.written:
                    self.emit(var, name)
                continue
            for j, (n, value) in enumerate(self.extra):
                if n == name:
                    self.out.append((n, self.texts.text(n, value)))
                    del self.extra[j]
                    break

    def new_fields(self) -> None:
        """The fields the entry was not read with: in the order people read an entry (author before doi)."""
        new: list[tuple[str, str]] = []
        for var in self.fields:
            if var not in self.written:
                default = field_for(var, self.etype) or T.DEFAULT_FIELD.get(var)
                new.append((default or var.lower().replace("-", ""), var))
        for name, var in sorted(new, key=lambda nv: T.FIELD_RANK.get(nv[0].lower(), len(T.FIELD_RANK))):
            self.emit(var, name)

    def unchanged(self, var: str) -> bool:
        return var in self.read and var in self.fields and self.fields[var] == self.read[var]

    def emit(self, var: str, name: str) -> None:
        value = self.fields[var]
        if var == "issued" and name.lower() in ("year", "month", "day"):
            names = {n.lower(): n for n, v in self.ref.source_fields if v == "issued"}
            self.out.extend(_legacy_fields(value, names))
        else:
            value = _without_subtitles(var, value, self.subtitles)
            self.out.append((name, _value(var, value, _kind_of(name, self.etype))))
        self.written.add(var)


def _entry_fields(ref: Reference) -> list[tuple[str, str]]:
    """The entry's fields in the source's order and names (``_EntryWriter``)."""
    return _EntryWriter(ref).entry()


def entry_fields(ref: Reference) -> list[tuple[str, str]]:
    """(field name, braced value) pairs an entry for ``ref`` would hold."""
    return _entry_fields(ref)


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


_VERBATIM_NAMES = {name for name, (_, kind) in T.FIELDS.items() if kind == "verbatim"} | {"file", "pdf", "eprint"}


def _safe_value(name: str, value: str) -> str:
    """A braced value BibTeX reads as one value. BibTeX counts every brace (a backslash escapes
    none), so a value whose braces do not balance ("10.1000/x}y", a URL from another format
    ending "}\n@misc{…") would close the field early and the rest would be read as more fields
    or a new entry. Such a value's braces are written as ``%7B``/``%7D`` in a URL, DOI or other
    verbatim field (the same address), and as ``\textbraceleft{}``/``\textbraceright{}`` in text."""
    if not (value.startswith("{") and value.endswith("}")):
        return value
    inner = value[1:-1]
    if _balanced(inner):
        return value  # what a file wrote is always balanced: never changed here
    if name.lower() in _VERBATIM_NAMES:
        return "{" + _url_safe(inner) + "}"
    marks = {"{": "\ue000", "}": "\ue001"}
    inner = "".join(marks.get(c, c) for c in inner)
    return "{" + inner.replace("\ue000", "\\textbraceleft{}").replace("\ue001", "\\textbraceright{}") + "}"


def dump(library: Library | Iterable[Reference]) -> str:
    """Write BibLaTeX: UTF-8, one field per line, fields in the source's order and names, each
    value as the file wrote it unless it has changed."""
    refs = library.references if isinstance(library, Library) else tuple(library)
    # a key read from a .bib is one BibTeX read, and is written back as it was (in parentheses
    # when it holds "}"); a key from anywhere else must be one every format can hold
    require_safe_keys([r for r in refs if r.span is None], "BibTeX")
    chunks: list[str] = []
    # @string and @preamble where the file had them among the entries (or first, when unknown)
    pending: list[tuple[int, str]] = []
    if isinstance(library, Library):
        known = len(library.string_starts) == len(library.strings) and all(r.span for r in refs)
        for n, (name, raw) in enumerate(library.strings):
            pending.append((library.string_starts[n] if known else -1, f"@string{{{name} = {raw}}}\n"))
        known_p = len(library.preamble_starts) == len(library.preamble) and all(r.span for r in refs)
        for n, raw in enumerate(library.preamble):
            pending.append((library.preamble_starts[n] if known_p else -1, f"@preamble{{{raw}}}\n"))
        pending.sort(key=lambda p: p[0])
    waiting = iter(pending)
    held = next(waiting, None)
    for ref in refs:
        while held is not None and (ref.span is None or held[0] < ref.span[0]):
            chunks.append(held[1])
            held = next(waiting, None)
        etype = ref.entry_type or T.CSL_TO_ENTRY.get(ref.type, "misc")
        if ref.raw_type and ref.raw_type.lower() == etype:
            etype = ref.raw_type  # as the file spells it
        fields = [(n, _safe_value(n, v)) for n, v in _entry_fields(ref)]
        width = max((len(n) for n, _ in fields), default=0)
        body = ",\n".join(f"  {n.ljust(width)} = {v}" for n, v in fields)
        if "}" in ref.key:  # legal only in the parenthesised form, which needs the comma
            chunks.append(f"@{etype}({ref.key},\n{body}\n)\n" if fields else f"@{etype}({ref.key},\n)\n")
        else:
            chunks.append(f"@{etype}{{{ref.key},\n{body}\n}}\n" if fields else f"@{etype}{{{ref.key},\n}}\n")
    while held is not None:
        chunks.append(held[1])
        held = next(waiting, None)
    return "\n".join(chunks)


# ---------------------------------------------------------------------------- export for Zotero


def export(
    library: Library,
    dialect: str = "biblatex",
    utf8: bool = True,
    notes: dict[str, list[str]] | None = None,
    tags: dict[str, list[str]] | None = None,
) -> str:
    """BibTeX or BibLaTeX written for Zotero's BibTeX importer, by the tables
    the reader uses (``bibtex_tables``: EXPORT_FIELD, EXPORT_CONTAINER, BIBTEX_NAMES): a web
    page's site as ``journal``/``journaltitle`` (its publisher or organization would be dropped),
    ``language`` as a BCP 47 tag, the .bib's own fields as written and, since the importer keeps
    no other route, the citation key and each claim as ``comment`` and ``annote`` fields, which
    become child notes. ``utf8=False`` spells accented letters as LaTeX commands."""
    require_safe_keys(library, "BibTeX")
    notes = notes or {}
    tags = tags or {}
    chunks = []
    for ref in resolve_crossrefs(library):
        plan = _ExportPlan(ref, dialect)
        fields = plan.fields(utf8, notes.get(ref.key, []), tags.get(ref.key, []))
        fields = [(n, _safe_value(n, v)) for n, v in fields]
        width = max(len(n) for n, _ in fields)
        body = ",\n".join(f"  {n.ljust(width)} = {v}" for n, v in fields)
        chunks.append(f"@{plan.etype}{{{ref.key},\n{body}\n}}\n")
    return "\n".join(chunks)


def _export_type(ref: Reference) -> str:
    """The entry type an export writes: the entry's own (a web page read from @misc as @online,
    which Zotero reads as a web page), else the table's for its CSL type."""
    etype = ref.entry_type or T.CSL_TO_ENTRY.get(ref.type, "misc")
    if etype in ("misc", "www", "electronic") and ref.type == "webpage":
        etype = "online"
    return etype


class _ExportPlan:
    """Where an export puts each variable and verbatim field of an entry, and what it cannot
    write: one plan for ``export`` and ``losses``, so that what is said lost is what is not written."""

    def __init__(self, ref: Reference, dialect: str):
        self.ref, self.dialect = ref, dialect
        self.etype = _export_type(ref)
        self.names: dict[str, str] = {}  # variable -> field name
        self.lost: dict[str, str] = {}  # variable -> why it is not written
        for var in ref.fields:
            name = self._name_for(var)
            if name:
                self.names[var] = name
            else:
                self.lost[var] = f"no BibTeX field reads back as it in a @{self.etype}"
        self.taken = {n.lower() for n in self.names.values()} | set(T.EXPORT_ADDS[dialect])
        if ref.entry_type is None and ref.type in T.CSL_TO_SUBTYPE:
            self.taken.add("entrysubtype")
        if self.legacy_date():
            self.taken |= {"year", "month", "day"}

    def _name_for(self, var: str) -> str | None:
        prefer = T.EXPORT_FIELD[self.dialect].get(var)
        if var == "container-title":
            prefer = T.EXPORT_CONTAINER.get(self.ref.type, "booktitle")
        name = field_for(var, self.etype, prefer)
        if name and self.dialect == "bibtex" and reads_as(T.BIBTEX_NAMES.get(name, name), self.etype) == var:
            name = T.BIBTEX_NAMES.get(name, name)
        return name

    def legacy_date(self) -> bool:
        """BibTeX's year, month and day, for a plain date in the BibTeX dialect (else ``date``)."""
        d = self.ref.fields.get("issued")
        return self.dialect == "bibtex" and isinstance(d, Date) and bool(d.start) and d.literal is None and \
            not (d.is_range or d.circa or d.uncertain or d.season or d.time)

    def extra_kept(self) -> list[tuple[str, str]]:
        """The verbatim fields written: all but those whose name the export writes itself."""
        return [(n, v) for n, v in self.ref.extra if n.lower() not in self.taken]

    def fields(self, utf8: bool, notes: list[str], tags: list[str]) -> list[tuple[str, str]]:
        f = self.ref.fields
        subtitles = {n.lower(): raw for n, raw in self.extra_kept() if n.lower() in T.SUBTITLES}
        out: list[tuple[str, str]] = []
        for var, name in self.names.items():
            if var == "issued" and self.legacy_date():
                out.extend(_legacy_fields(f[var], {}))
            elif var == "keyword":
                continue  # with the caller's tags, below
            elif var == "annote":
                continue  # with the claims, below
            else:
                value = _without_subtitles(var, f[var], subtitles)
                out.append((name, _export_value(var, value, name, _kind_of(name, self.etype), utf8)))
        out.sort(key=lambda nv: T.FIELD_RANK.get(nv[0].lower(), len(T.FIELD_RANK)))
        out += self.for_zotero(utf8, notes, tags)
        texts = _ExtraTexts(self.ref) if self.ref.entry_type is not None else None
        for n, value in self.extra_kept():  # a .bib's own fields as written; another format's, encoded
            out.append((n, texts.text(n, value) if texts else "{" + _latex(value, utf8) + "}"))
        if self.ref.entry_type is None and self.ref.type in T.CSL_TO_SUBTYPE:
            out.append(("entrysubtype", "{" + T.CSL_TO_SUBTYPE[self.ref.type] + "}"))
        return out

    def for_zotero(self, utf8: bool, notes: list[str], tags: list[str]) -> list[tuple[str, str]]:
        """The language as a BCP 47 tag (biblatex: beside langid), the keywords with the caller's
        tags, the annote with the claims, and the citation key as a comment. Zotero makes a child
        note of each of note, annote and comment, and a field may stand once in an entry: the key
        is one note (comment), the claims another (annote, one paragraph each), the entry's own
        annote kept before them when it has one."""
        f = self.ref.fields
        out: list[tuple[str, str]] = []
        if f.get("language") and "language" in T.EXPORT_ADDS[self.dialect]:
            out.append(("language", "{" + f["language"] + "}"))
        keywords = [k for k in re.split(r"\s*[,;]\s*", f.get("keyword", "")) if k] + tags
        if keywords and "keyword" in self.names:
            out.append((self.names["keyword"], "{" + _latex(", ".join(dict.fromkeys(keywords)), utf8) + "}"))
        annote = "\n\n".join([*([f["annote"]] if f.get("annote") else []), *notes])
        if annote:
            out.append((self.names.get("annote", "annote"), "{" + _latex(annote, utf8) + "}"))
        out.append(("comment", "{" + _latex(f"Citation Key: {self.ref.key}", utf8) + "}"))
        return out


def _latex(text: str, utf8: bool) -> str:
    return encode(text) if utf8 else _ascii(encode(text))


def _export_value(var: str, value: Any, name: str, kind: str, utf8: bool = True) -> str:
    """A variable's value as an export writes it: as ``dump`` does, but ``language`` as the BCP
    47 tag Zotero reads (``langid`` the babel name biber reads), and accented letters spelled as
    LaTeX commands when not ``utf8`` (not in URLs, DOIs, dates and page ranges)."""
    if kind == "lang" and name.lower() == "language":
        return "{" + str(value) + "}"
    written = _value(var, value, kind)
    if utf8 or kind == "verbatim" or var in DATE_VARIABLES or var == "page" or kind == "lang":
        return written
    return _ascii(written)


def losses(ref: Reference, dialect: str | None = "biblatex") -> Losses:
    """What ``export`` and ``parse`` do not bring back for ``ref``, each with the reason: a type
    no entry type reads back as, a variable no field reads back as for its entry type, a value
    its field would change, a verbatim field whose name the export writes itself."""
    dialect = dialect if dialect in T.EXPORT_ADDS else "biblatex"
    plan = _ExportPlan(ref, dialect)
    out: Losses = {}
    back_type = _type_read_back(ref, plan.etype)
    if back_type != ref.type:
        out["type"] = f"a {ref.type} is written as @{plan.etype}, read back as {back_type}"
    out.update(plan.lost)
    for var, name in plan.names.items():
        why = _value_loss(plan, var, name)
        if why:
            out[var] = why
    kept = set(plan.extra_kept())
    for n, value in ref.extra:
        if (n, value) not in kept:
            out[f"field:{n}"] = f"the export writes its own {n.lower()} field"
    return out


def _type_read_back(ref: Reference, etype: str) -> str:
    subtype = ref.extra_field("entrysubtype") or (T.CSL_TO_SUBTYPE.get(ref.type, "") if ref.entry_type is None else "")
    csl_type = T.SUBTYPES.get((etype, normalize_space(subtype).lower())) or T.ENTRY_TYPES.get(etype, "document")
    if etype == "misc" and ref.fields.get("URL"):
        csl_type = T.MISC_WITH_URL
    return csl_type


def _value_loss(plan: _ExportPlan, var: str, name: str) -> str | None:
    """Why a variable's value would not read back as it is from the field it is written in."""
    value = plan.ref.fields[var]
    if var == "issued" and plan.legacy_date():
        return None  # a plain date: year, month and day read back as it
    if var == "keyword":
        written = ", ".join(dict.fromkeys(k for k in re.split(r"\s*[,;]\s*", value) if k))
        back: Any = decode(encode(written)) or None
    else:
        subtitles = {n.lower(): raw for n, raw in plan.extra_kept() if n.lower() in T.SUBTITLES}
        kind = _kind_of(name, plan.etype)
        text = _safe_value(name, _export_value(var, _without_subtitles(var, value, subtitles), name, kind))
        try:
            back = _convert(kind, text[1:-1] if text.startswith("{") else text)
        except ValueError:
            back = None
        back = _with_subtitles(var, back, subtitles)  # as the reader folds them back in
    if back == value:
        return None
    if _markup_lost(value, back):
        return "BibTeX holds its markup only as LaTeX: this markup does not come back"
    return f"BibTeX does not hold it as it is: {value!r} comes back as {back!r}"


def _with_subtitles(var: str, value: Any, subtitles: dict[str, str]) -> Any:
    for sub, target in T.SUBTITLES.items():
        if target == var and sub in subtitles and isinstance(value, str):
            value = f"{value}: {decode(subtitles[sub], rich=True)}"
    return value


def _markup_lost(value: Any, back: Any) -> bool:
    return isinstance(value, str) and isinstance(back, str) and has_markup(value) and \
        plain_text(value) == plain_text(back)


def _ascii(text: str) -> str:
    from .latex import to_ascii

    return to_ascii(text)


# ---------------------------------------------------------------------------- pybtex plugins
# Installing refs registers these with pybtex's plugin system (entry points in pyproject.toml),
# so that `pybtex-convert -t ris refs.bib out.ris` works and pybtex tools read RIS and CSL-JSON.

from pybtex.database import BibliographyData  # noqa: E402
from pybtex.database import parse_string as _pybtex_parse_string  # noqa: E402
from pybtex.database.input import BaseParser  # noqa: E402
from pybtex.database.output import BaseWriter  # noqa: E402


def _from_pybtex(bib_data: BibliographyData) -> Library:
    text = bib_data.to_string("bibtex")
    parsed = parse(text)
    if parsed.errors:
        raise PybtexError(str(parsed.errors[0]))
    return parsed.library


class _RefsParser(BaseParser):
    unicode_io = True
    module = ""

    def parse_stream(self, stream):  # noqa: D401 - pybtex's plugin interface
        from importlib import import_module

        fmt = import_module(f"{__package__}.{self.module}")
        parsed = fmt.parse(stream.read(), getattr(self, "filename", None))
        if parsed.errors:
            raise PybtexError(str(parsed.errors[0]), filename=getattr(self, "filename", None))
        data = _pybtex_parse_string(dump(parsed.library), "bibtex")
        for key, entry in data.entries.items():
            self.data.add_entry(key, entry)
        return self.data


class RISParser(_RefsParser):
    """pybtex input plugin: RIS."""

    default_suffix = ".ris"
    module = "ris"


class CSLJSONParser(_RefsParser):
    """pybtex input plugin: CSL-JSON."""

    default_suffix = ".json"
    module = "csljson"


class RISWriter(BaseWriter):
    """pybtex output plugin: RIS (for Zotero)."""

    unicode_io = True

    def write_stream(self, bib_data, stream):
        from .ris import dump as ris_dump

        stream.write(ris_dump(_from_pybtex(bib_data)))


class CSLJSONWriter(BaseWriter):
    """pybtex output plugin: CSL-JSON (for Zotero and CSL processors)."""

    unicode_io = True

    def write_stream(self, bib_data, stream):
        from .csljson import export as csl_export

        stream.write(csl_export(_from_pybtex(bib_data)))
