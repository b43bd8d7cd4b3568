"""How well refs tells whether a source says what a claim says.

Reads ``tests/fixtures/support/labelled.json`` (source pages and claims written for the tests in
Azerbaijani, Russian and English; each claim labelled supported, partly, not_found or
contradicted against the page it cites) and judges every claim against its own page and against
every other page (a swapped pair: not supported). Prints:

- precision and recall of ``supported`` and of ``contradicted`` (true pairs),
- the confusion of labels and verdicts,
- the separation of true from swapped pairs by score (ROC AUC; a true pair is one whose claim
  its page supports or partly supports), overall and against pages on the same subject,
- the same on the half of the pages the thresholds were not chosen on (``--split``).

    python benchmarks/support_bench.py [-v] [--split]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from refs.api import date_mentions
from refs.verify import evidence as ev

HERE = Path(__file__).resolve().parent.parent
DATA = HERE / "tests" / "fixtures" / "support" / "labelled.json"
LABEL = {"supported": ev.SUPPORTED, "partly": ev.PARTLY, "not_found": ev.NOT_FOUND, "contradicted": ev.CONTRADICTED}


dates_in = date_mentions  # the date reader refs check uses


def load(path: Path = DATA) -> tuple[dict[str, ev.SourceDoc], list[dict]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    pages = {}
    for p in data["pages"]:
        pub = (p["published"], p["published"]) if p.get("published") else None
        pages[p["id"]] = ev.SourceDoc(text="\n\n".join(p["text"]), title=p["title"], published=pub, lang=p["lang"])
    return pages, data["claims"]


WICE_LABEL = {"supported": "supported", "partially_supported": "partly", "not_supported": "not_found"}


def load_wice(root: Path, split: str = "test") -> tuple[dict[str, ev.SourceDoc], list[dict]]:
    """Real claims and the real pages they cite: WiCE (Wikipedia sentences and the web pages their
    citations name, each labelled supported / partially_supported / not_supported by annotators).

    ``root`` is a clone of the WiCE repository (read in place, never copied into ours)."""
    path = root / "data" / "entailment_retrieval" / "claim" / f"{split}.jsonl"
    if not path.is_file():
        raise SystemExit(f"{path}: not found (--wice takes a clone of the WiCE repository)")
    pages: dict[str, ev.SourceDoc] = {}
    claims = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        pid = row["meta"]["id"]
        title = ""
        text = []
        for sentence in row["evidence"]:
            if sentence.startswith("(meta data) TITLE:"):
                title = sentence.split(":", 1)[1].strip()
            else:
                text.append(sentence)
        pages[pid] = ev.SourceDoc(text="\n".join(text), title=title, published=None, lang="en")
        claims.append({"id": pid, "page": pid, "lang": "en", "text": row["claim"], "label": WICE_LABEL[row["label"]],
                       "subject": row["meta"].get("claim_title", "")})
    return pages, claims


def auc(pos: list[float], neg: list[float]) -> float:
    """The chance that a true pair scores above a swapped one (ties count half)."""
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def pr(results: list[tuple[str, str]], verdict: str) -> tuple[float, float, int, int]:
    said = [r for r in results if r[1] == verdict]
    true = [r for r in results if r[0] == verdict]
    hit = sum(1 for r in said if r[0] == verdict)
    return (hit / len(said) if said else float("nan"), hit / len(true) if true else float("nan"), len(said), len(true))


def run(claims: list[dict], pages: dict[str, ev.SourceDoc], verbose: bool = False,
        thresholds: dict[str, float] | None = None, swapped: bool = True, swaps: int | None = None) -> dict:
    """Judge each claim against its page and against other pages (all of them, or ``swaps`` pages
    chosen in a fixed order among those about another subject)."""
    results: list[tuple[str, str]] = []
    pos: list[float] = []
    neg: list[float] = []
    swapped_verdicts: Counter[str] = Counter()
    by_id = {c["page"]: c for c in claims}
    for c in claims:
        items = ev.claim_items(c["text"], dates_in)
        own = ev.judge(c["text"], pages[c["page"]], dates_in, items, thresholds)
        results.append((LABEL[c["label"]], own.verdict))
        if c["label"] in ("supported", "partly"):
            pos.append(own.score)
        if verbose and LABEL[c["label"]] != own.verdict:
            p = own.passage
            print(f"  {c['id']} [{c['lang']}] {c['label']} -> {own.verdict} ({own.score:.2f}): {c['text'][:90]}")
            if p:
                print(f"      matched {[i.text for i in p.matched]} missing {[i.text for i in p.missing]} "
                      f"conflicts {[(i.text, s) for i, s in p.conflicts]}")
                print(f"      passage: {p.text[:140]}")
        others = [pid for pid in pages if pid != c["page"]] if swapped else []
        if swaps is not None:
            subject = c.get("subject")
            others = [pid for pid in others if not subject or by_id[pid].get("subject") != subject]
            step = max(1, len(others) // swaps)
            others = others[(len(results) * 7) % step::step][:swaps]
        for pid in others:
            page = pages[pid]
            other = ev.judge(c["text"], page, dates_in, items, thresholds)
            neg.append(other.score)
            swapped_verdicts[other.verdict] += 1
    return {"results": results, "pos": pos, "neg": neg, "swapped": swapped_verdicts}


def report(name: str, out: dict) -> None:
    results = out["results"]
    sp, sr, sn, st = pr(results, ev.SUPPORTED)
    cp, cr, cn, ct = pr(results, ev.CONTRADICTED)
    print(f"\n{name}: {len(results)} claims, {len(out['neg'])} swapped pairs")
    print("| measure | value |\n|---|---|")
    print(f"| precision of supported | {_f(sp)} ({sn} said) |")
    print(f"| recall of supported | {_f(sr)} ({st} labelled) |")
    print(f"| precision of contradicted | {_f(cp)} ({cn} said) |")
    print(f"| recall of contradicted | {_f(cr)} ({ct} labelled) |")
    said = [t for t, v in results if v == ev.SUPPORTED]
    if said:
        some = sum(1 for t in said if t in (ev.SUPPORTED, ev.PARTLY))
        print(f"| of those called supported, supported at least in part | {some / len(said):.2f} ({some} of {len(said)}) |")
    print(f"| ROC AUC, true vs swapped pairs | {auc(out['pos'], out['neg']):.3f} |")
    wrong = sum(v for k, v in out["swapped"].items() if k in (ev.SUPPORTED, ev.PARTLY))
    print(f"| swapped pairs called supported or partly | {wrong} of {sum(out['swapped'].values())} |")
    labels = [ev.SUPPORTED, ev.PARTLY, ev.CONTRADICTED, ev.NOT_FOUND]
    print("\n| label \\ verdict | " + " | ".join(labels) + " |\n" + "|---" * (len(labels) + 1) + "|")
    for lab in labels:
        row = Counter(v for t, v in results if t == lab)
        print(f"| {lab} | " + " | ".join(str(row[v]) for v in labels) + " |")


def _f(x: float) -> str:
    return "—" if x != x else f"{x:.2f}"  # nothing to measure: a dash, not "nan"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="show each claim judged otherwise than labelled")
    ap.add_argument("--split", action="store_true",
                    help="also report the pages the thresholds were not chosen on (the second half) apart")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--wice", type=Path, metavar="DIR",
                    help="real claims and their cited pages instead: a clone of the WiCE repository")
    ap.add_argument("--wice-split", default="test", choices=("dev", "test"))
    ap.add_argument("--swaps", type=int, default=None,
                    help="judge each claim against this many other pages (default: all; with --wice: 5)")
    ap.add_argument("--sweep", action="store_true",
                    help="precision and recall of supported for each threshold (how THRESHOLDS was chosen)")
    args = ap.parse_args(argv)
    pages, claims = load_wice(args.wice, args.wice_split) if args.wice else load(args.data)
    swaps = args.swaps if args.swaps is not None else (5 if args.wice else None)
    if args.sweep:
        print("| supported from | partly from | precision of supported | recall of supported | partly right |")
        print("|---|---|---|---|---|")
        for ts in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
            for tp in (0.3, 0.4, 0.5):
                th = dict(ev.THRESHOLDS, supported=ts, partly=tp)
                res = run(claims, pages, thresholds=th, swapped=False)["results"]
                p, r, _, _ = pr(res, ev.SUPPORTED)
                pp = sum(1 for t, v in res if t == v == ev.PARTLY) / max(1, sum(1 for t, _ in res if t == ev.PARTLY))
                print(f"| {ts:.2f} | {tp:.2f} | {_f(p)} | {_f(r)} | {pp:.2f} |")
        return 0
    t0 = time.perf_counter()
    out = run(claims, pages, args.verbose, swaps=swaps)
    took = time.perf_counter() - t0
    report("all pages", out)
    if args.split:
        ids = list(pages)
        held = set(ids[len(ids) // 2:])
        sub = {k: v for k, v in pages.items() if k in held}
        report("held-out half (thresholds chosen on the first half)",
               run([c for c in claims if c["page"] in held], sub, False))
    pairs = len(out["results"]) + len(out["neg"])
    print(f"\n{pairs} claim-source pairs judged in {took:.1f} s ({1000 * took / pairs:.1f} ms a pair)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
