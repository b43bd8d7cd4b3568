"""The elements of a CSL style as refs' own node classes, and how each renders an item.

``build`` turns the style's XML into nodes once; ``Node.render(ctx)`` gives an ``output.Node``
or None (nothing rendered). A ``Context`` carries the item, the cite (locator, position,
year suffix, number), the locale and the inheritable options; group suppression counts the
variables an element called and found, as the specification asks."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from . import output as out
from .locale import CSL_NS, Locale

NUMBER_VARIABLES = {
    "chapter-number", "citation-number", "collection-number", "edition", "first-reference-note-number",
    "issue", "locator", "number", "number-of-pages", "number-of-volumes", "page", "page-first", "part-number",
    "printing-number", "section", "supplement-number", "version", "volume",
}
NAME_VARIABLES = {
    "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
    "curator", "director", "editor", "editorial-director", "editor-translator", "executive-producer",
    "guest", "host", "illustrator", "interviewer", "narrator", "organizer", "original-author",
    "performer", "producer", "recipient", "reviewed-author", "script-writer", "series-creator",
    "translator",
}
DATE_VARIABLES = {"accessed", "available-date", "event-date", "issued", "original-date", "submitted"}
NAME_OPTIONS = {
    "and", "delimiter-precedes-et-al", "delimiter-precedes-last", "et-al-min", "et-al-use-first",
    "et-al-subsequent-min", "et-al-subsequent-use-first", "et-al-use-last", "initialize", "initialize-with",
    "name-as-sort-order", "sort-separator", "form",
}
LOCATOR_TERMS = {"p.": "page", "pp.": "page"}


def q(tag: str) -> str:
    return f"{{{CSL_NS}}}{tag}"


def local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


# ---------------------------------------------------------------------------- context

_ALIASES = {"title-short": "shortTitle", "container-title-short": "journalAbbreviation"}

@dataclass
class Cite:
    id: str
    locator: str = ""
    label: str = ""
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False
    author_only: bool = False
    position: int = 0  # 0 first, 1 subsequent, 2 ibid, 3 ibid-with-locator
    near_note: bool = False
    note_index: int = 0
    first_note: int = 0
    # not a field (no annotation): set on a cite that a collapsed citation prints as its year suffix alone
    _suffix_only = False


@dataclass
class Context:
    item: dict[str, Any]
    locale: Locale
    style: Any  # the Style
    mode: str = "bibliography"  # citation, bibliography, sort
    cite: Cite | None = None
    number: int | None = None
    year_suffix: str = ""
    name_options: dict[str, str] = field(default_factory=dict)
    sorting: bool = False
    sort_names: dict[str, str] = field(default_factory=dict)  # names-min & co. of a sort key
    disambiguate: bool = False
    called: int = 0
    found: int = 0
    suppressed: set[str] = field(default_factory=set)
    suffix_placed: bool = False
    extra_names: int = 0  # disambiguation: names added beyond et-al-use-first
    expand_given: dict[int, int] = field(default_factory=dict)
    substituting: bool = False
    suppress_first_names: bool = False  # suppress-author, and the later cites of a collapsed group
    substitute_for: Any = None  # the cs:names whose cs:substitute is being tried (bare names inherit it)
    rendered_vars: list[str] = field(default_factory=list)
    first_names: str | None = None  # the text of the first cs:names that printed something
    last_names_text: str | None = None  # the names (without label) the last cs:names printed

    def value(self, name: str) -> Any:
        if name in self.suppressed:
            return None
        if name == "locator":
            return self.cite.locator.strip() if self.cite and self.cite.locator.strip() else None
        if name == "citation-number":
            return str(self.number) if self.number is not None else None
        if name == "year-suffix":
            return self.year_suffix or None
        if name == "first-reference-note-number":
            return str(self.cite.first_note) if self.cite and self.cite.first_note else None
        if name == "citation-label" and not self.item.get("citation-label"):
            return _trigraph(self.item) + self.year_suffix if _trigraph(self.item) else None
        if name == "page-first":
            page = self.item.get("page-first") or self.item.get("page")
            if page is None:
                return None
            m = re.match(r"\s*([^\s,–—&-]+)", str(page))
            return m.group(1) if m else None
        v = self.item.get(name)
        if v is None and name in _ALIASES:
            v = self.item.get(_ALIASES[name])
        if v is None or v == "" or v == []:
            return None
        return v


def _trigraph(item: dict[str, Any]) -> str:
    """The default citation label: Doe65, RoNo78, ABCD01 (the first letters of up to four
    authors' family names and the year's last two digits)."""
    names = item.get("author") or item.get("editor") or []
    fams = [re.sub(r"\W", "", str(n.get("family") or n.get("literal") or "")) for n in names if isinstance(n, dict)]
    fams = [f for f in fams if f]
    issued = item.get("issued") or {}
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    year = f"{int(str(parts[0][0])) % 100:02d}" if parts and parts[0] else ""
    if not fams:
        return ""
    if len(fams) == 1:
        head = fams[0][:4]
    elif len(fams) == 2:
        head = fams[0][:2] + fams[1][:2]
    elif len(fams) == 3:
        head = fams[0][:2] + fams[1][:1] + fams[2][:1]
    else:
        head = "".join(f[:1] for f in fams[:4])
    return head + year


# ---------------------------------------------------------------------------- base

class Element(ABC):
    """A rendering element with affixes, display, formatting, quotes and text case."""

    def __init__(self, el: etree._Element, style: Any):
        self.attrib = dict(el.attrib)
        self.prefix = el.get("prefix", "")
        self.suffix = el.get("suffix", "")
        self.display = el.get("display")
        self.fmt = {k: el.get(k) for k in out.FORMAT_KEYS if el.get(k)}
        self.quotes = el.get("quotes") == "true"
        self.text_case = el.get("text-case")
        self.strip_periods = el.get("strip-periods") == "true"
        self.children = [build(c, style) for c in el if isinstance(c.tag, str)]
        self.children = [c for c in self.children if c is not None]

    @abstractmethod
    def render(self, ctx: Context) -> out.Node | None:
        """The element's output for ``ctx``, or None when it prints nothing."""

    def wrap(self, content: out.Node | str | None, ctx: Context, case: bool = True,
             term: bool = False) -> out.Node | None:
        node = _as_node(content)
        if node is None:
            return None
        if self.strip_periods:
            _map_text(node, lambda s: s.replace(".", ""))
        if case and self.text_case:
            apply_case(node, self.text_case, ctx, term)
        inner = out.Node([node], dict(self.fmt), self.quotes)
        parts: list[out.Child] = []
        if self.prefix:
            parts.append(self.prefix)
        parts.append(inner)
        if self.suffix:
            parts.append(self.suffix)
        return out.Node(parts, display=self.display)


def _as_node(content: out.Node | str | None) -> out.Node | None:
    """Rendered content as a node, or None when there is nothing to print."""
    if content is None:
        return None
    node = content if isinstance(content, out.Node) else out.Node([content])
    return None if node.is_empty() else node


def _map_text(node: out.Node, fn: Any) -> None:
    for i, c in enumerate(node.children):
        if isinstance(c, str):
            node.children[i] = fn(c)
        elif not c.nocase:
            _map_text(c, fn)


# ---------------------------------------------------------------------------- text case

_LATIN_LOWER = set("abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňŉŋ"
                   "ōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżžșț")
_STOP_WORDS = set(
    "a an and as at but by down for from in into nor of on onto or over so the till to up via with yet "
    "about above across after against along amid among around before behind below beneath beside besides "
    "between beyond during except inside like near off out outside past per plus regarding since than "
    "through throughout toward towards under underneath unlike until upon versus vs vs. within without "
    # as citeproc-js: the rest of its list, and the particles of names that stand in titles ("John von Doe")
    "afore amid amidst amongst anenst apropos apud astride athwart atop barring circa despite et al "
    "forenenst given lest modulo next notwithstanding pro qua sans thru thruout unto v de d von van c ca".split())


#: a string of a node's tree: (the node, the string's index among its children, whether it is
#: protected from case changes)
_Piece = tuple[out.Node, int, bool]


def _strings(node: out.Node, acc: list[_Piece], protected: bool = False) -> None:
    for i, c in enumerate(node.children):
        if isinstance(c, str):
            acc.append((node, i, protected))
        else:
            _strings(c, acc, protected or c.nocase)


def upper_first(ch: str, dotted: bool) -> str:
    """A letter raised as the language raises it: Azerbaijani and Turkish "i" is "İ"."""
    return "İ" if dotted and ch == "i" else ch.upper()


def apply_case(node: out.Node, case: str, ctx: Context, term: bool = False) -> None:
    """The ``text-case`` ``case`` applied to the strings of ``node`` that are not protected
    (title case to English text only)."""
    if case in ("title", "sentence"):
        lang = str(ctx.item.get("language") or "") or ctx.locale.lang
        if case == "title" and lang and not lang.lower().startswith("en"):
            return
    pieces: list[_Piece] = []
    _strings(node, pieces)
    # i İ, ı I: by the language of the text being cased, the locale's for a term ("internet" of an
    # English locale is "Internet" whatever the item's language), else the item's
    lang = ctx.locale.lang if (term or node.term) else (ctx.item.get("language") or ctx.locale.lang)
    dotted = str(lang or "").lower()[:2] in ("tr", "az")
    change = _CASES.get(case)
    if change is not None:
        change(pieces, dotted)


def _lowercase(pieces: list[_Piece], dotted: bool) -> None:
    for n, i, p in pieces:
        if not p:
            s = n.children[i]
            if dotted:
                s = s.replace("I", "ı").replace("İ", "i")  # type: ignore[union-attr]
            n.children[i] = s.lower()  # type: ignore[union-attr]


def _uppercase(pieces: list[_Piece], dotted: bool) -> None:
    for n, i, p in pieces:
        if not p:
            s = n.children[i]
            if dotted:
                s = s.replace("i", "İ")  # type: ignore[union-attr]
            n.children[i] = s.upper()  # type: ignore[union-attr]


def _capitalize_first(pieces: list[_Piece], dotted: bool) -> None:
    """The first letter of the text raised, unless a protected string holds it."""
    for n, i, p in pieces:
        s = n.children[i]
        assert isinstance(s, str)
        m = re.search(r"\w", s)
        if m:
            if not p:
                n.children[i] = s[: m.start()] + upper_first(s[m.start()], dotted) + s[m.start() + 1 :]
            break


def _capitalize_all(pieces: list[_Piece], dotted: bool) -> None:
    """The first letter of every word raised."""
    for n, i, p in pieces:
        if not p:
            n.children[i] = re.sub(r"(^|[\s\-/])(\w)", lambda m: m.group(1) + upper_first(m.group(2), dotted),
                                   n.children[i])  # type: ignore[arg-type]


def _sentence(pieces: list[_Piece], dotted: bool) -> None:
    """Sentence case: an all-capitals text is lowered first; then the first letter is raised."""
    shouting = "".join(str(n.children[i]) for n, i, p in pieces if not p).isupper()
    first = True
    for n, i, p in pieces:
        s = n.children[i]
        assert isinstance(s, str)
        if p:
            first = first and not re.search(r"\w", s)
            continue
        if shouting:
            s = s.lower()
        else:  # capitalised words lowered; acronyms (UK) and mixed case (iPad) kept
            s = re.sub(r"[^\W\d_][\w'’]*", lambda m: m.group(0).lower()
                       if m.group(0)[0].isupper() and m.group(0)[1:].islower() else m.group(0), s)
        if first:
            m = re.search(r"\w", s)
            if m:
                s = s[: m.start()] + upper_first(s[m.start()], dotted) + s[m.start() + 1 :]
                first = False
        n.children[i] = s


def _title(pieces: list[_Piece], dotted: bool) -> None:
    """Title case (English only; the caller checks the language): each word raised but for stop
    words inside the title; an all-capitals title is lowered first. Words of protected pieces
    count for which word comes first."""
    words_seen = 0
    all_text = "".join(str(n.children[i]) for n, i, _ in pieces)
    upper_all = all_text.isupper() and len(re.findall(r"[^\W\d_]{2,}", all_text)) > 1  # not "UK"
    for n, i, p in pieces:
        s = n.children[i]
        assert isinstance(s, str)
        if p:
            words_seen += len(re.findall(r"\w+", s))
            continue
        is_last_piece = (n, i) == (pieces[-1][0], pieces[-1][1])

        def title_word(m: re.Match[str], s: str = s, is_last_piece: bool = is_last_piece) -> str:
            nonlocal words_seen
            first_word = words_seen == 0
            words_seen += 1
            return _title_word(m, s, first_word, is_last_piece, upper_all)
        # not the "th" of 10th, nor the "az" of Report.az (a word goes on after a dot between letters)
        n.children[i] = re.sub(r"(?<![\w'’`])(?<!\w\.)[^\W\d_][\w'’`]*", title_word, s)


def _title_word(m: re.Match[str], s: str, first_word: bool, is_last_piece: bool, upper_all: bool) -> str:
    """One word ``m`` of the string ``s`` in title case."""
    w = m.group(0)
    before = s[: m.start()]
    after_colon = bool(re.search(r"[:?!]\s*$", before))
    last_word = not re.search(r"\w", s[m.end():]) and is_last_piece
    if upper_all:
        w = w.lower()
    if before[-1:] in ("-",) and before[-2:-1].isdigit():
        return w  # 07-x
    # "Pro-Environmental": a stop word that opens a hyphenated word is raised ("Out-of-Fashion" keeps "of")
    hyphened = s[m.end() : m.end() + 1] == "-" and before[-1:] != "-"
    if w.lower() in _STOP_WORDS and not first_word and not after_colon and not last_word and not hyphened:
        return w.lower() if upper_all else w
    if w.islower() and w[0] in _LATIN_LOWER:
        return w[0].upper() + w[1:]
    return w


#: text-case value -> how it changes the strings (``pieces``) of a node, given whether the
#: language dots its capital I (Azerbaijani, Turkish)
_CASES: dict[str, Callable[[list[_Piece], bool], None]] = {
    "lowercase": _lowercase, "uppercase": _uppercase, "capitalize-first": _capitalize_first,
    "capitalize-all": _capitalize_all, "sentence": _sentence, "title": _title,
}


# ---------------------------------------------------------------------------- elements

class Text(Element):
    def __init__(self, el: etree._Element, style: Any):
        super().__init__(el, style)
        self.variable = el.get("variable")
        self.macro = el.get("macro")
        self.term = el.get("term")
        self.value = el.get("value")
        self.form = el.get("form", "long")
        self.plural = el.get("plural") == "true"

    def render(self, ctx: Context) -> out.Node | None:
        if self.macro is not None:
            macro = ctx.style.macros.get(self.macro)
            if macro is None:
                return None
            called, found = ctx.called, ctx.found
            ctx.called = ctx.found = 0
            node = macro.render(ctx)
            inner_called, inner_found = ctx.called, ctx.found
            ctx.called, ctx.found = called + inner_called, found + inner_found
            if inner_called and not inner_found:  # a macro whose variables are all empty prints nothing
                return None
            return self.wrap(node, ctx)
        if self.term is not None:
            t = ctx.locale.term(self.term, self.form, self.plural)
            node = self.wrap(t or None, ctx, term=True)
            if node is not None:
                node.term = True  # a term may be capitalised where a citation starts
            return node
        if self.value is not None:
            return self.wrap(out.parse_markup(self.value), ctx)
        if self.variable is not None:
            node = variable_text(self.variable, self.form, ctx)
            if node is None:  # an empty year-suffix does not empty its group: "(n.d.)" stays
                ctx.called += self.variable != "year-suffix"
                return None
            ctx.called += 1
            ctx.found += 1
            return self.wrap(node, ctx)
        return None


def variable_text(name: str, form: str, ctx: Context) -> out.Node | None:
    if form == "short":
        for short in (f"{name}-short", {"container-title": "journalAbbreviation"}.get(name, "")):
            if short and ctx.value(short) is not None:
                name = short
                break
    value = ctx.value(name)
    if value is None:
        return None
    ctx.rendered_vars.append(name)
    if name == "page":
        return out.Node([page_range(str(value), ctx.style.options.get("page-range-format"), ctx)])
    if name == "locator":
        label = ctx.cite.label if ctx.cite is not None else ""
        if (label or "page") == "page" and "\\-" not in str(value) and ctx.style.options.get("page-range-format"):
            text = page_range(str(value), ctx.style.options.get("page-range-format"), ctx)  # pp. 427-30: 427–430
        else:
            text = re.sub(r"(?<=\d)\s*-\s*(?=\d)", "–", str(value)).replace("\\-", "-")
        if is_numeric(text):  # "213 & 235": the locale's ampersand
            text = re.sub(r"\s*&\s*", f" {ctx.locale.term('and', 'symbol') or '&'} ", text)
        return out.Node([text])
    if name in ("URL", "DOI", "PMID", "PMCID"):
        return out.Node([str(value)], nocase=True)
    if name in NUMBER_VARIABLES and isinstance(value, (str, int)) and is_numeric(value):
        text = re.sub(r"(?<=\d)\s*-\s*(?=\d)", "–", str(value))  # issue 3-4 is 3–4
        return out.Node([re.sub(r"\s*&\s*", f" {ctx.locale.term('and', 'symbol') or '&'} ", text)])
    if name in NUMBER_VARIABLES and "\\-" in str(value):
        return out.Node([str(value).replace("\\-", "-")])  # an escaped hyphen is a hyphen, not a range
    if isinstance(value, (dict, list)):
        return None
    text = str(value)
    if name in ("title", "container-title", "collection-title", "title-short", "container-title-short",
                "original-title", "event-title", "reviewed-title", "part-title", "volume-title", "note"):
        node = out.parse_markup(text)
    else:
        node = out.parse_markup(text)
    return node


def page_range(value: str, fmt: str | None, ctx: Context) -> str:
    if "\\-" in value:  # 327\-30: a hyphen the author wants kept, not a range
        return value.replace("\\-", "-")
    delim = ctx.locale.term("page-range-delimiter") or "–"

    def one(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        if a.isalpha() and b.isalpha():
            if re.fullmatch(r"[ivxlcdm]+", a, re.I) and re.fullmatch(r"[ivxlcdm]+", b, re.I):
                return f"{a}{delim}{b}"  # xxv–xxviii
            return m.group(0)  # Michaelson-Morely: a name, not a range
        pa = re.fullmatch(r"([^\d]*)(\d+)", a)
        pb = re.fullmatch(r"([^\d]*)(\d+)", b)
        if not pa or not pb or pa.group(1) != pb.group(1) and pb.group(1) or (pa.group(1) and not pb.group(1)):
            return f"{a}-{b}"  # not a range the format can work on (N110-5, 110-N6): as written, closed up
        prefix, x, y = pa.group(1), pa.group(2), pb.group(2)
        if not fmt:
            return f"{a}{delim}{b}"
        if len(y) < len(x):
            y = x[: len(x) - len(y)] + y  # 321-8 means 321-328
        y = _collapse_pages(x, y, fmt)
        second = (prefix if fmt == "expanded" or len(y) == len(x) else "") + y
        return f"{prefix}{x}{delim}{second}"

    return re.sub(r"([\w]+)\s*(?:-|–|—)+\s*([\w]+)", one, value)


def _collapse_pages(a: str, b: str, fmt: str) -> str:
    if len(a) != len(b) or fmt == "expanded":
        return b
    if fmt == "minimal":
        i = 0
        while i < len(a) - 1 and a[i] == b[i]:
            i += 1
        return b[i:]
    if fmt == "minimal-two":
        i = 0
        while i < len(a) - 2 and a[i] == b[i]:
            i += 1
        return b[i:]
    if fmt == "chicago" or fmt == "chicago-15" or fmt == "chicago-16":
        n = int(a)
        if n < 100 or n % 100 == 0:
            return b
        if fmt != "chicago-16" and len(a) == 4 and sum(x != y for x, y in zip(a, b, strict=True)) >= 3:
            return b  # 1496–1504: three of four digits change (Chicago 15)
        if n % 100 < 10:
            i = 0
            while i < len(a) - 1 and a[i] == b[i]:
                i += 1
            return b[i:]
        if len(a) == 4 and fmt == "chicago-15" and a[:2] != b[:2]:
            return b
        i = 0
        while i < len(a) - 2 and a[i] == b[i]:
            i += 1
        return b[i:]
    return b


def _roman(n: int) -> str:
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
            (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    s = ""
    for v, r in vals:
        while n >= v:
            s += r
            n -= v
    return s


_NUMERIC = re.compile(r"^\s*[a-zA-Z]?\d+[a-zA-Z]{0,2}(\s*([-–&,]|and)\s*[a-zA-Z]?\d+[a-zA-Z]{0,2})*\s*$")


def is_numeric(value: Any) -> bool:
    if isinstance(value, (int, float)):
        return True
    return bool(_NUMERIC.match(str(value)))


class Number(Element):
    def __init__(self, el: etree._Element, style: Any):
        super().__init__(el, style)
        self.variable = el.get("variable", "")
        self.form = el.get("form", "numeric")

    def render(self, ctx: Context) -> out.Node | None:
        ctx.called += 1
        value = ctx.value(self.variable)
        if value is None:
            return None
        ctx.found += 1
        text = str(value)
        if not is_numeric(text):
            return self.wrap(text.replace("\\-", "-"), ctx)
        gender = ctx.locale.gender(self.variable)

        def fmt_one(m: re.Match[str]) -> str:
            n = int(m.group(0))
            if self.form == "ordinal":
                return f"{n}{ctx.locale.ordinal(n, gender)}"
            if self.form == "long-ordinal":
                return ctx.locale.long_ordinal(n, gender) or f"{n}{ctx.locale.ordinal(n, gender)}"
            if self.form == "roman":
                return _roman(n)
            return str(n)

        text = re.sub(r"\d+", fmt_one, text.strip())
        text = re.sub(r"(?<=\w)\s*-\s*(?=\d)", "–", text)  # 1-2 is a range; 2-е (2nd) is not
        text = re.sub(r"\s*,\s*", ", ", text)
        text = re.sub(r"\s*&\s*", f" {ctx.locale.term('and', 'symbol') or '&'} ", text)
        return self.wrap(text, ctx)


class Label(Element):
    def __init__(self, el: etree._Element, style: Any):
        super().__init__(el, style)
        self.variable = el.get("variable", "")
        self.form = el.get("form", "long")
        self.plural = el.get("plural", "contextual")

    def render(self, ctx: Context, count: int | None = None) -> out.Node | None:
        var = self.variable
        if var == "locator":
            if not ctx.cite or not ctx.cite.locator:
                return None
            term = ctx.cite.label or "page"
            value = ctx.cite.locator
        else:
            value = ctx.value(var)
            if value is None:
                return None
            term = var
        if self.plural == "always":
            plural = True
        elif self.plural == "never":
            plural = False
        elif count is not None:
            plural = count > 1
        elif var in ("number-of-pages", "number-of-volumes"):
            try:
                plural = int(str(value).strip()) > 1
            except ValueError:
                plural = False
        else:
            plural = _plural_value(str(value))
        t = ctx.locale.term(term, self.form, plural)
        if not t:
            return None
        return self.wrap(t, ctx)


def _plural_value(value: str) -> bool:
    """A value names several things when it holds two numbers not joined by an escaped
    hyphen: "1–2", "S213–S235", "213, and 235", "213 & 235", "i–ix"."""
    if "\\-" in value:
        return False
    # the first number, a joining mark or word ("&", "and", "et") and straight away another
    # number: "213, et 235" are pages; "1, fol. 186" is one volume
    if re.match(r"\s*[A-Za-z]*\d+[A-Za-z]*\s*(?:,?\s*[^\W\d_]+\s+|[,&–—-]\s*)[A-Za-z]*\d", value):
        return True
    return bool(re.search(r"\b[ivxlcdm]+\s*[,&–—-]\s*[ivxlcdm]+\b", value, re.I))


class Group(Element):
    def __init__(self, el: etree._Element, style: Any):
        super().__init__(el, style)
        self.delimiter = el.get("delimiter", "")

    def render(self, ctx: Context) -> out.Node | None:
        called, found = ctx.called, ctx.found
        ctx.called = ctx.found = 0
        parts: list[out.Node | None] = []
        for c in self.children:  # cs:choose is transparent: the group's delimiter goes between its parts
            if isinstance(c, Choose):
                parts.extend(c.render_parts(ctx))
            else:
                parts.append(c.render(ctx))
        inner_called, inner_found = ctx.called, ctx.found
        ctx.called, ctx.found = called + inner_called, found + inner_found
        shown = [p for p in parts if p is not None and not p.is_empty()]
        if not shown or (inner_called > 0 and inner_found == 0):
            return None
        if inner_called == 0:  # a group of fixed text that prints counts as found for its parent
            ctx.called += 1
            ctx.found += 1
        return self.wrap(join(shown, self.delimiter), ctx)


def join(parts: list[out.Node], delimiter: str) -> out.Node:
    children: list[out.Child] = []
    for i, p in enumerate(parts):
        if i and delimiter:
            children.append(delimiter)
        children.append(p)
    return out.Node(children)


class Macro:
    def __init__(self, el: etree._Element, style: Any):
        self.children = [c for c in (build(x, style) for x in el if isinstance(x.tag, str)) if c is not None]

    def render(self, ctx: Context) -> out.Node | None:
        parts = [c.render(ctx) for c in self.children]
        parts = [p for p in parts if p is not None and not p.is_empty()]
        return join(parts, "") if parts else None


class Choose:
    def __init__(self, el: etree._Element, style: Any):
        self.branches: list[tuple[dict[str, str] | None, list[Any]]] = []
        for b in el:
            if not isinstance(b.tag, str):
                continue
            kids = [c for c in (build(x, style) for x in b if isinstance(x.tag, str)) if c is not None]
            name = local(b)
            self.branches.append((None if name == "else" else dict(b.attrib), kids))

    def render(self, ctx: Context) -> out.Node | None:
        parts = self.render_parts(ctx)
        return join(parts, "") if parts else None

    def render_parts(self, ctx: Context) -> list[out.Node]:
        tested = any(c is not None and "variable" in c for c, _ in self.branches)
        for cond, kids in self.branches:
            if cond is None or test(cond, ctx):
                parts: list[out.Node] = []
                for k in kids:
                    if isinstance(k, Choose):
                        parts.extend(k.render_parts(ctx))
                    else:
                        r = k.render(ctx)
                        if r is not None and not r.is_empty():
                            parts.append(r)
                if parts and tested and cond is None:  # a stand-in for missing data (n.d.) counts as found
                    ctx.called += 1
                    ctx.found += 1
                return parts
        return []


_POSITIONS = {"first": 0, "subsequent": 1, "ibid": 2, "ibid-with-locator": 3}


def test(cond: dict[str, str], ctx: Context) -> bool:
    match = cond.get("match", "all")
    results: list[bool] = []
    for attr, value in cond.items():
        if attr == "match":
            continue
        for token in value.split():
            results.append(_test_one(attr, token, ctx))
    if not results:
        return False
    if match == "any":
        return any(results)
    if match == "none":
        return not any(results)
    return all(results)


def _test_one(attr: str, token: str, ctx: Context) -> bool:
    if attr == "type":
        return ctx.item.get("type") == token
    if attr == "variable":
        if token == "locator":
            return bool(ctx.cite and ctx.cite.locator)
        if token == "year-suffix":
            return bool(ctx.year_suffix)
        if token == "citation-number":
            return ctx.number is not None
        v = ctx.value(token)
        if token in DATE_VARIABLES:  # a date counts when it has a year, a season or a literal
            from .dates import date_parts

            return isinstance(v, dict) and (date_parts(v)[0][0] is not None or bool(v.get("literal")))
        return v is not None and v != {} and not (isinstance(v, dict) and not any(v.values()))
    if attr == "is-numeric":
        v = ctx.value(token)
        return v is not None and is_numeric(v)
    if attr == "is-uncertain-date":
        v = ctx.value(token)
        return isinstance(v, dict) and bool(v.get("circa"))
    if attr == "locator":
        if not ctx.cite or not ctx.cite.locator:
            return False
        label = ctx.cite.label or "page"
        return label == token or (token == "sub-verbo" and label == "sub verbo")
    if attr == "position":
        if ctx.mode != "citation" or ctx.cite is None:
            return False
        if token == "near-note":
            return ctx.cite.near_note and ctx.cite.position > 0
        want = _POSITIONS.get(token, -1)
        pos = ctx.cite.position
        if want == 1:
            return pos >= 1
        if want == 2:
            return pos >= 2
        return pos == want
    if attr == "disambiguate":
        return ctx.disambiguate == (token == "true")
    return False


class Layout(Element):
    def __init__(self, el: etree._Element, style: Any):
        super().__init__(el, style)
        self.delimiter = el.get("delimiter", "")

    def wrap(self, content: out.Node | str | None, ctx: Context, case: bool = True,
             term: bool = False) -> out.Node | None:
        """A layout's formatting takes in its affixes: ``<b>([1]–[3])</b>``."""
        node = _as_node(content)
        if node is None:
            return None
        last = _last_display(node)
        if last is not None and self.suffix:  # the layout's suffix ends the last display block
            last.children.append(self.suffix)
            parts: list[out.Child] = [p for p in (self.prefix, node) if p]
        else:
            parts = [p for p in (self.prefix, node, self.suffix) if p]
        return out.Node([out.Node(parts, dict(self.fmt))], display=self.display)

    def render(self, ctx: Context) -> out.Node | None:
        parts = [c.render(ctx) for c in self.children]
        parts = [p for p in parts if p is not None and not p.is_empty()]
        return join(parts, "") if parts else None


def _last_display(node: out.Node) -> out.Node | None:
    """The display block a rendering ends with, if it ends with one."""
    while node.children:
        last = node.children[-1]
        if isinstance(last, str):
            return None
        if last.display:
            return last
        node = last
    return None


def build(el: etree._Element, style: Any) -> Any:
    name = local(el)
    from .dates import DateEl
    from .names import Names

    cls = {"text": Text, "number": Number, "label": Label, "group": Group, "choose": Choose,
           "names": Names, "date": DateEl}.get(name)
    if cls is None:
        return None
    return cls(el, style)
