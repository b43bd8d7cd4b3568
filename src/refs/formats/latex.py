"""LaTeX in BibTeX field values <-> Unicode text in CSL rich-text markup.

``decode`` turns ``M{\\"u}ller``, ``\\c{c}``, ``\\emph{x}``, ``{NASA}`` and ``--`` into
``Müller``, ``ç``, ``<i>x</i>``, ``<span class="nocase">NASA</span>`` and ``–``.
``encode`` is its inverse: ``decode(encode(s)) == s`` for every normalised string ``s``
(a property test holds us to it). Commands refs does not know are kept verbatim.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["decode", "encode", "normalize_space", "NOCASE_OPEN", "TAGS"]

NOCASE_OPEN = '<span class="nocase">'

# Accent commands -> Unicode combining marks.
_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "d": "\u0323", "b": "\u0331", "k": "\u0328", "r": "\u030a",
    "t": "\u0361",
}

# Commands that stand for one character (or nothing).
_SYMBOLS = {
    "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "aa": "å", "AA": "Å",
    "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^",
    "textunderscore": "_", "textbraceleft": "{", "textbraceright": "}", "textbar": "|", "textless": "<", "textgreater": ">",
    "textendash": "–", "textemdash": "—", "textquoteleft": "‘", "textquoteright": "’",
    "textquotedblleft": "“", "textquotedblright": "”", "textquotesingle": "'",
    "guillemotleft": "«", "guillemotright": "»", "guillemetleft": "«", "guillemetright": "»",
    "dots": "…", "ldots": "…", "textellipsis": "…", "S": "§", "P": "¶", "textsection": "§",
    "copyright": "©", "textcopyright": "©", "textregistered": "®", "texttrademark": "™",
    "pounds": "£", "textsterling": "£", "euro": "€", "texteuro": "€", "textdegree": "°",
    "textbullet": "•", "textperiodcentered": "·", "textnumero": "№", "textyen": "¥",
    "nobreakspace": "\u00a0", " ": " ", ",": "\u2009", ";": "\u2005", "quad": "\u2003",
    "-": "", "/": "", "@": "", "relax": "", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX",
}

# Formatting commands -> CSL rich-text tags (None: keep content, drop formatting).
_FORMATS = {
    "emph": "i", "textit": "i", "textsl": "i", "mkbibemph": "i", "mkbibitalic": "i",
    "textbf": "b", "mkbibbold": "b", "textsc": "sc", "textsuperscript": "sup",
    "mkbibsuperscript": "sup", "textsubscript": "sub", "mkbibsubscript": "sub",
    "textup": None, "textrm": None, "textnormal": None, "textmd": None, "textsf": None,
    "texttt": None, "mbox": None, "hbox": None, "text": None, "mkbibquote": None,
    "enquote": None, "foreignlanguage": None, "llap": None, "rlap": None, "smash": None, "vbox": None,
}
_FORMAT_TO_CMD = {"i": "textit", "b": "textbf", "sc": "textsc", "sup": "textsuperscript", "sub": "textsubscript"}

# Math: what a title or a name needs to read ($^{4}\mathrm{He}$, $\alpha$-decay, $q$-series).
_MATH_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
    "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "div": "÷", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
    "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝", "infty": "∞",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "leftrightarrow": "↔", "mapsto": "↦",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "emptyset": "∅",
    "forall": "∀", "exists": "∃", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫",
    "ell": "ℓ", "hbar": "ħ", "prime": "′", "circ": "∘", "bullet": "•", "star": "⋆", "ast": "∗", "dagger": "†",
    "ldots": "…", "cdots": "⋯", "dots": "…", "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋",
    "lceil": "⌈", "rceil": "⌉", "vert": "|", "mid": "|", "backslash": "\\", "colon": ":", "sqrt": "√",
    "log": "log", "ln": "ln", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "max": "max", "min": "min",
    "lim": "lim", "det": "det", "dim": "dim", "deg": "deg", "gcd": "gcd", "Pr": "Pr",
    ",": "\u2009", ";": "\u2005", ":": "\u2005", "!": "", " ": " ", "quad": "\u2003", "qquad": "\u2003\u2003",
    "{": "{", "}": "}", "%": "%", "$": "$", "&": "&", "#": "#", "_": "_",
}
_MATH_FONTS = {"mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathcal", "mathbb", "mathfrak", "mathnormal",
               "text", "textrm", "textit", "textbf", "mbox", "operatorname", "boldsymbol", "bm", "rm", "it", "bf"}
_SUPERSCRIPT = dict(zip("0123456789+-=()n" "ithrsdpe", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ" "ⁱᵗʰʳˢᵈᵖᵉ", strict=True))
_SUBSCRIPT = dict(zip("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", strict=True))
# Text commands whose arguments say nothing a reader needs: citations and cross-references
_DROPPED = {"cite", "citep", "citet", "nocite", "ref", "eqref", "label", "footnote", "index", "hspace", "vspace",
            "kern", "phantom", "hphantom", "vphantom", "protect", "noopsort", "sortkey", "nolinkurl"}
# MathSciNet's and others' letters spelled as commands
_DIMENSION_COMMANDS = {"kern", "mkern", "hskip", "vskip", "mskip", "raise", "lower", "moveleft", "moveright"}
_DIMENSION = re.compile(r"\s*=?\s*[-+]?\s*(?:\d+\.?\d*|\.\d+)\s*(?:em|ex|pt|pc|in|cm|mm|bp|dd|cc|sp|mu)"
                        r"(?:\s+(?:plus|minus)\s*[-+]?\s*(?:\d+\.?\d*|\.\d+)\s*(?:em|ex|pt|fil+))*\s?")
_NEXT_LETTER = re.compile(r"\\[ij](?![A-Za-z])\s?|[^\W\d_]", re.UNICODE)
_LETTERS = {"cprime": "ʹ", "cdprime": "ʺ", "Dbar": "Đ", "dbar": "đ", "slash": "/", "textslash": "/",
            "lq": "‘", "rq": "’", "ss": "ß"}
TAGS = ("i", "b", "sc", "sup", "sub")

_LIGATURES = [("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("?`", "¿"), ("!`", "¡"), ("~", "\u00a0")]
_SPACE = re.compile(r"[ \t\r\n]+")


def normalize_space(text: str) -> str:
    """Collapse runs of ASCII white space to one space and strip, as BibTeX does."""
    return _SPACE.sub(" ", text).strip()


class _Reader:
    """A small recursive reader over one field value."""

    def __init__(self, text: str, rich: bool):
        self.s = text
        self.i = 0
        self.rich = rich

    def read(self, depth: int = 0, stop_at_brace: bool = False) -> str:
        out: list[str] = []
        buf: list[str] = []

        def flush() -> None:
            if buf:
                out.append(_ligatures("".join(buf)))
                buf.clear()

        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c == "}":
                if stop_at_brace:
                    self.i += 1
                    break
                buf.append(c)  # unbalanced: keep it as text
                self.i += 1
            elif c == "{":
                flush()
                self.i += 1
                start = self.i
                special = _is_special_char(s, start)
                inner = self.read(depth + 1, stop_at_brace=True)
                if self.rich and depth == 0 and not special and inner:
                    out.append(f"{NOCASE_OPEN}{inner}</span>")
                else:
                    out.append(inner)
            elif c == "\\":
                flush()
                out.append(self._command(depth))
            elif c == "$":
                flush()
                double = s.startswith("$$", self.i)
                end = s.find("$$" if double else "$", self.i + (2 if double else 1))
                if end < 0:
                    buf.append(c)
                    self.i += 1
                else:
                    out.append(_math(s[self.i + (2 if double else 1) : end].strip(), self.rich))  # spaces: none
                    self.i = end + (2 if double else 1)
            else:
                buf.append(c)
                self.i += 1
        flush()
        return "".join(out)

    def _group_or_char(self, depth: int, transparent: bool = False) -> str:
        """The next argument. A ``transparent`` argument (of a formatting command) reads its
        groups at the caller's depth, so case protection inside emphasis is kept."""
        s = self.s
        while self.i < len(s) and s[self.i] == " ":
            self.i += 1
        if self.i < len(s) and s[self.i] == "{":
            self.i += 1
            return self.read(depth if transparent else depth + 1, stop_at_brace=True)
        if self.i < len(s) and s[self.i] == "\\":
            return self._command(depth)
        if self.i < len(s):
            self.i += 1
            return s[self.i - 1]
        return ""

    def _command(self, depth: int) -> str:
        """The text of the command whose backslash is at ``self.i``; reads past the command and
        the arguments it takes."""
        s = self.s
        start = self.i
        self.i += 1
        if self.i >= len(s):
            return "\\"
        name, alphabetic = self._command_name()
        if name == "$":  # dblp's escaped math: \$\epsilon\$, \$\R^3\$ (a price, \$5, stays a dollar)
            math = self._escaped_math()
            if math is not None:
                return math
        # the arguments are read here, not in the helpers, so that each level of nesting costs
        # no more of Python's stack than it must
        if name in _ACCENTS:
            return self._accent(name, self._group_or_char(depth))
        if name in _SYMBOLS:
            if alphabetic:
                self._skip_terminator()
            return _SYMBOLS[name]
        if name in _FORMATS:
            if name == "foreignlanguage":
                self._group_or_char(depth)  # the language name
            return self._formatted(_FORMATS[name], self._group_or_char(depth, transparent=True))
        if name in ("url", "path"):
            return self._raw_group()
        if name == "href":
            self._raw_group()
            return self._group_or_char(depth)
        if name in ("(", "["):  # \( … \) and \[ … \]: inline and display math
            return self._delimited_math(name, start)
        if name == "ifmmode":  # \ifmmode <math> \else <text> \fi: the text
            branch = self._else_branch()
            if branch is not None:
                return _Reader(branch, self.rich).read(depth)
        if name in _LETTERS:
            if alphabetic:
                self._skip_terminator()
            return _LETTERS[name]
        # \kern.05em, \raise 0.5ex\hbox{…}: the length goes
        if name in _DIMENSION_COMMANDS and self._skip_dimension():
            return ""
        if name in _DROPPED:
            self._skip_arguments()
            return ""
        # A command refs does not know (a macro of the file's own preamble, \MaxMinAntSystem):
        # its arguments' text, or its name; the value as written is kept for writing back.
        args = []
        while self.i < len(s) and s[self.i] == "{":
            args.append(self._group_or_char(depth))
        return self._unknown(name, alphabetic, args)

    def _command_name(self) -> tuple[str, bool]:
        """The name of the command after its backslash (a run of letters, or one other
        character), read past; and whether it is made of letters."""
        m = re.compile(r"[A-Za-z]+").match(self.s, self.i)
        if m:
            self.i = m.end()
            return m.group(), True
        self.i += 1
        return self.s[self.i - 1], False

    def _escaped_math(self) -> str | None:
        """dblp's escaped math after ``\\$``, up to the closing ``\\$``; None when what follows
        does not read as math (then the ``\\$`` is a dollar)."""
        s = self.s
        end = s.find("\\$", self.i)
        inner = s[self.i : end] if end >= 0 else ""
        commands = re.findall(r"\\([A-Za-z]+)", inner)
        balanced = inner.count("{") == inner.count("}")
        if inner and balanced and (re.search(r"(?<!\\)[\^_]", inner) or re.fullmatch(r"[A-Za-z]{1,2}", inner)
                                   or any(c in _MATH_SYMBOLS or c.startswith("math") for c in commands)):
            self.i = end + 2  # dblp escapes the math's group braces too: \$(\log n)^\{\Omega(1)\}\$
            return _math(inner.replace("\\{", "{").replace("\\}", "}").strip(), self.rich)
        return None

    def _accent(self, name: str, base: str) -> str:
        """An accent command on its argument ``base``, composed to one character where Unicode
        has it."""
        if not base:  # an accent on nothing (\'{}, \'{\relax}): typesetters' hacks
            nxt = _NEXT_LETTER.match(self.s, self.i)
            if nxt:  # \`{}\i, \'{}a: the accent goes on the letter that follows
                self.i = nxt.end()
                base = {"\\i": "i", "\\j": "j"}.get(nxt.group().strip(), nxt.group().strip())
            else:  # \llap{\raise…\hbox{\'{\relax}}} after a letter: a second accent on it
                return _ACCENTS[name]
        base = {"ı": "i", "ȷ": "j"}.get(base[0], base[0]) + base[1:]
        return unicodedata.normalize("NFC", base[0] + _ACCENTS[name] + base[1:])

    def _formatted(self, tag: str | None, inner: str) -> str:
        """A formatting command's argument ``inner``, in the command's CSL rich-text ``tag``
        where it has one (and the text is rich)."""
        if tag and self.rich and inner:
            return f"<{tag}>{inner}</{tag}>"
        return inner

    def _delimited_math(self, name: str, start: int) -> str:
        """Math between ``\\(`` and ``\\)`` or ``\\[`` and ``\\]``; the opening as written when
        it is never closed (``start``: where its backslash is)."""
        s = self.s
        close = "\\)" if name == "(" else "\\]"
        end = s.find(close, self.i)
        if end < 0:
            return s[start : self.i]
        text = _math(s[self.i : end], self.rich)
        self.i = end + 2
        return text

    def _else_branch(self) -> str | None:
        """The source of the text branch of ``\\ifmmode … \\else … \\fi``, read past the
        ``\\fi``; None when there is no ``\\else`` before the ``\\fi``."""
        s = self.s
        els = s.find("\\else", self.i)
        fi = s.find("\\fi", self.i)
        if 0 <= els < fi:
            self.i = fi + 3
            self._skip_terminator()
            return s[els + 5 : fi]
        return None

    def _skip_dimension(self) -> bool:
        """Reads past the length a spacing command takes (``.05em``, `` 0.5ex``); whether there
        was one."""
        dimension = _DIMENSION.match(self.s, self.i)
        if dimension:
            self.i = dimension.end()
            return True
        return False

    def _skip_arguments(self) -> None:
        """Reads past the optional ``[…]`` and ``{…}`` arguments of a dropped command."""
        s = self.s
        while self.i < len(s) and s[self.i] in "[{":
            if s[self.i] == "[":
                bracket = s.find("]", self.i)
                self.i = bracket + 1 if bracket >= 0 else len(s)
            else:
                self._raw_group()

    def _unknown(self, name: str, alphabetic: bool, args: list[str]) -> str:
        """What a command refs does not know stands for: the text of its arguments ``args``;
        else its name (nothing for a command of one other character than a letter), read past
        the space or ``{}`` that ends it when it took no arguments."""
        if any(args):
            return "".join(args)
        if alphabetic and not args:
            self._skip_terminator()
        return name if alphabetic else ""

    def _skip_terminator(self) -> None:
        s = self.s
        if s.startswith("{}", self.i):
            self.i += 2
        elif self.i < len(s) and s[self.i] == " ":
            self.i += 1

    def _raw_group(self) -> str:
        s = self.s
        if self.i < len(s) and s[self.i] == "{":
            depth, j = 0, self.i
            while j < len(s):
                if s[j] == "{":
                    depth += 1
                elif s[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            text = s[self.i + 1 : j]
            self.i = j + 1
            return text
        return ""


def _script(text: str, table: dict[str, str], tag: str, rich: bool) -> str:
    """A superscript or subscript: Unicode where every character has one, else markup or text."""
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"<{tag}>{text}</{tag}>" if rich and text else text


def _math(source: str, rich: bool) -> str:
    """Math as a reader of a title needs it: Greek letters and symbols as Unicode, scripts
    raised or lowered, fonts dropped, unknown commands by their names."""
    return _MathReader(source, rich).read()


# Math accents by name, besides the one-character text accents (\" \' \^ …), which math has too
_MATH_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "dot": "\u0307", "ddot": "\u0308",
                 "vec": "\u20d7", "acute": "\u0301", "grave": "\u0300"}
# Commands that size a delimiter or set how limits and fractions stand: nothing of them shows in text
_MATH_SIZING = ("left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr", "displaystyle", "limits")


class _MathReader:
    """A reader over the source of one piece of math (between the dollars)."""

    def __init__(self, source: str, rich: bool):
        self.source = source
        self.i = 0
        self.rich = rich

    def read(self) -> str:
        """The whole source as text."""
        source, n = self.source, len(self.source)
        out: list[str] = []
        while self.i < n:
            c = source[self.i]
            if c in "^_":
                self.i += 1
                arg = self.group()
                out.append(_script(arg, _SUPERSCRIPT if c == "^" else _SUBSCRIPT, "sup" if c == "^" else "sub",
                                   self.rich))
            elif c == "\\":
                out.append(self.command())
            elif c == "{":
                out.append(self.group())
            elif c == "}":
                self.i += 1
            elif c == "~":
                out.append("\u00a0")
                self.i += 1
            else:
                out.append(c)
                self.i += 1
        return "".join(out)

    def group(self) -> str:
        """The next argument: a braced group (read as math of its own), a command or one character."""
        source, n = self.source, len(self.source)
        while self.i < n and source[self.i] == " ":
            self.i += 1
        if self.i < n and source[self.i] == "{":
            depth, j = 0, self.i
            while j < n:
                if source[j] == "{":
                    depth += 1
                elif source[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = _MathReader(source[self.i + 1 : j], self.rich).read()  # as _math, a frame fewer deep
            self.i = j + 1
            return inner
        if self.i < n and source[self.i] == "\\":
            return self.command()
        if self.i < n:
            self.i += 1
            return source[self.i - 1]
        return ""

    def command(self) -> str:
        """The text of the command whose backslash is at ``self.i``, with its arguments."""
        m = _MATH_NAME.match(self.source, self.i + 1)
        name = m.group() if m else self.source[self.i + 1 : self.i + 2]
        self.i = (m.end() if m else self.i + 2)
        if name in _MATH_FONTS:
            return self.group()
        if name == "frac":
            a = self.group()
            b = self.group()
            return f"{a}/{b}"
        if name == "sqrt":
            return "√" + self.group()
        if name in _MATH_SYMBOLS:
            return _MATH_SYMBOLS[name]
        if (name in _ACCENTS and len(name) == 1) or name in _MATH_ACCENTS:
            mark = _MATH_ACCENTS.get(name, _ACCENTS.get(name, ""))
            base = self.group()
            return unicodedata.normalize("NFC", base[:1] + mark + base[1:]) if base else ""
        if name in _MATH_SIZING:
            return ""
        return name


_MATH_NAME = re.compile(r"[A-Za-z]+")
_COMMAND_NAME = re.compile(r"\\([A-Za-z]+|.)")


def _is_special_char(s: str, pos: int) -> bool:
    """BibTeX's "special character": a group that opens with an accent or symbol command,
    such as ``{\\"o}`` or ``{\\ss}``. Such braces do not protect case."""
    m = _COMMAND_NAME.match(s, pos)
    return m is not None and (m.group(1) in _ACCENTS or m.group(1) in _SYMBOLS)


def _ligatures(text: str) -> str:
    for a, b in _LIGATURES:
        text = text.replace(a, b)
    return text


def decode(value: str, rich: bool = False) -> str:
    """LaTeX field value -> Unicode. With ``rich``, keep emphasis and case protection
    as CSL rich-text markup (for titles); otherwise plain text."""
    if "\\" not in value and "{" not in value and "$" not in value and not any(a in value for a, _ in _LIGATURES):
        return normalize_space(value)
    text = _Reader(value, rich).read()
    if _COMBINING.search(text):  # an accent on nothing after a letter: compose it with that letter
        text = unicodedata.normalize("NFC", _MARK_AFTER_TAG.sub(r"\2\1", text))
    return normalize_space(text)


_COMBINING = re.compile("[\u0300-\u036f]")
_MARK_AFTER_TAG = re.compile("((?:</(?:i|b|sc|sup|sub|span)>)+)([\u0300-\u036f]+)")


_ESCAPES = {
    # BibTeX counts braces even after a backslash, so literal braces are spelled out; a dollar
    # is braced, as "\$a\$" would read as dblp's escaped math
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&", "%": r"\%", "$": r"{\$}",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "\u00a0": "~",
}
_TAG = re.compile(r'<(/?)(i|b|sc|sup|sub)>|<span class="nocase">|</span>')


def _encode_text(text: str) -> str:
    out = []
    for ch in text:
        out.append(_ESCAPES.get(ch, ch))
    s = "".join(out)
    # break ligatures that decode would otherwise join
    for a in ("--", "``", "''", "?`", "!`"):
        while a in s:
            s = s.replace(a, a[0] + "{}" + a[1:])
    return s


def encode(text: str, rich: bool = False) -> str:
    """Unicode (CSL rich text when ``rich``) -> a LaTeX value that decodes back to it."""
    if not rich:
        return _encode_text(text)
    out: list[str] = []
    stack: list[str] = []
    opened: list[int] = []
    pos = 0
    for m in _TAG.finditer(text):
        out.append(_encode_text(text[pos : m.start()]))
        tok = m.group(0)
        if tok == NOCASE_OPEN:
            opened.append(len(out))
            out.append("{")
            stack.append("nocase")
        elif tok == "</span>":
            if stack and stack[-1] == "nocase":
                stack.pop()
                start = opened.pop()
                if _is_special_char("".join(out[start + 1 :]), 0):
                    out.insert(start + 1, "{}")  # so the group is not read as a special character
                out.append("}")
            else:
                out.append(_encode_text(tok))
        elif m.group(1):  # closing tag
            if stack and stack[-1] == m.group(2):
                stack.pop()
                out.append("}")
            else:
                out.append(_encode_text(tok))
        else:
            out.append("\\" + _FORMAT_TO_CMD[m.group(2)] + "{")
            stack.append(m.group(2))
        pos = m.end()
    out.append(_encode_text(text[pos:]))
    out.extend("}" for _ in stack)
    return "".join(out)


_ACCENT_OF = {mark: cmd for cmd, mark in _ACCENTS.items()}
_SYMBOL_OF = {
    "ß": r"\ss", "ø": r"\o", "Ø": r"\O", "ł": r"\l", "Ł": r"\L", "å": r"\aa", "Å": r"\AA", "æ": r"\ae",
    "Æ": r"\AE", "œ": r"\oe", "Œ": r"\OE", "ı": r"\i", "ð": r"\dh", "Ð": r"\DH", "þ": r"\th", "Þ": r"\TH",
    "–": "--", "—": "---", "“": "``", "”": "''", "‘": "`", "’": "'", "«": r"\guillemotleft",
    "»": r"\guillemotright", "…": r"\dots", "§": r"\S", "©": r"\copyright", "€": r"\texteuro", "№": r"\textnumero",
}


def to_ascii(latex: str) -> str:
    """A LaTeX value with accented letters spelled as LaTeX commands (``ü`` -> ``{\\"u}``), for
    BibTeX tools that want ASCII. Letters LaTeX has no standard command for (``ə``) stay UTF-8."""
    out = []
    for ch in latex:
        if ord(ch) < 128:
            out.append(ch)
            continue
        if ch in _SYMBOL_OF:
            sym = _SYMBOL_OF[ch]
            out.append("{" + sym + "}" if sym.startswith("\\") else sym)
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        if base.isascii() and marks and all(m in _ACCENT_OF for m in marks):
            text = "\\i" if base == "i" and marks[0] in ("\u0308", "\u0301", "\u0300", "\u0302") else base
            for m in marks:
                cmd = _ACCENT_OF[m]
                text = f"\\{cmd}{{{text}}}" if cmd.isalpha() else f"\\{cmd}{{{text}}}"
            out.append("{" + text + "}")
        else:
            out.append(ch)
    return "".join(out)
