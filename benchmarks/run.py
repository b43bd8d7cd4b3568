"""The performance benchmark: prints a Markdown table of refs against citeproc-js (npm
`citeproc`, through node) and pandoc's citeproc (pypandoc-binary), in the same run on the same
CSL-JSON, with the ratios. Seeded synthetic libraries (benchmarks/library.py).

    python benchmarks/run.py [--quick]

Needs node with tests/js installed (`npm ci` there) and pypandoc-binary for the peers; without
them those columns say "not installed"."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from library import library  # noqa: E402

from refs import api  # noqa: E402
from refs.formats import bibtex, csljson  # noqa: E402
from refs.render import registry  # noqa: E402
from refs.render.cache import RenderCache  # noqa: E402
from refs.render.csl import Engine  # noqa: E402


def timed(fn, repeat=1):
    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return best, result


def citeproc_js(style: str, items: list[dict]) -> float | None:
    if not shutil.which("node") or not (ROOT / "tests" / "js" / "node_modules" / "citeproc").is_dir():
        return None
    st = registry.find_style(style)
    loc = registry._citeproc_locales_dir()
    job = {"style": st.path.read_text(encoding="utf-8"), "locales": {"en-US": (loc / "locales-en-US.xml").read_text(encoding="utf-8")},
           "lang": "en-US", "items": items}
    out = subprocess.run(["node", str(ROOT / "benchmarks" / "citeproc_bench.js")], input=json.dumps(job),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["seconds"]


def pandoc(style: str, items: list[dict], folder: Path) -> float | None:
    try:
        import pypandoc

        exe = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None
    bib = folder / "lib.json"
    bib.write_text(json.dumps(items), encoding="utf-8")
    doc = folder / "doc.md"
    doc.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    cmd = [exe, str(doc), "--citeproc", "--csl", str(registry.find_style(style).path), "--bibliography", str(bib),
           "-t", "plain", "-o", os.devnull]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


_MEASURE = """
import json, subprocess, sys, time
sys.path[:0] = [{src!r}, {bench!r}]
from library import library
from refs.render import registry
from refs.render.csl import Engine
who, style, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
items = library(n)
def hwm_kb():  # the peak of this process's own memory (getrusage's maxrss keeps the parent's at fork)
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
if who == "refs":
    t = time.perf_counter()
    Engine(registry.find_style(style), None, items).bibliography()
    seconds = time.perf_counter() - t
    peak = hwm_kb()
else:
    st = registry.find_style(style)
    loc = registry._citeproc_locales_dir()
    job = {{"style": st.path.read_text(encoding="utf-8"), "lang": "en-US", "items": items,
            "locales": {{"en-US": (loc / "locales-en-US.xml").read_text(encoding="utf-8")}}}}
    out = subprocess.run(["node", {js!r}], input=json.dumps(job), capture_output=True, text=True, check=True)
    seconds = json.loads(out.stdout)["seconds"]
    peak = json.loads(out.stdout)["peak_kb"]  # node's own peak
print(seconds, peak / 1024)
"""


def measured(who: str, style: str, n: int) -> tuple[float | None, float | None]:
    """(seconds, peak MB) of one cold render in a fresh process: refs' in-process time and
    peak memory, or citeproc-js's (its time inside node, node's peak memory)."""
    if who == "citeproc-js" and (not shutil.which("node") or not (ROOT / "tests" / "js" / "node_modules" / "citeproc").is_dir()):
        return None, None
    code = _MEASURE.format(src=str(ROOT / "src"), bench=str(ROOT / "benchmarks"), js=str(ROOT / "benchmarks" / "citeproc_bench.js"))
    out = subprocess.run([sys.executable, "-c", code, who, style, str(n)], capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), float(out[1])


def render(style, items, cache=None):
    engine = Engine(registry.find_style(style), None, items, cache=cache)
    return [e.text for e in engine.bibliography()]


def fmt(x):
    return "—" if x is None else (f"{x:.2f} s" if x >= 0.01 else f"{x * 1000:.1f} ms")


def ratio(a, b):
    return "—" if a is None or b is None else f"{a / b:.2f}×"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1,000 entries only, no 10,000 run")
    args = ap.parse_args()
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="refs-bench-"))
    os.environ["REFS_CACHE_DIR"] = str(tmp / "cache")

    # parsing
    for n in (1000, 10000):
        items = library(n)
        text = bibtex.dump(csljson.parse(json.dumps(items)).library)
        (tmp / f"lib{n}.bib").write_text(text, encoding="utf-8")
        cold, _ = timed(lambda t=text: bibtex.parse(t))
        api.load_library(tmp / f"lib{n}.bib")
        warm, _ = timed(lambda n=n: api.load_library(tmp / f"lib{n}.bib"))
        rows.append((f"parse .bib, {n:,} entries (cold / cached)", f"{fmt(cold)} / {fmt(warm)}", "—", "—", "—"))

    # rendering 1,000 entries
    items = library(1000)
    for style in ("apa", "ieee"):
        cold, out_cold = timed(lambda s=style: render(s, items))
        cache = RenderCache(tmp / f"{style}.sqlite3")
        render(style, items, cache)
        warm, out_warm = timed(lambda s=style, c=cache: render(s, items, c), repeat=3)
        edits = iter(range(3))

        def one_changed(s=style, c=cache, e=edits):
            changed = [dict(i) for i in items]
            changed[500 + next(e)]["title"] = "A changed title on ports"  # a new edit each time
            return render(s, changed, c)

        one, _ = timed(one_changed, repeat=3)
        assert out_cold == out_warm
        js = citeproc_js(style, items)
        pd = pandoc(style, items, tmp)
        rows.append((f"{style}, 1,000 entries, cold", fmt(cold), fmt(js), fmt(pd), f"{ratio(cold, js)} of citeproc-js, {ratio(cold, pd)} of pandoc"))
        rows.append((f"{style}, 1,000 entries, warm / one changed", f"{fmt(warm)} / {fmt(one)}", "—", "—",
                     f"{ratio(warm, cold)} / {ratio(one, cold)} of cold"))

    if not args.quick:
        for style in ("apa", "ieee"):
            ours, ours_mb = measured("refs", style, 10000)
            js, js_mb = measured("citeproc-js", style, 10000)
            rows.append((f"{style}, 10,000 entries, cold (peak memory)", f"{fmt(ours)} ({ours_mb:.0f} MB)",
                         "—" if js is None else f"{fmt(js)} ({js_mb:.0f} MB)", "—",
                         f"{ratio(ours, js)} of citeproc-js; memory {ratio(ours_mb, js_mb)}"))

    # claims on a 4 MB manuscript
    from claims_bench import build_manuscript

    text, _, sentences = build_manuscript(4.0)
    (tmp / "big.txt").write_text(text, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp)
    t_claims, _ = timed(lambda: api.analyse_claims(tmp / "big.txt", None))
    os.chdir(cwd)
    rows.append((f"claims, 4 MB manuscript ({sentences:,} sentences)", fmt(t_claims), "—", "—", "—"))

    # refs build on the example, and start-up
    work = tmp / "build"
    work.mkdir()
    exe = shutil.which("refs") or str(Path(sys.executable).with_name("refs"))
    t_cold, _ = timed(lambda: subprocess.run([exe, "--no-cache", "build", "-q"], cwd=work, check=True, capture_output=True))
    subprocess.run([exe, "build", "-q"], cwd=work, check=True, capture_output=True)
    t_warm, _ = timed(lambda: subprocess.run([exe, "build", "-q"], cwd=work, check=True, capture_output=True), repeat=3)
    rows.append(("refs build on the example (no cache / cached)", f"{fmt(t_cold)} / {fmt(t_warm)}", "—", "—", "—"))
    t_ver, _ = timed(lambda: subprocess.run([exe, "--version"], check=True, capture_output=True), repeat=5)
    rows.append(("refs --version", fmt(t_ver), "—", "—", "—"))

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    print(f"Machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}\n")
    print("| measure | refs | citeproc-js | pandoc | ratio |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
