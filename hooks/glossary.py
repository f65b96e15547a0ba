"""The glossary: one data file, a generated page per language, term links in the modules, backlinks.

- `data/glossary.yml` is read and validated by `glossary_data` (shared with the search and study
  hooks); every problem stops the build with its line.
- The page holding `<!-- glossary -->` (docs/glossary*.md) gets every term, grouped by category.
- In module pages, the first occurrence of a term in each section links to its entry, with the
  term's one-line definition as tooltip (Material's `content.tooltips`).
- Each entry lists the sections where the term occurs (`등장하는 곳`), taken from the pages.

mkdocs-static-i18n runs every event once per language, so what is collected is keyed by language.

Events: on_config, on_pre_build, on_page_markdown, on_page_content, on_page_context, on_post_build.
"""

from __future__ import annotations

import html
import logging
import re
import string
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import glossary_data
from common import default_language, language, language_prefix, module_of
from glossary_data import CATEGORIES, DATA_FILE, KOREAN, Term, normalise

log = logging.getLogger("mkdocs.hooks.glossary")

MARKER = "<!-- glossary -->"
GLOSSARY_URL = "glossary/"  # the page holding MARKER, relative to its language's home
BACKLINKS = '<div class="glossary-backlinks" data-term="{}"></div>'


@dataclass
class Occurrence:
    url: str
    page_title: str
    anchor: str
    section: str


# One build's state: the terms, and per language where each term occurs.
_terms: list[Term] = []
_occurrences: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
_patterns: dict[tuple, tuple] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _terms
    # Validated once per change of the data file (glossary_data), again under `mkdocs serve`.
    loaded = glossary_data.terms(config)
    if loaded is not _terms:
        _terms = loaded
        _patterns.clear()
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    _occurrences[language(config)].clear()


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if MARKER not in markdown:
        return markdown
    page.meta["glossary"] = True
    modules = {m.number: m.src_uri for m in map(module_of, (f.src_uri for f in files.documentation_pages())) if m}
    return markdown.replace(MARKER, render_glossary(_terms, language(config), modules))


def on_page_content(content: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if module_of(page.file.src_uri) is None:
        return content
    lang = language(config)
    target = get_relative_url(language_prefix(lang, default_language(config)) + GLOSSARY_URL, page.url)
    linked, found = link_terms(content, _terms, lang, target)
    for term_id, sections in found.items():
        _occurrences[lang][term_id].extend(
            Occurrence(page.url, page.title or "", anchor, title) for anchor, title in sections
        )
    return linked


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    if page.meta.get("glossary"):
        page.content = fill_backlinks(page.content, _occurrences[language(config)], language(config), page.url)
        page.content = size_boxes(page.content)
        # The table of contents lists the categories, not hundreds of terms (the filter finds a term):
        # two thousand fewer elements for a phone to lay out.
        for item in page.toc:
            for category in item.children:
                category.children = []
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    unused = [t.id for t in _terms if not _occurrences[language(config)].get(t.id)]
    if unused:
        log.warning(
            f"{DATA_FILE}: {len(unused)} term(s) appear in no {language(config)} module page: "
            f"{', '.join(unused)}. Use the term (or an alias of it) in a module page, add the "
            "spelling the pages use to its `aka`, or remove the term."
        )


# -----------------------------------------------------------------------------
# Linking terms in module pages

LATIN = re.compile(r"[A-Za-z0-9]")
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# A name starts where no letter of its own script stands just before it.
START = r"(?:(?<![a-z0-9])(?=[a-z0-9])|(?<![\uac00-\ud7a3])(?![a-z0-9]))"
TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", re.S)
SKIPPED = {"a", "code", "pre", "script", "style", "svg", "summary", "textarea", "button", "kbd", "abbr",
           "h1", "h2", "h3", "h4", "h5", "h6"}
SECTION = {"h2", "h3"}
ID_ATTRIBUTE = re.compile(r"""\bid=(["'])(.*?)\1""")


def term_pattern(terms: list[Term], lang: str) -> tuple[re.Pattern, dict[str, Term], dict[str, str]]:
    """Every name of every term as one trie-shaped regex over ASCII-lowercased text.

    A trie fails fast at each position (a plain alternation of ~700 names was most of the build
    time) and tries longer names first, so `EC2 Image Builder` wins over `EC2`. Returns the pattern,
    the term owning each normalised name, and the exact spelling of names that keep their case.
    """
    key = (lang, id(terms))
    if key not in _patterns:
        owners: dict[str, Term] = {}
        exact: dict[str, str] = {}
        trie: dict = {}
        for term in terms:
            for name in term.names(lang):
                name = html.escape(name, quote=False)
                owners.setdefault(normalise(name), term)
                # Short or capitalised names (SG, RI, EC2) keep their case; longer lower-case ones do not.
                if len(name) <= 4 or name.isupper():
                    exact[normalise(name)] = re.sub(r"\s+", "", name)
                node = trie
                for token in re.findall(r"\s+|.", name.translate(ASCII_LOWER)):
                    node = node.setdefault(" " if token.isspace() else token, {})
                node[""] = {}
        _patterns[key] = (re.compile(START + render_trie(trie, "")), owners, exact)
    return _patterns[key]


def render_trie(node: dict, last: str) -> str:
    branches = [
        (r"\s*" if token == " " else re.escape(token)) + render_trie(child, token)
        for token, child in sorted(node.items())
        if token
    ]
    # Korean particles may follow any name (VPC는, 가용 영역에); Latin letters may not follow a Latin end.
    end = r"(?![a-z0-9])" if LATIN.match(last) else ""
    if "" in node:
        branches.append(end)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def link_terms(content: str, terms: list[Term], lang: str, glossary_href: str):
    """Link the first occurrence of each term per section; return the HTML and where terms occur."""
    if not terms:
        return content, {}
    pattern, owners, exact = term_pattern(terms, lang)
    out: list[str] = []
    skipped: Counter = Counter()
    section, section_title, in_heading = "", "", None
    linked_here: set[str] = set()
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    position = 0

    def replace(text: str) -> str:
        pieces, position = [], 0
        for match in pattern.finditer(text.translate(ASCII_LOWER)):
            original = text[match.start():match.end()]
            key = normalise(original)
            if key not in owners or (key in exact and re.sub(r"\s+", "", original) != exact[key]):
                continue
            term = owners[key]
            if (section, section_title) not in found[term.id]:
                found[term.id].append((section, section_title))
            if term.id in linked_here:
                continue
            linked_here.add(term.id)
            tip = html.escape(term.definition(lang))
            pieces += [text[position:match.start()],
                       f'<a class="glossary-term" href="{glossary_href}#{term.id}" title="{tip}">{original}</a>']
            position = match.end()
        return "".join(pieces) + text[position:]

    for tag in TAG.finditer(content):
        text = content[position:tag.start()]
        if in_heading is not None:
            section_title += html.unescape(text)
        out.append(text if sum(skipped.values()) else replace(text))
        closing, name, attributes = tag.group(1), (tag.group(2) or "").lower(), tag.group(3) or ""
        if name:
            if not closing and name in SECTION:
                anchor = ID_ATTRIBUTE.search(attributes)
                section, section_title, in_heading = (anchor.group(2) if anchor else section), "", name
                linked_here = set()
            elif closing and name == in_heading:
                in_heading, section_title = None, section_title.replace("¶", "").strip()
            if name in SKIPPED or (name == "p" and "admonition-title" in attributes):
                if closing:
                    skipped[name] = max(0, skipped[name] - 1)
                elif not attributes.rstrip().endswith("/"):
                    skipped[name] += 1
            elif closing and name == "p" and skipped["p"]:
                skipped["p"] -= 1
        out.append(tag.group(0))
        position = tag.end()
    tail = content[position:]
    out.append(tail if sum(skipped.values()) else replace(tail))
    return "".join(out), found


# -----------------------------------------------------------------------------
# The glossary page

LABELS = {
    "ko": {"en": "영어", "ko": "한국어", "aka": "다른 이름", "related": "관련 용어", "link": "공식 문서",
           "where": "등장하는 곳", "modules": "다루는 모듈", "filter": "용어 거르기 (예: 보안 그룹, NAT, RCU)",
           "count": "개 용어", "none": "본문에 아직 나오지 않습니다."},
    "en": {"en": "English", "ko": "Korean", "aka": "Also", "related": "Related", "link": "Official documentation",
           "where": "Where it appears", "modules": "Taught in", "filter": "Filter terms (e.g. security group, NAT, RCU)",
           "count": " terms", "none": "Not used in the modules yet."},
}


def render_glossary(terms: list[Term], lang: str, modules: dict[int, str]) -> str:
    label = LABELS["ko" if lang == KOREAN else "en"]
    korean = lang == KOREAN
    parts = [
        f'<div class="glossary-filter"><input type="search" id="glossary-filter" '
        f'placeholder="{label["filter"]}" aria-label="{label["filter"]}"> '
        f'<span class="glossary-count" aria-live="polite">{len(terms)}{label["count"]}</span></div>\n'
    ]
    named = glossary_data.by_id(terms)
    by_category = defaultdict(list)
    for term in terms:
        by_category[term.category].append(term)
    for category, (ko_name, en_name) in CATEGORIES.items():
        members = sorted(by_category.get(category, []), key=lambda t: t.title(lang).casefold())
        if not members:
            continue
        parts.append(f"## {ko_name if korean else en_name} {{#category-{category}}}\n")
        # One box per category around its entries (stylesheets/extra.css): the browser skips a whole
        # category off screen, and its number of terms and its text (size_boxes) size it until drawn.
        parts.append(f'<div class="glossary-category" style="--terms: {len(members)}" markdown>\n')
        for term in members:
            parts.append(render_term(term, lang, label, modules, named))
        parts.append("</div>\n")
    return "\n".join(parts)


def render_term(term: Term, lang: str, label: dict, modules: dict[int, str], named: dict[str, Term]) -> str:
    korean = lang == KOREAN
    title, other = term.title(lang), term.other_title(lang)
    searchable = " ".join(normalise(n) + " " + n for n in [term.ko, term.en, *term.aka])
    facts = []
    if other != title:
        facts.append(f"**{label['en' if korean else 'ko']}** {other}")
    aka = term.aliases(lang)
    if aka:
        facts.append(f"**{label['aka']}** " + ", ".join(aka))
    if term.modules:
        facts.append(f"**{label['modules']}** " + ", ".join(f"[{n:02d}]({modules[n]})" for n in term.modules))
    related = ", ".join(f"[{named[r].title(lang)}](#{r})" for r in term.related if r in named)
    lines = [
        f'<section class="glossary-entry" data-search="{html.escape(searchable)}" markdown>\n',
        f"### {title} {{#{term.id}}}\n",
        " · ".join(facts) + "\n" if facts else "",
        term.definition(lang) + "\n",
        (term.details(lang) + "\n") if term.long else "",
        # Search indexes the names and the definition; these lines would only add noise to it.
        f"**{label['related']}** {related}\n{{: data-search-exclude=\"\" }}\n" if related else "",
        f"**{label['link']}** <{term.doc_link(lang)}>\n{{: data-search-exclude=\"\" }}\n",
        f"**{label['where']}**\n{{: data-search-exclude=\"\" }}\n",
        BACKLINKS.format(term.id) + "\n",
        "</section>\n",
    ]
    return "\n".join(line for line in lines if line)


def fill_backlinks(content: str, occurrences: dict[str, list[Occurrence]], lang: str, page_url: str) -> str:
    label = LABELS["ko" if lang == KOREAN else "en"]

    def backlinks(match: re.Match) -> str:
        found = occurrences.get(match.group(1), [])
        if not found:
            return f'<p class="glossary-backlinks">{label["none"]}</p>'
        by_page: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
        for occurrence in found:
            by_page[(occurrence.url, occurrence.page_title)].append(occurrence)
        items = []
        for (url, title), sections in by_page.items():
            href = get_relative_url(url, page_url)
            links = ", ".join(
                f'<a href="{href}#{o.anchor}">{html.escape(o.section)}</a>' for o in sections if o.anchor
            )
            items.append(f'<li><a href="{href}">{html.escape(title)}</a>{": " + links if links else ""}</li>')
        return f'<ul class="glossary-backlinks">{"".join(items)}</ul>'

    return re.sub(r'<div class="glossary-backlinks" data-term="([^"]+)"></div>', backlinks, content)


ENTRY = re.compile(r'<section class="glossary-entry"(.*?</section>)', re.S)


def size_boxes(content: str) -> str:
    """`--text` on each entry and category of the finished glossary page: the width of its text, a
    wide (Hangul) character counting 1.8, from which stylesheets/extra.css estimates the height of
    the box until the browser draws it. A category's is the sum of its entries'."""
    parts = re.split(r'(?=<div class="glossary-category")', content)
    for index, part in enumerate(parts[1:], start=1):
        widths = []

        def sized(match: re.Match) -> str:
            widths.append(text_width(match[0]))
            return f'<section class="glossary-entry" style="--text: {widths[-1]}"{match[1]}'

        part = ENTRY.sub(sized, part)
        parts[index] = part.replace('">', f'; --text: {sum(widths)}">', 1)
    return "".join(parts)


def text_width(fragment: str) -> int:
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return round(sum(1.8 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text))
