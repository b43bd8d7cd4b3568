"""The façade the CLI and library users call: load projects and bibliographies, build."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from . import formats, manuscript, printedlist, restyling
from .config import TEMPLATE, Project, parse_config
from .errors import ConfigError, InputError, OutputError, ParseError, UsageError
from .fetch import Fetched, fetch_all
from .formats import bibtex, csljson, export_losses
from .formats.base import Parsed
from .importing import IMPORT_FORMATS, ImportResult, import_bytes, merge_into, read_import
from .io import (
    bundled_dir,
    check_output_path,
    decode_bytes,
    decoding_findings,
    display_path,
    locked,  # noqa: F401 - the CLI locks a .bib it imports into
    max_input_bytes,
    read_bytes,
    read_text,
    write_atomic,
    write_bytes_atomic,
)
from .model import ClaimMap, Finding, Library, Location, Reference, Severity, key_problem
from .render import output as render_output
from .render import registry as styles_registry
from .render import richtext
from .render.csl import Cite, Engine
from .report import claims as claims_report
from .report import findings as findings_report
from .snapshots import Saver, read_snapshots
from .verify import Options as CheckOptions
from .verify import assess
from .verify.evidence import SourceDoc, claim_status, slug
from .wording import count, field_name, lines

__all__ = [
    "export_losses",
    "key_problem",
    "Project",
    "UsageError",
    "check_output_path",
    "write_atomic",
    "bundled_dir",
    "load_project",
    "load_library",
    "build",
    "init_config",
    "BuildResult",
    "analyse_claims",
    "render_claims",
    "schema",
    "find_style",
    "find_locale",
    "render_bibliography",
    "restyle",
    "list_styles",
    "list_locales",
    "cited_keys",
    "Library",
    "check",
    "render_findings",
    "source_snapshots",
    "date_mentions",
    "check_verdicts",
    "fetch_sources",
    "IMPORT_FORMATS",
    "ImportResult",
    "import_file",
    "import_bytes",
    "merge_into",
    "read_import",
    "display_path",
]


def shown_path(project: Project, path: Path) -> str:
    """How outputs name a project's file: ``bib/NAME`` for the bundled example."""
    return f"bib/{path.name}" if project.bundled else display_path(path)


def load_project(cwd: Path, config: Path | None = None) -> tuple[Project, str | None]:
    """The project in ``cwd``: ``refs.toml``, else ``[tool.refs]`` in ``pyproject.toml``,
    else the bundled example (and a one-line note saying so). Every file the settings name
    lies inside the project folder, or in a place ``read_outside`` lists."""
    project, note = _load_project(cwd, config)
    if not project.bundled:
        _inside_project(project)
    return project, note


def _inside_project(project: Project) -> None:
    """A project someone else wrote (a cloned repository) must not make refs read, and copy into
    its outputs, a file elsewhere on the machine: ``manuscript = "/etc/shadow"``."""
    if project.config_file is None:
        return
    home = project.config_file.parent.resolve()
    allowed = [p.resolve() for p in project.read_outside]
    named = [("bibliography", project.bibliography), ("manuscript", project.manuscript), ("work", project.work),
             ("sources", project.sources)]
    named += [("styles", project.config_file.parent / s) for s in project.styles if s.endswith(".csl")]
    for key, path in named:
        if path is None:
            continue
        real = path.resolve()
        if real == home or home in real.parents or any(real == a or a in real.parents for a in allowed):
            continue
        raise ConfigError(f'setting "{key}" names {real}, outside the project folder {home}: refs reads files '
                          "outside a project only when they are named on the command line, or listed in the "
                          f'setting read_outside = ["{real}"]', Location(str(project.config_file)))


def _load_project(cwd: Path, config: Path | None = None) -> tuple[Project, str | None]:
    cwd = cwd.resolve()
    if config is not None:
        text = read_text(config).text
        table = "tool.refs" if config.name == "pyproject.toml" else None
        project = parse_config(text, config, cwd, table)
        if project is None:
            raise ConfigError("has no [tool.refs] table", Location(str(config)))
        return project, None
    candidate = cwd / "refs.toml"
    if candidate.is_file():
        shown = Path(display_path(candidate))
        return parse_config(read_text(shown).text, shown, cwd), None  # type: ignore[return-value]
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        shown = Path(display_path(pyproject))
        project = parse_config(read_text(shown).text, shown, cwd, "tool.refs")
        if project is not None:
            return project, None
    example = bundled_dir("bib") / "refs.toml"
    project = parse_config(read_text(example).text, example, cwd)
    assert project is not None
    from dataclasses import replace

    project = replace(project, bundled=True)
    note = (
        "no refs.toml or [tool.refs] here: using the bundled example "
        "(Shukurlu, Kazakhstan–Azerbaijan cooperation, 16 references; its files, named bib/… below, are in "
        f"{example.parent}); `refs init --example DIR` copies it out to open and edit, `refs init` starts a project"
    )
    return project, note


def load_library(path: Path, encoding: str | None = None, strict: bool = True, fmt: str | None = None,
                 shown: str | None = None) -> Parsed:
    """Read a bibliography. With ``strict``, error-level findings raise ParseError (all of
    them together); otherwise the entries that could be read are returned with the findings.
    ``shown`` is the name messages use for the file (default: its path)."""
    chosen = formats.by_name(fmt) if fmt else formats.by_suffix(str(path)) or formats.by_name("bibtex")
    text = read_text(display_path(path), encoding)
    shown = shown or display_path(path)
    if not text.text.strip():
        raise InputError("the file is empty", Location(shown))
    parsed = _cached_parse(chosen, text.text, shown)
    if encoding is None:  # detected, not given: said, so that a wrong guess never passes in silence
        found = decoding_findings(text, shown)
        if found:
            parsed = Parsed(parsed.library, [*parsed.findings, *found])
    if strict and parsed.errors:
        raise ParseError(parsed.findings, str(path))
    return parsed


def _cached_parse(chosen, text: str, shown: str) -> Parsed:
    """Parse, or take the result of an earlier parse of the same text (keyed by its hash; kept as
    JSON by formats/parsecache.py, which cannot run code)."""
    import hashlib

    from .formats import parsecache

    cache = render_cache()
    if cache is None:
        return chosen.load().parse(text, shown)
    from .fingerprint import code_fingerprint

    # refs' code and its readers' versions; the input limit bounds macro expansion, so a parse
    # under one limit is not one under another
    digest = hashlib.sha256(f"{code_fingerprint()}|{chosen.name}|{shown}|{max_input_bytes()}|".encode()
                            + text.encode("utf-8")).hexdigest()
    return parsecache.cached(cache.path.parent / "libraries", digest, lambda: chosen.load().parse(text, shown))


def _library_files(cache) -> list[Path]:
    folder = cache.path.parent / "libraries"
    # *.pickle: what earlier versions of refs kept there; cleared, never read
    return [p for pattern in ("*.json", "*.pickle") for p in folder.glob(pattern)] if folder.is_dir() else []


def cache_info() -> dict:
    cache = render_cache()
    if cache is None:
        return {"path": None, "entries": 0, "bytes": 0, "libraries": 0}
    info = cache.info()
    libs = _library_files(cache)
    info["libraries"] = len(libs)
    info["bytes"] += sum(p.stat().st_size for p in libs if p.exists())
    return info


def cache_clear() -> dict:
    cache = render_cache()
    if cache is None:
        return {"entries": 0, "libraries": 0}
    libs = _library_files(cache)
    for p in libs:
        p.unlink(missing_ok=True)
    return {"entries": cache.clear(), "libraries": len(libs)}


def cache_problem() -> str | None:
    """Why the cache was not used in this run (damaged, locked, unwritable), or None."""
    return _RENDER_CACHE.problem if _RENDER_CACHE is not None else None


@dataclass
class BuildResult:
    written: list[tuple[Path, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    work: Reference | None = None  # the manuscript's own entry, when the project names one

    @property
    def exit_code(self) -> int:
        return 1 if any(f.severity is Severity.ERROR and not f.ignored for f in self.findings) else 0


# A build step: (project, library, output folder) -> [(relative file name, text, description)]
Step = Callable[[Project, Library, list[Finding]], list[tuple[str, str, str]]]


def schema(name: str) -> dict:
    """A published JSON Schema shipped in the package (``claims``)."""
    text = (resources.files("refs") / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def analyse_claims(
    manuscript_path: Path,
    library: Library | None,
    encoding: str | None = None,
    fmt: str | None = None,
    bibliography: str | None = None,
    shown: str | None = None,
) -> ClaimMap:
    """Read a manuscript and link its claims to ``library``'s entries (n-th entry for [n]).
    ``shown`` is the name messages and outputs use for it (default: its path)."""
    read_from = display_path(manuscript_path)
    shown = shown or read_from
    kind = manuscript.format_for(shown, fmt)
    data = read_bytes(read_from)
    if not data.strip():
        raise InputError("the file is empty", Location(shown))
    decoded_findings: list[Finding] = []
    if kind in manuscript.BINARY:
        content: str | bytes = data
        used = {"docx": "zip", "pdf": "pdf"}[kind]
    else:
        decoded = decode_bytes(data, shown, encoding)
        content, used = decoded.text, decoded.encoding
        if not content.strip():
            raise InputError("the file has no text", Location(shown))
        if encoding is None:
            decoded_findings = decoding_findings(decoded, shown)
    keys = library.keys() if library is not None else None
    cm = manuscript.analyse(content, shown, kind, keys, bibliography, used)
    return replace(cm, findings=(*decoded_findings, *cm.findings)) if decoded_findings else cm


def render_claims(cm: ClaimMap, fmt: str, entries: int | None = None, report: dict | None = None) -> str:
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


def _step_claims(project: Project, library: Library, findings: list[Finding]) -> list[tuple[str, str, str]]:
    if project.manuscript is None:
        return []
    cm = analyse_claims(project.manuscript, library, project.encoding,
                        bibliography=shown_path(project, project.bibliography),
                        shown=shown_path(project, project.manuscript))
    findings.extend(cm.findings)
    # the claim map carries every finding of the build's checks, as `refs check` gives them
    cm = replace(cm, findings=tuple(_unique(findings)))
    what = f"{count(len(cm.claims), 'claim')}, {count(len(cm.uncited), 'uncited passage')}"
    return [
        ("claims.json", render_claims(cm, "json", len(library)), f"claim map, {what}, JSON"),
        ("claims.csv", render_claims(cm, "csv"), "claim map, CSV"),
        ("claims.md", render_claims(cm, "markdown"), "claim map, Markdown"),
    ]


def _step_bibliography(project: Project, library: Library, findings: list[Finding]) -> list[tuple[str, str, str]]:
    n = count(len(library), "reference")
    return [
        ("references.bib", bibtex.dump(library), f"{n}, BibLaTeX, normalised"),
        ("references.json", csljson.dump(bibtex.resolve_crossrefs(library)), f"{n}, CSL-JSON"),
    ]


def _step_styled(project: Project, library: Library, findings: list[Finding]) -> list[tuple[str, str, str]]:
    """The bibliography in every configured style and locale, as text and as an HTML page."""
    out = []
    locales: list[str | None] = list(project.locales) or [None]
    cited = None
    if project.manuscript is not None:
        cited = cited_keys(project.manuscript, library, project.encoding)
    reported = False
    for style in project.styles:
        for locale in locales:
            tag = locale or "the style's own locale"
            name = f"bibliography/{Path(style).stem}" + (f".{locale}" if locale else "")  # apa.txt, apa.az-AZ.txt
            text, gaps = render_bibliography(library, style, locale, "text", cited)
            page, _ = render_bibliography(library, style, locale, "html", cited, standalone=True)
            if not reported:
                findings.extend(gaps)
                reported = True
            out.append((f"{name}.txt", text, f"{style}, {tag}, text"))
            out.append((f"{name}.html", page, f"{style}, {tag}, HTML page"))
    return out


def _step_report(project: Project, library: Library, findings: list[Finding]) -> list[tuple[str, str, str]]:
    """The HTML report of the project in its styles."""
    if project.manuscript is None:
        return []
    cm = analyse_claims(project.manuscript, library, project.encoding,
                        bibliography=shown_path(project, project.bibliography),
                        shown=shown_path(project, project.manuscript))
    styles = list(project.styles)
    locale = project.locales[0] if project.locales else None
    own = printedlist.read_printed_list(project.manuscript, project.encoding, shown=shown_path(project, project.manuscript))
    data = claim_report(cm, library, styles, locale, sources=project.sources, ignore=project.ignore,
                        printed=own.library if own.entries else None)
    judged, _ = _assess(library, cm, project.sources, project.ignore, project.tolerance_days)
    findings.extend(f for f in judged if f.code.startswith("claim-"))
    page = render_claims(cm, "html", len(library), data)
    what = f"{count(len(cm.claims), 'claim')}, {count(len(styles), 'style')}"
    return [("report.html", page, f"HTML report, {what}"),
            ("claims-styled.json", render_claims(cm, "json", len(library), data), "claim map in every style, JSON")]


#: Every step `refs build` runs, in order. Later features add theirs here.
STEPS: list[Step] = [_step_bibliography, _step_claims, _step_styled, _step_report]


def build(project: Project, output: Path | None = None, explicit_output: bool = False,
          progress: Callable[[str], None] | None = None) -> BuildResult:
    """Run every build step on the project and write its outputs atomically.

    All outputs are computed before the first file is written, so a failing step leaves
    nothing half done."""
    result = BuildResult()
    parsed = load_library(project.bibliography, project.bib_encoding, strict=True,
                          shown=shown_path(project, project.bibliography))
    # the checks `refs check` runs on the project: printed, written into the outputs with a
    # findings field, and exit code 1 while an error remains
    shown = {project.bibliography: shown_path(project, project.bibliography)}
    if project.manuscript is not None:
        shown[project.manuscript] = shown_path(project, project.manuscript)
    checked, _ = check_verdicts(project.bibliography, project.manuscript, project.encoding, project.sources,
                                project.ignore, project.tolerance_days, shown, project.bib_encoding)
    result.findings.extend(checked)
    if project.work is not None:
        work = load_library(project.work, project.bib_encoding, strict=True)
        result.findings.extend(work.findings)
        result.work = work.library.references[0] if len(work.library) else None
    out_dir = output or project.output
    inputs = [p for p in (project.bibliography, project.manuscript, project.work, project.config_file) if p]
    planned: list[tuple[Path, str, str]] = []
    for step in STEPS:
        if progress is not None:
            progress(step.__name__.removeprefix("_step_"))
        for name, text, description in step(project, parsed.library, result.findings):
            target = check_output_path(out_dir / name, project.root, inputs, explicit_output)
            planned.append((target, text, description))
    for target, text, description in planned:
        write_atomic(target, text)
        result.written.append((target, description))
    result.findings = _unique(result.findings)
    return result


def _unique(findings: list[Finding]) -> list[Finding]:
    """Findings once each, in the order first found (several steps see the same problem)."""
    seen: set[tuple] = set()
    out = []
    for f in findings:
        key = (f.code, f.message, str(f.location), f.severity)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def init_config(cwd: Path, force: bool = False) -> Path:
    """Write a commented refs.toml, guessing the manuscript and bibliography from the folder."""
    target = cwd / "refs.toml"
    if target.exists() and not force:
        raise UsageError(f"{target} exists already (use --force to replace it)")
    bibs = sorted(p.name for p in cwd.glob("*.bib"))
    manuscripts = sorted(p.name for s in ("*.txt", "*.md", "*.docx", "*.html", "*.pdf") for p in cwd.glob(s)
                         if p.name.lower() != "readme.md")
    text = TEMPLATE.format(
        manuscript=manuscripts[0] if manuscripts else "manuscript.txt",
        bibliography=bibs[0] if bibs else "references.bib",
    )
    check_output_path(target, cwd)
    write_atomic(target, text)
    return target


def copy_example(into: Path) -> list[Path]:
    """Copy the bundled example project (refs.toml, its manuscript and .bib files) into ``into``,
    a new or empty folder; the files written."""
    source = bundled_dir("bib")
    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise UsageError(f"{into} exists and is not an empty folder: name a new folder for the example")
    written = []
    for path in sorted(source.iterdir()):
        if path.is_file() and path.suffix in (".toml", ".bib", ".txt"):
            write_bytes_atomic(into / path.name, path.read_bytes())
            written.append(into / path.name)
    return written


def init_notes(cwd: Path) -> list[str]:
    """What `refs init` should tell: the files its refs.toml names that are not in the folder."""
    import tomllib

    data = tomllib.loads((cwd / "refs.toml").read_text(encoding="utf-8"))
    return [f'{data[k]} ({k}) is not here yet: put your {k} there, or write its name into refs.toml'
            for k in ("manuscript", "bibliography") if k in data and not (cwd / data[k]).exists()]


# -- styles, bibliographies, restyling -------------------------------------------------------


def list_styles(query: str | None = None) -> list[styles_registry.Style]:
    return styles_registry.list_styles(query, bundled_dir("styles"))


def list_locales() -> list[styles_registry.Locale]:
    return styles_registry.list_locales(bundled_dir("styles"))


def find_style(name: str) -> styles_registry.Style:
    return styles_registry.find_style(name, bundled_dir("styles"))


def find_locale(tag: str) -> styles_registry.Locale:
    return styles_registry.find_locale(tag, bundled_dir("styles"))


#: Whether renders and parsed libraries go through the persistent cache (`--no-cache` clears it).
USE_CACHE = True
_RENDER_CACHE = None


def render_cache():
    """The persistent render cache (render/cache.py), or None when caching is off."""
    global _RENDER_CACHE
    if not USE_CACHE:
        return None
    if _RENDER_CACHE is None:
        from .render.cache import RenderCache

        _RENDER_CACHE = RenderCache()  # one that cannot open renders nothing and says why (.problem)
    return _RENDER_CACHE


def _engine(library: Library, style: str, locale: str | None) -> Engine:
    return restyling.engine_for(library, style, locale, render_cache(), bundled_dir("styles"))


def _gap_findings(library: Library) -> list[Finding]:
    out = []
    for key, missing in render_output.gaps(library.renderable().to_csl_json()):
        ref = library[key] if key in library else None
        out.append(Finding(Severity.INFO, "incomplete-reference",
                           f'"{key}" has no {", ".join(field_name(m) for m in missing)}; styles render what there is',
                           ref.location if ref else None))
    return out


def render_bibliography(
    library: Library,
    style: str,
    locale: str | None = None,
    fmt: str = "text",
    cited: list[str] | None = None,
    standalone: bool = False,
) -> tuple[str, list[Finding]]:
    """A bibliography in ``style``; with ``cited``, only those keys, numbered in that order."""
    if fmt not in render_output.FORMATS:
        raise UsageError(f'unknown format "{fmt}" (known: {", ".join(render_output.FORMATS)})')
    engine = _engine(library, style, locale)
    if cited is not None:
        engine.register(cited)
        keep = {k.lower() for k in cited}
    else:
        keep = None
    entries = engine.bibliography()
    if keep is not None:
        entries = [e for e in entries if e.key.lower() in keep]
    title = f"{engine.heading('bibliography')} ({engine.style.title})"
    text = render_output.bibliography(entries, fmt, title, (engine.tag or "en")[:2], standalone)
    return text, _gap_findings(library)


def cited_keys(manuscript_path: Path, library: Library, encoding: str | None = None) -> list[str]:
    """The keys a manuscript cites, in the order of their first citation."""
    cm = analyse_claims(manuscript_path, library, encoding)
    order: list[str] = []
    for marker in cm.markers:
        for c in marker.citations:
            if c.key and c.key not in order:
                order.append(c.key)
    return order


def restyle(
    manuscript_path: Path,
    library: Library,
    style: str,
    locale: str | None = None,
    fmt: str = "text",
    encoding: str | None = None,
) -> str | bytes:
    """The repaired manuscript with every citation in ``style`` and the bibliography after it
    (``restyling.py``); bytes for DOCX."""
    return restyling.restyle(manuscript_path, library, style, locale, fmt, encoding, cache=render_cache(),
                             styles_dir=bundled_dir("styles"))


# -- verification ----------------------------------------------------------------------------


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


_dates_in = date_mentions


def source_snapshots(folder: Path, keys: list[str]) -> dict[str, SourceDoc]:
    """The snapshots in ``folder`` (from `refs fetch`, or pages saved by hand as KEY.html, KEY.pdf
    or KEY.txt), as what each source says of itself."""
    return {key: snap.source() for key, snap in read_snapshots(folder, keys).items()}


def _ignored(f: Finding, rules: tuple[dict, ...]) -> bool:
    for rule in rules:
        if rule.get("code") != f.code:
            continue
        if "reference" in rule and rule["reference"] in f.references:
            return True
        if "line" in rule and f.location and f.location.line == rule["line"] and (
                "file" not in rule or (f.location.file or "").endswith(str(rule["file"]))):
            return True
    return False


def check(
    bibliography: Path,
    manuscript_path: Path | None = None,
    encoding: str | None = None,
    sources: Path | None = None,
    ignore: tuple[dict, ...] = (),
    tolerance_days: int = 7,
    shown: dict[Path, str] | None = None,
    bib_encoding: str | None = None,
) -> list[Finding]:
    """Every rule on a bibliography, and on a manuscript's citations and claims when given."""
    return check_verdicts(bibliography, manuscript_path, encoding, sources, ignore, tolerance_days, shown,
                          bib_encoding)[0]


def check_verdicts(
    bibliography: Path,
    manuscript_path: Path | None = None,
    encoding: str | None = None,
    sources: Path | None = None,
    ignore: tuple[dict, ...] = (),
    tolerance_days: int = 7,
    shown: dict[Path, str] | None = None,
    bib_encoding: str | None = None,
) -> tuple[list[Finding], list[dict]]:
    """``check``'s findings, and each claim's verdict on each source it cites (score, reason and
    the passage of the source, as JSON-ready dicts)."""
    names = shown or {}
    parsed = load_library(bibliography, bib_encoding, shown=names.get(bibliography))
    library = parsed.library
    findings = [f for f in parsed.findings if f.code != "invalid-date"]  # the rule reports those
    cm = None
    if manuscript_path is not None:
        cm = analyse_claims(manuscript_path, library, encoding, bibliography=names.get(bibliography),
                            shown=names.get(manuscript_path))
    assessed, assessment = _assess(library, cm, sources, ignore, tolerance_days)
    verdicts = []
    for claim in cm.claims if cm is not None else ():
        loc = claim.marker.location
        for c in claim.citations:
            judged = assessment.support.get((claim.number, c.key)) if c.key else None
            if judged is not None:
                verdicts.append({"claim": claim.number, "file": loc.file, "line": loc.line, "number": c.number,
                                 "key": c.key, **judged.to_json()})
    if manuscript_path is not None:
        # the .bib held against the manuscript's own printed list, where it prints one
        from .verify.listmatch import compare_with_list

        printed = printedlist.read_printed_list(manuscript_path, encoding, shown=names.get(manuscript_path))
        if printed.entries:
            assessed += [replace(f, ignored=True) if _ignored(f, ignore) else f
                         for f in compare_with_list(library, printed.library)]
    return [replace(f, ignored=True) if _ignored(f, ignore) else f for f in findings] + assessed, verdicts


def _assess(library: Library, cm: ClaimMap | None, sources: Path | None, ignore: tuple[dict, ...],
            tolerance_days: int = 7):
    """Every rule's findings (ignored ones marked) and the support scores."""
    options = CheckOptions(tolerance_days=tolerance_days, find_dates=_dates_in,
                           sources=source_snapshots(sources, library.keys()) if sources else {})
    assessment = assess(library, cm, options)
    findings = [replace(f, ignored=True) if _ignored(f, ignore) else f for f in assessment.findings]
    return findings, assessment


def render_findings(findings: list[Finding], fmt: str, show_info: bool = True,
                    verdicts: list[dict] | None = None) -> str:
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


# -- the claim map in several styles, and the HTML report -------------------------------------


def claim_report(
    cm: ClaimMap,
    library: Library,
    styles: list[str],
    locale: str | None = None,
    sources: Path | None = None,
    ignore: tuple[dict, ...] = (),
    printed: Library | None = None,
) -> dict:
    """The claim map with each claim's citation and each source's reference in every style,
    every claim–source support score and the findings of `refs check`."""
    data = claims_report.to_json(cm, len(library))
    findings, assessment = _assess(library, cm, sources, ignore)
    data["findings"] = [findings_report.to_json(f) for f in findings]
    data["styles"] = list(styles)
    engines = {}
    order = [k for k in cited_keys_of(cm)]
    for style in styles:
        engine = _engine(library, style, locale)
        engine.register(order + [k for k in library.keys() if k not in order])
        engines[style] = engine
    entries = {style: {e.key: e for e in engine.bibliography()} for style, engine in engines.items()}
    by_marker: dict[tuple[int, int], list] = {}
    for f in findings:
        if f.location and f.location.line and f.location.file == cm.manuscript:
            by_marker.setdefault((f.location.line, f.location.col or 0), []).append(f)
    per_claim = [[Cite(c.key, c.locator) for c in claim.citations if c.key] for claim in cm.claims]
    styled = {style: engine.clusters(per_claim, alone=True) if per_claim else [] for style, engine in engines.items()}
    for n, (claim, out) in enumerate(zip(cm.claims, data["claims"], strict=True)):
        loc = claim.marker.location
        out["styled"] = {}
        for style in engines:
            marked = styled[style][n]
            out["styled"][style] = {"text": richtext.to_text(marked) if marked else claim.marker.text,
                                    "html": richtext.to_html(marked) if marked else claim.marker.text}
        claim_findings = by_marker.get((loc.line or 0, loc.col or 0), [])
        out["sources"] = []
        verdicts = []
        for c in claim.citations:
            judged = assessment.support.get((claim.number, c.key)) if c.key else None
            if judged is not None:
                verdicts.append(judged.verdict)
            out["sources"].append({
                "number": c.number,
                "key": c.key,
                "support": None if judged is None else judged.to_json(),
                "findings": [findings_report.to_json(f) for f in claim_findings if c.key in f.references],
            })
        # a problem of the citation itself (dangling, malformed, out of order); what the sources say
        # of the claim, dates included, is its verdict
        counted = [f for f in claim_findings if not f.ignored and not f.code.startswith("claim-")
                   and f.code not in ("date-mismatch", "source-predates-claim")]
        problem = any(f.severity is not Severity.INFO for f in counted) or any(c.key is None for c in claim.citations)
        out["status"] = claim_status(verdicts, problem)
    data["sources"] = []
    for n, ref in enumerate(library, start=1):
        issued = ref.get("issued")
        data["sources"].append({
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
        })
    return data


def cited_keys_of(cm: ClaimMap) -> list[str]:
    order: list[str] = []
    for marker in cm.markers:
        for c in marker.citations:
            if c.key and c.key not in order:
                order.append(c.key)
    return order


# -- export and import -------------------------------------------------------------------------

EXPORT_FORMATS = ("bibtex", "biblatex", "ris", "csljson", "zotero-rdf")


def claim_notes(cm: ClaimMap, library: Library, work_key: str | None, styles: list[str] | None = None,
                sources: Path | None = None) -> tuple[dict[str, list[str]], dict[str, list[str]], dict]:
    """Per reference key: one note per claim that cites it (with the source's verdict on it and
    the passage it rests on), and tags for the citing work and each verdict. Also returns the
    claim report the verdicts come from."""
    report = claim_report(cm, library, styles or ["apa"], sources=sources)
    notes: dict[str, list[str]] = {}
    tags: dict[str, list[str]] = {}
    for claim in report["claims"]:
        date = claim.get("date") or {}
        when = ("event date " + date["start"] + (" (inferred)" if date.get("inferred") else "")) \
            if date.get("start") else "no event date"
        marker = claim["marker"]["text"]
        for src in claim["sources"]:
            if not src["key"]:
                continue
            text = (f"Claim {claim['number']} in {cm.manuscript}, {lines(claim['lines'][0], claim['lines'][1])}, "
                    f"{when}, cited as {marker}: {claim['text']}")
            judged = src.get("support") or {}
            verdict = judged.get("verdict", "unverifiable")
            text += f" — This source: {verdict} ({judged.get('reason', 'not judged')})."
            passage = judged.get("passage")
            if passage and passage.get("from") == "snapshot" and verdict != "not found in source":
                text += f' Passage: "{passage["text"]}"'
            notes.setdefault(src["key"], []).append(text)
            t = tags.setdefault(src["key"], [])
            for tag in ([f"cited-by:{work_key}"] if work_key else []) + [f"claim:{slug(verdict)}"]:
                if tag not in t:
                    t.append(tag)
    return notes, tags, report


def printed_list(manuscript_path: Path, encoding: str | None = None, fmt: str | None = None) -> printedlist.PrintedList:
    """The manuscript's own printed reference list, read into a library (``printedlist.py``)."""
    return printedlist.read_printed_list(manuscript_path, encoding, fmt)


def export_printed_list(printed: printedlist.PrintedList, fmt: str) -> str:
    return printedlist.export(printed, fmt)


def export(library: Library, to: str, cm: ClaimMap | None = None, work: Reference | None = None,
           utf8: bool = True, sources: Path | None = None) -> str:
    """The library in a format Zotero imports, with the manuscript's claims when given."""
    from .formats import ris, zotero_rdf

    if to not in EXPORT_FORMATS:
        raise UsageError(f'unknown export format "{to}" (known: {", ".join(EXPORT_FORMATS)})')
    notes: dict[str, list[str]] = {}
    tags: dict[str, list[str]] = {}
    if cm is not None:
        notes, tags, _ = claim_notes(cm, library, work.key if work else None, sources=sources)
    if to in ("bibtex", "biblatex"):
        return bibtex.export(library, to, utf8, notes, tags)
    if to == "ris":
        html_notes = {k: ["<p>" + escape_html(n) + "</p>" for n in v] for k, v in notes.items()}
        return ris.dump(library, html_notes, tags)
    if to == "csljson":
        return csljson.export(library, notes, tags)
    collection = None
    if cm is not None:
        title = (work.get("title") if work else None) or Path(cm.manuscript).name
        collection = richtext.strip(richtext.from_csl_markup(str(title)))
    return zotero_rdf.dump(library, notes, tags, collection=collection, work=work)


def escape_html(text: str) -> str:
    import html as _html

    return _html.escape(text, quote=False)


def import_file(path: Path, into: Path | None = None, fmt: str | None = None,
                encoding: str | None = None, bib_encoding: str | None = None) -> ImportResult:
    """``encoding``: the imported file's; ``bib_encoding``: the .bib's it goes into."""
    parsed = read_import(path, fmt, encoding)
    if into is None or not into.exists():
        result = merge_into("", Library(), parsed.library)
        result.text = result.text.lstrip("\n")
    else:
        read = read_text(display_path(into), bib_encoding)
        target = load_library(into, bib_encoding).library
        result = merge_into(read.text, target, parsed.library)
        result.encoding = read.encoding
    result.findings = list(parsed.findings)
    return result
