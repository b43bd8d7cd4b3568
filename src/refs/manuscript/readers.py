"""Manuscript formats -> text to repair, mapped back to the file's lines.

Plain text (as extracted from PDF) is read as it is. Markdown loses its inline markup.
DOCX and HTML become one block per paragraph, headings marked with ``# `` as in Markdown;
their "lines" are DOCX paragraph numbers and HTML source lines.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Location
from .textmap import Builder, MappedText, Source

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["BINARY", "FORMATS", "format_for", "read_text_format", "read_docx", "MAX_DOCX_XML"]

FORMATS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf",
}
BINARY = ("docx", "pdf")  # formats read from bytes, not decoded text
MAX_DOCX_XML = 200 * 1024 * 1024  # refuse zip bombs: no document.xml larger than this


def format_for(path: str, given: str | None = None) -> str:
    if given:
        if given not in set(FORMATS.values()):
            raise InputError(f'unknown manuscript format "{given}" (known: text, markdown, docx, html, pdf)')
        return given
    for suffix, fmt in FORMATS.items():
        if path.lower().endswith(suffix):
            return fmt
    return "text"


# -- Markdown ---------------------------------------------------------------------------------

# Each construct's content excludes the character that opens it, so that a run of openers
# ("[[[[…", "****…", "<!--<!--…") is read in linear time: from each opener the match fails at
# the next one instead of scanning to the end of the line. (Same-character nesting such as
# "**a *b* c**" is the price: its outer markers stay as written.)
_MD_INLINE = re.compile(
    r"""(?P<image>!\[[^\[\]]*\]\([^()\s]*(?:\s+"[^"]*")?\))
      | (?P<link>\[(?P<ltext>[^\[\]]+)\]\((?P<lurl>[^()\s]+)(?:\s+"[^"]*")?\))
      | (?<!`)(?P<code>`++)(?P<ctext>[^`]+)(?P=code)(?!`)
      | (?P<emph>\*\*|\*)(?=[^\s*])(?P<etext>[^*]*?[^\s*])(?P=emph)(?!\w)
      | (?P<emph_>__|_)(?=[^\s_])(?P<etext_>[^_]*?[^\s_])(?P=emph_)(?!\w)
      | (?P<comment><!--(?:(?!<!--)[^>]|>)*?-->)
    """,
    re.X,
)
_MD_DROP_LINE = re.compile(r"^\s{0,3}(\[[^\]]+\]:\s+\S+.*|<!--.*-->\s*|[-*_]{3,}\s*)$")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")


def _markdown_inline(b: Builder, line: str, start: int) -> None:
    pos = 0
    for m in _MD_INLINE.finditer(line):
        b.copy(line[pos : m.start()], start + pos)
        if m.group("image") or m.group("comment"):
            pass
        elif m.group("link"):
            text = m.group("ltext")
            if re.fullmatch(r"[\d\s,;–—-]+", text):  # [1](#ref-1): a citation that links its entry
                b.copy("[", start + m.start())
                b.copy(text, start + m.start("ltext"))
                b.copy("]", start + m.end("ltext"))
            else:
                _markdown_inline(b, text, start + m.start("ltext"))
        elif m.group("code"):
            b.copy(m.group("ctext"), start + m.start("ctext"))
        else:
            inner = "etext" if m.group("emph") else "etext_"
            _markdown_inline(b, m.group(inner), start + m.start(inner))
        pos = m.end()
    b.copy(line[pos:], start + pos)


def read_markdown(text: str) -> MappedText:
    b = Builder()
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        end = line[len(body) :]
        if _MD_DROP_LINE.match(body):
            b.insert("\n", offset)
        else:
            q = _MD_QUOTE.match(body)
            skip = q.end() if q else 0
            _markdown_inline(b, body[skip:], offset + skip)
            if end:
                b.copy("\n", offset + len(body))
        offset += len(line)
    return b.build()


def read_text_format(text: str, fmt: str) -> MappedText:
    return read_markdown(text) if fmt == "markdown" else MappedText.identity(text)


# -- DOCX -------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# a DOCX paragraph: its text, whether its style is a heading's, and its superscript runs
_DocxParagraph = tuple[str, bool, list[tuple[int, int]]]


def read_docx(data: bytes, name: str) -> tuple[str, MappedText]:
    """(one line per paragraph: the text locations refer to, the reading with headings)."""
    root = _docx_root(_docx_document_xml(data, name), name)
    paragraphs = [_docx_paragraph(p) for p in root.iter(f"{W}p")]
    source = "\n".join(t for t, _, _ in paragraphs)
    return source, _docx_reading(paragraphs)


def _docx_document_xml(data: bytes, name: str) -> bytes:
    """The bytes of word/document.xml, refused when the archive is not a DOCX, is encrypted or
    damaged, or would unpack to more than MAX_DOCX_XML."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        raise InputError("not a DOCX file (no word/document.xml inside)", Location(name)) from None
    if info.file_size > MAX_DOCX_XML:
        raise InputError(f"word/document.xml would unpack to {info.file_size} bytes; refusing", Location(name))
    try:
        with archive.open(info) as fh:
            xml = fh.read(MAX_DOCX_XML + 1)
    except RuntimeError as error:  # zipfile: "File ... is encrypted, password required"
        raise InputError(f"cannot read word/document.xml: {error} (save the document without a password)",
                         Location(name)) from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise InputError(f"the DOCX archive is damaged: {error}", Location(name)) from None
    if len(xml) > MAX_DOCX_XML:
        raise InputError("word/document.xml unpacks to more than its header says; refusing", Location(name))
    return xml


def _docx_root(xml: bytes, name: str) -> etree._Element:
    """The parsed document.xml: no entities resolved, no DTD loaded, nothing fetched."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise InputError(f"word/document.xml is not well-formed: {error}", Location(name)) from None
    if root.getroottree().docinfo.doctype:
        raise InputError("word/document.xml declares a DTD (<!DOCTYPE ...>), which Word never writes; refs "
                         "neither loads DTDs nor expands their entities", Location(name)) from None
    return root


def _docx_paragraph(p: etree._Element) -> _DocxParagraph:
    """A ``w:p`` element's text, whether it is a heading, and where its superscript runs stand."""
    style = p.find(f"{W}pPr/{W}pStyle")
    style_name = (style.get(f"{W}val") or "") if style is not None else ""
    heading = bool(re.match(r"(?i)(heading|title|berschrift|заголовок|başlıq)", style_name))
    parts: list[str] = []
    raised: list[tuple[int, int]] = []  # (start, end) of superscript runs in the paragraph
    length = 0
    for el in p.iter():
        tag = el.tag
        piece = _docx_piece(el)
        if not piece:
            continue
        run = el.getparent()
        align = run.find(f"{W}rPr/{W}vertAlign") if run is not None and run.tag == f"{W}r" else None
        if align is not None and align.get(f"{W}val") == "superscript" and tag == f"{W}t":
            if raised and raised[-1][1] == length:
                raised[-1] = (raised[-1][0], length + len(piece))
            else:
                raised.append((length, length + len(piece)))
        parts.append(piece)
        length += len(piece)
    return "".join(parts), heading, raised


def _docx_piece(el: etree._Element) -> str:
    """The text an element inside a paragraph adds: a text run's text, a tab, a space for a
    line break, a hyphen for a non-breaking one; "" for anything else."""
    tag = el.tag
    if tag == f"{W}t" and el.text:
        return el.text
    if tag == f"{W}tab":
        return "\t"
    if tag in (f"{W}br", f"{W}cr"):
        return " "
    if tag == f"{W}noBreakHyphen":
        return "-"
    return ""


def _docx_reading(paragraphs: list[_DocxParagraph]) -> MappedText:
    """The paragraphs as blocks (headings marked ``# ``, raised citations bracketed), mapped to
    the source that puts one paragraph on a line."""
    b = Builder()
    offset = 0
    for text, heading, raised in paragraphs:
        if heading and text.strip():
            b.insert("# ", offset)
        pos = 0
        for a, z in raised:
            digits = text[a:z]
            word = re.search(r"(\S*)$", text[:a]).group(1)  # type: ignore[union-attr]
            if _NUMBERS.match(digits) and word and not word[-1].isdigit() and \
                    (len(re.sub(r"[^\w]", "", word)) >= 3 or word[-1] in ").,;:’”]"):
                # a raised citation (Vancouver in Word): read as a bracketed marker
                b.copy(text[pos:a], offset + pos)
                b.insert(" [", offset + a)
                b.copy(digits.strip(), offset + a + len(digits) - len(digits.lstrip()))
                b.insert("]", offset + z - 1)
                pos = z
        b.copy(text[pos:], offset + pos)
        b.insert("\n\n", offset + len(text))
        offset += len(text) + 1
    return b.build()


# -- HTML -------------------------------------------------------------------------------------

_BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br", "tr", "td", "th", "table",
    "caption", "section", "article", "blockquote", "header", "footer", "aside", "main", "figure",
    "figcaption", "dd", "dt", "dl", "hr", "address", "body", "title",
}
# never text of the document: code, scripts, navigation, and what stands in for a formula
_SKIP = {"script", "style", "head", "noscript", "template", "svg", "nav", "pre", "math", "button", "select",
         "textarea", "iframe", "object"}
# classes and ids of page furniture: tables of contents, edit links, navigation boxes, bibliographies
_FURNITURE = re.compile(
    r"^(?:toc|toctitle|tocnumber|mw-editsection|editsection|refbegin|navbox|vertical-navbox|navbox-inner|"
    r"catlinks|printfooter|mw-jump-link|sistersitebox|mw-cite-backlink|mbox-small|hatnote|"
    r"navigation-not-searchable|mw-indicators|shortdescription|portal|breadcrumbs?|site-?nav|"
    r"skip-?link|sidebar-navigation|csl-bib-body)$"
)
_ROLES = {"navigation", "banner", "contentinfo", "search", "doc-bibliography", "doc-endnotes", "doc-toc"}
_NOTE_TEXT = re.compile(r"^\s*\[?\s*(\d{1,4})\s*\]?\s*$")
_NUMBERS = re.compile(r"^\s*\[?\s*\d{1,4}(?:\s*[,–—-]\s*\d{1,4})*\s*\]?\s*$")  # 3, [3], 3,4, 3–5
_CITE_CLASS = re.compile(r"(?i)\b(?:bibr|xref|cite|citation|ref|reference|footnote-ref)\b")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _is_furniture(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if not value:
            continue
        if name == "class" and any(_FURNITURE.match(c) for c in value.split()):
            return True
        if name == "id" and (_FURNITURE.match(value) or value in ("toc", "catlinks", "footer", "mw-navigation")):
            return True
        if name == "role" and value in _ROLES:
            return True
    return False


class _Tolerant(HTMLParser):
    def parse_html_declaration(self, i: int) -> int:
        # a malformed "<![" or "<!" section: browsers skip it as a bogus comment up to the next
        # ">", where html.parser gives up with an AssertionError
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            j = self.rawdata.find(">", i + 2)
            return -1 if j < 0 else j + 1


class _ListIndex(_Tolerant):
    """First pass: the position of every list item that has an id, in its own list, so that a
    link to a note (``<a href="#cite_note-x-3">``) is numbered by the entry it points at; and
    which lists are reference lists (numeric citation links point into them: they are not body
    text) rather than lists of explanatory notes (``[a]`` links: their text is read)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[list[int]] = []  # open lists: [serial, items so far]
        self.serials = 0
        self.position: dict[str, tuple[int, int]] = {}  # li id -> (list serial, position)
        self.links: list[tuple[str, str]] = []  # (target id, link text)
        self.link: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("ol", "ul"):
            self.open.append([self.serials, 0])
            self.serials += 1
        elif tag == "li" and self.open:
            self.open[-1][1] += 1
            ident = dict(attrs).get("id")
            if ident:
                self.position.setdefault(ident, (self.open[-1][0], self.open[-1][1]))
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.link = [href[1:], ""] if href.startswith("#") and len(href) > 1 else None

    def handle_endtag(self, tag):
        if tag in ("ol", "ul") and self.open:
            self.open.pop()
        elif tag == "a" and self.link is not None:
            self.links.append((self.link[0], self.link[1]))
            self.link = None

    def handle_data(self, data):
        if self.link is not None:
            self.link[1] += data

    def reference_lists(self) -> set[int]:
        return {self.position[t][0] for t, text in self.links if t in self.position and _NOTE_TEXT.match(text)}


@dataclass
class _Sup:
    """A <sup> being read, its writing held back until it closes."""

    depth: int  # <sup> elements open inside it, itself included
    offset: int  # where it starts in the source
    pieces: list[tuple[bool, str, int, bool]] = field(default_factory=list)  # (synthetic, text, offset, marker)
    cites: bool = False  # a citation marker was written inside it


class _HTMLReader(_Tolerant):
    def __init__(self, source: Source, notes: dict[str, tuple[int, int]], reference_lists: set[int]):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.notes = notes
        self.reference_lists = reference_lists
        self.serials = 0  # lists seen so far, counted as the first pass counted them
        self.b = Builder()
        self.skip = 0  # inside elements of _SKIP
        self.furniture: list[list[object]] = []  # [tag, depth] of the furniture element we are in
        self.link: list[object] | None = None  # [offset, number, text] of a note link being read
        self.sup: _Sup | None = None  # a <sup> being read
        self.last = ""  # the last characters written

    # everything written goes through these two, so that a <sup> can be held back and judged
    def _copy(self, text: str, offset: int) -> None:
        if self.sup is not None:
            self.sup.pieces.append((False, text, offset, False))
        else:
            self.b.copy(text, offset)
            self.last = (self.last + text)[-40:]

    def _insert(self, text: str, offset: int, marker: bool = False) -> None:
        if self.sup is not None:
            self.sup.pieces.append((True, text, offset, marker))
            self.sup.cites = self.sup.cites or marker
        else:
            if marker and self.last[-1:].isalnum():
                self.b.insert(" ", offset)  # "fly [1–3]": a marker is no index glued to a name (t[1])
            self.b.insert(text, offset)
            self.last = (self.last + text)[-40:]

    def _close_sup(self) -> None:
        """A raised run of digits after a word ("cells<sup>3,4</sup>") is a citation; anything
        else in the <sup> (an exponent, "th", a note link already read) is written as it is."""
        sup = self.sup
        assert sup is not None  # called only while a <sup> is open
        self.sup = None
        offset, pieces, cites = sup.offset, sup.pieces, sup.cites
        text = "".join(t for _, t, _, _ in pieces)
        before = re.search(r"(\S*)$", self.last).group(1)  # type: ignore[union-attr]
        word = re.sub(r"[^\w]", "", before)
        if not cites and _NUMBERS.match(text) and before and not before[-1].isdigit() and \
                (len(word) >= 3 or before[-1] in ").,;:’”]"):
            digits = re.sub(r"[\s\[\]]", "", text)
            self._insert(f"[{digits}]", int(offset), marker=True)
            return
        for synthetic, t, o, marker in pieces:
            if synthetic:
                self._insert(t, o, marker)
            else:
                self._copy(t, o)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.source.starts[min(line - 1, len(self.source.starts) - 1)] + col

    def _break(self) -> None:
        self._insert("\n\n", self._offset())

    @property
    def hidden(self) -> bool:
        return bool(self.skip or self.furniture)

    def handle_starttag(self, tag, attrs):
        serial = -1
        if tag in ("ol", "ul"):
            serial = self.serials
            self.serials += 1
        if self.furniture:
            if tag == self.furniture[-1][0] and tag not in _VOID:
                self.furniture[-1][1] += 1
            return
        if tag in _SKIP:
            self.skip += 1
            if tag == "math" and self.skip == 1:  # a formula reads as its TeX, not its MathML
                alt = dict(attrs).get("alttext") or ""
                alt = re.sub(r"^\{\\displaystyle\s*(.*)\}$", r"\1", alt.strip(), flags=re.S).strip()
                if alt:
                    self._insert(" " + alt.replace("\n", " ").replace("[", "(").replace("]", ")") + " ", self._offset())
            return
        if self.skip:
            return
        if tag not in _VOID and (_is_furniture(tag, attrs) or serial in self.reference_lists):
            self.furniture.append([tag, 1])
            if tag in _BLOCKS:
                self._break()
            return
        if tag == "a" and self.link is None:
            attributes = dict(attrs)
            href = attributes.get("href") or ""
            if href.startswith("#") and href[1:] in self.notes:
                self.link = [self._offset(), self.notes[href[1:]][1], ""]
                return
            if href.startswith("#") and len(href) > 1 and (self.sup is not None or
                                                           _CITE_CLASS.search(attributes.get("class") or "")):
                self.link = [self._offset(), None, ""]  # a link to a reference that is no list item
                return
        if tag == "sup" and self.sup is None:
            self.sup = _Sup(1, self._offset())
            return
        if tag == "sup" and self.sup is not None:
            self.sup.depth += 1
        if tag in _BLOCKS:
            self._break()
            if re.fullmatch(r"h[1-6]", tag):
                self._insert("# ", self._offset())

    def handle_startendtag(self, tag, attrs):
        if self.hidden:
            return
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if self.furniture:
            top = self.furniture[-1]
            if tag == top[0]:
                top[1] -= 1
                if top[1] == 0:
                    self.furniture.pop()
                    if tag in _BLOCKS and not self.furniture and not self.skip:
                        self._break()
            return
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "a" and self.link is not None:
            start, number, text = self.link
            self.link = None
            if number is not None and _NOTE_TEXT.match(str(text)):
                # [3]: a citation, numbered by the entry it points at
                self._insert(f"[{number}]", int(start), marker=True)
            elif number is None and _NUMBERS.match(str(text)):  # numbered as printed
                self._insert("[" + re.sub(r"[\s\[\]]", "", str(text)) + "]", int(start), marker=True)
            elif not re.fullmatch(r"\s*\[[^\]]*\]\s*", str(text)):  # a word linking into a list
                self._insert(str(text).replace("\n", " "), int(start))
            # [a], [n 1]: a link to an explanatory note, not to a reference: left out
            return
        if tag == "sup" and self.sup is not None:
            self.sup.depth -= 1
            if self.sup.depth == 0:
                self._close_sup()
            return
        if tag in _BLOCKS:
            self._break()

    def handle_data(self, data):
        if self.hidden:
            return
        if self.link is not None:
            self.link[2] = str(self.link[2]) + data
            return
        start = self._offset()
        raw = self.source.text[start : start + len(data)]
        if raw == data:
            self._copy(data.replace("\n", " "), start)
        else:  # entities were decoded: map the chunk to its start
            self._insert(data.replace("\n", " "), start)


class _ListItems(_Tolerant):
    """The items of the reference lists (``_ListIndex.reference_lists``), as text with their
    lines: back-links ("^ a b"), citation links inside an item and hidden parts left out."""

    def __init__(self, lists: set[int]):
        super().__init__(convert_charrefs=True)
        self.lists = lists
        self.serials = 0
        self.open: list[int] = []  # serials of the open lists
        self.item: list[object] | None = None  # [first line, pieces, depth of skipped elements]
        self.skip: list[str] = []  # tags of the elements being left out
        self.items: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("ol", "ul"):
            self.open.append(self.serials)
            self.serials += 1
            return
        if tag == "li" and self.open and self.open[-1] in self.lists and self.item is None:
            self.item = [self.getpos()[0], [], 0]
            return
        if self.item is None or tag in _VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self.skip or tag in _SKIP or "mw-cite-backlink" in classes or "reference" in classes and tag == "sup" \
                or "Z3988" in classes:
            self.skip.append(tag)

    def handle_endtag(self, tag):
        if self.skip and tag == self.skip[-1]:
            self.skip.pop()
            return
        if tag in ("ol", "ul") and self.open:
            self.open.pop()
        elif tag == "li" and self.item is not None and not self.skip:
            first, pieces, _ = self.item
            text = re.sub(r"\s+", " ", "".join(pieces)).strip()
            if text:
                self.items.append((text, int(first), self.getpos()[0]))
            self.item = None

    def handle_data(self, data):
        if self.item is not None and not self.skip:
            self.item[1].append(data)


def html_reference_items(text: str) -> list[tuple[str, int, int]]:
    """The entries of a page's reference lists (those its numbered citation links point into):
    (text, first line, last line)."""
    index = _ListIndex()
    try:
        index.feed(text)
        index.close()
    except AssertionError:
        pass
    reader = _ListItems(index.reference_lists())
    try:
        reader.feed(text)
        reader.close()
    except AssertionError:
        pass
    return reader.items


def read_html(text: str, name: str) -> MappedText:
    index = _ListIndex()
    try:
        index.feed(text)
        index.close()
    except AssertionError:
        pass  # the second pass says where
    reader = _HTMLReader(Source(text, name), index.position, index.reference_lists())
    try:
        reader.feed(text)
        reader.close()
        if reader.sup is not None:  # a <sup> never closed
            reader._close_sup()
    except AssertionError as error:  # html.parser's way of saying it cannot go on
        line, col = reader.getpos()
        raise InputError(f"HTML refs cannot read: {error}", Location(name, line, col + 1)) from None
    return reader.b.build()
