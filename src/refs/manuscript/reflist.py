"""The manuscript's printed reference list, found by its entries rather than by its heading.

A reference list is a run of lines that start with consecutive labels (``[1]``, ``1.``, ``1)``,
``1 ``) whose text looks like references: years, initials, DOIs, pages, volumes, ``et al.``,
``//`` (GOST). Two-column layouts print the labels apart from the entries (a column of ``1.``,
``2.`` …) and interleave the list with body text; a list may stand before the end of the body.
Nothing here depends on a heading: a heading only lowers the bar (see ``looks_like_references``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["LABEL", "label_number", "Entry", "PrintedEntry", "find_entries", "reference_features", "looks_like_references"]

LABEL = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})(?:[.)]|(?=\s+\S))|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4}))(?=\s|$)")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def label_number(m: re.Match[str]) -> int:
    """The number of a LABEL match: ``[12]``, ``12.``, ``12)``, ``12 `` or a raised ``¹²``."""
    return int(m.group(1) or m.group(2) or m.group(3).translate(_SUPERSCRIPT_DIGITS))

_FEATURES = [
    re.compile(r"\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b"),  # a year
    re.compile(r"\bdoi\b|\b10\.\d{4,9}/|\bPMID\b|\bPubMed\b|\bISBN\b|\barXiv\b", re.I),
    re.compile(r"https?://|\bwww\.|\bURL\b|\[Электронный ресурс\]|Available( online)?:|Accessed|"
               r"дата обращения|müraciət tarixi|erişim tarihi", re.I),
    # Surname A. B. / A. B. Surname / Surname AB, (Vancouver) / Surname, A.
    re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁƏÇŞĞÖÜİ][a-zà-öø-ÿа-яёəçşğöüı'’-]+,?\s+(?:[A-ZА-ЯЁƏÇŞĞÖÜİ]\.\s?-?){1,3}"
               r"|(?:\b[A-ZА-ЯЁƏÇŞĞÖÜİ]\.\s?-?){1,3}\s?[A-ZÀ-ÖØ-ÞА-ЯЁƏÇŞĞÖÜİ][a-zà-öø-ÿа-яёəçşğöüı]+"
               r"|\b[A-Z][a-zà-ÿ'-]+ [A-Z]{1,3}[,.;:]"),
    re.compile(r"\bet al\b|\[?\bи др\b\.?\]?|\bvə b\.|\bve ark\b|\bжәне т\.б|\bu\. a\.|\bed(?:s|itors?)?\.|"
               r"\(eds?\.?\)|\bред\.|\bпод ред\b", re.I),
    re.compile(r"\b(?:pp?|P|С|с|S|s|Б|б|bet|бет|səh|стр)\.\s?\d+|\b\d+\s?[–—-]\s?\d+\s?(?:pp?\.|с\.|s\.|б\.)?"),
    re.compile(r"\b(?:vol|Vol|Т|т|no|No|Nr|№|Iss|issue|Bd|Jg)\.?\s?\d+|\b\d+\s?\(\d+(?:[–-]\d+)?\)\s?[:,]"),
    re.compile(r"\s//\s|\.\s—\s|\s–\s(?:М|СПб|Киев|Баку|Алматы|Астана)\b|\bIn:\s|\bВ кн\.|\bIn\s[A-Z][a-z]+,"),
    re.compile(r"\b(?:Press|Publishers?|Verlag|Springer|Elsevier|Wiley|Routledge|Издательство|Изд-во|"
               r"Наука|University|Universitet|Университет|Proceedings|Proc\.|Conference|Journal|J\.|Trans\.|"
               r"Rev\.|Lett\.|Sci\.|Вестник|Журнал|Известия|Труды|Материалы|jurnal|dergisi)(?!\w)"),
]
_MARKER = re.compile(r"\[\d{1,4}(?:\s*[,;–-]\s*\d{1,4})*\]")
_WORDS = re.compile(r"[^\W\d_]{2,}")


def reference_features(text: str) -> int:
    """How many kinds of bibliographic detail a text holds (0–9)."""
    return sum(1 for f in _FEATURES if f.search(text))


def looks_like_references(lines: Sequence[str], after_heading: bool = False) -> bool:
    """Is a block of lines reference entries (not prose)? Prose with citation markers is not."""
    text = " ".join(s.strip() for s in lines if s.strip())
    if not text:
        return False
    markers = sum(len(_MARKER.findall(LABEL.sub("", s, count=1))) for s in lines)  # labels are no citations
    words = len(_WORDS.findall(text))
    hits = sum(reference_features(s) for s in lines if s.strip())
    per_line = hits / max(1, sum(1 for s in lines if s.strip()))
    if markers and markers * 40 >= words * 1 and not after_heading:
        return False
    if markers >= 2 and per_line < 2.5:
        return False  # body text that cites
    if after_heading:
        return per_line >= 1.2 or (words <= 12 and not markers)
    return per_line >= 2.5 and reference_features(text) >= 4


@dataclass(frozen=True)
class Entry:
    """One printed entry: its number, and the lines (indexes into the document's lines) it spans."""

    number: int
    first: int
    last: int
    label_only: bool = False  # the label stands on a line of its own (two-column layouts)
    chain: int = 0  # which list of the document it belongs to
    guessed: bool = False  # a bare label given the lines after it: they may be another entry's


@dataclass(frozen=True)
class PrintedEntry:
    """One entry of the manuscript's printed list, as printed: its place in the list, its label
    (``[12]``, ``12.``; None where the list prints none), its text with the lines joined, and
    the 1-based lines of the file it spans."""

    number: int
    label: str | None
    text: str
    first_line: int
    last_line: int
    file: str | None = None


def _label(line: str) -> tuple[int, str] | None:
    m = LABEL.match(line)
    if not m:
        return None
    n = label_number(m)
    rest = line[m.end():].strip()
    if m.group(2) and not line.strip().endswith(".") and not rest:
        return None  # a bare number on a line: a page number, not a label
    if m.group(2) and rest and not m.group(0).rstrip().endswith((".", ")")) and not (rest[:1].isupper() or rest[:1].isdigit()):
        return None  # "1 getGSE <- ..." (code line numbers), "12 cats were counted"
    return n, rest


def _label_rest(line: str) -> str:
    """The text after a line's label ("" when the line has none)."""
    label = _label(line)
    return label[1] if label is not None else ""


def _with_next(lines, blank, i: int, text: str) -> str:
    """A line's text with the two lines after it ("29 limma powers …" is told by what follows)."""
    more = [lines[k] for k in range(i + 1, min(len(lines), i + 4)) if not blank[k]][:2]
    return " ".join([text, *more])


def _next_is_label(lines, blank, i: int) -> bool:
    k = i + 1
    while k < len(lines) and k - i <= 3 and blank[k]:
        k += 1
    return k < len(lines) and k - i <= 3 and (_label(lines[k]) is not None or bool(_ENTRY_START.match(lines[k])))


# a line that may open an entry: (line index, the label's number, the text after the label)
_Candidate = tuple[int, int, str]


def find_entries(lines: Sequence[str], blank: Sequence[bool], stops: Sequence[bool],
                 listed: Sequence[bool] | None = None, numbers: Sequence[bool] | None = None) -> list[Entry]:
    """The reference-list entries among ``lines``.

    ``blank[i]`` says line i is empty (or page furniture), ``stops[i]`` that it cannot belong to
    an entry (a heading). Labels are chained by consecutive numbers (1, 2, 3 … wherever they
    stand); a chain of at least three labels whose entries look like references is a list.
    ``listed[i]``: line i follows a heading such as References (a list there needs less proof).
    ``numbers[i]``: line i is a bare number set aside as a page number; it may yet be a label
    whose full stop was lost ("40" between entries 39 and 41)."""
    listed = listed or [False] * len(lines)
    numbers = numbers or [False] * len(lines)
    candidates, weak = _candidates(lines, blank, stops, numbers)
    entries: list[Entry] = []
    for chain_id, chain in enumerate(_chains(lines, candidates, weak)):
        entries.extend(_chain_entries(lines, blank, stops, listed, chain, chain_id))
    entries = _pair_runs(entries, lines, blank, stops)
    entries = _pair_orphans(entries, lines, blank, stops, listed)
    entries.sort(key=lambda e: e.first)
    return entries


def _candidates(lines: Sequence[str], blank: Sequence[bool], stops: Sequence[bool],
                numbers: Sequence[bool]) -> tuple[list[_Candidate], set[int]]:
    """The lines that start with a label, and which of them (by line index) are weak: a bare
    number that is a label only where it continues a list."""
    candidates: list[_Candidate] = []
    weak: set[int] = set()  # "11 shiny: Web Application…": a label only where it continues a list
    for i, line in enumerate(lines):
        if (blank[i] and not numbers[i]) or stops[i]:
            continue
        found = _label(line) if not blank[i] else None
        if found is None:
            m = re.match(r"^\s*(\d{1,4})\s+(\S.*)$", line)
            if m and (reference_features(m.group(2)) >= 1 or (
                    len(m.group(2).split()) >= 3 and reference_features(_with_next(lines, blank, i, m.group(2))) >= 2)):
                found = (int(m.group(1)), m.group(2).strip())
                weak.add(i)
            elif (bare := re.match(r"^\s*(\d{1,4})\s*$", line)) and _next_is_label(lines, blank, i):
                found = (int(bare.group(1)), "")  # "40" in a column of "23." "41.": its full stop lost
                weak.add(i)
        if found and 0 < found[0] < 5000:
            candidates.append((i, found[0], found[1]))
    return candidates, weak


def _chains(lines: Sequence[str], candidates: list[_Candidate], weak: set[int]) -> list[list[_Candidate]]:
    """The candidates chained by consecutive numbers."""
    # chains: each candidate extends the latest chain that ends with its number minus one;
    # any other number starts a chain (a list may go on from an earlier column or page)
    chains: list[list[_Candidate]] = []
    tail: dict[int, int] = {}  # last number -> chain index
    for cand in candidates:
        if cand[0] in weak:
            k = tail.get(cand[1] - 1)
            if k is None or cand[0] - chains[k][-1][0] > 20:
                continue
            tail.pop(cand[1] - 1)
            chains[k].append(cand)
            tail[cand[1]] = k
            continue
        k = tail.pop(cand[1] - 1, None)
        if k is None and lines[cand[0]].lstrip().startswith("["):
            k = tail.pop(cand[1] - 2, None)  # [22] then [24]: [23] stood where no label was seen
        if k is None and cand[1] in tail and cand[0] - chains[tail[cand[1]]][-1][0] <= 6:
            chains[tail[cand[1]]].append(cand)  # the same number printed twice: kept, the list goes on
            continue
        if k is None:
            chains.append([cand])
            k = len(chains) - 1
        else:
            chains[k].append(cand)
        tail[cand[1]] = k
    return chains


def _chain_entries(lines: Sequence[str], blank: Sequence[bool], stops: Sequence[bool], listed: Sequence[bool],
                   chain: list[_Candidate], chain_id: int) -> list[Entry]:
    """The entries of a chain of labels, or none when the chain is no reference list."""
    if len(chain) < (1 if listed[chain[0][0]] and chain[0][1] == 1 else 3):
        return []  # a short list is one only under its heading, starting at 1
    if chain[0][1] >= 1000 and len(chain) < 10:
        return []  # "1982. Сер. 6 …", "1983. Vol. 54 …": years that open an entry's lines, not labels
    label_only = sum(1 for c in chain if not c[2])
    if label_only * 2 >= len(chain):
        return _label_column_entries(lines, blank, stops, chain, chain_id)
    return _labelled_entries(lines, blank, stops, listed, chain, chain_id, label_only)


def _label_column_entries(lines: Sequence[str], blank: Sequence[bool], stops: Sequence[bool],
                          chain: list[_Candidate], chain_id: int) -> list[Entry]:
    """The entries of a chain whose labels mostly stand alone (a column of bare labels): a list
    when the text near it reads as references."""
    near = [lines[k] for k in range(chain[0][0] + 1, min(len(lines), chain[-1][0] + 40))
            if not blank[k] and _label(lines[k]) is None]
    if not (looks_like_references(near[:20], after_heading=True) or reference_features(" ".join(near[:20])) >= 5):
        return []
    entries: list[Entry] = []
    texts = _texts_of_label_runs(lines, blank, stops, chain)
    for j, (i, n, rest) in enumerate(chain):
        if j in texts:  # the label here, its text after the run of labels
            entries.append(Entry(n, i, i, True, chain_id))
            entries.append(Entry(n, *texts[j], False, chain_id))
            continue
        last = _text_after_label(lines, blank, stops, chain, j) if not rest else i
        entries.append(Entry(n, i, last, last == i and not rest, chain_id, not rest and last > i))
    return entries


def _labelled_entries(lines: Sequence[str], blank: Sequence[bool], stops: Sequence[bool], listed: Sequence[bool],
                      chain: list[_Candidate], chain_id: int, label_only: int) -> list[Entry]:
    """The entries of a chain whose labels mostly open their text (``label_only`` of them stand
    alone): a list when enough of its entries read as references."""
    spans = [_extent(lines, blank, stops, chain, j) for j in range(len(chain))]
    # "[n] ..." labels are a reference list's own form; "n." also numbers lists in prose
    bracketed = sum(1 for i, _, _ in chain if lines[i].lstrip().startswith("["))
    need = 2 if bracketed * 2 >= len(chain) else 3
    if listed[chain[0][0]]:
        need -= 1  # under a References heading: "[24] Intel Xeon Processor … https://…" will do
    good = sum(
        1 for (i, _, rest), (a, b) in zip(chain, spans, strict=True)
        if reference_features(" ".join(lines[k] for k in range(a, b + 1) if not blank[k])) >= need
    )
    if good * 10 < (len(chain) - label_only) * 6:  # labels standing alone are judged by the rest
        return []
    entries: list[Entry] = []
    texts = _texts_of_label_runs(lines, blank, stops, chain) if label_only else {}
    for j, ((i, n, rest), (a, b)) in enumerate(zip(chain, spans, strict=True)):
        if j in texts:  # some labels printed apart from their text (a page's first column)
            entries.append(Entry(n, i, i, True, chain_id))
            entries.append(Entry(n, *texts[j], False, chain_id))
        elif not rest and not (b > a and reference_features(
                " ".join(lines[k] for k in range(a + 1, b + 1) if not blank[k])) >= 2):
            entries.append(Entry(n, i, i, True, chain_id))  # its text stands elsewhere
        else:
            entries.append(Entry(n, a, b, False, chain_id, not rest))
    return entries


def _pair_runs(entries: list[Entry], lines, blank, stops) -> list[Entry]:
    """Runs of bare labels (``7.`` ``2.`` with only blank lines between) and the text next to
    them, as pdftotext writes a two-column list whose columns it interleaved: the entries of
    the text after the run (or, when a label follows at once, of the text before it) go to the
    run's labels in the order of their numbers, when the text splits into exactly as many."""
    texted = {(e.chain, e.number) for e in entries if not e.label_only and not e.guessed}
    bare = sorted((e for e in entries if (e.label_only or e.guessed) and (e.chain, e.number) not in texted),
                  key=lambda e: e.first)
    if len(bare) < 2:
        return entries
    label_lines = {e.first for e in entries if _label(lines[e.first]) is not None}
    firm = {k for e in entries if not e.label_only and not e.guessed and (e.first not in label_lines or
            _label_rest(lines[e.first])) for k in range(e.first, e.last + 1)}
    free = _FreeText(lines, blank, stops, label_lines, firm)
    runs = _bare_runs(bare, blank)
    given: dict[int, tuple[int, int]] = {}  # id of a bare entry -> the lines of its text
    owner = {e.first: e for e in bare}
    for run in runs:
        if len(run) < 2:
            continue
        found = _text_of_run(run, runs, owner, free)
        if found is None:
            continue
        takers, pieces = found
        for e, piece in zip(takers, pieces, strict=True):
            given[id(e)] = (piece[0], piece[-1])
    if not given:
        return entries
    out: list[Entry] = []
    for e in entries:
        if id(e) in given:
            out.append(Entry(e.number, e.first, e.first, True, e.chain))
            out.append(Entry(e.number, *given[id(e)], False, e.chain))
        else:
            out.append(e)
    return out


def _bare_runs(bare: list[Entry], blank: Sequence[bool]) -> list[list[Entry]]:
    """The bare labels (in the order of their lines) in runs: consecutive numbers of one list
    with only blank lines between them."""
    runs: list[list[Entry]] = [[bare[0]]]
    for e in bare[1:]:
        prev = runs[-1][-1]
        apart = any(not blank[k] for k in range(prev.first + 1, e.first))
        if apart or (e.chain == prev.chain and e.number != prev.number + 1):
            runs.append([e])
        else:
            runs[-1].append(e)
    return runs


@dataclass
class _FreeText:
    """The text next to runs of bare labels that no entry holds firmly."""

    lines: Sequence[str]
    blank: Sequence[bool]
    stops: Sequence[bool]
    label_lines: set[int]  # the lines that hold an entry's label
    firm: set[int]  # the lines of the entries that have their text with their label

    def region(self, k: int, step: int) -> list[int]:
        """The free lines from line ``k`` on, forwards (``step`` 1) or backwards (-1), up to a
        label, a stop, or (forwards) what starts no entry after a blank line; in their order."""
        lines, blank = self.lines, self.blank
        out: list[int] = []
        gap = False
        while 0 <= k < len(lines) and k not in self.label_lines and not self.stops[k]:
            if blank[k]:
                gap = True
            elif k not in self.firm:
                if step > 0 and gap and out and not _ENTRY_START.match(lines[k]):
                    break  # after a blank line, something that starts no entry: the list ended
                out.append(k)
                gap = False
            k += step
        return out if step > 0 else out[::-1]


def _text_of_run(run: list[Entry], runs: list[list[Entry]], owner: dict[int, Entry],
                 free: _FreeText) -> tuple[list[Entry], list[list[int]]] | None:
    """The labels of a run that take text (in the order of their numbers) and their texts' lines;
    None when the text next to the run does not split into exactly as many entries.
    ``owner``: the bare entries by their first line."""
    lines, blank = free.lines, free.blank
    after = free.region(run[-1].first + 1, 1)
    pieces = _split_exactly(lines, after, len(run), rest=False) if after else None
    takers = sorted(run, key=lambda e: e.number)
    if pieces is None and len(run) > 2 and run[-1].guessed and after:
        # the last label has its text after it; the others' text stands before the run
        run, takers, after = run[:-1], sorted(run[:-1], key=lambda e: e.number), []
    if pieces is None and not after:
        before = free.region(run[0].first - 1, -1)
        start = before[0] - 1 if before else run[0].first - 1
        while start >= 0 and blank[start]:
            start -= 1
        lead = owner.get(start)  # a bare label just before that text: its entry comes first
        if lead is not None and lead not in run and not any(lead in r and len(r) > 1 for r in runs):
            takers = [lead, *takers]
        pieces = _split_exactly(lines, before, len(takers), rest=False) if before else None
    if pieces is None:
        return None
    return takers, pieces[1]


def _pair_orphans(entries: list[Entry], lines, blank, stops, listed) -> list[Entry]:
    """Labels that stood alone with no text found for them, and text under the list's heading
    that no entry took: when the text splits into exactly as many entries as there are such
    labels, they are paired in order (pdftotext can print a column's labels far from its text).
    A bare label that was given the lines after it only because they stood there is undone when
    that is what makes the counts meet."""
    paired = _pair_lonely(entries, lines, blank, stops, listed, set())
    if paired is not None:
        return paired
    texted = {(e.chain, e.number) for e in entries if not e.label_only}
    waiting = {e.chain for e in entries if e.label_only and (e.chain, e.number) not in texted}
    guessed = {id(e) for e in entries if e.guessed and e.chain in waiting}  # only beside labels still waiting
    if guessed:
        paired = _pair_lonely(entries, lines, blank, stops, listed, guessed)
        if paired is not None:
            return paired
    return entries


def _pair_lonely(entries: list[Entry], lines, blank, stops, listed, undone: set[int]) -> list[Entry] | None:
    kept = [e if id(e) not in undone else Entry(e.number, e.first, e.first, True, e.chain) for e in entries]
    texted = {(e.chain, e.number) for e in kept if not e.label_only}
    lonely = sorted((e for e in kept if e.label_only and (e.chain, e.number) not in texted),
                    key=lambda e: (e.chain, e.number))
    if len(lonely) < 2:
        return None
    covered = {k for e in kept if not e.label_only for k in range(e.first, e.last + 1)}
    labels = {e.first for e in kept}
    top = max(e.number for e in kept) + 1

    def unlabelled(k: int) -> bool:  # "1996. p. 241–63." is no label of a list of 68
        found = _label(lines[k])
        return found is None or found[0] > top

    orphan = [k for k in range(len(lines)) if listed[k] and not blank[k] and not stops[k] and k not in covered
              and k not in labels and unlabelled(k)]
    # a run of lonely numbers between two entries that have their text: its text stands between theirs
    numbers = {e.number for e in lonely}
    chains = {e.chain for e in lonely}
    if len(chains) == 1 and max(numbers) - min(numbers) + 1 == len(numbers):
        own = {e.number: e for e in kept if not e.label_only and e.chain in chains}
        other: dict[int, list[Entry]] = {}
        for e in kept:
            if not e.label_only:
                other.setdefault(e.number, []).append(e)

        def neighbour(n: int) -> Entry | None:  # the list's own, or one other list's (1–4 read apart from 5–68)
            return own.get(n) or (other[n][0] if len(other.get(n, ())) == 1 else None)

        low, high = neighbour(min(numbers) - 1), neighbour(max(numbers) + 1)
        if low and high and low.last < high.first:
            orphan = [k for k in orphan if low.first < k < high.first]
    if not orphan:
        return None
    split = _split_exactly(lines, orphan, len(lonely))
    if split is None:
        return None
    out = list(kept)
    rest, pieces = split
    if rest:  # the rest of the entry printed just before, cut from it by a column of labels
        before = [e for e in kept if not e.label_only and e.last < rest[0]]
        if before:
            prev = max(before, key=lambda e: e.last)
            out.append(Entry(prev.number, rest[0], rest[-1], False, prev.chain))
    for e, piece in zip(lonely, pieces, strict=True):
        out.append(Entry(e.number, piece[0], piece[-1], False, e.chain))
    return out


_ENDS_ENTRY = re.compile(r"(?:\b(?:1[5-9]|20)\d\d[a-z]?|\d+\s?[–—-]\s?\d+|\b\d+|\.pdf|/|\bp)\.?\s*$|[.)\]]\s*$")


def _split_exactly(lines, body: list[int], k: int, rest: bool = True) -> tuple[list[int], list[list[int]]] | None:
    """Split the lines ``body`` into exactly ``k`` entries (and the rest of an entry before
    them when the first line does not start one): cut where a line ends an entry (a full stop,
    a year, pages) and the next starts one (authors' names; a capital after a short line).
    The k - 1 best places are taken when they stand clearly above the rest; None otherwise."""
    if not body:
        return None
    widths = sorted(len(lines[x].rstrip()) for x in body)
    full = widths[int(len(widths) * 0.75)]
    scores: list[tuple[float, int]] = []
    for p in range(1, len(body)):
        prev, line = lines[body[p - 1]].rstrip(), lines[body[p]]
        if _LINKS_LINE.match(line):
            continue  # "PubMed Abstract | Publisher Full Text" closes the entry above it
        links = bool(_LINKS_LINE.match(prev))
        if not links and not re.search(r"[.)\]]\s*$", prev) and not _ENDS_ENTRY.search(prev):
            continue
        score = 1.0 if links else 0.0
        if _ENTRY_START.match(line):
            score += 2
        elif line.lstrip()[:1].isupper():
            score += 0.5
        else:
            continue
        if len(prev) < full * 0.85:
            score += 1
        if re.search(r"(?:\b(?:1[5-9]|20)\d\d[a-z]?|\d+\s?[–—-]\s?\d+|\.pdf|\d)\.?\s*$", prev):
            score += 1
        if not links and not re.search(r"[.)\]]\s*$", prev):
            score -= 1
        scores.append((score, p))
    leading = rest and not _ENTRY_START.match(lines[body[0]])
    need = k if leading else k - 1
    if need < 0 or len(scores) < need:
        return None
    ranked = sorted(scores, key=lambda s: -s[0])
    chosen = ranked[:need]
    if chosen and chosen[-1][0] < 2:
        return None
    if need < len(ranked) and chosen and ranked[need][0] >= chosen[-1][0]:
        return None  # no clear line between the places that cut and the rest
    cuts = sorted(p for _, p in chosen)
    bounds = ([0] if not leading else [0]) + cuts + [len(body)]
    parts = [body[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    if leading:
        return parts[0], parts[1:]
    return [], parts


_ENTRY_START = re.compile(
    r"^\s*(?:[A-ZÀ-ÖØ-ÞА-ЯЁƏÇŞĞÖÜİ][\w'’-]+(?:\s[A-Z][\w'’-]+)?,?\s+(?:[A-ZА-ЯЁ]\.?\s?-?){1,3}[,.;:\s]|"
    r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]+,\s[A-Z][a-z]+|(?:[A-ZА-ЯЁ]\.\s?){1,3}[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]+[,\s])")


def _texts_of_label_runs(lines, blank, stops, chain) -> dict[int, tuple[int, int]]:
    """Labels printed in a column apart from their entries (``1.`` ``2.`` … then the entries'
    text, as pdftotext writes a two-column list): each run of labels with nothing but blank
    lines between them is given the entries of the text that follows it, split where a line
    that starts like a reference's authors follows one that ends an entry. Only when the
    text splits into exactly as many entries as the run has labels."""
    out: dict[int, tuple[int, int]] = {}
    runs: list[list[int]] = []
    for j, (i, _, rest) in enumerate(chain):
        if rest:
            continue
        prev = chain[j - 1][0] if j else -1
        if runs and runs[-1][-1] == j - 1 and all(blank[k] for k in range(prev + 1, i)):
            runs[-1].append(j)
        else:
            runs.append([j])
    for run in runs:
        start = chain[run[-1]][0] + 1
        stop = chain[run[-1] + 1][0] if run[-1] + 1 < len(chain) else min(len(lines), start + 30 * len(run))
        body = [k for k in range(start, stop) if not blank[k]]
        if any(stops[k] for k in range(start, stop)):
            body = [k for k in body if k < next(x for x in range(start, stop) if stops[x])]
        if not body or len(run) < 2:
            continue
        cuts = [body[0]]
        for a, b in zip(body, body[1:], strict=False):
            if re.search(r"[.)\]]\s*$", lines[a]) and _ENTRY_START.match(lines[b]):
                cuts.append(b)
        if cuts and not _ENTRY_START.match(lines[cuts[0]]) and len(cuts) == len(run) + 1:
            cuts = cuts[1:]  # the text opens with the rest of the entry before the labels
        if len(cuts) != len(run):
            continue  # the text is not these labels' alone: paired later over the whole list, or not at all
        ends = [cuts[x + 1] - 1 for x in range(len(run) - 1)] + [body[-1]]
        for j, a, b in zip(run, cuts, ends, strict=False):
            while b > a and blank[b]:
                b -= 1
            out[j] = (a, b)
    return out


_LINKS_LINE = re.compile(r"^\s*(?:(?:PubMed Abstract|Publisher Full Text|Free Full Text|PubMed Central Full Text|"
                         r"Reference Source|Google Scholar|View Article|CrossRef)\s*\|?\s*)+$")


def _text_after_label(lines, blank, stops, chain, j) -> int:
    """The last line of the text a label on a line of its own stands for: the lines after it, up
    to the next label, when they read as a reference (a PDF's label column printed apart);
    the label's own line when the next thing is another label."""
    first = chain[j][0]
    limit = chain[j + 1][0] if j + 1 < len(chain) else min(len(lines), first + 16)
    last = first
    k = first + 1
    gap = False
    ended = first
    while k < limit and k - first <= 16:
        if stops[k]:
            break
        if blank[k]:
            gap = True
        else:
            if _label(lines[k]) is not None:
                break  # another list's label, or one of this list out of order: the text is not here
            if gap and last > first and re.search(r"[.)\]]\s*$", lines[ended]) and _ENTRY_START.match(lines[k]):
                break  # after a blank line, another entry (the next column's) begins
            last = k
            if not _LINKS_LINE.match(lines[k]):
                ended = k  # the entry's own last line ("PubMed Abstract | Publisher Full Text" is no end)
            gap = False
        k += 1
    if last > first and reference_features(" ".join(lines[x] for x in range(first + 1, last + 1) if not blank[x])) >= 2:
        return last
    return first


def _extent(lines, blank, stops, chain, j) -> tuple[int, int]:
    """The lines of entry j of a chain: its label line and the lines that continue it."""
    first = chain[j][0]
    limit = chain[j + 1][0] if j + 1 < len(chain) else len(lines)
    last = first
    k = first + 1
    gap = False
    while k < limit and k - first <= 14:
        if stops[k]:
            break
        if blank[k]:
            gap = True
            k += 1
            continue
        line = lines[k].strip()
        if _label(line) and j + 1 == len(chain):
            break  # a label of another list
        if gap and last == first and not chain[j][2] and _ENTRY_START.match(line):
            gap = False  # a label on a line of its own, a blank line, then its entry
        if gap:
            # after a blank line an entry goes on only with what reads as the rest of a
            # reference: a DOI or URL, or lower case with bibliographic detail and no citation
            prev = lines[last].rstrip()
            if _MARKER.search(line) or not (
                    re.match(r"\(?(?:doi|https?:|www\.|PMID|\d+[–-]\d+)", line, re.I) or
                    ((line[:1].islower() or prev.endswith(("-", ",", "/", "–"))) and reference_features(line))):
                break
            gap = False
        last = k
        k += 1
    return first, last
