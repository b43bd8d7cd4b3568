"""Coverage-guided fuzzing of refs' parsers with atheris (libFuzzer for Python).

    pip install atheris
    python scripts/fuzz_atheris.py TARGET [libFuzzer options] [CORPUS_DIR ...]
    python scripts/fuzz_atheris.py bibtex -max_total_time=600 -artifact_prefix=/tmp/fuzz/bibtex- /tmp/fuzz/bibtex

TARGET is one of the names in TARGETS. Each input must give a result or one of refs' own errors
(RefsError: a located message and exit code 2); anything else is a crash, which libFuzzer saves
as ``crash-…`` under ``-artifact_prefix``. What it finds goes into ``tests/fixtures/fuzz/`` (run by
``tests/test_fuzz.py``) once fixed. Not part of the test suite: run by hand, minutes per parser.
"""

from __future__ import annotations

import io
import sys
import zipfile

import atheris

with atheris.instrument_imports():
    from refs.errors import RefsError
    from refs.formats import bibtex, csljson, latex, ris, zotero_rdf
    from refs.manuscript import analyse
    from refs.manuscript.readers import read_docx
    from refs.render.registry import validate_csl


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _bibtex(data: bytes) -> None:
    parsed = bibtex.parse(_text(data), "fuzz.bib")
    bibtex.dump(parsed.library)


def _ris(data: bytes) -> None:
    parsed = ris.parse(_text(data), "fuzz.ris")
    if not parsed.errors:
        ris.dump(parsed.library)


def _csljson(data: bytes) -> None:
    parsed = csljson.parse(_text(data), "fuzz.json")
    if not parsed.errors:
        csljson.dump(parsed.library)


def _rdf(data: bytes) -> None:
    zotero_rdf.parse(_text(data), "fuzz.rdf")


def _latex(data: bytes) -> None:
    latex.decode(_text(data))
    latex.decode(_text(data), rich=True)


def _docx(data: bytes) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", data)
    read_docx(buffer.getvalue(), "fuzz.docx")


_STYLE_DIR: list[str] = []


def _csl(data: bytes) -> None:
    import pathlib
    import tempfile

    if not _STYLE_DIR:
        _STYLE_DIR.append(tempfile.mkdtemp(prefix="refs-fuzz-"))
    path = pathlib.Path(_STYLE_DIR[0]) / "fuzz.csl"
    path.write_bytes(data)
    validate_csl(path)


TARGETS = {
    "bibtex": _bibtex,
    "ris": _ris,
    "csljson": _csljson,
    "rdf": _rdf,
    "latex": _latex,
    "text": lambda data: analyse(_text(data), "fuzz.txt", "txt"),
    "markdown": lambda data: analyse(_text(data), "fuzz.md", "md"),
    "html": lambda data: analyse(_text(data), "fuzz.html", "html"),
    "docx": _docx,
    "csl": _csl,
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: fuzz_atheris.py TARGET [libFuzzer options] [CORPUS ...]; TARGET: {', '.join(TARGETS)}")
    target = TARGETS[sys.argv[1]]

    def one(data: bytes) -> None:
        try:
            target(data)
        except RefsError:
            pass  # a located message and exit 2: what bad input should get

    atheris.Setup([sys.argv[0], *sys.argv[2:]], one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
