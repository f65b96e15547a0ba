"""The PDF printer: Debian's Chromium prints each print page, pikepdf finishes the file; books are
cached by content, so a rebuild that changes nothing that goes into a book copies it instead.

Not a hook: hooks/pdf.py calls `export_books` at the end of the outermost build, with the site
served on 127.0.0.1 (common.serve). Each book is printed in its own tab of one Chromium, in
parallel: a draft tells on which page each heading landed (from the named destinations Chromium
writes), the second print carries those page numbers in the contents. Chromium writes the
bookmarks (from the headings), the tags, the links and the fonts (TrueType, from the WOFF2
subsets); pikepdf fixes the bookmark titles and packs the objects into compressed object streams,
which halves the file. Any request to another host fails the build.

The cache (`.cache/pdf/` beside mkdocs.yml, outside the site: common.cache_dir) is keyed by a hash of everything a
book is made of: its print page, every stylesheet, font, script and image it loads, Chromium's
version, the Python packages that write the file, and this file's own code. A book whose key is
cached is copied; any other is printed and cached (one file per language is kept).
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.metadata
import importlib.util
import io
import logging
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from mkdocs.exceptions import PluginError

from common import CHROMIUM, CHROMIUM_ARGS, serve
from pdf_book import BOOK_SCRIPT, Book

log = logging.getLogger("mkdocs.hooks.pdf")

PDF_OPTIONS = dict(format="A4", prefer_css_page_size=True, print_background=True)
RENDER_TIMEOUT_MS = 300_000  # diagrams and fonts of a whole book, on a busy 2-core machine
# Every local file a print page loads: its stylesheets, scripts and images (not what it links to:
# a link is printed as an address, whatever the file holds).
LOADED = re.compile(r'<link\s[^>]*?\bhref="([^"#?]+)"|\s(?:src|data-mermaid)="([^"#?]+)"')
# Files loaded by the stylesheets and the Mermaid module (fonts, diagram chunks).
VENDOR = "assets/vendor"


@dataclass
class Job:
    book: Book
    html: str  # the print page, already written to the site
    key: str  # the cache key


def export_books(site: Path, books: list[Book], pages: dict[str, str], cache: Path) -> None:
    """Print (or copy from the cache folder) every book, and log what was written.

    `pages` maps each book's language to its print page as written in `site`."""
    jobs = [Job(book, pages[book.language], book_key(site, pages[book.language])) for book in books]
    to_print = []
    for job in jobs:
        cached = cache / f"{job.book.language}-{job.key}.pdf"
        if cached.exists():
            (site / job.book.file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, site / job.book.file)
            log.info(f"PDF book ({job.book.language}): {job.book.file}, unchanged: copied from {cache}")
        else:
            to_print.append(job)
    if not to_print:
        return
    check_printer()
    log.info(f"PDF books: printing {', '.join(job.book.language for job in to_print)} with {CHROMIUM}")
    with serve(site) as base_url:
        results = asyncio.run(print_books(site, base_url, [job.book for job in to_print]))
    cache.mkdir(parents=True, exist_ok=True)
    for job, (count, seconds) in zip(to_print, results):
        target = site / job.book.file
        cached = cache / f"{job.book.language}-{job.key}.pdf"
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")  # renamed when whole
        shutil.copyfile(target, partial)
        for old in cache.glob(f"{job.book.language}-*.pdf"):
            if old != cached:
                old.unlink(missing_ok=True)
        partial.replace(cached)
        log.info(f"PDF book ({job.book.language}): {job.book.file}, {count} pages, "
                 f"{target.stat().st_size / 1e6:.1f} MB, {seconds:.1f} s")


def book_key(site: Path, print_page: str) -> str:
    """A hash of everything that goes into one book (see the module docstring)."""
    digest = hashlib.sha256()
    digest.update(printer_version().encode())
    digest.update(print_page.encode())
    files = {site / VENDOR / path for path in vendor_files(site)}
    for url in (stylesheet or source for stylesheet, source in LOADED.findall(print_page)):
        if not urlsplit(url).scheme:
            files.add(site / unquote(urlsplit(urljoin("/print/", url)).path.lstrip("/")))
    for path in sorted(files):
        if path.is_file():
            digest.update(str(path.relative_to(site)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def vendor_files(site: Path) -> list[str]:
    root = site / VENDOR
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


@lru_cache(maxsize=1)
def printer_version() -> str:
    """Chromium's version, the packages that write the PDF, and this code."""
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        chromium = "missing"
    packages = []
    for name in ("playwright", "pikepdf"):
        try:
            packages.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            packages.append(f"{name} missing")
    code = [Path(__file__).read_text(encoding="utf-8"), BOOK_SCRIPT.read_text(encoding="utf-8")]
    return "\n".join([chromium, *packages, *code])


def check_printer() -> None:
    if not Path(CHROMIUM).exists():
        raise PluginError(
            f"hooks/pdf_print.py: Chromium is missing at {CHROMIUM}. Install Debian's `chromium` package "
            "(`apt-get install chromium`, or `bash scripts/run.sh setup`), or skip the PDF books with PDF_EXPORT=0."
        )
    for package in ("playwright", "pikepdf"):
        if importlib.util.find_spec(package) is None:
            raise PluginError(
                f"hooks/pdf_print.py: the Python package {package} is missing: install requirements.txt "
                "(`bash scripts/run.sh setup`), or skip the PDF books with PDF_EXPORT=0."
            )


# -----------------------------------------------------------------------------
# Printing

HEADINGS = """
[...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map(h => h.textContent.replace(/\\s+/g, " ").trim())
"""
FILL_PAGE_NUMBERS = """
pages => document.querySelectorAll("[data-page-of]").forEach(span => {
  span.textContent = pages[span.dataset.pageOf] ?? "";
})
"""


async def print_books(site: Path, base_url: str, books: list[Book]) -> list[tuple[int, float]]:
    from playwright.async_api import Error as PlaywrightError, async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return await asyncio.gather(*(print_book(browser, base_url, book, site / book.file) for book in books))
        except PlaywrightError as error:
            raise PluginError(f"hooks/pdf_print.py: Chromium could not print the books: {error}") from error
        finally:
            await browser.close()


async def print_book(browser, base_url: str, book: Book, target: Path) -> tuple[int, float]:
    """Print one book in its own tab: a draft for the page numbers, then the book."""
    started, print_url = time.monotonic(), book.print_url
    refused: list[str] = []

    async def local_only(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            refused.append(route.request.url)
            await route.abort()

    page = await browser.new_page()
    page.set_default_timeout(RENDER_TIMEOUT_MS)
    await page.route("**/*", local_only)
    await page.emulate_media(media="print", color_scheme="light")
    await page.goto(base_url + print_url, wait_until="load")
    await page.wait_for_function("document.documentElement.dataset.book")
    log.debug(f"/{print_url}: loaded, diagrams drawn after {time.monotonic() - started:.1f} s")
    state = await page.evaluate("document.documentElement.dataset.book")
    if state != "ready":
        raise PluginError(f"hooks/pdf_print.py: the print page /{print_url} did not render: {state}")
    if refused:
        raise PluginError(
            f"hooks/pdf_print.py: the print page /{print_url} asked other hosts for {refused}. "
            "Serve the file from the site itself (hooks/assets.py)."
        )
    headings = await page.evaluate(HEADINGS)
    draft = await page.pdf(**PDF_OPTIONS)
    await page.evaluate(FILL_PAGE_NUMBERS, await asyncio.to_thread(destination_pages, draft))
    log.debug(f"/{print_url}: draft printed after {time.monotonic() - started:.1f} s")
    pdf = await page.pdf(**PDF_OPTIONS, outline=True, tagged=True)
    await page.close()
    log.debug(f"/{print_url}: book printed after {time.monotonic() - started:.1f} s")
    pages = await asyncio.to_thread(finish_book, pdf, target, book, headings)
    return pages, time.monotonic() - started


def destination_pages(data: bytes) -> dict[str, int]:
    """Element id -> page number, from the named destinations Chromium writes for link targets."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        numbers = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        destinations = pdf.Root.get("/Dests", {})
        return {unquote(str(name)[1:]): numbers[destinations[name][0].objgen] for name in destinations.keys()}


def finish_book(data: bytes, target: Path, book: Book, headings: list[str]) -> int:
    """Fix the bookmarks, open them beside the book, describe it, and pack its objects."""
    import pikepdf

    # Chromium 156 titles a bookmark with its heading's text line by line, dropping the space where
    # the heading wraps, and twice over ("AbcAbc") when the heading starts a page: take the heading's.
    titles = {re.sub(r"\s+", "", heading): heading for heading in headings}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        outlines = pdf.Root.get("/Outlines")
        items = [outlines.get("/First")] if outlines is not None else []
        while items:
            item = items.pop()
            if item is None:
                continue
            items += [item.get("/First"), item.get("/Next")]
            title = re.sub(r"\s+", "", str(item.get("/Title", "")))
            title = title if title in titles else title[: len(title) // 2]
            if title in titles:
                item.Title = pikepdf.String(titles[title])
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        pdf.docinfo["/Author"] = book.author
        pdf.docinfo["/Subject"] = book.subtitle
        target.parent.mkdir(parents=True, exist_ok=True)
        pdf.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(pdf.pages)
