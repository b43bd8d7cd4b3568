"""The CSL processor test suite through refs' processor (``refs.render.cslproc``).

Every fixture in ``../shared/csl-test-suite/humans`` must pass unless it is named, with the
reason, in ``tests/csl_suite_expected_failures.txt``; a named fixture that passes fails the
test too, so the list only ever shrinks. The figure is printed as ``csl-suite: P/N``."""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT.parent / "shared" / "csl-test-suite" / "humans"
EXPECTED = ROOT / "tests" / "csl_suite_expected_failures.txt"

pytestmark = pytest.mark.conformance  # run alone: pytest -m conformance


def _runner():
    spec = importlib.util.spec_from_file_location("csl_suite", ROOT / "scripts" / "csl_suite.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _expected() -> dict[str, str]:
    out = {}
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, why = line.partition("\t")
            out[name.strip()] = why.strip()
    return out


@pytest.mark.skipif(not SUITE.is_dir(), reason=f"the CSL test suite is not at {SUITE} (see ../shared/csl-test-suite)")
def test_the_csl_suite_passes_all_but_the_named_fixtures(capsys):
    results = _runner().run(SUITE)
    expected = _expected()
    passed = sum(r == "pass" for r in results.values())
    with capsys.disabled():
        print(f"\ncsl-suite: {passed}/{len(results)}", file=sys.stderr)
    assert all(why for why in expected.values()), "every expected failure needs its reason"
    unexpected = sorted(n for n, r in results.items() if r != "pass" and n not in expected)
    fixed = sorted(n for n, r in results.items() if r == "pass" and n in expected)
    unknown = sorted(n for n in expected if n not in results)
    assert not unexpected, f"{len(unexpected)} fixtures fail and are not listed: {unexpected[:20]}"
    assert not fixed, f"{len(fixed)} listed fixtures now pass; take them off the list: {fixed[:20]}"
    assert not unknown, f"listed fixtures that do not exist: {unknown[:20]}"


@pytest.mark.skipif(not SUITE.is_dir(), reason=f"the CSL test suite is not at {SUITE} (see ../shared/csl-test-suite)")
def test_processors_in_threads_give_what_one_thread_gives():
    """Each Processor keeps its own state: eight threads rendering fixtures at once get the
    single-thread output."""
    runner = _runner()
    names = sorted(p.stem for p in SUITE.glob("*.txt"))[::12]
    fixtures = {n: runner.read_fixture(SUITE / f"{n}.txt") for n in names}
    alone = {}
    for n, fx in fixtures.items():
        try:
            alone[n] = runner.run_fixture(fx)
        except Exception as error:  # noqa: BLE001 - the same error must come in threads
            alone[n] = f"error {type(error).__name__}"
    together: dict[str, str] = {}

    def work(part: list[str]) -> None:
        for n in part:
            try:
                together[n] = runner.run_fixture(fixtures[n])
            except Exception as error:  # noqa: BLE001
                together[n] = f"error {type(error).__name__}"

    threads = [threading.Thread(target=work, args=(names[i::8],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert together == alone


def test_entries_agree_with_citeproc_js_on_the_seven_styles(capsys):
    """refs' processor against the stored citeproc-js renderings (tests/golden/citeproc-js) of
    the example and the varied library in the seven required styles, entry by entry, with no
    mending of any kind: at least 96 % identical."""
    import json

    import citeproc_js as cj

    from refs.formats import bibtex
    from refs.render import registry
    from refs.render.cslproc import Processor

    same = total = 0
    for library in cj.LIBRARIES:
        lib = bibtex.parse(cj.LIBRARIES[library].read_text(encoding="utf-8")).library
        items = bibtex.resolve_crossrefs(lib).to_csl_json()
        for style in cj.STYLES:
            golden = json.loads(cj.golden_path(library, style).read_text(encoding="utf-8"))["entries"]
            proc = Processor(registry.find_style(style).path.read_bytes(), items)
            proc.prepare()
            mine = dict(zip(proc._order, proc.bibliography_entries("text"), strict=True))
            for key, text in golden.items():
                total += 1
                same += " ".join(text.split()) == " ".join(mine.get(key, "").split())
    with capsys.disabled():
        print(f"\ncslproc agreement with citeproc-js: {same}/{total}", file=sys.stderr)
    assert total == 7 * (16 + 29)
    assert same / total >= 0.96, f"{same}/{total}"


@pytest.mark.skipif(not SUITE.is_dir(), reason=f"the CSL test suite is not at {SUITE} (see ../shared/csl-test-suite)")
def test_every_fixture_stock_citeproc_py_passes_passes(tmp_path):
    """Stock citeproc-py runs in a process of its own (nothing of refs loaded there); whatever
    it gets right, refs' processor gets right too."""
    import subprocess

    listing = tmp_path / "stock.txt"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "csl_suite_stock.py"), str(SUITE), "--write",
                    str(listing)], check=True, capture_output=True, text=True)
    stock = set(listing.read_text(encoding="utf-8").split())
    assert len(stock) > 400
    results = _runner().run(SUITE)
    missed = sorted(n for n in stock if results.get(n) != "pass")
    assert not missed, f"stock citeproc-py passes these and refs' processor does not: {missed}"
