"""The PDF reader: layout (columns, running heads, floats), superscript citations, errors.

Every PDF is drawn here with reportlab (tests/pdfmake.py) into tmp_path."""

from __future__ import annotations

import json
import logging
import random
import re

import pytest
from conftest import CliRun, refs_cli
from pdfmake import HEIGHT, Line, column, dejavu, image_only_pdf, line, sup, write_pdf
from reportlab.pdfbase.pdfmetrics import stringWidth

from refs.errors import InputError
from refs.manuscript.pdf import read_pdf
from refs.manuscript.repair import repair
from refs.manuscript.textmap import Source


def blocks(reading: str) -> list[str]:
    """The reading's paragraphs (split at blank lines), each with its lines."""
    return [b.strip("\n") for b in reading.split("\n\n") if b.strip()]


def page_of(source: str, offset: int) -> int:
    return source.count("\f", 0, offset) + 1


# -- columns, running heads, page numbers ----------------------------------------------------

LEFT_1 = ["The first column begins a paragraph", "about frogs that live in the forest",
          "and breed in small pools of water", "after the rains of the wet season.",
          "Their tadpoles grow up in weeks."]
RIGHT_1 = ["The right column has a paragraph", "on toads, which prefer dry places",
           "and return to the same pond every", "spring to lay long strings of eggs",
           "in the shallow water near reeds."]
LEFT_2 = ["Newts are the subject of the next", "paragraph, on the second page,",
          "where they hide under stones and", "eat small insects and worms at",
          "night when the air is damp."]
RIGHT_2 = ["Salamanders close the article with", "their bright colours that warn",
           "birds and snakes of the poison", "in their skin, which is strong",
           "enough to make a predator ill."]


def two_column_page(left: list[str], right: list[str], number: int) -> list[Line]:
    indent = {0: 12.0}
    return [
        line(60, 800, "Journal of Amphibian Tests, volume 7", size=9),
        *column(60, 740, left, indent=indent),
        *column(320, 740, right, indent=indent),
        line(292, 50, str(number), size=9),
    ]


def test_two_columns_read_left_then_right_without_running_heads(tmp_path):
    data = write_pdf(tmp_path / "a.pdf", [two_column_page(LEFT_1, RIGHT_1, 1), two_column_page(LEFT_2, RIGHT_2, 2)])
    source, reading = read_pdf(data, "a.pdf")

    pages = source.split("\f")
    assert len(pages) == 2
    head = "Journal of Amphibian Tests, volume 7"
    assert pages[0].splitlines() == [head, *LEFT_1, *RIGHT_1, "1"]
    assert pages[1].splitlines() == [head, *LEFT_2, *RIGHT_2, "2"]

    # no running head, no page number; each column is a paragraph of its own
    assert reading.text == "\n\n".join("\n".join(p) for p in (LEFT_1, RIGHT_1, LEFT_2, RIGHT_2)) + "\n"
    # every character maps back to its place in the source
    for i, ch in enumerate(reading.text):
        if ch != "\n":
            assert source[reading.base(i)] == ch
    where = reading.text.index("Salamanders")
    assert page_of(source, reading.base(where)) == 2


def test_pdfminer_joined_columns_are_cut_at_the_gutter(tmp_path):
    # a narrow gutter: pdfminer puts both columns' words on one line, and they must be cut apart
    rows_l = [f"left column line number {i} of some text" for i in range(8)]
    rows_r = [f"right column line number {i} of more text" for i in range(8)]
    width = stringWidth(rows_l[0], "Times-Roman", 10)
    page = column(60, 760, rows_l) + column(60 + width + 7, 760, rows_r)
    data = write_pdf(tmp_path / "n.pdf", [page])
    source, reading = read_pdf(data, "n.pdf")
    assert source.splitlines() == rows_l + rows_r
    # the left column's last line is full and unfinished: the right column goes on with it
    assert reading.text == "\n".join(rows_l + rows_r) + "\n"


def test_line_numbers_in_the_margin_are_left_out(tmp_path):
    rows = ["A manuscript under review has its lines numbered in the",
            "margin, which the reader must leave out of the text, so that",
            "the sentences stay whole [3].",
            "A second paragraph starts here and it ends on this line."]
    page = column(90, 760, rows, indent={3: 15.0})
    page += [line(50, 760 - 12 * i, str(i + 1), size=8) for i in range(len(rows))]
    data = write_pdf(tmp_path / "l.pdf", [page])
    source, reading = read_pdf(data, "l.pdf")
    assert source.splitlines()[:2] == ["1", rows[0]]
    assert blocks(reading.text) == ["\n".join(rows[:3]), rows[3]]


def test_table_cells_are_a_float(tmp_path):
    page = [
        *column(72, 760, ["The counts of each pond are given in the table", "below, which"]),
        line(72, 730, "Table 1. Counts"),
        *[line(x, 715 - 12 * r, cell) for r, cells in enumerate([("Pond", "Frogs", "Toads"), ("North", "12", "4"),
                                                                 ("South", "7", "9")])
          for x, cell in zip((72, 180, 260), cells, strict=True)],
        *column(72, 660, ["shows that the north pond has most frogs."]),
    ]
    data = write_pdf(tmp_path / "t.pdf", [page])
    source, reading = read_pdf(data, "t.pdf")
    cells = ["Pond", "Frogs", "Toads", "North", "12", "4", "South", "7", "9"]
    assert sorted(source.splitlines()[3:12]) == sorted(cells)
    found = blocks(reading.text)
    # the sentence is whole; the caption and the cells (read by rows or by columns) follow it
    assert found[0] == "The counts of each pond are given in the table\nbelow, which\nshows that the north pond has most frogs."
    assert found[1].startswith("Table 1. Counts")
    assert sorted("\n".join(found[1:]).split("\n")) == sorted(["Table 1. Counts", *cells])


# -- floats: footnotes and captions move after the paragraph they interrupt ------------------

def test_footnote_goes_after_the_paragraph_that_runs_on_to_the_next_page(tmp_path):
    page1 = [
        *column(72, 760, [
            "A paragraph starts on the first page and says that",
            ["the forest", sup("1"), " holds many frogs; the sentence then"],
            "goes on across the page break",
        ]),
        line(72, 80, sup("1", size=5), "A note about forests at the foot of the page.", size=8),
        line(292, 40, "1", size=9),
    ]
    page2 = [
        *column(72, 760, [
            "and it ends on the second page.",
            "The next paragraph is a new one.",
        ], indent={1: 12.0}),
        line(292, 40, "2", size=9),
    ]
    data = write_pdf(tmp_path / "f.pdf", [page1, page2])
    source, reading = read_pdf(data, "f.pdf")

    assert "the forest1 holds many frogs; the sentence then" in source.splitlines()
    assert "1A note about forests at the foot of the page." in source.splitlines()
    assert blocks(reading.text) == [
        "A paragraph starts on the first page and says that\n"
        "the forest holds many frogs; the sentence then\n"  # the footnote mark is left out
        "goes on across the page break\n"
        "and it ends on the second page.",
        "1A note about forests at the foot of the page.",
        "The next paragraph is a new one.",
    ]
    # repair joins the sentence across the page break
    first = repair(reading)[0].text.text
    assert first.endswith("goes on across the page break and it ends on the second page.")


def test_caption_between_two_halves_of_a_sentence(tmp_path):
    page = [
        *column(72, 760, [
            "Frogs call at night from the edges of ponds, and the",
            "loudest of them are the males, which",
        ]),
        line(72, 560, "Figure 1. A calling male frog at the edge of a pond.", size=8, font="Helvetica"),
        *column(72, 530, [
            "try to attract the females that arrive later.",
            "Another paragraph follows.",
        ], indent={1: 12.0}),
    ]
    data = write_pdf(tmp_path / "c.pdf", [page], images={0: [(72, 580, 200, 150)]})
    source, reading = read_pdf(data, "c.pdf")
    assert source.splitlines()[2] == "Figure 1. A calling male frog at the edge of a pond."
    assert blocks(reading.text) == [
        "Frogs call at night from the edges of ponds, and the\n"
        "loudest of them are the males, which\n"
        "try to attract the females that arrive later.",
        "Figure 1. A calling male frog at the edge of a pond.",
        "Another paragraph follows.",
    ]


def test_caption_in_the_body_font_after_a_gap(tmp_path):
    page = [
        *column(72, 760, ["The experiment is shown below.", "It used three tanks."]),
        line(72, 700, "Table 2 — Results of the three tanks"),
        *column(72, 680, ["tank A 12", "tank B 15"], size=8),
        *column(72, 640, ["As Table 2 shows, tank B did best."]),
    ]
    data = write_pdf(tmp_path / "t.pdf", [page])
    _, reading = read_pdf(data, "t.pdf")
    assert blocks(reading.text) == [
        "The experiment is shown below.\nIt used three tanks.",
        "Table 2 — Results of the three tanks",
        "tank A 12\ntank B 15",
        "As Table 2 shows, tank B did best.",
    ]


# -- superscripts -------------------------------------------------------------------------------

def test_superscript_citations_are_bracketed(tmp_path):
    rows = [
        ["Toads were studied as shown before.", sup("12–15"), " Later work"],
        ["found the genes in Drosophila melanogaster", sup("1–3", moved=True), " and"],
        ["in mosquitoes", sup("4,7"), " and in moths", sup("9-11"), " as a remark", sup("2"), " says."],
        ["The dose was 10", sup("-3"), " M and 10", sup("3"), " cells in 5 m", sup("2"), " of water."],
        ["It was their 2", sup("nd"), " season; in vitro assays", sup("16"), " agree."],
    ]
    page = [
        *column(72, 760, rows),
        line(72, 80, sup("2", size=5), "The remark in a footnote.", size=8),
    ]
    data = write_pdf(tmp_path / "s.pdf", [page])
    source, reading = read_pdf(data, "s.pdf")

    lines = source.splitlines()
    assert lines[0] == "Toads were studied as shown before.12–15 Later work"
    assert lines[1] == "found the genes in Drosophila melanogaster1–3 and"
    assert blocks(reading.text)[0] == (
        "Toads were studied as shown before.[12–15] Later work\n"
        "found the genes in Drosophila melanogaster [1–3] and\n"  # apart from the word: no index
        "in mosquitoes [4,7] and in moths [9-11] as a remark says.\n"  # 2 is a footnote mark
        "The dose was 10-3 M and 103 cells in 5 m2 of water.\n"  # exponents stay as they are
        "It was their 2nd season; in vitro assays [16] agree."
    )
    # a marker's location is its first digit in the source
    for marker, first in (("[12–15]", "12–15"), ("[1–3]", "1–3"), ("[16]", "16 agree")):
        at = reading.base(reading.text.index(marker) + 1)
        assert source[at:].startswith(first)
        assert reading.base(reading.text.index(marker)) == at  # the "[" stands at the first digit
    loc = Source(source, "s.pdf").loc(reading.base(reading.text.index("[1–3]")))
    assert (loc.line, loc.col) == (2, len("found the genes in Drosophila melanogaster") + 1)


def test_unicode_superscripts(tmp_path):
    font = dejavu()
    if font is None:
        pytest.skip("DejaVu Serif is not installed")
    page = column(72, 760, ["Frogs sing loudly¹²⁻¹⁵ at night.", "A volume of 10⁻³ litres."], font=font)
    data = write_pdf(tmp_path / "u.pdf", [page])
    source, reading = read_pdf(data, "u.pdf")
    assert source.splitlines()[0] == "Frogs sing loudly¹²⁻¹⁵ at night."
    assert reading.text == "Frogs sing loudly [12-15] at night.\nA volume of 10⁻³ litres.\n"
    assert source[reading.base(reading.text.index("[") + 1)] == "¹"


# -- headings ---------------------------------------------------------------------------------------

def test_headings_in_a_larger_bold_font(tmp_path):
    page = [
        line(72, 780, "Introduction", size=14, font="Times-Bold"),
        *column(72, 755, ["Frogs are amphibians that live in water", "and on land in most parts of the world."]),
        line(72, 710, "2. Materials and methods", size=12, font="Times-Bold"),
        *column(72, 690, ["We counted frogs in ten ponds during", "the spring of two years."]),
        line(72, 650, "Results of a long study on frogs and toads in", size=14, font="Times-Bold"),
        line(72, 633, "the lowland ponds", size=14, font="Times-Bold"),
        *column(72, 610, ["The counts went up in both years."]),
    ]
    data = write_pdf(tmp_path / "h.pdf", [page])
    _, reading = read_pdf(data, "h.pdf")
    assert blocks(reading.text) == [
        "# Introduction",
        "Frogs are amphibians that live in water\nand on land in most parts of the world.",
        "# 2. Materials and methods",
        "We counted frogs in ten ponds during\nthe spring of two years.",
        "# Results of a long study on frogs and toads in the lowland ponds",
        "The counts went up in both years.",
    ]
    kinds = [(b.kind, b.heading) for b in repair(reading)]
    assert kinds[0] == ("heading", "introduction") and kinds[2][0] == "heading"


# -- pages ------------------------------------------------------------------------------------------

def test_form_feeds_give_the_page_of_a_line(tmp_path):
    words = ("one", "two", "three")
    pages = [column(72, 760, [f"Text of page {w} comes here.", f"Its second line, on page {w}."]) for w in words]
    data = write_pdf(tmp_path / "p.pdf", pages)
    source, reading = read_pdf(data, "p.pdf")
    assert source == ("Text of page one comes here.\nIts second line, on page one.\n\f"
                      "Text of page two comes here.\nIts second line, on page two.\n\f"
                      "Text of page three comes here.\nIts second line, on page three.\n")
    offset = reading.base(reading.text.index("Its second line, on page three."))
    assert page_of(source, offset) == 3
    line_no, col = Source(source, "p.pdf").line_col(offset)
    assert source.split("\n")[line_no - 1] == "Its second line, on page three." and col == 1
    first = reading.base(reading.text.index("Text of page three"))
    assert source[first - 1 : first + 4] == "\fText"  # the form feed opens the page's first line
    assert "\f" not in reading.text


def test_an_empty_page_still_counts(tmp_path):
    data = write_pdf(tmp_path / "e.pdf", [column(72, 760, ["First page."]), [], column(72, 760, ["Third page."])])
    source, _ = read_pdf(data, "e.pdf")
    assert source == "First page.\n\f\fThird page.\n"


# -- errors -----------------------------------------------------------------------------------------

def simple_pdf(tmp_path, **kw) -> bytes:
    rows = [f"Line {i} of a simple test document about frogs." for i in range(30)]
    return write_pdf(tmp_path / "simple.pdf", [column(72, HEIGHT - 72, rows), column(72, HEIGHT - 90, rows[::-1])], **kw)


def test_not_a_pdf():
    with pytest.raises(InputError) as err:
        read_pdf(b"PK\x03\x04 this is a zip, not a PDF", "paper.pdf")
    assert "not a PDF file" in err.value.message
    assert str(err.value).startswith("paper.pdf: error:")


def test_truncated_pdf(tmp_path):
    data = simple_pdf(tmp_path)
    with pytest.raises(InputError) as err:
        read_pdf(data[: len(data) // 2], "half.pdf")
    assert "damaged" in err.value.message
    assert err.value.location.file == "half.pdf"


def test_encrypted_pdf(tmp_path):
    data = simple_pdf(tmp_path, user_password="frog")
    with pytest.raises(InputError) as err:
        read_pdf(data, "locked.pdf")
    assert "encrypted" in err.value.message
    assert "locked.pdf" in str(err.value)


def test_pdf_with_only_an_owner_password_reads(tmp_path):
    data = simple_pdf(tmp_path, user_password="")
    source, reading = read_pdf(data, "open.pdf")
    assert source.startswith("Line 0 of a simple test document about frogs.\n")


def test_junk_after_the_end_marker_is_all_right(tmp_path):
    data = simple_pdf(tmp_path) + b"\r\n<html>trailing junk</html>\n" * 100
    source, _ = read_pdf(data, "junk.pdf")
    assert "Line 29 of a simple test document about frogs." in source


def test_image_only_pdf(tmp_path):
    data = image_only_pdf(tmp_path / "scan.pdf")
    with pytest.raises(InputError) as err:
        read_pdf(data, "scan.pdf")
    assert "no text layer" in err.value.message and "OCR" in err.value.message
    assert "scan.pdf" in str(err.value)


def test_garbage_after_the_header():
    with pytest.raises(InputError) as err:
        read_pdf(b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", "junk.pdf")
    assert "damaged" in err.value.message or "no text" in err.value.message


def test_corrupted_pdfs_read_or_fail_cleanly(tmp_path, caplog):
    data = simple_pdf(tmp_path)
    level = logging.getLogger("pdfminer").level
    rng = random.Random(1234)
    outcomes = set()
    with caplog.at_level(logging.DEBUG):
        for _ in range(25):
            bad = bytearray(data)
            for _ in range(rng.randint(1, 40)):
                i = rng.randrange(len(bad) // 4, 3 * len(bad) // 4)
                bad[i] = rng.randrange(256)
            try:
                source, reading = read_pdf(bytes(bad), "bad.pdf")
            except InputError as error:
                assert error.location.file == "bad.pdf"
                outcomes.add("error")
            else:
                assert isinstance(source, str) and len(reading.text) <= 2 * len(source) + 10
                outcomes.add("read")
    assert not [r for r in caplog.records if r.name.startswith("pdfminer")]
    assert logging.getLogger("pdfminer").level == level  # restored
    assert outcomes  # at least one of the two happened every time, nothing else escaped


def test_cid_glyphs_are_dropped(tmp_path):
    # a Type 3 font whose glyph names mean nothing: pdfminer reports "(cid:N)"
    data = _type3_pdf()
    source, reading = read_pdf(data, "cid.pdf")
    assert "(cid:" not in source and "(cid:" not in reading.text
    lines = source.splitlines()
    assert lines == ["Readable words here.", "", "More readable words."]
    assert reading.text == "Readable words here.\nMore readable words.\n"


def _type3_pdf() -> bytes:
    """One page: a Helvetica line, a line in a Type 3 font without a Unicode map, another
    Helvetica line. Built by hand, offsets and all."""
    content = (b"BT /F1 12 Tf 72 700 Td (Readable words here.) Tj ET\n"
               b"BT /F2 12 Tf 72 685 Td <01020102> Tj ET\n"
               b"BT /F1 12 Tf 72 670 Td (More readable words.) Tj ET\n")
    glyph = b"0 0 d0 0 0 600 700 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
        b"/CharProcs << /q1 7 0 R /q2 7 0 R >> /Encoding << /Type /Encoding /Differences [1 /q1 /q2] >> "
        b"/FirstChar 1 /LastChar 2 /Widths [700 700] >>",
        b"<< /Length %d >>\nstream\n" % len(glyph) + glyph + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.scale
def test_reading_is_linear_enough(tmp_path):
    # 40 pages of 45 lines: a rough guard against quadratic work over the document
    import time

    animals = ["frogs", "toads", "newts", "salamanders", "caecilians"]
    pages = [column(72, HEIGHT - 72, [f"Line {i} of page {k}, about {animals[k % 5]} and {animals[(k + i) % 5]}, "
                                      f"cites {animals[k // 5 % 5]} [{i + 1}]." for i in range(45)], leading=15)
             for k in range(40)]
    data = write_pdf(tmp_path / "long.pdf", pages)
    start = time.perf_counter()
    source, reading = read_pdf(data, "long.pdf")
    assert time.perf_counter() - start < 30
    assert source.count("\f") == 39
    assert len(re.findall(r"\[\d+\]", reading.text)) == 40 * 45


# -- through the command line ------------------------------------------------------------------------

def _refs(*args: str, cwd) -> CliRun:
    return refs_cli(*args, cwd=cwd, timeout=120)


def test_refs_claims_on_a_pdf(tmp_path):
    rows = ["Frogs breed in pools of water [1]. Toads prefer dry", "places, as earlier work showed [2].",
            "Newts hide under stones [3]."]
    write_pdf(tmp_path / "paper.pdf", [column(72, HEIGHT - 72, rows), column(72, HEIGHT - 72, ["Page two [1]."])])
    (tmp_path / "refs.bib").write_text("".join(f"@misc{{r{i}, title={{Source {i}}}}}\n" for i in (1, 2, 3)),
                                       encoding="utf-8")
    r = _refs("claims", "paper.pdf", "--bib", "refs.bib", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["manuscript"]["format"] == "pdf"
    assert [c["text"] for c in data["claims"]] == [
        "Frogs breed in pools of water", "Toads prefer dry places, as earlier work showed",
        "Newts hide under stones", "Page two"]
    assert [(m["page"], m["page_line"]) for m in data["markers"]] == [(1, 1), (1, 2), (1, 3), (2, 1)]


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_bytes(b"PK\x03\x04 not a pdf"), "not a PDF file"),
    (lambda p: p.write_bytes(simple_pdf(p.parent)[:900]), "damaged"),
    (lambda p: p.write_bytes(simple_pdf(p.parent, user_password="frog")), "encrypted"),
    (lambda p: p.write_bytes(image_only_pdf(p.parent / "scan.pdf")), "no text layer"),
])
def test_bad_pdfs_through_the_command_line(tmp_path, make, words):
    make(tmp_path / "paper.pdf")
    r = _refs("claims", "paper.pdf", cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    last = r.stderr.strip().splitlines()[-1]  # (after the note that the example's .bib is used)
    assert last.startswith("paper.pdf: error:") and words in last
    assert "Traceback" not in r.stderr


def test_claims_in_footnotes_and_captions_say_where_they_stand(tmp_path):
    from refs import manuscript

    body = ["Frogs breed in pools of water [1]. They sing at night"] + [
        f"and line {i} of the paragraph goes on about the pools and the frogs" for i in range(12)] + ["in them."]
    page = [
        *column(72, 760, body),
        line(72, 560, "Figure 1. A frog in its pool, as drawn before [2].", size=8),
        line(72, 80, sup("1", size=5), "A note: other frogs breed on land [3].", size=8),
        line(292, 40, "1", size=9),
    ]
    data = write_pdf(tmp_path / "n.pdf", [page])
    cm = manuscript.analyse(data, "n.pdf", "pdf", ["a", "b", "c"])
    assert [(c.marker.text, c.context) for c in cm.claims] == [
        ("[1]", "body"), ("[2]", "caption"), ("[3]", "footnote")]
