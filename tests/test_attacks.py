"""What an attacker and an unlucky user broke in the second round of hardening, each with the
input that broke it (or a sharper one): the test fails on the code before the fix.

Runs refs as a user would where what the user sees matters: the message, the exit code, what is
left on disk; in this process (conftest.refs_cli), and as a process of its own where the process is
the point: a memory bound on it, another process holding the cache, imports run at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CliRun, refs_cli

BOUND = 120  # a bound against hangs and runaway memory, not a speed target


def refs(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = BOUND) -> CliRun:
    return refs_cli(*args, cwd=cwd, env=env, timeout=timeout)


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


def test_a_render_cache_locked_by_another_process_is_a_warning(tmp_path, monkeypatch):
    import functools

    from refs import caches
    from refs.render.cache import RenderCache

    # refs waits 10 s for a lock before it renders without the cache; how long it waits is not
    # what is tested here, so this run gives up after 1 s (the same path, the same message)
    monkeypatch.setattr(caches, "RenderCache", functools.partial(RenderCache, timeout=1.0))
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


# -- 2. keys and values that would break out of their place in what refs writes -----------------

EVIL_KEY_BIB = (
    "@online(x}\\input{/etc/passwd}\\iffalse{,\n  title = {Evil},\n  url = {http://example.org},\n"
    "  year = 2020\n)\n"
)


def test_a_key_latex_or_bibtex_cannot_hold_is_an_error_and_no_writer_takes_it(tmp_path):
    (tmp_path / "evil.bib").write_text(EVIL_KEY_BIB, encoding="utf-8")
    check = refs("check", "evil.bib", cwd=tmp_path)
    assert check.returncode == 1 and "error[unsafe-key]" in check.stdout + check.stderr
    for args in (["bib", "evil.bib", "--format", "latex"], ["export", "evil.bib", "--to", "bibtex"],
                 ["export", "evil.bib", "--to", "biblatex"], ["export", "evil.bib", "--to", "ris"]):
        run = refs(*args, "-o", "out.txt", cwd=tmp_path)
        assert run.returncode == 2, (args, run.stderr)
        assert "cannot write" in run.stderr and "Traceback" not in run.stderr
        assert not (tmp_path / "out.txt").exists()


def test_imported_keys_become_safe_and_the_rename_is_said(tmp_path):
    (tmp_path / "mine.bib").write_text("@book{old2020, title = {Old}, author = {Ann Lee}, year = 2020}\n",
                                       encoding="utf-8")
    items = [{"id": "x}\\input{/etc/passwd}\\iffalse{", "type": "book", "title": "New",
              "URL": "http://example.org/}\n@misc{planted, title={pwned}", "DOI": "10.1000/x}y",
              "issued": {"date-parts": [[2021]]}}]
    import json

    (tmp_path / "new.json").write_text(json.dumps(items), encoding="utf-8")
    run = refs("import", "new.json", "--into", "mine.bib", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "renamed 'x}\\\\input{/etc/passwd}\\\\iffalse{' to x_input_/etc/passwd_iffalse" in run.stderr
    from refs.formats import bibtex

    back = bibtex.parse((tmp_path / "mine.bib").read_text(encoding="utf-8"), "mine.bib")
    assert not back.errors
    assert [r.key for r in back.library] == ["old2020", "x_input_/etc/passwd_iffalse"]  # no planted entry
    new = back.library.references[1]
    assert set(new.fields) == {"title", "URL", "DOI", "issued"}  # no planted field
    assert new["DOI"] == "10.1000/x%7Dy" and new["URL"].startswith("http://example.org/%7D")


def test_ris_values_never_start_a_line_of_their_own():
    from refs.formats import ris
    from refs.model import Library, Name, Reference

    ref = Reference(key="k1", type="webpage", fields={
        "title": "T\u2028ER  - \nTY  - BOOK", "URL": "http://x/\rER  - ",
        "author": (Name(family="Lee\nER  - ", given="Ann"),), "keyword": "a\u2029TY  - JOUR"})
    parsed = ris.parse(ris.dump(Library((ref,))), "t.ris")
    assert not parsed.findings and len(parsed.library) == 1
    assert parsed.library.references[0]["title"] == "T ER  -  TY  - BOOK"


def test_zotero_rdf_refuses_what_xml_cannot_hold_and_keeps_keys_apart():
    from refs.errors import OutputError
    from refs.formats import zotero_rdf
    from refs.model import Library, Reference

    with pytest.raises(OutputError, match="U\\+0001"):
        zotero_rdf.dump(Library((Reference(key="k1", type="book", fields={"title": "T\x01"}),)))
    two = Library((Reference(key="a:b", type="book", fields={"title": "One"}),
                   Reference(key="a_b", type="book", fields={"title": "Two"})))
    back = zotero_rdf.parse(zotero_rdf.dump(two), "x.rdf").library
    assert [(r.key, r["title"]) for r in back] == [("a:b", "One"), ("a_b", "Two")]


# -- 11. private-use and direction characters; 12. crossref cycles -------------------------------


def test_private_use_characters_are_data_and_overrides_end_with_their_field(tmp_path):
    (tmp_path / "p.bib").write_text(
        "@book{p1, title = {Priv\ue000ate \ue010use \u202eevil}, author = {Ann Lee}, year = 2020, publisher = {P}}\n"
        "@book{p2, title = {Next}, author = {Bo Ng}, year = 2021, publisher = {Q}}\n", encoding="utf-8")
    html = refs("bib", "p.bib", "--format", "html", cwd=tmp_path).stdout
    assert "<i>Priv\ue000ate \ue010use \u202eevil\u202c</i>" in html  # the characters kept, no markup made
    latex = refs("bib", "p.bib", "--format", "latex", cwd=tmp_path).stdout
    assert "\\emph{Priv\ue000ate \ue010use \u202eevil\u202c}. P." in latex
    text = refs("bib", "p.bib", cwd=tmp_path).stdout
    assert text.splitlines()[0].endswith("evil\u202c. P.")  # the override ends with the title
    check = refs("check", "p.bib", cwd=tmp_path)
    assert "warning[hidden-characters]" in check.stdout and "U+202E RIGHT-TO-LEFT OVERRIDE" in check.stdout


def test_a_crossref_cycle_is_an_error(tmp_path):
    (tmp_path / "c.bib").write_text("@book{a1, title = {A}, crossref = {b1}}\n@book{b1, title = {B}, crossref = {c1}}\n"
                                    "@book{c1, title = {C}, crossref = {a1}}\n", encoding="utf-8")
    run = refs("check", "c.bib", cwd=tmp_path)
    assert run.returncode == 1
    assert run.stdout.count("error[crossref-cycle]") == 1 and "a1 -> b1 -> c1 -> a1" in run.stdout


# -- 2. reading what refs wrote gives back what was meant, in every format -------------------------
# Values full of each format's syntax (braces, backslashes, "%", "\n@misc{", "ER  - ", line and
# paragraph separators, private-use and bidi characters) written by every writer and read back by
# refs' own reader: the same entries, keys and values. What a format cannot hold is spelled the
# way it can: line breaks become spaces (RIS lines, BibTeX's white space), braces and backslashes
# in URLs and DOIs are percent-encoded (%7B, %7D, %5C: the same address).

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from refs.formats import bibtex as _bibtex  # noqa: E402
from refs.formats import csljson as _csljson  # noqa: E402
from refs.formats import ris as _ris  # noqa: E402
from refs.formats import zotero_rdf as _rdf  # noqa: E402
from refs.model import Library as _Library  # noqa: E402
from refs.model import Name as _Name  # noqa: E402
from refs.model import Reference as _Reference  # noqa: E402

CH = st.sampled_from(list("ab AZəİ{}\\%#&$_~^@,\"='()[]<>\n\r\t-–.:;/") + ["\ue000", "\u202e", "\u2028", " and ", "}\n@misc{x,", "\\input{", "ER  - ", "\nTY  - "])
TEXT = st.lists(CH, min_size=1, max_size=25).map("".join).filter(lambda s: s.strip())
KEY = st.from_regex(r"[A-Za-z][A-Za-z0-9_:.-]{0,10}", fullmatch=True)

@st.composite
def refs_(draw):
    n = draw(st.integers(1, 3))
    keys = draw(st.lists(KEY, min_size=n, max_size=n, unique_by=str.lower))
    out = []
    for k in keys:
        fields = {"title": draw(TEXT), "URL": draw(TEXT), "DOI": draw(TEXT), "publisher": draw(TEXT), "note": draw(TEXT),
                  "author": (_Name(family=draw(TEXT), given=draw(TEXT)),)}
        out.append(_Reference(key=k, type="book", fields=fields))
    return _Library(tuple(out))

def norm(s):
    s = re.sub(r"[\s\u2028\u2029\x85\x0b\x0c\x1c-\x1e]+", " ", s).strip()
    return s.replace("%7B", "{").replace("%7D", "}").replace("%5C", "\\")

WRITERS = {
    "bibtex": lambda L: _bibtex.parse(_bibtex.dump(L)),
    "export": lambda L: _bibtex.parse(_bibtex.export(L)),
    "ris": lambda L: _ris.parse(_ris.dump(L)),
    "csljson": lambda L: _csljson.parse(_csljson.dump(L)),
    "zotero-rdf": lambda L: _rdf.parse(_rdf.dump(L)),
    "csljson-export": lambda L: _csljson.parse(_csljson.export(L)),
}

@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(refs_())
def test_every_writer_reads_back_as_meant(lib):
    for name, rt in WRITERS.items():
        back = rt(lib)
        assert not back.errors, (name, [str(f) for f in back.errors][:2])
        assert [r.key for r in back.library] == [r.key for r in lib], name
        for a, b in zip(lib, back.library, strict=True):
            for var in ("title", "URL", "DOI", "publisher"):
                assert norm(b.fields.get(var, "")) == norm(a.fields[var]), (name, var, a.fields[var], b.fields.get(var))

@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(refs_())
def test_every_writer_keeps_names(lib):
    for name, rt in WRITERS.items():
        back = rt(lib)
        for a, b in zip(lib, back.library, strict=True):
            if name == "ris" and any("," in n.family + n.given for n in a.fields["author"]):
                continue  # RIS writes "Family, Given": a comma inside a name cannot be told apart
            want = [(norm(n.family), norm(n.given)) for n in a.fields["author"]]
            got = [(norm(n.family), norm(n.given)) for n in b.fields.get("author", ())]
            assert got == want, (name, a.fields["author"], b.fields.get("author"))


# -- 5. a UTF-8 file with a stray byte is UTF-8, and the byte is named -----------------------------


def test_one_stray_byte_keeps_the_file_utf8_and_is_located(tmp_path):
    (tmp_path / "ff.bib").write_bytes("@book{a1, title = {Kitab}, author = {Əliyev, İlham}, year = 2020, "
                                      "publisher = {P".encode() + b"\xff}}\n")
    check = refs("check", "ff.bib", cwd=tmp_path)
    assert "ff.bib:1:" in check.stdout and "warning[stray-byte]" in check.stdout and "0xff" in check.stdout
    assert "Əliyev, İ." in refs("bib", "ff.bib", cwd=tmp_path).stdout  # not "∆Źliyev"
    (tmp_path / "m.txt").write_bytes("Əliyev dedi".encode() + b" \xff" + " [1].\nİkinci sətir [1].\n".encode())
    claims = refs("claims", "m.txt", "--bib", "ff.bib", "--format", "json", cwd=tmp_path)
    import json

    found = [f for f in json.loads(claims.stdout)["findings"] if f["code"] == "stray-byte"]
    assert len(found) == 1 and found[0]["line"] == 1 and found[0]["column"] == 13


def test_a_legacy_file_is_read_as_detected_and_the_choice_is_said(tmp_path):
    (tmp_path / "cp.bib").write_bytes("@book{a1, title = {Книга о переводе текстов}, author = {Иванов, Иван}, "
                                      "year = 2020, publisher = {Наука}}\n".encode("cp1251"))
    check = refs("check", "cp.bib", cwd=tmp_path)
    assert "info[detected-encoding]" in check.stdout and "cp1251" in check.stdout
    assert "Иванов" in refs("bib", "cp.bib", cwd=tmp_path).stdout


# -- 7. outputs over special files and links --------------------------------------------------------

ONE_BIB = "@book{a1, title = {A}, author = {Ann Lee}, year = 2020, publisher = {P}}\n"


def test_an_output_that_is_a_link_is_replaced_not_written_through(tmp_path):
    (tmp_path / "a.bib").write_text(ONE_BIB, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to("notes.txt")
    run = refs("bib", "a.bib", "-o", "link.txt", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "my notes\n"
    assert not (tmp_path / "link.txt").is_symlink() and "Lee" in (tmp_path / "link.txt").read_text(encoding="utf-8")


def test_a_link_planted_in_the_output_folder_cannot_make_build_write_elsewhere(tmp_path):
    (tmp_path / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "report.html").symlink_to("../notes.txt")
    run = refs("build", cwd=tmp_path, env={"REFS_CACHE_DIR": str(tmp_path / "cache")})
    assert run.returncode in (0, 1), run.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "my notes\n"
    report = tmp_path / "out" / "report.html"
    assert not report.is_symlink() and "<html" in report.read_text(encoding="utf-8")


def test_a_fifo_output_is_written_as_a_stream_and_stays_a_fifo(tmp_path):
    import stat
    import threading

    (tmp_path / "a.bib").write_text(ONE_BIB, encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = refs("bib", "a.bib", "-o", "pipe", cwd=tmp_path)
    reader.join(30)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # not replaced by a regular file
    assert b"Lee" in got[0]


@pytest.mark.parametrize("output, message", [("", "an empty path names no file"), (".", "is a folder")])
def test_an_output_that_names_no_file_is_a_usage_error(tmp_path, output, message):
    (tmp_path / "a.bib").write_text(ONE_BIB, encoding="utf-8")
    run = refs("bib", "a.bib", "-o", output, cwd=tmp_path)
    assert run.returncode == 2 and message in run.stderr and "internal error" not in run.stderr


# -- 8. the user's or the machine's trouble is exit 2 with a message, not an internal error ---------


def _docx_encrypted(where: Path) -> Path:
    import shutil

    if shutil.which("zip") is None:
        pytest.skip("the zip command (to make a password-protected archive) is not installed")
    (where / "word").mkdir()
    (where / "word" / "document.xml").write_text("<w:document/>", encoding="utf-8")
    subprocess.run(["zip", "-q", "-P", "secret", "-r", "locked.docx", "word"], cwd=where, check=True)
    return where / "locked.docx"


@pytest.mark.parametrize("case", ["fetch-into-a-file", "timeout-inf", "timeout-nan", "encoding-rot13",
                                  "bib-encoding-rot13", "disk-full", "unwritable-folder", "encrypted-docx",
                                  "corrupt-docx", "import-into-cp1251"])
def test_user_and_environment_errors_exit_2(tmp_path, case):
    (tmp_path / "a.bib").write_text(ONE_BIB, encoding="utf-8")
    (tmp_path / "m.txt").write_text("Text [1].\n", encoding="utf-8")
    args = {
        "fetch-into-a-file": ["fetch", "a.bib", "--into", "a.bib"],
        "timeout-inf": ["fetch", "a.bib", "--timeout", "inf"],
        "timeout-nan": ["fetch", "a.bib", "--timeout", "nan"],
        "encoding-rot13": ["claims", "m.txt", "--bib", "a.bib", "--encoding", "rot13"],
        "bib-encoding-rot13": ["bib", "a.bib", "--encoding", "rot13"],
        "disk-full": ["bib", "a.bib", "-o", "/dev/full"],
        "unwritable-folder": ["bib", "a.bib", "-o", "/proc/refs-cannot-write-here.txt"],
        "corrupt-docx": ["claims", "bad.docx", "--bib", "a.bib"],
        "encrypted-docx": ["claims", "locked.docx", "--bib", "a.bib"],
        "import-into-cp1251": ["import", "new.ris", "--into", "cp.bib"],
    }[case]
    if case == "corrupt-docx":
        (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    if case == "encrypted-docx":
        _docx_encrypted(tmp_path)
    if case == "import-into-cp1251":
        (tmp_path / "cp.bib").write_bytes("@book{b1, title = {Книга}, year = 2020}\n".encode("cp1251"))
        (tmp_path / "new.ris").write_text("TY  - BOOK\nTI  - Ünïcödé ə\nPY  - 2021\nER  - \n", encoding="utf-8")
    run = refs(*args, cwd=tmp_path)
    assert run.returncode == 2, (case, run.stderr)
    assert "internal error" not in run.stderr and "Traceback" not in run.stderr
    assert run.stderr.strip()
    if case == "import-into-cp1251":  # nothing written, the file's own encoding kept
        assert (tmp_path / "cp.bib").read_bytes() == "@book{b1, title = {Книга}, year = 2020}\n".encode("cp1251")


# -- 9. import --into: line ends, no-op imports, itself, two at once ---------------------------------

CRLF_BIB = b"@book{a1,\r\n  title = {A},\r\n  year = 2020\r\n}\r\n\r\n@book{b1,\r\n  title = {B},\r\n  year = 2021\r\n}\r\n"


def test_import_into_a_crlf_file_keeps_its_line_ends_and_an_exact_backup(tmp_path):
    (tmp_path / "mine.bib").write_bytes(CRLF_BIB)
    (tmp_path / "n.ris").write_text("TY  - BOOK\nTI  - New\nAU  - Lee, Ann\nPY  - 2022\nER  - \n", encoding="utf-8")
    (tmp_path / "more.json").write_text('[{"id": "a1x", "type": "book", "title": "A", "issued": {"date-parts": '
                                        '[[2020]]}, "publisher": "P"}]', encoding="utf-8")
    assert refs("import", "n.ris", "--into", "mine.bib", cwd=tmp_path).returncode == 0
    assert (tmp_path / "mine.bib.bak").read_bytes() == CRLF_BIB
    data = (tmp_path / "mine.bib").read_bytes()
    assert data.startswith(CRLF_BIB.rstrip(b"\r\n")) and b"\n" not in data.replace(b"\r\n", b"")
    assert refs("import", "more.json", "--into", "mine.bib", cwd=tmp_path).returncode == 0  # merges a field
    data = (tmp_path / "mine.bib").read_bytes()
    assert b"publisher" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_a_no_op_import_writes_nothing_and_keeps_the_backup(tmp_path):
    (tmp_path / "mine.bib").write_bytes(CRLF_BIB)
    (tmp_path / "n.ris").write_text("TY  - BOOK\nTI  - New\nPY  - 2022\nER  - \n", encoding="utf-8")
    assert refs("import", "n.ris", "--into", "mine.bib", cwd=tmp_path).returncode == 0
    after, bak = (tmp_path / "mine.bib").read_bytes(), (tmp_path / "mine.bib.bak").read_bytes()
    again = refs("import", "n.ris", "--into", "mine.bib", cwd=tmp_path)
    assert again.returncode == 0 and "left as it was" in again.stderr
    assert (tmp_path / "mine.bib").read_bytes() == after and (tmp_path / "mine.bib.bak").read_bytes() == bak


def test_importing_a_file_into_itself_is_refused_before_anything_is_written(tmp_path):
    (tmp_path / "self.bib").write_bytes(CRLF_BIB)
    run = refs("import", "self.bib", "--into", "self.bib", cwd=tmp_path)
    assert run.returncode == 2 and not (tmp_path / "self.bib.bak").exists()
    assert (tmp_path / "self.bib").read_bytes() == CRLF_BIB


def test_two_imports_into_one_bib_at_once_both_land(tmp_path):
    (tmp_path / "mine.bib").write_bytes(CRLF_BIB)
    procs = []
    for n in range(4):
        (tmp_path / f"n{n}.ris").write_text(f"TY  - BOOK\nTI  - Book number {n}\nAU  - Writer{n}, Ann\nPY  - 20{10 + n}\n"
                                            "ER  - \n", encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, "-m", "refs", "import", f"n{n}.ris", "--into", "mine.bib"],
                                      cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    assert [p.wait(BOUND) for p in procs] == [0, 0, 0, 0]
    text = (tmp_path / "mine.bib").read_text(encoding="utf-8")
    assert all(f"Book number {n}" in text for n in range(4))


# -- 10. a project's settings read only inside the project -------------------------------------------


@pytest.mark.parametrize("how", ["absolute", "dotdot", "link"])
def test_a_project_cannot_name_files_outside_itself(tmp_path, how):
    secret = tmp_path / "secret.txt"
    secret.write_text("The password is swordfish [1].\n", encoding="utf-8")
    project = tmp_path / "cloned"
    project.mkdir()
    (project / "r.bib").write_text(ONE_BIB, encoding="utf-8")
    name = {"absolute": str(secret), "dotdot": "../secret.txt", "link": "m.txt"}[how]
    if how == "link":
        (project / "m.txt").symlink_to(secret)
    (project / "refs.toml").write_text(f'bibliography = "r.bib"\nmanuscript = "{name}"\n', encoding="utf-8")
    run = refs("build", cwd=project, env={"REFS_CACHE_DIR": str(tmp_path / "cache")})
    assert run.returncode == 2 and 'setting "manuscript" names' in run.stderr and "read_outside" in run.stderr
    assert not (project / "out").exists()
    # named in the settings on purpose, it is read, and refs says so
    (project / "refs.toml").write_text(f'bibliography = "r.bib"\nmanuscript = "{name}"\n'
                                       f'read_outside = ["{secret}"]\n', encoding="utf-8")
    run = refs("build", cwd=project, env={"REFS_CACHE_DIR": str(tmp_path / "cache")})
    assert run.returncode in (0, 1), run.stderr
    assert "(manuscript)" in run.stdout and "read " in run.stdout
