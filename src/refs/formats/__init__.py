"""Bibliography formats: each module has ``parse(text, source) -> Parsed`` and
``dump(Library) -> str``. The registry finds them by name, alias or file suffix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType

from ..errors import UsageError
from ..model import Finding, Reference, Severity


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    suffixes: tuple[str, ...]
    aliases: tuple[str, ...] = ()

    def load(self) -> ModuleType:
        return import_module(f"{__name__}.{self.module}")


FORMATS = (
    Format("bibtex", "bibtex", (".bib", ".bibtex"), ("biblatex", "bib")),
    Format("csljson", "csljson", (".json", ".csl.json", ".csljson"), ("csl-json", "json")),
)


def by_name(name: str) -> Format:
    lname = name.lower()
    for fmt in FORMATS:
        if lname == fmt.name or lname in fmt.aliases:
            return fmt
    known = ", ".join(f.name for f in FORMATS)
    raise UsageError(f'unknown bibliography format "{name}" (known: {known})')


def by_suffix(path: str) -> Format | None:
    lpath = path.lower()
    for fmt in FORMATS:
        if any(lpath.endswith(s) for s in fmt.suffixes):
            return fmt
    return None




def export_losses(library: Iterable[Reference], to: str) -> list[Finding]:
    """What the target format cannot carry, one warning per entry that loses something, so that
    an export never drops a value without saying so (RIS so far: its tags by item type)."""
    from .ris import losses

    out: list[Finding] = []
    if to != "ris":
        return out
    for ref in library:
        lost = losses(ref)
        if lost:
            out.append(Finding(Severity.WARNING, "export-loss",
                               f'"{ref.key}" ({ref.type}): RIS has no tag for its {", ".join(lost)} in this type; '
                               "not written", ref.location))
    return out
