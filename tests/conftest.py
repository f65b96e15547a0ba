"""Shared fixtures: one strict build of the real site per test session, served on 127.0.0.1, and
Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "hooks"))
OUTPUT = ROOT / "test-output"
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 (hooks/chromium.py)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real mkdocs.yml built strictly into a temporary directory."""
    site_dir = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )
    log = result.stdout + result.stderr
    (OUTPUT / "build.log").parent.mkdir(exist_ok=True)
    (OUTPUT / "build.log").write_text(log, encoding="utf-8")
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log[-4000:]}"
    return site_dir


@pytest.fixture(scope="session")
def html_pages(site) -> list[Path]:
    """Every HTML page a reader can open, in both languages."""
    return sorted(p for p in site.rglob("*.html"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site) -> str:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's `chromium` package (bash scripts/run.sh setup).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class OfflinePage:
    """A browser page that may talk to 127.0.0.1 only: any other request is aborted and recorded,
    and console errors are collected."""

    def __init__(self, browser, **context_args):
        self.context = browser.new_context(**context_args)
        self.page = self.context.new_page()
        self.external: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _console(self, message):
        # A failed load is reported once, with its URL, by the response handler.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _route(self, route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.external.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


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
