"""Property tests: whatever text arrives, the manuscript pipeline neither crashes nor invents,
and every position it reports points into the file."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from refs import manuscript
from refs.errors import InputError
from refs.manuscript.repair import repair
from refs.manuscript.textmap import MappedText, Source

words = st.sampled_from([
    "Qazaxıstan", "döv-", "lət", "Azərbaycan-", "Qa-", "zaxıstan", "[1]", "[2, 3]", "[4–6]", "[0]", "[Fig. 2]",
    "2022-cü il avqustun 24-də", "Həmin gün", "aprelin 10-da", "K.Tokayev", "İ.Əliyev", "et al.", "p. 45", "—",
    "Giriş", "Nəticə:", "SUMMARY", "Açar sözlər:", "7", "[9, p. 45]", "[2]–[4]", "24 августа 2022 г.", "г.",
    ".", ",", "-", "sən-", "əd", "COP29-", "un",
])
documents = st.lists(st.one_of(words, st.sampled_from(["\n", "\n\n", " ", "  ", "\f"])), max_size=80).map(" ".join)


@settings(max_examples=200)
@given(documents)
def test_pipeline_never_crashes_and_positions_point_into_the_file(text):
    try:
        cm = manuscript.analyse(text, "m.txt", "text", ["a", "b", "c"])
    except InputError:  # only when nothing is left once page numbers and headers are gone
        assert not "".join(b.text.text for b in repair(MappedText.identity(text))).strip()
        return
    lines = text.split("\n")
    for m in cm.markers:
        line = lines[m.location.line - 1]
        assert line[m.location.col - 1] == "[" or line[m.location.col - 1].isdigit(), (m, line)  # or raised
    for c in cm.claims:
        assert 1 <= c.first_line <= c.last_line <= len(lines)
        assert c.citations and all(x.number >= 1 for x in c.citations)
    for f in cm.findings:
        if f.code == "no-citations":  # about the whole file
            assert not cm.markers and f.location.line is None
        else:
            assert f.code in ("malformed-citation", "skipped-text") and 1 <= f.location.line <= len(lines)


@given(documents)
def test_repair_invents_no_letters(text):
    out = "".join(b.text.text for b in repair(MappedText.identity(text)))
    have = Counter(c for c in text if c.isalpha())
    got = Counter(c for c in out if c.isalpha())
    assert not (got - have)


@given(documents)
def test_every_repaired_character_maps_to_the_same_character(text):
    src = Source(text, "m.txt")
    for block in repair(MappedText.identity(text)):
        t = block.text
        for i, ch in enumerate(t.text):
            if not ch.isspace():
                assert src.text[t.base(i)] == ch
