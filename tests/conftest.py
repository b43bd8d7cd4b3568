from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE = ROOT / "bib"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def example() -> Path:
    return EXAMPLE


# The tests (and the refs processes they start) keep their render cache out of the user's.
os.environ.setdefault("REFS_CACHE_DIR", str(Path(__import__("tempfile").mkdtemp(prefix="refs-test-cache-"))))

# `HYPOTHESIS_PROFILE=deep pytest` runs the property tests with many more examples.
settings.register_profile("default", deadline=None)
settings.register_profile("deep", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# -- the command line in this process ----------------------------------------------------------
# `refs_cli("bib", "a.bib", cwd=tmp_path)` runs `refs.cli.main` here, as `refs bib a.bib` would run
# in a folder: what it prints to stdout and stderr, its exit code, what it leaves on disk. It
# saves a process start and the import of refs per run (a third of a second or more each). The
# tests where the process itself is the point start one instead: the exit on SIGPIPE, signals,
# the memory bound of a child, imports run at once, the installed `refs` command.
# refs keeps no state from one run to the next (the caches are opened per run, refs.caches);
# what it keeps per process is keyed by the file it was read from (the style index of a folder,
# a locale file, the code's fingerprint): a test that rewrites a style or locale file at the same
# path between two runs needs a process per run.


@dataclass
class CliRun:
    """What `subprocess.run(..., capture_output=True, text=True)` gives, and the bytes."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes
    stderr_bytes: bytes


class _OutOfTime(BaseException):  # not an Exception: refs' own handler of bugs must not take it
    pass


def _as_text(data: bytes) -> str:
    # as subprocess.run(text=True) decodes a child's output: UTF-8 (the tests' locale), universal newlines
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def refs_cli(*args: str | os.PathLike[str], cwd: str | os.PathLike[str] | None = None,
             env: Mapping[str, str | None] | None = None, stdin: str | bytes | None = None,
             timeout: float | None = None) -> CliRun:
    """Run `refs ARGS` in this process: in the folder ``cwd``, with ``env`` added to the environment
    (a value of None unsets it), ``stdin`` as standard input (empty if None); stdout and stderr are
    captured as UTF-8, as a child's pipes would be. A SystemExit (argparse's --help, --version and
    usage errors) is its exit code. ``timeout``: seconds before the run is stopped and
    subprocess.TimeoutExpired raised, a bound against hangs as a child's timeout is."""
    from refs import cli

    argv = [os.fspath(a) for a in args]
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace", write_through=True)
    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    inp = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")

    changes: dict[str, str | None] = {"COLUMNS": "80"} if "COLUMNS" not in os.environ else {}  # a pipe's width
    changes.update(env or {})
    old_env = {name: os.environ.get(name) for name in changes}
    old_cwd = os.getcwd()
    old_streams = sys.stdin, sys.stdout, sys.stderr
    root = logging.getLogger()
    old_handlers = root.handlers[:]
    alarm = timeout is not None and threading.current_thread() is threading.main_thread()
    if alarm:
        def _stop(signum, frame):
            raise _OutOfTime

        old_alarm = signal.signal(signal.SIGALRM, _stop)
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if cwd is not None:
            os.chdir(cwd)
        root.handlers = []  # a new process has none: a library's warnings go to its stderr
        sys.stdin, sys.stdout, sys.stderr = inp, out, err
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            code = cli.main(argv)
        except SystemExit as done:
            if done.code is None or isinstance(done.code, int):
                code = done.code or 0
            else:
                print(done.code, file=sys.stderr)
                code = 1
        except _OutOfTime:
            raise subprocess.TimeoutExpired(["refs", *argv], timeout or 0, out_bytes.getvalue(),
                                            err_bytes.getvalue()) from None
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        if alarm:
            signal.signal(signal.SIGALRM, old_alarm)
        sys.stdin, sys.stdout, sys.stderr = old_streams
        root.handlers = old_handlers
        os.chdir(old_cwd)
        for name, value in old_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return CliRun(["refs", *argv], code, _as_text(out_bytes.getvalue()), _as_text(err_bytes.getvalue()),
                  out_bytes.getvalue(), err_bytes.getvalue())


# -- the groups of tests, timed apart ------------------------------------------------------------
# `pytest` runs every test. The conformance tests (the CSL test suite, agreement with citeproc-js),
# the corpus tests (scores on real documents outside the repository) and the scale tests (a
# hundred thousand markers, interrupted processes, many threads: bounds against hangs and races,
# slow by design) are marked in pyproject.toml; `pytest -m "not conformance and not corpus and
# not scale"` is the unit and command-line run, `pytest -m conformance` (corpus, scale) the
# others. At the end each group's time is said.

GROUPS = ("conformance", "corpus", "scale")
_group_times: dict[str, list[float]] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    group = next((g for g in GROUPS if g in report.keywords), "unit and cli")
    tally = _group_times.setdefault(group, [0, 0.0])
    tally[0] += report.when == "call" or (report.when == "setup" and not report.passed)
    tally[1] += report.duration


def pytest_terminal_summary(terminalreporter) -> None:
    if not _group_times:
        return
    terminalreporter.write_sep("-", "time by group (sum of each test's setup, call and teardown)")
    for group in ("unit and cli", *GROUPS):
        if group in _group_times:
            count, seconds = _group_times[group]
            terminalreporter.write_line(f"{group:>13}: {int(count)} tests, {seconds:.1f} s")
