"""Run the CSL test suite through stock citeproc-py, in a process of its own (refs is never
imported here, so nothing of refs touches it), and write the names of the fixtures it passes.

    python scripts/csl_suite_stock.py [SUITE_DIR] [--write FILE]

Used to check that every fixture stock citeproc-py passes, refs' processor passes too
(``scripts/csl_suite.py --stock FILE``)."""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SUITE = ROOT.parent / "shared" / "csl-test-suite" / "humans"
_SECTION = re.compile(r">>=+\s*([A-Z-]+)\s*=+>>\n?(.*?)\n?<<=+\s*\1\s*=+<<", re.S)


def read_fixture(path: Path) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in _SECTION.finditer(path.read_text(encoding="utf-8"))}


def render(fx: dict[str, str]) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(fx["INPUT"])
    for n, item in enumerate(items, start=1):
        item.setdefault("id", f"ITEM-{n}")
    style = CitationStylesStyle(io.BytesIO(fx["CSL"].encode("utf-8")), validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.html)
    if "CITATION-ITEMS" in fx:
        clusters = [[CitationItem(str(c["id"])) for c in cl] for cl in json.loads(fx["CITATION-ITEMS"])]
    elif "CITATIONS" in fx:
        return ""  # stock citeproc-py has no insert-and-update protocol
    else:
        clusters = [[CitationItem(str(i["id"])) for i in items]]
    citations = [Citation(c) for c in clusters]
    for c in citations:
        bib.register(c)
    if fx.get("MODE", "").strip().startswith("bibliography"):
        bib.sort()
        body = "".join(f'  <div class="csl-entry">{e}</div>\n' for e in bib.bibliography())
        return f'<div class="csl-bib-body">\n{body}</div>'
    return "\n".join(str(bib.cite(c, lambda item: None)) for c in citations)


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("suite", nargs="?", type=Path, default=DEFAULT_SUITE)
    ap.add_argument("--write", type=Path, help="write the names of the fixtures stock citeproc-py passes here")
    args = ap.parse_args()
    passed = []
    total = 0
    for path in sorted(args.suite.glob("*.txt")):
        total += 1
        fx = read_fixture(path)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                got = render(fx)
        except Exception:  # noqa: BLE001 - a fixture stock citeproc-py cannot render is not passed
            continue
        if normalise(got) == normalise(fx.get("RESULT", "")):
            passed.append(path.stem)
    print(f"stock citeproc-py: {len(passed)}/{total}")
    if args.write:
        args.write.write_text("".join(f"{n}\n" for n in passed), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
