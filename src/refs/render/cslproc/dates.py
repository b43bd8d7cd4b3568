"""cs:date and cs:date-part: localized and style-defined dates, ranges, seasons, eras."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from . import output as out
from .nodes import Context, Element, q

_PART_RANK = {"year": 0, "month": 1, "day": 2}


def date_parts(value: Any) -> tuple[list[int | None], list[int | None] | None, str | None]:
    """(start [y, m, d], end or None, season) of a CSL-JSON date; months 13-16 are seasons."""
    if not isinstance(value, dict):
        return [None, None, None], None, None
    parts = value.get("date-parts")
    if not parts and value.get("raw"):
        m = re.match(r"^\s*(-?\d{1,4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?", str(value["raw"]))
        parts = [[int(g) for g in m.groups() if g]] if m else None
    if not parts or not isinstance(parts, list) or not parts[0]:
        return [None, None, None], None, None

    def norm(p: list[Any]) -> list[int | None]:
        res: list[int | None] = []
        for x in list(p)[:3]:
            try:
                res.append(int(str(x).strip()))
            except (TypeError, ValueError):
                res.append(None)
        while len(res) < 3:
            res.append(None)
        return res

    start = norm(parts[0])
    end = norm(parts[1]) if len(parts) > 1 and parts[1] else None
    season = value.get("season")
    for p in (start, end):
        if p is not None and p[1] is not None and p[1] < 0:
            p[1] = p[2] = None  # a month below zero is no month (negative months are seasons inside)
        if p is not None and p[1] is not None and 13 <= p[1] <= 24:
            p[1] = -((p[1] - 13) % 4 + 1)  # a season (13-16, 17-20 and EDTF 21-24): negative months
            p[2] = None
        if p is not None and p[1] is not None and not (-4 <= p[1] <= 12) or (p is not None and p[1] == 0):
            p[1] = None
            p[2] = None
        if p is not None and p[2] is not None and not (1 <= p[2] <= 31):
            p[2] = None
    if end is not None and (end == start or end[0] in (None, 0) and end[1] is None):
        end = [0, None, None] if end and end[0] == 0 else None  # 1987/0: an open range
    return start, end, (str(season) if season is not None else None)


class DatePart:
    def __init__(self, el: etree._Element):
        self.name = el.get("name", "")
        self.attrib = dict(el.attrib)

    def merged(self, override: DatePart | None) -> DatePart:
        if override is None:
            return self
        m = DatePart.__new__(DatePart)
        m.name = self.name
        m.attrib = dict(self.attrib)
        m.attrib.update({k: v for k, v in override.attrib.items() if k not in ("prefix", "suffix")})
        return m

    def render(self, value: list[int | None], season: str | None, ctx: Context, year_suffix: bool) -> out.Node | None:
        if self.name == "year":
            if value[0] == 0 and value[1] is None:
                return out.Node([""])  # the open end of a range
            text = self._year(value[0], ctx, year_suffix)
        elif self.name == "month":
            text = self._month(value, season, ctx)
        elif self.name == "day":
            text = self._day(value, ctx)
        else:
            text = None
        if text is None:
            return None
        node = out.Node([text], {k: v for k, v in self.attrib.items() if k in out.FORMAT_KEYS})
        case = self.attrib.get("text-case")
        if case:
            from .nodes import apply_case

            apply_case(node, case, ctx)
        return node

    def _year(self, y: int | None, ctx: Context, year_suffix: bool) -> str | None:
        """The year: a negative year with BC and years 1 to 999 with AD (the locale's terms),
        two digits in the short form; then the year suffix when ``year_suffix``."""
        if y is None:
            return None
        if y < 0:
            text = f"{-y}{ctx.locale.term('bc') or ' BC'}"
        elif self.attrib.get("form") == "short":
            text = f"{y % 100:02d}"
        else:
            text = str(y)
            if 0 < y < 1000:
                text += ctx.locale.term("ad") or " AD"
        if year_suffix:
            text += ctx.year_suffix
        return text

    def _month(self, value: list[int | None], season: str | None, ctx: Context) -> str | None:
        """The month (a number, or the locale's name for it), or the season in its place: given
        as a negative month, or apart (only with a year)."""
        form = self.attrib.get("form")
        mo = value[1]
        if mo is not None and mo < 0:
            return ctx.locale.term(f"season-0{-mo}") or str(-mo)
        if mo is None:
            if season and value[0] is not None:
                if season.isdigit() and 1 <= int(season) <= 4:
                    return ctx.locale.term(f"season-0{season}") or season
                return season
            return None
        if form == "numeric":
            return str(mo)
        if form == "numeric-leading-zeros":
            return f"{mo:02d}"
        text = ctx.locale.term(f"month-{mo:02d}", "short" if form == "short" else "long") or str(mo)
        if self.attrib.get("strip-periods") == "true":
            text = text.replace(".", "")
        return text

    def _day(self, value: list[int | None], ctx: Context) -> str | None:
        """The day (only with a month): a number, or an ordinal where the form asks for one
        (only the first of the month where the locale limits ordinals to it)."""
        form = self.attrib.get("form")
        d = value[2]
        if d is None or value[1] is None:
            return None
        if form == "numeric-leading-zeros":
            return f"{d:02d}"
        if form == "ordinal":
            if ctx.locale.options.get("limit-day-ordinals-to-day-1") == "true" and d != 1:
                return str(d)
            return f"{d}{ctx.locale.ordinal(d, ctx.locale.gender(f'month-{value[1]:02d}'))}"
        return str(d)


class DateEl(Element):
    def __init__(self, el: etree._Element, style: Any):
        super().__init__(el, style)
        self.variable = el.get("variable", "")
        self.form = el.get("form")
        self.which = el.get("date-parts", "year-month-day")
        self.delimiter = el.get("delimiter", "")
        self.parts = [DatePart(p) for p in el.findall(q("date-part"))]

    def _layout(self, ctx: Context) -> tuple[list[DatePart], str]:
        if not self.form:
            return _day_first(self.parts, ctx), self.delimiter
        fmt = ctx.locale.date_format(self.form)
        if fmt is None:
            return self.parts, self.delimiter
        overrides = {p.name: p for p in self.parts}
        wanted = {"year-month-day": {"year", "month", "day"}, "year-month": {"year", "month"},
                  "year": {"year"}}.get(self.which, {"year", "month", "day"})
        parts = [DatePart(p).merged(overrides.get(p.get("name", ""))) for p in fmt.findall(q("date-part"))]
        parts = [p for p in parts if p.name in wanted]
        return parts, fmt.get("delimiter", "")

    def render(self, ctx: Context) -> out.Node | None:
        ctx.called += 1
        value = ctx.value(self.variable)
        if not isinstance(value, dict):
            return None
        if value.get("literal") and not value.get("date-parts"):
            ctx.found += 1
            return self.wrap(out.Node([str(value["literal"])]), ctx)
        start, end, season = date_parts(value)
        if start[0] is None:
            text = value.get("literal") or value.get("raw")
            if text:
                ctx.found += 1
                return self.wrap(out.Node([str(text)]), ctx)
            return None
        ctx.rendered_vars.append(self.variable)
        parts, delimiter = self._layout(ctx)
        add_suffix = bool(ctx.year_suffix) and not ctx.style.explicit_year_suffix and not ctx.suffix_placed \
            and any(p.name == "year" for p in parts)
        if add_suffix:
            ctx.suffix_placed = True
        if end is None or end[0] is None:
            node = self._one(parts, start, season, delimiter, ctx, add_suffix)
        else:
            node = self._range(parts, start, end, season, delimiter, ctx, add_suffix)
        if node is not None and not node.is_empty():  # a date with none of the parts asked for is empty
            ctx.found += 1
        return self.wrap(node, ctx)

    def _piece(self, part: DatePart, value: list[int | None], season: str | None, ctx: Context,
               suffix: bool, affix_start: bool = True, affix_end: bool = True) -> list[out.Child]:
        node = part.render(value, season, ctx, suffix and part.name == "year")
        if node is None:
            return []
        res: list[out.Child] = []
        if affix_start and part.attrib.get("prefix"):
            res.append(part.attrib["prefix"])
        res.append(node)
        if affix_end and part.attrib.get("suffix"):
            res.append(part.attrib["suffix"])
        return res

    def _one(self, parts: list[DatePart], value: list[int | None], season: str | None, delimiter: str,
             ctx: Context, suffix: bool) -> out.Node | None:
        rendered = [self._piece(p, value, season, ctx, suffix) for p in parts]
        rendered = [r for r in rendered if r]
        children: list[out.Child] = []
        for i, r in enumerate(rendered):
            if i and delimiter:
                children.append(delimiter)
            children.extend(r)
        return out.Node(children) if children else None

    def _range(self, parts: list[DatePart], start: list[int | None], end: list[int | None], season: str | None,
               delimiter: str, ctx: Context, suffix: bool) -> out.Node | None:
        differ = next((name for name, i in (("year", 0), ("month", 1), ("day", 2)) if start[i] != end[i]), "day")
        rank = _PART_RANK[differ]
        present = [p for p in parts if self._piece(p, start, season, ctx, False)]
        idx = [i for i, p in enumerate(present) if _PART_RANK.get(p.name, 9) >= rank]
        if not idx:
            return self._one(parts, start, season, delimiter, ctx, suffix)
        lo, hi = min(idx), max(idx)
        range_delim = next((d for p in present if p.name == differ
                            and (d := p.attrib.get("range-delimiter"))), "–")
        children: list[out.Child] = []

        def add(pieces: list[out.Child], first: bool) -> None:
            if children and not first and delimiter:
                children.append(delimiter)
            children.extend(pieces)

        for i, p in enumerate(present[:lo]):
            add(self._piece(p, start, season, ctx, False), i == 0)
        for j, i in enumerate(range(lo, hi + 1)):
            add(self._piece(present[i], start, season, ctx, False, affix_end=i != hi), j == 0 and lo == 0)
        children.append(range_delim)
        for j, i in enumerate(range(lo, hi + 1)):
            pieces = self._piece(present[i], end, season, ctx, suffix, affix_start=i != lo)
            if j and delimiter:
                children.append(delimiter)
            children.extend(pieces)
        for p in present[hi + 1 :]:
            add(self._piece(p, start, season, ctx, suffix), False)
        return out.Node(children)


def _day_first(parts: list[DatePart], ctx: Context) -> list[DatePart]:
    """A style's own date (APA's "2024, March 11", Chicago's "March 11, 2024") in a language
    that writes the day before the month's name (Azerbaijani, Kazakh, Russian, German, French,
    British English: its locale's text date says so): "2024, 11 mart", "11 mart 2024". The
    style's punctuation around the pair stays; between day and month goes the locale's own
    (a space, German's ". "), and a comma the style put between day and year goes."""
    names = [p.name for p in parts]
    at = next((i for i in range(len(parts) - 1) if names[i] == "month" and names[i + 1] == "day"), None)
    if at is None or parts[at].attrib.get("form", "long") not in ("long", "short"):
        return parts
    fmt = ctx.locale.date_format("text")
    if fmt is None:
        return parts
    order = {p.get("name"): (i, p) for i, p in enumerate(fmt.findall(q("date-part")))}
    if "day" not in order or "month" not in order or order["day"][0] > order["month"][0]:
        return parts
    month, day = parts[at], parts[at + 1]
    between = (order["day"][1].get("suffix") or "") + (order["month"][1].get("prefix") or "")
    first = DatePart.__new__(DatePart)
    first.name, first.attrib = "day", {**day.attrib, "prefix": month.attrib.get("prefix", ""), "suffix": between}
    if "form" not in day.attrib and order["day"][1].get("form"):
        first.attrib["form"] = order["day"][1].get("form", "")  # German's "11. März": the locale's ordinal day
    second = DatePart.__new__(DatePart)
    after = day.attrib.get("suffix", "")
    if at + 2 < len(parts) and parts[at + 2].name == "year" and after.startswith(","):
        after = after[1:] or " "  # "March 11, 2024" -> "11 mart 2024"
    second.name, second.attrib = "month", {**month.attrib, "prefix": "", "suffix": after}
    return [*parts[:at], first, second, *parts[at + 2 :]]


def sort_value(value: Any) -> str | None:
    """A date as text that sorts as the date does (a range by its start, then its end)."""
    start, end, season = date_parts(value)
    if start[0] is None:
        return None

    def key(p: list[int | None]) -> str:
        y = p[0] or 0
        return f"{y + 10000:05d}{p[1] or 0:02d}{p[2] or 0:02d}"

    return key(start) + (key(end) if end else "")
