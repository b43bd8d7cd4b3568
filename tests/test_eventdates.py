from __future__ import annotations

import pytest

from refs.manuscript.eventdates import Resolver, find_dates


def resolve_all(*texts):
    r = Resolver()
    out = []
    for t in texts:
        for raw in find_dates(t):
            d = r.resolve(raw)
            out.append((raw.text, d.start if d else None, d.end if d else None))
    return out


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Tokayev 2022-cü il avqustun 24-də Bakıya gəldi", "2022-08-24", "2022-08-24"),
        ("2022-ci il oktyabrın 12-14-də səfərdə olmuşdur", "2022-10-12", "2022-10-14"),
        ("2022-ci ilin mayında", "2022-05", "2022-05"),
        ("2023-cü il aprel ayının 10-da", "2023-04-10", "2023-04-10"),
        ("2023-cü ildə", "2023", "2023"),
        ("24 avqust 2022-ci il tarixində", "2022-08-24", "2022-08-24"),
        ("24 августа 2022 г.", "2022-08-24", "2022-08-24"),
        ("12–14 октября 2022 года", "2022-10-12", "2022-10-14"),
        ("в мае 2022 года", "2022-05", "2022-05"),
        ("в 2023 году", "2023", "2023"),
        ("August 24, 2022", "2022-08-24", "2022-08-24"),
        ("24 August 2022", "2022-08-24", "2022-08-24"),
        ("October 12–14, 2022", "2022-10-12", "2022-10-14"),
        ("in May 2022", "2022-05", "2022-05"),
        ("since 2020", "2020", "2020"),
        ("2022 жылғы 24 тамызда", "2022-08-24", "2022-08-24"),
        ("2023 жылы", "2023", "2023"),
        ("24 Ağustos 2022 tarihinde", "2022-08-24", "2022-08-24"),
        ("2022 yılında", "2022", "2022"),
        ("on 2024-03-11", "2024-03-11", "2024-03-11"),
        ("11.03.2024", "2024-03-11", "2024-03-11"),
        # sources in German and French, as cited pages print them
        ("am 10. April 2023 in Berlin", "2023-04-10", "2023-04-10"),
        ("le 12 octobre 2022 à Paris", "2022-10-12", "2022-10-12"),
        ("le 1er mars 2021", "2021-03-01", "2021-03-01"),
    ],
)
def test_absolute_dates(text, start, end):
    [(_, s, e)] = resolve_all(text)
    assert (s, e) == (start, end)


def test_dates_without_a_year_take_it_from_context():
    got = resolve_all("2023-cü il aprelin 9-da gəldi.", "İki dövlət başçısı aprelin 10-da Astanada idi.")
    assert got[-1] == ("aprelin 10-da", "2023-04-10", "2023-04-10")
    assert resolve_all("10 апреля") == [("10 апреля", None, None)]  # no context: unresolved
    got = resolve_all("2023-cü il dekabrın 20-də", "yanvarın 5-də")
    assert got[-1][1] == "2024-01-05"  # January after December is the next year


@pytest.mark.parametrize(
    "context, anaphora, start",
    [
        ("2024-cü il martın 11-də", "Həmin gün", "2024-03-11"),
        ("2024-cü il martın 11-də", "Ertəsi gün", "2024-03-12"),
        ("2024-cü il martın 11-də", "Həmin il", "2024"),
        ("2024-cü il martın 11-də", "Ayın 18-də", "2024-03-18"),
        ("24 августа 2022 г.", "В тот же день", "2022-08-24"),
        ("24 августа 2022 г.", "на следующий день", "2022-08-25"),
        ("August 31, 2022", "the next day", "2022-09-01"),
        ("August 24, 2022", "On the same day", "2022-08-24"),
        ("2022 жылғы 24 тамызда", "Сол күні", "2022-08-24"),
        ("24 Ağustos 2022", "Aynı gün", "2022-08-24"),
    ],
)
def test_anaphora(context, anaphora, start):
    got = resolve_all(context, anaphora)
    assert got[-1][1] == start


def test_same_day_after_a_year_mention_keeps_the_day():
    got = resolve_all("2022-ci ilin mayında", "Ayın 18-də", "Həmin il", "Həmin gün")
    assert [g[1] for g in got] == ["2022-05", "2022-05-18", "2022", "2022-05-18"]


@pytest.mark.parametrize(
    "text",
    [
        "işğalçı Ermənistanın 30 il ərzində",
        "Kemel Tokayevin 100 illik yubileyi",
        "marşrutu 11günə qət etmişdir",
        "qatar 11 gün yolda idi",
        "XIX əsrin ortalarında",
        "44 günlük müharibə",
        "за 30 лет товарооборот вырос",
        "100-летие основания города",
        "it took 11 days",
        "a 100-year-old bridge",
        "ayda 10 konteyner qatarı",
        "7 min kilometr",
        "COP29-un keçirilməsi",
    ],
)
def test_not_event_dates(text):
    assert find_dates(text) == []


def test_impossible_dates_are_not_dates():
    assert find_dates("2023-cü il fevralın 30-da") == []
    assert find_dates("February 30, 2023") == []


def _claim_dates(text: str) -> list:
    from refs.manuscript import analyse

    return [c.date.start if c.date else None for c in analyse(text, "m.txt", "txt").claims]


def test_a_date_is_inherited_within_its_paragraph_not_into_a_literature_review():
    review = ("Wheat yields rose sharply in the region according to field trials and survey data [1]. "
              "A USDA report published on March 3, 2021 summarised the outlook for the season [2]. "
              "Farmers there grow durum wheat in the north and bread wheat in the south [3].\n\n"
              "Soil moisture is the main limit on yield in dry years across the whole steppe belt [4].\n\n"
              "Later breeding programmes selected for drought tolerance and earlier ripening [5].\n")
    dates = _claim_dates(review)
    assert dates[1] == "2021-03-03"  # its own date
    assert dates[2] is None  # a report's publication date is no event date for what follows
    assert dates[3] is None and dates[4] is None  # and nothing crosses into other paragraphs


def test_a_chronicle_carries_its_date_on_and_a_future_statement_takes_none():
    chronicle = ("On 10 April 2023 the two presidents met in Astana and signed a declaration on strategic ties [1]. "
                 "They then reviewed a guard of honour at the palace [2].\n\n"
                 "On 11 April 2023 the delegations discussed transport corridors and grain exports [3].\n\n"
                 "The ministers of transport held a separate meeting on the Middle Corridor [4].\n\n"
                 "The new rail line will open to freight traffic after the bridge is finished [5].\n")
    dates = _claim_dates(chronicle)
    assert dates[:4] == ["2023-04-10", "2023-04-10", "2023-04-11", "2023-04-11"]  # a chronicle goes on
    assert dates[4] is None  # "will open": not an event of 11 April
