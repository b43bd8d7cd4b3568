"""Test helper: render CSL-JSON with citeproc-js (the npm package ``citeproc``, the reference
CSL processor Zotero uses) through node, to compare refs' output entry by entry."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent / "js"


def available() -> bool:
    return shutil.which("node") is not None and shutil.which("npm") is not None


def ensure_installed() -> None:
    """Install the pinned citeproc package (tests/js/package-lock.json) once."""
    if not (HERE / "node_modules" / "citeproc").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE, check=True,
                       capture_output=True, timeout=600)


def render(style_xml: str, locales: dict[str, str], lang: str, items: list[dict], order: list[str],
           clusters: list[list[dict]] | None = None) -> dict:
    ensure_installed()
    job = {"style": style_xml, "locales": locales, "lang": lang, "items": items, "order": order,
           "clusters": clusters or []}
    proc = subprocess.run(["node", str(HERE / "render.js")], input=json.dumps(job), capture_output=True,
                          text=True, timeout=300, check=False)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    return json.loads(proc.stdout)
