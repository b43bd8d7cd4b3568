"""Manuscripts: read, repair, find structure, markers, claims and their dates.

``analyse(text, name, fmt, keys)`` is the whole pipeline; it reads nothing from disk (the
caller passes the decoded text, or the bytes of a DOCX file)."""

from __future__ import annotations

from ..errors import InputError
from ..model import ClaimMap, Location
from .claims import link_claims
from .markers import find_markers
from .readers import format_for, read_docx, read_html, read_text_format
from .repair import repair
from .structure import analyse as analyse_structure
from .textmap import MappedText, Source

PAGED = ("text", "markdown", "pdf")  # formats whose paragraphs page breaks may have cut

__all__ = ["analyse", "format_for", "read", "repaired_text", "repaired_blocks", "find_markers"]


def read(content: str | bytes, name: str, fmt: str) -> tuple[Source, MappedText]:
    """The text locations refer to, and the reading to repair."""
    if fmt == "docx":
        if not isinstance(content, bytes):
            raise InputError("a DOCX manuscript must be given as bytes", Location(name))
        text, reading = read_docx(content, name)
        return Source(text, name), reading
    if isinstance(content, bytes):
        raise InputError("text manuscripts must be decoded first", Location(name))
    if fmt == "html":
        return Source(content, name), read_html(content, name)
    return Source(content, name), read_text_format(content, fmt)


def repaired_text(content: str | bytes, name: str, fmt: str) -> str:
    """The repaired manuscript as plain text, one block per paragraph."""
    _, reading = read(content, name, fmt)
    return "\n\n".join(b.text.text for b in repair(reading, fmt in PAGED))


def repaired_blocks(content: str | bytes, name: str, fmt: str) -> list[tuple[str, str]]:
    """(kind, repaired text) of each block: "heading", "keywords" or "text"."""
    _, reading = read(content, name, fmt)
    return [(b.kind, b.text.text) for b in repair(reading, fmt in PAGED)]


def analyse(
    content: str | bytes,
    name: str,
    fmt: str,
    keys: list[str] | None = None,
    bibliography: str | None = None,
    encoding: str = "utf-8",
) -> ClaimMap:
    source, reading = read(content, name, fmt)
    blocks = repair(reading, fmt in PAGED)
    if not any(b.text.text.strip() for b in blocks):
        raise InputError("the manuscript has no text", Location(name))
    structure = analyse_structure(blocks)
    claims, markers, uncited, findings = link_claims(structure, source, keys)
    sections = tuple(
        (title, kind, source.line_col(blocks[i].text.base(0))[0]) for title, kind, i in structure.sections
    )
    return ClaimMap(
        manuscript=name,
        bibliography=bibliography,
        format=fmt,
        encoding=encoding,
        line_count=source.line_count,
        claims=tuple(claims),
        markers=tuple(markers),
        uncited=tuple(uncited),
        findings=tuple(findings),
        sections=sections,
        metadata=structure.metadata,
    )
