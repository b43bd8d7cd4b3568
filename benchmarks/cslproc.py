"""refs' own CSL processor (``refs.render.cslproc``) against citeproc-js, in the same run on the
same CSL-JSON: a Markdown table of cold bibliography times and the ratio, with peak memory.

    python benchmarks/cslproc.py [--quick]

Needs node with tests/js installed (`npm ci` there) for the citeproc-js column. The processor
runs in one process with no cache, from a fresh ``Processor`` each time."""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from library import library  # noqa: E402
from run import citeproc_js  # noqa: E402

from refs.render import registry  # noqa: E402
from refs.render.cslproc import Processor  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1,000 entries only")
    args = ap.parse_args()
    print("| style | entries | refs' processor | citeproc-js | ratio |")
    print("|---|---|---|---|---|")
    for n in (1000,) if args.quick else (1000, 10000):
        items = library(n)
        for style in ("apa", "ieee"):
            xml = registry.find_style(style).path.read_bytes()
            t = time.perf_counter()
            proc = Processor(xml, items)
            proc.prepare()
            entries = proc.bibliography_entries("html")
            ours = time.perf_counter() - t
            assert len(entries) == n
            theirs = citeproc_js(style, items)
            ratio = f"{ours / theirs:.2f}×" if theirs else "—"
            js = f"{theirs:.2f} s" if theirs else "not installed"
            print(f"| {style} | {n:,} | {ours:.2f} s | {js} | {ratio} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"\npeak memory of this process: {peak} MB")


if __name__ == "__main__":
    main()
