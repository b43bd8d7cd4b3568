"""``refs check``: every rule on a bibliography, and on a manuscript's citations and claims, with
each claim's verdict on each source it cites; the `[[ignore]]` rules of a project; fetching
sources for the verdicts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import printedlist
from .caches import Caches
from .errors import OutputError, UsageError
from .fetch import Fetched, fetch_all
from .loading import analyse_claims, load_library
from .model import ClaimMap, Finding, Library, Location
from .report import findings as findings_report
from .snapshots import Saver, read_snapshots
from .verify import Options, assess
from .verify.evidence import SourceDoc
from .verify.listmatch import compare_with_list
from .verify.run import Assessment

__all__ = ["Checked", "check", "check_loaded", "check_verdicts", "date_mentions", "fetch_sources",
           "render_findings", "source_snapshots"]


def date_mentions(text: str) -> list[tuple[str, str, str]]:
    """The dates a text mentions, as (the mention, start, end): absolute ones, and a day without
    its year ("19 September") after a date that gives the year (for judging claims by sources)."""
    from .manuscript.eventdates import Resolver, find_dates

    resolver = Resolver()
    out = []
    for raw in find_dates(text):
        if raw.kind in ("absolute", "partial"):
            d = resolver.resolve(raw)
            if d:
                out.append((raw.text, d.start, d.end))
    return out


def source_snapshots(folder: Path, keys: list[str]) -> dict[str, SourceDoc]:
    """The snapshots in ``folder`` (from `refs fetch`, or pages saved by hand as KEY.html, KEY.pdf
    or KEY.txt), as what each source says of itself."""
    return {key: snap.source() for key, snap in read_snapshots(folder, keys).items()}


def ignored(f: Finding, rules: tuple[dict[str, Any], ...]) -> bool:
    """Whether one of a project's ``[[ignore]]`` rules covers the finding."""
    for rule in rules:
        if rule.get("code") != f.code:
            continue
        if "reference" in rule and rule["reference"] in f.references:
            return True
        if "line" in rule and f.location and f.location.line == rule["line"] and (
                "file" not in rule or (f.location.file or "").endswith(str(rule["file"]))):
            return True
    return False


def _marked(findings: list[Finding], rules: tuple[dict[str, Any], ...]) -> list[Finding]:
    return [replace(f, ignored=True) if ignored(f, rules) else f for f in findings]


def assess_all(library: Library, cm: ClaimMap | None, sources: Path | None, ignore: tuple[dict[str, Any], ...],
               tolerance_days: int = 7) -> tuple[list[Finding], Assessment]:
    """Every rule's findings (ignored ones marked) and the support verdicts."""
    options = Options(tolerance_days=tolerance_days, find_dates=date_mentions,
                      sources=source_snapshots(sources, library.keys()) if sources else {})
    assessment = assess(library, cm, options)
    return _marked(assessment.findings, ignore), assessment


@dataclass
class Checked:
    """What `refs check` finds: every finding, each claim's verdicts as JSON-ready dicts, and
    the assessment they come from (the claim report shows its verdicts and passages)."""

    findings: list[Finding]
    verdicts: list[dict[str, Any]]
    assessed: list[Finding]  # the rules' findings on the library and the claims
    assessment: Assessment


def check_loaded(library: Library, read_findings: list[Finding], cm: ClaimMap | None,
                 printed: Library | None = None, sources: Path | None = None,
                 ignore: tuple[dict[str, Any], ...] = (), tolerance_days: int = 7) -> Checked:
    """The check of a library already read (``read_findings``: what reading it found) and of a
    manuscript already analysed; ``printed``: the manuscript's own printed list, held against
    the library where it prints one."""
    read = [f for f in read_findings if f.code != "invalid-date"]  # the rule reports those
    assessed, assessment = assess_all(library, cm, sources, ignore, tolerance_days)
    verdicts = []
    for claim in cm.claims if cm is not None else ():
        loc = claim.marker.location
        for c in claim.citations:
            judged = assessment.support.get((claim.number, c.key)) if c.key else None
            if judged is not None:
                verdicts.append({"claim": claim.number, "file": loc.file, "line": loc.line, "number": c.number,
                                 "key": c.key, **judged.to_json()})
    listed = _marked(compare_with_list(library, printed), ignore) if printed is not None else []
    return Checked(_marked(read, ignore) + assessed + listed, verdicts, assessed, assessment)


def check_verdicts(
    bibliography: Path,
    manuscript_path: Path | None = None,
    encoding: str | None = None,
    sources: Path | None = None,
    ignore: tuple[dict[str, Any], ...] = (),
    tolerance_days: int = 7,
    shown: dict[Path, str] | None = None,
    bib_encoding: str | None = None,
    caches: Caches | None = None,
) -> tuple[list[Finding], list[dict[str, Any]]]:
    """``check``'s findings, and each claim's verdict on each source it cites (score, reason and
    the passage of the source, as JSON-ready dicts)."""
    names = shown or {}
    parsed = load_library(bibliography, bib_encoding, shown=names.get(bibliography), caches=caches)
    cm = printed = None
    if manuscript_path is not None:
        cm = analyse_claims(manuscript_path, parsed.library, encoding, bibliography=names.get(bibliography),
                            shown=names.get(manuscript_path))
        own = printedlist.read_printed_list(manuscript_path, encoding, shown=names.get(manuscript_path))
        printed = own.library if own.entries else None
    checked = check_loaded(parsed.library, list(parsed.findings), cm, printed, sources, ignore, tolerance_days)
    return checked.findings, checked.verdicts


def check(
    bibliography: Path,
    manuscript_path: Path | None = None,
    encoding: str | None = None,
    sources: Path | None = None,
    ignore: tuple[dict[str, Any], ...] = (),
    tolerance_days: int = 7,
    shown: dict[Path, str] | None = None,
    bib_encoding: str | None = None,
) -> list[Finding]:
    """Every rule on a bibliography, and on a manuscript's citations and claims when given."""
    return check_verdicts(bibliography, manuscript_path, encoding, sources, ignore, tolerance_days, shown,
                          bib_encoding)[0]


def render_findings(findings: list[Finding], fmt: str, show_info: bool = True,
                    verdicts: list[dict[str, Any]] | None = None) -> str:
    if fmt == "text":
        return findings_report.dump_text(findings, show_info)
    if fmt == "json":
        return findings_report.dump_json(findings, verdicts)
    if fmt == "sarif":
        return findings_report.dump_sarif(findings)
    raise UsageError(f'unknown format "{fmt}" (known: {", ".join(findings_report.FORMATS)})')


def fetch_sources(library: Library, into: Path, timeout: float, max_bytes: int) -> list[Fetched]:
    """Save each reference's URL as a snapshot in ``into`` (for ``refs check --sources``)."""
    if into.exists() and not into.is_dir():
        raise OutputError("is a file: --into names the folder snapshots are saved in", Location(str(into)))
    return fetch_all(library, into, Saver(into), timeout, max_bytes)
