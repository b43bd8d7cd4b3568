"""The program's entry point: a Ctrl-C while refs is still loading its modules ends it with exit
code 130 and one line, not a traceback."""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from .cli import run as cli_run
    except KeyboardInterrupt:
        print("refs: interrupted", file=sys.stderr)
        sys.exit(130)
    cli_run()
