"""Does a source say what a claim says? The passage of the source that best backs the claim,
what in the claim it matches and what not, and a verdict.

A claim is read into checkable items: names (people, places, organisations), numbers with
their units, dates, and content words. Names match across scripts and case endings
(``skeleton``: Əliyev ~ Aliyev ~ Алиев), numbers across digits and number words (``numbers_in``:
"40 faiz" = "40 percent" = "40 процентов"), dates across formats and languages (the caller's
``find_dates``); content words count only when claim and source are in one language. The
source is what it says itself: the text of its snapshot, and, as weaker evidence, its title,
abstract, container and date. Nothing a user wrote about the source (notes, keywords) is
evidence.

Verdicts: ``supported``, ``partly supported``, ``not found in source``, ``contradicted`` (a
number or date that the passage about the same thing gives otherwise) and ``unverifiable``
(no snapshot, and the metadata too thin to judge). The thresholds are calibrated on
``tests/fixtures/support/labelled.json`` by ``benchmarks/support_bench.py``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .support import _MULT, _NUM_WORDS, _TOKEN, numbers_in, skeleton, together

__all__ = ["Item", "Passage", "Evidence", "SourceDoc", "claim_items", "judge", "sentences", "language", "phonetic",
           "SUPPORTED", "PARTLY", "NOT_FOUND", "CONTRADICTED", "UNVERIFIABLE", "VERDICTS", "THRESHOLDS",
           "PROBLEM", "STATUSES", "claim_status", "slug"]

SUPPORTED = "supported"
PARTLY = "partly supported"
NOT_FOUND = "not found in source"
CONTRADICTED = "contradicted"
UNVERIFIABLE = "unverifiable"
VERDICTS = (SUPPORTED, PARTLY, CONTRADICTED, NOT_FOUND, UNVERIFIABLE)

#: score of the best passage from which a claim is supported / partly supported (calibrated by
#: benchmarks/support_bench.py on tests/fixtures/support/labelled.json)
THRESHOLDS = {"supported": 0.8, "partly": 0.3, "about": 0.6}

DateFinder = Callable[[str], list[tuple[str, str, str]]]  # text -> [(mention, start ISO, end ISO)]

# weight of each kind of item in a passage's score: what identifies a fact weighs more than words
_WEIGHT = {"name": 2.0, "number": 2.0, "date": 2.0, "word": 0.5, "lead": 0.5}

# units a number is counted in, by the start of the word after it (en, ru, az, kk); a number's
# unit decides whether another number in the source speaks of the same quantity
_UNITS = [
    ("percent", ("%", "percent", "per cent", "pct", "процент", "faiz", "пайыз", "prozent", "pour cent", "pourcent")),
    ("money", ("dollar", "usd", "$", "доллар", "manat", "манат", "azn", "euro", "евро", "€", "avro",
               "tenge", "теңге", "тенге", "kzt", "rubl", "рубл", "lira")),
    ("mass", ("tonne", "ton", "тонн", "тон", "kg", "кг", "kilogram", "килограм")),
    ("length", ("metre", "meter", "метр", "metr", "km", "км", "kilomet", "километр")),
    ("area", ("hectare", "гектар", "hektar", "га")),
    ("yield", ("centner", "центнер", "sentner", "quintal")),
    ("power", ("megawatt", "мегаватт", "meqavat", "mw", "мвт", "gigawatt", "гигаватт")),
    ("energy", ("kilowatt-hour", "kwh", "киловатт-час", "kilovat-saat", "мегаватт-час", "gwh")),
    ("time", ("year", "month", "week", "day", "hour", "лет", "год", "месяц", "недел", "дней", "день", "час",
              "il", "ay", "həftə", "gün", "saat", "жыл")),
    # counts of people and things: a number of visitors does not contradict a number of musicians
    ("visitors", ("visitor", "guest", "spectator", "viewer", "посетител", "гост", "зрител", "ziyarətçi",
                  "qonaq", "tamaşaçı", "nəfər", "адам", "people", "person", "человек", "adam")),
    ("participants", ("participant", "scientist", "researcher", "scholar", "delegate", "участник", "учёны", "учёных", "учены", "ученых",
                      "исследовател", "делегат", "iştirakçı", "alim", "tədqiqatçı", "nümayəndə", "ғалым")),
    ("children", ("child", "pupil", "student", "дет", "ребён", "учени", "школьник", "студент", "uşaq",
                  "şagird", "tələbə", "бала", "оқушы")),
    ("musicians", ("musician", "singer", "музыкант", "певц", "артист", "musiqiçi", "müğənni", "sənətçi")),
    ("workers", ("worker", "employee", "job", "работник", "сотрудник", "рабоч", "işçi", "iş yeri", "işçilər")),
    ("companies", ("compan", "firm", "компани", "фирм", "предприяти", "şirkət", "müəssisə")),
    ("agreements", ("agreement", "contract", "memorand", "соглашени", "договор", "контракт", "меморандум",
                    "saziş", "müqavilə", "memorandum", "келісім")),
    ("books", ("book", "volume", "книг", "kitab", "кітап")),
    ("carpets", ("carpet", "rug", "ковр", "ковёр", "xalça", "кілем")),
    ("publishers", ("publisher", "издательств", "nəşriyyat", "баспа")),
    ("stations", ("station", "станци", "stansiya", "məntəqə")),
    ("countries", ("countr", "стран", "ölkə")),
    ("rooms", ("classroom", "class", "room", "класс", "комнат", "sinif", "otaq")),
    ("vessels", ("ship", "ferr", "vessel", "судов", "судна", "паром", "корабл", "gəmi", "bərə")),
    ("lines", ("line", "линий", "линии", "сорт", "xətt")),
]
_SCALE_WORDS = {"thousand", "million", "billion", "milliarde", "milliarden", "millionen", "millions", "milliard", "milliards",
                "milyar", "тысяч", "тысяча", "тысячи", "миллион", "миллиона",
                "миллионов", "миллиард", "миллиарда", "миллиардов", "min", "milyon", "milyard", "mln", "mlrd",
                "bn", "мың"}

# function words of the languages refs reads: never content, never names at a sentence start
_FUNCTION = set("""
the a an and or but of in on at to for from by with as is are was were be been has have had it its this that
these those which who whom whose than then there their they he she we you his her our not no also about after
before over under into between during since until while more most less many much some such other said says
и в во на с со к ко по о об от до из за для не ни но а же ли что как это этот эта эти тот та те его её их
он она они мы вы был была были быть при под над между после перед также так уже ещё или около году года
və ilə üçün da də ki bu o həm ya amma lakin isə olan olub edib etdi edən olaraq sonra əvvəl görə qədər ən
daha çox bir iki hər bütün həmin belə artıq ilə ildə ilin ili il
""".split())

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'»”)]*\s+(?=[\"'«“(]?[A-ZÀ-ÖØ-ÞА-ЯЁƏÇŞĞÖÜİ0-9])")
_ABBREV = re.compile(r"(?:\b[A-ZА-ЯЁ]|\b(?:Dr|Mr|Mrs|Ms|Prof|St|vs|etc|No|Nr|Vol|pp|г|гг|им|ул|т|см|др|св|"
                     r"m|c|e|i|b|min|mln|mlrd|bn|approx))\.$")


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a text as (start, end) offsets: a full stop, question or exclamation mark
    before a capital or a digit, not after an initial or a common abbreviation; paragraph breaks."""
    out: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        start = para.start()
        for m in _SENTENCE_END.finditer(para.group(0)):
            cut = para.start() + m.start()
            if _ABBREV.search(text[max(start, cut - 8):cut]):
                continue
            if text[start:cut].strip():
                out.append((start, cut))
            start = para.start() + m.end()
        if text[start:para.end()].strip():
            out.append((start, para.end()))
    return out


def language(text: str) -> str:
    """A rough language of a text for deciding whether its words can be compared: ``kk``,
    ``ru``, ``az`` or ``en`` (the scripts and letters that tell them apart)."""
    cyr = sum(1 for c in text if "а" <= c.lower() <= "я" or c in "ёЁ")
    lat = sum(1 for c in text if "a" <= c.lower() <= "z")
    if cyr > lat:
        return "kk" if any(c in "әғқңөұүһіӘҒҚҢӨҰҮҺІ" for c in text) else "ru"  # letters Russian has not
    return "az" if sum(1 for c in text if c in "əƏğĞışŞçÇ") >= 2 else "en"


@dataclass(frozen=True)
class Item:
    """One checkable thing a claim says: its kind, its text in the claim, and its comparable form
    (a skeleton, a value with a unit, or an ISO date range)."""

    kind: str  # name, number, date, word
    text: str
    key: str
    value: float | None = None
    unit: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass
class Passage:
    """A stretch of the source (offsets into its text) and what of the claim it holds."""

    text: str
    start: int
    end: int
    matched: list[Item] = field(default_factory=list)
    missing: list[Item] = field(default_factory=list)
    conflicts: list[tuple[Item, str]] = field(default_factory=list)  # (claim's item, what the source says)
    score: float = 0.0
    where: str = "snapshot"  # snapshot, or metadata (title, abstract, container)
    found: list[str] = field(default_factory=list)  # the source's own words for what matched (to mark them)


@dataclass
class Evidence:
    """The verdict on one claim and one cited source, with the passage it rests on."""

    verdict: str
    score: float
    passage: Passage | None
    items: list[Item]
    reason: str

    def to_json(self) -> dict:
        p = self.passage
        return {
            "verdict": self.verdict,
            "score": round(self.score, 2),
            "reason": self.reason,
            "passage": None if p is None else {
                "text": p.text, "start": p.start, "end": p.end, "from": p.where,
                "matched": [i.text for i in p.matched], "missing": [i.text for i in p.missing],
                "found_in_source": p.found,
                "conflicts": [{"claim": i.text, "source": s} for i, s in p.conflicts],
            },
        }


@dataclass
class SourceDoc:
    """What is known of a source from the source itself: the text of its snapshot (empty when
    there is none) and its metadata."""

    text: str = ""
    title: str = ""
    abstract: str = ""
    container: str = ""
    published: tuple[str, str] | None = None  # ISO start, end
    lang: str | None = None

    @property
    def has_snapshot(self) -> bool:
        return bool(self.text.strip())


# -- reading a claim into items -------------------------------------------------------------------


def _unit_after(text: str, end: int) -> str | None:
    rest = text[end:end + 40].lower()
    m = re.match(r"\s*(?:d['’]|de\s+)?(%|\$|€|[^\W\d_]+(?:[-\s][^\W\d_]+)?)", rest)  # "d'euros", "de tonnes"
    if not m:
        return None
    word = m.group(1)
    if word.split()[0].strip("-") in _SCALE_WORDS:  # "2.1 billion US dollars", "15 million tonnes"
        more = re.match(r"\s*\S+\s+(?:us\s+|d['’]|de\s+)?([^\W\d_]+|\$|€)", rest)  # "milliards d'euros"
        word = more.group(1) if more else word
    for candidate in (word, *re.split(r"[-\s]", word)[1:2]):  # "US dollars", "US-Dollar": the second word
        for unit, starts in _UNITS:
            if any(candidate.startswith(s) for s in starts):
                return unit
    before = text[max(0, end - 30):end].lower()
    if re.search(r"(?:\$|€|usd|azn)\s*[\d.,\s]*$", before):
        return "money"
    first = word.split()[0]
    if len(first) >= 3 and first not in _FUNCTION:
        return "w:" + skeleton(first)[:5]  # "450 players" and "120 players": the same kind, in one language
    return None


# number words with the forms they take in a sentence (Russian cases, Azerbaijani endings)
_NUMBER_WORDS: dict[str, float] = {}
for _value, _forms in {
    1: "один одна одно одного одной одному", 2: "два две двух двум двумя iki two twice",
    3: "три трёх трех трём трем тремя üç three", 4: "четыре четырёх четырех четырём четырьмя dörd four",
    5: "пять пяти пятью beş five", 6: "шесть шести шестью altı six", 7: "семь семи семью yeddi seven",
    8: "восемь восьми восемью səkkiz eight", 9: "девять девяти девятью doqquz nine",
    10: "десять десяти десятью", 11: "одиннадцать одиннадцати eleven", 12: "двенадцать двенадцати twelve",
    15: "пятнадцать пятнадцати fifteen", 20: "двадцать двадцати iyirmi twenty", 30: "тридцать тридцати otuz thirty",
    40: "сорок сорока qırx forty", 50: "пятьдесят пятидесяти əlli fifty", 100: "сто ста yüz hundred",
}.items():
    for _form in _forms.split():
        _NUMBER_WORDS[_form] = float(_value)


def _is_number_word(word: str) -> bool:
    return word in _NUMBER_WORDS or word in _NUM_WORDS or word in _MULT


_YEAR_RANGE = re.compile(r"(?<![\w.,/-])((?:1[5-9]|20)\d\d)\s?[-–—/]\s?(\d\d(?:\d\d)?)(?![\w.,/-]?\d)")


def _numbers(text: str) -> list[tuple[str, float, str | None]]:
    """Each number the text states, with its unit: (as written, value, unit)."""
    out: list[tuple[str, float, str | None]] = []
    words = list(re.finditer(r"(?<![\w-])[^\W\d_]+(?![\w-])", text))
    i = 0
    while i < len(words):  # runs of number words: "altmış bir", "sixty one", "девяти", "bir milyard"
        j = i
        while j < len(words) and _is_number_word(words[j].group(0).lower()) and \
                (j == i or text[words[j - 1].end():words[j].start()].strip() in ("", "-") and
                 together(words[j - 1].group(0).lower(), words[j].group(0).lower())):
            j += 1
        if j == i:
            i += 1
            continue
        run = text[words[i].start():words[j - 1].end()]
        values = numbers_in(run) or ({_NUMBER_WORDS[run.lower()]} if run.lower() in _NUMBER_WORDS else set())
        unit = _unit_after(text, words[j - 1].end())
        if values and unit is not None and unit != "time":  # "nine stations", "altmış bir konteyner"
            out.append((run, max(values), unit))
        i = j
    taken: list[tuple[int, int]] = []
    for m in _YEAR_RANGE.finditer(text):  # "2018–19", "2018-2019": two years, not 2018 and 19
        first, second = int(m.group(1)), m.group(2)
        last = int(str(first)[:4 - len(second)] + second)
        if first < last <= first + 100:
            out += [(m.group(1), float(first), None), (second, float(last), None)]
            taken.append((m.start(), m.end()))
    for m in re.finditer(r"(?<![\w.,])\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?(?:\s*(?:тысяч\w*|миллион\w*|миллиард\w*|"
                         r"thousand|million(?:en|s)?|billion|milliard(?:e|en|s)?|milyar|min|milyon|milyard|mln|mlrd|bn|"
                         r"мың)(?!\w))?", text, re.I):
        if any(a <= m.start() < b for a, b in taken):
            continue
        values = numbers_in(m.group(0))
        if not values:
            continue
        value = max(values)
        out.append((m.group(0), value, _unit_after(text, m.end())))
    return out


def _is_name(tok: str, at_start: bool, following: str | None) -> bool:
    if len(tok) < 2 or not tok[0].isupper() or tok.lower() in _FUNCTION:
        return False
    if tok.isupper() and len(tok) >= 2:
        return True  # an acronym: BTK, USD
    if not at_start:
        return True
    # a sentence's first word is a name when it ends like a family name; otherwise it is read as
    # a name only if the source has it ("Görüşdə Rauf …" starts with "at the meeting")
    return bool(re.search(r"(?:ov|ova|ev|eva|yev|yeva|zadə|zade|li|lı|lu|lü|ин|ина|ов|ова|ев|ева|ский|ская)$",
                          tok, re.I))


def claim_items(text: str, find_dates: DateFinder | None = None) -> list[Item]:
    """The checkable items of a claim, in the order they stand."""
    items: list[Item] = []
    rest = text
    if find_dates is not None:
        for mention, start, end in find_dates(text):
            items.append(Item("date", mention, f"{start}/{end}", start=start, end=end))
            rest = rest.replace(mention, " " * len(mention))
    seen: set[str] = set()
    numbers = _numbers(rest)
    for raw, _, _ in numbers:  # the words of "altmış bir" are a number, not words
        at = rest.find(raw)
        if at >= 0 and not raw[:1].isdigit():
            rest = rest[:at] + " " * len(raw) + rest[at + len(raw):]
    for raw, value, unit in numbers:
        key = f"{value:g}"
        if 1000 <= value <= 2100 and value == int(value) and unit is None and not re.search(r"[\s.,]", raw):
            unit = "year"
        if key in seen:
            continue
        seen.add(key)
        items.append(Item("number", raw, key, value=value, unit=unit))
    tokens = list(re.finditer(_TOKEN, rest))
    starts = {0} | {m.end() for m in re.finditer(r"[.!?:;]\s+|[\"«“(]", rest)}
    for i, m in enumerate(tokens):
        tok = m.group(0)
        if tok[0].isdigit():
            continue
        at_start = m.start() in starts or not rest[:m.start()].strip()
        following = tokens[i + 1].group(0) if i + 1 < len(tokens) else None
        if _is_name(tok, at_start, following):
            kind = "name"
        elif at_start and tok[0].isupper() and len(tok) >= 3 and tok.lower() not in _FUNCTION:
            kind = "lead"  # a sentence's capitalised first word: a name if the source has it, else a word
        elif len(tok) >= 4 and tok.lower() not in _FUNCTION:
            kind = "word"
        else:
            continue
        sk = skeleton(tok)
        if len(sk) < 2 or (kind, sk) in {(it.kind, it.key) for it in items}:
            continue
        items.append(Item(kind, tok, sk))
    return items


# -- names across scripts ----------------------------------------------------------------------------

_PH_CYR = {"а": "a", "б": "b", "в": "v", "г": "k", "д": "d", "е": "e", "ё": "o", "ж": "j", "з": "z", "и": "i",
           "й": "", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
           "у": "u", "ф": "f", "х": "k", "ц": "ts", "ч": "c", "ш": "s", "щ": "s", "ъ": "", "ы": "i", "ь": "",
           "э": "e", "ю": "u", "я": "a", "ә": "a", "ғ": "k", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
           "һ": "k", "і": "i"}
_PH_AZ = {"c": "j", "ç": "c", "ş": "s", "x": "k", "q": "k", "ğ": "k", "h": "k", "ə": "a", "ı": "i", "ö": "o",
          "ü": "u", "g": "k", "y": "", "w": "v"}
_AZ_ENDINGS = ("dakı", "dəki", "ların", "lərin", "ları", "ləri", "lar", "lər", "nın", "nin", "nun", "nün", "dan", "dən",
               "da", "də", "ın", "in", "un", "ün", "ya", "yə", "a", "ə", "ı", "i", "u", "ü")
_RU_ENDINGS = ("ами", "ями", "ому", "ему", "ой", "ей", "ом", "ем", "ым", "им", "ах", "ях", "ам", "ям", "ую", "юю",
               "ая", "яя", "ые", "ие", "ого", "его", "у", "ю", "е", "ы", "и", "а", "я")


@lru_cache(maxsize=1 << 16)
def phonetic(word: str) -> str:
    """A key that names share across Azerbaijani Latin, Cyrillic and English spellings and case
    endings: consonants by sound (Гянджа ~ Gəncə ~ Ganja: knj; Гасановой ~ Həsənova ~ Hasanova:
    ksnv)."""
    w = word.lower().replace("дж", "ж")
    if any("а" <= c <= "я" or c in "ёәғқңөұүһі" for c in w):
        for end in _RU_ENDINGS:
            if w.endswith(end) and len(w) - len(end) >= 3:
                w = w[: -len(end)]
                break
        w = "".join(_PH_CYR.get(c, c) for c in w)
    elif any(c in "əğışçöüƏĞİŞÇÖÜ" for c in word):
        w = word.replace("İ", "i").replace("I", "ı").lower()
        for end in _AZ_ENDINGS:
            if end in ("da", "də") and w.endswith(("zadə", "zada")):
                break  # Məmmədzadə: -zadə is the name's own
            if w.endswith(end) and len(w) - len(end) >= 3:
                w = w[: -len(end)]
                break
        w = "".join(_PH_AZ.get(c, c) for c in w)
    else:
        w = w.replace("sch", "s").replace("dzh", "j").replace("dj", "j").replace("zh", "j").replace("kh", "k")
        w = w.replace("sh", "s").replace("ch", "c").replace("ck", "k").replace("ph", "f").replace("th", "t")
        w = "".join({"c": "k", "g": "k", "h": "k", "q": "k", "x": "k", "y": "", "w": "v"}.get(c, c) for c in w)
    w = re.sub(r"[^a-z]", "", w)
    consonants = re.sub(r"[aeiou]", "", w)
    return re.sub(r"(.)\1+", r"\1", consonants)


# -- the source -------------------------------------------------------------------------------------


@dataclass
class _Text:
    """A stretch of source text read for matching."""

    text: str
    skeletons: set[str]
    heads: dict[str, list[str]]
    numbers: list[tuple[str, float, str | None]]
    dates: list[tuple[str, str, str]]
    sounds: set[str] = field(default_factory=set)
    caps: set[str] = field(default_factory=set)  # skeletons of the words written with a capital


def _heads(skeletons: set[str]) -> dict[str, list[str]]:
    heads: dict[str, list[str]] = {}
    for s in skeletons:
        heads.setdefault(s[:2], []).append(s)
    return heads


def _read(text: str, find_dates: DateFinder | None) -> _Text:
    tokens = _TOKEN.findall(text)
    sks = {skeleton(t) for t in tokens if not t[0].isdigit() and len(t) >= 2}
    sks.discard("")
    heads: dict[str, list[str]] = {}
    for s in sks:
        heads.setdefault(s[:2], []).append(s)
    dates = find_dates(text) if find_dates is not None else []
    rest = text
    for mention, _, _ in dates:
        rest = rest.replace(mention, " " * len(mention))
    sounds = {phonetic(t) for t in tokens if t[:1].isupper() and len(t) >= 3}
    caps = {skeleton(t) for t in tokens if t[:1].isupper()}
    return _Text(text, sks, heads, _numbers(rest), dates, {k for k in sounds if len(k) >= 3}, caps)


def _joined(text: str, parts: Sequence[_Text]) -> _Text:
    """A passage of several sentences from the sentences read one by one (each is read once)."""
    if len(parts) == 1:
        return parts[0]
    sks = set().union(*(p.skeletons for p in parts))
    return _Text(text, sks, _heads(sks), [n for p in parts for n in p.numbers], [d for p in parts for d in p.dates],
                 set().union(*(p.sounds for p in parts)), set().union(*(p.caps for p in parts)))


def _has(t: _Text, sk: str, fuzzy: bool, sound: str = "") -> bool:
    if sk in t.skeletons:
        return True
    if not fuzzy:
        return False
    if len(sound) >= 3 and sound in t.sounds:
        return True
    if len(sound) >= 3 and any(len(k) >= 3 and 0 < abs(len(k) - len(sound)) <= 2 and (k.startswith(sound) or sound.startswith(k))
                               for k in t.sounds):
        return True  # a case ending the key kept: Астанада ~ Астана, Жұмабековтың ~ Zhumabekov
    import difflib

    for cand in t.heads.get(sk[:2], ()):
        if len(sk) >= 5 and len(cand) >= 5 and (cand.startswith(sk) or sk.startswith(cand)):
            return True
        if len(sk) >= 4 and len(cand) >= 4 and sk[:-1] == cand[:-1] and sk[-1] in "aeiou" and cand[-1] in "aeiou":
            return True  # Baki ~ Baku, Gəncə ~ Ganja: a name's last vowel differs between languages
        if len(sk) >= 4 and difflib.SequenceMatcher(None, sk, cand).ratio() >= 0.8:
            return True
    return False


def _date_in(item: Item, dates: Iterable[tuple[str, str, str]]) -> bool:
    """Does a date of the source fall within the claim's? "2021" confirms no "15 March 2021";
    "15 March 2021" confirms "March 2021" and "2021"."""
    a, b = item.start or "", item.end or ""
    for _, s, e in dates:
        if s and s[:len(a)] >= a and e[:len(b)] <= b:
            return True
    return False


def _number_in(item: Item, numbers: Iterable[tuple[str, float, str | None]]) -> bool:
    """Does the source state the claim's number, of the same kind where both say what it counts
    ("two countries" is not "two ministers")?"""
    for _, v, unit in numbers:
        if abs(v - (item.value or 0)) > 1e-9 * max(1.0, abs(v)):
            continue
        if item.unit and unit and unit != item.unit and item.unit != "year" and not (
                item.unit.startswith("w:") and unit.startswith("w:")):
            continue  # two words refs does not know may be one unit in two languages
        return True
    return False


def _match(items: Sequence[Item], t: _Text, same_language: bool) -> tuple[list[Item], list[Item]]:
    matched, missing = [], []
    for it in items:
        if it.kind == "lead":
            if _has(_Text(t.text, t.caps, _heads(t.caps), [], [], t.sounds), it.key, fuzzy=True, sound=phonetic(it.text)):
                matched.append(Item("name", it.text, it.key))
            elif same_language:
                missing.append(Item("word", it.text, it.key))
            continue
        if it.kind == "word" and not same_language:
            continue  # words of another language say nothing either way
        if it.kind == "date":
            ok = _date_in(it, t.dates) or (len(it.start or "") == 4 and (
                (it.start or "") in {s[:4] for _, s, _ in t.dates} or float(it.start or 0) in {v for _, v, _ in t.numbers}))
        elif it.kind == "number":
            ok = _number_in(it, t.numbers) or (it.unit == "year" and _date_in(
                Item("date", it.text, "", start=str(int(it.value or 0)), end=str(int(it.value or 0))), t.dates))
        else:
            ok = _has(t, it.key, fuzzy=it.kind == "name", sound=phonetic(it.text) if it.kind == "name" else "")
        (matched if ok else missing).append(it)
    return matched, missing


def _score(matched: Sequence[Item], missing: Sequence[Item]) -> float:
    got = sum(_WEIGHT[i.kind] for i in matched)
    total = got + sum(_WEIGHT[i.kind] for i in missing)
    return got / total if total else 0.0


def _another_day(passage: Passage, find_dates: DateFinder | None) -> str | None:
    """The date of another day the passage gives, when the claim's own day is missing from it:
    the same people at another event."""
    days = [i for i in passage.missing if i.kind == "date" and len(i.start or "") == 10]
    if not days or passage.where != "snapshot":
        return None
    for mention, start, _ in _read(passage.text, find_dates).dates:
        if len(start) == 10 and all(start != d.start for d in days):
            return mention
    return None


def _facts(matched: Sequence[Item]) -> float:
    """How much of what identifies a fact a passage shares with a claim: a name, a number or a
    date of a day or month counts one; a year alone (any page of that year has it) a half, and
    so does a small number that counts nothing named ("a 2-1 loss": every page has a 2 and a 1)."""
    def weight(i: Item) -> float:
        if i.kind == "date" and len(i.start or "") == 4:
            return 0.5
        if i.kind == "number" and i.unit is None and (i.value or 0) < 100:
            return 0.5
        return 1.0
    return sum(weight(i) for i in matched if i.kind != "word")


def _conflicts(missing: Sequence[Item], passage: _Text, whole: _Text) -> list[tuple[Item, str]]:
    """Numbers and dates of the claim that the passage gives otherwise: a number of the same unit
    (or, where neither has one, of the same size) or a date of the same precision, and the
    claim's own value nowhere in the source."""
    out = []
    for it in missing:
        if it.kind == "number" and not _number_in(it, whole.numbers):
            v = it.value or 0.0
            for raw, w, unit in passage.numbers:
                if w == v:
                    continue
                if it.unit == "year":
                    continue
                same = it.unit is not None and unit == it.unit
                if same:
                    out.append((it, raw))
                    break
            if it.unit == "year":
                years = [(m, s) for m, s, _ in passage.dates if len(s) == 4 or re.fullmatch(r"\d{4}", m.strip())]
                for m, s in years:
                    if s[:4] != str(int(v)):
                        out.append((it, m))
                        break
        elif it.kind == "date" and not _date_in(it, whole.dates):
            for m, s, _ in passage.dates:
                if len(s) == len(it.start or "") and s != it.start:
                    out.append((it, m))
                    break
    return out


_DATELINE_WORDS = re.compile(r"(?i)\b(?:published|updated|posted|modified|created|last|edited|by|on|at|am|pm|"
                             r"utc|gmt|[ecmp][sd]t|pt|et|\d{1,2}:\d\d(?:[ap]m)?)\b|[^\w\s]")


def _about_the_same(conflict: tuple[Item, str], items: Sequence[Item], text: str, spans: Sequence[tuple[int, int]],
                    reads: Sequence[_Text], same: bool) -> bool:
    """Whether the sentence that gives the other date is about what the claim is about: it is not
    a page's dateline ("Published: Oct. 24, 2012 at 2:46 p.m.", a date on a line of its own),
    which says when the page was written, not when the event was, and it shares a name, number or
    date of the claim besides the date in conflict (a page of many events has many years, and
    common words tie nothing); in another language than the claim's, the passage around it must. A number of another size counted in the same unit needs no more: the unit
    already ties it to the claim."""
    item, shown = conflict
    if item.kind == "number" and item.unit != "year":
        return True
    for (a, b), read in zip(spans, reads, strict=True):
        if shown not in text[a:b]:
            continue
        at = text.find(shown, a, b)
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        line = text[line_start:len(text) if line_end < 0 else line_end].replace(shown, " ")
        if len(_DATELINE_WORDS.sub(" ", line).split()) < 4:
            return False
        if not same:
            return True  # words of another language cannot tie it; the passage around it has to
        matched, _ = _match([i for i in items if i is not item], read, same)
        return _facts(matched) >= 1
    return False


def _windows(text: str, spans: list[tuple[int, int]], size: int = 4):
    for i in range(len(spans)):
        for k in range(1, size + 1):
            if i + k <= len(spans):
                a, b = spans[i][0], spans[i + k - 1][1]
                yield a, b, k, i


def _found(passage: Passage, find_dates: DateFinder | None) -> list[str]:
    """The words of the passage that matched the claim's items, as the source spells them."""
    t = _read(passage.text, find_dates)
    out: list[str] = []
    tokens = [m.group(0) for m in _TOKEN.finditer(passage.text) if not m.group(0)[0].isdigit()]
    for it in passage.matched:
        if it.kind == "date":
            out += [m for m, s, e in t.dates if _date_in(it, [(m, s, e)])][:1]
        elif it.kind == "number":
            out += [raw for raw, v, _ in t.numbers if abs(v - (it.value or 0)) <= 1e-9 * max(1.0, abs(v))][:1]
        else:
            sound = phonetic(it.text)
            out += [w for w in tokens if _has(_read(w, None), it.key, fuzzy=True, sound=sound)][:1]
    for _, shown in passage.conflicts:
        out.append(shown)
    return list(dict.fromkeys(x for x in out if x))


def judge(claim: str, source: SourceDoc, find_dates: DateFinder | None = None,
          items: list[Item] | None = None, thresholds: dict[str, float] | None = None) -> Evidence:
    """The verdict on ``claim`` against ``source``, with the best passage and its matches."""
    th = thresholds or THRESHOLDS
    items = items if items is not None else claim_items(claim, find_dates)
    claim_lang = language(claim)
    meta_text = " ".join(x for x in (source.title, source.abstract, source.container) if x)
    if not source.has_snapshot:
        return _judge_by_metadata(items, source, meta_text, claim_lang, find_dates, th)
    if not items:
        return Evidence(UNVERIFIABLE, 0.0, None, items, "the claim has nothing checkable (no names, numbers or dates)")
    best, against = _passages(items, source, claim_lang, find_dates, th)
    if meta_text:  # the title, abstract and container, at 0.8 of what a passage would score
        t = _read(meta_text, find_dates)
        matched, missing = _match(items, t, language(meta_text) == claim_lang)
        s = 0.8 * _score(matched, missing)
        if best is None or s > best.score:
            best = Passage(meta_text, 0, len(meta_text), matched, missing, [], s, "metadata")
    assert best is not None
    for chosen in (best, against):
        if chosen is not None:
            chosen.found = _found(chosen, find_dates)
    if against is not None:
        shown = "; ".join(f"the claim says {i.text}, the source {s}" for i, s in against.conflicts)
        return Evidence(CONTRADICTED, min(best.score, against.score), against, items, shown)
    return _verdict(best, items, find_dates, th)


def _judge_by_metadata(items: list[Item], source: SourceDoc, meta_text: str, claim_lang: str,
                       find_dates: DateFinder | None, th: dict[str, float]) -> Evidence:
    """The verdict where there is no snapshot of the source: supported when its title, abstract
    and container (``meta_text``) say it, else unverifiable."""
    checkable = [i for i in items if i.kind != "word"]
    if not meta_text or not checkable:
        return Evidence(UNVERIFIABLE, 0.0, None, items,
                        "no snapshot of the source, and its metadata is too thin to judge")
    t = _read(meta_text, find_dates)
    if source.published:
        t.dates.append(("published " + source.published[0], *source.published))
    matched, missing = _match(items, t, language(meta_text) == claim_lang)
    s = _score(matched, missing)
    passage = Passage(meta_text, 0, len(meta_text), matched, missing, [], s, "metadata")
    if s >= th["supported"] and len(matched) >= 2:
        return Evidence(SUPPORTED, s, passage, items, "the source's title and abstract say it (no snapshot)")
    return Evidence(UNVERIFIABLE, s, passage, items,
                    "no snapshot of the source; its title and abstract alone do not settle it")


def _passages(items: list[Item], source: SourceDoc, claim_lang: str, find_dates: DateFinder | None,
              th: dict[str, float]) -> tuple[Passage | None, Passage | None]:
    """The passage of the snapshot (up to four sentences) that holds the most of the claim, and
    the passage about the same thing that gives a number or date otherwise (None when none
    does)."""
    text = source.text
    whole = _read(text, find_dates)
    if source.published:
        whole.dates.append(("", *source.published))
    same = (source.lang or language(text)) == claim_lang
    best: Passage | None = None
    against: Passage | None = None  # the passage about the same thing that gives a number or date otherwise
    spans = sentences(text)
    reads = [_read(text[a:b], find_dates) for a, b in spans]
    for a, b, k, i in _windows(text, spans):
        t = _joined(text[a:b], reads[i:i + k])
        matched, missing = _match(items, t, same)
        s = _score(matched, missing) * (1.0 - 0.05 * (k - 1))  # a shorter passage is the better evidence
        if best is None or s > best.score + 1e-9:
            best = Passage(text[a:b].strip(), a, b, matched, missing, [], s)
        if any(i.kind in ("number", "date") for i in missing):
            conflicts = [c for c in _conflicts(missing, t, whole)
                         if _about_the_same(c, items, text, spans[i:i + k], reads[i:i + k], same)]
            if conflicts:
                rest = [i for i in missing if all(i is not c for c, _ in conflicts)]
                about = _score(matched, rest) * (1.0 - 0.05 * (k - 1))
                facts = _facts(matched)
                words = sum(1 for i in matched if i.kind == "word")
                if (facts >= 1 or words >= 3) and about >= th["about"] and (against is None or about > against.score):
                    against = Passage(text[a:b].strip(), a, b, matched, missing, conflicts, about)
    return best, against


def _verdict(best: Passage, items: list[Item], find_dates: DateFinder | None, th: dict[str, float]) -> Evidence:
    """The verdict from the best passage where none contradicts the claim: supported, partly
    supported, or not found (also when the passage tells of another day)."""
    facts = _facts(best.matched)
    other_day = _another_day(best, find_dates)
    if best.score >= th["supported"] and facts >= 2 and not other_day:
        return Evidence(SUPPORTED, best.score, best, items, "the passage states what the claim says")
    if other_day:
        return Evidence(NOT_FOUND, best.score, best, items,
                        f"the passage that names the same people and places tells of another day ({other_day})")
    solid = any(i.kind == "number" or (i.kind == "date" and len(i.start or "") >= 7) for i in best.matched)
    if best.score >= th["partly"] and facts >= 2 and (solid or sum(1 for i in best.matched if i.kind == "name") >= 3):
        return Evidence(PARTLY, best.score, best, items, "the passage states part of what the claim says")
    return Evidence(NOT_FOUND, best.score, best, items, "no passage of the source states what the claim says")


PROBLEM = "problem"
STATUSES = (SUPPORTED, PARTLY, CONTRADICTED, NOT_FOUND, UNVERIFIABLE, PROBLEM)


def claim_status(verdicts: Sequence[str], problem: bool = False) -> str:
    """One claim's status from the verdicts of the sources it cites: a citation problem first,
    then a source that contradicts it (an editor must look whatever the others say), then the
    best support any source gives."""
    if problem:
        return PROBLEM
    for status in (CONTRADICTED, SUPPORTED, PARTLY, NOT_FOUND):
        if status in verdicts:
            return status
    return UNVERIFIABLE


def slug(status: str) -> str:
    """A status as a tag or class name: ``partly supported`` -> ``partly-supported``."""
    return status.replace(" in source", "").replace(" ", "-")
