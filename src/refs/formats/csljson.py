"""CSL-JSON <-> the model. CSL-JSON is what citeproc-py and Zotero read."""

from __future__ import annotations

import json
import re
from typing import Any

from ..dates import Date
from ..model import DATE_VARIABLES, NAME_VARIABLES, Finding, Library, Location, Name, Reference, Severity
from .base import Parsed

__all__ = ["parse", "dump"]


def dump(library: Library) -> str:
    """A CSL-JSON array, one item per reference, in library order."""
    return json.dumps(library.to_csl_json(), ensure_ascii=False, indent=2) + "\n"


_NAME_PARTS = ("family", "given", "non-dropping-particle", "dropping-particle", "suffix", "literal")


def _names(value: Any) -> tuple[Name, ...] | None:
    """A CSL name list, or None when the value has another shape (kept verbatim then)."""
    if not isinstance(value, list) or not all(isinstance(n, dict) for n in value):
        return None
    if any(not isinstance(v, (str, int, float)) or isinstance(v, bool)
           for n in value for k, v in n.items() if k in _NAME_PARTS):
        return None
    return tuple(Name.from_csl(n) for n in value)


def _date(value: Any) -> Date | None:
    """A CSL date, or None when the value is not one (kept verbatim then)."""
    if not isinstance(value, (dict, str)):
        return None
    try:
        date = Date.from_csl(value)
        date.to_csl()  # a date that cannot be written back is not a date
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError):
        return None
    return date


def _item_to_reference(item: dict[str, Any], index: int, source: str | None,
                       findings: list[Finding] | None = None) -> Reference:
    from_note = re.search(r"^Citation Key:\s*(\S+)", str(item.get("note", "")), re.M)
    key = str(item.get("citation-key") or (from_note.group(1) if from_note else None) or item.get("id")
              or f"item{index + 1}")
    fields: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    for var, value in item.items():
        if var in ("id", "citation-key", "type"):
            continue
        if var == "note" and from_note:  # the key line is the key, not a note
            value = "\n".join(ln for ln in str(value).splitlines() if not ln.startswith("Citation Key:")).strip()
            if not value:
                continue
        if var in NAME_VARIABLES and (names := _names(value)) is not None:
            fields[var] = names
        elif var in DATE_VARIABLES and (date := _date(value)) is not None:
            fields[var] = date
        elif var in NAME_VARIABLES or var in DATE_VARIABLES:
            extra.append((var, json.dumps(value, ensure_ascii=False)))
            if findings is not None:
                findings.append(Finding(Severity.WARNING, "csl-json",
                    f"item {index + 1} ({key}): {var} is not a CSL {'name list' if var in NAME_VARIABLES else 'date'};"
                    " kept as it is", Location(source)))
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            fields[var] = str(value)
        else:
            extra.append((var, json.dumps(value, ensure_ascii=False)))
    if item.get("id") is not None and str(item["id"]) != key:
        extra.append(("id", str(item["id"])))
    return Reference(key, str(item.get("type") or "document"), fields, None, tuple(extra),
                     location=Location(source, None, None))


def item_to_reference(item: dict[str, Any], source: str | None = None) -> Reference:
    """One CSL-JSON item as a Reference (its ``id`` the key)."""
    return _item_to_reference(item, 0, source, None)


def parse(text: str, source: str | None = None) -> Parsed:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        loc = Location(source, error.lineno, error.colno)
        lines = text.split("\n")  # json counts lines by \n only
        line = lines[error.lineno - 1] if 0 < error.lineno <= len(lines) else ""
        return Parsed(Library(source=source), [Finding(Severity.ERROR, "json-syntax", error.msg, loc, line)])
    except RecursionError:
        return Parsed(Library(source=source), [Finding(Severity.ERROR, "json-syntax",
            "the JSON is nested too deeply to read", Location(source, 1, 1))])
    if not isinstance(data, list):
        return Parsed(Library(source=source), [Finding(Severity.ERROR, "csl-json",
            f"a CSL-JSON file holds an array of items, not {type(data).__name__ if data is not None else 'null'}",
            Location(source, 1, 1))])
    refs = []
    findings = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            findings.append(Finding(Severity.ERROR, "csl-json", f"item {i + 1} is not an object", Location(source)))
            continue
        refs.append(_item_to_reference(item, i, source, findings))
    return Parsed(Library(tuple(refs), source), findings)


#: CSL types Zotero's CSL JSON importer rejects (the whole file with them), and what to write.
ZOTERO_TYPES = {"software": "book", "standard": "report", "document": "manuscript", "event": "speech",
                "performance": "speech", "periodical": "book", "regulation": "legislation", "hearing": "bill",
                "classic": "book", "collection": "book", "article": "article-journal"}


def export(library: Library, notes: dict[str, list[str]] | None = None, tags: dict[str, list[str]] | None = None) -> str:
    """CSL-JSON for Zotero: ``citation-key`` kept, types Zotero accepts, and what Zotero's
    importer would drop (provenance, claims, the key for older versions) as lines of ``note``,
    which becomes Extra."""
    notes = notes or {}
    tags = tags or {}
    from .bibtex import resolve_crossrefs

    items = []
    for ref in resolve_crossrefs(library):
        item = ref.to_csl_json()
        item["type"] = ZOTERO_TYPES.get(item["type"], item["type"])
        lines = [f"Citation Key: {ref.key}"]
        if item.get("note"):
            lines.append(str(item["note"]))
        if item.pop("annote", None):
            lines.append(str(ref.get("annote")))
        lines += notes.get(ref.key, [])
        item["note"] = "\n".join(lines)
        keywords = [k for k in str(item.get("keyword", "")).split(", ") if k] + tags.get(ref.key, [])
        if keywords:
            item["keyword"] = ", ".join(dict.fromkeys(keywords))
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
