"""The speed-ups around citeproc-py change no character of output: a varied library renders
the same in the seven styles with them and without them (stock citeproc-py look-ups, no cache,
no worker processes), and a warm cache gives what a cold render gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from refs.formats import bibtex
from refs.render import csl, registry
from refs.render.cache import RenderCache
from refs.render.csl import Cite, Engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from library import library as synthetic  # noqa: E402

STYLES = ["apa", "ieee", "chicago-author-date", "vancouver", "modern-language-association",
          "harvard-cite-them-right", "gost-r-7-0-5-2008-numeric"]
ROOT = Path(__file__).resolve().parents[1]


def items():
    lib = bibtex.parse((ROOT / "tests" / "fixtures" / "library.bib").read_text(encoding="utf-8")).library
    return bibtex.resolve_crossrefs(lib).to_csl_json() + synthetic(420, seed=3)


def render(style, data, cache=None):
    engine = Engine(registry.find_style(style), None, data, cache=cache)
    entries = [(e.key, e.marked) for e in engine.bibliography()]
    cites = [engine.cite([Cite(data[i]["id"]), Cite(data[i + 1]["id"])]) for i in range(0, 40, 2)]
    return entries, cites


@pytest.mark.parametrize("style", STYLES)
def test_speedups_keep_every_character(style, monkeypatch, tmp_path):
    data = items()
    fast = render(style, data)  # xpath cache, cached look-ups, workers (420+ entries)
    monkeypatch.setattr(csl, "FAST", False)
    monkeypatch.setenv("REFS_WORKERS", "1")
    stock = render(style, data)
    assert fast == stock
    monkeypatch.setattr(csl, "FAST", True)
    cache = RenderCache(tmp_path / "cache.sqlite3")
    cold = render(style, data, cache)
    warm = render(style, data, cache)
    assert cold == warm == stock
    assert cache.hits > 0


def test_one_changed_entry_rerenders_only_itself(tmp_path):
    data = items()
    cache = RenderCache(tmp_path / "cache.sqlite3")
    render("apa", data, cache)
    changed = [dict(i) for i in data]
    changed[5]["title"] = "A title that changed"
    misses = cache.misses
    entries, _ = render("apa", changed, cache)
    assert cache.misses - misses <= 8  # the entry, its citation, and its sort keys (APA sorts by 5 macros)
    assert entries == render("apa", changed)[0]
