"""One test per rule per fault, on fixtures written for them, and a clean fixture with none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from refs import api, manuscript
from refs.formats import bibtex
from refs.model import ClaimMap, Library, Severity
from refs.verify import Options, assess, check
from refs.verify import identifiers as ids
from refs.verify.evidence import SourceDoc

CHECK = Path(__file__).resolve().parent / "fixtures" / "check"


def lib(name):
    return bibtex.parse((CHECK / name).read_text(encoding="utf-8"), name).library


def claim_map(md, bib, monkeypatch):
    monkeypatch.chdir(CHECK)
    return api.analyse_claims(CHECK / md, lib(bib))


def by_code(findings, code):
    return [f for f in findings if f.code == code]


def test_clean_fixture_has_no_finding(monkeypatch):
    monkeypatch.chdir(CHECK)
    assert api.check(CHECK / "clean.bib", CHECK / "clean.md") == []


@pytest.fixture(scope="module")
def fault_findings():
    return check(lib("faults.bib"), None, Options(today=dt.date(2026, 11, 25)))


@pytest.mark.parametrize(
    "code, key, severity, words",
    [
        ("missing-field", "nojournal", Severity.WARNING, "has no journaltitle"),
        ("invalid-doi", "baddoi", Severity.ERROR, 'DOI "10.1000" has no suffix'),
        ("invalid-isbn", "badisbn", Severity.ERROR, "fails its check digit"),
        ("invalid-issn", "badissn", Severity.ERROR, "expected 3"),
        ("invalid-url", "badurl", Severity.ERROR, "no http, https or ftp scheme"),
        ("invalid-date", "baddate", Severity.ERROR, "that month has 28 days"),
        ("invalid-date", "futureaccess", Severity.ERROR, "in the future"),
        ("invalid-date", "accessedbefore", Severity.ERROR, "before it was published"),
        ("duplicate-reference", "dupb", Severity.WARNING, '"dupb" and "dupa" (line 58) are the same work: same URL'),
    ],
)
def test_reference_faults(fault_findings, code, key, severity, words):
    [f] = [f for f in by_code(fault_findings, code) if key in f.references]
    assert f.severity is severity and words in f.message
    assert f.location.file == "faults.bib" and f.location.line


def test_reference_faults_point_at_the_field(fault_findings):
    [doi] = by_code(fault_findings, "invalid-doi")
    assert (doi.location.line, doi.location.col) == (13, 3)


def test_identifier_checks():
    assert ids.isbn_problem("978-3-16-148410-0") is None and ids.isbn_problem("0-306-40615-2") is None
    assert "check digit" in ids.isbn_problem("0-306-40615-3")
    assert ids.issn_problem("2049-3630") is None and ids.issn_problem("0966-6923") is None
    assert ids.doi_problem("https://doi.org/10.1016/j.x.2020.1") is None
    assert "does not start" in ids.doi_problem("11.1000/x")
    assert ids.url_problem("https://president.az/en/articles/view/57011") is None
    assert "white space" in ids.url_problem("https://a.az/b c")
    # a Cyrillic Х typed for the check digit X (Russian catalogues): said so, not "neither 10 nor 13"
    assert ids.isbn_problem("985-485-082-X") is None
    assert "Cyrillic letter" in ids.isbn_problem("985-485-082-Х")
    assert "Cyrillic letter" in ids.issn_problem("0003-486Х")


def test_duplicates_by_doi_isbn_and_title():
    text = """@article{a, author={Lee, S}, title={One Work}, journaltitle={J}, date={2020}, doi={10.1/ABC}}
@article{b, author={Lee, S}, title={Another}, journaltitle={J}, date={2021}, doi={10.1/abc}}
@book{c, author={Kim, J}, title={A Book}, publisher={P}, date={2019}, isbn={978-3-16-148410-0}}
@book{d, author={Ng, L}, title={Other Book}, publisher={P}, date={2019}, isbn={9783161484100}}
@book{e, author={Wu, H}, title={The Same Title!}, publisher={P}, date={2018}}
@book{f, author={Wu, Hao}, title={the same title}, publisher={Q}, date={2018}}
"""
    found = ids.duplicates(bibtex.parse(text).library)
    assert [f.references for f in found] == [("a", "b"), ("c", "d"), ("e", "f")]
    assert "same DOI" in found[0].message and "same ISBN" in found[1].message


def test_versions_of_one_work_are_said_to_be_versions():
    """A preprint and its conference paper (dblp writes both), a report and its article: a
    note that names where each appeared; one paper in one venue written twice stays a warning,
    however the venue is spelt."""
    text = r"""@article{corr, author={Chan, S. O.}, title={Approximate Constraint Satisfaction}, journal={CoRR},
  volume={abs/1309.0563}, year=2013}
@inproceedings{focs, author={Chan, S. O.}, title={Approximate Constraint Satisfaction}, booktitle={FOCS}, year=2013}
@article{j1, author={Burr, D. J.}, title={Experiments on Neural Net Recognition}, year=1988,
  journal={IEEE Transactions on Acoustics, Speech, and Signal Processing}}
@article{j2, author={Burr, D. J.}, title={Experiments on neural net recognition}, year=1988, journal={TASSP}}
@inproceedings{c1, author={Touretzky, D.}, title={Symbols Among the Neurons}, year=1986,
  booktitle={Proceedings of the Eighth Annual Conference of the Cognitive Science Society}}
@incollection{c2, author={Touretzky, D.}, title={Symbols among the neurons}, year=1986,
  booktitle={Proceedings of the 8th Annual Cognitive Science Society Meeting}}
@incollection{p1, author={McClelland, J. L.}, title={Assigning Roles}, booktitle={PDP-II}, year=1986}
@incollection{p2, author={McClelland, J. L.}, title={Assigning roles}, year=1986,
  booktitle={Parallel distributed processing: Explorations in the microstructure of cognition}}
@article{a1, author={Fastl, H.}, title={Railway Bonus?}, journal={Acoustics Australia}, year=2003}
@article{a2, author={Fastl, H.}, title={Railway Bonus?}, journal={Applied Acoustics}, year=2003}
"""
    found = {f.references: f for f in ids.duplicates(bibtex.parse(text, "v.bib").library)}
    assert set(found) == {("corr", "focs"), ("j1", "j2"), ("c1", "c2"), ("p1", "p2"), ("a1", "a2")}
    assert found[("p1", "p2")].severity == Severity.WARNING  # "PDP-II" may well name that book
    assert found[("corr", "focs")].severity == Severity.INFO
    assert "two versions of one work" in found[("corr", "focs")].message and "FOCS and CoRR" in found[("corr", "focs")].message
    assert found[("a1", "a2")].severity == Severity.INFO
    assert found[("j1", "j2")].severity == found[("c1", "c2")].severity == Severity.WARNING


def test_duplicates_that_are_not():
    text = r"""@book{m1984, author={Einstein, Albert}, title={The Meaning of Relativity}, year=1984, isbn={????}}
@book{m1994, author={Einstein, Albert}, title={The Meaning of Relativity}, year=1994, isbn={????}}
@proceedings{conf2010, title={7th ISCRAM}, year={2010}, isbn={978-9-72492-247-8}}
@proceedings{conf2011, title={8th ISCRAM}, year={2011}, isbn={978-9-72492-247-8}}
@inbook{ch7, author={Slonneger, K.}, title={Formal Syntax and Semantics}, chapter={Axiomatic Semantics},
  publisher={AW}, year=1995, pages={395--440}}
@inbook{ch8, author={Slonneger, K.}, title={Formal Syntax and Semantics}, chapter={Operational Semantics},
  publisher={AW}, year=1995, pages={223--270}}
@mvbook{works, author={Fichte, J. G.}, title={Works}, date={1993}}
@book{works1, crossref={works}, volume={1}}
@book{works2, crossref={works}, volume={2}}
@inbook{essay, author={Ryle, G.}, title={Mind}, crossref={mind-book}, pages={1--20}}
@book{mind-book, author={Ryle, G.}, title={Mind}, date={1999}}
@book{ed4a, author={Einstein, A.}, title={The Meaning of Relativity}, edition={Fourth}, year=1953, pages={165}}
@book{ed4b, author={Einstein, A.}, title={The Meaning of Relativity}, edition={4th}, year=1953, pages={iv + 168}}
@inproceedings{ws, author={Abdulaziz, M.}, title={Proving Heuristics}, crossref={ws2022}}
@inproceedings{conf, author={Abdulaziz, M.}, title={Proving Heuristics}, crossref={icaps2022}}
@proceedings{ws2022, title={Workshop on Planning}, booktitle={Workshop on Planning}, year=2022}
@proceedings{icaps2022, title={ICAPS 2022}, booktitle={ICAPS 2022}, year=2022}
@article{form1, author={Anonymous}, title={Membership application}, journal={TUGboat}, volume=3, number=1, year=1982}
@article{form2, author={Anonymous}, title={Membership application}, journal={TUGboat}, volume=3, number=2, year=1982}
@article{hawkins, author={Hawkins, J.}, title={Chemical formulae}, journal={TUGboat}, year=1987, pages={74},
  url={http://www.tug.org/TUGboat/tb08-1/tb17queries.pdf}}
@article{dyck, author={Dyck, J.}, title={APA style in \LaTeX}, journal={TUGboat}, year=1987, pages={74},
  url={http://www.tug.org/TUGboat/tb08-1/tb17queries.pdf}}
"""
    found = ids.duplicates(bibtex.parse(text, "n.bib").library)
    # placeholders, two years of one ISBN, two chapters of a book, volumes of a set, a chapter
    # of a book by the book's title, one paper in two proceedings and two articles by others in
    # one PDF of a journal's column are all two works; one edition twice is one
    assert [f.references for f in found] == [("ed4a", "ed4b")]


@pytest.fixture
def claims_findings(monkeypatch):
    cm = claim_map("faults.md", "faults-claims.bib", monkeypatch)
    return cm, assess(lib("faults-claims.bib"), cm, Options(find_dates=api.date_mentions))


def test_dangling_and_malformed(claims_findings):
    _, a = claims_findings
    [d] = by_code(a.findings, "dangling-citation")
    assert "[9] cites no reference" in d.message and (d.location.line, d.location.col) == (8, 71)
    [m] = by_code(a.findings, "malformed-citation")
    assert m.severity is Severity.ERROR and m.location.col == 92


def test_unused_reference(claims_findings):
    _, a = claims_findings
    [u] = by_code(a.findings, "unused-reference")
    assert u.references == ("never",) and u.location.file == "faults-claims.bib"


def test_citation_order():
    cm_text = "# A\n\nFirst fact [2]. Second fact [1].\n"
    from refs import manuscript

    cm = manuscript.analyse(cm_text, "order.md", "markdown", lib("clean.bib").keys())
    [f] = by_code(check(lib("clean.bib"), cm), "citation-order")
    assert "[1] is first cited after [2]" in f.message


def test_uncited_claims(claims_findings):
    _, a = claims_findings
    found = {(f.severity, f.location.line) for f in by_code(a.findings, "uncited-claim")}
    assert (Severity.WARNING, 10) in found  # a factual paragraph
    assert (Severity.INFO, 3) in found and (Severity.INFO, 14) in found  # introduction, conclusion


def test_source_predates_claim(claims_findings):
    _, a = claims_findings
    [f] = by_code(a.findings, "source-predates-claim")
    assert f.severity is Severity.WARNING and f.references == ("early",)
    assert "2022-10-12" in f.message and "2022-01-10" in f.message


def test_source_predates_an_inferred_claim_is_only_info():
    from refs import manuscript

    text = "# A\n\nOn October 12, 2022 the summit opened [2]. Delegates signed a treaty [1].\n"
    library = lib("faults-claims.bib")
    cm = manuscript.analyse(text, "m.md", "markdown", library.keys())
    [f] = by_code(check(library, cm), "source-predates-claim")
    assert f.severity is Severity.INFO and "inferred" in f.message


def test_date_mismatch():
    from refs import manuscript

    text = "# A\n\nLeaders met in Astana on October 12, 2022 [2].\n"
    library = lib("faults-claims.bib")
    cm = manuscript.analyse(text, "m.md", "markdown", library.keys())
    [f] = by_code(check(library, cm), "date-mismatch")
    assert "50 days later" in f.message and f.references == ("late",)
    assert by_code(check(library, cm, Options(tolerance_days=60)), "date-mismatch") == []


def test_claims_without_snapshots_are_unverifiable_and_say_why(claims_findings):
    cm, a = claims_findings
    said = {f.references[0]: f for f in by_code(a.findings, "claim-unverifiable")}
    assert "no snapshot" in said["unrelated"].message and said["unrelated"].severity is Severity.INFO
    assert a.support[(3, "unrelated")].verdict == "unverifiable" and a.support[(3, "unrelated")].score == 0
    assert isinstance(cm, ClaimMap) and not by_code(a.findings, "claim-supported")


def test_our_own_notes_are_never_evidence():
    """A note, annote or keywords field says what a user thinks of a source, not what it says."""
    from refs.model import Reference

    text = "# A\n\nObservers counted 1,200 delegates from Mongolia in Astana on 12 October 2022 [1].\n"
    ref = Reference("s", "webpage", {"title": "Summit", "note": "Observers counted 1,200 delegates from Mongolia",
                                     "annote": "Mongolia sent 1,200 delegates to Astana on 12 October 2022",
                                     "keyword": "Mongolia, Astana, 1200"})
    library = Library((ref,))
    cm = manuscript.analyse(text, "m.md", "markdown", library.keys())
    judged = assess(library, cm, Options(find_dates=api.date_mentions)).support[(1, "s")]
    assert judged.verdict == "unverifiable"
    with_snapshot = Options(find_dates=api.date_mentions, sources={"s": SourceDoc(
        "Observers counted 1,200 delegates from Mongolia at the summit in Astana on 12 October 2022.", lang="en")})
    assert assess(library, cm, with_snapshot).support[(1, "s")].verdict == "supported"


def test_example_article(monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    findings = api.check(Path("bib/references.bib"), Path("bib/article.txt"))
    assert not [f for f in findings if f.severity is Severity.ERROR]
    factual = [f for f in findings if f.code == "uncited-claim" and f.severity is Severity.WARNING]
    assert [f.location.line for f in factual] == [54, 60, 271]
    dates = [f for f in findings if f.code in ("source-predates-claim", "date-mismatch")]
    # claim 15 tells what will be taught at the centre: a future statement inherits no date, so no
    # source is said to predate it
    assert [(f.code, f.severity, f.references) for f in dates] == []
    assert {f.references[0] for f in findings if f.code == "missing-field"} == {
        "ovalaz2024containertrain", "turan2024documents", "xalqqazeti2024kurmangazyopening", "worldnewsam2024kurmangazygift"}


CHECKS = r"""@Proceedings{FSE2018, title = {Proceedings of FSE 2018}, year = {2018}, publisher = {ACM},
  isbn = {978-1-4503-5573-5}}
@inproceedings{p1, author = {A. One}, title = {First Paper}, crossref = {fse2018}, isbn = {978-1-4503-5573-5},
  doi = {http://doi.acm.org/10.1145/3236024.3236001}}
@inproceedings{p2, author = {B. Two}, title = {Second Paper}, crossref = {fse2018}, isbn = {978-1-4503-5573-5},
  doi = {10.1145/3236024.3236002}}
@inbook{ib, author = {C. Three}, title = {A Book}, chapter = {4}, publisher = {Pub}, year = {1999},
  isbn = {ISBN 3-540-64302-8}}
@article{j1, author = {D. Four}, title = {Same Title}, journal = {J}, year = {2001}, doi = {10.1234/a},
  issn = {0028-0836 (print)}}
@article{j2, author = {D. Four}, title = {Same Title}, journal = {J}, year = {2001}, doi = {10.1234/b}}
"""


def test_checks_that_know_bibtex_crossrefs_and_identifiers_as_written():
    from refs.verify import identifiers

    lib = bibtex.parse(CHECKS, "c.bib").library
    assert identifiers.dialect(lib) == "bibtex"
    findings = check(lib)
    assert [(f.code, f.message) for f in findings] == []


def test_missing_fields_named_in_the_entrys_own_dialect():
    lib = bibtex.parse(r"""@inbook{cdir, author = {G. Jones}, title = {Formal Methods for VLSI Design},
  chapter = {Circuit Designs in Ruby}, publisher = {North-Holland}, year = 1990, location = {}}
@article{bt, author = {H. Choi}, title = {Context}, year = {2016}}
@article{bl, author = {H. Choi}, title = {Context}, date = {2016}}
@phdthesis{th, author = {A. Student}, title = {Thesis}, year = {2010}}
@inproceedings{ip, author = {A. Speaker}, title = {Talk}}
@incollection{ch, author = {A. Einstein}, title = {Vorwort}, crossref = {Freundlich:1916}, year = 1916}
""", "d.bib").library
    messages = {f.references[0]: f.message for f in check(lib) if f.code == "missing-field"}
    # one BibLaTeX field (location) does not hold a BibTeX chapter to BibLaTeX's @inbook
    assert "cdir" not in messages
    assert messages["bt"].endswith("has no journal")
    assert messages["bl"].endswith("has no journaltitle")
    assert messages["th"].endswith("has no school")
    assert messages["ip"].endswith("has no booktitle, year")
    assert messages["ch"].endswith('has no booktitle, publisher (its crossref "Freundlich:1916" is not in this file)')


def test_identifiers_as_files_write_them():
    lib = bibtex.parse(
        r"""@book{q, author = {A}, title = {Q}, publisher = {P}, year = 2000, isbn = {????}, issn = {????-????}}
@book{r, author = {B}, title = {R}, publisher = {P}, year = 2000, isbn = {5—250—02658—3}}
@misc{m, title = {M}, date = 2009, url = {http://a.org/x; http://b.org/y}, doi = {10.1016/j.a.2009.02.014,
  10.1016/j.a.2009.06.021}}
@Collection{if1, crossref = {if}, xdata = {if-common}}
@XData{if-common, editor = {E. Ditor}, date = {2001}}
@Collection{if, title = {The Whole}, editor = {E. Ditor}, date = {2001}}
@book{z, author = {Z}, title = {Z}, publisher = {P}, year = 1998, isbn = {978-3-642-08355-6 978-3-662-12878-7}}
""", "i.bib").library
    assert [(f.code, f.references) for f in check(lib)] == []
    bad = bibtex.parse("@book{z, author = {Z}, title = {Z}, publisher = {P}, year = 1998,\n"
                       "  isbn = {978-3-642-08355-6 978-3-662-12878-8}}\n", "b.bib").library
    [finding] = check(bad)
    assert finding.code == "invalid-isbn" and "978-3-662-12878-8" in finding.message
    assert "08355" not in finding.message


def test_a_web_of_science_date_beside_a_year_is_a_warning():
    lib = bibtex.parse("@article{w, author = {W, A}, title = {T}, journal = {J}, year = 2000, date = {DEC}}\n"
                       "@online{o, author = {O, A}, title = {T}, url = {http://a.b/}, date = {DEC}}\n", "w.bib").library
    found = {f.references[0]: f for f in check(lib) if f.code == "invalid-date"}
    assert found["w"].severity == Severity.WARNING and "the year field is used" in found["w"].message
    assert found["o"].severity == Severity.ERROR


def test_years_with_no_calendar_date_are_checked_without_a_crash(tmp_path):
    """year = "00" (seen in a real bibliography) and years past 9999 are no dates to compare."""
    from test_cli import refs

    (tmp_path / "y.bib").write_text('@article{a, author={A, B}, title={T}, journal={J}, year = "00"}\n'
                                    '@article{b, author={C, D}, title={U}, journal={J}, year = {10000}, urldate={2020-01-01}}\n'
                                    '@online{c, author={E, F}, title={V}, date={0000}, urldate={2020-01-01}, url={http://a.b/}}\n')
    r = refs("check", "y.bib", "--format", "json", cwd=tmp_path)
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    for style in ("apa", "ieee"):
        r = refs("bib", "y.bib", "--style", style, cwd=tmp_path)
        assert r.returncode == 0 and len(r.stdout.splitlines()) == 3 and "Traceback" not in r.stderr, r.stderr


def test_an_isbn_10_and_its_isbn_13_are_one_book(tmp_path):
    assert ids.isbn13("0-306-40615-2") == ids.isbn13("978-0-306-40615-7") == "9780306406157"
    assert ids.isbn13("ISBN 0-8044-2957-X") == "9780804429573"
    lib = bibtex.parse("@book{old, title = {Spectra}, isbn = {0-306-40615-2}, year = 1990}\n"
                       "@book{new, title = {Spectra}, isbn = {978-0-306-40615-7}, year = 1990, note = {reprint}}\n",
                       "b.bib").library
    found = [(f.code, f.message) for f in check(lib, options=Options(today=dt.date(2026, 1, 1)))]
    assert any(code == "duplicate-reference" and "same ISBN" in message for code, message in found), found
    mine = tmp_path / "mine.bib"
    mine.write_text("@book{old, title = {Spectra}, isbn = {0-306-40615-2}, year = 1990}\n", encoding="utf-8")
    incoming = tmp_path / "in.bib"
    incoming.write_text("@book{x, title = {Spectra}, isbn = {9780306406157}, year = 1990, publisher = {P}}\n",
                        encoding="utf-8")
    result = api.import_file(incoming, mine)
    assert result.merged == [("old", "x", ["publisher"])] and result.added == []
