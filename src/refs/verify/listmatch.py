"""The .bib held against the manuscript's own printed list: entry n of the .bib should be
reference [n] of the list.

Two entries are the same work when their DOIs agree, or when the first author's family name
and the year agree and the titles share most of their words, or when the titles are nearly the
same (a printed entry may lack what the .bib has). Then, position by position:

* ``list-order``: the same works, at other numbers (each misplaced entry says where the list
  has it);
* ``list-mismatch``: a different work at that number (both texts shown);
* ``list-missing``: a work printed but absent from the .bib, or in the .bib but not printed.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Finding, Library, Reference, Severity

__all__ = ["compare_with_list", "same_work"]


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in t if not unicodedata.combining(c)).lower()


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{3,}", _norm(text))}


def _family(ref: Reference) -> str:
    names = ref.get("author") or ref.get("editor") or ()
    if not names:
        return ""
    n = names[0]
    return re.sub(r"[\W_]+", "", _norm(n.family or n.literal))


def _year(ref: Reference) -> int | None:
    issued = ref.get("issued")
    return getattr(issued, "year", None)


def _title(ref: Reference) -> str:
    return str(ref.get("title") or ref.extra_field("raw") or "")


def similarity(a: Reference, b: Reference) -> float:
    """0 (different works) … 1 (the same work)."""
    doi_a, doi_b = str(a.get("DOI") or "").lower(), str(b.get("DOI") or "").lower()
    if doi_a and doi_b:
        return 1.0 if doi_a == doi_b else 0.0
    wa, wb = _words(_title(a)), _words(_title(b))
    overlap = len(wa & wb) / max(1, min(len(wa), len(wb))) if wa and wb else 0.0
    fa, fb = _family(a), _family(b)
    ya, yb = _year(a), _year(b)
    score = 0.6 * overlap
    if fa and fb:
        score += 0.25 if (fa == fb or fa.startswith(fb) or fb.startswith(fa)) else -0.25
    if ya and yb:
        score += 0.15 if ya == yb else -0.15
    return max(0.0, min(1.0, score))


def same_work(a: Reference, b: Reference) -> bool:
    return similarity(a, b) >= 0.6


def _where(ref: Reference) -> str:
    loc = ref.location
    if loc is None or loc.line is None:
        return ""
    return f"{loc.file}:{loc.line}" if loc.file else f"line {loc.line}"


def _text(ref: Reference, limit: int = 120) -> str:
    raw = ref.extra_field("raw")
    if raw:
        text = raw
    else:
        names = ref.get("author") or ()
        who = names[0].family or names[0].literal if names else ""
        text = ", ".join(x for x in (who, str(_year(ref) or ""), str(ref.get("title") or "")) if x)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compare_with_list(bib: Library, printed: Library) -> list[Finding]:
    """Findings for every place where the .bib and the printed list part ways."""
    a, b = list(bib), list(printed)
    match_ab = _partners(a, b)
    match_ba = {j: i for i, j in match_ab.items()}
    findings = _misplaced(a, b, match_ab)
    findings += _unmatched_in_bib(a, b, match_ab, match_ba)
    findings += _unmatched_in_list(a, b, match_ab, match_ba)
    return findings


def _partners(a: list[Reference], b: list[Reference]) -> dict[int, int]:
    """The best partner of each entry on the other side: entry of ``a`` -> reference of ``b``,
    the most similar pairs first (of equals, the nearer in number)."""
    scores = [[similarity(x, y) for y in b] for x in a]
    match_ab: dict[int, int] = {}
    taken: set[int] = set()
    pairs = sorted(((scores[i][j], i, j) for i in range(len(a)) for j in range(len(b)) if scores[i][j] >= 0.6),
                   key=lambda t: (-t[0], abs(t[1] - t[2])))
    for _, ia, jb in pairs:
        if ia in match_ab or jb in taken:
            continue
        match_ab[ia] = jb
        taken.add(jb)
    return match_ab


def _misplaced(a: list[Reference], b: list[Reference], match_ab: dict[int, int]) -> list[Finding]:
    """``list-order``: misplaced entries, in runs that share one shift (everything after a
    missing entry), one finding a run."""
    runs: list[list[int]] = []
    for i in range(len(a)):
        j = match_ab.get(i)
        if j is None or j == i:
            continue
        if runs and runs[-1][-1] == i - 1 and match_ab[runs[-1][-1]] - (i - 1) == j - i:
            runs[-1].append(i)
        else:
            runs.append([i])
    findings: list[Finding] = []
    for run in runs:
        i, x = run[0], a[run[0]]
        j = match_ab[i]
        if len(run) == 1:
            message = (f'"{x.key}" is entry {i + 1} of the bibliography but reference [{j + 1}] of the printed list '
                       f"({_where(b[j])}): the same works in another order")
        else:
            last = run[-1]
            message = (f"entries {i + 1}–{last + 1} of the bibliography are references [{j + 1}]–[{match_ab[last] + 1}] "
                       f"of the printed list (from {_where(b[j])}): numbered {abs(j - i)} "
                       f"{'later' if j > i else 'earlier'} there")
        findings.append(Finding(Severity.WARNING, "list-order", message, x.location,
                                references=tuple(a[k].key for k in run)))
    return findings


def _unmatched_in_bib(a: list[Reference], b: list[Reference], match_ab: dict[int, int],
                      match_ba: dict[int, int]) -> list[Finding]:
    """Entries of the .bib with no partner in the list: ``list-mismatch`` where the list has a
    reference at that number that is no other entry's partner, else ``list-missing``."""
    findings: list[Finding] = []
    for i, x in enumerate(a):
        j = match_ab.get(i)
        if j is not None:
            continue
        other = b[i] if i < len(b) and i not in match_ba else None
        if other is not None:
            findings.append(Finding(Severity.ERROR, "list-mismatch",
                                    f'entry {i + 1} of the bibliography ("{x.key}": {_text(x)}) is another work than '
                                    f"reference [{i + 1}] printed at {_where(other)}: {_text(other)}",
                                    x.location, references=(x.key,)))
        else:
            findings.append(Finding(Severity.WARNING, "list-missing",
                                    f'"{x.key}" (entry {i + 1} of the bibliography: {_text(x)}) is not in the '
                                    "manuscript's printed list", x.location, references=(x.key,)))
    return findings


def _unmatched_in_list(a: list[Reference], b: list[Reference], match_ab: dict[int, int],
                       match_ba: dict[int, int]) -> list[Finding]:
    """``list-missing``: references of the printed list with no partner in the .bib (but for
    those reported as a mismatch)."""
    findings: list[Finding] = []
    for j, y in enumerate(b):
        if j in match_ba:
            continue
        if j < len(a) and j not in match_ab:
            continue  # reported by _unmatched_in_bib as a mismatch at that number
        findings.append(Finding(Severity.WARNING, "list-missing",
                                f"reference [{j + 1}] of the printed list ({_text(y)}) is not in the bibliography",
                                y.location))
    return findings
