"""Bibliographies in CSL styles and locales: finding styles and locales (refs' own Azerbaijani
and Kazakh ones included), one engine per (style, locale), and the bibliography of a library
in every output format from one rendering."""

from __future__ import annotations

from pathlib import Path

from . import restyling
from .caches import Caches, shared
from .errors import UsageError
from .io import bundled_dir
from .model import Finding, Library, Severity
from .render import output as render_output
from .render import registry as styles_registry
from .render.csl import Engine, Entry
from .wording import field_name

__all__ = ["Engines", "bibliography_entries", "find_locale", "find_style", "gap_findings", "list_locales",
           "list_styles", "render_bibliography", "render_entries", "restyle"]


def list_styles(query: str | None = None) -> list[styles_registry.Style]:
    return styles_registry.list_styles(query, bundled_dir("styles"))


def list_locales() -> list[styles_registry.Locale]:
    return styles_registry.list_locales(bundled_dir("styles"))


def find_style(name: str) -> styles_registry.Style:
    return styles_registry.find_style(name, bundled_dir("styles"))


def find_locale(tag: str) -> styles_registry.Locale:
    return styles_registry.find_locale(tag, bundled_dir("styles"))


class Engines:
    """One engine per (style, locale) over one library: every output of a run in that style and
    locale (text, HTML, the report's citations) comes from the same engine."""

    def __init__(self, library: Library, caches: Caches | None = None):
        self.library = library
        self.caches = caches or shared()
        self._made: dict[tuple[str, str | None], Engine] = {}

    def get(self, style: str, locale: str | None) -> Engine:
        key = (style, locale)
        if key not in self._made:
            self._made[key] = restyling.engine_for(self.library, style, locale, self.caches.render,
                                                   bundled_dir("styles"))
        return self._made[key]

    def __len__(self) -> int:
        return len(self._made)


def gap_findings(library: Library) -> list[Finding]:
    """An info finding for each entry that lacks what styles print (author, title, date)."""
    out = []
    for key, missing in render_output.gaps(library.renderable().to_csl_json()):
        ref = library[key] if key in library else None
        out.append(Finding(Severity.INFO, "incomplete-reference",
                           f'"{key}" has no {", ".join(field_name(m) for m in missing)}; styles render what there is',
                           ref.location if ref else None))
    return out


def bibliography_entries(engine: Engine, cited: list[str] | None = None) -> list[Entry]:
    """The engine's bibliography; with ``cited``, only those keys, numbered in that order."""
    if cited is None:
        engine.register([])
        return engine.bibliography()
    engine.register(cited)
    keep = {k.lower() for k in cited}
    return [e for e in engine.bibliography() if e.key is not None and e.key.lower() in keep]


def render_entries(engine: Engine, entries: list[Entry], fmt: str, standalone: bool = False) -> str:
    """Rendered entries written as ``fmt`` (text, html, markdown, latex, json), under a heading."""
    if fmt not in render_output.FORMATS:
        raise UsageError(f'unknown format "{fmt}" (known: {", ".join(render_output.FORMATS)})')
    title = f"{engine.heading('bibliography')} ({engine.style.title})"
    return render_output.bibliography(entries, fmt, title, (engine.tag or "en")[:2], standalone)


def render_bibliography(
    library: Library,
    style: str,
    locale: str | None = None,
    fmt: str = "text",
    cited: list[str] | None = None,
    standalone: bool = False,
    caches: Caches | None = None,
) -> tuple[str, list[Finding]]:
    """A bibliography in ``style``; with ``cited``, only those keys, numbered in that order."""
    if fmt not in render_output.FORMATS:
        raise UsageError(f'unknown format "{fmt}" (known: {", ".join(render_output.FORMATS)})')
    engine = Engines(library, caches).get(style, locale)
    entries = bibliography_entries(engine, cited)
    return render_entries(engine, entries, fmt, standalone), gap_findings(library)


def restyle(
    manuscript_path: Path,
    library: Library,
    style: str,
    locale: str | None = None,
    fmt: str = "text",
    encoding: str | None = None,
    caches: Caches | None = None,
) -> str | bytes:
    """The repaired manuscript with every citation in ``style`` and the bibliography after it
    (``restyling.py``); bytes for DOCX."""
    return restyling.restyle(manuscript_path, library, style, locale, fmt, encoding,
                             cache=(caches or shared()).render, styles_dir=bundled_dir("styles"))
