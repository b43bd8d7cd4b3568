"""Run every rule in a fixed order and score each claim against the sources it cites."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..dates import Date
from ..model import ClaimMap, Finding, Library, Severity
from . import citations, identifiers
from .support import Support, score, source_text

__all__ = ["Options", "Assessment", "check", "assess"]


@dataclass
class Options:
    tolerance_days: int = 7
    sources: dict[str, str] = field(default_factory=dict)  # key -> text of a snapshot
    find_dates: Callable[[str], list[tuple[str, str]]] | None = None
    today: dt.date | None = None


@dataclass
class Assessment:
    findings: list[Finding]
    support: dict[tuple[int, str], Support]  # (claim number, reference key) -> support


def _source(ref, options: Options):
    parts = [ref.get(v) for v in ("title", "container-title", "abstract", "keyword", "note", "annote")]
    parts += [n.display() for n in ref.get("author", ())]
    dates = []
    issued = ref.get("issued")
    if isinstance(issued, Date) and issued.start:
        iso = "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(issued.start))
        dates.append((iso, iso))
    return source_text([p for p in parts if isinstance(p, str)], dates, options.sources.get(ref.key, ""),
                       options.find_dates)


def weak_support(cm: ClaimMap, library: Library, options: Options) -> tuple[list[Finding], dict]:
    findings = []
    supports: dict[tuple[int, str], Support] = {}
    cache = {}
    for claim in cm.claims:
        date = (claim.date.start, claim.date.end) if claim.date and not claim.date.inferred else None
        for c in claim.citations:
            if c.key is None or c.key not in library:
                continue
            if c.key not in cache:
                cache[c.key] = _source(library[c.key], options)
            s = score(claim.text, date, cache[c.key], [m.text for m in claim.dates])
            supports[(claim.number, c.key)] = s
            if s.checkable and not s.matched:
                where = "its snapshot and metadata" if c.key in options.sources else "its metadata"
                findings.append(Finding(
                    Severity.INFO, "weak-support",
                    f'claim {claim.number}: nothing checkable in it appears in {where} of [{c.number}] '
                    f'"{c.key}" (looked for: {", ".join(s.unmatched[:8])})', claim.marker.location, None, (c.key,)))
    return findings, supports


def assess(library: Library, cm: ClaimMap | None = None, options: Options | None = None) -> Assessment:
    options = options or Options()
    findings: list[Finding] = []
    findings += identifiers.missing_fields(library)
    findings += identifiers.identifiers(library)
    findings += identifiers.dates(library, options.today)
    findings += identifiers.duplicates(library)
    supports: dict = {}
    if cm is not None:
        findings += [f for f in cm.findings if f.code in ("malformed-citation", "skipped-text", "no-citations")]
        findings += citations.dangling(cm, library)
        findings += citations.unused(cm, library)
        findings += citations.order(cm, library)
        findings += citations.uncited(cm)
        findings += citations.source_dates(cm, library, options.tolerance_days)
        weak, supports = weak_support(cm, library, options)
        findings += weak
    return Assessment(findings, supports)


def check(library: Library, cm: ClaimMap | None = None, options: Options | None = None) -> list[Finding]:
    return assess(library, cm, options).findings
