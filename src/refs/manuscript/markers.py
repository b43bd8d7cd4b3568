"""Numeric bracket citations: [1], [2, 3], [2; 3], [4–6], [1, 3–5, 8], [2]–[4], [9, p. 45].

Brackets that hold no citation ([Fig. 2], [sic], [n = 120], [...]) are left alone; brackets
that look like a citation but cannot be one ([0], [3–1], [1,,2]) become findings."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["RawMarker", "find_markers", "MAX_NUMBER", "parse_content"]

MAX_NUMBER = 9999
_BRACKET = re.compile(r"\[([^\[\]\n]{0,200})\]")
_DASH = r"[-–—−‒]"
_NUM = re.compile(r"^(\d{1,9})$")
_RANGE = re.compile(rf"^(\d{{1,9}})\s*{_DASH}\s*(\d{{1,9}})$")
_LOCATOR = re.compile(
    r"^(?:p|pp|s|ss|S|SS|с|сс|С|стр|səh|səhifə|səh|bet|б|бб|vol|Vol|т|Т|ch|chap|sec|§|fol|col|l|ll|"
    r"par|para|no|No|nr|Nr|fig|Fig|tab|table|art)\.?\s*"
    r"(?:[\dIVXLCivxlc]+(?:\s*[-–—]\s*[\dIVXLCivxlc]+)?(?:\s*,\s*\d+)*|[A-Za-z]?\d+[A-Za-z]?)"
    r"(?:\s*(?:ff|f)\.?)?$"
)
_CITATIONLIKE = re.compile(rf"^[\d\s,;{_DASH[1:-1]}]*\d[\d\s,;{_DASH[1:-1]}]*$")
_BETWEEN_RANGE = re.compile(rf"^\s*{_DASH}\s*$")
_BETWEEN_SAME = re.compile(r"^\s*[,;]?\s*$")


@dataclass(frozen=True)
class RawMarker:
    start: int
    end: int
    text: str
    numbers: tuple[int, ...]
    locators: tuple[str | None, ...]  # one per number
    problem: str | None = None  # why a citation-like bracket is malformed


def parse_content(content: str) -> tuple[list[int], list[str | None]] | str | None:
    """A bracket's content -> (numbers, locators); a string saying why it is malformed;
    or None when it is no citation at all."""
    pieces = re.split(r"([,;])", content)
    parts = pieces[0::2]
    seps = [""] + pieces[1::2]  # the separator before each part
    numbers: list[int] = []
    locators: list[str | None] = []
    first = parts[0].strip()
    if not (_NUM.match(first) or _RANGE.match(first)):
        return None  # [Fig. 2], [sic], [n = 120], [...]
    for raw, sep in zip(parts, seps, strict=True):
        part = raw.strip()
        if not part:
            return f'"[{content}]" has an empty place between separators'
        m = _NUM.match(part)
        r = _RANGE.match(part)
        if locators and locators[-1] is not None and sep == "," and re.fullmatch(r"\d+(?:\s*[-–—]\s*\d+)?", part):
            locators[-1] = f"{locators[-1]}, {part}"  # [9, pp. 45, 47]: more pages of the same source
        elif m:
            numbers.append(int(m.group(1)))
            locators.append(None)
        elif r:
            a, b = int(r.group(1)), int(r.group(2))
            if a >= b:
                return f'"[{content}]" has a range that does not go up ({a}–{b})'
            if b - a > 500:
                return f'"[{content}]" has a range of {b - a + 1} references'
            numbers.extend(range(a, b + 1))
            locators.extend([None] * (b - a + 1))
        elif _LOCATOR.match(part) and numbers:
            locators[-1] = part if locators[-1] is None else f"{locators[-1]}, {part}"
        elif _CITATIONLIKE.match(content):
            return f'"[{content}]" is not a list of reference numbers'
        else:
            return f'"[{content}]" has "{part}", which is neither a number nor a locator'
    for n in numbers:
        if n == 0:
            return f'"[{content}]" cites number 0; references are numbered from 1'
        if n > MAX_NUMBER:
            return f'"[{content}]" cites number {n}, far beyond any reference list'
    if len(set(numbers)) != len(numbers):
        return f'"[{content}]" cites a number twice'
    return numbers, locators


def find_markers(text: str) -> list[RawMarker]:
    """Markers in a repaired paragraph, adjacent ones ([2]–[4], [1][2], [1], [2]) merged."""
    found: list[RawMarker] = []
    for m in _BRACKET.finditer(text):
        content = m.group(1)
        result = parse_content(content)
        if result is None:
            continue
        if isinstance(result, str):
            found.append(RawMarker(m.start(), m.end(), m.group(), (), (), result))
            continue
        numbers, locators = result
        found.append(RawMarker(m.start(), m.end(), m.group(), tuple(numbers), tuple(locators)))
    return _merge_adjacent(text, _merge_ranges(text, found))


def _merge_ranges(text: str, found: list[RawMarker]) -> list[RawMarker]:
    """[2]–[4] is one marker citing 2, 3 and 4; [4]–[2] is malformed."""
    out: list[RawMarker] = []
    for mk in found:
        prev = out[-1] if out else None
        if (
            prev and not prev.problem and not mk.problem and len(prev.numbers) == 1 and len(mk.numbers) == 1
            and _BETWEEN_RANGE.match(text[prev.end : mk.start])
        ):
            a, b = prev.numbers[0], mk.numbers[0]
            span = text[prev.start : mk.end]
            if a < b and b - a <= 500:
                nums = tuple(range(a, b + 1))
                locs = (prev.locators[0],) + (None,) * (len(nums) - 2) + (mk.locators[0],)
                out[-1] = RawMarker(prev.start, mk.end, span, nums, locs)
            else:
                out[-1] = RawMarker(prev.start, mk.end, span, (), (), f'"{span}" has a range that does not go up')
            continue
        out.append(mk)
    return out


def _merge_adjacent(text: str, found: list[RawMarker]) -> list[RawMarker]:
    """[1], [2] and [1][2] are one cluster."""
    out: list[RawMarker] = []
    for mk in found:
        prev = out[-1] if out else None
        if (
            prev and not prev.problem and not mk.problem and _BETWEEN_SAME.match(text[prev.end : mk.start])
            and not set(prev.numbers) & set(mk.numbers)
        ):
            out[-1] = RawMarker(prev.start, mk.end, text[prev.start : mk.end],
                                prev.numbers + mk.numbers, prev.locators + mk.locators)
            continue
        out.append(mk)
    return out
