from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refs.manuscript.markers import MAX_NUMBER, find_markers


def one(text):
    [m] = find_markers(text)
    return m


@pytest.mark.parametrize(
    "text, numbers, locators",
    [
        ("[1]", (1,), (None,)),
        ("[2, 3]", (2, 3), (None, None)),
        ("[2; 3]", (2, 3), (None, None)),
        ("[4–6]", (4, 5, 6), (None,) * 3),
        ("[4-6]", (4, 5, 6), (None,) * 3),
        ("[4—6]", (4, 5, 6), (None,) * 3),
        ("[4 – 6]", (4, 5, 6), (None,) * 3),
        ("[1, 3–5, 8]", (1, 3, 4, 5, 8), (None,) * 5),
        ("[2]–[4]", (2, 3, 4), (None,) * 3),
        ("[2], [3]", (2, 3), (None, None)),
        ("[2][3]", (2, 3), (None, None)),
        ("[9, p. 45]", (9,), ("p. 45",)),
        ("[1, с. 12]", (1,), ("с. 12",)),
        ("[2, s. 4]", (2,), ("s. 4",)),
        ("[3, səh. 15]", (3,), ("səh. 15",)),
        ("[4, pp. 3–5]", (4,), ("pp. 3–5",)),
        ("[5, p. 45, 47]", (5,), ("p. 45, 47",)),
        ("[1, p. 2; 3, с. 4]", (1, 3), ("p. 2", "с. 4")),
        ("[6, б. 5]", (6,), ("б. 5",)),
    ],
)
def test_citation_forms(text, numbers, locators):
    m = one(f"Claim {text}.")
    assert (m.numbers, m.locators, m.problem) == (numbers, locators, None)
    assert m.text == text


@pytest.mark.parametrize("text", ["[Fig. 2]", "[sic]", "[n = 120]", "[...]", "[…]", "[emphasis added]", "[a]", "[]",
                                  "[2023 edition]", "[see above]"])
def test_brackets_that_are_no_citation(text):
    assert find_markers(f"Text {text} more.") == []


@pytest.mark.parametrize(
    "text, why",
    [
        ("[0]", "number 0"),
        ("[3–1]", "does not go up"),
        ("[1,,2]", "empty place"),
        ("[1, ]", "empty place"),
        ("[123456]", "far beyond"),
        ("[3]–[1]", "does not go up"),
        ("[2, 2]", "twice"),
        ("[1, p.]", "neither a number nor a locator"),
    ],
)
def test_malformed(text, why):
    m = one(f"Claim {text}.")
    assert m.problem and why in m.problem and not m.numbers


def test_positions_are_offsets_in_the_text():
    text = "A [1] and b [2, 3]."
    assert [(m.start, m.end) for m in find_markers(text)] == [(2, 5), (12, 18)]


numbers = st.lists(st.integers(1, MAX_NUMBER), min_size=1, max_size=6, unique=True)


@given(numbers, st.sampled_from([", ", "; ", ","]))
def test_any_list_of_numbers_reads_back(nums, sep):
    m = one("x [" + sep.join(map(str, nums)) + "] y")
    assert m.numbers == tuple(nums)


@given(st.text(alphabet="[]0123456789,;–- pas.", max_size=40))
def test_never_crashes_and_never_invents(text):
    for m in find_markers(text):
        assert text[m.start : m.end] == m.text
        assert all(1 <= n <= MAX_NUMBER for n in m.numbers)
        assert bool(m.problem) != bool(m.numbers)
