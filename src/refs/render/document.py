"""A restyled manuscript written out: its blocks with every citation in the style, footnotes
where the style is a note style, and the bibliography after them, as plain text, Markdown,
HTML or DOCX (a Word document with real footnotes).

The input is neutral: blocks of pieces, each a plain run of the manuscript's own text, a
rendered citation (refs' marked rich text) or a footnote reference; the notes' texts; the
bibliography's entries. Every piece of text is escaped for the format it goes into."""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field

from . import richtext
from .csl import Entry
from .output import bibliography, page

__all__ = ["Piece", "Block", "Document", "write", "DOCUMENT_FORMATS"]

DOCUMENT_FORMATS = ("text", "markdown", "html", "docx")


@dataclass(frozen=True)
class Piece:
    kind: str  # "plain" (the manuscript's text), "cite" (marked rich text), "note" (a footnote number)
    value: str


@dataclass
class Block:
    kind: str  # "heading" or anything else (a paragraph)
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Document:
    title: str
    lang: str
    blocks: list[Block]
    notes: list[str]  # marked rich text of footnote n + 1
    entries: list[Entry]
    references_heading: str = "References"
    notes_heading: str = "Notes"


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def write(doc: Document, fmt: str) -> str | bytes:
    if fmt == "docx":
        return _docx(doc)
    if fmt not in DOCUMENT_FORMATS:
        raise ValueError(fmt)
    out: list[str] = []
    for block in doc.blocks:
        pieces = _heading_pieces(block) if block.kind == "heading" else block.pieces
        body = "".join(_piece(p, fmt) for p in pieces).strip()
        if block.kind == "heading":
            title = body
            out.append({"text": title, "markdown": f"## {title}", "html": f"<h2>{title}</h2>"}[fmt])
        else:
            out.append(f"<p>{body}</p>" if fmt == "html" else body)
    if doc.notes:
        if fmt == "markdown":
            out.append("\n".join(f"[^{n}]: {richtext.to_markdown(t)}" for n, t in enumerate(doc.notes, start=1)))
        elif fmt == "html":
            items = "\n".join(f'<li id="fn{n}">{richtext.to_html(t)} <a href="#fnref{n}" class="footnote-back">↩</a></li>'
                              for n, t in enumerate(doc.notes, start=1))
            out.append(f'<section class="footnotes">\n<h2>{html.escape(doc.notes_heading)}</h2>\n<ol>\n{items}\n</ol>\n'
                       "</section>")
        else:
            out.append(doc.notes_heading + "\n\n" + "\n".join(f"{n}. {richtext.to_text(t)}"
                                                                for n, t in enumerate(doc.notes, start=1)))
    if doc.entries:
        heading = {"text": doc.references_heading, "markdown": f"## {doc.references_heading}",
                   "html": f"<h2>{html.escape(doc.references_heading)}</h2>"}[fmt]
        out.append(heading + "\n\n" + bibliography(doc.entries, fmt).rstrip("\n"))
    text = "\n\n".join(out) + "\n"
    if fmt == "html":
        return page(doc.title, text.replace("\n\n", "\n"), doc.lang)
    return text


def _heading_pieces(block: Block) -> list[Piece]:
    """A heading's pieces without the Markdown hashes that marked it in the manuscript."""
    pieces = list(block.pieces)
    if pieces and pieces[0].kind == "plain":
        pieces[0] = Piece("plain", re.sub(r"^\s*#+\s*", "", pieces[0].value))
    return pieces


def _piece(p: Piece, fmt: str) -> str:
    if p.kind == "plain":
        if fmt == "markdown":
            return richtext.to_markdown(p.value)
        if fmt == "html":
            return richtext.to_html(p.value)
        return p.value
    if p.kind == "cite":
        return {"text": richtext.to_text, "markdown": richtext.to_markdown, "html": richtext.to_html}[fmt](p.value)
    n = p.value
    if fmt == "markdown":
        return f"[^{n}]"
    if fmt == "html":
        return f'<sup id="fnref{n}"><a href="#fn{n}" class="footnote-ref">{n}</a></sup>'
    return n.translate(_SUPERSCRIPT)


# -- DOCX ---------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_RUN_PROPS = {"i": "<w:i/>", "b": "<w:b/>", "sup": '<w:vertAlign w:val="superscript"/>',
              "sub": '<w:vertAlign w:val="subscript"/>', "sc": "<w:smallCaps/>", "u": '<w:u w:val="single"/>'}


def _xml_text(text: str) -> str:
    # characters XML 1.0 cannot hold are shown as U+FFFD rather than dropped unseen
    return html.escape(_XML_BAD.sub("\ufffd", text), quote=False)


def _runs(marked: str, base: str = "") -> str:
    """Marked rich text as Word runs, each with its formatting."""
    opens = {v[0]: k for k, v in richtext.MARK.items()}
    closes = {v[1]: k for k, v in richtext.MARK.items()}
    label, body = (None, marked)
    if richtext.LABEL_OPEN in marked and richtext.LABEL_CLOSE in marked:
        a, b = marked.index(richtext.LABEL_OPEN), marked.index(richtext.LABEL_CLOSE)
        label, body = marked[a + 1 : b], marked[:a] + marked[b + 1 :]
        body = (label + "\t" + body.lstrip())
    out: list[str] = []
    state: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = "".join(buf)
        buf.clear()
        if not text:
            return
        props = base + "".join(_RUN_PROPS[k] for k in dict.fromkeys(state))
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        parts = text.split("\t")
        inner = "<w:tab/>".join(f'<w:t xml:space="preserve">{_xml_text(t)}</w:t>' for t in parts)
        out.append(f"<w:r>{rpr}{inner}</w:r>")

    for ch in body:
        if ch in opens:
            flush()
            state.append(opens[ch])
        elif ch in closes:
            flush()
            kind = closes[ch]
            if kind in state:
                del state[len(state) - 1 - state[::-1].index(kind)]
        else:
            buf.append(ch)
    flush()
    return "".join(out)


def _paragraph(runs: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{runs}</w:p>"


def _note_ref(n: str) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{int(n)}"/></w:r>'


_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# the parts of the package that do not depend on the document
_DOCX_SETTINGS = (f'{_XML_DECLARATION}<w:settings xmlns:w="{_W}">'
                  '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr></w:settings>')
_DOCX_CONTENT_TYPES = (
    f'{_XML_DECLARATION}'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/footnotes.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    "</Types>"
)
_DOCX_RELS = (f'{_XML_DECLARATION}'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'officeDocument" Target="word/document.xml"/></Relationships>')
_DOCX_DOCUMENT_RELS = (f'{_XML_DECLARATION}'
                       '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       f'<Relationship Id="rId1" Type="{_R}/footnotes" Target="footnotes.xml"/>'
                       f'<Relationship Id="rId2" Type="{_R}/styles" Target="styles.xml"/>'
                       f'<Relationship Id="rId3" Type="{_R}/settings" Target="settings.xml"/></Relationships>')


def _docx(doc: Document) -> bytes:
    """The document as a DOCX package: its text, its footnotes, and the styles they use."""
    parts = {
        "[Content_Types].xml": _DOCX_CONTENT_TYPES,
        "_rels/.rels": _DOCX_RELS,
        "word/document.xml": _docx_document(doc),
        "word/_rels/document.xml.rels": _DOCX_DOCUMENT_RELS,
        "word/footnotes.xml": _docx_footnotes(doc.notes),
        "word/styles.xml": _docx_styles(doc.lang),
        "word/settings.xml": _DOCX_SETTINGS,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    return buf.getvalue()


def _docx_document(doc: Document) -> str:
    """word/document.xml: the blocks, then the bibliography under its heading."""
    body: list[str] = []
    for block in doc.blocks:
        runs = []
        for p in (_heading_pieces(block) if block.kind == "heading" else block.pieces):
            if p.kind == "note":
                runs.append(_note_ref(p.value))
            else:
                runs.append(_runs(p.value))
        body.append(_paragraph("".join(runs), "Heading2" if block.kind == "heading" else None))
    if doc.entries:
        body.append(_paragraph(_runs(doc.references_heading), "Heading2"))
        for e in doc.entries:
            body.append(_paragraph(_runs(e.marked), "Bibliography"))
    return (f'{_XML_DECLARATION}<w:document xmlns:w="{_W}" xmlns:r="{_R}">'
            f'<w:body>{"".join(body)}<w:sectPr/></w:body></w:document>')


def _docx_footnotes(texts: list[str]) -> str:
    """word/footnotes.xml: Word's two separators, then footnote n for ``texts[n - 1]``."""
    notes = ['<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
             "</w:footnote>"]
    for n, text in enumerate(texts, start=1):
        ref = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        notes.append(f'<w:footnote w:id="{n}">' + _paragraph(ref + '<w:r><w:t xml:space="preserve"> </w:t></w:r>'
                                                               + _runs(text), "FootnoteText") + "</w:footnote>")
    return (f'{_XML_DECLARATION}<w:footnotes xmlns:w="{_W}" '
            f'xmlns:r="{_R}">{"".join(notes)}</w:footnotes>')


def _docx_styles(lang: str) -> str:
    """word/styles.xml: the document's language, and the paragraph and character styles the
    other parts name (Normal, Heading2, Bibliography, FootnoteText, FootnoteReference)."""
    lang_value = html.escape(lang, quote=True)
    return (f'{_XML_DECLARATION}<w:styles xmlns:w="{_W}">'
            f'<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="{lang_value}"/></w:rPr></w:rPrDefault></w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
            '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>'
            '<w:next w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr>'
            '<w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="Bibliography"><w:name w:val="Bibliography"/>'
            '<w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
            '<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>'
            '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
            '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style></w:styles>')
