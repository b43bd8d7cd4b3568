"""Event dates in Azerbaijani, Russian, English, Kazakh and Turkish text.

``find_dates`` lists every date a paragraph mentions (``2022-cü il avqustun 24-də``,
``12–14 октября 2022 г.``, ``August 24, 2022``, ``aprelin 10-da``, ``Həmin gün``, ...);
``Resolver`` walks them in document order, filling a missing year from the date in force and
resolving "the same day". Durations, ages, counts and centuries are not dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, insort
from dataclasses import dataclass, replace

from ..model import EventDate

__all__ = ["RawDate", "find_dates", "Resolver"]

_MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        # az, ru (nominative stem), en, kk, tr, de, fr
        "yanvar январ january jan қаңтар ocak januar janvier",
        "fevral феврал february feb ақпан şubat februar février fevrier",
        "mart март march mar наурыз märz maerz mars",
        "aprel апрел april apr сәуір nisan avril",
        "may ма may мамыр mayıs mai",
        "iyun июн june jun маусым haziran juni juin",
        "iyul июл july jul шілде temmuz juli juillet",
        "avqust август august aug тамыз ağustos août aout",
        "sentyabr сентябр september sep sept қыркүйек eylül septembre",
        "oktyabr октябр october oct қазан ekim oktober octobre",
        "noyabr ноябр november nov қараша kasım novembre",
        "dekabr декабр december dec желтоқсан aralık dezember décembre decembre",
    ],
    start=1,
):
    for _n in _names.split():
        _MONTHS.setdefault(_n, _i)

_AZ_MONTH = r"(?P<mon>yanvar|fevral|mart|aprel|may|iyun|iyul|avqust|sentyabr|oktyabr|noyabr|dekabr)"
_AZ_CASE = r"(?:ın|in|un|ün|ında|ində|unda|ündə|da|də|a|ə)?"
_AZ_ORD = r"-?(?:ci|cı|cu|cü|ci|nci)"
_DAY_SUFFIX = r"(?:-?(?:də|da|dək|dan|dən|ü|u|i|ı|nda|ndə|inci|ncı|ci|cı|cu|cü|ci))?"
_RU_MONTH = (r"(?P<mon>январ[ьяе]|феврал[ьяе]|март[аеу]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|"
             r"август[аеу]?|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])")
_EN_MONTH = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
             r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
_KK_MONTH = r"(?P<mon>қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)"
_TR_MONTH = r"(?P<mon>Ocak|Şubat|Mart|Nisan|Mayıs|Haziran|Temmuz|Ağustos|Eylül|Ekim|Kasım|Aralık)"
_DE_MONTH = r"(?P<mon>Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
_FR_MONTH = (r"(?P<mon>janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
             r"décembre)")
_D = r"(?P<d>[0-3]?\d)"
_D2 = r"(?:\s*[-–—]\s*(?P<d2>[0-3]?\d))?"
_Y = r"(?P<y>(?:1[5-9]|20)\d\d)"
_B = r"(?<![\w-])"  # a left word boundary that also refuses "x-2022"
_E = r"(?![\w])"

# (pattern, kind, flags, needs). Kinds: full, daymonth (year optional), monthyear, year, same-day,
# next-day, same-year, same-month-day. Earlier patterns win where matches overlap. "needs" says
# what a paragraph must contain for the pattern to have a chance: y a four-digit year,
# c Cyrillic letters, l Latin letters; a paragraph skips the others.
_PATTERNS: list[tuple[str, str, int, str]] = [
    (rf"{_B}{_Y}-(?P<m>[01]\d)-(?P<dd>[0-3]\d){_E}", "iso", 0, "y"),
    (rf"{_B}(?P<dd>[0-3]?\d)\.(?P<m>[01]?\d)\.{_Y}{_E}", "dotted", 0, "y"),
    # Azerbaijani
    (rf"{_B}{_Y}{_AZ_ORD}\s+il(?:in)?\s+{_AZ_MONTH}(?:\s+ayı|{_AZ_CASE})(?:nın|nin)?\s+{_D}{_D2}{_DAY_SUFFIX}{_E}", "full", re.I, "yl"),
    (rf"{_B}{_D}{_D2}\s+{_AZ_MONTH}{_E}(?:\s+{_Y}(?:{_AZ_ORD})?(?:\s+il\w*)?)?", "daymonth", re.I, "l"),
    (rf"{_B}{_Y}{_AZ_ORD}\s+il(?:in)?\s+{_AZ_MONTH}(?:\s+ay\w*|{_AZ_CASE}){_E}", "monthyear", re.I, "yl"),
    (rf"{_B}{_AZ_MONTH}(?:\s+ayının|ın|in|un|ün)\s+{_D}{_D2}{_DAY_SUFFIX}{_E}", "daymonth", re.I, "l"),
    (rf"{_B}{_Y}{_AZ_ORD}\s+il(?:də|in|dən|ə|i)?{_E}", "year", re.I, "yl"),
    (rf"{_B}(?:elə\s+)?həmin\s+(?:gün|tarixdə){_E}", "same-day", re.I, "l"),
    (rf"{_B}(?:ertəsi|növbəti)\s+gün{_E}", "next-day", re.I, "l"),
    (rf"{_B}həmin\s+il(?:də)?{_E}", "same-year", re.I, "l"),
    (rf"{_B}(?:həmin\s+)?ayın\s+{_D}{_D2}{_DAY_SUFFIX}{_E}", "same-month-day", re.I, "l"),
    # Russian
    (rf"{_B}{_D}{_D2}\s+{_RU_MONTH}{_E}(?:\s+{_Y}\s*(?:г\.|года|год)?)?", "daymonth", re.I, "c"),
    (rf"{_B}(?:в|во)\s+{_RU_MONTH}\s+{_Y}\s*(?:г\.|года)?", "monthyear", re.I, "yc"),
    (rf"{_B}{_Y}\s*(?:г\.|году|года|год){_E}", "year", re.I, "yc"),
    (rf"{_B}в\s+(?:тот|этот)\s+(?:же\s+)?день{_E}", "same-day", re.I, "c"),
    (rf"{_B}на\s+следующий\s+день{_E}", "next-day", re.I, "c"),
    (rf"{_B}в\s+(?:том|этом)\s+же\s+году{_E}", "same-year", re.I, "c"),
    # German ("10. April 2023") and French ("12 octobre 2022"), as sources print them
    (rf"{_B}{_D}\.\s+{_DE_MONTH}(?:\s+{_Y})?{_E}", "daymonth", 0, "l"),
    (rf"{_B}(?:le\s+)?{_D}(?:er)?\s+{_FR_MONTH}(?:\s+{_Y})?{_E}", "daymonth", 0, "l"),
    # English
    (rf"{_B}{_EN_MONTH}\.?\s+{_D}(?:st|nd|rd|th)?{_D2}(?:,?\s+{_Y})?{_E}", "daymonth", 0, "l"),
    (rf"{_B}{_D}(?:st|nd|rd|th)?{_D2}\s+(?:of\s+)?{_EN_MONTH}\.?(?:,?\s+{_Y})?{_E}", "daymonth", 0, "l"),
    (rf"{_B}{_EN_MONTH}\s+(?:of\s+)?{_Y}{_E}", "monthyear", 0, "yl"),
    (rf"{_B}(?:in|since|by|during|early|late|mid-)\s+{_Y}{_E}", "year-en", 0, "yl"),
    (rf"{_B}(?:on\s+)?(?:the\s+same|that)\s+day{_E}", "same-day", re.I, "l"),
    (rf"{_B}(?:the\s+)?(?:next|following)\s+day{_E}", "next-day", re.I, "l"),
    (rf"{_B}(?:the\s+same\s+year|later\s+that\s+year){_E}", "same-year", re.I, "l"),
    # Kazakh
    (rf"{_B}{_Y}\s+жыл(?:ғы|дың)?\s+{_D}{_D2}\s+{_KK_MONTH}\w*", "full-kk", re.I, "yc"),
    (rf"{_B}{_D}{_D2}\s+{_KK_MONTH}\w*(?:\s+{_Y}\s*(?:ж\.|жылы)?)?", "daymonth", re.I, "c"),
    (rf"{_B}{_Y}\s+жылы{_E}", "year", re.I, "yc"),
    (rf"{_B}сол\s+күні{_E}", "same-day", re.I, "c"),
    (rf"{_B}келесі\s+күні{_E}", "next-day", re.I, "c"),
    # Turkish
    (rf"{_B}{_D}{_D2}\s+{_TR_MONTH}\w*(?:\s+{_Y})?", "daymonth", re.I, "l"),
    (rf"{_B}{_Y}\s+yılı(?:nda)?{_E}", "year", re.I, "yl"),
    (rf"{_B}aynı\s+gün{_E}", "same-day", re.I, "l"),
    (rf"{_B}ertesi\s+gün{_E}", "next-day", re.I, "l"),
]
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")


# (compiled pattern, kind, needs a year, needs Cyrillic, needs Latin): the "needs" let a
# paragraph skip patterns that cannot match it
_COMPILED = []
for _p, _kind, _f, _need in _PATTERNS:
    _COMPILED.append((re.compile(_p, _f), _kind, "y" in _need, "c" in _need, "l" in _need))


def _month(name: str) -> int | None:
    n = name.lower()
    if n in _MONTHS:
        return _MONTHS[n]
    for length in range(len(n), 1, -1):
        if n[:length] in _MONTHS:
            return _MONTHS[n[:length]]
    return None


@dataclass(frozen=True)
class RawDate:
    """A date as a paragraph mentions it, before context fills its gaps."""

    start: int
    end: int
    text: str
    kind: str  # absolute | partial | anaphora
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day2: int | None = None
    relation: str | None = None  # for anaphora: same-day, next-day, same-year, same-month-day
    published: bool = False  # the date a report or article came out ("published on March 3, 2021")


# words before a date that make it the date of a publication, not of an event
_PUBLISHED = re.compile(r"(?i)(?:published|released|issued|posted|appeared|dated|nəşr\s+olunmuş|dərc\s+(?:edilmiş|olunmuş)"
                        r"|опубликован\w*|выпущен\w*|жарияланған)\s+(?:on|in|at|the|[\w-]+\s+){0,2}$")


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        if not 1 <= d <= 31:
            return False
        if y is not None and m is not None and d > calendar.monthrange(y, m)[1]:
            return False
    return True


def find_dates(text: str) -> list[RawDate]:
    found: list[RawDate] = []
    taken: list[tuple[int, int]] = []  # disjoint, sorted: the spans already read
    has_year = bool(_YEAR.search(text))
    has_cyrillic = bool(_CYRILLIC.search(text))
    has_latin = bool(re.search(r"[A-Za-z]", text))
    for pattern, kind, need_year, need_cyrillic, need_latin in _COMPILED:
        if (need_year and not has_year) or (need_cyrillic and not has_cyrillic) or (need_latin and not has_latin):
            continue
        for m in pattern.finditer(text):
            s, e = m.span()
            i = bisect_left(taken, (e, -1)) - 1  # the last span starting before e
            if i >= 0 and taken[i][1] > s:
                continue
            g = m.groupdict()
            y = int(g["y"]) if g.get("y") else None
            mon = _month(g["mon"]) if g.get("mon") else (int(g["m"]) if g.get("m") else None)
            d = int(g["d"]) if g.get("d") else (int(g["dd"]) if g.get("dd") else None)
            d2 = int(g["d2"]) if g.get("d2") else None
            if kind in ("same-day", "next-day", "same-year"):
                raw = RawDate(s, e, m.group(), "anaphora", relation=kind)
            elif kind == "same-month-day":
                raw = RawDate(s, e, m.group(), "anaphora", day=d, day2=d2, relation=kind)
            elif kind in ("year", "year-en"):
                raw = RawDate(s, e, m.group(), "absolute", year=y)
            elif kind == "monthyear":
                raw = RawDate(s, e, m.group(), "absolute", year=y, month=mon)
            else:
                raw = RawDate(s, e, m.group(), "absolute" if y else "partial", y, mon, d, d2)
            if _PUBLISHED.search(text[max(0, s - 40):s]):
                raw = replace(raw, published=True)
            insort(taken, (s, e))  # an impossible date hides the weaker readings inside it too
            if not _valid(raw.year, raw.month, raw.day) or (raw.day2 is not None and (raw.day or 0) >= raw.day2):
                continue
            found.append(raw)
    found.sort(key=lambda r: r.start)
    return found


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


class Resolver:
    """Resolves dates in document order against the date in force."""

    def __init__(self, across_paragraphs: bool = True) -> None:
        self.current: EventDate | None = None
        self.last_day: EventDate | None = None  # the last date known to the day
        # a date in force is inherited by later text of its own paragraph; by later paragraphs
        # only in a chronicle (``across_paragraphs``), where each paragraph goes on from the last
        self.across_paragraphs = across_paragraphs
        self.inheritable: EventDate | None = None

    def new_paragraph(self) -> None:
        if not self.across_paragraphs:
            self.inheritable = None

    def _parts(self) -> tuple[int | None, int | None, int | None]:
        if self.current is None:
            return None, None, None
        bits = [int(x) for x in self.current.start.split("-")]
        return (bits + [None, None])[0], (bits + [None, None])[1], (bits + [None, None, None])[2]

    def resolve(self, raw: RawDate) -> EventDate | None:
        cy, cm, cd = self._parts()
        date: EventDate | None = None
        if raw.kind == "absolute" or raw.kind == "partial":
            y = raw.year
            if y is None:
                if cy is None:
                    return None
                y = cy
                if cm is not None and raw.month is not None and raw.month < cm - 6:
                    y += 1  # "yanvarın 5-də" after December: the next year
            if raw.month is None:
                date = EventDate(_iso(y), _iso(y))
            elif raw.day is None:
                date = EventDate(_iso(y, raw.month), _iso(y, raw.month))
            else:
                if not _valid(y, raw.month, raw.day):
                    return None
                date = EventDate(_iso(y, raw.month, raw.day), _iso(y, raw.month, raw.day2 or raw.day))
        elif raw.relation == "same-day":
            date = self.last_day or self.current
        elif raw.relation == "next-day" and cd is not None and cm is not None and cy is not None:
            nxt = dt.date(cy, cm, cd) + dt.timedelta(days=1)
            date = EventDate(nxt.isoformat(), nxt.isoformat())
        elif raw.relation == "same-year" and cy is not None:
            date = EventDate(_iso(cy), _iso(cy))
        elif raw.relation == "same-month-day" and cy is not None and cm is not None and raw.day:
            if _valid(cy, cm, raw.day):
                date = EventDate(_iso(cy, cm, raw.day), _iso(cy, cm, raw.day2 or raw.day))
        if date is not None:
            date = EventDate(date.start, date.end, False)
            self.current = date  # a year and month for the dates after it, publication or not
            if len(date.start) == 10:
                self.last_day = date
            if not raw.published:  # a report's date is no event's date for the text after it
                self.inheritable = date
        return date

    def inherited(self) -> EventDate | None:
        """The date in force, for text that gives none of its own."""
        if self.inheritable is None:
            return None
        return EventDate(self.inheritable.start, self.inheritable.end, True)
