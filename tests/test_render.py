"""Styles, locales, collation, output formats and the mends around citeproc-py."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lxml import etree

from refs import api
from refs.errors import InputError, UsageError
from refs.formats import bibtex
from refs.render import registry, richtext
from refs.render.collation import sort_key
from refs.render.csl import Cite, Engine, parse_locator

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "styles"
STYLES = ["apa", "ieee", "chicago-author-date", "vancouver", "modern-language-association",
          "harvard-cite-them-right", "gost-r-7-0-5-2008-numeric"]


def example():
    return bibtex.parse((ROOT / "bib" / "references.bib").read_text(encoding="utf-8")).library


def library():
    return bibtex.parse((ROOT / "tests" / "fixtures" / "library.bib").read_text(encoding="utf-8")).library


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/styles/NAME; REFS_UPDATE_GOLDEN=1 writes it instead."""
    path = GOLDEN / name
    if os.environ.get("REFS_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


# -- styles and locales by name ---------------------------------------------------------------


def test_styles_by_name_alias_and_dependent():
    assert registry.find_style("apa").name == "apa"
    v = registry.find_style("vancouver")
    assert v.name == "nlm-citation-sequence" and v.parent_of == "vancouver"
    assert registry.find_style("MLA").name == "modern-language-association"
    with pytest.raises(UsageError, match=r'unknown style "vankuver"; did you mean vancouver'):
        registry.find_style("vankuver")


def test_style_files_by_path(tmp_path):
    dependent = tmp_path / "my-journal.csl"
    dependent.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" '
        'default-locale="en-US"><info><title>My journal</title><id>x</id>'
        '<link href="http://www.zotero.org/styles/apa" rel="independent-parent"/>'
        "<updated>2026-01-01T00:00:00+00:00</updated></info></style>\n", encoding="utf-8")
    found = registry.find_style(str(dependent))
    assert found.name == "apa" and found.parent_of == str(dependent)
    broken = tmp_path / "broken.csl"
    broken.write_text('<style xmlns="http://purl.org/net/xbiblio/csl">\n  <info>\n</style>\n')
    with pytest.raises(InputError) as info:
        registry.find_style(str(broken))
    assert info.value.location.line == 3 and "not well-formed" in info.value.message
    invalid = tmp_path / "invalid.csl"
    invalid.write_text('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">\n<nonsense/>\n</style>\n')
    with pytest.raises(InputError, match="not a valid CSL file") as info:
        registry.find_style(str(invalid))
    assert info.value.location.line is not None


def test_locales():
    styles_dir = ROOT / "styles"
    assert registry.find_locale("az", styles_dir).tag == "az-AZ"
    assert registry.find_locale("kk-KZ", styles_dir).source == "project"
    assert registry.find_locale("ru", styles_dir).tag == "ru-RU"
    with pytest.raises(UsageError, match="unknown locale"):
        registry.find_locale("xx-YY", styles_dir)


@pytest.mark.parametrize("tag", ["az-AZ", "kk-KZ"])
def test_our_locales_are_valid_and_complete(tag):
    path = ROOT / "styles" / f"locales-{tag}.xml"
    registry.validate_csl(path)
    ns = {"cs": registry.CSL_NS}
    en = etree.parse(str(registry._citeproc_locales_dir() / "locales-en-US.xml"))

    def keys(tree):
        return {(t.get("name"), t.get("form") or "long") for t in tree.iterfind(".//cs:term", ns)}

    ours = keys(etree.parse(str(path)))
    assert keys(en) <= ours
    months = [t.findtext("cs:single", namespaces=ns) or t.text for t in etree.parse(str(path)).iterfind(
        ".//cs:term", ns) if re.fullmatch(r"month-\d\d", t.get("name")) and not t.get("form")]
    assert len(months) == 12


# -- collation ------------------------------------------------------------------------------


def test_azerbaijani_alphabetical_order():
    names = ["Zeynalov", "Vəliyev", "Yusifov", "Üzeyirov", "Umudov", "Tağıyev", "Şükürlü", "Səmədov",
             "Rəhimov", "Paşayev", "Özdəmir", "Orucov", "Nəsirov", "Məmmədov", "Lətifov", "Qasımov",
             "Kərimov", "Jalə", "İsmayılov", "Ilıcalı", "Xəlilov", "Hüseynov", "Ğanıyev", "Gəncəli",
             "Fərzəliyev", "Əliyev", "Eldarov", "Dadaşov", "Çingizov", "Cəfərov", "Bağırov", "Abbasov"]
    ordered = sorted(names, key=lambda n: sort_key(n, "az"))
    initials = "A B C Ç D E Ə F G Ğ H X I İ J K Q L M N O Ö P R S Ş T U Ü V Y Z".split()
    firsts = [n[0] for n in ordered]
    assert firsts == [i for i in initials if i in firsts]


def test_other_languages():
    assert sorted(["Яковлев", "Ёлкин", "Абрамов", "Жуков"], key=lambda n: sort_key(n, "ru")) == \
        ["Абрамов", "Ёлкин", "Жуков", "Яковлев"]
    assert sorted(["Ұлы", "Үсен", "Ахмет", "Әлиев", "Қасым", "Кәрім"], key=lambda n: sort_key(n, "kk")) == \
        ["Ахмет", "Әлиев", "Кәрім", "Қасым", "Ұлы", "Үсен"]
    assert sorted(["Zeki", "Çelik", "Ilgaz", "İnce", "Şahin", "Sarı"], key=lambda n: sort_key(n, "tr")) == \
        ["Çelik", "Ilgaz", "İnce", "Sarı", "Şahin", "Zeki"]
    assert sorted(["Zeta", "Ångström", "éclair", "Ezra"], key=lambda n: sort_key(n, "en")) == \
        ["Ångström", "éclair", "Ezra", "Zeta"]


def test_bibliography_follows_the_locale_collation():
    items = [{"id": k, "type": "book", "title": "T", "author": [{"family": f, "given": "A"}],
              "issued": {"date-parts": [[2020]]}} for k, f in
             [("a", "Zaur"), ("b", "Əliyev"), ("c", "Eyvazov"), ("d", "Xəlilov"), ("e", "Hacıyev"), ("f", "İsmayıl")]]
    engine = Engine(registry.find_style("apa"), registry.find_locale("az-AZ", ROOT / "styles"), items)
    assert [e.key for e in engine.bibliography()] == ["c", "b", "e", "d", "f", "a"]


@pytest.mark.parametrize("family, given, inverted, initials", [
    ("Həsənova", "Leyla", "Həsənova, Leyla", "Həsənova, L."),  # ə (U+0259) is Latin: the name is inverted
    ("Məmmədov", "Rauf", "Məmmədov, Rauf", "Məmmədov, R."),
    ("Ղազարյան", "Արամ", "Ղազարյան, Արամ", "Ղազարյան, Ա."),  # Armenian
    ("გელაშვილი", "ნინო", "გელაშვილი, ნინო", "გელაშვილი, ნ."),  # Georgian
    ("Нұрланқызы", "Әйгерім", "Нұрланқызы, Әйгерім", "Нұрланқызы, Ә."),
])
def test_names_in_every_spaced_script_are_inverted_with_the_styles_delimiters(family, given, inverted, initials):
    items = [{"id": "x", "type": "book", "title": "T", "author": [{"family": family, "given": given}],
              "issued": {"date-parts": [[2020]]}}]
    for style, expected in (("chicago-author-date", inverted), ("apa", initials)):
        engine = Engine(registry.find_style(style), registry.find_locale("az-AZ", ROOT / "styles"), items)
        assert engine.bibliography()[0].text.startswith(expected)


def test_chinese_japanese_and_korean_names_stay_unspaced():
    items = [{"id": k, "type": "book", "title": "T", "author": [{"family": f, "given": g}],
              "issued": {"date-parts": [[2020]]}} for k, f, g in (("zh", "毛", "泽东"), ("ko", "홍", "길동"),
                                                                  ("ja", "山田", "太郎"))]
    engine = Engine(registry.find_style("chicago-author-date"), None, items)
    firsts = {e.key: e.text.split(".")[0] for e in engine.bibliography()}
    assert firsts == {"zh": "毛泽东", "ko": "홍길동", "ja": "山田太郎"}


# -- the seven styles on the example --------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_example_in_the_seven_styles(style):
    text, _ = api.render_bibliography(example(), style)
    golden(f"example.{style}.txt", text)
    assert text.count("\n") == 16
    assert "()" not in text and " ," not in text and ".." not in text


@pytest.mark.parametrize("locale", ["az-AZ", "kk-KZ", "ru-RU"])
def test_example_in_other_locales(locale):
    text, _ = api.render_bibliography(example(), "harvard-cite-them-right", locale)
    golden(f"example.harvard-cite-them-right.{locale}.txt", text)


def test_azerbaijani_and_kazakh_dates_and_terms():
    items = [{"id": "x", "type": "webpage", "title": "Səhifə", "URL": "https://a.az",
              "issued": {"date-parts": [[2022, 8, 24]]}, "accessed": {"date-parts": [[2024, 3, 1]]}}]
    az = Engine(registry.find_style("modern-language-association"), registry.find_locale("az-AZ", ROOT / "styles"), items)
    text = az.bibliography()[0].text
    assert "24 avq. 2022" in text or "24 avqust 2022" in text
    kk = Engine(registry.find_style("chicago-author-date"), registry.find_locale("kk-KZ", ROOT / "styles"), items)
    assert "тамыз" in kk.bibliography()[0].text


CHAPTER_AND_PAGE = [
    {"id": "ch", "type": "chapter", "title": "Xəzər regionu", "container-title": "Müasir geosiyasət",
     "author": [{"family": "Əliyev", "given": "Kamran"}], "editor": [{"family": "Məmmədov", "given": "Rauf"}],
     "publisher": "Elm", "publisher-place": "Bakı", "page": "12–30", "issued": {"date-parts": [[2020]]},
     "language": "az"},
    {"id": "web", "type": "webpage", "title": "Limanın yeni terminalı", "container-title": "Report.az",
     "author": [{"family": "Həsənova", "given": "Leyla"}], "URL": "https://example.az/a",
     "issued": {"date-parts": [[2024, 3, 11]]}, "accessed": {"date-parts": [[2024, 5, 1]]}, "language": "az"},
    {"id": "undated", "type": "webpage", "title": "Səhifə", "container-title": "Oval.az", "URL": "https://oval.az/x",
     "language": "az"},
]


def rendered(style: str, locale: str | None) -> dict[str, str]:
    found = registry.find_locale(locale, ROOT / "styles") if locale else None
    return {e.key: e.text for e in Engine(registry.find_style(style), found, CHAPTER_AND_PAGE).bibliography()}


def test_azerbaijani_terms_read_as_azerbaijani_editors_write_them():
    apa = rendered("apa", "az-AZ")
    assert apa["ch"] == "Əliyev, K. (2020). Xəzər regionu. Kitabda R. Məmmədov (red.), Müasir geosiyasət (səh. 12–30). Elm."
    assert apa["web"] == "Həsənova, L. (2024, 11 mart). Limanın yeni terminalı. Report.az. https://example.az/a"
    assert apa["undated"] == "Səhifə. (t.y.). Oval.az. https://oval.az/x"  # no "Götürülüb"
    harvard = rendered("harvard-cite-them-right", "az-AZ")["web"]
    assert "Giriş rejimi: https://example.az/a (Müraciət tarixi: 1 may 2024)" in harvard
    gost = rendered("gost-r-7-0-5-2008-numeric", "az-AZ")["web"]
    assert "Limanın yeni terminalı [Elektron resurs] // Report.az" in gost and "(müraciət tarixi: 01.05.2024)" in gost
    assert "[müraciət tarixi: 1 may 2024]" in rendered("vancouver", "az-AZ")["web"]
    assert "Kitabda: Məmmədov R, redaktor." in rendered("vancouver", "az-AZ")["ch"]
    for text in (*apa.values(), harvard, gost):
        assert not re.search(r"İçində|içində|Götürülüb|əlçatandır|Onlayn", text)


def test_the_electronic_resource_label_of_gost_in_each_language():
    assert "[Электронный ресурс]" in rendered("gost-r-7-0-5-2008-numeric", None)["web"]  # the style's Russian
    assert "[Elektron resurs]" in rendered("gost-r-7-0-5-2008-numeric", "az-AZ")["web"]
    kk = rendered("gost-r-7-0-5-2008-numeric", "kk-KZ")["web"]
    assert "[Электрондық ресурс]" in kk and "онлайн" not in kk.lower()
    assert "[Elektron resurs]. Giriş rejimi: https://example.az/a" in rendered("ieee", "az-AZ")["web"]


@pytest.mark.parametrize("style, locale, expected", [
    ("apa", "az-AZ", "(2024, 11 mart)"),
    ("apa", "kk-KZ", "(2024, 11 наурыз)"),
    ("apa", "fr-FR", "(2024, 11 mars)"),
    ("apa", "en-US", "(2024, March 11)"),  # English keeps the month first
    ("apa", "en-GB", "(2024, 11 March)"),
    ("chicago-author-date", "az-AZ", "Report.az, 11 mart."),
    ("chicago-author-date", "de-DE", "Report.az, 11. März."),
    ("chicago-author-date", "en-US", "Report.az, March 11."),
])
def test_a_styles_own_date_puts_the_day_first_where_the_language_does(style, locale, expected):
    assert expected in rendered(style, locale)["web"]


def test_title_case_keeps_a_site_name_with_a_dot():
    # citeproc-js writes "Oval.Az" and "Report.Az"; a word goes on after a dot between letters
    assert "Oval.az." in rendered("apa", "en-US")["undated"] and "Report.az" in rendered("apa", "en-US")["web"]


# -- mends around citeproc-py ---------------------------------------------------------------


def test_numeric_labels_have_their_own_column():
    engine = Engine(registry.find_style("ieee"), None, example().to_csl_json())
    first = engine.bibliography()[0]
    assert first.text.startswith("[1] “President")
    assert first.html.startswith('<div class="csl-left-margin">[1]</div><div class="csl-right-inline">“President')


def test_year_suffixes_for_the_same_author_and_year():
    lib = library()
    engine = Engine(registry.find_style("apa"), None, lib.to_csl_json())
    texts = {e.key: e.text for e in engine.bibliography()}
    assert "(2024a, March 11)" in texts["un2024a"] and "(2024b, March 12)" in texts["un2024b"]
    assert "(2010a)" in texts["samename2010a"] and "(2010b)" in texts["samename2010b"]
    assert "(2023a)" in texts["report2023"] or "(2023a)" in texts["report2023b"]
    cite = richtext.to_text(engine.cite([Cite("un2024b")]))
    assert cite == "(United Nations, 2024b)"


def test_year_suffixes_for_names_written_in_different_ways():
    """Cites that read alike whatever the name's parts are told apart: "le Cun" and "Cun" with
    the particle "le", an editor for an author (year suffixes, as citeproc-js gives them);
    "Clay et al." as a family and Clay with two others (refs adds the second name, "Clay,
    Mish, et al."; citeproc-js adds year suffixes): no two cites read the same."""
    items = [
        {"id": "a", "type": "book", "title": "Modèles", "author": [{"family": "le Cun", "given": "Y."}],
         "issued": {"date-parts": [[1987]]}},
        {"id": "b", "type": "book", "title": "Models", "author": [{"family": "Cun", "given": "Yann",
                                                                   "non-dropping-particle": "le"}],
         "issued": {"date-parts": [[1987]]}},
        {"id": "c", "type": "webpage", "title": "Forum", "author": [{"family": "Clay et al.", "given": "R."}]},
        {"id": "d", "type": "webpage", "title": "Page", "author": [{"family": "Clay", "given": "R. L."},
                                                                  {"family": "Mish", "given": "K."},
                                                                  {"family": "Williams", "given": "A. B."}]},
        {"id": "e", "type": "book", "title": "Edited", "editor": [{"family": "Smith", "given": "J."}],
         "issued": {"date-parts": [[2001]]}},
        {"id": "f", "type": "book", "title": "Written", "author": [{"family": "Smith", "given": "J."}],
         "issued": {"date-parts": [[2001]]}},
    ] + [{"id": f"x{n}", "type": "book", "title": f"Other {n}", "author": [{"family": f"Other{n}", "given": "O."}],
          "issued": {"date-parts": [[1900 + n]]}} for n in range(450)]  # enough to go to the workers
    engine = Engine(registry.find_style("apa"), None, items)
    texts = {e.key: e.text for e in engine.bibliography()}
    def suffix(key: str) -> str:
        found = re.search(r"\((?:\d{4}|n\.d\.-)([a-z])\)", texts[key])
        return found.group(1) if found else ""

    for one, other in (("a", "b"), ("e", "f")):
        assert {suffix(one), suffix(other)} == {"a", "b"}, (texts[one], texts[other])
    cites = engine.clusters([[Cite(k)] for k in "abcdef"])
    assert len(set(cites)) == 6, cites
    assert cites[0] == "(le Cun, 1987a)" and cites[3] == "(Clay, Mish, et al., n.d.)", cites
    assert not any("1900a" in texts[f"x{n}"] for n in range(450))


def test_numeric_citations_collapse():
    engine = Engine(registry.find_style("vancouver"), None, example().to_csl_json())
    keys = example().keys()
    assert richtext.to_text(engine.cite([Cite(k) for k in keys[3:6]])) == "(4–6)"
    assert richtext.to_text(engine.cite([Cite(keys[0]), Cite(keys[1])])) == "(1,2)"
    assert richtext.to_text(engine.cite([Cite(k) for k in keys[:3]] + [Cite(keys[7])])) == "(1–3,8)"


def test_locators():
    assert parse_locator("p. 45") == ("page", "45")
    assert parse_locator("с. 12") == ("page", "12")
    assert parse_locator("səh. 15") == ("page", "15")
    assert parse_locator("pp. 3–5") == ("page", "3–5")
    assert parse_locator("vol. 2") == ("volume", "2")
    # a word is a label only when refs knows it and a period or space follows it
    assert parse_locator("xii") == ("page", "xii") and parse_locator("A7") == ("page", "A7")
    assert parse_locator("§ 3") == ("section", "3") and parse_locator("Table 2") == ("figure", "2")
    keys = example().keys()
    apa = Engine(registry.find_style("apa"), None, example().to_csl_json())
    assert richtext.to_text(apa.cite([Cite(keys[8], "p. 45")])).endswith("2024, p. 45)")
    gost = Engine(registry.find_style("gost-r-7-0-5-2008-numeric"), None, example().to_csl_json())
    assert richtext.to_text(gost.cite([Cite(keys[8], "с. 45")])) == "[9, с. 45]"


def test_substituted_title_is_not_repeated():
    engine = Engine(registry.find_style("apa"), None, example().to_csl_json())
    for entry in engine.bibliography():
        title = richtext.strip(entry.marked).split(". (")[0]
        without_url = re.sub(r"https?://\S+", "", entry.text)
        assert without_url.count(title) == 1, entry.text


def test_hostile_values_are_escaped_in_every_format():
    items = [{"id": "x", "type": "webpage", "title": '<img src=x onerror="alert(1)"> & <script>',
              "URL": "https://a.az/?q=<b>", "issued": {"date-parts": [[2024]]}}]
    engine = Engine(registry.find_style("ieee"), None, items)
    entry = engine.bibliography()[0]
    assert "<img" not in entry.html and "&lt;img src=x" in entry.html and "&amp; &lt;script&gt;" in entry.html
    md = richtext.to_markdown(entry.marked)
    assert "\\<img" in md
    latex = richtext.to_latex(entry.marked)
    assert "\\&" in latex


def test_emphasis_in_markdown_html_and_latex():
    items = [{"id": "x", "type": "book", "title": "A <i>Homo sapiens</i> history", "author": [{"family": "Lee", "given": "S"}],
              "publisher": "P", "issued": {"date-parts": [[2020]]}}]
    engine = Engine(registry.find_style("apa"), None, items)
    entry = engine.bibliography()[0]
    assert "*A* Homo sapiens *history*" in richtext.to_markdown(entry.marked)  # upright inside italics
    assert "<i>" in entry.html
    assert "\\emph{" in richtext.to_latex(entry.marked)
    assert "*" not in entry.text and "<i>" not in entry.text


def test_missing_fields_leave_nothing_behind():
    lib = library()
    for style in STYLES:
        text, findings = api.render_bibliography(lib, style)
        assert "()" not in text and "[]" not in text and ", ," not in text and " ." not in text, style
        assert "1–0" not in text
    keys = {f.message.split('"')[1] for f in findings}
    assert {"nodate", "noauthor2022"} <= keys


@pytest.mark.parametrize("fmt", ["html", "markdown", "latex", "json"])
def test_output_formats(fmt):
    text, _ = api.render_bibliography(example(), "ieee", None, fmt)
    golden(f"example.ieee.{fmt}", text)


def test_standalone_html_page():
    page, _ = api.render_bibliography(example(), "apa", "az-AZ", "html", standalone=True)
    assert page.startswith("<!DOCTYPE html>") and 'lang="az"' in page
    assert "default-src 'none'" in page and "<script" not in page


def test_a_date_range_within_a_year_is_shown_as_each_style_shows_a_date():
    lib = bibtex.parse("@article{b, title={U}, author={Doe, J.}, journal={J}, date={2000-07/2000-08}}\n"
                       "@inproceedings{d, title={V}, author={Roe, K.}, booktitle={Conf}, date={2005-03-03/2005-03-07}}\n"
                       "@inproceedings{x, title={W}, author={Poe, L.}, booktitle={Conf}, date={2005-02-27/2005-03-03}}\n",
                       "r.bib").library
    expected = {  # no crash, the year always, the months and days where the style shows them
        "ieee": ["Jul.–Aug. 2000", "Mar. 2005", "Feb.–Mar. 2005"],
        "apa": ["Doe, J. (2000). U. J.", "(2005, March 3–7)", "(2005, February 27–March 3)"],
        "chicago-author-date": ["2000. “U.” J, July–August", "March 3–7", "February 27–March 3"],
        "vancouver": ["J. 2000 Jul–Aug", "Conf. 2005."],
        "modern-language-association": ["July–Aug. 2000"],  # MLA's short months, as citeproc-js
    }
    for style, parts in expected.items():
        text, _ = api.render_bibliography(lib, style, None, "text", None, False)
        for part in parts:
            assert part in text, (style, part, text)
        assert "–August–" not in text


def test_what_real_files_left_in_rendered_entries():
    lib = bibtex.parse(r"""@article{q, author={Smith, John}, title={Is this the end of history?}, journal={J}, year=2019}
@misc{gh, author={Doe, Jane}, title={A tool}, howpublished={\url{https://github.com/x/y}}, year=2020}
@misc{zrf, author={{Zillions of Games}}, title={{ZRF} {L}anguage Reference}, year=2002,
  howpublished="{\texttt{http://www.zillions-of-games.com/}}"}
@book{cr, author={Cram{\'e}r, Harald}, title={Mathematical Methods of Statistics.}, publisher={Princeton University
  Press}, year=1946}
@inproceedings{ri, author={Rotili, R.}, title={Real-Time Speech Recognition}, year=2011,
  booktitle={Proc. 7th Intern. Conf. on Intelligent Computing, Zhengzhou, China,}}
@proceedings{pr, title={Proceedings of the Tenth Workshop}, booktitle={Proceedings of the Tenth Workshop},
  year=2019, publisher={ACL}}
@set{s, entryset={q,gh}}
@xdata{common, publisher={ACL}}
""", "r.bib").library
    for style in ("apa", "chicago-author-date", "ieee"):
        text, _ = api.render_bibliography(lib, style, None, "text", None, False)
        lines = text.splitlines()
        assert len(lines) == 6 and all(line.strip() for line in lines), (style, text)  # no @set, no @xdata
        # a value that ends in a comma keeps it, as citeproc-js does ("…Zhengzhou, China,."):
        # refs never rewrites what the file holds; elsewhere no doubled marks
        assert ".." not in text and ",." not in text.replace("China,.", "") and "Statistics." in text, (style, text)
        assert "?." not in text and "?”." not in text, (style, text)
        assert "Https" not in text and "https://github.com/x/y" in text, (style, text)
        assert "Http:" not in text and "http://www.zillions-of-games.com/" in text, (style, text)
        assert text.count("Tenth Workshop") == 1, (style, text)  # a volume's title once


def test_the_public_render_api_gives_entries_and_clusters_in_every_format():
    from refs.errors import UsageError
    from refs.render import render

    items = [
        {"id": "a", "type": "book", "title": "Ports <i>and</i> trade", "author": [{"family": "Smith", "given": "John"}],
         "issued": {"date-parts": [[2020]]}, "publisher": "Harbour Press"},
        {"id": "b", "type": "book", "title": "Railways", "author": [{"family": "Smith", "given": "John"}],
         "issued": {"date-parts": [[2020]]}, "publisher": "Harbour Press"},
    ]
    out = render(items, "apa", clusters=[[{"id": "a", "locator": "12"}], [{"id": "b", "locator": "ch. 3"}],
                                         [{"id": "a", "suppress-author": True}]])
    assert [c.text for c in out.citations] == ["(Smith, 2020a, p. 12)", "(Smith, 2020b, Chapter 3)", "(2020a)"]
    first = out.entries[0]
    assert first.text == "Smith, J. (2020a). Ports and trade. Harbour Press."
    assert first.html == "Smith, J. (2020a). <i>Ports </i>and<i> trade</i>. Harbour Press."
    assert first.markdown == "Smith, J. (2020a). *Ports* and *trade*. Harbour Press."
    assert first.latex == r"Smith, J. (2020a). \emph{Ports }and\emph{ trade}. Harbour Press."
    notes = render(items, "oscola", clusters=[[{"id": "a", "locator": "12"}], [{"id": "a", "locator": "12"}]])
    assert notes.note_style and notes.citations[1].text.lower().startswith("ibid")
    az = render(items, "apa", "az-AZ")  # refs' own locale, found without naming a folder
    assert az.locale == "az-AZ" and "t.y." not in az.entries[0].text
    with pytest.raises(UsageError, match="not among the items: zz"):
        render(items, "apa", clusters=[[{"id": "zz"}]])
    with pytest.raises(UsageError, match="note numbers"):
        render(items, "apa", clusters=[[{"id": "a"}]], notes=[1, 2])


def test_a_style_without_a_bibliography_that_asks_for_year_suffixes(tmp_path):
    """citeproc-py's register() crashed here; each item is cited alone, suffixes and all."""
    style = tmp_path / "nobib.csl"
    style.write_text('''<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>No bibliography</title><id>x</id><updated>2020-01-01T00:00:00+00:00</updated></info>
  <citation disambiguate-add-year-suffix="true">
    <layout prefix="(" suffix=")" delimiter="; ">
      <group delimiter=", "><names variable="author"><name form="short"/></names>
        <date variable="issued"><date-part name="year"/></date></group>
    </layout>
  </citation>
</style>''', encoding="utf-8")
    lib = bibtex.parse("@book{a, author={Smith, J.}, title={A}, year=2020}\n"
                       "@book{b, author={Smith, J.}, title={B}, year=2020}\n", "two.bib").library
    text, _ = api.render_bibliography(lib, str(style), None, "text")
    assert text == "(Smith, 2020a)\n(Smith, 2020b)\n"


def test_capitals_follow_the_language_azerbaijani_i_is_dotted(tmp_path):
    from refs.api import load_library, render_bibliography

    bib = tmp_path / "ch.bib"
    bib.write_text("@online{w1, author={Lee, Ann}, title={A page}, url={https://a.az/p}, year=2020, "
                   "urldate={2024-05-01}}\n", encoding="utf-8")
    library = load_library(bib).library
    az, _ = render_bibliography(library, "vancouver", "az-AZ", "text")  # the term "internet", capitalised
    assert "[İnternet]" in az and "[Internet]" not in az, az
    en, _ = render_bibliography(library, "vancouver", "en-US", "text")
    assert "[Internet]" in en
