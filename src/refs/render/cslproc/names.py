"""cs:names, cs:name, cs:et-al and cs:substitute: name lists as the CSL specification writes them."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from . import output as out
from .nodes import NAME_OPTIONS, Context, Element, Label, build, local, q

# Names in the scripts written without a space between family and given name (Chinese,
# Japanese, Korean) are not "romanesque" in CSL's sense; every other script (Latin with all its
# extensions, among them Azerbaijani ə, Cyrillic, Greek, Armenian, Georgian, Arabic, Hebrew)
# separates and inverts its names with the style's delimiters.
_UNSPACED = re.compile("[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf"
                       "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\uff65-\uffdc\U00020000-\U0003134f]")


class NamePart:
    def __init__(self, el: etree._Element):
        self.fmt = {k: el.get(k) for k in out.FORMAT_KEYS if el.get(k)}
        self.text_case = el.get("text-case")
        self.prefix = el.get("prefix", "")
        self.suffix = el.get("suffix", "")


class NameConfig:
    def __init__(self, el: etree._Element | None):
        self.attrib = dict(el.attrib) if el is not None else {}
        self.fmt = {k: el.get(k) for k in out.FORMAT_KEYS if el is not None and el.get(k)}
        self.prefix = el.get("prefix", "") if el is not None else ""
        self.suffix = el.get("suffix", "") if el is not None else ""
        self.parts: dict[str, NamePart] = {}
        if el is not None:
            for p in el.iter(q("name-part")):
                self.parts[p.get("name", "")] = NamePart(p)


class Names(Element):
    def __init__(self, el: etree._Element, style: Any):
        self.style = style
        super().__init__(el, style)
        self.variables = el.get("variable", "").split()
        self.delimiter = el.get("delimiter")
        self.name_el = el.find(q("name"))
        self.name = NameConfig(self.name_el)
        etal = el.find(q("et-al"))
        self.etal_term = etal.get("term", "et-al") if etal is not None else "et-al"
        self.etal_fmt = {k: etal.get(k) for k in out.FORMAT_KEYS if etal is not None and etal.get(k)}
        self.has_etal = etal is not None
        label = el.find(q("label"))
        self.label = Label(label, style) if label is not None else None
        self.label_first = False
        if label is not None and self.name_el is not None:
            kids = [c for c in el if isinstance(c.tag, str)]
            self.label_first = kids.index(label) < kids.index(self.name_el)
        sub = el.find(q("substitute"))
        self.substitute = [c for c in (build(x, style) for x in sub if isinstance(x.tag, str)) if c is not None] \
            if sub is not None else []
        self.bare = len([c for c in el if isinstance(c.tag, str)]) == 0

    # -- options -------------------------------------------------------------------------
    def options(self, ctx: Context) -> dict[str, str]:
        opts = dict(ctx.name_options)
        opts.update({k: v for k, v in self.name.attrib.items() if k in NAME_OPTIONS or k == "delimiter"})
        if ctx.sort_names:
            opts.update(ctx.sort_names)
        return opts

    def render(self, ctx: Context, inherit: Names | None = None) -> out.Node | None:
        outermost = inherit is None and ctx.substitute_for is None
        if outermost:
            ctx.last_names_text = None
        node = self._render_names(ctx, inherit)
        if outermost and ctx.first_names is None and node is not None and not node.is_empty():
            # what cite grouping and author substitution compare: the names without their label
            # ("Doe, John" whether author or "ed."), or what stood in for them (a title)
            ctx.first_names = ctx.last_names_text or out.plain(node)
        return node

    def _render_names(self, ctx: Context, inherit: Names | None = None) -> out.Node | None:
        inherit = inherit or ctx.substitute_for
        cfg = inherit if (inherit is not None and self.bare) else self
        if ctx.suppress_first_names and inherit is None:
            ctx.suppress_first_names = False
            for var in self.variables:
                ctx.suppressed.add(var)
            return None
        ctx.called += 1
        present = []
        for var in self.variables:
            names = ctx.value(var)
            if isinstance(names, list) and names:
                present.append((var, names))
        if not present:
            return self._substituted(cfg, ctx)
        ctx.found += 1
        ctx.rendered_vars.extend(v for v, _ in present)
        if ctx.substitute_for is not None:  # a substitute's names print once, even within the substitute
            ctx.suppressed.update(v for v, _ in present)
        opts = cfg.options(ctx)
        if opts.get("form") == "count" or cfg.name.attrib.get("form") == "count":
            total = sum(len(self._shown(n, opts, ctx)[0]) for _, n in present)
            return self.wrap(str(total), ctx) if total else None
        return self._lists(cfg, _editor_translator(present, ctx), opts, ctx)

    def _substituted(self, cfg: Names, ctx: Context) -> out.Node | None:
        """What cs:substitute gives when none of the variables has names: the first of its
        children that prints something (the variables that child printed then print nowhere
        else), or nothing at a term the locale defines. ``cfg``: the names configuration its bare
        cs:names inherit."""
        outer = ctx.substitute_for
        ctx.substitute_for = cfg
        try:
            for child in self.substitute:
                mark = len(ctx.rendered_vars)
                r = child.render(ctx)
                if r is not None and not r.is_empty():
                    ctx.found += 1
                    ctx.suppressed.update(ctx.rendered_vars[mark:])
                    return self.wrap(r, ctx)
                term = getattr(child, "term", None)
                if term is not None and ctx.locale.term(term, getattr(child, "form", "long")) is not None:
                    return None  # a term the locale defines, even as nothing, is the substitute

        finally:
            ctx.substitute_for = outer
        return None

    def _lists(self, cfg: Names, present: list[tuple[str, list[Any]]], opts: dict[str, str],
               ctx: Context) -> out.Node | None:
        """Each variable's list of names with its label, joined by the names delimiter; the names
        alone, joined the same way, are kept as ``ctx.last_names_text``."""
        rendered = []
        names_only: list[str] = []
        for var, names in present:
            node = cfg.format_list(names, opts, ctx)
            if node is None:
                continue
            names_only.append(out.plain(node))
            if cfg.label is not None:
                shown = len(names)
                label_ctx_var = var
                lab = _label_for(cfg.label, label_ctx_var, shown, ctx)
                if lab is not None:
                    node = out.Node([lab, node] if cfg.label_first else [node, lab])
            rendered.append(node)
        if not rendered:
            return None
        delim = self.delimiter if self.delimiter is not None else ctx.name_options.get("names-delimiter", "")
        ctx.last_names_text = delim.join(names_only)
        children: list[out.Child] = []
        for i, r in enumerate(rendered):
            if i and delim:
                children.append(delim)
            children.append(r)
        return self.wrap(out.Node(children), ctx)

    def _shown(self, names: list[dict[str, Any]], opts: dict[str, str], ctx: Context) -> tuple[list[Any], bool]:
        subsequent = ctx.cite is not None and ctx.cite.position > 0 and ctx.mode == "citation"
        emin = opts.get("et-al-subsequent-min") if subsequent and opts.get("et-al-subsequent-min") else \
            opts.get("et-al-min")
        use = opts.get("et-al-subsequent-use-first") if subsequent and opts.get("et-al-subsequent-use-first") \
            else opts.get("et-al-use-first")
        if emin and use:
            try:
                m, u = int(emin), int(use)
            except ValueError:
                return names, False
            u += ctx.extra_names
            if len(names) >= m and u < len(names):
                return names[:u], True
        return names, False

    def format_list(self, names: list[dict[str, Any]], opts: dict[str, str], ctx: Context) -> out.Node | None:
        shown, truncated = self._shown(names, opts, ctx)
        if not shown:
            return None
        delimiter = opts.get("delimiter", ", ")
        sort_order = opts.get("name-as-sort-order")
        formatted = []
        for i, n in enumerate(shown):
            personal = bool(n.get("family")) and not n.get("literal")
            inverted = personal and (sort_order == "all" or (sort_order == "first" and i == 0))
            formatted.append((self.format_name(n, opts, inverted, ctx, i), inverted))
        use_last = opts.get("et-al-use-last") == "true" and truncated and len(names) >= len(shown) + 2
        and_term = opts.get("and") if not ctx.sorting else None  # a sort key holds names, not "and"
        and_text = None
        if and_term == "text":
            found = ctx.locale.term("and")
            and_text = "and" if found is None else found
        elif and_term == "symbol":
            and_text = "&"
        children: list[out.Child] = []
        count = len(formatted)
        for i, (node, _inv) in enumerate(formatted):
            if i:
                last = i == count - 1 and not truncated
                if last and and_text:
                    dpl = opts.get("delimiter-precedes-last", "contextual")
                    prev_inverted = formatted[i - 1][1]
                    use_delim = (dpl == "always" or (dpl == "contextual" and count >= 3)
                                 or (dpl == "after-inverted-name" and prev_inverted))
                    if and_text[-1:].isspace():  # a term with its own spacing ("ו\u2008"): as it is
                        children.append(f"{delimiter}{and_text}" if use_delim else and_text)
                    else:
                        children.append(f"{delimiter}{and_text} " if use_delim else f" {and_text} ")
                else:
                    children.append(delimiter)
            children.append(node)
        if truncated and ctx.sorting and not use_last:
            pass  # nor "et al."
        elif truncated:
            if use_last:
                last_name = self.format_name(names[-1], opts, sort_order == "all", ctx, len(names) - 1)
                children.extend([delimiter, "… ", last_name])
            else:
                found = ctx.locale.term(self.etal_term)
                term = "et al." if found is None else found
                if not term:  # a locale that empties the term: no "et al." at all
                    node = out.Node(children, nocase=True)
                    return node
                dpe = opts.get("delimiter-precedes-et-al", "contextual")
                prev_inverted = formatted[-1][1]
                use_delim = (dpe == "always" or (dpe == "contextual" and count >= 2)
                             or (dpe == "after-inverted-name" and prev_inverted))
                cjk = bool(re.match(r"[\u3000-\u9fff\uf900-\ufaff]", term))  # "等": no space before it
                children.append(delimiter if use_delim else ("" if cjk else " "))
                children.append(out.Node([term], dict(self.etal_fmt)))
        node = out.Node(children, nocase=True)  # a text-case around the names leaves them as they are
        return out.Node([self.name.prefix, out.Node([node], dict(self.name.fmt)), self.name.suffix]) \
            if (self.name.prefix or self.name.suffix or self.name.fmt) else node

    # -- one name ------------------------------------------------------------------------
    def format_name(self, n: dict[str, Any], opts: dict[str, str], inverted: bool, ctx: Context,
                    index: int) -> out.Node:
        if n.get("literal") or not (n.get("family") or n.get("given")):
            lit = str(n.get("literal") or n.get("family") or n.get("given") or "")
            return self._part("family", out.parse_markup(lit), ctx)
        if ",!" in str(n.get("given") or "") and not n.get("suffix"):  # "John,! Jr.": a suffix after a comma
            head, _, tail = str(n["given"]).partition(",!")
            n = {**n, "given": head.strip(), "suffix": tail.strip(), "comma-suffix": True}
        family, given, dp, ndp, suffix = name_parts(n)
        form = opts.get("form", "long")
        if not family:  # a given name alone (Banksy)
            return self._part("given", given, ctx)
        romanesque = not _UNSPACED.search(family + given)
        initialize_with = opts.get("initialize-with")
        level = ctx.expand_given.get(index, 0) if ctx.mode == "citation" else 0  # disambiguation
        if level and form == "short":
            form = "long"
            if level == 1 and initialize_with is None:
                level = 2
        if given and initialize_with is not None and level < 2:
            given = _initials_marked(given, initialize_with, opts.get("initialize", "true") != "false" or level == 1,
                                     self.style.options.get("initialize-with-hyphen", "true") != "false")
        fam_words = _particle_join(ndp, family)
        if form == "short":
            return self._part("family", fam_words, ctx)
        if not romanesque:
            return out.Node([self._part("family", family, ctx), self._part("given", given, ctx)])
        demote = self.style.options.get("demote-non-dropping-particle", "display-and-sort")
        sep = opts.get("sort-separator", ", ")
        if inverted:
            if demote != "display-and-sort":
                first = fam_words
                second = " ".join(x for x in (given, dp) if x)
            else:
                first = family
                second = " ".join(x for x in (given, dp, ndp) if x)
            parts: list[out.Child] = [self._part("family", first, ctx)]
            if second:
                parts += [sep, self._part("given", second, ctx)]
            if suffix:
                parts += [sep, suffix]
            return out.Node(parts)
        given_words = given
        particle = " ".join(x for x in (dp, ndp) if x)
        parts = []
        if given_words:
            gp = self.name.parts.get("given")
            spaced = gp is not None and gp.suffix[-1:].isspace()
            parts += [self._part("given", given_words, ctx)] + ([] if spaced else [" "])
        fam_part = self.name.parts.get("family")
        tail = ((", " if n.get("comma-suffix") else " ") + suffix) if suffix else ""
        if tail and fam_part is not None and (fam_part.prefix or fam_part.suffix):
            parts.append(self._family(particle, family, ctx, tail))  # "(de La Fontaine III)", as citeproc-js
            return out.Node(parts)
        parts.append(self._family(particle, family, ctx))
        if tail:
            parts.append(tail)
        return out.Node(parts)

    def _family(self, particle: str, family: str, ctx: Context, tail: str = "") -> out.Node:
        """Particles and family name: the family name-part's fonts on each, its text case and
        affixes on the family name alone ("van DER MEER", small-caps "van" and "Roe"); ``tail``
        (", Jr.") inside the affixes."""
        part = self.name.parts.get("family")
        if part is None or not particle:
            return self._part("family", _particle_join(particle, family), ctx, tail)
        joined = particle[-1] in "-’'"
        words = particle.split(" ")
        pieces: list[out.Child] = [part.prefix]
        for w in words:
            pieces += [out.Node([w], dict(part.fmt)), "" if (joined and w == words[-1]) else " "]
        fam = out.Node([family])
        if part.text_case:
            from .nodes import apply_case

            apply_case(fam, part.text_case, ctx)
        pieces += [out.Node([fam], dict(part.fmt)), tail, part.suffix]
        return out.Node(pieces)

    def _part(self, which: str, text: Any, ctx: Context, tail: str = "") -> out.Node:
        if isinstance(text, out.Node):
            node = text
        else:  # markup in a name (Center <sup>for</sup> History) is markup
            node = out.parse_markup(str(text)) if "<" in str(text) else out.Node([str(text)])
        part = self.name.parts.get(which)
        if part is None:
            return node
        if part.text_case:
            from .nodes import apply_case

            apply_case(node, part.text_case, ctx)
        return out.Node([part.prefix, out.Node([node], dict(part.fmt)), tail, part.suffix])


def _editor_translator(present: list[tuple[str, list[Any]]], ctx: Context) -> list[tuple[str, list[Any]]]:
    """An editor who is also the translator: one list, labelled editortranslator (where the
    locale has that term)."""
    if len(present) >= 2 and {"editor", "translator"} <= {v for v, _ in present}:
        ed = dict(present)["editor"]
        tr = dict(present)["translator"]
        if ed == tr and ctx.locale.term("editortranslator"):
            present = [(v, n) for v, n in present if v != "translator"]
            present = [("editortranslator" if v == "editor" else v, n) for v, n in present]
    return present


def _particle_join(particle: str, family: str) -> str:
    """"al-" and "d’" join the family name without a space."""
    if not particle:
        return family
    return particle + family if particle[-1] in "-’'" else f"{particle} {family}"


def name_parts(n: dict[str, Any]) -> tuple[str, str, str, str, str]:
    """(family, given, dropping particle, non-dropping particle, suffix), with particles
    written inside the family or given name taken out ("van Gogh", "Alexander von")."""
    family, given, dp, ndp, suffix = (" ".join(str(n.get(k) or "").split()) for k in
                                      ("family", "given", "dropping-particle", "non-dropping-particle", "suffix"))
    quoted = len(family) > 1 and family[0] == family[-1] == '"'
    if quoted:  # "Van Dyke": written whole, no particle to find
        family = family[1:-1]
    if n.get("parse-names") not in (False, "false") and not quoted:
        if not ndp:
            m = re.match(r"^((?:[a-z][\w]*(?:\s+|[’'-])|[a-z][’'])+)(\S.*)$", family)
            if m and not family.islower():
                ndp, family = m.group(1).strip(), m.group(2)
        if not dp and given:
            m = re.match(r"^(.*?\S)\s+((?:[a-z][\w'’]*\s*)+)$", given)
            if m:
                given, dp = m.group(1), m.group(2).strip()
        if not suffix and "," in given:
            head, _, tail = given.partition(",")
            if tail.strip() in ("Jr.", "Sr.", "Jr", "Sr", "III", "II", "IV"):
                given, suffix = head.strip(), tail.strip()
    return family, given, dp, ndp, suffix


def _label_for(label: Label, var: str, count: int, ctx: Context) -> out.Node | None:
    if ctx.sorting:
        return None  # a sort key compares names, not "ed." beside them
    if label.plural == "always":
        plural = True
    elif label.plural == "never":
        plural = False
    else:
        plural = count > 1
    t = ctx.locale.term(var, label.form, plural)
    if not t:
        return None
    return label.wrap(t, ctx)


def _small(word: str) -> bool:
    """A word that opens with a small letter in a script that writes names with capitals.
    Georgian's Mkhedruli letters are small letters to Unicode, but Georgian writes names
    without capitals, so a Georgian given name is no particle."""
    return word[:1].islower() and not "\u10d0" <= word[:1] <= "\u10ff"


def initials(given: str, with_: str, initialize: bool, hyphen: bool) -> str:
    """``John Paul`` -> ``J. P.``; ``Jean-Paul`` -> ``J.-P.``; with ``initialize="false"`` only
    existing initials are normalised (``M.E`` -> ``M. E.``, ``ME`` kept); lowercase words
    (``de``) are particles and stay."""
    pieces: list[tuple[str, str, bool]] = []  # (piece, separator before it, written with a period)
    for w_index, word in enumerate(given.split()):
        for h_index, part in enumerate(word.split("-")):
            for d_index, m in enumerate(re.finditer(r"([^.]+)(\.?)", part)):
                sep = "-" if (h_index and d_index == 0) else (" " if (w_index or h_index or d_index) else "")
                pieces.append((m.group(1), sep, bool(m.group(2))))
    rendered: list[tuple[str, bool, str]] = []  # (text, is an initial, separator)
    for piece, sep, period in pieces:
        if _small(piece) and sep == "-" and initialize:
            continue  # Jae-won: the lowercase part after a hyphen has no initial of its own
        if _small(piece):
            rendered.append((piece, False, sep))
        elif period and len(piece) > 1:  # Ph., Ts., Me.: an abbreviation the author wrote, kept
            rendered.append((piece, True, sep))
        elif len(piece) == 1 or initialize:
            rendered.append((_initial_of(piece), True, sep))
        else:
            rendered.append((piece, False, sep))
    text = ""
    trail = with_.rstrip()
    for k, (piece, is_initial, sep) in enumerate(rendered):
        if k:
            prev_initial = rendered[k - 1][1]
            if sep == "-":
                text = (text.rstrip() + "-") if (hyphen or not prev_initial) else text.rstrip()
            elif prev_initial:
                text += " " if (with_.endswith(" ") or not is_initial) else ""
            else:
                text += " "
        text += piece + (trail if is_initial else "")
    return text.strip()


def _initials_marked(given: str, with_: str, initialize: bool, hyphen: bool) -> str:
    """Initials of a given name that holds markup: "<b>John</b> Quiggly" -> "<b>J.</b> Q."."""
    if "<" not in given:
        return initials(given, with_, initialize, hyphen)
    pieces: list[str] = []
    for m in re.finditer(r"<(b|i|sc|sup|sub)>(.*?)</\1>|([^<]+)|(<)", given):
        if m.group(3) is not None or m.group(4) is not None:
            text = m.group(3) or m.group(4) or ""
            joiner = "-" if text.lstrip().startswith("-") and hyphen else (" " if with_.endswith(" ") else "")
            word = text.strip().strip("-").strip()
            if word:
                pieces.append((joiner if pieces else "") + initials(word, with_, initialize, hyphen))
        else:
            inner = initials(m.group(2).strip(), with_, initialize, hyphen)
            pieces.append((" " if pieces and with_.endswith(" ") else "") + f"<{m.group(1)}>{inner}</{m.group(1)}>")
    return "".join(pieces).strip()


def _initial_of(word: str) -> str:
    """``John`` -> ``J``; a word that opens with two capitals before its small letters writes
    a digraph (Mongolian ``TSerendorjiin``) and keeps it: ``Ts``."""
    k = 0
    while k < len(word) and word[k].isupper():
        k += 1
    if 2 <= k < len(word) and word[k].islower():
        return word[0] + word[1:k].lower()
    return word[0]


__all__ = ["Names", "initials", "local"]
