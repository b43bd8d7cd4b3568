"""``refs export``: the library in a format Zotero (or another manager) imports, with the
manuscript's claims as notes and tags, and the manuscript's own printed list as a bibliography."""

from __future__ import annotations

import html
from pathlib import Path

from . import printedlist
from .claimreport import claim_notes
from .errors import UsageError
from .formats import bibtex, csljson, ris, zotero_rdf
from .model import ClaimMap, Library, Reference
from .render import richtext

__all__ = ["EXPORT_FORMATS", "export", "export_printed_list", "printed_list"]

EXPORT_FORMATS = ("bibtex", "biblatex", "ris", "csljson", "zotero-rdf")


def export(library: Library, to: str, cm: ClaimMap | None = None, work: Reference | None = None,
           utf8: bool = True, sources: Path | None = None) -> str:
    """The library in a format Zotero imports, with the manuscript's claims when given."""
    if to not in EXPORT_FORMATS:
        raise UsageError(f'unknown export format "{to}" (known: {", ".join(EXPORT_FORMATS)})')
    notes: dict[str, list[str]] = {}
    tags: dict[str, list[str]] = {}
    if cm is not None:
        notes, tags, _ = claim_notes(cm, library, work.key if work else None, sources=sources)
    if to in ("bibtex", "biblatex"):
        return bibtex.export(library, to, utf8, notes, tags)
    if to == "ris":  # Zotero reads an RIS note as HTML
        html_notes = {k: ["<p>" + html.escape(n, quote=False) + "</p>" for n in v] for k, v in notes.items()}
        return ris.dump(library, html_notes, tags)
    if to == "csljson":
        return csljson.export(library, notes, tags)
    collection = None
    if cm is not None:
        title = (work.get("title") if work else None) or Path(cm.manuscript).name
        collection = richtext.strip(richtext.from_csl_markup(str(title)))
    return zotero_rdf.dump(library, notes, tags, collection=collection, work=work)


def printed_list(manuscript_path: Path, encoding: str | None = None, fmt: str | None = None) -> printedlist.PrintedList:
    """The manuscript's own printed reference list, read into a library (``printedlist.py``)."""
    return printedlist.read_printed_list(manuscript_path, encoding, fmt)


def export_printed_list(printed: printedlist.PrintedList, fmt: str) -> str:
    return printedlist.export(printed, fmt)
