"""Sorting as readers of each language expect: Azerbaijani A B C Ç D E Ə F G Ğ H X I İ J K Q L
M N O Ö P R S Ş T U Ü V Y Z, Turkish, Kazakh and Russian alphabets, English ignoring accents.
Letters of another script sort after the language's own (GOST lists Cyrillic sources first)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["sort_key", "ALPHABETS"]

ALPHABETS: dict[str, str] = {
    "az": "A B C Ç D E Ə F G Ğ H X I İ J K Q L M N O Ö P R S Ş T U Ü V Y Z W",
    "tr": "A B C Ç D E F G Ğ H I İ J K L M N O Ö P Q R S Ş T U Ü V W X Y Z",
    "en": "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z",
    "ru": "А Б В Г Д Е Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я",
    "kk": "А Ә Б В Г Ғ Д Е Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я",
}
_EQUAL = {"Ё": "Е"}  # Russian and Kazakh dictionaries file Ё with Е
# Latin letters with no decomposition, filed beside the letter they are read as where the
# language's alphabet lacks them (as the Unicode collation's root order has them): an English
# list puts "Əliyev" among the E's, not after Z
_LATIN_LETTER_OF = {"Ə": "E", "Ɛ": "E", "Ø": "O", "Œ": "O", "Ɔ": "O", "Æ": "A", "Ł": "L", "Đ": "D", "Ð": "D",
                    "Ħ": "H", "Ŋ": "N", "Ŧ": "T", "Ɨ": "I", "Ƶ": "Z", "Ʒ": "Z"}
_CYRILLIC_FALLBACK = "ru"
_LATIN_FALLBACK = "en"


@lru_cache(maxsize=16)
def _index(lang: str) -> dict[str, int]:
    return {ch: i for i, ch in enumerate(ALPHABETS[lang].split())}


def _upper(ch: str, lang: str) -> str:
    if lang in ("az", "tr"):
        if ch == "i":
            return "İ"
        if ch == "ı":
            return "I"
    up = ch.upper()
    return up if len(up) == 1 else ch


def _base(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0] if decomposed else ch


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


@lru_cache(maxsize=16)
def _table(lang: str) -> dict[str, tuple[str, int]]:
    """Per language, each character seen so far -> (its primary weight as one character, accent)."""
    return {}


def _weigh(ch: str, lang: str) -> tuple[str, int]:
    own = _index(lang)
    own_cyrillic = _is_cyrillic(ALPHABETS[lang][0])
    if ch.isspace():
        return "\u0001", 0
    if ch.isdigit():
        return chr(0x10 + (int(ch) if ch.isascii() else 0)), 0
    if not ch.isalpha():
        return "", 0
    up = _EQUAL.get(_upper(ch, lang), _upper(ch, lang))
    if up in own:
        return chr(0x100 + own[up]), 0
    base = _EQUAL.get(_base(up), _base(up))
    if base in _LATIN_LETTER_OF and _LATIN_LETTER_OF[base] in own:  # a letter of its own, after its look-alike
        return chr(0x100 + own[_LATIN_LETTER_OF[base]]) + "\uffff", 0
    if base in own:
        return chr(0x100 + own[base]), 1  # an accented letter right after its base
    other = _CYRILLIC_FALLBACK if _is_cyrillic(ch) else _LATIN_FALLBACK
    if _is_cyrillic(ch) == own_cyrillic:
        other = lang
    return chr(0x1000 + _index(other).get(base, 1000 + ord(ch) % 50000)), 1


def sort_key(text: str, lang: str = "en") -> tuple:
    """A key that sorts ``text`` in the order of ``lang``'s alphabet: letters of the language
    first by their place in its alphabet, accents second, case and punctuation ignored first and
    then used to break ties. Letters of other scripts follow the language's own."""
    lang = lang if lang in ALPHABETS else "en"
    table = _table(lang)
    primary = []
    accents = []
    last_space = True
    for ch in text:
        w = table.get(ch)
        if w is None:
            w = table[ch] = _weigh(ch, lang)
        weight, accent = w
        if not weight:
            continue
        if weight == "\u0001":
            if last_space:
                continue
            last_space = True
        else:
            last_space = False
            if ch.isalpha():
                accents.append(accent)
        primary.append(weight)
    return ("".join(primary), tuple(accents), text)
