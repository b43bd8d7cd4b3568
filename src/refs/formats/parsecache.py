"""Parsed libraries kept between runs, as JSON: a format that holds data and cannot run code.

A cached parse is read back only into the model's own classes, named in ``_CLASSES``; anything
else in the file (another class name, a damaged or truncated file, a file from another version)
is a miss, and the text is parsed again. Nothing in a cache file is ever executed or imported."""

from __future__ import annotations

import dataclasses
import gc
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
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
# each class's fields, in order: an object is kept as {"@": class, "v": [its values in this order]},
# and a file whose classes have other fields (another version of refs) is a miss
_FIELDS: dict[str, tuple[str, ...]] = {n: tuple(f.name for f in dataclasses.fields(c)) for n, c in _CLASSES.items()}
FORMAT = "refs-parsed-library/2"
_SCALARS = (str, int, float, bool)


class _Unreadable(ValueError):
    """A cache file that does not hold what refs writes."""


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):  # before the scalars: Severity is a str too
        return {"@e": type(value).__name__, "v": value.value}
    if isinstance(value, _SCALARS) or value is None:
        return value
    if isinstance(value, tuple):
        return {"@t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if name not in _CLASSES:
            raise TypeError(f"{name} is not kept in the parse cache")
        return {"@": name, "v": [_encode(getattr(value, f)) for f in _FIELDS[name]]}
    if isinstance(value, Mapping):
        return {"@m": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"{type(value).__name__} is not kept in the parse cache")


def _decode(value: dict[str, Any]) -> Any:
    """One JSON object back into what it keeps (called by the JSON reader from the innermost
    object out, so each value inside is already decoded)."""
    if "@t" in value:
        return tuple(value["@t"])
    if "@m" in value:
        return {k: v for k, v in value["@m"]}
    if "@e" in value:
        enum = _ENUMS.get(value["@e"])
        if enum is None:
            raise _Unreadable(f"unknown enumeration {value['@e']!r}")
        return enum(value["v"])
    if "@" not in value:
        return value  # the file's header
    name = value["@"]
    cls = _CLASSES.get(name)
    values = value.get("v")
    if cls is None or not isinstance(values, list) or len(values) != len(_FIELDS[name]):
        raise _Unreadable(f"not a {name or 'class'} refs keeps")
    return cls(**dict(zip(_FIELDS[name], values, strict=True)))


def _header() -> dict[str, Any]:
    return {"format": FORMAT, "fields": {n: list(f) for n, f in _FIELDS.items()}}


def dumps(parsed: Parsed) -> str:
    return json.dumps({**_header(), "parsed": _encode(parsed)}, ensure_ascii=False, separators=(",", ":"))


@contextmanager
def _without_collection() -> Iterator[None]:
    """The cycle collector paused while millions of small objects are made that hold no cycle:
    it would otherwise walk the growing heap again and again (reading 10,000 entries took 4 s
    of collection for 0.7 s of JSON)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def loads(text: str) -> Parsed:
    """The parse kept in ``text``; ValueError when it is not one refs wrote."""
    with _without_collection():
        return _loads(text)


def _loads(text: str) -> Parsed:
    if not text.startswith(json.dumps(_header(), separators=(",", ":"))[:-1] + ',"parsed":'):
        raise _Unreadable("not a refs parse cache file of this version")
    try:
        data = json.loads(text, object_hook=_decode)
    except (TypeError, RecursionError) as error:
        raise _Unreadable(str(error)) from error
    parsed = data.get("parsed") if isinstance(data, dict) else None
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
