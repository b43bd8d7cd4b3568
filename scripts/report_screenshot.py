"""Take screenshots of the HTML report in headless Chromium, so a person can look at it.

    python scripts/report_screenshot.py out/report.html shots/   [--width 1280] [--style ieee]

Needs Debian's chromium (/usr/bin/chromium, or $CHROMIUM) and the playwright package (test
extras); it never downloads a browser of its own."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("into", type=Path)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--style", help="switch to this style before the screenshots")
    args = ap.parse_args()
    args.into.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        page.goto(args.report.resolve().as_uri())
        if args.style:
            page.click(f'nav.styles button[data-style="{args.style}"]')
        page.screenshot(path=str(args.into / "top.png"))
        page.click(".claim >> nth=0")
        page.screenshot(path=str(args.into / "claim.png"))
        page.screenshot(path=str(args.into / "full.png"), full_page=True)
        page.locator("svg").first.screenshot(path=str(args.into / "timeline.png"))
        page.close()
        # a phone: the details open in a sheet over the lower half, the claim stays in sight above it
        phone = browser.new_page(viewport={"width": 400, "height": 844})
        phone.goto(args.report.resolve().as_uri())
        phone.screenshot(path=str(args.into / "phone.png"))
        claims = phone.locator(".claim")
        claims.nth(claims.count() // 2).click()
        phone.screenshot(path=str(args.into / "phone-claim.png"))
        browser.close()
    print(f"wrote {args.into}/top.png, claim.png, full.png, timeline.png, phone.png, phone-claim.png")


if __name__ == "__main__":
    main()
