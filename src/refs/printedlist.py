"""The manuscript's own printed reference list as a bibliography (``refs references``).

Each printed entry is read into a Reference (``formats/refstring.py``): entry n of the library
is reference [n] of the list, keyed the way refs keys works that bring no key (first author,
year, first title word). The printed text is kept whole in a ``raw`` field and each read field's
confidence in ``confidence``, so nothing of what the list says is lost whatever the reader got
wrong; the entry's place in the manuscript (file and line) is its location."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import formats, manuscript
from .formats import csljson
from .formats.base import make_key
from .formats.refstring import parse_reference
from .io import decode_bytes, display_path, read_bytes
from .manuscript import PrintedEntry
from .model import Finding, Library, Location, Reference, Severity

__all__ = ["PrintedList", "read_printed_list", "library_of", "export", "beside"]

#: Longer than this, an entry is kept as printed but not read field by field.
LONGEST_READ = 4000


@dataclass
class PrintedList:
    entries: list[PrintedEntry]
    library: Library
    findings: list[Finding] = field(default_factory=list)


def read_printed_list(path: Path, encoding: str | None = None, fmt: str | None = None,
                      shown: str | None = None) -> PrintedList:
    """The printed list of the manuscript at ``path``, read into a library."""
    name = shown or display_path(path)
    kind = fmt or manuscript.format_for(name)
    data = read_bytes(display_path(path))
    content = data if kind in manuscript.BINARY else decode_bytes(data, name, encoding).text
    entries = manuscript.reference_list(content, name, kind)
    return library_of(entries, name)


def library_of(entries: list[PrintedEntry], name: str | None) -> PrintedList:
    findings: list[Finding] = []
    refs: list[Reference] = []
    used: dict[str, int] = {}
    numbers = [e.number for e in entries]
    labelled = [e for e in entries if e.label]
    if labelled:
        seen: dict[int, PrintedEntry] = {}
        for e in labelled:
            if e.number in seen:
                findings.append(Finding(Severity.WARNING, "list-duplicate-number",
                                        f"reference {e.label} is printed twice (lines {seen[e.number].first_line} and "
                                        f"{e.first_line}); both are kept", Location(name, e.first_line)))
            seen.setdefault(e.number, e)
        expected = 1
        for n in sorted(set(numbers)):
            if n > expected:
                gap = f"{expected}" if n - expected == 1 else f"{expected}–{n - 1}"
                findings.append(Finding(Severity.WARNING, "list-gap",
                                        f"the printed list has no reference {gap} (it goes on at {n})",
                                        Location(name, seen[n].first_line if n in seen else None)))
            expected = n + 1
    for e in entries:
        text = re.sub(r"\s+", " ", e.text).strip()
        if len(text) > LONGEST_READ:
            findings.append(Finding(Severity.WARNING, "list-entry-long",
                                    f"reference {e.label or e.number} is {len(text):,} characters long: kept as "
                                    "printed, not read field by field", Location(name, e.first_line)))
            item = {"type": "document", "title": text[:200]}
            confidence: dict[str, float] = {}
        else:
            parsed = parse_reference(text)
            item = {"type": parsed.type, **parsed.fields}
            confidence = parsed.confidence
        ref = csljson.item_to_reference({"id": "x", **item}, name)
        key = make_key(ref.fields, f"ref{e.number}")
        if key in used:
            used[key] += 1
            key = f"{key}{chr(ord('a') + used[key] - 1)}" if used[key] <= 26 else f"{key}{used[key]}"
        else:
            used[key] = 1
        extra = list(ref.extra) + [("raw", text)]
        if confidence:
            extra.append(("confidence", ", ".join(f"{k} {v:.2f}" for k, v in confidence.items())))
        refs.append(Reference(key, ref.type, ref.fields, None, tuple(extra), location=Location(name, e.first_line)))
    return PrintedList(entries, Library(tuple(refs), name), findings)


def export(printed: PrintedList, fmt: str) -> str:
    """The list in an export format (``formats.writable_names()``): BibTeX and BibLaTeX keep the
    printed text and the confidence as fields of their own (``raw``, ``confidence``), the other
    formats as lines of the note."""
    if formats.writer(fmt).name == "bibtex":
        return formats.export(printed.library, fmt)
    noted = []
    for ref in printed.library:
        lines = [f"{k}: {v}" for k, v in ref.extra if k in ("raw", "confidence")]
        note = "\n".join(filter(None, [str(ref.get("note") or ""), *lines]))
        noted.append(ref.with_fields(fields={**ref.fields, "note": note}) if note else ref)
    return formats.export(Library(tuple(noted), printed.library.source), fmt)


def beside(ref: Reference, number: int, printed: Library | None) -> dict | None:
    """Reference [number] as the manuscript prints it, to show beside the .bib's entry ``ref``."""
    if printed is None or not 0 < number <= len(printed):
        return None
    from .verify.listmatch import same_work

    other = printed.references[number - 1]
    return {"number": number, "text": other.extra_field("raw") or "",
            "line": other.location.line if other.location else None, "same_work": same_work(ref, other)}
