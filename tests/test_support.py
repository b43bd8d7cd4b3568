from __future__ import annotations

import sys
from pathlib import Path

import pytest

from refs.verify.evidence import SUPPORTED, SourceDoc, judge
from refs.verify.support import numbers_in, skeleton

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@pytest.mark.parametrize(
    "a, b",
    [("Əliyev", "Aliyev"), ("Aliyev", "Алиев"), ("Tokayev", "Токаев"), ("Токаев", "Тоқаев"),
     ("küçəsinin", "küçə"), ("Füzuli", "Fuzuli"), ("Şuşa", "Shusha"), ("Bekturov", "Бектуров"),
     ("Heydər", "Heydar"), ("Xəlilov", "Khalilov"), ("Füzulidə", "Fuzuli")],
)
def test_the_same_name_in_other_scripts(a, b):
    assert skeleton(a) == skeleton(b)


def test_near_spellings_match():
    src = SourceDoc("Kurmangazy children's centre in Kazakhstan, opened on 2 May 2023.", lang="en")
    e = judge("Kurmanqazı adına uşaq mərkəzi Qazaxıstanda açılıb.", src)
    assert {i.text for i in e.passage.matched} >= {"Kurmanqazı", "Qazaxıstanda"}
    assert "Mongolia" in {i.text for i in judge("Mongolia sent delegates.", src).passage.missing}


@pytest.mark.parametrize(
    "text, values",
    [
        ("Altmış bir konteynerdən ibarət qatar", {61}),
        ("uzunluğu 7 min kilometr", {7000}),
        ("40 faiz artım", {40}),
        ("1,400 m and 7 000 km", {1400, 7000}),
        ("bir milyard dollara", {1_000_000_000}),
        ("USD 1 bn", {1_000_000_000}),
        ("в 3,5 раза", {3.5}),
        ("шестьдесят один контейнер", {61}),
        ("sixty one containers", {61}),
        ("met on Monday in Astana; bir sıra sənəd", set()),
    ],
)
def test_numbers(text, values):
    assert numbers_in(text) == values


def test_a_claim_is_judged_on_names_numbers_and_the_date():
    from support_bench import dates_in

    src = SourceDoc("61 containers reached Baku from Xi'an on 11 March 2024 after 11 days and 7,000 km.", lang="en")
    e = judge("Altmış bir konteyner Sian terminalından Bakıya 7 min kilometr yolu 11 günə qət edərək 2024-cü il "
              "martın 11-də çatıb.", src, dates_in)
    assert {"Altmış bir", "7 min", "11"} <= {i.text for i in e.passage.matched} and e.verdict == SUPPORTED
    nothing = judge("Mongolia sent 1,200 delegates.", src, dates_in)
    assert [i.text for i in nothing.passage.matched] == [] and nothing.verdict != SUPPORTED
