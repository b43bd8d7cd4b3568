"""Rules on citation markers and claims: dangling, unused, out of order, uncited text, and
claims whose dates do not fit the sources they cite."""

from __future__ import annotations

import datetime as dt

from ..dates import Date
from ..model import ClaimMap, EventDate, Finding, Library, Location, Severity
from ..wording import count, lines
from .identifiers import _bounds

__all__ = ["dangling", "unused", "order", "uncited", "source_dates", "NEWS_TYPES"]

#: Sources that report events as they happen, so their date should be close to the event's.
NEWS_TYPES = frozenset({"webpage", "article-newspaper", "article-magazine", "broadcast", "post", "post-weblog"})


def dangling(cm: ClaimMap, library: Library) -> list[Finding]:
    out = []
    for m in cm.markers:
        for c in m.citations:
            if c.key is None:
                out.append(Finding(Severity.ERROR, "dangling-citation",
                                   f"[{c.number}] cites no reference: the bibliography has {count(len(library), 'entry')}",
                                   m.location))
    return out


def unused(cm: ClaimMap, library: Library) -> list[Finding]:
    cited = {c.key for m in cm.markers for c in m.citations if c.key}
    return [Finding(Severity.WARNING, "unused-reference", f'[{n}] "{ref.key}" is never cited', ref.location, None,
                    (ref.key,))
            for n, ref in enumerate(library, start=1) if ref.key not in cited]


def order(cm: ClaimMap, library: Library) -> list[Finding]:
    """Numeric styles number references by first citation: [n] should first appear after [n-1]."""
    out = []
    seen: set[int] = set()
    highest = 0
    for m in cm.markers:
        for c in m.citations:
            if c.number in seen or c.key is None:
                continue
            seen.add(c.number)
            if c.number < highest:
                out.append(Finding(Severity.WARNING, "citation-order",
                                   f"[{c.number}] is first cited after [{highest}]; numbered by first citation it would come later",
                                   m.location, None, (c.key,)))
            highest = max(highest, c.number)
    return out


def uncited(cm: ClaimMap) -> list[Finding]:
    out = []
    for u in cm.uncited:
        severity = Severity.WARNING if u.kind == "factual" else Severity.INFO
        words = u.text.split()
        preview = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
        out.append(Finding(Severity(severity), "uncited-claim",
                           f"{u.kind} text with no citation ({lines(u.first_line, u.last_line)}): \"{preview}\"",
                           Location(cm.manuscript, u.first_line, 1)))
    return out


def _event_bounds(d: EventDate) -> tuple[dt.date, dt.date]:
    def parse(s: str, end: bool) -> dt.date:
        bits = [int(x) for x in s.split("-")]
        y = bits[0]
        m = bits[1] if len(bits) > 1 else (12 if end else 1)
        if len(bits) > 2:
            day = bits[2]
        elif end:
            day = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
        else:
            day = 1
        return dt.date(y, m, day)

    return parse(d.start, False), parse(d.end, True)


def source_dates(cm: ClaimMap, library: Library, tolerance_days: int = 7) -> list[Finding]:
    """source-predates-claim and date-mismatch, for every claim-source pair with both dates."""
    out = []
    for claim in cm.claims:
        if claim.date is None:
            continue
        ev_first, ev_last = _event_bounds(claim.date)
        for c in claim.citations:
            if c.key is None or c.key not in library:
                continue
            ref = library[c.key]
            issued = ref.get("issued")
            if not isinstance(issued, Date) or not (b := _bounds(issued)):
                continue
            pub_first, pub_last = b
            where = claim.marker.location
            shown = f"{claim.date.start}" + (f"/{claim.date.end}" if claim.date.end != claim.date.start else "")
            how = "inferred from the text before it" if claim.date.inferred else "given in the claim"
            if pub_last < ev_first:
                out.append(Finding(
                    Severity.INFO if claim.date.inferred else Severity.WARNING, "source-predates-claim",
                    f'claim {claim.number} reports an event of {shown} ({how}), but [{c.number}] "{ref.key}" '
                    f"was published {issued}, before it", where, None, (ref.key,)))
            elif (not claim.date.inferred and ref.type in NEWS_TYPES
                  and (pub_first - ev_last).days > tolerance_days):
                out.append(Finding(
                    Severity.WARNING, "date-mismatch",
                    f'claim {claim.number} reports an event of {shown}, but [{c.number}] "{ref.key}" was published '
                    f"{issued}, {(pub_first - ev_last).days} days later (tolerance {tolerance_days})", where, None,
                    (ref.key,)))
    return out
