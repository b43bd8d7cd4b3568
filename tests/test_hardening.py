"""Hostile and broken input: hostile XML and zip archives, huge files and lines, deep nesting,
interrupted runs. Each test runs refs as a user would and checks what the user sees and what
is left on disk: in this process (conftest.refs_cli), and as a process of its own where the test
stops it with a signal. (Outputs over an input or outside the working folder: test_cli.py and
test_io.py; citation keys as file names: test_fetch.py; `import --into` keeping the user's
.bib, its dry run and backup: test_exports.py; fuzzing: test_fuzz.py.)"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import CliRun, refs_cli

from refs.errors import InputError, RefsError
from refs.formats import zotero_rdf
from refs.manuscript import readers
from refs.manuscript.readers import read_docx
from refs.render.registry import validate_csl

BIG_TIMEOUT = 300  # a bound against hangs, not a speed target (speed: benchmarks/)


def refs(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = BIG_TIMEOUT) -> CliRun:
    return refs_cli(*args, cwd=cwd, env=env, timeout=timeout)


def refs_process(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = BIG_TIMEOUT):
    """refs as a process of its own: the interrupted builds time it and stop it with signals."""
    return subprocess.run([sys.executable, "-m", "refs", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


# -- XML ---------------------------------------------------------------------------------------

LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
BOMB_DTD = f'<!DOCTYPE r [<!ENTITY l0 "ha">{LAUGHS}]>'


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"REMOTE-SECRET")

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    _Recorder.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture()
def secret(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("LOCAL-SECRET", encoding="utf-8")
    return path


def _external_dtd(secret: Path, server: str) -> str:
    return (f'<!DOCTYPE r [<!ENTITY file SYSTEM "{secret.as_uri()}"><!ENTITY net SYSTEM "{server}/entity">'
            f'<!ENTITY % remote SYSTEM "{server}/dtd"> %remote;]>')


CSL_BODY = ('<info><title>&{}; &{};</title><id>x</id><updated>2024-01-01T00:00:00+00:00</updated></info>'
            '<citation><layout><text variable="title"/></layout></citation>')


def _csl(dtd: str, body: str) -> str:
    return (f'<?xml version="1.0"?>{dtd}<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" '
            f'class="in-text">{body}</style>')


def test_csl_style_billion_laughs_is_refused_quickly(tmp_path):
    path = tmp_path / "bomb.csl"
    path.write_text(_csl(BOMB_DTD, CSL_BODY.format("l9", "l9")), encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(RefsError) as error:
        validate_csl(path)
    assert time.monotonic() - start < 30  # a bound against expansion, not a speed target
    assert "bomb.csl" in str(error.value)


def test_csl_style_external_entities_are_not_resolved(tmp_path, secret, server):
    path = tmp_path / "xxe.csl"
    path.write_text(_csl(_external_dtd(secret, server), CSL_BODY.format("file", "net")), encoding="utf-8")
    with pytest.raises(InputError) as error:
        validate_csl(path)
    assert str(error.value).startswith(f"{path}:1:1: error: the file declares a DTD")
    assert "LOCAL-SECRET" not in str(error.value) and "REMOTE-SECRET" not in str(error.value)
    assert _Recorder.hits == []  # never reached the network


def test_csl_style_from_the_cli_with_external_entities(tmp_path, secret, server):
    (tmp_path / "xxe.csl").write_text(_csl(_external_dtd(secret, server), CSL_BODY.format("file", "net")),
                                      encoding="utf-8")
    r = refs("bib", "--style", "xxe.csl", cwd=tmp_path)
    assert "LOCAL-SECRET" not in r.stdout + r.stderr and "REMOTE-SECRET" not in r.stdout + r.stderr
    assert r.returncode == 2 and "Traceback" not in r.stderr and "declares a DTD" in r.stderr, r.stderr
    assert _Recorder.hits == []


RDF = ('<?xml version="1.0"?>{dtd}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
       'xmlns:z="http://www.zotero.org/namespaces/export#" xmlns:dc="http://purl.org/dc/elements/1.1/" '
       'xmlns:bib="http://purl.org/net/biblio#"><bib:Book rdf:about="#a"><z:itemType>book</z:itemType>'
       '<dc:title>{title}</dc:title></bib:Book></rdf:RDF>')


def test_zotero_rdf_external_entities_and_bombs(secret, server):
    text = RDF.format(dtd=_external_dtd(secret, server), title="&file;&net;")
    parsed = zotero_rdf.parse(text, "xxe.rdf")
    assert [f.code for f in parsed.findings] == ["rdf-unsafe"] and not parsed.library.references
    assert "SECRET" not in repr(parsed) and _Recorder.hits == []
    start = time.monotonic()
    parsed = zotero_rdf.parse(RDF.format(dtd=BOMB_DTD, title="&l9;"), "bomb.rdf")
    assert [f.code for f in parsed.findings] == ["rdf-unsafe"] and not parsed.library.references
    assert time.monotonic() - start < 30


def _docx(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document(dtd: str, text: str) -> bytes:
    return (f'<?xml version="1.0"?>{dtd}<w:document {W}><w:body><w:p><w:r><w:t>{text} [1].</w:t></w:r></w:p>'
            f'</w:body></w:document>').encode()


def test_docx_external_entities_and_bombs(secret, server):
    data = _docx({"word/document.xml": _document(_external_dtd(secret, server), "&file;&net;")})
    with pytest.raises(InputError, match="xxe.docx: error: word/document.xml declares a DTD") as error:
        read_docx(data, "xxe.docx")
    assert "SECRET" not in str(error.value) and _Recorder.hits == []
    start = time.monotonic()
    with pytest.raises(InputError, match="bomb.docx"):
        read_docx(_docx({"word/document.xml": _document(BOMB_DTD, "&l9;")}), "bomb.docx")
    assert time.monotonic() - start < 30


def test_docx_zip_bomb_is_refused(monkeypatch):
    # a document.xml that inflates past the limit (the limit made small so the test stays small;
    # the real limit is readers.MAX_DOCX_XML)
    monkeypatch.setattr(readers, "MAX_DOCX_XML", 1_000_000)
    filler = b"<w:p><w:r><w:t>" + b"a" * 4_000_000 + b"</w:t></w:r></w:p>"
    data = _docx({"word/document.xml": f"<w:document {W}><w:body>".encode() + filler + b"</w:body></w:document>"})
    assert len(data) < 100_000  # small on disk, large inflated
    with pytest.raises(InputError, match="bomb.docx"):
        read_docx(data, "bomb.docx")


def test_docx_members_outside_the_archive_are_never_written(tmp_path):
    data = _docx({"word/document.xml": _document("", "Fakt"), "../evil.txt": b"x", "/abs/evil.txt": b"x",
                  "word/../../evil2.txt": b"x"})
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "paper.docx").write_bytes(data)
    (tmp_path / "work" / "refs.bib").write_text("@misc{a, title={A}}\n", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    r = refs("claims", "paper.docx", "--bib", "refs.bib", cwd=tmp_path / "work")
    assert r.returncode == 0, r.stderr
    assert "Fakt" in r.stdout
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert after == before and not Path("/abs/evil.txt").exists()


# -- sizes and nesting -------------------------------------------------------------------------


def test_a_100_mb_bib_stops_with_a_clear_message(tmp_path):
    path = tmp_path / "huge.bib"
    with path.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    r = refs("check", "huge.bib", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("huge.bib: error: the file is 100.0 MB; refs reads files up to 64.0 MB")
    assert "REFS_MAX_BYTES" in r.stderr


def test_the_size_limit_can_be_raised_or_lowered(tmp_path):
    (tmp_path / "small.bib").write_text("@misc{a, title={A}}\n" * 100, encoding="utf-8")
    r = refs("check", "small.bib", cwd=tmp_path, env={"REFS_MAX_BYTES": "500"})
    assert r.returncode == 2 and "refs reads files up to 500 bytes" in r.stderr
    r = refs("export", "--format", "csljson", "--bib", "small.bib", cwd=tmp_path, env={"REFS_MAX_BYTES": "1000000"})
    assert r.returncode != 2 or "up to" not in r.stderr


def test_deeply_nested_braces_give_a_located_error(tmp_path):
    (tmp_path / "deep.bib").write_text("@article{a, title = {" + "{" * 50_000 + "x" + "}" * 50_001 + "}\n",
                                       encoding="utf-8")
    r = refs("check", "deep.bib", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    first = r.stderr.splitlines()[0]
    assert first.startswith("deep.bib:1:") and "too many nested braces" in first
    assert all(len(line) < 200 for line in r.stderr.splitlines())  # the line is shown cut, not whole


@pytest.mark.scale
def test_100000_markers_and_a_1_mb_line(tmp_path):
    (tmp_path / "refs.bib").write_text("".join(f"@misc{{r{i}, title={{Source {i}}}}}\n" for i in range(1, 17)),
                                       encoding="utf-8")
    (tmp_path / "many.txt").write_text(
        " ".join(f"Fakt {i} 2022-ci ilin mayında baş verdi [{i % 16 + 1}]." for i in range(100_000)) + "\n",
        encoding="utf-8")
    r = refs("claims", "many.txt", "--bib", "refs.bib", "--format", "csv", "-o", "many.csv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    assert (tmp_path / "many.csv").read_text(encoding="utf-8").count("\n") > 100_000
    (tmp_path / "line.txt").write_text("Qazaxıstan " * 95_000 + "[1]. " + "söz " * 10_000 + "\n", encoding="utf-8")
    assert (tmp_path / "line.txt").stat().st_size > 1_000_000
    r = refs("claims", "line.txt", "--bib", "refs.bib", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    assert '"r1"' in r.stdout


# -- interrupted runs --------------------------------------------------------------------------


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def complete_build(tmp_path_factory):
    where = tmp_path_factory.mktemp("complete")
    start = time.monotonic()
    r = refs_process("build", cwd=where, env={"REFS_CACHE_DIR": str(where / "cache")})
    assert r.returncode == 0, r.stderr
    return _files(where / "out"), time.monotonic() - start


@pytest.mark.scale
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
def test_an_interrupted_build_leaves_no_half_file_and_an_intact_cache(tmp_path, complete_build, how):
    complete_build, took = complete_build
    # a build computes first and writes last: stop it at points spread over its run, most of
    # them late, where files are being written
    for n, delay in enumerate(took * f for f in (0.3, 0.7, 0.85, 0.95)):
        where = tmp_path / f"run{n}"
        where.mkdir()
        cache = {"REFS_CACHE_DIR": str(tmp_path / f"cache{n}")}
        process = subprocess.Popen([sys.executable, "-m", "refs", "build"], cwd=where, env={**os.environ, **cache},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        process.send_signal(how)
        _, err = process.communicate(timeout=BIG_TIMEOUT)
        if how == signal.SIGINT and process.returncode != 0:
            assert process.returncode == 130 and "Traceback" not in err, err
            assert "refs: interrupted" in err
        out = where / "out"
        written = _files(out) if out.exists() else {}
        for name, data in written.items():
            if Path(name).name.endswith(".tmp"):
                assert how == signal.SIGKILL, f"{name}: a temp file left after Ctrl-C"
                continue
            assert data == complete_build[name], f"{name} is not the complete file after {how.name} at {delay}s"
        # the cache still opens, and the next build finishes and writes every file whole
        info = refs("cache", "info", cwd=where, env=cache)
        assert info.returncode == 0, info.stderr
        for leftover in out.rglob(".*.tmp") if out.exists() else ():
            old = time.time() - 3600
            os.utime(leftover, (old, old))  # as a killed run's temp file is an hour later
        again = refs("build", cwd=where, env=cache)
        assert again.returncode == 0, again.stderr
        assert _files(out) == complete_build


# -- tracebacks --------------------------------------------------------------------------------


def test_only_debug_shows_a_traceback(tmp_path):
    (tmp_path / "bad.bib").write_text("@article{a, title = {x}\n", encoding="utf-8")
    r = refs("check", "bad.bib", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.startswith("bad.bib:")
    r = refs("--debug", "check", "bad.bib", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback (most recent call last)" in r.stderr and "bad.bib:" in r.stderr


# -- the user's .bib ---------------------------------------------------------------------------

USER_BIB = """% My library: do not reorder
@string{ aze = "Azərbaycan Respublikası" }
@preamble{ "\\newcommand{\\noop}[1]{}" }

@weirdtype{zeta2020,
  title = {Zeta first},
  myfield = {kept as is},
  author = aze # " Prezidenti",
  year = 2020
}

Some free text between entries.

@book{alpha2019,
  year = {2019},
  title = {Alpha {DNA} book},
  author = {Əliyev, İlham and Smith, J.},
  publisher = {Baku Press},
  unknown-thing = {x},
  doi = {10.1000/abc}
}
"""


def test_import_into_touches_only_what_it_adds_or_merges(tmp_path):
    (tmp_path / "mine.bib").write_text(USER_BIB, encoding="utf-8")
    (tmp_path / "new.ris").write_text("TY  - JOUR\nAU  - Rivera, Ana\nTI  - Caspian trade\nPY  - 2023\n"
                                      "DO  - 10.1000/xyz\nER  - \n", encoding="utf-8")
    (tmp_path / "same.ris").write_text("TY  - BOOK\nAU  - Aliyev, Ilham\nTI  - Alpha DNA book\nPY  - 2019\n"
                                       "DO  - 10.1000/ABC\nVL  - 3\nER  - \n", encoding="utf-8")
    r = refs("import", "new.ris", "--into", "mine.bib", "--dry-run", cwd=tmp_path)
    assert r.returncode == 0 and "+@article{rivera2023caspian," in r.stdout
    assert (tmp_path / "mine.bib").read_text(encoding="utf-8") == USER_BIB  # a dry run writes nothing
    assert not (tmp_path / "mine.bib.bak").exists()
    r = refs("import", "new.ris", "--into", "mine.bib", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    after = (tmp_path / "mine.bib").read_text(encoding="utf-8")
    assert after.startswith(USER_BIB)  # comments, @string, @preamble, free text, order: byte for byte
    assert after[len(USER_BIB):].lstrip().startswith("@article{rivera2023caspian,")
    assert (tmp_path / "mine.bib.bak").read_text(encoding="utf-8") == USER_BIB
    r = refs("import", "same.ris", "--into", "mine.bib", cwd=tmp_path)
    assert r.returncode == 0 and "merged  aliyev2019alpha into alpha2019: volume" in r.stderr
    merged = (tmp_path / "mine.bib").read_text(encoding="utf-8")
    assert merged == after.replace("  doi = {10.1000/abc}\n}", "  doi = {10.1000/abc},\n  volume = {3}\n}")
