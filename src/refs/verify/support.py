"""Words and numbers as a claim and a source can share them, whatever their script: the
spelling-independent ``skeleton`` of a word (Əliyev ~ Aliyev ~ Алиев, Kurmanqazı ~ Kurmangazy,
Azerbaijani case endings off: küçəsinin ~ küçə) and the numbers a text states in digits or
words (altmış bir = 61, 7 min = 7000). Used by ``evidence``."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["skeleton", "numbers_in"]

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}
_AZ_LETTERS = set("əƏıİğĞşŞçÇöÖüÜ")
_AZ = {"ə": "a", "ı": "i", "ö": "o", "ü": "u", "ç": "ch", "ş": "sh", "ğ": "g", "c": "j", "x": "kh", "q": "k"}
# Azerbaijani case and possessive endings, as they look after ``skeleton`` (ə -> a, ı -> i ...)
_SUFFIXES = sorted(
    """larinin lerinin larina larini lari lar lerin leri ler sinin sini sina sin si su nin nun
    in un da dan dak dir dur ni nu na ya ye a i u ov""".split(),
    key=len, reverse=True,
)
_NUM_WORDS = {
    # az
    "bir": 1, "iki": 2, "üç": 3, "dörd": 4, "beş": 5, "altı": 6, "yeddi": 7, "səkkiz": 8, "doqquz": 9,
    "on": 10, "iyirmi": 20, "otuz": 30, "qırx": 40, "əlli": 50, "altmış": 60, "yetmiş": 70, "səksən": 80,
    "doxsan": 90,
    # ru
    "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
    "восемь": 8, "девять": 9, "десять": 10, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50,
    "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100,
    # en
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_MULT = {"yüz": 100, "hundred": 100, "min": 1000, "thousand": 1000, "тысяча": 1000, "тысячи": 1000,
         "тысяч": 1000, "milyon": 10**6, "million": 10**6, "mln": 10**6, "миллион": 10**6, "миллиона": 10**6,
         "миллионов": 10**6, "milyard": 10**9, "billion": 10**9, "bn": 10**9, "mlrd": 10**9,
         "миллиард": 10**9, "миллиарда": 10**9, "миллиардов": 10**9, "millionen": 10**6, "millions": 10**6, "milliarde": 10**9,
         "milliarden": 10**9, "milliard": 10**9, "milliards": 10**9, "milyar": 10**9, "мың": 1000,
         "миллиардқа": 10**9}
# Number words that are also common words elsewhere ("on" in English, "bir" = "a" in
# Azerbaijani): they count only before another number word or a multiplier ("on iki", "bir milyard").
_AMBIGUOUS = {"on", "bir", "one", "ten"}
_ENGLISH_NUMBERS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty",
                    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million",
                    "millions", "billion", "bn", "mln"}


def together(first: str, second: str) -> bool:
    """Whether two number words can make one number: words of one language ("on iki" is 12 in
    Azerbaijani, "on three" is not 13; "twenty iki" is no number)."""
    cyr = re.compile(r"[\u0400-\u04ff]")
    return (first in _ENGLISH_NUMBERS) == (second in _ENGLISH_NUMBERS) and \
        bool(cyr.search(first)) == bool(cyr.search(second))


_TOKEN = re.compile(r"\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?|[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.U)


@lru_cache(maxsize=1 << 16)  # a pure function of one word; a page repeats its words many times
def skeleton(word: str) -> str:
    """A spelling-independent form: transliterated, lower case, no diacritics, endings cut."""
    w = word.replace("İ", "i").replace("I", "ı" if any(c in _AZ_LETTERS for c in word) else "i").lower()
    if any(c in _CYR for c in w):
        w = "".join(_CYR.get(c, c) for c in w)
    elif any(c in _AZ_LETTERS for c in word) or w.endswith(("ov", "yev", "lı", "li")):
        w = "".join(_AZ.get(c, c) for c in w)
    w = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
    w = re.sub(r"[^a-z0-9]", "", w)
    w = w.replace("kh", "h").replace("x", "h").replace("q", "k").replace("w", "v").replace("zh", "j")
    w = re.sub(r"(?<=[aeiou])y(?=[aeiou])", "", w).replace("y", "i")
    w = re.sub(r"(.)\1+", r"\1", w)
    for _ in range(2):
        for suffix in _SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                break
    return w


def numbers_in(text: str) -> set[float]:
    """Numbers a text states: digits (1 400, 7,000, 3,5) and number words (altmış bir, 7 min)."""
    out: set[float] = set()
    tokens = _TOKEN.findall(text)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        low = tok.lower()
        value: float | None = None
        if tok[0].isdigit():
            digits = re.sub(r"[\u00a0 ]", "", tok)
            if re.fullmatch(r"\d{1,3}(,\d{3})+", digits):
                value = float(digits.replace(",", ""))
            elif re.fullmatch(r"\d{1,3}(\.\d{3})+", digits) and len(digits) > 5:
                value = float(digits.replace(".", ""))
            else:
                try:
                    value = float(digits.replace(",", "."))
                except ValueError:
                    value = None
        elif low in _NUM_WORDS and (low not in _AMBIGUOUS or (
                i + 1 < len(tokens) and (tokens[i + 1].lower() in _NUM_WORDS or tokens[i + 1].lower() in _MULT)
                and together(low, tokens[i + 1].lower()))):
            value = float(_NUM_WORDS[low])
            if i + 1 < len(tokens) and tokens[i + 1].lower() in _NUM_WORDS and _NUM_WORDS[low] >= 10 \
                    and _NUM_WORDS[tokens[i + 1].lower()] < 10 and together(low, tokens[i + 1].lower()):
                value += _NUM_WORDS[tokens[i + 1].lower()]
                i += 1
        if value is not None:
            if i + 1 < len(tokens) and tokens[i + 1].lower() in _MULT:
                value *= _MULT[tokens[i + 1].lower()]
                i += 1
            out.add(value)
        i += 1
    return out
