"""Test helper: render CSL-JSON with citeproc-js (the npm package ``citeproc``, the reference
CSL processor Zotero uses) through node, to compare refs' output entry by entry."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent / "js"


WHY_NOT = ("citeproc-js is not here: node, or the pinned citeproc package in tests/js/node_modules, "
           "which .ci/run installs (npm ci in tests/js); the stored renderings stand in")


def available() -> bool:
    """node and the pinned citeproc package are both installed. Tests never install it: without
    the package registry an install fails, so a test that needs citeproc-js skips instead."""
    return shutil.which("node") is not None and (HERE / "node_modules" / "citeproc").is_dir()


def ensure_installed() -> None:
    """Install the pinned citeproc package (tests/js/package-lock.json) once: for .ci/run and
    for ``python tests/citeproc_js.py``, never from a test."""
    if not (HERE / "node_modules" / "citeproc").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE, check=True,
                       capture_output=True, timeout=600)


def render(style_xml: str, locales: dict[str, str], lang: str, items: list[dict], order: list[str],
           clusters: list[list[dict]] | None = None) -> dict:
    if not available():
        raise RuntimeError(WHY_NOT)
    job = {"style": style_xml, "locales": locales, "lang": lang, "items": items, "order": order,
           "clusters": clusters or []}
    proc = subprocess.run(["node", str(HERE / "render.js")], input=json.dumps(job), capture_output=True,
                          text=True, timeout=300, check=False)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    return json.loads(proc.stdout)


LIBRARIES = {
    "example": Path(__file__).resolve().parents[1] / "bib" / "references.bib",
    "library": Path(__file__).resolve().parent / "fixtures" / "library.bib",
}
STYLES = ["apa", "ieee", "chicago-author-date", "vancouver", "modern-language-association",
          "harvard-cite-them-right", "gost-r-7-0-5-2008-numeric"]
GOLDEN = Path(__file__).resolve().parent / "golden" / "citeproc-js"


def job(library: str, style: str) -> tuple[list[dict], str, str, dict[str, str]]:
    """(items, style XML, locale tag, locales) for one library in one style, as refs renders it."""
    from refs.formats import bibtex
    from refs.render import registry

    lib = bibtex.parse(LIBRARIES[library].read_text(encoding="utf-8")).library
    items = bibtex.resolve_crossrefs(lib).to_csl_json()
    found = registry.find_style(style)
    lang = registry.default_locale_of(found) or "en-US"
    loc_dir = registry._citeproc_locales_dir()
    locales = {p.stem[len("locales-"):]: p.read_text(encoding="utf-8") for p in loc_dir.glob("locales-*.xml")}
    return items, found.path.read_text(encoding="utf-8"), lang, locales


LABELS = ["page", "chapter", "page", "figure", "section", "page", "volume", "paragraph"]


def citation_clusters(items: list[dict]) -> list[list[dict]]:
    """The in-text citations compared: each item alone, each with a locator (page and other
    labels), and items two by two in one cluster. Each cluster is rendered as if alone
    (citeproc-js's makeCitationCluster), after every item was registered (so year suffixes
    and numbers are the bibliography's)."""
    ids = [i["id"] for i in items]
    out: list[list[dict]] = [[{"id": i}] for i in ids]
    out += [[{"id": i, "locator": str(n + 3), "label": LABELS[n % len(LABELS)]}] for n, i in enumerate(ids)]
    out += [[{"id": ids[n]}, {"id": ids[n + 1], "locator": "7-9", "label": "page"}] for n in range(0, len(ids) - 1, 2)]
    return out


def golden_path(library: str, style: str) -> Path:
    return GOLDEN / f"{library}.{style}.json"


def regenerate() -> None:
    """Write what citeproc-js renders for every library and style (needs node and npm)."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for library in LIBRARIES:
        for style in STYLES:
            items, xml, lang, locales = job(library, style)
            clusters = citation_clusters(items)
            out = render(xml, locales, lang, items, [i["id"] for i in items], clusters)
            data = {"style": style, "lang": lang, "citeproc": "2.4.63",
                    "entries": {e["id"]: e["text"] for e in out["bibliography"]},
                    "citations": [[cluster, text] for cluster, text in zip(clusters, out["citations"], strict=True)]}
            golden_path(library, style).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    ensure_installed()
    regenerate()
