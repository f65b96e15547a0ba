"""The glossary: one data file, a generated page per language, term links in the modules, backlinks.

- `data/glossary.yml` is validated first; every problem stops the build with its line.
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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.glossary")

DATA_FILE = "data/glossary.yml"
MARKER = "<!-- glossary -->"
BACKLINKS = '<div class="glossary-backlinks" data-term="{}"></div>'
DEFAULT_LANGUAGE = "ko"
MODULE_COUNT = 13

# One build's state per language: terms, and where each term occurs.
_terms: list[Term] = []
_occurrences: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
_patterns: dict[tuple, tuple] = {}
_loaded: list = [None, None]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _terms
    path = Path(config.config_file_path).parent / DATA_FILE
    # Once per build, not once per language; again when the file changes under `mkdocs serve`.
    stamp = (str(path), path.stat().st_mtime if path.exists() else None)
    if list(stamp) != _loaded:
        _terms = load_terms(path)
        _patterns.clear()
        _loaded[:] = stamp
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    _occurrences[language(config)].clear()


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if MARKER not in markdown:
        return markdown
    page.meta["glossary"] = True
    modules = {int(f.src_uri[8:10]): f.src_uri for f in files.documentation_pages() if is_module_source(f.src_uri)}
    return markdown.replace(MARKER, render_glossary(_terms, language(config), modules))


def on_page_content(content: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if not is_module(page):
        return content
    lang = language(config)
    target = get_relative_url(glossary_url(lang), page.url)
    linked, found = link_terms(content, _terms, lang, target)
    for term_id, sections in found.items():
        _occurrences[lang][term_id].extend(
            Occurrence(page.url, page.title or "", anchor, title) for anchor, title in sections
        )
    return linked


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    if page.meta.get("glossary"):
        page.content = fill_backlinks(page.content, _occurrences[language(config)], language(config), page.url)
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
# Data


CATEGORIES = {
    "global-infrastructure": ("글로벌 인프라", "Global infrastructure"),
    "architecture": ("아키텍처 원칙", "Architecture principles"),
    "security": ("보안 및 계정", "Security and accounts"),
    "networking": ("네트워킹", "Networking"),
    "compute": ("컴퓨팅", "Compute"),
    "cost": ("비용", "Cost"),
    "storage": ("스토리지", "Storage"),
    "database": ("데이터베이스", "Databases"),
    "monitoring": ("모니터링 및 스케일링", "Monitoring and scaling"),
    "automation": ("자동화", "Automation"),
    "containers": ("컨테이너", "Containers"),
    "serverless": ("서버리스", "Serverless"),
    "edge": ("엣지", "Edge"),
    "backup-recovery": ("백업 및 복구", "Backup and recovery"),
}
REQUIRED = ("id", "ko", "en", "aka", "category", "modules", "short", "short_en", "related", "link")
OPTIONAL = ("long", "long_en")
TERM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Term:
    id: str
    ko: str
    en: str
    aka: list[str]
    category: str
    modules: list[int]
    short: str
    short_en: str
    related: list[str]
    link: str
    long: str = ""
    long_en: str = ""
    line: int = 0

    def names(self, lang: str) -> list[str]:
        """What a reader of `lang` pages may meet in the text: Korean pages use both names."""
        names = [self.en, *self.aka] if lang != DEFAULT_LANGUAGE else [self.ko, self.en, *self.aka]
        if lang != DEFAULT_LANGUAGE:
            names = [n for n in names if not HANGUL.search(n)]
        return list(dict.fromkeys(names))


@dataclass
class Occurrence:
    url: str
    page_title: str
    anchor: str
    section: str


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Remembers the line of every mapping and of each of its keys."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        return mapping


def load_terms(path: Path) -> list[Term]:
    where = path.name if not path.is_absolute() else str(path)
    try:
        records = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except FileNotFoundError:
        raise PluginError(f"{where}: not found. The glossary hook needs its data file.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise PluginError(f"{where}{line}: not valid YAML ({getattr(error, 'problem', error)}). Fix the syntax there.") from None
    problems = validate(records)
    if problems:
        raise PluginError(f"{where}: {len(problems)} problem(s) in the glossary data:\n" + "\n".join(
            f"  {where}:{line}: {message}" for line, message in problems))
    return [Term(**{k: v for k, v in r.items() if not k.startswith("__")}, line=r["__line__"]) for r in records]


def validate(records) -> list[tuple[int, str]]:
    if not isinstance(records, list):
        return [(1, "the file must be a YAML list of terms (`- id: ...`).")]
    problems: list[tuple[int, str]] = []
    ids: dict[str, int] = {}
    names: dict[str, tuple[str, int]] = {}
    for record in records:
        if not isinstance(record, dict):
            problems.append((1, f"every item must be a mapping of fields, found {record!r}."))
            continue
        line, lines = record["__line__"], record["__lines__"]
        label = f"term {record.get('id', '(no id)')!r}"
        fields = [k for k in record if not k.startswith("__")]
        for key in REQUIRED:
            if key not in record:
                problems.append((line, f"{label} has no `{key}`: add it (required: {', '.join(REQUIRED)})."))
        for key in fields:
            if key not in REQUIRED + OPTIONAL:
                problems.append((lines[key], f"{label}: unknown field `{key}`; allowed: {', '.join(REQUIRED + OPTIONAL)}."))
        for key in ("id", "ko", "en", "category", "short", "short_en", "link", "long", "long_en"):
            if key in record and not isinstance(record[key], str):
                problems.append((lines[key], f"{label}: `{key}` must be text."))
        for key in ("aka", "related", "modules"):
            if key in record and not isinstance(record[key], list):
                problems.append((lines[key], f"{label}: `{key}` must be a list, e.g. `{key}: []`."))
        if problems and problems[-1][0] >= line:
            continue
        term_id = record["id"]
        if not TERM_ID.match(term_id):
            problems.append((lines["id"], f"{label}: the id must be an ASCII slug like `nat-gateway`."))
        if term_id in ids:
            problems.append((lines["id"], f"{label}: duplicate id, first used at line {ids[term_id]}. Give one of them another id."))
        ids.setdefault(term_id, lines["id"])
        if record["category"] not in CATEGORIES:
            problems.append((lines["category"], f"{label}: unknown category {record['category']!r}; use one of {', '.join(CATEGORIES)}."))
        bad_modules = [m for m in record["modules"] if not isinstance(m, int) or not 1 <= m <= MODULE_COUNT]
        if bad_modules:
            problems.append((lines["modules"], f"{label}: modules {bad_modules} are not module numbers 1–{MODULE_COUNT}."))
        if not record["link"].startswith("https://"):
            problems.append((lines["link"], f"{label}: `link` must be an https:// URL of the official AWS page."))
        for key in ("short", "short_en"):
            if "\n" in record[key].strip() or '"' in record[key]:
                problems.append((lines[key], f"{label}: `{key}` is a tooltip: one line of plain text, no double quotes."))
        if bool(record.get("long")) != bool(record.get("long_en")):
            problems.append((line, f"{label}: `long` and `long_en` go together: give both or neither."))
        for name in [record["ko"], record["en"], *record["aka"]]:
            if not isinstance(name, str) or len(name.strip()) < 2:
                problems.append((lines["aka"], f"{label}: name or alias {name!r} is too short to match safely."))
                continue
            key = normalise(name)
            owner = names.get(key)
            if owner and owner[0] != term_id:
                problems.append((lines["aka"], f"{label}: {name!r} is already a name of term {owner[0]!r} (line {owner[1]}). A name belongs to one term: remove it from one of them."))
            names.setdefault(key, (term_id, line))
    known = set(ids)
    for record in records:
        if isinstance(record, dict) and isinstance(record.get("related"), list):
            for other in record["related"]:
                if other not in known:
                    problems.append((record["__lines__"]["related"], f"term {record.get('id')!r}: related id {other!r} is no term. Add that term or remove it from `related`."))
    return sorted(problems)


def normalise(name: str) -> str:
    return re.sub(r"\s+", "", name).casefold()


# -----------------------------------------------------------------------------
# Linking terms in module pages

HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
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
            tip = html.escape(term.short if lang == DEFAULT_LANGUAGE else term.short_en)
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
    label = LABELS["ko" if lang == DEFAULT_LANGUAGE else "en"]
    korean = lang == DEFAULT_LANGUAGE
    parts = [
        f'<div class="glossary-filter" hidden><input type="search" id="glossary-filter" '
        f'placeholder="{label["filter"]}" aria-label="{label["filter"]}"> '
        f'<span class="glossary-count" aria-live="polite">{len(terms)}{label["count"]}</span></div>\n'
    ]
    by_category = defaultdict(list)
    for term in terms:
        by_category[term.category].append(term)
    for category, (ko_name, en_name) in CATEGORIES.items():
        members = sorted(by_category.get(category, []), key=lambda t: (t.ko if korean else t.en).casefold())
        if not members:
            continue
        parts.append(f"## {ko_name if korean else en_name} {{#category-{category}}}\n")
        for term in members:
            parts.append(render_term(term, lang, label, modules))
    return "\n".join(parts)


def render_term(term: Term, lang: str, label: dict, modules: dict[int, str]) -> str:
    korean = lang == DEFAULT_LANGUAGE
    title, other = (term.ko, term.en) if korean else (term.en, term.ko)
    searchable = " ".join(normalise(n) + " " + n for n in [term.ko, term.en, *term.aka])
    facts = []
    if other != title:
        facts.append(f"**{label['en' if korean else 'ko']}** {other}")
    aka = term.aka if korean else [a for a in term.aka if not HANGUL.search(a)]
    if aka:
        facts.append(f"**{label['aka']}** " + ", ".join(aka))
    if term.modules:
        facts.append(f"**{label['modules']}** " + ", ".join(f"[{n:02d}]({modules[n]})" for n in term.modules))
    related = ", ".join(f"[{t.ko if korean else t.en}](#{t.id})" for t in (_by_id(r) for r in term.related) if t)
    lines = [
        f'<section class="glossary-entry" data-search="{html.escape(searchable)}" markdown>\n',
        f"### {title} {{#{term.id}}}\n",
        " · ".join(facts) + "\n" if facts else "",
        (term.short if korean else term.short_en) + "\n",
        ((term.long if korean else term.long_en).strip() + "\n") if term.long else "",
        # Search indexes the names and the definition; these lines would only add noise to it.
        f"**{label['related']}** {related}\n{{: data-search-exclude=\"\" }}\n" if related else "",
        f"**{label['link']}** <{term.link if korean else english_link(term.link)}>\n{{: data-search-exclude=\"\" }}\n",
        f"**{label['where']}**\n{{: data-search-exclude=\"\" }}\n",
        BACKLINKS.format(term.id) + "\n",
        "</section>\n",
    ]
    return "\n".join(line for line in lines if line)


def fill_backlinks(content: str, occurrences: dict[str, list[Occurrence]], lang: str, page_url: str) -> str:
    label = LABELS["ko" if lang == DEFAULT_LANGUAGE else "en"]

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


# -----------------------------------------------------------------------------
# Helpers


def _by_id(term_id: str) -> Term | None:
    return next((t for t in _terms if t.id == term_id), None)


def language(config: MkDocsConfig) -> str:
    return config.theme["language"]


def language_prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def glossary_url(lang: str) -> str:
    return f"{language_prefix(lang)}glossary/"


def is_module_source(src_uri: str) -> bool:
    """`modules/03-x.md`, or `modules/03-x.en.md` in the English build."""
    return re.fullmatch(r"modules/\d\d-[a-z0-9-]+(\.[a-z]{2})?\.md", src_uri) is not None


def is_module(page: Page) -> bool:
    return "/modules/" in f"/{page.url}"


def english_link(link: str) -> str:
    """The English edition of an AWS page: drop the `ko_kr/` or `/ko/` locale from the URL."""
    return link.replace("/ko_kr/", "/").replace("aws.amazon.com/ko/", "aws.amazon.com/")
