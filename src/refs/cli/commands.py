"""One function per command: take the parsed arguments, call ``refs.api``, print what it did.

The files a command works on come from ``api.resolve_inputs``: what the command line names,
the rest from the project."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..wording import count, lines

if TYPE_CHECKING:  # the types only; refs.api is imported when a command runs
    from .. import api as api_module

EXIT_OK, EXIT_FINDINGS = 0, 1


def _api() -> Any:
    """refs.api, imported only when a command runs: `refs --help` and `--version` stay light."""
    from .. import api

    return api


def _rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _report(findings: list, verbose: bool = False) -> None:
    """Errors and warnings always; info-level findings with --verbose."""
    for finding in findings:
        if verbose or finding.severity.value != "info":
            _say(str(finding))


def _write_or_print(text: str | bytes, output: Path | None, inputs: list[Path]) -> None:
    if output is None:
        sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8"))
        return
    target = _api().check_output_path(output, Path.cwd(), inputs, explicit=True)
    if isinstance(text, bytes):
        _api().write_bytes_atomic(target, text)
    else:
        _api().write_atomic(target, text)
    _say(f"wrote {_rel(output)}")


def _inputs(args: argparse.Namespace, **given: object) -> api_module.Inputs:
    """The files the command works on (``api.resolve_inputs``); the bundled example's note said."""
    inputs = _api().resolve_inputs(Path.cwd(), **given)
    if inputs.note:
        _say(f"refs: {inputs.note}")
    return inputs


def _bibliography(inputs: api_module.Inputs, caches: api_module.Caches) -> api_module.Library:
    if inputs.bibliography is None:
        raise _api().UsageError("no bibliography given: name one with --bib (or run refs in a project folder)")
    return _api().load_library(inputs.bibliography, inputs.bib_encoding, shown=inputs.shown(inputs.bibliography),
                               caches=caches).library


def build(args: argparse.Namespace, caches: api_module.Caches) -> int:
    api = _api()
    project, note = api.load_project(Path.cwd(), args.config)
    if note and not args.quiet:
        _say(f"refs: {note}")
    project = api.with_overrides(project, bib_encoding=args.bib_encoding, sources=args.sources)
    bar = None
    if sys.stderr.isatty() and not args.quiet:
        from tqdm import tqdm  # a progress bar only where a person watches

        bar = tqdm(total=len(api.STEPS), desc="refs build", unit="step", leave=False, file=sys.stderr)

    def progress(step: str) -> None:
        if bar is not None:
            bar.set_postfix_str(step)
            bar.update(1)

    try:
        result = api.build(project, args.output, explicit_output=args.output is not None, progress=progress,
                           caches=caches)
    finally:
        if bar is not None:
            bar.close()
    _report(result.findings, args.verbose)
    if result.findings:  # "1 error, 7 warnings, 19 notes", as `refs check` ends
        _say(api.render_findings(result.findings, "text", show_info=False).splitlines()[-1])
    if not args.quiet:
        _say_built(project, result)
    return int(result.exit_code)


def _say_built(project: api_module.Project, result: api_module.BuildResult) -> None:
    def shown(path: Path) -> str:
        return f"the bundled bib/{path.name}" if project.bundled else _rel(path)

    if result.work is not None:
        names = "; ".join(n.display() for n in result.work.get("author", ()))
        print(f"work: {names}, \"{result.work.get('title', '')}\" [{result.work.key}] "
              f"cites the references of {shown(project.bibliography)}")
    for label, path in (("bibliography", project.bibliography), ("manuscript", project.manuscript),
                        ("work", project.work), ("sources", project.sources)):
        if path is not None and (label != "sources" or path.is_dir()):
            print(f"read  {shown(path)} ({label})")
    for path, description in result.written:
        print(f"wrote {_rel(path)} ({description})")


def claims(args: argparse.Namespace, caches: api_module.Caches) -> int:
    api = _api()
    inputs = _inputs(args, bibliography=args.bib, manuscript=args.manuscript, sources=args.sources,
                     encoding=args.encoding, bib_encoding=args.bib_encoding)
    if inputs.manuscript is None:
        raise api.UsageError("no manuscript given and the project names none")
    manuscript = inputs.manuscript
    if inputs.bibliography is None:  # a manuscript of the user's and no bibliography: its own printed list
        printed = api.printed_list(manuscript, args.encoding, args.manuscript_format)
        if not printed.entries:
            raise api.UsageError("no --bib given and no reference list found in the manuscript to link claims to")
        library, bib_name = printed.library, inputs.shown(manuscript)
        _say(f"refs: no bibliography given: claims linked to the manuscript's own reference list "
             f"({count(len(printed.entries), 'entry')}, "
             f"{lines(printed.entries[0].first_line, printed.entries[-1].last_line)})")
    else:
        library, bib_name, printed = _bibliography(inputs, caches), inputs.shown(inputs.bibliography), None
    cm = api.analyse_claims(manuscript, library, inputs.encoding, args.manuscript_format, bib_name,
                            inputs.shown(manuscript))
    for finding in cm.findings:
        _say(str(finding))
    styles = args.style or (["apa", "ieee"] if args.format == "html" else None)
    report = None
    if styles or inputs.sources:  # each claim's verdict on each source it cites, with the passage
        if styles and printed is None:  # the manuscript's own list beside each entry of the report
            printed = api.printed_list(manuscript, inputs.encoding, args.manuscript_format)
        own = printed.library if printed is not None and styles else None
        report = api.claim_report(cm, library, styles or [], args.locale, sources=inputs.sources,
                                  printed=own or None, engines=api.Engines(library, caches))
    _write_or_print(api.render_claims(cm, args.format, len(library), report), args.output, inputs.files())
    return EXIT_FINDINGS if any(f.severity.value == "error" for f in cm.findings) else EXIT_OK


def bib(args: argparse.Namespace, caches: api_module.Caches) -> int:
    inputs = _inputs(args, bibliography=args.bib, bib_encoding=args.bib_encoding)
    library = _bibliography(inputs, caches)
    cited = _api().cited_keys(args.cited_by, library) if args.cited_by else None
    text, findings = _api().render_bibliography(library, args.style, args.locale, args.format, cited,
                                                args.standalone, caches=caches)
    _report(findings, args.verbose)
    if not text.strip() and args.output is None:  # a file of @string macros alone: no blank line
        _say(f"refs: {_rel(inputs.bibliography) if inputs.bibliography else 'the bibliography'} "
             "has no entries to show")
        return EXIT_OK
    _write_or_print(text, args.output, inputs.files() + ([args.cited_by] if args.cited_by else []))
    return EXIT_OK


def restyle(args: argparse.Namespace, caches: api_module.Caches) -> int:
    by_suffix = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}
    fmt = args.format or (by_suffix.get(args.output.suffix.lower(), "text") if args.output else "text")
    if fmt == "docx" and args.output is None:
        raise _api().UsageError("a DOCX document is written to a file: give -o FILE.docx")
    library = _api().load_library(args.bib, args.bib_encoding, caches=caches).library
    text = _api().restyle(args.manuscript, library, args.style, args.locale, fmt, args.encoding, caches=caches)
    _write_or_print(text, args.output, [args.manuscript, args.bib])
    return EXIT_OK


def references(args: argparse.Namespace, caches: api_module.Caches) -> int:
    api = _api()
    printed = api.printed_list(args.manuscript, args.encoding, args.manuscript_format)
    for finding in printed.findings:
        _say(str(finding))
    if not printed.entries:
        raise api.InputError("no reference list found in the manuscript", api.Location(str(args.manuscript)))
    _write_or_print(api.export_printed_list(printed, args.format), args.output, [args.manuscript])
    _say(f"refs: {count(len(printed.entries), 'reference')} read from the manuscript's own list")
    return EXIT_OK


def check(args: argparse.Namespace, caches: api_module.Caches) -> int:
    api = _api()
    target, bib_path, encoding, bib_encoding = args.target, args.bib, args.encoding, args.bib_encoding
    if target is not None and bib_path is None and api.is_bibliography(target):
        # `refs check BIB`: --encoding is the .bib's
        target, bib_path, encoding, bib_encoding = None, target, None, bib_encoding or encoding
    inputs = _inputs(args, bibliography=bib_path, manuscript=target, sources=args.sources, encoding=encoding,
                     bib_encoding=bib_encoding)
    if inputs.bibliography is None:
        raise api.UsageError(f"no bibliography to check {target} against: give --bib FILE")
    findings, verdicts = api.check_verdicts(inputs.bibliography, inputs.manuscript, inputs.encoding,
                                            inputs.sources, inputs.ignore, inputs.tolerance_days, inputs.names(),
                                            inputs.bib_encoding, caches=caches)
    text = api.render_findings(findings, args.format, show_info=not args.quiet,
                               verdicts=verdicts if inputs.manuscript is not None else None)
    _write_or_print(text, args.output, inputs.files())
    counted = [f for f in findings if not f.ignored]
    if any(f.severity.value == "error" for f in counted):
        return EXIT_FINDINGS
    if args.strict and any(f.severity.value == "warning" for f in counted):
        return EXIT_FINDINGS
    return EXIT_OK


def fetch(args: argparse.Namespace, caches: api_module.Caches) -> int:
    inputs = _inputs(args, bibliography=args.bib, bib_encoding=args.bib_encoding)
    library = _bibliography(inputs, caches)
    into = args.into or inputs.sources or Path("sources")
    results = _api().fetch_sources(library, into, args.timeout, args.max_bytes)
    for r in results:
        if r.ok:
            print(f"saved  {r.key}: {r.url} -> {_rel(r.path)} ({r.message})")
        else:
            _say(f"failed {r.key}: {r.url or '-'}: {r.message}")
    failed = sum(not r.ok for r in results)
    _say(f"{len(results) - failed} saved, {failed} failed")
    return EXIT_FINDINGS if failed else EXIT_OK


def export(args: argparse.Namespace, caches: api_module.Caches) -> int:
    api = _api()
    inputs = _inputs(args, bibliography=args.bib, manuscript=args.manuscript, work=args.work,
                     sources=args.sources, bib_encoding=args.bib_encoding)
    library = _bibliography(inputs, caches)
    work = None
    if inputs.work is not None:
        work_lib = api.load_library(inputs.work, inputs.bib_encoding, caches=caches).library
        work = work_lib.references[0] if len(work_lib) else None
    cm = None
    if inputs.manuscript is not None:
        cm = api.analyse_claims(inputs.manuscript, library, inputs.encoding, shown=inputs.shown(inputs.manuscript))
    text = api.export(library, args.to, cm, work, utf8=not args.ascii, sources=inputs.sources, caches=caches)
    _report(api.export_losses(library, args.to))  # what the format cannot carry is said, never dropped silently
    _write_or_print(text, args.output, inputs.files())
    return EXIT_OK
