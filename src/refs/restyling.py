"""``refs restyle``: a manuscript rewritten with its citations in another CSL style.

Every citation marker of the repaired manuscript becomes one citation cluster: ``[2]–[4]``
cites 2, 3 and 4 together, ``[7, p. 12; 8]`` carries its locator, and the clusters are
rendered in the order they stand, so numeric styles number by first citation, author-date
styles add year suffixes, and note styles know each cite's position (the first citation in
full, later ones short, ``Ibid.`` where the style uses it). In a note style each marker
becomes a footnote: after the punctuation that follows it, as Chicago and pandoc place them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import manuscript
from .errors import UsageError
from .io import decode_bytes, display_path, read_bytes
from .model import Library
from .render import registry as styles_registry
from .render.csl import Cite, Engine
from .render.document import DOCUMENT_FORMATS, Block, Document, Piece, write

__all__ = ["restyle", "RESTYLE_FORMATS"]

RESTYLE_FORMATS = DOCUMENT_FORMATS
_TRAILING_PUNCTUATION = re.compile(r"[.,;:!?]+")


def engine_for(library: Library, style: str, locale: str | None, cache: object = None,
               styles_dir: Path | None = None) -> Engine:
    """An engine for ``style`` in ``locale`` (else the style's default locale); ``styles_dir``
    holds refs' own styles and locales (Azerbaijani, Kazakh)."""
    found = styles_registry.find_style(style, styles_dir)
    loc = styles_registry.find_locale(locale, styles_dir) if locale else None
    if loc is None:
        default = styles_registry.default_locale_of(found)
        if default:
            try:
                loc = styles_registry.find_locale(default, styles_dir)
            except UsageError:
                loc = None
    return Engine(found, loc, library.renderable().to_csl_json(), cache=cache)


def restyle(manuscript_path: Path, library: Library, style: str, locale: str | None = None, fmt: str = "text",
            encoding: str | None = None, cache: object = None, styles_dir: Path | None = None) -> str | bytes:
    """The repaired manuscript with every citation in ``style`` (footnotes for a note style)
    and the cited works' bibliography after it; bytes for DOCX."""
    if fmt not in RESTYLE_FORMATS:
        raise UsageError(f'restyle writes {", ".join(RESTYLE_FORMATS)}, not "{fmt}"')
    shown = display_path(manuscript_path)
    kind = manuscript.format_for(shown)
    data = read_bytes(shown)
    content = data if kind in manuscript.BINARY else decode_bytes(data, shown, encoding).text
    blocks = manuscript.repaired_blocks(content, shown, kind)
    engine = engine_for(library, style, locale, cache, styles_dir)
    found = _citations(blocks, library.keys())
    order: list[str] = []
    for _, _, cites in found:
        for c in cites:
            if c.key not in order:
                order.append(c.key)
    engine.register(order)
    note_style = bool(engine.info["note"])
    notes = list(range(1, len(found) + 1)) if note_style else [0] * len(found)
    rendered = engine.clusters([cites for _, _, cites in found], notes)
    by_block: dict[int, list[tuple[Any, str]]] = {}
    for (b, raw, _), marked in zip(found, rendered, strict=True):
        by_block.setdefault(b, []).append((raw, marked))
    note_texts: list[str] = []
    out_blocks = [_restyled_block(block_kind, text, by_block.get(b, []), note_style, note_texts)
                  for b, (block_kind, text) in enumerate(blocks)]
    cited = {k.lower() for k in order}
    entries = [e for e in engine.bibliography() if e.key is not None and e.key.lower() in cited]
    doc = Document(title=f"{Path(shown).name} ({engine.style.title})", lang=(engine.tag or "en")[:2],
                   blocks=out_blocks, notes=note_texts, entries=entries,
                   references_heading=engine.heading("references"), notes_heading=engine.heading("notes"))
    return write(doc, fmt)


def _citations(blocks: list[tuple[str, str]], keys: list[str]) -> list[tuple[int, Any, list[Cite]]]:
    """Every well-formed citation marker of the blocks that cites an entry: (block index,
    marker, its cites), in document order."""
    found = []
    for b, (_, text) in enumerate(blocks):
        for raw in manuscript.find_markers(text):
            if raw.problem:
                continue
            cites = [Cite(keys[n - 1], loc) for n, loc in zip(raw.numbers, raw.locators, strict=True)
                     if 0 < n <= len(keys)]
            if cites:
                found.append((b, raw, cites))
    return found


def _restyled_block(block_kind: str, text: str, markers: list[tuple[Any, str]], note_style: bool,
                    note_texts: list[str]) -> Block:
    """One block with each marker replaced by its rendering: in the text for an in-text style,
    as a footnote (after the punctuation that follows the marker) for a note style, whose
    texts are appended to ``note_texts``."""
    block = Block(block_kind)
    pos = 0
    for raw, marked in markers:
        before = text[pos : raw.start]
        if not marked:  # nothing the style prints: the marker stays as it was
            block.pieces += [Piece("plain", before), Piece("plain", raw.text)]
            pos = raw.end
        elif note_style:
            note_texts.append(marked)
            punct = _TRAILING_PUNCTUATION.match(text, raw.end)
            before = before.rstrip(" ")  # "claim [3]." -> "claim.³"
            tail = punct.group() if punct else ""
            block.pieces += [Piece("plain", before + tail), Piece("note", str(len(note_texts)))]
            pos = punct.end() if punct else raw.end
        else:
            block.pieces += [Piece("plain", before), Piece("cite", marked)]
            pos = raw.end
    block.pieces.append(Piece("plain", text[pos:]))
    return block
