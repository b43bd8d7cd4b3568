"""One small document of our own for each pattern that real papers, theses and web pages taught us
(the real documents themselves stay outside the repository: ../shared/real-corpus)."""

from __future__ import annotations

import pytest

from refs import manuscript
from refs.manuscript.markers import find_markers

KEYS = [f"r{i}" for i in range(1, 41)]


def analyse(text, fmt="text", keys=KEYS):
    return manuscript.analyse(text, "m." + ("html" if fmt == "html" else "txt"), fmt, keys)


def claims(cm):
    return [(c.marker.text, c.text) for c in cm.claims]


# -- front matter, contents, reference lists ---------------------------------------------------


def test_a_keywords_line_after_the_title_does_not_swallow_the_body():
    cm = analyse("Title\nKeywords: a, b\n1. Introduction\nBody text [1]. More [2].\n")
    assert claims(cm) == [("[1]", "Body text"), ("[2]", "More")]
    assert cm.metadata["en"]["keywords"] == ["a", "b"]


def test_keywords_block_then_an_unheaded_body_that_cites():
    text = ("Cite this article: Doe J 2015\n\nKeywords:\nmilk, bears\n\nAuthor for correspondence:\nJ. Doe\n\n"
            "The composition of milks varies dramatically [1–3]. Marsupials differ [4].\n")
    cm = analyse(text)
    assert [c.marker.numbers for c in cm.claims] == [(1, 2, 3), (4,)]
    assert cm.claims[0].text == "The composition of milks varies dramatically"


def test_a_table_of_contents_ending_with_references_does_not_end_the_body():
    text = ("Contents\n\nIntroduction . . . . . . . . 3\nMethods . . . . . . . . 7\nReferences\n\n14\n\n"
            "Introduction\nThe field has grown [1]. A second claim follows [2].\n\n"
            "References\n[1] Smith J. A study. J. Test. 2001;1:1–2.\n[2] Doe A. B. Another study // Vestnik. 2002. № 3. С. 4–5.\n")
    cm = analyse(text)
    assert claims(cm) == [("[1]", "The field has grown"), ("[2]", "A second claim follows")]
    assert [s[0] for s in cm.sections] == ["Introduction"]


def test_contents_without_dot_leaders_page_numbers_on_their_own_lines():
    text = ("İçindekiler\n1 GİRİŞ\n1\n2 TEMEL BİLGİLER\n4\nKAYNAKLAR\n\n68\n\n"
            "1. GİRİŞ\nSayısal sinyal işleme yaygındır [1]. FPGA kullanılır.[2]\n")
    cm = analyse(text)
    assert claims(cm) == [("[1]", "Sayısal sinyal işleme yaygındır"), ("[2]", "FPGA kullanılır.")]


REFS = "\n".join(
    f"[{n}] {a}, “{t},” Journal of Tests, vol. {n}, no. 2, pp. {n}0–{n}9, 20{n:02d}."
    for n, a, t in [(1, "P. Ranganathan and K. L. Weaver", "Notch signalling"),
                    (2, "B. Cohen, M. Shimizu et al.", "Cyclin D1 is a target"),
                    (3, "K. G. Leong", "Jagged1-mediated activation"),
                    (4, "S. Shi and P. Stanley", "Protein fucosyltransferase")]
)


def test_a_reference_list_without_a_heading_is_not_body_text():
    text = f"1. Introduction\nNotch signalling matters [1, 2]. It is conserved [3].\n\n{REFS}\n"
    cm = analyse(text)
    assert claims(cm) == [("[1, 2]", "Notch signalling matters"), ("[3]", "It is conserved")]
    assert len(cm.markers) == 2


def test_a_reference_list_printed_before_the_end_of_the_body():
    # two-column layouts: the list's column comes out before the last paragraph of the discussion
    text = (f"4. Discussion\nWe found a long transition [1].\n\nReferences\n{REFS}\n\n"
            "present in milk over time, as others saw [2]. Marsupials differ [4].\n")
    cm = analyse(text)
    assert [c.marker.numbers for c in cm.claims] == [(1,), (2,), (4,)]
    assert "Journal of Tests" not in " ".join(c.text for c in cm.claims)


def test_reference_labels_in_a_column_of_their_own():
    text = ("Discussion\nVillage laws regulated the forest [1]. The law was strict [2].\n\nReferences\n1.\n\n2.\n\n3.\n\n"
            "Feeny D, Berkes F. The tragedy of the commons. Hum Ecol. 1990;18(1):1–19.\n"
            "Berkes F. Sacred Ecology. Philadelphia: Taylor & Francis; 1999.\n"
            "Johnson LM, Hunn ES. Landscape Ethnoecology [1966]. New York: Berghahn; 2010.\n")
    cm = analyse(text)
    assert [c.marker.numbers for c in cm.claims] == [(1,), (2,)]  # not [1966]


# -- where a claim starts and ends -------------------------------------------------------------


@pytest.mark.parametrize("text, marker, claim", [
    ("The spectrum was measured. In [11] it is studied the modification of the spectrum. Next one.",
     "[11]", "In [11] it is studied the modification of the spectrum"),
    ("Many reviews exist (see [7] for a review). Next one.", "[7]", "Many reviews exist (see [7] for a review)"),
    ("Уровень вырос в клетках. Так, показано [31], что глобальный уровень падает. Далее.",
     "[31]", "Так, показано [31], что глобальный уровень падает"),
    ("Ostrom [7] lists, among others, collective-choice rules. Researchers argue.",
     "[7]", "Ostrom [7] lists, among others, collective-choice rules"),
    ("Kusuhara және әріптестері [1] бүкіл әлемдегі жағдайлардың 34,6% деп келтірді. Келесі сөйлем.",
     "[1]", "Kusuhara және әріптестері [1] бүкіл әлемдегі жағдайлардың 34,6% деп келтірді"),
    ("Müəllif [4] qeyd edir ki, ticarət artıb. Növbəti cümlə.", "[4]", "Müəllif [4] qeyd edir ki, ticarət artıb"),
    ("Smith et al. [4] showed that bears differ. Next.", "[4]", "Smith et al. [4] showed that bears differ"),
])
def test_a_marker_inside_its_sentence_claims_the_sentence(text, marker, claim):
    cm = analyse("Giriş\n" + text + "\n")
    assert (cm.claims[0].marker.text, cm.claims[0].text) == (marker, claim)


def test_list_items_each_get_their_own_claim():
    text = ("Giriş\nNotch regulates processes including proliferation [17, 28], apoptosis [16, 29], "
            "angiogenesis [30, 31], and metastasis [35]. Next sentence.\n")
    assert [c.text for c in analyse(text).claims] == [
        "Notch regulates processes including proliferation", "apoptosis", "angiogenesis", "and metastasis"]


def test_markers_after_the_full_stop_belong_to_the_sentence_before():
    text = "Giriş\nBunlar özelleştirilmiş donanımlardır.[2] Güncellenebilirlik azalır.[3][4] Son cümle.\n"
    cm = analyse(text)
    assert claims(cm) == [("[2]", "Bunlar özelleştirilmiş donanımlardır."),
                          ("[3][4]", "Güncellenebilirlik azalır.")]
    assert cm.uncited[0].text == "Son cümle."


def test_a_narrative_marker_leaves_the_next_cluster_its_own_text():
    text = "Giriş\nGo was designed at Google[10] by Robert Griesemer and Rob Pike.[9][10] It is compiled.\n"
    cm = analyse(text)
    assert cm.claims[1].text == "by Robert Griesemer and Rob Pike."


def test_a_malformed_bracket_ends_the_claim_before_it():
    cm = analyse("Giriş\nFirst fact [3–1]. Second fact [2].\n")
    assert claims(cm) == [("[2]", "Second fact")]
    assert [f.code for f in cm.findings] == ["malformed-citation"]


# -- page breaks, captions, figure labels, tables ----------------------------------------------


def test_a_sentence_cut_by_a_figure_caption_and_labels_is_whole():
    footer = "PLOS ONE | DOI:10.1371/x December 31, 2014\n\n{n} / 14\n\n"
    text = ("Results\nThe first page ends here.\n\n" + footer.format(n=5)
            + "The frog is similar in size to the new species, but differs in having an alternative\n\n"
            + footer.format(n=6)
            + "Fig. 3. Distribution map of the species. The right panel shows the phylogeny.\n\n"
            "NICD\n\np300\n\nNucleus\n\n"
            "derived reproductive mode in which males guard eggs [14]. Another sentence.\n\n" + footer.format(n=7))
    cm = analyse(text)
    c = cm.claims[0]
    assert c.text.startswith("The frog is similar") and c.text.endswith("males guard eggs")
    assert "Distribution map" not in c.text and "p300" not in c.text and "NICD" not in c.text
    assert "PLOS" not in c.text


def test_a_caption_with_its_own_citation_is_a_claim_in_context():
    text = "Results\nWe measured it [1].\n\nFigure 2. Structures of the reporter first isolated from eggs [2].\n"
    cm = analyse(text)
    assert [(c.text, c.context) for c in cm.claims] == [
        ("We measured it", "body"), ("Figure 2. Structures of the reporter first isolated from eggs", "caption")]


def test_code_listings_and_console_output_cite_nothing():
    text = ("Методы\nДанные загружаются из GEO [23].\n\n"
            "1 getGSE <- function(name) {\n2\nes <- getGEO(name)[[1]]\nres = list(name = splittedFirst[1])\n}\n\n"
            "## [1] \"Таблица оксидов\"\n## [2] LC_CTYPE=Russian\n[1] Rcpp_0.12.1\n\nИтог [24].\n")
    cm = analyse(text)
    assert [c.marker.numbers for c in cm.claims] == [(23,), (24,)]


def test_unreadable_glyph_lines_are_left_out_and_said():
    garbage = "ʸʷʷʷ\x15»É»·È¹¾\x03ʹʷʸʼƑ\x03ʺƓʺʷʼ\n" * 40
    cm = analyse(garbage + "\nIntroduction\nA claim [1].\n")
    assert claims(cm) == [("[1]", "A claim")]
    assert [f.code for f in cm.findings] == ["skipped-text"] and "no readable text" in cm.findings[0].message


def test_a_document_without_citations_says_so():
    cm = analyse("Introduction\nSmith (2001) showed this. Jones (2002) did not.\n")
    assert [f.code for f in cm.findings] == ["no-citations"]


# -- markers that are not citations ------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The components t[1] and t[2] separate the samples.",  # PCA notation
    "Score plots (t[1]/ t[2]) and p[1] loadings.",
    "Opcodes in [0,9] are immediate, those in [10,15] aralığında diğer türlerdedir.",
    "Модуль Юнга в направлении [100] от температуры.",
    "The values x[i] and x[i + 1] and arr_2[3].",
])
def test_indexes_intervals_and_directions_are_not_citations(text):
    assert [m for m in find_markers(text) if not m.problem] == []


@pytest.mark.parametrize("text, numbers, locator", [
    ("[10, c. 206–207]", (10,), "c. 206–207"),  # a Latin c. for the Cyrillic с.
    ("[1, C. 122]", (1,), "C. 122"),
    ("[8, C. 484; 25; 26]", (8, 25, 26), "C. 484"),
    ("[103, С. 18, 215, 224]", (103,), "С. 18, 215, 224"),
    ("[5, 699-б.]", (5,), "699-б."),
    ("[3, 12-бет]", (3,), "12-бет"),
    ("[3, s.109]", (3,), "s.109"),
    ("[5: 234]", (5,), "234"),
    ("[14:113, 115]", (14,), "113, 115"),
    ("[41]:255", (41,), "255"),
    ("[42]:263–268", (42,), "263–268"),
    ("[2, S. 4]", (2,), "S. 4"),
    ("[2, ss. 4–6]", (2,), "ss. 4–6"),
    ("[7, стр. 12]", (7,), "стр. 12"),
    ("[7, 15 бет]", (7,), "15 бет"),
    ("[3, səh. 15]", (3,), "səh. 15"),
    ("[4, fig. 2]", (4,), "fig. 2"),
    ("[4, tab. 3]", (4,), "tab. 3"),
    ("[4, ch. 5]", (4,), "ch. 5"),
    ("[4, § 12]", (4,), "§ 12"),
    ("[9, р. 45]", (9,), "р. 45"),  # a Cyrillic р. for p.
])
def test_locators_as_real_papers_print_them(text, numbers, locator):
    [m] = find_markers(f"Claim {text}. Next")
    assert (m.numbers, "; ".join(x for x in m.locators if x), m.problem) == (numbers, locator, None)


# -- raised (superscript) citations in text from PDF -------------------------------------------


def test_superscript_citations_in_text_from_pdf():
    text = ("Introduction\nOlfactory receptors were found in the fruit fly, Drosophila melanogaster1–3. "
            "They occur in mosquitoes (see review4). The protein AgamOBP1 binds DEET5, and DEET repels. "
            "Structures of AgamOBP16 and AaegOBP17 (also named AaegOBP398,9) are known10. AaegOBP1 is small. "
            "Helices A1 and A4 hold PEG in AgamOBP1. It was expressed in BL21(DE3) cells11.\n")
    cm = analyse(text)
    assert [(m.text, m.numbers) for m in cm.markers] == [
        ("1–3", (1, 2, 3)), ("4", (4,)), ("5", (5,)), ("6", (6,)), ("7", (7,)), ("8,9", (8, 9)), ("10", (10,)),
        ("11", (11,))]
    assert cm.claims[0].text.endswith("Drosophila melanogaster")


def test_superscripts_are_not_read_where_brackets_are_used():
    cm = analyse("Introduction\nA claim [1]. Another [2]. The third [3]. CO2 emissions rose2 in H2O.\n")
    assert [m.numbers for m in cm.markers] == [(1,), (2,), (3,)]


# -- web pages ---------------------------------------------------------------------------------

WIKI = """<html><body>
<div id="toc" class="toc"><h2>Contents</h2><ul><li>History</li><li>Notes</li><li>References</li></ul></div>
<h2><span class="mw-headline">History</span><span class="mw-editsection">[<a href="/edit">edit</a>]</span></h2>
<p>Earth is a planet.<sup class="reference"><a href="#cite_note-a-1">[1]</a></sup><sup class="reference"><a href="#cite_note-b-2">[2]</a></sup> It orbits the Sun.<sup class="reference"><a href="#cite_note-c-3">[3]</a></sup><sup class="reference"><a href="#cite_note-c-3">[3]</a></sup>
It has one moon.<sup class="noprint Inline-Template"><a href="/wiki/Citation_needed">[citation needed]</a></sup>
Water covers it.<sup class="reference"><a href="#cite_note-n1">[a]</a></sup> Life exists.<sup class="reference"><a href="#cite_note-b-2">[2]</a></sup><sup class="reference">:<span>45</span></sup></p>
<h2>Notes</h2>
<ol class="references"><li id="cite_note-n1">A note that cites a source.<sup class="reference"><a href="#cite_note-c-3">[3]</a></sup></li></ol>
<h2>References</h2>
<ol class="references">
<li id="cite_note-a-1">Smith J. A book [1966]. Publisher.</li>
<li id="cite_note-b-2">Doe A. Another.</li>
<li id="cite_note-c-3">Roe B. Third.</li>
</ol>
</body></html>
"""


def test_a_wiki_page_as_it_is():
    cm = analyse(WIKI, "html")
    assert [(m.text, m.numbers, m.locator) for m in cm.markers] == [
        ("[1][2]", (1, 2), None), ("[3][3]", (3, 3), None), ("[2]:45", (2,), "45"), ("[3]", (3,), None)]
    assert [c.text for c in cm.claims] == [
        "Earth is a planet.", "It orbits the Sun.",
        "It has one moon.[citation needed] Water covers it. Life exists.",  # back to the previous cluster
        "A note that cites a source."]
    assert [m.location.line for m in cm.markers] == [4, 4, 6, 8]  # the lines of the links
    text = " ".join(c.text for c in cm.claims) + " ".join(u.text for u in cm.uncited)
    assert "edit" not in text and "Contents" not in text and "Publisher" not in text


def test_a_note_link_is_numbered_by_the_entry_it_points_at():
    page = ('<p>Renumbered claim.<sup><a href="#ref-b">[7]</a></sup></p>'
            '<ol><li id="ref-a">A</li><li id="ref-b">B</li></ol>')
    cm = analyse(page, "html")
    assert [m.numbers for m in cm.markers] == [(2,)]


def test_pages_and_lines_on_the_page_from_form_feeds():
    text = "Introduction\nFirst page [1].\n\fSecond page, line one.\nLine two [2].\n\f3\nThird [3].\n"
    cm = analyse(text)
    assert [(m.location.line, m.location.page, m.location.page_line) for m in cm.markers] == [
        (2, 1, 2), (4, 2, 2), (6, 3, 2)]
    from refs.report.claims import to_json

    data = to_json(cm)
    assert data["markers"][1]["page"] == 2 and data["markers"][1]["page_line"] == 2
    assert "page" not in to_json(analyse("Introduction\nNo pages [1].\n"))["markers"][0]


def test_raised_citations_in_html():
    page = ("<p>Receptors occur in the fruit fly<sup>1–3</sup> and mosquitoes<sup>4,5</sup>. "
            "Water is 10<sup>3</sup> kg per m<sup>2</sup>, the 2<sup>nd</sup> case.</p>"
            '<p>Linked to a reference div<sup><a href="#B6">6</a></sup> and a class link '
            '<a class="bibr" href="#B7">[7]</a>.</p><div id="B6">Ref six</div><div id="B7">Ref seven</div>')
    cm = analyse(page, "html")
    assert [(m.text, m.numbers) for m in cm.markers] == [
        ("[1–3]", (1, 2, 3)), ("[4,5]", (4, 5)), ("[6]", (6,)), ("[7]", (7,))]
    assert cm.claims[0].text == "Receptors occur in the fruit fly"
    assert "10 3 kg" not in " ".join(u.text for u in cm.uncited)


def test_a_sentence_that_mentions_code_is_prose():
    page = ("<p>Special syntax is used on channels; ch &lt;- x sends the value x, possibly blocking until "
            "another goroutine receives the value. Go has a memory model describing how goroutines share data."
            '<sup><a href="#n1">[1]</a></sup></p><ol class="references"><li id="n1">Ref</li></ol>')
    cm = analyse(page, "html")
    assert cm.claims[0].text.endswith("describing how goroutines share data.")


def test_raised_citations_in_docx(tmp_path):
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    sup = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'

    def run(text, raised=False):
        return f'<w:r>{sup if raised else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'

    body = (f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{run("Introduction")}</w:p>'
            f'<w:p>{run("Receptors occur in flies")}{run("1–3", True)}{run(". Water is 10")}{run("3", True)}'
            f'{run(" kg, and mosquitoes differ")}{run("4", True)}{run(".")}</w:p>')
    path = tmp_path / "paper.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    cm = manuscript.analyse(path.read_bytes(), "paper.docx", "docx", KEYS)
    assert [(m.text, m.numbers, m.location.line, m.location.col) for m in cm.markers] == [
        ("[1–3]", (1, 2, 3), 2, 25), ("[4]", (4,), 2, 68)]
    assert [c.text for c in cm.claims] == ["Receptors occur in flies", "Water is 103 kg, and mosquitoes differ"]


@pytest.mark.parametrize("text, numbers, locator", [
    ("[33, теор. 1.7.4]", (33,), "теор. 1.7.4"),
    ("[33, свойство 3.2.9]", (33,), "свойство 3.2.9"),
    ("[101, следствие 2]", (101,), "следствие 2"),
    ("[19, this study]", (19,), "this study"),
    ("[e.g. 28]", (28,), ""),
    ("[see 3, 4]", (3, 4), ""),
])
def test_pinpoints_in_words_and_prefixes(text, numbers, locator):
    [m] = find_markers(f"Claim {text}. Next")
    assert (m.numbers, "; ".join(x for x in m.locators if x), m.problem) == (numbers, locator, None)


@pytest.mark.parametrize("text, numbers", [
    ("across their entire historical range [16,17].", [(16, 17)]),
    ("built with JupyterLab[4].", [(4,)]),
    ("использующих Qt[7] и X11[14] в ГИП[12].", [(7,), (14,), (12,)]),
    ("the clone RXP407[34] binds.", [(34,)]),
    ("as shown[149]:104[158] before.", [(149, 158)]),
    ("code args_list[1::2] and select.select(r, w, x)[0] and obj.items[2].", []),
])
def test_glued_markers_and_indexes(text, numbers):
    assert [m.numbers for m in find_markers(text) if not m.problem] == numbers
    assert not [m for m in find_markers(text) if m.problem]


def test_pinpoints_joined_by_and():
    [m] = find_markers("Claim [33, разд. 3.2.1 и теор. 1.7.4]. Next")
    assert (m.numbers, m.locators, m.problem) == ((33,), ("разд. 3.2.1 и теор. 1.7.4",), None)


@pytest.mark.parametrize("text, claims_", [
    ("Válka začala „při zemi.“[1] V roce 1966 odešla Francie.[2]", ["Válka začala „při zemi.“", "V roce 1966 odešla Francie."]),
    ("2006年发行新歌。[1]她出版了专辑。[2]", ["2006年发行新歌。", "她出版了专辑。"]),
    ("الرياضيات علم قديم.[1] وهي لغة العلوم.[2]", ["الرياضيات علم قديم.", "وهي لغة العلوم."]),
])
def test_sentences_in_other_scripts_and_quotes(text, claims_):
    assert [c.text for c in analyse("Introduction\n" + text + "\n").claims] == claims_


def test_a_citation_alone_in_a_table_cell_claims_its_row():
    text = ("Results\nCases are listed in the table [1].\n\nTable 1: Reported cases.\n\n"
            "Raccoon\n\nProcyon lotor\n\n[5, 9]\n\nSkunk\n\nMephitis mephitis\n\n[6]\n")
    cm = analyse(text)
    assert [(c.marker.text, c.text, c.context) for c in cm.claims][1:] == [
        ("[5, 9]", "Raccoon | Procyon lotor", "table"), ("[6]", "Skunk | Mephitis mephitis", "table")]


def test_a_sentence_that_repeats_at_paragraph_starts_is_no_running_header():
    para = "Tərəflər razılaşdılar [{n}].\nSonra başqa bir fakt gəldi [{m}].\n\n"
    pages = "".join(para.format(n=i % 9 + 1, m=(i + 1) % 9 + 1) + ("\f" if i % 4 == 3 else "") for i in range(12))
    cm = analyse("Giriş\n" + pages)
    assert sum(1 for c in cm.claims if c.text == "Tərəflər razılaşdılar") == 12


def test_running_headers_by_pages_edges():
    page = "Journal of Tests, vol. {n}\n\nText of page {n} goes on [{n}].\n\n{n} / 9\n\f"
    cm = analyse("".join(page.format(n=n) for n in range(1, 6)))
    assert [c.text for c in cm.claims] == [f"Text of page {n} goes on" for n in range(1, 6)]


def test_a_header_printed_once_on_every_page_wherever_it_falls():
    pages = []
    for n in range(1, 7):
        figure = "\n\nMr\n\n(kDa)\n\n" if n % 2 else "\n\n"
        pages.append(f"Text of page {n} tells a fact [{n}].{figure}rsos.example.org R. Soc. open sci. 2: 150395\n\n"
                     f"More of page {n} follows [{n + 1}].\n")
    cm = analyse("\f".join(pages))
    assert not any("rsos.example.org" in c.text for c in cm.claims)
