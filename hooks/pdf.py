"""PDF books: the whole course as one A4 book per language, written to `pdf/` in the built site.

For each language, the pages of its nav (the modules, the corrections, the glossary; not the home
page) are assembled into one print page, `print_page/` beside that language's home
(hooks/pdf_book.py), then printed by Debian's Chromium (hooks/pdf_print.py), or copied from the
cache when nothing that goes into the book has changed.

The books are printed at the end of the outermost build, together: mkdocs-static-i18n builds each
further language from inside the first one (common.is_outermost_build).

Every page links its language's book (`pdf_book` in the template context, overrides/main.html).
`mkdocs serve` skips the export and links the print page instead; `PDF_EXPORT=1` exports anyway,
`PDF_EXPORT=0` skips it in `mkdocs build` too. The book cache is `.cache/pdf/` beside mkdocs.yml (common.cache_dir).

Events: on_startup, on_nav, on_page_context, on_post_build (outermost).
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timezone
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from common import cache_dir, is_outermost_build, language
from pdf_book import TEXT, Book, render_print_page
from pdf_print import export_books

log = logging.getLogger("mkdocs.hooks.pdf")

_command = "build"
_books: dict[str, Book] = {}  # per language, until the outermost build prints them


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_nav(nav: Navigation, *, config: MkDocsConfig, files) -> Navigation:
    lang = book_language(config)
    _books[lang] = Book(
        lang,
        nav,
        title=config.site_name,
        subtitle=config.site_description or "",
        copyright=config.copyright or "",
        author=config.site_author or "",
        site_url=config.site_url or "",
    )
    return nav


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav: Navigation):
    book = _books[book_language(config)]
    target, label = (book.file, "download") if exporting() else (book.print_url, "print_page")
    context["pdf_book"] = {
        "url": get_relative_url(target, page.url),
        "label": TEXT[book.language][label],
        "pdf": exporting(),
    }
    return context


# After mkdocs-static-i18n (-100) has built the other languages into the same directory, and after
# every hook that may still change the written pages.
@event_priority(-150)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not is_outermost_build(config):
        return
    site = Path(config.site_dir)
    books = list(_books.values())
    _books.clear()
    pages = {}
    for book in books:
        written = {page.url: (site / page.file.dest_uri).read_text(encoding="utf-8") for page in book.nav.pages}
        pages[book.language] = render_print_page(book, written, build_date())
        (site / book.print_url).mkdir(parents=True, exist_ok=True)
        (site / book.print_url / "index.html").write_text(pages[book.language], encoding="utf-8")
    if exporting():
        export_books(site, books, pages, cache_dir(config, "pdf"))
    elif books:
        reason = "PDF_EXPORT=0" if os.environ.get("PDF_EXPORT") == "0" else f"`mkdocs {_command}`"
        print_pages = ", ".join(f"/{book.print_url}" for book in books)
        log.info(f"PDF books not printed ({reason}): the download links open the print pages {print_pages}")


# -----------------------------------------------------------------------------
# Helpers


def build_date() -> datetime:
    """The cover's date: SOURCE_DATE_EPOCH for a reproducible book, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)


def book_language(config: MkDocsConfig) -> str:
    lang = language(config)
    if lang not in TEXT:
        raise PluginError(f"hooks/pdf.py: no book texts for language '{lang}': add them to TEXT in hooks/pdf_book.py.")
    return lang


def exporting() -> bool:
    setting = os.environ.get("PDF_EXPORT")
    return setting == "1" if setting in ("0", "1") else _command != "serve"
