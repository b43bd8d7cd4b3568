"""Whole bibliographies and restyled manuscripts in each output format."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable

from ..errors import OutputError
from ..model import key_problem
from . import richtext
from .csl import Entry

__all__ = ["FORMATS", "bibliography", "gaps", "CSS"]

FORMATS = ("text", "html", "markdown", "latex", "json")

#: The style sheet of a standalone HTML bibliography: the margin label in its own column.
CSS = """
.csl-bib-body { line-height: 1.45; max-width: 52rem; }
.csl-entry { margin: 0 0 .6em; padding-left: 2em; text-indent: -2em; }
.csl-entry.labelled { display: grid; grid-template-columns: 3.2em 1fr; padding-left: 0; text-indent: 0; }
.csl-left-margin { text-align: left; padding-right: .4em; }
""".strip()


def _html_entries(entries: Iterable[Entry]) -> str:
    rows = []
    for e in entries:
        inner = e.html
        cls = "csl-entry labelled" if inner.startswith('<div class="csl-left-margin">') else "csl-entry"
        rows.append(f'  <div class="{cls}" id="ref-{html.escape(e.key, quote=True)}">{inner}</div>')
    return '<div class="csl-bib-body">\n' + "\n".join(rows) + "\n</div>\n"


def bibliography(entries: list[Entry], fmt: str, title: str = "Bibliography", lang: str = "en",
                 standalone: bool = False) -> str:
    if fmt == "text":
        return "\n".join(e.text for e in entries) + "\n"
    if fmt == "markdown":
        return "\n\n".join(richtext.to_markdown(e.marked) for e in entries) + "\n"
    if fmt == "latex":
        for e in entries:  # \bibitem{KEY}: a "}" or "\" in a key would end it and run what follows
            if key_problem(e.key):
                raise OutputError(f"cannot write LaTeX: key {e.key!r}: {key_problem(e.key)}; rename it in the source")
        body = "\n".join(f"\\bibitem{{{e.key}}} {richtext.to_latex(_unlabelled(e.marked))}" for e in entries)
        return f"\\begin{{thebibliography}}{{{len(entries)}}}\n{body}\n\\end{{thebibliography}}\n"
    if fmt == "json":
        data = [{"key": e.key, "number": e.number, "text": e.text, "html": e.html} for e in entries]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        body = _html_entries(entries)
        if not standalone:
            return body
        return page(title, body, lang)
    raise ValueError(fmt)


def page(title: str, body: str, lang: str = "en") -> str:
    """A self-contained HTML page: no remote loads, every value already escaped."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang, quote=True)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n{body}</body>\n</html>\n"
    )


def _unlabelled(marked: str) -> str:
    if richtext.LABEL_OPEN in marked and richtext.LABEL_CLOSE in marked:
        return marked[marked.index(richtext.LABEL_CLOSE) + 1 :].strip()
    return marked


#: What an entry needs, by CSL type, for any style to give a usable reference.
_NEEDS = {
    "article-journal": ("container-title",),
    "chapter": ("container-title",),
    "paper-conference": ("container-title",),
    "book": ("publisher",),
    "webpage": ("URL",),
}


def gaps(items: list[dict]) -> list[tuple[str, list[str]]]:
    """(key, missing variables) for the items that lack what styles need to render them."""
    out = []
    for item in items:
        missing = []
        if not item.get("title"):
            missing.append("title")
        if not item.get("issued"):
            missing.append("issued")
        creators = any(item.get(v) for v in ("author", "editor", "translator", "container-author"))
        if not creators and not (item.get("type") == "webpage" and item.get("container-title")):
            missing.append("author")  # a web page's site stands in for its author
        for var in _NEEDS.get(item.get("type", ""), ()):
            if not item.get(var):
                missing.append(var)
        if missing:
            out.append((str(item.get("id")), missing))
    return out
