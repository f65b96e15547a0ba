"""Where the notes are wrong or outdated: every correction box gathered on one page, and the date
each module page was last checked against the AWS documentation.

- Every module page says in its front matter when it was last checked: `checked: YYYY-MM`. It is
  shown under the page title (`2026년 12월 기준으로 AWS 문서와 대조했습니다`), in the PDF book too. A
  page without it, or with another form, fails the build, naming the file.
- Every correction box of a module page (`!!! bug "원문 정정"`, English `"Correction"`, rendered as
  `div.admonition.bug`) gets a stable id from the section it stands in, `correction-<section id>`
  (`-2`, `-3` … for more in the same section), and must cite its source with an https:// link; a
  box without one fails the build, naming the page and the box.
- The page holding `<!-- corrections -->` (docs/corrections*.md) lists every box of its language's
  module pages in module order: the box's first sentence, its sources, a link to the box, and the
  count per module and in total. It is filled in `on_page_context`, once every page's content is
  rendered, and before the search plugin indexes the page.

mkdocs-static-i18n runs every event once per language: the boxes are collected per language.

Events: on_pre_build, on_page_markdown, on_page_content, on_page_context.
"""

from __future__ import annotations

import html
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url

from common import language, module_of

log = logging.getLogger("mkdocs.hooks.corrections")

MARKER = "<!-- corrections -->"
CHECKED = re.compile(r"^(?P<year>20\d\d)-(?P<month>0[1-9]|1[0-2])$")
KOREAN = "ko"
TEXT = {
    "ko": {
        "checked": "{year}년 {month}월 기준으로 AWS 문서와 대조했습니다",
        "summary": "{modules}개 모듈에서 노트를 모두 {total}곳 바로잡았습니다. 각 항목의 링크를 누르면 모듈 본문의 해당 상자로 갑니다.",
        "module": "모듈",
        "count": "정정",
        "total": "합계",
        "see": "본문에서 보기",
        "sources": "출처",
    },
    "en": {
        "checked": "Checked against the AWS documentation in {month_name} {year}",
        "summary": "{total} corrections to the notes in {modules} modules. Each link leads to the box on its module page.",
        "module": "Module",
        "count": "Corrections",
        "total": "Total",
        "see": "See it on the page",
        "sources": "Sources",
    },
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]

# Markup of the pages as Python-Markdown wrote them.
H1_END = "</h1>"
SECTION_HEADING = re.compile(r'<h([23])[^>]*\sid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
BOX_START = re.compile(r'<div class="admonition bug">')
DIV_TAG = re.compile(r"<(/?)div\b[^>]*>")
TITLE = re.compile(r'<p class="admonition-title">(.*?)</p>', re.S)
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
SOURCE = re.compile(r'<a\s[^>]*href="(https://[^"]+)"[^>]*>(.*?)</a>', re.S)
TAGS = re.compile(r"<[^>]+>")
HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.S)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


@dataclass
class Box:
    module: int
    module_title: str
    page_url: str
    anchor: str
    section: str
    first_sentence: str
    sources: list[tuple[str, str]] = field(default_factory=list)


_boxes: dict[str, list[Box]] = defaultdict(list)


def on_pre_build(*, config: MkDocsConfig) -> None:
    _boxes[language(config)].clear()


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if module_of(page.file.src_uri) and checked_date(page.meta.get("checked")) is None:
        log.warning(
            f"docs/{page.file.src_uri}: the front matter needs `checked: YYYY-MM`, the month the page was last "
            f"checked against the AWS documentation (e.g. `checked: 2026-12`); found {page.meta.get('checked')!r}."
        )
    return markdown


def on_page_content(content: str, *, page: Page, config: MkDocsConfig, files) -> str:
    module = module_of(page.file.src_uri)
    if module is None:
        return content
    lang = language(config)
    content, boxes = anchor_boxes(content)
    for box in boxes:
        if not box.sources:
            log.warning(
                f"docs/{page.file.src_uri}: the correction box #{box.anchor} (section \u201c{box.section}\u201d, "
                f"\u201c{box.first_sentence[:80]}\u201d) cites no source. Add a line `출처: [title](https://…)` "
                "(English `Source: …`) with the AWS page that says what the box says."
            )
        box.module, box.module_title, box.page_url = module.number, page.title or "", page.url
    _boxes[lang].extend(boxes)
    date = checked_date(page.meta.get("checked"))
    return add_checked_line(content, date, lang) if date else content


# Before the search plugin indexes the page (priority 0).
@event_priority(50)
def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    if page.content and MARKER in page.content:
        lang = language(config)
        listing, headings = render_corrections(_boxes[lang], lang, page.url)
        page.content = page.content.replace(MARKER, listing)
        page.toc = TableOfContents([AnchorLink(title, anchor, 2) for anchor, title in headings])
    return context


# -----------------------------------------------------------------------------
# Pure functions: HTML in, HTML out


def checked_date(value) -> tuple[int, int] | None:
    """`2026-12` -> (2026, 12); anything else -> None."""
    match = CHECKED.match(value) if isinstance(value, str) else None
    return (int(match["year"]), int(match["month"])) if match else None


def add_checked_line(content: str, date: tuple[int, int], lang: str) -> str:
    year, month = date
    text = TEXT[KOREAN if lang == KOREAN else "en"]["checked"].format(
        year=year, month=month, month_name=MONTHS[month - 1]
    )
    line = f'<p class="page-checked"><time datetime="{year}-{month:02d}">{text}</time></p>'
    at = content.find(H1_END)
    return content[: at + len(H1_END)] + line + content[at + len(H1_END):] if at >= 0 else line + content


def anchor_boxes(content: str) -> tuple[str, list[Box]]:
    """Give every correction box its id (from its section); return the content and the boxes found."""
    out, boxes, position = [], [], 0
    used: dict[str, int] = defaultdict(int)
    headings = [(m.start(), m.group(2), clean(HEADERLINK.sub("", m.group(3)))) for m in SECTION_HEADING.finditer(content)]
    for start in BOX_START.finditer(content):
        if start.start() < position:
            continue  # a box inside a box
        end = box_end(content, start.start())
        section = next(((anchor, title) for at, anchor, title in reversed(headings) if at < start.start()), ("", ""))
        used[section[0]] += 1
        anchor = f"correction-{section[0]}" if section[0] else "correction"
        anchor += f"-{used[section[0]]}" if used[section[0]] > 1 else ""
        box_html = content[start.start():end]
        body = TITLE.sub("", box_html, count=1)
        paragraph = PARAGRAPH.search(body)
        boxes.append(Box(
            module=0, module_title="", page_url="", anchor=anchor, section=section[1] or section[0],
            first_sentence=first_sentence(clean(paragraph.group(1) if paragraph else body)),
            sources=[(href, clean(text)) for href, text in SOURCE.findall(box_html)],
        ))
        out += [content[position:start.start()], f'<div class="admonition bug" id="{anchor}">', content[start.end():end]]
        position = end
    out.append(content[position:])
    return "".join(out), boxes


def box_end(content: str, start: int) -> int:
    """The index just past the `</div>` that closes the `<div>` at `start`."""
    depth = 0
    for tag in DIV_TAG.finditer(content, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return len(content)


def first_sentence(text: str, limit: int = 220) -> str:
    sentence = SENTENCE_END.split(text, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def clean(fragment: str) -> str:
    return " ".join(html.unescape(TAGS.sub("", fragment)).split())


def render_corrections(boxes: list[Box], lang: str, page_url: str) -> tuple[str, list[tuple[str, str]]]:
    """The corrections page's listing, and its headings (anchor, title) for the table of contents."""
    text = TEXT[KOREAN if lang == KOREAN else "en"]
    by_module: dict[int, list[Box]] = defaultdict(list)
    for box in boxes:
        by_module[box.module].append(box)
    modules = sorted(by_module)
    rows, sections, headings = [], [], []
    for number in modules:
        found = by_module[number]
        anchor, title = f"module-{number:02d}", found[0].module_title
        headings.append((anchor, title))
        rows.append(f'<tr><td><a href="#{anchor}">{html.escape(title)}</a></td><td>{len(found)}</td></tr>')
        items = []
        for box in found:
            href = html.escape(get_relative_url(box.page_url, page_url) + f"#{box.anchor}")
            sources = ", ".join(f'<a href="{html.escape(url)}">{html.escape(label or url)}</a>' for url, label in box.sources)
            items.append(
                f'<li class="corrections-entry"><p>{html.escape(box.first_sentence)}</p>'
                f'<p class="corrections-meta"><a href="{href}">{text["see"]}: {html.escape(box.section)}</a>'
                f' · {text["sources"]}: {sources}</p></li>'
            )
        sections.append(
            f'<h2 id="{anchor}">{html.escape(title)} <span class="corrections-count">({len(found)})</span></h2>'
            f'<ol class="corrections-list">{"".join(items)}</ol>'
        )
    total = sum(len(v) for v in by_module.values())
    summary = f'<p class="corrections-summary">{text["summary"].format(modules=len(modules), total=total)}</p>'
    table = (
        f'<table class="corrections-table"><thead><tr><th>{text["module"]}</th><th>{text["count"]}</th></tr></thead>'
        f'<tbody>{"".join(rows)}<tr><td><strong>{text["total"]}</strong></td><td><strong>{total}</strong></td></tr>'
        "</tbody></table>"
    )
    return summary + table + "".join(sections), headings
