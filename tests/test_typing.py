"""The package ships py.typed, so its types are a promise: mypy (configured in pyproject.toml)
finds no error in src/refs. Runs mypy as a program, as a user of the package would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_error_in_the_package():
    pytest.importorskip("mypy", reason="mypy is not installed (it is in the test extras)")
    # mypy's own cache (.mypy_cache, as `mypy` by hand keeps it): a run after a small change
    # checks what changed and what depends on it, a second or two instead of eight
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "Success: no issues found" in run.stdout
