"""Reading the user's inputs: a bibliography into a Library (through the parse cache), and a
manuscript into its claim map (claims linked to the library's entries)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import formats, manuscript
from .caches import Caches, shared
from .errors import InputError, ParseError
from .formats.base import Parsed
from .io import decode_bytes, decoding_findings, display_path, read_bytes, read_text
from .model import ClaimMap, Finding, Library, Location

__all__ = ["analyse_claims", "cited_keys", "is_bibliography", "load_library"]


def is_bibliography(path: Path) -> bool:
    """Whether the file's name says it is a bibliography (.bib, CSL-JSON), not a manuscript."""
    return formats.by_suffix(str(path)) is not None


def load_library(path: Path, encoding: str | None = None, strict: bool = True, fmt: str | None = None,
                 shown: str | None = None, caches: Caches | None = None) -> Parsed:
    """Read a bibliography. With ``strict``, error-level findings raise ParseError (all of
    them together); otherwise the entries that could be read are returned with the findings.
    ``shown`` is the name messages use for the file (default: its path)."""
    chosen = formats.by_name(fmt) if fmt else formats.by_suffix(str(path)) or formats.by_name("bibtex")
    text = read_text(display_path(path), encoding)
    shown = shown or display_path(path)
    if not text.text.strip():
        raise InputError("the file is empty", Location(shown))
    parsed = (caches or shared()).parse(chosen.name, text.text, shown,
                                        lambda: chosen.load().parse(text.text, shown))
    if encoding is None:  # detected, not given: said, so that a wrong guess never passes in silence
        found = decoding_findings(text, shown)
        if found:
            parsed = Parsed(parsed.library, [*parsed.findings, *found])
    if strict and parsed.errors:
        raise ParseError(parsed.findings, str(path))
    return parsed


def analyse_claims(
    manuscript_path: Path,
    library: Library | None,
    encoding: str | None = None,
    fmt: str | None = None,
    bibliography: str | None = None,
    shown: str | None = None,
) -> ClaimMap:
    """Read a manuscript and link its claims to ``library``'s entries (n-th entry for [n]).
    ``shown`` is the name messages and outputs use for it (default: its path)."""
    read_from = display_path(manuscript_path)
    shown = shown or read_from
    kind = manuscript.format_for(shown, fmt)
    data = read_bytes(read_from)
    if not data.strip():
        raise InputError("the file is empty", Location(shown))
    decoded_findings: list[Finding] = []
    if kind in manuscript.BINARY:
        content: str | bytes = data
        used = {"docx": "zip", "pdf": "pdf"}[kind]
    else:
        decoded = decode_bytes(data, shown, encoding)
        content, used = decoded.text, decoded.encoding
        if not content.strip():
            raise InputError("the file has no text", Location(shown))
        if encoding is None:
            decoded_findings = decoding_findings(decoded, shown)
    keys = library.keys() if library is not None else None
    cm = manuscript.analyse(content, shown, kind, keys, bibliography, used)
    return replace(cm, findings=(*decoded_findings, *cm.findings)) if decoded_findings else cm


def cited_keys(manuscript_path: Path, library: Library, encoding: str | None = None) -> list[str]:
    """The keys a manuscript cites, in the order of their first citation."""
    return analyse_claims(manuscript_path, library, encoding).cited_keys()
