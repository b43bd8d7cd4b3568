"""Claim against source: passages, matches across scripts, numbers and dates, verdicts.

The calibration set (tests/fixtures/support/labelled.json) and a second set kept apart from the
calibration (heldout.json) are source pages and claims written for these tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from refs.verify import evidence as ev

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import support_bench  # noqa: E402

dates = support_bench.dates_in

PAGE = ev.SourceDoc(
    text=("The new ferry terminal of the Port of Alyat was opened on 18 May 2021 by transport minister "
          "Rauf Mammadzade. The terminal can handle 15 million tonnes of cargo a year. Construction took "
          "three years and cost 420 million manats.\n\nThe weather was warm and guests watched the first ship "
          "leave the quay."),
    title="New ferry terminal opens at the Port of Alyat", published=("2021-05-19", "2021-05-19"), lang="en")


def verdict(claim: str, source: ev.SourceDoc = PAGE) -> ev.Evidence:
    return ev.judge(claim, source, dates)


def test_sentences_keep_initials_abbreviations_and_decimals_together():
    text = "Dr. A. B. Smith said 2.1 billion was paid. The port (St. Petersburg) grew.\n\nA new paragraph"
    spans = [text[a:b] for a, b in ev.sentences(text)]
    assert spans == ["Dr. A. B. Smith said 2.1 billion was paid.", "The port (St. Petersburg) grew.",
                     "A new paragraph"]


@pytest.mark.parametrize("a, b", [("Гянджа", "Gəncə"), ("Gəncə", "Ganja"), ("Гасановой", "Həsənova"),
                                  ("Qaraqanda", "Карагандой"), ("Şımkentdəki", "Shymkent"),
                                  ("Qazaxıstanda", "Kazakhstan"), ("Türkmənbaşı", "Turkmenbashi"),
                                  ("Мамедзаде", "Mammadzade")])
def test_names_sound_alike_across_scripts_and_endings(a, b):
    assert ev.phonetic(a) == ev.phonetic(b)


def test_claim_items_treat_a_sentence_start_with_care():
    items = {(i.kind, i.text) for i in ev.claim_items("Görüşdə Rauf Mammadzade 40 faiz artımdan danışıb.", dates)}
    assert ("lead", "Görüşdə") in items  # a capitalised first word is a name only if the source has it
    assert ("name", "Rauf") in items and ("name", "Mammadzade") in items
    number = next(i for i in ev.claim_items("Ticarət 40 faiz artıb.", dates) if i.kind == "number")
    assert (number.value, number.unit) == (40, "percent")


def test_numbers_across_languages_words_and_scales():
    for claim in ("The terminal handles 15 million tonnes a year.", "Терминал принимает 15 миллионов тонн в год.",
                  "Terminal ildə 15 milyon ton yük qəbul edir."):
        e = verdict(claim)
        assert "15 million" in " ".join(i.text for i in e.passage.matched) or any(
            i.kind == "number" and i.value == 15e6 for i in e.passage.matched), claim


@pytest.mark.parametrize("text, value, unit", [
    ("1 Milliarde US-Dollar wurden investiert", 1e9, "money"),
    ("2,1 milliards d'euros", 2.1e9, "money"),
    ("3 millions de tonnes", 3e6, "mass"),
    ("40 Prozent der Mittel", 40, "percent"),
    ("soit 40 pour cent du total", 40, "percent"),
])
def test_numbers_in_german_and_french_sources(text, value, unit):
    assert [(v, u) for _, v, u in ev._numbers(text)] == [(value, unit)]


def test_supported_partly_not_found():
    assert verdict("The Alyat terminal, opened on 18 May 2021 by Rauf Mammadzade, handles 15 million tonnes "
                   "a year.").verdict == ev.SUPPORTED
    e = verdict("Ələt terminalını 2021-ci il mayın 18-də Rauf Məmmədzadə və Azər Əliyev açıb, tikinti Çin "
                "şirkəti Sinohydro tərəfindən aparılıb.")
    assert e.verdict == ev.PARTLY and {"Azər", "Sinohydro"} <= {i.text for i in e.passage.missing}
    assert verdict("A railway to Astara was finished in 2019 by Georgian builders.").verdict == ev.NOT_FOUND


def test_contradicted_number_and_date_show_both_sides():
    e = verdict("The Alyat terminal can handle 25 million tonnes of cargo a year.")
    assert e.verdict == ev.CONTRADICTED and "15 million" in e.reason and "25 million" in e.reason
    e = verdict("Паромный терминал порта Алят открыл министр Рауф Мамедзаде 20 мая 2021 года.")
    assert e.verdict == ev.CONTRADICTED and "18 May 2021" in e.reason


def test_the_passage_is_a_stretch_of_the_source():
    e = verdict("Construction of the Alyat terminal cost 420 million manats.")
    assert e.verdict == ev.SUPPORTED
    assert PAGE.text[e.passage.start:e.passage.end].strip() == e.passage.text
    assert "420 million manats" in e.passage.text and "weather" not in e.passage.text


def test_without_a_snapshot_a_claim_is_unverifiable_not_supported():
    meta = ev.SourceDoc(title="New ferry terminal opens at the Port of Alyat", published=("2021-05-19", "2021-05-19"))
    e = verdict("The Alyat terminal handles 15 million tonnes a year.", meta)
    assert e.verdict == ev.UNVERIFIABLE and "no snapshot" in e.reason
    assert verdict("Anything at all [1].", ev.SourceDoc()).verdict == ev.UNVERIFIABLE


def test_a_swapped_source_does_not_support():
    other = ev.SourceDoc(text="The third business forum was held in Almaty on 7 September 2023. Delegations signed "
                              "45 agreements worth 2.1 billion dollars.", lang="en")
    e = verdict("The Alyat terminal, opened on 18 May 2021 by Rauf Mammadzade, handles 15 million tonnes a year.", other)
    assert e.verdict == ev.NOT_FOUND


@pytest.mark.parametrize("name", ["labelled.json", "heldout.json", "same-people.json", "kazakh.json"])
def test_the_labelled_sets_meet_the_goals(name):
    """AUC of true against swapped pairs >= 0.9 and precision of supported >= 0.9 (the issue's
    goals), contradicted mostly right, and a page on the same people at another event seldom
    called support; the figures are printed by benchmarks/support_bench.py."""
    pages, claims = support_bench.load(support_bench.DATA.parent / name)
    out = support_bench.run(claims, pages)
    precision, recall, said, _ = support_bench.pr(out["results"], ev.SUPPORTED)
    assert said >= 5 and precision >= 0.9 and recall >= 0.7
    assert support_bench.auc(out["pos"], out["neg"]) >= 0.9
    wrong = sum(n for verdict, n in out["swapped"].items() if verdict in (ev.SUPPORTED, ev.PARTLY))
    assert wrong <= 0.05 * sum(out["swapped"].values())
    c_precision, c_recall, c_said, c_labelled = support_bench.pr(out["results"], ev.CONTRADICTED)
    if c_labelled:
        assert c_precision >= 0.85 and c_recall >= 0.6


def test_number_words_join_only_within_one_language():
    assert [(v, u) for _, v, u in ev._numbers("She had worked on three songs with them.")] == [(3, "w:songs")]
    assert [v for _, v, _ in ev._numbers("Limanda on iki gəmi dayanıb.")] == [12]


def test_a_season_of_two_years_is_two_years():
    page = ev.SourceDoc(text="Full implementation of the new name will take place over the 2018-2019 academic year "
                             "at the Northfield campus.", title="Northfield renames its college", lang="en")
    e = verdict("Full implementation of the new name at Northfield takes place during the 2018–19 academic year.", page)
    assert e.verdict == ev.SUPPORTED and not e.passage.conflicts


def test_a_pages_dateline_does_not_contradict_an_event_date():
    page = ev.SourceDoc(text="Harbour News\nPublished: April 14, 2016 at 2:54 pm\n\nThe film by Lena Marsh will have "
                             "its world premiere at the Cannes Film Festival in May, the festival said.",
                        title="Marsh film heads to Cannes", lang="en")
    e = verdict("The film by Lena Marsh had its world premiere at the Cannes Film Festival on May 19, 2016.", page)
    assert e.verdict != ev.CONTRADICTED


def test_a_year_in_a_sentence_about_something_else_does_not_contradict():
    page = ev.SourceDoc(text="Dana Whitfield studied law at Boston College. She joined a firm in New York in 1980 "
                             "as a clerk, long before she ran for office.", title="Dana Whitfield", lang="en")
    e = verdict("Dana Whitfield received a law degree from Boston College in 1994.", page)
    assert e.verdict != ev.CONTRADICTED
    same = ev.SourceDoc(text="Dana Whitfield received her law degree from Boston College in 1992.", lang="en",
                        title="Dana Whitfield")
    assert verdict("Dana Whitfield received a law degree from Boston College in 1994.", same).verdict == ev.CONTRADICTED
