"""PDF books: the whole course as one A4 book per language, written to `pdf/` in the built site.

For each language, the pages of its nav (the 13 modules, then the glossary; not the home page), as
the build wrote them, are assembled into one print page, `print_page/` beside that language's home:
a cover, a table of contents, each module on new pages under a running header with its name, the
self-check answers gathered at the end of each module, internal links pointing inside the book.
Debian's Chromium, driven by Playwright, prints it with the site's own CSS and web font, and
Mermaid draws the diagrams straight into the page (vector paths and real text). The first print
tells on which page each heading landed; the second carries those page numbers in the contents.
Chromium writes the bookmarks (from the headings), the tags, the links and the fonts (TrueType,
from the WOFF2 subsets); pikepdf (qpdf) fixes the bookmark titles and packs the file's objects
into compressed object streams, which halves its size. Any request to another host fails the build.

The books are printed at the end of the outermost build, together (one Chromium, one tab per
book, in parallel): mkdocs-static-i18n builds each further language from inside the first one.

Every page links its language's book (`pdf_book` in the template context, overrides/main.html).
`mkdocs serve` skips the export and links the print page instead; `PDF_EXPORT=1` exports anyway,
`PDF_EXPORT=0` skips it in `mkdocs build` too.

Events: on_startup, on_nav, on_page_context, on_post_build.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import http.server
import importlib.util
import io
import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from chromium import CHROMIUM, CHROMIUM_ARGS  # hooks/chromium.py: MkDocs puts a hook's folder on sys.path

log = logging.getLogger("mkdocs.hooks.pdf")

PDF_DIR = "pdf"
BOOK_FILE = "aws-architecting-notes-{language}.pdf"
PRINT_DIR = "print_page/"
PRINT_CSS = "stylesheets/print.css"
# Self-hosted by hooks/assets.py. Both books are set in Noto Sans KR (TrueType outlines, embedded
# as such), the English one too: the system's fonts differ from machine to machine.
BOOK_FONT = ("assets/vendor/noto-sans-kr/400.css", "assets/vendor/noto-sans-kr/700.css")
MERMAID = "assets/vendor/mermaid/mermaid.esm.min.mjs"  # loads the chunks of the diagram types used
PDF_OPTIONS = dict(format="A4", prefer_css_page_size=True, print_background=True)
RENDER_TIMEOUT_MS = 300_000  # diagrams and fonts of a whole book, on a busy 2-core machine
TEXT = {
    "ko": {
        "edition": "한국어판",
        "built": "{date} 판",
        "online": "온라인판",
        "contents": "목차",
        "answers": "셀프 체크 정답과 해설",
        "answer": "정답과 해설",
        "page": "{}쪽",
        "download": "PDF로 내려받기",
        "print_page": "인쇄용 페이지 열기",
    },
    "en": {
        "edition": "English edition",
        "built": "edition of {date}",
        "online": "Online edition",
        "contents": "Contents",
        "answers": "Self-check answers",
        "answer": "Answer and explanation",
        "page": "p. {}",
        "download": "Download the PDF book",
        "print_page": "Open the print page",
    },
}

# Markup of the pages as MkDocs and the other hooks wrote them.
ARTICLE_START = '<article class="md-content__inner md-typeset">'
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
CONTENT_BUTTON = re.compile(r'<a\s[^>]*class="md-content__button[^"]*"[^>]*>.*?</a>', re.S)
ID_ATTRIBUTE = re.compile(r'(\s(?:id|for)=")([^"]*)"')
ID_VALUE = re.compile(r'\sid="([^"]*)"')
LINK_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)"')
QUIZ_ANSWER = re.compile(r'<details class="question"[^>]*>\s*<summary>.*?</summary>(.*?)</details>', re.S)
QUIZ_LABEL = re.compile(r"<strong>(Q\d+)\.</strong>")
CLOSED_DETAILS = re.compile(r"<details(?![^>]*\sopen)")
LANGUAGE_SUFFIX = re.compile(r"\.[a-z]{2}\.md$")


@dataclass
class Book:
    """What one language's build knows of its book (the config changes with each language)."""

    language: str
    nav: Navigation
    title: str
    subtitle: str
    copyright: str
    author: str
    site_url: str

    @property
    def print_url(self) -> str:
        return home_page(self.nav).url + PRINT_DIR

    @property
    def file(self) -> str:
        return f"{PDF_DIR}/{BOOK_FILE.format(language=self.language)}"


_command = "build"
_books: dict[str, Book] = {}  # per language, until the outermost build prints them


def on_startup(*, command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_nav(nav: Navigation, *, config: MkDocsConfig, files) -> Navigation:
    language = book_language(config)
    _books[language] = Book(
        language,
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
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a language built from inside another: the outermost build prints every book
    site = Path(config.site_dir)
    books = list(_books.values())
    _books.clear()
    for book in books:
        (site / book.print_url).mkdir(parents=True, exist_ok=True)
        (site / book.print_url / "index.html").write_text(render_print_page(site, book), encoding="utf-8")
    if exporting():
        export_books(site, books)
    elif books:
        reason = "PDF_EXPORT=0" if os.environ.get("PDF_EXPORT") == "0" else f"`mkdocs {_command}`"
        pages = ", ".join(f"/{book.print_url}" for book in books)
        log.info(f"PDF books not printed ({reason}): the download links open the print pages {pages}")


# -----------------------------------------------------------------------------
# The print page


def render_print_page(site: Path, book: Book) -> str:
    """One HTML page: cover, contents, then every page of the nav but the home, as written."""
    text, print_url = TEXT[book.language], book.print_url
    home = home_page(book.nav)
    chapters = [page for page in book.nav.pages if page is not home]
    written = {page.url: (site / page.file.dest_uri).read_text(encoding="utf-8") for page in book.nav.pages}
    articles = {url: article(output) for url, output in written.items()}
    keys = {page.url: chapter_key(page, home) for page in chapters}
    ids = book_ids(chapters, articles, keys)
    sections, toc, page_rules = [], [], []
    for number, page in enumerate(chapters, 1):
        key = keys[page.url]
        body = CONTENT_BUTTON.sub("", HEADERLINK.sub("", articles[page.url]))
        body = rewrite_links(body, page.url, keys, ids, print_url, book.site_url)
        body, answers = gather_answers(body, key, text)
        body = CLOSED_DETAILS.sub("<details open", body)
        sections.append(
            f'<section class="book-chapter" id="{key}" style="page: chapter-{number}">{body}{answers}</section>'
        )
        page_rules.append(f"@page chapter-{number} {{ @top-left {{ content: {css_string(page.title)}; }} }}")
        toc.append(toc_entry(page, key, ids, answers and text["answers"]))
    # The site's stylesheets as the home page lists them, then the book's font and its own.
    head = written[home.url].partition("</head>")[0]
    stylesheets = [site_path(href, home.url) for href in STYLESHEET.findall(head)] + [*BOOK_FONT, PRINT_CSS]
    links = "\n".join(
        f'<link rel="stylesheet" href="{get_relative_url(path, print_url)}">' for path in dict.fromkeys(stylesheets)
    )
    # `mkdocs serve` sets site_url to its own http:// address: then there is no online edition to name.
    online_url = urljoin(book.site_url, home.url) if book.site_url.startswith("https://") else ""
    diagrams = any('class="mermaid"' in section for section in sections)
    mermaid = f' data-mermaid="{get_relative_url(MERMAID, print_url)}"' if diagrams else ""
    return f"""<!doctype html>
<html lang="{book.language}">
<head>
<meta charset="utf-8">
<title>{html.escape(book.title)}</title>
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
{links}
<style>
@page {{ @top-right {{ content: {css_string(book.title)}; }} }}
{chr(10).join(page_rules)}
</style>
</head>
<body class="book" dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="deep-orange">
<main class="md-typeset"{mermaid}>
{render_cover(book, online_url)}
<nav class="book-toc" aria-labelledby="book-toc-title" style="page: contents">
<h1 id="book-toc-title">{text["contents"]}</h1>
<ol>{"".join(toc)}</ol>
</nav>
{"".join(sections)}
</main>
<script type="module">{BOOK_SCRIPT}</script>
</body>
</html>
"""


def render_cover(book: Book, online_url: str) -> str:
    text = TEXT[book.language]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    online = (
        f'<p class="book-cover__online">{text["online"]}: <a href="{html.escape(online_url)}">'
        f"{html.escape(online_url)}</a></p>"
        if online_url
        else ""
    )
    return f"""<section class="book-cover" style="page: cover">
<div class="book-cover__band">
<p class="book-cover__kicker">Architecting on AWS</p>
<h1 class="book-cover__title">{html.escape(book.title)}</h1>
<p class="book-cover__subtitle">{html.escape(book.subtitle)}</p>
</div>
<div class="book-cover__meta">
<p class="book-cover__edition">{text["edition"]} · {text["built"].format(date=date.strftime("%Y-%m-%d"))}</p>
{online}
<p class="book-cover__copyright">{html.escape(book.copyright)}</p>
</div>
</section>"""


def toc_entry(page: Page, key: str, ids: dict[tuple[str, str], str], answers: str) -> str:
    sections = [item for top in page.toc for item in (top.children if top.level == 1 else [top])]
    rows = [toc_row(ids[page.url, item.id], item.title) for item in sections if item.level == 2]
    if answers:
        rows.append(toc_row(f"{key}--answers", answers))
    return f'<li class="book-toc__chapter">{toc_row(key, page.title)}<ol>{"".join(rows)}</ol></li>'


def toc_row(anchor: str, title: str) -> str:
    return (
        f'<a href="#{anchor}"><span class="book-toc__title">{html.escape(html.unescape(title))}</span>'
        f'<span class="book-toc__page" data-page-of="{anchor}">000</span></a>'
    )


def book_ids(chapters: list[Page], articles: dict[str, str], keys: dict[str, str]) -> dict[tuple[str, str], str]:
    """(page URL, id) -> a short ASCII id, unique in the book: PDF destinations are named by it."""
    ids = {}
    for page in chapters:
        for number, original in enumerate(dict.fromkeys(ID_VALUE.findall(articles[page.url])), 1):
            ids[page.url, html.unescape(original)] = f"{keys[page.url]}-{number}"
    return ids


def rewrite_links(
    body: str, page_url: str, keys: dict[str, str], ids: dict[tuple[str, str], str], print_url: str, site_url: str
) -> str:
    """Give every id its book id, point links to pages of the book at their place in it, and
    links elsewhere in the site at the online edition."""
    body = ID_ATTRIBUTE.sub(lambda m: f'{m[1]}{ids.get((page_url, html.unescape(m[2])), m[2])}"', body)

    def link(match: re.Match) -> str:
        url = html.unescape(match[2])
        if urlsplit(url).scheme or url.startswith("//"):
            return match[0]
        target = urlsplit(urljoin("/" + page_url, url))
        path = re.sub(r"(^|/)index\.html$", r"\1", target.path.lstrip("/"))
        if path in keys:
            return f'{match[1]}#{ids.get((path, unquote(target.fragment)), keys[path])}"'
        if match[1].strip().startswith("src"):
            return f'{match[1]}{html.escape(get_relative_url(path, print_url))}"'
        fragment = f"#{target.fragment}" if target.fragment else ""
        return f'{match[1]}{html.escape(urljoin(site_url, path) + fragment)}"'

    return LINK_ATTRIBUTE.sub(link, body)


def gather_answers(body: str, key: str, text: dict[str, str]) -> tuple[str, str]:
    """Self-check answers move to the end of their module; each question links to its answer."""
    answers: list[str] = []

    def move(match: re.Match) -> str:
        number = len(answers) + 1
        labels = QUIZ_LABEL.findall(body, 0, match.start())
        label = labels[-1] if labels else f"Q{number}"
        question, answer = f"{key}--question-{number}", f"{key}--answer-{number}"
        answers.append(
            f'<div class="admonition question" id="{answer}"><p class="admonition-title">'
            f'<a href="#{question}">{label} · {page_reference(question, text)}</a></p>{match[1]}</div>'
        )
        return (
            f'<p class="book-answer-link" id="{question}">'
            f'<a href="#{answer}">{text["answer"]} → {page_reference(answer, text)}</a></p>'
        )

    body = QUIZ_ANSWER.sub(move, body)
    if not answers:
        return body, ""
    return body, f'<section class="book-answers"><h2 id="{key}--answers">{text["answers"]}</h2>{"".join(answers)}</section>'


def page_reference(anchor: str, text: dict[str, str]) -> str:
    """"p. 12": the number is filled in after the first print."""
    return text["page"].format(f'<span class="book-page" data-page-of="{anchor}">00</span>')


# -----------------------------------------------------------------------------
# Printing


# Runs in the print page: Mermaid draws every diagram into the page (not into Material's closed
# shadow root), once the font subsets its labels need are loaded, so that the boxes fit the text.
BOOK_SCRIPT = """
(async () => {
  const book = document.querySelector("main");
  const sources = [...book.querySelectorAll("pre.mermaid")];
  const font = '"Noto Sans KR", sans-serif';
  await document.fonts.ready;
  if (sources.length) {
    const [{ default: mermaid }] = await Promise.all([
      import(book.dataset.mermaid),
      ...sources.map(pre => document.fonts.load(`14px ${font}`, pre.textContent)),
    ]);
    mermaid.initialize({
      startOnLoad: false, securityLevel: "strict", theme: "neutral", fontFamily: font,
      themeVariables: { fontFamily: font, fontSize: "14px" },
    });
    // Drawn while the book is hidden: Mermaid measures each label, which lays out the whole page.
    book.hidden = true;
    for (const [index, pre] of sources.entries()) {
      const div = document.createElement("div");
      div.className = "mermaid";
      div.innerHTML = (await mermaid.render(`diagram-${index}`, pre.textContent)).svg;
      pre.replaceWith(div);
    }
    book.hidden = false;
  }
  await document.fonts.ready;
  document.documentElement.dataset.book = "ready";
})().catch(error => { document.documentElement.dataset.book = "error: " + (error.message || error); });
"""
HEADINGS = """
[...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map(h => h.textContent.replace(/\\s+/g, " ").trim())
"""
FILL_PAGE_NUMBERS = """
pages => document.querySelectorAll("[data-page-of]").forEach(span => {
  span.textContent = pages[span.dataset.pageOf] ?? "";
})
"""


def export_books(site: Path, books: list[Book]) -> None:
    """Print every book with Chromium, one tab each, and log what was written."""
    if not Path(CHROMIUM).exists():
        raise PluginError(
            f"hooks/pdf.py: Chromium is missing at {CHROMIUM}. Install Debian's `chromium` package "
            "(`apt-get install chromium`, or `bash scripts/run.sh setup`), or skip the PDF books with PDF_EXPORT=0."
        )
    for package in ("playwright", "pikepdf"):
        if importlib.util.find_spec(package) is None:
            raise PluginError(
                f"hooks/pdf.py: the Python package {package} is missing: install requirements.txt "
                "(`bash scripts/run.sh setup`), or skip the PDF books with PDF_EXPORT=0."
            )
    log.info(f"PDF books: printing {', '.join(book.language for book in books)} with {CHROMIUM}")
    with serve(site) as base_url:
        results = asyncio.run(print_books(site, base_url, books))
    for book, (pages, seconds) in zip(books, results):
        size = (site / book.file).stat().st_size
        log.info(f"PDF book ({book.language}): {book.file}, {pages} pages, {size / 1e6:.1f} MB, {seconds:.1f} s")


async def print_books(site: Path, base_url: str, books: list[Book]) -> list[tuple[int, float]]:
    from playwright.async_api import Error as PlaywrightError, async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return await asyncio.gather(*(print_book(browser, base_url, book, site / book.file) for book in books))
        except PlaywrightError as error:
            raise PluginError(f"hooks/pdf.py: Chromium could not print the books: {error}") from error
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
        raise PluginError(f"hooks/pdf.py: the print page /{print_url} did not render: {state}")
    if refused:
        raise PluginError(
            f"hooks/pdf.py: the print page /{print_url} asked other hosts for {refused}. "
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


@contextlib.contextmanager
def serve(directory: Path):
    """The built site on 127.0.0.1, for as long as Chromium needs it."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# -----------------------------------------------------------------------------
# Helpers


def article(output: str) -> str:
    """The content of a page as written: what is inside Material's `<article>`."""
    start = output.index(ARTICLE_START) + len(ARTICLE_START)
    return output[start : output.rindex("</article>")]


def book_language(config: MkDocsConfig) -> str:
    language = config.theme["language"]
    if language not in TEXT:
        raise PluginError(f"hooks/pdf.py: no book texts for language '{language}': add them to TEXT.")
    return language


def exporting() -> bool:
    setting = os.environ.get("PDF_EXPORT")
    return setting == "1" if setting in ("0", "1") else _command != "serve"


def home_page(nav: Navigation) -> Page:
    """The language's home (`index.md`, `index.en.md`): the cover stands in for it in the book."""
    for page in nav.pages:
        if LANGUAGE_SUFFIX.sub(".md", page.file.src_uri) == "index.md":
            return page
    raise PluginError("hooks/pdf.py: the nav has no home page (index.md): the print page goes beside it.")


def chapter_key(page: Page, home: Page) -> str:
    return page.url.removeprefix(home.url).strip("/").replace("/", "-") or "home"


def site_path(url: str, page_url: str) -> str:
    return urlsplit(urljoin("/" + page_url, url)).path.lstrip("/")


def css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
