"""Bibliographies and citations in a CSL style, for the rest of refs.

The rendering itself is refs' own CSL processor (``cslproc``); this module finds what it needs
(the style file, the locale and a locale file of our own for Azerbaijani and Kazakh), turns
refs' citations into CSL cites (locators such as ``с. 12`` or ``səh. 15`` read into a CSL
label and value), keeps rendered results in the persistent render cache, and hands back
entries and citation clusters as rich text (``richtext``'s marker characters, so that every
output format escapes what came from the data). Nothing here changes citeproc-py, and an
``Engine`` shares no state with any other."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from . import richtext
from .registry import Locale, Style

__all__ = ["Engine", "Entry", "Cite", "LOCATOR_LABELS", "parse_locator"]


# -- locators ---------------------------------------------------------------------------------

#: Locator abbreviations in the languages refs reads -> CSL locator labels.
LOCATOR_LABELS = {
    "p": "page", "pp": "page", "s": "page", "ss": "page", "с": "page", "сс": "page", "стр": "page",
    "səh": "page", "səhifə": "page", "bet": "page", "б": "page", "бб": "page", "page": "page", "pages": "page",
    "vol": "volume", "т": "volume", "cild": "volume", "ch": "chapter", "chap": "chapter", "гл": "chapter",
    "chapter": "chapter", "§": "section", "sec": "section", "fig": "figure", "рис": "figure", "no": "issue",
    "nr": "issue", "col": "column", "l": "line", "ll": "line", "par": "paragraph", "para": "paragraph",
    "fol": "folio", "art": "section", "tab": "figure", "table": "figure", "n": "note", "nn": "note",
    "bk": "book", "pt": "part", "sub verbo": "sub-verbo", "s.v": "sub-verbo", "v": "verse", "vv": "verse",
    "op": "opus", "ser": "section",
}
_LABELLED = re.compile(r"^\s*(§|s\.\s?v|sub verbo|[^\W\d_]+)(\.\s*|\s+)(\S.*)$")


def parse_locator(text: str | None) -> tuple[str, str] | None:
    """``p. 45`` -> (page, 45); ``с. 12`` -> (page, 12); ``§ 3`` -> (section, 3). A word is
    read as a label only when refs knows it and it is followed by a period or a space:
    ``xii`` and ``A7`` are pages ``xii`` and ``A7``."""
    if not text or not text.strip():
        return None
    m = _LABELLED.match(text)
    if m:
        word = re.sub(r"\s+", " ", m.group(1).lower())
        label = LOCATOR_LABELS.get(word) or LOCATOR_LABELS.get(word.replace(" ", ""))
        if label is not None:
            return label, m.group(3).strip()
    return "page", text.strip()


# -- what callers get -------------------------------------------------------------------------


# reference-list headings where the locale has no term for them (the CSL schema refs validates
# locales against has none): as journals in each language print them
_HEADINGS = {
    "az": {"references": "Ədəbiyyat siyahısı", "bibliography": "Biblioqrafiya", "notes": "Qeydlər"},
    "kk": {"references": "Пайдаланылған әдебиеттер", "bibliography": "Библиография", "notes": "Ескертпелер"},
    "en": {"references": "References", "bibliography": "Bibliography", "notes": "Notes"},
    "ru": {"references": "Список литературы", "bibliography": "Библиография", "notes": "Примечания"},
    "tr": {"references": "Kaynakça", "bibliography": "Kaynakça", "notes": "Notlar"},
    "de": {"references": "Literatur", "bibliography": "Literaturverzeichnis", "notes": "Anmerkungen"},
    "fr": {"references": "Références", "bibliography": "Bibliographie", "notes": "Notes"},
}


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
    """One source in a citation: its key, and where the manuscript says so a place in it
    (``p. 45``, or ``label`` and a bare ``locator``), words before and after it, and whether
    the author is left out (``Smith (2020) says``) or alone."""

    key: str
    locator: str | None = None
    label: str | None = None
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False
    author_only: bool = False

    def to_csl(self, id_: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": id_}
        if self.locator:
            if self.label:
                out["label"], out["locator"] = self.label, self.locator.strip()
            else:
                parsed = parse_locator(self.locator)
                if parsed:
                    out["label"], out["locator"] = parsed
        if self.prefix:
            out["prefix"] = self.prefix
        if self.suffix:
            out["suffix"] = self.suffix
        if self.suppress_author:
            out["suppress-author"] = True
        if self.author_only:
            out["author-only"] = True
        return out


# -- the engine -------------------------------------------------------------------------------


@dataclass
class Engine:
    """One style in one locale over one list of CSL-JSON items.

    ``register(order)`` numbers the items by first citation (numeric styles) and disambiguates;
    ``bibliography()`` gives the entries in the style's order; ``cite`` one cluster alone, and
    ``clusters`` a manuscript's clusters in order, so that positions (ibid., subsequent) hold."""

    style: Style
    locale: Locale | None
    items: list[dict[str, Any]]
    cache: Any = None  # a render cache (render/cache.py), or None
    info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._xml = self.style.path.read_bytes()
        self.tag = self.locale.tag if self.locale else None
        self._ids: dict[str, str] = {}
        for item in self.items:
            self._ids.setdefault(str(item.get("id")).lower(), str(item.get("id")))
        self._order: list[str] = []
        self._proc: Any = None
        self._prepared_for: list[str] | None = None
        self._digest: str | None = None
        from .cslproc.processor import Style as ParsedStyle

        parsed = ParsedStyle(self._xml)
        self._parsed = parsed
        if self.tag is None:
            self.tag = parsed.options.get("default-locale") or "en-US"
        self.info = {"class": parsed.options.get("class", "in-text"), "note": parsed.note,
                     "numbered": parsed.prints_number, "has_bibliography": parsed.bibliography is not None}

    def heading(self, name: str) -> str:
        """A heading in the output's language: the locale's ``references``, ``bibliography`` or
        ``notes`` term where it has one, else the common form in that language, else English."""
        found = self._processor().locale.term(name)
        if found:
            return found[:1].upper() + found[1:]
        lang = (self.tag or "en")[:2]
        return _HEADINGS.get(lang, _HEADINGS["en"])[name]

    # -- the processor, made when something is not in the cache --------------------------
    def _processor(self) -> Any:
        if self._proc is None:
            from .cslproc import Processor

            own = self.locale.path if self.locale is not None and self.locale.source == "project" else None
            self._proc = Processor(self._xml, [_renderable(i) for i in self.items], locale=self.tag,
                                   locale_file=own)
        if self._prepared_for != self._order:
            self._proc.prepare(list(self._order))
            self._prepared_for = list(self._order)
        return self._proc

    def _context(self) -> str:
        """What every cached result depends on: the style, the locale, every item, the order."""
        if self._digest is None:
            from .cache import file_hash

            loc_path = self.locale.path if self.locale is not None else None
            data = json.dumps(self.items, sort_keys=True, ensure_ascii=False)
            self._digest = "|".join([hashlib.sha256(self._xml).hexdigest(), self.tag or "-", file_hash(loc_path),
                                     hashlib.sha256(data.encode("utf-8")).hexdigest()])
        return self._digest + "|" + "\x1f".join(self._order)

    def _cached(self, kind: str, extra: str, make: Any) -> Any:
        if self.cache is None:
            return make()
        from .cache import entry_key

        key = entry_key("", self._context(), kind, extra)
        found = self.cache.get_many([key])
        if key in found:
            return json.loads(found[key])
        value = make()
        self.cache.put_many({key: json.dumps(value, ensure_ascii=False)})
        return value

    # -- registration ---------------------------------------------------------------------
    def register(self, order: list[str]) -> None:
        """Cite ``order`` (keys) once each, in that order: numeric styles number by it."""
        seen: list[str] = []
        for key in order:
            id_ = self._ids.get(str(key).lower())
            if id_ is not None and id_ not in seen:
                seen.append(id_)
        self._order = seen

    # -- bibliography ---------------------------------------------------------------------
    def bibliography(self) -> list[Entry]:
        rows = self._cached("bibliography", "", self._bibliography_rows)
        return [Entry(key, number, marked) for key, number, marked in rows]

    def _bibliography_rows(self) -> list[list[Any]]:
        proc = self._processor()
        if not self.info["has_bibliography"]:  # a style with citations only: each item cited alone
            ids = list(proc._order)
            texts = proc.cite_clusters([[{"id": i}] for i in ids], "marked", [0] * len(ids), prepare=False)
            return [[i, n, t] for n, (i, t) in enumerate(zip(ids, texts, strict=True), start=1) if t]
        rows = self._entries(proc)
        return [[i, proc._numbers.get(i, n), t] for n, (i, t) in enumerate(rows, start=1)]

    def _entries(self, proc: Any) -> list[tuple[str, str]]:
        """Each entry from the cache where the same item reads the same in the same place
        (number, year suffix, disambiguation); the rest rendered."""
        if self.cache is None:
            return proc.bibliography_items("marked")
        from .cache import entry_key

        ctx = self._digest_of_style()
        ids = list(proc._order)
        keys = {i: entry_key(json.dumps(proc.items[i], sort_keys=True, ensure_ascii=False), ctx, "entry",
                             proc.entry_signature(i)) for i in ids}
        found = self.cache.get_many(list(keys.values()))
        missing = {i for i in ids if keys[i] not in found}
        fresh = dict(proc.bibliography_items("marked", only=missing)) if missing else {}
        self.cache.put_many({keys[i]: fresh.get(i, "") for i in missing})
        out = []
        for i in ids:
            # an entry that renders to nothing (every variable its layout asks for is empty) is
            # not in the bibliography, fresh or from the cache
            text = fresh.get(i, "") if i in missing else found[keys[i]]
            if text:
                out.append((i, text))
        return out

    def _digest_of_style(self) -> str:
        from .cache import file_hash

        loc_path = self.locale.path if self.locale is not None else None
        return f"{hashlib.sha256(self._xml).hexdigest()}|{self.tag or '-'}|{file_hash(loc_path)}"

    # -- citations ------------------------------------------------------------------------
    def cite(self, cites: list[Cite]) -> str:
        """One citation cluster in the style, alone (each cite in its first position),
        marker-formatted."""
        out = self.clusters([cites], notes=[0] if not self.info["note"] else [1], alone=True)
        return out[0] if out else ""

    def clusters(self, clusters: list[list[Cite]], notes: list[int] | None = None, alone: bool = False) -> list[str]:
        """Every cluster of a document in order, marker-formatted. ``notes``: each cluster's
        footnote number, 0 for a citation in the running text (the default for in-text
        styles; a note style puts each cluster in a note of its own). ``alone``: each cluster
        as if it were the only one (every cite in its first position), as a report lists them."""
        if notes is None:
            notes = [0] * len(clusters) if not self.info["note"] else list(range(1, len(clusters) + 1))
        raw = [[c.to_csl(self._ids[c.key.lower()]) for c in cluster if c.key.lower() in self._ids]
               for cluster in clusters]
        if alone:
            raw = [[{**c, "position": 0} for c in cluster] for cluster in raw]
        if not any(raw):
            return ["" for _ in clusters]

        def make() -> list[str]:
            proc = self._processor()
            return proc.cite_clusters(raw, "marked", notes, prepare=False)

        extra = json.dumps([raw, notes], sort_keys=True, ensure_ascii=False)
        rendered = self._cached("clusters", extra, make)
        return [text if cluster else "" for text, cluster in zip(rendered, raw, strict=True)]


def _renderable(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item as the processor reads it: ``citation-key`` is refs' own, not data."""
    return {k: _shielded(v) for k, v in item.items() if k != "citation-key"}


def _shielded(value: Any) -> Any:
    """The user's private-use characters kept apart from the engine's formatting marks."""
    if isinstance(value, str):
        return richtext.shield(value)
    if isinstance(value, list):
        return [_shielded(v) for v in value]
    if isinstance(value, dict):
        return {k: _shielded(v) for k, v in value.items()}
    return value
