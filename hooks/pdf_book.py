"""The PDF book's print page, assembled from the pages as the build wrote them: pure HTML in, HTML out.

Not a hook: hooks/pdf.py calls `render_print_page` with what one language's build knows of its book
(`Book`) and the written HTML of its pages; hooks/pdf_print.py prints the result. The functions here
read no file and start nothing, so the tests run them on small HTML strings.

The print page: a cover, a table of contents (page numbers filled in after a draft print), then every
page of the nav but the home and those with `book: false` in their front matter, each on new pages under a running header with its title; ids made
unique across the book so internal links jump inside it; links elsewhere in the site point at the
online edition; the self-check answers gathered at the end of each module; the in-page script
(hooks/pdf_book.js) draws the diagrams.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from common import base_source

PDF_DIR = "pdf"
BOOK_FILE = "aws-architecting-notes-{language}.pdf"
PRINT_DIR = "print_page/"
PRINT_CSS = "stylesheets/print.css"
# Self-hosted by hooks/assets.py. Both books are set in Noto Sans KR (TrueType outlines, embedded
# as such), the English one too: the system's fonts differ from machine to machine.
BOOK_FONT = ("assets/vendor/noto-sans-kr/400.css", "assets/vendor/noto-sans-kr/700.css")
MERMAID = "assets/vendor/mermaid/mermaid.esm.min.mjs"  # loads the chunks of the diagram types used
BOOK_SCRIPT = Path(__file__).with_name("pdf_book.js")
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
# What only the browser needs (the study mode's answer form): the book prints the question as text.
SCREEN_ONLY = re.compile(r'<(form|div) class="[^"]*\bscreen-only\b[^"]*"[^>]*>.*?</\1>', re.S)


@dataclass
class Book:
    """What one language's build knows of its book (the config changes with each language)."""

    language: str
    nav: Any  # mkdocs.structure.nav.Navigation, or anything with `.pages`
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


def render_print_page(book: Book, written: dict[str, str], date: datetime) -> str:
    """One HTML page: cover, contents, then every page of the nav but the home, as written.

    `written` maps each page's URL to the HTML the build wrote for it."""
    text, print_url = TEXT[book.language], book.print_url
    home = home_page(book.nav)
    # A page may stay out of the book with `book: false` in its front matter (the study pages).
    chapters = [page for page in book.nav.pages if page is not home and getattr(page, "meta", {}).get("book") is not False]
    articles = {page.url: article(written[page.url], page.file.src_uri) for page in chapters}
    keys = {page.url: chapter_key(page, home) for page in chapters}
    ids = book_ids(chapters, articles, keys)
    sections, toc, page_rules = [], [], []
    for number, page in enumerate(chapters, 1):
        key = keys[page.url]
        body = SCREEN_ONLY.sub("", CONTENT_BUTTON.sub("", HEADERLINK.sub("", articles[page.url])))
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
{render_cover(book, online_url, date)}
<nav class="book-toc" aria-labelledby="book-toc-title" style="page: contents">
<h1 id="book-toc-title">{text["contents"]}</h1>
<ol>{"".join(toc)}</ol>
</nav>
{"".join(sections)}
</main>
<script type="module">{BOOK_SCRIPT.read_text(encoding="utf-8")}</script>
</body>
</html>
"""


def render_cover(book: Book, online_url: str, date: datetime) -> str:
    text = TEXT[book.language]
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


def toc_entry(page, key: str, ids: dict[tuple[str, str], str], answers: str) -> str:
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


def book_ids(chapters: list, articles: dict[str, str], keys: dict[str, str]) -> dict[tuple[str, str], str]:
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
    links elsewhere in the site at the online edition (with no https:// edition, at the site)."""
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
        if not site_url.startswith("https://"):  # `mkdocs serve`: no online edition, the site itself
            return f'{match[1]}{html.escape(get_relative_url(path, print_url) + fragment)}"'
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
# Helpers


def article(output: str, source: str) -> str:
    """The content of a page as written: what is inside Material's `<article>`."""
    start, end = output.find(ARTICLE_START), output.rfind("</article>")
    if start < 0 or end < start:
        raise PluginError(
            f"hooks/pdf_book.py: the written page of docs/{source} has no `{ARTICLE_START}` … "
            "`</article>`, where the book takes its content from. Did Material's page template change? "
            "Update ARTICLE_START in hooks/pdf_book.py."
        )
    return output[start + len(ARTICLE_START) : end]


def home_page(nav):
    """The language's home (`index.md`, `index.en.md`): the cover stands in for it in the book."""
    for page in nav.pages:
        if base_source(page.file.src_uri) == "index.md":
            return page
    raise PluginError("hooks/pdf_book.py: the nav has no home page (index.md): the print page goes beside it.")


def chapter_key(page, home) -> str:
    return page.url.removeprefix(home.url).strip("/").replace("/", "-") or "home"


def site_path(url: str, page_url: str) -> str:
    return urlsplit(urljoin("/" + page_url, url)).path.lstrip("/")


def css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
