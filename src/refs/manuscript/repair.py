"""Repair text extracted from PDF: rejoin hyphenated words and sentences cut by page breaks,
drop running headers, footers and page numbers, normalise spacing. Every repaired character
keeps its place in the original file (see textmap)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .lexicon import CAPTION, PAGE_NUMBER, TERMINAL
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
_RUNNING = re.compile(r"\[\d|[”»\"]")
_LONGEST_NAME = 40  # no unnumbered heading name of HEADINGS is longer
HEADINGS = {
    "introduction": re.compile(rf"^(?:{_INTRO})$", re.I),
    "conclusion": re.compile(rf"^(?:{_CONCL})$", re.I),
    "references": re.compile(rf"^(?:{_REFS})$", re.I),
    "abstract": re.compile(rf"^(?:{_ABSTRACT})$", re.I),
    "other": re.compile(rf"^(?:{_OTHER})$", re.I),
}
_NUMBERING = re.compile(r"^\s*(?:(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,6})[.)]?\s+|[A-H]\.\s+(?=\S+\s+\S))")
# "Глава 1.", "Chapter 2", "Bölüm 3": the word that numbers a thesis' chapters
_CHAPTER = re.compile(r"^\s*(?:глава|chapter|bölüm|fəsil|тарау|раздел|часть|part|kısım|bob)\s+(?:\d{1,2}|[IVXLC]{1,6})\.?\s+",
                      re.I)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
KEYWORDS_LINE = re.compile(
    r"^\s*(?P<label>açar sözlər|açar sözləri|açar söz|key\s*words|keywords|index terms|"
    r"ключевые слова|түйін сөздер|тірек сөздер|түйінді сөздер|anahtar kelimeler|anahtar sözcükler)"
    r"\s*[:：.—–-]\s*",
    re.I,
)
_WORD_AT_END = re.compile(r"([\w’'-]*\w)-$")
_WORD_AT_START = re.compile(r"^(\w[\w’'-]*)")
_TOKENS = re.compile(r"\w+(?:[-‐]\w+)*")


def heading_kind(line: str) -> str | None:
    """The kind of heading a line is ("introduction", ..., "other", "numbered"), or None."""
    text = line.strip()
    if not text or len(text) > 90 or text.endswith(("-", ",", "\u00ad")):
        return None
    md = _MD_HEADING.match(text)
    if not md and _RUNNING.search(text):
        return None  # a line that cites or closes a quotation is running text
    if not md and len(text) > _LONGEST_NAME and not _NUMBERING.match(text) and not _CHAPTER.match(text) \
            and any(c.islower() for c in text):
        return None  # too long for a heading's name, unnumbered, not in capitals: running text
    text = _unsplit_small_caps(text)
    chapter = _CHAPTER.match(text)
    head = text[md.end():] if md else text[chapter.end():] if chapter else text
    bare = _NUMBERING.sub("", head).strip().rstrip(":").strip()
    for kind, pattern in HEADINGS.items():
        if pattern.match(bare):
            return kind
    if md:
        return "other"
    words = bare.split()
    if (_NUMBERING.match(text) or chapter) and 0 < len(words) <= 8 and not TERMINAL.search(text.rstrip(":")) \
            and bare[:1].isupper():
        return "numbered"
    letters = [c for c in bare if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and len(words) <= 6 and not TERMINAL.search(bare):
        return "other"
    return None


def _unsplit_small_caps(text: str) -> str:
    """pdftotext prints a heading in small capitals as "I NTRODUCTION", "R ELATED W ORK": each
    word's capital stands apart from the rest. Join them when every run of capitals has one."""
    tokens = text.split()
    if len(tokens) < 2 or any(c.islower() for c in text):
        return text
    out: list[str] = []
    i = 0
    joined = False
    while i < len(tokens):
        t = tokens[i]
        if len(t) == 1 and t.isalpha() and i + 1 < len(tokens) and re.fullmatch(r"[^\W\d_]{2,}[.:]?", tokens[i + 1]):
            out.append(t + tokens[i + 1])
            i += 2
            joined = True
            continue
        if re.fullmatch(r"[^\W\d_]{2,}[.:]?", t):
            return text  # a word of capitals that stands alone: "A NEW METHOD" is no split
        out.append(t)
        i += 1
    return " ".join(out) if joined else text


@dataclass(frozen=True)
class Block:
    """A repaired paragraph, heading or keyword line."""

    kind: str  # "text", "heading", "keywords", "caption", "reference", "code", "toc"
    text: MappedText
    heading: str | None = None  # the heading's kind for headings
    breaks: tuple[int, ...] = ()  # offsets in ``text`` where source lines were joined
    entry: tuple[int, int] | None = None  # a reference entry's (list, printed number)

    def lines(self) -> list[str]:
        """The block's text cut where the source's lines ended."""
        cuts = [0, *self.breaks, len(self.text.text)]
        return [self.text.text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if self.text.text[a:b].strip()]


@dataclass
class _Line:
    start: int  # offset in the reading
    text: str
    kind: str  # "text", "blank", "heading", "keywords", "drop", "toc", "code", "reference"
    heading: str | None = None
    entry: int = -1  # the reference-list entry it belongs to
    entry_id: tuple[int, int] | None = None  # (list, printed number) of that entry


_CONTENTS = re.compile(
    r"^\s*(?:#{1,6}\s+)?(?:contents|table of contents|оглавление|содержание|içindekiler|mündəricat|"
    r"мазмұны|list of (?:figures|tables|abbreviations|symbols|illustrations)|şekil listesi|tablo listesi|"
    r"çizelge listesi|kısaltmalar(?: listesi)?|simgeler(?: ve kısaltmalar)?(?: listesi)?|"
    r"список (?:иллюстраций|таблиц|сокращений|рисунков)|перечень сокращений)\s*:?\s*$",
    re.I,
)
_LEADERS = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}|·{4,}")
_TOC_ENTRY = re.compile(r"(?:(?:\.\s?){3,}|…+|\s{2,}|\t)\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.I)
_RULE = re.compile(r"^\s*[.·…_\-–—=*~•]{5,}\s*$")
_GARBLED = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]|\(cid:\d+\)")
_CODE_STRONG = re.compile(
    r"^\s*##(?:\s|$)|[\w)\]]\s*<-\s*\S|\bfunction\s*\(|^\s*(?:def|class)\s+\w+.*:\s*$|"
    r"^\s*(?:#include\b|import\s+[\w.]+\s*;?$|from\s+[\w.]+\s+import\b|library\(|require\(|"
    r"(?:var|const|let)\s+\w+\s*=|(?:public|private|static)\s+\w+)|[{]\s*$|^\s*[})\]]+\s*[;,)]*\s*$|"
    r"^\s*\[\d+\]\s+(?:\"|'|-?\d|TRUE\b|FALSE\b|NA\b|NULL\b|[\w.]+(?:_|=)\S*)"
)
# Python and the like (an assignment, a statement ending in a colon, a return): code only among
# other code lines ("Kd = 1.07 µM" alone is a formula in the text)
_CODE_WEAK = re.compile(
    r"^\s*[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:\s*,\s*[A-Za-z_]\w*)*\s*[-+*/]?=\s*(?!=)\S|"
    r"^\s*(?:if|elif|while|for|with|try|except|else|def|class)\b[^.]*:\s*$|^\s*return\b"
)
_PROSE_WORD = re.compile(r"\b[^\W\d_]{3,}\b")


_CODE_CHAR = re.compile(r"[(){}\[\]<>=;$\"'_|&%^~\\]")
_CODE_HINT = re.compile(r"[{}<>=;$|&%^~\\_\[\]]")


def _is_code(text: str) -> bool:
    """A line of a program listing or console output, not prose."""
    if not _CODE_HINT.search(text):
        return False  # prose with parentheses and quotes at most
    if _CODE_STRONG.search(text) or _CODE_WEAK.search(text):
        # unless it is a sentence that mentions code ("ch <- x sends the value x")
        return len(_PROSE_WORD.findall(text)) < 12
    body = len(text) - text.count(" ")
    if body < 8:
        return False
    return len(_CODE_CHAR.findall(text)) / body > 0.2 and len(_PROSE_WORD.findall(text)) < 5


# letters of the Latin extensions and IPA blocks and Latin-1 symbols that no text of ours is written
# in (Ə ə and the pinyin vowels are): pdftotext's rendering of glyphs without a Unicode map
_ODD = re.compile(r"[\u0180-\u018e\u0190-\u01cc\u01d5-\u0258\u025a-\u02ff\u00b7-\u00bf]")


_SUSPECT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u0180-\u02ff\u00b7-\u00bf]|\(cid:")


def _is_garbled(text: str) -> bool:
    """Glyphs a PDF font maps to no character: control characters, or letters from blocks no
    language of the text is written in (pdftotext's way of printing an unmapped font)."""
    if not _SUSPECT.search(text):
        return False  # nearly every line: one search
    if _GARBLED.search(text):
        return True
    odd = len(_ODD.findall(text))
    return odd >= 3 and odd * 4 >= len(text) - text.count(" ")


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
            if _is_garbled(line.text) or _RULE.match(line.text):
                line.kind = "drop"
                continue
            h = heading_kind(line.text)
            if h:
                line.kind, line.heading = "heading", h
            elif PAGE_NUMBER.match(line.text):
                line.kind = "drop"
    _list_items(out)
    _running_furniture(out)
    _contents(out)
    _code(out)
    _references(out)
    return out


_ITEM = re.compile(r"^\s*(\d{1,2})[.)]\s")


def _list_items(out: list[_Line]) -> None:
    """"2. Создать методы …" next to "3. …": items of a numbered list in the text, not headings
    (a document's numbered sections stand far apart)."""
    numbered = [(i, int(m.group(1))) for i, ln in enumerate(out)
                if ln.kind in ("heading", "text") and (m := _ITEM.match(ln.text))]
    for k, (i, n) in enumerate(numbered):
        near = [(j, m) for j, m in numbered[max(0, k - 1) : k + 2] if j != i and abs(j - i) <= 6]
        if any(abs(m - n) == 1 for _, m in near) and out[i].kind == "heading" and out[i].heading == "numbered":
            out[i].kind, out[i].heading = "text", None


_DIGITS = re.compile(r"\d+")
_ENDS_CLAUSE = re.compile(r"[.!?;,:]$")


def _running_furniture(out: list[_Line]) -> None:
    """Running headers and footers: short lines that repeat at pages' edges. A page's edge is a
    form feed or a page number within two lines; a text with neither has only blank lines to go
    by, and then nearly every occurrence must stand next to one."""
    pages = any("\f" in ln.text or (ln.kind == "drop" and PAGE_NUMBER.match(ln.text)) for ln in out)

    def page_edge(i: int) -> bool:
        if "\f" in out[i].text:
            return True
        for step in (-1, 1):  # the two nearest lines that are not blank, on either side
            j, seen_lines = i + step, 0
            while seen_lines < 2:
                if j < 0 or j >= len(out):
                    return True
                ln = out[j]
                if ln.kind != "blank":
                    if "\f" in ln.text or (ln.kind == "drop" and PAGE_NUMBER.match(ln.text)):
                        return True
                    seen_lines += 1
                j += step
        return False

    def blank_edge(i: int) -> bool:
        return any(j < 0 or j >= len(out) or out[j].kind in ("blank", "drop") for j in (i - 1, i + 1))

    edge, share = (page_edge, 0.6) if pages else (blank_edge, 0.8)
    seen: dict[str, list[bool]] = {}
    on_pages: dict[str, list[int]] = {}  # the pages (form feeds so far) each key stands on
    keys: dict[int, str] = {}
    page = 0
    for i, ln in enumerate(out):
        page += ln.text.count("\f")
        if ln.kind in ("text", "heading") and len(ln.text) <= 110:
            keys[i] = key = _DIGITS.sub("#", ln.text.strip())
            seen.setdefault(key, []).append(edge(i))
            on_pages.setdefault(key, []).append(page)
    n_pages = page + 1

    def once_a_page(key: str) -> bool:
        # a wide margin's header stands anywhere in pdftotext's order, but once on each page
        where = on_pages[key]
        return n_pages >= 4 and len(where) >= max(3, n_pages // 2) and len(set(where)) == len(where)

    running = {
        key for key, edges in seen.items()
        if (sum(edges) >= 3 and sum(edges) >= share * len(edges) or once_a_page(key)) and len(key) <= 100
        and sum(c.isalpha() for c in key) >= 2 and not _ENDS_CLAUSE.search(key)
    }
    for i, key in keys.items():
        if key in running:
            out[i].kind = "drop"


def _has_leaders(text: str) -> bool:
    return ("...." in text or ". . ." in text or "…" in text or "____" in text or "····" in text) \
        and _LEADERS.search(text) is not None


def _contents(out: list[_Line]) -> None:
    """A table of contents (or list of figures): after its heading, the lines stay contents
    while a line with dot leaders or a page number comes within the next few lines. Headings
    listed there are not headings of the document."""
    i = 0
    n = len(out)
    while i < n:
        line = out[i]
        if line.kind in ("text", "heading") and len(line.text) < 70 and _CONTENTS.match(line.text):
            line.kind, line.heading = "toc", None
            j = i + 1
            while j < n:
                ahead = [k for k in range(j, min(n, j + 12))
                         if out[k].kind != "blank" and not (out[k].kind == "drop" and not out[k].text.strip().isdigit())][:4]
                if not any(_TOC_ENTRY.search(out[k].text) or _has_leaders(out[k].text)
                           or out[k].text.strip().isdigit()
                           or _CONTENTS.match(out[k].text) for k in ahead):
                    break
                if out[j].kind in ("text", "heading"):
                    out[j].kind, out[j].heading = "toc", None
                j += 1
            # page numbers of the contents that stood on lines of their own
            for k in range(i, j):
                if out[k].kind == "drop" and out[k].text.strip().isdigit():
                    out[k].kind = "toc"
            i = j
            continue
        if line.kind in ("text", "heading") and _has_leaders(line.text) and _TOC_ENTRY.search(line.text):
            line.kind, line.heading = "toc", None  # a contents line without a contents heading
        i += 1


def _code(out: list[_Line]) -> None:
    """Program listings and console output: runs of code lines (a lone code-like line inside
    prose stays prose)."""
    flags = [ln.kind == "text" and _is_code(ln.text) for ln in out]
    for i, ln in enumerate(out):
        if not flags[i]:
            continue
        near = [k for k in range(max(0, i - 3), min(len(out), i + 4)) if k != i and out[k].kind == "text"]
        if _CODE_STRONG.search(ln.text) or any(flags[k] for k in near):
            ln.kind = "code"


def _references(out: list[_Line]) -> None:
    from .reflist import find_entries

    listed = []
    under = False
    for ln in out:
        if ln.kind == "heading":
            under = ln.heading == "references" or (under and ln.heading == "numbered")
        listed.append(under)
    entries = find_entries(
        [ln.text for ln in out],
        [ln.kind in ("blank", "drop") for ln in out],
        [ln.kind in ("heading", "keywords", "toc", "code") and not _is_label_heading(ln) for ln in out],
        listed,
        [ln.kind == "drop" and bool(PAGE_NUMBER.match(ln.text)) for ln in out],
    )
    for number, e in enumerate(entries):
        for k in range(e.first, e.last + 1):
            if out[k].kind in ("text", "heading") or (k == e.first and out[k].kind == "drop"):
                out[k].kind, out[k].heading, out[k].entry = "reference", None, number
                out[k].entry_id = (e.chain, e.number)


def _is_label_heading(line: _Line) -> bool:
    # "12. Smith J" can look like a numbered heading; a reference label decides later
    return line.kind == "heading" and line.heading == "numbered"


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
    if TERMINAL.search(last):
        return False
    return first[0].islower() or first[0] in ",;)]»”[(" or last.endswith(("-", "\u00ad", ","))




def _is_caption(group: list[_Line]) -> bool:
    m = CAPTION.match(group[0].text)
    # "Figure 2.", "Table 1: …", "Рис. 3 Схема": the label, then a stop or a capital, or nothing
    return m is not None and (not m.group("after").strip()
                              or bool(re.match(r"\s*(?:[.:|—–-]|\s[A-ZА-ЯЁ(])", m.group("after"))))


def _short(group: list[_Line]) -> bool:
    return all(len(ln.text.strip()) <= 40 for ln in group)


def _is_float(kind: str, group: list[_Line]) -> bool:
    """Text that a page puts between the two halves of a sentence: a caption, the labels of a
    figure or a formula (short lines), a table's cells, a listing, a label set like a heading."""
    if kind in ("code", "toc"):
        return True
    if kind == "heading":
        return group[0].heading == "other" and len(group[0].text.split()) <= 4
    if kind != "text":
        return False
    return _is_caption(group) or _short(group)


def _is_fragment(group: list[_Line]) -> bool:
    """A figure label or a piece of a formula: a line or three of a few characters, unfinished."""
    return len(group) <= 3 and all(len(ln.text.strip()) <= 25 and not re.search(r"[.!?]\s", ln.text)
                                   for ln in group) and not TERMINAL.search(group[-1].text.rstrip())


def _group(lines: list[_Line]) -> list[tuple[str, list[_Line]]]:
    """Lines into paragraphs, headings, keyword lines, reference entries, listings, contents."""
    groups: list[tuple[str, list[_Line]]] = []
    current: list[_Line] = []
    current_kind = "text"

    def close() -> None:
        nonlocal current
        if current:
            groups.append((current_kind, current))
            current = []

    for line in lines:
        kind = line.kind
        if kind == "drop":
            continue  # page furniture: the paragraph around it goes on
        if kind == "blank":
            if current_kind not in ("code", "reference"):  # an entry goes on over blank lines (a label apart)
                close()
            continue
        if kind in ("heading", "keywords"):
            close()
            groups.append((kind, [line]))
            current_kind = "text"
            continue
        if kind == "text" and not current and groups and groups[-1][0] == "keywords" and \
                line.start - groups[-1][1][-1].start <= len(groups[-1][1][-1].text) + 2 and \
                not TERMINAL.search(groups[-1][1][-1].text.rstrip()):
            groups[-1][1].append(line)  # the keyword list goes on
            continue
        if kind == "reference":
            if current and (current_kind != "reference" or current[-1].entry != line.entry):
                close()
        elif current and current_kind != kind:
            close()
        current_kind = kind
        current.append(line)
    close()
    return groups


def _split_short_lines(groups: list[tuple[str, list[_Line]]], lines: list[_Line]) -> list[tuple[str, list[_Line]]]:
    """Text extracted from PDF often keeps no blank line between paragraphs: a paragraph then
    ends on a line that stops well short of the column's width with a full stop, and the next
    one starts with a capital."""
    widths = sorted(len(ln.text.rstrip()) for ln in lines if ln.kind == "text" and len(ln.text.strip()) >= 20)
    if len(widths) < 20:
        return groups
    full = widths[int(len(widths) * 0.75)]  # the width of a full line of the text
    out: list[tuple[str, list[_Line]]] = []
    for kind, group in groups:
        if kind != "text" or len(group) < 3:
            out.append((kind, group))
            continue
        current: list[_Line] = []
        for i, line in enumerate(group):
            current.append(line)
            nxt = group[i + 1].text.lstrip() if i + 1 < len(group) else ""
            body = line.text.rstrip()
            if nxt and len(current) >= 2 and len(body) < 0.7 * full and re.search(r"[.!?][\"'”»’)]*$", body) \
                    and (nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in "«“\"'("):
                out.append((kind, current))
                current = []
        if current:
            out.append((kind, current))
    return out


def _join_across_breaks(groups: list[tuple[str, list[_Line]]]) -> list[tuple[str, list[_Line]]]:
    """A paragraph whose sentence stops at a page or column break goes on in the next text block
    that continues it; captions, figure labels, formulas, tables and listings between them stay
    whole and follow the joined paragraph."""
    out: list[tuple[int, str, list[_Line]]] = []
    taken: set[int] = set()
    relabel: set[int] = set()  # heading-like figure labels passed over by a join
    for i, (kind, group) in enumerate(groups):
        if i in taken:
            continue
        if kind == "text" and not _is_caption(group):
            group = list(group)
            j = i + 1
            passed: list[int] = []
            while j < len(groups) and j - i <= 80 and not TERMINAL.search(group[-1].text.rstrip()):
                k2, g2 = groups[j]
                if j in taken:
                    j += 1
                    continue
                if k2 == "text" and not _is_caption(g2) and not _is_fragment(g2) and _continues(group, g2):
                    group.extend(g2)
                    taken.add(j)
                    relabel.update(k for k in passed if groups[k][0] == "heading")
                    passed = []
                    j += 1
                    continue
                if _is_float(k2, g2):
                    passed.append(j)
                    j += 1
                    continue
                break
        out.append((i, kind, group))
    return [("text" if i in relabel else kind, group) for i, kind, group in out]


def repair(reading: MappedText, pages: bool = True, garbled: list[tuple[int, int]] | None = None,
           widths: bool = False) -> list[Block]:
    """Blocks of repaired text, in order. ``pages``: the text may have been cut by page and
    column breaks (text extracted from PDF); blocks of HTML and DOCX are whole as they are.
    ``garbled`` receives the (start, end) reading offsets of runs of unreadable lines; ``widths``:
    paragraphs may end on a short line with no blank line after it (plain text from PDF)."""
    lines = _lines(reading.text)
    if garbled is not None:
        run: list[_Line] = []
        for line in lines + [_Line(len(reading.text), "", "blank")]:
            if line.kind == "drop" and _is_garbled(line.text):
                run.append(line)
            elif line.kind != "blank" and run:
                garbled.append((run[0].start, run[-1].start + len(run[-1].text)))
                run = []
    vocab = _vocabulary(reading.text)
    groups = _group(lines)
    if pages:
        groups = _join_across_breaks(groups)
    if widths:
        groups = _split_short_lines(groups, lines)
    blocks = []
    for kind, group in groups:
        b = Builder(reading)
        breaks = _join_lines(b, group, vocab)
        joined = b.build()
        text = _normalise(joined)
        if not text.text.strip():
            continue
        if kind == "text" and _is_caption(group):
            kind = "caption"
        heading = group[0].heading if kind == "heading" else None
        entry = group[0].entry_id if kind == "reference" else None
        blocks.append(Block(kind, text, heading, tuple(_shift(joined.text, text.text, breaks)), entry))
    return blocks
