"""What the tests (and the benchmarks) share: parsed pages, the hook loader, a browser page that may
reach 127.0.0.1 only, and Material's search box driven as a reader types.

The local static server and Chromium's path and flags are the site's own (hooks/common.py).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.append(str(HOOKS))

from common import CHROMIUM, CHROMIUM_ARGS, module_numbers, module_of, serve  # noqa: E402,F401 (hooks/common.py)

# The modules as docs/modules/ holds them (not a constant: a fourteenth module is a new file).
MODULE_NUMBERS = module_numbers(ROOT / "docs")
MODULE_COUNT = len(MODULE_NUMBERS)
# The Korean module pages' sources (`docs/modules/03-networking-1.md`), in order.
MODULE_SOURCES = sorted(
    path for path in (ROOT / "docs" / "modules").glob("*.md")
    if (module := module_of(f"modules/{path.name}")) and module.language is None
)

# -----------------------------------------------------------------------------
# Parsed pages


@lru_cache(maxsize=None)
def parsed(path: Path) -> BeautifulSoup:
    """A built page, parsed once per test session and shared by every test: read it, never change it."""
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "lxml")  # several times faster than html.parser


@lru_cache(maxsize=None)
def elements_by_id(path: Path) -> dict:
    """Every element of a built page with an id, by id (one pass, not one search per id)."""
    return {element["id"]: element for element in parsed(Path(path)).select("[id]")}


# -----------------------------------------------------------------------------
# Hooks


def load_hook(name: str, alias: str | None = None):
    """A hook module as MkDocs loads it (its dataclasses look their module up in sys.modules)."""
    alias = alias or f"{name}_hook_under_test"
    spec = importlib.util.spec_from_file_location(alias, HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    return module


def build_fixture(tmp_path: Path, pages: dict[str, str], hooks: list[str], extra_config: str = "",
                  glossary: str | None = None) -> tuple[int, str]:
    """A tiny Material site with some of the project's hooks, built strictly: (exit code, log)."""
    docs = tmp_path / "docs"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(textwrap.dedent(text), encoding="utf-8")
    if glossary is not None:
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "glossary.yml").write_text(textwrap.dedent(glossary), encoding="utf-8")
    hook_lines = "\n".join(f"  - {HOOKS / name}.py" for name in hooks)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Fixture\nsite_url: https://fixture.test/\nstrict: true\n"
        f"theme:\n  name: material\n  language: ko\n  font: false\n"
        f"markdown_extensions: [admonition, attr_list, md_in_html]\nhooks:\n{hook_lines}\n{textwrap.dedent(extra_config)}",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    return result.returncode, result.stdout + result.stderr


# -----------------------------------------------------------------------------
# A browser page that may talk to 127.0.0.1 only


def local_only(route, refused: list[str]) -> None:
    url = route.request.url
    if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        refused.append(url)
        route.abort()


def loader_scripts(page) -> tuple[list[str], list[str]]:
    """The scripts a parsed page's loader, the body's last script, adds (overrides/main.html): the
    page's own, after its first contentful paint, and Material's with what runs beside it, at the
    reader's first use of the page."""
    loader = page.body.find_all("script", recursive=False)[-1].string or ""
    listed = re.search(r"\}\)\((\[.*?\]), (\[.*?\])[,)]", loader)
    if not listed:
        return [], []
    own, material = (json.loads(group) for group in listed.groups())
    return [script["src"] for script in own], [script["src"] for script in material]


def loaded_scripts(page) -> list[str]:
    """Every script a parsed page's loader adds."""
    return [src for group in loader_scripts(page) for src in group]


# The page's own scripts run after its first contentful paint; Material's wait for the reader's first
# use of the page (a pointer move will do), and Material starts on the `DOMContentLoaded` the loader
# dispatches after them (overrides/main.html): `document$` emits then.
SCRIPTS_STARTED = "() => window.document$ && new Promise(resolve => document$.subscribe(() => resolve(true)))"


def visit(page, url: str, **goto):
    """Open a page, use it as a reader would (a pointer move), and wait until Material has started."""
    response = page.goto(url, wait_until="load", **goto)
    page.mouse.move(3, 3)
    page.mouse.move(6, 6)
    page.wait_for_function(SCRIPTS_STARTED, timeout=20_000)
    return response


class OfflinePage:
    """A page in its own browser context: any request to another host is aborted and recorded in
    `external`; console errors and failed responses are collected in `errors`."""

    def __init__(self, browser, **context_args):
        self.context = browser.new_context(**context_args)
        self.page = self.context.new_page()
        self.external: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", lambda route: local_only(route, self.external))
        self.page.on("console", self._console)
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _console(self, message):
        # A failed load is reported once, with its URL, by the response handler.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def close(self):
        self.context.close()


# -----------------------------------------------------------------------------
# Material's search box

INPUT = "input[data-md-component=search-query]"

# Runs in the page once: time from the query's `keyup` to the results (Material writes the result
# count and the first ten items in one task; the observer fires right after).
INSTRUMENT = """() => {
  const input = document.querySelector("input[data-md-component=search-query]");
  const meta = document.querySelector(".md-search-result__meta");
  window.__bench = { start: null, end: null };
  input.addEventListener("keyup", () => { window.__bench = { start: performance.now(), end: null }; }, true);
  new MutationObserver(() => {
    if (window.__bench.start !== null && window.__bench.end === null) window.__bench.end = performance.now();
  }).observe(meta, { childList: true, characterData: true, subtree: true });
}"""

READY = """() => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const meta = document.querySelector(".md-search-result__meta");
  return meta && meta.textContent.trim() === config.translations["search.result.placeholder"];
}"""

# Each result item: every document Material rendered in it, with its score.
RESULTS = """() => [...document.querySelectorAll(".md-search-result__item")].map(item =>
  [...item.querySelectorAll("a.md-search-result__link")].map(a => [
    a.href, parseFloat(a.querySelector("[data-md-score]").dataset.mdScore)
  ]))"""


@dataclass
class Results:
    text: str
    ranked: list[str]  # the best match of each result item, in order (`glossary/#vpc`)
    pages: list[str]  # the page of each result item, in order (`modules/03-networking-1/`)
    ms: float  # from the key press to the results in the page


class SearchBox:
    """The search box of one language's home page, in a context that may only reach 127.0.0.1."""

    def __init__(self, browser, base_url: str, lang: str, default: str = "ko"):
        self.home = base_url if lang == default else f"{base_url}{lang}/"
        self.context = browser.new_context()
        self.external: list[str] = []  # requests to other hosts, aborted
        self.context.route("**/*", lambda route: local_only(route, self.external))
        self.page = self.context.new_page()
        visit(self.page, self.home)
        self.page.focus(INPUT)
        self.page.wait_for_function(READY, timeout=30_000)
        self.ready_ms = self.page.evaluate("() => performance.now()")
        self.page.evaluate(INSTRUMENT)
        self.last = ""

    def search(self, text: str) -> Results:
        if text == self.last:  # Material ignores a repeated query
            self.type("")
        self.type(text)
        items = self.page.evaluate(RESULTS)
        timing = self.page.evaluate("() => window.__bench")
        ranked, pages = [], []
        for documents in items:
            best = max(documents, key=lambda d: d[1])  # first of the highest: what Material shows first
            ranked.append(self.location(best[0]))
            pages.append(self.location(documents[0][0]).split("#")[0])
        return Results(text, ranked, pages, timing["end"] - timing["start"])

    def type(self, text: str) -> None:
        self.page.fill(INPUT, text)
        self.page.press(INPUT, "End")
        self.page.wait_for_function("() => window.__bench.end !== null", timeout=10_000)
        self.last = text

    def location(self, href: str) -> str:
        """A result's address relative to the language's home: `glossary/#security-group`."""
        url, home = urlsplit(href), urlsplit(self.home)
        path = url.path[len(home.path):] if url.path.startswith(home.path) else "../" + url.path.lstrip("/")
        return unquote(path + (f"#{url.fragment}" if url.fragment else ""))

    def close(self) -> None:
        self.context.close()
