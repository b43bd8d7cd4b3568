"""The command line as a user runs it: real files, exact output, exit codes. The commands run in
this process (conftest.refs_cli); a real process where the process is the point: the exit on
SIGPIPE, `python -m refs` and the installed `refs` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import CliRun, refs_cli

from refs import __version__


def refs(*args: str, cwd: Path) -> CliRun:
    return refs_cli(*args, cwd=cwd, timeout=120)


def test_version_and_help(tmp_path):
    r = refs("--version", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == f"refs {__version__}"
    r = refs("--help", cwd=tmp_path)
    assert r.returncode == 0 and "build" in r.stdout and "init" in r.stdout
    for command in ("build", "init"):
        r = refs(command, "--help", cwd=tmp_path)
        assert r.returncode == 0 and f"usage: refs {command}" in r.stdout


def test_usage_errors_exit_2(tmp_path):
    assert refs(cwd=tmp_path).returncode == 2
    r = refs("frobnicate", cwd=tmp_path)
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_build_on_the_bundled_example(tmp_path):
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith("refs: no refs.toml or [tool.refs] here: using the bundled example")
    assert r.stderr.splitlines()[-1].startswith("0 errors, ")  # the checks' findings, as refs check ends
    assert r.stdout.splitlines() == [
        'work: Asmar Shukurlu, "Kazakhstan-Azerbaijan cooperation is at a new stage" '
        "[shukurlu-kazakhstan-azerbaijan] cites the references of the bundled bib/references.bib",
        "read  the bundled bib/references.bib (bibliography)",
        "read  the bundled bib/article.txt (manuscript)",
        "read  the bundled bib/article.bib (work)",
        "wrote out/references.bib (16 references, BibLaTeX, normalised)",
        "wrote out/references.json (16 references, CSL-JSON)",
        "wrote out/claims.json (claim map, 16 claims, 5 uncited passages, JSON)",
        "wrote out/claims.csv (claim map, CSV)",
        "wrote out/claims.md (claim map, Markdown)",
    ] + [
        f"wrote out/bibliography/{style}.{locale}.{ext} ({style}, {locale}, {what})"
        for style in ["apa", "ieee", "chicago-author-date", "vancouver", "modern-language-association",
                      "harvard-cite-them-right", "gost-r-7-0-5-2008-numeric"]
        for locale in ["az-AZ", "en-US"]
        for ext, what in [("txt", "text"), ("html", "HTML page")]
    ] + [
        "wrote out/report.html (HTML report, 16 claims, 7 styles)",
        "wrote out/claims-styled.json (claim map in every style, JSON)",
    ]
    items = json.loads((tmp_path / "out" / "references.json").read_text(encoding="utf-8"))
    assert len(items) == 16 and items[15]["citation-key"] == "presidentaz2024shusha"
    bib = (tmp_path / "out" / "references.bib").read_text(encoding="utf-8")
    assert bib.count("@online{") == 16
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "bibliography", "claims-styled.json", "claims.csv", "claims.json", "claims.md", "references.bib",
        "references.json", "report.html"
    ]
    assert len(list((tmp_path / "out" / "bibliography").iterdir())) == 28


def test_build_uses_refs_toml_and_pyproject(tmp_path):
    (tmp_path / "my.bib").write_text("@book{k, author={Əliyev, Kamal}, title={Kitab}, year=2020}\n", encoding="utf-8")
    (tmp_path / "refs.toml").write_text('bibliography = "my.bib"\noutput = "build"\n')
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == ['my.bib:1:1: warning[missing-field]: "k" (@book) has no publisher',
                                     "0 errors, 1 warning, 1 note"]  # what refs check says of it
    assert "wrote build/references.bib (1 reference, BibLaTeX, normalised)" in r.stdout
    (tmp_path / "refs.toml").unlink()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.refs]\nbibliography = "my.bib"\n')
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 0 and "wrote out/references.json" in r.stdout


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "my.bib: error: the file is empty"),
        (b"@book{a, title={A}}\n@misc{b,\n  title = {unterminated\n", 'my.bib:2:1: error[bibtex-syntax]: entry "b" is not closed'),
        (bytes(range(256)) * 4, "my.bib"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_bad_bibliographies_exit_2_without_traceback_or_output(tmp_path, content, message):
    (tmp_path / "my.bib").write_bytes(content)
    (tmp_path / "refs.toml").write_text('bibliography = "my.bib"\n')
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 2
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_missing_bibliography_and_bad_config(tmp_path):
    (tmp_path / "refs.toml").write_text('bibliography = "absent.bib"\n')
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 2 and "absent.bib: error: no such file" in r.stderr
    (tmp_path / "refs.toml").write_text('bibliography = "x.bib"\nstyle = "apa"\n')
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 2 and "unknown setting 'style'" in r.stderr
    (tmp_path / "refs.toml").write_text('bibliography = \n')
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 2 and "refs.toml:1:" in r.stderr and "not valid TOML" in r.stderr
    assert "Traceback" not in r.stderr


def test_syntax_error_shows_the_line(tmp_path):
    (tmp_path / "b.bib").write_text("@book{a,\n  title = {A}\n  year = 2000\n}\n")
    (tmp_path / "refs.toml").write_text('bibliography = "b.bib"\n')
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert lines[0].startswith("b.bib:3:3: error[bibtex-syntax]:")
    assert lines[1] == "      year = 2000"
    assert lines[2] == "      ^"


def test_output_outside_folder_needs_explicit_path(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "refs.toml").write_text('bibliography = "../a.bib"\noutput = "../elsewhere"\n'
                                              f'read_outside = ["{tmp_path / "a.bib"}"]\n')
    (tmp_path / "a.bib").write_text("@book{a, title={A}}\n")
    r = refs("build", cwd=tmp_path / "p")
    assert r.returncode == 2 and "outside the working folder" in r.stderr
    assert not (tmp_path / "elsewhere").exists()
    r = refs("build", "-o", str(tmp_path / "elsewhere"), cwd=tmp_path / "p")
    assert r.returncode == 0 and (tmp_path / "elsewhere" / "references.json").exists()


def test_output_never_overwrites_an_input(tmp_path):
    (tmp_path / "references.bib").write_text("@book{a, title={A}}\n")
    (tmp_path / "refs.toml").write_text('bibliography = "references.bib"\noutput = "."\n')
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 2 and "over an input" in r.stderr
    assert (tmp_path / "references.bib").read_text() == "@book{a, title={A}}\n"


def test_init_writes_a_commented_config(tmp_path):
    (tmp_path / "paper.bib").write_text("@book{a, title={A}}\n")
    (tmp_path / "paper.md").write_text("Text [1].\n")
    r = refs("init", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("wrote refs.toml")
    text = (tmp_path / "refs.toml").read_text()
    assert 'bibliography = "paper.bib"' in text and 'manuscript = "paper.md"' in text
    assert text.count("\n# ") >= 5
    assert refs("init", cwd=tmp_path).returncode == 2
    assert refs("init", "--force", cwd=tmp_path).returncode == 0
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 0, r.stderr


def test_warnings_are_shown_and_the_build_goes_on(tmp_path):
    (tmp_path / "w.bib").write_text("@online{a,\n  title = {A},\n  date = {2023-02-30},\n  url = {https://a.az}\n}\n")
    (tmp_path / "refs.toml").write_text('bibliography = "w.bib"\n')
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 1  # an impossible date is an error of the checks; the outputs are still written
    assert "w.bib:3:3: error[invalid-date]: " in r.stderr
    # the unreadable date is kept, not dropped
    assert "date  = {2023-02-30}" in (tmp_path / "out" / "references.bib").read_text()


# -- refs claims ---------------------------------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parents[1] / "bib"


def test_claims_on_the_bundled_example(tmp_path):
    r = refs("claims", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["manuscript"]["path"] == "bib/article.txt" and data["bibliography"] == {
        "path": "bib/references.bib", "entries": 16}
    assert len(data["claims"]) == 16 and len(data["uncited"]) == 5


def test_claims_formats_and_output_file(tmp_path):
    ms, bib = str(EXAMPLE / "article.txt"), str(EXAMPLE / "references.bib")
    r = refs("claims", ms, "--bib", bib, "--format", "csv", cwd=tmp_path)
    rows = r.stdout.splitlines()
    assert rows[0] == "claim,lines,date,date_inferred,section,marker,number,key,locator,text"
    assert rows[1].startswith("1,10-27,2022-08-24,no,Giriş,[1],1,presidentaz2022kurmangazyproject,,")
    assert len(rows) == 17
    r = refs("claims", ms, "--bib", bib, "--format", "markdown", "-o", "claims.md", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout == "" and "wrote claims.md" in r.stderr
    md = (tmp_path / "claims.md").read_text(encoding="utf-8")
    assert "16 claims, 16 citation markers, 5 uncited passages, 0 findings." in md
    assert "| 2 | 29-34 | 2022-10-12/2022-10-14 | \\[2\\] | azertac2022cisastana |" in md


def test_claims_malformed_markers_exit_1(tmp_path):
    (tmp_path / "m.md").write_text("Text [1]. Bad [0] and [3–1].\n", encoding="utf-8")
    (tmp_path / "r.bib").write_text("@book{a, title={A}}\n")
    r = refs("claims", "m.md", "--bib", "r.bib", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.splitlines()[0] == 'm.md:1:15: error[malformed-citation]: "[0]" cites number 0; references are numbered from 1'
    assert json.loads(r.stdout)["findings"][1]["column"] == 23


@pytest.mark.parametrize(
    "content, message",
    [(b"", "m.txt: error: the file is empty"), (bytes(range(256)) * 8, "m.txt:2:118: error: cannot read as text"), (b"\xff\xfe\x00", "m.txt")],
)
def test_claims_bad_manuscripts_exit_2(tmp_path, content, message):
    (tmp_path / "m.txt").write_bytes(content)
    (tmp_path / "r.bib").write_text("@book{a, title={A}}\n")
    r = refs("claims", "m.txt", "--bib", "r.bib", "-o", "out.json", cwd=tmp_path)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out.json").exists()


def test_claims_unknown_encoding_and_never_over_an_input(tmp_path):
    (tmp_path / "m.txt").write_text("Fakt [1].\n")
    (tmp_path / "r.bib").write_text("@book{a, title={A}}\n")
    r = refs("claims", "m.txt", "--bib", "r.bib", "--encoding", "klingon", cwd=tmp_path)
    assert r.returncode == 2 and 'unknown encoding "klingon"' in r.stderr
    r = refs("claims", "m.txt", "--bib", "r.bib", "-o", "m.txt", cwd=tmp_path)
    assert r.returncode == 2 and "over an input" in r.stderr
    assert (tmp_path / "m.txt").read_text() == "Fakt [1].\n"


# -- refs bib, restyle, styles, locales ----------------------------------------------------------


def test_bib_on_the_example_in_vancouver(tmp_path):
    r = refs("bib", str(EXAMPLE / "references.bib"), "--style", "vancouver", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 16 and lines[0].startswith("1. President of the Republic of Azerbaijan (president.az) [Internet]. 2022.")


def test_bib_formats_locale_and_output(tmp_path):
    bib = str(EXAMPLE / "references.bib")
    r = refs("bib", bib, "--style", "apa", "--locale", "az-AZ", "--format", "html", "--standalone", "-o", "b.html", cwd=tmp_path)
    assert r.returncode == 0 and "wrote b.html" in r.stderr
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "(t.y.)" in page and "(2024, 11 mart)" in page
    assert "Götürülüb" not in page  # an undated page without an access date ends with its address, as APA writes it
    r = refs("bib", bib, "--style", "ieee", "--format", "json", cwd=tmp_path)
    data = json.loads(r.stdout)
    assert data[0]["number"] == 1 and data[0]["text"].startswith("[1] ")


def test_bib_cited_by_a_manuscript(tmp_path):
    (tmp_path / "m.md").write_text("Birinci fakt [3]. İkinci fakt [1].\n", encoding="utf-8")
    r = refs("bib", str(EXAMPLE / "references.bib"), "--style", "ieee", "--cited-by", "m.md", cwd=tmp_path)
    lines = r.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("[1] “Presidents of Azerbaijan and Kazakhstan held meeting in limited format,”")


def test_bib_bad_style_and_style_file(tmp_path):
    bib = str(EXAMPLE / "references.bib")
    r = refs("bib", bib, "--style", "chicago-autor-date", cwd=tmp_path)
    assert r.returncode == 2 and "did you mean chicago-author-date" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "x.csl").write_text('<style xmlns="http://purl.org/net/xbiblio/csl">\n<info>\n</style>\n')
    r = refs("bib", bib, "--style", "x.csl", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("x.csl:3:") and "not well-formed" in r.stderr
    r = refs("bib", bib, "--locale", "zz-ZZ", cwd=tmp_path)
    assert r.returncode == 2 and 'unknown locale "zz-ZZ"' in r.stderr


def test_restyle(tmp_path):
    r = refs("restyle", str(EXAMPLE / "article.txt"), "--bib", str(EXAMPLE / "references.bib"),
             "--style", "apa", "--format", "markdown", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith("## Giriş")
    assert "[1]" not in out and "vurğulayır (*Heydar Aliyev Street Inaugurated*, 2023)." in out
    assert "## References" in out and out.count("\n\n") > 20
    r = refs("restyle", str(EXAMPLE / "article.txt"), "--bib", str(EXAMPLE / "references.bib"),
             "--style", "vancouver", cwd=tmp_path)
    assert "sənədləri imzalanmışdır (1)." in r.stdout


def test_styles_and_locales(tmp_path):
    r = refs("styles", "gost", cwd=tmp_path)
    names = [line.split()[0] for line in r.stdout.splitlines()]
    assert "gost-r-7-0-5-2008-numeric" in names and "gost" in names
    r = refs("locales", cwd=tmp_path)
    assert "az-AZ      project" in r.stdout and "kk-KZ      project" in r.stdout and "ru-RU" in r.stdout


# -- refs check, refs fetch ----------------------------------------------------------------------

CHECK = Path(__file__).resolve().parent / "fixtures" / "check"


def test_check_the_example(tmp_path):
    r = refs("check", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    # without snapshots of the sources no claim is supported on the strength of our own notes: each
    # of the 16 claims is a note saying it is unverifiable, and why
    assert r.stdout.splitlines()[-1] == "0 errors, 7 warnings, 18 notes"
    assert r.stdout.count("info[claim-unverifiable]") == 16 and "no snapshot of the source" in r.stdout
    assert "bib/article.txt:54:1: warning[uncited-claim]: factual text with no citation" in r.stdout
    r = refs("check", "--strict", cwd=tmp_path)
    assert r.returncode == 1


def test_check_a_bibliography_alone(tmp_path):
    import shutil

    shutil.copy(CHECK / "faults.bib", tmp_path / "faults.bib")
    r = refs("check", "faults.bib", cwd=tmp_path)
    assert r.returncode == 1
    assert 'faults.bib:13:3: error[invalid-doi]: "baddoi": DOI "10.1000" has no suffix' in r.stdout
    assert r.stdout.splitlines()[-1] == "7 errors, 3 warnings, 0 notes"


def test_check_json_and_sarif(tmp_path):
    import shutil

    import jsonschema

    from refs import api

    for name in ("faults.md", "faults-claims.bib"):
        shutil.copy(CHECK / name, tmp_path / name)
    r = refs("check", "faults.md", "--bib", "faults-claims.bib", "--format", "json", cwd=tmp_path)
    assert r.returncode == 1
    data = json.loads(r.stdout)
    jsonschema.validate(data, api.schema("findings"))
    codes = {f["code"] for f in data["findings"]}
    assert {"malformed-citation", "dangling-citation", "unused-reference", "uncited-claim",
            "source-predates-claim", "claim-unverifiable"} <= codes
    assert {v["verdict"] for v in data["verdicts"]} == {"unverifiable"} and all("score" in v for v in data["verdicts"])
    r = refs("check", "faults.md", "--bib", "faults-claims.bib", "--format", "sarif", "-o", "r.sarif", cwd=tmp_path)
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["tool"]["driver"]["name"] == "refs"
    result = next(x for x in sarif["runs"][0]["results"] if x["ruleId"] == "dangling-citation")
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "faults.md"}, "region": {"startLine": 8, "startColumn": 71}}
    rules = {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules == {x["ruleId"] for x in sarif["runs"][0]["results"]}


def test_ignored_findings_are_reported_not_hidden(tmp_path):
    import shutil

    for name in ("faults.md", "faults-claims.bib"):
        shutil.copy(CHECK / name, tmp_path / name)
    (tmp_path / "refs.toml").write_text(
        'manuscript = "faults.md"\nbibliography = "faults-claims.bib"\n'
        '[[ignore]]\ncode = "dangling-citation"\nline = 8\n'
        '[[ignore]]\ncode = "malformed-citation"\nline = 8\n'
        '[[ignore]]\ncode = "unused-reference"\nreference = "never"\nreason = "a test"\n')
    r = refs("check", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    assert "error[dangling-citation]: [9] cites no reference: the bibliography has 4 entries (ignored by the project's settings)" in r.stdout
    assert r.stdout.splitlines()[-1].endswith("(3 ignored by the project's settings)")
    r = refs("check", "--format", "sarif", cwd=tmp_path)
    suppressed = [x for x in json.loads(r.stdout)["runs"][0]["results"] if x.get("suppressions")]
    assert len(suppressed) == 3


def test_fetch_without_urls_reports_failures(tmp_path):
    (tmp_path / "r.bib").write_text("@book{k, title={T}, date={2020}}\n")
    r = refs("fetch", "r.bib", "--into", "snap", cwd=tmp_path)
    assert r.returncode == 1 and "failed k: -: has no URL" in r.stderr and "0 saved, 1 failed" in r.stderr


def test_claims_in_several_styles(tmp_path):
    import jsonschema

    from refs import api

    ms, bib = str(EXAMPLE / "article.txt"), str(EXAMPLE / "references.bib")
    r = refs("claims", ms, "--bib", bib, "--style", "apa", "--style", "ieee", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    jsonschema.validate(data, api.schema("claims"))
    assert data["styles"] == ["apa", "ieee"]
    claim = data["claims"][1]
    assert claim["styled"]["ieee"]["text"] == "[2]"
    assert claim["styled"]["apa"]["text"].startswith("(Meeting of CIS Heads of State Council")
    assert claim["sources"][0]["key"] == "azertac2022cisastana" and 0 <= claim["sources"][0]["support"]["score"] <= 1
    assert data["sources"][1]["claims"] == [2] and data["sources"][1]["references"]["ieee"]["text"].startswith("[2] ")
    r = refs("claims", ms, "--bib", bib, "--style", "ieee", "--format", "csv", cwd=tmp_path)
    rows = r.stdout.splitlines()
    assert rows[0].startswith("claim,lines,date,status,number,key,support,citation (ieee),reference (ieee),text")
    assert len(rows) == 17
    r = refs("claims", ms, "--bib", bib, "--format", "html", "-o", "r.html", cwd=tmp_path)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('class="claim ') == 16


def test_a_repeated_key_is_a_warning_and_the_build_goes_on(tmp_path):
    (tmp_path / "my.bib").write_bytes(b"@book{k, title={A}}\n@book{k, title={B}}\n")
    (tmp_path / "refs.toml").write_text('bibliography = "my.bib"\n')
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 'my.bib:2:1: warning[duplicate-key]: key "k" names two different entries, at line 1 and line 2' in r.stderr


def test_output_into_a_closed_pipe_is_no_internal_error(tmp_path):
    # `refs styles | head -2`: the reader stops reading; refs stops quietly, as `cat | head` does
    p = subprocess.Popen([sys.executable, "-m", "refs", "styles"], cwd=tmp_path, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    assert p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(60) == 141 and "internal error" not in err and "Traceback" not in err


def test_the_installed_command_and_python_m_refs_give_what_main_gives(tmp_path):
    """A real process each: the console script the install made (refs._entry:run) and
    `python -m refs` print what refs.cli.main prints in this process, and exit the same."""
    script = Path(sysconfig.get_path("scripts")) / "refs"
    if not script.is_file():
        pytest.skip(f"refs is not installed in this environment ({script} is absent)")
    args = ["bib", str(EXAMPLE / "references.bib"), "--style", "vancouver"]
    here = refs(*args, cwd=tmp_path)
    assert here.returncode == 0 and len(here.stdout.splitlines()) == 16, here.stderr
    for command in ([str(script)], [sys.executable, "-m", "refs"]):
        done = subprocess.run([*command, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert (done.returncode, done.stdout, done.stderr) == (here.returncode, here.stdout, here.stderr), command
        version = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60)
        assert version.returncode == 0 and version.stdout.strip() == f"refs {__version__}", command


def test_the_runner_in_this_process_gives_the_process_back_as_it_was(tmp_path, monkeypatch):
    """conftest.refs_cli, which the tests here run refs with: argparse's exit is the exit code;
    the folder, the environment and the standard streams are the test's own again after a run;
    a run past its timeout is stopped, as a child's is."""
    monkeypatch.delenv("REFS_MAX_BYTES", raising=False)
    here, streams = os.getcwd(), (sys.stdin, sys.stdout, sys.stderr)
    r = refs_cli("frobnicate", cwd=tmp_path, env={"REFS_MAX_BYTES": "500"})
    assert r.returncode == 2 and "invalid choice" in r.stderr and r.stderr_bytes.decode() == r.stderr
    assert os.getcwd() == here and "REFS_MAX_BYTES" not in os.environ
    assert (sys.stdin, sys.stdout, sys.stderr) == streams
    import time

    from refs import cli

    monkeypatch.setattr(cli, "main", lambda argv: time.sleep(30))  # a run that hangs
    with pytest.raises(subprocess.TimeoutExpired):
        refs_cli("styles", cwd=tmp_path, timeout=0.2)
    assert os.getcwd() == here and (sys.stdin, sys.stdout, sys.stderr) == streams


@pytest.mark.parametrize("where", ["before", "after"])
def test_no_cache_and_debug_go_before_or_after_the_command(tmp_path, where):
    bib = str(Path(__file__).resolve().parent.parent / "bib" / "references.bib")
    args = ["--no-cache", "--debug", "bib", bib] if where == "before" else ["bib", bib, "--no-cache", "--debug"]
    r = refs_cli(*args, cwd=tmp_path, timeout=120, env={"REFS_CACHE_DIR": str(tmp_path / "cache")})
    assert r.returncode == 0, r.stderr
    assert not (tmp_path / "cache" / "libraries").exists()  # nothing parsed into the cache
    top = refs_cli("--help", timeout=60).stdout
    assert all(code in top for code in ("3 internal", "130 interrupted", "141"))


def test_init_in_an_empty_folder_says_what_is_missing_and_build_names_files_plainly(tmp_path):
    r = refs("init", cwd=tmp_path)
    assert r.returncode == 0
    assert "manuscript.txt (manuscript) is not here yet" in r.stderr
    assert "references.bib (bibliography) is not here yet" in r.stderr
    (tmp_path / "references.bib").write_text("@book{a1, title={A}, author={Ann Lee}, year=2020, publisher={P}}\n")
    (tmp_path / "manuscript.txt").write_text("Text [1].\n")
    assert "not here" not in refs("init", "--force", cwd=tmp_path).stderr
    b = refs("build", cwd=tmp_path)
    assert b.returncode == 0, b.stderr
    assert (tmp_path / "out" / "bibliography" / "apa.txt").is_file()  # locales = []: no ".default"
    assert not list((tmp_path / "out" / "bibliography").glob("*default*"))


def test_build_reports_citation_errors_writes_them_and_exits_1(tmp_path):
    (tmp_path / "references.bib").write_text("@book{a1, title={A}, author={Ann Lee}, year=2020, publisher={P}}\n")
    (tmp_path / "manuscript.txt").write_text("Text [1]. Other text [9].\n")
    (tmp_path / "refs.toml").write_text('bibliography = "references.bib"\nmanuscript = "manuscript.txt"\n')
    r = refs("build", cwd=tmp_path)
    assert r.returncode == 1
    assert "error[dangling-citation]" in r.stderr and r.stderr.splitlines()[-1].startswith("1 error, ")
    import json

    codes = [f["code"] for f in json.loads((tmp_path / "out" / "claims.json").read_text())["findings"]]
    assert "dangling-citation" in codes
    assert "dangling-citation" in (tmp_path / "out" / "claims.md").read_text()
    assert "1 finding" in (tmp_path / "out" / "claims.md").read_text() or "findings" in (
        tmp_path / "out" / "claims.md").read_text()


def test_the_bundled_example_can_be_copied_out_and_its_paths_open(tmp_path):
    r = refs("init", "--example", "ex", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert {p.name for p in (tmp_path / "ex").iterdir()} == {"refs.toml", "references.bib", "article.txt",
                                                              "article.bib"}
    check = refs("check", cwd=tmp_path / "ex")
    where = check.stdout.splitlines()[0].split(":")[0]
    assert (tmp_path / "ex" / where).is_file()  # the file a finding names is there
    assert refs("init", "--example", "ex", cwd=tmp_path).returncode == 2  # never over a folder in use
    # built from elsewhere, the outputs name the bundled files one way, never by an install path
    b = refs("build", cwd=tmp_path)
    assert "refs init --example DIR" in b.stderr
    styled = (tmp_path / "out" / "claims-styled.json").read_text(encoding="utf-8")
    assert "site-packages" not in styled and str(EXAMPLE) not in styled
