"""Shared fixtures: one strict build of the real site per test session, served on 127.0.0.1, and
Debian's Chromium driven by Playwright. What the fixtures use lives in tests/support.py.

Markers, set here from the fixtures a test uses: `browser` (Chromium), `pdf` (the PDF books), and
`slow` (set by the test itself: it builds or serves a site of its own). The fast part:

    pytest -m "not browser and not pdf and not slow"

When no selected test reads the books, the session's build skips them (PDF_EXPORT=0).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import CHROMIUM, CHROMIUM_ARGS, ROOT, OfflinePage, serve

OUTPUT = ROOT / "test-output"
BROWSER_FIXTURES = {"browser", "offline_page", "base_url", "boxes"}
PDF_FIXTURES = {"books", "readers", "page_texts", "texts", "words"}


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Debian's Chromium")
    config.addinivalue_line("markers", "pdf: reads the PDF books (the session's build prints them)")
    config.addinivalue_line("markers", "slow: builds or serves a site of its own")


def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES:
            item.add_marker("browser")
        if fixtures & PDF_FIXTURES:
            item.add_marker("pdf")
    config.stash[_needs_books] = any(item.get_closest_marker("pdf") for item in items)


_needs_books = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def site(request, tmp_path_factory) -> Path:
    """The real mkdocs.yml built strictly into a temporary directory."""
    site_dir = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if not request.config.stash.get(_needs_books, True):
        env["PDF_EXPORT"] = "0"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )
    log = result.stdout + result.stderr
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "build.log").write_text(log, encoding="utf-8")
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log[-4000:]}"
    return site_dir


@pytest.fixture(scope="session")
def html_pages(site) -> list[Path]:
    """Every HTML page a reader can open, in both languages."""
    return sorted(p for p in site.rglob("*.html"))


@pytest.fixture(scope="session")
def base_url(site) -> str:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's `chromium` package (bash scripts/run.sh setup).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline_page(browser):
    pages = []

    def make(**context_args) -> OfflinePage:
        page = OfflinePage(browser, **context_args)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
