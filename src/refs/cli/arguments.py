"""The command line's arguments: one function per command adds its options."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from .. import __version__, formats

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # exit 2 with one line, as argparse does, plus a hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not (0 < seconds <= 3600):  # also refuses inf and nan
        raise argparse.ArgumentTypeError(f"{value} seconds: give a number of seconds above 0 and at most 3600")
    return seconds


def _output_path(value: str) -> Path:
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty path names no file")
    return Path(value)


def parser() -> argparse.ArgumentParser:
    """The parser of every command and option."""
    p = _Parser(
        prog="refs",
        description="Which source backs which claim: link a manuscript's numbered citations to its "
        "references, check them, and write the bibliography in any style and for Zotero.",
        epilog="Run `refs COMMAND --help` for a command's options. --debug and --no-cache go before or "
        "after the command. Exit codes: 0 fine, 1 error-level findings, 2 usage or input error, 3 internal "
        "error (a bug: rerun with --debug and report it), 130 interrupted (Ctrl-C), 141 the reader of the "
        "output stopped reading (`refs styles | head`).",
    )
    p.add_argument("--version", action="version", version=f"refs {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    p.add_argument("--no-cache", action="store_true",
                   help="render and parse everything afresh, without the persistent cache")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for add in (_build, _claims, _bib, _restyle, _references, _check, _fetch, _export, _import, _styles, _cache, _locales, _init):
        add(sub)
    for command in sub.choices.values():  # `refs build --no-cache` as well as `refs --no-cache build`
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show the traceback of an internal error")
        command.add_argument("--no-cache", action="store_true", default=argparse.SUPPRESS,
                             help="render and parse everything afresh, without the persistent cache")
    return p


def _build(sub: Any) -> None:
    b = sub.add_parser(
        "build",
        help="run every step on the project (refs.toml, or the bundled example) and write out/",
        description="Read the configured project (refs.toml or [tool.refs] in pyproject.toml; with "
        "neither, the bundled example) and write its outputs into the output folder.",
    )
    b.add_argument("--config", type=Path, help="a refs.toml (or pyproject.toml) other than the one here")
    b.add_argument("-o", "--output", type=_output_path, help="write here instead of the configured folder")
    b.add_argument("-q", "--quiet", action="store_true", help="print nothing but problems")
    b.add_argument("-v", "--verbose", action="store_true", help="also print info-level findings")
    b.add_argument("--bib-encoding", help="the bibliography's encoding, when detection guesses wrong")
    b.add_argument("--sources", type=Path, metavar="DIR",
                   help="snapshots of the sources (from `refs fetch`) to judge the claims against "
                        "(default: the project's `sources`)")


def _claims(sub: Any) -> None:
    c = sub.add_parser(
        "claims",
        help="link each claim of a manuscript to the references its citations point at",
        description="Read a manuscript (text extracted from PDF, Markdown, DOCX or HTML), repair it, "
        "find every numbered citation and write the claim map: the text each citation supports, its "
        "lines in the file, its event date, and the text no citation supports. Without arguments, "
        "the configured project (or the bundled example).",
    )
    c.add_argument("manuscript", nargs="?", type=Path, help="the manuscript (default: the project's)")
    c.add_argument("--bib", type=Path, help="the bibliography: entry n is citation [n] (default: the project's)")
    c.add_argument("--format", choices=["json", "csv", "markdown", "html"], default="json",
                   help="the claim map as JSON, CSV, a Markdown table or the HTML report (needs --style) "
                        "(default: json)")
    c.add_argument("--style", action="append", metavar="NAME",
                   help="render each claim's citation and sources in this style (repeat for several); "
                   "adds support scores and findings")
    c.add_argument("--locale", help="the locale of the styles (default: each style's)")
    c.add_argument("--sources", type=Path, metavar="DIR",
                   help="snapshots of the sources (from `refs fetch`): judge each claim against what its sources "
                        "say (default: the project's `sources`)")
    c.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")
    c.add_argument("--encoding", help="the manuscript's encoding, when detection guesses wrong")
    c.add_argument("--manuscript-format", choices=["text", "markdown", "docx", "html", "pdf"],
                   help="the manuscript's format, when its suffix does not say")
    c.add_argument("--bib-encoding", help="the bibliography's encoding, when detection guesses wrong")


def _bib(sub: Any) -> None:
    bb = sub.add_parser(
        "bib",
        help="write a bibliography in any CSL style and locale",
        description="Render a bibliography with refs' own CSL processor: any "
        "style by name, alias (vancouver, mla) or .csl path, in any locale, as text, HTML, Markdown, "
        "LaTeX or JSON. Without BIB, the project's bibliography.",
    )
    bb.add_argument("bib", nargs="?", type=Path, help="the bibliography (.bib or CSL-JSON)")
    bb.add_argument("--style", default="apa", help="a style name, alias or .csl path (default: apa)")
    bb.add_argument("--locale", help="a locale such as az-AZ, ru-RU, en-US (default: the style's)")
    bb.add_argument("--format", choices=["text", "html", "markdown", "latex", "json"], default="text",
                    help="how the entries are written (default: text)")
    bb.add_argument("--cited-by", type=Path, metavar="MANUSCRIPT",
                    help="only the references this manuscript cites, numbered by first citation")
    bb.add_argument("--standalone", action="store_true", help="with --format html: a whole page, not a fragment")
    bb.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")
    bb.add_argument("-v", "--verbose", action="store_true", help="also say which references lack fields")
    bb.add_argument("--encoding", "--bib-encoding", dest="bib_encoding",
                    help="the bibliography's encoding, when detection guesses wrong")


def _restyle(sub: Any) -> None:
    rs = sub.add_parser(
        "restyle",
        help="rewrite a manuscript with its citations and bibliography in another style",
        description="Repair the manuscript, replace every citation marker with its rendering in the "
        "style (numeric styles number by first citation) and append the bibliography.",
    )
    rs.add_argument("manuscript", type=Path)
    rs.add_argument("--bib", type=Path, required=True, help="the bibliography: entry n is citation [n]")
    rs.add_argument("--style", required=True, help="a style name, alias or .csl path")
    rs.add_argument("--locale", help="a locale such as az-AZ (default: the style's)")
    rs.add_argument("--format", choices=["text", "markdown", "html", "docx"], default=None,
                    help="text, markdown, html or docx (a Word file with real footnotes for note styles); "
                    "default: from the -o file's extension, else text")
    rs.add_argument("--encoding", help="the manuscript's encoding, when detection guesses wrong")
    rs.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")
    rs.add_argument("--bib-encoding", help="the bibliography's encoding, when detection guesses wrong")


def _references(sub: Any) -> None:
    rl = sub.add_parser(
        "references",
        help="read the manuscript's own printed reference list into a bibliography",
        description="Find the reference list printed in the manuscript (numbered or not, over pages and "
        "columns), read each entry into fields and write the list as a bibliography: entry n is reference "
        "[n], each with its printed text (raw) and how sure each field is (confidence).",
    )
    rl.add_argument("manuscript", type=Path)
    rl.add_argument("--format", choices=formats.writable_names(), default="biblatex",
                    help="the format the list is written in (default: biblatex)")
    rl.add_argument("--manuscript-format", choices=["text", "markdown", "html", "docx", "pdf"],
                    help="how to read the manuscript (default: from its extension)")
    rl.add_argument("--encoding", help="the manuscript's encoding, when detection guesses wrong")
    rl.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")


def _check(sub: Any) -> None:
    ck = sub.add_parser(
        "check",
        help="say what is wrong with citations, references and claims' sources",
        description="Run every rule and report findings like a compiler. `refs check BIB` checks a "
        "bibliography alone; `refs check MANUSCRIPT --bib BIB` also its citations and claims. Exit 1 "
        "when an error remains (a warning too with --strict), 0 otherwise.",
    )
    ck.add_argument("target", nargs="?", type=Path, help="a manuscript, or a bibliography (.bib, .json)")
    ck.add_argument("--bib", type=Path, help="the bibliography the manuscript cites")
    ck.add_argument("--format", choices=["text", "json", "sarif"], default="text",
                    help="findings as text, JSON (with each claim's verdicts) or SARIF 2.1.0 (default: text)")
    ck.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    ck.add_argument("--sources", type=Path, metavar="DIR",
                    help="snapshots of the sources (from `refs fetch`, or KEY.html, KEY.pdf, KEY.txt saved by hand); "
                         "default: the project's `sources`")
    ck.add_argument("--encoding", help="the manuscript's encoding, when detection guesses wrong")
    ck.add_argument("-q", "--quiet", action="store_true", help="leave out notes (info findings) in text")
    ck.add_argument("--bib-encoding", help="the bibliography's encoding, when detection guesses wrong")
    ck.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")


def _fetch(sub: Any) -> None:
    fe = sub.add_parser(
        "fetch",
        help="save each reference's web page as a snapshot for `refs check --sources`",
        description="Fetch every reference's URL (redirects followed, size and time limited, encodings "
        "detected) into a folder as KEY.html or KEY.txt, and say what failed and why.",
    )
    fe.add_argument("bib", nargs="?", type=Path, help="the bibliography (default: the project's)")
    fe.add_argument("--into", type=Path, help="the folder (default: the project's `sources`, else sources)")
    fe.add_argument("--timeout", type=_seconds, default=20.0, help="seconds to wait for each page (default 20)")
    fe.add_argument("--max-bytes", type=int, default=5 * 1024 * 1024, help="largest page kept (default 5 MiB)")
    fe.add_argument("--encoding", "--bib-encoding", dest="bib_encoding",
                    help="the bibliography's encoding, when detection guesses wrong")


def _export(sub: Any) -> None:
    ex = sub.add_parser(
        "export",
        help="write the bibliography as BibTeX, BibLaTeX, RIS, CSL-JSON or Zotero RDF for Zotero",
        description="Export so that Zotero's importers keep types, keys, dates, URLs, languages and, with "
        "--manuscript, one note per claim, tags, and (Zotero RDF) a collection for the manuscript.",
    )
    ex.add_argument("bib", nargs="?", type=Path, help="the bibliography (default: the project's)")
    ex.add_argument("--to", required=True, choices=formats.writable_names(),
                    help="the format Zotero (or another manager) is to import")
    ex.add_argument("--manuscript", type=Path, help="bring the manuscript's claims along as notes and tags")
    ex.add_argument("--work", type=Path, help="a .bib with the manuscript's own entry (default: the project's)")
    ex.add_argument("--sources", type=Path, metavar="DIR",
                    help="snapshots of the sources: each claim's note says what its source says (verdict and "
                         "passage); default: the project's `sources`")
    ex.add_argument("--ascii", action="store_true", help="BibTeX: accented letters as LaTeX commands")
    ex.add_argument("-o", "--output", type=_output_path, help="write to this file instead of standard output")
    ex.add_argument("--encoding", "--bib-encoding", dest="bib_encoding",
                    help="the bibliography's encoding, when detection guesses wrong")


def _import(sub: Any) -> None:
    im = sub.add_parser(
        "import",
        help="read RIS, CSL-JSON, BibTeX or Zotero RDF into a .bib, merging duplicates",
        description="Read a file as Zotero, JabRef or Better BibTeX export it. With --into, add its works to "
        "that .bib (duplicates merged by the duplicate-reference rules; the file is otherwise left as it "
        "was, and a .bak copy is kept); without, print them as BibLaTeX.",
    )
    im.add_argument("file", type=Path, help="the file to import: RIS, CSL-JSON, BibTeX or Zotero RDF")
    im.add_argument("--from", dest="fmt", choices=formats.readable_names(),
                    help="the file's format (default: from its extension)")
    im.add_argument("--into", type=Path, help="the .bib to add to")
    im.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    im.add_argument("--encoding", help="the imported file's encoding, when detection guesses wrong")
    im.add_argument("--bib-encoding", help="the encoding of the .bib it goes into, when detection guesses wrong")


def _styles(sub: Any) -> None:
    st = sub.add_parser("styles", help="list and search the styles refs can use",
                        description="List every style by name (and alias), or those matching QUERY.")
    st.add_argument("query", nargs="*", help="words that the name or title must contain")


def _cache(sub: Any) -> None:
    ca = sub.add_parser("cache", help="show or clear the render cache",
                        description="refs keeps rendered entries and parsed libraries in the user cache folder, "
                        "so an edit re-renders only what changed. `refs cache info` shows it; `refs cache clear` empties it.")
    ca.add_argument("action", choices=["info", "clear"], help="info: where it is and how big; clear: empty it")


def _locales(sub: Any) -> None:
    sub.add_parser("locales", help="list the locales refs can use",
                   description="List every locale: citeproc-py's and the project's own (az-AZ, kk-KZ).")


def _init(sub: Any) -> None:
    i = sub.add_parser(
        "init",
        help="write a commented refs.toml in this folder",
        description="Write a commented refs.toml, naming the .bib and manuscript found in this folder.",
    )
    i.add_argument("--force", action="store_true", help="replace an existing refs.toml")
    i.add_argument("--example", type=Path, metavar="DIR",
                   help="instead, copy the bundled example project into the new folder DIR, to open and edit")
