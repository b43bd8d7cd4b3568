"""Findings as text (like a compiler's), JSON (the claim map's ``findings[]`` contract) and
SARIF 2.1.0 for code-scanning tools."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..model import Finding, Severity
from ..wording import count

__all__ = ["dump_text", "dump_json", "dump_sarif", "FORMATS", "RULES"]

FORMATS = ("text", "json", "sarif")

#: Every finding code refs emits, with what it means (stable identifiers; never reused).
RULES = {
    "dangling-citation": "A citation number with no reference behind it.",
    "unused-reference": "A reference that no citation cites.",
    "citation-order": "A reference first cited out of ascending order in a numeric style.",
    "malformed-citation": "A bracket that looks like a citation but cannot be one ([0], [3–1], [1,,2]).",
    "duplicate-reference": "Two entries for one work (DOI, ISBN, URL, or title, year and first author).",
    "missing-field": "A field the entry type needs is absent.",
    "invalid-doi": "A DOI that is not 10.NNNN/suffix.",
    "invalid-isbn": "An ISBN-10 or ISBN-13 that fails its check digit.",
    "invalid-issn": "An ISSN that fails its check digit.",
    "invalid-url": "A URL without http, https or ftp scheme or host, or with spaces.",
    "invalid-date": "An impossible or malformed date, or an access date in the future or before publication.",
    "uncited-claim": "Text with no citation: a warning for facts, info for introduction and conclusion.",
    "source-predates-claim": "The source was published before the event the claim reports.",
    "date-mismatch": "A news-type source published far from the claim's date.",
    "claim-contradicted": "The cited source gives a number or date of the claim otherwise.",
    "claim-not-found": "No passage of the cited source's snapshot states what the claim says.",
    "claim-unverifiable": "No snapshot of the cited source, and its metadata is too thin to judge the claim.",
    "skipped-text": "A part of the manuscript read as front or back matter, a reference list, contents, a listing or unreadable glyphs: no claims taken from it.",
    "no-citations": "The manuscript's body holds no numbered citation refs can read.",
    "detected-encoding": "A file that is not UTF-8 was read in the encoding refs detected; give it if the guess is wrong.",
    "undefined-macro": "A BibTeX macro used but not defined in the file (BibTeX reads it as empty, refs as its name); kept as written.",
    "missing-key": "A BibTeX entry with no key: no citation can name it; kept as written.",
    "duplicate-key": "Two different entries with one key: the first is used, as BibTeX does.",
    "duplicate-entry": "The same entry twice, word for word: kept once.",
    "stray-byte": "A byte that is not UTF-8 in a file that otherwise is, read as cp1252: check the letter there.",
    "unsafe-key": "A citation key BibTeX, LaTeX or RIS cannot hold ('}', '\\', ',', white space, control characters): no output is written with it.",
    "hidden-characters": "Control, private-use, zero-width or text-direction characters in a field: invisible, or reordering what is shown.",
    "crossref-cycle": "crossref fields that lead round in a circle: nothing is inherited along it.",
}
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _summary(findings: list[Finding]) -> str:
    counted = [f for f in findings if not f.ignored]
    n = {s: sum(1 for f in counted if f.severity is s) for s in Severity}
    ignored = len(findings) - len(counted)
    text = f"{count(n[Severity.ERROR], 'error')}, {count(n[Severity.WARNING], 'warning')}, {count(n[Severity.INFO], 'note')}"
    return text + (f" ({ignored} ignored by the project's settings)" if ignored else "")


def dump_text(findings: list[Finding], show_info: bool = True) -> str:
    lines = [str(f) for f in findings if show_info or f.severity is not Severity.INFO or f.ignored]
    return "\n".join(lines + [_summary(findings)]) + "\n"


def to_json(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "file": f.location.file if f.location else None,
        "line": f.location.line if f.location else None,
        "column": f.location.col if f.location else None,
        "references": list(f.references),
        "ignored": f.ignored,
    }


def dump_json(findings: list[Finding], verdicts: list[dict] | None = None) -> str:
    """The findings; with ``verdicts``, also each claim's verdict on each source it cites (score,
    reason, the passage and what in it matched)."""
    data: dict[str, Any] = {"schema": "refs-findings/1", "refs": __version__, "summary": _summary(findings),
                            "findings": [to_json(f) for f in findings]}
    if verdicts is not None:
        data["verdicts"] = verdicts
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def dump_sarif(findings: list[Finding]) -> str:
    used = sorted({f.code for f in findings})
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
        }
        if f.location and f.location.file:
            region: dict[str, int] = {}
            if f.location.line:
                region["startLine"] = f.location.line
                if f.location.col:
                    region["startColumn"] = f.location.col
            physical: dict[str, Any] = {"artifactLocation": {"uri": f.location.file}}
            if region:
                physical["region"] = region
            result["locations"] = [{"physicalLocation": physical}]
        if f.references:
            result["properties"] = {"references": list(f.references)}
        if f.ignored:
            result["suppressions"] = [{"kind": "external", "justification": "ignored in the project's refs settings"}]
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "refs",
                "version": __version__,
                "rules": [{"id": code, "shortDescription": {"text": RULES.get(code, code)}} for code in used],
            }},
            "results": results,
        }],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"
