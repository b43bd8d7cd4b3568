"""The manuscript's own reference list: found in each form it is printed in, read entry by
entry into fields (GOST included), written as a bibliography by `refs references`; bad lists
give findings, not crashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import refs_cli
from test_manuscripts import make_docx

from refs import manuscript, printedlist
from refs.formats import bibtex
from refs.formats.refstring import parse_reference

BODY = "Ports grew fast [1]. Railways followed [2]. Trade rose [3].\n\n"


def entries(text: str, fmt: str = "text") -> list[manuscript.PrintedEntry]:
    return manuscript.reference_list(text, "paper.txt", fmt)


# -- finding and splitting the list -------------------------------------------------------------


def test_bracketed_numbered_and_parenthesised_labels_with_lines_and_positions():
    for label in ("[{n}]", "{n}.", "{n})"):
        refs = "\n".join([
            "References", "",
            label.format(n=1) + " Smith J, Doe A. Ports and trade. J Trade. 2000;16(2):131-42.",
            label.format(n=2) + " Lee K. Railways of the Caspian region: a history. London: Sea Books;",
            "2018.",
            label.format(n=3) + " Ola B, et al. Terminals. Dock Rev. 2017;4:1-9.",
        ])
        found = entries(BODY + refs + "\n")
        assert [e.number for e in found] == [1, 2, 3], label
        assert found[1].text == "Lee K. Railways of the Caspian region: a history. London: Sea Books; 2018."
        assert (found[1].first_line, found[1].last_line) == (6, 7)


def test_an_entry_across_a_page_break_with_a_running_head_between():
    head = "Journal of Regional Studies 12 (2024)"
    prose = " ".join(["The ports of the region grew in the last decade and trade followed them."] * 6)
    pages = [f"{head}\n\n{prose}\n\n{prose} [1].\n\n{prose} [2]. {prose} [3].\n" for _ in range(3)]
    text = "\f".join(pages) + ("\nReferences\n\n1. Smith J, Doe A. Ports and trade. J Trade. 2000;16(2):131-42.\n"
                               "2. Lee K, Park S. Railways of the Caspian region and the ports on its eastern\n"
                               f"\f{head}\n\n"
                               "shore. Reg Stud. 2018;3:77-90.\n3. Ola B. Terminals. Dock Rev. 2017;4:1-9.\n")
    found = entries(text)
    assert len(found) == 3
    assert found[1].text.endswith("on its eastern shore. Reg Stud. 2018;3:77-90.")
    assert "Journal of Regional Studies" not in found[1].text


def test_labels_printed_in_a_column_apart_from_their_entries():
    """pdftotext writes a two-column list as a run of labels, then the entries' text."""
    text = BODY + ("References\n1.\n\n2.\n\n3.\n\n"
                   "Langseth, W.; Bernhost, A. Mycotoxin production and cytotoxicity of Fusarium strains\n"
                   "isolated from Norwegian cereals. Mycopathologia 1999, 144, 103–113.\n"
                   "Birzele, B.; Meier, A. Epidemiology of Fusarium infection in winter wheat.\n"
                   "Eur. J. Plant Pathol. 2002, 108, 667–673.\n"
                   "Xu, X.M.; Parry, D.W. Predominance of pathogenic fungi. Eur. J. Plant Pathol. 2005, 112, 143–154.\n"
                   "4. Doohan, F.M.; Brennan, J. Influence of climatic factors. Eur. J. Plant Pathol. 2003, 109, 755–768.\n")
    found = entries(text)
    assert [e.number for e in found] == [1, 2, 3, 4]
    assert found[0].text.startswith("Langseth, W.") and found[0].text.endswith("103–113.")
    assert found[1].text.startswith("Birzele") and found[2].text.startswith("Xu, X.M.")


def test_a_column_of_labels_printed_before_the_heading_and_unlabelled_text_after_the_first_entries():
    """pdftotext can print a page's label column (3. … 7.) before the list's heading, among other
    lines, and the entries' text after the first labelled entries, with nothing marking where one
    entry ends: the text is cut into exactly as many entries as there are labels waiting."""
    text = BODY + ("Author details\n\n3.\n4.\n\n5.\nReceived: 1 May 2014\n6.\n\n"
                   "References\n"
                   "1. Smith J, Doe A. Ports and trade: the long view of the Caspian shore and\n"
                   "its towns. J Trade. 2000;16(2):131–42.\n"
                   "2. Lee K. Railways. In: Park T, editor. The Caspian region: a history of the lines that\n\n"
                   "7.\n\n"
                   "joined the ports. London: Sea Books; 2018.\n"
                   "Ola B. Terminals and harbours. Dock Rev. 2017;4:1–9.\n"
                   "Park T. Open-Field Farming in the Lowlands: A Study of Village By-laws.\n"
                   "Reprinted by Harbour Press, with a preface by the editors. London: Harbour\n"
                   "Press; 2006. p. 192.\n"
                   "Regional Ports Council. Ships and Shores:\n"
                   "Synthesis. Baku: Sea Books; 2005.\n"
                   "Kim S, Ali R. Shores and sands of the eastern coast of the Caspian, with notes on\n"
                   "1996. p. 241–63.\n"
                   "Doe A. Ships. Ship J. 2012;2:1–2.\n"
                   "8. Rahimov E. Cargo. Port Rev. 2019;7:10–19.\n")
    found = entries(text)
    assert [e.number for e in found] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert found[1].text.endswith("the lines that joined the ports. London: Sea Books; 2018.")
    starts = [e.text.split(".")[0] for e in found[2:7]]
    assert starts == ["Ola B", "Park T", "Regional Ports Council", "Kim S, Ali R", "Doe A"]
    assert found[3].text.endswith("London: Harbour Press; 2006. p. 192.")
    assert found[5].text.endswith("with notes on 1996. p. 241–63.")


def test_two_columns_interleaved_by_the_reader():
    """pdftotext can interleave a two-column list: the right column's label, the left one's,
    the left entry, the right entry (each closed by the publisher's link line); and a column's
    labels printed after their entries."""
    links = "PubMed Abstract | Publisher Full Text"
    text = BODY + ("References\n\n1.\n\nSmith J, Doe A: Ports and trade. J Trade. 2000; 16(2): 131–42.\n"
                   f"{links}\n\n4.\n\n2.\n\nLee K: Railways of the Caspian region. Reg Stud. 2018; 3:\n77–90.\n"
                   f"{links}\n\nKim S, Ali R: Shores and sands of the eastern coast. Sea J. 2015; 2(1):\n3–4.\n"
                   f"{links}\n\n5.\n\n3.\n\nOla B: Terminals and harbours. Dock Rev. 2017; 4: 1–9.\n{links}\n\n"
                   f"Park T, Roe M: Roads to the ports. Road J. 2011; 1: 5–9.\n{links}\n"
                   f"Doe A: Ships of the Caspian. Ship J. 2012; 2: 1–2.\n{links}\n"
                   f"Rahimov E: Cargo and its carriers. Port Rev. 2019; 7: 10–19.\n{links}\n\n"
                   f"6.\n\n7.\n\n8.\n\nAli R: Harbours. Sea J. 2020; 9: 1–5.\n{links}\n")
    found = entries(text)
    assert [e.number for e in found] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [e.text.split(":")[0] for e in found] == [
        "Smith J, Doe A", "Lee K", "Ola B", "Kim S, Ali R", "Park T, Roe M", "Doe A", "Rahimov E", "Ali R"]
    assert found[1].text.endswith("Reg Stud. 2018; 3: 77–90.")


def test_labels_that_lost_their_full_stop_and_years_that_open_lines():
    """"40" alone between entries 39 and 41 (its full stop lost), "29 limma powers …" (a label
    followed by a lower-case title), and years at the start of an entry's lines ("1982. Сер. 6")
    that count up like labels but are none."""
    text = BODY + ("Список литературы\n"
                   "1. Иванов И. И. Порты Каспия // Морской вестник. 2020. № 3. С. 12–20.\n"
                   "2. Петров П. П. Сварка стекла с кремнием // Электронная техника.\n"
                   "1982. Сер. 6. вып. 2 (163). С. 61–64.\n"
                   "3. Smith J. Ports. J Appl Phys.\n1983. Vol. 54, no. 5. P. 2419–2428.\n"
                   "4 limma powers differential expression analyses for RNA-sequencing and\n"
                   "microarray studies / M. E. Ritchie [и др.] // Nucleic Acids Research.\n"
                   "— 2015. — Т. 43, № 7. — e47.\n"
                   "5. Сидоров С. С. Теория сварки. М. : Наука,\n1984. 264 с.\n"
                   "6. Lee K. Railways. Reg Stud. 2018; 3: 77–90.\n\n"
                   "7\n\n"
                   "Kim S, Ali R: Shores and sands. Sea J. 2015; 2(1): 3–4.\n"
                   "8. Ola B. Terminals. Dock Rev. 2017; 4: 1–9.\n")
    found = entries(text)
    assert [e.number for e in found] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert found[1].text.endswith("Электронная техника. 1982. Сер. 6. вып. 2 (163). С. 61–64.")
    assert found[3].text.startswith("limma powers") and found[3].label == "4"
    assert found[6].text.startswith("Kim S, Ali R") and found[6].label == "7"


def test_a_pdf_label_printed_without_its_full_stop_hangs_left_of_its_entry(tmp_path):
    """A label hanging left of its entry is no line number in the margin, full stop or not."""
    from pdfmake import HEIGHT, column, line, write_pdf

    prose = ["The ports of the Caspian grew in the last decade, and the railways that", "join them to the "
             "hinterland followed them closely [1]. Trade rose with both of them [2],", "as the terminals "
             "were built on the eastern shore [3]. We count the ships here."]
    entries_ = [("1.", ["Smith J, Doe A: Ports and trade on the Caspian shore. J Trade.", "2000; 16(2): 131–42."]),
                ("2.", ["Lee K: Railways of the Caspian region. Reg Stud. 2018; 3:", "77–90."]),
                ("3", ["Ola B: Terminals and harbours of the eastern shore. Dock Rev.", "2017; 4: 1–9."]),
                ("4.", ["Kim S, Ali R: Shores and sands. Sea J. 2015; 2(1): 3–4."])]
    lines = column(72, HEIGHT - 90, prose) + [line(72, HEIGHT - 150, "References", size=12, font="Times-Bold")]
    y = HEIGHT - 170
    for label, rows in entries_:
        lines.append(line(72, y, label))
        lines += column(100, y, rows)
        y -= 12 * len(rows) + 4
    data = write_pdf(tmp_path / "paper.pdf", [lines])
    found = manuscript.reference_list(data, "paper.pdf", "pdf")
    assert [e.number for e in found] == [1, 2, 3, 4]
    assert found[2].label == "3" and found[2].text.startswith("Ola B: Terminals")


def test_columns_read_out_of_order_are_put_back_in_order():
    """A page's second column read before its first: the printed numbers give the order."""
    text = BODY + ("References\n4. Ola B. Terminals. Dock Rev. 2017;4:1-9.\n5. Kim S. Shores. Sea J. 2015;2:3-4.\n"
                   "6. Park T. Roads. Road J. 2011;1:5-9.\n\n"
                   "1. Smith J. Ports and trade. J Trade. 2000;16:131-42.\n2. Lee K. Railways. Reg Stud. 2018;3:77-90.\n"
                   "3. Doe A. Ships. Ship J. 2012;2:1-2.\n")
    assert [e.text[:3] for e in entries(text)] == ["Smi", "Lee", "Doe", "Ola", "Kim", "Par"]


def test_an_html_reference_list_item_by_item():
    html = ("<html><body><p>Go was designed at Google<sup class='reference'><a href='#cite_note-1'>[1]</a></sup>"
            " and released in 2009<sup class='reference'><a href='#cite_note-2'>[2]</a></sup>.</p>"
            "<h2>References</h2><ol class='references'>"
            "<li id='cite_note-1'><span class='mw-cite-backlink'><a href='#r1'>^</a></span> "
            "<span class='reference-text'>Pike, Rob (2012). \"Go at Google\". Retrieved 2013-06-25.</span></li>\n"
            "<li id='cite_note-2'><span class='mw-cite-backlink'>^ <a href='#r2'>a</a> <a href='#r3'>b</a></span> "
            "<span class='reference-text'>\"Release History\". golang.org. Retrieved 25 August 2017.</span></li>"
            "</ol></body></html>")
    found = manuscript.reference_list(html, "page.html", "html")
    assert [e.text for e in found] == ['Pike, Rob (2012). "Go at Google". Retrieved 2013-06-25.',
                                       '"Release History". golang.org. Retrieved 25 August 2017.']
    assert found[0].first_line == 1


def test_a_docx_reference_list(tmp_path):
    path = tmp_path / "paper.docx"
    make_docx(path, [
        ("Ports grew fast [1]. Railways followed [2]. Trade rose [3].", None),
        ("References", "Heading1"),
        ("1. Smith J, Doe A. Ports and trade. J Trade. 2000;16(2):131-42.", None),
        ("2. Lee K. Railways of the Caspian region. London: Sea Books; 2018.", None),
        ("3. Ola B, et al. Terminals. Dock Rev. 2017;4:1-9.", None),
    ])
    found = manuscript.reference_list(path.read_bytes(), str(path), "docx")
    assert [e.number for e in found] == [1, 2, 3] and found[2].text.startswith("Ola B, et al.")


def test_the_list_is_no_body_text():
    text = BODY + "References\n\n[1] Smith J. Ports [2] and trade. J Trade. 2000;16:131-42.\n" \
                  "[2] Lee K. Railways. Reg Stud. 2018;3:77-90.\n[3] Ola B. Terminals. Dock Rev. 2017;4:1-9.\n"
    cm = manuscript.analyse(text, "paper.txt", "text", ["a", "b", "c"])
    assert [m.location.line for m in cm.markers] == [1, 1, 1]


# -- reading entries ----------------------------------------------------------------------------


@pytest.mark.parametrize("raw, want", [
    ("Иванов И. И., Петров П. П. Название статьи // Журнал прикладной физики. 2020. Т. 5, № 3. С. 12–20.",
     {"family": "Иванов", "year": 2020, "title": "Название статьи", "container-title": "Журнал прикладной физики",
      "volume": "5", "issue": "3", "page": "12–20", "type": "article-journal"}),
    ("Распопов В. Я. Микромеханические приборы : учебное пособие. М. : Машиностроение, 2007. 400 с.",
     {"family": "Распопов", "year": 2007, "title": "Микромеханические приборы : учебное пособие",
      "publisher": "Машиностроение", "publisher-place": "М.", "number-of-pages": "400", "type": "book"}),
    ("Low temperature wafer anodic bonding / J. Wei [и др.] // J. Micromech. Microeng. 2003. Vol. 13, no. 2. "
     "P. 217–222.",
     {"family": "Wei", "year": 2003, "title": "Low temperature wafer anodic bonding", "volume": "13", "issue": "2",
      "page": "217–222"}),
    ("Петров П. П. Методы анализа / под ред. А. А. Смирнова. СПб. : Питер, 2019. 320 с.",
     {"family": "Петров", "year": 2019, "publisher": "Питер", "editor": "Смирнова"}),
    ("Əliyev R. Azərbaycan tarixi. Bakı : Elm, 2015. 250 s. URL: https://example.az/kitab "
     "(müraciət tarixi: 12.03.2024)",
     {"family": "Əliyev", "year": 2015, "publisher": "Elm", "URL": "https://example.az/kitab",
      "accessed": [2024, 3, 12]}),
    ("Smith, J. A., & Doe, B. (2020). Ports and trade. Journal of Trade, 16(2), 131–142. "
     "https://doi.org/10.1000/xyz.123",
     {"family": "Smith", "year": 2020, "title": "Ports and trade", "container-title": "Journal of Trade",
      "volume": "16", "issue": "2", "page": "131–142", "DOI": "10.1000/xyz.123"}),
    ("Emerson SB, Inger RF, Iskandar DT (2000) Molecular phylogenetics of fanged frogs. Mol Phylogenet Evol 16: "
     "131–142.", {"family": "Emerson", "year": 2000, "title": "Molecular phylogenetics of fanged frogs",
                  "volume": "16", "page": "131–142"}),
    ("Feeny D, Berkes F, McCay BJ, Acheson JM. The tragedy of the commons. Hum Ecol. 1990;18(1):1–19.",
     {"family": "Feeny", "year": 1990, "title": "The tragedy of the commons", "container-title": "Hum Ecol",
      "volume": "18", "issue": "1", "page": "1–19"}),
    ("P. Ranganathan, K. L. Weaver, and A. J. Capobianco, “Notch signalling in solid tumours,” Nature Reviews "
     "Cancer, vol. 11, no. 5, pp. 338–351, 2011.",
     {"family": "Ranganathan", "year": 2011, "title": "Notch signalling in solid tumours",
      "container-title": "Nature Reviews Cancer", "volume": "11", "issue": "5", "page": "338–351"}),
    ("Langseth, W.; Bernhost, A. Mycotoxin production in Fusarium. Mycopathologia 1999, 144, 103–113.",
     {"family": "Langseth", "year": 1999, "title": "Mycotoxin production in Fusarium", "volume": "144",
      "page": "103–113"}),
    ("Smith, John, and Ann Doe. \"Ports and Trade.\" Journal of Trade 16, no. 2 (2000): 131–42.",  # Chicago
     {"family": "Smith", "year": 2000, "title": "Ports and Trade", "container-title": "Journal of Trade",
      "volume": "16", "issue": "2", "page": "131–42"}),
    ("J. Smith, A. Doe, Ports and trade, J. Trade 16 (2000) 131–142.",  # Elsevier
     {"family": "Smith", "year": 2000, "title": "Ports and trade", "container-title": "J. Trade", "volume": "16",
      "page": "131–142"}),
    ("Smith, J. & Doe, A. Ports and trade. Nature 16, 131–142 (2000).",  # Nature
     {"family": "Smith", "year": 2000, "title": "Ports and trade", "container-title": "Nature", "volume": "16",
      "page": "131–142"}),
    ("Smith, J., Doe, A.: Ports and trade. In: Proceedings of the 5th Conference on Trade, pp. 1–10. Springer, "
     "Heidelberg (2020)",  # Springer LNCS
     {"family": "Smith", "year": 2020, "title": "Ports and trade", "page": "1–10", "type": "chapter"}),
    ("Smith, John. The Ports of the Caspian. Baku: Sea Press, 2000.",  # Chicago book
     {"family": "Smith", "year": 2000, "title": "The Ports of the Caspian", "publisher": "Sea Press", "type": "book"}),
])
def test_printed_references_are_read_into_fields(raw, want):
    got = parse_reference(raw)
    f = got.fields
    names = f.get("author") or []
    if "family" in want:
        assert names and names[0].get("family") == want["family"], f
    if "year" in want:
        assert f["issued"]["date-parts"][0][0] == want["year"], f
    if "editor" in want:
        assert want["editor"] in f["editor"][0]["family"], f
    if "accessed" in want:
        assert f["accessed"]["date-parts"][0] == want["accessed"], f
    if "type" in want:
        assert got.type == want["type"], got.type
    for var in ("title", "container-title", "volume", "issue", "page", "publisher", "publisher-place",
                "number-of-pages", "DOI", "URL"):
        if var in want:
            assert f.get(var) == want[var], (var, f)
    assert got.raw == raw and all(0 < c <= 1 for c in got.confidence.values())


# -- refs references, and bad lists ---------------------------------------------------------------


def test_refs_references_writes_the_list_as_a_bibliography(tmp_path):
    paper = tmp_path / "paper.txt"
    paper.write_text(BODY + "References\n\n[1] Smith J, Doe A. Ports and trade. J Trade. 2000;16(2):131-42.\n"
                            "[2] Иванов И. И. Название статьи // Журнал. 2020. № 3. С. 12–20.\n"
                            "[3] Ola B. Terminals. Dock Rev. 2017;4:1-9.\n", encoding="utf-8")
    done = refs_cli("references", str(paper), "-o", "list.bib", cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    lib = bibtex.parse((tmp_path / "list.bib").read_text(encoding="utf-8"), "list.bib").library
    assert lib.keys() == ["smith2000ports", "ivanov2020nazvanie", "ola2017terminals"]
    assert lib.references[1].extra_field("raw").startswith("Иванов И. И. Название статьи //")
    assert "title 0.9" in (lib.references[1].extra_field("confidence") or "")
    done = refs_cli("references", str(paper), "--format", "csljson", cwd=tmp_path, timeout=120)
    assert done.returncode == 0 and "raw: Smith J, Doe A." in done.stdout
    (tmp_path / "none.txt").write_text("No list here at all.\n", encoding="utf-8")
    done = refs_cli("references", "none.txt", cwd=tmp_path, timeout=120)
    assert done.returncode == 2 and "no reference list" in done.stderr and "Traceback" not in done.stderr


def test_gaps_doubled_numbers_and_an_enormous_entry_give_findings():
    long_entry = "Smith J. " + "A very long title word " * 5000 + ". J Trade. 2000;16:131-42."
    text = BODY + ("References\n\n[1] Smith J. Ports and trade. J Trade. 2000;16:131-42.\n"
                   "[2] Lee K. Railways. Reg Stud. 2018;3:77-90.\n[2] Ola B. Terminals. Dock Rev. 2017;4:1-9.\n"
                   "[5] Kim S. Shores. Sea J. 2015;2:3-4.\n[6] " + long_entry + "\n[7] Park T. Roads. Road J. 2011;1:5-9.\n")
    printed = printedlist.library_of(entries(text), "paper.txt")
    codes = [f.code for f in printed.findings]
    assert "list-duplicate-number" in codes and "list-gap" in codes and "list-entry-long" in codes
    assert len(printed.library) == len(printed.entries) >= 5
    gap = next(f for f in printed.findings if f.code == "list-gap")
    assert "3–4" in gap.message


@pytest.mark.corpus  # run alone: pytest -m corpus
def test_a_real_reference_list_reads_whole(tmp_path):
    corpus = Path(__file__).resolve().parents[2] / "shared" / "real-corpus" / "pdf-plos-one-frogs"
    if not corpus.is_dir():
        pytest.skip(f"the real-document corpus is not at {corpus.parent} (see ../shared/real-corpus)")
    printed = printedlist.read_printed_list(corpus / "manuscript.txt")
    truth = bibtex.parse((corpus / "references.bib").read_text(encoding="utf-8"), "references.bib").library
    assert len(printed.library) == len(truth) == 25
    firsts = [(r.get("author") or [None])[0] for r in printed.library]
    assert sum(1 for n, t in zip(firsts, truth, strict=True) if n and t.get("author") and
               n.family == t["author"][0].family) >= 17


# -- the .bib held against the printed list -----------------------------------------------------

LIST = ("References\n\n[1] Smith J, Doe A. Ports and trade on the Caspian. J Trade. 2000;16(2):131-42.\n"
        "[2] Lee K. Railways of the Caspian region. London: Sea Books; 2018.\n"
        "[3] Ola B, Kim S. Container terminals of Baku. Dock Rev. 2017;4:1-9.\n"
        "[4] Park T. Roads across the steppe. Road J. 2011;1:5-9.\n")
BIB = {
    "smith": "@article{smith, author={Smith, J. and Doe, A.}, title={Ports and trade on the Caspian}, journal={J Trade}, year=2000}\n",
    "lee": "@book{lee, author={Lee, K.}, title={Railways of the Caspian region}, publisher={Sea Books}, year=2018}\n",
    "ola": "@article{ola, author={Ola, B. and Kim, S.}, title={Container terminals of Baku}, journal={Dock Rev}, year=2017}\n",
    "park": "@article{park, author={Park, T.}, title={Roads across the steppe}, journal={Road J}, year=2011}\n",
    "other": "@book{other, author={Zed, Q.}, title={Whales of the deep sea}, publisher={Ocean}, year=1990}\n",
}


def _check(tmp_path, keys: list[str]) -> list:
    from refs import api

    (tmp_path / "paper.txt").write_text("Ports grew fast [1]. Railways followed [2]. Terminals [3]. Roads [4].\n\n" + LIST,
                                        encoding="utf-8")
    (tmp_path / "refs.bib").write_text("".join(BIB[k] for k in keys), encoding="utf-8")
    return [f for f in api.check(tmp_path / "refs.bib", tmp_path / "paper.txt") if f.code.startswith("list-")]


def test_a_bib_that_agrees_with_the_list_gives_no_list_findings(tmp_path):
    assert _check(tmp_path, ["smith", "lee", "ola", "park"]) == []


def test_list_order(tmp_path):
    found = _check(tmp_path, ["smith", "ola", "lee", "park"])
    assert [f.code for f in found] == ["list-order", "list-order"]
    assert found[0].location.line == 2 and "reference [3]" in found[0].message and "paper.txt:7" in found[0].message


def test_list_mismatch_with_both_texts(tmp_path):
    found = _check(tmp_path, ["smith", "other", "ola", "park"])
    assert [f.code for f in found] == ["list-mismatch"]
    assert "Whales of the deep sea" in found[0].message and "Railways of the Caspian region" in found[0].message
    assert "paper.txt:6" in found[0].message and found[0].location.line == 2


def test_list_missing_both_ways(tmp_path):
    found = _check(tmp_path, ["smith", "lee", "ola"])
    assert [f.code for f in found] == ["list-missing"] and "reference [4]" in found[0].message
    assert found[0].location.line == 8  # the printed entry's line
    found = _check(tmp_path, ["smith", "lee", "ola", "park", "other"])
    assert [f.code for f in found] == ["list-missing"] and '"other"' in found[0].message


def test_the_html_report_shows_the_printed_entry_beside_the_bib_entry(tmp_path):
    (tmp_path / "paper.txt").write_text("Ports grew fast [1]. Railways followed [2]. Terminals [3]. Roads [4].\n\n" + LIST,
                                        encoding="utf-8")
    (tmp_path / "refs.bib").write_text("".join(BIB[k] for k in ("smith", "other", "ola", "park")), encoding="utf-8")
    done = refs_cli("claims", "paper.txt", "--bib", "refs.bib", "--format", "html", "-o", "report.html",
                    cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Printed in the manuscript as [1] (line 5)" in page
    assert 'class="printed differs">Printed in the manuscript as [2] (line 6) — another work than this entry' in page
    assert "Lee K. Railways of the Caspian region. London: Sea Books; 2018." in page


def test_claims_without_a_bibliography_link_to_the_printed_list(tmp_path):
    (tmp_path / "paper.txt").write_text("Ports grew fast [1]. Railways followed [2]. Terminals [3]. Roads [4].\n\n" + LIST,
                                        encoding="utf-8")
    done = refs_cli("claims", "paper.txt", "--format", "csv", cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "claims linked to the manuscript's own reference list (4 entries, lines 5–8)" in done.stderr
    assert "smith2000ports" in done.stdout and "park2011roads" in done.stdout


def test_a_list_without_a_heading_and_a_markdown_list():
    text = BODY + ("[1] Smith J, Doe A. Ports and trade. J Trade. 2000;16(2):131-42.\n"
                   "[2] Lee K. Railways of the Caspian region. London: Sea Books; 2018.\n"
                   "[3] Ola B, Kim S. Container terminals of Baku. Dock Rev. 2017;4:1-9.\n")
    assert [e.number for e in entries(text)] == [1, 2, 3]
    md = ("# Trade\n\nPorts grew fast [1]. Railways followed [2].\n\n## References\n\n"
          "1. Smith J, Doe A. Ports and trade. *J Trade*. 2000;16(2):131-42.\n"
          "2. Lee K. Railways of the Caspian region. London: Sea Books; 2018.\n")
    found = manuscript.reference_list(md, "paper.md", "markdown")
    assert [e.number for e in found] == [1, 2] and found[1].text.startswith("Lee K. Railways")


def test_raised_number_labels():
    text = BODY + ("References\n\n¹ Smith J, Doe A. Ports and trade. J Trade. 2000;16(2):131-42.\n"
                   "² Lee K. Railways of the Caspian region. London: Sea Books; 2018.\n"
                   "³ Ola B, Kim S. Container terminals of Baku. Dock Rev. 2017;4:1-9.\n")
    found = entries(text)
    assert [(e.number, e.label) for e in found] == [(1, "¹"), (2, "²"), (3, "³")]
