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
# locator labels as papers print them, Latin and Cyrillic look-alikes included (a Latin "C." or
# "c." for the Cyrillic "С."/"с.", a Cyrillic "р." for "p.")
_LABEL = (r"(?:pp|p|PP|P|ss|s|SS|S|сс|с|СС|С|cc|c|C|рр|р|Р|стр|Стр|стб|л|лл|гл|разд|ст|səh|Səh|səhifə|"
          r"bet|Bet|бет|Бет|бб|б|Б|vols?|Vols?|тт|т|Т|ch|chap|Ch|Chap|sec|Sec|§§|§|fol|col|ll|l|par|para|"
          r"no|No|nr|Nr|figs?|Figs?|tab|Tab|table|Table|art|Art|рис|Рис|табл|Табл|vv|v|bd|Bd|t|h|H|fn|n)")
_VALUE = (r"(?:[\dIVXLCDMivxlcdm]+[a-z]?(?:\s*[-–—]\s*[\dIVXLCDMivxlcdm]+[a-z]?)?"
          r"(?:\s*,\s*\d+(?:\s*[-–—]\s*\d+)?)*|[A-Za-z]?\d+[A-Za-z]?)(?:\s*(?:ff|f)\.?)?")
_LOCATOR = re.compile(rf"^{_LABEL}\.?\s*{_VALUE}$")
# the postfix forms of Kazakh, Turkic and Russian texts: [5, 699-б.], [3, 12-бет], [4, 15 s.]
_POSTFIX = re.compile(r"^\d+(?:\s*[-–—]\s*\d+)?\s*-?\s*(?:б|бб|бет|bet|s|ss|səh|с|c|стр|p|pp)\.?$")
_BARE_VALUE = re.compile(r"^\d+[a-z]?(?:\s*[-–—]\s*\d+[a-z]?)?(?:\s*,\s*\d+(?:\s*[-–—]\s*\d+)?)*$")
# a pinpoint in the writer's own words: a word or three, then a number ("теор. 1.7.4", "Theorem 2",
# "свойство 3.2.9", "eq. (5)"), or a short note with no number ("this study", "and refs therein")
_FREE_LOCATOR = re.compile(r"^(?:[^\W\d_][\w’'-]*\.?\s+){0,2}[^\W\d_][\w’'-]*\.?\s*\(?\d[\d.,–—\-]*[a-z]?\)?$"
                           r"|^(?:[^\W\d_][\w’'-]*\.?\s*){1,4}$")
_AND = re.compile(r"\s+(?:и|and|&|və|ve|және|und|et|y|i)\s+")  # [33, разд. 3.2.1 и теор. 1.7.4]
_BARE_LABEL = re.compile(rf"^{_LABEL}\.?$")  # [1, p.]: a label whose page is missing
_PREFIX = re.compile(r"^\s*(?:e\.\s?g\.,?|eg,?|see also|see|cf\.|i\.\s?e\.,?|viz\.|for example,?|reviewed in|"
                     r"см\. также|см\.|ср\.|напр\.,?|например,?|bax|bkz\.|örn\.|мыс\.)\s+(?=\d)", re.I)
_COLON = re.compile(r"^(\d{1,9})\s*:\s*(.+)$")  # [5: 234], [14:113]
_AFTER_COLON = re.compile(rf":\s?(\d+(?:\s*{_DASH}\s*\d+)?(?:\s*,\s*\d+(?:\s*{_DASH}\s*\d+)?)*)")  # [41]:255
_CITATIONLIKE = re.compile(rf"^[\d\s,;{_DASH[1:-1]}]*\d[\d\s,;{_DASH[1:-1]}]*$")
_BETWEEN_RANGE = re.compile(rf"^\s*{_DASH}\s*$")
_BETWEEN_SAME = re.compile(r"^\s*[,;]?\s*$")
# words that make a pair of numbers an interval ("[10, 15] aralığında", "in the range [2, 5]") and a
# triple of digits a crystal direction ("в направлении [100]")
_INTERVAL_WORD = re.compile(
    r"(?i)^(?:interval|range|ranges|intervals|aralı\w*|arasında\w*|интервал\w*|диапазон\w*|промежут\w*|"
    r"отрез\w*|аралы\w*|oraliq\w*|between)$"
)
# what an index hangs on: one or two small letters (t[1], p[1], to[1]), a name in camelCase or with
# an underscore or a dot (splittedFirst[1], arr_2[3], obj.items[2]); not a word or a product name
# (JupyterLab[4], Qt[7], ГИП[12], X11[14], RXP407[34]: citations glued to the word)
_INDEXED = re.compile(r"[a-zа-я]{1,2}|[a-zа-я][\w]*(?:[A-Z][\w]*|_\w*)|\w+\.\w+(?:\.\w+)*|\w*_\w*")
_INTERVAL_BEFORE = re.compile(r"(?i)(?:\b(?:in|on|over|within|of)\s+the\s+(?:range|interval)|\binterval|"
                              r"\b(?:на|в)\s+(?:отрезке|интервале|промежутке|диапазоне)|\bx\s*∈|∈)\s*$")
_DIRECTION_WORD = re.compile(
    r"(?i)^(?:direction|directions|orientation|plane|planes|axis|направлени\w*|ориентаци\w*|плоскост\w*|"
    r"ос[иь]|yön\w*|doğrultu\w*|istiqamət\w*|бағыт\w*)$"
)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class RawMarker:
    start: int
    end: int
    text: str
    numbers: tuple[int, ...]
    locators: tuple[str | None, ...]  # one per number
    problem: str | None = None  # why a citation-like bracket is malformed


_SEPARATORS = re.compile(r"([,;])")
_ZERO_FIRST = re.compile(r"0\d*\s*(?:[,;:–—-]|$)")
_LAST_WORD = re.compile(r"([^\W\d_]+)[^\w\[]{0,3}$")
_TOKEN_BEFORE = re.compile(r"[\w.]*$")
_MILLER = re.compile(r"[0-2]{3}")


def parse_content(content: str) -> tuple[list[int], list[str | None]] | str | None:
    """A bracket's content -> (numbers, locators); a string saying why it is malformed;
    or None when it is no citation at all."""
    pieces = _SEPARATORS.split(content)
    parts = pieces[0::2]
    seps = [""] + pieces[1::2]  # the separator before each part
    numbers: list[int] = []
    locators: list[str | None] = []
    prefix = _PREFIX.match(parts[0])
    if prefix and prefix.end() < len(parts[0]):
        parts[0] = parts[0][prefix.end():]  # [e.g. 28], [see 3, 4], [см. 5]: the words before count not
    first = parts[0].strip()
    if not (_NUM.match(first) or _RANGE.match(first) or _COLON.match(first)):
        return None  # [Fig. 2], [sic], [n = 120], [...]
    if _ZERO_FIRST.match(first) and (len(parts) > 1 or _RANGE.match(first)):
        return None  # [0, 9], [0–1]: an interval, not a citation
    for raw, sep in zip(parts, seps, strict=True):
        part = raw.strip()
        if not part:
            return f'"[{content}]" has an empty place between separators'
        m = _NUM.match(part)
        r = _RANGE.match(part)
        c = _COLON.match(part)
        if locators and locators[-1] is not None and sep == "," and _BARE_VALUE.match(part):
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
        elif c and (_BARE_VALUE.match(c.group(2).strip()) or _LOCATOR.match(c.group(2).strip())):
            numbers.append(int(c.group(1)))
            locators.append(c.group(2).strip())
        elif numbers and all(_LOCATOR.match(p) or _POSTFIX.match(p) or (_FREE_LOCATOR.match(p) and not _BARE_LABEL.match(p))
                             for p in _AND.split(part)):
            # [33, теор. 1.7.4], [101, следствие 2], [19, this study]: a pinpoint in words
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


def _word_before(text: str, pos: int) -> str:
    m = _LAST_WORD.search(text[max(0, pos - 40) : pos])
    return m.group(1) if m else ""


def _word_after(text: str, pos: int) -> str:
    m = _WORD.search(text, pos, min(len(text), pos + 40))
    return m.group(0) if m and not text[pos : m.start()].strip(" ,") else ""


def _not_a_citation(text: str, m: re.Match[str], numbers: list[int]) -> bool:
    """Brackets that hold numbers but cite nothing: indexes (``t[1]``, ``x[i][2]``, ``[[1]]``),
    intervals (``[10, 15] aralığında``) and crystal directions (``в направлении [100]``)."""
    start, end = m.start(), m.end()
    before = text[start - 1] if start else ""
    if before == "[" or text[end : end + 1] == "]":
        return True  # [[1]]: a list index in R
    if before and (before.isalnum() or before == "_"):
        token = _TOKEN_BEFORE.search(text[max(0, start - 40) : start]).group(0)  # type: ignore[union-attr]
        if _INDEXED.fullmatch(token):
            return True  # t[1], p[1], to[1], splittedFirst[1], arr_2[3], obj.items[2]
    if len(numbers) == 2 and (_INTERVAL_WORD.match(_word_after(text, end)) or
                              _INTERVAL_BEFORE.search(text[max(0, start - 30) : start])):
        return True  # "[10, 15] aralığında", "in the range [2, 5]" (not "their historical range [16,17]")
    content = m.group(1).strip()
    if _MILLER.fullmatch(content) and _DIRECTION_WORD.match(_word_before(text, start)):
        return True
    return False


def find_markers(text: str) -> list[RawMarker]:
    """Markers in a repaired paragraph, adjacent ones ([2]–[4], [1][2], [1], [2]) merged."""
    found: list[RawMarker] = []
    rejected_end = -1  # where the last bracket that is an index ended: x[1][2]
    for m in _BRACKET.finditer(text):
        content = m.group(1)
        result = parse_content(content)
        if result is None:
            continue
        glued = bool(found) and found[-1].end == m.start() and not found[-1].problem  # [149]:104[158]
        if isinstance(result, str):
            before = text[m.start() - 1] if m.start() else ""
            if m.start() == rejected_end or before == "[" or text[m.end() : m.end() + 1] == "]" or \
                    (before and (before.isalnum() or before in "_)")):
                continue  # args_list[1::2], select(...)[0]: code, not a broken citation
            found.append(RawMarker(m.start(), m.end(), m.group(), (), (), result))
            continue
        numbers, locators = result
        if m.start() == rejected_end or (not glued and _not_a_citation(text, m, numbers)):
            rejected_end = m.end()
            continue
        end = m.end()
        after = _AFTER_COLON.match(text, end)
        if after and len(numbers) == 1 and locators[0] is None:
            locators = [after.group(1)]  # [41]:255, Wikipedia's page locator after the marker
            end = after.end()
        found.append(RawMarker(m.start(), end, text[m.start() : end], tuple(numbers), tuple(locators)))
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
    """[1], [2] and [1][2] are one cluster; a number printed twice ([69][70][70], a web page citing
    the same note twice) stays twice, as printed."""
    out: list[RawMarker] = []
    for mk in found:
        prev = out[-1] if out else None
        if (
            prev and not prev.problem and not mk.problem and _BETWEEN_SAME.match(text[prev.end : mk.start])
        ):
            out[-1] = RawMarker(prev.start, mk.end, text[prev.start : mk.end],
                                prev.numbers + mk.numbers, prev.locators + mk.locators)
            continue
        out.append(mk)
    return out
