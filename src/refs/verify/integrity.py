"""Checks that keep a library writable and readable as meant: keys every output format can
hold, fields free of invisible control and direction characters, crossref chains that end."""

from __future__ import annotations

import unicodedata

from ..model import Finding, Library, Reference, Severity, key_problem, text_in

__all__ = ["unsafe_keys", "hidden_characters", "crossref_cycles", "check"]


def unsafe_keys(library: Library) -> list[Finding]:
    """A key that BibTeX, LaTeX or RIS cannot hold: written out, it would end early and what
    follows would be read as code (``x}\\input{/etc/passwd}``) or as another entry."""
    out = []
    for ref in library:
        problem = key_problem(ref.key)
        if problem and ref.key:  # an empty key has its own finding (missing-key)
            out.append(Finding(Severity.ERROR, "unsafe-key",
                               f'key "{_visible(ref.key)}": {problem}; refs writes no output with it (rename it)',
                               ref.location, None, (ref.key,)))
    return out


# Unicode's explicit direction controls (embeddings, overrides, isolates, marks) and the
# characters that are invisible in print: a title can be made to read otherwise than it sorts
# and compares ("Trojan Source")
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_INVISIBLE = {"\u200b", "\u2060", "\ufeff", "\u00ad"}
_ALLOWED_CONTROL = {"\n", "\t", "\r"}


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}"


def _visible(text: str) -> str:
    return "".join(f"<U+{ord(c):04X}>" if _hidden(c) else c for c in text)


def _hidden(c: str) -> bool:
    return c in _BIDI or c in _INVISIBLE or (unicodedata.category(c) in ("Cc", "Co", "Cs") and c not in _ALLOWED_CONTROL)


def hidden_characters(library: Library) -> list[Finding]:
    """Control characters, private-use characters and direction overrides in field values: they
    are invisible or reorder what is shown, so what a reader sees is not what is stored."""
    out = []
    for ref in library:
        seen: dict[str, set[str]] = {}
        for var, value in [*ref.fields.items(), *ref.extra]:
            found = {c for text in text_in(value) for c in text if _hidden(c)}
            if found:
                seen.setdefault(var, set()).update(found)
        for var, chars in seen.items():
            where = ref.field_locations.get(var) or ref.location
            shown = ", ".join(_describe(c) for c in sorted(chars))
            out.append(Finding(Severity.WARNING, "hidden-characters",
                               f'"{ref.key}": {var} holds {shown}; outputs show them escaped or isolated, '
                               "but check what the field says", where, None, (ref.key,)))
    return out


def crossref_cycles(library: Library) -> list[Finding]:
    """Entries whose ``crossref`` chain comes back to itself: BibTeX and biber stop or fail there,
    and nothing is inherited."""
    out = []
    reported: set[str] = set()
    for ref in library:
        chain: list[Reference] = [ref]
        current: Reference | None = ref
        while current is not None:
            target = current.extra_field("crossref")
            parent = library.find(target.strip()) if target else None
            if parent is None:
                break
            if any(parent is seen for seen in chain):
                cycle = chain[[id(x) for x in chain].index(id(parent)):]
                names = [x.key for x in cycle]
                if not reported.intersection(k.lower() for k in names):
                    reported.update(k.lower() for k in names)
                    loop = " -> ".join([*names, parent.key])
                    out.append(Finding(Severity.ERROR, "crossref-cycle",
                                       f"crossref goes round in a circle: {loop}; BibTeX and biber inherit nothing "
                                       "along it (which entry is the parent?)", parent.location, None, tuple(names)))
                break
            chain.append(parent)
            current = parent
    return out


def check(library: Library) -> list[Finding]:
    return [*unsafe_keys(library), *hidden_characters(library), *crossref_cycles(library)]
