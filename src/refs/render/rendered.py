"""``refs.render.render``: a bibliography and citation clusters for CSL-JSON items in a style
and a locale, each entry and each citation in every output format.

    from refs.render import render
    out = render(items, "apa", "en-US", clusters=[[{"id": "smith2020", "locator": "12"}]])
    out.entries[0].text, out.entries[0].html, out.citations[0].markdown

A cluster is a list of cites as CSL-JSON has them: ``id``, and optionally ``locator`` with
``label`` (``page`` when not given; a locator such as ``"p. 12"`` or ``"с. 12"`` without a label
is read), ``prefix``, ``suffix``, ``suppress-author``, ``author-only``. ``notes`` gives each
cluster's footnote number (0 in the running text); a note style puts each cluster in a note
of its own unless told otherwise. Clusters are numbered and disambiguated in the order given,
with positions (ibid., subsequent) as the style asks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from . import richtext
from .csl import Cite, Engine, Entry
from .registry import default_locale_of, find_locale, find_style

__all__ = ["render", "Rendered", "RenderedText"]

FORMATS = ("text", "html", "markdown", "latex")


class RenderedText(Entry):
    """One entry or one citation (``key`` and ``number`` None for a citation) in each output
    format: ``text`` and ``html`` as every entry has them, and Markdown and LaTeX."""

    @property
    def markdown(self) -> str:
        return richtext.to_markdown(self.marked)

    @property
    def latex(self) -> str:
        return richtext.to_latex(self.marked)

    def as_format(self, fmt: str) -> str:
        if fmt not in FORMATS:
            raise UsageError(f'unknown format "{fmt}" (known: {", ".join(FORMATS)})')
        return str(getattr(self, fmt))


@dataclass(frozen=True)
class Rendered:
    style: str
    locale: str
    note_style: bool
    entries: list[RenderedText]
    citations: list[RenderedText]


def _cite(raw: dict[str, Any]) -> Cite:
    if not isinstance(raw, dict) or "id" not in raw:
        raise UsageError(f"a cite is an object with an id, not {raw!r}")
    locator = raw.get("locator")
    return Cite(str(raw["id"]), str(locator) if locator not in (None, "") else None,
                label=raw.get("label") if locator not in (None, "") else None,
                prefix=str(raw.get("prefix") or ""), suffix=str(raw.get("suffix") or ""),
                suppress_author=bool(raw.get("suppress-author")), author_only=bool(raw.get("author-only")))


def render(items: list[dict[str, Any]], style: str, locale: str | None = None,
           clusters: list[list[dict[str, Any]]] | None = None, notes: list[int] | None = None,
           styles_dir: Path | None = None) -> Rendered:
    """The bibliography of ``items`` (the cited ones first in numeric styles, in the order the
    clusters cite them) and each of ``clusters`` rendered."""
    if styles_dir is None:
        from ..io import bundled_dir

        styles_dir = bundled_dir("styles")  # refs' own locales (az-AZ, kk-KZ) and styles
    found = find_style(style, styles_dir)
    tag = locale or default_locale_of(found)
    loc = find_locale(tag, styles_dir) if tag else None
    engine = Engine(found, loc, items)
    cites = [[_cite(c) for c in cluster] for cluster in (clusters or [])]
    unknown = sorted({c.key for cluster in cites for c in cluster} - {str(i.get("id")) for i in items})
    if unknown:
        raise UsageError(f"cited but not among the items: {', '.join(unknown)}")
    order = [c.key for cluster in cites for c in cluster]
    engine.register(order + [str(i.get("id")) for i in items])
    if notes is not None and len(notes) != len(cites):
        raise UsageError(f"{len(notes)} note numbers for {len(cites)} clusters")
    citations = engine.clusters(cites, notes) if cites else []
    return Rendered(
        style=found.name, locale=engine.tag or "en-US", note_style=bool(engine.info["note"]),
        entries=[RenderedText(e.key, e.number, e.marked) for e in engine.bibliography()],
        # a citation has no key or number; RenderedText keeps Entry's (str, int) types, which it cannot widen
        citations=[RenderedText(None, None, marked) for marked in citations],  # type: ignore[arg-type]
    )
