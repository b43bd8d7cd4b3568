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
_TAIL = re.compile(r"(?<=[^\s\d,–—\-+−=/×^])(\d{1,4}(?:(?:,|[–—-])\d{1,4})*)(?=[\s.;:)\]]|,\s|,$|$)")
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
    for part in digits.split(","):
        if not part:
            return None
        bounds = re.split(r"[–—-]", part)
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


def find_superscripts(texts: list[str], limit: int | None = None) -> list[list[RawMarker]]:
    """Raised citation numbers in each paragraph, or nothing when the document does not read
    as one that cites that way (fewer than three citations that fit the order of first use)."""
    limit = limit if limit and limit > 0 else 999
    vocab = vocabulary(texts)
    seen = 0  # the highest number cited so far
    out: list[list[RawMarker]] = []
    total = 0
    for text in texts:
        markers: list[RawMarker] = []
        for start, end, nums, sure in _candidates(text, vocab, limit):
            new = sorted(n for n in nums if n > seen)
            if new and not (new[0] <= seen + (8 if sure or seen else 2)
                            and all(b - a == 1 for a, b in zip(new, new[1:]))):
                continue  # a first citation is the next number not cited yet (captions float)
            if not new and not sure and seen < 3:
                continue
            seen = max(seen, *nums)
            markers.append(RawMarker(start, end, text[start:end], tuple(nums), (None,) * len(nums)))
        total += len(markers)
        out.append(markers)
    return out if total >= 3 else [[] for _ in texts]
