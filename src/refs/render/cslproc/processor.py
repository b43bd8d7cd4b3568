"""The processor: a style, its locale and a list of CSL-JSON items; bibliographies and citation
clusters from them, with sorting, numbering, positions, year suffixes and collapsing."""

from __future__ import annotations

import re
from functools import cmp_to_key
from pathlib import Path
from typing import Any

from lxml import etree

from . import output as out
from .dates import sort_value
from .locale import Locale
from .nodes import NAME_OPTIONS, NAME_VARIABLES, Cite, Context, Layout, Macro, is_numeric, q

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)

#: Abbreviations that open a locator and name its label (the ones citeproc-js reads).
LOCATOR_ABBREVIATIONS = {
    "vrs": "verse", "sv": "sub-verbo", "subpara": "subparagraph", "op": "opus", "subch": "subchapter",
    "add": "addendum", "amend": "amendment", "annot": "annotation", "app": "appendix", "art": "article",
    "bibliog": "bibliography", "bk": "book", "ch": "chapter", "cl": "clause", "col": "column", "cmt": "comment",
    "dec": "decision", "dept": "department", "ex": "example", "fig": "figure", "fld": "field", "fol": "folio",
    "n": "note", "hypo": "hypothetical", "illus": "illustration", "intro": "introduction", "l": "line",
    "no": "issue", "p": "page", "pp": "page", "para": "paragraph", "pt": "part", "pmbl": "preamble",
    "princ": "principle", "pub": "publication", "r": "rule", "rn": "randnummer", "sched": "schedule",
    "sec": "section", "ser": "series", "subdiv": "subdivision", "subsec": "subsection", "supp": "supplement",
    "tbl": "table", "tit": "title", "vol": "volume",
}
_LABELLED_LOCATOR = re.compile(rf"^({'|'.join(sorted(LOCATOR_ABBREVIATIONS, key=len, reverse=True))})\.\s+(.*)$", re.S)
_INHERITED = {"name-form": "form", "name-delimiter": "delimiter", "names-delimiter": "names-delimiter"}


class Section:
    """cs:citation or cs:bibliography: its layout, sort keys and options."""

    def __init__(self, el: etree._Element, style: Style):
        self.options: dict[str, str] = dict(el.attrib)
        layout = el.find(q("layout"))
        self.layout = Layout(layout, style) if layout is not None else None
        self.keys: list[dict[str, str]] = []
        sort = el.find(q("sort"))
        if sort is not None:
            self.keys = [dict(k.attrib) for k in sort.findall(q("key"))]
        self.name_options: dict[str, str] = {}
        for source in (style.options, self.options):
            for k, v in source.items():
                if k in NAME_OPTIONS:
                    self.name_options[k] = v
                elif k in _INHERITED:
                    self.name_options[_INHERITED[k]] = v


class Style:
    def __init__(self, xml: str | bytes):
        data = xml.encode("utf-8") if isinstance(xml, str) else xml
        root = etree.fromstring(data, _PARSER)
        self.root = root
        self.options = dict(root.attrib)
        self.locales = root.findall(q("locale"))
        self.macros: dict[str, Macro] = {}
        for m in root.findall(q("macro")):
            self.macros[m.get("name", "")] = Macro(m, self)
        cit = root.find(q("citation"))
        bib = root.find(q("bibliography"))
        self.citation = Section(cit, self) if cit is not None else None
        self.bibliography = Section(bib, self) if bib is not None else None
        self.explicit_year_suffix = any(t.get("variable") == "year-suffix" for t in root.iter(q("text")))
        self.note = self.options.get("class") == "note"
        self.prints_number = any(el.get("variable") == "citation-number" for el in root.iter(q("text"), q("number")))


def _default_locales_dir() -> Path:
    from ..registry import _citeproc_locales_dir

    return _citeproc_locales_dir()


def _collate(a: str, b: str, lang: str) -> int:
    from ..collation import sort_key

    ka, kb = sort_key(a, lang), sort_key(b, lang)
    return (ka > kb) - (ka < kb)


class Processor:
    """One style, one locale, one list of items; nothing shared with any other processor."""

    def __init__(self, style_xml: str | bytes, items: list[dict[str, Any]], locale: str | None = None,
                 locales_dir: Path | None = None, locale_file: Path | None = None):
        self.style = Style(style_xml)
        lang = locale or self.style.options.get("default-locale") or "en-US"
        self.locale = Locale(lang, self.style.locales, locales_dir or _default_locales_dir(), locale_file)
        self._lang = lang.split("-")[0].lower()
        self.items = {str(i.get("id")): _note_variables(i) for i in items}
        self.input_order = [str(i.get("id")) for i in items]
        self.cited: list[str] = []
        self._numbers: dict[str, int] = {}
        self._suffixes: dict[str, str] = {}
        self._state: dict[str, dict[str, Any]] = {}  # disambiguation: extra names, given names, flag
        self._prepared = False

    # -- contexts ------------------------------------------------------------------------
    def _ctx(self, id_: str, section: Section, mode: str, cite: Cite | None = None) -> Context:
        state = self._state.get(id_, {})
        return Context(item=self.items[id_], locale=self.locale, style=self.style, mode=mode, cite=cite,
                       number=self._numbers.get(id_), year_suffix=self._suffixes.get(id_, ""),
                       name_options=dict(section.name_options), extra_names=state.get("extra", 0),
                       expand_given=dict(state.get("given", {})), disambiguate=state.get("flag", False))

    def _render(self, id_: str, section: Section, mode: str, cite: Cite | None = None,
                ctx: Context | None = None) -> out.Node | None:
        if section.layout is None:
            return None
        ctx = ctx or self._ctx(id_, section, mode, cite)
        return out.Node([c for c in [section.layout.render(ctx)] if c is not None])

    # -- sorting -------------------------------------------------------------------------
    def _key_values(self, id_: str, section: Section) -> list[Any]:
        values = []
        for key in section.keys:
            ctx = self._ctx(id_, section, "sort")
            ctx.sorting = True
            ctx.year_suffix = ""  # suffixes follow from the order; they do not make it (as citeproc-js)
            var = key.get("variable")
            if var:
                values.append(self._variable_key(var, ctx))
            elif key.get("macro"):
                sort_names = {"name-as-sort-order": "all"}
                for attr, opt in (("names-min", "et-al-min"), ("names-use-first", "et-al-use-first"),
                                  ("names-use-last", "et-al-use-last")):
                    if key.get(attr):
                        sort_names[opt] = key[attr]
                ctx.sort_names = sort_names
                macro = self.style.macros.get(key["macro"])
                node = macro.render(ctx) if macro else None
                text = out.plain(node) if node is not None else ""
                values.append(_number_key(text) if text and _macro_is_numeric(text) else (text or None))
            else:
                values.append(None)
        return values

    def _variable_key(self, var: str, ctx: Context) -> Any:
        if var == "citation-number":
            return ctx.number
        value = ctx.value(var)
        if value is None:
            return None
        if var in NAME_VARIABLES and isinstance(value, list):
            parts = []
            for n in value:
                if n.get("literal"):
                    parts.append(str(n["literal"]))
                else:
                    from .names import name_parts

                    demote = self.style.options.get("demote-non-dropping-particle", "display-and-sort")
                    fam, given, dp, ndp, _ = name_parts(n)
                    head = fam if demote != "never" else f"{ndp} {fam}".strip()
                    rest = " ".join(x for x in (given, dp, ndp if demote != "never" else "") if x)
                    parts.append(f"{head} {rest}".strip())
            return "  ".join(parts)
        if isinstance(value, dict):
            return sort_value(value)
        if is_numeric(value) and var in {"volume", "issue", "number", "page", "edition", "chapter-number",
                                         "number-of-pages", "number-of-volumes", "locator"}:
            return _number_key(str(value))
        return re.sub(r"<[^>]+>", "", str(value))

    def _sorted(self, ids: list[str], section: Section | None) -> list[str]:
        if section is None or not section.keys:
            return list(ids)
        keys = {i: self._key_values(i, section) for i in ids}
        descending = [k.get("sort") == "descending" for k in section.keys]
        position = {i: n for n, i in enumerate(ids)}

        def cmp(a: str, b: str) -> int:
            for n, (x, y) in enumerate(zip(keys[a], keys[b], strict=True)):
                if x is None and y is None:
                    continue
                if x is None:
                    return 1
                if y is None:
                    return -1
                if isinstance(x, (int, float, tuple)) and isinstance(y, (int, float, tuple)):
                    # one key gives numbers for every item or tuples for every item; mypy cannot pair them
                    c = (x > y) - (x < y)  # type: ignore[operator]
                else:
                    c = _collate(str(x), str(y), self._lang)
                if c:
                    return -c if descending[n] else c
            return position[a] - position[b]

        return sorted(ids, key=cmp_to_key(cmp))

    # -- preparation: numbers and year suffixes -----------------------------------------
    def prepare(self, cited: list[str] | None = None) -> None:
        first = []
        for i in (cited or []) + self.input_order:
            if i in self.items and i not in first:
                first.append(i)
        self._numbers = {i: n for n, i in enumerate(first, start=1)}
        bib = self.style.bibliography
        if bib is not None and bib.keys:
            ordered = self._sorted(first, bib)
            self._numbers = {i: n for n, i in enumerate(ordered, start=1)}
        self._order = sorted(first, key=lambda i: self._numbers[i])
        self._suffixes = {}
        self._state = {}
        cit = self.style.citation
        if cit is not None:
            self._disambiguate(cit)
        self._prepared = True

    # -- disambiguation -------------------------------------------------------------------
    def _cite_text(self, id_: str, cit: Section) -> str:
        return out.plain(self._render(id_, cit, "citation", Cite(id_)))

    def _ambiguous(self, ids: list[str], cit: Section) -> list[list[str]]:
        groups: dict[str, list[str]] = {}
        for i in ids:
            groups.setdefault(self._cite_text(i, cit), []).append(i)
        return [g for g in groups.values() if len(g) > 1]

    def _disambiguate(self, cit: Section) -> None:
        """The specification's order: add names, add given names, the disambiguate condition,
        then year suffixes, each only for cites that still read alike."""
        opts = cit.options
        ids = list(self._order)
        rule = opts.get("givenname-disambiguation-rule", "by-cite")
        if opts.get("disambiguate-add-givenname") == "true" and rule != "by-cite":
            self._global_givennames(ids, cit, rule)
        sets = self._ambiguous(ids, cit)
        add_names = opts.get("disambiguate-add-names") == "true"
        add_given = opts.get("disambiguate-add-givenname") == "true" and rule == "by-cite"
        if add_names or add_given:
            for group in sets:
                self._by_cite(group, cit, add_names, add_given)
            sets = self._ambiguous(ids, cit)
        if any(True for _ in self._disambiguate_conditions(cit)):
            for group in sets:
                for i in group:
                    self._state.setdefault(i, {})["flag"] = True
            sets = self._ambiguous(ids, cit)
        if opts.get("disambiguate-add-year-suffix") == "true":
            for group in sets:
                for n, i in enumerate(group):
                    self._suffixes[i] = _letters(n)

    def _disambiguate_conditions(self, cit: Section) -> Any:
        for el in self.style.root.iter():
            if el.get("disambiguate") == "true":
                yield el

    def _name_count(self, id_: str) -> int:
        from .nodes import NAME_VARIABLES as names

        return max((len(v) for k, v in self.items[id_].items() if k in names and isinstance(v, list)), default=0)

    def _by_cite(self, group: list[str], cit: Section, add_names: bool, add_given: bool) -> None:
        """Names added one at a time, each with its given name shown where that helps
        (initials, then in full); a step is kept for a cite only where it makes the cite read
        like fewer others."""
        import copy

        def clashes() -> dict[str, int]:
            texts = {i: self._cite_text(i, cit) for i in group}
            return {i: sum(texts[i] == t for t in texts.values()) for i in group}

        most = max(self._name_count(i) for i in group)
        current = clashes()
        for k in range(0, (most if add_names else 0) + 1):
            pending = [i for i in group if current[i] > 1]
            if not pending:
                return
            before = {i: copy.deepcopy(self._state.get(i, {})) for i in pending}
            if k:
                for i in pending:
                    self._state.setdefault(i, {})["extra"] = k
            if add_given:
                for index in range(most):
                    for level in (1, 2):
                        trial = clashes()
                        still = [i for i in pending if trial[i] > 1]
                        if not still:
                            break
                        saved = {i: dict(self._state.setdefault(i, {}).get("given", {})) for i in still}
                        for i in still:
                            self._state[i].setdefault("given", {})[index] = level
                        after = clashes()
                        for i in still:
                            if after[i] >= trial[i]:
                                self._state[i]["given"] = saved[i]
            after = clashes()
            for i in pending:
                if after[i] >= current[i]:  # no better for this cite: back to where it was
                    self._state[i] = before[i]
            current = clashes()

    def _global_givennames(self, ids: list[str], cit: Section, rule: str) -> None:
        """all-names, all-names-with-initials, primary-name(-with-initials): every name whose
        family is shared by people with other given names is shown with what tells them apart."""
        from .names import initials, name_parts
        from .nodes import NAME_VARIABLES as names

        with_ = cit.name_options.get("initialize-with", "")
        people: dict[str, set[str]] = {}
        inits: dict[str, set[str]] = {}

        def who(n: dict[str, Any]) -> tuple[str, str]:
            fam, given, _, ndp, _ = name_parts(n)
            return f"{ndp} {fam}".strip(), re.sub(r"[\s.]+", " ", given).strip()

        primary = rule.startswith("primary-name")
        for i in ids:
            for k, v in self.items[i].items():
                if k in names and isinstance(v, list):
                    for n in (v[:1] if primary else v):  # primary-name: only first names tell cites apart
                        fam, given = who(n)
                        people.setdefault(fam, set()).add(given.replace(" ", ""))
                        inits.setdefault(fam, set()).add(initials(given, with_ or ".", True, True))
        for i in ids:
            state = self._state.setdefault(i, {})
            for k, v in self.items[i].items():
                if k in names and isinstance(v, list):
                    for index, n in enumerate(v):
                        if rule.startswith("primary-name") and index:
                            continue
                        fam, given = who(n)
                        if len(people.get(fam, ())) > 1:
                            if rule.endswith("initials") and len(inits.get(fam, ())) < 2:
                                continue  # "Y." and "Yann": initials cannot tell them apart
                            full = len(inits.get(fam, ())) < len(people[fam]) and not rule.endswith("initials")
                            state.setdefault("given", {})[index] = 2 if full else 1

    # -- bibliography --------------------------------------------------------------------
    def bibliography_entries(self, fmt: str = "html") -> list[str]:
        return [text for _, text in self.bibliography_items(fmt)]

    def bibliography_items(self, fmt: str = "html", only: set[str] | None = None) -> list[tuple[str, str]]:
        """(id, entry) in the bibliography's order; with ``only``, the entries of those ids
        alone (each as it reads in the whole bibliography). An item the layout renders as
        nothing has no entry."""
        if not self._prepared:
            self.prepare()
        bib = self.style.bibliography
        if bib is None:
            return []
        entries = []
        prev_names: str | None = None
        sub = bib.options.get("subsequent-author-substitute")
        for i in self._order:
            if only is not None and i not in only and sub is None:
                continue
            node = self._entry_node(i, bib)
            if node is None:
                continue
            if sub is not None:
                names = self._first_names_text(i, bib)
                if names and names == prev_names:
                    _replace_first_names(node, names, sub)
                prev_names = names
                if only is not None and i not in only:
                    continue
            entries.append((i, out.write(node, fmt, self._quotes(), self.locale.punctuation_in_quote)))
        return entries

    def entry_signature(self, id_: str) -> str:
        """What an entry's text depends on besides its item, the style and the locale: its
        number where the style prints numbers, its year suffix, what disambiguation added, and
        for a style that substitutes repeated authors, the item before it."""
        if not self._prepared:
            self.prepare()
        parts = [self._suffixes.get(id_, ""), repr(sorted(self._state.get(id_, {}).items(), key=str))]
        if self.style.prints_number:
            parts.append(str(self._numbers.get(id_)))
        bib = self.style.bibliography
        if bib is not None and bib.options.get("subsequent-author-substitute") is not None:
            k = self._numbers.get(id_, 0) - 1
            parts.append(repr(self.items.get(self._order[k - 1])) if k > 0 else "")
        return "\x1f".join(parts)

    def _entry_node(self, i: str, bib: Section) -> out.Node | None:
        ctx = self._ctx(i, bib, "bibliography")
        if bib.options.get("second-field-align") in ("flush", "margin") and bib.layout is not None:
            parts = [c.render(ctx) for c in bib.layout.children]  # the first field in the margin
            parts = [p for p in parts if p is not None and not p.is_empty()]
            if not parts:
                return None
            rest = bib.layout.wrap(out.Node(parts[1:]), ctx, case=False) or out.Node([])
            return out.Node([out.Node([parts[0]], display="left-margin"), out.Node([rest], display="right-inline")])
        node = self._render(i, bib, "bibliography", ctx=ctx)
        if node is None or node.is_empty():
            return None
        return bib.layout.wrap(node, ctx, case=False) if bib.layout is not None else node

    def _first_names_text(self, id_: str, bib: Section) -> str | None:
        if bib.layout is None:
            return None
        ctx = self._ctx(id_, bib, "bibliography")
        bib.layout.render(ctx)
        return ctx.first_names

    def bibliography(self, fmt: str = "html") -> str:
        entries = self.bibliography_entries(fmt)
        if fmt == "html":
            def entry(e: str) -> str:
                """citeproc-js's layout of an entry with display blocks (the suite compares it)."""
                e = e.replace('<div class="csl-block"></div>', "")
                if '<div class="csl-' not in e:
                    return f'  <div class="csl-entry">{e}</div>\n'
                inner = ""
                for piece in re.split(r'(<div class="csl-[a-z-]+">.*?</div>)', e):
                    if piece.startswith('<div class="csl-block">'):
                        inner += "\n\n    " + piece + "\n"
                    elif piece.startswith('<div class="csl-left-margin">'):
                        inner += "\n    " + piece
                    elif piece.startswith('<div class="csl-indent">'):
                        inner += piece + "\n  "
                    else:
                        inner += piece
                if not inner.endswith("\n  "):
                    trailing = " " if inner.endswith(" </div>") else ""  # a space that ends the text
                    if trailing:  # stands outside its block, as citeproc-js writes it
                        inner = inner[: -len(" </div>")] + "</div>"
                    inner += "\n  " + trailing
                return f'  <div class="csl-entry">{inner}</div>\n'

            body = "".join(entry(e) for e in entries)
            return f'<div class="csl-bib-body">\n{body}</div>'
        return "\n".join(entries)

    def _quotes(self) -> dict[str, str]:
        return {k: self.locale.term(k) or d for k, d in (("open-quote", "“"), ("close-quote", "”"),
                                                         ("open-inner-quote", "‘"), ("close-inner-quote", "’"))}

    # -- citations -----------------------------------------------------------------------
    def cite_clusters(self, clusters: list[list[dict[str, Any]]], fmt: str = "html",
                      notes: list[int] | None = None, prepare: bool = True) -> list[str]:
        """Each cluster (a list of cites: id, locator, label, prefix, suffix, suppress-author,
        author-only) rendered with its cites' positions. ``notes``: each cluster's note number
        (0 for a citation in the text); by default each cluster is its own note. ``prepare``:
        number and disambiguate by these clusters' order first (off when ``prepare`` was
        called with the order already)."""
        if prepare or not self._prepared:
            self.prepare([str(c.get("id")) for cluster in clusters for c in cluster])
        positions = self._positions(clusters, notes)
        return [self.cluster(pos, fmt) for pos in positions]

    def _positions(self, clusters: list[list[dict[str, Any]]], notes: list[int] | None) -> list[list[Cite]]:
        """Each cite's position. Citations in the text (note number 0) and citations in notes
        are two sequences: in the text, ibid. refers to the citation before; in notes, to the
        citation before in the same note, else to everything the note before cites (ibid. only
        when that is this one work)."""
        seen_note: dict[str, int] = {}
        by_note: dict[int, list[Cite]] = {}
        last_text: list[Cite] | None = None
        last_in_note: dict[int, list[Cite]] = {}
        near = int(self.style.citation.options.get("near-note-distance", "5")) if self.style.citation else 5
        result = []
        for n, cluster in enumerate(clusters):
            note = notes[n] if notes else n + 1
            if note:
                before = _cited_before(note, last_in_note, by_note)
            else:
                before = last_text
            cites: list[Cite] = []
            for k, raw in enumerate(cluster):
                c = self._cite(raw, note)
                if c.id in seen_note:
                    if k:
                        prev: Cite | None = cites[k - 1]
                    else:
                        prev = before[-1] if before and all(x.id == c.id for x in before) else None
                    _place_again(c, prev, seen_note[c.id], near)
                else:
                    seen_note[c.id] = note
                    c.first_note = note
                if raw.get("position") is not None:
                    c.position = int(raw["position"])
                cites.append(c)
            if note:
                by_note.setdefault(note, []).extend(cites)
                last_in_note[note] = cites
            else:
                last_text = cites
            result.append(cites)
        return result

    def _cite(self, raw: dict[str, Any], note: int) -> Cite:
        """A cite as a cluster gives it (id, locator, label, prefix, suffix, suppress-author,
        author-only), in note ``note``; without a locator, it has no label."""
        c = Cite(str(raw.get("id")), locator=str(raw.get("locator") or ""), label=str(raw.get("label") or "page"),
                 prefix=str(raw.get("prefix") or ""), suffix=str(raw.get("suffix") or ""),
                 suppress_author=bool(raw.get("suppress-author")), author_only=bool(raw.get("author-only")),
                 note_index=note)
        if not raw.get("locator"):
            c.label = ""
        elif c.label == "page":
            self._label_in_locator(c)
        return c

    def _label_in_locator(self, c: Cite) -> None:
        """A locator that opens with a label's abbreviation ("vol. 1", "fol. 186") gives the cite
        that label, where the locale has the term (as citeproc-js reads them); not for
        legislation, whose locators name their own parts."""
        if self.items.get(c.id, {}).get("type") in ("bill", "gazette", "legislation", "regulation", "treaty"):
            return
        m = _LABELLED_LOCATOR.match(c.locator)
        if m and self.locale.term(LOCATOR_ABBREVIATIONS[m.group(1)]) is not None:
            c.label, c.locator = LOCATOR_ABBREVIATIONS[m.group(1)], m.group(2)

    def cluster(self, cites: list[Cite], fmt: str = "html", _pos: Any = None) -> str:
        """One citation of ``cites`` (positions set) in ``fmt``: sorted as the style asks, cites of
        one author grouped or collapsed where it asks, joined with the layout's delimiter."""
        cit = self.style.citation
        if cit is None or cit.layout is None:
            return ""
        cites = [c for c in cites if c.id in self.items]
        if cit.keys:
            order = self._sorted([c.id for c in cites], cit)
            cites = sorted(cites, key=lambda c: order.index(c.id))
        layout = cit.layout
        delimiter = layout.delimiter
        collapse = cit.options.get("collapse")
        grouping_only = not collapse and "cite-group-delimiter" in cit.options  # grouped, not collapsed
        groups_on = collapse in ("year", "year-suffix", "year-suffix-ranged") or grouping_only
        names_of = {c.id: self._cite_names(c, cit) for c in cites} if groups_on else {}
        if groups_on:  # cites of one author brought together, in the order of their first
            name_order: list[str] = []
            for c in cites:
                if names_of[c.id] not in name_order:
                    name_order.append(names_of[c.id])
            cites = sorted(cites, key=lambda c: name_order.index(names_of[c.id]) if names_of[c.id] else 10**6)
        rendered = self._rendered_cites(cites, cit, names_of if groups_on else None, collapse, grouping_only)
        if not rendered:
            return ""
        if collapse == "citation-number":
            children = self._collapse_numbers(rendered, delimiter, cit)
        elif groups_on:
            children = self._collapse_groups(rendered, names_of, delimiter, cit, collapse or "")
        else:
            children = _delimited(rendered, delimiter)
        body = out.Node(children)
        wrapped = layout.wrap(body, self._ctx(cites[0].id, cit, "citation", cites[0]), case=False)
        return out.write(wrapped or body, fmt, self._quotes(), self.locale.punctuation_in_quote)

    def _rendered_cites(self, cites: list[Cite], cit: Section, names_of: dict[str, str] | None,
                        collapse: str | None, grouping_only: bool) -> list[tuple[Cite, out.Node]]:
        """Each cite rendered with its prefix and suffix. ``names_of``: the names each cite
        prints first, where cites of one author are grouped (else None); then a cite of the
        same author as the cite before prints without the names, and, where the years collapse
        to their suffixes, as its year suffix alone."""
        assert cit.layout is not None
        rendered: list[tuple[Cite, out.Node]] = []
        for k, c in enumerate(cites):
            ctx = self._ctx(c.id, cit, "citation", c)
            if c.suppress_author:
                ctx.suppress_first_names = True
            prev = cites[k - 1] if k else None
            collapsed = False
            if names_of is not None and not grouping_only and prev is not None \
                    and _same_names(c, prev, names_of) and not c.prefix:
                ctx.suppress_first_names = True
                collapsed = True
                if collapse != "year" and self._suffixes.get(c.id) and self._suffixes.get(prev.id) \
                        and self._year(c.id) == self._year(prev.id) and not c.locator and not prev.locator:
                    rendered.append((c, out.Node([self._suffixes[c.id]])))
                    c._suffix_only = True
                    continue
            node = cit.layout.render(ctx)
            if node is None and (collapsed or c.suppress_author):
                continue
            if node is None:  # as citeproc-js says it: nothing of the item shows
                node = out.Node(["[CSL STYLE ERROR: reference with no printed form.]"])
            rendered.append((c, self._with_affixes(c, node, first=k == 0)))
        return rendered

    def _with_affixes(self, c: Cite, node: out.Node, first: bool) -> out.Node:
        """A cite's node between its prefix and suffix; in a note style, its leading term
        capitalised where it opens the citation (``first``, with no prefix) or follows a prefix
        that ends a sentence."""
        if self.style.note and ((first and not c.prefix) or _ends_sentence(c.prefix)):
            _capitalise_leading_term(node)
        parts: list[out.Child] = []
        if c.prefix:
            parts.append(out.fix_quotes(out.parse_markup(c.prefix)))
        parts.append(node)
        if c.suffix:
            parts.append(out.fix_quotes(out.parse_markup(c.suffix)))
        return out.Node(parts)

    def _year(self, id_: str) -> Any:
        issued = self.items[id_].get("issued")
        if isinstance(issued, dict) and issued.get("date-parts"):
            return str(issued["date-parts"][0][0]).strip() if issued["date-parts"][0] else None  # 1995 = "1995"
        return None

    def _cite_names(self, c: Cite, cit: Section) -> str:
        """The names a cite prints first (its author, or what stands in for one)."""
        assert cit.layout is not None
        ctx = self._ctx(c.id, cit, "citation", c)
        cit.layout.render(ctx)
        return ctx.first_names or ""

    def _collapse_groups(self, rendered: list[tuple[Cite, out.Node]], names_of: dict[str, str], delimiter: str,
                         cit: Section, collapse: str) -> list[out.Child]:
        # as citeproc-js has them: ", " between the years of one author, the after-collapse
        # delimiter after a run of year suffixes, a year-suffix delimiter that follows a given
        # cite-group-delimiter
        # without a cite-group-delimiter, citeproc-js joins an author's years with ", " in an
        # in-text style and with the layout's delimiter in a note style
        group_delim = cit.options.get("cite-group-delimiter", delimiter if self.style.note else ", ")
        after = cit.options.get("after-collapse-delimiter", delimiter)
        suffix_delim = cit.options.get("year-suffix-delimiter", cit.options.get("cite-group-delimiter", delimiter))
        groups: list[list[tuple[Cite, out.Node]]] = []
        for c, node in rendered:
            if groups and (names_of.get(c.id) or not any(names_of.values())) \
                    and names_of.get(c.id) == names_of.get(groups[-1][-1][0].id) \
                    and not c.prefix:
                groups[-1].append((c, node))
            else:
                groups.append([(c, node)])
        children: list[out.Child] = []
        for g, group in enumerate(groups):
            if g:
                children.append(after if len(groups[g - 1]) > 1 else delimiter)
            k = 0
            while k < len(group):
                c, node = group[k]
                if k:
                    only = getattr(c, "_suffix_only", False)
                    after_run = getattr(group[k - 1][0], "_suffix_only", False)
                    located = bool(group[k - 1][0].locator)  # "Wong 1999, 328; 2000, 475"
                    children.append(suffix_delim if only else (after if after_run or located else group_delim))
                if collapse == "year-suffix-ranged" and getattr(c, "_suffix_only", False) or \
                        (collapse == "year-suffix-ranged" and k == 0):
                    run = k
                    while run + 1 < len(group) and getattr(group[run + 1][0], "_suffix_only", False) and \
                            ord(self._suffixes.get(group[run + 1][0].id, "a")[-1]) == \
                            ord(self._suffixes.get(group[run][0].id, "a")[-1]) + 1:
                        run += 1
                    if run - k >= 2:
                        children.extend([node, "–", group[run][1]])
                        k = run + 1
                        continue
                children.append(node)
                k += 1
        return children

    def _collapse_numbers(self, rendered: list[tuple[Cite, out.Node]], delimiter: str,
                          cit: Section) -> list[out.Child]:
        after = cit.options.get("after-collapse-delimiter", delimiter)
        runs: list[list[tuple[Cite, out.Node]]] = []
        for c, node in rendered:
            n = self._numbers.get(c.id)
            if runs and n is not None and not c.locator and not c.prefix and not c.suffix:
                last_c = runs[-1][-1][0]
                last_n = self._numbers.get(last_c.id)
                if last_n is not None and n == last_n + 1 and not last_c.locator and not last_c.suffix:
                    runs[-1].append((c, node))
                    continue
            runs.append([(c, node)])
        children: list[out.Child] = []
        for k, run in enumerate(runs):
            if k:
                children.append(after if len(runs[k - 1]) > 2 else delimiter)
            if len(run) > 2:
                children.extend([run[0][1], "–", run[-1][1]])
            else:
                for j, (_, node) in enumerate(run):
                    if j:
                        children.append(delimiter)
                    children.append(node)
        return children


def _cited_before(note: int, last_in_note: dict[int, list[Cite]],
                  by_note: dict[int, list[Cite]]) -> list[Cite] | None:
    """What a cite in note ``note`` follows: the citation before in the same note, else all the
    note before cites (None in the first note)."""
    if note in last_in_note:
        return last_in_note[note]
    earlier = [x for x in by_note if x < note]
    return by_note[max(earlier)] if earlier else None


def _place_again(c: Cite, prev: Cite | None, first_note: int, near: int) -> None:
    """The position of a cite of a work cited before (first in note ``first_note``): ibid., with
    or without a locator, when ``prev``, the cite it follows, is of the same work (subsequent
    when it cites the whole work after a place in it), else subsequent; and whether it is
    within ``near`` notes of the first."""
    c.position = 1
    c.first_note = first_note
    if prev is not None and prev.id == c.id:
        here = (c.label or "page", c.locator) if c.locator else None
        there = (prev.label or "page", prev.locator) if prev.locator else None
        if here == there:
            c.position = 2  # ibid: the same place, or no place at all
        elif here is not None:
            c.position = 3  # ibid-with-locator: another page, or another kind of place
        else:
            c.position = 1  # the whole work after a place in it: subsequent
    c.near_note = bool(c.note_index) and c.note_index - first_note <= near


def _same_names(c: Cite, prev: Cite, names_of: dict[str, str]) -> bool:
    """Whether cite ``c`` prints the names that ``prev``, the cite before it, printed."""
    nameless = not any(names_of.values())  # a cite of years alone: one group
    return bool(names_of[c.id] or nameless) and names_of[c.id] == names_of[prev.id]


def _delimited(rendered: list[tuple[Cite, out.Node]], delimiter: str) -> list[out.Child]:
    """The cites of a citation that neither collapses nor groups, with the delimiter between
    them."""
    children: list[out.Child] = []
    for i, (c, node) in enumerate(rendered):
        if i and delimiter and not re.match(r"\s*[,;:.]", c.prefix):  # ", cited in": no "; " before
            prev_suffix = rendered[i - 1][0].suffix.rstrip()
            # a suffix that ends in punctuation ("is one source,") takes the place of the delimiter's
            children.append(delimiter.lstrip(",;:.") if prev_suffix and prev_suffix[-1] in ",;:." else delimiter)
        children.append(node)
    return children


_NOTE_LINE = re.compile(r"^\s*\{?:?([a-z][a-z-]+):\s*(.+?)\}?\s*$")


def _note_variables(item: dict[str, Any]) -> dict[str, Any]:
    """Variables written in the note as Zotero's Extra field carries them ("event-date:
    2004-10-01/2004-10-14", "original-date: 1850"); the item itself is not changed."""
    from .nodes import DATE_VARIABLES, NUMBER_VARIABLES

    note = item.get("note")
    if not isinstance(note, str) or ":" not in note:
        return item
    known = DATE_VARIABLES | NUMBER_VARIABLES | {"title", "container-title", "publisher", "publisher-place",
                                                "original-title", "original-publisher", "event", "event-place",
                                                "archive", "genre", "medium", "status", "authority", "dimensions",
                                                "references", "section", "source", "version", "type",
                                                "collection-title", "collection-title-short", "container-title-short",
                                                "title-short", "event-title", "original-publisher-place", "scale",
                                                "archive-place", "archive_location", "call-number", "ISBN", "ISSN",
                                                "PMID", "PMCID", "DOI", "URL", "jurisdiction", "division"}
    found: dict[str, Any] = {}
    kept = []
    for line in note.splitlines():
        m = _NOTE_LINE.match(line)
        if m and m.group(1) in known and m.group(1) not in item:
            key, value = m.group(1), m.group(2)
            if key in DATE_VARIABLES:
                ends = [_iso_parts(part) for part in value.split("/")]
                if ends and all(ends):
                    found[key] = {"date-parts": ends}
                    continue
            else:
                found[key] = value
                continue
        kept.append(line)
    if not found:
        return item
    return {**item, **found, "note": "\n".join(kept)}


def _iso_parts(text: str) -> list[int]:
    m = re.match(r"\s*(-?\d+)(?:-(\d+))?(?:-(\d+))?", text)
    return [int(x) for x in m.groups() if x] if m else []


def _walk(node: Any, style: Style, depth: int = 0) -> Any:
    if node is None or depth > 20:
        return
    yield node
    macro = getattr(node, "macro", None)
    if macro and macro in style.macros:
        yield from _walk(style.macros[macro], style, depth + 1)
    for child in getattr(node, "children", []) or []:
        yield from _walk(child, style, depth + 1)
    for _, kids in getattr(node, "branches", []) or []:
        for k in kids:
            yield from _walk(k, style, depth + 1)


def _replace_first_names(node: out.Node, names: str, sub: str) -> None:
    """The first ``names`` text of an entry replaced by ``sub`` (subsequent-author-substitute)."""
    remaining = [names]

    def walk(n: out.Node) -> bool:
        for i, c in enumerate(n.children):
            if isinstance(c, str):
                if remaining[0] and remaining[0].startswith(c) and c:
                    n.children[i] = sub if remaining[0] == names else ""
                    remaining[0] = remaining[0][len(c):]
                    if not remaining[0]:
                        return True
            elif walk(c):
                return True
        return False

    walk(node)


def _capitalise_leading_term(node: out.Node) -> None:
    """"ibid." where a citation or a sentence starts is "Ibid."."""
    def first(n: out.Node, in_term: bool) -> bool:
        for i, c in enumerate(n.children):
            if isinstance(c, str):
                if not c.strip():
                    continue
                if in_term and c[:1].islower():
                    n.children[i] = c[0].upper() + c[1:]
                return True
            if first(c, in_term or c.term):
                return True
        return False

    first(node, node.term)


def _ends_sentence(prefix: str) -> bool:
    """A prefix after which a term starts a sentence: "He said “Please work.”", "See above.";
    not a single word with its period, which abbreviates ("Cf.", "Nocapsafter.")."""
    if re.search(r"[!?][”’\"'»]*\s*$", prefix):
        return True
    return bool(re.search(r"\.[”’\"'»]*\s*$", prefix)) and len(prefix.split()) > 1


def _letters(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def _number_key(text: str) -> tuple[int, ...]:
    nums = [int(x) for x in re.findall(r"\d+", text)[:3]]
    return tuple(nums) if nums else (0,)


def _macro_is_numeric(text: str) -> bool:
    return bool(re.fullmatch(r"\s*\d+\s*", text))
