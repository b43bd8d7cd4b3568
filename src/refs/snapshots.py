"""Snapshots of the sources: what each cited page says, kept as plain files a user can read and
diff, and read back as evidence for ``refs check --sources``.

``refs fetch`` saves, for a reference whose file name is NAME (``fetch.snapshot_names``):

- ``NAME.txt``: a header of ``field: value`` lines (the URL, where it led, when it was fetched,
  the content type, the page's title, its publication date and language, the extractor), a
  blank line, then the page's main text — without navigation, menus and footers (trafilatura
  reads HTML; refs' own PDF reader reads PDFs);
- the download as it came (``NAME.html``, ``NAME.pdf`` or ``NAME.raw.txt``), so the text can be
  read again.

A folder may also hold pages saved by hand: ``KEY.html``, ``KEY.pdf`` or ``KEY.txt`` (plain
text, no header) are read the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import EncodingError, InputError
from .fetch import Download, FetchError, safe_name, snapshot_names
from .io import decode_bytes, read_bytes, read_text, write_atomic, write_bytes_atomic
from .model import Location
from .verify.evidence import SourceDoc, language

__all__ = ["Snapshot", "Saver", "read_snapshots", "extract_html", "HEADER"]

HEADER = "refs-snapshot: 1"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
_HTML_LANG = re.compile(r"""<html[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)
_OG_LOCALE = re.compile(r"""<meta[^>]+property\s*=\s*["']og:locale["'][^>]+content\s*=\s*["']([A-Za-z]{2,3})""", re.I)


@dataclass
class Snapshot:
    """What a source says, as saved: its main text and what the page says of itself."""

    key: str
    text: str
    title: str = ""
    published: str | None = None  # ISO date
    language: str | None = None
    url: str | None = None
    final_url: str | None = None
    fetched: str | None = None
    content_type: str | None = None
    extractor: str | None = None
    path: Path | None = None

    def source(self, title: str = "", abstract: str = "", container: str = "",
               issued: tuple[str, str] | None = None) -> SourceDoc:
        """The evidence this snapshot gives (the reference's own title and date beside it)."""
        when = (self.published, self.published) if self.published else issued
        return SourceDoc(self.text, self.title or title, abstract, container, when, self.language)


def _lang(html: str, headers: dict[str, str], text: str) -> str | None:
    for found in (_HTML_LANG.search(html[:5000]), _OG_LOCALE.search(html[:20000])):
        if found:
            return found.group(1).lower()
    said = headers.get("content-language", "")
    if re.match(r"[A-Za-z]{2,3}\b", said):
        return said[:2].lower()
    return language(text) if text.strip() else None


def extract_html(html: str, headers: dict[str, str] | None = None) -> tuple[str, str, str | None, str | None, str]:
    """The main text of a page, its title, publication date and language, and the extractor."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                                      favor_recall=True)
    found = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (found.get("text") or "").strip()
    title = (found.get("title") or "").strip()
    extractor = f"trafilatura {trafilatura.__version__}"
    if not text:  # nothing the extractor calls main text: all of the page's text, as a reader shows it
        from .manuscript.readers import read_html

        text = read_html(html, "page").text.strip()
        extractor += " (no main text found; the whole page's text)"
    return text, title, found.get("date"), _lang(html, headers or {}, text), extractor


def _decode(got: Download, name: str) -> tuple[str, str]:
    """The page's text and a word on how it was decoded (an unknown charset is detected instead)."""
    charset = got.charset
    if charset is None:
        m = _META_CHARSET.search(got.data[:4096])
        charset = m.group(1).decode("ascii", "replace") if m else None
    try:
        return decode_bytes(got.data, name, charset).text, charset or "detected encoding"
    except EncodingError:
        try:
            text = decode_bytes(got.data, name, None)
        except EncodingError as error:
            raise FetchError(f"cannot read its text: {error.message}") from None
        return text.text, f"charset {charset!r} unknown or wrong, read as {text.encoding}"


def _header(fields: dict[str, str | None]) -> str:
    lines = [HEADER]
    for k, v in fields.items():
        if v:
            lines.append(f"{k}: {' '.join(str(v).split())}")
    return "\n".join(lines) + "\n\n"


class Saver:
    """Writes each download into ``folder`` as NAME.txt (header and main text) and the raw file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, name: str, key: str, got: Download) -> tuple[Path, str]:
        ctype = got.content_type
        fields = {"key": key, "url": got.url, "final-url": got.final_url if got.final_url != got.url else None,
                  "fetched": got.fetched_at, "content-type": ctype + (f"; charset={got.charset}" if got.charset else "")}
        if ctype == "application/pdf" or got.data[:5] == b"%PDF-":
            from .manuscript import read

            try:
                _, reading = read(got.data, f"{name}.pdf", "pdf")
            except InputError as error:
                raise FetchError(f"a PDF refs cannot read: {error.message}") from None
            text, title, date, lang, extractor, raw_suffix, how = reading.text.strip(), "", None, None, \
                "refs' PDF reader", ".pdf", "PDF"
            lang = language(text) if text else None
        elif "html" in ctype or "xml" in ctype:
            html, how = _decode(got, name)
            text, title, date, lang, extractor = extract_html(html, got.headers)
            raw_suffix = ".html"
        elif ctype.startswith("text/"):
            text, how = _decode(got, name)
            title, date, lang, extractor, raw_suffix = "", None, language(text), "none (plain text)", ".raw.txt"
        else:
            raise FetchError(f"not text, HTML or PDF but {ctype or 'an unknown type'}; not saved")
        fields.update({"title": title, "published": date, "language": lang, "extractor": extractor})
        raw = self.folder / f"{name}{raw_suffix}"
        path = self.folder / f"{name}.txt"
        write_bytes_atomic(raw, got.data)
        write_atomic(path, _header(fields) + text + "\n")
        words = len(text.split())
        return path, f"{how}, {words:,} words of main text" + (f", published {date}" if date else "")


def _parse(text: str, key: str, path: Path) -> Snapshot:
    if not text.startswith(HEADER):
        return Snapshot(key, text, path=path)
    head, _, body = text.partition("\n\n")
    fields = {}
    for line in head.splitlines()[1:]:
        k, _, v = line.partition(":")
        fields[k.strip()] = v.strip()
    return Snapshot(key, body.strip(), fields.get("title", ""), fields.get("published") or None,
                    fields.get("language") or None, fields.get("url"), fields.get("final-url") or fields.get("url"),
                    fields.get("fetched"), fields.get("content-type"), fields.get("extractor"), path)


def read_snapshots(folder: Path, keys: list[str]) -> dict[str, Snapshot]:
    """The snapshots in ``folder`` of the given keys (those that have one)."""
    if not folder.is_dir():
        raise InputError("no such folder", Location(str(folder)))
    names = snapshot_names(keys)
    out: dict[str, Snapshot] = {}
    for key in keys:
        for stem in dict.fromkeys((names[key], safe_name(key))):  # safe_name: snapshots of earlier versions
            txt, html, pdf = (folder / f"{stem}{s}" for s in (".txt", ".html", ".pdf"))
            if txt.is_file():
                out[key] = _parse(read_text(txt).text, key, txt)
            elif html.is_file() or (folder / f"{stem}.htm").is_file():
                page = html if html.is_file() else folder / f"{stem}.htm"
                text, title, date, lang, extractor = extract_html(read_text(page).text)
                out[key] = Snapshot(key, text, title, date, lang, extractor=extractor, path=page)
            elif pdf.is_file():
                from .manuscript import read

                _, reading = read(read_bytes(pdf), str(pdf), "pdf")  # bounded like every input
                out[key] = Snapshot(key, reading.text.strip(), language=language(reading.text),
                                    extractor="refs' PDF reader", path=pdf)
            if key in out:
                break
    return out
