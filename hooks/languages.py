"""Where mkdocs-static-i18n and Material meet: every workaround that lets each language stand alone.

mkdocs-static-i18n builds the default language, then each further language from inside the first
build's `on_post_build`, into the same site directory. What that breaks, and the fix here:

1. **A missing translation** would silently fall back or vanish: every default-language page needs
   its `page.<lang>.md`; a missing one stops the build, naming the file.
2. **The 404 page**: the English build writes its `404.html` over the Korean one, and the page
   (rendered after all pages) inherits the language switcher of the last page built. Keep each
   language's 404 page (`en/404.html`) with a switcher pointing at the language homes.
3. **Head alternates**: Material fetches `sitemap.xml` beside every `<link rel="alternate">`, which
   it expects to point at language homes; the plugin points them at the page's translations, so each
   page load asked for a missing `…/page/sitemap.xml`. The translations are linked from the
   language switcher and, for search engines, from `sitemap.xml`: drop the head links.
4. **One search index per language**: the plugin merges every language's pages into one
   `search/search_index.json`, so a Korean reader got English results. Once it has, split it into
   `search/search_index.json` and `en/search/search_index.json` (locations relative to each home),
   and point each English page's `config.base` at `en/` (Material fetches the index from the base).
5. **The sitemap per language**: because of (4), an English page's base is `en/`, and Material's
   language switcher fetches `sitemap.xml` from the base: copy the sitemap (which lists every
   language) into `en/`.

Coupling: hooks/search.py adds its fields to the per-language indexes written here (its
`on_post_build` runs after this one's).

Events: on_pre_build, on_pre_template, on_post_page, on_post_template, on_post_build (outermost).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from copy import deepcopy
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from common import default_language, is_outermost_build, language, language_prefix, languages

log = logging.getLogger("mkdocs.hooks.languages")

NOT_FOUND = "404.html"
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
INDEX = "search/search_index.json"
TRANSLATION = re.compile(r"\.[a-z]{2}\.md$")
HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
CONFIG = re.compile(r'<script id="__config" type="application/json">.*?</script>', re.S)
CONFIG_BASE = re.compile(r'("base": ")([^"]*)(")')

# Each language's 404 page as rendered, until the outermost build writes them all.
_not_found: dict[str, str] = {}


def on_pre_build(*, config: MkDocsConfig) -> None:
    if language(config) == default_language(config):
        for problem in missing_translations(Path(config.docs_dir), languages(config)[1:]):
            log.warning(problem)


def on_pre_template(template, *, template_name: str, config: MkDocsConfig):
    if template_name == NOT_FOUND:
        home = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        default = default_language(config)
        alternates = deepcopy(config.extra.get("alternate", []))
        for alternate in alternates:
            alternate["link"] = home + language_prefix(alternate["lang"], default)
        # mkdocs-static-i18n sets the attribute, which templates read before the item.
        config.extra.alternate = alternates
    return template


def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    head, separator, body = output.partition("</head>")
    head = HEAD_ALTERNATE.sub("", head)
    return point_search_home(head + separator + body, language(config), default_language(config))


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name != NOT_FOUND:
        return output
    # The 404 page has a search box too; it is kept per language until every language is built (2).
    output = point_search_home(output, language(config), default_language(config))
    _not_found[language(config)] = output
    return output


# After mkdocs-static-i18n (-100) has built every language and merged the search index.
@event_priority(-140)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not is_outermost_build(config):
        return
    site, langs = Path(config.site_dir), languages(config)
    default = langs[0]
    for lang, page in _not_found.items():
        (site / language_prefix(lang, default) / NOT_FOUND).write_text(page, encoding="utf-8")
    _not_found.clear()
    for lang in langs[1:]:
        for sitemap in SITEMAPS:  # the last one written lists every language's pages (5)
            if (site / sitemap).exists():
                shutil.copyfile(site / sitemap, site / lang / sitemap)
    if (site / INDEX).exists():  # search is on (4)
        merged = json.loads((site / INDEX).read_text(encoding="utf-8"))
        for lang, index in split_index(merged, langs).items():
            path = site / language_prefix(lang, default) / INDEX
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# -----------------------------------------------------------------------------


def missing_translations(docs: Path, others: list[str]) -> list[str]:
    problems = []
    for source in sorted(docs.rglob("*.md")):
        if TRANSLATION.search(source.name):
            continue
        for other in others:
            translation = source.with_name(f"{source.stem}.{other}.md")
            if not translation.exists():
                problems.append(
                    f"docs/{source.relative_to(docs).as_posix()} has no {other} translation: "
                    f"write docs/{translation.relative_to(docs).as_posix()} (same headings, tables, "
                    "diagrams and quiz questions; see CONTRIBUTING.md)."
                )
    return problems


def point_search_home(output: str, lang: str, default: str) -> str:
    """Material fetches `search/search_index.json` from `config.base`: for a language other than the
    default, that is the language's home (`../../..` becomes `../../../en/`, `/` becomes `/en/`)."""
    if lang == default:
        return output

    def rebase(match: re.Match) -> str:
        base = match.group(2).rstrip("/")
        return f"{match.group(1)}{base}/{lang}/{match.group(3)}"

    script = CONFIG.search(output)
    if script is None:
        return output
    rebased, count = CONFIG_BASE.subn(rebase, script.group(0), count=1)
    if not count:
        raise PluginError("hooks/languages.py: no `base` in Material's `__config` script; did the theme change?")
    return output[:script.start()] + rebased + output[script.end():]


def split_index(merged: dict, langs: list[str]) -> dict[str, dict]:
    """One index per language (the default first in `langs`): a location `en/…` belongs to
    English, as `…`; the rest to the default language."""
    default, others = langs[0], langs[1:]
    split = {lang: {"config": {**merged["config"], "lang": [lang]}, "docs": []} for lang in langs}
    for doc in merged["docs"]:
        lang = next((lang for lang in others if doc["location"].startswith(f"{lang}/")), default)
        location = doc["location"][len(language_prefix(lang, default)):]
        split[lang]["docs"].append({**doc, "location": location})
    return split
