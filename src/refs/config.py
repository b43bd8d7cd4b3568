"""Project settings: a manuscript, a bibliography, styles, locales and an output folder,
from ``refs.toml`` or ``[tool.refs]`` in ``pyproject.toml``. Parsing only; no file I/O."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import Location

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["Project", "parse_config", "KEYS", "TEMPLATE"]

#: Setting -> (type, what it is). Unknown settings are errors, never ignored.
KEYS: dict[str, tuple[type, str]] = {
    "manuscript": (str, "the manuscript whose citations refs reads (.txt, .md, .docx, .html)"),
    "bibliography": (str, "the reference list: BibTeX/BibLaTeX (.bib) or CSL-JSON (.json); entry n is [n]"),
    "work": (str, "a .bib file holding the manuscript's own entry, so refs can say which work cites which"),
    "styles": (list, "CSL styles by name or .csl path"),
    "locales": (list, "CSL locales (BCP 47 tags); the first is the default"),
    "output": (str, "the folder `refs build` writes into, inside the project folder"),
    "sources": (str, "the folder of source snapshots (`refs fetch`) that claims are judged against"),
    "encoding": (str, "the manuscript's encoding when detection guesses wrong"),
    "bib_encoding": (str, "the bibliography's encoding when detection guesses wrong"),
    "ignore": (list, "findings to ignore on purpose: [[ignore]] tables with code, and reference or line"),
    "tolerance_days": (int, "how far (days) a news source's date may be from its claim's date"),
    "read_outside": (list, "files and folders outside the project folder the settings may name (absolute "
                           "paths); without this, refs reads only inside the project folder"),
}
_IGNORE_KEYS = {"code", "reference", "line", "file", "reason"}


@dataclass(frozen=True)
class Project:
    root: Path
    bibliography: Path
    manuscript: Path | None = None
    work: Path | None = None
    styles: tuple[str, ...] = ("apa",)
    locales: tuple[str, ...] = ()
    output: Path = Path("out")
    sources: Path | None = None
    encoding: str | None = None
    bib_encoding: str | None = None
    ignore: tuple[dict[str, Any], ...] = ()
    tolerance_days: int = 7
    config_file: Path | None = None
    bundled: bool = False
    settings: dict[str, Any] = field(default_factory=dict, compare=False)
    read_outside: tuple[Path, ...] = ()  # paths outside the project folder the settings may name


def _check_ignore(value: Any, source: Path) -> None:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError('"ignore" must be a list of [[ignore]] tables', Location(str(source)))
    for rule in value:
        unknown = set(rule) - _IGNORE_KEYS
        if unknown or "code" not in rule or not ({"reference", "line"} & set(rule)):
            raise ConfigError(
                "each [[ignore]] needs a code and a reference or a line "
                f"(known keys: {', '.join(sorted(_IGNORE_KEYS))})", Location(str(source)))


def parse_config(text: str, source: Path, root: Path, table: str | None = None) -> Project | None:
    """Settings from TOML text. ``table`` is ``"tool.refs"`` for pyproject.toml; returns
    None when that table is absent. Relative paths are taken from ``source``'s folder."""
    data = _load_toml(text, source)
    if table:
        found = _find_table(data, table, source)
        if found is None:
            return None
        data = found
    _check_settings(data, source)
    return _project(data, source, root)


def _load_toml(text: str, source: Path) -> dict[str, Any]:
    """The TOML document; a ConfigError at the line and column of a syntax error."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        col = getattr(error, "colno", None)
        msg = getattr(error, "msg", str(error))
        where = re.search(r"\s*\(at line (\d+), column (\d+)\)", msg)
        if where:  # Python < 3.14 puts the position only into the message
            line, col = int(where.group(1)), int(where.group(2))
            msg = msg[: where.start()] + msg[where.end() :]
        raise ConfigError(f"not valid TOML: {msg}", Location(str(source), line, col)) from None


def _find_table(data: dict[str, Any], table: str, source: Path) -> dict[str, Any] | None:
    """The table at the dotted path ``table`` (``tool.refs``); None when it is absent."""
    node: object = data  # any TOML value, until it is found to be a table
    for part in table.split("."):
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return None
    if not isinstance(node, dict):
        raise ConfigError(f"[{table}] must be a table", Location(str(source)))
    return node


def _check_settings(data: dict[str, Any], source: Path) -> None:
    """Every setting known and of its type, and the bibliography given."""
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"unknown setting{'s' if len(unknown) > 1 else ''} {', '.join(repr(k) for k in unknown)} "
            f"(known: {', '.join(KEYS)})",
            Location(str(source)),
        )
    for key, value in data.items():
        kind = KEYS[key][0]
        if key == "ignore":
            _check_ignore(value, source)
            continue
        if not isinstance(value, kind) or isinstance(value, bool) or \
                (kind is list and isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            want = {list: "a list of strings", int: "a whole number"}.get(kind, "a string")
            raise ConfigError(f'setting "{key}" must be {want}', Location(str(source)))
    if "bibliography" not in data:
        raise ConfigError('setting "bibliography" is required', Location(str(source)))


def _project(data: dict[str, Any], source: Path, root: Path) -> Project:
    """The project the checked settings describe: paths taken from ``source``'s folder, but a
    relative output folder from the project's ``root``."""
    base = source.parent

    def path(key: str) -> Path | None:
        return (base / data[key]) if key in data else None

    output = Path(data.get("output", "out"))
    return Project(
        root=root,
        bibliography=base / data["bibliography"],
        manuscript=path("manuscript"),
        work=path("work"),
        styles=tuple(data.get("styles", ("apa",))),
        locales=tuple(data.get("locales", ())),
        output=output if output.is_absolute() else root / output,
        sources=path("sources"),
        encoding=data.get("encoding"),
        bib_encoding=data.get("bib_encoding"),
        ignore=tuple(data.get("ignore", ())),
        tolerance_days=data.get("tolerance_days", 7),
        config_file=source,
        settings=dict(data),
        read_outside=tuple(Path(p) for p in data.get("read_outside", ())),
    )


TEMPLATE = """\
# refs project settings (see the README for every command). Paths are relative to this file.

# The manuscript whose numbered citations [1]..[n] refs links to the bibliography.
# Plain text (as extracted from PDF), Markdown, DOCX or HTML.
manuscript = "{manuscript}"

# The reference list: BibTeX/BibLaTeX (.bib) or CSL-JSON (.json). Entry n is citation [n].
bibliography = "{bibliography}"

# Optional: a .bib file with the manuscript's own entry, so refs can say which work cites which.
# work = "article.bib"

# CSL styles for bibliographies and claim maps: names (`refs styles`) or paths to .csl files.
styles = ["apa", "ieee"]

# CSL locales as BCP 47 tags; the first one is the default. Empty: each style's own default.
locales = []

# Where `refs build` writes its outputs. It must lie inside this folder.
output = "out"

# Snapshots of the sources (`refs fetch --into sources`): each claim is judged against what its
# sources say. Without them claims are judged on the sources' titles alone (mostly unverifiable).
# sources = "sources"

# The manuscript's encoding, only when automatic detection guesses wrong (e.g. "cp1251").
# encoding = "utf-8"

# The bibliography's encoding, only when automatic detection guesses wrong (e.g. "gbk").
# bib_encoding = "utf-8"

# How many days a news source's date may lie after the event its claim reports.
# tolerance_days = 7

# Files outside this folder the settings above may name (absolute paths). Without this, refs
# reads only inside the project folder, so a project cannot make it read files elsewhere.
# read_outside = ["/home/me/library.bib"]

# Findings to ignore on purpose; `refs check` still reports them, marked as ignored.
# [[ignore]]
# code = "unused-reference"
# reference = "smith2020"
# reason = "cited in a figure caption"
"""
