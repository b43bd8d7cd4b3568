"""The command line: argument parsing and exit codes only; the work is in ``refs.api``.

Exit codes: 0 fine, 1 findings at error level, 2 usage or input error,
3 an internal error (a bug: rerun with --debug and report the traceback), 130 interrupted.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .errors import RefsError
from .wording import count, lines

if TYPE_CHECKING:  # the types only; the module is imported when a command runs
    from . import api

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _api():
    """refs.api, imported only when a command runs: `refs --help` and `--version` stay light."""
    from . import api

    return api


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # exit 2 with one line, as argparse does, plus a hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not (0 < seconds <= 3600):  # also refuses inf and nan
        raise argparse.ArgumentTypeError(f"{value} seconds: give a number of seconds above 0 and at most 3600")
    return seconds


def _output_path(value: str) -> Path:
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty path names no file")
    return Path(value)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="refs",
        description="Which source backs which claim: link a manuscript's numbered citations to its "
        "references, check them, and write the bibliography in any style and for Zotero.",
        epilog="Run `refs COMMAND --help` for a command's options. --debug and --no-cache go before or "
        "after the command. Exit codes: 0 fine, 1 error-level findings, 2 usage or input error, 3 internal "
        "error (a bug: rerun with --debug and report it), 130 interrupted (Ctrl-C), 141 the reader of the "
        "output stopped reading (`refs styles | head`).",
    )
    p.add_argument("--version", action="version", version=f"refs {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    p.add_argument("--no-cache", action="store_true",
                   help="render and parse everything afresh, without the persistent cache")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    b = sub.add_parser(
        "build",
        help="run every step on the project (refs.toml, or the bundled example) and write out/",
        description="Read the configured project (refs.toml or [tool.refs] in pyproject.toml; with "
        "neither, the bundled example) and write its outputs into the output folder.",
    )
    b.add_argument("--config", type=Path, help="a refs.toml (or pyproject.toml) other than the one here")
    b.add_argument("-o", "--output", type=_output_path, help="write here instead of the configured folder")
    b.add_argument("-q", "--quiet", action="store_true", help="print nothing but problems")
    b.add_argument("-v", "--verbose", action="store_true", help="also print info-level findings")
    b.add_argument("--bib-encoding", help="the bibliography's encoding, when detection guesses wrong")
    b.add_argument("--sources", type=Path, metavar="DIR",
                   help="snapshots of the sources (from `refs fetch`) to judge the claims against "
                        "(default: the project's `sources`)")

    c = sub.add_parser(
        "claims",
        help="link each claim of a manuscript to the references its citations point at",
        description="Read a manuscript (text extracted from PDF, Markdown, DOCX or HTML), repair it, "
        "find every numbered citation and write the claim map: the text each citation supports, its "
        "lines in the file, its event date, and the text no citation supports. Without arguments, "
        "the configured project (or the bundled example).",
    )
    c.add_argument("manuscript", nargs="?", type=Path, help="the manuscript (default: the project's)")
    c.add_argument("--bib", type=Path, help="the bibliography: entry n is citation [n] (default: the project's)")
    c.add_argument("--format", choices=["json", "csv", "markdown", "html"], default="json",
                   help="the claim map as JSON, CSV, a Markdown table or the HTML report (needs --style) "
                        "(default: json)")
    c.add_argument("--style", action="append", metavar="NAME",
                   help="render each claim's citation and sources in this style (repeat for several); "
                   "adds support scores and findings")
    c.add_argument("--locale", help="the locale of the styles (default: each style's)")
    c.add_argument("--sources", type=Path, metavar="DIR",
                   help="snapshots of the sources (from `refs fetch`): judge each claim against what its sources "
                        "say (default: the project's `sources`)")
    c.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")
    c.add_argument("--encoding", help="the manuscript's encoding, when detection guesses wrong")
    c.add_argument("--manuscript-format", choices=["text", "markdown", "docx", "html", "pdf"],
                   help="the manuscript's format, when its suffix does not say")
    c.add_argument("--bib-encoding", help="the bibliography's encoding, when detection guesses wrong")

    bb = sub.add_parser(
        "bib",
        help="write a bibliography in any CSL style and locale",
        description="Render a bibliography with refs' own CSL processor: any "
        "style by name, alias (vancouver, mla) or .csl path, in any locale, as text, HTML, Markdown, "
        "LaTeX or JSON. Without BIB, the project's bibliography.",
    )
    bb.add_argument("bib", nargs="?", type=Path, help="the bibliography (.bib or CSL-JSON)")
    bb.add_argument("--style", default="apa", help="a style name, alias or .csl path (default: apa)")
    bb.add_argument("--locale", help="a locale such as az-AZ, ru-RU, en-US (default: the style's)")
    bb.add_argument("--format", choices=["text", "html", "markdown", "latex", "json"], default="text",
                    help="how the entries are written (default: text)")
    bb.add_argument("--cited-by", type=Path, metavar="MANUSCRIPT",
                    help="only the references this manuscript cites, numbered by first citation")
    bb.add_argument("--standalone", action="store_true", help="with --format html: a whole page, not a fragment")
    bb.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")
    bb.add_argument("-v", "--verbose", action="store_true", help="also say which references lack fields")
    bb.add_argument("--encoding", "--bib-encoding", dest="bib_encoding",
                    help="the bibliography's encoding, when detection guesses wrong")

    rs = sub.add_parser(
        "restyle",
        help="rewrite a manuscript with its citations and bibliography in another style",
        description="Repair the manuscript, replace every citation marker with its rendering in the "
        "style (numeric styles number by first citation) and append the bibliography.",
    )
    rs.add_argument("manuscript", type=Path)
    rs.add_argument("--bib", type=Path, required=True, help="the bibliography: entry n is citation [n]")
    rs.add_argument("--style", required=True, help="a style name, alias or .csl path")
    rs.add_argument("--locale", help="a locale such as az-AZ (default: the style's)")
    rs.add_argument("--format", choices=["text", "markdown", "html", "docx"], default=None,
                    help="text, markdown, html or docx (a Word file with real footnotes for note styles); "
                    "default: from the -o file's extension, else text")
    rs.add_argument("--encoding", help="the manuscript's encoding, when detection guesses wrong")
    rs.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")
    rs.add_argument("--bib-encoding", help="the bibliography's encoding, when detection guesses wrong")

    rl = sub.add_parser(
        "references",
        help="read the manuscript's own printed reference list into a bibliography",
        description="Find the reference list printed in the manuscript (numbered or not, over pages and "
        "columns), read each entry into fields and write the list as a bibliography: entry n is reference "
        "[n], each with its printed text (raw) and how sure each field is (confidence).",
    )
    rl.add_argument("manuscript", type=Path)
    rl.add_argument("--format", choices=["bibtex", "biblatex", "csljson", "ris"], default="biblatex",
                    help="the format the list is written in (default: biblatex)")
    rl.add_argument("--manuscript-format", choices=["text", "markdown", "html", "docx", "pdf"],
                    help="how to read the manuscript (default: from its extension)")
    rl.add_argument("--encoding", help="the manuscript's encoding, when detection guesses wrong")
    rl.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")

    ck = sub.add_parser(
        "check",
        help="say what is wrong with citations, references and claims' sources",
        description="Run every rule and report findings like a compiler. `refs check BIB` checks a "
        "bibliography alone; `refs check MANUSCRIPT --bib BIB` also its citations and claims. Exit 1 "
        "when an error remains (a warning too with --strict), 0 otherwise.",
    )
    ck.add_argument("target", nargs="?", type=Path, help="a manuscript, or a bibliography (.bib, .json)")
    ck.add_argument("--bib", type=Path, help="the bibliography the manuscript cites")
    ck.add_argument("--format", choices=["text", "json", "sarif"], default="text",
                    help="findings as text, JSON (with each claim's verdicts) or SARIF 2.1.0 (default: text)")
    ck.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    ck.add_argument("--sources", type=Path, metavar="DIR",
                    help="snapshots of the sources (from `refs fetch`, or KEY.html, KEY.pdf, KEY.txt saved by hand); "
                         "default: the project's `sources`")
    ck.add_argument("--encoding", help="the manuscript's encoding, when detection guesses wrong")
    ck.add_argument("-q", "--quiet", action="store_true", help="leave out notes (info findings) in text")
    ck.add_argument("--bib-encoding", help="the bibliography's encoding, when detection guesses wrong")
    ck.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")

    fe = sub.add_parser(
        "fetch",
        help="save each reference's web page as a snapshot for `refs check --sources`",
        description="Fetch every reference's URL (redirects followed, size and time limited, encodings "
        "detected) into a folder as KEY.html or KEY.txt, and say what failed and why.",
    )
    fe.add_argument("bib", nargs="?", type=Path, help="the bibliography (default: the project's)")
    fe.add_argument("--into", type=Path, help="the folder (default: the project's `sources`, else sources)")
    fe.add_argument("--timeout", type=_seconds, default=20.0, help="seconds to wait for each page (default 20)")
    fe.add_argument("--max-bytes", type=int, default=5 * 1024 * 1024, help="largest page kept (default 5 MiB)")
    fe.add_argument("--encoding", "--bib-encoding", dest="bib_encoding",
                    help="the bibliography's encoding, when detection guesses wrong")

    ex = sub.add_parser(
        "export",
        help="write the bibliography as BibTeX, BibLaTeX, RIS, CSL-JSON or Zotero RDF for Zotero",
        description="Export so that Zotero's importers keep types, keys, dates, URLs, languages and, with "
        "--manuscript, one note per claim, tags, and (Zotero RDF) a collection for the manuscript.",
    )
    ex.add_argument("bib", nargs="?", type=Path, help="the bibliography (default: the project's)")
    ex.add_argument("--to", required=True, choices=["bibtex", "biblatex", "ris", "csljson", "zotero-rdf"],
                    help="the format Zotero (or another manager) is to import")
    ex.add_argument("--manuscript", type=Path, help="bring the manuscript's claims along as notes and tags")
    ex.add_argument("--work", type=Path, help="a .bib with the manuscript's own entry (default: the project's)")
    ex.add_argument("--sources", type=Path, metavar="DIR",
                    help="snapshots of the sources: each claim's note says what its source says (verdict and "
                         "passage); default: the project's `sources`")
    ex.add_argument("--ascii", action="store_true", help="BibTeX: accented letters as LaTeX commands")
    ex.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")
    ex.add_argument("--encoding", "--bib-encoding", dest="bib_encoding",
                    help="the bibliography's encoding, when detection guesses wrong")

    im = sub.add_parser(
        "import",
        help="read RIS, CSL-JSON, BibTeX or Zotero RDF into a .bib, merging duplicates",
        description="Read a file as Zotero, JabRef or Better BibTeX export it. With --into, add its works to "
        "that .bib (duplicates merged by the duplicate-reference rules; the file is otherwise left as it "
        "was, and a .bak copy is kept); without, print them as BibLaTeX.",
    )
    im.add_argument("file", type=Path, help="the file to import: RIS, CSL-JSON, BibTeX or Zotero RDF")
    im.add_argument("--from", dest="fmt", choices=["ris", "csljson", "bibtex", "zotero-rdf"],
                    help="the file's format (default: from its extension)")
    im.add_argument("--into", type=Path, help="the .bib to add to")
    im.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    im.add_argument("--encoding", help="the imported file's encoding, when detection guesses wrong")
    im.add_argument("--bib-encoding", help="the encoding of the .bib it goes into, when detection guesses wrong")

    st = sub.add_parser("styles", help="list and search the styles refs can use",
                        description="List every style by name (and alias), or those matching QUERY.")
    st.add_argument("query", nargs="*", help="words that the name or title must contain")

    ca = sub.add_parser("cache", help="show or clear the render cache",
                        description="refs keeps rendered entries and parsed libraries in the user cache folder, "
                        "so an edit re-renders only what changed. `refs cache info` shows it; `refs cache clear` empties it.")
    ca.add_argument("action", choices=["info", "clear"], help="info: where it is and how big; clear: empty it")

    sub.add_parser("locales", help="list the locales refs can use",
                   description="List every locale: citeproc-py's and the project's own (az-AZ, kk-KZ).")

    i = sub.add_parser(
        "init",
        help="write a commented refs.toml in this folder",
        description="Write a commented refs.toml, naming the .bib and manuscript found in this folder.",
    )
    i.add_argument("--force", action="store_true", help="replace an existing refs.toml")
    i.add_argument("--example", type=Path, metavar="DIR",
                   help="instead, copy the bundled example project into the new folder DIR, to open and edit")
    for command in sub.choices.values():  # `refs build --no-cache` as well as `refs --no-cache build`
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show the traceback of an internal error")
        command.add_argument("--no-cache", action="store_true", default=argparse.SUPPRESS,
                             help="render and parse everything afresh, without the persistent cache")
    return p


def _rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _shown(project: api.Project | None, path: Path) -> str:
    return f"the bundled bib/{path.name}" if project is not None and project.bundled else _rel(path)


def _cmd_build(args: argparse.Namespace) -> int:
    project, note = _api().load_project(Path.cwd(), args.config)
    if note and not args.quiet:
        print(f"refs: {note}", file=sys.stderr)
    bar = None
    if sys.stderr.isatty() and not args.quiet:
        from tqdm import tqdm  # a progress bar only where a person watches

        bar = tqdm(total=len(_api().STEPS), desc="refs build", unit="step", leave=False, file=sys.stderr)

    def progress(step: str) -> None:
        if bar is not None:
            bar.set_postfix_str(step)
            bar.update(1)

    try:
        if args.bib_encoding:
            project = dataclasses.replace(project, bib_encoding=args.bib_encoding)
        if args.sources:
            project = dataclasses.replace(project, sources=args.sources)
        result = _api().build(project, args.output, explicit_output=args.output is not None, progress=progress)
    finally:
        if bar is not None:
            bar.close()
    _report(result.findings, args.verbose)
    if result.findings:  # "1 error, 7 warnings, 19 notes", as `refs check` ends
        print(_api().render_findings(result.findings, "text", show_info=False).splitlines()[-1], file=sys.stderr)
    if not args.quiet:
        if result.work is not None:
            names = "; ".join(n.display() for n in result.work.get("author", ()))
            print(f"work: {names}, \"{result.work.get('title', '')}\" [{result.work.key}] "
                  f"cites the references of {_shown(project, project.bibliography)}")
        for label, path in (("bibliography", project.bibliography), ("manuscript", project.manuscript),
                            ("work", project.work), ("sources", project.sources)):
            if path is not None and (label != "sources" or path.is_dir()):
                print(f"read  {_shown(project, path)} ({label})")
        for path, description in result.written:
            print(f"wrote {_rel(path)} ({description})")
    return result.exit_code


def _write_or_print(text: str | bytes, output: Path | None, inputs: list[Path]) -> None:
    if output is None:
        sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8"))
        return
    target = _api().check_output_path(output, Path.cwd(), inputs, explicit=True)
    if isinstance(text, bytes):
        _api().write_bytes_atomic(target, text)
    else:
        _api().write_atomic(target, text)
    print(f"wrote {_rel(output)}", file=sys.stderr)


def _cmd_claims(args: argparse.Namespace) -> int:
    manuscript, bib = args.manuscript, args.bib
    project = None
    own_list = False
    if manuscript is None or bib is None:
        project, note = _api().load_project(Path.cwd())
        if manuscript is not None and (project.bundled or project.bibliography is None):
            own_list = True  # a manuscript of the user's and no bibliography: its own printed list
        elif note:
            print(f"refs: {note}", file=sys.stderr)
        manuscript = manuscript or project.manuscript
        bib = bib or (None if own_list else project.bibliography)
        if manuscript is None:
            raise _api().UsageError("no manuscript given and the project names none")
    if own_list:
        printed = _api().printed_list(manuscript, args.encoding, args.manuscript_format)
        if not printed.entries:
            raise _api().UsageError("no --bib given and no reference list found in the manuscript to link claims to")
        library = printed.library
        bib = manuscript
        print(f"refs: no bibliography given: claims linked to the manuscript's own reference list "
              f"({count(len(printed.entries), 'entry')}, {lines(printed.entries[0].first_line, printed.entries[-1].last_line)})",
              file=sys.stderr)
    else:
        library = _api().load_library(bib, _bib_encoding(args, project)).library
    encoding = args.encoding or (project.encoding if project else None)
    def name(path: Path) -> str:
        ours = project is not None and path in (project.manuscript, project.bibliography)
        return _api().shown_path(project, path) if ours else _api().display_path(path)

    cm = _api().analyse_claims(manuscript, library, encoding, args.manuscript_format, name(bib), name(manuscript))
    for finding in cm.findings:
        print(finding, file=sys.stderr)
    styles = args.style or (["apa", "ieee"] if args.format == "html" else None)
    sources = args.sources or (project.sources if project is not None and not own_list else None)
    printed = None
    if styles:  # the manuscript's own list beside each entry of the report
        printed = library if own_list else _api().printed_list(manuscript, encoding, args.manuscript_format).library
    report = None
    if styles or sources:  # each claim's verdict on each source it cites, with the passage
        report = _api().claim_report(cm, library, styles or [], args.locale, sources=sources, printed=printed or None)
    _write_or_print(_api().render_claims(cm, args.format, len(library), report), args.output, [manuscript, bib])
    return 1 if any(f.severity.value == "error" for f in cm.findings) else 0


def _bib_encoding(args: argparse.Namespace, project: api.Project | None) -> str | None:
    return getattr(args, "bib_encoding", None) or (project.bib_encoding if project else None)


def _library_for(args: argparse.Namespace) -> tuple[api.Library, Path, api.Project | None]:
    if args.bib is not None:
        return _api().load_library(args.bib, _bib_encoding(args, None)).library, args.bib, None
    project, note = _api().load_project(Path.cwd())
    if note:
        print(f"refs: {note}", file=sys.stderr)
    return (_api().load_library(project.bibliography, _bib_encoding(args, project)).library,
            project.bibliography, project)


def _report(findings: list, verbose: bool = False) -> None:
    """Errors and warnings always; info-level findings with --verbose."""
    for finding in findings:
        if verbose or finding.severity.value != "info":
            print(finding, file=sys.stderr)


def _cmd_bib(args: argparse.Namespace) -> int:
    library, bib, _ = _library_for(args)
    cited = _api().cited_keys(args.cited_by, library) if args.cited_by else None
    text, findings = _api().render_bibliography(library, args.style, args.locale, args.format, cited, args.standalone)
    _report(findings, args.verbose)
    if not text.strip() and args.output is None:  # a file of @string macros alone: no blank line
        print(f"refs: {_rel(bib) if bib else 'the bibliography'} has no entries to show", file=sys.stderr)
        return 0
    _write_or_print(text, args.output, [bib] + ([args.cited_by] if args.cited_by else []))
    return 0


def _cmd_restyle(args: argparse.Namespace) -> int:
    by_suffix = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}
    fmt = args.format or (by_suffix.get(args.output.suffix.lower(), "text") if args.output else "text")
    if fmt == "docx" and args.output is None:
        raise _api().UsageError("a DOCX document is written to a file: give -o FILE.docx")
    library = _api().load_library(args.bib, _bib_encoding(args, None)).library
    text = _api().restyle(args.manuscript, library, args.style, args.locale, fmt, args.encoding)
    _write_or_print(text, args.output, [args.manuscript, args.bib])
    return 0


def _cmd_references(args: argparse.Namespace) -> int:
    printed = _api().printed_list(args.manuscript, args.encoding, args.manuscript_format)
    for finding in printed.findings:
        print(finding, file=sys.stderr)
    if not printed.entries:
        raise _api().InputError("no reference list found in the manuscript", _api().Location(str(args.manuscript)))
    text = _api().export_printed_list(printed, args.format)
    _write_or_print(text, args.output, [args.manuscript])
    print(f"refs: {count(len(printed.entries), 'reference')} read from the manuscript's own list", file=sys.stderr)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    target, bib = args.target, args.bib
    project = None
    if target is None or (bib is None and not str(target).lower().endswith((".bib", ".bibtex", ".json"))):
        project, note = _api().load_project(Path.cwd())
        if note:
            print(f"refs: {note}", file=sys.stderr)
        target = target or project.manuscript
        bib = bib or project.bibliography
    if bib is None:  # refs check BIB: --encoding is the .bib's
        manuscript, bib = None, target
        if args.encoding and not args.bib_encoding:
            args.bib_encoding, args.encoding = args.encoding, None
    else:
        manuscript = target
    shown = {}
    if project is not None:
        shown = {p: _api().shown_path(project, p) for p in (project.bibliography, project.manuscript) if p}
    sources = args.sources or (project.sources if project is not None else None)
    findings, verdicts = _api().check_verdicts(bib, manuscript, args.encoding, sources,
                                               project.ignore if project else (), project.tolerance_days if project else 7,
                                               shown, _bib_encoding(args, project))
    text = _api().render_findings(findings, args.format, show_info=not args.quiet,
                                  verdicts=verdicts if manuscript is not None else None)
    _write_or_print(text, args.output, [p for p in (bib, manuscript) if p])
    counted = [f for f in findings if not f.ignored]
    if any(f.severity.value == "error" for f in counted):
        return 1
    if args.strict and any(f.severity.value == "warning" for f in counted):
        return 1
    return 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    library, _, _ = _library_for(args)
    project = _api().load_project(Path.cwd())[0] if args.into is None else None
    into = args.into or (project.sources if project is not None and project.sources else Path("sources"))
    results = _api().fetch_sources(library, into, args.timeout, args.max_bytes)
    for r in results:
        if r.ok:
            print(f"saved  {r.key}: {r.url} -> {_rel(r.path)} ({r.message})")
        else:
            print(f"failed {r.key}: {r.url or '-'}: {r.message}", file=sys.stderr)
    failed = sum(not r.ok for r in results)
    print(f"{len(results) - failed} saved, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def _cmd_export(args: argparse.Namespace) -> int:
    library, bib, project = _library_for(args)
    cm = None
    work = None
    work_path = args.work or (project.work if project else None)
    if work_path is not None:
        work_lib = _api().load_library(work_path, _bib_encoding(args, project)).library
        work = work_lib.references[0] if len(work_lib) else None
    manuscript = args.manuscript or (project.manuscript if project and args.bib is None else None)
    if manuscript is not None:
        ours = project is not None and manuscript == project.manuscript
        cm = _api().analyse_claims(manuscript, library, shown=_api().shown_path(project, manuscript) if ours else None)
    sources = args.sources or (project.sources if project is not None and args.bib is None else None)
    text = _api().export(library, args.to, cm, work, utf8=not args.ascii, sources=sources)
    _report(_api().export_losses(library, args.to))  # what the format cannot carry is said, never dropped silently
    _write_or_print(text, args.output, [p for p in (bib, manuscript, work_path) if p])
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    if args.into is None or args.dry_run:
        return _import(args)
    with _api().locked(args.into):  # two imports into one .bib at once: the second waits
        return _import(args)


def _import(args: argparse.Namespace) -> int:
    import difflib

    result = _api().import_file(args.file, args.into, args.fmt, args.encoding, args.bib_encoding)
    new_bytes = _api().import_bytes(result, args.into) if args.into is not None else b""  # before any report
    _report(result.findings)
    twins = dict(result.twins)
    for key in result.added:
        print(f"added   {key}", file=sys.stderr)
    for theirs, key in result.renamed:
        problem = _api().key_problem(theirs)
        shown = theirs if problem is None else repr(theirs)
        print(f"renamed {shown} to {key}: {problem or 'the key is taken'}", file=sys.stderr)
    for key, earlier in twins.items():
        print(f"note    {key} looks like the same work as {earlier} (both in {args.file}); both added",
              file=sys.stderr)
    for ours, theirs, fields in result.merged:
        print(f"merged  {theirs} into {ours}: {', '.join(fields)}", file=sys.stderr)
    for theirs, ours in result.skipped:
        print(f"skipped {theirs}: the same work as {ours}, nothing new", file=sys.stderr)
    for theirs, ours, fields in result.differing:
        print(f"kept    {ours}'s own {', '.join(fields)}: {theirs} has other values", file=sys.stderr)
    print(f"{len(result.added)} added, {len(result.merged)} merged, {len(result.skipped)} skipped", file=sys.stderr)
    if args.into is None:
        sys.stdout.write(result.text)
        return 0
    old_bytes = _api().read_bytes(args.into) if args.into.exists() else b""
    if args.dry_run:
        old = _api().decode_bytes(old_bytes, str(args.into), args.bib_encoding).text if old_bytes else ""
        sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), result.text.splitlines(True),
                                                   str(args.into), f"{args.into} (after import)"))
        return 0
    target = _api().check_output_path(args.into, Path.cwd(), [args.file], explicit=True, follow_links=True)
    if new_bytes == old_bytes:
        print(f"nothing to add: {_rel(args.into)} left as it was", file=sys.stderr)
        return 0
    if old_bytes:
        _api().write_bytes_atomic(args.into.with_name(args.into.name + ".bak"), old_bytes)
    _api().write_bytes_atomic(target, new_bytes)
    print(f"wrote {_rel(args.into)}" + (f" (the old one is {_rel(args.into)}.bak)" if old_bytes else ""),
          file=sys.stderr)
    return 0


def _cmd_cache(args: argparse.Namespace) -> int:
    if args.action == "clear":
        done = _api().cache_clear()
        print(f"removed {done['entries']} rendered entries and {done['libraries']} parsed libraries")
        return 0
    info = _api().cache_info()
    print(f"{info['path']}: {info['entries']} rendered entries, {info['libraries']} parsed libraries, "
          f"{info['bytes']:,} bytes")
    return 0


def _cmd_styles(args: argparse.Namespace) -> int:
    styles = _api().list_styles(" ".join(args.query) or None)
    for style in styles:
        print(f"{style.name:<45} {style.title}")
    print(count(len(styles), "style"), file=sys.stderr)
    return 0 if styles else 1


def _cmd_locales(args: argparse.Namespace) -> int:
    for loc in _api().list_locales():
        print(f"{loc.tag:<10} {loc.source}")
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    if args.example is not None:
        for path in _api().copy_example(args.example):
            print(f"wrote {_rel(path)}")
        print(f"the example project is in {_rel(args.example)}: cd there and run `refs build`", file=sys.stderr)
        return EXIT_OK
    path = _api().init_config(Path.cwd(), args.force)
    print(f"wrote {_rel(path)}; edit it, then run `refs build`")
    for note in _api().init_notes(Path.cwd()):
        print(f"refs: {note}", file=sys.stderr)
    return EXIT_OK


COMMANDS = {
    "build": _cmd_build,
    "claims": _cmd_claims,
    "bib": _cmd_bib,
    "restyle": _cmd_restyle,
    "check": _cmd_check,
    "fetch": _cmd_fetch,
    "export": _cmd_export,
    "references": _cmd_references,
    "import": _cmd_import,
    "styles": _cmd_styles,
    "locales": _cmd_locales,
    "cache": _cmd_cache,
    "init": _cmd_init,
}


EXIT_PIPE = 128 + signal.SIGPIPE  # as a program the pipe's reader stopped reading (`… | head`)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def _say_cache_problem() -> None:
    """Once, at the end: the cache was damaged, locked or unwritable and the run went without it."""
    api = sys.modules.get("refs.api")
    problem = api.cache_problem() if api is not None else None
    if problem:
        print(f"refs: warning: {problem}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.no_cache:
            _api().USE_CACHE = False
        code = COMMANDS[args.command](args)
        _say_cache_problem()
        return code
    except RefsError as error:
        if args.debug:
            traceback.print_exc()
        print(error, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("refs: interrupted; no output was half written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `refs styles | head`: the reader has what it wanted
        _quiet_stdout()
        return EXIT_PIPE
    except Exception as error:  # a bug, not the user's fault
        if args.debug:
            traceback.print_exc()
        else:
            print(f"refs: internal error: {type(error).__name__}: {error} (rerun with --debug and report it)",
                  file=sys.stderr)
        return EXIT_BUG


def run() -> None:
    try:
        code = main()
    except KeyboardInterrupt:  # between the handlers of main(): nothing was being written
        print("refs: interrupted; no output was half written", file=sys.stderr)
        code = EXIT_INTERRUPTED
    # the work is done or stopped: a Ctrl-C now would only turn the exit code into a signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)
