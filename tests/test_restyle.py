"""`refs restyle`: every marker a citation cluster (groups, locators), numbered and disambiguated
in the order the manuscript cites, and note styles as real footnotes in Markdown, HTML, text
and DOCX, with ibid. where the style uses it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import CliRun, refs_cli
from lxml import etree

from refs import api
from refs.formats import bibtex

BIB = r"""@book{smith2020a, author={Smith, John}, title={Ports and trade}, publisher={Harbour Press}, year=2020}
@book{smith2020b, author={Smith, John}, title={Railways}, publisher={Harbour Press}, year=2020}
@article{doe2019, author={Doe, Ann}, title={Caspian routes}, journal={Journal of Routes}, year=2019,
  volume=4, pages={1--20}}
@book{lee2018, author={Lee, Kim}, title={Containers}, publisher={Sea Books}, year=2018}
@book{ola2017, author={Ola, Bea}, title={Terminals}, publisher={Dock}, year=2017}
"""

MANUSCRIPT = """# Trade

Ports grew fast [1, p. 12]. Railways followed [2]–[4]. The same page again [1, p. 12].

Another place in it [1, p. 14]; and the terminal [5].

Once more the railways [2].
"""

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def files(tmp_path: Path) -> tuple[Path, Path]:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    ms = tmp_path / "paper.md"
    ms.write_text(MANUSCRIPT, encoding="utf-8")
    return ms, bib


def run(tmp_path: Path, *args: str) -> CliRun:
    return refs_cli("restyle", *args, cwd=tmp_path, timeout=120)


def library(bib: Path):
    return bibtex.parse(bib.read_text(encoding="utf-8"), str(bib)).library


def test_author_date_clusters_with_locators_groups_and_year_suffixes(tmp_path):
    ms, bib = files(tmp_path)
    out = api.restyle(ms, library(bib), "apa", None, "text")
    assert "Ports grew fast (Smith, 2020a, p. 12)." in out
    assert "Railways followed (Doe, 2019; Lee, 2018; Smith, 2020b)." in out  # one cluster, sorted by APA
    assert "Another place in it (Smith, 2020a, p. 14); and the terminal (Ola, 2017)." in out
    assert "Smith, J. (2020a). Ports and trade. Harbour Press." in out
    assert "Smith, J. (2020b). Railways. Harbour Press." in out
    assert "[" not in out.split("References")[0]


def test_numeric_styles_number_by_first_citation_and_collapse_groups(tmp_path):
    ms, bib = files(tmp_path)
    out = api.restyle(ms, library(bib), "ieee", None, "markdown")
    body, refs_ = out.split("## References")
    assert r"Ports grew fast \[1, p. 12\]." in body
    assert r"Railways followed \[2\], \[3\], \[4\]." in body  # IEEE does not collapse (as citeproc-js)
    assert r"the terminal \[5\]" in body
    numbered = [line for line in refs_.splitlines() if line.strip()]
    assert numbered[0].startswith(r"\[1\] J. Smith, *Ports and trade*")
    assert numbered[1].startswith(r"\[2\] J. Smith, *Railways*")
    out = api.restyle(ms, library(bib), "vancouver", None, "text")
    assert "Railways followed (2–4)." in out  # Vancouver collapses a run of numbers


def test_a_note_style_makes_footnotes_with_ibid(tmp_path):
    ms, bib = files(tmp_path)
    out = api.restyle(ms, library(bib), "oscola", None, "markdown")
    body, notes = out.split("[^1]: ", 1)
    # the note goes after the punctuation that closes the cited words
    assert "Ports grew fast.[^1] Railways followed.[^2] The same page again.[^3]" in body
    assert "Another place in it;[^4] and the terminal.[^5]" in body
    notes = ("[^1]: " + notes).split("## References")[0]
    lines = [line for line in notes.splitlines() if line.startswith("[^")]
    assert lines[0] == "[^1]: John Smith, *Ports and Trade* (Harbour Press 2020) 12."
    assert lines[1].startswith("[^2]: John Smith, *Railways* (Harbour Press 2020); Ann Doe")  # one note, three works
    assert lines[2] == "[^3]: Smith (n 1) 12."  # not ibid.: note 2 cites other works
    assert lines[3] == "[^4]: ibid 14." or lines[3].lower().startswith("[^4]: ibid 14"), lines[3]
    assert lines[5] == "[^6]: Smith (n 2).", lines[5]
    assert "## References" in out


def test_note_style_footnotes_in_html_and_text(tmp_path):
    ms, bib = files(tmp_path)
    html = api.restyle(ms, library(bib), "oscola", None, "html")
    assert 'fast.<sup id="fnref1"><a href="#fn1" class="footnote-ref">1</a></sup>' in html
    assert '<li id="fn1">John Smith, <i>Ports and Trade</i> (Harbour Press 2020) 12.' in html
    text = api.restyle(ms, library(bib), "oscola", None, "text")
    assert "Ports grew fast.¹ Railways followed.²" in text
    assert "\nNotes\n\n1. John Smith, Ports and Trade (Harbour Press 2020) 12.\n" in text


def test_docx_with_real_footnotes(tmp_path):
    ms, bib = files(tmp_path)
    r = run(tmp_path, str(ms), "--bib", str(bib), "--style", "oscola", "-o", "out.docx")
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(tmp_path / "out.docx") as z:
        names = set(z.namelist())
        assert {"[Content_Types].xml", "word/document.xml", "word/footnotes.xml", "word/_rels/document.xml.rels"} <= names
        document = etree.fromstring(z.read("word/document.xml"))
        footnotes = etree.fromstring(z.read("word/footnotes.xml"))
    refs_ = [int(el.get(f"{W}id")) for el in document.iter(f"{W}footnoteReference")]
    assert refs_ == [1, 2, 3, 4, 5, 6]
    notes = {int(fn.get(f"{W}id")): "".join(t.text or "" for t in fn.iter(f"{W}t")).strip()
             for fn in footnotes.iter(f"{W}footnote") if int(fn.get(f"{W}id")) > 0}
    assert notes[1] == "John Smith, Ports and Trade (Harbour Press 2020) 12."
    italic = [r for r in footnotes.iter(f"{W}r") if r.find(f"{W}rPr/{W}i") is not None]
    assert "".join(t.text for r in italic for t in r.iter(f"{W}t")).startswith("Ports and Trade")
    # refs reads its own DOCX back: the body text, the notes' places kept as footnote references
    text = api.restyle(tmp_path / "out.docx", library(bib), "apa", None, "text")
    assert "Ports grew fast." in text


def test_docx_needs_an_output_file_and_the_format_follows_the_extension(tmp_path):
    ms, bib = files(tmp_path)
    r = run(tmp_path, str(ms), "--bib", str(bib), "--style", "apa", "--format", "docx")
    assert r.returncode == 2 and "-o FILE.docx" in r.stderr and "Traceback" not in r.stderr
    r = run(tmp_path, str(ms), "--bib", str(bib), "--style", "apa", "-o", "out.md")
    assert r.returncode == 0 and (tmp_path / "out.md").read_text(encoding="utf-8").startswith("## Trade")


@pytest.mark.parametrize("locale, heading", [("az-AZ", "Ədəbiyyat siyahısı"), ("kk-KZ", "Пайдаланылған әдебиеттер"),
                                             ("ru-RU", "Список литературы"), ("en-US", "References")])
def test_the_reference_list_heading_is_in_the_output_language(tmp_path, locale, heading):
    from refs import api

    (tmp_path / "m.txt").write_text("Text [1].\n", encoding="utf-8")
    (tmp_path / "r.bib").write_text("@book{a1, title={A}, author={Lee, Ann}, year=2020, publisher={P}}\n",
                                    encoding="utf-8")
    library = api.load_library(tmp_path / "r.bib").library
    text = api.restyle(tmp_path / "m.txt", library, "apa", locale, "text")
    assert f"\n{heading}\n" in text
