"""The HTML report in a real browser: Debian's chromium, headless, driven by playwright
(which never downloads a browser of its own here). `.ci/run` installs chromium when absent."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from refs import api

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="chromium is not installed (.ci/run installs Debian's chromium)")


def build_report(folder: Path, bib: Path, manuscript: Path, styles: list[str], sources: Path | None = None) -> Path:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        library = api.load_library(bib).library
        cm = api.analyse_claims(manuscript, library)
        page = api.render_claims(cm, "html", len(library), api.claim_report(cm, library, styles, sources=sources))
    finally:
        os.chdir(cwd)
    out = folder / "report.html"
    out.write_text(page, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    return build_report(folder, ROOT / "bib" / "references.bib", ROOT / "bib" / "article.txt",
                        ["apa", "ieee", "gost-r-7-0-5-2008-numeric"])


def open_page(browser, path: Path, width: int = 1280, height: int = 720):
    page = browser.new_page(viewport={"width": width, "height": height})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.on("request", lambda req: problems.append(f"request {req.url}") if not req.url.startswith("file:") else None)
    page.goto(path.as_uri())
    return page, problems


def test_all_claims_passages_references_and_findings_render(browser, example_report):
    page, problems = open_page(browser, example_report)
    assert page.locator(".claim").count() == 16
    assert page.locator(".uncited").count() == 5
    assert page.locator("#bibliography .source").count() == 16
    assert page.locator("#findings tbody tr").count() == 25  # 9, and 16 claims unverifiable without snapshots
    header = page.inner_text("header")
    assert "16 claims (16 unverifiable)" in header and "no snapshot" in header  # none supported on our notes
    assert page.locator("div.timeline svg rect").count() == 12  # 12 of the 16 sources have a date
    # [15] tells what will be taught at the centre: a future statement has no event date, so no
    # source is marked as published before its event
    assert page.locator("svg rect.early").count() == 0
    assert "Reconstructed from the article's text" in page.inner_text("#bibliography")
    assert problems == []
    page.close()


def test_clicking_a_claim_shows_its_sources(browser, example_report):
    page, problems = open_page(browser, example_report)
    page.click('.claim[data-claim="3"]')
    panel = page.inner_text("#panel")
    assert "Claim 3" in panel and "presidentaz2023limitedmeeting" in panel
    assert "Presidents of Azerbaijan and Kazakhstan held meeting in limited format" in panel
    assert "unverifiable" in panel and "no snapshot of the source" in panel
    # the passage from the title and the site's name reads as text: no case-protection markup
    assert "(president.az)" in page.inner_text("#panel blockquote.passage") and "nocase" not in panel
    page.focus('.claim[data-claim="3"]')
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    assert "Claim 4" in page.inner_text("#panel")
    assert problems == []
    page.close()


def test_the_passage_stands_beside_the_claim_with_what_matched_marked(browser, tmp_path):
    (tmp_path / "r.bib").write_text("@online{port, title = {Alyat port}, date = {2021-05-19}}\n"
                                    "@online{forum, title = {Forum}, date = {2023-09-08}}\n", encoding="utf-8")
    (tmp_path / "m.md").write_text(
        "# A\n\nƏlət limanının terminalı ildə 15 milyon ton yük qəbul edə bilər [1]. "
        "Almatıdakı forumda 3,5 milyard dollarlıq 45 saziş imzalanıb [2].\n", encoding="utf-8")
    snaps = tmp_path / "snaps"
    snaps.mkdir()
    (snaps / "port.txt").write_text("The new terminal of the Port of Alyat can handle 15 million tonnes of cargo a "
                                    "year.\n\nThe weather was warm.\n", encoding="utf-8")
    (snaps / "forum.txt").write_text("At the forum in Almaty the delegations signed 45 agreements worth 2.1 billion "
                                     "US dollars.\n", encoding="utf-8")
    report = build_report(tmp_path, tmp_path / "r.bib", tmp_path / "m.md", ["apa"], sources=snaps)
    page, problems = open_page(browser, report)
    assert "2 claims (1 supported, 1 contradicted)" in page.inner_text("header")
    page.click('.claim[data-claim="1"]')
    panel = page.locator("#panel")
    assert panel.locator("blockquote.passage").inner_text().startswith("The new terminal of the Port of Alyat")
    assert {m.inner_text() for m in panel.locator("mark.hit").all()} >= {"Alyat", "15 million"}
    page.click('.claim[data-claim="2"]')
    assert panel.locator("mark.conflict").inner_text() == "2.1 billion"
    assert "contradicted" in page.inner_text("#panel")
    assert page.locator('.claim[data-claim="2"]').get_attribute("class") == "claim contradicted"
    assert problems == []
    page.close()


def in_view(page, selector: str) -> dict:
    return page.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, height: r.height, inner: innerHeight}; }""", selector)


def test_on_a_phone_the_details_open_where_the_reader_is(browser, example_report, tmp_path):
    page, problems = open_page(browser, example_report, 400, 844)
    assert not page.locator("#panel").is_visible()  # no empty box at the end of the text
    assert page.evaluate("document.documentElement.scrollWidth") <= 400  # nothing wider than the phone
    page.screenshot(path=str(tmp_path / "phone.png"))
    for number in ("16", "9", "1"):  # far down, in the middle and at the top of the text
        claim = f'.claim[data-claim="{number}"]'
        page.click(claim)
        sheet = in_view(page, "#panel")
        assert page.locator("#panel").is_visible() and f"Claim {number}" in page.inner_text("#panel")
        # the sheet lies over the lower part of the screen, the claim stays in sight above it
        assert 0 < sheet["top"] < sheet["inner"] and sheet["bottom"] <= sheet["inner"] + 1
        assert sheet["height"] <= 0.56 * sheet["inner"]
        tapped = in_view(page, claim)
        nav = in_view(page, "nav.styles")
        assert nav["bottom"] - 1 <= tapped["top"] < sheet["top"]  # not under the style bar either
        page.screenshot(path=str(tmp_path / f"phone-claim-{number}.png"))
    page.click("#panel-close")
    assert not page.locator("#panel").is_visible()
    assert page.evaluate("document.activeElement.getAttribute('data-claim')") == "1"  # focus back on the claim
    page.focus('.claim[data-claim="2"]')
    page.keyboard.press("Enter")
    assert page.locator("#panel").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#panel").is_visible()
    assert problems == []
    page.close()


def test_on_a_wide_screen_the_details_stay_beside_the_text(browser, example_report):
    page, problems = open_page(browser, example_report, 1280, 900)
    page.click('.claim[data-claim="16"]')
    panel = in_view(page, "#panel")
    claim = in_view(page, '.claim[data-claim="16"]')
    assert "Claim 16" in page.inner_text("#panel")
    assert -1 <= panel["top"] < panel["inner"] and panel["bottom"] <= panel["inner"] + 1  # within the window (to a pixel)
    assert claim["top"] < claim["inner"]
    page.click("#panel-close")
    assert "Choose a claim" in page.inner_text("#panel")
    assert problems == []
    page.close()


def test_the_timeline_has_a_tick_for_every_year_and_a_legend(browser, example_report):
    page, problems = open_page(browser, example_report)
    labels = page.locator("div.timeline svg > text").all_text_contents()
    assert [t for t in labels if t.isdigit()] == ["2022", "2023", "2024"]  # the claims are dated 2022 to 2024
    legend = page.inner_text("ul.timeline-legend")
    for words in ("event date", "inferred", "on or after the event", "before the event", "has no date"):
        assert words in legend
    assert page.locator("ul.timeline-legend svg").count() == 5
    assert problems == []
    page.close()


def test_style_switcher_changes_the_citations(browser, example_report):
    page, problems = open_page(browser, example_report)
    first = page.locator('.claim[data-claim="1"] .cite')
    assert first.inner_text() == "(Presidents Have Viewed a Project of the Kurmangazy Centre, 2022)"  # its short title
    page.click('nav.styles button[data-style="ieee"]')
    assert first.inner_text() == "[1]"
    assert page.get_attribute('nav.styles button[data-style="ieee"]', "aria-pressed") == "true"
    page.click('nav.styles button[data-style="gost-r-7-0-5-2008-numeric"]')
    assert first.inner_text() == "[1]"
    assert "[Электронный ресурс]" in page.inner_text("#bibliography")
    assert problems == []
    page.close()


def test_findings_filter(browser, example_report):
    page, _ = open_page(browser, example_report)
    page.select_option("#filter-severity", "warning")
    visible = page.locator("#findings tbody tr:not([hidden])")
    assert visible.count() == 7
    page.select_option("#filter-code", "uncited-claim")
    assert visible.count() == 3
    page.close()


def test_a_hostile_title_runs_no_script(browser, tmp_path):
    (tmp_path / "h.bib").write_text(
        '@online{evil, title = {<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>}, '
        'url = {https://example.org/"><script>window.pwned=3</script>}, date = {2024-03-11}}\n', encoding="utf-8")
    (tmp_path / "h.md").write_text('# A\n\nA claim <b onmouseover="window.pwned=4">here</b> [1].\n', encoding="utf-8")
    report = build_report(tmp_path, tmp_path / "h.bib", tmp_path / "h.md", ["apa", "ieee"])
    page, problems = open_page(browser, report)
    page.click(".claim")
    page.hover(".claim")
    assert page.evaluate("window.pwned") is None
    assert "<img src=x" in page.inner_text("#bibliography")  # shown as text
    assert page.locator("#bibliography img, #panel img, #bibliography script").count() == 0
    csp = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    assert [p for p in problems if not p.startswith("request")] == []
    page.close()
