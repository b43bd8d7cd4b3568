"""The command line: argument parsing (``arguments.py``), one function per command that calls
``refs.api`` and prints (``commands.py``, ``manage.py``), and here the exit codes.

Exit codes: 0 fine, 1 findings at error level, 2 usage or input error,
3 an internal error (a bug: rerun with --debug and report the traceback), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..errors import RefsError
from . import commands, manage
from .arguments import parser

if TYPE_CHECKING:
    from ..caches import Caches

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_PIPE = 128 + signal.SIGPIPE  # as a program the pipe's reader stopped reading (`… | head`)

Command = Callable[[argparse.Namespace, "Caches"], int]

COMMANDS: dict[str, Command] = {
    "build": commands.build,
    "claims": commands.claims,
    "bib": commands.bib,
    "restyle": commands.restyle,
    "check": commands.check,
    "fetch": commands.fetch,
    "export": commands.export,
    "references": commands.references,
    "import": manage.import_,
    "styles": manage.styles,
    "locales": manage.locales,
    "cache": manage.cache,
    "init": manage.init,
}


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def _run(args: argparse.Namespace) -> int:
    """The command, with the caches of this run; a cache that could not be used is said once."""
    from ..caches import Caches

    caches = Caches(enabled=not args.no_cache)
    code = COMMANDS[args.command](args, caches)
    if caches.problem:
        print(f"refs: warning: {caches.problem}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not args.command:
        p.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return _run(args)
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
    except Exception as error:  # a bug, not the user's fault: said as one, with the way to report it
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
