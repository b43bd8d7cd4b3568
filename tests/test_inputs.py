"""Which files a command works on (project.resolve_inputs, one rule for every command), and the
caches of a run (--no-cache reads and writes none), run in-process through refs.cli.main."""

from __future__ import annotations

import shutil
from pathlib import Path

from refs import api, cli
from refs.project import resolve_inputs

ROOT = Path(__file__).resolve().parents[1]
CLEAN = ROOT / "tests" / "fixtures" / "check" / "clean.bib"

MANUSCRIPT = "Ports grew in 2023 [1]. Trains ran on time [2].\n"
PROJECT_BIB = """@online{one, title = {Ports}, url = {https://example.org/1}, date = {2023-05-01}}
@online{two, title = {Trains}, url = {https://example.org/2}, date = {2023-05-02}}
"""


def _project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.toml").write_text('manuscript = "paper.txt"\nbibliography = "refs.bib"\nencoding = "utf-8"\n',
                                      encoding="utf-8")
    (folder / "paper.txt").write_text(MANUSCRIPT, encoding="utf-8")
    (folder / "refs.bib").write_text(PROJECT_BIB, encoding="utf-8")
    return folder


def test_a_project_fills_in_what_the_command_line_leaves_out(tmp_path):
    folder = _project(tmp_path / "p")
    inputs = resolve_inputs(folder)
    assert inputs.project is not None and inputs.note is None
    assert (inputs.bibliography, inputs.manuscript) == (folder / "refs.bib", folder / "paper.txt")
    assert inputs.encoding == "utf-8"
    other = tmp_path / "other.txt"
    mine = resolve_inputs(folder, manuscript=other)  # a manuscript named: the project's bibliography beside it
    assert (mine.bibliography, mine.manuscript) == (folder / "refs.bib", other)


def test_a_bibliography_named_on_the_command_line_takes_nothing_from_the_project(tmp_path):
    folder = _project(tmp_path / "p")
    inputs = resolve_inputs(folder, bibliography=CLEAN)
    assert inputs.project is None
    assert (inputs.manuscript, inputs.sources, inputs.encoding) == (None, None, None)


def test_the_bundled_example_never_pairs_with_a_users_manuscript(tmp_path):
    inputs = resolve_inputs(tmp_path, manuscript=tmp_path / "mine.txt")
    assert inputs.bibliography is None and inputs.project is None and inputs.note is None
    example = resolve_inputs(tmp_path)
    assert example.project is not None and example.project.bundled and example.note
    assert example.shown(example.bibliography) == "bib/references.bib"


def test_check_of_a_manuscript_without_a_bibliography_asks_for_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text(MANUSCRIPT, encoding="utf-8")
    assert cli.main(["check", "mine.txt"]) == 2
    err = capsys.readouterr().err
    assert "no bibliography to check mine.txt against" in err and "Traceback" not in err


def test_check_of_a_bibliography_in_a_project_folder_checks_it_alone(tmp_path, monkeypatch, capsys):
    folder = _project(tmp_path / "p")
    monkeypatch.chdir(folder)
    shutil.copy(CLEAN, folder / "clean.bib")
    assert cli.main(["check", "clean.bib", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "paper.txt" not in out  # the project's manuscript is not checked against another bibliography


def test_export_with_a_named_bibliography_brings_no_claims_of_the_project(tmp_path, monkeypatch, capsys):
    folder = _project(tmp_path / "p")
    monkeypatch.chdir(folder)
    assert cli.main(["export", "--to", "csljson"]) == 0
    with_claims = capsys.readouterr().out
    assert "Claim 1 in paper.txt" in with_claims
    shutil.copy(folder / "refs.bib", folder / "copy.bib")
    assert cli.main(["export", "copy.bib", "--to", "csljson"]) == 0
    assert "Claim 1" not in capsys.readouterr().out


def test_no_cache_reads_and_writes_no_cache(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REFS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    shutil.copy(CLEAN, tmp_path / "clean.bib")
    assert cli.main(["--no-cache", "bib", "clean.bib"]) == 0
    assert not (tmp_path / "cache").exists()
    first = capsys.readouterr().out
    assert cli.main(["bib", "clean.bib"]) == 0
    assert (tmp_path / "cache").is_dir() and capsys.readouterr().out == first
    assert cli.main(["cache", "info"]) == 0
    info = capsys.readouterr().out
    assert "parsed libraries" in info and " 1 parsed libraries" in info
    assert cli.main(["bib", "clean.bib"]) == 0 and capsys.readouterr().out == first


def test_no_cache_holds_for_import_and_for_export_with_claims(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REFS_CACHE_DIR", str(tmp_path / "cache"))
    folder = _project(tmp_path / "p")
    monkeypatch.chdir(folder)
    assert cli.main(["--no-cache", "export", "--to", "ris"]) == 0  # renders the claims' styles
    assert "Claim 1 in paper.txt" in capsys.readouterr().out
    (folder / "new.ris").write_text("TY  - BOOK\nTI  - A new book\nPY  - 2020\nER  - \n", encoding="utf-8")
    assert cli.main(["--no-cache", "import", "new.ris", "--into", "refs.bib"]) == 0  # reads the .bib
    assert "A new book" in (folder / "refs.bib").read_text(encoding="utf-8")
    assert not (tmp_path / "cache").exists()


def test_one_engine_per_style_and_locale_in_a_build(tmp_path):
    folder = _project(tmp_path / "p")
    project, _ = api.load_project(folder)
    project = api.with_overrides(project, styles=("apa", "ieee"), locales=("en-US", "de-DE"))
    made: list[tuple[str, str | None]] = []

    class Counting(api.Engines):
        def get(self, style, locale):
            if (style, locale) not in self._made:
                made.append((style, locale))
            return super().get(style, locale)

    from refs import build as build_module

    run, _ = build_module._read(project, api.Caches(enabled=False))
    run.engines = Counting(run.library, api.Caches(enabled=False))
    for step in build_module.STEPS:
        step(run)
    assert sorted(made) == sorted({(s, loc) for s in ("apa", "ieee") for loc in ("en-US", "de-DE")})
