"""Shared fixtures: one strict build of the real site per test session, served on 127.0.0.1, and
Debian's Chromium driven by Playwright. What the fixtures use lives in tests/support.py.

Markers, set here from the fixtures a test uses: `browser` (Chromium), `pdf` (the PDF books), and
`slow` (set by the test itself: it builds or serves a site of its own). The fast part:

    pytest -m "not browser and not pdf and not slow"

The session's `site` is built without the PDF books (quick); `book_site`, the same sources built with
the books, is started in the background as soon as the tests are collected, when a selected test
reads the books, so that printing them overlaps the other tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from support import CHROMIUM, CHROMIUM_ARGS, ROOT, OfflinePage, serve

OUTPUT = ROOT / "test-output"
BROWSER_FIXTURES = {"browser", "offline_page", "base_url", "boxes"}
PDF_FIXTURES = {"book_site", "books", "readers", "page_texts", "texts", "words"}


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
    if any(item.get_closest_marker("pdf") for item in items):
        config.stash[_book_build] = start_build(Path(tempfile.mkdtemp(prefix="book-site-")), books=True)


_book_build = pytest.StashKey[tuple]()


def start_build(site_dir: Path, books: bool) -> tuple[Path, subprocess.Popen, Path]:
    """A strict build of the real mkdocs.yml into `site_dir`, started in the background."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PDF_EXPORT="1" if books else "0")
    OUTPUT.mkdir(exist_ok=True)
    log = OUTPUT / ("build-books.log" if books else "build.log")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site_dir)],
        stdout=log.open("w", encoding="utf-8"), stderr=subprocess.STDOUT, env=env, cwd=ROOT,
    )
    return site_dir, process, log


def finish_build(build: tuple[Path, subprocess.Popen, Path]) -> Path:
    site_dir, process, log = build
    code = process.wait()
    assert code == 0, f"mkdocs build --strict failed:\n{log.read_text(encoding='utf-8')[-4000:]}"
    return site_dir


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real mkdocs.yml built strictly into a temporary directory, without the PDF books."""
    return finish_build(start_build(tmp_path_factory.mktemp("site"), books=False))


@pytest.fixture(scope="session")
def book_site(request) -> Path:
    """The same sources built with the PDF books (started when the tests were collected)."""
    build = request.config.stash.get(_book_build, None)
    if build is None:
        build = start_build(Path(tempfile.mkdtemp(prefix="book-site-")), books=True)
    return finish_build(build)


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
