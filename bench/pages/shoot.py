"""Screenshots of the grid manager's pages at a phone's 390 px and a desktop's 1440 px.

Against a running server with the demo city loaded (``wangge demo``), log in as the
demo grid manager, find the pages by following the links people follow (home → the
grid's card → an item's derivation; customers → a customer), shoot each page whole at
both widths into ``bench/pages/shots/``, and print, at 390 px, the header's height and
the document's scroll width (equal to the viewport: nothing wider than the screen).

    PYTHONPATH=src .venv/bin/python bench/pages/shoot.py --url http://127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import urljoin

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("WANGGE_CHROMIUM", "/usr/bin/chromium")
WIDTHS = {"phone": (390, 844), "desktop": (1440, 900)}

MEASURE = """() => ({
  document: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
  header: Math.round(document.querySelector('header.bar').getBoundingClientRect().height),
})"""


def log_in(page, url: str, username: str, password: str) -> None:
    page.goto(urljoin(url, "/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(urljoin(url, "/"))


def first_href(page, selector: str) -> str:
    href = page.locator(selector).first.get_attribute("href")
    if not href:
        raise SystemExit(f"no link {selector!r} on {page.url}")
    return urljoin(page.url, href)


def find_pages(page, url: str) -> dict[str, str]:
    """The pages, found as a person finds them (no database access from here)."""
    pages = {"home": urljoin(url, "/")}
    page.goto(pages["home"])
    page.goto(urljoin(url, "/appraisal/"))
    pages["card"] = first_href(page, "main a[href*='/appraisal/card/']")
    page.goto(pages["card"])
    pages["derivation"] = first_href(page, "main a[href*='/appraisal/item/']")
    pages["customers"] = urljoin(url, "/customers/")
    page.goto(pages["customers"])
    pages["customer"] = first_href(page, "main a[href*='/customers/'][href$='/']")
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="gridmgr")
    parser.add_argument("--password", default="wangge-demo")
    parser.add_argument("--out", type=Path, default=HERE / "shots")
    parser.add_argument("--prefix", default="", help="file name prefix, e.g. before-")
    parser.add_argument(
        "--max-height", type=int, default=1800, help="cut long pages here (px; keeps files small)"
    )
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    figures: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        pages: dict[str, str] = {}
        for kind, (width, height) in WIDTHS.items():
            context = browser.new_context(
                locale="zh-CN",
                viewport={"width": width, "height": height},
                is_mobile=kind == "phone",
                has_touch=kind == "phone",
            )
            page = context.new_page()
            log_in(page, args.url, args.username, args.password)
            pages = pages or find_pages(page, args.url)
            for name, address in pages.items():
                page.goto(address)
                page.wait_for_load_state("networkidle")
                shot = args.out / f"{args.prefix}{name}-{width}.png"
                tall = page.evaluate("document.documentElement.scrollHeight")
                clip = {"x": 0, "y": 0, "width": width, "height": min(tall, args.max_height)}
                page.screenshot(path=str(shot), full_page=True, clip=clip)
                if kind == "phone":
                    figures[name] = {"url": address.replace(args.url, ""), **page.evaluate(MEASURE)}
            page.goto(pages["home"])
            if kind == "phone" and page.locator("#menu-button").count():  # the drawer open
                page.click("#menu-button")
                page.wait_for_selector("#drawer.open nav a")
                page.wait_for_timeout(300)
                page.screenshot(path=str(args.out / f"{args.prefix}menu-{width}.png"))
            context.close()
        browser.close()
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    wide = [n for n, f in figures.items() if f["document"] != f["viewport"]]
    print("wider than the phone:", ", ".join(wide) or "none", file=sys.stderr)
    return 1 if wide else 0


if __name__ == "__main__":
    sys.exit(main())
