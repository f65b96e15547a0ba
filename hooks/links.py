"""Every link in the built site resolves: pages, anchors, images, scripts, stylesheets, fonts.

MkDocs' `validation:` checks links written in Markdown. This checks what it does not see, in the
final HTML of every language: raw HTML and `md_in_html` links, links other hooks generate (the
glossary), the theme's and the language switcher's links, `src` and `srcset`, fragments within a
page. External links must be well-formed `https://` (or `mailto:`); with `LINKCHECK_ONLINE=1` they
are also fetched (cached for a day in `.cache/links.json`).

Every problem is reported as `page (source) → link: reason`, all at once, as warnings, so a strict
build fails. A site whose files and pages are byte for byte those of a site already checked has its
problems read back from `.cache/links/` (common.cached): an unchanged rebuild does not check again.

Events: on_page_content (to know each page's source), on_post_build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from common import cache_dir, cached, is_outermost_build

log = logging.getLogger("mkdocs.hooks.links")

ONLINE = os.environ.get("LINKCHECK_ONLINE") == "1"
CACHE = ".cache/links.json"
CACHE_SECONDS = 24 * 3600
PLACEHOLDER_HOSTS = {"example.com", "www.example.com", "localhost", "127.0.0.1"}

TAG = re.compile(r"<(a|link|script|img|source|iframe|area)\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r"""\b(href|src|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
ANCHOR = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)

# Built HTML file (relative to site_dir) -> its Markdown source, for the report.
_sources: dict[str, str] = {}


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files) -> str:
    _sources[page.file.dest_uri] = f"docs/{page.file.src_uri}"
    return html


# After mkdocs-static-i18n (-100) has built the other languages into the same directory.
@event_priority(-200)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not is_outermost_build(config):
        return  # a language built from inside another: the outermost build checks the whole site
    started = time.perf_counter()
    resolve.cache_clear()
    site, base = Path(config.site_dir), base_path(config.site_url)
    # A site whose files and pages are those of a site already checked has that site's problems.
    key = site_key(site, base)
    problems = json.loads(cached(cache_dir(config, "links"), "problems", key, lambda: json.dumps(check_site(site, base)).encode()))
    if ONLINE:
        problems += check_external(site, Path(config.config_file_path).parent / CACHE)
    for problem in problems:
        log.warning(problem)
    pages = sum(1 for _ in site.rglob("*.html"))
    log.info(f"links: {pages} pages checked in {time.perf_counter() - started:.2f} s, {len(problems)} problem(s)")
    if problems:
        log.warning(f"links: {len(problems)} broken link(s) above. Fix each link or the page it points at.")


# -----------------------------------------------------------------------------


def base_path(site_url: str | None) -> str:
    """The path the site is served under (`/notes/`), for absolute links such as the 404 page's."""
    return urlsplit(site_url or "/").path.rstrip("/") + "/"


def site_key(site: Path, base: str) -> str:
    """A hash of what the check reads: the name of every file, every page's HTML, the pages'
    sources (named in the report), the base path and this code."""
    digest = hashlib.sha256(f"{base}\n{sorted(_sources.items())}\n".encode() + Path(__file__).read_bytes())
    for path in sorted(site.rglob("*")):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0")
        if path.suffix == ".html":
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def check_site(site: Path, base: str = "/") -> list[str]:
    problems = []
    # Pages of one folder share most of their links (navigation, term links): a link is checked once
    # per folder, or once per page where it points into the page itself (`#id`, `?q`).
    verdicts: dict[tuple[Path, str], str | None] = {}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        where = f"{relative} ({_sources[relative]})" if relative in _sources else relative
        for link in links_in(page.read_text(encoding="utf-8")):
            key = (page if link[:1] in ("#", "?", "") else page.parent, link)
            if key not in verdicts:
                verdicts[key] = check_link(site, page, link, base)
            reason = verdicts[key]
            if reason:
                problems.append(f"{where} → {link}: {reason}")
    return problems


def links_in(html: str) -> list[str]:
    found = []
    for tag in TAG.finditer(html):
        attributes = tag.group(2)
        if tag.group(1).lower() == "link" and re.search(r'rel="?(canonical|alternate)', attributes):
            continue  # absolute URLs of the published site, not something this build serves
        for match in ATTRIBUTE.finditer(attributes):
            value = match.group(2) if match.group(2) is not None else match.group(3)
            if match.group(1).lower() == "srcset":
                found += [part.strip().split()[0] for part in value.split(",") if part.strip()]
            else:
                found.append(value)
    return found


def check_link(site: Path, page: Path, link: str, base: str) -> str | None:
    parts = urlsplit(link)
    if parts.scheme in ("javascript", "data", "blob"):
        return None
    if parts.scheme == "mailto":
        return None if "@" in parts.path else "malformed mailto: link"
    if parts.scheme or link.startswith("//"):
        if parts.scheme != "https":
            return "external links must use https://"
        if not parts.netloc or "." not in parts.netloc:
            return "malformed URL"
        if parts.hostname in PLACEHOLDER_HOSTS:
            return "placeholder host; link the real page"
        return None
    if link == "#":
        return "empty fragment (a placeholder); link a real target"
    if parts.path.startswith("/"):
        if not parts.path.startswith(base):
            return f"absolute path outside the site's base {base}"
        target = site / unquote(parts.path[len(base):])
    else:
        target = page.parent / unquote(parts.path)
    if parts.path == "":
        target = page
    target = resolve(os.path.normpath(target))
    if target is None:
        return "no such file in the built site"
    if parts.fragment and target.suffix == ".html":
        anchor = unquote(parts.fragment)
        if anchor not in anchors_of(target):
            return f"no id {anchor!r} in {target.relative_to(site).as_posix()}"
    return None


@lru_cache(maxsize=None)
def resolve(normalised_path: str) -> Path | None:
    """Many pages link the same files: look each one up once per build (cleared in on_post_build)."""
    target = Path(normalised_path)
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


@lru_cache(maxsize=None)
def _anchors(path: Path, mtime: float) -> frozenset[str]:
    text = path.read_text(encoding="utf-8")
    return frozenset(m.group(1) if m.group(1) is not None else m.group(2) for m in ANCHOR.finditer(text))


def anchors_of(path: Path) -> frozenset[str]:
    return _anchors(path, path.stat().st_mtime)


# -----------------------------------------------------------------------------
# Online mode


def check_external(site: Path, cache_file: Path) -> list[str]:
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    now = time.time()
    where: dict[str, str] = {}
    for page in sorted(site.rglob("*.html")):
        for link in links_in(page.read_text(encoding="utf-8")):
            if link.startswith("https://"):
                where.setdefault(link.split("#")[0], page.relative_to(site).as_posix())
    stale = [url for url in where if now - cache.get(url, {}).get("checked", 0) > CACHE_SECONDS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for url, status in zip(stale, pool.map(fetch_status, stale)):
            cache[url] = {"status": status, "checked": now}
    cache_file.parent.mkdir(exist_ok=True)
    cache_file.write_text(json.dumps(cache, indent=1, sort_keys=True))
    return [
        f"{where[url]} → {url}: HTTP {cache[url]['status']}"
        for url in sorted(where)
        if not 200 <= int(cache[url]["status"]) < 400
    ]


def fetch_status(url: str) -> int:
    request = urllib.request.Request(url, method="GET", headers={"User-Agent": "links-check"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0
