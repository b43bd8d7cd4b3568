"""What an attacker and an unlucky user broke in the second round of hardening, each with the
input that broke it (or a sharper one): the test fails on the code before the fix.

Runs refs as a user would (a subprocess) where what the user sees matters: the message, the exit
code, what is left on disk."""

from __future__ import annotations

import os
import re
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


# -- 4. a damaged or locked cache is no error; the parse cache runs no code ----------------------

EXAMPLE_BIB = Path(__file__).resolve().parent.parent / "bib" / "references.bib"


def cached_env(tmp_path: Path) -> dict[str, str]:
    return {"REFS_CACHE_DIR": str(tmp_path / "cache")}


def test_a_damaged_render_cache_is_a_warning_and_clear_always_works(tmp_path):
    env = cached_env(tmp_path)
    first = refs("bib", str(EXAMPLE_BIB), cwd=tmp_path, env=env)
    assert first.returncode == 0
    db = tmp_path / "cache" / "render.sqlite3"
    for wal in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        wal.unlink(missing_ok=True)  # the damage must be in the database itself
    data = bytearray(db.read_bytes())
    data[1000:4000] = bytes((i * 37 + 11) % 256 for i in range(3000))  # 3,000 garbage bytes inside
    db.write_bytes(bytes(data))
    for command in (["bib", str(EXAMPLE_BIB)], ["build", "-o", "out"]):
        run = refs(*command, cwd=tmp_path, env=env)
        assert run.returncode in (0, 1), run.stderr
        assert "internal error" not in run.stderr
    again = refs("bib", str(EXAMPLE_BIB), cwd=tmp_path, env=env)
    assert again.stdout == first.stdout  # rendered without the cache, the same
    assert again.stderr.count("render cache") <= 1  # said once, if at all
    cleared = refs("cache", "clear", cwd=tmp_path, env=env)
    assert cleared.returncode == 0, cleared.stderr
    assert refs("bib", str(EXAMPLE_BIB), cwd=tmp_path, env=env).stderr.count("render cache") == 0
    info = refs("cache", "info", cwd=tmp_path, env=env).stdout
    assert re.search(r": [1-9]\d* rendered entries, 1 parsed libraries", info), info  # working again


def test_a_render_cache_locked_by_another_process_is_a_warning(tmp_path):
    env = cached_env(tmp_path)
    assert refs("bib", str(EXAMPLE_BIB), cwd=tmp_path, env=env).returncode == 0
    db = tmp_path / "cache" / "render.sqlite3"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"db = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
        "db.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        (tmp_path / "new.bib").write_text("@book{fresh2020, title = {A Fresh Book}, author = {Ann Lee}, "
                                          "year = 2020, publisher = {P}}\n", encoding="utf-8")
        run = refs("bib", "new.bib", cwd=tmp_path, env=env)
        assert run.returncode == 0, run.stderr
        assert "Fresh Book" in run.stdout
        assert "locked" in run.stderr and "internal error" not in run.stderr
    finally:
        holder.kill()
        holder.wait()


def test_a_planted_pickle_in_the_cache_is_never_run(tmp_path):
    import pickle

    env = cached_env(tmp_path)
    assert refs("bib", str(EXAMPLE_BIB), cwd=tmp_path, env=env).returncode == 0
    folder = tmp_path / "cache" / "libraries"
    [kept] = list(folder.glob("*.json"))  # the parse is kept as JSON

    class Planted:
        def __reduce__(self):
            return (os.system, (f"touch {tmp_path / 'pwned'}",))

    payload = pickle.dumps(Planted())
    (folder / (kept.stem + ".pickle")).write_bytes(payload)
    kept.write_bytes(payload)  # even in place of the JSON file
    run = refs("bib", str(EXAMPLE_BIB), cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "pwned").exists()
    assert refs("cache", "clear", cwd=tmp_path, env=env).returncode == 0
    assert not list(folder.glob("*.pickle"))


def test_the_parse_cache_gives_back_every_field(tmp_path):
    from refs.formats import bibtex, parsecache

    text = (Path(__file__).parent / "fixtures" / "all-types-and-fields.bib").read_text(encoding="utf-8")
    parsed = bibtex.parse(text, "all.bib")
    back = parsecache.loads(parsecache.dumps(parsed))
    assert back.library == parsed.library and back.findings == parsed.findings
    for a, b in zip(parsed.library, back.library, strict=True):
        assert (a.location, a.field_locations, a.span, a.raw, a.raw_type, a.read_fields, a.read_extra) == \
               (b.location, b.field_locations, b.span, b.raw, b.raw_type, b.read_fields, b.read_extra)
    with pytest.raises(ValueError):
        parsecache.loads('{"format": "refs-parsed-library/1", "parsed": {"@": "Popen", "args": "x"}}')


# -- 3. formulas in CSV, links and images in Markdown -------------------------------------------

HOSTILE_TEXT = (
    "=HYPERLINK(\"http://evil.example/\",\"click\") opened the port [1].\n\n"
    "+1+cmd|' /C calc'!A0 was the figure given [1].\n\n"
    "@SUM(A1:A9) and -2+3 are what the minister said [1].\n\n"
    "See [the page](javascript:alert(1)) and ![x](http://evil.example/track.png) for more [1].\n"
)
BIB_ONE = "@book{one2020, title = {One}, author = {Ann Lee}, year = 2020, publisher = {P}}\n"


@pytest.mark.parametrize("styled", [False, True])
def test_claim_map_csv_cells_never_start_a_formula(tmp_path, styled):
    import csv

    (tmp_path / "m.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (tmp_path / "r.bib").write_text(BIB_ONE, encoding="utf-8")
    extra = ["--style", "apa"] if styled else []
    run = refs("claims", "m.txt", "--bib", "r.bib", "--format", "csv", *extra, cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    rows = list(csv.reader(run.stdout.splitlines()))
    cells = [c for row in rows[1:] for c in row]
    assert len(rows) > 4
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    texts = [c for c in cells if "HYPERLINK" in c or "calc" in c or "SUM" in c]
    assert texts and all(c.startswith("'") for c in texts)  # kept, as text


@pytest.mark.parametrize("styled", [False, True])
def test_claim_map_markdown_makes_no_links_or_images(tmp_path, styled):
    import re as _re

    (tmp_path / "m.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (tmp_path / "r.bib").write_text(BIB_ONE, encoding="utf-8")
    extra = ["--style", "apa"] if styled else []
    run = refs("claims", "m.txt", "--bib", "r.bib", "--format", "markdown", *extra, cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    assert "javascript:alert(1)" in run.stdout  # the text is there...
    assert not _re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", run.stdout)  # ...but no [text](link) can form
    assert "!\\[x\\]" in run.stdout


# -- 6. Markdown in linear time ----------------------------------------------------------------


@pytest.mark.parametrize("run", ["[", "`", "*", "_", "<!--", "![", "[a](", "**a", "`a"])
def test_runs_of_markdown_openers_do_not_backtrack(tmp_path, run):
    # 200,000 characters: the quadratic reader took minutes on a quarter of this (a run of "["
    # of 100,000 took 31 s, of "`" 91 s); read in linear time it is a second
    text = "Text [1].\n\n" + run * (200_000 // len(run)) + "\n"
    code = ("import sys; from refs.manuscript.readers import read_markdown; "
            "t = read_markdown(sys.stdin.read()).text; print(len(t))")
    done = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and int(done.stdout) > 0


def test_markdown_still_reads_what_people_write():
    from refs.manuscript.readers import read_markdown

    got = read_markdown("A **bold** and *it*, _u_ and __b__, [a link](http://x.org \"t\"), ![img](a.png), "
                        "`code`, <!-- note --> and a cite [1](#ref-1); x*y*z and a_b_c stay.").text
    assert got == "A bold and it, u and b, a link, , code,  and a cite [1]; x*y*z and a_b_c stay."
