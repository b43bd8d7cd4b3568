"""Text that remembers where every character came from.

Readers and repairs build a :class:`MappedText` piece by piece; each piece is either a run of
characters copied from the text below it or a synthetic piece (a joining space, a removed
hyphen's neighbour) that maps to one position. Maps compose, so a repaired character still
knows its line and column in the file the user gave.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Location

__all__ = ["MappedText", "Builder", "Source"]


class Source:
    """The original file's text: offsets -> 1-based line and column."""

    def __init__(self, text: str, name: str | None):
        self.text = text
        self.name = name
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        # form feeds end pages (PDF, and pdftotext's output): the line where each page starts
        feeds = [m.start() for m in re.finditer("\f", text)]
        self.page_starts = [1] + [bisect.bisect_right(self.starts, f) for f in feeds] if feeds else []

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def page(self, line: int) -> tuple[int, int] | None:
        """(page, line on the page) of a 1-based line, when the text has pages."""
        if not self.page_starts:
            return None
        k = bisect.bisect_right(self.page_starts, line) - 1
        return k + 1, line - self.page_starts[k] + 1

    def loc(self, offset: int) -> Location:
        line, col = self.line_col(offset)
        paged = self.page(line)
        if paged:
            return Location(self.name, line, col, paged[0], paged[1])
        return Location(self.name, line, col)

    def line_text(self, lineno: int) -> str:
        start = self.starts[lineno - 1]
        end = self.starts[lineno] - 1 if lineno < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    @property
    def line_count(self) -> int:
        return len(self.starts) - (1 if self.text.endswith("\n") else 0)


@dataclass(frozen=True)
class MappedText:
    text: str
    # parallel lists: where each piece starts in ``text``, where in the base, its length,
    # and whether it is synthetic (every character maps to the one base position)
    out_starts: tuple[int, ...]
    base_starts: tuple[int, ...]
    lengths: tuple[int, ...]
    synthetic: tuple[bool, ...]

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, (0,), (0,), (len(text),), (False,))

    def __len__(self) -> int:
        return len(self.text)

    def base(self, offset: int) -> int:
        """The base offset of the character at ``offset`` (the end maps past the last piece)."""
        if not self.out_starts:
            return 0
        i = max(0, bisect.bisect_right(self.out_starts, offset) - 1)
        if self.synthetic[i]:
            return self.base_starts[i]
        return self.base_starts[i] + min(offset - self.out_starts[i], max(self.lengths[i] - 1, 0))


class Builder:
    """Build a MappedText over ``base`` (a MappedText or None for the original itself)."""

    def __init__(self, base: MappedText | None = None):
        self.base = base
        self.parts: list[str] = []
        self.out_starts: list[int] = []
        self.base_starts: list[int] = []
        self.lengths: list[int] = []
        self.synthetic: list[bool] = []
        self.n = 0

    def _push(self, text: str, base_pos: int, synthetic: bool) -> None:
        if not text:
            return
        self.parts.append(text)
        if self.base is None or synthetic:
            pos = base_pos if self.base is None else self.base.base(base_pos)
            self._segment(self.n, pos, len(text), synthetic)
        else:
            # split the copied run where the base's own pieces change
            b = self.base
            i = max(0, bisect.bisect_right(b.out_starts, base_pos) - 1)
            done = 0
            while done < len(text):
                here = base_pos + done
                while i + 1 < len(b.out_starts) and b.out_starts[i + 1] <= here:
                    i += 1
                piece_end = b.out_starts[i + 1] if i + 1 < len(b.out_starts) else here + len(text) - done
                take = max(1, min(len(text) - done, piece_end - here))
                if b.synthetic[i]:
                    self._segment(self.n + done, b.base_starts[i], take, True)
                else:
                    self._segment(self.n + done, b.base_starts[i] + here - b.out_starts[i], take, False)
                done += take
        self.n += len(text)

    def _segment(self, out: int, base: int, length: int, synthetic: bool) -> None:
        # merge with the previous piece when it simply continues it
        if (
            self.out_starts
            and not synthetic
            and not self.synthetic[-1]
            and self.out_starts[-1] + self.lengths[-1] == out
            and self.base_starts[-1] + self.lengths[-1] == base
        ):
            self.lengths[-1] += length
            return
        self.out_starts.append(out)
        self.base_starts.append(base)
        self.lengths.append(length)
        self.synthetic.append(synthetic)

    def copy(self, text: str, base_pos: int) -> None:
        """Characters taken unchanged from ``base_pos`` on."""
        self._push(text, base_pos, False)

    def insert(self, text: str, base_pos: int) -> None:
        """Characters that stand for the one position ``base_pos`` (a joining space)."""
        self._push(text, base_pos, True)

    def build(self) -> MappedText:
        return MappedText(
            "".join(self.parts), tuple(self.out_starts), tuple(self.base_starts),
            tuple(self.lengths), tuple(self.synthetic),
        )
