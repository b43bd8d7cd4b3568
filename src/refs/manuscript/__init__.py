"""Manuscripts: read, repair, find structure, markers, claims and their dates.

``analyse(text, name, fmt, keys)`` is the whole pipeline; it reads nothing from disk (the
caller passes the decoded text, or the bytes of a DOCX file)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import InputError
from ..model import ClaimMap, Finding, Location, Marker, Severity
from ..wording import lines
from .claims import link_claims
from .markers import find_markers
from .readers import BINARY, format_for, read_docx, read_html, read_text_format
from .reflist import PrintedEntry
from .repair import repair
from .structure import analyse as analyse_structure
from .structure import skipped
from .superscripts import find_superscripts
from .textmap import MappedText, Source

PAGED = ("text", "markdown", "pdf")  # formats whose paragraphs page breaks may have cut

__all__ = ["BINARY", "analyse", "format_for", "read", "repaired_text", "repaired_blocks", "find_markers",
           "reference_list", "PrintedEntry"]


def read(content: str | bytes, name: str, fmt: str, floats: dict[int, str] | None = None) -> tuple[Source, MappedText]:
    """The text locations refer to, and the reading to repair. ``floats`` receives where a PDF's
    captions, footnotes and tables start (source offsets) and which they are."""
    if fmt in BINARY:
        if not isinstance(content, bytes):
            raise InputError(f"a {fmt.upper()} manuscript must be given as bytes", Location(name))
        if fmt == "pdf":
            from .pdf import read_pdf  # pdfminer is loaded only for PDFs

            text, reading = read_pdf(content, name, floats)
        else:
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
    return "\n\n".join(b.text.text for b in repair(reading, fmt in PAGED, widths=fmt == "text"))


def repaired_blocks(content: str | bytes, name: str, fmt: str) -> list[tuple[str, str]]:
    """(kind, repaired text) of each block: "heading", "keywords" or "text"."""
    _, reading = read(content, name, fmt)
    return [(b.kind, b.text.text) for b in repair(reading, fmt in PAGED, widths=fmt == "text")]


# the links publishers print under each entry (F1000, BMC): page furniture, not the reference
_LINK_LABELS = re.compile(
    r"\s*(?:\b(?:PubMed Abstract|Publisher Full Text|Free Full Text|PubMed Central Full Text|Reference Source|"
    r"Google Scholar|View Article|PubMed/NCBI|CrossRef)\b\s*\|?\s*)+(?=$|\s)")


def reference_list(content: str | bytes, name: str, fmt: str) -> list[PrintedEntry]:
    """The manuscript's own printed reference list, entry by entry, in its order."""
    from .reflist import LABEL, label_number

    if fmt == "html" and isinstance(content, str):
        from .readers import html_reference_items

        items = html_reference_items(content)
        if items:
            return [PrintedEntry(n, None, text, a, b, name) for n, (text, a, b) in enumerate(items, start=1)]
    source, reading = read(content, name, fmt)
    out: list[PrintedEntry] = []
    where: dict[tuple[int, int], int] = {}  # an entry's (list, number) -> its place in out
    for b in repair(reading, fmt in PAGED, widths=fmt == "text"):
        if b.kind != "reference":
            continue
        text = _LINK_LABELS.sub(" ", b.text.text).strip()
        m = LABEL.match(text)
        label = m.group(0).strip() if m else None
        body = text[m.end():].strip() if m else text
        if m is None and b.entry is not None and re.fullmatch(r"\d{1,4}", text):
            label, body = text, ""  # a label whose full stop was lost, on a line of its own
        first = source.line_col(b.text.base(0))[0]
        last = source.line_col(b.text.base(max(0, len(b.text.text) - 1)))[0]
        k = where.get(b.entry) if b.entry is not None else None
        if k is not None and (not out[k].text or not label or not body):  # the label and its text printed apart
            prev = out[k]
            out[k] = PrintedEntry(prev.number, prev.label or label, f"{prev.text} {body}".strip(),
                                  min(prev.first_line, first), max(prev.last_line, last), name)
            continue
        if b.entry is not None:
            where[b.entry] = len(out)
        out.append(PrintedEntry(len(out) + 1, label, body, first, last, name))
    labelled = sum(1 for e in out if e.label)
    if out and labelled * 5 >= len(out) * 4:
        # in a labelled list, a piece without a label is the rest of the entry before it (cut
        # by a page break, a running head or a column)
        merged: list[PrintedEntry] = []
        for e in out:
            if e.label is None and merged:
                prev = merged[-1]
                merged[-1] = PrintedEntry(prev.number, prev.label, f"{prev.text} {e.text}", prev.first_line,
                                          e.last_line, name)
            else:
                merged.append(PrintedEntry(len(merged) + 1, e.label, e.text, e.first_line, e.last_line, name))
        out = merged
        # the printed numbers give the order (a page's columns may come out of the reader in
        # another order): entries sorted by their label, numbered by it
        def printed(e: PrintedEntry) -> int:
            m = LABEL.match(e.label or "")
            if m is None and (e.label or "").isdigit():
                return int(e.label or "")
            return label_number(m) if m else 10**6

        out = [PrintedEntry(printed(e) if printed(e) < 10**6 else e.number, e.label, e.text, e.first_line,
                            e.last_line, name) for e in sorted(out, key=printed)]
    return out


def analyse(
    content: str | bytes,
    name: str,
    fmt: str,
    keys: list[str] | None = None,
    bibliography: str | None = None,
    encoding: str = "utf-8",
) -> ClaimMap:
    floats: dict[int, str] = {}
    source, reading = read(content, name, fmt, floats)
    garbled: list[tuple[int, int]] = []
    blocks = repair(reading, fmt in PAGED, garbled, widths=fmt == "text")
    if not any(b.text.text.strip() for b in blocks):
        raise InputError("the manuscript has no text", Location(name))
    structure = analyse_structure(blocks)
    raised = _raised_blocks(blocks, structure, keys)
    if raised:  # a document that cites with raised numbers: its structure knows where it cites
        structure = analyse_structure(blocks, raised)
    if floats:  # a PDF says which paragraphs are footnotes, captions and tables
        structure.paragraphs = [
            replace(p, role=floats.get(p.text.base(0), p.role)) for p in structure.paragraphs
        ]
    claims, markers, uncited, findings = link_claims(structure, source, keys)
    findings += _set_aside(structure, blocks, source, reading, garbled, markers)
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


# a part set aside is mentioned when it is this large: a share of the document, or this many lines
SET_ASIDE_SHARE = 0.2
SET_ASIDE_LINES = 150


def _raised_blocks(blocks, structure, keys: list[str] | None) -> set[int]:
    """The text blocks that hold raised citations, when the body has (almost) no bracketed ones."""
    seen = 0
    for role, i in structure.roles:
        if role == "body":
            seen += sum(1 for m in find_markers(blocks[i].text.text) if not m.problem)
            if seen >= 3:
                return set()  # a document that cites with brackets
    texts = [(i, b.text.text) for i, b in enumerate(blocks)
             if b.kind in ("text", "caption") and not any(r in ("references", "code", "contents") and k == i
                                                          for r, k in structure.roles)]
    found = find_superscripts([t for _, t in texts], len(keys) if keys else None)
    return {i for (i, _), markers in zip(texts, found, strict=True) if markers}
SET_ASIDE_MIN = 30


def _set_aside(structure, blocks, source: Source, reading: MappedText, garbled: list[tuple[int, int]],
               markers: list[Marker]) -> list[Finding]:
    """Say what the reader left out of the body, so that an empty claim map is never silent."""
    out: list[Finding] = []

    def line(offset: int) -> int:
        return source.line_col(reading.base(offset))[0]

    runs: list[list[int]] = []  # [first line, last line, lines]
    for start, end in garbled:
        a, b = line(start), line(max(start, end - 1))
        if runs and a - runs[-1][1] <= 10:
            runs[-1][1] = b
            runs[-1][2] += b - a + 1
        else:
            runs.append([a, b, b - a + 1])
    for a, b, n in runs:
        if n >= 5:
            out.append(Finding(Severity.INFO, "skipped-text",
                               f"{lines(a, b)} hold {n} lines of characters with no readable text (a PDF font "
                               "without a Unicode map?): left out", Location(source.name, a)))
    for what, first, last in skipped(structure, blocks):
        a = source.line_col(blocks[first].text.base(0))[0]
        b = source.line_col(blocks[last].text.base(max(0, len(blocks[last].text) - 1)))[0]
        if b - a + 1 >= max(SET_ASIDE_MIN, min(SET_ASIDE_LINES, SET_ASIDE_SHARE * source.line_count)):
            out.append(Finding(Severity.INFO, "skipped-text", f"{lines(a, b)} read as {what}: no claims taken from them",
                               Location(source.name, a)))
    if not markers:
        body = sum(len(p.text.text) for p in structure.paragraphs)
        out.append(Finding(Severity.WARNING, "no-citations",
                           f"no numbered citation found in the body ({len(structure.paragraphs)} paragraphs, "
                           f"{body} characters); refs reads [1]-style brackets, raised numbers and web pages' "
                           "note links, not author–year citations", Location(source.name)))
    return out
