"""Rules on each reference alone: missing fields, identifiers (DOI, ISBN, ISSN, URL), dates,
and duplicates across the bibliography."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import urlsplit

from ..dates import Date, parse_date
from ..model import Finding, Library, Location, Reference, Severity

__all__ = ["missing_fields", "identifiers", "dates", "duplicates", "REQUIRED"]

#: What each entry type needs (after the biblatex data model; @online as refs' issue says:
#: a URL and a date). Alternatives are joined by "|".
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "container-title", "issued"),
    "book": ("author|editor", "title", "issued"),
    "mvbook": ("author|editor", "title", "issued"),
    "inbook": ("author", "title", "container-title", "issued"),
    "incollection": ("author", "title", "container-title", "issued"),
    "inproceedings": ("author", "title", "container-title", "issued"),
    "proceedings": ("title", "issued"),
    "collection": ("editor", "title", "issued"),
    "online": ("title", "URL", "issued"),
    "report": ("author", "title", "publisher", "issued"),
    "techreport": ("author", "title", "publisher", "issued"),
    "thesis": ("author", "title", "publisher", "issued"),
    "phdthesis": ("author", "title", "publisher", "issued"),
    "mastersthesis": ("author", "title", "publisher", "issued"),
    "misc": ("title", "issued"),
    "unpublished": ("author", "title", "issued"),
    "manual": ("title", "issued"),
    "booklet": ("title",),
    "patent": ("author", "title", "number", "issued"),
    "dataset": ("title", "issued"),
    "software": ("title", "issued"),
}
#: What BibTeX itself asks of each entry type (btxdoc), for files in the BibTeX dialect.
BIBTEX_REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "container-title", "issued"),
    "book": ("author|editor", "title", "publisher", "issued"),
    "booklet": ("title",),
    "inbook": ("author|editor", "title", "chapter-number|page", "publisher", "issued"),
    "incollection": ("author", "title", "container-title", "publisher", "issued"),
    "inproceedings": ("author", "title", "container-title", "issued"),
    "conference": ("author", "title", "container-title", "issued"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "publisher", "issued"),
    "misc": (),
    "phdthesis": ("author", "title", "publisher", "issued"),
    "proceedings": ("title", "issued"),
    "techreport": ("author", "title", "publisher", "issued"),
    "unpublished": ("author", "title", "note"),
}
#: Fields and types only BibLaTeX has: a file that uses one is read as BibLaTeX.
_BIBLATEX_FIELDS = {"date", "journaltitle", "location", "urldate", "langid", "eprinttype", "eventdate", "origdate",
                    "maintitle", "bookauthor", "shortjournal", "subtitle", "titleaddon", "pagetotal", "eid"}
_BIBLATEX_TYPES = {"online", "report", "thesis", "mvbook", "collection", "mvcollection", "dataset", "software",
                   "patent", "periodical", "reference", "set", "xdata", "bookinbook", "suppbook", "artwork"}
#: The BibTeX field a user adds for each variable, for the message.
_FIELD = {"author": "author", "editor": "editor", "title": "title", "container-title": "journaltitle/booktitle",
          "issued": "date", "URL": "url", "publisher": "institution/publisher", "number": "number",
          "chapter-number": "chapter", "page": "pages", "note": "note"}
_CSL_REQUIRED = {"webpage": ("title", "URL", "issued"), "article-journal": ("author", "title", "container-title", "issued"),
                 "book": ("author|editor", "title", "issued"), "chapter": ("author", "title", "container-title", "issued")}


def _has(ref: Reference, need: str) -> bool:
    return any(ref.get(v) for v in need.split("|"))


def _field_name(ref: Reference, variable: str, biblatex: bool) -> str:
    """The field a user of this entry's dialect would add: `journal` to a BibTeX @article,
    `journaltitle` to a BibLaTeX one, `booktitle` to a paper in a book or proceedings."""
    if variable == "container-title":
        if ref.entry_type in ("article", "periodical", "suppperiodical"):
            return "journaltitle" if biblatex else "journal"
        if ref.entry_type in ("inbook", "incollection", "inproceedings", "conference", "inreference",
                              "bookinbook", "suppbook", "suppcollection"):
            return "booktitle"
        return "journaltitle/booktitle"
    if variable == "publisher":
        return {"techreport": "institution", "report": "institution", "phdthesis": "school",
                "mastersthesis": "school", "thesis": "institution"}.get(ref.entry_type or "", "publisher")
    if variable == "issued":
        return "date or year" if biblatex else "year"
    return _FIELD.get(variable, variable)


def _where(ref: Reference, field: str | None = None) -> Location | None:
    if field and field.lower() in ref.field_locations:
        return ref.field_locations[field.lower()]
    return ref.location


def _biblatex(ref: Reference) -> bool:
    return (ref.entry_type or "") in _BIBLATEX_TYPES or any(
        name.lower() in _BIBLATEX_FIELDS for name, _ in ref.source_fields)


def dialect(library: Library) -> str:
    """"biblatex" when any entry uses a field or type only BibLaTeX has, else "bibtex"."""
    return "biblatex" if any(_biblatex(ref) for ref in library) else "bibtex"


def missing_fields(library: Library) -> list[Finding]:
    """What each entry's type needs, after its crossref parent has lent it fields: BibTeX's own
    rules for an entry written in BibTeX's terms, BibLaTeX's for one that uses its fields or
    types (files mix them)."""
    out = []
    for ref in library.with_crossrefs():
        parent = ref.extra_field("crossref")
        lost = f' (its crossref "{parent}" is not in this file)' if parent and library.find(parent) is None else ""
        bibtex_rules = ref.entry_type in BIBTEX_REQUIRED
        if bibtex_rules and not _biblatex(ref):
            needs = BIBTEX_REQUIRED[ref.entry_type or ""]  # a key of it, so never None here
        else:
            needs = REQUIRED.get(ref.entry_type or "", None) or _CSL_REQUIRED.get(ref.type, ())
        missing = [n for n in needs if not _has(ref, n)]
        if missing and bibtex_rules and all(_has(ref, n) for n in BIBTEX_REQUIRED[ref.entry_type or ""]):
            # One BibLaTeX field does not make an entry BibLaTeX's: an @inbook with a chapter, a
            # publisher and a `location` is a chapter as BibTeX describes one, and BibTeX asks more.
            missing = []
        if missing:
            biblatex = not bibtex_rules or _biblatex(ref)
            names = ", ".join(" or ".join(_field_name(ref, v, biblatex) for v in n.split("|")) for n in missing)
            kind = f"@{ref.entry_type}" if ref.entry_type else ref.type
            out.append(Finding(Severity.WARNING, "missing-field",
                               f'"{ref.key}" ({kind}) has no {names}{lost}', _where(ref), None, (ref.key,)))
    return out


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi(?:\.acm)?\.org/|https?://doi\.[\w.]+/|doi:\s*)", re.I)


def doi_name(doi: str) -> str:
    """A DOI without the resolver or "doi:" before it (http://doi.acm.org/10.1145/…, doi:10.…)."""
    return _DOI_PREFIX.sub("", doi.strip())


def doi_problem(doi: str) -> str | None:
    d = doi_name(doi)
    if not d.startswith("10."):
        return f'DOI "{doi}" does not start with "10."'
    if "/" not in d:
        return f'DOI "{doi}" has no suffix'
    prefix, _, suffix = d.partition("/")
    if not re.fullmatch(r"10\.\d{4,9}(\.\d+)*", prefix):
        return f'DOI "{doi}" has a prefix that is not 10. and four or more digits'
    if not suffix or re.search(r"\s", suffix):
        return f'DOI "{doi}" has an empty or spaced suffix'
    return None


def _identifier(value: str, label: str) -> str:
    """"ISBN 3-540-64302-8" -> "3-540-64302-8"; "1234-5678 (print)" -> "1234-5678"."""
    v = re.sub(rf"^\s*{label}(?:-1[03])?\s*:?\s*", "", value.strip(), flags=re.I)
    return re.sub(r"\s*[\(\[][^)\]]*[\)\]]\s*$", "", v).strip()


def isbn13(isbn: str) -> str:
    """The 13-digit form of an ISBN (an ISBN-10 is 978 + its first nine digits + a new check
    digit), so that "0-306-40615-2" and "978-0-306-40615-7" are one book; what is neither a
    10- nor a 13-digit ISBN comes back as its digits."""
    digits = re.sub(r"[\s‐‑‒–—-]", "", _identifier(isbn, "ISBN")).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        body = "978" + digits[:9]
        check = (10 - sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(body)) % 10) % 10
        return body + str(check)
    return digits


def isbn_problem(isbn: str) -> str | None:
    digits = re.sub(r"[\s‐‑‒–—-]", "", _identifier(isbn, "ISBN")).upper()
    if re.fullmatch(r"\d{9}[ХXх]", digits) and "X" not in digits and isbn_problem(digits[:9] + "X") is None:
        return f'ISBN "{isbn}" ends in the Cyrillic letter "{digits[-1]}"; the check digit is the Latin X'
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return None if total % 11 == 0 else f'ISBN "{isbn}" fails its check digit'
    if re.fullmatch(r"\d{13}", digits):
        total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(digits))
        return None if total % 10 == 0 else f'ISBN "{isbn}" fails its check digit'
    return f'ISBN "{isbn}" has neither 10 nor 13 digits'


def issn_problem(issn: str) -> str | None:
    digits = re.sub(r"[\s‐‑‒–—-]", "", _identifier(issn, "ISSN")).upper()
    if re.fullmatch(r"\d{7}[ХXх]", digits) and "X" not in digits and issn_problem(digits[:7] + "X") is None:
        return f'ISSN "{issn}" ends in the Cyrillic letter "{digits[-1]}"; the check digit is the Latin X'
    if not re.fullmatch(r"\d{7}[\dX]", digits):
        return f'ISSN "{issn}" is not eight digits (the last may be X)'
    total = sum((8 - i) * int(c) for i, c in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    want = "X" if check == 10 else str(check)
    return None if digits[7] == want else f'ISSN "{issn}" fails its check digit (expected {want})'


def url_problem(url: str) -> str | None:
    if re.search(r"\s", url):
        return f'URL "{url}" contains white space'
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https", "ftp"):
        return f'URL "{url}" has no http, https or ftp scheme'
    host = parts.hostname or ""
    if not host or ("." not in host and host != "localhost"):
        return f'URL "{url}" has no host name'
    return None


_PLACEHOLDER = re.compile(r"[?\s‐-]+")


def _values(var: str, value: str) -> list[str]:
    """A field may hold several identifiers: ISBNs and ISSNs by commas or semicolons, URLs and
    DOIs as a list when more than one stands there."""
    if var in ("ISBN", "ISSN"):
        out: list[str] = []
        for v in re.split(r"\s*[,;]\s*", value):
            words = v.split()
            least = 10 if var == "ISBN" else 8
            if len(words) > 1 and all(len(re.sub(r"[^0-9Xx]", "", w)) >= least for w in words):
                out.extend(words)  # Zotero's "978-3-642-08355-6 978-3-662-12878-7": print and e-book
            elif v and not _PLACEHOLDER.fullmatch(v):
                out.append(v)
        return out
    if var == "URL" and len(re.findall(r"(?i)\b(?:https?|ftp)://", value)) > 1:
        return [v for v in re.split(r"[\s,;]+(?=(?:https?|ftp)://)", value, flags=re.I) if v.strip()]
    if var == "DOI" and len(re.findall(r"\b10\.\d", value)) > 1:
        return [v for v in re.split(r"[\s,;]+", value) if v]
    return [value]


def identifiers(library: Library) -> list[Finding]:
    out = []
    checks = [("DOI", "doi", "invalid-doi", doi_problem), ("ISBN", "isbn", "invalid-isbn", isbn_problem),
              ("ISSN", "issn", "invalid-issn", issn_problem), ("URL", "url", "invalid-url", url_problem)]
    for ref in library:
        for var, field, code, problem in checks:
            value = ref.get(var)
            if not value or _PLACEHOLDER.fullmatch(value):
                continue  # "????": a value the author left to fill in, not a wrong one
            values = _values(var, value)
            for v in values:
                why = problem(v)
                if why:
                    out.append(Finding(Severity.ERROR, code, f'"{ref.key}": {why}', _where(ref, field), None, (ref.key,)))
    return out


def _bounds(date: Date) -> tuple[dt.date, dt.date] | None:
    if date.literal is not None or not (date.start or date.end):
        return None
    start = date.start or date.end or ()
    end = date.end or date.start or ()
    try:  # years before 1 or after 9999 (year = "00", -0044) have no calendar date to compare
        first = dt.date(start[0], start[1] if len(start) > 1 else 1, start[2] if len(start) > 2 else 1)
        last_month = end[1] if len(end) > 1 else 12
        last_day = end[2] if len(end) > 2 else (dt.date(end[0] + (last_month == 12), last_month % 12 + 1, 1)
                                                - dt.timedelta(days=1)).day
        return first, dt.date(end[0], last_month, last_day)
    except (ValueError, OverflowError):
        return None


def dates(library: Library, today: dt.date | None = None) -> list[Finding]:
    today = today or dt.date.today()
    out = []
    for ref in library:
        for name, raw in ref.extra:
            if name.lower() in ("date", "urldate", "eventdate", "origdate"):
                try:
                    parse_date(raw)
                except ValueError as error:
                    if name.lower() == "date" and any(n.lower() == "year" for n, _ in ref.source_fields):
                        # Web of Science exports write "date = {DEC}" beside the year: BibTeX
                        # never reads it, biber would refuse it; refs uses the year
                        out.append(Finding(Severity.WARNING, "invalid-date",
                                           f'"{ref.key}", {name}: {error}; the year field is used', _where(ref, name),
                                           None, (ref.key,)))
                        continue
                    out.append(Finding(Severity.ERROR, "invalid-date", f'"{ref.key}", {name}: {error}', _where(ref, name),
                                       None, (ref.key,)))
        accessed = ref.get("accessed")
        issued = ref.get("issued")
        if isinstance(accessed, Date) and (b := _bounds(accessed)):
            if b[0] > today:
                out.append(Finding(Severity.ERROR, "invalid-date",
                                   f'"{ref.key}": accessed on {accessed}, which is in the future', _where(ref, "urldate"),
                                   None, (ref.key,)))
            if isinstance(issued, Date) and (i := _bounds(issued)) and b[1] < i[0]:
                out.append(Finding(Severity.ERROR, "invalid-date",
                                   f'"{ref.key}": accessed on {accessed}, before it was published ({issued})',
                                   _where(ref, "urldate"), None, (ref.key,)))
        if isinstance(issued, Date) and (i := _bounds(issued)) and i[0] > today + dt.timedelta(days=366):
            out.append(Finding(Severity.ERROR, "invalid-date", f'"{ref.key}": published {issued}, in the future',
                               _where(ref, "date") or _where(ref, "year"), None, (ref.key,)))
    return out


def _norm_title(text: str) -> str:
    t = unicodedata.normalize("NFKD", re.sub(r"<[^>]+>", "", text)).lower()
    return re.sub(r"[\W_]+", " ", "".join(c for c in t if not unicodedata.combining(c))).strip()


def _norm_url(url: str) -> str:
    p = urlsplit(url.strip())
    host = (p.hostname or "").lower().removeprefix("www.")
    return f"{host}{p.path.rstrip('/')}{'?' + p.query if p.query else ''}"


def duplicates(library: Library) -> list[Finding]:
    """Two entries for one work: same DOI, ISBN, URL, or title + year + first author."""
    seen: dict[tuple[str, str], Reference] = {}
    out = []
    reported: set[tuple[str, str]] = set()
    resolved = library.with_crossrefs()  # a chapter's year and book come from its crossref
    for own, ref in zip(library, resolved, strict=True):
        keys = work_keys(ref, own)
        for kind, value in keys:
            other = seen.get((kind, value))
            if other is not None and other.key != ref.key and (other.key, ref.key) not in reported \
                    and not _different_dois(ref, other) and not (kind != "DOI" and _told_apart(ref, other, kind)) \
                    and not _contains(library, ref, other) and not _contains(library, other, ref):
                reported.add((other.key, ref.key))
                line = f" (line {other.location.line})" if other.location and other.location.line else ""
                venues = _versions(ref, other) if kind.startswith("title") else None
                if venues:  # a preprint and its conference paper, a report and its article
                    out.append(Finding(Severity.INFO, "duplicate-reference",
                                       f'"{ref.key}" and "{other.key}"{line} look like two versions of one work: same '
                                       f"{kind}, in {venues}", ref.location, None, (other.key, ref.key)))
                    continue
                out.append(Finding(Severity.WARNING, "duplicate-reference",
                                   f'"{ref.key}" and "{other.key}"{line} are the same work: same {kind}',
                                   ref.location, None, (other.key, ref.key)))
            seen.setdefault((kind, value), ref)
    return out


#: parts of a volume: they share its ISBN without being one work
_PARTS = {"paper-conference", "chapter", "entry", "entry-dictionary", "entry-encyclopedia", "article-journal",
          "article-magazine", "article-newspaper", "article"}


_ORDINALS = {w: str(i) for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), 1)}


def _edition(value: object) -> str:
    """"Fourth", "4th", "4th ed." and "4" are one edition."""
    text = str(value).lower()
    m = re.match(r"\s*(\d+)", text)
    if m:
        return m.group(1)
    word = re.match(r"\s*([a-z]+)", text)
    return _ORDINALS.get(word.group(1), re.sub(r"\W+", "", text)) if word else re.sub(r"\W+", "", text)


def _contains(library: Library, part: Reference, whole: Reference) -> bool:
    """Whether ``whole`` is up ``part``'s crossref chain: a chapter and its book, a volume and
    its set are two works even where the title is one."""
    seen = set()
    ref: Reference | None = part
    while ref is not None and id(ref) not in seen:
        seen.add(id(ref))
        key = ref.extra_field("crossref")
        ref = library.find(key) if key else None
        if ref is not None and ref.key == whole.key:
            return True
    return False


def _told_apart(a: Reference, b: Reference, kind: str) -> bool:
    """What both references give and give differently: another edition or volume, another
    crossref parent (proceedings), another chapter or other pages of a book or journal; for a shared ISBN, another year (the 2010 and
    2011 proceedings of one conference: one of the two ISBNs is wrong, the works are two)."""
    def differ(var: str, norm=lambda v: re.sub(r"\W+", "", str(v)).lower()) -> bool:
        x, y = a.get(var), b.get(var)
        return bool(x) and bool(y) and norm(x) != norm(y)

    if differ("edition", _edition) or differ("volume"):
        return True
    if kind == "URL" and a.type in _PARTS and b.type in _PARTS and differ("title", _norm_title):
        return True  # one PDF of a journal's page or column holds several short pieces
    parents = [(r.extra_field("crossref") or "").strip().lower() for r in (a, b)]
    if all(parents) and parents[0] != parents[1]:  # one paper at a workshop and at a conference
        return True
    if a.type in _PARTS and b.type in _PARTS and (
            differ("page") or differ("chapter-number") or differ("issue")):  # a form in every issue
        return True
    years = [r.get("issued").year if isinstance(r.get("issued"), Date) else None for r in (a, b)]
    return kind == "ISBN" and None not in years and years[0] != years[1]


_KIND = {"article-journal": "a journal", "article": "a journal", "article-magazine": "a journal",
         "article-newspaper": "a journal", "paper-conference": "proceedings", "chapter": "proceedings",
         "report": "a report", "thesis": "a thesis", "manuscript": "a manuscript", "book": "a book"}


_VENUE_WORD = re.compile(r"[^\W\d_]{3,}")
_NOT_VENUE = {"the", "and", "proc", "proceedings", "conference", "annual", "international", "journal", "for",
              "transactions", "symposium", "workshop", "meeting", "society", "advances", "acm", "ieee"}


def _one_venue(x: str, y: str) -> bool:
    """Whether two venue names can name one venue: half their words or more in common ("Eighth
    Annual Cognitive Science Society", "… Conference of the Cognitive Science Society"; not the
    Conference and the Electronic Colloquium on Computational Complexity), or one abbreviating
    the other ("TASSP", "biocyb", "nips87" against the names in full)."""
    wx, wy = ({w.casefold() for w in _VENUE_WORD.findall(v)} - _NOT_VENUE for v in (x, y))
    if not wx or not wy or len(wx & wy) >= len(wx | wy) / 2:
        return True
    return _abbreviates(x, y)


def _abbreviates(x: str, y: str) -> bool:
    """Whether the shorter name is made of the starts of the longer's words, in order ("TASSP":
    Transactions, Acoustics, Speech, Signal, Processing; "biocyb": Biological Cybernetics)."""
    short, long = sorted((x, y), key=len)
    letters = re.sub(r"[^a-z]", "", short.casefold())
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+", long)]
    if not letters or len(letters) > 12:
        return False

    def match(i: int, j: int) -> bool:
        if i == len(letters):
            return True
        return any(words[w].startswith(letters[i:k]) and match(k, w + 1)
                   for w in range(j, len(words)) for k in range(len(letters), i, -1))

    return match(0, 0)


def _versions(a: Reference, b: Reference) -> str | None:
    """Two references alike in title, year and first author that appeared in different kinds
    of publication (a preprint or report and its article, a conference paper and its journal
    version), or in journals or proceedings whose names are not one abbreviating the other
    (CoRR and COLT): what they appeared in; else None. These are versions of one work, not
    one entry written twice."""
    kinds = [_KIND.get(r.type) for r in (a, b)]
    if None in kinds:  # @misc and the like say nothing of where it appeared
        return None
    venues = [re.sub(r"<[^>]+>", "", str(r.get("container-title") or "")) for r in (a, b)]
    if all(venues) and _one_venue(*venues):
        return None  # one venue: the same paper typed two ways, or entered twice
    if kinds[0] == kinds[1] and any(" " not in v.strip() for v in venues):
        return None  # "PDP-II", "nips": a macro's name or an acronym may name the other venue
    if kinds[0] == kinds[1] and not all(venues):
        return None
    shown = [(v[:60] or k) for v, k in zip(venues, kinds, strict=True)]
    return f"{shown[0]} and {shown[1]}"


def _different_dois(a: Reference, b: Reference) -> bool:
    """Two references with DOIs that differ name two works, whatever else they share."""
    return bool(a.get("DOI") and b.get("DOI")) and doi_name(a["DOI"]).lower() != doi_name(b["DOI"]).lower()


def work_keys(ref: Reference, own: Reference | None = None) -> list[tuple[str, str]]:
    """What identifies the work a reference describes: DOI, ISBN (of a whole book), URL,
    title + year + first author. ``own`` is the entry before its crossref lent it fields: a
    volume that takes its set's title is not known by that title."""
    keys = []
    given = {var: ref.get(var) for var in ("DOI", "ISBN", "URL")}
    given = {var: v for var, v in given.items() if v and not _PLACEHOLDER.fullmatch(v)}  # "????" is no ISBN
    if given.get("DOI"):
        keys.append(("DOI", doi_name(ref["DOI"]).lower()))
    if given.get("ISBN") and ref.type not in _PARTS:
        keys.append(("ISBN", isbn13(ref["ISBN"])))
    if given.get("URL"):
        keys.append(("URL", _norm_url(ref["URL"])))
    title = ref.get("title") if own is None else own.get("title")
    if title:
        issued = ref.get("issued")
        year = str(issued.year) if isinstance(issued, Date) and issued.year else ""
        creators = ref.get("author") or ref.get("editor") or ()
        first = (creators[0].family or creators[0].literal).lower() if creators else ""
        keys.append(("title, year and first author", f"{_norm_title(title)}|{year}|{first}"))
    return keys
