"""Claims: the text each citation cluster supports, its place and its event date; and the
text no citation supports."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..model import (
    Citation,
    Claim,
    DateMention,
    EventDate,
    Finding,
    Location,
    Marker,
    Severity,
    Uncited,
)
from .eventdates import RawDate, Resolver, find_dates
from .markers import RawMarker, find_markers
from .sentences import attach_trailing_markers, sentence_spans
from .structure import Paragraph, Structure
from .superscripts import find_superscripts
from .textmap import Source

__all__ = ["link_claims"]

_FILLER = re.compile(r"^[\s.,;:!?)\]»”’\"'–—-]*$")
# between two clusters that support the same text: punctuation, or editorial brackets
_SHARED = re.compile(r"^(?:[\s.,;:)\]»”’\"'–—-]|\[[^\[\]\d]{0,40}\])*$")
_CONJUNCTION = re.compile(
    r"(?i)^(?:and|or|but|nor|while|whereas|as|than|и|или|а|но|либо|ни|və|ya|yaxud|"
    r"amma|lakin|həm|ve|veya|ya da|ama|fakat|ile|hem|және|мен|немесе|бірақ|әрі|да|де|та|те)$"
)
_WORD_START = re.compile(r"\s*[«“\"'(]?([^\W\d_][\w-]*)")


_ENDS_PUNCT = re.compile(r"[.,;:!?…]$")
_LETTERS = re.compile(r"[^\W\d_]+")


def _narrative(before: str, after: str, opens: bool) -> bool:
    """Does the cluster stand inside its sentence with the finding after it? Either a word
    follows it directly (not a conjunction that starts the next item of a list), or it is the
    sentence's first cluster and only a word or two come before it ("Так, показано [31], что …").
    A cluster glued to punctuation ("research,[2] music", "planet.[6]") closes what came before."""
    if _FILLER.match(after) or _ENDS_PUNCT.search(before):
        return False
    m = _WORD_START.match(after)
    if m and not _CONJUNCTION.match(m.group(1)):
        return True
    words = _LETTERS.findall(before)
    first = _LETTERS.search(after)
    return opens and len(words) <= 2 and first is not None and len(first.group(0)) >= 2 and \
        not _CONJUNCTION.match(first.group(0))


# a claim about what will or is to happen: no date of what happened before it is its event date
_FUTURE = re.compile(r"(?i)\b(?:will|shall|is\s+(?:expected|planned|scheduled|due)\s+to|are\s+(?:expected|planned|"
                     r"scheduled|due)\s+to|plans?\s+to|is\s+going\s+to|будет|будут|планиру\w+)\b"
                     r"|\w(?:acaq|əcək)(?:dır|dir|lar|lər)?[\s.,;:!?]*$")  # an Azerbaijani future as the predicate


def _uncited_before(p, text: str, a: int, b: int, line, resolver, uncited) -> None:
    """Sentences between the previous claim and a cluster that cites only its own sentence."""
    while b > a and text[b - 1].isspace():
        b -= 1
    if not text[a:b].strip() or _FILLER.match(text[a:b]):
        return
    uncited.append(Uncited(text=text[a:b].strip(), first_line=line(a), last_line=line(b - 1), kind="factual",
                           section=p.section, date=resolver.inherited(), paragraph=p.index))


def _sentence_of(spans: list[tuple[int, int]], starts: list[int], pos: int) -> int:
    """Index of the sentence holding ``pos`` (spans are sorted and disjoint); the last one
    when no sentence holds it."""
    i = bisect_right(starts, pos) - 1
    if 0 <= i < len(spans) and spans[i][0] <= pos < spans[i][1]:
        return i
    return len(spans) - 1


def link_claims(
    structure: Structure, source: Source, keys: list[str] | None
) -> tuple[list[Claim], list[Marker], list[Uncited], list[Finding]]:
    """Claims, markers, uncited text and findings for the body of a manuscript.

    ``keys`` are the bibliography's keys in order: number n links to ``keys[n - 1]``."""
    claims: list[Claim] = []
    markers: list[Marker] = []
    uncited: list[Uncited] = []
    findings: list[Finding] = []
    resolver = Resolver(across_paragraphs=_chronicle(structure.paragraphs))
    has_headings = bool(structure.sections)

    # which paragraphs come before the first and after the last citation
    found = [find_markers(p.text.text) for p in structure.paragraphs]
    if sum(1 for f in found for m in f if not m.problem) < 3:
        # hardly any bracketed citation: a document that cites with raised numbers?
        raised = find_superscripts([p.text.text for p in structure.paragraphs], len(keys) if keys else None)
        found = [sorted(f + r, key=lambda m: m.start) for f, r in zip(found, raised, strict=True)]
    cited = [any(not m.problem for m in f) for f in found]
    first_cited = cited.index(True) if True in cited else len(cited)
    last_cited = len(cited) - 1 - cited[::-1].index(True) if True in cited else -1

    def kind_of(p: Paragraph) -> str:
        if p.section_kind == "conclusion":
            return "conclusion"
        if p.section_kind == "introduction" and p.index < first_cited:
            return "introduction"
        if not has_headings:
            if p.index < first_cited:
                return "introduction"
            if p.index > last_cited:
                return "conclusion"
        return "factual"

    paragraphs = structure.paragraphs
    for k, (p, raw_markers) in enumerate(zip(paragraphs, found, strict=True)):
        resolver.new_paragraph()
        before = len(claims)
        _link_paragraph(p, raw_markers, source, keys, resolver, kind_of, claims, markers, uncited, findings)
        if len(claims) > before and all(not c.text for c in claims[before:]):
            _table_row(paragraphs, found, k, source, claims, before)
    return claims, markers, uncited, findings


def _chronicle(paragraphs: list[Paragraph]) -> bool:
    """A chronicle (news, a report of visits): most body paragraphs date what they tell, and a
    paragraph without a date goes on from the one before. In other prose (a literature review,
    a paper) a date is inherited only within its paragraph."""
    body = [p for p in paragraphs if p.role == "body" and len(p.text.text) >= 40]
    if len(body) < 3:
        return False
    dated = sum(1 for p in body if any(not d.published and d.kind != "anaphora" for d in find_dates(p.text.text)))
    return dated >= 0.5 * len(body)


def _table_row(paragraphs: list[Paragraph], found: list[list[RawMarker]], k: int, source: Source,
               claims: list[Claim], first: int) -> None:
    """A cell that holds only a citation (a table read cell by cell, as pdftotext reads one):
    the claim is the row's cells before it, the short paragraphs since the last cell that cited."""
    cells: list[Paragraph] = []
    j = k - 1
    while j >= 0 and len(cells) < 4:
        q = paragraphs[j]
        if found[j] or q.role != "body" or len(q.text.text) > 80 or q.section != paragraphs[k].section:
            break
        cells.insert(0, q)
        j -= 1
    if not cells:
        return
    text = " | ".join(c.text.text.strip() for c in cells)
    line = source.line_col(cells[0].text.base(0))[0]
    for i in range(first, len(claims)):
        claims[i] = replace(claims[i], text=text, first_line=line, context="table")


@dataclass
class _ParagraphDates:
    """The dates of one paragraph, resolved in reading order as the claims reach them."""

    resolver: Resolver
    raw: list[RawDate]
    starts: list[int] = field(init=False)
    resolved: dict[int, EventDate | None] = field(default_factory=dict)
    next_date: int = 0  # the first date not yet resolved

    def __post_init__(self) -> None:
        self.starts = [d.start for d in self.raw]

    def resolve_until(self, pos: int) -> None:
        """Resolve, in order, the dates that stand before ``pos``."""
        while self.next_date < len(self.raw) and self.raw[self.next_date].start < pos:
            d = self.raw[self.next_date]
            self.resolved[d.start] = self.resolver.resolve(d)
            self.next_date += 1

    def mentions(self, a: int, b: int) -> list[tuple[RawDate, EventDate | None]]:
        """The dates that start in ``[a, b)``, each with its resolved event date (if resolved yet)."""
        lo, hi = bisect_left(self.starts, a), bisect_left(self.starts, b)
        return [(d, self.resolved.get(d.start)) for d in self.raw[lo:hi]]


@dataclass
class _ParagraphLinker:
    """Links one paragraph's markers, in order, to the claims they support; what no marker
    supports goes to ``uncited``. The outputs are appended to the lists given."""

    p: Paragraph
    raw_markers: list[RawMarker]
    source: Source
    keys: list[str] | None
    resolver: Resolver
    claims: list[Claim]
    markers: list[Marker]
    uncited: list[Uncited]
    findings: list[Finding]
    text: str = field(init=False)
    spans: list[tuple[int, int]] = field(init=False)  # the sentences, trailing markers attached
    starts: list[int] = field(init=False)  # where each sentence starts
    dates: _ParagraphDates = field(init=False)
    valid: list[RawMarker] = field(init=False)  # the markers without a problem
    valid_index: dict[int, int] = field(init=False)  # a valid marker's start -> its index in ``valid``
    cursor: int = 0  # where the next claim may start
    covered: int = 0  # where the text that claims cover ends
    whole_sentence: bool = False  # the last claim read on to its sentence's end
    prev_end: int | None = None  # where the last marker ends
    prev_claim: Claim | None = None

    def __post_init__(self) -> None:
        self.text = self.p.text.text
        spans = sentence_spans(self.text)
        self.dates = _ParagraphDates(self.resolver, find_dates(self.text))
        self.valid = [r for r in self.raw_markers if not r.problem]
        self.valid_index = {r.start: k for k, r in enumerate(self.valid)}
        self.spans = attach_trailing_markers(self.text, spans, [(r.start, r.end) for r in self.valid])
        self.starts = [a for a, _ in self.spans]

    def line(self, offset: int) -> int:
        """The source line of the paragraph's character at ``offset``."""
        return self.source.line_col(self.p.text.base(offset))[0]

    def mention_objs(self, a: int, b: int) -> tuple[DateMention, ...]:
        """The dates mentioned in ``[a, b)``, placed in the source."""
        return tuple(
            DateMention(d.text, self.source.loc(self.p.text.base(d.start)), d.start, d.end, d.kind, ev)
            for d, ev in self.dates.mentions(a, b)
        )

    def run(self, kind_of: Callable[[Paragraph], str]) -> None:
        """Each marker in turn, then the text after the last one; ``kind_of`` says what kind of
        uncited text a paragraph without markers is."""
        for raw in self.raw_markers:
            loc = self.source.loc(self.p.text.base(raw.start))
            if raw.problem:
                self._malformed(raw, raw.problem, loc)
            else:
                self._cluster(raw, loc)
        self._tail(kind_of)

    def _malformed(self, raw: RawMarker, problem: str, loc: Location) -> None:
        """A marker that could not be read (``problem`` says why): a finding."""
        self.findings.append(Finding(Severity.ERROR, "malformed-citation", problem, loc,
                                     self.source.line_text(loc.line) if loc.line else None))
        # the bracket still ends what came before it: its text is no part of the next claim
        self.prev_end = max(self.prev_end or 0, raw.end)
        self.cursor = max(self.cursor, raw.end)
        self.covered = max(self.covered, raw.end)

    def _marker(self, raw: RawMarker, loc: Location) -> Marker:
        """The marker of a cluster, its numbers linked to the bibliography's keys."""
        keys = self.keys
        citations = tuple(
            Citation(n, keys[n - 1] if keys is not None and 0 < n <= len(keys) else None, lc)
            for n, lc in zip(raw.numbers, raw.locators, strict=True)
        )
        marker = Marker(raw.text, raw.numbers, citations, loc, raw.start, raw.end)
        self.markers.append(marker)
        return marker

    def _cluster(self, raw: RawMarker, loc: Location) -> None:
        """A citation cluster: its marker, and the claim it supports."""
        marker = self._marker(raw, loc)
        if self.prev_claim is not None and self.prev_end is not None and \
                _SHARED.match(self.text[self.prev_end : raw.start]):
            # right after another cluster ("[91][self-published source?][92]"): the same text
            self.prev_claim = replace(self.prev_claim, number=len(self.claims) + 1, marker=marker,
                                      last_line=loc.line or 0)
            self.claims.append(self.prev_claim)
            self.prev_end = raw.end
            return
        start, end, clause_end, s_end = self._claim_span(raw, self._claim_start(raw))
        self.whole_sentence = end > raw.start and clause_end == s_end
        self._add_claim(raw, marker, loc, start, end)
        self.prev_end = raw.end
        self.cursor = raw.end  # the next cluster's claim starts after this marker, even when this
        self.covered = max(self.covered, end)  # claim reads on past it ("Google[10] by Robert …[9]")

    def _claim_start(self, raw: RawMarker) -> int:
        """Where the claim of the cluster ``raw`` starts, reading back from it: after the last
        marker, or at the next sentence when only filler follows that marker in its sentence."""
        text, spans = self.text, self.spans
        start = self.cursor
        if self.prev_end is not None:
            i = _sentence_of(spans, self.starts, self.prev_end - 1)
            rest_of_sentence = text[self.prev_end : spans[i][1]] if i >= 0 else ""
            if _FILLER.match(rest_of_sentence) and i + 1 < len(spans):
                start = max(start, spans[i + 1][0])
            elif _FILLER.match(rest_of_sentence):
                start = max(start, spans[i][1])
            else:
                start = max(start, self.prev_end)
        if self.whole_sentence and start < self.covered <= raw.start:
            start = self.covered  # the cluster before claimed its sentence to the end ("(see [6] for …)")
        while start < raw.start and (text[start].isspace() or text[start] in ",;:.)]–—-。，；：、）"):
            start += 1
        return start

    def _claim_span(self, raw: RawMarker, start: int) -> tuple[int, int, int, int]:
        """The claim's ``start`` and ``end``, where its clause ends and where its sentence ends.
        The claim ends at the marker, unless the finding follows the marker in its sentence."""
        text = self.text
        # the sentence the cluster stands in, and where the next cluster of that sentence starts
        si = _sentence_of(self.spans, self.starts, raw.start)
        s_start, s_end = self.spans[si] if self.spans else (0, len(text))
        k = self.valid_index[raw.start]
        nxt = self.valid[k + 1].start if k + 1 < len(self.valid) else len(text)
        clause_end = min(nxt, s_end)
        end = raw.start
        opens = k == 0 or self.valid[k - 1].start < s_start
        if _narrative(text[max(start, s_start) : raw.start], text[raw.end : clause_end], opens):
            # "In [11] it is studied …", "Ostrom [7] lists …", "(see [7] for a review)": the
            # finding follows the marker; the claim is the sentence (up to the next cluster)
            if start < s_start and text[start:s_start].strip():
                _uncited_before(self.p, text, start, s_start, self.line, self.resolver, self.uncited)
                start = s_start
            end = clause_end
            while end > raw.end and (text[end - 1].isspace() or text[end - 1] in ",;:."):
                end -= 1
        return start, end, clause_end, s_end

    def _add_claim(self, raw: RawMarker, marker: Marker, loc: Location, start: int, end: int) -> None:
        """The claim ``text[start:end]`` of ``marker``, dated by its own dates or the one before it."""
        self.dates.resolve_until(start)
        inherited = self.resolver.inherited()
        self.dates.resolve_until(raw.start)
        own = self.mention_objs(start, end)
        primary = next((m.date for m in own if m.date is not None), None)
        claim_text = self.text[start:end].rstrip()
        if _FUTURE.search(claim_text):
            inherited = None  # what will happen did not happen on the date before it
        self.prev_claim = Claim(
            number=len(self.claims) + 1,
            text=claim_text,
            first_line=self.line(start) if claim_text else loc.line or 0,
            last_line=max(loc.line or 0, self.line(max(start, end - 1)) if end > raw.end else 0),
            section=self.p.section,
            marker=marker,
            date=primary or inherited,
            dates=own,
            paragraph=self.p.index,
            context=self.p.role,
        )
        self.claims.append(self.prev_claim)

    def _tail_start(self) -> int:
        """Where the text after the last marker starts (the paragraph's start when it has none)."""
        text, spans, prev_end = self.text, self.spans, self.prev_end
        if prev_end is None:
            return 0
        i = _sentence_of(spans, self.starts, prev_end - 1)
        tail_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        if not _FILLER.match(text[prev_end : spans[i][1]] if spans else ""):
            tail_start = prev_end
        return max(tail_start, self.covered)

    def _tail(self, kind_of: Callable[[Paragraph], str]) -> None:
        """What follows the last marker, or the whole paragraph when it has none: uncited text."""
        text, p = self.text, self.p
        tail_start = self._tail_start()
        tail = text[tail_start:].strip()
        self.dates.resolve_until(tail_start)
        inherited = self.resolver.inherited()
        self.dates.resolve_until(len(text) + 1)
        if not tail or _FILLER.match(tail):
            return
        while tail_start < len(text) and (text[tail_start].isspace() or text[tail_start] in ",;:.)]"):
            tail_start += 1
        tail_dates = [ev for _, ev in self.dates.mentions(tail_start, len(text)) if ev is not None]
        if self.prev_end is None:
            kind = kind_of(p)
        else:
            kind = "conclusion" if p.section_kind == "conclusion" else "factual"
        self.uncited.append(Uncited(
            text=text[tail_start:].strip(),
            first_line=self.line(tail_start),
            last_line=self.line(len(text.rstrip()) - 1),
            kind=kind,
            section=p.section,
            date=tail_dates[0] if tail_dates else inherited,
            paragraph=p.index,
        ))


def _link_paragraph(
    p: Paragraph,
    raw_markers: list[RawMarker],
    source: Source,
    keys: list[str] | None,
    resolver: Resolver,
    kind_of: Callable[[Paragraph], str],
    claims: list[Claim],
    markers: list[Marker],
    uncited: list[Uncited],
    findings: list[Finding],
) -> None:
    """Link the markers of paragraph ``p`` to their claims, appending to the lists given."""
    _ParagraphLinker(p, raw_markers, source, keys, resolver, claims, markers, uncited, findings).run(kind_of)
