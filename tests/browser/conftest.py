"""Headless Chromium (Debian's, driven by Playwright) against the live test server, with axe-core checks.

Browser tests skip on a machine without Chromium, except where REMBUG_REQUIRE_BROWSER=1 (CI), where a missing
browser fails the run instead. They run last: the live server needs a transactional database, which is emptied
after each test, so each test loads the demo it needs.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("REMBUG_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}


def _browser_missing() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    missing = _browser_missing()
    if missing:
        if os.environ.get("REMBUG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Browser tests are required here but cannot run: {missing}")
        pytest.skip(missing)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser, live_server):
    """A 360-px wide phone page, speaking Indonesian, that fails the test on any console error (e.g. CSP)."""
    context = browser.new_context(viewport=PHONE, locale="id-ID", base_url=live_server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def desk(browser, live_server):
    """A 1280-px wide office screen. Closed after the test like every page here: a context left open keeps its
    keep-alive connections, and their server threads would then close the shared in-memory SQLite connection
    after the live server stopped sharing it (a DatabaseError in a thread, once reported as a warning)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def demo(transactional_db, settings):
    from rembug.demo.services import demo_load

    demo_load()


def axe_violations(page) -> list[str]:
    """axe-core violations of the page (WCAG 2 A/AA), as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def login(page, username: str, password: str = "rembug-demo") -> None:  # noqa: S107 - the demo password
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(password)
    page.get_by_role("button", name="Masuk").last.click()
    page.wait_for_url("**/dasbor/")


def save_screenshot(page, name: str) -> None:
    """`REMBUG_SCREENSHOTS=1 make test` refreshes the screenshots in docs/screenshots/ from the real pages."""
    if os.environ.get("REMBUG_SCREENSHOTS") == "1":
        page.screenshot(path=f"docs/screenshots/{name}.png", full_page=True)
