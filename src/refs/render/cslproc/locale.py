"""CSL locales: terms, date formats and options, looked up in the order the specification
gives (the style's own ``cs:locale`` for the dialect, for the language, for every language;
then the locale file of the dialect, of the language's primary dialect, and en-US)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

CSL_NS = "http://purl.org/net/xbiblio/csl"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)

PRIMARY_DIALECTS = {
    "af": "af-ZA", "ar": "ar", "bg": "bg-BG", "ca": "ca-AD", "cs": "cs-CZ", "cy": "cy-GB", "da": "da-DK",
    "de": "de-DE", "el": "el-GR", "en": "en-US", "es": "es-ES", "et": "et-EE", "eu": "eu", "fa": "fa-IR",
    "fi": "fi-FI", "fr": "fr-FR", "he": "he-IL", "hr": "hr-HR", "hu": "hu-HU", "id": "id-ID", "is": "is-IS",
    "it": "it-IT", "ja": "ja-JP", "km": "km-KH", "ko": "ko-KR", "la": "la", "lt": "lt-LT", "lv": "lv-LV",
    "mn": "mn-MN", "nb": "nb-NO", "nl": "nl-NL", "nn": "nn-NO", "pl": "pl-PL", "pt": "pt-PT", "ro": "ro-RO",
    "ru": "ru-RU", "sk": "sk-SK", "sl": "sl-SI", "sr": "sr-RS", "sv": "sv-SE", "th": "th-TH", "tr": "tr-TR",
    "uk": "uk-UA", "vi": "vi-VN", "zh": "zh-CN", "az": "az-AZ", "kk": "kk-KZ",
}


def _q(tag: str) -> str:
    return f"{{{CSL_NS}}}{tag}"


@dataclass
class _Part:
    """One cs:locale element: what it defines."""

    terms: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)  # (name, form, gender-form)
    genders: dict[str, str] = field(default_factory=dict)
    matches: dict[str, str] = field(default_factory=dict)  # ordinal-NN -> match
    dates: dict[str, etree._Element] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    has_ordinals: bool = False


def _read(element: etree._Element) -> _Part:
    part = _Part()
    for opts in element.iter(_q("style-options")):
        part.options.update(opts.attrib)
    for term in element.iter(_q("term")):
        name = term.get("name", "")
        form = term.get("form", "long")
        gform = term.get("gender-form", "")
        if name.startswith("ordinal"):
            part.has_ordinals = True
            if term.get("match"):
                part.matches[name] = term.get("match", "")
        if term.get("gender"):
            part.genders[name] = term.get("gender", "")
        single = term.find(_q("single"))
        multiple = term.find(_q("multiple"))
        if single is not None or multiple is not None:
            s = single.text or "" if single is not None else ""
            m = multiple.text or "" if multiple is not None else s
            part.terms[(name, form, gform)] = (s, m)
        else:
            text = term.text or ""
            part.terms[(name, form, gform)] = (text, text)
    for date in element.iter(_q("date")):
        part.dates[date.get("form", "")] = date
    return part


@lru_cache(maxsize=64)
def _file_part(path: str) -> _Part | None:
    p = Path(path)
    if not p.is_file():
        return None
    return _read(etree.parse(str(p), _PARSER).getroot())


_FALLBACK = {"verb-short": ("verb-short", "verb", "long"), "symbol": ("symbol", "short", "long"),
             "verb": ("verb", "long"), "short": ("short", "long"), "long": ("long",)}


class Locale:
    """The terms, dates and options of one output language."""

    def __init__(self, lang: str, style_locales: list[etree._Element], locales_dir: Path,
                 own_file: Path | None = None):
        """``own_file``: a locale file of the user's or the project's for ``lang`` (Azerbaijani,
        Kazakh), looked up before the files in ``locales_dir``."""
        self.lang = lang
        language = lang.split("-")[0]
        parts: list[_Part] = []
        for want in (lang, language, None):
            for el in style_locales:
                if el.get(XML_LANG) == want:
                    parts.append(_read(el))
        files = [lang, PRIMARY_DIALECTS.get(language, lang), "en-US"]
        if own_file is not None:
            part = _file_part(str(own_file))
            if part is not None:
                parts.append(part)
        seen = set()
        for name in files:
            if name in seen:
                continue
            seen.add(name)
            part = _file_part(str(locales_dir / f"locales-{name}.xml"))
            if part is not None:
                parts.append(part)
        self.parts = parts
        self.options: dict[str, str] = {}
        for part in reversed(parts):
            self.options.update(part.options)
        # ordinals: a part that defines any ordinal term replaces the ordinals of those after it
        self._ordinal_parts = []
        for part in parts:
            if part.has_ordinals:
                self._ordinal_parts = [part]
                break

    @property
    def punctuation_in_quote(self) -> bool:
        return self.options.get("punctuation-in-quote", "false") == "true"

    def term(self, name: str, form: str = "long", plural: bool = False, gender: str = "") -> str | None:
        for f in _FALLBACK.get(form, (form, "long")):
            for part in self.parts:
                for g in ((gender, "") if gender else ("",)):
                    found = part.terms.get((name, f, g))
                    if found is not None:
                        return found[1] if plural else found[0]
        return None

    def gender(self, name: str) -> str:
        for part in self.parts:
            if name in part.genders:
                return part.genders[name]
        return ""

    def date_format(self, form: str) -> etree._Element | None:
        for part in self.parts:
            if form in part.dates:
                return part.dates[form]
        return None

    def ordinal(self, n: int, gender: str = "") -> str:
        """The ordinal suffix of ``n`` (CSL 1.0.1 ordinal-00..99 with match rules, else the
        legacy ordinal-01..04 terms)."""
        parts = self._ordinal_parts or self.parts
        def look(name: str) -> str | None:
            for part in parts:
                for g in ((gender, "") if gender else ("",)):
                    if (name, "long", g) in part.terms:
                        return part.terms[(name, "long", g)][0]
            return None

        def match_of(name: str, default: str) -> str:
            for part in parts:
                if name in part.matches:
                    return part.matches[name]
            return default

        whole = f"ordinal-{n:02d}" if n < 100 else None
        if whole and match_of(whole, "last-digit" if n < 10 else "last-two-digits") == "whole-number":
            t = look(whole)
            if t is not None:
                return t
        last_two = f"ordinal-{n % 100:02d}"
        if n % 100 >= 10 and match_of(last_two, "last-two-digits") == "last-two-digits":
            t = look(last_two)
            if t is not None:
                return t
        last = f"ordinal-{n % 10:02d}"
        if match_of(last, "last-digit") == "last-digit" or n < 10:
            t = look(last)
            if t is not None and not (match_of(last, "last-digit") == "whole-number" and n >= 10):
                return t
        for legacy in ("ordinal",):
            t = look(legacy)
            if t is not None:
                return t
        if 10 < n % 100 < 14:
            return look("ordinal-04") or "th"
        return look(f"ordinal-0{min(n % 10, 4) or 4}") or "th"

    def long_ordinal(self, n: int, gender: str = "") -> str | None:
        if 1 <= n <= 10:
            return self.term(f"long-ordinal-{n:02d}", "long", False, gender)
        return None
