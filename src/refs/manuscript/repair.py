"""Repair text extracted from PDF: rejoin hyphenated words and sentences cut by page breaks,
drop running headers, footers and page numbers, normalise spacing. Every repaired character
keeps its place in the original file (see textmap)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .textmap import Builder, MappedText

__all__ = ["Block", "repair", "HEADINGS", "heading_kind", "KEYWORDS_LINE"]

_INTRO = r"giriş|introduction|введение|вступление|кіріспе|kirish|intro"
_CONCL = r"nəticə|nəticələr|conclusions?|заключение|выводы|қорытынды|sonuç|sonuçlar|concluding remarks"
_REFS = (r"ədəbiyyat|ədəbiyyat siyahısı|istifadə olunmuş ədəbiyyat|references|bibliography|literature cited|"
         r"works cited|литература|список литературы|список источников|источники|әдебиеттер|"
         r"пайдаланылған әдебиеттер|kaynakça|kaynaklar")
_ABSTRACT = r"summary|abstract|резюме|аннотация|xülasə|özet|аңдатпа|түйін|annotasiya|résumé"
_OTHER = (r"methods|materials and methods|results|discussion|background|literature review|"
          r"материалы и методы|методы|результаты|обсуждение|metodlar|müzakirə|tartışma|yöntem")
HEADINGS = {
    "introduction": re.compile(rf"^(?:{_INTRO})$", re.I),
    "conclusion": re.compile(rf"^(?:{_CONCL})$", re.I),
    "references": re.compile(rf"^(?:{_REFS})$", re.I),
    "abstract": re.compile(rf"^(?:{_ABSTRACT})$", re.I),
    "other": re.compile(rf"^(?:{_OTHER})$", re.I),
}
_NUMBERING = re.compile(r"^\s*(?:(?:\d+(?:\.\d+)*|[IVXLC]+)[.)]?\s+)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
KEYWORDS_LINE = re.compile(
    r"^\s*(?P<label>açar sözlər|açar sözləri|açar söz|key\s*words|keywords|index terms|"
    r"ключевые слова|түйін сөздер|тірек сөздер|түйінді сөздер|anahtar kelimeler|anahtar sözcükler)"
    r"\s*[:：.—–-]\s*",
    re.I,
)
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?\s*$"
    r"|^\s*(?:page|p\.|səh\.?|səhifə|стр\.?|с\.|бет|sayfa|s\.)\s*\d{1,4}(?:\s*(?:of|/|из)\s*\d{1,4})?\s*$",
    re.I,
)
_TERMINAL = re.compile(r"[.!?…:;][\"'”»’)\]]*$")
_WORD_AT_END = re.compile(r"([\w’'-]*\w)-$")
_WORD_AT_START = re.compile(r"^(\w[\w’'-]*)")
_TOKENS = re.compile(r"\w+(?:[-‐]\w+)*")


def heading_kind(line: str) -> str | None:
    """The kind of heading a line is ("introduction", ..., "other", "numbered"), or None."""
    text = line.strip()
    if not text or len(text) > 90 or text.endswith(("-", ",", "\u00ad")):
        return None
    md = _MD_HEADING.match(text)
    bare = _NUMBERING.sub("", text[md.end():] if md else text).strip().rstrip(":").strip()
    for kind, pattern in HEADINGS.items():
        if pattern.match(bare):
            return kind
    if md:
        return "other"
    words = bare.split()
    if _NUMBERING.match(text) and 0 < len(words) <= 8 and not _TERMINAL.search(text.rstrip(":")) \
            and bare[:1].isupper():
        return "numbered"
    letters = [c for c in bare if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and len(words) <= 6 and not _TERMINAL.search(bare):
        return "other"
    return None


@dataclass(frozen=True)
class Block:
    """A repaired paragraph, heading or keyword line."""

    kind: str  # "text", "heading", "keywords"
    text: MappedText
    heading: str | None = None  # the heading's kind for headings
    breaks: tuple[int, ...] = ()  # offsets in ``text`` where source lines were joined

    def lines(self) -> list[str]:
        """The block's text cut where the source's lines ended."""
        cuts = [0, *self.breaks, len(self.text.text)]
        return [self.text.text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if self.text.text[a:b].strip()]


@dataclass
class _Line:
    start: int  # offset in the reading
    text: str
    kind: str  # "text", "blank", "heading", "keywords", "drop"
    heading: str | None = None


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        body = raw.rstrip("\r")
        if not body.strip():
            kind = "blank"
        elif KEYWORDS_LINE.match(body):
            kind = "keywords"
        else:
            kind = "text"
        out.append(_Line(pos, body, kind))
        pos += len(raw) + 1
    for line in out:
        if line.kind == "text":
            h = heading_kind(line.text)
            if h:
                line.kind, line.heading = "heading", h
            elif _PAGE_NUMBER.match(line.text):
                line.kind = "drop"
    # running headers and footers: short lines that repeat, nearly always at a page's edge
    # (next to a blank line, a page number or a form feed)
    def at_edge(i: int) -> bool:
        return any(
            j < 0 or j >= len(out) or out[j].kind in ("blank", "drop") or "\f" in out[j].text
            for j in (i - 1, i + 1)
        )

    seen: dict[str, list[bool]] = {}
    for i, ln in enumerate(out):
        if ln.kind in ("text", "heading"):
            seen.setdefault(re.sub(r"\d+", "#", ln.text.strip()), []).append(at_edge(i))
    running = {
        key for key, edges in seen.items()
        if len(edges) >= 3 and sum(edges) >= 0.8 * len(edges) and len(key) <= 100
        and sum(c.isalpha() for c in key) >= 2 and not re.search(r"[.!?;,:]$", key)
    }
    for line in out:
        if line.kind in ("text", "heading") and re.sub(r"\d+", "#", line.text.strip()) in running:
            line.kind = "drop"
    return out


def _vocabulary(text: str) -> Counter[str]:
    """Words as the document spells them away from line ends, for doubtful hyphen joins."""
    inline = re.sub(r"-[ \t]*\r?\n", " ", text)
    return Counter(t.lower() for t in _TOKENS.findall(inline))


def _keep_hyphen(left: str, right: str, vocab: Counter[str]) -> bool:
    last = left.split("-")[-1]
    if last[-1:].isdigit() or (len(last) >= 2 and last.isupper()):
        return True  # COP29-un, AZƏRTAC-ın: a suffix after a number or an acronym
    first = right.split("-")[0]
    hyphenated = vocab[f"{last}-{first}".lower()]
    joined = vocab[f"{last}{first}".lower()]
    return hyphenated > 0 and joined == 0


def _join_lines(b: Builder, lines: list[_Line], vocab: Counter[str]) -> list[int]:
    """Join a block's lines into ``b``; return where each joined line starts."""
    breaks = []
    for i, line in enumerate(lines):
        if i:
            breaks.append(b.n)
        body = line.text.strip()
        start = line.start + len(line.text) - len(line.text.lstrip())
        if i + 1 == len(lines):
            b.copy(body, start)
            break
        nxt = lines[i + 1].text.lstrip()
        if body.endswith("\u00ad"):  # a soft hyphen: always a line-end break
            b.copy(body[:-1], start)
            continue
        m = _WORD_AT_END.search(body)
        n = _WORD_AT_START.match(nxt)
        if m and n and nxt[:1].islower() and not _keep_hyphen(m.group(1), n.group(1), vocab):
            b.copy(body[:-1], start)  # döv-/lət: a word hyphenated at the line end
            continue
        b.copy(body, start)
        if not (m and nxt[:1].isalnum()):  # Azərbaycan-/Qazaxıstan keeps its hyphen, no space
            b.insert(" ", start + len(body))
    return breaks


def _normalise(mapped: MappedText) -> MappedText:
    """Runs of spaces become one space."""
    b = Builder(mapped)
    pos = 0
    for m in re.finditer(r"[ \t\f\v\u00a0\u2009]{2,}|[\t\f\v\u00a0\u2009]", mapped.text):
        b.copy(mapped.text[pos : m.start()], pos)
        b.copy(" ", m.start())
        pos = m.end()
    b.copy(mapped.text[pos:], pos)
    return b.build()


def _shift(before: str, after: str, positions: list[int]) -> list[int]:
    """Positions in ``before`` carried over to ``after`` (runs of spaces collapsed).
    Joined lines start with no white space, so no run of spaces spans a position."""
    out = []
    done = 0
    length = 0
    for pos in positions:
        length += len(re.sub(r"[ \t\f\v\u00a0\u2009]{2,}|[\t\f\v\u00a0\u2009]", " ", before[done:pos]))
        done = pos
        out.append(min(length, len(after)))
    return out


def _continues(prev: list[_Line], nxt: list[_Line]) -> bool:
    """Does text block ``nxt`` continue the sentence ``prev`` ends with (a page break)?"""
    last = prev[-1].text.rstrip()
    first = nxt[0].text.lstrip()
    if not last or not first:
        return False
    if _TERMINAL.search(last):
        return False
    return first[0].islower() or first[0] in ",;)]»”" or last.endswith(("-", "\u00ad", ","))


def repair(reading: MappedText) -> list[Block]:
    """Blocks of repaired text, in order."""
    lines = _lines(reading.text)
    vocab = _vocabulary(reading.text)
    groups: list[tuple[str, list[_Line]]] = []
    current: list[_Line] = []
    gap = False
    for line in lines:
        if line.kind == "drop":
            gap = True
            continue
        if line.kind == "blank":
            if current:
                groups.append(("text", current))
                current = []
            gap = True
            continue
        if line.kind == "heading":
            if current:
                groups.append(("text", current))
                current = []
            groups.append(("heading", [line]))
            gap = False
            continue
        if line.kind == "keywords":
            if current:
                groups.append(("text", current))
            current = []
            groups.append(("keywords", [line]))
            gap = False
            continue
        # a text line
        if not current and groups and not gap and groups[-1][0] == "keywords" and \
                not _TERMINAL.search(groups[-1][1][-1].text.rstrip()):
            groups[-1][1].append(line)  # the keyword list goes on
            continue
        if not current and gap and groups and groups[-1][0] == "text" and _continues(groups[-1][1], [line]):
            current = groups.pop()[1]  # a sentence cut by a page or column break
        current.append(line)
        gap = False
    if current:
        groups.append(("text", current))

    blocks = []
    for kind, group in groups:
        b = Builder(reading)
        breaks = _join_lines(b, group, vocab)
        joined = b.build()
        text = _normalise(joined)
        if not text.text.strip():
            continue
        heading = group[0].heading if kind == "heading" else None
        blocks.append(Block(kind, text, heading, tuple(_shift(joined.text, text.text, breaks))))
    return blocks
