from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refs.dates import Date
from refs.formats import bibtex
from refs.formats import bibtex_tables as T
from refs.model import Name, Severity


def parse_file(path):
    return bibtex.parse(path.read_text(encoding="utf-8"), str(path))


def field_names(text):
    """Every (key, field name) pair the raw file holds, as pybtex reads it."""
    parsed = bibtex.parse(text)
    return {(r.key, n.lower()) for r in parsed.library for n, _ in r.source_fields}


@pytest.mark.parametrize("name", ["example", "fixture"])
def test_round_trip_keeps_every_field(name, example, fixtures):
    path = example / "references.bib" if name == "example" else fixtures / "all-types-and-fields.bib"
    first = parse_file(path)
    assert not first.errors
    written = bibtex.dump(first.library)
    second = bibtex.parse(written)
    assert not second.errors
    assert first.library.same_data(second.library)
    # every field of every entry is in the written file, under its own name
    assert field_names(path.read_text(encoding="utf-8")) == field_names(written)
    # and writing again changes nothing
    assert bibtex.dump(second.library) == written


def test_fixture_covers_every_type_and_field(fixtures):
    lib = parse_file(fixtures / "all-types-and-fields.bib").library
    types = {r.entry_type for r in lib}
    assert set(T.ENTRY_TYPES) <= types
    names = {n.lower() for r in lib for n, _ in r.source_fields}
    assert set(T.FIELDS) | set(T.SUBTITLES) <= names
    assert any(r.extra for r in lib)


def test_fields_become_csl_variables(fixtures):
    lib = parse_file(fixtures / "all-types-and-fields.bib").library
    art = lib["fixture-article"]
    assert art.type == "article-journal"
    assert art["title"] == 'The <span class="nocase">NASA</span> <i>Mission</i> to Märs – Part\u00a01'
    assert art["container-title"] == 'Journal of <span class="nocase">Fixtures</span> and More'
    assert art["publisher-place"] == "Café & Co."
    assert art.extra_field("foo-unknown") == r"Kept {verbatim} \textbf{as} written"
    child = lib["fixture-child"]
    assert child["issued"] == Date(start=(2019, 11, 3))
    assert child["title"] == "A Paper: With a Subtitle"
    assert child["page"] == "5–9"
    assert lib["fixture-misc-url"].type == "webpage"
    assert lib["fixture-phdthesis"]["genre"] == "PhD thesis"
    assert "type =" not in bibtex.dump([lib["fixture-phdthesis"]])
    assert lib["fixture-suppperiodical"].type == "article-magazine"


def test_names_particles_suffixes_and_corporate(fixtures):
    lib = parse_file(fixtures / "all-types-and-fields.bib").library
    names = lib["fixture-audio"]["author"]
    assert names == (
        Name(family="Müller", given="Hans"),
        Name(family="Neumann", given="John", non_dropping_particle="von"),
        Name(literal="World Health Organization"),
        Name(family="Fuente", given="Ana María", non_dropping_particle="de la", suffix="Jr."),
        Name(family="others"),
    )
    csl = lib["fixture-audio"].to_csl_json()["author"]
    assert csl[2] == {"literal": "World Health Organization"}
    assert csl[1] == {"family": "Neumann", "given": "John", "non-dropping-particle": "von"}


def test_crossref_resolution(fixtures):
    lib = bibtex.resolve_crossrefs(parse_file(fixtures / "all-types-and-fields.bib").library)
    child = lib["fixture-child"]
    assert child["container-title"] == 'Proceedings of the <span class="nocase">Fixture</span> Conference'
    assert child["publisher"] == "Fixture Press"
    assert child["issued"] == Date(start=(2019, 11, 3))  # its own date wins


def test_crossref_chains_authors_and_cycles():
    lib = bibtex.parse("""@mvbook{works, title = {Collected Works}, publisher = {P}, date = 1990}
@book{vol2, crossref = {works}, volume = 2}
@inbook{essay, crossref = {VOL2}, title = {An Essay}, pages = {3--10}}
@book{fla, author = {Russell, Bertrand}, title = {Logical Atomism}, year = 1999}
@inbook{fla-ch, crossref = {fla}, title = {Lecture One}}
@book{loop1, crossref = {loop2}, title = {L1}}
@book{loop2, crossref = {loop1}}
""").library.with_crossrefs()
    essay = lib["essay"]  # through its volume to the multi-volume work
    assert essay["container-title"] == "Collected Works" and essay["publisher"] == "P"
    assert essay["issued"] == Date(start=(1990,))
    chapter = lib["fla-ch"]  # a chapter of a one-author book is the author's, as BibTeX and biber read it
    assert chapter["author"] == chapter["container-author"] == lib["fla"]["author"]
    assert lib["loop2"]["title"] == "L1" and lib["loop1"]["title"] == "L1"
    chain = "".join(f"@book{{b{i}, crossref = {{b{i + 1}}}}}\n" for i in range(5000)) + "@book{b5000, title={End}}"
    long = bibtex.parse(chain).library.with_crossrefs()  # a chain longer than any stack: no crash
    assert long["b4990"]["title"] == "End"


def test_date_beats_year_and_loser_is_kept():
    parsed = bibtex.parse("@book{a, year = 1999, date = {2001-05}, title = {T}}")
    ref = parsed.library["a"]
    assert ref["issued"] == Date(start=(2001, 5))
    assert ref.extra_field("year") == "1999"
    assert "year" in bibtex.dump(parsed.library)


def test_languages_map_to_bcp47_and_back():
    parsed = bibtex.parse("@online{a, title={T}, langid={azerbaijani}, url={https://x.az}}")
    assert parsed.library["a"]["language"] == "az"
    assert "langid = {azerbaijani}" in bibtex.dump(parsed.library)


def test_example_online_entries(example):
    lib = parse_file(example / "references.bib").library
    assert lib.nth(1)["container-title"] == 'President of the Republic of Azerbaijan (<span class="nocase">president.az</span>)'
    assert lib.nth(13)["language"] == "az"
    assert lib.nth(4)["language"] == "de"


# -- bad input: findings with file:line:col, and the other entries still load -----------------


def test_unterminated_entry_reports_its_start_and_keeps_the_rest():
    text = "@book{good1, title={A}}\n\n@misc{broken, title = {oops\n\n@book{good2, title={B}}\n"
    parsed = bibtex.parse(text, "x.bib")
    assert parsed.library.keys() == ["good1", "good2"]
    [err] = parsed.errors
    assert str(err.location) == "x.bib:3:1"
    assert "broken" in err.message and "not closed" in err.message
    assert err.context == "@misc{broken, title = {oops"


def test_syntax_error_has_line_and_column():
    text = "@book{a, title={A}}\n@book{b,\n  title = {B}\n  year = 2000\n}\n@book{c, title={C}}\n"
    parsed = bibtex.parse(text, "y.bib")
    [err] = parsed.errors
    assert err.location.line == 4 and err.location.col == 3
    assert "c" in parsed.library.keys()
    assert re.match(r"y\.bib:4:3: error\[bibtex-syntax\]: ", str(err))


def test_duplicate_keys_name_both_lines_and_the_first_is_used_as_bibtex_does():
    text = "@book{k, title={One}}\n@book{k, title={Two}}\n"
    parsed = bibtex.parse(text, "d.bib")
    assert not parsed.errors  # BibTeX warns and goes on: a 4,000-entry file is not refused for one key
    [warn] = parsed.findings
    assert warn.code == "duplicate-key" and warn.severity.value == "warning"
    assert "line 1" in warn.message and "line 2" in warn.message
    assert str(warn.location) == "d.bib:2:1"
    assert parsed.library["k"]["title"] == "One"


def test_identical_duplicate_is_a_warning():
    text = "@book{k, title={One}}\n@book{k, title={One}}\n"
    parsed = bibtex.parse(text)
    assert not parsed.errors
    assert [f.code for f in parsed.findings] == ["duplicate-entry"]
    assert len(parsed.library) == 1


def test_duplicate_field_is_kept():
    parsed = bibtex.parse("@book{k, title={One}, title={Two}}")
    assert parsed.library["k"]["title"] == "One"
    assert parsed.library["k"].extra_field("title") == "Two"
    assert parsed.findings[0].severity is Severity.WARNING


def test_invalid_date_is_kept_verbatim_with_a_finding():
    parsed = bibtex.parse("@online{k,\n  title={T},\n  date={2023-02-30}\n}", "z.bib")
    [f] = parsed.findings
    assert f.code == "invalid-date" and str(f.location) == "z.bib:3:3"
    assert parsed.library["k"].extra_field("date") == "2023-02-30"
    assert "2023-02-30" in bibtex.dump(parsed.library)


def test_unknown_type_is_kept():
    parsed = bibtex.parse("@customthing{k, title={T}}")
    assert parsed.library["k"].entry_type == "customthing"
    assert bibtex.dump(parsed.library).startswith("@customthing{k,")


def test_empty_input_is_an_error():
    assert bibtex.parse("% only a comment\n").errors[0].code == "empty-bibliography"


# -- properties --------------------------------------------------------------------------------

word = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=8)
upper_word = st.builds(lambda a, b: a.upper() + b, st.sampled_from("ABCDEFGHİÇŞƏÖÜĞKLMNQXZАБВ"), word)
particle = st.sampled_from(["", "von", "van der", "de la", "di", "da"])
person = st.builds(
    lambda f, g, p, s: Name(family=f, given=g, non_dropping_particle=p, suffix=s),
    st.lists(upper_word, min_size=1, max_size=2).map(" ".join),
    st.lists(upper_word, max_size=2).map(" ".join),
    particle,
    st.sampled_from(["", "Jr.", "III"]),
)
corporate = st.lists(upper_word, min_size=1, max_size=5).map(lambda ws: Name(literal=" ".join(ws)))
corporate_with_and = st.just(Name(literal="Ministry of Foreign Affairs and Trade, Republic of Kazakhstan"))


@given(st.lists(st.one_of(person, corporate, corporate_with_and), min_size=1, max_size=4))
def test_names_round_trip(names):
    names = tuple(n for n in names if n.family or n.literal)
    if not names:
        return
    written = " and ".join(bibtex.format_name(n) for n in names)
    assert bibtex.parse_names(written) == names


title_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<>"), min_size=1, max_size=40
)


@given(title_text, st.booleans())
def test_titles_round_trip_through_a_file(title, protect):
    from refs.formats.latex import NOCASE_OPEN, normalize_space

    title = normalize_space(title)
    if not title:
        return
    if protect:
        title = f"{NOCASE_OPEN}{title}</span> and <i>{title}</i>"
    parsed = bibtex.parse(f"@book{{k, title = {{{bibtex.encode(title, rich=True)}}}}}")
    assert not parsed.errors
    assert parsed.library["k"]["title"] == title
    again = bibtex.parse(bibtex.dump(parsed.library))
    assert again.library["k"]["title"] == title


@given(st.text(alphabet="@{}=,\"# \nab1%\\", max_size=60))
def test_parser_never_raises(text):
    parsed = bibtex.parse(text, "fuzz.bib")
    for f in parsed.findings:
        assert f.location is not None


def test_eprints_imply_identifiers_and_urls_without_being_written_twice():
    text = "@article{k,\n  title = {T},\n  eprint = {2101.00001},\n  eprinttype = {arxiv}\n}\n"
    parsed = bibtex.parse(text)
    ref = parsed.library["k"]
    assert ref["URL"] == "https://arxiv.org/abs/2101.00001" and ref["number"] == "arXiv:2101.00001"
    written = bibtex.dump(parsed.library)
    assert "url" not in written and "eprint     = {2101.00001}" in written
    legacy = bibtex.parse("@misc{p, title={T}, archivePrefix={arXiv}, eprint={hep-th/9901001}, url={https://x.org}}")
    assert legacy.library["p"]["URL"] == "https://x.org"  # the entry's own URL wins
    assert legacy.library["p"]["number"] == "arXiv:hep-th/9901001"


# -- real .bib files: what BibTeX accepts, kept as written ------------------------------------

REAL = r"""@Comment 2025.bib -*- mode: BibTeX -*-
% @Comment{jabref-meta: databaseType:bibtex;}
@Preamble{preamble}
@string{ack-nhfb = "Nelson H. F. Beebe"}
@InProceedings{dblp1,
  author    = {Jan Vitek and
               Christian Damsgaard Jensen},
  editor    = {A. Smith and B. Jones and
               C. Brown},
  title     = {Secure {Java} \slash Virtual Machines~\cite{other} with $^{4}\mathrm{He}$},
  booktitle = {Proc. } # tocs,
  publisher = {Springer Berlin\slash Heidelberg},
  month     = jul,
  year      = {2000},
  note      = {\ifmmode \check{C}\else Č\fi{}ech {\TeX book} hy\-phen},
  acknowledgement = ack-nhfb,
}
@misc(weird}key, title = "Quoted {B}race")
"""


def test_what_bibtex_accepts_is_accepted_and_written_back_as_written():
    parsed = bibtex.parse(REAL, "real.bib")
    assert parsed.errors == []
    assert sorted(f.code for f in parsed.findings) == ["undefined-macro", "undefined-macro"]
    assert {f.location.line for f in parsed.findings} == {3, 11}
    lib = parsed.library
    assert lib.keys() == ["dblp1", "weird}key"]
    ref = lib["dblp1"]
    assert [n.family for n in ref["author"]] == ["Vitek", "Jensen"]  # "and" at a line end
    assert [n.family for n in ref["editor"]] == ["Smith", "Jones", "Brown"]
    out = bibtex.dump(lib)
    for raw in (r"{Secure {Java} \slash Virtual Machines~\cite{other} with $^{4}\mathrm{He}$}",
                "{Proc. } # tocs", r"{Springer Berlin\slash Heidelberg}", "jul", "{2000}",
                r"{\ifmmode \check{C}\else Č\fi{}ech {\TeX book} hy\-phen}", "ack-nhfb",
                '"Quoted {B}race"', "{Jan Vitek and\n               Christian Damsgaard Jensen}",
                '@string{ack-nhfb = "Nelson H. F. Beebe"}', "@preamble{preamble}"):
        assert raw in out, raw
    # the fields stay in their order: month after publisher, year after month
    body = out.split("@InProceedings{dblp1,")[1].split("\n}")[0]
    names = re.findall(r"(?m)^  (\w+)\s*=", body)
    assert names == ["author", "editor", "title", "booktitle", "publisher", "month", "year", "note",
                     "acknowledgement"]
    again = bibtex.parse(out, "again.bib")
    assert again.library.same_data(lib)
    assert bibtex.dump(again.library) == out  # a second write changes nothing


def test_a_changed_value_is_written_anew_and_the_rest_as_written():
    lib = bibtex.parse(REAL, "real.bib").library
    ref = lib["dblp1"]
    changed = ref.with_fields(fields={**ref.fields, "title": "A new title"})
    out = bibtex.dump([changed])
    assert "{A new title}" in out and "{Springer Berlin\\slash Heidelberg}" in out and "= jul," in out
    assert out.startswith("@InProceedings{dblp1,")  # the type as the file spells it


def test_comments_in_every_form():
    text = ("@comment{a {nested} comment @article{no, title={No}}}\n@Comment(x)\n@COMMENT line one\n"
            "% @article{commented, title={Out}}\nfree text @book{yes, title={Yes}}\n")
    parsed = bibtex.parse(text, "c.bib")
    assert parsed.library.keys() == ["yes"] and parsed.findings == []


def test_a_gbk_file_is_read_as_chinese_and_says_it_was_detected(tmp_path, monkeypatch):
    from refs import api

    monkeypatch.chdir(tmp_path)
    text = ("@article{wang2020,\n  author = {王小明 and 李华},\n  title = {基于深度学习的图像识别方法研究},\n"
            "  journal = {测试期刊},\n  year = {2020}\n}\n")
    (tmp_path / "cn.bib").write_bytes(text.encode("gbk"))
    parsed = api.load_library(tmp_path / "cn.bib")
    assert parsed.library["wang2020"]["container-title"] == "测试期刊"
    [note] = [f for f in parsed.findings if f.code == "detected-encoding"]
    assert "gb" in note.message.lower() and note.severity.value == "info"
    given = api.load_library(tmp_path / "cn.bib", "gbk")
    assert not [f for f in given.findings if f.code == "detected-encoding"]


def test_encoding_option_on_every_command_that_reads_a_bib(tmp_path):
    """KOI8-R is the kind of file detection can take for another Cyrillic code page; --encoding
    says which it is on bib, export, check and fetch alike."""
    from test_cli import refs

    text = "@book{ivanov1990,\n  author = {Иванов, Иван},\n  title = {Очерки истории},\n  year = {1990}\n}\n"
    (tmp_path / "ru.bib").write_bytes(text.encode("koi8_r"))
    r = refs("bib", "ru.bib", "--encoding", "koi8_r", "--style", "apa", cwd=tmp_path)
    assert r.returncode == 0 and "Иванов, И. (1990). Очерки истории." in r.stdout, r.stdout
    r = refs("export", "ru.bib", "--encoding", "koi8_r", "--to", "csljson", cwd=tmp_path)
    assert r.returncode == 0 and '"Очерки истории"' in r.stdout
    r = refs("check", "ru.bib", "--encoding", "koi8_r", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0 and "detected-encoding" not in r.stdout
    r = refs("fetch", "ru.bib", "--encoding", "koi8_r", "--into", "snap", cwd=tmp_path)
    assert r.returncode == 1 and "ivanov1990: -: has no URL" in r.stderr and "Traceback" not in r.stderr
    r = refs("bib", "ru.bib", "--encoding", "no-such-codec", cwd=tmp_path)
    assert r.returncode == 2 and "no-such-codec" in r.stderr and "Traceback" not in r.stderr


MORE = r"""@InProceedings{, title = {No Key}, booktitle = osdi, year = 2020}
@misc{u, url = {http://mip.ups-tlse.fr/\~{ }saut/data/sisc04.pdf}, title = {U}, year = 2001,
  month = oct # "-" # nov}
@online{d, title = {D}, date = {2014/09/01}, url = {http://a.b/\textasciitilde{}x/a\_b}}
"""


def test_entries_without_keys_undefined_macros_month_ranges_and_escaped_urls():
    parsed = bibtex.parse(MORE, "m.bib")
    assert not parsed.errors
    assert sorted(f.code for f in parsed.findings) == ["missing-key", "undefined-macro"]
    lib = parsed.library
    assert lib.keys() == ["", "u", "d"]
    assert lib[""]["container-title"] == "osdi"  # an undefined macro reads as its name
    assert lib["u"]["URL"] == "http://mip.ups-tlse.fr/~saut/data/sisc04.pdf"
    assert lib["u"]["issued"].to_edtf() == "2001-10/2001-11"
    assert lib["d"]["issued"].to_edtf() == "2014-09-01" and lib["d"]["URL"] == "http://a.b/~x/a_b"
    out = bibtex.dump(lib)
    assert out.startswith("@InProceedings{,") and "booktitle = osdi" in out and 'oct # "-" # nov' in out
    assert bibtex.parse(out).library.same_data(lib)


@pytest.mark.parametrize("month, edtf", [
    ("{24 September}", "2005-09-24"), ("{3--7 March}", "2005-03-03/2005-03-07"),
    ("{27 February- 3 March}", "2005-02-27/2005-03-03"), ("{March 3--7}", "2005-03-03/2005-03-07"),
    ('"Autumn"', "2005-23"), ('""', "2005"), ("{oct}", "2005-10"),
    ('jul # "/" # aug', "2005-07/2005-08"), ('dec # "/" # jan', "2005-12/2006-01"),
    ('"19" # sep', "2005-09-19"), ('"4--6" # oct', "2005-10-04/2005-10-06"), ('"????"', "2005"),
])
def test_month_fields_as_conference_files_write_them(month, edtf):
    parsed = bibtex.parse(f"@inproceedings{{c, title={{T}}, year = 2005, month = {month}}}\n", "c.bib")
    assert not parsed.findings
    assert parsed.library["c"]["issued"].to_edtf() == edtf
    assert f"month = {month}" in bibtex.dump(parsed.library)


def test_identifiers_past_ascii_as_bibtex_and_biber_take_them():
    """A JabRef author-macro file: @string{BramãoIe = …} (BibTeX reads bytes past 127 as letters)."""
    text = ('@string{BramãoIe = "Bram{\\~a}o, In{\\^e}s"}\n@string{BranchH = "Branch, H."}\n'
            '@article{bramão2020, author = BramãoIe # " and " # BranchH, title = {T}, journal = {J}, year = 2020}\n')
    parsed = bibtex.parse(text, "ids.bib")
    assert parsed.findings == []
    ref = parsed.library["bramão2020"]
    assert [n.family for n in ref["author"]] == ["Bramão", "Branch"]
    assert bibtex.dump(parsed.library).count("BramãoIe") == 2  # written back as the file wrote it


def test_a_macro_defined_after_its_use_stays_after_it_when_written():
    """BibTeX reads a macro used before its @string as undefined; a write must not move the
    @string up and so change what the entries mean (a lab bibliography keeps its @strings last)."""
    text = ('@article{a, journal = cacm, title = {A}, year = 1984}\n\n@string{CACM = "Communications of the ACM"}\n\n'
            '@article{b, journal = cacm, title = {B}, year = 1985}\n@preamble{"\\newcommand{\\x}{x}"}\n')
    parsed = bibtex.parse(text, "late.bib")
    [finding] = parsed.findings
    assert finding.code == "undefined-macro" and finding.location.line == 1
    assert "defined only later, at line 3" in finding.message
    assert parsed.library["a"]["container-title"] == "cacm"
    assert parsed.library["b"]["container-title"] == "Communications of the ACM"
    out = bibtex.dump(parsed.library)
    assert out.index("@article{a") < out.index("@string{CACM") < out.index("@article{b") < out.index("@preamble")
    again = bibtex.parse(out, "out.bib")
    assert [f.code for f in again.findings] == ["undefined-macro"]
    assert again.library["b"]["container-title"] == "Communications of the ACM"


@pytest.mark.parametrize("month, edtf", [("Mai", "2000-05"), ("Oktober", "2000-10"), ("22. November", "2000-11-22"),
                                         ("сентябрь", "2000-09"), ("juillet", "2000-07"), ("Dez.", "2000-12"),
                                         ("3. März", "2000-03-03"), ("aralık", "2000-12"),
                                         ("3 November 2000", "2000-11-03"), ("November 3, 2000", "2000-11-03")])
def test_months_in_the_languages_files_are_written_in(month, edtf):
    parsed = bibtex.parse(f"@article{{a, title = {{T}}, year = 2000, month = {{{month}}}}}\n", "m.bib")
    assert parsed.findings == [] and parsed.library["a"]["issued"].to_edtf() == edtf
    assert f"{{{month}}}" in bibtex.dump(parsed.library)  # written back as written


def test_a_new_field_is_written_under_a_name_that_reads_back_as_its_variable():
    """A field the entry was not read with (an import from RIS or CSL-JSON) is written under the
    name the reader's table reads back as the same variable: a book's issue as ``issue`` (it was
    written ``number`` and read back as the book's number)."""
    from refs.model import Library, Reference

    refs_in = (Reference("bk", "book", {"title": "B", "issue": "3", "number": "7"}),
               Reference("ar", "article-journal", {"title": "A", "issue": "3"}))
    text = bibtex.dump(Library(refs_in))
    back = bibtex.parse(text).library
    assert back["bk"]["issue"] == "3" and back["bk"]["number"] == "7"
    assert back["ar"]["issue"] == "3" and "number = {3}" in text  # an article's issue is its number
    assert bibtex.field_for("issue", "book") == "issue" and bibtex.field_for("issue", "article") == "number"
    assert bibtex.field_for("number", "article") is None  # an article's number field is its issue
