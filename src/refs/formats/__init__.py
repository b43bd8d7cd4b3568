"""Bibliography formats: each module has ``parse(text, source) -> Parsed``, a writer, and
``losses(ref, to)``: what the format cannot carry for a reference. The registry, ``FORMATS``, is
the one list of them: names, aliases, suffixes, and what each is for (a bibliography refs works
from, a file ``refs import`` reads, the targets ``refs export`` writes)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import ModuleType

from ..errors import UsageError
from ..model import Finding, Library, Reference, Severity

__all__ = ["Format", "FORMATS", "by_name", "by_suffix", "for_path", "readable_names", "writable_names",
           "library_names", "reader", "writer", "export", "export_losses"]


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    title: str  # as messages name it
    suffixes: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    library: bool = False  # a bibliography refs works from (check, build, bib) may be kept in it
    imports: bool = False  # ``refs import`` reads it
    exports: tuple[str, ...] = ()  # the ``refs export`` targets that write it (BibTeX: two dialects)

    def load(self) -> ModuleType:
        return import_module(f"{__name__}.{self.module}")


FORMATS = (
    Format("bibtex", "bibtex", "BibTeX", (".bib", ".bibtex"), ("biblatex", "bib"), library=True, imports=True,
           exports=("bibtex", "biblatex")),
    Format("csljson", "csljson", "CSL-JSON", (".json", ".csl.json", ".csljson"), ("csl-json", "json"), library=True,
           imports=True, exports=("csljson",)),
    Format("ris", "ris", "RIS", (".ris",), imports=True, exports=("ris",)),
    Format("zotero-rdf", "zotero_rdf", "Zotero RDF", (".rdf",), ("rdf", "zotero"), imports=True,
           exports=("zotero-rdf",)),
)


def by_name(name: str) -> Format:
    """The format a name or alias names (``biblatex`` is BibTeX)."""
    lname = name.lower()
    for fmt in FORMATS:
        if lname == fmt.name or lname in fmt.aliases:
            return fmt
    raise UsageError(f'unknown bibliography format "{name}" (known: {", ".join(f.name for f in FORMATS)})')


def for_path(path: str | Path) -> Format | None:
    """The format a file's suffix names, any format (None: a suffix no format has)."""
    lpath = str(path).lower()
    return next((fmt for fmt in FORMATS if any(lpath.endswith(s) for s in fmt.suffixes)), None)


def by_suffix(path: str | Path) -> Format | None:
    """The format a bibliography refs works from is read as, by its suffix: BibTeX or CSL-JSON
    (None for another suffix: the caller reads it as BibTeX; a .ris is imported, not worked from)."""
    fmt = for_path(path)
    return fmt if fmt is not None and fmt.library else None


def readable_names() -> tuple[str, ...]:
    """The formats ``refs import`` reads (its ``--from`` choices)."""
    return tuple(fmt.name for fmt in FORMATS if fmt.imports)


def writable_names() -> tuple[str, ...]:
    """The targets ``refs export`` writes (its ``--to`` choices)."""
    return tuple(to for fmt in FORMATS for to in fmt.exports)


def library_names() -> tuple[str, ...]:
    """The formats a bibliography refs works from may be kept in."""
    return tuple(fmt.name for fmt in FORMATS if fmt.library)


def reader(path: str | Path, name: str | None = None) -> Format:
    """The format to import ``path`` as: ``name`` when given, else the file's suffix's."""
    fmt = by_name(name) if name else for_path(path)
    if fmt is None or not fmt.imports:
        raise UsageError(f'cannot tell the format of "{path}"; give --from (known: {", ".join(readable_names())})')
    return fmt


def writer(to: str) -> Format:
    """The format that writes the export target ``to`` (``writable_names()``)."""
    fmt = next((f for f in FORMATS if to in f.exports), None)
    if fmt is None:
        raise UsageError(f'unknown export format "{to}" (known: {", ".join(writable_names())})')
    return fmt


def export(library: Library, to: str, notes: dict[str, list[str]] | None = None,
           tags: dict[str, list[str]] | None = None, *, utf8: bool = True, collection: str | None = None,
           work: Reference | None = None) -> str:
    """The library written as the export target ``to``, for Zotero: each entry's fields from the
    entry its crossref names filled in (no target but BibTeX has crossrefs), ``notes`` (plain text)
    as child notes and ``tags`` as tags, per key. ``utf8=False``: BibTeX with accented letters as
    LaTeX commands; ``collection`` and ``work``: Zotero RDF's collection and the citing work."""
    fmt = writer(to)
    module = fmt.load()
    notes = notes or {}
    tags = tags or {}
    resolved = library.with_crossrefs()
    if fmt.name == "bibtex":
        return str(module.export(resolved, to, utf8, notes, tags))
    if fmt.name == "ris":  # Zotero reads an RIS note as HTML
        from .base import note_html

        return str(module.dump(resolved, {k: [note_html(n) for n in v] for k, v in notes.items()}, tags))
    if fmt.name == "csljson":
        return str(module.export(resolved, notes, tags))
    return str(module.dump(resolved, notes, tags, collection=collection, work=work))


def export_losses(library: Iterable[Reference], to: str) -> list[Finding]:
    """What the export target cannot carry, one warning per entry that loses something (each
    variable or field with the reason), so that an export never drops or changes a value
    without saying so. The entries are taken as the export writes them (crossrefs filled in)."""
    fmt = writer(to)
    module = fmt.load()
    refs = library if isinstance(library, Library) else Library(tuple(library))
    out: list[Finding] = []
    for ref in refs.with_crossrefs():
        lost = module.losses(ref, to)
        if lost:
            what = "; ".join(f"{_shown(name)} ({why})" for name, why in lost.items())
            out.append(Finding(Severity.WARNING, "export-loss",
                               f'"{ref.key}" ({ref.type}): {fmt.title} cannot carry its {what}',
                               ref.location, references=(ref.key,)))
    return out


def _shown(name: str) -> str:
    """A loss's name as a message says it: a variable, "type", or "field NAME" for a .bib field."""
    return f"field {name.split(':', 1)[1]}" if name.startswith("field:") else name
