"""What every format's ``parse`` returns."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import OutputError
from ..model import Finding, Library, Reference, Severity, key_problem


@dataclass
class Parsed:
    """A library and the findings made while reading it (never raised)."""

    library: Library
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def make_key(fields: Mapping[str, Any], fallback: str) -> str:
    """A readable key for a work that brought none: first author's family name, year, first
    title word of four letters or more, in ASCII ("emerson2000molecular"); ``fallback`` when
    none of these exists."""
    import unicodedata

    from ..dates import Date

    def ascii_word(text: str) -> str:
        t = "".join(_TRANSLIT.get(c, c) for c in text.lower())  # Cyrillic, ə and ı in Latin letters
        t = unicodedata.normalize("NFKD", t)
        return re.sub(r"[^a-z0-9]", "", "".join(c for c in t if not unicodedata.combining(c)))

    names = fields.get("author") or fields.get("editor") or ()
    first = (names[0].family or names[0].literal).split()[:1] if names else []  # a blank name has no word
    who = ascii_word(first[0]) if first else ""
    issued = fields.get("issued")
    year = str(issued.year) if isinstance(issued, Date) and issued.year else ""
    words = [w for w in re.findall(r"\w+", str(fields.get("title", ""))) if len(w) > 3]
    key = f"{who}{year}{ascii_word(words[0]) if words else ''}"
    return key or fallback


#: Letters a key spells in ASCII: Russian, Kazakh and Azerbaijani (keys such as "raspopov2007mikromekhanicheskie").
_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіəı",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
                      "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia", "a", "g",
                      "q", "n", "o", "u", "u", "h", "i", "a", "i"], strict=True))


def require_safe_keys(refs: Iterable[Reference], fmt: str) -> None:
    """Refuse to write ``fmt`` with a key the format cannot hold (``model.key_problem``): written
    as it is, the key would end early and the rest would be read as code or as another entry.
    Entries without a key are written as they were read (they have a finding of their own)."""
    bad = [(r, key_problem(r.key)) for r in refs if r.key and key_problem(r.key)]
    if bad:
        ref, problem = bad[0]
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise OutputError(f"cannot write {fmt}: key {ref.key!r}: {problem}{more}; rename it in the source "
                          "(refs import gives imported entries safe keys)", ref.location)


#: What a format cannot carry for one reference, each with the reason: a CSL variable, ``"type"``
#: (the item type comes back as another), or ``"field:NAME"`` for a field of the .bib that has no
#: CSL variable (kept verbatim in ``Reference.extra``). Everything a format's ``losses`` does not
#: name comes back from its writer and reader identical.
Losses = dict[str, str]


# why a .bib field kept verbatim is not carried, where more can be said than that it has no variable
_EXTRA_WHY = {
    "subtitle": "it is part of the title; {fmt} keeps the title whole, not the field",
    "journalsubtitle": "it is part of the container title; {fmt} keeps that whole, not the field",
    "booksubtitle": "it is part of the container title; {fmt} keeps that whole, not the field",
    "entrysubtype": "it only chooses the entry type; {fmt} keeps the CSL type, not the field",
    "crossref": "{fmt} gets the fields the entry it names lends, not the link",
    "xdata": "{fmt} gets the fields the entry it names lends, not the link",
}


def extra_losses(ref: Reference, fmt: str) -> Losses:
    """The .bib's own fields (``Reference.extra``) a format other than BibTeX has no place for."""
    return {f"field:{name}": _EXTRA_WHY.get(name.lower(), "a .bib field with no CSL variable; {fmt} has no place for it")
            .format(fmt=fmt) for name, _ in ref.extra}



def note_html(text: str) -> str:
    """Plain text as the HTML of a Zotero note, a paragraph each (Zotero keeps a note's HTML
    raw, so & < > are escaped; a line break within a paragraph is <br/>)."""
    paragraphs = [html.escape(p, quote=False).replace("\n", "<br/>") for p in text.split("\n\n")]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def note_text(note: str) -> str:
    """A Zotero note's HTML as plain text: paragraphs apart by a blank line, <br/> a line break,
    other tags left out, then & < > unescaped (so that an escaped "&lt;b&gt;" stays text)."""
    text = re.sub(r"</p>\s*<p>", "\n\n", note)
    text = re.sub(r"<br\s*/?>", "\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
