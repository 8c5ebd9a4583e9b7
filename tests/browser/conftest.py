"""Headless Chromium from Debian, driven by Playwright, against a live test server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("WANGGE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# fixtures around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/setup.sh --test (installs Debian's chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


# Every page a browser test opens reports its Content-Security-Policy violations here
# (the browser's securitypolicyviolation event, and its console), and the test fails on
# any: a new inline script or handler, or a file from outside, shows up at once.
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspViolation(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watch_csp(pg) -> list[str]:
    violations: list[str] = []
    pg.expose_function("cspViolation", lambda text: violations.append(f"{pg.url}: {text}"))
    pg.add_init_script(REPORT_VIOLATIONS)
    pg.on(
        "console",
        lambda m: (
            violations.append(f"{pg.url}: {m.text}")
            if "Content Security Policy" in m.text
            else None
        ),
    )
    return violations


def _open_page(browser, request, viewport: dict, **options):
    context = browser.new_context(locale="zh-CN", viewport=viewport, **options)
    pg = context.new_page()
    pg.csp_violations = watch_csp(pg)
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not pg.csp_violations, "Content-Security-Policy violations:\n" + "\n".join(
        pg.csp_violations
    )


@pytest.fixture
def page(browser, request):
    yield from _open_page(browser, request, {"width": 1280, "height": 860})


#: a phone held upright (the width of most phones sold in China today)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, request):
    """A page at 390 × 844 with touch, as a phone's browser opens it; a screenshot of
    the whole page lands in ``test-artifacts/`` when the test fails."""
    yield from _open_page(
        browser, request, PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


@pytest.fixture
def log_in(live_server, page):
    def as_user(username: str, password: str):
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return as_user
