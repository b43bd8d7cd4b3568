"""Dependencies point one way: model <- formats/manuscript/verify/render/report <- the jobs (project, loading,
styled, checking, claimreport, build, exporting, importing) and the api façade <- cli.

The test reads every module's imports (including those inside functions) and fails on an
arrow against that direction, and on a third-party adapter imported outside its module."""

from __future__ import annotations

import ast
from pathlib import Path

import refs

PACKAGE = Path(refs.__file__).resolve().parent

# Layer of each top-level part of the package; a module may import its own layer or lower.
LAYERS = {
    "model": 0, "dates": 0, "errors": 0, "wording": 0,
    "io": 1, "config": 1, "fetch": 1, "fingerprint": 1,
    "formats": 2, "manuscript": 2, "verify": 2, "render": 2, "report": 2,
    "restyling": 3, "printedlist": 3, "snapshots": 3, "caches": 3, "project": 3, "loading": 3, "styled": 3,
    "checking": 3, "claimreport": 3, "exporting": 3, "importing": 3, "build": 3, "api": 3,
    "cli": 4, "__main__": 5, "_entry": 5, "__init__": 0,
}
# Parts of one layer that must not import one another (siblings stay independent).
INDEPENDENT = {"formats", "manuscript", "verify", "render", "report", "config", "fetch"}
# Third-party packages allowed only in these modules.
ADAPTERS = {
    "pybtex": {"refs.formats.bibtex"},
    "citeproc": set(),  # refs renders with its own processor (render/cslproc); no module imports citeproc
    "charset_normalizer": {"refs.io"},
    "trafilatura": {"refs.snapshots"},
}
# What the pure core may import at all: the standard library and itself.
PURE = {"refs.model", "refs.dates", "refs.errors"}
PURE_ALLOWED = {"__future__", "collections", "dataclasses", "enum", "typing", "calendar", "re"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"] or ["__init__"]
        yield "refs." + ".".join(parts), path, rel.parts[0]


def imports(name: str, path: Path, is_package: bool):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if is_package else name.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:
                    for alias in node.names:
                        yield f"{target}.{alias.name}"
                    continue
                yield target
            else:
                yield node.module or ""


def part_of(module: str) -> str:
    """The top-level part of the package a module name falls in (a name imported from
    the package itself, such as ``__version__``, belongs to ``__init__``)."""
    part = module.split(".")[1] if module.count(".") >= 1 else "__init__"
    if part not in LAYERS and not ((PACKAGE / part).is_dir() or (PACKAGE / f"{part}.py").is_file()):
        return "__init__"
    return part


def violations(name: str, path: Path, top: str) -> list[str]:
    problems = []
    top = top.removesuffix(".py")
    for target in imports(name, path, path.name == "__init__.py"):
        if target == "refs":
            target = "refs.__init__"
        root = target.split(".")[0]
        if root in ADAPTERS and name not in ADAPTERS[root]:
            problems.append(f"{name} imports {root}, allowed only in {sorted(ADAPTERS[root])}")
        if name in PURE and root not in PURE_ALLOWED and not target.startswith("refs."):
            problems.append(f"{name} is pure but imports {target}")
        if not target.startswith("refs."):
            continue
        src, dst = top, part_of(target)
        if src not in LAYERS or dst not in LAYERS:
            problems.append(f"{name}: unknown layer for {src} or {dst}; add it to LAYERS")
        elif LAYERS[dst] > LAYERS[src]:
            problems.append(f"{name} imports {target}: layer {dst} is above {src}")
        elif src != dst and src in INDEPENDENT and dst in INDEPENDENT and LAYERS[src] == LAYERS[dst]:
            problems.append(f"{name} imports {target}: {src} and {dst} are independent")
    return problems


def test_imports_follow_the_layers():
    problems = [p for name, path, top in modules() for p in violations(name, path, top)]
    assert not problems, "\n".join(problems)


def test_the_checker_sees_violations(tmp_path):
    bad = tmp_path / "model.py"
    bad.write_text("import json\nfrom .api import build\n\ndef f():\n    import pybtex\n")
    problems = violations("refs.model", bad, "model")
    assert len(problems) == 4, problems  # json in the pure core, api above model, pybtex twice
    sibling = tmp_path / "x.py"
    sibling.write_text("from ..render import csl\n")
    assert violations("refs.formats.x", sibling, "formats") == [
        "refs.formats.x imports refs.render: formats and render are independent"
    ]
