"""The command line: argument parsing and exit codes only; the work is in ``refs.api``.

Exit codes: 0 fine, 1 findings at error level, 2 usage or input error,
3 an internal error (a bug: rerun with --debug and report the traceback), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import __version__, api
from .errors import RefsError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with one line, as argparse does, plus a hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="refs",
        description="Which source backs which claim: link a manuscript's numbered citations to its "
        "references, check them, and write the bibliography in any style and for Zotero.",
        epilog="Run `refs COMMAND --help` for a command's options. Exit codes: 0 fine, 1 error-level "
        "findings, 2 usage or input error.",
    )
    p.add_argument("--version", action="version", version=f"refs {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    b = sub.add_parser(
        "build",
        help="run every step on the project (refs.toml, or the bundled example) and write out/",
        description="Read the configured project (refs.toml or [tool.refs] in pyproject.toml; with "
        "neither, the bundled example) and write its outputs into the output folder.",
    )
    b.add_argument("--config", type=Path, help="a refs.toml (or pyproject.toml) other than the one here")
    b.add_argument("-o", "--output", type=Path, help="write here instead of the configured folder")
    b.add_argument("-q", "--quiet", action="store_true", help="print nothing but problems")

    i = sub.add_parser(
        "init",
        help="write a commented refs.toml in this folder",
        description="Write a commented refs.toml, naming the .bib and manuscript found in this folder.",
    )
    i.add_argument("--force", action="store_true", help="replace an existing refs.toml")
    return p


def _rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _shown(project: api.Project, path: Path) -> str:
    return f"the bundled bib/{path.name}" if project.bundled else _rel(path)


def _cmd_build(args: argparse.Namespace) -> int:
    project, note = api.load_project(Path.cwd(), args.config)
    if note and not args.quiet:
        print(f"refs: {note}", file=sys.stderr)
    result = api.build(project, args.output, explicit_output=args.output is not None)
    for finding in result.findings:
        print(finding, file=sys.stderr)
    if not args.quiet:
        if result.work is not None:
            names = "; ".join(n.display() for n in result.work.get("author", ()))
            print(f"work: {names}, \"{result.work.get('title', '')}\" [{result.work.key}] "
                  f"cites the references of {_shown(project, project.bibliography)}")
        for path, description in result.written:
            print(f"wrote {_rel(path)} ({description})")
    return result.exit_code


def _cmd_init(args: argparse.Namespace) -> int:
    path = api.init_config(Path.cwd(), args.force)
    print(f"wrote {_rel(path)}; edit it, then run `refs build`")
    return EXIT_OK


COMMANDS = {"build": _cmd_build, "init": _cmd_init}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except RefsError as error:
        if args.debug:
            traceback.print_exc()
        print(error, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("refs: interrupted; no output was half written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug, not the user's fault
        if args.debug:
            traceback.print_exc()
        else:
            print(f"refs: internal error: {type(error).__name__}: {error} (rerun with --debug and report it)",
                  file=sys.stderr)
        return EXIT_BUG


def run() -> None:
    sys.exit(main())
