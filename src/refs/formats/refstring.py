"""A printed reference ("Smith J, Doe A (2000) Title. Journal 16: 131–142.") read into fields.

refs reads the entries of a manuscript's own reference list with this: the common families of
printed styles, recognised by their punctuation rather than by a list of journals —

* author–year with the year in brackets after the authors (APA, Harvard, PLOS, Chicago):
  ``Surname, A. B., & Other, C. (2000). Title. Journal, 16(2), 131–142. https://doi.org/…``;
* Vancouver / NLM and MDPI: ``Surname AB, Other C. Title. J Abbr. 2000;16(2):131–42.`` and
  ``Surname, A.B.; Other, C. Title. J. Abbr. 2000, 16, 131–142.``;
* IEEE and the quoted-title styles: ``A. B. Surname and C. Other, “Title,” Journal, vol. 16, …``;
* GOST 7.0.5 / 7.1 (Russian, Kazakh, Azerbaijani): ``Иванов И. И. Название // Журнал. 2020.
  № 3. С. 12–20.``, books ``… М. : Наука, 2007. 400 с.``, ``[Электронный ресурс]``, ``URL: …
  (дата обращения: 12.03.2024)``;
* wiki and web citations: ``Surname, Given (2012). "Title". Site. Retrieved 12 March 2024.``

Each field comes with a confidence between 0 and 1 (how firmly its pattern held), and the raw
string is always kept beside them: a reader that gets a field wrong loses nothing."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ParsedReference", "parse_reference", "strip_label"]

_LABEL = re.compile(r"^\s*(?:\[\s*(\d{1,4})\s*\]|(\d{1,4})\s*[.)](?=\s)|(\d{1,4})\s+(?=\S))\s*")
_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*|\bDOI:?\s*)?\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_URL = re.compile(r"(?:URL:\s*)?(?:<\s*)?((?:https?|ftp)://[^\s<>\"]+|www\.[^\s<>\"]+)", re.I)
_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*((?:97[89][\s-]?)?(?:\d[\s-]?){9}[\dXx])")
_PMID = re.compile(r"\bPMID:?\s*(\d{5,9})")
_ACCESSED = re.compile(
    r"[(\[]?\s*(?:accessed(?: on)?|last accessed|retrieved(?: on)?|дата обращения|дата звернення|müraciət tarixi|"
    r"erişim tarihi|қаралған күні|viewed|cited)\s*:?\s*([^()\[\]]{4,40}?)\s*[)\]]?(?=[.,;]?\s*(?:$|from\b|URL|https?:))",
    re.I)
_RETRIEVED_FROM = re.compile(r"\bRetrieved(?: on)? ([^,]{4,30}),? from\b", re.I)
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек|"
           "yanvar|fevral|mart|aprel|iyun|iyul|avqust|sentyabr|oktyabr|noyabr|dekabr|ocak|şubat|nisan|mayıs|haziran|"
           "temmuz|ağustos|eylül|ekim|kasım|aralık")
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁƏÇŞĞÖÜİІҢҒҮҰҚӨҺ"
_LOWER = "a-zà-öø-ÿā-žа-яёəçşğöüıіңғүұқөһ"
# A. / A.B. / Ts. / A.-B.; the last one's period may have been cut with the segment ("G.E")
_INITIALS = rf"(?:[{_UPPER}][{_LOWER}]?\.\s?-?\s?){{0,2}}(?:[{_UPPER}][{_LOWER}]?\.|[{_UPPER}](?=[\s,;]|$))\s?"
# a family name: McGuire, DeLong and O'Brien too (a capital inside, before small letters)
_SURNAME = (rf"[{_UPPER}](?:[{_LOWER}'’`-]|[{_UPPER}](?=[{_LOWER}]))+"
            rf"(?:[-\s][{_UPPER}](?:[{_LOWER}'’`-]|[{_UPPER}](?=[{_LOWER}]))+)?")
_PARTICLE = r"(?:(?:van|von|der|den|de|del|della|di|da|du|le|la|dos|das|ter|ten|al|el|bin|ibn)\s+){0,3}"
_ETAL = re.compile(r",?\s*(?:et\s*al\.?|и\s*др\.?|[vV]ə\s*b\.|ve\s*ark\.?|және\s*т\.\s*б\.?|u\.\s*a\.|\[и др\.\])", re.I)
_GOST_CITY = re.compile(
    r"(?:^|[.\s])(М\.|Москва|СПб\.|Санкт-Петербург|Л\.|Ленинград|Киев|Київ|Минск|Новосибирск|Екатеринбург|Казань|"
    r"Томск|Баку|Bakı|Алматы|Алма-Ата|Астана|Нур-Султан|Ташкент|Tashkent|Almaty|Astana|Ankara|İstanbul|Istanbul|"
    r"N\.\s?Y\.|New York|London|Berlin|Paris|Oxford|Cambridge|Boston|Amsterdam|Heidelberg|Cham|Hoboken)"
    r"\s*[.:]?\s*:\s*", re.U)
_PAGES_GOST = re.compile(r"\b(?:[СCсc]|P|pp?)\.\s*(\d+(?:\s*[–—-]\s*\d+)?)")
_PAGECOUNT_GOST = re.compile(r"\b(\d+)\s*(?:с|c|s|б|p|pp|bet|səh)(?:\.(?=\s|$|[,;])|$)")
_ISSUE_GOST = re.compile(r"(?:№|\b[Nn]o\.?|\bN|Вып\.)\s*(\d+(?:\s*[–—-]\s*\d+)?)")
_VOLUME_GOST = re.compile(r"\b(?:Т|T|Vol|Том|Cild|Бд)\.\s*(\d+)")


#: accents a PDF's text writes as characters of their own before the letter (TeX's way)
_COMBINING = {"´": "\u0301", "`": "\u0300", "˜": "\u0303", "¨": "\u0308", "ˆ": "\u0302", "ˇ": "\u030c",
              "˘": "\u0306", "¸": "\u0327", "˚": "\u030a"}
_SPACING_ACCENT = re.compile(r"([´`˜¨ˆˇ˘¸˚])([A-Za-z])")


@dataclass
class ParsedReference:
    """What a printed reference says: CSL-JSON fields, each with a confidence, and the text."""

    raw: str
    type: str = "document"
    fields: dict[str, Any] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    et_al: bool = False  # the list of authors was cut ("et al.", "и др.")

    def set(self, name: str, value: Any, confidence: float) -> None:
        if value in (None, "", [], {}):
            return
        self.fields[name] = value
        self.confidence[name] = round(confidence, 2)

    def to_csl(self, id_: str) -> dict[str, Any]:
        return {"id": id_, "type": self.type, **self.fields}


def strip_label(text: str) -> tuple[str | None, str]:
    """(the printed label, the entry without it): ``[12] Smith…`` -> (``[12]``, ``Smith…``)."""
    m = _LABEL.match(text)
    if not m:
        return None, text.strip()
    return m.group(0).strip(), text[m.end():].strip()


# -- helpers ----------------------------------------------------------------------------------


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    return s.strip(" ,;:").strip()


def _strip_end(s: str) -> str:
    s = _clean(s)
    while s.endswith((".", ",", ";", ":")) and not re.search(r"\b[A-ZА-Я]\.$|\b(?:al|ed|eds|Inc|Ltd|Co|Jr|Sr|St)\.$", s):
        s = s[:-1].rstrip()
    return s


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _is_cyrillic(s: str) -> bool:
    return bool(re.search(r"[А-Яа-яЁёІіҢңҒғҮүҰұҚқӨөҺһ]", s))


def _pages(s: str) -> str:
    return re.sub(r"\s*[–—-]+\s*", "–", s.strip())


# -- names ------------------------------------------------------------------------------------

_NAME_FORMS = [
    # Surname, A. B.   (APA, MDPI, Harvard)
    ("family-comma-initials", re.compile(rf"^({_PARTICLE}{_SURNAME}),\s*({_INITIALS}|[{_UPPER}]{{1,3}}\.?)$")),
    # Surname A. B. / Surname AB  (GOST, Vancouver)
    ("family-initials", re.compile(rf"^({_PARTICLE}{_SURNAME})\s+({_INITIALS}|[{_UPPER}]{{1,4}})$")),
    # A. B. Surname  (IEEE, GOST after the title)
    ("initials-family", re.compile(rf"^({_INITIALS})\s*({_PARTICLE}{_SURNAME})$")),
    # Surname, Given Names  (wiki, Chicago)
    ("family-comma-given", re.compile(rf"^({_PARTICLE}{_SURNAME}),\s*([{_UPPER}][{_LOWER}]+(?:[\s-][{_UPPER}][{_LOWER}.]*)*)$")),
    # Given Surname  (Chicago's later names, wiki)
    ("given-family", re.compile(rf"^([{_UPPER}][{_LOWER}]+(?:\s[{_UPPER}]\.)?)\s+({_PARTICLE}{_SURNAME})$")),
]


def _initials_text(s: str) -> str:
    s = s.strip()
    if re.fullmatch(rf"[{_UPPER}]{{1,4}}", s):  # Vancouver "AB" -> "A. B."
        return " ".join(f"{c}." for c in s)
    s = re.sub(r"\.(?=\S)", ". ", s).strip()
    return s + "." if re.search(rf"(?:^|\s)[{_UPPER}]$", s) else s  # "G. E" was cut from "G. E."


def _one_name(text: str) -> dict[str, str] | None:
    t = _clean(text.replace("&", "").replace(" and ", " "))
    t = re.sub(r"^(?:and|и|və|ve|және)\s+", "", t)
    if not t:
        return None
    for form, pattern in _NAME_FORMS:
        m = pattern.match(t)
        if not m:
            continue
        if form in ("family-comma-initials", "family-initials"):
            return _split_particle(m.group(1), _initials_text(m.group(2)))
        if form == "initials-family":
            return _split_particle(m.group(2), _initials_text(m.group(1)))
        if form == "family-comma-given":
            return _split_particle(m.group(1), m.group(2))
        return _split_particle(m.group(2), m.group(1))
    return None


def _split_particle(family: str, given: str) -> dict[str, str]:
    m = re.match(r"^((?:(?:van|von|der|den|de|del|della|di|da|du|le|la|dos|das|ter|ten|al|el)\s+)+)(.+)$", family)
    out = {"family": m.group(2), "given": given} if m else {"family": family, "given": given}
    if m:
        out["non-dropping-particle"] = m.group(1).strip()
    return {k: v for k, v in out.items() if v}


def parse_names(segment: str) -> tuple[list[dict[str, str]], bool, float]:
    """The names of an author segment, whether it ended in "et al.", and a confidence."""
    seg = segment.strip().rstrip(",;:")
    seg = re.sub(rf"(?<=[{_LOWER}]{{2}})\.$", "", seg)  # "А. А. Смирнова." ends a sentence, not a name
    et_al = bool(_ETAL.search(seg))
    seg = _ETAL.sub("", seg).strip().rstrip(",;")
    seg = re.sub(r"(?:,\s*)?(?:\.\.\.|…)\s*", ", ", seg).strip(" ,")  # APA's "…" before the last author
    if not seg:
        return [], et_al, 0.0
    seg = re.sub(r"\s*(?:,\s*)?(?:&|\band\b|\bи\b|\bvə\b|\bve\b|\bжәне\b)\s+", "; ", seg)
    # split: ";" always; "," between names, but not the comma of "Surname, A."
    parts = [p for p in re.split(r"\s*;\s*", seg) if p.strip()]
    names: list[dict[str, str]] = []
    misses = mononyms = 0
    for part in parts:
        one = _one_name(part)
        if one is not None:
            names.append(one)
            continue
        pieces = [p.strip() for p in part.split(",") if p.strip()]
        k = 0
        while k < len(pieces):
            pair = f"{pieces[k]}, {pieces[k + 1]}" if k + 1 < len(pieces) else None
            if pair and re.fullmatch(rf"{_INITIALS}|[{_UPPER}]{{1,3}}\.?", pieces[k + 1]) and _one_name(pair):
                names.append(_one_name(pair))  # type: ignore[arg-type]
                k += 2
                continue
            single = _one_name(pieces[k])
            if single is not None:
                names.append(single)
            elif re.fullmatch(_SURNAME, pieces[k]) and len(pieces) > 1:
                names.append({"family": pieces[k]})  # one name alone among others: "Mumpuni", "Wirdateti"
                mononyms += 1
            else:
                misses += 1
                names.append({"literal": pieces[k]})
            k += 1
    if not names:
        return [], et_al, 0.0
    if mononyms * 3 > len(names):
        misses += mononyms  # a list of capitalised words is no list of names
    conf = 0.95 if not misses else max(0.3, 0.9 - 0.3 * misses / len(names))
    return names, et_al, conf


def _looks_like_names(segment: str) -> bool:
    names, _, conf = parse_names(segment)
    return bool(names) and conf >= 0.9 and not any("literal" in n for n in names)


# -- the reader -------------------------------------------------------------------------------


def parse_reference(text: str) -> ParsedReference:
    """Read one printed reference (its label, if any, is dropped)."""
    _, body = strip_label(text)
    body = re.sub(r"\s+", " ", body).strip()
    out = ParsedReference(raw=body)
    # read in composed form ("e" + U+0301 from a PDF is "é", "Sim˜oes" is "Simões"); the raw text
    # stays as printed
    composed = _SPACING_ACCENT.sub(lambda m: m.group(2) + _COMBINING[m.group(1)], body)
    if re.search(r"[,.]\u0308", composed):  # TeX's " read as a diaeresis ("T̈he title,̈"): quote marks
        composed = re.sub(r"(?:(?<=\s)|^)(\w)\u0308", r"“\1", composed)
        composed = re.sub(r"(\S)\u0308", r"\1”", composed)
    work = _identifiers(unicodedata.normalize("NFC", composed), out)
    if _is_gost(work):
        _gost(work, out)
    else:
        _western(work, out)
    _type(work, out)
    return out


def _identifiers(body: str, out: ParsedReference) -> str:
    """DOI, URL, ISBN, PMID and the access date taken out of the text that is left to read."""
    work = body
    m = _DOI.search(work)
    if m:
        doi = m.group(1).rstrip(".,;)]")
        out.set("DOI", doi, 0.98)
        work = work[: m.start()] + work[m.end():]
    acc = _ACCESSED.search(work) or _RETRIEVED_FROM.search(work)
    if acc:
        when = _date_text(acc.group(1))
        if when:
            out.set("accessed", when, 0.85)
        work = work[: acc.start()] + work[acc.end():]
    m = _URL.search(work)
    if m:
        url = m.group(1).rstrip(".,;)>]")
        if "doi.org/" not in url:
            out.set("URL", url, 0.95)
        work = work[: m.start()] + work[m.end():]
    m = _ISBN.search(work)
    if m:
        out.set("ISBN", re.sub(r"\s", "", m.group(1)), 0.95)
        work = work[: m.start()] + work[m.end():]
    m = _PMID.search(work)
    if m:
        out.set("PMID", m.group(1), 0.95)
        work = work[: m.start()] + work[m.end():]
    work = re.sub(r"\[(?:Электронный ресурс|Electronic resource|Online|Онлайн|Internet)\]", " ", work, flags=re.I)
    work = re.sub(r"\s\((?:PDF|HTML|Online|in Russian|на рус\. яз\.|in English)\)", " ", work, flags=re.I)
    work = re.sub(r"\b(?:Available(?: online)?(?: at| from)?|Режим доступа|URL|Retrieved from|Erişim adresi)\s*:?\s*(?=[.,;]|$)",
                  " ", work, flags=re.I)
    return re.sub(r"\s+", " ", work).strip(" .,;")


def _date_text(text: str) -> dict[str, Any] | None:
    """``12 March 2024``, ``March 12, 2024``, ``12.03.2024``, ``2024-03-12`` as CSL date parts."""
    t = text.strip(" .,;")
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", t)
    if m:
        return {"date-parts": [[int(m.group(3)), int(m.group(2)), int(m.group(1))]]}
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if m:
        return {"date-parts": [[int(m.group(1)), int(m.group(2)), int(m.group(3))]]}
    from ..dates import month_number

    m = re.fullmatch(r"(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{4})", t)
    if m and month_number(m.group(2)):
        return {"date-parts": [[int(m.group(3)), month_number(m.group(2)), int(m.group(1))]]}
    m = re.fullmatch(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})", t)
    if m and month_number(m.group(1)):
        return {"date-parts": [[int(m.group(3)), month_number(m.group(1)), int(m.group(2))]]}
    m = re.search(rf"\b({_YEAR})\b", t)
    return {"date-parts": [[int(m.group(1))]]} if m else None


# -- GOST -------------------------------------------------------------------------------------


_STANDARD = re.compile(r"^(?:ГОСТ Р|ГОСТ|ОСТ|СТ СЭВ|СНиП|СП|ТУ|ДСТУ|СТ РК)\s\d")


def _is_gost(work: str) -> bool:
    if _STANDARD.match(work):
        return True
    if " // " in work or re.search(rf"\s//\s?|\s/\s(?:под ред|пер\.|сост\.|ed\.|eds\.|{_INITIALS}\s?{_SURNAME})", work):
        return True
    if _is_cyrillic(work) and (re.search(r"\.\s[–—]\s", work) or _GOST_CITY.search(work) or _PAGECOUNT_GOST.search(work)):
        return True
    return bool(re.match(rf"^{_SURNAME}\s+{_INITIALS}", work)) and bool(_GOST_CITY.search(work) or _PAGECOUNT_GOST.search(work))


def _gost(work: str, out: ParsedReference) -> None:
    """``Иванов И. И. Название // Журнал. 2020. № 3. С. 12–20.``; ``Название / И. И. Иванов
    [и др.] // Журнал…`` (four authors or more: the title first); ``Название : учеб. пособие /
    под ред. … . М. : Наука, 2007. 400 с.``"""
    text = re.sub(r"\.\s[–—]\s", ". ", work)  # the old ". — " separators
    text, done = _gost_standard(text, out)
    if done:
        return
    rest = _gost_leading_authors(text, out)
    main, host = (re.split(r"\s?//\s?", rest, maxsplit=1) + [""])[:2]
    slash = re.search(r"\s/\s", main)
    title_part, resp = (main[: slash.start()], main[slash.end():]) if slash else (main, "")
    city = _GOST_CITY.search(title_part) if not host else None
    imprint = ""
    if city:
        imprint, title_part = title_part[city.start():], title_part[: city.start() + (1 if title_part[city.start()] in ". " else 0)]
    # "Anodic bonding : пат. 3397278 США", "… : а. с. 126728 СССР", "… : дис. … канд. техн. наук"
    title = re.split(r"\s:\s(?=(?:пат|а\.\s?с|дис|автореф|учеб|монография|справочник|сб\.|материалы)\b)", title_part)[0]
    out.set("title", _strip_end(title), 0.9 if host or resp or city else 0.7)
    if resp:
        # the responsibility: authors (after the title), editors, then maybe the imprint
        c2 = _GOST_CITY.search(resp)
        if c2 and not host:
            imprint = resp[c2.start():]
        _gost_responsibility(resp[: c2.start()] if c2 else resp, out)
    if host:
        _gost_host(host, out, article=True)
    elif imprint:
        _gost_imprint(imprint, out)
    else:
        _gost_host(main[len(title_part):] if not resp else resp, out, article=False)
    if "issued" not in out.fields:
        y = re.search(rf"\b({_YEAR})\b", text)
        if y:
            out.set("issued", {"date-parts": [[int(y.group(1))]]}, 0.7)


def _gost_standard(text: str, out: ParsedReference) -> tuple[str, bool]:
    """A standard (``ГОСТ 7.1–2003. Библиографическая запись. Введ. 2004-07-01``): its
    designation, then its title (up to when it came in or what it replaced), its year and
    imprint. The text after the designation (all of it when it is no standard), and whether the
    whole reference has been read."""
    std = re.match(r"^((?:ГОСТ Р|ГОСТ|ОСТ|СТ СЭВ|СНиП|СП|ТУ|ISO|IEC|ДСТУ|СТ РК)\s[\d.\s/–-]+?)\.\s+(?=\S)", text)
    if not std:
        return text, False
    out.set("number", std.group(1).strip(), 0.9)
    out.set("genre", "standard", 0.8)
    text = text[std.end():]
    cut = re.search(r"\.\s+(?:Введ\.|Взамен|Дата введения|Утв\.)", text)
    if not cut:
        return text, False
    out.set("title", _strip_end(text[: cut.start()]), 0.85)
    rest = text[cut.end():]
    y = re.search(rf"\b({_YEAR})\b", rest)
    yy = re.search(r"[-–](\d{2}|\d{4})$", std.group(1).strip())  # "ОСТ 11 0041-85": adopted in 1985
    if yy:
        year = int(yy.group(1))
        out.set("issued", {"date-parts": [[year if year > 99 else (1900 + year if year > 30 else 2000 + year)]]}, 0.8)
    elif y:
        out.set("issued", {"date-parts": [[int(y.group(1))]]}, 0.7)
    city = _GOST_CITY.search(rest)
    if city:
        _gost_imprint(rest[city.start():], out)
    return text, True


def _gost_leading_authors(text: str, out: ParsedReference) -> str:
    """The authors a reference opens with (``Иванов И. И., Петров П. П.``), where it does; the
    rest of the reference."""
    m = re.match(rf"^((?:{_PARTICLE}{_SURNAME}\s+{_INITIALS}\s*,?\s*)+(?:{_ETAL.pattern})?)", text)
    if not (m and _looks_like_names(m.group(1))):
        return text
    names, et_al, conf = parse_names(m.group(1))
    out.set("author", names, conf)
    out.et_al = et_al
    return text[m.end():].strip(" ,.")


def _gost_responsibility(who: str, out: ParsedReference) -> None:
    """The statement of responsibility after ``/`` (without its imprint): the editors
    (``под ред. …``), else the authors when the reference did not open with them."""
    ed = re.search(r"(?:под ред(?:\.|акцией)|ed(?:s)?\.|edited by|ред\.)\s*(.+)$", who, re.I)
    # the names end at "]" ("[и др.]") or at a full stop that is no initial's
    who = re.split(r"(?<=\])\.?\s|(?<!\b[A-ZА-ЯЁ])\.\s(?=\S)|\s;\s", who)[0]
    if ed:
        names, _, conf = parse_names(re.split(r"(?<!\b[A-ZА-ЯЁ])\.\s(?=\S)|\s;\s", ed.group(1))[0])
        if names and conf >= 0.8:
            out.set("editor", names, conf - 0.1)
    elif "author" not in out.fields:
        who = re.sub(r"\[\s*(?:и др|et al)\.?\s*\]", " et al.", who)
        names, et_al, conf = parse_names(who)
        lone = re.fullmatch(rf"\s*({_SURNAME})\s+et al\.?\s*", who)  # "Huber [и др.]": a surname alone
        if lone and not (names and conf >= 0.8):
            names, et_al, conf = [{"family": lone.group(1)}], True, 0.8
        if names and conf >= 0.8:
            out.set("author", names, conf - 0.05)
            out.et_al = out.et_al or et_al


def _split_at_year(text: str) -> tuple[str, str]:
    m = re.search(rf"\.\s+(?=[^.]*\b{_YEAR}\b)", text)
    if m:
        return text[: m.start()], text[m.end():]
    return text, ""


def _gost_imprint(text: str, out: ParsedReference) -> None:
    """``М. : Наука, 2007. 400 с.``"""
    m = re.match(rf"^[.\s]*([^:]+?)\s*:\s*([^,]+?)\s*,\s*({_YEAR})", text)
    if m:
        out.set("publisher-place", _strip_end(m.group(1)), 0.85)
        out.set("publisher", _strip_end(m.group(2)), 0.85)
        out.set("issued", {"date-parts": [[int(m.group(3))]]}, 0.95)
    else:
        y = re.search(rf"\b({_YEAR})\b", text)
        if y:
            out.set("issued", {"date-parts": [[int(y.group(1))]]}, 0.85)
    pc = _PAGECOUNT_GOST.search(text)
    if pc:
        out.set("number-of-pages", pc.group(1), 0.9)


def _gost_host(host: str, out: ParsedReference, article: bool) -> None:
    """``Журнал. 2020. Т. 5, № 3. С. 12–20.``"""
    if article:
        # the container runs to its year, volume, number or pages: "J. Micromech. Microeng. 2003. Vol. 13"
        head = re.split(rf"[.,]\s*(?:{_YEAR}\b|Т\.|Vol\.|№|[СCсP]\.\s*\d|Вып\.|[Nn]o\.)", host.strip())[0]
        out.set("container-title", _strip_end(head), 0.85)
    y = re.search(rf"\b({_YEAR})\b", host)
    if y:
        out.set("issued", {"date-parts": [[int(y.group(1))]]}, 0.9)
    v = _VOLUME_GOST.search(host)
    if v:
        out.set("volume", v.group(1), 0.9)
    i = _ISSUE_GOST.search(host)
    if i:
        out.set("issue", _pages(i.group(1)), 0.9)
    p = _PAGES_GOST.search(host)
    if p:
        out.set("page", _pages(p.group(1)), 0.9)
    elif not article:
        pc = _PAGECOUNT_GOST.search(host)
        if pc:
            out.set("number-of-pages", pc.group(1), 0.85)
    city = _GOST_CITY.search(host)
    if city and "publisher" not in out.fields:
        _gost_imprint(host[city.start():], out)


# -- the western families ---------------------------------------------------------------------

_QUOTED = re.compile(r"[“\"«„]([^”\"»“]{3,}?)[,.]?[”\"»“]")


def _western(work: str, out: ParsedReference) -> None:
    text = work
    # the year in brackets right after the authors: APA, Harvard, PLOS, wiki
    m = re.search(rf"\(\s*((?:{_YEAR})[a-z]?|n\.\s?d\.|in press|[^()]{{0,25}}?\b{_YEAR}[a-z]?[^()]{{0,25}})\s*\)", text)
    quoted = _QUOTED.search(text)
    if m and m.start() > 0 and (not quoted or m.start() < quoted.start()) and _author_like(text[: m.start()]):
        _names_into(text[: m.start()], out)
        year = re.search(rf"{_YEAR}", m.group(1))
        if year:
            out.set("issued", _issued_from(m.group(1)), 0.95)
        rest = text[m.end():].strip(" .,:")
        _title_and_host(rest, out, title_confidence=0.9)
        return
    # the year after the authors without brackets: "Kirk, D. 2007. Title." (Chicago, Harvard variants)
    y = re.search(rf"[.,]\s*({_YEAR})[a-z]?(?:\s*[.,:]\s+(?=\S)|\s+(?=[{_UPPER}\"“«‘']))", text)
    if y and y.start() > 0 and (not quoted or y.start() < quoted.start()) and _author_like(text[: y.start() + 1]):
        _names_into(text[: y.start() + 1], out)
        out.set("issued", {"date-parts": [[int(y.group(1))]]}, 0.9)
        _title_and_host(text[y.end():].strip(" .,:"), out, title_confidence=0.85)
        return
    if quoted and quoted.start() > 0 and _author_like(text[: quoted.start()]):
        # IEEE and other quoted-title styles: authors, “Title,” container, details
        _names_into(text[: quoted.start()], out)
        out.set("title", _strip_end(quoted.group(1)), 0.95)
        _host(text[quoted.end():].strip(" ,."), out)
        return
    # Vancouver / MDPI: authors end at the first ". " that follows a name list
    cut = _author_end(text)
    if cut:
        _names_into(text[:cut], out)
        rest = text[cut:].strip(" .")
        _title_and_host(rest, out, title_confidence=0.85)
        return
    # "J. Smith, A. Doe, Title, J. Trade 16 (2000) 131–142." (Elsevier): names, then the title to
    # the comma before the container's volume and year
    pieces = [x.strip() for x in text.split(",")]
    k = 0
    while k < len(pieces) and re.fullmatch(rf"(?:and\s+)?{_INITIALS}\s*{_PARTICLE}{_SURNAME}", pieces[k]):
        k += 1
    if k >= 1 and k < len(pieces):
        names, _, conf = parse_names(", ".join(pieces[:k]))
        if names and conf >= 0.9:
            out.set("author", names, conf - 0.05)
            rest = ", ".join(pieces[k:])
            host = re.search(rf",\s*(?=[^,]*\b\d+\s*\(\s*{_YEAR}\s*\))", rest)
            if host:
                out.set("title", _strip_end(rest[: host.start()]), 0.8)
                _host(rest[host.end():], out)
            else:
                _title_and_host(rest, out, title_confidence=0.7)
            return
    # a corporate author or none: Title. Container. Year…
    _title_and_host(text, out, title_confidence=0.6)


def _issued_from(text: str) -> dict[str, Any]:
    years = re.findall(_YEAR, text)
    m = re.search(rf"({_YEAR})[,\s]+([^\W\d_]+)\.?\s+(\d{{1,2}})\b", text)  # 2009, March 12
    from ..dates import month_number

    if m and month_number(m.group(2)):
        return {"date-parts": [[int(m.group(1)), month_number(m.group(2)), int(m.group(3))]]}
    return {"date-parts": [[int(years[0])]]}


def _author_like(segment: str) -> bool:
    s = segment.strip(" .,")
    if not s or len(s) > 400:
        return False
    if _looks_like_names(s):
        return True
    # a corporate author: a few capitalised words, no sentence ("World Bank", "R Core Team",
    # "UNESCO-IPBES"; not "Smith, H. Title of the paper. Journal")
    return bool(re.fullmatch(rf"[{_UPPER}0-9][\w&.,'’()\- ]{{1,120}}", s)) and len(s.split()) <= 8 \
        and not re.search(rf"[{_LOWER}]{{3}}\.\s", s) and "," not in s


def _names_into(segment: str, out: ParsedReference) -> None:
    seg = segment.strip(" .,")
    names, et_al, conf = parse_names(seg)
    if names and conf >= 0.6 and not all("literal" in n for n in names):
        out.set("author", names, conf)
        out.et_al = et_al
    elif seg:
        out.set("author", [{"literal": _strip_end(seg)}], 0.6)  # an organisation
        out.et_al = et_al


def _author_end(text: str) -> int | None:
    """Where a Vancouver or MDPI author list ends: the first ". " after which what came before
    reads as names (``Surname AB, Other C.`` / ``Surname, A.B.; Other, C.``)."""
    for m in re.finditer(r"[.:]\s+(?=[\w\"“«])", text):  # F1000 ends the names with a colon; "1H NMR" opens a title
        head = text[: m.start() + 1].rstrip(":")
        if len(head) > 600:
            return None
        probe = re.sub(r"\.$", "", head) if re.search(rf"[{_LOWER}]{{2}}\.$", head) else head
        if _looks_like_names(probe) or _looks_like_names(head) or _looks_like_names(head.rstrip(".")):
            return m.end()
        if _ETAL.search(head[-12:]) and _looks_like_names(_ETAL.sub("", head)):
            return m.end()
    return None


_DETAIL = re.compile(
    rf"(?:\b(?:vol|Vol|VOL|no|No|pp?|Pp)\.?\s*\d|\b{_YEAR}\b\s*[;,]?\s*\d+\s*[:(,]|\b\d+\s*\(\d+[^)]*\)\s*[:,]|"
    rf"\b\d+\s*:\s*\d|\b{_YEAR}\s*;|\bIn:?\s|[,.]\s*{_YEAR}\s*[,.;]\s*\d+\s*,)")


def _title_and_host(rest: str, out: ParsedReference, title_confidence: float) -> None:
    rest = rest.strip()
    if not rest:
        return
    quoted = _QUOTED.match(rest)
    if quoted:
        out.set("title", _strip_end(quoted.group(1)), 0.95)
        _host(rest[quoted.end():].strip(" .,"), out)
        return
    # the title runs to the first sentence end that is not an abbreviation, a question or
    # exclamation mark included ("Is it?" ends there)
    for m in re.finditer(r"(?<=[^\s.])([.?!])\s+(?=\S)", rest):
        before = rest[: m.start() + 1]
        word = re.search(r"(\S+)[.?!]$", before)
        if m.group(1) == "." and word and (len(word.group(1)) <= 2 and word.group(1)[:1].isupper()
                                           or word.group(1).lower() in _ABBREVIATIONS):
            continue  # "J.", "vs.", an initial
        out.set("title", _strip_end(before if m.group(1) != "." else before[:-1]) + ("" if m.group(1) == "." else ""),
                title_confidence)
        _host(rest[m.end():], out)
        return
    out.set("title", _strip_end(rest), title_confidence * 0.7)


#: words with a period inside a title that end no sentence
_ABBREVIATIONS = {"vs", "no", "ed", "eds", "st", "dr", "mr", "e.g", "i.e", "et", "sp", "spp", "nov", "var", "cf",
                  "subsp", "ca", "approx", "vol", "pp", "inc", "ltd", "co", "jr", "sr", "fig", "al", "comb", "gen"}


def _host(text: str, out: ParsedReference) -> None:
    """What follows the title: ``In: Eds. Book. City: Publisher; 2000. p. 1–2``,
    ``Journal 16: 131–142``, ``J Abbr. 2000;16(2):131–42``, ``Journal, vol. 16, no. 2, pp. 1–2, 2000``,
    ``J. Abbr. 2000, 16, 131–142``, ``Publisher, City``."""
    t = text.strip(" .,")
    if not t:
        return
    if "issued" not in out.fields:
        _host_year(t, out)
    t = _in_book(t, out)
    if _details_around_year(t, out):
        return
    _volume_issue_pages(t, out)
    _container_or_publisher(t, out)


def _host_year(t: str, out: ParsedReference) -> None:
    """The year of the work: the first year the host gives, or the last where it gives several
    and pages (``p.``, ``pp.``)."""
    years = re.findall(rf"(?<![\d–-])({_YEAR})(?![\d–-])", t)
    if years:
        out.set("issued", {"date-parts": [[int(years[-1] if len(years) > 1 and re.search(r"\bpp?\.", t) else years[0])]]},
                0.85)


def _in_book(t: str, out: ParsedReference) -> str:
    """``In: Eds. Book…``: the work is a chapter, and the editors of the book are read; the rest
    of the host (all of it when it does not open with ``In``)."""
    inn = re.match(r"^(?:In|В|В кн\.)\s*:?\s+(.*)$", t)
    if not inn:
        return t
    t = inn.group(1)
    ed = re.match(r"^(.*?)\s*\(?\b(?:eds?|Ed(?:s|itors?)?|редактор|ред)\.?\)?[.,:]?\s+(.*)$", t)
    if ed and _looks_like_names(ed.group(1)):
        names, _, conf = parse_names(ed.group(1))
        out.set("editor", names, conf - 0.1)
        t = ed.group(2)
    out.type = "chapter"
    return t


def _details_around_year(t: str, out: ParsedReference) -> bool:
    """Volume, issue and pages around the year in brackets, and the container before them:
    Chicago "16, no. 2 (2000): 131–42", Elsevier "16 (2000) 131–142", Nature "16, 131–142 (2000)".
    Whether they were read (never when the pages are known already)."""
    pg = r"([A-Za-z]?\d+(?:\s*[–—-]\s*[A-Za-z]?\d+)?)"
    m = re.search(rf"\b(\d+)(?:,\s*no\.\s*(\w+))?\s*\(([^()]*?\b{_YEAR}\b[^()]*)\)\s*[:,]?\s*{pg}", t)
    if m:  # Chicago, Elsevier
        if "page" in out.fields:
            return False
        out.set("volume", m.group(1), 0.85)
        if m.group(2):
            out.set("issue", m.group(2), 0.85)
        out.set("page", _pages(m.group(4)), 0.85)
        details = m.start()
    else:  # Nature
        m2 = re.search(rf"\b(\d+),\s*{pg}\s*\(({_YEAR})\)", t)
        if not m2 or "page" in out.fields:
            return False
        out.set("volume", m2.group(1), 0.85)
        out.set("page", _pages(m2.group(2)), 0.85)
        details = m2.start()
    head = _strip_end(t[:details])
    if head and "container-title" not in out.fields:
        out.set("container-title", head, 0.8)
    return True


# "Journal 16(2): 131–142", "J Abbr. 2000;16(2):131–42", APA "16(2), 131–142" and "16, 131–142":
# volume, issue (where given) and pages, each tried while the pages are not yet known
_VOLUME_ISSUE_PAGES = [
    (re.compile(r"\b(?P<volume>\d+)\s*(?:\((?P<issue>[^)]+)\))?\s*:\s*"
                r"(?P<page>[A-Za-z]?\d+(?:\s*[–—-]\s*[A-Za-z]?\d+)?)"), 0.85),
    (re.compile(rf"\b{_YEAR}[a-z]?\s*[,;]\s*(?P<volume>\d+)\s*(?:\((?P<issue>[^)]+)\))?\s*[,:]\s*"
                r"(?P<page>[A-Za-z]?\d+(?:\s*[–—-]\s*[A-Za-z]?\d+)?)"), 0.85),
    (re.compile(r"[,.]\s*(?P<volume>\d+)\s*\((?P<issue>[^)]+)\)\s*,\s*"
                r"(?P<page>[A-Za-z]?\d+(?:\s*[–—-]\s*[A-Za-z]?\d+)?)"), 0.9),  # APA 16(2), 131–142
    (re.compile(r",\s*(?P<volume>\d+)\s*,\s*(?P<page>[A-Za-z]?\d+\s*[–—-]\s*[A-Za-z]?\d+)"), 0.85),  # APA 16, 131–142
]


def _volume_issue_pages(t: str, out: ParsedReference) -> None:
    """The volume, issue and pages, labelled (``vol. 16, no. 2, pp. 1–2``) or by their places."""
    patterns = [
        (r"\bvol\.?\s*(\w+)", "volume"), (r"\bno\.?\s*(\w+(?:[–-]\w+)?)", "issue"),
        (r"\bpp?\.\s*([A-Za-z]?\d+(?:\s*[–—-]\s*[A-Za-z]?\d+)?)", "page"),
    ]
    for pat, var in patterns:
        m = re.search(pat, t, re.I)
        if m and var not in out.fields:
            out.set(var, _pages(m.group(1)) if var == "page" else m.group(1), 0.9)
    for pattern, confidence in _VOLUME_ISSUE_PAGES:
        found = pattern.search(t)
        if found and "page" not in out.fields:
            out.set("volume", found.group("volume"), confidence)
            if found.groupdict().get("issue"):
                out.set("issue", found.group("issue"), confidence)
            out.set("page", _pages(found.group("page")), confidence)


def _container_or_publisher(t: str, out: ParsedReference) -> None:
    """The container: the text before the first detail; or a place and publisher
    (``City: Publisher``), or a publisher alone."""
    d = _DETAIL.search(t)
    head = t[: d.start()] if d else t
    head = re.split(rf"[,.;]\s*(?:{_YEAR})\b", head)[0]
    head = _strip_end(head)
    place_pub = re.match(r"^([^:,.]{2,40}):\s*([^;,.]{2,80})(?:[;,.]|$)", head)
    if place_pub and not d:
        out.set("publisher-place", _strip_end(place_pub.group(1)), 0.7)
        out.set("publisher", _strip_end(place_pub.group(2)), 0.7)
        if out.type != "chapter":
            return
        head = head[: place_pub.start()]
    if head and not re.fullmatch(r"[\d\s–-]+", head) and len(head) < 300:
        if out.type == "chapter" or d or re.search(r"\b(?:J|Journal|Rev|Proc|Trans|Lett|Acta|Ann)\b", head):
            out.set("container-title", head, 0.8 if d else 0.6)
        elif re.search(r"\b(?:Press|Publishers?|Verlag|Books|University|Springer|Elsevier|Wiley)\b", head):
            out.set("publisher", head, 0.7)
        else:
            out.set("container-title", head, 0.5)


# -- the type ---------------------------------------------------------------------------------


def _type(work: str, out: ParsedReference) -> None:
    if out.type == "chapter":
        return
    if out.fields.get("genre") == "standard":
        out.type = "standard"
        return
    low = work.lower()
    container = str(out.fields.get("container-title", "")).lower()
    if re.search(r"\b(?:thesis|dissertation|диссертац|диссертация|автореф|tez|dissertasiya|диплом|bachelor|master'?s)\b", low):
        out.type = "thesis"
    elif re.search(r"\b(?:proc\.|proceedings|conference|symposium|workshop|конференц|съезд|семинар|kongre|sempozyum)",
                   container or low):
        out.type = "paper-conference"
    elif "container-title" in out.fields and ("volume" in out.fields or "page" in out.fields or "issue" in out.fields):
        out.type = "article-journal"
    elif re.search(r"\b(?:report|technical report|доклад|отчёт|отчет|working paper)\b", low):
        out.type = "report"
    elif "publisher" in out.fields or "number-of-pages" in out.fields or "ISBN" in out.fields:
        out.type = "book"
    elif "URL" in out.fields:
        out.type = "webpage"
    elif "container-title" in out.fields:
        out.type = "article-journal"
    else:
        out.type = "document"
