"""Where mkdocs-static-i18n and Material meet: what each language needs to work on its own.

mkdocs-static-i18n builds every language into the same site directory, so the English build
writes its 404 page over the Korean one, and the 404 page, rendered after all pages, inherits the
language switcher of the last page built: keep each language's 404 page, pointing home. Material's
language selector fetches `sitemap.xml` next to the current language's home: give English one too.
Material also fetches `sitemap.xml` beside every `<link rel="alternate">` in the head, which it
expects to point at language homes; mkdocs-static-i18n points them at the page's translations, so
each page load asked for a missing `…/page/sitemap.xml`. The translations are already linked from
the language selector and, for search engines, from `sitemap.xml` (`xhtml:link hreflang`): drop
the head links.

Every Korean page needs its translation: a missing one stops the build, naming the file.

Events: on_pre_build, on_pre_template, on_post_page, on_post_build.
"""

from __future__ import annotations

import logging
import re
import shutil
from copy import deepcopy
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.hooks.languages")

NOT_FOUND = "404.html"
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
DEFAULT_LANGUAGE = "ko"
TRANSLATION = re.compile(r"\.[a-z]{2}\.md$")

# Korean 404 page saved before the English build overwrites it, per site directory.
_saved: dict[str, str] = {}


def on_pre_build(*, config: MkDocsConfig) -> None:
    if language(config) != DEFAULT_LANGUAGE:
        return
    docs = Path(config.docs_dir)
    for source in sorted(docs.rglob("*.md")):
        if TRANSLATION.search(source.name):
            continue
        for other in other_languages(config):
            translation = source.with_name(f"{source.stem}.{other}.md")
            if not translation.exists():
                log.warning(
                    f"docs/{source.relative_to(docs).as_posix()} has no {other} translation: "
                    f"write docs/{translation.relative_to(docs).as_posix()} (same headings, tables, "
                    "diagrams and quiz questions; see CONTRIBUTING.md)."
                )


def on_pre_template(template, *, template_name: str, config: MkDocsConfig):
    if template_name == NOT_FOUND:
        home = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        alternates = deepcopy(config.extra.get("alternate", []))
        for alternate in alternates:
            alternate["link"] = home if alternate["lang"] == DEFAULT_LANGUAGE else f"{home}{alternate['lang']}/"
        # mkdocs-static-i18n sets the attribute, which templates read before the item.
        config.extra.alternate = alternates
    return template


def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    head, separator, body = output.partition("</head>")
    return HEAD_ALTERNATE.sub("", head) + separator + body


def on_post_build(*, config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    page = site / NOT_FOUND
    if not page.exists():
        return
    lang = language(config)
    if lang == DEFAULT_LANGUAGE:
        _saved[str(site)] = page.read_text(encoding="utf-8")
    elif str(site) in _saved:
        (site / lang).mkdir(exist_ok=True)
        (site / lang / NOT_FOUND).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
        page.write_text(_saved.pop(str(site)), encoding="utf-8")
        # The sitemap written last already lists every language's pages.
        for sitemap in SITEMAPS:
            if (site / sitemap).exists():
                shutil.copyfile(site / sitemap, site / lang / sitemap)


# -----------------------------------------------------------------------------


def language(config: MkDocsConfig) -> str:
    return config.theme["language"]


def other_languages(config: MkDocsConfig) -> list[str]:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return []
    return [lang.locale for lang in i18n.config.languages if lang.locale != DEFAULT_LANGUAGE and lang.build]
