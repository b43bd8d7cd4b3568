"""How fast refs turns a large manuscript into a claim map.

Builds a manuscript of about 4 MB and 60,000 sentences in the shape PDF extraction leaves
(short lines, line-end hyphens, page numbers, running headers), then times reading, repair,
structure, markers, dates and claims (`refs claims`' work) and the JSON writer. For scale it also times pandoc (pypandoc-binary) reading the same text as Markdown,
the same run on the same machine, and prints the ratio.

    python benchmarks/claims_bench.py [--mb 4] [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from refs import api  # noqa: E402
from refs.model import Library, Reference  # noqa: E402

SENTENCES = [
    "Görüş Astanada keçirildi [{n}].",
    "Həmin gün sənədlər imzalandı [{n}].",
    "В тот же день прошли переговоры [{n}].",
    "The same day a memorandum followed [{n}].",
    "Sənədlər imzalandı [{n}].",
    "Tərəflər razılaşdılar [{n}; {m}].",
    "Prezident {d} Bakıda Qazaxıstan nümayəndə heyəti ilə görüşmüşdür [{n}].",
    "Həmin gün nəqliyyat-logistika məsələləri müzakirə olundu [{n}].",
    "Görüşdə ticarət dövriyyəsinin artırılması vurğulandı [{n}, səh. 12].",
    "Tərəflər Azərbaycan-Qazaxıstan sənədlərini imzaladılar [{n}].",
    "24 августа 2022 г. стороны подписали меморандум о сотрудничестве [{n}].",
    "On April 10 the delegations met in Astana and signed two agreements [{n}].",
    "Xəzər dənizi ilə yükdaşımaların həcmi əhəmiyyətli dərəcədə artmışdır [{n}–{m}].",
    "Dövlət başçıları beynəlxalq təşkilatlarda bir-birini dəstəkləməyi qeyd etdilər.",
]
DATES = ["2022-cü il avqustun 24-də", "aprelin 10-da", "2023-cü il noyabrın 3-də", "martın 11-də"]


def build_manuscript(megabytes: float) -> tuple[str, int, int]:
    """A manuscript in the shape PDF extraction leaves: lines of about 50 characters, words
    hyphenated at line ends, page numbers and a running header between pages, sentences cut
    by page breaks. Returns (text, bibliography size, sentences)."""
    import random

    rng = random.Random(7)
    target = int(megabytes * 1024 * 1024)
    out: list[str] = ["Giriş\n"]
    size = 0
    sentences = 0
    line = ""
    lines_on_page = 0
    page = 1

    def emit(text: str) -> None:
        nonlocal size, lines_on_page, page
        out.append(text + "\n")
        size += len(text.encode("utf-8")) + 1
        lines_on_page += 1
        if lines_on_page >= 45:
            page += 1
            lines_on_page = 0
            out.append(f"\n{page}\nXəbərlər jurnalı, 2024, № 1\n\n")

    while size < target:
        paragraph = []
        for _ in range(rng.randint(4, 10)):
            n = rng.randint(1, 299)
            template = rng.choice(SENTENCES)
            paragraph.append(template.format(d=rng.choice(DATES), n=n, m=n + 1))
            sentences += 1
        for word in " ".join(paragraph).split(" "):
            if len(line) + len(word) + 1 > 50:
                if len(word) > 8 and rng.random() < 0.5:
                    cut = rng.randint(3, len(word) - 4)
                    emit(line + " " + word[:cut] + "-")
                    line = word[cut:]
                    continue
                emit(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        emit(line)
        line = ""
        out.append("\n")
    out.append("Nəticə\nƏməkdaşlıq davam edəcək.\n")
    return "".join(out), 300, sentences


def best_of(repeat: int, fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    text, entries, sentences = build_manuscript(args.mb)
    library = Library(tuple(Reference(f"ref{i}", "webpage", {"title": f"Source {i}"}) for i in range(1, entries + 1)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(text, encoding="utf-8")
        import os

        os.chdir(tmp)
        t_claims, cm = best_of(args.repeat, lambda: api.analyse_claims(path, library))
        t_json, _ = best_of(args.repeat, lambda: api.render_claims(cm, "json", entries))
        rows = [
            ("manuscript", f"{len(text.encode('utf-8')) / 1e6:.1f} MB, {text.count(chr(10)):,} lines"),
            ("claims / markers", f"{len(cm.claims):,} / {len(cm.markers):,}"),
            ("sentences", f"{sentences:,}"),
            ("refs: read → claims", f"{t_claims:.2f} s"),
            ("refs: claim map → JSON", f"{t_json:.2f} s"),
        ]
        try:
            import pypandoc

            pandoc = pypandoc.get_pandoc_path()
            t_pandoc, _ = best_of(args.repeat, lambda: subprocess.run(
                [pandoc, "-f", "markdown", "-t", "json", str(path), "-o", os.devnull], check=True))
            rows.append(("pandoc: read as Markdown → JSON", f"{t_pandoc:.2f} s"))
            rows.append(("ratio refs / pandoc", f"{t_claims / t_pandoc:.2f}"))
        except (ImportError, OSError, subprocess.CalledProcessError) as error:
            rows.append(("pandoc", f"not measured ({type(error).__name__}: pip install pypandoc-binary)"))
    width = max(len(a) for a, _ in rows)
    print(f"{'measure'.ljust(width)}  value")
    print(f"{'-' * width}  {'-' * 30}")
    for a, b in rows:
        print(f"{a.ljust(width)}  {b}")


if __name__ == "__main__":
    main()
