"""Dates as CSL and biblatex know them: ISO 8601 / EDTF level 0-1 with ranges.

Pure functions over :class:`Date`; no I/O. ``parse_date`` raises ``ValueError`` with a
readable reason; callers turn that into a finding with a location.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Date", "parse_date", "month_number"]

_SIDE = re.compile(
    r"""^(?P<year>[+-]?\d{1,6})
         (?:-(?P<month>\d{2})
            (?:-(?P<day>\d{2})
               (?P<time>T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?
            )?
         )?
         (?P<qual>[?~%])?$""",
    re.X,
)

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            (),
            ("jan", "january", "january."),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}
# Month names as files in other languages write them (BibDesk and JabRef files keep the
# author's own: "Mai", "Oktober", "juillet", "сентябрь"): full names and unambiguous short forms
for _number, _names in enumerate(
    [
        "januar jänner janv janvier enero gennaio январь января янв yanvar қаңтар ocak",
        "februar feber févr fevr février fevrier febrero febbraio февраль февраля фев fevral ақпан şubat",
        "märz mär mrz mars marzo март марта mart наурыз",
        "avr avril abril aprile апрель апреля апр aprel сәуір nisan",
        "mai mayo maggio май мая мамыр mayıs",
        "juni juin junio giugno июнь июня iyun маусым haziran",
        "juli juil juillet julio luglio июль июля iyul шілде temmuz",
        "août aout agosto август августа авг avqust тамыз ağustos",
        "septembre septiembre settembre сентябрь сентября сен сент sentyabr қыркүйек eylül",
        "okt oktober octobre octubre ottobre октябрь октября окт oktyabr қазан ekim",
        "novembre noviembre ноябрь ноября ноя noyabr қараша kasım",
        "dez dezember déc décembre decembre diciembre dicembre декабрь декабря дек dekabr желтоқсан aralık",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)


def month_number(text: str) -> int | None:
    """``3``, ``03``, ``mar``, ``March``, ``mar.`` -> 3; anything else -> None."""
    t = text.strip().lower().rstrip(".")
    if t.isdigit():
        n = int(t)
        return n if 1 <= n <= 12 else None
    return _MONTHS.get(t)


@dataclass(frozen=True)
class Date:
    """A date or date range.

    ``start``/``end`` are ``(year,)``, ``(year, month)`` or ``(year, month, day)``.
    ``season`` is 1-4 (spring..winter) when the source gave one instead of a month.
    ``literal`` holds text that is not a date refs understands (kept, never dropped).
    """

    start: tuple[int, ...] = ()
    end: tuple[int, ...] | None = None
    open_start: bool = False
    open_end: bool = False
    circa: bool = False
    uncertain: bool = False
    season: int | None = None
    time: str | None = None
    literal: str | None = None

    # -- views ---------------------------------------------------------------------
    @property
    def year(self) -> int | None:
        return self.start[0] if self.start else None

    @property
    def is_range(self) -> bool:
        return self.end is not None or self.open_end or self.open_start

    def to_edtf(self) -> str:
        """The biblatex ``date`` field value (ISO 8601 / EDTF)."""
        if self.literal is not None:
            return self.literal
        qual = "%" if (self.circa and self.uncertain) else "~" if self.circa else "?" if self.uncertain else ""

        def side(parts: tuple[int, ...], time: str | None = None) -> str:
            y = parts[0]
            text = f"-{abs(y):04d}" if y < 0 else f"{y:04d}"
            if len(parts) > 1:
                text += f"-{parts[1]:02d}"
            elif self.season and parts is self.start:
                text += f"-{20 + self.season:02d}"
            if len(parts) > 2:
                text += f"-{parts[2]:02d}"
                if time:
                    text += time
            return text + qual

        first = "" if self.open_start else side(self.start, self.time)
        if self.open_start:
            return f"../{side(self.end or self.start)}"
        if self.open_end:
            return f"{first}/.."
        if self.end is not None:
            return f"{first}/{side(self.end)}"
        return first

    def to_csl(self) -> dict[str, Any]:
        if self.literal is not None:
            return {"literal": self.literal}
        parts = [list(self.start)] if self.start else []
        if self.end is not None:
            parts.append(list(self.end))
        out: dict[str, Any] = {"date-parts": parts}
        if self.circa:
            out["circa"] = True
        if self.season:
            out["season"] = self.season
        if self.is_range and (self.open_start or self.open_end) or self.uncertain or self.time:
            out["raw"] = self.to_edtf()
        return out

    @classmethod
    def from_csl(cls, data: Mapping[str, Any] | str) -> Date:
        if isinstance(data, str):
            return parse_date_lenient(data)
        if "raw" in data:
            return parse_date_lenient(str(data["raw"]))
        if "literal" in data:
            return cls(literal=str(data["literal"]))
        parts = data.get("date-parts") or []
        try:
            sides = [tuple(int(p) for p in side if str(p) != "") for side in parts]
        except (TypeError, ValueError):
            return cls(literal=str(parts))
        sides = [s for s in sides if s]
        if not sides:
            return cls(literal="")
        season = data.get("season")
        return cls(
            start=sides[0],
            end=sides[1] if len(sides) > 1 and sides[1] != sides[0] else None,
            circa=bool(data.get("circa")),
            season=int(season) if isinstance(season, (int, str)) and str(season).isdigit() else None,
        )

    def __str__(self) -> str:
        return self.to_edtf()


def _parse_side(text: str) -> tuple[tuple[int, ...], bool, bool, int | None, str | None]:
    m = _SIDE.match(text)
    if not m:
        raise ValueError(f'"{text}" is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)')
    year = int(m["year"])
    parts: tuple[int, ...] = (year,)
    season = None
    if m["month"]:
        month = int(m["month"])
        if 21 <= month <= 24:
            season = month - 20
        elif not 1 <= month <= 12:
            raise ValueError(f'"{text}" has month {month}; months run from 01 to 12')
        else:
            parts = (year, month)
        if m["day"]:
            if season:
                raise ValueError(f'"{text}" gives a day after a season')
            day = int(m["day"])
            last = calendar.monthrange(year if year > 0 else 2000, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f'"{text}" has day {day}; that month has {last} days')
            parts = (year, month, day)
    qual = m["qual"] or ""
    return parts, qual in "~%" and bool(qual), qual in "?%" and bool(qual), season, m["time"]


_SLASHED = re.compile(r"(\d{4})/(\d{2})/(\d{2})")


def parse_date(text: str) -> Date:
    """Parse an ISO 8601 / EDTF date or range (``2022-10-12/2022-10-14``, ``2020/..``)."""
    t = text.strip()
    if not t:
        raise ValueError("the date is empty")
    slashed = _SLASHED.fullmatch(t)
    if slashed:  # "2014/09/01", as BibDesk and others write a day: no range can look like it
        t = "-".join(slashed.groups())
    if "/" in t:
        a, _, b = t.partition("/")
        if "/" in b:
            raise ValueError(f'"{t}" has more than one "/"')
        open_start = a in ("", "..")
        open_end = b in ("", "..")
        if open_start and open_end:
            raise ValueError(f'"{t}" is open at both ends')
        if open_start:
            end, circa, unc, _, _ = _parse_side(b)
            return Date(start=(), end=end, open_start=True, circa=circa, uncertain=unc)
        start, circa, unc, season, time = _parse_side(a)
        if open_end:
            return Date(start=start, open_end=True, circa=circa, uncertain=unc, season=season, time=time)
        end, c2, u2, _, _ = _parse_side(b)
        if end[: len(start)] < start[: len(end)]:
            raise ValueError(f'"{t}" ends before it starts')
        return Date(start=start, end=end, circa=circa or c2, uncertain=unc or u2, season=season, time=time)
    parts, circa, unc, season, time = _parse_side(t)
    return Date(start=parts, circa=circa, uncertain=unc, season=season, time=time)


def parse_date_lenient(text: str) -> Date:
    """Like :func:`parse_date`, but text that is no date is kept as a literal."""
    try:
        return parse_date(text)
    except ValueError:
        return Date(literal=text)
