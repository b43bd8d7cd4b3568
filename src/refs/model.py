"""The pure core model: references whose fields are CSL-JSON variables.

Nothing here reads files or imports a third-party package. Every format converts to
and from these types; no format converts to another directly.

Field values of a :class:`Reference` are, by CSL variable kind:

* standard and number variables: ``str`` in CSL-JSON rich-text markup (the only tags
  are ``<i> <b> <sc> <sup> <sub>`` and ``<span class="nocase">``; anything else is text);
* name variables: ``tuple[Name, ...]``;
* date variables: :class:`refs.dates.Date`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from .dates import Date

__all__ = [
    "key_problem",
    "text_in",
    "safe_key",
    "Date",
    "Finding",
    "Library",
    "Location",
    "Name",
    "Reference",
    "Severity",
    "NAME_VARIABLES",
    "DATE_VARIABLES",
]

#: CSL 1.0.2 name variables.
NAME_VARIABLES = frozenset(
    """author chair collection-editor compiler composer container-author contributor
    curator director editor editorial-director editor-translator executive-producer
    guest host illustrator interviewer narrator organizer original-author performer
    producer recipient reviewed-author script-writer series-creator translator""".split()
)

#: CSL 1.0.2 date variables.
DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted".split()
)


@dataclass(frozen=True)
class Location:
    """A place in a file: 1-based line and column, either may be unknown."""

    file: str | None = None
    line: int | None = None
    col: int | None = None
    page: int | None = None  # for paged documents (PDF, text extracted from PDF): the page
    page_line: int | None = None  # and the line on that page

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """Something worth telling the user, collected rather than raised."""

    severity: Severity
    code: str
    message: str
    location: Location | None = None
    context: str | None = None  # the offending source line, when there is one
    references: tuple[str, ...] = ()  # the keys of the references it is about
    ignored: bool = False  # matched an ignore rule of the project: reported, not counted

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        head = f"{where}{self.severity.value}[{self.code}]: {self.message}"
        if self.ignored:
            head += " (ignored by the project's settings)"
        if self.context is not None:
            return head + show_context(self.context, self.location.col if self.location else None)
        return head


EXCERPT_WIDTH = 100


def show_context(line: str, col: int | None) -> str:
    """The offending source line under a message, with a caret under column ``col``; a long
    line is cut to a window around the column (a 1 MB line must not flood the terminal)."""
    start = 0
    if len(line) > EXCERPT_WIDTH:
        centre = (col or 1) - 1
        start = max(0, min(centre - EXCERPT_WIDTH // 2, len(line) - EXCERPT_WIDTH))
        shown = line[start : start + EXCERPT_WIDTH]
        shown = ("…" if start else "") + shown + ("…" if start + EXCERPT_WIDTH < len(line) else "")
        if start:
            start -= 1  # the ellipsis takes a column
    else:
        shown = line
    text = f"\n    {shown}"
    if col:
        text += "\n    " + " " * (col - 1 - start) + "^"
    return text


@dataclass(frozen=True)
class Name:
    """A CSL name: a person (family/given/particles/suffix) or a literal (organisation)."""

    family: str = ""
    given: str = ""
    non_dropping_particle: str = ""
    dropping_particle: str = ""
    suffix: str = ""
    literal: str = ""

    @property
    def is_literal(self) -> bool:
        return bool(self.literal)

    def to_csl(self) -> dict[str, str]:
        if self.literal:
            return {"literal": self.literal}
        out = {
            "family": self.family,
            "given": self.given,
            "non-dropping-particle": self.non_dropping_particle,
            "dropping-particle": self.dropping_particle,
            "suffix": self.suffix,
        }
        return {k: v for k, v in out.items() if v}

    @classmethod
    def from_csl(cls, data: Mapping[str, Any]) -> Name:
        return cls(
            family=str(data.get("family", "")),
            given=str(data.get("given", "")),
            non_dropping_particle=str(data.get("non-dropping-particle", "")),
            dropping_particle=str(data.get("dropping-particle", "")),
            suffix=str(data.get("suffix", "")),
            literal=str(data.get("literal", "")),
        )

    def display(self) -> str:
        if self.literal:
            return self.literal
        parts = [self.given, self.dropping_particle, self.non_dropping_particle, self.family]
        text = " ".join(p for p in parts if p)
        return f"{text}, {self.suffix}" if self.suffix else text


@dataclass(frozen=True)
class Reference:
    """One bibliographic item.

    ``fields`` holds CSL variables. ``entry_type`` is the type the source format used
    (``online``, ``misc``, ...), kept so that a BibTeX file is written back as it was.
    ``extra`` holds fields no table knows, verbatim, as ``(name, raw value)`` pairs.
    ``source_fields`` records the source's field names in order, each with the CSL
    variable it filled ("" when it went to ``extra``), so writers can keep names and order.
    """

    key: str
    type: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    entry_type: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    source_fields: tuple[tuple[str, str], ...] = ()
    # Where the entry and each of its fields stood; not part of the data (equality ignores them).
    location: Location | None = field(default=None, compare=False)
    field_locations: Mapping[str, Location] = field(default_factory=dict, compare=False)
    span: tuple[int, int] | None = field(default=None, compare=False)  # offsets of the entry in its file
    # Each source field's value as the file wrote it (parallel to ``source_fields``: braces,
    # quotes, macros and all), and ``fields`` and ``extra`` as they were read: a writer puts a
    # value back as written unless it has changed since.
    raw: tuple[str, ...] = field(default=(), compare=False)
    raw_type: str | None = field(default=None, compare=False)  # the entry type as spelled: "InProceedings"
    read_fields: Mapping[str, Any] | None = field(default=None, compare=False)
    read_extra: tuple[tuple[str, str], ...] | None = field(default=None, compare=False)

    def __getitem__(self, variable: str) -> Any:
        return self.fields[variable]

    def get(self, variable: str, default: Any = None) -> Any:
        return self.fields.get(variable, default)

    def extra_field(self, name: str) -> str | None:
        lname = name.lower()
        for k, v in self.extra:
            if k.lower() == lname:
                return v
        return None

    def with_fields(self, **changes: Any) -> Reference:
        return replace(self, **changes)

    def same_data(self, other: Reference) -> bool:
        """Equal as data: everything but where it was read from."""
        return self == other

    def to_csl_json(self) -> dict[str, Any]:
        """The CSL-JSON item for this reference (what citeproc-py and Zotero read)."""
        item: dict[str, Any] = {"id": self.key, "citation-key": self.key, "type": self.type}
        for var, value in self.fields.items():
            if var in NAME_VARIABLES:
                item[var] = [n.to_csl() for n in value]
            elif var in DATE_VARIABLES:
                item[var] = value.to_csl()
            else:
                item[var] = value
        return item


# What a citation key cannot hold and stay one key everywhere refs writes it: BibTeX ends a
# key at "," and white space and counts its braces; LaTeX's \cite{…} and \bibitem{…} end at
# "}", run "\" as a command and take "%" for a comment; "#" and '"' are BibTeX's own syntax;
# line breaks end a RIS line; control, bidi and zero-width characters make two keys look like one.
_KEY_UNSAFE = re.compile("[\\s{}\\\\,%#\"\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def key_problem(key: str) -> str | None:
    """What makes ``key`` unsafe to write as a citation key (None when it is safe)."""
    if not key:
        return "it is empty"
    bad = sorted(set(_KEY_UNSAFE.findall(key)))
    if not bad:
        return None
    shown = ", ".join(repr(c) if c.isprintable() and not c.isspace() else f"U+{ord(c):04X}" for c in bad)
    return f"it holds {shown}, which BibTeX, LaTeX or RIS cannot take in a key"


def text_in(value: Any) -> Iterator[str]:
    """Every string a field value holds: the value itself, the parts of a name, a date's literal."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from text_in(v)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from text_in(getattr(value, name))


# The markup a field value may hold (CSL rich text): italics, bold, small capitals, super- and
# subscript, case protection and styled spans; nothing else is markup.
CSL_MARKUP = re.compile(r'</?(?:i|b|sup|sub|sc)>|<span class="nocase">|<span style="[^"<>]*">|</span>')


def _tag_name(tag: str) -> str:
    return "span" if tag.startswith(("<span", "</span")) else tag.strip("</>")


def markup_spans(value: str) -> list[tuple[int, int]]:
    """Where the CSL markup of a value is: the tags that open and close in pairs
    (``<i>x</i>``, ``<span class="nocase">x</span>``). A tag without its partner is text the
    user wrote (``publisher = {aaaaa<b>}``), not markup."""
    spans: list[tuple[int, int]] = []
    open_tags: list[tuple[str, tuple[int, int]]] = []
    for m in CSL_MARKUP.finditer(value):
        name = _tag_name(m.group())
        if not m.group().startswith("</"):
            open_tags.append((name, m.span()))
            continue
        for i in range(len(open_tags) - 1, -1, -1):
            if open_tags[i][0] == name:
                spans += [open_tags[i][1], m.span()]
                del open_tags[i:]  # tags opened inside and never closed stay text
                break
    return sorted(spans)


def plain_text(value: str) -> str:
    """A field value as a reader sees it: its markup taken out (``<span class="nocase">x</span>`` -> ``x``)."""
    spans = markup_spans(value)
    if not spans:
        return value
    out, pos = [], 0
    for start, end in spans:
        out.append(value[pos:start])
        pos = end
    out.append(value[pos:])
    return "".join(out)


def has_markup(value: str) -> bool:
    return bool(markup_spans(value))


def safe_key(key: str) -> str:
    """``key`` with each run of characters a key cannot hold made one "_" (``key_problem``)."""
    safe = _KEY_UNSAFE.sub("_", key).strip("_")
    return re.sub(r"_{2,}", "_", safe) or "key"


def _plain(text: str) -> str:
    """A title compared without markup, case or punctuation."""
    return re.sub(r"\W+", " ", re.sub(r"<[^>]+>", "", text)).strip().casefold()


# CSL types of works that stand inside another (whose title is their container's title)
_PARTS = frozenset({"chapter", "paper-conference", "entry", "entry-dictionary", "entry-encyclopedia",
                    "article", "article-journal", "article-magazine", "article-newspaper"})


@dataclass(frozen=True)
class Library:
    """References in their file order, plus what the file held besides entries."""

    references: tuple[Reference, ...] = ()
    source: str | None = None
    strings: tuple[tuple[str, str], ...] = ()  # @string macros: name, value as written (delimiters too)
    preamble: tuple[str, ...] = ()  # @preamble values as written
    # entries whose key repeats an earlier entry's: BibTeX uses the first, so citations and
    # checks see only that one; an import keeps these too, under a key of their own
    repeated: tuple[Reference, ...] = ()
    # where each @string and @preamble stood in the file (offsets, as Reference.span), so that
    # a write keeps a macro defined after an entry that uses it where it was: BibTeX reads such
    # a use as undefined, and so must the written file
    string_starts: tuple[int, ...] = ()
    preamble_starts: tuple[int, ...] = ()

    def __len__(self) -> int:
        return len(self.references)

    def __iter__(self) -> Iterator[Reference]:
        return iter(self.references)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def __getitem__(self, key: str) -> Reference:
        return self._by_key[key]

    @property
    def _by_key(self) -> dict[str, Reference]:
        index = self.__dict__.get("_index")
        if index is None:  # built once, on the first look-up (the library is frozen)
            index = {}
            for ref in self.references:
                index.setdefault(ref.key, ref)
            object.__setattr__(self, "_index", index)
        return index

    def find(self, key: str) -> Reference | None:
        """The entry with this key, letter case aside (as BibTeX matches a crossref)."""
        folded = self.__dict__.get("_folded")
        if folded is None:
            folded = {}
            for ref in self.references:
                folded.setdefault(ref.key.lower(), ref)
            object.__setattr__(self, "_folded", folded)
        return folded.get(key.lower())

    def with_crossrefs(self) -> Library:
        """Each entry's missing fields filled from the entry its ``crossref`` names (letter case
        aside; the parent's title becomes the child's container title, its author the
        container's author too), as BibTeX and biber do; a parent that has a crossref of its own
        is filled first (biber follows chains, a cycle stops where it closes). For rendering and
        checks; a file is written back from the library as read."""
        done: dict[int, Reference] = {}

        def parent_of(ref: Reference) -> Reference | None:
            key = ref.extra_field("crossref")
            parent = self.find(key) if key else None
            return None if parent is ref else parent

        def fill(ref: Reference, parent: Reference | None) -> Reference:
            found = [self.find(k.strip()) for k in (ref.extra_field("xdata") or "").split(",") if k.strip()]
            shared = [x for x in found if x is not None and x is not ref]
            if parent is None and not shared:
                return ref
            fields = dict(ref.fields)
            for data in shared:  # biblatex's @xdata: fields shared as they are
                for var, value in data.fields.items():
                    fields.setdefault(var, value)
            if parent is not None:
                part = ref.type in _PARTS  # a paper of a proceedings, a chapter of a book
                for var, value in parent.fields.items():
                    if part and var == "author":
                        fields.setdefault("container-author", value)
                    if part and var == "title":
                        fields.setdefault("container-title", value)
                        continue
                    fields.setdefault(var, value)
            return Reference(ref.key, ref.type, fields, ref.entry_type, ref.extra, ref.source_fields,
                             ref.location, ref.field_locations)

        def resolve(ref: Reference) -> Reference:
            # up the chain to an entry already filled, one with no parent, or a cycle
            path, on_path = [ref], {id(ref)}
            top: Reference | None = None
            cycle: set[int] = set()  # entries of a cycle read it from where they start: not kept
            while (parent := parent_of(path[-1])) is not None:
                if id(parent) in done:
                    top = done[id(parent)]
                    break
                if id(parent) in on_path:
                    cycle = {id(r) for r in path[path.index(parent):]}
                    break
                path.append(parent)
                on_path.add(id(parent))
            filled = top
            for entry in reversed(path):
                filled = fill(entry, filled)
                if id(entry) not in cycle:
                    done[id(entry)] = filled
            assert filled is not None
            return filled

        resolved = [done.get(id(ref)) or resolve(ref) for ref in self.references]
        return Library(tuple(resolved), self.source, self.strings, self.preamble)

    def renderable(self) -> Library:
        """What a bibliography shows: crossrefs resolved; no @set or @xdata entries (a set is
        shown through its members, @xdata lends fields and is never shown, as in biblatex); a
        whole volume's ``booktitle`` that only repeats its title (as proceedings exports write
        it) left out, so no style prints the title twice."""
        out = []
        for ref in self.with_crossrefs():
            if (ref.entry_type or "").lower() in ("set", "xdata"):
                continue
            title, container = ref.fields.get("title"), ref.fields.get("container-title")
            if ref.type not in _PARTS and isinstance(title, str) and isinstance(container, str) \
                    and _plain(title) == _plain(container):
                ref = replace(ref, fields={k: v for k, v in ref.fields.items() if k != "container-title"})
            out.append(ref)
        return Library(tuple(out), self.source, self.strings, self.preamble)

    def keys(self) -> list[str]:
        return [r.key for r in self.references]

    def nth(self, number: int) -> Reference | None:
        """The reference that numeric citation ``[number]`` points at (1-based)."""
        if 1 <= number <= len(self.references):
            return self.references[number - 1]
        return None

    def same_data(self, other: Library) -> bool:
        return (
            len(self) == len(other)
            and all(a.same_data(b) for a, b in zip(self, other, strict=True))
            and self.strings == other.strings
            and self.preamble == other.preamble
        )

    def to_csl_json(self) -> list[dict[str, Any]]:
        return [r.to_csl_json() for r in self.references]


# -- manuscripts and claims ------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """One cited number inside a marker, and what it points at."""

    number: int
    key: str | None = None  # the n-th reference's key; None when there is no n-th entry
    locator: str | None = None  # "p. 45", "с. 12", "səh. 15"


@dataclass(frozen=True)
class Marker:
    """A citation cluster as it stands in the text: ``[1]``, ``[2, 3]``, ``[2]–[4]``."""

    text: str
    numbers: tuple[int, ...]
    citations: tuple[Citation, ...]
    location: Location
    start: int  # offsets in the repaired text
    end: int

    @property
    def locator(self) -> str | None:
        found = [c.locator for c in self.citations if c.locator]
        return "; ".join(found) if found else None


@dataclass(frozen=True)
class EventDate:
    """When something happened: a day, month or year, or a range of them (ISO strings)."""

    start: str
    end: str
    inferred: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "inferred": self.inferred}


@dataclass(frozen=True)
class DateMention:
    """A date as the text gives it, resolved against the dates before it."""

    text: str
    location: Location
    start: int
    end: int
    kind: str  # "absolute", "partial" (year from context), "anaphora" ("the same day")
    date: EventDate | None  # None when the text gives no way to resolve it


@dataclass(frozen=True)
class Claim:
    """The text a citation cluster supports."""

    number: int  # 1-based, in document order
    text: str
    first_line: int
    last_line: int  # the marker's line
    section: str | None
    marker: Marker
    date: EventDate | None
    dates: tuple[DateMention, ...] = ()
    paragraph: int = 0  # index of the body paragraph it stands in
    context: str = "body"  # "body", "caption", "footnote" or "table": where on the page the text stands

    @property
    def citations(self) -> tuple[Citation, ...]:
        return self.marker.citations


@dataclass(frozen=True)
class Uncited:
    """Text with no citation: kind is "introduction", "conclusion" or "factual"."""

    text: str
    first_line: int
    last_line: int
    kind: str
    section: str | None
    date: EventDate | None = None
    paragraph: int = 0


@dataclass(frozen=True)
class ClaimMap:
    """Everything refs learns from a manuscript and its bibliography."""

    manuscript: str
    bibliography: str | None
    format: str
    encoding: str
    line_count: int
    claims: tuple[Claim, ...] = ()
    markers: tuple[Marker, ...] = ()
    uncited: tuple[Uncited, ...] = ()
    findings: tuple[Finding, ...] = ()
    sections: tuple[tuple[str, str, int], ...] = ()  # (title, kind, line)
    metadata: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def cited_keys(self) -> list[str]:
        """The keys the manuscript cites, each once, in the order of their first citation."""
        order: list[str] = []
        for marker in self.markers:
            for citation in marker.citations:
                if citation.key and citation.key not in order:
                    order.append(citation.key)
        return order
