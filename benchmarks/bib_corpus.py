"""How refs reads, writes back and checks real .bib files, next to pybtex and bibtexparser.

For every ``*.bib`` under DIR (a corpus kept outside the repository) this prints a Markdown
table row and a total:

* accepted: does ``refs.formats.bibtex.parse`` give a library without an error-level finding
  (an error-level finding makes ``refs`` refuse the file)? The exit code of ``refs check FILE``
  is recorded too (2: refused, 3: an internal error). Any exception other than refs' own errors
  is a crash, counted apart: refs should never crash.
* entries and fields (field values) as the file holds them;
* what a write and read-back changes: the library is written with ``bibtex.dump`` (with its
  defaults, and with the options ``refs build`` passes, when they differ), and the written text
  is read again. Every field of every entry is then compared as raw text with what two
  independent readers take from the ORIGINAL file:

  - pybtex (``pybtex.database``): field strings with macros expanded, name fields as lists of
    ``Person`` (same number of persons, same name parts);
  - bibtexparser v2 with no middleware (``parse_stack=[]``): each value as written, macros and
    ``#`` concatenations unresolved (only the outer ``{}``/``""`` are taken off here, so that a
    change of delimiters alone is not a change). This view also shows macros that the write
    expanded and fields whose order changed.

  A value is changed when the two texts differ after runs of white space are collapsed.
  Entries and fields lost or added by the round trip are counted apart.
* findings by code from ``refs check FILE --format json`` (errors, warnings, notes);
* parse time (refs vs ``pybtex.database.parse_file`` vs ``bibtexparser.parse_file``, best of
  ``--repeat``), and the time of ``refs bib FILE --style apa --format text`` (cold: no cache)
  beside citeproc-js's on refs' CSL-JSON export of the same file (the npm package in tests/js,
  through node, timed inside node, so without node's start-up or reading the file); the ratio
  is refs' / citeproc-js's (``--no-render`` skips both).

Usage (in the project's virtualenv; ``pip install 'bibtexparser>=2.0.0b1'``, a benchmark-only
dependency)::

    python benchmarks/bib_corpus.py DIR                    # the tables, progress on stderr
    python benchmarks/bib_corpus.py DIR --no-render --repeat 1
    python benchmarks/bib_corpus.py DIR --details DIR/x.bib --examples 8   # examples of each change
    python benchmarks/bib_corpus.py DIR --sample-findings 50 --sample-file /tmp/sample.md --seed 1
    python benchmarks/bib_corpus.py DIR --refs-src /tmp/old/src   # another version of refs
    python benchmarks/bib_corpus.py DIR --json results.json

``--details FILE`` analyses that one file and prints up to ``--examples`` examples of each kind
of change (file:line, entry key, field, original raw, round-tripped raw) and its findings.
``--sample-findings N`` writes N findings drawn at random (seeded) from the whole corpus, each
with the text of its entry, to a Markdown file for judging false positives by hand.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _refs_src() -> Path:
    """The refs sources to measure: ``--refs-src DIR`` (another checkout's ``src``, e.g. from
    ``git archive COMMIT src | tar -x -C /tmp/old``) or this checkout's. Read before refs is
    imported, since the import decides which refs runs."""
    for i, arg in enumerate(sys.argv):
        if arg == "--refs-src" and i + 1 < len(sys.argv):
            return Path(sys.argv[i + 1]).resolve()
        if arg.startswith("--refs-src="):
            return Path(arg.split("=", 1)[1]).resolve()
    return ROOT / "src"


REFS_SRC = _refs_src()
sys.path.insert(0, str(REFS_SRC))

try:
    import bibtexparser  # noqa: E402
except ImportError:  # a benchmark-only dependency
    sys.exit("bib_corpus.py needs bibtexparser v2: pip install 'bibtexparser>=2.0.0b1'")
if not hasattr(bibtexparser, "parse_string"):
    sys.exit("bib_corpus.py needs bibtexparser v2 (found v1): pip install 'bibtexparser>=2.0.0b1'")

import pybtex.database  # noqa: E402
import pybtex.errors  # noqa: E402

from refs.errors import RefsError  # noqa: E402
from refs.formats import bibtex  # noqa: E402
from refs.io import read_text  # noqa: E402

PERSON_PARTS = ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names")
ENTRY_HEAD = re.compile(r"@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*[{(][ \t\r\n]*([^,\s{}()]*)")
NONENTRY_TYPES = {"string", "comment", "preamble"}


# ---------------------------------------------------------------------------- small helpers


def ws(text: str) -> str:
    """Runs of white space collapsed, ends stripped: the form values are compared in."""
    return re.sub(r"\s+", " ", text).strip()


def unenclose(raw: str) -> str:
    """A raw bibtexparser value without its outer ``{...}`` or ``"..."`` when one pair wraps the
    whole value (``{a} # b`` keeps its braces: it is a concatenation)."""
    s = raw.strip()
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"' and '"' not in s[1:-1].replace('\\"', ""):
        return s[1:-1]
    if len(s) >= 2 and s[0] == "{" and s[-1] == "}":
        depth = 0
        for i, c in enumerate(s):
            depth += c == "{"
            depth -= c == "}"
            if depth == 0 and i != len(s) - 1:
                return s
        return s[1:-1]
    return s


def is_macro_use(raw: str) -> bool:
    """Does a raw value refer to a macro (a bare name, or a ``#`` concatenation)?"""
    s = raw.strip()
    return bool(re.fullmatch(r"[A-Za-z][^\s{}\"#,=]*", s)) or "#" in _outside_delims(s)


def _outside_delims(s: str) -> str:
    out, depth, quoted = [], 0, False
    for c in s:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            quoted = not quoted
        elif depth == 0 and not quoted:
            out.append(c)
    return "".join(out)


def _latex_to_text(s: str) -> str:
    try:
        from pylatexenc.latex2text import LatexNodes2Text  # comes with bibtexparser v2

        return ws(LatexNodes2Text(math_mode="verbatim").latex_to_text(s))
    except Exception:  # noqa: BLE001 - a value pylatexenc cannot read is compared as it is
        return ws(s)


def classify(name: str, a: str, b: str) -> str:
    """What kind of change turns raw value ``a`` into ``b``."""
    if name.lower() == "month":
        return "month"
    nob = lambda s: ws(s.replace("{", "").replace("}", ""))  # noqa: E731
    if nob(a) == nob(b):
        return "braces"
    if _latex_to_text(a) == _latex_to_text(b):
        return "latex-spelling"
    if nob(a).lower() == nob(b).lower():
        return "case"
    return "text"


def best_of(repeat: int, fn):
    """(best time, last result) of ``repeat`` calls."""
    best, result = float("inf"), None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def entry_spans(text: str) -> dict[str, tuple[int, int]]:
    """Entry key (lower case) -> (start, end) offsets, found by a plain scan of ``@type{key``
    (independent of every parser compared here); the first entry of a key wins."""
    heads = [(m.start(), m.group(1).lower(), m.group(2)) for m in ENTRY_HEAD.finditer(text)]
    spans: dict[str, tuple[int, int]] = {}
    for i, (start, etype, key) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        if etype not in NONENTRY_TYPES and key:
            spans.setdefault(key.lower(), (start, end))
    return spans


def field_line(text: str, span: tuple[int, int] | None, name: str) -> int | None:
    if span is None:
        return None
    m = re.search(r"(?im)(?:^|[,{(])\s*" + re.escape(name) + r"\s*=", text[span[0] : span[1]])
    return line_of(text, span[0] + (m.start() if m else 0))


# ---------------------------------------------------------------------------- the two readers


@dataclass
class View:
    """One reader's view of a file: per entry (key in lower case) its type, fields in order
    (name in lower case -> value) and, for pybtex, persons by role."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: int = 0

    def field_count(self) -> int:
        return sum(len(e["fields"]) + len(e.get("persons", {})) for e in self.entries.values())


def pybtex_view(data: pybtex.database.BibliographyData, errors: int) -> View:
    view = View(errors=errors)
    for key, entry in data.entries.items():
        persons = {
            role.lower(): [tuple(ws(" ".join(getattr(p, part))) for part in PERSON_PARTS) for p in people]
            for role, people in entry.persons.items()
        }
        view.entries.setdefault(key.lower(), {
            "key": key,
            "type": entry.type.lower(),
            "fields": {n.lower(): v for n, v in entry.fields.items()},
            "persons": persons,
        })
    return view


def pybtex_parse_text(text: str) -> View:
    with pybtex.errors.capture() as errors:
        data = pybtex.database.parse_string(text, "bibtex")
    return pybtex_view(data, len(errors))


def btp_view(library) -> View:
    view = View(errors=len(library.failed_blocks))
    for entry in library.entries:
        fields: dict[str, str] = {}
        for f in entry.fields:
            fields.setdefault(f.key.lower(), str(f.value))
        view.entries.setdefault(entry.key.lower(), {"key": entry.key, "type": entry.entry_type.lower(),
                                                     "fields": fields, "line": entry.start_line + 1})
    return view


def btp_parse_text(text: str) -> View:
    return btp_view(bibtexparser.parse_string(text, parse_stack=[]))


# ---------------------------------------------------------------------------- refs' write modes


def build_dump_options() -> dict[str, Any] | None:
    """The keyword arguments ``refs build`` passes to ``bibtex.dump`` for references.bib, read
    from the build step's source (None when it passes none: the default mode)."""
    try:
        from refs import build as build_module

        tree = ast.parse(textwrap.dedent(inspect.getsource(build_module._step_bibliography)))
    except (AttributeError, OSError, TypeError, SyntaxError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "dump" \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "bibtex":
            options = {}
            for kw in node.keywords:
                try:
                    options[kw.arg] = ast.literal_eval(kw.value)
                except ValueError:
                    pass
            return options or None
    return None


# ---------------------------------------------------------------------------- comparing


@dataclass
class Diff:
    """What one round trip changed, as one reader sees it."""

    compared: int = 0
    changed: Counter = field(default_factory=Counter)  # kind -> count
    entries_lost: int = 0
    entries_added: int = 0
    fields_lost: int = 0
    fields_added: int = 0
    order_changed: int = 0
    type_changed: int = 0
    examples: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))

    @property
    def n_changed(self) -> int:
        return sum(self.changed.values())

    def note(self, kind: str, example: tuple, limit: int) -> None:
        """Keep an example (key, field, original, round trip, entry line or None)."""
        if len(self.examples[kind]) < limit:
            self.examples[kind].append(example)


def compare(orig: View, rt: View, raw: bool, limit: int) -> Diff:
    """Every field of every original entry against the round-tripped one. ``raw``: the views
    are bibtexparser's (values as written); otherwise pybtex's (persons compared as Persons)."""
    d = Diff()
    for lkey, o in orig.entries.items():
        r = rt.entries.get(lkey)
        if r is None:
            d.entries_lost += 1
            d.note("entry-lost", (o["key"], "", _title(o), "", o.get("line")), limit)
            continue
        if o["type"] != r["type"]:
            d.type_changed += 1
            d.note("entry-type", (o["key"], "@type", o["type"], r["type"], o.get("line")), limit)
        for name, value in o["fields"].items():
            if name not in r["fields"]:
                d.fields_lost += 1
                d.note("field-lost", (o["key"], name, value, "", o.get("line")), limit)
                continue
            d.compared += 1
            a, b = (unenclose(value), unenclose(r["fields"][name])) if raw else (value, r["fields"][name])
            if ws(a) != ws(b):
                kind = "macro-expanded" if raw and is_macro_use(value) and not is_macro_use(r["fields"][name]) \
                    else classify(name, a, b)
                d.changed[kind] += 1
                d.note(kind, (o["key"], name, value, r["fields"][name], o.get("line")), limit)
        for name in r["fields"]:
            if name not in o["fields"]:
                d.fields_added += 1
                d.note("field-added", (o["key"], name, "", r["fields"][name], o.get("line")), limit)
        for role, people in o.get("persons", {}).items():
            other = r.get("persons", {}).get(role)
            if other is None:
                d.fields_lost += 1
                d.note("field-lost", (o["key"], role, _people(people), "", None), limit)
                continue
            d.compared += 1
            if len(people) != len(other):
                d.changed["person-count"] += 1
                d.note("person-count", (o["key"], role, _people(people), _people(other), None), limit)
            elif people != other:
                d.changed["person-parts"] += 1
                d.note("person-parts", (o["key"], role, _people(people), _people(other), None), limit)
        for role in r.get("persons", {}):
            if role not in o.get("persons", {}):
                d.fields_added += 1
                d.note("field-added", (o["key"], role, "", _people(r["persons"][role]), None), limit)
        if raw:
            common = [n for n in o["fields"] if n in r["fields"]]
            if common != [n for n in r["fields"] if n in o["fields"]]:
                d.order_changed += 1
                d.note("field-order", (o["key"], "", " ".join(common),
                                       " ".join(n for n in r["fields"] if n in o["fields"]), o.get("line")), limit)
    for lkey, r in rt.entries.items():
        if lkey not in orig.entries:
            d.entries_added += 1
            d.note("entry-added", (r["key"], "", "", _title(r), None), limit)
    return d


def _title(entry: dict[str, Any]) -> str:
    """An entry's title (or its first field), to recognise an entry shown without its key."""
    fields = entry["fields"]
    return "title = " + fields["title"] if "title" in fields else next(
        (f"{n} = {v}" for n, v in fields.items()), "")


def _people(people: list[tuple[str, ...]]) -> str:
    """Persons as 'first|middle|von|last|jr' parts, for showing."""
    return " ; ".join("|".join(p) for p in people)


# ---------------------------------------------------------------------------- one file


@dataclass
class Result:
    path: Path
    encoding: str = ""
    size: int = 0
    accepted: bool | None = None
    refusing: Counter = field(default_factory=Counter)  # error-level codes found while reading
    crash: str | None = None
    check_rc: int | None = None
    check_note: str = ""
    findings: list[dict] = field(default_factory=list)
    entries: int = 0  # as pybtex reads the original
    refs_entries: int = 0
    fields: int = 0  # field values, as bibtexparser reads the original
    diffs: dict[str, dict[str, Diff]] = field(default_factory=dict)  # mode -> reader -> diff
    stable: dict[str, bool | None] = field(default_factory=dict)  # mode -> a second write is the same
    reparse_errors: dict[str, int] = field(default_factory=dict)
    t_refs: float | None = None
    t_pybtex: float | None = None
    t_btp: float | None = None
    t_render: float | None = None
    t_citeproc_js: float | None = None  # citeproc-js on refs' CSL-JSON export of the file, apa
    render_note: str = ""
    text: str = ""
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)  # the line of every entry head, in order
    mixed: str = ""  # a file that is not UTF-8 but holds UTF-8 sequences: what was done with them


def refs_cli(*args: str, timeout: float) -> tuple[int | None, str, str, float]:
    """Run ``refs`` (this checkout's, through ``python -m refs``); (exit code, stdout, stderr, s)."""
    t0 = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REFS_SRC), os.environ.get("PYTHONPATH", "")])}
    try:
        proc = subprocess.run([sys.executable, "-m", "refs", "--no-cache", *args], capture_output=True,
                              text=True, timeout=timeout, cwd=str(ROOT), env=env)
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {timeout:.0f} s", time.perf_counter() - t0
    return proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - t0


FINDING_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+)(?::\d+)?: (?P<severity>error|warning|info)\[(?P<code>[\w-]+)\]: "
                          r"(?P<message>.*)$", re.M)


def findings_from_text(text: str) -> list[dict]:
    """Findings printed as text (``FILE:LINE:COL: error[code]: message``), as refs prints the
    errors of a file it refuses."""
    return [{"file": m["file"], "line": int(m["line"]), "severity": m["severity"], "code": m["code"],
             "message": m["message"], "references": []} for m in FINDING_LINE.finditer(text)]


UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _codec_exists(name: str) -> bool:
    import codecs

    try:
        codecs.lookup(name)
        return True
    except LookupError:
        return False


def mixed_encoding(data: bytes, encoding: str) -> str:
    """For a file read with a legacy encoding: how many of its bytes were valid UTF-8 sequences
    (now read as two or three legacy characters each) and how many were not. Mixed files are
    common (a UTF-8 file edited once in a Latin-1 editor); one legacy code page for the whole
    file turns every UTF-8 character in it into mojibake."""
    name = encoding.replace("-", "").replace("_", "").lower()
    if name.startswith(("utf", "ascii", "usascii", "gb", "big5", "shiftjis", "sjis", "euc", "cp932", "cp936",
                        "cp949", "cp950", "hz", "iso2022", "johab")):
        return ""  # UTF-8 itself, or a multi-byte encoding whose pairs can look like UTF-8 by chance
    seqs = len(UTF8_SEQ.findall(data))
    high = sum(1 for b in data if b > 127)
    bad = high - sum(len(m) for m in UTF8_SEQ.findall(data))
    return f"mixed: {seqs} UTF-8 sequences, {bad} other non-ASCII bytes" if seqs and bad else ""


def analyse(path: Path, args: argparse.Namespace, modes: dict[str, dict[str, Any]], log) -> Result:
    res = Result(path, size=path.stat().st_size)
    limit = args.examples

    # --- refs: read, parse (timed), accepted?
    try:
        decoded = read_text(path)
        res.encoding, res.text = decoded.encoding, decoded.text
    except RefsError as error:
        res.accepted, res.refusing["unreadable-file"] = False, 1
        res.check_note = str(error).splitlines()[0]
        return res
    res.spans = entry_spans(res.text)
    res.starts = [line_of(res.text, m.start()) for m in ENTRY_HEAD.finditer(res.text)
                  if m.group(1).lower() not in NONENTRY_TYPES]
    res.mixed = mixed_encoding(path.read_bytes(), res.encoding)

    def refs_parse():
        return bibtex.parse(read_text(path).text, str(path))

    parsed = None
    try:
        res.t_refs, parsed = best_of(args.repeat, refs_parse)
    except RefsError as error:
        res.accepted, res.refusing["refs-error"] = False, 1
        res.check_note = str(error).splitlines()[0]
    except Exception as error:  # noqa: BLE001 - a crash is what we are looking for
        res.crash = f"parse: {type(error).__name__}: {error}"
        log(traceback.format_exc())
    if parsed is not None:
        errors = [f for f in parsed.findings if f.severity.value == "error"]
        res.accepted = not errors
        res.refusing.update(f.code for f in errors)
        res.refs_entries = len(parsed.library)
    log(f"refs {res.t_refs or 0:.2f}s")

    # --- pybtex and bibtexparser on the original file (timed; the last result is kept)
    orig_pyb = orig_btp = None
    try:
        # a file of mixed encodings has no single codec name: the other readers get the text refs read
        known = _codec_exists(res.encoding)

        def pyb():
            with pybtex.errors.capture() as errors:
                if known:
                    data = pybtex.database.parse_file(str(path), "bibtex", encoding=res.encoding)
                else:
                    data = pybtex.database.parse_string(res.text, "bibtex")
            return pybtex_view(data, len(errors))

        res.t_pybtex, orig_pyb = best_of(args.repeat, pyb)
        res.entries = len(orig_pyb.entries)
    except Exception as error:  # noqa: BLE001 - pybtex's own failure: no comparison with it
        res.check_note += f" pybtex failed: {type(error).__name__}: {error}"
    log(f"pybtex {res.t_pybtex or 0:.2f}s")
    try:
        res.t_btp, _ = best_of(args.repeat, lambda: bibtexparser.parse_file(str(path), encoding=res.encoding)
                               if known else bibtexparser.parse_string(res.text))
        orig_btp = btp_parse_text(res.text)  # the raw view, middlewares off
        res.fields = orig_btp.field_count()
        res.entries = res.entries or len(orig_btp.entries)
    except Exception as error:  # noqa: BLE001
        res.check_note += f" bibtexparser failed: {type(error).__name__}: {error}"
    log(f"bibtexparser {res.t_btp or 0:.2f}s")

    # --- write and read back, in each mode
    if parsed is not None:
        for mode, options in modes.items():
            try:
                out = bibtex.dump(parsed.library, **options)
                again = bibtex.parse(out, f"{path.name} ({mode} write)")
                res.reparse_errors[mode] = len(again.errors)
                res.stable[mode] = bibtex.dump(again.library, **options) == out
            except RefsError as error:
                res.crash = (res.crash or "") + f" {mode} write: refused its own output: {error}"
                continue
            except Exception as error:  # noqa: BLE001
                res.crash = (res.crash or "") + f" {mode} write: {type(error).__name__}: {error}"
                log(traceback.format_exc())
                continue
            res.diffs[mode] = {}
            if orig_pyb is not None:
                res.diffs[mode]["pybtex"] = compare(orig_pyb, pybtex_parse_text(out), raw=False, limit=limit)
            if orig_btp is not None:
                res.diffs[mode]["raw"] = compare(orig_btp, btp_parse_text(out), raw=True, limit=limit)
        log("round trip")

    # --- the CLI: refs check (findings, exit code) and refs bib (render time)
    rc, out, err, _ = refs_cli("check", str(path), "--format", "json", timeout=args.timeout)
    res.check_rc = rc
    if rc == 3 or rc is None:
        res.crash = (res.crash or "") + f" refs check: {err.strip().splitlines()[-1] if err.strip() else rc}"
    try:
        res.findings = json.loads(out)["findings"] if out.strip() else []
    except (ValueError, KeyError):
        res.findings = []
    if not res.findings and err.strip():  # a refused file: its errors are on stderr, as text
        res.findings = findings_from_text(err)
    if rc == 2 and err.strip():
        res.check_note = (res.check_note + " " + err.strip().splitlines()[0]).strip()
    log(f"check rc={rc}")
    if not args.no_render:
        rc, _, err, seconds = refs_cli("bib", str(path), "--style", "apa", "--format", "text", timeout=args.timeout)
        res.t_render = seconds
        if rc != 0:
            first = next((ln for ln in err.splitlines() if "error" in ln), err.strip()[:80])
            res.render_note = f"render rc={rc}: {first[:160]}"
            if rc == 3:
                res.crash = (res.crash or "") + f" refs bib: {err.strip().splitlines()[-1] if err.strip() else rc}"
        log(f"render {seconds:.1f}s rc={rc}")
        rc, out, _, _ = refs_cli("export", str(path), "--to", "csljson", timeout=args.timeout)
        if rc == 0:
            res.t_citeproc_js = citeproc_js_seconds(json.loads(out))
            log(f"citeproc-js {res.t_citeproc_js}")
    return res


def citeproc_js_seconds(items: list[dict], style: str = "apa") -> float | None:
    """citeproc-js (the npm package pinned in tests/js, through node, timed inside node from the
    engine's creation to the bibliography, as benchmarks/run.py times it) on the same items in the
    same style and locale; None without node or the package."""
    script = ROOT / "benchmarks" / "citeproc_bench.js"
    if not shutil.which("node") or not (ROOT / "tests" / "js" / "node_modules" / "citeproc").is_dir():
        return None
    sys.path.insert(0, str(REFS_SRC))
    from refs.render import registry

    found = registry.find_style(style)
    locales = registry._citeproc_locales_dir()
    job = {"style": found.path.read_text(encoding="utf-8"), "lang": "en-US",
           "locales": {"en-US": (locales / "locales-en-US.xml").read_text(encoding="utf-8")}, "items": items}
    proc = subprocess.run(["node", str(script)], input=json.dumps(job), capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"citeproc-js failed: {proc.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(proc.stdout)["seconds"]


# ---------------------------------------------------------------------------- reporting


def pct(n: int, total: int) -> str:
    return f"{n} ({100 * n / total:.1f}%)" if total else str(n)


def secs(t: float | None) -> str:
    return "–" if t is None else f"{t:.2f}"


def accepted_cell(r: Result) -> str:
    if r.crash:
        return "CRASH"
    if r.accepted is None:
        return "?"
    if r.accepted:
        return "yes"
    return "no: " + ", ".join(f"{c}×{n}" for c, n in r.refusing.most_common())


def roundtrip_table(results: list[Result], mode: str) -> list[str]:
    head = ("| file | enc | KB | accepted | check rc | entries | refs read | fields | changed (pybtex) | "
            "changed (raw) | of which macros | persons | order | type | lost E/F | added E/F | stable |")
    lines = [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    tot = Counter()
    for r in results:
        dp, dr = r.diffs.get(mode, {}).get("pybtex"), r.diffs.get(mode, {}).get("raw")
        persons = (dp.changed["person-count"] + dp.changed["person-parts"]) if dp else 0
        lost = (dp or dr).entries_lost if (dp or dr) else 0
        cells = [
            r.path.name, r.encoding + (f" ⚠ {r.mixed}" if r.mixed else ""), f"{r.size // 1024}", accepted_cell(r),
            str(r.check_rc), str(r.entries), str(r.refs_entries), str(r.fields),
            pct(dp.n_changed, dp.compared) if dp else "–",
            pct(dr.n_changed, dr.compared) if dr else "–",
            str(dr.changed["macro-expanded"]) if dr else "–",
            str(persons) if dp else "–",
            str(dr.order_changed) if dr else "–",
            str((dp or dr).type_changed) if (dp or dr) else "–",
            f"{lost}/{(dp or dr).fields_lost}" if (dp or dr) else "–",
            f"{(dp or dr).entries_added}/{(dp or dr).fields_added}" if (dp or dr) else "–",
            {True: "yes", False: "NO", None: "–"}[r.stable.get(mode)],
        ]
        lines.append("| " + " | ".join(cells) + " |")
        tot["files"] += 1
        tot["accepted"] += bool(r.accepted) and not r.crash
        tot["crash"] += bool(r.crash)
        tot["refused_cli"] += r.check_rc == 2
        tot["entries"] += r.entries
        tot["refs_entries"] += r.refs_entries
        tot["fields"] += r.fields
        tot["size"] += r.size
        if dp:
            tot["p_changed"] += dp.n_changed
            tot["p_compared"] += dp.compared
            tot["persons"] += persons
        if dr:
            tot["r_changed"] += dr.n_changed
            tot["r_compared"] += dr.compared
            tot["macros"] += dr.changed["macro-expanded"]
            tot["order"] += dr.order_changed
        if dp or dr:
            d = dp or dr
            tot["type"] += d.type_changed
            tot["e_lost"] += d.entries_lost
            tot["f_lost"] += d.fields_lost
            tot["e_added"] += d.entries_added
            tot["f_added"] += d.fields_added
        tot["stable"] += r.stable.get(mode) is True
    lines.append("| " + " | ".join([
        f"**total ({tot['files']} files)**", "", str(tot["size"] // 1024),
        f"{tot['accepted']}/{tot['files']} ({tot['crash']} crashes)", f"{tot['refused_cli']}× rc 2",
        str(tot["entries"]), str(tot["refs_entries"]), str(tot["fields"]),
        pct(tot["p_changed"], tot["p_compared"]), pct(tot["r_changed"], tot["r_compared"]),
        str(tot["macros"]), str(tot["persons"]), str(tot["order"]), str(tot["type"]),
        f"{tot['e_lost']}/{tot['f_lost']}", f"{tot['e_added']}/{tot['f_added']}",
        f"{tot['stable']}/{tot['files']}",
    ]) + " |")
    return lines


def findings_table(results: list[Result], render: bool) -> list[str]:
    cols = ["file", "errors", "warnings", "notes", "codes (most frequent first)", "refs parse s",
            "pybtex s", "bibtexparser s"] + (["render s", "citeproc-js s", "ratio"] if render else [])
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    tot_sev, tot_codes, tot_t = Counter(), Counter(), Counter()
    for r in results:
        sev = Counter(f["severity"] for f in r.findings)
        codes = Counter(f["code"] for f in r.findings)
        tot_sev.update(sev)
        tot_codes.update(codes)
        for name in ("t_refs", "t_pybtex", "t_btp", "t_render", "t_citeproc_js"):
            tot_t[name] += getattr(r, name) or 0
        cells = [r.path.name, str(sev["error"]), str(sev["warning"]), str(sev["info"]),
                 ", ".join(f"{c} {n}" for c, n in codes.most_common(6)) or "–",
                 secs(r.t_refs), secs(r.t_pybtex), secs(r.t_btp)]
        if render:
            cells.append(secs(r.t_render) + (f" ({r.render_note.split(':')[0]})" if r.render_note else ""))
            cells.append(secs(r.t_citeproc_js))
            cells.append(f"{r.t_render / r.t_citeproc_js:.2f}×" if r.t_render and r.t_citeproc_js else "–")
        lines.append("| " + " | ".join(cells) + " |")
    cells = ["**total**", str(tot_sev["error"]), str(tot_sev["warning"]), str(tot_sev["info"]),
             ", ".join(f"{c} {n}" for c, n in tot_codes.most_common(10)),
             f"{tot_t['t_refs']:.2f}", f"{tot_t['t_pybtex']:.2f}", f"{tot_t['t_btp']:.2f}"]
    if render:
        cells.append(f"{tot_t['t_render']:.1f}")
        cells.append(f"{tot_t['t_citeproc_js']:.1f}")
        cells.append(f"{tot_t['t_render'] / tot_t['t_citeproc_js']:.2f}×" if tot_t["t_citeproc_js"] else "–")
    lines.append("| " + " | ".join(cells) + " |")
    return lines


def change_kinds(results: list[Result], mode: str) -> list[str]:
    """Every kind of change with its count and the files it comes from, most frequent first."""
    lines = []
    for reader in ("pybtex", "raw"):
        kinds, files = Counter(), defaultdict(Counter)
        for r in results:
            d = r.diffs.get(mode, {}).get(reader)
            if d is None:
                continue
            for kind, n in d.changed.items():
                kinds[kind] += n
                files[kind][r.path.name] += n
            for kind, n in (("field-lost", d.fields_lost), ("field-added", d.fields_added),
                            ("entry-lost", d.entries_lost), ("entry-added", d.entries_added),
                            ("field-order", d.order_changed), ("entry-type", d.type_changed)):
                if n:
                    kinds[kind] += n
                    files[kind][r.path.name] += n
        label = "pybtex (macros expanded, persons as Person)" if reader == "pybtex" else "bibtexparser raw values"
        lines.append(f"- against {label}: " + ("; ".join(
            f"{k} {n} ({', '.join(f'{f} {m}' for f, m in files[k].most_common(3))})" for k, n in kinds.most_common())
            or "no change"))
    return lines


def print_details(r: Result, modes: dict[str, dict], examples: int) -> None:
    print(f"## {r.path}\n")
    print(f"encoding {r.encoding}; accepted: {accepted_cell(r)}; refs check exit {r.check_rc} {r.check_note}")
    if r.crash:
        print(f"crash: {r.crash}")
    for mode in modes:
        for reader, d in r.diffs.get(mode, {}).items():
            print(f"\n### {mode} write, compared with {reader} ({d.n_changed} of {d.compared} values changed)\n")
            for kind, items in sorted(d.examples.items(), key=lambda kv: kv[0]):
                total = d.changed.get(kind) or {"field-lost": d.fields_lost, "field-added": d.fields_added,
                                                "entry-lost": d.entries_lost, "entry-added": d.entries_added,
                                                "field-order": d.order_changed, "entry-type": d.type_changed
                                                }.get(kind, len(items))
                print(f"#### {kind} ({total})\n")
                for key, name, before, after, entry_line in items[:examples]:
                    span = r.spans.get(key.lower()) if key else None
                    line = field_line(r.text, span, name) if name and not name.startswith("@") else (
                        line_of(r.text, span[0]) if span else None)
                    print(f"- {r.path.name}:{line or entry_line or '?'} `{key}` {name}")
                    before, after = _window(before, after)
                    print(f"    - original:   {_show(before)}")
                    print(f"    - round trip: {_show(after)}")
                print()
    print(f"### findings ({len(r.findings)})\n")
    by_code = defaultdict(list)
    for f in r.findings:
        by_code[(f["severity"], f["code"])].append(f)
    for (sev, code), items in sorted(by_code.items(), key=lambda kv: -len(kv[1])):
        print(f"#### {sev} {code} ({len(items)})\n")
        for f in items[:examples]:
            print(f"- {Path(f.get('file') or '').name}:{f.get('line')}: {f['message']}")
        print()


def _window(a: str, b: str, width: int = 240) -> tuple[str, str]:
    """Long values cut to the stretch around their first difference, so that it shows."""
    a, b = ws(a), ws(b)
    if max(len(a), len(b)) <= width:
        return a, b
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, i - width // 3)
    cut = lambda t: ("…" if start else "") + t[start : start + width] + ("…" if start + width < len(t) else "")  # noqa: E731
    return cut(a), cut(b)


def _show(text: str, width: int = 250) -> str:
    t = ws(text)
    return "`" + (t if len(t) <= width else t[:width] + "…") + "`" if t else "(none)"


def write_sample(results: list[Result], n: int, seed: int, out: Path) -> int:
    """N findings drawn at random from the whole corpus, each with its entry's text."""
    pool = [(r, f) for r in results for f in r.findings]
    chosen = random.Random(seed).sample(pool, min(n, len(pool)))
    chosen.sort(key=lambda rf: (rf[0].path.name, rf[1].get("line") or 0))
    lines = [f"# {len(chosen)} findings drawn from {len(pool)} (seed {seed})\n",
             "Mark each: true positive (TP), false positive (FP) or unsure (?).\n"]
    for i, (r, f) in enumerate(chosen, 1):
        text = _entry_text(r, f)
        lines.append(f"## {i}. {r.path.name}:{f.get('line')} {f['severity']} [{f['code']}]\n")
        lines.append(f"{f['message']}\n")
        lines.append("Verdict: TP / FP / ?\n")
        lines.append("```bibtex\n" + (text or "(no entry found at that line)") + "\n```\n")
    out.write_text("\n".join(lines), encoding="utf-8")
    return len(chosen)


def _entry_text(r: Result, f: dict, max_lines: int = 40) -> str:
    """The text of the entry a finding is about: the entry that starts at or before its line
    (keys may repeat, lines do not), else the entry of its first reference."""
    all_lines = r.text.splitlines()
    first = None
    if f.get("line"):
        before = [ln for ln in r.starts if ln <= f["line"]]
        first = before[-1] if before else None
    if first is None:
        for key in f.get("references") or ():
            span = r.spans.get(key.lower())
            if span:
                first = line_of(r.text, span[0])
                break
    if first is None:
        return ""
    later = [ln for ln in r.starts if ln > first]
    last = (later[0] - 1) if later else len(all_lines)
    lines = [ln.rstrip() for ln in all_lines[first - 1 : last]]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines[:max_lines] + (["…"] if len(lines) > max_lines else []))


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", type=Path, nargs="?", help="a folder of .bib files (searched recursively)")
    p.add_argument("--repeat", type=int, default=3, help="parse timings: best of N (default 3)")
    p.add_argument("--no-render", action="store_true", help="do not time `refs bib --style apa`")
    p.add_argument("--timeout", type=float, default=600, help="seconds for each refs CLI run (default 600)")
    p.add_argument("--details", type=Path, metavar="FILE", help="examples of each change and the findings of one file")
    p.add_argument("--examples", type=int, default=5, help="examples of each kind with --details (default 5)")
    p.add_argument("--sample-findings", type=int, metavar="N", help="write N random findings with their entries")
    p.add_argument("--sample-file", type=Path, default=Path(tempfile.gettempdir()) / "bib-findings-sample.md",
                   help="where --sample-findings writes (default: bib-findings-sample.md in the temporary folder)")
    p.add_argument("--seed", type=int, default=0, help="random seed of --sample-findings (default 0)")
    p.add_argument("--json", type=Path, help="also write the per-file numbers as JSON here")
    p.add_argument("--refs-src", type=Path, metavar="DIR",
                   help="measure the refs whose package is in DIR (another checkout's src/) instead of this one")
    args = p.parse_args(argv)

    modes: dict[str, dict[str, Any]] = {"default": {}}
    build = build_dump_options()
    if build:
        modes["build"] = build

    if args.details:
        files = [args.details]
    else:
        if args.dir is None:
            p.error("give a folder of .bib files (or --details FILE)")
        files = sorted(q for q in args.dir.rglob("*") if q.suffix.lower() == ".bib" and q.is_file())
        if not files:
            p.error(f"no .bib files under {args.dir}")

    results = []
    started = time.perf_counter()
    for i, path in enumerate(files, 1):
        prefix = f"[{i}/{len(files)}] {path.name}:"
        print(f"{prefix} {path.stat().st_size // 1024} KB", file=sys.stderr, flush=True)

        def log(msg: str, prefix: str = prefix) -> None:
            print(f"    {msg}", file=sys.stderr, flush=True)

        results.append(analyse(path, args, modes, log))

    if args.details:
        print_details(results[0], modes, args.examples)
        return 0

    print(f"# refs ({REFS_SRC}) on {len(files)} .bib files under {args.dir}\n")
    print("refs write modes: default `bibtex.dump(library)`" + (
        f"; build `bibtex.dump(library, {', '.join(f'{k}={v!r}' for k, v in build.items())})`" if build
        else " (refs build passes no options: the same mode)") + "\n")
    for mode in modes:
        print(f"## Reading and writing back ({mode} write)\n")
        print("\n".join(roundtrip_table(results, mode)))
        print("\nKinds of change, most frequent first:\n")
        print("\n".join(change_kinds(results, mode)))
        print()
    print(f"## Findings (`refs check FILE --format json`) and times (best of {args.repeat})\n")
    print("\n".join(findings_table(results, not args.no_render)))
    crashes = [r for r in results if r.crash]
    if crashes:
        print("\n## Crashes\n")
        for r in crashes:
            print(f"- {r.path.name}: {r.crash.strip()}")
    notes = [r for r in results if r.check_note.strip() or r.render_note]
    if notes:
        print("\n## Notes\n")
        for r in notes:
            print(f"- {r.path.name}: {(r.check_note + ' ' + r.render_note).strip()}")
    print(f"\n({time.perf_counter() - started:.0f} s in all)")

    if args.sample_findings:
        n = write_sample(results, args.sample_findings, args.seed, args.sample_file)
        print(f"wrote {n} sampled findings to {args.sample_file}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps([_as_json(r) for r in results], indent=1), encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


def _as_json(r: Result) -> dict[str, Any]:
    return {
        "file": str(r.path), "encoding": r.encoding, "bytes": r.size, "accepted": r.accepted,
        "refusing": dict(r.refusing), "crash": r.crash, "check_rc": r.check_rc, "entries": r.entries,
        "refs_entries": r.refs_entries, "fields": r.fields,
        "findings": dict(Counter(f["code"] for f in r.findings)),
        "times": {"refs": r.t_refs, "pybtex": r.t_pybtex, "bibtexparser": r.t_btp, "render": r.t_render,
                  "citeproc-js": r.t_citeproc_js},
        "roundtrip": {mode: {reader: {"compared": d.compared, "changed": dict(d.changed),
                                      "entries_lost": d.entries_lost, "entries_added": d.entries_added,
                                      "fields_lost": d.fields_lost, "fields_added": d.fields_added,
                                      "order_changed": d.order_changed, "type_changed": d.type_changed}
                             for reader, d in diffs.items()} for mode, diffs in r.diffs.items()},
        "stable": r.stable,
    }


if __name__ == "__main__":
    sys.exit(main())
