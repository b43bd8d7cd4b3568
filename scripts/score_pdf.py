"""How well `refs claims` does on the PDFs themselves (refs' own PDF reader), against the same
truth as ../shared/real-corpus/score.py uses for the pdftotext text.

The corpus' truth gives lines in pdftotext's output, which refs' reader does not reproduce line
for line; so markers are matched by their numbers, in document order (difflib over the
sequences of cited numbers), and each matched marker's claim is checked as the corpus scorer
checks it: the key phrase (and the sentence's start) in, the next sentence out.

    python scripts/score_pdf.py [-v] ../shared/real-corpus
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
import time
import unicodedata


def fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "").casefold().replace("ı", "i")
    return "".join(c for c in s if c.isalnum() and not unicodedata.combining(c))


def score(case: str, verbose: bool) -> tuple[str, int, int, int, int, float] | None:
    golden = json.load(open(os.path.join(case, "golden.json"), encoding="utf-8"))
    pdf = golden.get("pdf")
    if not pdf:
        return None
    start = time.monotonic()
    run = subprocess.run(["refs", "claims", os.path.join(case, pdf), "--bib", os.path.join(case, golden["bib"]),
                          "--format", "json"], capture_output=True, text=True)
    seconds = time.monotonic() - start
    if run.returncode not in (0, 1):
        print(f"{golden['case']}: refs exit {run.returncode}: {run.stderr.strip()[:300]}")
        return golden["case"], 0, len(golden["markers"]), 0, 0, seconds
    data = json.loads(run.stdout)
    got = data["markers"]
    # one entry per cited number, in order, remembering its marker
    want = [(n, i) for i, m in enumerate(golden["markers"]) for n in m["n"]]
    have = [(n, j) for j, m in enumerate(got) for n in m["numbers"]]
    matcher = difflib.SequenceMatcher(None, [n for n, _ in want], [n for n, _ in have], autojunk=False)
    hit: dict[int, int] = {}  # golden marker -> refs marker
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            hit.setdefault(want[block.a + k][1], have[block.b + k][1])
    by_marker = {(c["marker"]["line"], c["marker"]["column"]): c for c in data["claims"]}
    checked = good = 0
    for i, m in enumerate(golden["markers"]):
        if not (m.get("key") or m.get("not") or m.get("start")):
            continue
        checked += 1
        if i not in hit:
            continue
        mk = got[hit[i]]
        claim = by_marker.get((mk["line"], mk["column"]))
        text = fold(claim["text"]) if claim else ""
        ok = (claim is not None and (not m.get("key") or fold(m["key"]) in text)
              and (not m.get("start") or fold(m["start"]) in text)
              and (not m.get("not") or fold(m["not"]) not in text))
        good += ok
        if verbose and not ok:
            print(f"    {golden['case']} {m['text']}: key {m.get('key')!r} not in {claim['text'][:160] if claim else None!r}")
    return golden["case"], len(hit), len(golden["markers"]), good, checked, seconds


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    roots = [a for a in argv if a != "-v"] or ["../shared/real-corpus"]
    rows = []
    for root in roots:
        for name in sorted(os.listdir(root)):
            case = os.path.join(root, name)
            if os.path.isfile(os.path.join(case, "golden.json")):
                row = score(case, verbose)
                if row:
                    rows.append(row)
    print(f"{'case':34} {'markers':>9} {'claims':>9} {'seconds':>8}")
    for name, a, b, c, d, sec in rows:
        print(f"{name:34} {a:>4}/{b:<4} {c:>4}/{d:<4} {sec:8.1f}")
    a, b = sum(r[1] for r in rows), sum(r[2] for r in rows)
    c, d = sum(r[3] for r in rows), sum(r[4] for r in rows)
    print(f"{'all':34} {a:>4}/{b:<4} {c:>4}/{d:<4} {sum(r[5] for r in rows):8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
