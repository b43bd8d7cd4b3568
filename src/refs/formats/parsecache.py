"""Parsed libraries kept between runs, as JSON: a format that holds data and cannot run code.

A cached parse is read back only into the model's own classes, named in ``_CLASSES``; anything
else in the file (another class name, a damaged or truncated file, a file from another version)
is a miss, and the text is parsed again. Nothing in a cache file is ever executed or imported."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from ..dates import Date
from ..io import write_atomic
from ..model import Finding, Library, Location, Name, Reference, Severity
from .base import Parsed

__all__ = ["dumps", "loads", "cached"]

_CLASSES: dict[str, type] = {c.__name__: c for c in (Date, Finding, Library, Location, Name, Reference, Parsed)}
_ENUMS: dict[str, type[Enum]] = {"Severity": Severity}
FORMAT = "refs-parsed-library/1"


class _Unreadable(ValueError):
    """A cache file that does not hold what refs writes."""


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return {"@enum": type(value).__name__, "value": value.value}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if name not in _CLASSES:
            raise TypeError(f"{name} is not kept in the parse cache")
        return {"@": name, **{f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, tuple):
        return {"@tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, Mapping):
        return {"@map": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"{type(value).__name__} is not kept in the parse cache")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        raise _Unreadable(type(value).__name__)
    if "@tuple" in value:
        return tuple(_decode(v) for v in value["@tuple"])
    if "@map" in value:
        return {_decode(k): _decode(v) for k, v in value["@map"]}
    if "@enum" in value:
        enum = _ENUMS.get(value["@enum"])
        if enum is None:
            raise _Unreadable(f"unknown enumeration {value['@enum']!r}")
        return enum(value["value"])
    cls = _CLASSES.get(value.get("@", ""))
    if cls is None:
        raise _Unreadable(f"unknown class {value.get('@')!r}")
    names = {f.name for f in dataclasses.fields(cls)}
    args = {k: _decode(v) for k, v in value.items() if k != "@"}
    if not set(args) <= names:
        raise _Unreadable(f"{cls.__name__} has no field {sorted(set(args) - names)[0]!r}")
    return cls(**args)


def dumps(parsed: Parsed) -> str:
    return json.dumps({"format": FORMAT, "parsed": _encode(parsed)}, ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Parsed:
    """The parse kept in ``text``; ValueError when it is not one refs wrote."""
    try:
        data = json.loads(text)
    except RecursionError as error:
        raise _Unreadable("nested too deeply") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Unreadable("not a refs parse cache file")
    try:
        parsed = _decode(data.get("parsed"))
    except (TypeError, RecursionError) as error:
        raise _Unreadable(str(error)) from error
    if not isinstance(parsed, Parsed):
        raise _Unreadable("not a parsed library")
    return parsed


def cached(folder: Path, digest: str, parse: Callable[[], Parsed]) -> Parsed:
    """The parse under ``digest`` in ``folder`` or, when it is missing or unreadable, ``parse()``,
    kept for the next run (a cache that cannot be written is no error: the parse is returned)."""
    path = folder / f"{digest}.json"
    try:
        return loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        pass
    parsed = parse()
    try:
        text = dumps(parsed)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
    except (OSError, TypeError, ValueError, RecursionError):
        pass
    return parsed
