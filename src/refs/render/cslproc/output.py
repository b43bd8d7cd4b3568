"""Rich text as the processor builds it, and its writing as HTML, plain text, Markdown or LaTeX.

A rendered element is a ``Node``: children (nodes and strings), the formatting the element
asked for, whether it is quoted, and whether its text is protected from case changes. Affixes
and delimiters are plain strings beside the formatted node, as the CSL specification has them.
Writing walks the tree once into tokens, then settles punctuation where two pieces meet (a
comma or period moves inside closing quotes where the locale says so; "..", "?." and ",,"
become one mark) before the tokens become markup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Union

Child = Union["Node", str]

FORMAT_KEYS = ("font-weight", "font-style", "font-variant", "text-decoration", "vertical-align")


@dataclass
class Node:
    children: list[Child] = field(default_factory=list)
    fmt: dict[str, str] = field(default_factory=dict)
    quotes: bool = False
    nocase: bool = False
    display: str | None = None
    term: bool = False  # printed from a locale term
    fixed_quotes: bool = False  # quotes typed in a cite's prefix or suffix: no punctuation moves in

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def is_empty(self) -> bool:
        for c in self.children:  # stops at the first text: no need to join the whole tree
            if isinstance(c, str):
                if c:
                    return False
            elif not c.is_empty():
                return False
        return True


def plain(node: Child | None) -> str:
    if node is None:
        return ""
    return node if isinstance(node, str) else node.text()


# ---------------------------------------------------------------------------- rich text in data

_TAG = re.compile(r'<(/?)(i|b|sc|sup|sub|q)>|<span\s+class="(?:nocase|nodecor)">'
                  r'|<span\s+style="font-variant:\s*small-caps;?">|</span>', re.I)
_QO, _QC = "\ue100", "\ue101"  # quote marks found, before they become <q> markup
_QUOTE_PAIRS = [
    (re.compile(r'"(?=[^\s"])([^"\ue100\ue101]*?[^\s"])"'), _QO + r"\1" + _QC),  # "word ": an orphan, kept
    (re.compile(r"“([^“”\ue100\ue101]*?)”"), _QO + r"\1" + _QC),
    # single quotes around words that may hold apostrophes ('Nobody Knows You're a Dog')
    (re.compile(r"(?<![\w’'])'(?=\S)((?:[^']|(?<=\w)'(?=\w))*?[^\s'])'(?![\w])"), _QO + r"\1" + _QC),
    (re.compile(r"‘(?=\S)([^‘]*?[^\s‘])’(?![\w])"), _QO + r"\1" + _QC),
]


def _mark_quotes(text: str) -> str:
    """Quotation marks in data (straight or curly, double or single) as quote markup, so that
    they take the locale's marks and alternate when nested."""
    if not any(c in text for c in "\"“'‘"):
        return text
    tags: list[str] = []

    def hold(m: re.Match[str]) -> str:  # markup tags are kept out of the search for quotes
        tags.append(m.group(0))
        return chr(0xE000 + len(tags) - 1)

    text = _TAG.sub(hold, text)
    for _ in range(3):  # nested pairs: inner first
        before = text
        for pattern, repl in _QUOTE_PAIRS:
            text = pattern.sub(repl, text)
        if text == before:
            break
    text = text.replace(_QO, "<q>").replace(_QC, "</q>")
    return re.sub("[\ue000-\ue0ff]", lambda m: tags[ord(m.group(0)) - 0xE000], text)


def fix_quotes(node: Node) -> Node:
    """Mark the quotes of typed text (a cite's prefix or suffix): punctuation is not moved into them."""
    if node.quotes:
        node.fixed_quotes = True
    for c in node.children:
        if isinstance(c, Node):
            fix_quotes(c)
    return node


def parse_markup(text: str) -> Node:
    """CSL-JSON's rich text (``<i>``, ``<b>``, ``<sc>``, ``<sup>``, ``<sub>``,
    ``<span class="nocase">``) as nodes; anything else stays text."""
    text = _mark_quotes(text)
    root = Node()
    stack = [root]
    kinds: list[str] = []
    pos = 0
    for m in _TAG.finditer(text):
        if m.start() > pos:
            stack[-1].children.append(text[pos : m.start()])
        tag = m.group(0).lower()
        if tag.startswith("</"):
            want = m.group(2).lower() if m.group(2) else "span"
            if kinds and (kinds[-1] == want or (want == "span" and kinds[-1] in ("nocase", "sc-span"))):
                kinds.pop()
                stack.pop()
            else:
                stack[-1].children.append(m.group(0))
        else:
            name = (m.group(2) or "").lower()
            if name == "q":
                node, kind = Node(quotes=True), "q"
            elif "nodecor" in tag:  # back to plain: italics, bold and small caps undone
                node = Node(fmt={"font-style": "normal", "font-variant": "normal", "font-weight": "normal"})
                kind = "nocase"
            elif "nocase" in tag:
                node, kind = Node(nocase=True), "nocase"
            elif "small-caps" in tag:
                node, kind = Node(fmt={"font-variant": "small-caps"}, nocase=True), "sc-span"
            else:
                node = Node(fmt={"i": {"font-style": "italic"}, "b": {"font-weight": "bold"},
                                 "sc": {"font-variant": "small-caps"}, "sup": {"vertical-align": "sup"},
                                 "sub": {"vertical-align": "sub"}}[name],
                            nocase=name in ("sc", "sup", "sub"))  # small caps and scripts keep their case
                kind = name
            stack[-1].children.append(node)
            stack.append(node)
            kinds.append(kind)
        pos = m.end()
    if pos < len(text):
        stack[-1].children.append(text[pos:])
    return root


# ---------------------------------------------------------------------------- tokens

@dataclass
class _Tok:
    kind: str  # "text", "open", "close", "qopen", "qclose", "dopen", "dclose"
    value: str = ""
    fmt: tuple[str, str] | None = None  # for open/close: (key, value)


def _tokens(node: Child, out: list[_Tok], state: dict[str, str], qdepth: int) -> None:
    if isinstance(node, str):
        if node:
            out.append(_Tok("text", node))
        return
    if not node.fmt and not node.quotes and not node.display:  # most nodes: only their children
        for child in node.children:
            if isinstance(child, str):
                if child:
                    out.append(_Tok("text", child))
            else:
                _tokens(child, out, state, qdepth)
        return
    opened: list[tuple[str, str]] = []
    if node.display:
        out.append(_Tok("dopen", node.display))
    for key in FORMAT_KEYS:
        value = node.fmt.get(key)
        if value is None:
            continue
        current = state.get(key, "normal" if key != "vertical-align" else "baseline")
        if key in ("font-style", "font-weight", "font-variant") and value == current and value != "normal":
            value = "normal"  # flip-flop: italics inside italics are upright
        elif value == current:
            continue
        opened.append((key, value))
    for key, value in opened:
        out.append(_Tok("open", fmt=(key, value)))
    saved = dict(state)
    for key, value in opened:
        state[key] = value
    if node.quotes:
        out.append(_Tok("qopen", value="inner" if qdepth % 2 else "outer"))
    for child in node.children:
        _tokens(child, out, state, qdepth + (1 if node.quotes else 0))
    if node.quotes:
        out.append(_Tok("qclose", value="inner" if qdepth % 2 else "outer", fmt=("fixed", "1") if node.fixed_quotes
                        else None))
    state.clear()
    state.update(saved)
    for key, value in reversed(opened):
        out.append(_Tok("close", fmt=(key, value)))
    if node.display:
        out.append(_Tok("dclose", node.display))


def _settle(tokens: list[_Tok], punctuation_in_quote: bool) -> list[_Tok]:
    """Punctuation where pieces meet: doubled marks made one, and commas and periods moved
    inside closing quotes when the locale puts them there."""
    texts = [i for i, t in enumerate(tokens) if t.kind == "text"]
    a = -1
    for b in texts:  # each text with the last non-empty text before it (an empty piece is no border)
        right = tokens[b].value
        if not right:
            continue
        if a < 0:
            a = b
            continue
        left = tokens[a].value
        last, first = left[-1], right[0]
        if first == " " and last == " ":  # two spaces where an affix meets a value
            tokens[b].value = right[1:]
        elif right.startswith(".."):
            pass
        elif first == last and first in ".,;:!?":  # one mark, not two
            tokens[b].value = right[1:]
        elif (first == "." and last in ";:!?…") or (first == ":" and last in ";!?"):
            tokens[b].value = right[1:]  # "?." "!:" ";." ":.": the stronger mark stays; "Mich.:" stays
        elif first in "!?" and last in ":;":  # ":!" -> "!"
            tokens[a].value = left[:-1]
        if tokens[b].value or not tokens[a].value:
            a = b

    if punctuation_in_quote:
        for i, tok in enumerate(tokens):
            if tok.kind != "qclose" or tok.fmt == ("fixed", "1"):
                continue
            j = i + 1
            while j < len(tokens) and tokens[j].kind in ("close", "qclose"):
                j += 1
            if j < len(tokens) and tokens[j].kind == "text" and tokens[j].value[:1] in (",", ".", "!", "?"):
                mark = tokens[j].value[0]
                tokens[j].value = tokens[j].value[1:]
                k = i - 1
                while k >= 0 and tokens[k].kind in ("close", "qclose"):
                    k -= 1
                if k >= 0 and tokens[k].kind == "text":
                    if not (tokens[k].value.endswith(mark) or (mark == "." and tokens[k].value[-1:] in "?!")):
                        tokens[k].value += mark
                else:
                    tokens.insert(i, _Tok("text", mark))
    return tokens


# ---------------------------------------------------------------------------- writers

_HTML_OPEN = {
    ("font-style", "italic"): "<i>", ("font-style", "oblique"): '<span style="font-style:oblique;">',
    ("font-style", "normal"): '<span style="font-style:normal;">',
    ("font-variant", "small-caps"): '<span style="font-variant:small-caps;">',
    ("font-variant", "normal"): '<span style="font-variant:normal;">',
    ("font-weight", "bold"): "<b>", ("font-weight", "light"): '<span style="font-weight:light;">',
    ("font-weight", "normal"): '<span style="font-weight:normal;">',
    ("text-decoration", "underline"): '<span style="text-decoration:underline;">',
    ("text-decoration", "none"): '<span style="text-decoration:none;">',
    ("vertical-align", "sup"): "<sup>", ("vertical-align", "sub"): "<sub>",
    ("vertical-align", "baseline"): '<span style="baseline">',
}
_HTML_CLOSE = {k: ("</i>" if v == "<i>" else "</b>" if v == "<b>" else "</sup>" if v == "<sup>"
                   else "</sub>" if v == "<sub>" else "</span>") for k, v in _HTML_OPEN.items()}


def html_escape(text: str) -> str:
    text = text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    raised = _superscripts()
    if any(c in raised for c in text):  # 1ʳᵉ, 2ª: raised letters as <sup>
        text = "".join(f"<sup>{raised[c]}</sup>" if c in raised else c for c in text)
    return text


@lru_cache(maxsize=1)
def _superscripts() -> dict[str, str]:  # made on first use, not at import
    import unicodedata

    table = {}
    for code in range(0x00A0, 0xFFFF):  # every raised letter Unicode has (ª ¹ ʳ ᵉ ㆒ …)
        c = chr(code)
        d = unicodedata.decomposition(c)
        if d.startswith("<super>"):
            table[c] = chr(int(d.split()[1], 16))
    # raised letters Unicode does not decompose: glottal stops and Arabic small waw and yeh
    table.update({"\u2120": "SM", "\u2122": "TM", "\u02c0": "\u0294", "\u02c1": "\u0295",
                  "\u06e5": "\u0648", "\u06e6": "\u064a"})
    return table



#: "marked": refs' own rich text (render/richtext.py): each formatting as a pair of private-use
#: characters, the left-margin label between its own pair; nothing escaped.
MARKED = {
    ("font-style", "italic"): "\ue000\ue001", ("font-style", "oblique"): "\ue000\ue001",
    ("font-weight", "bold"): "\ue002\ue003", ("vertical-align", "sup"): "\ue004\ue005",
    ("vertical-align", "sub"): "\ue006\ue007", ("font-variant", "small-caps"): "\ue008\ue009",
    ("text-decoration", "underline"): "\ue00a\ue00b",
}
#: what turns a formatting off inside itself (flip-flop): the pair of the formatting, reversed
MARKED_OFF = {("font-style", "normal"): ("font-style", "italic"), ("font-weight", "normal"): ("font-weight", "bold"),
              ("font-variant", "normal"): ("font-variant", "small-caps")}
MARKED_LABEL = ("\ue010", "\ue011")


def write(node: Child, fmt: str, quotes: dict[str, str], punctuation_in_quote: bool) -> str:
    """``node`` as ``fmt`` (html, text, markdown, latex, marked)."""
    tokens = _settle(_tokens_of(node), punctuation_in_quote)
    out: list[str] = []
    for tok in tokens:
        if tok.kind == "text":
            out.append(_escape(_APOSTROPHE.sub("’", tok.value), fmt))
        elif tok.kind in ("qopen", "qclose"):
            which = ("open-" if tok.kind == "qopen" else "close-") + ("inner-quote" if tok.value == "inner" else "quote")
            out.append(_escape(quotes.get(which, '"'), fmt))
        elif tok.kind in ("open", "close"):
            out.append(_markup(tok, fmt))
        elif tok.kind == "dopen":
            if fmt == "marked":
                out.append(MARKED_LABEL[0] if tok.value == "left-margin" else "")
            else:
                out.append(f'<div class="csl-{tok.value}">' if fmt == "html" else "")
        elif tok.kind == "dclose":
            if fmt == "marked":
                out.append(MARKED_LABEL[1] if tok.value == "left-margin" else "")
            else:
                out.append("</div>" if fmt == "html" else (" " if tok.value == "left-margin" else ""))
    return "".join(out)


# apostrophes: it's, l'', '09, Dutch 't (a straight quote before a capital stays as written)
_APOSTROPHE = re.compile(r"(?<=[\w’'])'|(?<![\w])'(?=\d\d\b|[a-z]\b)|(?<= )'(?= )")  # and "d ' eau"


def _tokens_of(node: Child) -> list[_Tok]:
    out: list[_Tok] = []
    _tokens(node, out, {}, 0)
    return out


def _escape(text: str, fmt: str) -> str:
    if fmt == "html":
        return html_escape(text)
    if fmt == "latex":
        return re.sub(r"([\\&%$#_{}~^])", lambda m: {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}",
                                                   "^": r"\textasciicircum{}"}.get(m.group(1), "\\" + m.group(1)), text)
    if fmt == "markdown":
        return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)
    return text


def _markup(tok: _Tok, fmt: str) -> str:
    assert tok.fmt is not None
    opening = tok.kind == "open"
    if fmt == "html":
        return (_HTML_OPEN if opening else _HTML_CLOSE).get(tok.fmt, "<span>" if opening else "</span>")
    if fmt == "marked":
        if tok.fmt in MARKED_OFF:  # upright inside italics: the italics closed, then opened again
            pair = MARKED[MARKED_OFF[tok.fmt]]
            return pair[1] if opening else pair[0]
        pair = MARKED.get(tok.fmt, "")
        return (pair[0] if opening else pair[1]) if pair else ""
    if fmt == "markdown":
        return {("font-style", "italic"): "*", ("font-weight", "bold"): "**",
                ("vertical-align", "sup"): "^", ("vertical-align", "sub"): "~"}.get(tok.fmt, "")
    if fmt == "latex":
        if opening:
            return {("font-style", "italic"): r"\textit{", ("font-weight", "bold"): r"\textbf{",
                    ("font-variant", "small-caps"): r"\textsc{", ("vertical-align", "sup"): r"\textsuperscript{",
                    ("vertical-align", "sub"): r"\textsubscript{", ("text-decoration", "underline"): r"\underline{",
                    ("font-style", "normal"): r"\textup{", ("font-weight", "normal"): r"\textmd{",
                    ("font-variant", "normal"): r"\textup{"}.get(tok.fmt, "{")
        return "}"
    return ""

