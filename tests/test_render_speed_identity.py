"""The render cache changes no character of output: a varied library renders the same in the
seven styles without it, cold and warm; a changed entry is the only one rendered again."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

from refs.formats import bibtex
from refs.render import registry
from refs.render.cache import RenderCache
from refs.render.csl import Cite, Engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from library import library as synthetic  # noqa: E402

STYLES = ["apa", "ieee", "chicago-author-date", "vancouver", "modern-language-association",
          "harvard-cite-them-right", "gost-r-7-0-5-2008-numeric"]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def library_items():
    """The varied library (the fixture's 29 entries and 420 synthetic ones), read once for the
    module; each test takes a copy of its own."""
    lib = bibtex.parse((ROOT / "tests" / "fixtures" / "library.bib").read_text(encoding="utf-8")).library
    return bibtex.resolve_crossrefs(lib).to_csl_json() + synthetic(420, seed=3)


@pytest.fixture
def items(library_items):
    return copy.deepcopy(library_items)


def render(style, data, cache=None):
    engine = Engine(registry.find_style(style), None, data, cache=cache)
    entries = [(e.key, e.marked) for e in engine.bibliography()]
    cites = [engine.cite([Cite(data[i]["id"]), Cite(data[i + 1]["id"])]) for i in range(0, 40, 2)]
    return entries, cites


@pytest.fixture(scope="module")
def filled() -> dict[str, RenderCache]:
    """Each style's cache once its test below has passed, holding the whole library: the test
    after them takes APA's instead of rendering the library into a cache again."""
    return {}


@pytest.mark.parametrize("style", STYLES)
def test_the_cache_keeps_every_character(style, tmp_path, items, filled):
    data = items
    plain = render(style, data)
    cache = RenderCache(tmp_path / "cache.sqlite3")
    cold = render(style, data, cache)
    warm = render(style, data, cache)
    assert cold == warm == plain
    assert cache.hits > 0
    filled[style] = cache


def test_one_changed_entry_rerenders_only_itself(tmp_path, items, filled):
    data = items
    cache = filled.get("apa")
    if cache is None:  # run alone
        cache = RenderCache(tmp_path / "cache.sqlite3")
        Engine(registry.find_style("apa"), None, data, cache=cache).bibliography()
    changed = [dict(i) for i in data]
    changed[5]["title"] = "A title that changed"
    misses = cache.misses
    entries = [(e.key, e.marked) for e in Engine(registry.find_style("apa"), None, changed, cache=cache).bibliography()]
    assert cache.misses - misses == 2  # the bibliography as a whole, and the one entry
    assert entries == [(e.key, e.marked) for e in Engine(registry.find_style("apa"), None, changed).bibliography()]


def test_an_entry_that_renders_to_nothing_is_left_out_cold_and_warm(tmp_path):
    """A layout whose only variable an item lacks gives that item no entry; with a fresh cache
    this once ended in an internal error (the empty entry was looked up among the rendered)."""
    style = tmp_path / "url-only.csl"
    style.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">\n'
        '  <info><title>URL only</title><id>url-only</id><updated>2026-12-03T00:00:00+00:00</updated></info>\n'
        '  <citation><layout><text variable="title"/></layout></citation>\n'
        '  <bibliography><layout><text variable="URL"/></layout></bibliography>\n'
        '</style>\n', encoding="utf-8")
    data = [{"id": "web", "type": "webpage", "title": "A", "URL": "https://a.az/x"},
            {"id": "book", "type": "book", "title": "B"}]
    cache = RenderCache(tmp_path / "cache.sqlite3")
    for _ in range(2):  # cold, then warm
        engine = Engine(registry.find_style(str(style)), None, data, cache=cache)
        assert [(e.key, e.text) for e in engine.bibliography()] == [("web", "https://a.az/x")]
    assert [(e.key, e.text) for e in Engine(registry.find_style(str(style)), None, data).bibliography()] == \
        [("web", "https://a.az/x")]
