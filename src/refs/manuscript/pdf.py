"""Read a PDF manuscript with pdfminer.six, using its layout.

``read_pdf`` gives two texts, as the DOCX and HTML readers do:

* the *source*, which locations refer to: every text line of the PDF, one per line, in reading
  order (a two-column page's left column, then its right column), pages separated by a form
  feed as pdftotext does, so a line's page is 1 + the number of form feeds before it;
* the *reading*, a :class:`MappedText` over the source for ``repair``: running headers,
  footers and page numbers left out; paragraphs separated by blank lines; headings marked
  ``# ``; footnotes, captions and figure or table text as paragraphs of their own, moved after
  the body paragraph they interrupt (so a sentence cut by a page break stays contiguous); and
  superscript citation numbers bracketed, ``melanogaster1–3`` reading ``melanogaster[1–3]``.

How: pdfminer groups characters into line fragments. Per page we find gutters (x-ranges that
few fragments cross) to tell columns apart, merge fragments into lines per column, and order
them. Then each character's font, size and baseline tell superscripts, headings, footnotes,
captions and tables apart, measured against the body text (the size most pages are mostly set
in). Work is linear in the number of characters, apart from sorting each page's lines.
"""

from __future__ import annotations

import logging
import re
import warnings
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from math import isfinite
from statistics import median

from ..errors import InputError, UsageError
from ..model import Location
from .lexicon import CAPTION, PAGE_NUMBER, TERMINAL
from .textmap import Builder, MappedText

__all__ = ["read_pdf"]

# -- characters -------------------------------------------------------------------------------

_CID = re.compile(r"\(cid:\d+\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
                 "⁸": "8", "⁹": "9", "⁻": "-"}
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_CITATION = re.compile(r"\d{1,4}(?:\s?[,–—‒−-]\s?\d{1,4})*")
_NUMBER_TOKEN = re.compile(r"(?:^|[\s(×x·*^=])[-−+]?\d+(?:[.,]\d+)?$")  # "10", "×10", "2.5"
_UNITS = {"m", "cm", "mm", "km", "dm", "nm", "µm", "μm", "pm", "ft", "s", "sec", "h", "kg", "g",
          "l", "ml", "mL", "L", "in", "ha", "м", "см", "мм", "км", "мкм", "нм", "с", "кг", "г", "л",
          "мл", "га"}
_BARE_NUMBER = re.compile(r"\d{1,4}")
_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.)\s+\S")


@lru_cache(maxsize=1024)
def _is_bold(font: str) -> bool:
    name = font.split("+", 1)[-1].lower()
    return (any(k in name for k in ("bold", "black", "heavy", "semibold", "demi"))
            or re.match(r"(?:cm|sf|lm|ec|tc)?bx", name) is not None or name.endswith((",b", "-bd")))


@lru_cache(maxsize=1024)
def _is_mono(font: str) -> bool:
    name = font.split("+", 1)[-1].lower()
    return re.search(r"mono|courier|consol|menlo|typewriter|^(?:cm|sf|lm|ec)?tt", name) is not None


@lru_cache(maxsize=1024)
def _is_math(font: str) -> bool:
    name = font.split("+", 1)[-1].lower()
    return re.search(r"math|^(?:cm|lm)(?:mi|sy|ex)|symbol|stix|xits|euler|msbm|msam", name) is not None


@lru_cache(maxsize=1024)
def _family(font: str) -> str:
    """"ABCDEF+Helvetica-Bold" -> "helvetica"; "SFRM1440" -> "sfrm"."""
    name = font.split("+", 1)[-1].lower()
    return re.split(r"[-,]", name, maxsplit=1)[0].rstrip("0123456789")


class _Glyph:
    """One character as drawn: its text, font, size, box and baseline (without text rise)."""

    __slots__ = ("ch", "size", "font", "x0", "x1", "y0", "y1", "base", "sp")

    def __init__(self, ch: str, size: float, font: str, box: tuple[float, float, float, float],
                 base: float, sp: bool):
        self.ch, self.size, self.font, self.base, self.sp = ch, size, font, base, sp
        self.x0, self.y0, self.x1, self.y1 = box


@dataclass(eq=False)
class _Frag:
    """A run of characters pdfminer put on one line (it splits lines at wide gaps)."""

    glyphs: list[_Glyph]
    x0: float
    y0: float
    x1: float
    y1: float
    col: int = 0


_SPAN = 99  # the column of a line that spans several columns


@dataclass(eq=False)
class _Line:
    glyphs: list[_Glyph]
    x0: float
    y0: float
    x1: float
    y1: float
    col: int  # the column, from 0 at the left; _SPAN for a line across columns
    text: str = ""
    starts: list[int] = field(default_factory=list)  # each glyph's offset in ``text``
    size: float = 0.0  # the most common character size
    base: float = 0.0  # baseline of the characters of that size
    font: str = ""
    bold: bool = False
    role: str = ""  # header, footer, margin (line numbers), body, small, large, bold, figure, table
    caption: bool = False
    src: int = 0  # where ``text`` starts in the source
    raised: list[bool] | None = None  # which glyphs are superscripts (see _raised)

    def finish(self) -> None:
        parts: list[str] = []
        n = 0
        self.starts = []
        for i, g in enumerate(self.glyphs):
            if g.sp and i and not parts[-1].endswith(" "):
                parts.append(" ")
                n += 1
            self.starts.append(n)
            parts.append(g.ch)
            n += len(g.ch)
        self.text = "".join(parts)
        if not self.glyphs:  # a line of unmapped glyphs: only its box is known
            self.size, self.base = self.y1 - self.y0, self.y0
            return
        sizes = Counter(round(g.size, 1) for g in self.glyphs)
        self.size = sizes.most_common(1)[0][0]
        main = [g for g in self.glyphs if abs(g.size - self.size) < 0.3] or self.glyphs
        self.base = median(g.base for g in main)
        self.font = Counter(g.font for g in main).most_common(1)[0][0]
        self.bold = sum(_is_bold(g.font) for g in self.glyphs) >= 0.9 * len(self.glyphs)


@dataclass(eq=False)
class _Page:
    lines: list[_Line]
    rotated: list[str]  # text drawn at an angle (margin stamps): kept in the source only
    regions: list[tuple[float, float, float, float]]  # images and figures
    width: float
    height: float
    columns: int = 1  # how many columns the page's gutters make


@dataclass(eq=False)
class _Block:
    """A paragraph, a heading or a float (footnote, caption, table or figure text)."""

    kind: str  # body, heading, float
    lines: list[_Line]
    page: int
    col: int
    indented: bool = False  # the first line starts right of the column's left edge


# -- pdfminer -> pages ------------------------------------------------------------------------

# a character drawn at an angle, as pdfminer gives it: (matrix, advance, bounding box, text)
_Rotated = tuple[tuple[float, float, float, float, float, float], float, tuple[float, float, float, float], str]


def _glyphs_of(line: Iterable[object], rotated: list[_Rotated]) -> list[_Glyph]:
    from pdfminer.layout import LTAnno, LTChar

    out: list[_Glyph] = []
    space = False
    for obj in line:
        if isinstance(obj, LTAnno):
            space = space or obj.get_text() == " "
            continue
        if not isinstance(obj, LTChar):
            continue
        text = _CONTROL.sub("", _CID.sub("", obj.get_text()))
        a, b, c, d, _, f = obj.matrix
        if not text or not all(isfinite(v) and abs(v) < 1e6 for v in (*obj.bbox, f, obj.size)):
            continue  # unmapped, or placed nowhere sensible (a damaged file)
        if text.isspace():
            space = True
            continue
        if not (a > 0 and d > 0 and abs(b) < 0.01 * a and abs(c) < 0.01 * d):
            rotated.append((obj.matrix, obj.adv, obj.bbox, text))
            continue
        prev = out[-1] if out else None
        if prev and prev.ch == text and abs(prev.x0 - obj.x0) < 0.3 * max(obj.width, 0.1) \
                and abs(prev.y0 - obj.y0) < 0.3 * obj.size:
            continue  # drawn twice to fake bold
        out.append(_Glyph(text, obj.size, obj.fontname, (obj.x0, obj.y0, obj.x1, obj.y1), f, space))
        space = False
    return out


def _rotated_lines(chars: list[_Rotated]) -> list[str]:
    """Text drawn at an angle (a margin stamp) as lines: characters grouped by their baseline,
    in writing order along it."""
    glyphs = []
    for matrix, adv, box, text in chars:
        a, b, _, _, e, f = matrix
        norm = (a * a + b * b) ** 0.5 or 1.0
        ux, uy = a / norm, b / norm  # the writing direction
        x0, y0, x1, y1 = box
        size = abs((x1 - x0) * uy) + abs((y1 - y0) * ux) or 1.0  # across the baseline
        glyphs.append(((round(ux, 1), round(uy, 1)), -e * uy + f * ux, e * ux + f * uy,
                       float(adv) * norm, size, str(text)))
    glyphs.sort(key=lambda g: (g[0], g[1]))
    rows: list[list[tuple]] = []
    for g in glyphs:
        if rows and rows[-1][0][0] == g[0] and g[1] - rows[-1][-1][1] < 0.3 * g[4]:
            rows[-1].append(g)
        else:
            rows.append([g])
    out = []
    for row in rows:
        row.sort(key=lambda g: g[2])
        parts: list[str] = []
        end = None
        for _, _, along, step, size, text in row:
            if end is not None and along - end > 0.25 * size:
                parts.append(" ")
            parts.append(text)
            end = along + step
        out.append("".join(parts).strip())
    return [t for t in out if t]


@dataclass(eq=False)
class _Raw:
    """A page as pdfminer gave it: line fragments, rotated characters, image boxes."""

    frags: list[_Frag]
    rotated: list[_Rotated]
    regions: list[tuple[float, float, float, float]]
    width: float
    height: float


def _collect(layout: object) -> _Raw:
    """An LTPage -> its fragments of text (pdfminer's lines), figures and images."""
    from pdfminer.layout import LTChar, LTContainer, LTFigure, LTImage, LTTextLine

    x0, y0, x1, y1 = layout.bbox  # type: ignore[attr-defined]
    width, height = x1 - x0, y1 - y0
    frags: list[_Frag] = []
    rotated: list[_Rotated] = []
    regions: list[tuple[float, float, float, float]] = []

    def walk(obj: object) -> None:
        for child in obj:  # type: ignore[attr-defined]
            if isinstance(child, LTTextLine):
                glyphs = _glyphs_of(child, rotated)
                if glyphs:
                    frags.append(_Frag(glyphs, min(g.x0 for g in glyphs), min(g.y0 for g in glyphs),
                                       max(g.x1 for g in glyphs), max(g.y1 for g in glyphs)))
                elif "(cid:" in child.get_text():  # a line of unmapped glyphs: an empty line
                    frags.append(_Frag([], *child.bbox))
            elif isinstance(child, LTChar):
                glyphs = _glyphs_of([child], rotated)
                if glyphs:
                    g = glyphs[0]
                    frags.append(_Frag(glyphs, g.x0, g.y0, g.x1, g.y1))
            elif isinstance(child, (LTFigure, LTImage)):
                if child.width * child.height < 0.6 * width * height:
                    regions.append(child.bbox)
                if isinstance(child, LTFigure):
                    walk(child)
            elif isinstance(child, LTContainer):
                walk(child)

    walk(layout)
    return _Raw(frags, rotated, regions, width, height)


def _body_size(raws: list[_Raw]) -> float:
    """The body text's size: the size most pages have most characters in (a reference list or
    tables in a smaller size can outnumber the body text, but only on a few pages, and at the
    end: count the first two thirds)."""
    sizes: Counter[float] = Counter()
    wins: Counter[float] = Counter()
    for raw in raws[: max(1, (2 * len(raws) + 2) // 3)]:
        here: Counter[float] = Counter(round(g.size * 2) / 2 for f in raw.frags for g in f.glyphs)
        if here:
            wins[here.most_common(1)[0][0]] += 1
        sizes.update(here)
    return max(sizes, key=lambda s: (wins[s], sizes[s])) if sizes else 10.0


def _layout(raw: _Raw, body: float) -> _Page:
    """Columns, then lines: fragments that share a row in a column."""
    frags = raw.frags
    gutters = _gutters(frags, body, raw.regions)
    if gutters:
        frags = _assign_columns(frags, gutters)
    lines: list[_Line] = []
    for col in sorted({f.col for f in frags}):
        lines.extend(_rows([f for f in frags if f.col == col], col))
    for line in lines:
        line.finish()
    return _Page(lines, _rotated_lines(raw.rotated), raw.regions, raw.width, raw.height, len(gutters) + 1)


_Box = tuple[float, float, float, float]  # x0, x1, y0, y1


def _gutters(frags: list[_Frag], body: float, regions: list[tuple[float, float, float, float]]
             ) -> list[tuple[float, float]]:
    """The gutters between the page's columns, left to right (none for one column): found in
    the body text if it has columns (a table in smaller type may have others), else in all
    text; never in the labels of a figure."""
    boxes: list[_Box] = []
    main: list[_Box] = []
    for f in frags:  # pieces of text: fragments cut at gaps wider than a word space
        cx, cy = (f.x0 + f.x1) / 2, (f.y0 + f.y1) / 2
        if any(a <= cx <= c and b <= cy <= d for a, b, c, d in regions):
            continue
        start = 0
        for i in range(1, len(f.glyphs) + 1):
            if i == len(f.glyphs) or f.glyphs[i].x0 - f.glyphs[i - 1].x1 > 0.8 * f.glyphs[i].size:
                part = f.glyphs[start:i]
                box = (min(g.x0 for g in part), max(g.x1 for g in part),
                       min(g.y0 for g in part), max(g.y1 for g in part))
                boxes.append(box)
                if max(g.size for g in part) >= 0.96 * body:
                    main.append(box)
                start = i
    return _split_columns(main) or _split_columns(boxes)


def _split_columns(boxes: list[_Box], strict: bool = False) -> list[tuple[float, float]]:
    # either side of a gutter may be split again (three columns of references), but only where
    # few lines cross the new gutter (not at a table inside a column)
    found = _find_gutter(boxes, strict)
    if found is None:
        return []
    mid = (found[0] + found[1]) / 2
    return (_split_columns([b for b in boxes if b[1] <= mid], True) + [found]
            + _split_columns([b for b in boxes if b[0] >= mid], True))


def _find_gutter(boxes: list[_Box], strict: bool = False) -> tuple[float, float] | None:
    """The x-range between two columns: the widest stretch that the fewest pieces of text
    cross, when, somewhere between the lines that do cross it, several lines lie on either
    side of it, each side with a common left edge. ``strict``: and few lines beside the
    columns cross it."""
    boxes = [b for b in boxes if b[1] > b[0]]
    if len(boxes) < 8:
        return None
    lo = min(b[0] for b in boxes)
    span = int(max(b[1] for b in boxes) - lo) + 1
    if not 200 <= span <= 20000:
        return None
    diff = [0.0] * (span + 2)
    for x0, x1, y0, y1 in boxes:  # how much text covers each point across the page
        diff[int(x0 - lo)] += y1 - y0
        diff[int(x1 - lo) + 1] -= y1 - y0
    cover, run = [], 0.0
    for v in diff[:span]:
        run += v
        cover.append(run)
    a, b = int(span * 0.25), int(span * 0.75)
    # the lowest coverage, give or take two lines (a short line or a hanging number that
    # reaches into the gutter)
    low = min(cover[a:b]) + 2 * median(y1 - y0 for _, _, y0, y1 in boxes)
    best: tuple[int, int] | None = None
    i = a
    while i < b:
        if cover[i] <= low:
            j = i
            while j < b and cover[j] <= low:
                j += 1
            if best is None or j - i > best[1] - best[0]:
                best = (i, j)
            i = j
        else:
            i += 1
    if best is None or best[1] - best[0] < 4:
        return None
    g0, g1 = lo + best[0], lo + best[1]
    mid = (g0 + g1) / 2
    if strict:  # within a column: few of its lines may cross
        lefts = [b for b in boxes if b[1] <= mid + 1]
        rights = [b for b in boxes if b[0] >= mid - 1]
        cross = sum(b[3] - b[2] for b in boxes if b[0] < mid - 1 and b[1] > mid + 1)
        if not lefts or not rights or \
                cross > 0.35 * min(sum(b[3] - b[2] for b in side) for side in (lefts, rights)):
            return None
    left: list[_Box] = []
    right: list[_Box] = []
    for box in sorted(boxes, key=lambda b: -(b[2] + b[3])):
        if box[0] < mid - 1 and box[1] > mid + 1:  # a line across: a title, a wide table
            if _two_sides(left, right):
                return g0, g1
            left, right = [], []
        elif box[1] <= mid + 1:
            left.append(box)
        else:
            right.append(box)
    return (g0, g1) if _two_sides(left, right) else None


def _two_sides(left: list[_Box], right: list[_Box]) -> bool:
    if len(left) < 4 or len(right) < 4:
        return False
    for side in (left, right):
        edges = Counter(round(b[0]) for b in side)
        top = edges.most_common(1)[0][0]
        if sum(n for x, n in edges.items() if abs(x - top) <= 2) < max(3, 0.25 * len(side)):
            return False
    return True


def _assign_columns(frags: list[_Frag], gutters: list[tuple[float, float]]) -> list[_Frag]:
    """Each fragment's column; a fragment across a gutter is cut there when pdfminer joined two
    columns' lines (at a gap about as wide as the gutter, not a word space that happens to fall
    there), else it spans."""
    mids = [(g0 + g1) / 2 for g0, g1 in gutters]
    out = []
    for f in frags:
        pieces = [f]
        for (g0, g1), mid in zip(gutters, mids, strict=True):
            piece = pieces[-1]
            if not (piece.x0 < mid < piece.x1) or piece.x1 <= g1 or piece.x0 >= g0:
                continue
            wide = max(0.6 * (g1 - g0), 3.0)
            glyphs = piece.glyphs
            cut = next((i for i in range(1, len(glyphs))
                        if glyphs[i - 1].x1 <= mid + 1 and glyphs[i].x0 >= mid - 1
                        and glyphs[i].x0 - glyphs[i - 1].x1 >= wide), None)
            if cut is None:
                break
            glyphs[cut].sp = False
            pieces[-1:] = [_frag_of(glyphs[:cut]), _frag_of(glyphs[cut:])]
        for piece in pieces:
            lo = bisect_right(mids, piece.x0)  # columns the piece's ends fall in, allowing for
            hi = bisect_right(mids, piece.x1)  # a hyphen that sticks out into the gutter
            if hi > lo and piece.x1 <= gutters[hi - 1][1]:
                hi -= 1
            if hi > lo and piece.x0 >= gutters[lo][0]:
                lo += 1
            piece.col = lo if lo == hi else _SPAN
            out.append(piece)
    return out


def _frag_of(glyphs: list[_Glyph]) -> _Frag:
    return _Frag(glyphs, min(g.x0 for g in glyphs), min(g.y0 for g in glyphs),
                 max(g.x1 for g in glyphs), max(g.y1 for g in glyphs))


def _rows(frags: list[_Frag], col: int) -> list[_Line]:
    """Fragments -> lines: fragments that overlap vertically share a row; a row is cut where
    a horizontal gap is wider than a word space can be (table cells, margin notes)."""
    frags.sort(key=lambda f: -f.y1)
    rows: list[list[_Frag]] = []
    bands: list[tuple[float, float]] = []
    active: list[int] = []
    for f in frags:
        active = [r for r in active if bands[r][0] < f.y1]
        best, score = -1, 0.0
        h = max(f.y1 - f.y0, 0.1)
        for r in active:
            b0, b1 = bands[r]
            overlap = min(b1, f.y1) - max(b0, f.y0)
            need = 0.5 * min(h, b1 - b0)
            if overlap > need and overlap / h > score:
                best, score = r, overlap / h
        if best < 0:
            rows.append([f])
            bands.append((f.y0, f.y1))
            active.append(len(rows) - 1)
        else:
            rows[best].append(f)
    lines: list[_Line] = []
    for row in rows:
        row.sort(key=lambda f: f.x0)
        current: list[_Frag] = []
        for f in row:
            if current and f.glyphs and current[-1].glyphs:
                prev = current[-1]
                size = max(prev.glyphs[-1].size, f.glyphs[0].size, 1.0)
                gap = f.x0 - prev.x1
                if gap > 1.5 * size:  # not a word space: table cells, a number in the margin
                    lines.append(_line_of(current, col))
                    current = []
                elif gap > 0.12 * size:
                    f.glyphs[0].sp = True
            current.append(f)
        if current:
            lines.append(_line_of(current, col))
    return lines


def _line_of(frags: list[_Frag], col: int) -> _Line:
    glyphs = [g for f in frags for g in f.glyphs]
    return _Line(glyphs, min(f.x0 for f in frags), min(f.y0 for f in frags),
                 max(f.x1 for f in frags), max(f.y1 for f in frags), col)


# -- the document -----------------------------------------------------------------------------

@dataclass
class _Style:
    body: float  # the body text's size
    family: str  # the body text's font family
    pitch: float  # baseline to baseline in body text


def _style(pages: list[_Page], body: float) -> _Style:
    families: Counter[str] = Counter()
    pitches: Counter[float] = Counter()
    for page in pages:
        prev: _Line | None = None
        for line in sorted(page.lines, key=lambda ln: (ln.col, -ln.base)):
            if abs(line.size - body) > 0.6:
                continue
            families[_family(line.font)] += len(line.glyphs)
            if prev is not None and prev.col == line.col:
                d = round((prev.base - line.base) * 2) / 2
                if body < d < 3 * body:
                    pitches[d] += 1
            prev = line
    family = families.most_common(1)[0][0] if families else ""
    pitch = pitches.most_common(1)[0][0] if pitches else 1.2 * body
    return _Style(body, family, pitch)


def _mark_running(pages: list[_Page]) -> None:
    """Running headers and footers: among a page's top and bottom three lines, those that
    repeat on other pages (digits ignored), and page numbers."""
    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.strip().lower())

    counts: Counter[str] = Counter()
    edges: list[tuple[list[_Line], list[_Line]]] = []
    for page in pages:
        lines = [ln for ln in page.lines if ln.text.strip()]
        top = sorted(lines, key=lambda ln: -ln.y1)[:3]
        bottom = sorted(lines, key=lambda ln: ln.y0)[:3]
        edges.append((top, bottom))
        for k in {key(ln) for ln in top + bottom if len(ln.text) <= 150}:
            counts[k] += 1
    need = 2 if len(pages) <= 4 else 3
    for top, bottom in edges:
        for lines, role in ((top, "header"), (bottom, "footer")):
            for i, line in enumerate(lines):
                if line.role:
                    continue
                k = key(line)
                if (i < 2 and PAGE_NUMBER.match(line.text.strip())) or \
                        (counts[k] >= need and sum(c.isalpha() for c in k) >= 2 and len(line.text) <= 150
                         and not CAPTION.match(line.text)):  # "Table 3." atop several pages
                    line.role = role
        # a page number beside a running header on the same row (a number in the corner)
        for line in top + bottom:
            if not line.role and PAGE_NUMBER.match(line.text.strip()) and any(
                    o.role and abs(o.base - line.base) < 0.5 * max(o.size, 1) for o in top + bottom):
                line.role = "header" if line in top else "footer"


def _labels_a_row(line: _Line, lines: list[_Line]) -> bool:
    """A number printed just left of a line of words on the same baseline labels that line
    (a reference list's entry whose label lost its full stop); a page number stands alone."""
    size = max(line.size, 1.0)
    return any(o is not line and abs(o.base - line.base) < 0.5 * size and 0 <= o.x0 - line.x1 < 3 * size
               and o.text.strip()[:1].isalpha() for o in lines)


def _classify(page: _Page, style: _Style) -> None:
    """Each line's role: body; small (footnotes, captions, tables); large or bold (headings);
    figure (inside an image); margin (line numbers); table (cells side by side)."""
    B = style.body
    for line in page.lines:
        if line.role in ("header", "footer"):
            continue
        cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
        r = line.size / B if B else 1.0
        mono = _is_mono(line.font)
        if any(a <= cx <= c and b <= cy <= d for a, b, c, d in page.regions):
            line.role = "figure"
        elif r < 0.96:  # a half point smaller than 9 or 10 pt body text
            line.role = "small"
        elif r > 1.1 and not mono:
            line.role = "large"
        elif line.bold and not mono:
            line.role = "bold"
        elif r >= 1.02 and _family(line.font) != style.family and not mono:
            line.role = "large"
        else:
            line.role = "body"
        m = CAPTION.match(line.text)
        if m and line.text[:1].isupper():  # "Table 2." / "TABLE 2", not "table S1 lists"
            after = m.group("after").lstrip()  # "Figure 1. A", "Table 2 — B", "Table 3 Plant"
            line.caption = after in ("", ".", ":", "|", "—", "–", "-") or after.isupper() or after.isdigit()
    # line numbers in the margin (a manuscript under review) are not the page's text
    edges = _edges(page.lines)
    outside = []
    for line in page.lines:
        if line.role in ("body", "small") and _BARE_NUMBER.fullmatch(line.text.strip()):
            left, right = edges.left.get(line.col), edges.right.get(line.col)
            if (left is not None and line.x1 < left - 1) or (right is not None and line.x0 > right + 1):
                outside.append(line)
    for line in outside:
        if len(outside) <= 2 and _labels_a_row(line, page.lines):
            continue  # one number hanging left of an entry ("40" whose full stop was lost), not line numbering
        line.role = "margin"
    # several lines on one row of a column are the cells of a table (but "1." and "Results"
    # apart by a tab are a numbered heading or list item)
    cells = sorted((ln for ln in page.lines if ln.role in ("body", "small", "bold") and ln.text.strip()),
                   key=lambda ln: (ln.col, -ln.base))
    i = 0
    while i < len(cells):
        j = i + 1
        while j < len(cells) and cells[j].col == cells[i].col \
                and cells[i].base - cells[j].base < 0.3 * max(cells[i].size, 1.0):
            j += 1
        row = sorted(cells[i:j], key=lambda ln: ln.x0)
        label = len(row) == 2 and re.fullmatch(r"[\dIVXivx.()]{1,8}", row[0].text.strip()) is not None \
            and sum(c.isalpha() for c in row[1].text) >= 2
        if len(row) > 1 and not label:
            for ln in row:
                ln.role = "table"
        i = j
    # bold or large lines side by side in different columns: a table's header row, no headings
    heads = sorted((ln for ln in page.lines if ln.role in ("bold", "large")), key=lambda ln: -ln.base)
    for a, b in zip(heads, heads[1:], strict=False):
        if a.col != b.col and a.base - b.base < 0.3 * max(a.size, 1.0) and abs(a.size - b.size) < 0.3:
            a.role = b.role = "table"


# -- ordering and paragraphs ------------------------------------------------------------------

def _order(page: _Page) -> list[_Line]:
    """The page's lines in reading order (headers first, footers last)."""
    headers = sorted((ln for ln in page.lines if ln.role == "header"), key=lambda ln: (-ln.y1, ln.x0))
    footers = sorted((ln for ln in page.lines if ln.role == "footer"), key=lambda ln: (-ln.y1, ln.x0))
    rest = [ln for ln in page.lines if ln.role not in ("header", "footer")]
    if page.columns == 1:
        return headers + _by_rows(rest) + footers
    _extend_spans(rest)
    # spanning lines of body text cut the page into bands; each band reads its columns left to
    # right; a spanning float (a wide caption or table) between column text goes with the
    # first column, where it falls
    spans = sorted((ln for ln in rest if ln.col == _SPAN), key=lambda ln: -ln.base)
    cuts = []
    prev: _Line | None = None
    floating = False
    for ln in spans:
        if ln.role in ("small", "figure") or ln.caption:
            floating = True
        elif not (floating and prev is not None and abs(prev.size - ln.size) < 0.3
                  and prev.base - ln.base < 1.6 * max(ln.size, 1)):
            floating = False  # not the rest of a caption
            cuts.append(ln)
        prev = ln
    cut_y = [-ln.base for ln in cuts]  # ascending: top first

    def band(line: _Line) -> int:
        return bisect_right(cut_y, -line.base)

    nb = len(cuts) + 1
    cols: list[list[list[_Line]]] = [[[] for _ in range(page.columns)] for _ in range(nb)]
    for line in rest:
        if line.col != _SPAN:
            cols[band(line)][line.col].append(line)
    before: list[list[_Line]] = [[] for _ in range(nb)]
    after: list[list[_Line]] = [[] for _ in range(nb)]
    # the highest and lowest baseline of each band's column text
    reach = [(max(bases), min(bases)) if bases else (float("-inf"), float("inf"))
             for bases in ([o.base for col in cols[k] for o in col if o.text.strip() and o.role != "figure"]
                           for k in range(nb))]
    cut_set = {id(ln) for ln in cuts}
    for line in spans:
        if id(line) in cut_set:
            continue
        k = band(line)
        if reach[k][0] <= line.base:
            before[k].append(line)
        elif reach[k][1] >= line.base:
            after[k].append(line)
        else:
            cols[k][0].append(line)
    out = list(headers)
    for k in range(nb):
        if k:
            out.append(cuts[k - 1])
        out.extend(_by_rows(before[k]))
        for col in cols[k]:
            out.extend(_by_rows(col))
        out.extend(_by_rows(after[k]))
    return out + footers


def _extend_spans(lines: list[_Line]) -> None:
    """A short first or last line of a paragraph that spans both columns (a caption's
    "emission thereafter.") spans too: same size, same left edge, the next line down or up."""
    ordered = sorted(lines, key=lambda ln: -ln.base)
    for seq in (ordered, ordered[::-1]):
        for i, line in enumerate(seq):
            if line.col != _SPAN:
                continue
            for other in seq[i + 1 : i + 4]:
                if abs(other.base - line.base) > 1.6 * max(line.size, 1):
                    break
                if other.col != _SPAN and abs(other.x0 - line.x0) < 2 and abs(other.size - line.size) < 0.3 \
                        and other.text.strip():
                    other.col = _SPAN
                    break


def _by_rows(lines: list[_Line]) -> list[_Line]:
    """Top to bottom; lines on one row (within a third of their size) left to right."""
    lines = sorted(lines, key=lambda ln: -ln.base)
    out: list[_Line] = []
    row: list[_Line] = []
    for line in lines:
        if row and row[0].base - line.base > 0.35 * max(row[0].size, line.size, 1):
            out.extend(sorted(row, key=lambda ln: ln.x0))
            row = []
        row.append(line)
    out.extend(sorted(row, key=lambda ln: ln.x0))
    return out


@dataclass
class _Edges:
    left: dict[int, float]
    right: dict[int, float]


def _edges(lines: list[_Line]) -> _Edges:
    """Each column's left and right text edge, from its body lines."""
    left: dict[int, float] = {}
    right: dict[int, float] = {}
    for col in {ln.col for ln in lines}:
        body = [ln for ln in lines if ln.col == col and ln.role == "body" and ln.text.strip()
                and not _BARE_NUMBER.fullmatch(ln.text.strip())] or [ln for ln in lines if ln.col == col]
        if not body:
            continue
        xs = Counter(round(ln.x0) for ln in body)
        x, n = xs.most_common(1)[0]
        left[col] = float(x) if n >= 2 else min(ln.x0 for ln in body)
        ends = Counter(round(ln.x1) for ln in body)
        x, n = ends.most_common(1)[0]
        right[col] = float(x) if n >= 3 and x >= max(ln.x1 for ln in body) - 3 else max(ln.x1 for ln in body)
    return _Edges(left, right)


def _plain_end(line: _Line, body: float) -> str:
    """The line's text without a trailing superscript (for its final punctuation)."""
    text = line.text.rstrip()
    cut = len(text)
    raised = _raised(line, body)
    for i in range(len(line.glyphs) - 1, -1, -1):
        g = line.glyphs[i]
        if raised[i] and (g.ch.isdigit() or g.ch in ",–-" or g.ch in _SUPERSCRIPTS):
            cut = line.starts[i]
        else:
            break
    return text[:cut].rstrip()


def _short(line: _Line, edges: _Edges, body: float) -> bool:
    left = edges.left.get(line.col, line.x0)
    right = edges.right.get(line.col, line.x1)
    return line.x1 < right - max(0.15 * (right - left), 3 * body)


def _indented(line: _Line, edges: _Edges, body: float) -> bool:
    return 0.6 * body <= line.x0 - edges.left.get(line.col, line.x0) <= 5 * body


def _blocks(page: _Page, order: list[_Line], style: _Style, pageno: int) -> list[_Block]:
    """The page's lines (in reading order) cut into paragraphs, headings and floats."""
    B = style.body
    edges = _edges(order)
    blocks: list[_Block] = []
    current: list[_Line] = []

    def close() -> None:
        if current:
            first = current[0]
            # a first-line indent: against the block's other lines, or the column's edge
            indented = _starts_indented_lines(current) if len(current) > 1 else _indented(first, edges, B)
            blocks.append(_Block(_block_kind(current, style), list(current), pageno, first.col, indented))
            current.clear()

    above: _Line | None = None  # an unreadable (empty) line since the block's last line
    for line in order:
        if line.role in ("header", "footer", "margin"):
            continue
        if not line.text.strip():
            above = line if current else None  # it keeps its place in the line spacing
            continue
        if current:
            prev = current[-1]
            pitch = style.pitch * (line.size / B if line.role != "body" else 1.0)
            gap = (above or prev).base - line.base
            ended = TERMINAL.search(_plain_end(prev, B)) is not None
            cut = (
                prev.col != line.col
                or prev.role != line.role
                or abs(prev.size - line.size) > 0.5
                or line.caption
                or gap < -0.3 * line.size  # back up the page
                or gap > 1.35 * pitch
                or (line.role in ("body", "small") and _indented(line, edges, B)
                    and abs(line.x0 - prev.x0) > 0.5 * B and (_short(prev, edges, B) or ended))
                or (_short(prev, edges, B) and ended)
                # two headings in a row: another font, or a new number
                or (line.role in ("large", "bold") and (_family(line.font) != _family(prev.font)
                                                        or _NUMBERED_HEADING.match(line.text) is not None))
            )
            if cut:
                close()
        current.append(line)
        above = None
    close()
    return blocks


def _block_kind(lines: list[_Line], style: _Style) -> str:
    first = lines[0]
    text = " ".join(ln.text.strip() for ln in lines)
    words = len(text.split())
    if first.role in ("large", "bold"):
        big = first.size >= 1.4 * style.body
        if (len(lines) <= 3 or (big and len(lines) <= 6)) and len(text) <= 250 and not first.caption \
                and not (words > 12 and TERMINAL.search(text)) and sum(c.isalpha() for c in text) >= 2:
            return "heading"
        return "body" if first.role == "bold" else "float"
    if first.role in ("small", "figure", "table") or first.caption:
        return "float"
    if len(lines) == 1 and _NUMBERED_HEADING.match(text) and words <= 10 and not TERMINAL.search(text) \
            and re.sub(r"^[\dIVX.\s]+", "", text)[:1].isupper():
        return "heading"
    return "body"


# -- superscripts -----------------------------------------------------------------------------

def _raised(line: _Line, body: float) -> list[bool]:
    """Which of the line's glyphs are superscripts: a smaller size on a raised baseline (moved
    up, or lifted by text rise), or a Unicode superscript character."""
    if line.raised is None:
        s = line.size or body
        main = [(g.y0 - g.base) / g.size for g in line.glyphs if g.size and abs(g.size - line.size) < 0.3]
        descent = median(main) if main else 0.0
        flags = []
        for g in line.glyphs:
            # text rise shows in the box, not in the baseline: compare the box's bottom with the
            # baseline, allowing for the descent the line's own characters have
            lift = (g.base - line.base) + max(0.0, (g.y0 - g.base) - descent * g.size)
            flags.append(g.ch in _SUPERSCRIPTS or lift > (0.18 if g.size < 0.9 * s else 0.3) * s)
        line.raised = flags
    return line.raised


def _superscripts(line: _Line, body: float, notes: set[int]) -> list[tuple[int, int, str]]:
    """Spans of ``line.text`` to bracket ("cite") or leave out ("drop", footnote marks)."""
    if not line.glyphs or line.size > 1.15 * body or line.role in ("large", "bold"):
        return []  # author and affiliation marks in a title block
    raised = _raised(line, body)
    spans = []
    i, n = 0, len(line.glyphs)
    while i < n:
        if not raised[i]:
            i += 1
            continue
        j = i
        while j < n and raised[j]:
            j += 1
        start, end = line.starts[i], line.starts[j - 1] + len(line.glyphs[j - 1].ch)
        run = "".join(_SUPERSCRIPTS.get(c, c) for c in line.text[start:end])
        m = re.match(_CITATION, run)
        kind = _kind_of(line, i, run, m, notes)
        if kind:
            spans.append((start, start + m.end() if m else end, kind))
        i = j
    return spans


def _kind_of(line: _Line, i: int, run: str, m: re.Match[str] | None, notes: set[int]) -> str | None:
    if m is None or m.start() != 0:
        return None
    rest = run[m.end():].strip()
    if rest and rest not in (",", ".", ";", ")"):
        return None  # "2nd", "3a"
    if i == 0 or line.glyphs[i].sp:
        return None  # a label at the start of a line (a footnote, an affiliation)
    before = line.text[: line.starts[i]]
    if _NUMBER_TOKEN.search(before):
        return None  # 10³: an exponent after a number
    word = re.search(r"(\w+)$", before)  # what the superscript is glued to
    core = word.group(1) if word else ""
    if len(core) == 1 and core.isalpha():
        return None  # x², r²: inside a formula
    if any("\U0001d400" <= c <= "\U0001d7ff" for c in core) or _is_math(line.glyphs[i - 1].font):
        return None  # 𝑧²: math italic, a formula
    if core in _UNITS and re.search(r"[\d/·⋅]\s*\w+$", before):
        return None  # 5 m², 10 cm³, 15/km², А/м²
    after = line.text[line.starts[i] + len(m.group(0)):].lstrip()[:1]
    if after in ("=", "+", "×", "−", "/", "^"):
        return None
    if re.fullmatch(r"\d{1,4}", m.group(0)) and int(m.group(0)) in notes:
        return "drop"  # a footnote mark
    return "cite"


def _footnote_numbers(order: list[_Line]) -> set[int]:
    """Numbers of the footnotes at the page's foot (small lines below the body text)."""
    lowest: dict[int, float] = {}
    for line in order:
        if line.role == "body":
            lowest[line.col] = min(lowest.get(line.col, line.base), line.base)
    floor = min(lowest.values()) if lowest else None
    notes: set[int] = set()
    for line in order:
        if line.role != "small" or not line.glyphs:
            continue
        below = lowest.get(line.col, floor)
        if below is None or line.base >= below:
            continue
        m = re.match(r"(\d{1,3})(?=\s|[^\d\s.,])", line.text)
        if m:
            notes.add(int(m.group(1)))
    return notes


# -- writing the source and the reading -------------------------------------------------------

def _emit_line(b: Builder, line: _Line, spans: list[tuple[int, int, str]]) -> None:
    """The line's text into the reading: superscript citations bracketed, footnote marks left
    out, ligatures spelled out."""
    text, src = line.text, line.src
    pos = 0
    for start, end, kind in spans:
        _copy(b, text, src, pos, start)
        if kind == "cite":
            # "melanogaster [1–3]": apart from the word, so that no marker reads as an index (t[1])
            b.insert(" [" if start and text[start - 1].isalnum() else "[", src + start)
            _copy(b, text, src, start, end, superscripts=True)
            b.insert("]", src + end - 1)
        pos = end
    _copy(b, text, src, pos, len(text))


def _copy(b: Builder, text: str, src: int, start: int, end: int, superscripts: bool = False) -> None:
    run = start
    for i in range(start, end):
        ch = text[i]
        repl = _LIGATURES.get(ch) or (_SUPERSCRIPTS.get(ch) if superscripts else None)
        if repl:
            b.copy(text[run:i], src + run)
            b.insert(repl, src + i)
            run = i + 1
    b.copy(text[run:end], src + run)


def _float_kind(block: _Block, page: _Page) -> str:
    """What a float is, for the claims it holds: a caption, a footnote (small type at the foot
    of the page) or a table or figure's text."""
    first = block.lines[0]
    if first.caption:
        return "caption"
    if first.role == "small" and max(ln.y1 for ln in block.lines) < 0.3 * page.height:
        return "footnote"
    return "table"


def _write(pages: list[_Page], orders: list[list[_Line]], blocks: list[_Block],
           spans: dict[int, list[tuple[int, int, str]]], style: _Style,
           floats: dict[int, str] | None = None) -> tuple[str, MappedText]:
    """The source, and the reading built over it: blocks apart by blank lines, a float held
    back while the paragraph it interrupts goes on."""
    source = _write_source(pages, orders)
    out = _ReadingWriter(pages, spans, floats)
    B = style.body
    indents = _indents_paragraphs(blocks)
    pending: list[_Block] = []
    last_body: _Block | None = None  # the body paragraph still open, if any
    interrupted = False  # by a float since that paragraph's last line
    for block in blocks:
        if block.kind == "float" and out.last is not None and out.last.kind == "float" \
                and _float_continues(out.last, block, B):
            out.write(block, True)  # a reference list or a long note going on in the next column
            continue
        if block.kind == "float":
            if last_body is not None:
                pending.append(block)  # after the paragraph it interrupts
                interrupted = True
            else:
                out.write(block, False)
            continue
        if block.kind == "body" and last_body is not None and \
                _continues(last_body, block, interrupted, style, indents):
            out.write(block, True)
            last_body, interrupted = block, False
            continue
        for p in pending:
            out.write(p, False)
        pending.clear()
        out.write(block, False)
        last_body = block if block.kind == "body" else None
        interrupted = False
    for p in pending:
        out.write(p, False)
    return source, out.b.build()


def _write_source(pages: list[_Page], orders: list[list[_Line]]) -> str:
    """The source: every line of each page in reading order, pages joined by form feeds. Each
    line's ``src`` is set to where it starts in the source."""
    parts: list[str] = []
    n = 0
    for k, (page, order) in enumerate(zip(pages, orders, strict=True)):
        if k:
            parts.append("\f")
            n += 1
        for line in order:
            line.src = n
            parts.append(line.text + "\n")
            n += len(line.text) + 1
        for text in page.rotated:
            parts.append(text + "\n")
            n += len(text) + 1
    return "".join(parts)


def _indents_paragraphs(blocks: list[_Block]) -> bool:
    """Does the document start its paragraphs with an indent (then an unindented line at the top
    of a column goes on with the paragraph, even after a full stop)?"""
    starts = [blk.indented for prev, blk in zip(blocks, blocks[1:], strict=False)
              if blk.kind == "body" and prev.kind == "body"]
    return sum(starts) > 0.5 * len(starts)


@dataclass
class _ReadingWriter:
    """The reading being built, block by block; the kind of each float written goes into
    ``floats`` (by the source offset of its first line) when that is given."""

    pages: list[_Page]
    spans: dict[int, list[tuple[int, int, str]]]
    floats: dict[int, str] | None
    b: Builder = field(default_factory=Builder)
    last: _Block | None = None  # the last block written

    def write(self, block: _Block, joined: bool) -> None:
        """A block into the reading: after a blank line, unless ``joined`` to the block before."""
        b = self.b
        if self.floats is not None and block.kind == "float" and not joined:
            self.floats[block.lines[0].src] = _float_kind(block, self.pages[block.page])
        if b.n and not joined:
            b.insert("\n", block.lines[0].src)
        if block.kind == "heading":
            _write_heading(b, block.lines)
        else:
            for line in block.lines:
                _emit_line(b, line, self.spans.get(id(line), []))
                b.insert("\n", line.src + len(line.text))
        self.last = block


def _write_heading(b: Builder, lines: list[_Line]) -> None:
    """"# " and the heading's lines joined into one."""
    b.insert("# ", lines[0].src)
    for i, line in enumerate(lines):
        text = line.text.rstrip()
        if i + 1 < len(lines):
            nxt = lines[i + 1].text.lstrip()
            if text.endswith("-") and nxt[:1].islower():  # "Proces-" / "sing": one word
                _copy(b, text, line.src, 0, len(text) - 1)
                continue
            _copy(b, text, line.src, 0, len(text))
            b.insert(" ", line.src + len(line.text))
        else:
            _copy(b, text, line.src, 0, len(text))
    b.insert("\n", lines[-1].src + len(lines[-1].text))


def _continues(prev: _Block, block: _Block, interrupted: bool, style: _Style, indents: bool) -> bool:
    """Does body paragraph ``block`` go on with ``prev`` (cut by a column or page break, a
    float or a figure)? Not when it starts indented; not after a full stop when the document
    does not mark paragraphs by indenting them, or when ``prev`` ended on a short line."""
    p, c = prev.lines[-1], block.lines[0]
    body = style.body
    broken = (interrupted or prev.page != block.page or prev.col != block.col
              or p.base - c.base > 3 * style.pitch)  # a wide gap: a figure without text
    ended = TERMINAL.search(_plain_end(p, body)) is not None
    if not broken:
        # the same column, cut by a gap: a new paragraph unless the sentence plainly goes on
        return not ended and c.text.lstrip()[:1].islower()
    lower = c.text.lstrip()[:1].islower()
    if lower and not ended:
        return True
    if block.indented:
        return False
    return lower or not (ended and (not indents or p.x1 < c.x1 - 3 * body))


def _float_continues(prev: _Block, block: _Block, body: float) -> bool:
    """Does small text (a reference list, a long note) go on across a column or page break?"""
    p, c = prev.lines[-1], block.lines[0]
    if (prev.page, prev.col) == (block.page, block.col) or c.caption or prev.lines[0].caption:
        return False
    if abs(p.size - c.size) > 0.3 or _family(p.font) != _family(c.font):
        return False
    if abs(_first_offset(block)) > 0.6 * c.size:
        return False  # indented (a new paragraph) or hanging (a new entry of a list)
    return TERMINAL.search(_plain_end(p, body)) is None


def _first_offset(block: _Block) -> float:
    """How far the block's first line starts right of where most of its lines start."""
    if len(block.lines) < 2:
        return 0.0
    edge = Counter(round(ln.x0) for ln in block.lines).most_common(1)[0][0]
    return block.lines[0].x0 - edge


def _starts_indented_lines(lines: list[_Line]) -> bool:
    return _first_offset(_Block("", lines, 0, 0)) > 0.6 * (lines[0].size or 1)


# -- entry point ------------------------------------------------------------------------------

@contextmanager
def _quiet() -> Iterator[None]:
    """Keep pdfminer's log records (font and stream warnings) off the user's terminal."""
    manager = logging.Logger.manager
    names = ["pdfminer"] + [n for n in list(manager.loggerDict) if n.startswith("pdfminer.")]
    saved = []
    for name in names:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level))
        logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in saved:
            logger.setLevel(level)


def _raw_pages(data: bytes, name: str) -> list[_Raw]:
    """pdfminer's layout of every page; its errors become InputErrors."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    where = Location(name)
    raws: list[_Raw] = []
    layouts = extract_pages(BytesIO(data), laparams=LAParams(boxes_flow=None, all_texts=True))
    while True:
        try:
            layout = next(layouts)
        except StopIteration:
            break
        except (PDFPasswordIncorrect, PDFEncryptionError):
            raise InputError("the PDF is encrypted; refs cannot read it without its password (remove "
                             "the protection first, e.g. qpdf --decrypt --password=... in.pdf out.pdf)",
                             where) from None
        except Exception as error:  # pdfminer raises all kinds on a bad file; KeyboardInterrupt passes
            if re.search(rb"/Encrypt\b", data[-4096:]) or re.search(rb"/Encrypt\b", data[:4096]):
                raise InputError(f"the PDF is encrypted; refs cannot decrypt it ({_describe(error)})",
                                 where) from None
            raise InputError(f"the PDF is damaged: {_describe(error)}", where) from None
        raws.append(_collect(layout))  # our own code: its errors are bugs, not the file's
    return raws


def _truncated(data: bytes) -> bool:
    """No %%EOF at the end: cut short (junk after the marker is all right, more objects are
    not: the first part of a linearized or updated file ends with a marker of its own)."""
    end = data.rfind(b"%%EOF")
    if end < 0:
        return True
    rest = data[end + 5 :]
    return len(rest.strip(b"\x00\r\n\t ")) > 0 and re.search(rb"\bendobj\b|\bxref\b|\d+\s+\d+\s+obj\b", rest) is not None


def _describe(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def read_pdf(data: bytes, name: str, floats: dict[int, str] | None = None) -> tuple[str, MappedText]:
    """(the extracted text, which locations refer to; the reading to repair).

    Raises InputError (located at ``name``) for data that is no PDF, a damaged or truncated
    PDF, one encrypted with a password, and one with no text to read (a scan). ``floats``
    receives, for the source offset where each float starts, what it is: "caption",
    "footnote" or "table"."""
    where = Location(name)
    try:
        import pdfminer  # noqa: F401
    except ImportError:
        raise UsageError("reading PDF manuscripts needs pdfminer.six (pip install pdfminer.six)", where) from None
    if b"%PDF-" not in data[:1024]:
        raise InputError("not a PDF file (it does not start with %PDF-)", where)
    if _truncated(data):
        raise InputError("the PDF is damaged: it has no end-of-file marker (%%EOF) after its last "
                         "object, so it was probably cut short (an incomplete download or copy?)", where)
    with _quiet():
        raws = _raw_pages(data, name)
    if not raws:
        raise InputError("the PDF is damaged: it has no pages", where)
    if not any(f.glyphs for raw in raws for f in raw.frags) and not any(raw.rotated for raw in raws):
        if any(raw.frags for raw in raws):
            raise InputError("the PDF's fonts do not say which characters they draw (no Unicode "
                             "map), so it has no usable text; run OCR first, e.g. ocrmypdf "
                             "--force-ocr in.pdf out.pdf", where)
        raise InputError("the PDF has no text layer (a scan?); run OCR first, e.g. ocrmypdf "
                         "in.pdf out.pdf, and give refs the result", where)
    body = _body_size(raws)
    pages = [_layout(raw, body) for raw in raws]
    style = _style(pages, body)
    _mark_running(pages)
    orders: list[list[_Line]] = []
    blocks: list[_Block] = []
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for k, page in enumerate(pages):
        _classify(page, style)
        order = _order(page)
        orders.append(order)
        notes = _footnote_numbers(order)
        for line in order:
            if line.role not in ("header", "footer"):
                found = _superscripts(line, style.body, notes)
                if found:
                    spans[id(line)] = found
        blocks.extend(_blocks(page, order, style, k))
    return _write(pages, orders, blocks, spans, style, floats)
