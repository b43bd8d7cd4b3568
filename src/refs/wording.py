"""Counts, ranges and names as a person reads them in refs' messages: "1 error", "2 errors",
"line 9" (not "lines 9–9"). Pure functions, used by every layer."""

from __future__ import annotations

__all__ = ["count", "lines", "field_name"]

_IRREGULAR = {"entry": "entries", "passage": "passages", "note": "notes", "library": "libraries"}


def count(n: int, noun: str, many: str | None = None) -> str:
    """``count(1, "error")`` is "1 error", ``count(2, "error")`` "2 errors"."""
    if n == 1:
        return f"1 {noun}"
    if many is None:
        head, _, last = noun.rpartition(" ")
        plural = _IRREGULAR.get(last) or (last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou"
                                          else last + "es" if last.endswith(("s", "x", "ch", "sh")) else last + "s")
        many = f"{head} {plural}" if head else plural
    return f"{n} {many}"


def lines(first: int, last: int) -> str:
    """``lines(9, 9)`` is "line 9", ``lines(9, 12)`` "lines 9–12"."""
    return f"line {first}" if first == last else f"lines {first}–{last}"


# CSL variables as a reader names them ("has no date", not "has no issued")
_FIELDS = {"issued": "date", "accessed": "access date", "container-title": "container title (journal, book or site)",
           "publisher-place": "place of publication", "URL": "URL", "DOI": "DOI", "ISBN": "ISBN", "ISSN": "ISSN",
           "collection-title": "series", "number-of-pages": "page count", "event-date": "event date"}


def field_name(variable: str) -> str:
    """A CSL variable as a reader names it: ``field_name("issued")`` is "date"."""
    return _FIELDS.get(variable, variable.replace("-", " "))
