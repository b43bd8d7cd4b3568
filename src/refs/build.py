"""``refs build``: every output of a project, from one reading of its inputs.

The bibliography is read once, the manuscript analysed once, the checks run once, and each
(style, locale) rendered by one engine for every output that shows it. All outputs are
computed before the first file is written, so a failing step leaves nothing half done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import printedlist
from .caches import Caches
from .checking import Checked, check_loaded
from .claimreport import claim_report, render_claims
from .config import Project
from .formats import bibtex, csljson
from .io import check_output_path, write_atomic
from .loading import analyse_claims, load_library
from .model import ClaimMap, Finding, Library, Reference, Severity
from .project import shown_path
from .styled import Engines, bibliography_entries, gap_findings, render_entries
from .wording import count

__all__ = ["STEPS", "BuildResult", "build"]

# What a step makes: (file name in the output folder, its text, a description for the user)
Output = tuple[str, str, str]


@dataclass
class BuildResult:
    written: list[tuple[Path, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    work: Reference | None = None  # the manuscript's own entry, when the project names one

    @property
    def exit_code(self) -> int:
        return 1 if any(f.severity is Severity.ERROR and not f.ignored for f in self.findings) else 0


@dataclass
class Run:
    """What every step of one build reads: the inputs read once and the engines made once."""

    project: Project
    library: Library
    cm: ClaimMap | None
    printed: Library | None  # the manuscript's own printed list, where it prints one
    checked: Checked
    engines: Engines
    findings: list[Finding]  # every finding so far, in the order found

    def shown(self, path: Path) -> str:
        return shown_path(self.project, path)


def _read(project: Project, caches: Caches | None) -> tuple[Run, Reference | None]:
    """The project's inputs, read and checked once (as `refs check` checks them)."""
    bib_name = shown_path(project, project.bibliography)
    parsed = load_library(project.bibliography, project.bib_encoding, strict=True, shown=bib_name, caches=caches)
    cm = printed = None
    if project.manuscript is not None:
        name = shown_path(project, project.manuscript)
        cm = analyse_claims(project.manuscript, parsed.library, project.encoding, bibliography=bib_name, shown=name)
        own = printedlist.read_printed_list(project.manuscript, project.encoding, shown=name)
        printed = own.library if own.entries else None
    checked = check_loaded(parsed.library, list(parsed.findings), cm, printed, project.sources, project.ignore,
                           project.tolerance_days)
    findings = list(checked.findings)
    work = None
    if project.work is not None:
        read_work = load_library(project.work, project.bib_encoding, strict=True, caches=caches)
        findings.extend(read_work.findings)
        work = read_work.library.references[0] if len(read_work.library) else None
    run = Run(project, parsed.library, cm, printed, checked, Engines(parsed.library, caches), findings)
    return run, work


def _step_bibliography(run: Run) -> list[Output]:
    n = count(len(run.library), "reference")
    return [
        ("references.bib", bibtex.dump(run.library), f"{n}, BibLaTeX, normalised"),
        ("references.json", csljson.dump(bibtex.resolve_crossrefs(run.library)), f"{n}, CSL-JSON"),
    ]


def _step_claims(run: Run) -> list[Output]:
    if run.cm is None:
        return []
    run.findings.extend(run.cm.findings)
    # the claim map carries every finding of the build's checks, as `refs check` gives them
    cm = replace(run.cm, findings=tuple(unique(run.findings)))
    what = f"{count(len(cm.claims), 'claim')}, {count(len(cm.uncited), 'uncited passage')}"
    return [
        ("claims.json", render_claims(cm, "json", len(run.library)), f"claim map, {what}, JSON"),
        ("claims.csv", render_claims(cm, "csv"), "claim map, CSV"),
        ("claims.md", render_claims(cm, "markdown"), "claim map, Markdown"),
    ]


def _step_styled(run: Run) -> list[Output]:
    """The bibliography in every configured style and locale, as text and as an HTML page, each
    (style, locale) rendered once for both."""
    out = []
    locales: list[str | None] = list(run.project.locales) or [None]
    cited = run.cm.cited_keys() if run.cm is not None else None
    for style in run.project.styles:
        for locale in locales:
            tag = locale or "the style's own locale"
            name = f"bibliography/{Path(style).stem}" + (f".{locale}" if locale else "")  # apa.txt, apa.az-AZ.txt
            engine = run.engines.get(style, locale)
            entries = bibliography_entries(engine, cited)
            out.append((f"{name}.txt", render_entries(engine, entries, "text"), f"{style}, {tag}, text"))
            out.append((f"{name}.html", render_entries(engine, entries, "html", standalone=True),
                        f"{style}, {tag}, HTML page"))
    if out:
        run.findings.extend(gap_findings(run.library))
    return out


def _step_report(run: Run) -> list[Output]:
    """The HTML report of the project in its styles."""
    if run.cm is None:
        return []
    styles = list(run.project.styles)
    locale = run.project.locales[0] if run.project.locales else None
    data = claim_report(run.cm, run.library, styles, locale, printed=run.printed, checked=run.checked,
                        engines=run.engines)
    what = f"{count(len(run.cm.claims), 'claim')}, {count(len(styles), 'style')}"
    return [("report.html", render_claims(run.cm, "html", len(run.library), data), f"HTML report, {what}"),
            ("claims-styled.json", render_claims(run.cm, "json", len(run.library), data),
             "claim map in every style, JSON")]


#: Every step `refs build` runs, in order. Later features add theirs here.
STEPS: list[Callable[[Run], list[Output]]] = [_step_bibliography, _step_claims, _step_styled, _step_report]


def build(project: Project, output: Path | None = None, explicit_output: bool = False,
          progress: Callable[[str], None] | None = None, caches: Caches | None = None) -> BuildResult:
    """Run every build step on the project and write its outputs atomically (none is written
    before all are made)."""
    run, work = _read(project, caches)
    out_dir = output or project.output
    inputs = [p for p in (project.bibliography, project.manuscript, project.work, project.config_file) if p]
    planned: list[tuple[Path, str, str]] = []
    for step in STEPS:
        if progress is not None:
            progress(step.__name__.removeprefix("_step_"))
        for name, text, description in step(run):
            target = check_output_path(out_dir / name, project.root, inputs, explicit_output)
            planned.append((target, text, description))
    result = BuildResult(work=work)
    for target, text, description in planned:
        write_atomic(target, text)
        result.written.append((target, description))
    result.findings = unique(run.findings)
    return result


def unique(findings: list[Finding]) -> list[Finding]:
    """Findings once each, in the order first found (several steps see the same problem)."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in findings:
        key = (f.code, f.message, str(f.location), f.severity)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
