"""Manuscripts we wrote, one per language and format, with the hard cases: PDF artifacts,
odd markers, implicit dates."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from refs import api, manuscript
from refs.errors import EncodingError, InputError
from refs.model import Library, Reference

MS = Path(__file__).resolve().parent / "fixtures" / "manuscripts"
KEYS = [f"r{i}" for i in range(1, 13)]


def analyse(name, keys=KEYS):
    path = MS / name
    return manuscript.analyse(path.read_text(encoding="utf-8"), name, manuscript.format_for(name), keys)


def summary(cm):
    return [
        (c.first_line, c.last_line, tuple(x.number for x in c.citations), c.date.start if c.date else None,
         c.date.inferred if c.date else None)
        for c in cm.claims
    ]


def test_english_with_pdf_artifacts_and_odd_markers():
    cm = analyse("english.txt")
    assert summary(cm) == [
        (15, 16, (1,), "2022-08-24", False),
        (16, 17, (2, 3, 4), "2022-08-24", False),  # "The same day", [2]–[4]
        (22, 23, (5,), "2022-10-12", False),
        (26, 26, (6,), "2023-05", False),
        (26, 28, (7, 8), "2023-04-10", False),  # "April 10": the year from context
        (28, 28, (9, 10), "2023-04-11", False),  # "The next day"
        (33, 36, (11,), "2023-04-11", True),  # no date of its own
    ]
    assert cm.claims[2].citations[0].locator == "pp. 3–5"
    assert cm.claims[2].date.end == "2022-10-14"
    # the running header and "— 2 —" are gone; the sentence cut by the page break is whole
    text = " ".join(c.text for c in cm.claims)
    assert "Journal of Test Studies" not in text and "— 2 —" not in text
    assert "a long sentence about the harbour" in text
    assert [f.code for f in cm.findings] == ["malformed-citation"] * 4
    assert [(f.location.line, f.location.col) for f in cm.findings] == [(33, 27), (33, 35), (33, 45), (33, 56)]
    assert [(u.kind, u.first_line) for u in cm.uncited] == [("introduction", 12), ("factual", 23), ("conclusion", 39)]
    assert cm.uncited[1].text.startswith("A figure shows the route [Fig. 2]")
    meta = cm.metadata["en"]
    assert meta["title"] == "Rail links across the Caspian: a test manuscript" and meta["author"] == "Jane Q. Doe"
    assert meta["keywords"] == ["Caspian", "rail transport", "test documents"]
    assert cm.sections == (("Introduction", "introduction", 11), ("Conclusion", "conclusion", 38))


def test_russian():
    cm = analyse("russian.txt")
    assert summary(cm) == [
        (13, 14, (1,), "2022-08-24", False),
        (14, 14, (2, 3), "2022-08-24", False),
        (19, 20, (4, 5, 6), "2022-10-12", False),
        (20, 21, (7,), "2022-10-12", True),
        (26, 26, (8,), "2023-05", False),
        (26, 27, (9,), "2023-04-10", False),
    ]
    assert cm.claims[0].citations[0].locator == "с. 12"
    assert "транспортные коридоры" in cm.claims[2].text
    assert cm.claims[3].text.startswith("Г. Иванов отметил")
    assert "Вестник тестов" not in " ".join(c.text for c in cm.claims)
    assert cm.metadata["ru"]["keywords"] == ["Каспий", "транспорт", "тесты"]
    assert cm.metadata["ru"]["abstract"] == "Статья придумана для проверки программы refs."
    assert [u.kind for u in cm.uncited] == ["introduction", "conclusion"]


def test_kazakh_and_turkish():
    kk = analyse("kazakh.txt")
    assert summary(kk) == [(4, 5, (1,), "2022-08-24", False), (5, 5, (2,), "2022-08-24", False)]
    assert kk.claims[0].citations[0].locator == "б. 5"
    assert kk.metadata["kk"]["keywords"][0] == "Қазақстан"
    tr = analyse("turkish.txt")
    assert summary(tr) == [
        (4, 5, (1,), "2022-08-24", False), (5, 5, (2,), "2022-08-24", False), (7, 7, (3,), "2023", False)
    ]
    assert tr.claims[0].citations[0].locator == "s. 4"


def test_azerbaijani_implicit_dates_and_hyphens():
    cm = analyse("azerbaijani.txt")
    assert [(c.date.start, c.date.inferred) for c in cm.claims] == [
        ("2022-05", False), ("2022-05-18", False), ("2022", False), ("2022-05-18", False)
    ]
    assert cm.claims[1].text == "Ayın 18-də tərəflər Azərbaycan-Qazaxıstan memorandumunu imzaladılar"
    assert cm.claims[2].text == "Həmin il COP29-un hazırlığı başlamışdır"
    assert "Nəqliyyat-logistika mərkəzi 11 günə tikilmişdir" in cm.claims[3].text
    assert [m.text for m in cm.claims[3].dates] == ["Həmin gün"]  # not "30 il", "100 illik", "XIX əsr", "11 günə"
    assert "istinad" in cm.uncited[0].text


def test_markdown_and_html():
    for name in ("article.md", "article.html"):
        cm = analyse(name)
        assert [tuple(x.number for x in c.citations) for c in cm.claims][:2] == [(1,), (2, 3)]
        assert cm.claims[0].date.start == "2022-08-24" and cm.claims[1].date.start == "2022-08-24"
        assert [u.kind for u in cm.uncited] == ["introduction", "conclusion"]
    md = analyse("article.md")
    assert md.claims[1].text == "The same day they visited the new port"  # `code` and **bold** unwrapped
    assert md.claims[2].text == "In May 2023 a second agreement followed"
    assert (md.claims[0].first_line, md.claims[0].last_line) == (7, 8)
    html = analyse("article.html")
    assert html.claims[0].text.endswith("met in Baku & signed a memorandum")
    assert (html.claims[0].first_line, html.claims[0].last_line) == (9, 10)
    assert len(html.markers) == 2  # nothing from <nav> or <script>


def make_docx(path: Path, paragraphs: list[tuple[str, str | None]]) -> None:
    """A real DOCX as Word writes it: a zip with [Content_Types].xml and word/document.xml."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = []
    for text, style in paragraphs:
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        runs = "".join(f'<w:r><w:t xml:space="preserve">{part}</w:t></w:r>' for part in text.split("|"))
        body.append(f"<w:p>{ppr}{runs}</w:p>")
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}"><w:body>{"".join(body)}</w:body></w:document>'
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("word/document.xml", document)


def test_docx(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_docx(tmp_path / "paper.docx", [
        ("Giriş", "Heading1"),
        ("Bu abzasda istinad yoxdur.", None),
        ("2023-cü il aprelin 10-da |prezidentlər görüşdülər [1]. Həmin gün sənədlər imzalandı [2].", None),
        ("Nəticə", "Heading1"),
        ("Əməkdaşlıq davam edir.", None),
    ])
    cm = api.analyse_claims(tmp_path / "paper.docx", None)
    assert cm.format == "docx"
    assert [(c.first_line, c.text, c.date.start) for c in cm.claims] == [
        (3, "2023-cü il aprelin 10-da prezidentlər görüşdülər", "2023-04-10"),
        (3, "Həmin gün sənədlər imzalandı", "2023-04-10"),
    ]
    assert cm.claims[1].marker.location.col == 84  # the column within DOCX paragraph 3
    assert [u.kind for u in cm.uncited] == ["introduction", "conclusion"]


def test_docx_that_is_not_a_docx(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fake.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="not a DOCX"):
        api.analyse_claims(tmp_path / "fake.docx", None)


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16", "utf-8-sig"])
def test_encodings(tmp_path, monkeypatch, encoding):
    monkeypatch.chdir(tmp_path)
    text = (MS / "russian.txt").read_text(encoding="utf-8")
    (tmp_path / "ru.txt").write_bytes(text.encode(encoding))
    cm = api.analyse_claims(tmp_path / "ru.txt", None)
    assert len(cm.claims) == 6 and cm.claims[1].text == "В тот же день они посетили порт"


def test_turkish_cp1254_with_explicit_encoding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (MS / "turkish.txt").read_text(encoding="utf-8")
    (tmp_path / "tr.txt").write_bytes(text.encode("cp1254"))
    cm = api.analyse_claims(tmp_path / "tr.txt", None, encoding="cp1254")
    assert cm.claims[1].text == "Aynı gün yeni limanı ziyaret ettiler" and cm.encoding == "cp1254"


@pytest.mark.parametrize(
    "content, error",
    [(b"", InputError), (b"   \n\n", InputError), (bytes(range(256)) * 16, EncodingError)],
)
def test_bad_manuscripts(tmp_path, monkeypatch, content, error):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.txt").write_bytes(content)
    with pytest.raises(error):
        api.analyse_claims(tmp_path / "m.txt", None)


def test_numbers_link_to_the_nth_entry_and_dangling_ones_to_none(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.txt").write_text("Giriş\nA fact [1]. Another fact [3].\n", encoding="utf-8")
    lib = Library((Reference("first", "book", {"title": "A"}), Reference("second", "book", {"title": "B"})))
    cm = api.analyse_claims(tmp_path / "m.txt", lib)
    assert [(c.citations[0].number, c.citations[0].key) for c in cm.claims] == [(1, "first"), (3, None)]


def test_turkish_cp1254_is_detected(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (MS / "turkish.txt").read_text(encoding="utf-8")
    (tmp_path / "tr.txt").write_bytes(text.encode("cp1254"))
    cm = api.analyse_claims(tmp_path / "tr.txt", None)
    assert cm.encoding == "cp1254" and cm.claims[0].text.startswith("24 Ağustos 2022 tarihinde")


def test_two_clusters_in_one_sentence_split_it():
    text = "Giriş\nBakı görüşü keçirildi [1], sonra Astana sammiti oldu [2]. Son cümlə [3].\n"
    cm = manuscript.analyse(text, "m.txt", "text", KEYS)
    assert [c.text for c in cm.claims] == ["Bakı görüşü keçirildi", "sonra Astana sammiti oldu", "Son cümlə"]


def test_a_marker_broken_across_lines():
    text = "Giriş\nFakt birinci [1,\n3]. Fakt ikinci [4–\n6] və [7, s.\n12].\n"
    cm = manuscript.analyse(text, "m.txt", "text", KEYS)
    assert [m.numbers for m in cm.markers] == [(1, 3), (4, 5, 6), (7,)]
    assert cm.markers[2].locator == "s. 12"
    assert [(m.location.line, m.location.col) for m in cm.markers] == [(2, 14), (3, 17), (4, 7)]
    assert cm.claims[0].last_line == 2
