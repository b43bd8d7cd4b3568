"""The shape a newcomer can read: no function in src/ over 60 lines, and no module of the façade
or the command line over 300 (the work lives in modules named for what they hold)."""

from __future__ import annotations

import ast
from pathlib import Path

import refs

PACKAGE = Path(refs.__file__).resolve().parent
LONGEST_FUNCTION = 60
LONGEST_FRONT = 300


def test_no_function_is_longer_than_sixty_lines():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > LONGEST_FUNCTION:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({length} lines)")
    assert not long, "split these into named steps:\n" + "\n".join(long)


def test_the_facade_and_the_command_line_stay_small():
    front = [PACKAGE / "api.py", *sorted((PACKAGE / "cli").glob("*.py"))]
    sizes = {p.relative_to(PACKAGE).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in front}
    assert len(sizes) >= 4
    assert all(n < LONGEST_FRONT for n in sizes.values()), sizes
