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

Events: on_pre_template, on_post_page, on_post_build.
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

# Korean 404 page saved before the English build overwrites it, per site directory.
_saved: dict[str, str] = {}


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
    language = config.theme["language"]
    if language == DEFAULT_LANGUAGE:
        _saved[str(site)] = page.read_text(encoding="utf-8")
    elif str(site) in _saved:
        (site / language).mkdir(exist_ok=True)
        (site / language / NOT_FOUND).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
        page.write_text(_saved.pop(str(site)), encoding="utf-8")
        # The sitemap written last already lists every language's pages.
        for sitemap in SITEMAPS:
            if (site / sitemap).exists():
                shutil.copyfile(site / sitemap, site / language / sitemap)
