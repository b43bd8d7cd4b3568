"""How well refs reads a manuscript's own reference list, measured on the real-document corpus.

    python benchmarks/references_bench.py [../shared/real-corpus] [--case NAME] [--pdf] [-v]

Each case's ``references.bib`` is the document's list in its order (entry n is reference [n],
``raw`` the reference's whole text). Per case this prints the entries refs finds against the
list's length, how many of refs' entries n are reference n (their texts agree: most of the
words of the true reference, in order), the DOIs right among the entries that have one, and
the fields read right over all entries: the first author's family name, the year (of the
date, or of the access date where a web page gives no other, as its citation's COinS has it), the title
(compared with letters and digits only, accents dropped; a title counts when its words agree
at 0.9 or better). ``-v`` lists every miss."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from refs import manuscript  # noqa: E402
from refs.formats import bibtex  # noqa: E402
from refs.formats.refstring import parse_reference  # noqa: E402


def norm(text: str) -> str:
    t = unicodedata.normalize("NFKD", text or "")
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return re.sub(r"[\W_]+", "", t)


def words(text: str) -> list[str]:
    t = unicodedata.normalize("NFKD", text or "")
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return re.findall(r"[^\W_]+", t)


_IDS = re.compile(r"(?:doi:?\s*|https?://\S+|\b10\.\d{4,9}/\S+|\bPMID:?\s*\d+|\b\d{7,9}\b)", re.I)


def same_reference(ours: str, truth: str) -> bool:
    """Most of the true reference's words in ours, whatever their order (the truth may be the
    publisher's structured text of it: Vancouver-ordered names, a DOI the print leaves out)."""
    from collections import Counter

    a, b = Counter(words(_IDS.sub(" ", ours))), Counter(words(_IDS.sub(" ", truth)))
    if not a or not b:  # a reference that is a bare URL or DOI
        return bool(norm(ours)) and norm(ours) == norm(truth)
    common = sum((a & b).values())
    if common >= 0.75 * sum(b.values()) and common >= 0.6 * sum(a.values()):
        return True
    return difflib.SequenceMatcher(None, norm(ours), norm(truth), autojunk=False).ratio() >= 0.85


def manuscript_of(case: Path, pdf: bool = False) -> tuple[Path, str]:
    if pdf and (case / "manuscript.pdf").is_file():
        return case / "manuscript.pdf", "pdf"
    for name, fmt in (("manuscript.txt", "text"), ("manuscript.html", "html"), ("manuscript.md", "markdown")):
        if (case / name).is_file():
            return case / name, fmt
    raise FileNotFoundError(case)


def score_case(case: Path, verbose: bool = False, pdf: bool = False) -> dict:
    path, fmt = manuscript_of(case, pdf)
    content = path.read_bytes() if fmt == "pdf" else path.read_text(encoding="utf-8", errors="replace")
    entries = manuscript.reference_list(content, str(path), fmt)
    truth = list(bibtex.parse((case / "references.bib").read_text(encoding="utf-8"), "references.bib").library)
    by_number = {}
    for e in entries:  # entry n is the entry printed as n (its place where the list prints no labels)
        by_number.setdefault(e.number, e)
    text_path = case / "manuscript.txt" if fmt == "pdf" else path
    printed = re.sub(r"\s+", "", text_path.read_text(encoding="utf-8", errors="replace")).lower()
    row = {"case": case.name, "found": len(entries), "truth": len(truth), "same": 0, "doi": [0, 0],
           "family": [0, 0], "year": [0, 0], "title": [0, 0]}
    for n, ref in enumerate(truth):
        raw = ref.extra_field("raw") or ref.get("title") or ""
        ours = by_number.get(n + 1)
        text = ours.text if ours else ""
        if ours and same_reference(text, raw):
            row["same"] += 1
        elif verbose:
            print(f"  [{n + 1}] not the same:\n     ours:  {text[:140]}\n     truth: {raw[:140]}")
        parsed = parse_reference(text) if ours else None
        fields = parsed.fields if parsed else {}
        if ref.get("DOI") and ref.get("DOI").lower() in printed:  # a DOI the document prints
            row["doi"][1] += 1
            ok = fields.get("DOI", "").lower() == ref.get("DOI").lower()
            row["doi"][0] += ok
            if verbose and not ok and ours:
                print(f"  [{n + 1}] DOI {ref.get('DOI')!r} read as {fields.get('DOI')!r}")
        authors = ref.get("author") or ref.get("editor") or ()
        if authors:
            want = authors[0].family or authors[0].literal
            got = (fields.get("author") or fields.get("editor") or [{}])[0]
            have = got.get("family") or got.get("literal") or ""
            ok = bool(norm(want)) and (norm(want) == norm(have) or ("literal" in got and norm(have).startswith(norm(want))))
            row["family"][1] += 1
            row["family"][0] += ok
            if verbose and not ok and ours:
                print(f"  [{n + 1}] author {want!r} read as {have!r}: {text[:100]}")
        issued = ref.get("issued")
        if issued is not None and issued.year:
            # the reference's year: its date, else (a web page that gives none) the year it was read
            got_year = (fields.get("issued") or fields.get("accessed") or {}).get("date-parts", [[None]])[0][0]
            ok = got_year == issued.year
            row["year"][1] += 1
            row["year"][0] += ok
            if verbose and not ok and ours:
                print(f"  [{n + 1}] year {issued.year} read as {got_year}: {text[:100]}")
        title = ref.get("title") or ""
        if title and norm(title) != norm(raw):  # where no structure existed, title is the whole reference
            have = fields.get("title", "")
            ok = norm(title) == norm(have) or difflib.SequenceMatcher(None, norm(title), norm(have)).ratio() >= 0.9
            row["title"][1] += 1
            row["title"][0] += ok
            if verbose and not ok and ours:
                print(f"  [{n + 1}] title {title[:70]!r}\n          read as {have[:70]!r}")
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "real-corpus"))
    ap.add_argument("--case", help="only cases whose name holds this")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--pdf", action="store_true",
                    help="read the PDF cases' manuscript.pdf with refs' own PDF reader instead of pdftotext's text")
    args = ap.parse_args()
    base = Path(args.corpus)
    if not base.is_dir():
        print(f"no corpus at {base}", file=sys.stderr)
        return 2
    rows = []
    for case in sorted(p for p in base.iterdir() if p.is_dir() and (p / "references.bib").is_file()):
        if args.case and args.case not in case.name:
            continue
        if args.verbose:
            print(case.name)
        rows.append(score_case(case, args.verbose, args.pdf))

    def pct(a: int, b: int) -> str:
        return f"{a}/{b}" + (f" ({100 * a / b:.0f} %)" if b else "")

    print("| case | entries found / list | entry n is reference n | DOI right | first author | year | title |")
    print("|---|---|---|---|---|---|---|")
    total = {"found_ok": 0, "same": [0, 0], "doi": [0, 0], "family": [0, 0], "year": [0, 0], "title": [0, 0]}
    for r in rows:
        print(f"| {r['case']} | {r['found']} / {r['truth']}{'' if r['found'] == r['truth'] else ' ✗'} | "
              f"{pct(r['same'], r['truth'])} | {pct(*r['doi'])} | {pct(*r['family'])} | {pct(*r['year'])} | "
              f"{pct(*r['title'])} |")
        total["found_ok"] += r["found"] == r["truth"]
        total["same"][0] += r["same"]
        total["same"][1] += r["truth"]
        for k in ("doi", "family", "year", "title"):
            total[k][0] += r[k][0]
            total[k][1] += r[k][1]
    fields = [total[k][0] for k in ("family", "year", "title")], [total[k][1] for k in ("family", "year", "title")]
    print(f"| **all** | {total['found_ok']} of {len(rows)} cases exact | {pct(*total['same'])} | {pct(*total['doi'])} | "
          f"{pct(*total['family'])} | {pct(*total['year'])} | {pct(*total['title'])} |")
    print(f"\nfield accuracy (first author, year, title): {pct(sum(fields[0]), sum(fields[1]))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
