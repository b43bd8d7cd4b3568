"""Coverage-guided fuzzing of refs' parsers with atheris (libFuzzer), beside the hypothesis
targets in tests/test_fuzz.py. Not part of the test suite: run it by hand or on a schedule.

    pip install '.[fuzz]'
    python fuzz/atheris_run.py                 # every target, 30 s each, prints a table
    python fuzz/atheris_run.py bibtex 300      # one target for five minutes

Each target starts from tests/fixtures/fuzz/ and writes what it learns to a scratch corpus in
a temporary folder. An input that makes a parser raise anything but refs' own errors is saved
as crash-* in the current folder: minimise it, add it to tests/fixtures/fuzz/ and fix the bug.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "fuzz"


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _docx(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", data)
    return out.getvalue()


def _csl(data: bytes) -> None:
    from refs.render.registry import validate_csl

    folder = Path(tempfile.gettempdir()) / "refs-atheris-csl"
    folder.mkdir(exist_ok=True)
    (folder / "fuzz.csl").write_bytes(data)
    validate_csl(folder / "fuzz.csl")


def _targets():
    from refs.formats import bibtex, csljson, latex, ris, zotero_rdf
    from refs.manuscript import analyse
    from refs.manuscript.readers import read_docx

    # what was read is also written, where a writer exists: a writer may refuse (refs' own
    # error, such as a key the format cannot hold) but never crash
    return {
        "bibtex": lambda d: bibtex.dump(bibtex.parse(_text(d), "fuzz.bib").library),
        "latex": lambda d: latex.decode(_text(d), rich=True),
        "ris": lambda d: ris.dump(ris.parse(_text(d), "fuzz.ris").library),
        "csljson": lambda d: csljson.dump(csljson.parse(_text(d), "fuzz.json").library),
        "rdf": lambda d: zotero_rdf.parse(_text(d), "fuzz.rdf"),
        "text": lambda d: analyse(d, "fuzz.txt", "txt"),
        "markdown": lambda d: analyse(_text(d), "fuzz.md", "md"),
        "html": lambda d: analyse(_text(d), "fuzz.html", "html"),
        "docx": lambda d: read_docx(_docx(d), "fuzz.docx"),
        "csl": _csl,
        "pdf": lambda d: analyse(d, "fuzz.pdf", "pdf"),
    }


def run_one(name: str) -> None:
    """Inside the fuzzing process: hand one target to libFuzzer (never returns)."""
    import atheris

    with atheris.instrument_imports():
        from refs.errors import RefsError
        target = _targets()[name]

    def test_one(data: bytes) -> None:
        try:
            target(data)
        except RefsError:
            pass

    atheris.Setup([sys.argv[0], *sys.argv[3:]], test_one)
    atheris.Fuzz()


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        run_one(argv[1])
        return 0
    names = [argv[0]] if argv and not argv[0].isdigit() else list(_targets())
    seconds = int(next((a for a in argv if a.isdigit()), "30"))
    print(f"{'target':10} {'seconds':>8} {'runs':>10} {'result':>8}")
    failed = 0
    for name in names:
        with tempfile.TemporaryDirectory() as scratch:
            start = time.monotonic()
            r = subprocess.run(
                [sys.executable, __file__, "--child", name, f"-max_total_time={seconds}",
                 "-timeout=10", "-rss_limit_mb=2048", f"-artifact_prefix=crash-{name}-", scratch, str(SEEDS)],
                capture_output=True, text=True)
            counts = re.findall(r"^(?:Done (\d+) runs|#(\d+)\s)", r.stderr, re.M)
            runs = max((int(a or b) for a, b in counts), default=0)
            result = "ok" if r.returncode == 0 else f"rc={r.returncode}"
            failed += r.returncode != 0
            if r.returncode != 0:
                sys.stderr.write(r.stderr[-3000:])
            print(f"{name:10} {time.monotonic() - start:8.0f} {runs:>10,} {result:>8}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
