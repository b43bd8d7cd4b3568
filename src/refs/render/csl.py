"""The adapter around citeproc-py: the only module that imports it.

citeproc-py renders; this module prepares what it reads and mends what it gets wrong
(see shared CITEPROC.md), without touching the installed package:

* styles are loaded from XML we may adjust in memory: our locales (az-AZ, kk-KZ) are put into
  the style as in-style locales, and the left-margin label of numeric styles is marked so
  every output format can lay it out (``[1] text``, a two-column HTML entry);
* variables a ``cs:substitute`` used are suppressed in the rest of the entry, macros included;
* author-date styles that ask for it get year suffixes (2024a, 2024b);
* numeric citations collapse to ranges (``[1]–[3]``);
* en-US punctuation moves inside closing quotes; empty leftovers of missing fields go;
* formatting travels as marker characters (``richtext``), so field values are escaped in
  every output format;
* entries are sorted by the locale's collation, not by code point.
"""

from __future__ import annotations

import copy
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import model as cp_model
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from lxml import etree

from . import richtext
from .collation import sort_key
from .registry import CSL_NS, Locale, Style

__all__ = ["Engine", "Entry", "Cite", "LOCATOR_LABELS", "parse_locator"]

_NS = {"cs": CSL_NS}
_PARSER = etree.XMLParser(remove_comments=True, resolve_entities=False, no_network=True, load_dtd=False)

# -- citeproc-py mended at run time (the installed package is never edited) ---------------------


def _variables_of(element: Any) -> list[str]:
    """Every variable an element renders, through its macros."""
    found: list[str] = []
    stack = [element]
    seen_macros: set[str] = set()
    while stack:
        el = stack.pop()
        var = el.get("variable")
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if var and tag in ("text", "names", "date", "number", "label"):  # not cs:if conditions
            found.extend(var.split())
        macro = el.get("macro")
        if macro and macro not in seen_macros:
            seen_macros.add(macro)
            try:
                stack.append(el.get_macro(macro))
            except Exception:  # noqa: BLE001 - a style naming a missing macro renders without it
                pass
        stack.extend(el.getchildren())
    return found


def _substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    """cs:substitute renders its first child that gives output; CSL then suppresses the
    variables that child used for the rest of the entry. citeproc-py records only a child's
    own ``variable``, so a title reached through a macro or a cs:choose came out twice."""
    text = None
    for child in self.getchildren():
        try:
            if isinstance(child, cp_model.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except cp_model.VariableError:
            continue
        if text:
            _repress(child, context, item, str(text))
            break
    return text


def _repress(child: Any, context: Any, item: Any, rendered: str) -> None:
    layout = context.get_layout()
    plain = richtext.strip(rendered).lower()
    for var in _variables_of(child):
        try:
            value = item.reference[var.replace("-", "_")]
        except (KeyError, cp_model.VariableError, AttributeError):
            continue
        shown = " ".join(richtext.strip(str(value)).lower().split())
        if var in (child.get("variable") or "").split() or (shown and shown in " ".join(plain.split())):
            for tag in (f"{{{CSL_NS}}}text", f"{{{CSL_NS}}}names", child.tag):
                layout.repressed.setdefault(tag, []).append(var)


cp_model.Substitute.render = _substitute_render

# Words English title case leaves in lower case (CSL 1.0.2's list and the prepositions
# citeproc-js also keeps lower), unless first, last, or after a colon.
_STOP_WORDS = frozenset(
    """a an and as at but by down for from in into nor of on onto or over so the till to up via
    with yet about above across after against along amid among around before behind below beneath
    beside between beyond during except inside like near off out outside past per since than
    through toward towards under underneath until upon versus vs within without""".split()
)
_TITLE_TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’])*|\s+|.", re.S)


def _title_case_plain(text: str, first: bool, is_last: bool = True) -> tuple[str, bool]:
    """Title case as citeproc-js applies it: every all-lower-case word (and each part of a
    hyphenated compound or a dotted name) gets a capital, stop words stay lower."""
    out = []
    tokens = _TITLE_TOKEN.findall(text)
    words = [i for i, t in enumerate(tokens) if t[0].isalnum()]
    last = words[-1] if words and is_last else -1
    boundary = first
    for i, tok in enumerate(tokens):
        if tok[0].isalnum():
            if tok.islower() and tok[0].isalpha() and (boundary or i == last or tok not in _STOP_WORDS):
                tok = tok[0].upper() + tok[1:]
            boundary = False
        elif tok in (":", "?", "!", "—", "–"):
            boundary = True
        out.append(tok)
    return "".join(out), boundary


_original_case = cp_model.TextCased.case


def _case(self: Any, text: Any, language: Any = None) -> Any:
    """citeproc-py's title case splits on spaces, joins with spaces (so "(president.az)" with a
    case-protected part came out as "( president.az )") and misses hyphenated compounds.
    Terms and labels have no item language: they are in the output locale's."""
    if language is None:
        language = (self.get_root().get("refs-locale") or "en")[:2]
    if self.get("text-case") != "title" or language != "en":
        return _original_case(self, text, language)
    from citeproc.string import MixedString, NoCase, String

    if isinstance(text, MixedString):
        parts = list(text)
        out = []
        first = True
        for n, part in enumerate(parts):
            if isinstance(part, NoCase):
                out.append(part)
                first = False
            else:
                cased, first = _title_case_plain(str(part), first, is_last=n == len(parts) - 1)
                out.append(String(cased))
        return MixedString(out)
    cased, _ = _title_case_plain(str(text), True)
    return type(text)(cased) if isinstance(text, str) else cased


cp_model.TextCased.case = _case


def _initialize(self: Any, given: str, mark: str, context: Any) -> str:
    """Given names to initials as CSL says: ``initialize="false"`` keeps full names (Chicago,
    MLA), each hyphenated part gets its own initial (Jean-Luc -> J.-L.), a lower-case part
    after a hyphen is dropped (Ji-won -> J.), lower-case particles are kept."""
    if self.get("initialize", "true") == "false":
        return given
    with_hyphen = self.get_option("initialize-with-hyphen", context)
    out = []
    for h, hyphen_part in enumerate(str(given).split("-")):
        words = hyphen_part.replace(".", " ").split()
        initials = []
        for word in words:
            if word[0].isupper():
                initials.append(word[0] + mark)
            elif h == 0:
                initials.append(word + " ")  # a particle such as "de"
        if initials:
            out.append("".join(initials).rstrip())
    joiner = "-" if with_hyphen else " "
    return joiner.join(out) if out else str(given)


cp_model.Name.initialize = _initialize


# -- groups vanish when the variables they call are all empty (CSL 1.0.2, cs:group) ----------
# citeproc-py decided from the children that *could* call a variable, so a group whose
# rendered branch held only a literal ("(Publication)", "Edition.") stayed. refs counts the
# variables that really rendered.

_called = [0]  # variables the rendered branches asked for
_rendered = [0]  # ... and those that gave text


def _counting(method: Any, text: bool = False) -> Any:
    """Count calls and non-empty results. For cs:text (``text``), only a ``variable`` counts,
    and ``year-suffix`` does not, as citeproc-js does not count it."""
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if text and self.get("variable") in cp_model.Text.generated_variables:
            return method(self, *args, **kwargs)
        _called[0] += 1
        result = method(self, *args, **kwargs)
        if result not in (None, "", []):
            _rendered[0] += 1
        return result

    return wrapper


cp_model.Text._variable = _counting(cp_model.Text._variable, text=True)
cp_model.Date.process = _counting(cp_model.Date.process)
cp_model.Number.process = _counting(cp_model.Number.process)
_names_process = cp_model.Names.process


def _names_process_repressed(self: Any, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
    """Names a substitute already used are not rendered again (the editor of an edited book
    stood both in the author's place and after the title)."""
    ctx = context if context is not None else self
    try:
        repressed = set(ctx.get_layout().repressed.get(f"{{{CSL_NS}}}names", []))
    except (AttributeError, IndexError):
        repressed = set()
    roles = (self.get("variable") or "").split()
    _called[0] += 1
    if roles and repressed and all(r in repressed for r in roles):
        raise cp_model.VariableError
    result = _names_process(self, item, names_context=names_context, context=context, **kwargs)
    if result not in (None, "", []):
        _rendered[0] += 1
    return result


cp_model.Names.process = _names_process_repressed


def _group_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    """A group is left out when the branches it rendered called variables and all were empty."""
    output = []
    called, rendered = _called[0], _rendered[0]
    delimiter = self.get("delimiter", "")
    for child in self.iterchildren():
        try:
            if isinstance(child, cp_model.Choose):
                text = child.render(item, context=context, delimiter=delimiter, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except cp_model.VariableError:
            continue
        if text is not None:
            output.append(text)
    variable_called = _called[0] > called
    variable_rendered = _rendered[0] > rendered
    if output and (not variable_called or variable_rendered):
        return self.join(output)
    raise cp_model.VariableError


cp_model.Group.process = _group_process


def _format_last_page(self: Any, first: str, last: str) -> str:
    """Page ranges as CSL's page-range-format says; citeproc-py cut "1–20" to "1–0"."""
    fmt = self.get_root().get_option("page-range-format")
    if not (first.isdigit() and last.isdigit()) or len(first) != len(last) or fmt in (None, "expanded"):
        return last
    common = 0
    while common < len(first) and first[common] == last[common]:
        common += 1
    if fmt in ("chicago", "chicago-15", "chicago-16"):
        n = int(first)
        if n < 100 or n % 100 == 0:
            return last
        if fmt != "chicago-16" and len(first) >= 4 and common < 2:
            return last
        fmt = "minimal" if n % 100 < 10 else "minimal-two"
    if fmt == "minimal":
        return last[min(common, len(last) - 1):]
    if fmt == "minimal-two":
        return last[min(common, max(len(last) - 2, 0)):]
    return last


cp_model.FormatNumber._format_last_page = _format_last_page


def _render_single_date(self: Any, date: Any, show_parts: Any = None, context: Any = None) -> Any:
    """A localized date keeps its own delimiter unless the calling cs:date sets one
    (citeproc-py joined "2020 May 5" into "2020May5")."""
    parts = self.parts(date, show_parts, context) if context is not self else self.parts(date, show_parts)
    if not parts:
        return None
    if self.is_locale_date() and context is not None:
        delimiter = context.get("delimiter", self.get("delimiter", ""))
        from citeproc.string import join

        return join(parts, delimiter)
    return self.join(parts)


cp_model.Date.render_single_date = _render_single_date


def _register(self: Any, citation: Any, callback: Any = None) -> None:
    """citeproc-py checked membership in a list: registering n items cost n²."""
    citation.bibliography = self
    known = self.__dict__.setdefault("_refs_keys", set(self.keys))
    for item in citation.cites:
        if item.key in self.source:
            if item.key not in known:
                known.add(item.key)
                self.keys.append(item.key)
                self.items.append(item)
        elif callback is not None:
            callback(item)


CitationStylesBibliography.register = _register


# -- speed: citeproc-py searched the style tree with XPath for every macro, layout, name option
# and term, tens of thousands of times per hundred entries. The style does not change while it
# renders, so each (element, expression) is searched once. Output is byte-identical (a test
# renders a varied library in the seven styles with and without it).

FAST = True
_XPATH: dict[tuple[int, str], tuple[Any, Any]] = {}
_original_xpath_search = cp_model.CitationStylesElement.xpath_search


def _xpath_search(self: Any, expression: str) -> Any:
    if not FAST:
        return _original_xpath_search(self, expression)
    key = (id(self), expression)
    hit = _XPATH.get(key)
    if hit is not None and hit[0] is self:
        return hit[1]
    result = _original_xpath_search(self, expression)
    if len(_XPATH) > 500_000:
        _XPATH.clear()
    _XPATH[key] = (self, result)  # holding the element keeps its id from being reused
    return result


cp_model.CitationStylesElement.xpath_search = _xpath_search


def _item_reference(self: Any) -> Any:
    """The reference of a cited item, looked up once (citeproc-py walked citation ->
    bibliography -> source on every variable)."""
    ref = self.__dict__.get("_refs_reference")
    if ref is None or not FAST:
        ref = self.citation.bibliography.source[self.key]
        self.__dict__["_refs_reference"] = ref
    return ref


def _item_number(self: Any) -> int:
    """Citation number without a linear search of the key list for every item (quadratic)."""
    bib = self.citation.bibliography
    keys = bib.keys
    cached = bib.__dict__.get("_refs_numbers")
    if not FAST:
        return keys.index(self.key) + 1
    if cached is None or cached[0] is not keys or cached[1] != len(keys):
        cached = (keys, len(keys), {k: i + 1 for i, k in enumerate(keys)})
        bib.__dict__["_refs_numbers"] = cached
    return cached[2][self.key]


CitationItem.reference = property(_item_reference)
CitationItem.number = property(_item_number)

# Sorting by a macro renders the macro for every item; with a render cache those keys are
# cached like entries (the comparison uses them as text, so text is all that is kept).
_SORT_CACHE: dict[str, Any] = {}
_original_sort_keys = cp_model.Key.sort_keys
_NONE = "\x00none"


def _sort_keys(self: Any, items: Any, context: Any) -> Any:
    if len(items) < 2:  # one item (a citation of one work) sorts the same whatever its key
        return [None] * len(items)
    cache = _SORT_CACHE.get("cache")
    if cache is None or "macro" not in self.attrib:
        return _original_sort_keys(self, items, context)
    from .cache import entry_key

    engine, ctx = _SORT_CACHE["engine"], _SORT_CACHE["context"]
    what = "sort:" + self.get("macro") + ":" + ",".join(f"{k}={v}" for k, v in sorted(self.attrib.items()))
    keys = [entry_key(engine._json(item.key), ctx, what) for item in items]
    found = cache.get_many(keys)
    missing = [i for i, k in enumerate(keys) if k not in found]
    fresh = {}
    if missing:
        rendered = _original_sort_keys(self, [items[i] for i in missing], context)
        for i, value in zip(missing, rendered, strict=True):
            fresh[keys[i]] = _NONE if value is None else str(value)
        cache.put_many(fresh)
    values = [found.get(k, fresh.get(k)) for k in keys]
    return [None if v == _NONE else v for v in values]


cp_model.Key.sort_keys = _sort_keys

_original_get_formatter = cp_model.CitationStylesElement.get_formatter


def _get_formatter(self: Any) -> Any:
    """Every refs engine renders with the same marker formatter; citeproc-py climbed to the
    root of the tree for it on every element."""
    return _FORMATTER if FAST else _original_get_formatter(self)


cp_model.CitationStylesElement.get_formatter = _get_formatter


# -- locators ---------------------------------------------------------------------------------

#: Locator abbreviations in the languages refs reads -> CSL locator labels.
LOCATOR_LABELS = {
    "p": "page", "pp": "page", "s": "page", "ss": "page", "с": "page", "сс": "page", "стр": "page",
    "səh": "page", "səhifə": "page", "bet": "page", "б": "page", "бб": "page",
    "vol": "volume", "т": "volume", "cild": "volume", "ch": "chapter", "chap": "chapter", "гл": "chapter",
    "§": "section", "sec": "section", "fig": "figure", "рис": "figure", "no": "issue", "nr": "issue",
    "col": "column", "l": "line", "ll": "line", "par": "paragraph", "para": "paragraph", "fol": "folio",
    "art": "section", "tab": "figure", "table": "figure",
}


def parse_locator(text: str | None) -> tuple[str, str] | None:
    """``p. 45`` -> (page, 45); ``с. 12`` -> (page, 12)."""
    if not text:
        return None
    m = re.match(r"^\s*(§|[^\W\d_]+)\.?\s*(.+)$", text.strip())
    if not m:
        return ("page", text.strip())
    label = LOCATOR_LABELS.get(m.group(1).lower(), "page")
    return label, m.group(2).strip()


# -- data -------------------------------------------------------------------------------------

_PASS = {"language", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "id", "type"}


def _prepare(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item as citeproc-py reads it: formatting as markers, CSL 1.0.2 names that
    citeproc-py knows by their 1.0.1 names, nothing it would choke on."""
    out: dict[str, Any] = {}
    for var, value in item.items():
        if var == "citation-key":
            continue
        if isinstance(value, str) and var not in _PASS:
            value = richtext.from_csl_markup(value, keep_nocase=True)
        out[var] = value
    if "event-title" in out and "event" not in out:
        out["event"] = out["event-title"]
    for var in ("issued", "accessed", "event-date", "original-date", "submitted"):
        date = out.get(var)
        if isinstance(date, dict) and not date.get("date-parts") and "literal" not in date:
            del out[var]
    return out


# -- styles -----------------------------------------------------------------------------------


def _load_style_xml(style: Style, locale: Locale | None) -> tuple[bytes, dict[str, Any]]:
    tree = etree.parse(str(style.path), _PARSER)
    root = tree.getroot()
    if locale is not None:
        root.set("refs-locale", locale.tag)
    elif root.get("default-locale"):
        root.set("refs-locale", root.get("default-locale"))
    info: dict[str, Any] = {
        "class": root.get("class", "in-text"),
        "default_locale": root.get("default-locale"),
        "numeric": False,
        "year_suffix": False,
        "collapse": None,
        "layout_prefix": "",
        "layout_suffix": "",
        "layout_delimiter": "",
        "sorted": False,
        "subsequent_author_substitute": None,
        "punctuation_in_quote": None,
    }
    category = root.find("cs:info/cs:category[@citation-format]", _NS)
    if category is not None:
        info["format"] = category.get("citation-format")
        info["numeric"] = category.get("citation-format") == "numeric"
    citation = root.find("cs:citation", _NS)
    if citation is not None:
        info["year_suffix"] = citation.get("disambiguate-add-year-suffix") == "true"
        info["collapse"] = citation.get("collapse")
        layout = citation.find("cs:layout", _NS)
        if layout is not None:
            info["layout_prefix"] = layout.get("prefix", "")
            info["layout_suffix"] = layout.get("suffix", "")
            info["layout_delimiter"] = layout.get("delimiter", "")
    bibliography = root.find("cs:bibliography", _NS)
    if bibliography is not None:
        info["sorted"] = bibliography.find("cs:sort", _NS) is not None
        info["subsequent_author_substitute"] = bibliography.get("subsequent-author-substitute")
        if bibliography.get("second-field-align"):
            layout = bibliography.find("cs:layout", _NS)
            first = next((el for el in layout if isinstance(el.tag, str)), None) if layout is not None else None
            if first is not None:
                group = etree.Element(f"{{{CSL_NS}}}group", prefix=richtext.LABEL_OPEN, suffix=richtext.LABEL_CLOSE)
                first.addprevious(group)
                group.append(first)
    if locale is not None and locale.path is not None and locale.source == "project":
        loc_root = etree.parse(str(locale.path), _PARSER).getroot()
        injected = etree.Element(f"{{{CSL_NS}}}locale")
        injected.set("{http://www.w3.org/XML/1998/namespace}lang", locale.tag)
        for child in loc_root:
            if isinstance(child.tag, str) and not child.tag.endswith("}info"):
                injected.append(copy.deepcopy(child))
        info_el = root.find("cs:info", _NS)
        if info_el is not None:
            info_el.addnext(injected)
        else:
            root.insert(0, injected)
        opts = loc_root.find("cs:style-options", _NS)
        info["punctuation_in_quote"] = opts is not None and opts.get("punctuation-in-quote") == "true"
    return etree.tostring(tree, encoding="utf-8", xml_declaration=True), info


@dataclass
class Entry:
    """One rendered bibliography entry (marker-formatted; see richtext)."""

    key: str
    number: int
    marked: str

    @property
    def text(self) -> str:
        return richtext.to_text(self.marked)

    @property
    def html(self) -> str:
        return richtext.to_html(self.marked)


@dataclass
class Cite:
    key: str
    locator: str | None = None


@dataclass
class Engine:
    """One style in one locale over one list of CSL-JSON items."""

    style: Style
    locale: Locale | None
    items: list[dict[str, Any]]
    info: dict[str, Any] = field(default_factory=dict)
    cache: Any = None  # a render cache (render/cache.py), or None

    def __post_init__(self) -> None:
        xml, self.info = _load_style_xml(self.style, self.locale)
        if self.cache is not None:
            from .cache import file_hash

            loc_path = self.locale.path if self.locale is not None else None
            self._context = f"{file_hash(self.style.path)}|{self.locale.tag if self.locale else '-'}|{file_hash(loc_path)}"
        self._numbered = b"citation-number" in xml  # entries that show their number
        tag = self.locale.tag if self.locale else (self.info["default_locale"] or "en-US")
        self.tag = tag
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._style = CitationStylesStyle(io.BytesIO(xml), locale=tag, validate=False)
        if self.info["punctuation_in_quote"] is None:
            try:
                self.info["punctuation_in_quote"] = self._style.root.get_locale_option("punctuation-in-quote") == "true"
            except Exception:  # noqa: BLE001 - a style without locale options
                self.info["punctuation_in_quote"] = False
        self._by_key = {str(i["id"]).lower(): i for i in self.items}
        self._ranges: dict[str, list[tuple[int, int, int | None, int, int | None]]] = {}
        self._source = CiteProcJSON([self._same_year_ranges(_prepare(i)) for i in self.items])
        self._bib = CitationStylesBibliography(self._style, self._source, _FORMATTER)
        self._suffixes: dict[str, str] = {}
        self._registered = False
        self._sorted_n = -1

    def _same_year_ranges(self, item: dict[str, Any]) -> dict[str, Any]:
        """A range within one year (``2000-07/2000-08``) crashes citeproc-py's date ranges in
        some styles and loses its year in others. citeproc-py gets the first date alone, so each
        style shows what it shows of a date (APA the year, IEEE "Jul. 2000"); ``_widen`` then
        puts the end of the range beside the month and day the style wrote."""
        for var in ("issued", "accessed", "event-date", "original-date", "submitted"):
            date = item.get(var)
            parts = date.get("date-parts") if isinstance(date, dict) else None
            if not parts or len(parts) != 2 or len(parts[0]) < 2 or len(parts[1]) < 2 or parts[0][0] != parts[1][0]:
                continue
            try:
                (year, m1, *d1), (_, m2, *d2) = [[int(p) for p in side] for side in parts]
            except (TypeError, ValueError):
                continue
            if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
                continue
            self._ranges.setdefault(str(item["id"]).lower(), []).append(
                (year, m1, d1[0] if d1 else None, m2, d2[0] if d2 else None))
            item = {**item, var: {**date, "date-parts": [[year, m1, *d1[:1]]]}}
        return item

    def _month(self, month: int, form: str) -> str | None:
        try:
            term = self._style.root.get_term(f"month-{month:02d}", form=None if form == "long" else form)
        except Exception:  # noqa: BLE001 - a locale without the term
            return None
        return term.single if term is not None and term.single else None

    def _widen(self, key: str, text: str) -> str:
        """The range's end put where the style wrote its start: "Jul. 2000" -> "Jul.–Aug. 2000",
        "12 July 2000" -> "12–14 July 2000"; a style that shows the year alone is left as it is."""
        for year, m1, d1, m2, d2 in self._ranges.get(key.lower(), []):
            names = [(self._month(m1, form), self._month(m2, form)) for form in ("long", "short")]
            for n1, n2 in names:
                if not n1 or not n2:
                    continue
                name = rf"(?<!\w){re.escape(n1)}(?!\w)"
                forms = [(rf"(?<!\d){d1}(?:st|nd|rd|th|\.)?\s+{name}", "dm"),
                         (rf"{name}\s+{d1}(?:st|nd|rd|th)?(?!\d)", "md")] if d1 else []
                forms.append((name, "m"))
                if n1.endswith("."):  # a style that strips periods writes "Jul"
                    forms.append((rf"(?<!\w){re.escape(n1[:-1])}(?!\w)", "m."))
                spots = [(m.start(), m.end(), how) for pattern, how in forms for m in re.finditer(pattern, text)]
                if not spots:
                    continue
                at = text.find(str(year))
                start, end, how = min(spots, key=lambda sp: abs(sp[0] - at) if at >= 0 else -sp[0])
                if how == "m" and n1.endswith(".") and not re.match(r"\s*\d", text[end:]):
                    # "2000 Jul.": the month's period was stripped, this one ends the entry
                    end, how = end - 1, "m."
                found = text[start:end]
                if how == "m.":
                    n1, n2, how = n1[:-1], n2.rstrip("."), "m"
                if how == "m" or not d2:
                    wide = f"{found}–{n2}" if m1 != m2 else found
                elif m1 == m2:
                    wide = found.replace(str(d1), f"{d1}–{d2}", 1)
                else:
                    wide = f"{found} – " + found.replace(str(d1), str(d2), 1).replace(n1, n2, 1)
                return text[:start] + wide + text[end:]
        return text

    # -- registration ---------------------------------------------------------------------
    def register(self, order: list[str]) -> None:
        """Cite ``order`` (keys) once each, in that order: numeric styles number by it."""
        for key in order:
            if key.lower() in self._source:
                self._bib.register(Citation([CitationItem(key)]))
        self._registered = True
        if self.info["year_suffix"]:
            self._suffixes = self._year_suffixes()

    def _ensure(self) -> None:
        if not self._registered:
            self.register([str(i["id"]) for i in self.items])

    # -- bibliography ---------------------------------------------------------------------
    def bibliography(self) -> list[Entry]:
        early = None
        if self._style.has_bibliography() and not self._numbered and not self._registered:
            # An entry's text does not depend on its place unless it shows a number: workers
            # render the entries while this process registers, disambiguates and sorts.
            early = self._start_entries([str(i["id"]) for i in self.items if str(i["id"]).lower() in self._source])
        self._ensure()
        if self._style.has_bibliography():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if self._needs_full_sort():
                    self._sort()
                if early is not None:
                    texts = early()
                    rendered = [texts[str(k).lower()] for k in self._bib.keys] if texts is not None else None
                else:
                    rendered = None
                if rendered is None:
                    rendered = self._render_entries()
        else:
            rendered = [self._cite_text([Cite(k)]) for k in self._bib.keys]
        entries = []
        for n, (key, text) in enumerate(zip(self._bib.keys, rendered, strict=True), start=1):
            item = self._by_key.get(key, {})
            text = self._widen(key, self._year_suffix(key, text, item))
            entries.append(Entry(str(item.get("id", key)), n, self._mend(text)))
        if not self.info["numeric"] and self.info["sorted"]:
            lang = (self.tag or "en").split("-")[0]
            entries.sort(key=lambda e: sort_key(richtext.strip(e.marked), lang))
            for n, e in enumerate(entries, start=1):
                e.number = n
        if self.info.get("subsequent_author_substitute") is not None:
            self._substitute_authors(entries)
        return entries

    def _substitute_authors(self, entries: list[Entry]) -> None:
        """``subsequent-author-substitute`` (MLA's ———), which citeproc-py does not do: an
        entry whose creators are the previous entry's shows the substitute instead."""
        sub = self.info["subsequent_author_substitute"]

        def creators(key: str) -> list[Any]:
            item = self._by_key.get(key.lower(), {})
            for var in ("author", "editor", "translator", "container-author"):
                if item.get(var):
                    return item[var]
            return []

        prev: list[Any] = []
        for entry in entries:
            names = creators(entry.key)
            if names and names == prev:
                text = entry.marked
                last = names[-1]
                tokens = [last.get("literal")] if last.get("literal") else [last.get("family"), last.get("given")]
                end = 0
                for tok in filter(None, tokens):
                    pos = text.find(tok)
                    if pos >= 0:
                        end = max(end, pos + len(tok))
                if end:
                    cut = end - 1 if text[end - 1] == "." else end
                    entry.marked = sub + text[cut:]
            prev = names

    def _sort(self) -> None:
        """Sort the registered items (once for a given set), through the cache when there is one."""
        if self._sorted_n == len(self._bib.keys):
            return
        if self.cache is not None:
            _SORT_CACHE.update(cache=self.cache, context=self._context, engine=self)
        try:
            self._bib.sort()
        finally:
            _SORT_CACHE.clear()
        self._bib.__dict__.pop("_refs_keys", None)
        self._sorted_n = len(self._bib.keys)

    def _render_entries(self) -> list[str]:
        """Each registered item's entry, from the cache where it holds the same item in the same
        style, locale and number; the rest rendered by citeproc-py (and cached)."""
        keys, items = self._bib.keys, self._bib.items
        if self.cache is None:
            return self._render_many(items)
        from .cache import entry_key

        cache_keys = [entry_key(self._json(k), self._context, "bib", str(n) if self._numbered else "")
                      for n, k in enumerate(keys, start=1)]
        found = self.cache.get_many(cache_keys)
        missing = [i for i, ck in enumerate(cache_keys) if ck not in found]
        rendered = self._render_many([items[i] for i in missing])
        fresh = {cache_keys[i]: text for i, text in zip(missing, rendered, strict=True)}
        self.cache.put_many(fresh)
        return [found.get(ck, fresh.get(ck, "")) for ck in cache_keys]

    def _start_entries(self, keys: list[str]) -> Callable[[], dict[str, str] | None] | None:
        """Start rendering the entries of ``keys`` (registration order) in worker processes and
        return what waits for them (key -> text, cached ones included; None if the workers
        failed); None when there are too few to send to workers."""
        if _workers() < 2 or len(keys) < PARALLEL_FROM:
            return None
        found: dict[str, str] = {}
        cache_keys: dict[str, str] = {}
        if self.cache is not None:
            from .cache import entry_key

            cache_keys = {k: entry_key(self._json(k.lower()), self._context, "bib", "") for k in keys}
            hits = self.cache.get_many(list(cache_keys.values()))
            found = {k: hits[ck] for k, ck in cache_keys.items() if ck in hits}
        missing = [k for k in keys if k not in found]
        if len(missing) < PARALLEL_FROM:
            return None
        chunks = [missing[i::_workers()] for i in range(_workers())]
        try:
            futures = [_pool().submit(_render_in_worker, (self.style, self.locale, self.items, keys, chunk))
                       for chunk in chunks]
        except Exception:  # noqa: BLE001 - a pool that cannot start: render here instead
            return None

        def wait() -> dict[str, str] | None:
            try:
                results = [f.result() for f in futures]
            except Exception:  # noqa: BLE001 - a worker that died: render here instead
                return None
            fresh = {k: text for chunk, texts in zip(chunks, results, strict=True)
                     for k, text in zip(chunk, texts, strict=True)}
            if self.cache is not None:
                self.cache.put_many({cache_keys[k]: text for k, text in fresh.items()})
            return {k.lower(): v for k, v in {**found, **fresh}.items()}

        return wait

    def _render_many(self, items: list[Any]) -> list[str]:
        """Entries for ``items``; large batches are split over worker processes (both cores)."""
        if len(items) >= PARALLEL_FROM and _workers() > 1:
            order = list(self._bib.keys)
            wanted = [item.key for item in items]
            chunks = [wanted[i::_workers()] for i in range(_workers())]
            jobs = [(self.style, self.locale, self.items, order, chunk) for chunk in chunks]
            try:
                results = _pool().map(_render_in_worker, jobs)
            except Exception:  # noqa: BLE001 - a pool that cannot start: render here instead
                results = None
            if results is not None:
                by_key = {k: text for chunk, texts in zip(chunks, results, strict=True)
                          for k, text in zip(chunk, texts, strict=True)}
                return [by_key[k] for k in wanted]
        return [self._render_one(item) for item in items]

    def _render_one(self, item: Any) -> str:
        rendered = self._style.render_bibliography([item])
        return str(rendered[0]) if rendered else ""

    # -- citations ------------------------------------------------------------------------
    def _cite_text(self, cites: list[Cite]) -> str:
        items = []
        for c in cites:
            extra: dict[str, Any] = {}
            loc = parse_locator(c.locator)
            if loc:
                extra["locator"] = Locator(*loc)
            items.append(CitationItem(c.key, **extra))
        citation = Citation(items)
        self._bib.register(citation)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return str(self._bib.cite(citation, lambda item: None))

    def cite(self, cites: list[Cite]) -> str:
        """A citation cluster in the style, marker-formatted."""
        self._ensure()
        cites = [c for c in cites if c.key.lower() in self._source]
        if not cites:
            return ""
        if self.info["numeric"] and self.info["collapse"] == "citation-number" and len(cites) > 2:
            return self._mend(self._collapsed(cites))
        text = self._cite_text(cites)
        for c in cites:
            text = self._widen(c.key, self._year_suffix(c.key.lower(), text, self._by_key.get(c.key.lower(), {})))
        return self._mend(text)

    def _collapsed(self, cites: list[Cite]) -> str:
        """[1], [2], [3] -> [1]–[3]: runs of three or more consecutive numbers collapse."""
        pre, suf, delim = self.info["layout_prefix"], self.info["layout_suffix"], self.info["layout_delimiter"]

        def inner(c: Cite) -> str:
            t = self._cite_text([c])
            if pre and t.startswith(pre):
                t = t[len(pre):]
            if suf and t.endswith(suf):
                t = t[: -len(suf)]
            return t

        numbered = []
        for c in cites:
            try:
                n = self._bib.keys.index(c.key.lower()) + 1
            except ValueError:
                n = 0
            numbered.append((n, c))
        numbered.sort(key=lambda x: x[0])
        parts: list[str] = []
        i = 0
        while i < len(numbered):
            j = i
            while (j + 1 < len(numbered) and numbered[j + 1][0] == numbered[j][0] + 1
                   and not numbered[j + 1][1].locator and not numbered[j][1].locator):
                j += 1
            if j - i >= 2:
                parts.append(f"{inner(numbered[i][1])}–{inner(numbered[j][1])}")
            else:
                parts.extend(inner(numbered[k][1]) for k in range(i, j + 1))
            i = j + 1
        return pre + (delim or ", ").join(parts) + suf

    # -- disambiguation -------------------------------------------------------------------
    def _year_suffixes(self) -> dict[str, str]:
        """Items whose citations read the same get a, b, c... in bibliography order."""
        groups: dict[str, list[str]] = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if self._needs_full_sort():
                self._sort()
        # Only items alike in year and first name can cite alike: render the cites of those alone
        alike: dict[tuple[str, str], list[str]] = {}
        for key in self._bib.keys:
            alike.setdefault(_cite_signature(self._by_key.get(str(key).lower(), {})), []).append(key)
        maybe = [key for keys in alike.values() if len(keys) > 1 for key in keys]
        texts = self._single_cites(maybe)
        for key in maybe:
            groups.setdefault(richtext.strip(texts[key]), []).append(key)
        out = {}
        by_key = {item.key: item for item in self._bib.items} if not self._needs_full_sort() else {}
        for keys in groups.values():
            if len(keys) > 1:
                if by_key:  # the bibliography's order among these alone
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        keys = [item.key for item in self._style.sort_bibliography([by_key[k] for k in keys])]
                for n, key in enumerate(keys):
                    out[key] = _letters(n)
        return out

    def _needs_full_sort(self) -> bool:
        """Whether the bibliography needs citeproc-py's sort of every item: not when the entries
        show no number and are put in order by their text afterwards (``bibliography``), where
        only the items that share a year suffix need their order among themselves."""
        return not self._style.has_bibliography() or self.info["numeric"] or self._numbered \
            or not self.info["sorted"]

    def _json(self, key: str) -> str:
        """The entry's canonical JSON, made once (every cache key hashes it)."""
        memo = self.__dict__.setdefault("_json_memo", {})
        if key not in memo:
            import json as _json

            memo[key] = _json.dumps(self._by_key.get(key, {}), sort_keys=True, ensure_ascii=False)
        return memo[key]

    def _single_cites(self, keys: list[str]) -> dict[str, str]:
        """Each key cited alone, through the cache when there is one."""
        if self.cache is None:
            return {k: self._cite_text([Cite(k)]) for k in keys}
        from .cache import entry_key

        numbers = {k: n for n, k in enumerate(self._bib.keys, start=1)}
        cache_keys = {k: entry_key(self._json(k), self._context, "cite", str(numbers[k]) if self._numbered else "")
                      for k in keys}
        found = self.cache.get_many(list(cache_keys.values()))
        fresh = {}
        out = {}
        for k, ck in cache_keys.items():
            if ck not in found:
                fresh[ck] = self._cite_text([Cite(k)])
            out[k] = found.get(ck, fresh.get(ck, ""))
        self.cache.put_many(fresh)
        return out

    def _year_suffix(self, key: str, text: str, item: dict[str, Any]) -> str:
        suffix = self._suffixes.get(key)
        if not suffix:
            return text
        year = None
        issued = item.get("issued") or {}
        parts = issued.get("date-parts") if isinstance(issued, dict) else None
        if parts and parts[0]:
            year = str(parts[0][0])
        candidates = [year] if year else []
        candidates += ["n.d.", "б. г.", "t.y."]
        for cand in candidates:
            if cand and cand in text:
                i = text.index(cand) + len(cand)
                sep = "-" if not cand[-1].isdigit() else ""
                return text[:i] + sep + suffix + text[i:]
        return text

    # -- mending --------------------------------------------------------------------------
    def _mend(self, text: str) -> str:
        text = re.sub(r"(?<=\w)'(?=\w)", "’", text)  # typographic apostrophes, as citeproc-js writes them
        if self.info["punctuation_in_quote"]:
            text = re.sub(r"([”’])([\ue000-\ue0ff]*)([.,])", r"\3\1\2", text)
        return richtext.tidy(text)


def _cite_signature(item: dict[str, Any]) -> tuple[str, str]:
    """What two items that cite alike in an author-date style must share: the year of the
    first date the style can show, and the family of the first name a cite can stand on
    (author, else editor, translator, else none). Different signatures never read the same;
    equal ones are rendered to see."""
    year = ""
    for var in ("issued", "original-date", "event-date"):
        date = item.get(var)
        if isinstance(date, dict) and date:
            parts = date.get("date-parts")
            year = str(parts[0][0]) if parts and parts[0] else str(date.get("literal") or date.get("raw") or "")
            break
    name = ""
    for var in ("author", "editor", "translator", "collection-editor", "composer", "director", "interviewer"):
        names = item.get(var)
        if names:
            first = names[0] if isinstance(names, list) else {}
            if isinstance(first, dict):  # the first word: "le Cun" = "Cun" with the particle "le";
                # "Clay et al." (a family as some files write it) = "Clay"
                words = " ".join(str(first.get(part) or "") for part in ("non-dropping-particle", "family", "literal"))
                name = re.sub(r"\W+", "", words.split()[0]).casefold() if words.split() else ""
            break
    return year, name


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


def _formatter() -> Any:
    """A citeproc-py formatter module that writes marker characters."""
    import types

    mod = types.ModuleType("refs_marker_formatter")

    def wrap(kind: str) -> type:
        a, b = richtext.MARK[kind]

        class Wrapped(str):
            def __new__(cls, text: str) -> str:  # type: ignore[misc]
                return str.__new__(cls, f"{a}{text}{b}")

        return Wrapped

    mod.preformat = lambda text: text  # type: ignore[attr-defined]
    mod.Italic = mod.Oblique = wrap("i")  # type: ignore[attr-defined]
    mod.Bold = wrap("b")  # type: ignore[attr-defined]
    mod.Light = str  # type: ignore[attr-defined]
    mod.Underline = wrap("u")  # type: ignore[attr-defined]
    mod.Superscript = wrap("sup")  # type: ignore[attr-defined]
    mod.Subscript = wrap("sub")  # type: ignore[attr-defined]
    mod.SmallCaps = wrap("sc")  # type: ignore[attr-defined]
    return mod


_FORMATTER = _formatter()


# -- worker processes for large batches -----------------------------------------------------

PARALLEL_FROM = 400  # below this, starting workers costs more than it saves
_POOL: Any = None


def _workers() -> int:
    import multiprocessing
    import os

    if "fork" not in multiprocessing.get_all_start_methods() or os.environ.get("REFS_WORKERS") == "1":
        return 1
    return max(1, min(int(os.environ.get("REFS_WORKERS") or os.cpu_count() or 1), 8))


def _pool() -> Any:
    global _POOL
    if _POOL is None:
        import atexit
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _POOL = ProcessPoolExecutor(max_workers=_workers(), mp_context=multiprocessing.get_context("fork"))
        atexit.register(_shutdown_pool)  # before the interpreter tears down what the pool needs
    return _POOL


def _shutdown_pool() -> None:
    global _POOL
    if _POOL is not None:
        _POOL.shutdown(wait=True, cancel_futures=True)
        _POOL = None


def _render_in_worker(job: tuple) -> list[str]:
    """In a worker: the same engine, the items registered in the parent's order (so numbers
    agree), and the entries of ``keys`` rendered."""
    style, locale, items, order, keys = job
    engine = Engine(style, locale, items)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for key in order:
            engine._bib.register(Citation([CitationItem(key)]))
        engine._bib.keys = list(order)
        by_key = {item.key: item for item in engine._bib.items}
        return [engine._render_one(by_key[k]) for k in keys]
