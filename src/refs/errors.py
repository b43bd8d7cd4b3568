"""One exception hierarchy. Every error can carry a Location; the CLI prints it as
``FILE:LINE:COL: error: message`` and exits with the error's ``exit_code``."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Finding, Location, Severity, show_context


class RefsError(Exception):
    """Base of every error refs raises on purpose (bad input or misuse, not bugs)."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None, context: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.context = context

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{where}error: {self.message}"
        if self.context is not None:
            text += show_context(self.context, self.location.col if self.location else None)
        return text


class UsageError(RefsError):
    """The command line or the configuration asks for something refs cannot do."""


class InputError(RefsError):
    """A file is missing, unreadable, binary, empty or not in the expected format."""


class EncodingError(InputError):
    """A file's bytes cannot be decoded as text."""


class ConfigError(InputError):
    """refs.toml or [tool.refs] is malformed or names an unknown setting."""


class OutputError(RefsError):
    """An output cannot be written where it was asked to go."""


class ParseError(InputError):
    """A file has error-level findings; they are all carried, not just the first."""

    def __init__(self, findings: Iterable[Finding], source: str | None = None):
        self.findings = [f for f in findings if f.severity is Severity.ERROR]
        first = self.findings[0] if self.findings else None
        super().__init__(
            first.message if first else "cannot parse input",
            first.location if first else Location(source),
            first.context if first else None,
        )

    def __str__(self) -> str:
        return "\n".join(str(f) for f in self.findings) or super().__str__()
