from __future__ import annotations

import pytest

from refs.manuscript.repair import heading_kind, repair
from refs.manuscript.textmap import Builder, MappedText, Source


def blocks(text):
    return [b.text.text for b in repair(MappedText.identity(text)) if b.kind == "text"]


@pytest.mark.parametrize(
    "text, joined",
    [
        ("qarşılıqlı döv-\nlət səfərləri", "qarşılıqlı dövlət səfərləri"),
        ("Prezident Ka-\nsım-Jomart Tokayev", "Prezident Kasım-Jomart Tokayev"),
        ("sənədləri Azərbaycan-Qa-\nzaxıstan arasında", "sənədləri Azərbaycan-Qazaxıstan arasında"),
        ("sənədləri Azərbaycan-\nQazaxıstan arasında", "sənədləri Azərbaycan-Qazaxıstan arasında"),
        ("Qazaxıstan \n– Azərbaycan əlaqələri", "Qazaxıstan – Azərbaycan əlaqələri"),
        ("COP29-\nun keçirilməsi", "COP29-un keçirilməsi"),
        ("AZƏRTAC-\nın sədri", "AZƏRTAC-ın sədri"),
        ("yüklə-\n rin izlənməsi", "yüklərin izlənməsi"),
        ("soft\u00ad\nhyphen", "softhyphen"),
        ("транс-\nпортные коридоры", "транспортные коридоры"),
        ("a   lot\tof  space", "a lot of space"),
    ],
)
def test_line_end_hyphens(text, joined):
    assert blocks(text) == [joined]


def test_document_vocabulary_decides_doubtful_joins():
    text = "Bu nəqliyyat-logistika mərkəzidir. Yeni nəqliyyat-\nlogistika xətti açıldı."
    assert blocks(text) == ["Bu nəqliyyat-logistika mərkəzidir. Yeni nəqliyyat-logistika xətti açıldı."]
    text = "Onlar görüşdülər. Görüş-\nlər davam etdi."
    assert blocks(text) == ["Onlar görüşdülər. Görüşlər davam etdi."]


def test_page_breaks_inside_sentences_are_joined_and_paragraphs_kept():
    text = "Əlaqələrin \n\ninkişafı mühümdür. Son il-\n\nlərdə artmışdır.\n\nYeni abzas başlayır."
    assert blocks(text) == ["Əlaqələrin inkişafı mühümdür. Son illərdə artmışdır.", "Yeni abzas başlayır."]


def test_running_headers_and_page_numbers_are_removed():
    page = "Journal of Tests 12(3), 2024\n{n}\n\nText of page {n} goes on and on.\n\n"
    text = "".join(page.format(n=n) for n in range(1, 5)) + "— 5 —\nPage 6 of 9\nс. 7\n"
    assert blocks(text) == [f"Text of page {n} goes on and on." for n in range(1, 5)]


def test_headings_are_recognised():
    assert heading_kind(" Giriş") == "introduction"
    assert heading_kind("Nəticə:") == "conclusion"
    assert heading_kind("1. Introduction") == "introduction"
    assert heading_kind("ЗАКЛЮЧЕНИЕ") == "conclusion"
    assert heading_kind("Список литературы") == "references"
    assert heading_kind("SUMMARY") == "abstract"
    assert heading_kind("2.1 Data and sources") == "numbered"
    assert heading_kind("## Methods") == "other"
    assert heading_kind("This sentence is long and ends with a period.") is None
    assert heading_kind("1. The meeting took place in Baku.") is None


def test_every_repaired_character_knows_its_line_and_column():
    text = " Giriş\nQazaxıstan və döv-\nlət başçıları\n\nsəfər etmişdir [1].\n"
    src = Source(text, "a.txt")
    [para] = [b for b in repair(MappedText.identity(text)) if b.kind == "text"]
    assert para.text.text == "Qazaxıstan və dövlət başçıları səfər etmişdir [1]."
    where = {word: src.line_col(para.text.base(para.text.text.index(word))) for word in ("dövlət", "başçıları", "[1]")}
    assert where == {"dövlət": (2, 15), "başçıları": (3, 5), "[1]": (5, 16)}
    # the second half of a joined word maps to the next line
    assert src.line_col(para.text.base(para.text.text.index("lət"))) == (3, 1)


def test_maps_compose():
    base = MappedText.identity("abc\ndef")
    b1 = Builder(base)
    b1.copy("abc", 0)
    b1.insert(" ", 3)
    b1.copy("def", 4)
    first = b1.build()
    b2 = Builder(first)
    b2.copy("c d", 2)
    second = b2.build()
    assert second.text == "c d" and [second.base(i) for i in range(3)] == [2, 3, 4]
