"""Agreement with citeproc-js, entry by entry, over the seven required styles.

The citeproc-js renderings are stored in tests/golden/citeproc-js (made by
tests/citeproc_js.py with node); every difference must be listed, with its reason, in
KNOWN-DIFFERENCES.md there. Where node is installed, a second test renders again with
citeproc-js and checks the stored files are what it gives today."""

from __future__ import annotations

import json
import re

import citeproc_js as cj
import pytest

from refs.formats import bibtex
from refs.render import registry, richtext
from refs.render.csl import Cite, Engine

pytestmark = pytest.mark.conformance  # run alone: pytest -m conformance


def normalise(text: str) -> str:
    return " ".join(text.split())


def known() -> set[tuple[str, str, str]]:
    rows = (cj.GOLDEN / "KNOWN-DIFFERENCES.md").read_text(encoding="utf-8").splitlines()
    out = set()
    for row in rows:
        m = re.match(r"^\| (example|library) \| ([\w-]+) \| ([\w-]+) \|", row)
        if m and m.group(3) != "key":  # not the table's heading
            out.add(m.groups())
    return out


def ours(library: str, style: str, clusters: list[list[dict]]) -> tuple[dict[str, str], list[str]]:
    """Our bibliography, and each cluster rendered alone after every item was registered (as
    citeproc-js's makeCitationCluster renders it)."""
    lib = bibtex.parse(cj.LIBRARIES[library].read_text(encoding="utf-8")).library
    engine = Engine(registry.find_style(style), None, bibtex.resolve_crossrefs(lib).to_csl_json())
    entries = {e.key: e.text for e in engine.bibliography()}
    cites = [[Cite(c["id"], c.get("locator"), label=c.get("label")) for c in cluster] for cluster in clusters]
    return entries, [richtext.to_text(t) for t in engine.clusters(cites, alone=True)]


def compare() -> tuple[dict[str, tuple[int, int]], set[tuple[str, str, str]]]:
    """(same, total) for entries and for citations; the differing (library, style, key), a
    citation's key being ``cite-N``."""
    counts = {"entries": [0, 0], "citations": [0, 0]}
    differing = set()
    for library in cj.LIBRARIES:
        for style in cj.STYLES:
            stored = json.loads(cj.golden_path(library, style).read_text(encoding="utf-8"))
            golden = stored["entries"]
            mine, cites = ours(library, style, [cluster for cluster, _ in stored["citations"]])
            assert set(golden) == set(mine), (library, style)
            for key, text in golden.items():
                counts["entries"][1] += 1
                if normalise(text) == normalise(mine[key]):
                    counts["entries"][0] += 1
                else:
                    differing.add((library, style, key))
            for n, ((_, text), mine_text) in enumerate(zip(stored["citations"], cites, strict=True)):
                counts["citations"][1] += 1
                if normalise(text) == normalise(mine_text):
                    counts["citations"][0] += 1
                else:
                    differing.add((library, style, f"cite-{n}"))
    return {k: (v[0], v[1]) for k, v in counts.items()}, differing


def test_agreement_with_citeproc_js_is_at_least_96_percent():
    counts, differing = compare()
    same, total = counts["entries"]
    assert total == 7 * (16 + 29)
    assert same / total >= 0.96, f"entries {same}/{total}"
    same, total = counts["citations"]
    assert total == 7 * (16 * 2 + 8 + 29 * 2 + 14)  # alone, with a locator, two by two
    assert same / total >= 0.96, f"citations {same}/{total}"
    listed = known()
    assert differing - listed == set(), "new differences: list them with a reason or fix them"
    assert listed - differing == set(), "listed differences that no longer differ: remove them"


@pytest.mark.skipif(not cj.available(), reason=cj.WHY_NOT)
def test_stored_renderings_are_what_citeproc_js_gives():
    for library in cj.LIBRARIES:
        for style in cj.STYLES:
            items, xml, lang, locales = cj.job(library, style)
            stored = json.loads(cj.golden_path(library, style).read_text(encoding="utf-8"))
            clusters = cj.citation_clusters(items)
            out = cj.render(xml, locales, lang, items, [i["id"] for i in items], clusters)
            assert {e["id"]: e["text"] for e in out["bibliography"]} == stored["entries"], (library, style)
            assert stored["citations"] == [[c, t] for c, t in zip(clusters, out["citations"], strict=True)]
