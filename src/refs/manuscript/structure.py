"""Structure of a repaired manuscript: sections, body paragraphs, and the front and back
matter (abstracts, keywords, titles, authors per language) that are not body claims."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .reflist import looks_like_references
from .repair import KEYWORDS_LINE, Block
from .textmap import MappedText

__all__ = ["Paragraph", "Structure", "analyse", "guess_language", "skipped"]

_KK = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_AZ = set("əƏ")
_TR = set("ğşıĞŞİ")


def guess_language(text: str) -> str:
    """az, tr, en, ru or kk from the letters a text uses."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "und"
    cyr = sum("\u0400" <= c <= "\u04ff" for c in letters)
    if cyr > len(letters) / 2:
        return "kk" if any(c in _KK for c in letters) else "ru"
    if any(c in _AZ for c in letters):
        return "az"
    if any(c in _TR for c in letters) or "ç" in text or "ö" in text or "ü" in text:
        return "tr"
    return "en"


_LABEL_LANG = {
    "açar sözlər": "az", "açar sözləri": "az", "açar söz": "az", "key words": "en", "keywords": "en",
    "keywords:": "en", "index terms": "en", "ключевые слова": "ru", "түйін сөздер": "kk",
    "тірек сөздер": "kk", "түйінді сөздер": "kk", "anahtar kelimeler": "tr", "anahtar sözcükler": "tr",
}


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph and the section it stands in."""

    index: int
    text: MappedText
    section: str | None
    section_kind: str | None  # "introduction", "conclusion", "other", "numbered" or None
    role: str = "body"  # "body" or "caption": where in the page the text stands


@dataclass
class Structure:
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[tuple[str, str, int]] = field(default_factory=list)  # (title, kind, block index)
    metadata: dict[str, dict[str, object]] = field(default_factory=dict)  # per language
    matter: list[tuple[str, MappedText]] = field(default_factory=list)  # (role, text) not in the body
    roles: list[tuple[str, int]] = field(default_factory=list)  # (role, block index) of every block


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and len(text) < 60 and all(w[:1].isupper() and w.isalpha() for w in
                                                           (x.replace("-", "").replace(".", "") for x in words))


def _heading_title(text: str) -> str:
    t = re.sub(r"^\s*#{1,6}\s+", "", text)
    t = re.sub(r"^\s*(?:\d+(?:\.\d+)*|[IVXLC]+)[.)]?\s+", "", t)
    return t.strip().rstrip(":").strip()


def _title_and_author(meta: dict[str, object], lines: list[str]) -> None:
    """Lines before a summary: a line that looks like a name is the author, the rest the title."""
    names = [ln for ln in lines if _looks_like_name(ln)]
    rest = [ln for ln in lines if ln not in names]
    if names:
        meta.setdefault("author", names[0])
    if rest:
        meta["title"] = " ".join(rest) if "title" not in meta else f"{' '.join(rest)} {meta['title']}"


_INLINE_ABSTRACT = re.compile(
    r"^\s*(?P<label>abstract|summary|аннотация|резюме|özet|xülasə|аңдатпа|annotasiya)\s*[:.—–-]\s+", re.I
)
_BACK = re.compile(
    r"^(?:acknowledg(?:e)?ments?|funding(?: information)?|conflicts? of interests?|competing interests?|"
    r"declaration of competing interest|author(?:s['’]?)? contributions?|data availability(?: statement)?|"
    r"ethics(?: statement)?|supporting information|supplementary (?:material|information)s?|abbreviations|"
    r"благодарности|финансирование|teşekkür|minnətdarlıq|özgeçmiş|curriculum vitae|about the authors?|"
    r"notes|footnotes|endnotes|see also|external links|further reading|citations|sources|bibliography)$",
    re.I,
)
_CITATION = re.compile(r"\[\s*\d{1,4}\s*(?:[,;–—-]\s*\d{1,4}\s*)*(?:[,;:]\s*[^\]\[]{0,30})?\]")
ROLES = ("front", "abstract", "keywords", "contents", "references", "back", "code", "heading")


def _cites(text: str) -> bool:
    return bool(_CITATION.search(text))


@dataclass
class _Analyser:
    """What ``analyse`` knows while it reads the blocks in order."""

    blocks: list[Block]
    raised: set[int]
    s: Structure = field(default_factory=Structure)
    section: str | None = None
    section_kind: str | None = None
    abstract_lang: str | None = None  # the language of the abstract being read
    matter: str | None = None  # "front", "back" or "references" while outside the body
    body_seen: bool = False  # a body heading or a cited paragraph has been read
    # indexes in s.paragraphs of short blocks that may be a title/author
    pending: list[int] = field(default_factory=list)
    block_lines: list[list[str]] = field(default_factory=list)  # the source lines of each body paragraph

    def meta(self, lang: str) -> dict[str, object]:
        return self.s.metadata.setdefault(lang, {})

    def body(self, i: int, block: Block, role: str) -> None:
        """Block ``i`` is a body paragraph (or caption)."""
        text = block.text.text
        short = len(text) < 200 and not re.search(r"[.!?]\s*$", text) and "[" not in text
        s = self.s
        s.paragraphs.append(Paragraph(len(s.paragraphs), block.text, self.section, self.section_kind, role))
        self.block_lines.append(block.lines())
        s.roles.append(("body", i))
        self.pending = (self.pending + [len(s.paragraphs) - 1])[-2:] if short and role == "body" else []

    def heading(self, i: int, block: Block) -> None:
        """A heading: of an abstract, of a reference list or back matter, or of a body section."""
        kind = block.heading or "other"
        title = _heading_title(block.text.text)
        if kind == "abstract":
            self.abstract_heading(i, block)
            return
        self.abstract_lang = None
        self.pending = []
        if kind == "references" or _BACK.match(title):
            self.matter = "references" if kind == "references" else "back"
            self.s.matter.append(("heading", block.text))
            self.s.roles.append((self.matter, i))
            return
        self.matter = None
        self.body_seen = True
        self.section, self.section_kind = title, kind
        self.s.sections.append((title, kind, i))
        self.s.roles.append(("heading", i))

    def abstract_heading(self, i: int, block: Block) -> None:
        """The heading of an abstract: its language is that of the text after it."""
        s = self.s
        blocks = self.blocks
        lang = guess_language(" ".join(b.text.text for b in blocks[i + 1 : i + 3] if b.kind == "text"))
        self.abstract_lang = lang
        # the short blocks just before a summary are its title and author
        candidates = [p for p in self.pending if s.paragraphs and p < len(s.paragraphs)]
        for p in sorted(candidates, reverse=True):
            para = s.paragraphs.pop(p)
            block_lines_p = self.block_lines.pop(p)
            s.matter.append(("title", para.text))
            _title_and_author(self.meta(lang), block_lines_p)
            _retag(s.roles, p, "front" if not self.body_seen else "back")
        s.matter.append(("heading", block.text))
        s.roles.append(("abstract", i))
        self.pending = []

    def keywords(self, i: int, block: Block) -> None:
        """A line of keywords, in the language its label names (or its words are in)."""
        text = block.text.text
        m = KEYWORDS_LINE.match(text)
        label = re.sub(r"\s+", " ", m.group("label").lower()) if m else ""
        words = [w.strip(" .") for w in re.split(r"[,;]", text[m.end():] if m else text) if w.strip(" .")]
        lang = _LABEL_LANG.get(label) or guess_language(text)
        self.meta(lang)["keywords"] = words
        self.s.matter.append(("keywords", block.text))
        self.s.roles.append(("keywords", i))
        self.abstract_lang = None
        self.pending = []
        self.matter = "back" if self.body_seen else "front"  # until the next body heading or cited paragraph

    def set_aside(self, i: int, block: Block) -> None:
        """A reference, a program listing or a table of contents: never body text."""
        role = {"reference": "references", "code": "code", "toc": "contents"}[block.kind]
        self.s.matter.append((role, block.text))
        self.s.roles.append((role, i))

    def text(self, i: int, block: Block) -> None:
        """A text block or a caption: abstract, reference list, front or back matter, or body."""
        text = block.text.text
        cites = i in self.raised or _cites(text)
        if self.abstract(i, block, cites):
            return
        role = "caption" if block.kind == "caption" else "body"
        if self.matter == "references":
            if looks_like_references(block.lines(), after_heading=True) or not cites:
                self.s.matter.append(("references", block.text))
                self.s.roles.append(("references", i))
                return
            self.body_seen = True
            self.body(i, block, role)  # body text printed after the list (columns, margins)
            return
        if self.matter is not None:
            if not cites or looks_like_references(block.lines()):
                _back_matter(self.s, self.blocks, i, block, self.matter, self.meta)
                return
            self.matter = None  # a paragraph that cites: the body goes on
        if cites:
            self.body_seen = True
        self.body(i, block, role)

    def abstract(self, i: int, block: Block, cites: bool) -> bool:
        """Is the text block (which ``cites`` or not) part of an abstract: one under an abstract
        heading, or one that starts with "Abstract:"? If so it is read as one."""
        text = block.text.text
        if self.abstract_lang is not None and cites and not _INLINE_ABSTRACT.match(text):
            self.abstract_lang = None  # an abstract does not cite: the body has begun (no heading said so)
            self.matter = None
        if self.abstract_lang is not None:
            fields = self.meta(self.abstract_lang)
            fields["abstract"] = (str(fields["abstract"]) + "\n\n" + text) if "abstract" in fields else text
            self.s.matter.append(("abstract", block.text))
            self.s.roles.append(("abstract", i))
            return True
        inline = _INLINE_ABSTRACT.match(text)
        if inline and not cites:
            lang = guess_language(text[inline.end():])
            self.meta(lang)["abstract"] = text[inline.end():]
            self.s.matter.append(("abstract", block.text))
            self.s.roles.append(("abstract", i))
            return True
        return False


def analyse(blocks: list[Block], raised: set[int] | None = None) -> Structure:
    """Sections, body paragraphs, and the matter around them.

    Fails safe: front and back matter (title block, abstracts, keywords, contents, reference
    lists, acknowledgements, summaries in other languages) end at the next body heading or the
    next paragraph that cites, so that nothing after a misread heading is lost. ``raised``: the
    blocks that hold raised (superscript) citations, which no bracket shows."""
    reader = _Analyser(blocks, raised or set())
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            reader.heading(i, block)
        elif block.kind == "keywords":
            reader.keywords(i, block)
        elif block.kind in ("reference", "code", "toc"):
            reader.set_aside(i, block)
        else:
            reader.text(i, block)
    s = reader.s
    s.paragraphs = [Paragraph(i, p.text, p.section, p.section_kind, p.role) for i, p in enumerate(s.paragraphs)]
    return s


def _retag(roles: list[tuple[str, int]], paragraph: int, role: str) -> None:
    """The ``paragraph``-th body block is matter after all."""
    seen = -1
    for k, (r, i) in enumerate(roles):
        if r == "body":
            seen += 1
            if seen == paragraph:
                roles[k] = (role, i)
                return


def _back_matter(s: Structure, blocks: list[Block], i: int, block: Block, matter: str, meta) -> None:
    text = block.text.text
    s.roles.append((matter, i))
    if matter != "back":
        s.matter.append((matter, block.text))
        return
    role = "author" if _looks_like_name(text) else "title" if len(text) < 200 else "back"
    if role in ("author", "title"):
        s.matter.append((role, block.text))
        lang = guess_language(" ".join(b.text.text for b in blocks[i + 1 : i + 4] if b.kind == "text") or text)
        meta(guess_language(text) if role == "title" else lang).setdefault(role, text)
    else:
        s.matter.append(("back", block.text))


_WHAT = {
    "front": "front matter (title block, authors, abstract, keywords)",
    "abstract": "front matter (title block, authors, abstract, keywords)",
    "keywords": "front matter (title block, authors, abstract, keywords)",
    "contents": "a table of contents",
    "references": "a reference list",
    "back": "back matter (acknowledgements, summaries, notes)",
    "code": "a program listing or console output",
}


def skipped(structure: Structure, blocks: list[Block]) -> list[tuple[str, int, int]]:
    """(what, first block, last block) of each run of blocks that are not body text: what the
    reader set aside. Front matter is what stands before the first body block."""
    runs: list[tuple[str, int, int]] = []
    seen_body = False
    open_run = False  # the last run goes on: no body text since it (headings do not break it)
    for role, i in structure.roles:
        if role in ("body", "heading"):
            if role == "body":
                seen_body, open_run = True, False
            continue
        if role in ("abstract", "keywords", "front", "back"):
            what = _WHAT["front"] if not seen_body else _WHAT["back"]
        else:
            what = _WHAT.get(role, role)
        if open_run and runs[-1][0] == what:
            runs[-1] = (what, runs[-1][1], i)
        else:
            runs.append((what, i, i))
        open_run = True
    return runs
