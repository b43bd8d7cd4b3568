"""Fuzz targets: every parser refs runs on files people receive from others.

Each target takes arbitrary input (random text, random text shaped like the format, random
bytes) and must either return a result or raise one of refs' own errors (RefsError, which the
CLI turns into a located message and exit code 2). Any other exception is a bug. Each example has
a deadline, so a hang or an accidentally quadratic path fails too. ``HYPOTHESIS_PROFILE=deep``
runs 3,000 examples per target.

The inputs that found bugs are kept in ``fixtures/fuzz/`` and run through every parser below.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refs.errors import OutputError, RefsError
from refs.formats import bibtex, csljson, latex, ris, zotero_rdf
from refs.manuscript import analyse
from refs.manuscript.readers import read_docx
from refs.model import key_problem
from refs.render.registry import validate_csl

FUZZ = Path(__file__).parent / "fixtures" / "fuzz"
BOUNDED = settings(deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow])

# text that reaches the interesting paths: the syntax of each format, Azerbaijani and Russian
# letters, LaTeX, brackets, dates and line ends
ALPHABET = st.sampled_from(
    list("@{}()[]\\\"'=,#%~^$&_-–—.:;!? \n\t\r\f0123456789aAzZəƏıİşŞçÇğĞöÖüÜкКжЖ«»„“”")
    + ["@article", "@string", "@comment", "@preamble", "title", "author", "date", " and ",
       "\\'", "\\\"{o}", "\\textit{", "{\\em ", "TY  - ", "ER  - ", "AU  - ", "PY  - ", "TI  - ",
       "[1]", "[1, 2]", "[3–5]", "[16, s. 4]", "2022-ci il", "avqustun 24-də", "May 2024",
       "<p>", "</p>", "<h1>", "# ", "**", "&amp;", "&#0;", "\u00ad", "\ufeff", "\x00"]
)
TEXT = st.lists(ALPHABET, max_size=200).map("".join) | st.text(max_size=300)


def _accepts(call, *args):
    try:
        return call(*args)
    except RefsError:
        return None


def _writes(write, library):
    """What was read can be written, unless a key is one the format cannot hold: then the
    writer refuses with refs' own error (exit 2), never a crash."""
    try:
        return write(library)
    except OutputError:
        assert any(key_problem(r.key) for r in library if r.key)
        return None


FIELD = st.tuples(
    st.sampled_from(["title", "author", "editor", "date", "year", "month", "url", "doi", "pages", "langid",
                     "crossref", "note", "x-unknown", ""]),
    st.sampled_from(["{", "\"", ""]),
    TEXT,
    st.sampled_from(["}", "\"", "", "}}"]),
).map(lambda f: f"  {f[0]} = {f[1]}{f[2]}{f[3]},\n")
ENTRY = st.tuples(
    st.sampled_from(["article", "online", "book", "misc", "string", "comment", "preamble", "weird", ""]),
    st.sampled_from(["{", "("]),
    st.text(alphabet="abc123:_-./{}\"əı", max_size=8),
    st.lists(FIELD, max_size=5).map("".join),
    st.sampled_from(["}", ")", ""]),
).map(lambda e: f"@{e[0]}{e[1]}{e[2]},\n{e[3]}{e[4]}\n")
BIBTEX = st.lists(ENTRY | TEXT, max_size=4).map("".join)


@BOUNDED
@given(BIBTEX)
def test_bibtex_parser_on_entries(text):
    parsed = _accepts(bibtex.parse, text, "fuzz.bib")
    if parsed is not None and not parsed.errors:
        again = bibtex.parse(bibtex.dump(parsed.library), "again.bib")
        assert [r.key for r in again.library] == [r.key for r in parsed.library]


@BOUNDED
@given(TEXT)
def test_bibtex_parser(text):
    parsed = _accepts(bibtex.parse, text, "fuzz.bib")
    if parsed is not None:
        _writes(bibtex.dump, parsed.library)  # what was read can be written


@BOUNDED
@given(TEXT)
def test_latex_decoder(text):
    assert isinstance(latex.decode(text), str)
    assert isinstance(latex.decode(text, rich=True), str)


RIS_LINE = st.tuples(
    st.sampled_from(["TY", "AU", "A1", "ED", "TI", "T2", "PY", "DA", "Y2", "DO", "UR", "SP", "EP", "KW", "N1",
                     "AB", "ID", "LA", "ER", "ZZ", "  ", "T"]),
    st.sampled_from(["  - ", "  -", " - ", ""]),
    st.sampled_from(["", " ", "JOUR", "BOOK", "Əliyev, İlham", ",", "2024/05/01/", "2024///x", "10.1/x"]) | TEXT,
).map(lambda t: f"{t[0]}{t[1]}{t[2]}\n")
RIS = st.lists(RIS_LINE, max_size=25).map("".join)


@BOUNDED
@given(RIS)
def test_ris_parser_on_records(text):
    parsed = _accepts(ris.parse, text, "fuzz.ris")
    if parsed is not None:
        _writes(ris.dump, parsed.library)


@BOUNDED
@given(TEXT)
def test_ris_parser(text):
    parsed = _accepts(ris.parse, text, "fuzz.ris")
    if parsed is not None:
        _writes(ris.dump, parsed.library)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "type", "title", "author", "issued", "date-parts", "family",
                                       "given", "literal", "URL", "DOI", "note", "x"]) | st.text(max_size=5),
                      inner, max_size=5),
    max_leaves=30,
)


@BOUNDED
@given(JSON)
def test_csljson_parser_on_json_of_any_shape(value):
    parsed = _accepts(csljson.parse, json.dumps(value), "fuzz.json")
    if parsed is not None:
        _writes(csljson.dump, parsed.library)


@BOUNDED
@given(TEXT)
def test_csljson_parser_on_text(text):
    _accepts(csljson.parse, text, "fuzz.json")


RDF_HEAD = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:z="http://www.zotero.org/namespaces/export#" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:bib="http://purl.org/net/biblio#" xmlns:foaf="http://xmlns.com/foaf/0.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/">')
XML_BITS = st.sampled_from(
    ["<bib:Book rdf:about=\"#a\">", "</bib:Book>", "<dc:title>", "</dc:title>", "<z:itemType>book</z:itemType>",
     "<bib:authors><rdf:Seq><rdf:li><foaf:Person><foaf:surname>", "</foaf:surname></foaf:Person></rdf:li>"
     "</rdf:Seq></bib:authors>", "<dc:date>2024</dc:date>", "<bib:Memo>", "</bib:Memo>", "&amp;", "&lt;",
     "x", "Əliyev", "<", ">", "\"", "<!-- c -->", "<![CDATA[x]]>", "<dc:subject>t</dc:subject>"]
)


@BOUNDED
@given(st.lists(XML_BITS, max_size=30).map("".join), st.booleans())
def test_zotero_rdf_parser(body, close):
    text = RDF_HEAD + body + ("</rdf:RDF>" if close else "")
    _accepts(zotero_rdf.parse, text, "fuzz.rdf")


@BOUNDED
@given(TEXT)
def test_zotero_rdf_parser_on_text(text):
    _accepts(zotero_rdf.parse, text, "fuzz.rdf")


@BOUNDED
@given(TEXT, st.sampled_from(["txt", "md", "html"]))
def test_manuscript_reader(text, fmt):
    _accepts(analyse, text, f"fuzz.{fmt}", fmt)


@BOUNDED
@given(st.binary(max_size=400))
def test_manuscript_reader_on_bytes(data):
    _accepts(analyse, data, "fuzz.txt", "txt")


def _pdf() -> bytes:
    """A small real PDF (reportlab): two pages, a raised citation, a footer."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    for page in (1, 2):
        text = c.beginText(72, 720)
        text.setFont("Helvetica", 11)
        text.textLine(f"Page {page} says a fact as shown before [1] and again")
        text.setFont("Helvetica", 7)
        text.setRise(4)
        text.textOut("2")
        c.drawText(text)
        c.setFont("Helvetica", 8)
        c.drawString(290, 40, str(page))
        c.showPage()
    c.save()
    return out.getvalue()


PDF = _pdf()


@BOUNDED
@given(st.lists(st.tuples(st.integers(0, len(PDF) - 1), st.binary(min_size=1, max_size=8)), max_size=6),
       st.integers(0, len(PDF)))
def test_pdf_reader_on_damaged_pdfs(patches, cut):
    data = bytearray(PDF[:max(cut, 16)] if cut < len(PDF) // 2 else PDF)
    for at, chunk in patches:
        data[at : at + len(chunk)] = chunk
    _accepts(analyse, bytes(data), "fuzz.pdf", "pdf")


@BOUNDED
@given(st.binary(max_size=400))
def test_pdf_reader_on_bytes(data):
    _accepts(analyse, b"%PDF-1.4\n" + data, "fuzz.pdf", "pdf")


RAISED = st.lists(st.sampled_from(
    ["word", "melanogaster", "AgamOBP1", "(3K1E)", "review", "DEET", "x", "m", "10", "2.5", ",", ".", " ", "\n",
     "1", "2", "3", "12", "1–3", "4,5", "14 15", "25e27", "¹²", "⁻", "BL21(DE3)", "H2O", "Fig. 2", "[1]"]),
    max_size=80).map("".join)


@BOUNDED
@given(RAISED)
def test_raised_citation_reader(text):
    from refs.manuscript.superscripts import find_superscripts

    found = find_superscripts([text, text[::-1]], 40)
    for paragraph, markers in zip([text, text[::-1]], found, strict=True):
        for m in markers:
            assert paragraph[m.start : m.end] == m.text and all(1 <= n <= 40 for n in m.numbers)


def _docx(document: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", document)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCX_BITS = st.sampled_from(["<w:p>", "</w:p>", "<w:r><w:t>", "</w:t></w:r>", "Fakt [1].", "2022-ci il",
                             "<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>", "<w:br/>", "<w:tab/>", "&amp;", "<"])


@BOUNDED
@given(st.lists(DOCX_BITS, max_size=30).map("".join))
def test_docx_reader(body):
    document = f"<w:document {W}><w:body>{body}</w:body></w:document>".encode()
    _accepts(read_docx, _docx(document), "fuzz.docx")


@BOUNDED
@given(st.binary(max_size=400))
def test_docx_reader_on_bytes(data):
    _accepts(read_docx, data, "fuzz.docx")


CSL_BITS = st.sampled_from(
    ['<info><title>T</title><id>x</id><updated>2024-01-01T00:00:00+00:00</updated></info>',
     '<citation><layout><text variable="title"/></layout></citation>',
     '<bibliography><layout><names variable="author"/></layout></bibliography>',
     '<macro name="m"><text value="x"/></macro>', '<text macro="m"/>', '<terms>', '</terms>', "<", "&amp;",
     '<term name="and">və</term>', '<date variable="issued" form="text"/>']
)


@BOUNDED
@given(body=st.lists(CSL_BITS, max_size=12).map("".join), locale=st.booleans())
def test_csl_style_and_locale_validator(tmp_path_factory, body, locale):
    root = ('<locale xmlns="http://purl.org/net/xbiblio/csl" version="1.0" xml:lang="az-AZ">' if locale
            else '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text">')
    path = tmp_path_factory.mktemp("csl") / "fuzz.csl"
    path.write_text(root + body + ("</locale>" if locale else "</style>"), encoding="utf-8")
    _accepts(validate_csl, path)


# -- the regression corpus --------------------------------------------------------------------

CORPUS = sorted(p for p in FUZZ.iterdir() if p.is_file() and p.name != "README.md")

PARSERS = {
    ".bib": lambda data: bibtex.parse(data.decode("utf-8", "replace"), "corpus.bib"),
    ".ris": lambda data: ris.parse(data.decode("utf-8", "replace"), "corpus.ris"),
    ".json": lambda data: csljson.parse(data.decode("utf-8", "replace"), "corpus.json"),
    ".rdf": lambda data: zotero_rdf.parse(data.decode("utf-8", "replace"), "corpus.rdf"),
    ".txt": lambda data: analyse(data, "corpus.txt", "txt"),
    ".md": lambda data: analyse(data, "corpus.md", "md"),
    ".html": lambda data: analyse(data, "corpus.html", "html"),
}


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_regression_corpus(path):
    """Every input that once crashed or hung refs now reads, or fails with refs' own error, in
    every parser (not only the one it was found with)."""
    assert path.suffix in PARSERS, f"{path.name}: name corpus files by the parser they were found with"
    data = path.read_bytes()
    for parse in PARSERS.values():
        _accepts(parse, data)
    _accepts(latex.decode, data.decode("utf-8", "replace"))


def test_the_corpus_is_not_empty():
    assert len(CORPUS) >= 5
