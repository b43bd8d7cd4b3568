"""Superscript citations in text extracted from PDF: ``melanogaster1–3``, ``(see review4)``,
``before.12–15``, ``AgamOBP121`` (``AgamOBP1`` cited as 21), and Unicode ``¹²⁻¹⁵``.

pdftotext prints a raised citation number as plain digits glued to the word before it, so the
digits alone cannot tell a citation from a name that ends in digits. Three things decide:

* the document's own spelling: ``AgamOBP1`` standing alone elsewhere makes ``AgamOBP121`` the
  name plus 21; a word that never stands alone with those digits is split after its letters;
* the order of first citation (Vancouver, AMA, Nature, ACS): a number cited for the first time is
  the next one not cited yet, so ``BL21`` after reference 33 cannot be a first citation of 21;
* the size of the bibliography, when it is known.

Used only when a document has (almost) no bracketed citations."""

from __future__ import annotations

import re
from collections import Counter

from .markers import RawMarker

__all__ = ["find_superscripts", "vocabulary"]

_DASHES = "–—-"
# digits glued to the end of a word; a list may use commas, dashes or single spaces (BMJ: "bias14 15");
# after a full stop the next sentence may follow with no space ("billion.4Many")
_TAIL = re.compile(r"(?<=[^\s\d,–—\-+−=/×^])(\d{1,4}(?:(?:,|[–—-]| (?=\d)|e(?=\d))\d{1,4})*)"
                   r"(?=[\s.;:)\]]|,\s|,$|$|(?<=\.\d)[A-Z][a-z]|(?<=\.\d\d)[A-Z][a-z])")
_UNICODE = re.compile(r"(?<=[^\s\d])([⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[⁻,˒‐–][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)")
_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻˒‐", "0123456789-,-")
_PREFIX = re.compile(r"[^\s(\[]*$")
_TOKEN = re.compile(r"[^\s()\[\],;:]+")
_CLOSING = set(")]’”'\".,")


def vocabulary(texts: list[str]) -> Counter[str]:
    """Words as they stand alone in the text (``AgamOBP1``), trailing full stops removed."""
    counts: Counter[str] = Counter()
    for text in texts:
        for token in _TOKEN.findall(text):
            counts[token.rstrip(".")] += 1
    return counts


def _numbers(digits: str, limit: int) -> list[int] | None:
    out: list[int] = []
    if " " in digits:  # "14 15", "25–27 29 31": only a list that goes up
        parts = digits.split(" ")
        nums = [_numbers(p, limit) for p in parts]
        if any(n is None for n in nums):
            return None
        flat = [x for n in nums for x in n]  # type: ignore[union-attr]
        return flat if all(a < b for a, b in zip(flat, flat[1:], strict=False)) else None
    for part in digits.split(","):
        if not part:
            return None
        bounds = re.split(r"[–—e-]", part)  # "e": a dash some PDF fonts map to the letter (25e27)
        if any(not b or b.startswith("0") for b in bounds) or len(bounds) > 2:
            return None
        a, b = int(bounds[0]), int(bounds[-1])
        if a < 1 or b > limit or b < a or b - a > 50:
            return None
        out.extend(range(a, b + 1))
    return out if len(set(out)) == len(out) else None


def _candidates(text: str, vocab: Counter[str], limit: int) -> list[tuple[int, int, list[int], bool]]:
    """(start, end, numbers, sure) of every digit run that may be a raised citation."""
    found = []
    for m in _UNICODE.finditer(text):
        prefix = _PREFIX.search(text, 0, m.start()).group(0)  # type: ignore[union-attr]
        letters = re.sub(r"[^\w]", "", prefix)
        if len(letters) < 3 and not (prefix and prefix[-1] in _CLOSING):
            continue  # m², x³: units and powers
        nums = _numbers(m.group(1).translate(_SUP), limit)
        if nums:
            found.append((m.start(), m.end(), nums, True))
    for m in _TAIL.finditer(text):
        prefix = _PREFIX.search(text, 0, m.start()).group(0)  # type: ignore[union-attr]
        if not prefix or re.search(r"\d[.,]$", prefix) or re.match(r"^[\d.,]+$", prefix):
            continue  # 3.5, 1,000: a number
        tail = m.group(1)
        if vocab.get(prefix + tail, 0) > 1:
            continue  # AgamOBP1, OBP39: a name the text writes alone, not a citation
        head = re.match(r"\d+", tail).group(0)  # type: ignore[union-attr]
        if len(re.sub(r"[^\w]", "", prefix)) < 3 and prefix[-1] not in _CLOSING:
            continue  # A1, x2, m2: a label, a variable, a unit
        best = None
        # the longest stem the document writes on its own: AgamOBP1 + 21
        for i in range(len(head) - 1, -1, -1):
            stem = prefix + tail[:i]
            nums = _numbers(tail[i:], limit)
            if nums and vocab.get(stem.rstrip("."), 0) > 0:
                best = (m.start() + i, nums, True)
                break
        if best is None:
            last = prefix[-1]
            nums = _numbers(tail, limit)
            if nums and (last.islower() or last in _CLOSING):
                best = (m.start(), nums, False)
            elif re.search(r"[,–—-]", tail):
                # a list or range glued to a name that ends in digits (AaegOBP39 + 32,33):
                # the first split that reads as reference numbers
                for i in range(len(head)):
                    nums = _numbers(tail[i:], limit)
                    if nums and len(nums) > 1:
                        best = (m.start() + i, nums, False)
                        break
        if best:
            found.append((best[0], m.end(), best[1], best[2]))
    found.sort()
    return found


_AUTHOR = re.compile(r"^\s*(?:,|and\b|&|$)")


def _affiliations(text: str, cands: list[tuple[int, int, list[int], bool]]) -> bool:
    """An author line: "Bryan S. Frazier1, William B. Driggers III2, Glenn F. Ulrich1"."""
    if len(cands) < 2 or len(text) > 400:
        return False
    for start, end, _, _ in cands:
        word = _PREFIX.search(text, 0, start).group(0)  # type: ignore[union-attr]
        if not word[:1].isupper() or not _AUTHOR.match(text[end : end + 5]):
            return False
    return True


def find_superscripts(texts: list[str], limit: int | None = None) -> list[list[RawMarker]]:
    """Raised citation numbers in each paragraph, or nothing when the document does not read
    as one that cites that way.

    Of all the digit runs that may be citations, the largest set that keeps the order of first
    citation is taken (a first citation is at most a few numbers past the highest cited so far;
    a figure caption may run ahead), so that one misread run does not lose the rest."""
    limit = limit if limit and limit > 0 else 999
    vocab = vocabulary(texts)
    cands: list[tuple[int, int, int, list[int], bool]] = []  # (paragraph, start, end, numbers, sure)
    for k, text in enumerate(texts):
        found = _candidates(text, vocab, limit)
        if not _affiliations(text, found):
            cands.extend((k, a, b, nums, sure) for a, b, nums, sure in found)
    # best[state] = (count, node): state = the highest number cited so far; a node is the last
    # accepted run and the node before it, so the chosen set can be read back
    nodes: list[tuple[int, int]] = []  # (candidate, previous node or -1)
    best: dict[int, tuple[int, int]] = {0: (0, -1)}
    for step, (_, _, _, nums, sure) in enumerate(cands):
        moves: dict[int, tuple[int, int]] = {}
        for state, (count, node) in best.items():
            new = sorted(n for n in nums if n > state)
            if new:
                if new[0] > state + 8 or any(b - a != 1 for a, b in zip(new, new[1:], strict=False)):
                    continue  # a first citation is the next number not cited yet (captions float)
            elif state < 3 and not sure:
                continue
            target = max(state, *nums)
            if target not in moves or moves[target][0] < count + 1:
                moves[target] = (count + 1, node)
        for target, (count, node) in moves.items():
            if target not in best or best[target][0] < count:
                nodes.append((step, node))
                best[target] = (count, len(nodes) - 1)
    chosen: set[int] = set()
    node = max(best.values())[1] if best else -1
    while node >= 0:
        step, node = nodes[node]
        chosen.add(step)
    out: list[list[RawMarker]] = [[] for _ in texts]
    for i in sorted(chosen):
        k, a, b, nums, _ = cands[i]
        out[k].append(RawMarker(a, b, texts[k][a:b], tuple(nums), (None,) * len(nums)))
    paragraphs = sum(1 for m in out if m)
    return out if len(chosen) >= 3 and (paragraphs >= 2 or len(chosen) >= 5) else [[] for _ in texts]
