"""Scan BibTeX as BibTeX reads it, keeping every value as written.

The scanner gives each entry's fields with the value's text exactly as the file has it
(``{Jan Vitek and⏎ Christian Damsgaard Jensen}``, ``"A" # jan``, ``acm``) and where it stands,
beside the value BibTeX would use (macros replaced, delimiters off, parts joined). What BibTeX
accepts is accepted:

* text between entries is a comment; so is a line that starts with ``%``;
* ``@comment`` in every form: ``@comment{...}``, ``@comment(...)`` and ``@comment`` followed by
  anything on its line (BibDesk's and Emacs' first lines);
* an undefined macro is reported (BibTeX warns and reads it as empty), read as its name and kept
  as written;
* an entry with no key (``@InProceedings{,``) is read, and reported;
* ``@string``, ``@preamble``, entries in braces or in parentheses (whose keys may hold ``}``).

A syntax error stops only its entry: scanning goes on at the next line that starts with ``@``.
Pure Python, no third-party code; linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["RawField", "RawEntry", "Scan", "ScanError", "scan", "MONTHS", "MAX_DEPTH"]

#: the macros BibTeX defines itself
MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
    "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
}
MAX_DEPTH = 1000  # braces nested deeper than this are an error, not a stack to exhaust

# BibTeX's identifier characters; every character past ASCII is one too (BibTeX takes bytes
# 128-255 as letters, biber any Unicode letter): @string{BramãoIe = …}. Unicode spaces are not.
_NAME_CHARS = (r"A-Za-z@!$&*+\-./:;<>?\[\\\]^_`|~\x7f\x80-\x9f\xa1-\u167f\u1681-\u1fff\u200c-\u2027"
               r"\u202a-\u205e\u2060-\u2fff\u3001-\ufefe\uff00-\U0010ffff")
_NAME = re.compile(rf"[{_NAME_CHARS}][{_NAME_CHARS}0-9]*")
_KEY_BRACE = re.compile(r"[^\s,}]+")
_KEY_PAREN = re.compile(r"[^\s,]+")
_NUMBER = re.compile(r"[0-9]+")
_SPACE = re.compile(r"\s*")
_BRACES = re.compile(r"[{}]")
_QUOTED = re.compile(r'[{}"]')
_START = re.compile(r"^[ \t]*%[^\n]*|@", re.M)  # a comment line, or what starts a command
_NEXT_COMMAND = re.compile(r"^[ \t]*@", re.M)


@dataclass
class RawField:
    name: str
    name_pos: int
    raw: str  # the value as the file writes it
    pos: int  # where the value starts
    value: str  # what BibTeX reads: macros replaced, outer delimiters removed, parts joined


@dataclass
class RawEntry:
    command: str  # as written: "Article", "online"
    key: str
    start: int  # the "@"
    end: int  # just after the closing brace or parenthesis
    fields: list[RawField] = field(default_factory=list)


@dataclass
class ScanError:
    pos: int  # where the problem was seen
    start: int  # the "@" of the command it is in
    message: str
    key: str | None = None
    eof: bool = False  # the file ended inside the command


@dataclass
class Scan:
    entries: list[RawEntry] = field(default_factory=list)
    strings: list[tuple[str, str, str]] = field(default_factory=list)  # (name, raw, value)
    preambles: list[tuple[str, str]] = field(default_factory=list)  # (raw, value)
    string_starts: list[int] = field(default_factory=list)  # the "@" of each @string, in order
    preamble_starts: list[int] = field(default_factory=list)  # the "@" of each @preamble
    errors: list[ScanError] = field(default_factory=list)
    undefined: list[tuple[int, str, str | None]] = field(default_factory=list)  # (pos, macro, entry key)


class _Error(Exception):
    def __init__(self, pos: int, message: str, eof: bool = False):
        super().__init__(message)
        self.pos, self.message, self.eof = pos, message, eof


class _Bomb(_Error):
    """Macro expansion past the bound: the rest of the file is not read."""


MAX_EXPANDED = 64 * 1024 * 1024  # characters that macro expansion may produce in one file


class _Scanner:
    def __init__(self, text: str, macros: dict[str, str] | None = None, max_expanded: int | None = None):
        self.text = text
        self.n = len(text)
        # what expanding macros may add to the file, in characters: "@string{s1 = s0 # s0}" doubles
        # s0, and 40 such lines make terabytes out of one kilobyte
        self.limit = MAX_EXPANDED if max_expanded is None else max_expanded
        self.budget = self.limit
        self.macros = {k.lower(): v for k, v in (macros or MONTHS).items()}
        self.out = Scan()
        self.key: str | None = None

    # -- small pieces -------------------------------------------------------------------------

    def space(self, pos: int) -> int:
        return _SPACE.match(self.text, pos).end()  # type: ignore[union-attr]

    def expect(self, pos: int, what: str, description: str) -> int:
        if pos >= self.n:
            raise _Error(pos, f"{description} expected, but the file ends", eof=True)
        if self.text[pos] != what:
            raise _Error(pos, f"'{what}' expected" if what != description else f"{description} expected")
        return pos + 1

    def name(self, pos: int, description: str) -> tuple[str, int]:
        m = _NAME.match(self.text, pos)
        if not m:
            if pos >= self.n:
                raise _Error(pos, f"{description} expected, but the file ends", eof=True)
            raise _Error(pos, f"{description} expected")
        return m.group(), m.end()

    def braced(self, pos: int, quoted: bool) -> int:
        """``pos`` is just after an opening ``{`` or ``"``: where the matching close ends."""
        depth = 0
        pattern = _QUOTED if quoted else _BRACES
        while True:
            m = pattern.search(self.text, pos)
            if not m:
                raise _Error(self.n, "the file ends inside a value", eof=True)
            c = m.group()
            pos = m.end()
            if c == "{":
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Error(m.start(), "too many nested braces")
            elif c == "}":
                if depth == 0:
                    if quoted:
                        raise _Error(m.start(), "unbalanced braces")
                    return pos
                depth -= 1
            elif depth == 0:  # a closing quote
                return pos

    def value(self, pos: int) -> tuple[str, str, int]:
        """A value from ``pos``: (as written, as read, where it ends)."""
        start = pos
        parts: list[str] = []
        while True:
            if pos >= self.n:
                raise _Error(pos, "a value expected, but the file ends", eof=True)
            c = self.text[pos]
            if c in "{\"":
                end = self.braced(pos + 1, quoted=c == '"')
                parts.append(self.text[pos + 1 : end - 1])
            elif c.isdigit():
                end = _NUMBER.match(self.text, pos).end()  # type: ignore[union-attr]
                parts.append(self.text[pos:end])
            else:
                m = _NAME.match(self.text, pos)
                if not m:
                    raise _Error(pos, "a value expected ({...}, \"...\", a number or a macro)")
                end = m.end()
                name = m.group()
                expanded = self.macros.get(name.lower())
                if expanded is None:
                    # BibTeX reads an undefined macro as empty; its name says more ("osdi", a
                    # journal abbreviation whose definition lives in another file)
                    self.out.undefined.append((pos, name, self.key))
                    expanded = name
                self.budget -= len(expanded)
                if self.budget < 0:
                    raise _Bomb(pos, f'macro "{name}" would expand the file past {self.limit:,} characters '
                                     "(the input limit, REFS_MAX_BYTES): @string definitions that double at every "
                                     "level are refused, and the rest of the file is not read")
                parts.append(expanded)
            last = end
            pos = self.space(end)
            if pos < self.n and self.text[pos] == "#":
                pos = self.space(pos + 1)
                continue
            return self.text[start:last], "".join(parts), last

    # -- commands -----------------------------------------------------------------------------

    def run(self) -> Scan:
        pos = 0
        while True:
            m = _START.search(self.text, pos)
            if not m:
                return self.out
            if m.group() != "@":
                pos = m.end()  # a comment line
                continue
            start = m.start()
            self.key = None
            try:
                pos = self.command(start)
            except _Error as error:
                self.out.errors.append(ScanError(error.pos, start, error.message, self.key, error.eof))
                if isinstance(error, _Bomb):
                    return self.out
                # go on at the next line that starts with "@", after the line of the error (after
                # the command's first line when the file ended inside it)
                line_end = self.text.find("\n", start if error.eof else error.pos)
                nxt = _NEXT_COMMAND.search(self.text, line_end + 1) if line_end >= 0 else None
                if not nxt:
                    return self.out
                pos = nxt.start()

    def command(self, start: int) -> int:
        pos = self.space(start + 1)
        command, pos = self.name(pos, "an entry type")
        kind = command.lower()
        pos = self.space(pos)
        if kind == "comment":
            if pos < self.n and self.text[pos] in "{(":
                if self.text[pos] == "{":
                    return self.braced(pos + 1, quoted=False)
                close = self.text.find(")", pos)
                return self.n if close < 0 else close + 1
            line_end = self.text.find("\n", pos)
            return self.n if line_end < 0 else line_end + 1  # "@Comment -*- mode: BibTeX -*-"
        if pos >= self.n or self.text[pos] not in "{(":
            if pos >= self.n:
                raise _Error(pos, "'{' or '(' expected, but the file ends", eof=True)
            raise _Error(pos, "'{' or '(' expected")
        closer = "}" if self.text[pos] == "{" else ")"
        pos = self.space(pos + 1)
        if kind == "string":
            name, pos = self.name(pos, "a macro name")
            pos = self.space(pos)
            pos = self.space(self.expect(pos, "=", "'='"))
            raw, value, pos = self.value(pos)
            self.macros[name.lower()] = value
            self.out.strings.append((name, raw, value))
            self.out.string_starts.append(start)
        elif kind == "preamble":
            raw, value, pos = self.value(pos)
            self.out.preambles.append((raw, value))
            self.out.preamble_starts.append(start)
        else:
            pos = self.entry(command, start, pos, closer)
            return pos
        pos = self.space(pos)
        return self.expect(pos, closer, f"'{closer}'")

    def entry(self, command: str, start: int, pos: int, close: str) -> int:
        m = (_KEY_BRACE if close == "}" else _KEY_PAREN).match(self.text, pos)
        if not m and pos < self.n and self.text[pos] == ",":
            key, after = "", pos  # "@InProceedings{," : an entry with no key, which pybtex and JabRef read
        elif not m:
            if pos >= self.n:
                raise _Error(pos, "an entry key expected, but the file ends", eof=True)
            raise _Error(pos, "an entry key expected")
        else:
            key, after = m.group(), m.end()
        self.key = key
        entry = RawEntry(command, key, start, start)
        pos = self.space(after)
        while True:
            if pos >= self.n:
                raise _Error(pos, f"'{close}' expected, but the file ends", eof=True)
            c = self.text[pos]
            if c == close:
                entry.end = pos + 1
                self.out.entries.append(entry)
                return pos + 1
            if c != ",":
                raise _Error(pos, f"'{close}' expected")
            pos = self.space(pos + 1)
            if pos < self.n and self.text[pos] == close:
                continue
            name_pos = pos
            name, pos = self.name(pos, "a field name")
            pos = self.space(pos)
            pos = self.space(self.expect(pos, "=", "'='"))
            value_pos = pos
            raw, value, pos = self.value(pos)
            entry.fields.append(RawField(name, name_pos, raw, value_pos, value))
            pos = self.space(pos)


def scan(text: str, macros: dict[str, str] | None = None, max_expanded: int | None = None) -> Scan:
    """Entries, macros, preambles, errors and undefined macros of a BibTeX text. Expanding macros
    may add at most ``max_expanded`` characters (default ``MAX_EXPANDED``); past that the scan
    stops with an error where it happened."""
    return _Scanner(text, macros, max_expanded).run()
