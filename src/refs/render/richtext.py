"""Rich text between the CSL engine and the output formats.

The engine writes formatting as private-use marker characters (never found in real text);
``to_text``, ``to_html``, ``to_markdown`` and ``to_latex`` turn them into each format,
escaping every character that came from the data."""

from __future__ import annotations

import html
import re

__all__ = [
    "MARK", "shield", "from_csl_markup", "strip", "to_text", "to_html", "to_markdown", "to_latex",
    "LABEL_OPEN", "LABEL_CLOSE",
]

# open, close per kind
MARK = {
    "i": ("\ue000", "\ue001"),
    "b": ("\ue002", "\ue003"),
    "sup": ("\ue004", "\ue005"),
    "sub": ("\ue006", "\ue007"),
    "sc": ("\ue008", "\ue009"),
    "u": ("\ue00a", "\ue00b"),
}
LABEL_OPEN, LABEL_CLOSE = "\ue010", "\ue011"  # the left-margin label of numeric styles
_ALL = "".join(a + b for a, b in MARK.values()) + LABEL_OPEN + LABEL_CLOSE
_ANY = re.compile(f"[{_ALL}]")
_CSL_TAG = re.compile(r'<(/?)(i|b|sc|sup|sub)>|<span class="nocase">|</span>')
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"\ue000-\ue0ff]+[^\s<>\"\ue000-\ue0ff.,;:)\]]")


# A user's own private-use characters in refs' marker range are shielded on the way into the
# engine (``shield``: an escape character and the character moved out of the range) and given
# back by every output, so that data can never be read as formatting.
_SHIELD = "\ue0ff"
_SHIELDED = re.compile("[\ue000-\ue0ff]")
_UNSHIELD = re.compile("\ue0ff([\ue100-\ue1ff])")


def shield(text: str) -> str:
    """A value on its way into the engine: private-use characters shielded, direction overrides
    it opens closed at its end (``_closed``)."""
    text = _closed(text)
    return _SHIELDED.sub(lambda m: _SHIELD + chr(ord(m.group()) + 0x100), text) if "\ue000" <= max(text, default="") else text


def _unshield(text: str) -> str:
    return _UNSHIELD.sub(lambda m: chr(ord(m.group(1)) - 0x100), text) if _SHIELD in text else text


_EMBED_OPEN = re.compile("[\u202a\u202b\u202d\u202e]")
_ISOLATE_OPEN = re.compile("[\u2066-\u2068]")


def _closed(text: str) -> str:
    """Direction overrides and isolates a value opened end with the entry (U+202C, U+2069), so
    that a title's U+202E cannot turn the text after it around."""
    if not ("\u202a" <= max(text, default="")):
        return text
    embeds = len(_EMBED_OPEN.findall(text)) - text.count("\u202c")
    isolates = len(_ISOLATE_OPEN.findall(text)) - text.count("\u2069")
    return text + "\u202c" * max(0, embeds) + "\u2069" * max(0, isolates)


def _out(text: str) -> str:
    return _closed(_unshield(text))


def from_csl_markup(text: str, keep_nocase: bool = False) -> str:
    """CSL-JSON rich text (``<i>``, ``<span class="nocase">``) -> marker characters.
    With ``keep_nocase``, case protection stays as the span citeproc-py understands."""
    if "<" not in text:
        return text
    out = []
    pos = 0
    stack: list[str] = []
    for m in _CSL_TAG.finditer(text):
        out.append(text[pos : m.start()])
        tok = m.group(0)
        if tok.startswith("<span"):
            stack.append("span")
            if keep_nocase:
                out.append(tok)
        elif tok == "</span>":
            if stack and stack[-1] == "span":
                stack.pop()
                if keep_nocase:
                    out.append(tok)
            else:
                out.append(tok)
        elif m.group(1):
            if stack and stack[-1] == m.group(2):
                stack.pop()
                out.append(MARK[m.group(2)][1])
            else:
                out.append(tok)
        else:
            stack.append(m.group(2))
            out.append(MARK[m.group(2)][0])
        pos = m.end()
    out.append(text[pos:])
    for kind in reversed(stack):
        if kind != "span":
            out.append(MARK[kind][1])
        elif keep_nocase:
            out.append("</span>")
    return "".join(out)


def strip(text: str) -> str:
    return _ANY.sub("", text)


def _split_label(text: str) -> tuple[str | None, str]:
    if LABEL_OPEN in text and LABEL_CLOSE in text:
        a = text.index(LABEL_OPEN)
        b = text.index(LABEL_CLOSE, a)
        return text[a + 1 : b].strip(), (text[:a] + text[b + 1 :]).strip()
    return None, text


def to_text(text: str) -> str:
    label, body = _split_label(text)
    body = strip(body)
    return _out(f"{strip(label)} {body}" if label else body)


def _html_inline(text: str) -> str:
    out = []
    pos = 0
    opens = {v[0]: k for k, v in MARK.items()}
    closes = {v[1]: k for k, v in MARK.items()}
    tags = {"i": "i", "b": "b", "sup": "sup", "sub": "sub", "u": "u", "sc": 'span style="font-variant:small-caps"'}
    for m in _ANY.finditer(text):
        out.append(_linkify_html(text[pos : m.start()]))
        ch = m.group()
        if ch in opens:
            out.append(f"<{tags[opens[ch]]}>")
        elif ch in closes:
            out.append(f"</{tags[closes[ch]].split()[0]}>")
        pos = m.end()
    out.append(_linkify_html(text[pos:]))
    return "".join(out)


def _linkify_html(plain: str) -> str:
    out = []
    pos = 0
    for m in _URL.finditer(plain):
        out.append(html.escape(plain[pos : m.start()], quote=False))
        url = m.group()
        out.append(f'<a href="{html.escape(url, quote=True)}">{html.escape(url, quote=False)}</a>')
        pos = m.end()
    out.append(html.escape(plain[pos:], quote=False))
    return "".join(out)


def to_html(text: str) -> str:
    """An entry as HTML: a two-column left margin when the style has a label."""
    label, body = _split_label(text)
    if label is not None:
        return (f'<div class="csl-left-margin">{_out(_html_inline(label))}</div>'
                f'<div class="csl-right-inline">{_out(_html_inline(body))}</div>')
    return _out(_html_inline(body))


_MD_ESCAPE = re.compile(r"([\\`*_<>\[\]#|])")


_OPENERS = "".join(a for a, _ in MARK.values())
_CLOSERS = "".join(b for _, b in MARK.values())
_SPACE_BEFORE_CLOSE = re.compile(f"(\\s+)([{_CLOSERS}]+)")
_SPACE_AFTER_OPEN = re.compile(f"([{_OPENERS}]+)(\\s+)")


def to_markdown(text: str) -> str:
    # Markdown's emphasis cannot start before or end after a space ("*A *great"): the spaces
    # move outside the markers ("*A* great")
    text = _SPACE_AFTER_OPEN.sub(r"\2\1", _SPACE_BEFORE_CLOSE.sub(r"\2\1", text))
    label, body = _split_label(text)
    md = {"i": ("*", "*"), "b": ("**", "**"), "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>"),
          "sc": ("", ""), "u": ("", "")}
    table = {v[0]: md[k][0] for k, v in MARK.items()} | {v[1]: md[k][1] for k, v in MARK.items()}

    def conv(s: str) -> str:
        out = []
        pos = 0
        for m in _ANY.finditer(s):
            out.append(_md_plain(s[pos : m.start()]))
            out.append(table.get(m.group(), ""))
            pos = m.end()
        out.append(_md_plain(s[pos:]))
        return "".join(out)

    return _out(f"{conv(label)} {conv(body)}" if label else conv(body))


def _md_plain(plain: str) -> str:
    out = []
    pos = 0
    for m in _URL.finditer(plain):
        out.append(_MD_ESCAPE.sub(r"\\\1", plain[pos : m.start()]))
        out.append(f"<{m.group()}>")
        pos = m.end()
    out.append(_MD_ESCAPE.sub(r"\\\1", plain[pos:]))
    return "".join(out)


_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def _latex_plain(plain: str) -> str:
    out = []
    pos = 0
    for m in _URL.finditer(plain):
        out.append("".join(_LATEX.get(c, c) for c in plain[pos : m.start()]))
        url = m.group().replace("\\", "/").replace("{", "%7B").replace("}", "%7D")
        out.append(r"\url{" + url.replace("%", r"\%").replace("#", r"\#") + "}")
        pos = m.end()
    out.append("".join(_LATEX.get(c, c) for c in plain[pos:]))
    return "".join(out)


def to_latex(text: str) -> str:
    label, body = _split_label(text)
    cmds = {"i": r"\emph{", "b": r"\textbf{", "sup": r"\textsuperscript{", "sub": r"\textsubscript{",
            "sc": r"\textsc{", "u": r"\underline{"}
    table = {v[0]: cmds[k] for k, v in MARK.items()} | {v[1]: "}" for v in MARK.values()}

    def conv(s: str) -> str:
        out = []
        pos = 0
        for m in _ANY.finditer(s):
            out.append(_latex_plain(s[pos : m.start()]))
            out.append(table.get(m.group(), ""))
            pos = m.end()
        out.append(_latex_plain(s[pos:]))
        return "".join(out)

    return _out(f"{conv(label)} {conv(body)}" if label else conv(body))
