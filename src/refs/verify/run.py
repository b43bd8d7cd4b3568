"""Run every rule in a fixed order and score each claim against the sources it cites."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..dates import Date
from ..model import ClaimMap, Finding, Library, Severity, plain_text
from . import citations, identifiers, integrity
from .evidence import CONTRADICTED, NOT_FOUND, UNVERIFIABLE, DateFinder, Evidence, SourceDoc, judge

__all__ = ["Options", "Assessment", "check", "assess", "source_of", "support"]


@dataclass
class Options:
    tolerance_days: int = 7
    # key -> what the source says of itself (its snapshot's text, title, date, language), e.g. from
    # `refs fetch`; a reference without one is judged on its metadata (title, abstract, container)
    sources: dict[str, SourceDoc] = field(default_factory=dict)
    find_dates: DateFinder | None = None  # text -> [(mention, start ISO, end ISO)]
    today: dt.date | None = None


@dataclass
class Assessment:
    findings: list[Finding]
    support: dict[tuple[int, str], Evidence]  # (claim number, reference key) -> the verdict and its passage


def source_of(ref, options: Options) -> SourceDoc:
    """What is known of a source from the source itself: its snapshot (when there is one) and its
    title, abstract, container and date. What a user wrote about it (note, annote, keywords) is
    not evidence."""
    def text(field_name: str) -> str:  # as a reader sees it: no markup ('<span class="nocase">')
        value = ref.get(field_name)
        return plain_text(value) if isinstance(value, str) else ""

    issued = ref.get("issued")
    when = None
    if isinstance(issued, Date) and issued.start:
        iso = "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(issued.start))
        when = (iso, iso)
    snap = options.sources.get(ref.key)
    if snap is not None:
        return replace(snap, title=snap.title or text("title"), abstract=snap.abstract or text("abstract"),
                       container=snap.container or text("container-title"), published=snap.published or when)
    return SourceDoc("", text("title"), text("abstract"), text("container-title"), when)


_SEVERITY = {CONTRADICTED: Severity.ERROR, NOT_FOUND: Severity.WARNING, UNVERIFIABLE: Severity.INFO}
_CODE = {CONTRADICTED: "claim-contradicted", NOT_FOUND: "claim-not-found", UNVERIFIABLE: "claim-unverifiable"}


def support(cm: ClaimMap, library: Library, options: Options) -> tuple[list[Finding], dict]:
    """Each claim judged against each source it cites: its verdict, score and passage, and a
    finding where the source contradicts the claim, does not state it, or cannot be read."""
    findings = []
    supports: dict[tuple[int, str], Evidence] = {}
    cache: dict[str, SourceDoc] = {}
    for claim in cm.claims:
        for c in claim.citations:
            if c.key is None or c.key not in library:
                continue
            if c.key not in cache:
                cache[c.key] = source_of(library[c.key], options)
            ev = judge(claim.text, cache[c.key], options.find_dates)
            supports[(claim.number, c.key)] = ev
            if ev.verdict not in _CODE:
                continue
            p = ev.passage
            if ev.verdict == CONTRADICTED and p is not None:
                detail = f'{ev.reason}; the source: "{_short(p.text)}"'
            elif ev.verdict == NOT_FOUND:
                looked = ", ".join(i.text for i in (p.missing if p else ev.items) if i.kind != "word")[:200]
                detail = f"no passage of its snapshot states it (not found: {looked or 'its words'})"
            else:
                detail = ev.reason
            findings.append(Finding(_SEVERITY[ev.verdict], _CODE[ev.verdict],
                                    f'claim {claim.number}, [{c.number}] "{c.key}": {ev.verdict}: {detail}',
                                    claim.marker.location, None, (c.key,)))
    return findings, supports


def _short(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def assess(library: Library, cm: ClaimMap | None = None, options: Options | None = None) -> Assessment:
    options = options or Options()
    findings: list[Finding] = []
    findings += identifiers.missing_fields(library)
    findings += identifiers.identifiers(library)
    findings += identifiers.dates(library, options.today)
    findings += identifiers.duplicates(library)
    findings += integrity.check(library)
    supports: dict = {}
    if cm is not None:
        findings += [f for f in cm.findings if f.code in ("malformed-citation", "skipped-text", "no-citations")]
        findings += citations.dangling(cm, library)
        findings += citations.unused(cm, library)
        findings += citations.order(cm, library)
        findings += citations.uncited(cm)
        findings += citations.source_dates(cm, library, options.tolerance_days)
        judged, supports = support(cm, library, options)
        findings += judged
    return Assessment(findings, supports)


def check(library: Library, cm: ClaimMap | None = None, options: Options | None = None) -> list[Finding]:
    return assess(library, cm, options).findings
