"""Run the CSL processor test suite through refs' processor (``refs.render.cslproc``).

    python scripts/csl_suite.py [SUITE_DIR] [--only PATTERN] [--show N] [--write-failures FILE]

SUITE_DIR defaults to ../shared/csl-test-suite/humans next to the repository. Prints one line
per failing fixture with --show, a table by category, and ``csl-suite: P/N``. The fixture
format is described in that folder's README: sections MODE, RESULT, CSL, INPUT and optional
CITATION-ITEMS or CITATIONS."""

from __future__ import annotations

import argparse
import json
import re
import sys
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from refs.render.cslproc import Processor  # noqa: E402

DEFAULT_SUITE = ROOT.parent / "shared" / "csl-test-suite" / "humans"
_SECTION = re.compile(r">>=+\s*([A-Z-]+)\s*=+>>\n?(.*?)\n?<<=+\s*\1\s*=+<<", re.S)


def read_fixture(path: Path) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in _SECTION.finditer(path.read_text(encoding="utf-8"))}


def run_fixture(fx: dict[str, str]) -> str:
    items = json.loads(fx["INPUT"])
    for n, item in enumerate(items, start=1):
        item.setdefault("id", f"ITEM-{n}")
    proc = Processor(fx["CSL"], items)
    mode = fx.get("MODE", "citation").strip()
    if mode.startswith("bibliography"):
        if "CITATION-ITEMS" in fx:
            clusters = json.loads(fx["CITATION-ITEMS"])
            proc.prepare([str(c["id"]) for cl in clusters for c in cl])
        elif "CITATIONS" in fx:
            data = [entry[0] if isinstance(entry, list) else entry for entry in json.loads(fx["CITATIONS"])]
            proc.prepare([str(c["id"]) for cl in data for c in cl["citationItems"]])
        else:
            proc.prepare()
        return proc.bibliography("html")
    if "CITATION-ITEMS" in fx:
        clusters = json.loads(fx["CITATION-ITEMS"])
        return "\n".join(proc.cite_clusters(clusters, "html"))
    if "CITATIONS" in fx:
        return run_citations(fx["CSL"], items, json.loads(fx["CITATIONS"]))
    ids = list(dict.fromkeys(str(i["id"]) for i in items))  # an id given twice is one item, as the runner keys them
    clusters = [[{"id": i} for i in ids]]
    return "\n".join(proc.cite_clusters(clusters, "html"))


def run_citations(csl: str, items: list[dict], entries: list) -> str:
    """The suite's CITATIONS protocol, as citeproc-js's runner plays it: each entry is a
    citation inserted between the citations it names before and after it (with their note
    numbers); every citation of that document is rendered again; the result lists the
    document after the last entry, ``>>`` marking what the last insertion printed anew."""
    known: dict[str, dict] = {}
    before: dict[str, str] = {}
    order: list[str] = []
    changed: set[str] = set()
    for entry in entries:
        citation, pre, post = (entry + [[], []])[:3] if isinstance(entry, list) else (entry, [], [])
        cid = citation["citationID"]
        known[cid] = citation
        notes = {c: int(n or 0) for c, n in list(pre) + list(post)}
        notes[cid] = int((citation.get("properties") or {}).get("noteIndex") or 0)
        order = [c for c, _ in pre] + [cid] + [c for c, _ in post]
        proc = Processor(csl, items)
        clusters = [known[c]["citationItems"] for c in order]
        texts = proc.cite_clusters(clusters, "html", [notes.get(c, 0) for c in order])
        now = dict(zip(order, texts, strict=True))
        changed = {c for c in order if before.get(c) != now[c]} | {cid}
        before = now
    return "\n".join(f"{'>>' if c in changed else '..'}[{n}] {before[c]}" for n, c in enumerate(order))


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def run(suite: Path, only: str | None = None) -> dict[str, str]:
    """Every fixture's result: "pass", "fail" or "error: …"."""
    results: dict[str, str] = {}
    for path in sorted(suite.glob("*.txt")):
        name = path.stem
        if only and only not in name:
            continue
        fx = read_fixture(path)
        try:
            got = run_fixture(fx)
        except Exception as error:  # noqa: BLE001 - a fixture that breaks the processor is a failure
            results[name] = f"error: {type(error).__name__}: {error}"
            continue
        results[name] = "pass" if normalise(got) == normalise(fx.get("RESULT", "")) else "fail"
    return results


REASONS = {
    "disambiguate": "disambiguation beyond year suffixes (add-names, add-givenname, disambiguate=\"true\") is not done yet",
    "integration": "the suite's CITATIONS protocol (which earlier citations are printed again) is not followed yet",
    "position": "positions across notes (ibid., near-note, first-reference-note-number) are incomplete",
    "bugreports": "a reported processor bug whose output still differs",
    "magic": "a citeproc-js special behaviour not done yet",
    "textcase": "text-case rules (title case, sentence case, nocase) still differ",
    "sort": "sorting detail still differs",
    "name": "name formatting detail still differs", "nameattr": "inherited name options still differ",
    "nameorder": "name order detail still differs", "etal": "et-al detail still differs",
    "date": "date formatting detail still differs", "locale": "locale lookup still differs",
    "label": "label and plural rules still differ", "collapse": "collapsing detail still differs",
    "flipflop": "flip-flop of formatting and quotes still differs", "display": "cs:display blocks are not written yet",
}


def difference(expected: str, got: str) -> str:
    """Where two outputs part, a few characters of each."""
    i = 0
    while i < min(len(expected), len(got)) and expected[i] == got[i]:
        i += 1
    lo = max(0, i - 12)
    return f"expected …{expected[lo:i + 28]!r}, got …{got[lo:i + 28]!r}"


def write_expected(suite: Path, results: dict[str, str], target: Path) -> None:
    lines = ["# CSL test-suite fixtures refs' processor does not pass yet, each with why (tests/test_csl_suite.py).",
             "# Regenerate: python scripts/csl_suite.py --write-expected tests/csl_suite_expected_failures.txt"]
    for name, res in sorted(results.items()):
        if res == "pass":
            continue
        fx = read_fixture(suite / f"{name}.txt")
        if res.startswith("error"):
            detail = res
        else:
            detail = difference(normalise(fx.get("RESULT", "")), normalise(run_fixture(fx)))
        reason = REASONS.get(name.split("_")[0], "output still differs from citeproc-js")
        lines.append(f"{name}\t{reason}: {detail}".replace("\n", " "))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("suite", nargs="?", type=Path, default=DEFAULT_SUITE)
    ap.add_argument("--only", help="fixtures whose name contains this")
    ap.add_argument("--show", type=int, default=0, help="print expected and got for the first N failures")
    ap.add_argument("--write-failures", type=Path, help="write the failing fixture names here")
    ap.add_argument("--write-expected", type=Path, help="write the expected-failures list (name, reason) here")
    args = ap.parse_args()
    if not args.suite.is_dir():
        print(f"csl-suite: no fixtures at {args.suite}", file=sys.stderr)
        return 2
    results = run(args.suite, args.only)
    shown = 0
    for name, res in results.items():
        if res != "pass" and shown < args.show:
            fx = read_fixture(args.suite / f"{name}.txt")
            try:
                got = run_fixture(fx)
            except Exception:  # noqa: BLE001
                got = traceback.format_exc(limit=3)
            print(f"--- {name}\nexpected: {fx.get('RESULT', '').strip()}\ngot:      {got.strip()}\n")
            shown += 1
    by_cat: Counter[str] = Counter()
    passed_cat: Counter[str] = Counter()
    for name, res in results.items():
        cat = name.split("_")[0]
        by_cat[cat] += 1
        passed_cat[cat] += res == "pass"
    print("| category | passed | of |")
    print("|---|---|---|")
    for cat in sorted(by_cat):
        print(f"| {cat} | {passed_cat[cat]} | {by_cat[cat]} |")
    passed = sum(r == "pass" for r in results.values())
    errors = sum(r.startswith("error") for r in results.values())
    print(f"csl-suite: {passed}/{len(results)} ({errors} errors)")
    if args.write_expected:
        write_expected(args.suite, results, args.write_expected)
    if args.write_failures:
        args.write_failures.write_text("".join(f"{n}\t{r}\n" for n, r in results.items() if r != "pass"),
                                       encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
