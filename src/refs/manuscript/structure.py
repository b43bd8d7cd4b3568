"""Structure of a repaired manuscript: sections, body paragraphs, and the front and back
matter (abstracts, keywords, titles, authors per language) that are not body claims."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .repair import KEYWORDS_LINE, Block
from .textmap import MappedText

__all__ = ["Paragraph", "Structure", "analyse", "guess_language"]

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


@dataclass
class Structure:
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[tuple[str, str, int]] = field(default_factory=list)  # (title, kind, block index)
    metadata: dict[str, dict[str, object]] = field(default_factory=dict)  # per language
    matter: list[tuple[str, MappedText]] = field(default_factory=list)  # (role, text) not in the body


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


def analyse(blocks: list[Block]) -> Structure:
    s = Structure()
    section: str | None = None
    section_kind: str | None = None
    abstract_lang: str | None = None
    back = False  # after the body: keywords, summaries in other languages, references
    pending: list[int] = []  # indexes in s.paragraphs of short blocks that may be a title/author
    block_lines: list[list[str]] = []  # the source lines of each body paragraph

    def meta(lang: str) -> dict[str, object]:
        return s.metadata.setdefault(lang, {})

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
                s.matter.append(("heading", block.text))
                pending = []
                continue
            abstract_lang = None
            pending = []
            if kind == "references":
                back = True
                s.matter.append(("heading", block.text))
                continue
            section, section_kind = title, kind
            s.sections.append((title, kind, i))
            continue
        if block.kind == "keywords":
            m = KEYWORDS_LINE.match(text)
            label = re.sub(r"\s+", " ", m.group("label").lower()) if m else ""
            words = [w.strip(" .") for w in re.split(r"[,;]", text[m.end():] if m else text) if w.strip(" .")]
            lang = _LABEL_LANG.get(label) or guess_language(text)
            meta(lang)["keywords"] = words
            s.matter.append(("keywords", block.text))
            abstract_lang = None
            pending = []
            if s.paragraphs:  # keywords after body text close the body
                back = True
            continue
        # a text block
        if abstract_lang is not None:
            m = meta(abstract_lang)
            m["abstract"] = (str(m["abstract"]) + "\n\n" + text) if "abstract" in m else text
            s.matter.append(("abstract", block.text))
            continue
        if back:
            role = "author" if _looks_like_name(text) else "title" if len(text) < 200 else "back"
            if role in ("author", "title"):
                s.matter.append((role, block.text))
                lang = guess_language(
                    " ".join(b.text.text for b in blocks[i + 1 : i + 4] if b.kind == "text") or text
                )
                meta(guess_language(text) if role == "title" else lang).setdefault(role, text)
            else:
                s.matter.append(("back", block.text))
            continue
        short = len(text) < 200 and not re.search(r"[.!?]\s*$", text) and "[" not in text
        s.paragraphs.append(Paragraph(len(s.paragraphs), block.text, section, section_kind))
        block_lines.append(block.lines())
        pending = (pending + [len(s.paragraphs) - 1])[-2:] if short else []
    s.paragraphs = [Paragraph(i, p.text, p.section, p.section_kind) for i, p in enumerate(s.paragraphs)]
    return s
