from __future__ import annotations

from pathlib import Path

import pytest

from refs import api
from refs.config import KEYS, TEMPLATE, parse_config
from refs.errors import ConfigError


def test_settings_and_relative_paths(tmp_path):
    src = tmp_path / "proj" / "refs.toml"
    p = parse_config('bibliography = "r.bib"\nmanuscript = "m.txt"\nstyles = ["ieee"]\n', src, tmp_path)
    assert p.bibliography == tmp_path / "proj" / "r.bib"
    assert p.manuscript == tmp_path / "proj" / "m.txt"
    assert p.styles == ("ieee",) and p.output == tmp_path / "out"


def test_pyproject_without_table_is_not_a_project(tmp_path):
    assert parse_config('[project]\nname = "x"\n', tmp_path / "pyproject.toml", tmp_path, "tool.refs") is None


@pytest.mark.parametrize(
    "text, message",
    [
        ('bibliography = "a.bib"\nstyels = ["apa"]\n', "unknown setting 'styels'"),
        ('bibliography = 3\n', 'setting "bibliography" must be a string'),
        ('bibliography = "a.bib"\nstyles = "apa"\n', 'setting "styles" must be a list of strings'),
        ('manuscript = "a.txt"\n', 'setting "bibliography" is required'),
    ],
)
def test_bad_settings(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        parse_config(text, tmp_path / "refs.toml", tmp_path)


def test_template_is_valid_and_complete(tmp_path):
    text = TEMPLATE.format(manuscript="m.txt", bibliography="r.bib")
    p = parse_config(text, tmp_path / "refs.toml", tmp_path)
    assert p is not None and p.bibliography.name == "r.bib"
    for key in KEYS:
        assert key in text


def test_bundled_example_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    project, note = api.load_project(tmp_path)
    assert project.bundled and "bundled example" in note
    assert project.bibliography.name == "references.bib" and project.bibliography.is_file()
    assert project.manuscript.name == "article.txt" and project.work.name == "article.bib"
    assert "apa" in project.styles and project.output == tmp_path / "out"
    assert isinstance(api.bundled_dir("styles"), Path)


def test_load_library_lenient_keeps_what_it_can(tmp_path, monkeypatch):
    from refs.errors import ParseError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.bib").write_text("@book{a, title={A}}\n@book{b, title={B\n\n@book{c, title={C}}\n")
    with pytest.raises(ParseError) as info:
        api.load_library(tmp_path / "x.bib")
    assert str(info.value).startswith("x.bib:2:1: error[bibtex-syntax]")
    parsed = api.load_library(tmp_path / "x.bib", strict=False)
    assert parsed.library.keys() == ["a", "c"] and len(parsed.errors) == 1
