"""Declarative tables between BibTeX/BibLaTeX and CSL. Data only: no logic here.

Field kinds:
  title     LaTeX decoded to CSL rich text (emphasis, case protection kept)
  text      LaTeX decoded to plain Unicode
  names     a name list (``and``-separated), each decoded
  date      an ISO 8601 / EDTF date or range
  year, month, day   the legacy date parts that together fill ``issued``
  verbatim  kept exactly (URLs, DOIs, eprints)
  lang      a babel/polyglossia language name or a BCP 47 tag, stored as BCP 47
"""

from __future__ import annotations

# BibTeX/BibLaTeX entry type -> CSL type.
ENTRY_TYPES: dict[str, str] = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "booklet": "pamphlet",
    "collection": "book",
    "mvcollection": "book",
    "incollection": "chapter",
    "suppcollection": "chapter",
    "dataset": "dataset",
    "data": "dataset",
    "manual": "report",
    "misc": "document",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "patent": "patent",
    "periodical": "periodical",
    "suppperiodical": "article-magazine",
    "proceedings": "book",
    "mvproceedings": "book",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "reference": "book",
    "mvreference": "book",
    "inreference": "entry-encyclopedia",
    "report": "report",
    "techreport": "report",
    "software": "software",
    "thesis": "thesis",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "unpublished": "manuscript",
    "artwork": "graphic",
    "audio": "song",
    "image": "graphic",
    "jurisdiction": "legal_case",
    "legislation": "legislation",
    "legal": "legislation",
    "letter": "personal_communication",
    "movie": "motion_picture",
    "music": "song",
    "performance": "performance",
    "review": "review",
    "standard": "standard",
    "video": "motion_picture",
    "commentary": "book",
    "set": "document",
    "xdata": "document",
}

# (entry type, entrysubtype) -> CSL type, where the subtype changes it.
SUBTYPES: dict[tuple[str, str], str] = {
    ("article", "magazine"): "article-magazine",
    ("article", "newspaper"): "article-newspaper",
    ("periodical", "magazine"): "periodical",
}

# An entry type that changes with its fields: @misc with a URL is a web page.
MISC_WITH_URL = "webpage"

# CSL type -> the BibLaTeX entry type written for references that did not come from BibTeX.
CSL_TO_ENTRY: dict[str, str] = {
    "article": "misc",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "bill": "legislation",
    "book": "book",
    "broadcast": "misc",
    "chapter": "incollection",
    "classic": "book",
    "collection": "collection",
    "dataset": "dataset",
    "document": "misc",
    "entry": "inreference",
    "entry-dictionary": "inreference",
    "entry-encyclopedia": "inreference",
    "event": "misc",
    "figure": "misc",
    "graphic": "artwork",
    "hearing": "misc",
    "interview": "misc",
    "legal_case": "jurisdiction",
    "legislation": "legislation",
    "manuscript": "unpublished",
    "map": "misc",
    "motion_picture": "movie",
    "musical_score": "music",
    "pamphlet": "booklet",
    "paper-conference": "inproceedings",
    "patent": "patent",
    "performance": "performance",
    "periodical": "periodical",
    "personal_communication": "letter",
    "post": "online",
    "post-weblog": "online",
    "regulation": "legislation",
    "report": "report",
    "review": "review",
    "review-book": "review",
    "software": "software",
    "song": "audio",
    "speech": "misc",
    "standard": "standard",
    "thesis": "thesis",
    "treaty": "legislation",
    "webpage": "online",
}

# The entrysubtype written with an entry type for these CSL types.
CSL_TO_SUBTYPE: dict[str, str] = {
    "article-magazine": "magazine",
    "article-newspaper": "newspaper",
}

# Values an entry type implies, so a writer does not spell them out again.
IMPLIED: dict[str, dict[str, str]] = {
    "phdthesis": {"genre": "PhD thesis"},
    "mastersthesis": {"genre": "Master's thesis"},
}

# eprinttype (or archivePrefix) -> CSL variables an ``eprint`` implies; {id} is the eprint.
EPRINTS: dict[str, dict[str, str]] = {
    "arxiv": {"URL": "https://arxiv.org/abs/{id}", "number": "arXiv:{id}"},
    "pubmed": {"PMID": "{id}", "URL": "https://pubmed.ncbi.nlm.nih.gov/{id}/"},
    "pmcid": {"PMCID": "{id}"},
    "hdl": {"URL": "https://hdl.handle.net/{id}"},
    "jstor": {"URL": "https://www.jstor.org/stable/{id}"},
    "doi": {"DOI": "{id}"},
    "googlebooks": {"URL": "https://books.google.com/books?id={id}"},
}

# Field -> (CSL variable, kind). Unlisted fields are kept verbatim in Reference.extra.
FIELDS: dict[str, tuple[str, str]] = {
    # BibTeX
    "address": ("publisher-place", "text"),
    "annote": ("annote", "text"),
    "annotation": ("annote", "text"),
    "author": ("author", "names"),
    "booktitle": ("container-title", "title"),
    "chapter": ("chapter-number", "text"),
    "edition": ("edition", "text"),
    "editor": ("editor", "names"),
    "howpublished": ("medium", "text"),
    "institution": ("publisher", "text"),
    "journal": ("container-title", "title"),
    "month": ("issued", "month"),
    "note": ("note", "text"),
    "number": ("number", "text"),
    "organization": ("publisher", "text"),
    "pages": ("page", "text"),
    "publisher": ("publisher", "text"),
    "school": ("publisher", "text"),
    "series": ("collection-title", "title"),
    "title": ("title", "title"),
    "type": ("genre", "text"),
    "volume": ("volume", "text"),
    "year": ("issued", "year"),
    "day": ("issued", "day"),
    # widely used BibTeX additions
    "doi": ("DOI", "verbatim"),
    "url": ("URL", "verbatim"),
    "isbn": ("ISBN", "text"),
    "issn": ("ISSN", "text"),
    "abstract": ("abstract", "text"),
    "keywords": ("keyword", "text"),
    "language": ("language", "lang"),
    "pmid": ("PMID", "verbatim"),
    "pmcid": ("PMCID", "verbatim"),
    "archive": ("archive", "text"),
    # BibLaTeX data model
    "bookauthor": ("container-author", "names"),
    "date": ("issued", "date"),
    "eventdate": ("event-date", "date"),
    "eventtitle": ("event-title", "title"),
    "venue": ("event-place", "text"),
    "issue": ("issue", "text"),
    "journaltitle": ("container-title", "title"),
    "shortjournal": ("container-title-short", "text"),
    "langid": ("language", "lang"),
    "location": ("publisher-place", "text"),
    "origdate": ("original-date", "date"),
    "origlocation": ("original-publisher-place", "text"),
    "origpublisher": ("original-publisher", "text"),
    "origtitle": ("original-title", "title"),
    "pagetotal": ("number-of-pages", "text"),
    "pubstate": ("status", "text"),
    "shorttitle": ("title-short", "title"),
    "translator": ("translator", "names"),
    "urldate": ("accessed", "date"),
    "version": ("version", "text"),
    "volumes": ("number-of-volumes", "text"),
    "maintitle": ("volume-title", "title"),
}

# Per entry type, fields that fill a different CSL variable than FIELDS says.
TYPE_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "article": {"number": ("issue", "text")},
    "periodical": {"number": ("issue", "text")},
    "online": {"organization": ("container-title", "title")},
    "electronic": {"organization": ("container-title", "title")},
    "www": {"organization": ("container-title", "title")},
    "inproceedings": {"organization": ("publisher", "text")},
    "patent": {"number": ("number", "text")},
    "mvbook": {"maintitle": ("title", "title")},
}

# Where two fields fill one variable, the higher rank wins; the other is kept verbatim.
RANK: dict[str, int] = {"date": 2, "langid": 1}

# Title fields folded into the title with ": " (CSL has no subtitle variable).
SUBTITLES: dict[str, str] = {"subtitle": "title", "journalsubtitle": "container-title", "booksubtitle": "container-title"}

# The field name a writer uses for a CSL variable that has no source field name.
DEFAULT_FIELD: dict[str, str] = {
    "title": "title",
    "container-title": "journaltitle",
    "collection-title": "series",
    "publisher": "publisher",
    "publisher-place": "location",
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "container-author": "bookauthor",
    "issued": "date",
    "accessed": "urldate",
    "event-date": "eventdate",
    "original-date": "origdate",
    "URL": "url",
    "DOI": "doi",
    "ISBN": "isbn",
    "ISSN": "issn",
    "PMID": "pmid",
    "PMCID": "pmcid",
    "page": "pages",
    "volume": "volume",
    "issue": "number",
    "number": "number",
    "edition": "edition",
    "genre": "type",
    "note": "note",
    "annote": "annotation",
    "abstract": "abstract",
    "keyword": "keywords",
    "language": "langid",
    "medium": "howpublished",
    "chapter-number": "chapter",
    "event-title": "eventtitle",
    "event-place": "venue",
    "container-title-short": "shortjournal",
    "title-short": "shorttitle",
    "original-title": "origtitle",
    "original-publisher": "origpublisher",
    "original-publisher-place": "origlocation",
    "number-of-pages": "pagetotal",
    "number-of-volumes": "volumes",
    "status": "pubstate",
    "version": "version",
    "archive": "archive",
    "volume-title": "maintitle",
}

# An export for Zotero's BibTeX importer (``bibtex.export``) writes each variable under the name
# DEFAULT_FIELD gives it, except: per dialect, the names below ("bibtex" takes BibTeX's own names,
# BIBTEX_NAMES, wherever they read back the same); and a container by the CSL type of the work
# (a web page's site as its journal: Zotero's importer drops an online entry's organization),
# else ``booktitle``. A name is used only where the reader reads it back as the same variable.
EXPORT_FIELD: dict[str, dict[str, str]] = {
    "bibtex": {"language": "language", "annote": "annote"},
    "biblatex": {"annote": "annote"},
}
EXPORT_CONTAINER: dict[str, str] = {
    "article-journal": "journaltitle", "article-magazine": "journaltitle", "article-newspaper": "journaltitle",
    "article": "journaltitle", "webpage": "journaltitle", "post": "journaltitle", "post-weblog": "journaltitle",
}
BIBTEX_NAMES: dict[str, str] = {"journaltitle": "journal", "location": "address", "annotation": "annote"}

# What an export adds for Zotero that is no variable of the entry (read back, it is a field of
# its own): the citation key as a comment ("Citation Key: KEY"; Zotero's importer keeps no key
# otherwise and makes a comment a note) and, in biblatex, the language as a BCP 47 tag beside
# langid (Zotero reads language, biber langid).
EXPORT_ADDS: dict[str, tuple[str, ...]] = {"bibtex": ("comment",), "biblatex": ("comment", "language")}

# The order new fields are written in, as biblatex's manual lists an entry and as JabRef and
# Zotero users read one: who, what, where it appeared, when, then identifiers and notes. Fields
# an entry was read with keep their place; names not listed come last, in the order they came.
FIELD_ORDER: tuple[str, ...] = (
    "author", "editor", "translator", "bookauthor", "title", "subtitle", "titleaddon", "shorttitle", "origtitle",
    "journaltitle", "journal", "shortjournal", "journalsubtitle", "booktitle", "booksubtitle", "maintitle",
    "eventtitle", "eventdate", "venue", "series", "edition", "volume", "volumes", "number", "issue", "pages",
    "chapter", "pagetotal", "type", "howpublished", "publisher", "institution", "school", "organization",
    "location", "address", "origpublisher", "origlocation", "date", "year", "month", "day", "origdate",
    "pubstate", "version", "isbn", "issn", "doi", "pmid", "pmcid", "eprint", "eprinttype", "url", "urldate",
    "archive", "langid", "language", "abstract", "keywords", "note", "annotation", "annote", "file",
)
FIELD_RANK: dict[str, int] = {name: n for n, name in enumerate(FIELD_ORDER)}

# For entry types whose container is not a journal.
CONTAINER_FIELD: dict[str, str] = {
    "online": "organization",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "inbook": "booktitle",
    "inreference": "booktitle",
    "bookinbook": "booktitle",
    "suppbook": "booktitle",
    "suppcollection": "booktitle",
}

# babel/polyglossia language names <-> BCP 47 tags (langid, language).
LANGUAGES: dict[str, str] = {
    "english": "en", "american": "en-US", "USenglish": "en-US", "british": "en-GB",
    "UKenglish": "en-GB", "australian": "en-AU", "canadian": "en-CA",
    "azerbaijani": "az", "russian": "ru", "kazakh": "kk", "turkish": "tr", "ukrainian": "uk",
    "german": "de", "ngerman": "de", "austrian": "de-AT", "naustrian": "de-AT", "swissgerman": "de-CH",
    "french": "fr", "italian": "it", "spanish": "es", "portuguese": "pt", "brazilian": "pt-BR",
    "dutch": "nl", "polish": "pl", "czech": "cs", "slovak": "sk", "hungarian": "hu",
    "romanian": "ro", "bulgarian": "bg", "serbian": "sr", "croatian": "hr", "slovene": "sl",
    "greek": "el", "finnish": "fi", "swedish": "sv", "danish": "da", "norsk": "nb",
    "norwegian": "nb", "nynorsk": "nn", "icelandic": "is", "estonian": "et", "latvian": "lv",
    "lithuanian": "lt", "georgian": "ka", "armenian": "hy", "arabic": "ar", "persian": "fa",
    "farsi": "fa", "hebrew": "he", "chinese": "zh", "japanese": "ja", "korean": "ko",
    "catalan": "ca", "basque": "eu", "galician": "gl", "latin": "la", "uzbek": "uz",
    "kyrgyz": "ky", "turkmen": "tk", "tatar": "tt", "belarusian": "be", "mongolian": "mn",
}
