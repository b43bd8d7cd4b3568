"""Importing RIS, CSL-JSON, BibTeX and Zotero RDF into a .bib: reading the file, finding the
works the .bib already holds, and writing the merged text back in the .bib's own encoding.

``merge_into`` changes nothing the user wrote: new works are appended, fields a work already
in the .bib lacks are inserted into its entry, and every entry of the imported file is kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import formats
from .caches import Caches
from .errors import EncodingError, InputError, ParseError
from .formats import bibtex
from .formats.base import Parsed
from .io import (
    check_output_path,
    decode_bytes,
    display_path,
    encode_text,
    read_bytes,
    read_text,
    write_bytes_atomic,
)
from .loading import load_library
from .model import Finding, Library, Location, Reference, safe_key

__all__ = ["IMPORT_FORMATS", "ImportResult", "import_bytes", "import_diff", "import_file", "merge_into", "read_import",
           "write_import"]


#: The formats ``refs import`` reads: the registry's (``formats.readable_names()``), kept under
#: this name for the callers that import it from here.
IMPORT_FORMATS = formats.readable_names()


@dataclass
class ImportResult:
    text: str  # the new .bib (the old one with additions), or the imported entries alone
    added: list[str] = field(default_factory=list)
    merged: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (ours, theirs, fields)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (theirs, ours)
    # (theirs, ours, fields) whose values differ from ours: ours kept, theirs not taken
    differing: list[tuple[str, str, list[str]]] = field(default_factory=list)
    # (added key, earlier added key): two entries of the imported file that look like one work;
    # both are added, as the file has both
    twins: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (key in the file, key added)
    findings: list[Finding] = field(default_factory=list)  # what reading the imported file said
    encoding: str = "utf-8"  # the encoding of the .bib it goes into, in which it is written back


def read_import(path: Path, fmt: str | None = None, encoding: str | None = None) -> Parsed:
    """A file to import, by its suffix or ``fmt`` (``formats.readable_names()``); its warnings
    are in ``findings``, an error raises ``ParseError``."""
    shown = display_path(path)
    chosen = formats.reader(shown, fmt)
    text = read_text(shown, encoding).text
    if not text.strip():
        raise InputError("the file is empty", Location(shown))
    parsed: Parsed = chosen.load().parse(text, shown)
    if parsed.errors:
        raise ParseError(parsed.findings, shown)
    return parsed


def _incoming(library: Library) -> list[Reference]:
    """Every entry of an imported file, those under a repeated key too, in file order."""
    both = list(library.references) + list(library.repeated)
    return sorted(both, key=lambda r: (r.span or (0, 0))[0]) if library.repeated else both


def _fold(value: str) -> str:
    return " ".join(value.replace("{", "").replace("}", "").split()).casefold()


_FIELD_LINE = re.compile(r"^([ \t]*)([A-Za-z][\w:.+-]*)([ \t]*)=", re.M)


def _layout(entry: str) -> tuple[str, int]:
    """How an entry lays out its fields: their indent, and the width names are padded to when
    the entry lines up its "=" signs (0 when it does not), so that fields added to it look like
    the ones the user wrote."""
    lines = _FIELD_LINE.findall(entry.split("\n", 1)[1] if "\n" in entry else "")
    if not lines:
        return "  ", 0
    indent = lines[0][0] or "  "
    ends = {len(name) + len(gap) for _, name, gap in lines}
    aligned = len(lines) > 1 and len(ends) == 1 and any(len(gap) > 1 for _, _, gap in lines)
    return indent, (ends.pop() - 1 if aligned else 0)


def merge_into(target_text: str, target: Library, incoming: Library) -> ImportResult:
    """Add ``incoming`` to a .bib without touching what is there: new works are appended,
    fields a duplicate adds are inserted into the existing entry, nothing else changes.

    Only entries already in the .bib are merged into. Two entries of the imported file that
    look like one work are both added (the file has both; merging them is the user's call), and
    an entry whose key is taken, in the .bib or earlier in the imported file, gets ``key-2``."""
    merger = _Merger(target)
    for ref in _incoming(incoming):
        same = merger.same_work(ref)
        if same is not None:
            merger.merge(ref, same)
        else:
            merger.add(ref)
    newline = "\r\n" if target_text.count("\r\n") * 2 > target_text.count("\n") else "\n"  # the file's own line ends
    text = merger.insert_fields(target_text, newline)
    if merger.additions:
        text = merger.append_additions(text, newline, incoming)
    merger.result.text = text
    return merger.result


class _Merger:
    """What an import does to a .bib, one imported entry at a time: fields a work already there
    lacks are noted for insertion into its entry, a new work is added under a key of its own."""

    def __init__(self, target: Library):
        from .verify.identifiers import work_keys

        self.work_keys = work_keys
        self.target = target
        self.index: dict[tuple[str, str], Reference] = {}
        for ref in target:
            for k in work_keys(ref):
                self.index.setdefault(k, ref)
        self.result = ImportResult("")
        self.insertions: dict[str, list[tuple[str, str]]] = {}
        self.inserted: dict[str, dict[str, str]] = {}  # target key -> variable or field inserted -> its value
        self.added_index: dict[tuple[str, str], str] = {}
        self.additions: list[Reference] = []
        self.taken = {k.lower() for k in target.keys()}

    def same_work(self, ref: Reference) -> Reference | None:
        """The entry of the .bib that is the same work, if one is."""
        return next((self.index[k] for k in self.work_keys(ref) if k in self.index), None)

    def merge(self, ref: Reference, same: Reference) -> None:
        """The fields ``ref`` has and ``same`` lacks, to insert into ``same``'s entry; the fields
        whose values differ from ``same``'s are said (``same``'s are kept)."""
        taken_vars = self.inserted.setdefault(same.key, {})
        have = {n.lower() for n, _ in same.extra} | {n.lower() for n, _ in same.source_fields}
        new_vars = [v for v in ref.fields if v not in same.fields and v not in taken_vars]
        new_extra = [(n, raw) for n, raw in ref.extra if n.lower() not in have and n.lower() not in taken_vars]
        differ = self._differing(ref, same, new_vars, taken_vars)
        if new_vars or new_extra:
            partial = Reference(same.key, same.type, {v: ref.fields[v] for v in new_vars}, same.entry_type,
                                tuple(new_extra))
            written = bibtex.entry_fields(partial)
            self.insertions.setdefault(same.key, []).extend(written)
            for var in new_vars:
                one = bibtex.entry_fields(Reference(same.key, same.type, {var: ref.fields[var]}, same.entry_type))
                taken_vars[var] = one[0][1] if one else ""
            taken_vars.update((n.lower(), raw) for n, raw in new_extra)
            self.result.merged.append((same.key, ref.key, [n for n, _ in written]))
        else:
            self.result.skipped.append((ref.key, same.key))
        if differ:
            self.result.differing.append((ref.key, same.key, differ))

    @staticmethod
    def _differing(ref: Reference, same: Reference, new_vars: list[str], taken_vars: dict[str, str]) -> list[str]:
        """The fields of ``ref`` whose values, as a .bib writes them, differ from ``same``'s (or
        from what an earlier imported entry already inserted into it)."""
        differ: list[str] = []
        for var in ref.fields:
            if var in new_vars:
                continue
            theirs = bibtex.entry_fields(Reference(ref.key, ref.type, {var: ref.fields[var]}, ref.entry_type))
            ours = taken_vars.get(var)
            if ours is None:
                ours = bibtex.entry_fields(Reference(same.key, same.type, {var: same.fields[var]},
                                                     same.entry_type))[0][1]
            if theirs and _fold(theirs[0][1]) != _fold(ours):
                differ.append(theirs[0][0])
        return differ

    def add(self, ref: Reference) -> None:
        """``ref`` added as a new work, under a key no entry has yet (``key-2``); an earlier
        added entry that looks like the same work is said (both are added)."""
        base = safe_key(ref.key)  # "x}\input{…}" cannot be a BibTeX key: its unsafe characters become "_"
        key = base
        n = 2
        while key.lower() in self.taken:
            key = f"{base}-{n}"
            n += 1
        self.taken.add(key.lower())
        if key != ref.key:
            self.result.renamed.append((ref.key, key))
        twin = next((self.added_index[k] for k in self.work_keys(ref) if k in self.added_index), None)
        if twin is not None:
            self.result.twins.append((key, twin))
        self.additions.append(replace(ref, key=key))
        self.result.added.append(key)
        for k in self.work_keys(ref):
            self.added_index.setdefault(k, key)

    def insert_fields(self, text: str, newline: str) -> str:
        """The .bib's text with the fields to insert into its entries, each laid out as the entry
        lays out its own (from the last entry up, so that the offsets of the others hold)."""
        for ref in sorted(self.target, key=lambda r: (r.span or (0, 0))[0], reverse=True):
            if ref.key not in self.insertions or ref.span is None:
                continue
            start, end = ref.span
            close = text.rfind("}", start, end) if text[end - 1 : end] == "}" else end - 1
            body = text[start:close].rstrip()
            indent, column = _layout(text[start:close])
            lines = "".join(f",{newline}{indent}{name.ljust(column)} = {value}"
                            for name, value in self.insertions[ref.key])
            trailing = "," if body.endswith(",") else ""  # the entry's own habit of a comma after its last field
            text = text[:start] + body.rstrip(",") + lines + trailing + newline + text[close:]
        return text

    def append_additions(self, text: str, newline: str, incoming: Library) -> str:
        """The new works at the end of the .bib, with the imported file's @string macros and
        @preamble the .bib lacks (a macro it defines otherwise is said, and not taken)."""
        defined = {name.lower(): raw for name, raw in self.target.strings}
        strings = []
        for name, raw in incoming.strings:
            if name.lower() not in defined:
                strings.append((name, raw))
                defined[name.lower()] = raw
            elif _fold(defined[name.lower()]) != _fold(raw):
                self.result.differing.append((f"@string {name}", f"@string {name}", ["its value"]))
        preamble = tuple(p for p in incoming.preamble if p not in self.target.preamble)
        added = bibtex.dump(Library(tuple(self.additions), None, tuple(strings), preamble))
        return text.rstrip("\r\n") + newline * 2 + added.replace("\n", newline)


def import_bytes(result: ImportResult, into: Path) -> bytes:
    """The merged .bib in the encoding the old one had; an error naming the entry when a
    character of what is added cannot be written in it."""
    import re

    try:
        return encode_text(result.text, result.encoding)
    except UnicodeEncodeError as error:
        heads = re.findall(r"@\w+\s*[{(]\s*([^,\s]*)", result.text[: error.start])
        inside = f' of entry "{heads[-1]}"' if heads else ""
        raise EncodingError(f'"{result.text[error.start]}"{inside} cannot be written in {result.encoding}, the '
                            "encoding of this file: nothing was written (convert the file to UTF-8 first)",
                            Location(display_path(into))) from None


def import_file(path: Path, into: Path | None = None, fmt: str | None = None,
                encoding: str | None = None, bib_encoding: str | None = None,
                caches: Caches | None = None) -> ImportResult:
    """``path`` read and merged into the .bib ``into`` (or into nothing: the works as BibLaTeX).
    ``encoding``: the imported file's; ``bib_encoding``: the .bib's it goes into; ``caches``:
    the run's (the .bib is read through its parse cache)."""
    parsed = read_import(path, fmt, encoding)
    if into is None or not into.exists():
        result = merge_into("", Library(), parsed.library)
        result.text = result.text.lstrip("\n")
    else:
        read = read_text(display_path(into), bib_encoding)
        target = load_library(into, bib_encoding, caches=caches).library
        result = merge_into(read.text, target, parsed.library)
        result.encoding = read.encoding
    result.findings = list(parsed.findings)
    return result


def _old_bytes(into: Path) -> bytes:
    return read_bytes(into) if into.exists() else b""


def import_diff(result: ImportResult, into: Path, bib_encoding: str | None = None) -> str:
    """What an import would change in ``into``, as a unified diff (``--dry-run``)."""
    import difflib

    old_bytes = _old_bytes(into)
    old = decode_bytes(old_bytes, str(into), bib_encoding).text if old_bytes else ""
    return "".join(difflib.unified_diff(old.splitlines(True), result.text.splitlines(True), str(into),
                                        f"{into} (after import)"))


def write_import(new_bytes: bytes, into: Path, inputs: list[Path]) -> Path | None:
    """Write the merged .bib over ``into``, the old one kept as ``into.bak``; both paths are
    checked before anything is written. None when there is nothing to change (nothing is
    written); else the .bak written, or ``into`` itself when it is new."""
    old_bytes = _old_bytes(into)
    target = check_output_path(into, Path.cwd(), inputs, explicit=True, follow_links=True)
    if new_bytes == old_bytes:
        return None
    backup = into.with_name(into.name + ".bak")
    if old_bytes:
        backup = check_output_path(backup, Path.cwd(), [*inputs, into], explicit=True)
        write_bytes_atomic(backup, old_bytes)
    write_bytes_atomic(target, new_bytes)
    return backup if old_bytes else into
