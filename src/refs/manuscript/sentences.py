"""Sentence boundaries that know the abbreviations of Azerbaijani, Russian, English, Kazakh
and Turkish texts (``İ.Əliyev``, ``K. Tokayev``, ``et al.``, ``с. 12``, ``səh.``, ``г.``)."""

from __future__ import annotations

import re

__all__ = ["sentence_spans", "attach_trailing_markers", "ABBREVIATIONS"]

ABBREVIATIONS = {
    # English
    "al", "e.g", "i.e", "etc.al", "fig", "figs", "p", "pp", "vol", "vols", "no", "nos", "ed", "eds",
    "cf", "vs", "dr", "mr", "mrs", "ms", "prof", "inc", "ltd", "co", "st", "jr", "sr", "ch", "sec",
    "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "sp", "spp", "ssp", "subsp", "var", "aff", "gen", "ca", "resp", "eq", "eqs", "ref", "refs",
    "u.s", "u.k", "dept", "univ", "col", "gov", "sen", "rep", "mt", "est",
    # Azerbaijani
    "səh", "s", "b", "bax", "akad", "dos", "müəl", "red", "ş", "r", "küç", "m", "e.ə", "b.e", "və s",
    "c", "cild", "bur",
    # Russian
    "г", "гг", "с", "сс", "стр", "т", "тт", "им", "ул", "см", "др", "пр", "т.е", "т.к", "т.д", "т.п",
    "н.э", "до н.э", "млн", "млрд", "тыс", "руб", "проф", "акад", "рис", "табл", "изд", "ред", "вып",
    # Kazakh
    "ж", "жж", "б", "т.б", "мыс", "ғ",
    # Turkish
    "vb", "yy", "bkz", "sy", "sf", "çev", "haz", "yay", "doç", "yrd",
}

# A sentence ends at . ! ? … (and closing quotes or brackets after them) before white space
# and a capital letter, a digit, an opening quote or bracket, or the end of the text.
# Citation markers glued to the full stop (web style: "planet.[6][7] Next") end the sentence with it.
# The next sentence starts with a letter that is not lower case (scripts without case, Arabic or
# Chinese, count as capitals) or a digit. Chinese and Japanese stops need no space after them.
_END = re.compile(r"(?P<stop>[.!?…]+[\"'”“»’)\]」』]*)(?:\[[^\[\]\n]{1,40}\])*"
                  r"(?=\s+[\"'“«„(\[「『]*(?P<next>\w)|\s*$)"
                  r"|(?P<cjk>[。！？]+[”」』）)]*)(?:\[[^\[\]\n]{1,40}\])*")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_LONGEST_WORD = 40
_NEXT_CHAR = re.compile(r"\s*(\S)")


_DEGREES = re.compile(r"[°∘]\s?$")
_DOTTED = re.compile(r"(?:\w\.)+\w")


def _is_abbreviation(text: str, end: int) -> bool:
    """Is the period ending at ``end`` (exclusive) part of an abbreviation or an initial?"""
    if text[end - 1] != ".":
        return False
    lo = max(0, end - _LONGEST_WORD)  # look back a bounded way: a long line stays linear
    m = _WORD_BEFORE.search(text, lo, end)
    if not m or (m.start() == lo and lo > 0 and (text[lo - 1].isalnum() or text[lo - 1] in "._")):
        return False  # no word, or one longer than any abbreviation
    word = m.group(1)
    if len(word) == 1 and word.isalpha() and word.isupper():
        # an initial (K. Tokayev), but not degrees at a sentence's end ("at 300 °C.")
        return not _DEGREES.search(text[max(0, m.start() - 3) : m.start()])
    if _DOTTED.fullmatch(word):
        return True  # e.g, i.e, т.е, U.S
    if word.lower() in ABBREVIATIONS:
        # "p. 45" and "с. 12" are abbreviations; "2024 г." may end a sentence, but only when
        # the next word is not a lower-case continuation, which _END already requires
        return not (word.lower() in ("г", "гг", "ж") and _capital_follows(text, end))
    return False


def _capital_follows(text: str, end: int) -> bool:
    m = _NEXT_CHAR.match(text, end)
    return m is not None and m.group(1).isupper() and not m.group(1).isdigit()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``, white space between them excluded."""
    spans = []
    start = 0
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    for m in _END.finditer(text):
        end = m.end()
        if end <= start:
            continue
        if m.group("cjk") is None:
            following = m.group("next")
            if following and following.islower():
                continue  # "e.g. the", "3 p. more": no sentence ends before a lower-case word
            if _is_abbreviation(text, m.start() + 1) and m.group("stop").rstrip("\"'”“»’)]」』") == ".":
                continue
        spans.append((start, end))
        start = end
        while start < n and text[start].isspace():
            start += 1
    if start < n and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


_AFTER_STOP = re.compile(r"[.!?…][\"'”»’)]*\s?$")  # a sentence's end, then at most one space


def attach_trailing_markers(text: str, spans: list[tuple[int, int]], markers: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Markers printed after the full stop (``planet.[6][7] Next``, ``donanımlardır.[2]``)
    belong to the sentence before: move the boundary past them. Linear in spans and markers."""
    if not markers or not spans:
        return spans
    opening = {a: b for a, b in markers}
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a in opening and a - out[-1][1] <= 1 and _AFTER_STOP.search(text[out[-1][0] : a]):
            end = opening[a]
            while end in opening:  # [6][7]: markers glued to it go along
                end = opening[end]
            prev_a, _ = out[-1]
            rest = end
            while rest < b and text[rest] in " ,;":
                rest += 1
            out[-1] = (prev_a, end if rest < b else b)
            if rest < b:
                out.append((rest, b))
            continue
        out.append((a, b))
    return out
