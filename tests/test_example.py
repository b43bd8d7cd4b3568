"""The bundled example project in bib/: the article verbatim, its 16 references, its own entry."""

from __future__ import annotations

import hashlib
import re

from refs.dates import Date
from refs.formats import bibtex

# sha256 of shared/seed/article.txt: bib/article.txt must stay byte for byte the same.
ARTICLE_SHA256 = "f7c6b78b70afb100dda2183e491528abe053a75961947926cc30b71b16a26553"


def load(example, name):
    parsed = bibtex.parse((example / name).read_text(encoding="utf-8"), name)
    assert not parsed.findings, parsed.findings
    return parsed.library


def test_article_is_verbatim(example):
    assert hashlib.sha256((example / "article.txt").read_bytes()).hexdigest() == ARTICLE_SHA256


def test_sixteen_online_references_in_citation_order(example):
    lib = load(example, "references.bib")
    assert len(lib) == 16
    assert all(r.entry_type == "online" and r.type == "webpage" for r in lib)
    assert len(set(lib.keys())) == 16
    assert all(re.fullmatch(r"[a-z]+20(22|23|24)[a-z]+", k) for k in lib.keys())
    # each entry stands at the place of its citation: the annote names its number
    for n, ref in enumerate(lib, start=1):
        assert f"citation [{n}]" in ref["annote"]


def test_every_entry_says_it_is_a_reconstruction(example):
    for ref in load(example, "references.bib"):
        assert ref["URL"].startswith(("https://", "http://"))
        assert ref["container-title"]
        assert ref["language"] in {"en", "de", "az"}
        assert "accessed" not in ref.fields and ref.extra_field("urldate") is None
        confidence = re.search(r"Confidence: (high|medium|low)\.", ref["annote"]).group(1)
        assert ref["keyword"] == f"reconstructed, confidence-{confidence}"
        assert ref["annote"].startswith("Reconstructed from the article's text")
        assert "Alternate URLs: " in ref["annote"]


def test_known_entries(example):
    lib = load(example, "references.bib")
    assert lib.nth(1)["issued"] == Date(start=(2022, 8, 24))
    assert lib.nth(6)["issued"] == Date(start=(2023, 4))  # month from the URL path only
    assert "issued" not in lib.nth(11).fields  # the publication date was not seen
    assert lib.nth(13)["title"].startswith("Azərbaycan və Qazaxıstan prezidentləri Füzulidə")
    assert lib.nth(4)["language"] == "de"
    assert "https://metbuat.az/news/1494872/azerbaycan-ve-qazaxistan-prezidentleri-susaya.html" in lib.nth(16)["annote"]
    assert "Alternate URLs: none found" in lib.nth(6)["annote"]


def test_the_article_entry(example):
    [work] = load(example, "article.bib")
    assert work["author"][0].display() == "Asmar Shukurlu"
    assert work["title"] == "Kazakhstan-Azerbaijan cooperation is at a new stage"
    assert "Казахстанско-азербайджанское сотрудничество находится на новом этапе" in work["annote"]
    assert work["language"] == "az"
