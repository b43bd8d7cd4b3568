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


def analyse(blocks: list[Block], raised: set[int] | None = None) -> Structure:
    """Sections, body paragraphs, and the matter around them.

    Fails safe: front and back matter (title block, abstracts, keywords, contents, reference
    lists, acknowledgements, summaries in other languages) end at the next body heading or the
    next paragraph that cites, so that nothing after a misread heading is lost. ``raised``: the
    blocks that hold raised (superscript) citations, which no bracket shows."""
    raised = raised or set()
    s = Structure()
    section: str | None = None
    section_kind: str | None = None
    abstract_lang: str | None = None
    matter: str | None = None  # "front", "back" or "references" while outside the body
    body_seen = False  # a body heading or a cited paragraph has been read
    pending: list[int] = []  # indexes in s.paragraphs of short blocks that may be a title/author
    block_lines: list[list[str]] = []  # the source lines of each body paragraph

    def meta(lang: str) -> dict[str, object]:
        return s.metadata.setdefault(lang, {})

    def body(i: int, block: Block, role: str) -> None:
        nonlocal pending
        text = block.text.text
        short = len(text) < 200 and not re.search(r"[.!?]\s*$", text) and "[" not in text
        s.paragraphs.append(Paragraph(len(s.paragraphs), block.text, section, section_kind, role))
        block_lines.append(block.lines())
        s.roles.append(("body", i))
        pending = (pending + [len(s.paragraphs) - 1])[-2:] if short and role == "body" else []

    for i, block in enumerate(blocks):
        text = block.text.text
        if block.kind == "heading":
            kind = block.heading or "other"
            title = _heading_title(text)
            if kind == "abstract":
                lang = guess_language(" ".join(b.text.text for b in blocks[i + 1 : i + 3] if b.kind == "text"))
                abstract_lang = lang
                # the short blocks just before a summary are its title and author
                candidates = [p for p in pending if s.paragraphs and p < len(s.paragraphs)]
                for p in sorted(candidates, reverse=True):
                    para = s.paragraphs.pop(p)
                    block_lines_p = block_lines.pop(p)
                    s.matter.append(("title", para.text))
                    _title_and_author(meta(lang), block_lines_p)
                    _retag(s.roles, p, "front" if not body_seen else "back")
                s.matter.append(("heading", block.text))
                s.roles.append(("abstract", i))
                pending = []
                continue
            abstract_lang = None
            pending = []
            if kind == "references" or _BACK.match(title):
                matter = "references" if kind == "references" else "back"
                s.matter.append(("heading", block.text))
                s.roles.append((matter, i))
                continue
            matter = None
            body_seen = True
            section, section_kind = title, kind
            s.sections.append((title, kind, i))
            s.roles.append(("heading", i))
            continue
        if block.kind == "keywords":
            m = KEYWORDS_LINE.match(text)
            label = re.sub(r"\s+", " ", m.group("label").lower()) if m else ""
            words = [w.strip(" .") for w in re.split(r"[,;]", text[m.end():] if m else text) if w.strip(" .")]
            lang = _LABEL_LANG.get(label) or guess_language(text)
            meta(lang)["keywords"] = words
            s.matter.append(("keywords", block.text))
            s.roles.append(("keywords", i))
            abstract_lang = None
            pending = []
            matter = "back" if body_seen else "front"  # until the next body heading or cited paragraph
            continue
        if block.kind in ("reference", "code", "toc"):
            role = {"reference": "references", "code": "code", "toc": "contents"}[block.kind]
            s.matter.append((role, block.text))
            s.roles.append((role, i))
            continue
        # a text block or a caption
        cites = i in raised or _cites(text)
        if abstract_lang is not None and cites and not _INLINE_ABSTRACT.match(text):
            abstract_lang = None  # an abstract does not cite: the body has begun (no heading said so)
            matter = None
        if abstract_lang is not None:
            fields = meta(abstract_lang)
            fields["abstract"] = (str(fields["abstract"]) + "\n\n" + text) if "abstract" in fields else text
            s.matter.append(("abstract", block.text))
            s.roles.append(("abstract", i))
            continue
        inline = _INLINE_ABSTRACT.match(text)
        if inline and not cites:
            lang = guess_language(text[inline.end():])
            meta(lang)["abstract"] = text[inline.end():]
            s.matter.append(("abstract", block.text))
            s.roles.append(("abstract", i))
            continue
        role = "caption" if block.kind == "caption" else "body"
        if matter == "references":
            if looks_like_references(block.lines(), after_heading=True) or not cites:
                s.matter.append(("references", block.text))
                s.roles.append(("references", i))
                continue
            body_seen = True
            body(i, block, role)  # body text printed after the list (columns, margins)
            continue
        if matter is not None:
            if not cites or looks_like_references(block.lines()):
                _back_matter(s, blocks, i, block, matter, meta)
                continue
            matter = None  # a paragraph that cites: the body goes on
        if cites:
            body_seen = True
        body(i, block, role)
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
