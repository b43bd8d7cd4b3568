from __future__ import annotations

import pytest

from refs.verify.support import SourceText, numbers_in, score, skeleton


@pytest.mark.parametrize(
    "a, b",
    [("Əliyev", "Aliyev"), ("Aliyev", "Алиев"), ("Tokayev", "Токаев"), ("Токаев", "Тоқаев"),
     ("küçəsinin", "küçə"), ("Füzuli", "Fuzuli"), ("Şuşa", "Shusha"), ("Bekturov", "Бектуров"),
     ("Heydər", "Heydar"), ("Xəlilov", "Khalilov"), ("Füzulidə", "Fuzuli")],
)
def test_the_same_name_in_other_scripts(a, b):
    assert skeleton(a) == skeleton(b)


def test_near_spellings_match():
    src = SourceText("Kurmangazy children's centre in Kazakhstan")
    assert src.has_name(skeleton("Kurmanqazı")) and src.has_name(skeleton("Qazaxıstan"))
    assert not src.has_name(skeleton("Mongolia"))


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


def test_score_counts_names_numbers_and_the_date():
    src = SourceText("61 containers reached Baku from Xi'an after 11 days and 7,000 km", [("2024-03-11", "2024-03-11")])
    s = score("Altmış bir konteyner Sian terminalından Bakıya 7 min kilometr yolu 11 günə qət etdi",
              ("2024-03-11", "2024-03-11"), src)
    assert {"61", "7000", "11", "date 2024-03-11"} <= set(s.matched)
    assert s.score > 0.5
    nothing = score("Mongolia sent 1,200 delegates", None, src)
    assert nothing.matched == [] and nothing.unmatched == ["Mongolia", "1200"]
