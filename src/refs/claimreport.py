"""The claim report: the claim map with each claim's citation and each source's reference in
every style, each claim's verdict on each source (with the passage), the findings of
`refs check` and each claim's status; written as JSON, CSV, Markdown or the HTML report. Also
the claims as Zotero notes and tags."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from . import printedlist
from .caches import Caches
from .checking import Checked, assess_all
from .errors import UsageError
from .model import Claim, ClaimMap, Finding, Library, Severity
from .render import richtext
from .render.csl import Cite, Entry
from .report import claims as claims_report
from .report import findings as findings_report
from .styled import Engines
from .verify.evidence import claim_status, slug
from .verify.run import Assessment
from .wording import lines

__all__ = ["claim_notes", "claim_report", "render_claims", "schema"]

# a problem of the citation itself (dangling, malformed, out of order) makes a claim's status a
# problem; what the sources say of the claim, dates included, is its verdict instead
_VERDICT_CODES = ("date-mismatch", "source-predates-claim")


def schema(name: str) -> dict[str, Any]:
    """A published JSON Schema shipped in the package (``claims``)."""
    text = (resources.files("refs") / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def claim_report(
    cm: ClaimMap,
    library: Library,
    styles: list[str],
    locale: str | None = None,
    sources: Path | None = None,
    ignore: tuple[dict[str, Any], ...] = (),
    printed: Library | None = None,
    checked: Checked | None = None,
    engines: Engines | None = None,
) -> dict[str, Any]:
    """The claim map with each claim's citation and each source's reference in every style,
    every claim–source support score and the findings of `refs check`. ``checked``: the check
    already run on this library and claim map (else it runs here); ``engines``: the engines of
    the run (else made here)."""
    if checked is not None:
        findings, assessment = checked.assessed, checked.assessment
    else:
        findings, assessment = assess_all(library, cm, sources, ignore)
    engines = engines or Engines(library)
    data = claims_report.to_json(cm, len(library))
    data["findings"] = [findings_report.to_json(f) for f in findings]
    data["styles"] = list(styles)
    order = cm.cited_keys()
    per_claim = [[Cite(c.key, c.locator) for c in claim.citations if c.key] for claim in cm.claims]
    entries: dict[str, dict[str, Entry]] = {}
    styled: dict[str, list[str]] = {}
    for style in styles:
        engine = engines.get(style, locale)
        engine.register(order + [k for k in library.keys() if k not in order])
        entries[style] = {e.key: e for e in engine.bibliography() if e.key is not None}
        styled[style] = engine.clusters(per_claim, alone=True) if per_claim else []
    by_marker: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        if f.location and f.location.line and f.location.file == cm.manuscript:
            by_marker.setdefault((f.location.line, f.location.col or 0), []).append(f)
    for n, (claim, out) in enumerate(zip(cm.claims, data["claims"], strict=True)):
        loc = claim.marker.location
        out["styled"] = {style: _styled_marker(styled[style][n], claim) for style in styles}
        out.update(_claim_sources(claim, by_marker.get((loc.line or 0, loc.col or 0), []), assessment))
    data["sources"] = [_source(ref, n, cm, entries, findings, printed) for n, ref in enumerate(library, start=1)]
    return data


def _styled_marker(marked: str, claim: Claim) -> dict[str, str]:
    return {"text": richtext.to_text(marked) if marked else claim.marker.text,
            "html": richtext.to_html(marked) if marked else claim.marker.text}


def _claim_sources(claim: Claim, claim_findings: list[Finding], assessment: Assessment) -> dict[str, Any]:
    """A claim's sources, each with its verdict and findings, and the claim's status."""
    sources = []
    verdicts = []
    for c in claim.citations:
        judged = assessment.support.get((claim.number, c.key)) if c.key else None
        if judged is not None:
            verdicts.append(judged.verdict)
        sources.append({
            "number": c.number,
            "key": c.key,
            "support": None if judged is None else judged.to_json(),
            "findings": [findings_report.to_json(f) for f in claim_findings if c.key in f.references],
        })
    counted = [f for f in claim_findings if not f.ignored and not f.code.startswith("claim-")
               and f.code not in _VERDICT_CODES]
    problem = any(f.severity is not Severity.INFO for f in counted) or any(c.key is None for c in claim.citations)
    return {"sources": sources, "status": claim_status(verdicts, problem)}


def _source(ref: Any, n: int, cm: ClaimMap, entries: dict[str, dict[str, Entry]], findings: list[Finding],
            printed: Library | None) -> dict[str, Any]:
    """One reference of the report: what it is, the claims that cite it, its rendering in
    every style, its findings and the manuscript's own printed entry beside it."""
    issued = ref.get("issued")
    return {
        "number": n,
        "key": ref.key,
        "title": richtext.strip(richtext.from_csl_markup(ref.get("title", ""))),
        "url": ref.get("URL"),
        "issued": issued.to_edtf() if issued is not None else None,
        "provenance": ref.get("annote"),
        "keywords": ref.get("keyword"),
        "claims": [c.number for c in cm.claims if any(x.key == ref.key for x in c.citations)],
        "references": {style: {"text": e[ref.key].text, "html": e[ref.key].html}
                       for style, e in entries.items() if ref.key in e},
        "findings": [findings_report.to_json(f) for f in findings if ref.key in f.references],
        "printed": printedlist.beside(ref, n, printed),
    }


def render_claims(cm: ClaimMap, fmt: str, entries: int | None = None, report: dict[str, Any] | None = None) -> str:
    """The claim map in ``fmt``; ``report`` (from claim_report) adds styles, sources and support."""
    if report is not None:
        from .report import html as html_report

        if fmt == "json":
            return json.dumps(report, ensure_ascii=False, indent=1) + "\n"
        if fmt == "html":
            meta = cm.metadata.get("en", {})
            title = f"Claims and sources: {meta.get('title') or Path(cm.manuscript).name}"
            return html_report.render(report, title)
        if fmt in ("csv", "markdown"):
            return claims_report.dump_styled(report, fmt)
    if fmt == "json":
        return claims_report.dump_json(cm, entries)
    if fmt == "csv":
        return claims_report.dump_csv(cm)
    if fmt == "markdown":
        return claims_report.dump_markdown(cm)
    if fmt == "html":
        raise UsageError("the HTML report needs the sources: give --style (or use refs build)")
    raise UsageError(f'unknown claim-map format "{fmt}" (known: {", ".join(claims_report.FORMATS)})')


def claim_notes(cm: ClaimMap, library: Library, work_key: str | None, styles: list[str] | None = None,
                sources: Path | None = None, caches: Caches | None = None,
                ) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, Any]]:
    """Per reference key: one note per claim that cites it (with the source's verdict on it and
    the passage it rests on), and tags for the citing work and each verdict. Also returns the
    claim report the verdicts come from."""
    report = claim_report(cm, library, styles or ["apa"], sources=sources, engines=Engines(library, caches))
    notes: dict[str, list[str]] = {}
    tags: dict[str, list[str]] = {}
    for claim in report["claims"]:
        for src in claim["sources"]:
            if not src["key"]:
                continue
            verdict = (src.get("support") or {}).get("verdict", "unverifiable")
            notes.setdefault(src["key"], []).append(_note(cm, claim, src))
            t = tags.setdefault(src["key"], [])
            for tag in ([f"cited-by:{work_key}"] if work_key else []) + [f"claim:{slug(verdict)}"]:
                if tag not in t:
                    t.append(tag)
    return notes, tags, report


def _note(cm: ClaimMap, claim: dict[str, Any], src: dict[str, Any]) -> str:
    """The note on one source of one claim: where the claim is, what it says, and the verdict."""
    date = claim.get("date") or {}
    when = ("event date " + date["start"] + (" (inferred)" if date.get("inferred") else "")) \
        if date.get("start") else "no event date"
    text = (f"Claim {claim['number']} in {cm.manuscript}, {lines(claim['lines'][0], claim['lines'][1])}, "
            f"{when}, cited as {claim['marker']['text']}: {claim['text']}")
    judged = src.get("support") or {}
    verdict = judged.get("verdict", "unverifiable")
    text += f" — This source: {verdict} ({judged.get('reason', 'not judged')})."
    passage = judged.get("passage")
    if passage and passage.get("from") == "snapshot" and verdict != "not found in source":
        text += f' Passage: "{passage["text"]}"'
    return text
