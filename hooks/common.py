"""What the hooks, the tests and the scripts share: languages, module pages, Chromium, a local server.

Not a hook (mkdocs.yml does not list it). MkDocs puts `hooks/` on `sys.path` only while it loads a
hook, so hooks import this at their top level; the tests and scripts append `hooks/` to `sys.path`.

- Languages come from mkdocs-static-i18n's configuration (`plugins.i18n.languages`, the one with
  `default: true`); `language(config)` is the language being built, which the plugin sets as the
  theme's language for each build.
- mkdocs-static-i18n builds every further language from inside the first language's
  `on_post_build` (priority -100). `is_outermost_build` is the one place that reads its private
  `building` attribute: a hook whose `on_post_build` runs after the plugin's (priority below -100)
  and must see every language at once returns early unless it is true.
- A module page is `modules/NN-slug.md` (`modules/NN-slug.en.md` in English).
- `cached(cache, name, key, make)` keeps what a build may reuse, keyed by its content, in
  `cache_dir(config, name)` (`.cache/` beside mkdocs.yml): the font subset, the search fields, the
  link check. An unchanged rebuild reads them back instead of making them again.
- `serve(site)` serves a built site on 127.0.0.1 as GitHub Pages would: gzip, ETag, `max-age=600`,
  keep-alive, `404.html` on a miss. The PDF export, the tests and the benchmarks use it.
"""

from __future__ import annotations

import email.utils
import fcntl
import gzip
import hashlib
import http.server
import mimetypes
import os
import re
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig

# -----------------------------------------------------------------------------
# Languages


def language(config: MkDocsConfig) -> str:
    """The language being built."""
    return config.theme["language"]


def default_language(config: MkDocsConfig) -> str:
    """The language at the site's root: the i18n language with `default: true`."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return language(config)
    return next(lang.locale for lang in i18n.config.languages if lang.default)


def languages(config: MkDocsConfig) -> list[str]:
    """Every language built, the default first."""
    i18n = config.plugins.get("i18n")
    default = default_language(config)
    others = [lang.locale for lang in i18n.config.languages if lang.build and lang.locale != default] if i18n else []
    return [default, *others]


def language_prefix(lang: str, default: str) -> str:
    """Where a language's pages are, relative to the site's root: `` or `en/`."""
    return "" if lang == default else f"{lang}/"


def cache_dir(config: MkDocsConfig, name: str) -> Path:
    """Where a hook keeps what it may reuse in the next build (`.cache/<name>/` beside mkdocs.yml, or
    under `BUILD_CACHE_DIR`): outside the site, never committed."""
    root = os.environ.get("BUILD_CACHE_DIR") or Path(config.config_file_path).parent / ".cache"
    return Path(root) / name


def cache_file(cache: Path, name: str, key: str) -> Path:
    return cache / f"{name}-{key}"


def cached(cache: Path, name: str, key: str, make: Callable[[], bytes]) -> bytes:
    """What `make()` gives for `key`, made once: kept as `cache/<name>-<key>`, which replaces the
    file of the name's previous key. Two builds at once (the tests start two) make it once: the
    second waits on `cache/<name>.lock` for the first's file. Written aside and renamed, so a build
    that finds the file without the lock never reads half of it."""
    path = cache_file(cache, name, key)
    if path.is_file():
        return path.read_bytes()
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.is_file():
            return path.read_bytes()
        data = make()
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        for old in cache.glob(f"{name}-*"):
            if old != path and not old.name.endswith(".part"):
                old.unlink(missing_ok=True)
        partial.replace(path)
    return data


def is_outermost_build(config: MkDocsConfig) -> bool:
    """False inside the build of a further language, which mkdocs-static-i18n runs from the first
    language's `on_post_build`; true in a build without the plugin."""
    i18n = config.plugins.get("i18n")
    return not (i18n is not None and getattr(i18n, "building", False))


# -----------------------------------------------------------------------------
# Module pages

MODULE_SOURCE = re.compile(r"^modules/(?P<number>\d\d)-(?P<slug>[a-z0-9-]+?)(?:\.(?P<language>[a-z]{2}))?\.md$")
TRANSLATION_SUFFIX = re.compile(r"\.[a-z]{2}\.md$")


@dataclass(frozen=True)
class Module:
    number: int
    slug: str  # `03-networking-1`
    language: str | None  # the suffix's language, None for the default language's file
    src_uri: str


def module_of(src_uri: str) -> Module | None:
    """The module a source file is, or None: `modules/03-networking-1.en.md` -> 3, `en`."""
    match = MODULE_SOURCE.match(src_uri)
    if match is None:
        return None
    slug = f"{match['number']}-{match['slug']}"
    return Module(int(match["number"]), slug, match["language"], src_uri)


def module_numbers(docs_dir: str | Path) -> list[int]:
    """The numbers of the modules in `docs/modules/`, in order."""
    found = (module_of(f"modules/{path.name}") for path in Path(docs_dir, "modules").glob("*.md"))
    return sorted({module.number for module in found if module and module.language is None})


def base_source(src_uri: str) -> str:
    """`modules/01-x.en.md` -> `modules/01-x.md`: the default language's file of a page."""
    return TRANSLATION_SUFFIX.sub(".md", src_uri)


# -----------------------------------------------------------------------------
# Chromium: Debian's, as this project starts it. Without the background-networking flags it keeps
# reaching for Google's hosts, which a machine with no internet refuses; `--no-sandbox` lets it run
# as root in a container.

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# -----------------------------------------------------------------------------
# A local static server, like GitHub Pages

CACHE_SECONDS = 600
COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|manifest\+json|xml)|image/svg\+xml)")


@contextmanager
def serve(site: Path):
    """Serve `site` on 127.0.0.1 until the block ends; yields the base URL (with a final `/`)."""
    handler = type("Handler", (StaticHandler,), {"site": Path(site)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class StaticHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD: `dir/` -> `dir/index.html`, `dir` -> 301 `dir/`, `404.html` on a miss."""

    protocol_version = "HTTP/1.1"
    site: Path

    def do_HEAD(self):
        self.respond(body=False)

    def do_GET(self):
        self.respond(body=True)

    def respond(self, body: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        if not url_path.endswith("/") and (self.site / url_path.lstrip("/")).is_dir():
            self.send_response(301)
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, status = self.resolve(url_path), 200
        if path is None:
            path, status = self.site / "404.html", 404
            if not path.is_file():
                self.send_error(404)
                return
        data, etag, mtime = read_file(path, path.stat().st_mtime_ns)
        kind = content_type(path)
        use_gzip = bool(COMPRESSIBLE.match(kind)) and "gzip" in self.headers.get("Accept-Encoding", "")
        etag = f'"{etag}{"-gz" if use_gzip else ""}"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", f"max-age={CACHE_SECONDS}")
            self.end_headers()
            return
        if use_gzip:
            data = gzipped(path, path.stat().st_mtime_ns)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", f"max-age={CACHE_SECONDS}")
        self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
        self.send_header("ETag", etag)
        self.send_header("Vary", "Accept-Encoding")
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def resolve(self, url_path: str) -> Path | None:
        target = (self.site / url_path.lstrip("/")).resolve()
        if not target.is_relative_to(self.site.resolve()):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def log_message(self, *args):
        pass


@lru_cache(maxsize=512)
def read_file(path: Path, mtime_ns: int) -> tuple[bytes, str, float]:
    data = path.read_bytes()
    return data, hashlib.md5(data).hexdigest()[:16], mtime_ns / 1e9


@lru_cache(maxsize=512)
def gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(read_file(path, mtime_ns)[0], 6, mtime=0)


def content_type(path: Path) -> str:
    special = {".mjs": "text/javascript", ".woff2": "font/woff2", ".woff": "font/woff",
               ".webmanifest": "application/manifest+json", ".apkg": "application/octet-stream"}
    kind = special.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
        kind += "; charset=utf-8"
    return kind
