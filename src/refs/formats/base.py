"""What every format's ``parse`` returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Finding, Library, Severity


@dataclass
class Parsed:
    """A library and the findings made while reading it (never raised)."""

    library: Library
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]
