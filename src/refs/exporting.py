"""``refs export``: the library in a format Zotero (or another manager) imports, with the
manuscript's claims as notes and tags, and the manuscript's own printed list as a bibliography."""

from __future__ import annotations

from pathlib import Path

from . import formats, printedlist
from .caches import Caches
from .claimreport import claim_notes
from .model import ClaimMap, Library, Reference
from .render import richtext

__all__ = ["EXPORT_FORMATS", "export", "export_printed_list", "printed_list"]

EXPORT_FORMATS = formats.writable_names()


def export(library: Library, to: str, cm: ClaimMap | None = None, work: Reference | None = None,
           utf8: bool = True, sources: Path | None = None, caches: Caches | None = None) -> str:
    """The library in a format Zotero imports (``formats.export``), with the manuscript's claims,
    when given, as one note per claim on each source it cites and tags for the verdicts."""
    formats.writer(to)  # an unknown target is refused before any claim is judged
    notes: dict[str, list[str]] = {}
    tags: dict[str, list[str]] = {}
    collection = None
    if cm is not None:
        notes, tags, _ = claim_notes(cm, library, work.key if work else None, sources=sources, caches=caches)
        title = (work.get("title") if work else None) or Path(cm.manuscript).name
        collection = richtext.strip(richtext.from_csl_markup(str(title)))
    return formats.export(library, to, notes, tags, utf8=utf8, collection=collection, work=work)


def printed_list(manuscript_path: Path, encoding: str | None = None, fmt: str | None = None) -> printedlist.PrintedList:
    """The manuscript's own printed reference list, read into a library (``printedlist.py``)."""
    return printedlist.read_printed_list(manuscript_path, encoding, fmt)


def export_printed_list(printed: printedlist.PrintedList, fmt: str) -> str:
    return printedlist.export(printed, fmt)
