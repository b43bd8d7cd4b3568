"""Exports that Zotero imports (checked field by field, read back by a second implementation),
imports that lose nothing, the round-trip matrix, and the pybtex plugins."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from refs import api, formats
from refs.errors import UsageError
from refs.formats import bibtex, ris, zotero_rdf

ROOT = Path(__file__).resolve().parents[1]
IMPORT = Path(__file__).resolve().parent / "fixtures" / "import"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        library = api.load_library(Path("bib/references.bib")).library
        work = api.load_library(Path("bib/article.bib")).library.references[0]
        cm = api.analyse_claims(Path("bib/article.txt"), library)
        exports = {to: api.export(library, to, cm, work) for to in api.EXPORT_FORMATS}
    finally:
        os.chdir(cwd)
    return library, work, cm, exports


def test_biblatex_and_bibtex_for_zoteros_importer(example):
    library, work, cm, exports = example
    for dialect in ("bibtex", "biblatex"):
        parsed = bibtex.parse(exports[dialect])
        assert not parsed.errors and parsed.library.keys() == library.keys()
        for n, ref in enumerate(parsed.library, start=1):
            assert ref.entry_type == "online"  # Zotero: webpage
            original = library[ref.key]
            assert ref["container-title"] == original["container-title"]  # journal(title): the site, kept
            assert ref["URL"] == original["URL"] and ref["language"] == original["language"]
            assert ref.get("issued") == original.get("issued")
            comments = [v for k, v in ref.extra if k == "comment"]
            assert comments == [f"Citation Key: {ref.key}"]  # one note: the key
            annote = ref["annote"]  # another note: the entry's own annote, then its claims
            assert annote.index("Reconstructed from the article's text") < annote.index(f"Claim {n} in bib/article.txt")
            assert f"cited as [{n}]" in annote
            assert f"cited-by:{work.key}" in ref["keyword"] and "claim:" in ref["keyword"]
    assert "journal " in exports["bibtex"] and "journaltitle" in exports["biblatex"]
    assert "\n  year " in exports["bibtex"] and "\n  date " in exports["biblatex"]


def test_ascii_bibtex_spells_accents_in_latex(example):
    library, *_ = example
    text = api.export(library, "bibtex", utf8=False)
    assert "Qazax{\\i}stan" in text and "YEN{\\.{I}}LƏN{\\.{I}}B" in text  # reference 13 is Azerbaijani
    az = api.export(bibtex.parse("@online{k, title={Azərbaycan və Qazaxıstan Füzulidə}, url={https://x.az}}").library,
                    "bibtex", utf8=False)
    assert "F{\\\"{u}}zulid" in az and "Azərbaycan" in az  # ə has no standard LaTeX command: UTF-8
    assert bibtex.parse(az).library["k"]["title"] == "Azərbaycan və Qazaxıstan Füzulidə"


def test_ris_read_by_rispy(example):
    import rispy

    library, work, cm, exports = example
    records = rispy.loads(exports["ris"])
    assert len(records) == 16
    for n, (rec, ref) in enumerate(zip(records, library, strict=True), start=1):
        assert rec["type_of_reference"] == "ELEC"
        assert rec["title"] == ref["title"] and rec["urls"] == [ref["URL"]]
        assert rec["secondary_title"] == ref["container-title"]  # its markup as Zotero's rich text
        notes = rec["notes"]
        assert len(notes) == 2 and notes[1].startswith(f"<p>Claim {n} in bib/article.txt")
        assert f"cited-by:{work.key}" in rec["keywords"]
        assert f"Citation Key: {ref.key}" in str(rec)  # M2, which Zotero reads into Extra
    assert "&amp;" not in exports["ris"] or "<p>" in exports["ris"]
    back = ris.parse(exports["ris"]).library
    assert back.keys() == library.keys()


def test_csljson_read_by_citeproc_py(example):
    from citeproc.source.json import CiteProcJSON

    library, work, cm, exports = example
    items = json.loads(exports["csljson"])
    assert [i["citation-key"] for i in items] == library.keys()
    assert all(i["type"] == "webpage" for i in items)
    assert items[2]["note"].startswith("Citation Key: presidentaz2023limitedmeeting\nReconstructed")
    assert "Claim 3 in bib/article.txt" in items[2]["note"]
    source = CiteProcJSON(items)
    assert len(source) == 16 and source["presidentaz2023limitedmeeting"]["title"]


def test_csljson_read_by_citeproc_js(example):
    import citeproc_js

    if not citeproc_js.available():
        pytest.skip(citeproc_js.WHY_NOT)
    library, work, cm, exports = example
    items = json.loads(exports["csljson"])
    xml, lang, locales = citeproc_js.job("example", "apa")[1:]
    out = citeproc_js.render(xml, locales, lang, items, [i["id"] for i in items])
    assert len(out["bibliography"]) == 16


def test_zotero_rdf_read_by_rdflib(example):
    import rdflib

    library, work, cm, exports = example
    g = rdflib.Graph()
    g.parse(data=exports["zotero-rdf"], format="xml", publicID="file:///export.rdf")
    Z = rdflib.Namespace(zotero_rdf.NS["z"])
    DC = rdflib.Namespace(zotero_rdf.NS["dc"])
    DCT = rdflib.Namespace(zotero_rdf.NS["dcterms"])
    BIB = rdflib.Namespace(zotero_rdf.NS["bib"])
    items = {s: str(o) for s, o in g.subject_objects(Z.itemType)}
    assert sorted(items.values()).count("webpage") == 16 and "journalArticle" in items.values()
    keys = {str(o) for o in g.objects(None, Z.citationKey)}
    assert keys == set(library.keys()) | {work.key}
    memos = list(g.subjects(rdflib.RDF.type, BIB.Memo))
    assert len(memos) == 16 + 16 + 1  # provenance, one per claim, and the article's own note
    [collection] = list(g.subjects(rdflib.RDF.type, Z.Collection))
    assert str(g.value(collection, DC.title)) == work["title"]
    assert len(list(g.objects(collection, DCT.hasPart))) == 17
    work_node = next(s for s, o in g.subject_objects(Z.citationKey) if str(o) == work.key)
    assert len(list(g.objects(work_node, DC.relation))) == 16
    first = next(s for s, o in g.subject_objects(Z.citationKey) if str(o) == library.keys()[0])
    subjects = {str(o) for o in g.objects(first, DC.subject)}
    assert f"cited-by:{work.key}" in subjects and "reconstructed" in subjects
    site = g.value(g.value(first, DCT.isPartOf), DC.title)
    assert str(site).startswith("President of the Republic of Azerbaijan")


# -- the round-trip matrix ------------------------------------------------------------------------
# Every field of every entry is compared after a round trip through each export target's writer
# and its reader: the variables, the CSL type, and the .bib's own fields kept verbatim
# ("field:NAME"). What differs must be exactly what the format's ``losses`` names for the entry,
# no more and no less. The only thing left out of the comparison is what a BibTeX export adds
# for Zotero and says it adds (bibtex_tables.EXPORT_ADDS: the key as a comment, the language as
# a BCP 47 tag beside langid), which the reader finds as fields of their own.

TARGETS = formats.writable_names()


def _differences(a, b, added=()):
    differ = {var for var in set(a.fields) | set(b.fields) if a.fields.get(var) != b.fields.get(var)}
    if a.type != b.type:
        differ.add("type")
    ours, theirs = Counter(a.extra), Counter(b.extra)
    differ |= {f"field:{name}" for name, _ in ours - theirs}
    differ |= {f"field:{name}" for name, _ in theirs - ours if name not in added}
    return differ


def _library(fixture):
    text = (ROOT / "tests" / "fixtures" / fixture).read_text(encoding="utf-8")
    return bibtex.resolve_crossrefs(bibtex.parse(text).library)


@pytest.mark.parametrize("to", TARGETS)
@pytest.mark.parametrize("fixture", ["library.bib", "all-types-and-fields.bib"])
def test_roundtrip_matrix(to, fixture):
    from refs.formats import bibtex_tables

    library = _library(fixture)
    fmt = formats.writer(to)
    text = formats.export(library, to)
    back = fmt.load().parse(text)
    assert not back.errors
    assert back.library.keys() == library.keys()
    losses = fmt.load().losses
    for a, b in zip(library, back.library, strict=True):
        assert _differences(a, b, bibtex_tables.EXPORT_ADDS.get(to, ())) == set(losses(a, to)), a.key
    findings = formats.export_losses(library, to)
    assert [f.references for f in findings] == [(r.key,) for r in library if losses(r, to)]


def test_the_losses_on_every_type_and_field():
    """What each export target cannot carry of the fixture that has every entry type and field,
    counted: BibTeX only the fields its export writes for Zotero itself."""
    library = _library("all-types-and-fields.bib")
    counts = {to: sum(len(formats.writer(to).load().losses(r, to)) for r in library) for to in TARGETS}
    # BibTeX: two annote and two language fields that stand beside the variable's own field
    assert counts == {"bibtex": 4, "biblatex": 4, "csljson": 54, "ris": 85, "zotero-rdf": 98}


@pytest.mark.parametrize("fixture", ["library.bib", "all-types-and-fields.bib"])
def test_bibtex_dump_round_trip_loses_nothing(fixture):
    library = _library(fixture)
    back = bibtex.parse(bibtex.dump(library)).library
    for a, b in zip(library, back, strict=True):
        assert _differences(a, b) == set(), a.key


# -- imports ----------------------------------------------------------------------------------------


def test_imports_merge_and_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    original = (ROOT / "tests" / "fixtures" / "check" / "clean.bib").read_text(encoding="utf-8")
    (tmp_path / "mine.bib").write_text(original, encoding="utf-8")
    steps = {}
    for name in ("zotero.ris", "zotero.json", "jabref.bib", "betterbibtex.bib"):
        result = api.import_file(IMPORT / name, Path("mine.bib"))
        (tmp_path / "mine.bib").write_text(result.text, encoding="utf-8")
        steps[name] = result
    assert steps["zotero.ris"].added == ["presidentaz2023limited"]
    assert steps["zotero.ris"].merged == [("rivera2023", "rivera2023caspian", ["shortjournal", "number"])]
    assert [m[:2] for m in steps["zotero.json"].merged] == [("smith2021", "smith2021corridor"), ("baku2024", "mintrans2024trains")]
    assert steps["jabref.bib"].merged[0][:2] == ("rivera2023", "Rivera2023")  # same DOI, other case
    assert "groups" in steps["jabref.bib"].merged[0][2]  # JabRef's own fields are kept
    assert steps["betterbibtex.bib"].added == ["devtool2022"]
    final = bibtex.parse((tmp_path / "mine.bib").read_text(encoding="utf-8"))
    assert not final.errors and len(final.library) == 5
    assert final.library["baku2024"].extra_field("custom-field") == '{"kept": true}'
    assert final.library["presidentaz2023limited"]["author"][0].literal == "President of the Republic of Azerbaijan"
    assert final.library["presidentaz2023limited"]["accessed"].start == (2024, 5, 1)
    assert final.library["devtool2022"].entry_type == "software"
    text = (tmp_path / "mine.bib").read_text(encoding="utf-8")
    assert text.startswith(original.split("@online{baku2024")[0].split("@book{smith2021")[0])  # comments kept


def test_import_cli_dry_run_and_backup(tmp_path):
    from test_cli import refs

    (tmp_path / "mine.bib").write_text("@book{a, title={A}, date={2020}}\n")
    r = refs("import", str(IMPORT / "zotero.ris"), "--into", "mine.bib", "--dry-run", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("--- mine.bib") and "+@online{presidentaz2023limited," in r.stdout
    assert (tmp_path / "mine.bib").read_text() == "@book{a, title={A}, date={2020}}\n"
    r = refs("import", str(IMPORT / "zotero.ris"), "--into", "mine.bib", cwd=tmp_path)
    assert r.returncode == 0 and "2 added, 0 merged, 0 skipped" in r.stderr
    assert (tmp_path / "mine.bib.bak").read_text() == "@book{a, title={A}, date={2020}}\n"


RIS_WITH_RANGE = """TY  - JOUR
TI  - Soil carbon in dry steppe
AU  - Smith, John
AU  - Doe, Ann
PY  - 2020
JO  - Geoderma
SP  - 12
EP  - 30
VL  - 5
DO  - 10.1000/xyz
ER  -
TY  - CHAP
TI  - A new chapter
PY  - 2019
SP  - 3–9
AU  - Lee, K.
ER  -
"""


@pytest.mark.parametrize("indent", ["    ", "\t", "  "])
def test_import_writes_fields_as_the_entry_lays_them_out(tmp_path, indent):
    """Merged fields take the entry's indent and its column of "=", its comma after the last
    field; page ranges are written 12--30; new fields come in the order people read an entry."""
    from test_cli import refs

    mine = (f"@article{{smith2020,\n{indent}title   = {{Soil carbon in dry steppe}},\n{indent}year    = {{2020}},\n"
            f"{indent}journal = {{Geoderma}},\n{indent}doi     = {{10.1000/xyz}},\n}}\n")
    (tmp_path / "mine.bib").write_text(mine, encoding="utf-8")
    (tmp_path / "in.ris").write_text(RIS_WITH_RANGE, encoding="utf-8")
    r = refs("import", "in.ris", "--into", "mine.bib", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "mine.bib").read_text(encoding="utf-8")
    assert text.startswith(mine[: -len("}\n")])  # what was there is untouched
    assert (f"{indent}author  = {{Smith, John and Doe, Ann}},\n{indent}volume  = {{5}},\n"
            f"{indent}pages   = {{12--30}},\n}}\n") in text
    added = text.split("@incollection{", 1)[1]
    names = re.findall(r"^\s*(\w+)\s*=", added, re.M)
    assert names == ["author", "title", "pages", "date"]  # author first, not after the DOI
    assert "pages  = {3--9}" in added
    final = bibtex.parse(text, "mine.bib")
    assert not final.findings
    assert final.library["smith2020"]["page"] == "12–30" and final.library["lee2019chapter"]["page"] == "3–9"


def test_import_into_an_unaligned_entry_adds_unaligned_fields(tmp_path):
    (tmp_path / "mine.bib").write_text("@article{smith2020, title = {Soil carbon in dry steppe}, year = 2020,\n"
                                       "  journal = {Geoderma}, doi = {10.1000/xyz}}\n", encoding="utf-8")
    (tmp_path / "in.ris").write_text(RIS_WITH_RANGE, encoding="utf-8")
    result = api.import_file(tmp_path / "in.ris", tmp_path / "mine.bib")
    assert "doi = {10.1000/xyz},\n  author = {Smith, John and Doe, Ann},\n  volume = {5},\n  pages = {12--30}\n}" \
        in result.text


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bad.ris", "TY  - JOUR\nTI  - No end\n", "bad.ris:1:1: error[ris-syntax]: the record that starts at line 1 has no ER"),
        ("bad.json", '{"id": "x"}', "bad.json:1:1: error[csl-json]: a CSL-JSON file holds an array of items, not dict"),
        ("bomb.rdf", '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                     "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">&b;</rdf:RDF>\n",
         "bomb.rdf:1:1: error[rdf-unsafe]: the file declares a DTD or entities"),
        ("ext.rdf", '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<r>&x;</r>\n',
         "ext.rdf:1:1: error[rdf-unsafe]"),
    ],
)
def test_bad_input_to_import(tmp_path, name, content, message):
    from test_cli import refs

    (tmp_path / name).write_text(content)
    (tmp_path / "mine.bib").write_text("@book{a, title={A}}\n")
    r = refs("import", name, "--into", "mine.bib", cwd=tmp_path)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert (tmp_path / "mine.bib").read_text() == "@book{a, title={A}}\n"
    assert not (tmp_path / "mine.bib.bak").exists()


# -- pybtex plugins -----------------------------------------------------------------------------


def test_pybtex_finds_the_plugins():
    from pybtex.plugin import find_plugin

    assert find_plugin("pybtex.database.output", "ris").__name__ == "RISWriter"
    assert find_plugin("pybtex.database.output", "csljson").__name__ == "CSLJSONWriter"
    assert find_plugin("pybtex.database.input", "ris").__name__ == "RISParser"
    assert find_plugin("pybtex.database.input", filename="refs.ris").__name__ == "RISParser"
    assert find_plugin("pybtex.database.output", "csl-json").__name__ == "CSLJSONWriter"


def test_pybtex_convert(tmp_path):
    exe = Path(sys.executable).with_name("pybtex-convert")
    src = ROOT / "bib" / "references.bib"
    subprocess.run([str(exe), "-t", "ris", str(src), str(tmp_path / "out.ris")], check=True, capture_output=True)
    assert ris.parse((tmp_path / "out.ris").read_text(encoding="utf-8")).library.keys() == \
        bibtex.parse(src.read_text(encoding="utf-8")).library.keys()
    subprocess.run([str(exe), "-t", "csljson", str(src), str(tmp_path / "out.json")], check=True, capture_output=True)
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))) == 16
    subprocess.run([str(exe), "-f", "ris", "-t", "bibtex", str(tmp_path / "out.ris"), str(tmp_path / "back.bib")],
                   check=True, capture_output=True)
    assert "presidentaz2024shusha" in (tmp_path / "back.bib").read_text(encoding="utf-8")


def test_import_into_keeps_every_entry_of_the_imported_file(tmp_path):
    """Two records of one work, or two under one key, in the file imported are both kept; only
    entries already in the .bib are merged into, each field once."""
    from test_cli import refs

    mine = "@article{ours, title = {Caspian ports}, doi = {10.1/abc}, year = 2020}\n"
    (tmp_path / "mine.bib").write_text(mine)
    (tmp_path / "new.bib").write_text(
        "@string{jt = {Journal of Transit}}\n"
        "@article{x1, title = {Rail corridors}, journal = jt, doi = {10.2/rail}, year = 2021, pages = {1--9}}\n"
        "@article{x2, title = {Rail corridors}, journal = jt, doi = {10.2/rail}, year = 2021, note = {Preprint}}\n"
        "@article{dup, title = {First of two}, year = 2019}\n"
        "@article{dup, title = {Second of two}, year = 2018}\n"
        "@article{ours, title = {Another work entirely}, year = 2017}\n"
        "@article{m1, title = {Caspian ports}, doi = {10.1/abc}, volume = {4}}\n"
        "@article{m2, title = {Caspian ports}, doi = {10.1/abc}, volume = {5}, number = {2}}\n")
    r = refs("import", "new.bib", "--into", "mine.bib", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert 'key "dup" names two different entries' in r.stderr  # the reader's warning is shown
    assert "note    x2 looks like the same work as x1" in r.stderr
    assert "renamed dup to dup-2" in r.stderr and "renamed ours to ours-2" in r.stderr
    assert "merged  m1 into ours: volume" in r.stderr and "merged  m2 into ours: number" in r.stderr
    assert "kept    ours's own volume: m2 has other values" in r.stderr
    assert "5 added, 2 merged, 0 skipped" in r.stderr
    text = (tmp_path / "mine.bib").read_text()
    assert text.startswith(mine.rstrip("}\n"))
    final = bibtex.parse(text, "mine.bib")
    assert not final.findings, final.findings
    lib = final.library
    assert lib.keys() == ["ours", "x1", "x2", "dup", "dup-2", "ours-2"]
    assert lib["ours"].extra_field("volume") is None and str(lib["ours"]["volume"]) == "4"
    assert str(lib["ours"]["issue"]) == "2"
    assert lib["x1"]["container-title"] == lib["x2"]["container-title"] == "Journal of Transit"
    assert lib["dup-2"]["title"] == "Second of two" and lib["ours-2"]["title"] == "Another work entirely"
    assert text.count("volume") == 1 and text.count("@string{jt") == 1


def test_import_into_a_file_in_another_encoding_keeps_that_encoding(tmp_path):
    from test_cli import refs

    mine = "@article{wang2020, author = {王小明}, title = {图像识别方法研究}, year = {2020}}\n"
    (tmp_path / "cn.bib").write_bytes(mine.encode("gbk"))
    (tmp_path / "new.bib").write_text("@book{li2021, author = {李华}, title = {深度学习}, year = {2021}}\n")
    r = refs("import", "new.bib", "--into", "cn.bib", "--bib-encoding", "gbk", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    data = (tmp_path / "cn.bib").read_bytes()
    assert data.startswith(mine.encode("gbk")) and "深度学习".encode("gbk") in data
    assert (tmp_path / "cn.bib.bak").read_bytes() == mine.encode("gbk")
    before = (tmp_path / "cn.bib").read_bytes()
    (tmp_path / "az.bib").write_text("@book{aliyev2022, author = {Əliyev, Ə.}, title = {Xəzər}, year = {2022}}\n")
    r = refs("import", "az.bib", "--into", "cn.bib", "--bib-encoding", "gbk", cwd=tmp_path)
    assert r.returncode == 2 and 'cn.bib: error: "Ə" of entry "aliyev2022" cannot be written in gbk' in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and (tmp_path / "cn.bib").read_bytes() == before


@pytest.mark.parametrize("to", ["bibtex", "biblatex"])
def test_bibtex_export_with_claims_is_valid_bibtex(tmp_path, to):
    # each entry's key, own annote and claims travel as notes Zotero reads (comment, annote):
    # each field once, so pybtex and refs' own strict reader take the file
    from pybtex.database import parse_file

    out = tmp_path / "x.bib"
    r = subprocess.run([sys.executable, "-m", "refs", "export", "--to", to, "--manuscript",
                        str(ROOT / "bib" / "article.txt"), str(ROOT / "bib" / "references.bib"), "-o", str(out)],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert len(parse_file(str(out)).entries) == 16
    parsed = bibtex.parse(out.read_text(encoding="utf-8"), "x.bib")
    assert not [f for f in parsed.findings if f.code in ("duplicate-field", "bibtex-syntax")]
    first = parsed.library.references[0]
    assert first.extra_field("comment").startswith("Citation Key: ")
    assert "Claim 1 in" in first.fields.get("annote", "")


def test_ris_reads_each_tag_as_zotero_does_for_the_items_type():
    """A report's number stays a number (not an ISSN), a chapter's book author stays apart from
    its editors, a book's page total is its own field; what RIS cannot carry is named."""
    from refs.dates import Date
    from refs.model import Library, Name, Reference

    refs_in = [
        Reference("rep", "report", {"title": "Annual report", "number": "WP-2023/7", "issued": Date(start=(2023,))}),
        Reference("ch", "chapter", {"title": "A chapter", "container-title": "The book",
                                    "container-author": (Name(family="Book", given="Anna"),),
                                    "editor": (Name(family="Ed", given="Ivan"),), "page": "5–9"}),
        Reference("bk", "book", {"title": "A book", "number-of-pages": "320", "ISBN": "978-0-306-40615-7",
                                 "editor": (Name(family="Volume", given="Vera"),),
                                 "collection-editor": (Name(family="Series", given="Sam"),)}),
        Reference("art", "article-journal", {"title": "An article", "ISSN": "0378-5955", "ISBN": "9780306406157"}),
    ]
    text = ris.dump(Library(tuple(refs_in)))
    book = next(record for record in text.split("\n\n") if "TI  - A book" in record)
    assert "A3  - Volume, Vera" in book and "A2  - Series, Sam" in book  # as Zotero reads a book
    assert book.count("SP  - ") == 1
    back = ris.parse(text).library
    assert back["rep"]["number"] == "WP-2023/7" and back["rep"].get("ISSN") is None
    assert [n.family for n in back["ch"]["container-author"]] == ["Book"]
    assert [n.family for n in back["ch"]["editor"]] == ["Ed"] and back["ch"]["page"] == "5–9"
    assert back["bk"]["number-of-pages"] == "320" and back["bk"]["ISBN"] == "978-0-306-40615-7"
    assert [n.family for n in back["bk"]["editor"]] == ["Volume"]
    assert [n.family for n in back["bk"]["collection-editor"]] == ["Series"]
    assert back["art"]["ISSN"] == "0378-5955"
    assert list(ris.losses(refs_in[3])) == ["ISBN"]  # a journal article's SN is its ISSN: its ISBN has no tag
    assert ris.losses(refs_in[3])["ISBN"] == "in an item of type article-journal, SN holds the ISSN"
    assert ris.losses(refs_in[0]) == {} and ris.losses(refs_in[2]) == {}


LOSSY = {  # an entry each export target cannot carry whole, and what it says of it
    "ris": ("@article{a, title={T}, journal={J}, isbn={978-0-306-40615-7}, year=2020}",
            '"a" (article-journal): RIS cannot carry its ISBN (in an item of type article-journal, SN holds the ISSN)'),
    "csljson": ("@software{a, title={T}, year=2020}",
                '"a" (software): CSL-JSON cannot carry its type (Zotero\'s CSL-JSON importer takes no software: '
                "written as book)"),
    "zotero-rdf": ("@online{a, title={T}, url={https://x.az}, editor={Ed, Ann}}",
                   '"a" (webpage): Zotero RDF cannot carry its editor (Zotero\'s webpage has no editor among its '
                   "creators)"),
    "bibtex": ("@book{a, title={T}, comment={Mine}}",
               '"a" (book): BibTeX cannot carry its field comment (the export writes its own comment field)'),
    "biblatex": ("@book{a, title={T}, comment={Mine}}",
                 '"a" (book): BibTeX cannot carry its field comment (the export writes its own comment field)'),
}


@pytest.mark.parametrize("to", TARGETS)
def test_export_says_what_the_target_cannot_carry(tmp_path, to):
    from test_cli import refs

    bib, said = LOSSY[to]
    (tmp_path / "l.bib").write_text(bib + "\n@book{b, title={Whole}, author={Doe, Jane}, year=2020}\n",
                                    encoding="utf-8")
    r = refs("export", "l.bib", "--to", to, "-o", "out", cwd=tmp_path)
    assert r.returncode == 0 and f"l.bib:1:1: warning[export-loss]: {said}" in r.stderr, r.stderr
    assert r.stderr.count("export-loss") == 1  # the entry it carries whole is not named
    back = formats.writer(to).load().parse((tmp_path / "out").read_text(encoding="utf-8")).library
    assert back.keys() == ["a", "b"]


def test_export_losses_for_every_target_and_unknown_ones():
    library = bibtex.parse(LOSSY["ris"][0]).library
    assert [f.code for f in formats.export_losses(library, "ris")] == ["export-loss"]
    assert formats.export_losses(library, "csljson") == []
    with pytest.raises(UsageError, match='unknown export format "docx"'):
        formats.export_losses(library, "docx")


# -- mappings that turned a value into something else, each fixed in its table ---------------------


def _one(ref):
    from refs.model import Library

    return Library((ref,))


def test_ris_note_genre_notes_and_names_come_back_as_they_were():
    from refs.model import Name, Reference

    ref = Reference("t", "thesis", {
        "title": "A thesis", "genre": "PhD thesis", "note": "First line\nSecond line",
        "annote": "Uses <b> & <i> as text.\n\nA second paragraph.",
        "author": (Name(family="Surname"), Name(literal="World Bank"))})
    text = ris.dump(_one(ref))
    assert "M3  - PhD thesis" in text and "M2  - First line\nM2  - Second line" in text
    back = ris.parse(text).library["t"]
    assert back["note"] == ref["note"]  # was read back as the annote (N1)
    assert back["genre"] == "PhD thesis"  # was kept as an unknown M3 tag
    assert back["annote"] == ref["annote"]  # "<b>" was taken for a tag and dropped; paragraphs were joined
    assert back["author"] == ref["author"]  # "Surname" alone came back as an organisation
    assert ris.losses(ref) == {}
    graphic = Reference("g", "graphic", {"title": "G", "medium": "Oil on canvas", "genre": "Portrait"})
    assert ris.parse(ris.dump(_one(graphic))).library["g"]["medium"] == "Oil on canvas"
    assert list(ris.losses(graphic)) == ["genre"]  # an artwork's M3 is its medium


@pytest.mark.parametrize("to", ["ris", "zotero-rdf", "csljson"])
def test_every_export_carries_what_a_crossref_lends(to):
    library = bibtex.parse("@proceedings{p, title={Proceedings of X}, publisher={P}, year=2019}\n"
                           "@inproceedings{c, title={A paper}, crossref={p}}\n").library
    back = formats.writer(to).load().parse(formats.export(library, to)).library["c"]
    assert back["container-title"] == "Proceedings of X" and back["publisher"] == "P"  # RIS, RDF: were left out


def test_zotero_rdf_types_numbers_series_and_names_by_zoteros_schema():
    from refs.model import Name, Reference

    refs_in = [
        Reference("m", "document", {"title": "A misc entry"}),
        Reference("r", "report", {"title": "R", "number": "WP-7", "collection-title": "Working papers",
                                  "collection-number": "12", "author": (Name(family="Solo"),)}),
        Reference("w", "webpage", {"title": "W", "editor": (Name(family="Ed", given="A"),), "number": "3"}),
    ]
    from refs.model import Library

    back = zotero_rdf.parse(zotero_rdf.dump(Library(tuple(refs_in)))).library
    assert back["m"].type == "document"  # was read back as a pamphlet
    assert back["r"]["number"] == "WP-7"  # was written, never read
    assert back["r"]["collection-title"] == "Working papers" and back["r"]["collection-number"] == "12"  # never written
    assert back["r"]["author"] == (Name(family="Solo"),)  # a surname alone came back as an organisation
    assert "editor" not in back["w"].fields and "number" not in back["w"].fields  # Zotero's webpage has neither
    assert set(zotero_rdf.losses(refs_in[2])) == {"editor", "number"}
    assert zotero_rdf.losses(refs_in[0]) == {} and zotero_rdf.losses(refs_in[1]) == {}


def test_bibtex_export_writes_every_variable_by_the_readers_table():
    from refs.dates import Date
    from refs.model import Library, Name, Reference

    refs_in = [
        Reference("rep", "report", {"title": "R", "number": "WP-7", "issue": "2"}),
        Reference("mag", "article-magazine", {"title": "M", "container-title": "The Economist",
                                              "issued": Date(start=(2020,), season=1)}),
        Reference("ch", "chapter", {"title": "C", "container-title": "Book", "collection-title": "The <i>Series</i>",
                                    "container-author": (Name(family="Author", given="Book"),),
                                    "event-title": "Conf", "original-date": Date(start=(1999,)), "version": "2"}),
    ]
    for dialect in ("bibtex", "biblatex"):
        text = bibtex.export(Library(tuple(refs_in)), dialect)
        back = bibtex.parse(text).library
        assert back["rep"]["number"] == "WP-7" and back["rep"]["issue"] == "2"  # were one number field
        assert back["mag"].type == "article-magazine"  # came back a journal article
        assert back["mag"]["issued"] == Date(start=(2020,), season=1)  # the season was dropped to the year
        for var in ("container-author", "event-title", "original-date", "version", "collection-title"):
            assert back["ch"][var] == refs_in[2][var], (dialect, var)  # were left out
        assert "{The \\textit{Series}}" in text  # the series' markup was written as the text "<i>"
        assert all(bibtex.losses(r, dialect) == {} for r in refs_in)
    article = Reference("a", "article-journal", {"title": "A", "number": "e123"})
    assert bibtex.losses(article) == {"number": "no BibTeX field reads back as it in a @article"}
    assert "number" not in bibtex.parse(bibtex.export(_one(article))).library["a"].fields  # was read back as the issue


# -- the one registry of formats --------------------------------------------------------------------


def test_the_registry_names_every_format_once():
    assert formats.readable_names() == ("bibtex", "csljson", "ris", "zotero-rdf")
    assert formats.writable_names() == ("bibtex", "biblatex", "csljson", "ris", "zotero-rdf")
    assert formats.library_names() == ("bibtex", "csljson")
    assert [formats.for_path(p).name for p in ("a.bib", "a.csl.json", "a.RIS", "a.rdf")] == \
        ["bibtex", "csljson", "ris", "zotero-rdf"]
    assert formats.for_path("a.txt") is None and formats.by_suffix("a.ris") is None  # imported, not worked from
    assert formats.by_name("biblatex").name == "bibtex" and formats.writer("biblatex").name == "bibtex"
    assert formats.reader("x.json").name == "csljson" and formats.reader("x.txt", "ris").name == "ris"
    with pytest.raises(UsageError, match='cannot tell the format of "x.txt"; give --from'):
        formats.reader("x.txt")
    for fmt in formats.FORMATS:  # each module reads, writes and says what it loses
        module = fmt.load()
        assert callable(module.parse) and callable(module.losses), fmt.name


def test_zotero_rdf_reads_zoteros_own_export():
    """As Zotero's RDF export writes an item: a newspaper's section between the article and the
    newspaper, foaf:givenname, the access date as dcterms:dateSubmitted, the genre as dc:type."""
    text = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:z="http://www.zotero.org/namespaces/export#" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:bib="http://purl.org/net/biblio#" '
            'xmlns:foaf="http://xmlns.com/foaf/0.1/" xmlns:prism="http://prismstandard.org/namespaces/1.2/basic/">'
            '<bib:Article rdf:about="#item_1"><z:itemType>newspaperArticle</z:itemType>'
            '<dcterms:isPartOf><bib:Part><dc:title>Business</dc:title><dcterms:isPartOf><bib:Newspaper>'
            '<dc:title>The Times</dc:title><prism:volume>4</prism:volume></bib:Newspaper></dcterms:isPartOf>'
            '</bib:Part></dcterms:isPartOf><bib:authors><rdf:Seq><rdf:li><foaf:Person><foaf:surname>Doe'
            '</foaf:surname><foaf:givenname>Jane</foaf:givenname></foaf:Person></rdf:li></rdf:Seq></bib:authors>'
            '<dc:title>Headline</dc:title><dcterms:dateSubmitted>2024-05-01 10:15:00</dcterms:dateSubmitted>'
            '<dc:type>Editorial</dc:type></bib:Article></rdf:RDF>')
    ref = zotero_rdf.parse(text).library.references[0]
    assert ref.type == "article-newspaper" and ref["container-title"] == "The Times" and ref["volume"] == "4"
    assert ref["author"][0].given == "Jane" and ref["accessed"].start == (2024, 5, 1) and ref["genre"] == "Editorial"


def test_a_tag_without_its_partner_is_text_not_markup():
    """``publisher = {aaaaa<b>}`` is what the user wrote: RIS and Zotero RDF keep it, and say no
    loss (found by the writers' property test); a closed pair is markup, which both carry as the
    rich text Zotero reads in a field."""
    library = bibtex.parse("@book{a, title = {<i>T</i>}, publisher = {aaaaa<b>}, year = 2020}\n").library
    for to in ("ris", "zotero-rdf"):
        back = formats.writer(to).load().parse(formats.export(library, to)).library["a"]
        lost = formats.writer(to).load().losses(library["a"], to)
        assert back["publisher"] == "aaaaa<b>" and "publisher" not in lost, to
        assert back["title"] == "<i>T</i>" and "title" not in lost, to
