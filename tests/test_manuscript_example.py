"""The example article, checked by hand: 16 claims, their lines and dates, 5 uncited passages,
clean Azerbaijani text, the summaries' metadata, and JSON that keeps the published schema."""

from __future__ import annotations

import re

import jsonschema
import pytest

from refs import api, manuscript
from refs.formats import bibtex
from refs.report.claims import to_json


@pytest.fixture(scope="module")
def claim_map(example):
    lib = bibtex.parse((example / "references.bib").read_text(encoding="utf-8")).library
    text = (example / "article.txt").read_text(encoding="utf-8")
    return manuscript.analyse(text, "article.txt", "text", lib.keys(), "references.bib"), lib


@pytest.fixture(scope="module")
def example():
    from pathlib import Path

    return Path(__file__).resolve().parents[1] / "bib"


# (first line, marker line, date start, date end, inferred, first words) per claim, read off
# the article by hand.
EXPECTED = [
    (10, 27, "2022-08-24", "2022-08-24", False, "Qazaxıstan Prezidenti Kasım-Jomart Tokayev 2022-cü il"),
    (29, 34, "2022-10-12", "2022-10-14", False, "Azərbaycan Prezidenti İ.Əliyev 2022-ci il oktyabrın"),
    (36, 52, "2023-04-10", "2023-04-10", False, "2023-cü il aprelin 10-da"),
    (64, 94, "2023-04-10", "2023-04-10", True, "Daha sonra isə Azərbaycan Prezidentinin"),
    (96, 103, "2023-04-10", "2023-04-10", False, "İki dövlət başçısı aprelin 10-da"),
    (105, 122, "2023-04-10", "2023-04-10", False, "Həmin gün Azərbaycan Prezidenti İ.Əliyev"),
    (124, 142, "2023-11-03", "2023-11-03", False, "Türk Dövlətləri Təşkilatının X Zirvə"),
    (144, 159, "2023-11-24", "2023-11-24", False, "2023-cü il noyabrın 24-də"),
    (161, 172, "2024-03-11", "2024-03-11", False, "Qazaxıstan prezidenti Kasım-Jomart Tokayev 2024-cü il"),
    (174, 180, "2024-03-11", "2024-03-11", True, "Qazaxıstan Prezidenti Kasım-Jomart Tokayev mətbuat"),
    (182, 209, "2024-03-11", "2024-03-11", False, "Martın 11-də Azərbaycan Prezidenti"),
    (210, 230, "2024-03-11", "2024-03-11", False, "Həmin gün iki dövlət başçısının"),
    (232, 249, "2024-03-12", "2024-03-12", False, "Azərbaycanda dövlət səfərində olan"),
    (249, 259, "2024-03-12", "2024-03-12", True, "Füzulidə açılış mərasimində"),
    # "… dərsləri keçiriləcək" (lessons will be held): a statement about the future takes no date
    (261, 269, None, None, None, "Qeyd edək ki, Uşaq Yaradıcılıq Mərkəzində"),
    (278, 294, "2024-03-12", "2024-03-12", False, "Martın 12-də dövlət başçıları Şuşa"),
]


def test_sixteen_claims_each_linked_to_its_entry(claim_map):
    cm, lib = claim_map
    assert len(cm.claims) == 16 and len(cm.markers) == 16
    for n, claim in enumerate(cm.claims, start=1):
        [citation] = claim.citations
        assert citation.number == n and citation.key == lib.nth(n).key and citation.locator is None
        assert claim.marker.text == f"[{n}]"


@pytest.mark.parametrize("n", range(1, 17))
def test_claim_lines_dates_and_start(claim_map, n):
    cm, _ = claim_map
    claim = cm.claims[n - 1]
    first, last, start, end, inferred, words = EXPECTED[n - 1]
    assert (claim.first_line, claim.last_line) == (first, last)
    if start is None:
        assert claim.date is None
    else:
        assert (claim.date.start, claim.date.end, claim.date.inferred) == (start, end, inferred)
    assert claim.text.startswith(words)


def test_claim_text_is_clean_azerbaijani(claim_map):
    cm, _ = claim_map
    allowed = {
        "Kasım-Jomart", "Azərbaycan-Qazaxıstan", "nəqliyyat-logistika", "Nəqliyyat-Logistika", "fiber-optik",
        "Qeyri-Kommersiya", "AZƏRTAC-ın", "Bakı-Tbilisi-Qars", "Şərq-Qərb", "Rusiya-Ukrayna", "bir-birini",
        "COP29-un", "alqı-satqısı", "ev-muzeyi",
    }
    for claim in cm.claims:
        text = claim.text
        assert "\n" not in text and "  " not in text and not text.endswith(" ")
        for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)+|\w+-\w+", text):
            if re.match(r"\d", word):
                continue  # 2022-cü, 12-14-də, 1-ci: a number and its suffix
            assert word in allowed, f"claim {claim.number}: {word!r} looks like a line-end hyphen"
    joined = " ".join(c.text for c in cm.claims)
    for word in ("dövlət", "Tokayev", "Əliyev", "Azərbaycan", "Teleradiokompleksi", "müharibəsindən",
                 "vurğulanmışdır", "robototexnika", "fotoqrafiya", "Memorandum”u"):
        assert word in joined


def test_uncited_passages(claim_map):
    cm, _ = claim_map
    got = [(u.kind, u.first_line, u.last_line, u.text.split()[0]) for u in cm.uncited]
    assert got == [
        ("introduction", 2, 8, "Qazaxıstan"),
        ("factual", 54, 58, "Prezident"),
        ("factual", 60, 62, "Söhbət"),
        ("factual", 271, 276, "Martın"),
        ("conclusion", 297, 306, "Yuxarıda"),
    ]
    # the introduction was cut by a page break after "əlaqələrin"
    assert "əlaqələrin inkişaf etməsində" in cm.uncited[0].text
    assert cm.uncited[0].date is None and cm.uncited[3].date.start == "2024-03-12"


def test_durations_and_centuries_are_not_dates(claim_map):
    cm, _ = claim_map
    texts = [m.text for c in cm.claims for m in c.dates]
    assert "Həmin gün" in texts and "aprelin 10-da" in texts
    for not_a_date in ("30 il", "100 il", "11günə", "XIX əsr", "7 min"):
        assert not any(not_a_date in t for t in texts)


def test_sections_and_front_back_matter(claim_map):
    cm, _ = claim_map
    assert cm.sections == (("Giriş", "introduction", 1), ("Nəticə", "conclusion", 296))
    meta = cm.metadata
    assert meta["az"]["keywords"] == ["Qazaxıstan", "Azərbaycan", "rəsmi səfərlər", "işgüzar səfərlər", "rəsmi sənədlər"]
    assert meta["en"]["author"] == "Asmar Shukurlu"
    assert meta["en"]["title"] == "Kazakhstan-Azerbaijan cooperation is at a new stage"
    assert meta["en"]["keywords"][-1] == "official documents"
    assert meta["en"]["abstract"].startswith("Kazakh-Azerbaijani relations are based on historical roots")
    assert meta["ru"]["author"] == "Асмар Шукурлу"
    assert meta["ru"]["title"] == "Казахстанско-азербайджанское сотрудничество находится на новом этапе"
    assert "независимости" in meta["ru"]["abstract"] and meta["ru"]["keywords"][2] == "официальные визиты"
    # summaries are not body claims
    assert not any("SUMMARY" in u.text or "relations" in u.text for u in cm.uncited)


def test_json_keeps_the_published_schema(claim_map):
    cm, lib = claim_map
    data = to_json(cm, len(lib))
    jsonschema.validate(data, api.schema("claims"))
    assert data["claims"][1]["lines"] == [29, 34]
    assert data["claims"][1]["date"] == {"start": "2022-10-12", "end": "2022-10-14", "inferred": False}
    assert data["markers"][0] == {"numbers": [1], "line": 27, "column": 34, "text": "[1]", "locator": None}
    assert data["claims"][0]["dates"][0] == {
        "text": "2022-cü il avqustun 24-də", "kind": "absolute", "line": 11, "column": 1,
        "start": "2022-08-24", "end": "2022-08-24",
    }


def test_schema_rejects_what_breaks_the_contract(claim_map):
    cm, lib = claim_map
    data = to_json(cm, len(lib))
    data["claims"][0]["lines"] = [10]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, api.schema("claims"))
