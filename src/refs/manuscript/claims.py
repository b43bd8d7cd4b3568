"""Claims: the text each citation cluster supports, its place and its event date; and the
text no citation supports."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace

from ..model import Citation, Claim, DateMention, EventDate, Finding, Marker, Severity, Uncited
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
    def line(offset: int) -> int:
        return source.line_col(p.text.base(offset))[0]

    text = p.text.text
    spans = sentence_spans(text)
    starts = [a for a, _ in spans]
    raw_dates = find_dates(text)
    date_starts = [d.start for d in raw_dates]
    resolved: dict[int, EventDate | None] = {}
    next_date = 0

    def resolve_until(pos: int) -> None:
        """Resolve, in order, the dates that stand before ``pos``."""
        nonlocal next_date
        while next_date < len(raw_dates) and raw_dates[next_date].start < pos:
            d = raw_dates[next_date]
            resolved[d.start] = resolver.resolve(d)
            next_date += 1

    def mentions(a: int, b: int) -> list[tuple[RawDate, EventDate | None]]:
        lo, hi = bisect_left(date_starts, a), bisect_left(date_starts, b)
        return [(d, resolved.get(d.start)) for d in raw_dates[lo:hi]]

    def mention_objs(a: int, b: int) -> tuple[DateMention, ...]:
        return tuple(
            DateMention(d.text, source.loc(p.text.base(d.start)), d.start, d.end, d.kind, ev)
            for d, ev in mentions(a, b)
        )

    spans = attach_trailing_markers(text, spans, [(r.start, r.end) for r in raw_markers if not r.problem])
    starts = [a for a, _ in spans]
    cursor = 0  # where the next claim may start
    covered = 0  # where the text that claims cover ends
    whole_sentence = False  # the last claim read on to its sentence's end
    prev_end: int | None = None
    prev_claim: Claim | None = None
    valid = [r for r in raw_markers if not r.problem]
    valid_index = {r.start: k for k, r in enumerate(valid)}
    for raw in raw_markers:
        loc = source.loc(p.text.base(raw.start))
        if raw.problem:
            findings.append(Finding(Severity.ERROR, "malformed-citation", raw.problem, loc,
                                    source.line_text(loc.line) if loc.line else None))
            # the bracket still ends what came before it: its text is no part of the next claim
            prev_end = max(prev_end or 0, raw.end)
            cursor = max(cursor, raw.end)
            covered = max(covered, raw.end)
            continue
        citations = tuple(
            Citation(n, keys[n - 1] if keys is not None and 0 < n <= len(keys) else None, lc)
            for n, lc in zip(raw.numbers, raw.locators, strict=True)
        )
        marker = Marker(raw.text, raw.numbers, citations, loc, raw.start, raw.end)
        markers.append(marker)
        if prev_claim is not None and prev_end is not None and _SHARED.match(text[prev_end : raw.start]):
            # right after another cluster ("[91][self-published source?][92]"): the same text
            prev_claim = replace(prev_claim, number=len(claims) + 1, marker=marker, last_line=loc.line or 0)
            claims.append(prev_claim)
            prev_end = raw.end
            continue
        start = cursor
        if prev_end is not None:
            i = _sentence_of(spans, starts, prev_end - 1)
            rest_of_sentence = text[prev_end : spans[i][1]] if i >= 0 else ""
            if _FILLER.match(rest_of_sentence) and i + 1 < len(spans):
                start = max(start, spans[i + 1][0])
            elif _FILLER.match(rest_of_sentence):
                start = max(start, spans[i][1])
            else:
                start = max(start, prev_end)
        if whole_sentence and start < covered <= raw.start:
            start = covered  # the cluster before claimed its sentence to the end ("(see [6] for …)")
        while start < raw.start and (text[start].isspace() or text[start] in ",;:.)]–—-。，；：、）"):
            start += 1
        # the sentence the cluster stands in, and where the next cluster of that sentence starts
        si = _sentence_of(spans, starts, raw.start)
        s_start, s_end = spans[si] if spans else (0, len(text))
        k = valid_index[raw.start]
        nxt = valid[k + 1].start if k + 1 < len(valid) else len(text)
        clause_end = min(nxt, s_end)
        end = raw.start
        opens = k == 0 or valid[k - 1].start < s_start
        if _narrative(text[max(start, s_start) : raw.start], text[raw.end : clause_end], opens):
            # "In [11] it is studied …", "Ostrom [7] lists …", "(see [7] for a review)": the
            # finding follows the marker; the claim is the sentence (up to the next cluster)
            if start < s_start and text[start:s_start].strip():
                _uncited_before(p, text, start, s_start, line, resolver, uncited)
                start = s_start
            end = clause_end
            while end > raw.end and (text[end - 1].isspace() or text[end - 1] in ",;:."):
                end -= 1
        whole_sentence = end > raw.start and clause_end == s_end
        resolve_until(start)
        inherited = resolver.inherited()
        resolve_until(raw.start)
        own = mention_objs(start, end)
        primary = next((m.date for m in own if m.date is not None), None)
        claim_text = text[start:end].rstrip()
        if _FUTURE.search(claim_text):
            inherited = None  # what will happen did not happen on the date before it
        prev_claim = Claim(
            number=len(claims) + 1,
            text=claim_text,
            first_line=line(start) if claim_text else loc.line or 0,
            last_line=max(loc.line or 0, line(max(start, end - 1)) if end > raw.end else 0),
            section=p.section,
            marker=marker,
            date=primary or inherited,
            dates=own,
            paragraph=p.index,
            context=p.role,
        )
        claims.append(prev_claim)
        prev_end = raw.end
        cursor = raw.end  # the next cluster's claim starts after this marker, even when this
        covered = max(covered, end)  # claim reads on past it ("Google[10] by Robert …[9]")
    # what follows the last marker, or the whole paragraph when it has none
    if prev_end is None:
        tail_start = 0
    else:
        i = _sentence_of(spans, starts, prev_end - 1)
        tail_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        if not _FILLER.match(text[prev_end : spans[i][1]] if spans else ""):
            tail_start = prev_end
        tail_start = max(tail_start, covered)
    tail = text[tail_start:].strip()
    resolve_until(tail_start)
    inherited = resolver.inherited()
    resolve_until(len(text) + 1)
    if tail and not _FILLER.match(tail):
        while tail_start < len(text) and (text[tail_start].isspace() or text[tail_start] in ",;:.)]"):
            tail_start += 1
        tail_dates = [ev for _, ev in mentions(tail_start, len(text)) if ev is not None]
        uncited.append(Uncited(
            text=text[tail_start:].strip(),
            first_line=line(tail_start),
            last_line=line(len(text.rstrip()) - 1),
            kind=kind_of(p) if prev_end is None else ("conclusion" if p.section_kind == "conclusion" else "factual"),
            section=p.section,
            date=tail_dates[0] if tail_dates else inherited,
            paragraph=p.index,
        ))
