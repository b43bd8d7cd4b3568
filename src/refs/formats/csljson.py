"""CSL-JSON <-> the model. CSL-JSON is what citeproc-py and Zotero read."""

from __future__ import annotations

import json
from typing import Any

from ..dates import Date
from ..model import DATE_VARIABLES, NAME_VARIABLES, Finding, Library, Location, Name, Reference, Severity
from .base import Parsed

__all__ = ["parse", "dump"]


def dump(library: Library) -> str:
    """A CSL-JSON array, one item per reference, in library order."""
    return json.dumps(library.to_csl_json(), ensure_ascii=False, indent=2) + "\n"


def _item_to_reference(item: dict[str, Any], index: int, source: str | None) -> Reference:
    key = str(item.get("citation-key") or item.get("id") or f"item{index + 1}")
    fields: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    for var, value in item.items():
        if var in ("id", "citation-key", "type"):
            continue
        if var in NAME_VARIABLES and isinstance(value, list):
            fields[var] = tuple(Name.from_csl(n) for n in value if isinstance(n, dict))
        elif var in DATE_VARIABLES and isinstance(value, (dict, str)):
            fields[var] = Date.from_csl(value)
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            fields[var] = str(value)
        else:
            extra.append((var, json.dumps(value, ensure_ascii=False)))
    if item.get("id") is not None and str(item["id"]) != key:
        extra.append(("id", str(item["id"])))
    return Reference(key, str(item.get("type") or "document"), fields, None, tuple(extra),
                     location=Location(source, None, None))


def parse(text: str, source: str | None = None) -> Parsed:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        loc = Location(source, error.lineno, error.colno)
        line = text.splitlines()[error.lineno - 1] if text.splitlines() else ""
        return Parsed(Library(source=source), [Finding(Severity.ERROR, "json-syntax", error.msg, loc, line)])
    if isinstance(data, dict):
        data = data.get("items", [data])
    if not isinstance(data, list):
        return Parsed(Library(source=source), [Finding(Severity.ERROR, "csl-json",
            "a CSL-JSON file holds an array of items", Location(source))])
    refs = []
    findings = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            findings.append(Finding(Severity.ERROR, "csl-json", f"item {i + 1} is not an object", Location(source)))
            continue
        refs.append(_item_to_reference(item, i, source))
    return Parsed(Library(tuple(refs), source), findings)
