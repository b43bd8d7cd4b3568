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
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(args.into / "phone.png"))
        browser.close()
    print(f"wrote {args.into}/top.png, claim.png, full.png, phone.png")


if __name__ == "__main__":
    main()
