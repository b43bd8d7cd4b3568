"""CSL-JSON <-> the model. CSL-JSON is what citeproc-py and Zotero read.

The model's fields are CSL variables already, so the one two-way table is short: ``KINDS``
says how each variable's value is written and read (a name list, a date, else text); the item's
``id``/``citation-key`` is the key and ``type`` the type. ``export`` writes for Zotero's CSL-JSON
importer by the rules of ``ZOTERO_TYPES`` and ``INTO_NOTE``, and ``losses`` names what they (and
the format) cannot carry."""

from __future__ import annotations

import json
import re
from typing import Any

from ..dates import Date
from ..model import DATE_VARIABLES, NAME_VARIABLES, Finding, Library, Location, Name, Reference, Severity
from .base import Losses, Parsed, extra_losses

__all__ = ["parse", "dump", "export", "losses", "KINDS", "ZOTERO_TYPES", "INTO_NOTE"]

NAMES, DATE, TEXT = "names", "date", "text"
#: CSL variable -> how its value is written and read: a list of name objects, a date object,
#: else a string (CSL's standard and number variables, and any other member an item has).
KINDS: dict[str, str] = {**dict.fromkeys(NAME_VARIABLES, NAMES), **dict.fromkeys(DATE_VARIABLES, DATE)}


def kind_of(var: str) -> str:
    return KINDS.get(var, TEXT)


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


def _write_value(var: str, value: Any) -> Any:
    """A model value as CSL-JSON, by its variable's kind."""
    if kind_of(var) == NAMES:
        return [n.to_csl() for n in value]
    if kind_of(var) == DATE:
        return value.to_csl()
    return value


def _read_value(var: str, value: Any) -> Any:
    """A CSL-JSON value as the model's, by its variable's kind; None when it has another shape
    (then it is kept as JSON in ``Reference.extra``)."""
    if kind_of(var) == NAMES:
        return _names(value)
    if kind_of(var) == DATE:
        return _date(value)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return None


_KEY_LINE = re.compile(r"^Citation Key:\s*(\S+)", re.M)


def _without_key_lines(note: str) -> str:
    """A note as read: its ``Citation Key:`` lines are the key, not the note."""
    return "\n".join(ln for ln in note.splitlines() if not ln.startswith("Citation Key:")).strip()


def _item_to_reference(item: dict[str, Any], index: int, source: str | None,
                       findings: list[Finding] | None = None) -> Reference:
    from_note = _KEY_LINE.search(str(item.get("note", "")))
    key = str(item.get("citation-key") or (from_note.group(1) if from_note else None) or item.get("id")
              or f"item{index + 1}")
    fields: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    for var, value in item.items():
        if var in ("id", "citation-key", "type"):
            continue
        if var == "note" and from_note:  # the key line is the key, not a note
            value = _without_key_lines(str(value))
            if not value:
                continue
        read = _read_value(var, value)
        if read is not None:
            fields[var] = read
            continue
        extra.append((var, json.dumps(value, ensure_ascii=False)))
        if kind_of(var) != TEXT and findings is not None:
            findings.append(Finding(Severity.WARNING, "csl-json",
                f"item {index + 1} ({key}): {var} is not a CSL {'name list' if kind_of(var) == NAMES else 'date'};"
                " kept as it is", Location(source)))
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
#: Variables Zotero's CSL JSON importer does not read: written as lines of ``note`` (its Extra),
#: after the citation key and the note's own text.
INTO_NOTE = ("annote",)


def export(library: Library, notes: dict[str, list[str]] | None = None, tags: dict[str, list[str]] | None = None) -> str:
    """CSL-JSON for Zotero: ``citation-key`` kept, types Zotero accepts, and what Zotero's
    importer would drop (provenance, claims, the key for older versions) as lines of ``note``,
    which becomes Extra."""
    notes = notes or {}
    tags = tags or {}
    from .bibtex import resolve_crossrefs

    items = [_export_item(ref, notes.get(ref.key, []), tags.get(ref.key, [])) for ref in resolve_crossrefs(library)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _export_item(ref: Reference, notes: list[str], tags: list[str]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": ref.key, "citation-key": ref.key, "type": ZOTERO_TYPES.get(ref.type, ref.type)}
    item.update((var, _write_value(var, value)) for var, value in ref.fields.items() if var not in INTO_NOTE)
    item["note"] = _note_for_zotero(ref, notes)
    keywords = _keywords_for_zotero(ref.fields.get("keyword"), tags)
    if keywords:
        item["keyword"] = keywords
    return item


def _note_for_zotero(ref: Reference, notes: list[str]) -> str:
    lines = [f"Citation Key: {ref.key}"]
    lines += [str(ref.fields[var]) for var in ("note", *INTO_NOTE) if ref.fields.get(var)]
    return "\n".join(lines + notes)


def _keywords_for_zotero(keyword: Any, tags: list[str]) -> str:
    """The keywords and the caller's tags, each once, as a comma-separated list."""
    keywords = [k for k in str(keyword or "").split(", ") if k] + tags
    return ", ".join(dict.fromkeys(keywords))


def losses(ref: Reference, dialect: str | None = None) -> Losses:
    """What ``export`` and ``parse`` do not bring back for ``ref``, each with the reason: a type
    Zotero rejects, the variables written into ``note``, a name or date CSL-JSON cannot hold as
    it is, and the .bib's own fields."""
    out: Losses = {}
    if ZOTERO_TYPES.get(ref.type, ref.type) != ref.type:
        out["type"] = f"Zotero's CSL-JSON importer takes no {ref.type}: written as {ZOTERO_TYPES[ref.type]}"
    for var in INTO_NOTE:
        if ref.fields.get(var):
            out[var] = "Zotero's CSL-JSON importer reads no such variable: written as lines of note (Extra)"
    note = _without_key_lines(_note_for_zotero(ref, [])) or None
    if note != ref.fields.get("note"):
        out["note"] = ("the annote is written into it, for Zotero" if any(ref.fields.get(v) for v in INTO_NOTE)
                       else "a line that starts 'Citation Key:' is read as the key, and spaces at its ends are not kept")
    for var, value in ref.fields.items():
        if var in ("note", *INTO_NOTE):
            continue
        back = _read_value(var, json.loads(json.dumps(_write_value(var, value))))
        if var == "keyword":
            back = _keywords_for_zotero(value, []) or None
        if back != value:
            out[var] = f"CSL-JSON does not hold it as it is: {value!r} comes back as {back!r}"
    out.update(extra_losses(ref, "CSL-JSON"))
    return out
