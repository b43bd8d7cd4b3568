"""What an attacker and an unlucky user broke in the second round of hardening, each with the
input that broke it (or a sharper one): the test fails on the code before the fix.

Runs refs as a user would (a subprocess) where what the user sees matters: the message, the exit
code, what is left on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BOUND = 120  # a bound against hangs and runaway memory, not a speed target


def refs(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = BOUND):
    return subprocess.run([sys.executable, "-m", "refs", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def limited_memory():
    """Run the child with at most 2 GiB of address space: a bomb fails the test, not the machine."""
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


# -- 1. @string expansion bomb ------------------------------------------------------------------


def string_bomb(levels: int) -> str:
    lines = ['@string{s0 = "aaaaaaaa"}']
    lines += [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, levels + 1)]
    lines.append(f"@misc{{x, title = s{levels}, year = 2020}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [24, 39])
def test_a_string_expansion_bomb_is_a_located_error(tmp_path, levels):
    (tmp_path / "bomb.bib").write_text(string_bomb(levels), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "refs", "check", "bomb.bib"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=BOUND, preexec_fn=limited_memory)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "bomb.bib:24:" in run.stdout + run.stderr  # the line where expansion passed the bound
    assert "REFS_MAX_BYTES" in run.stdout + run.stderr


def test_the_expansion_bound_is_the_input_limit(tmp_path):
    (tmp_path / "b.bib").write_text(string_bomb(12), encoding="utf-8")  # 8 × 2^12 = 32 KiB: fine by default
    assert refs("check", "b.bib", cwd=tmp_path).returncode in (0, 1)
    low = refs("check", "b.bib", cwd=tmp_path, env={"REFS_MAX_BYTES": "20000"})
    assert low.returncode == 2 and "20,000 characters" in low.stdout + low.stderr
