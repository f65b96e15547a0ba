"""Self-hosted front-end assets: Mermaid and the Korean web font, served from the site itself.

Material loads Mermaid from a CDN and Roboto from Google Fonts unless told otherwise; this site
must work with no internet. The files come from `node_modules/` (pinned in package.json, installed
by `npm ci`) and are added to the build as if they lived in `docs/assets/vendor/`, so nothing
third-party is committed.

The Korean pages use Noto Sans KR subset to the characters the built Korean pages hold (a few
hundred Hangul syllables, about 65 KB a weight): one file per weight, `assets/fonts/`, which
overrides/main.html declares (and fetches once a first page has loaded), instead of forty-odd
`unicode-range` slices per page. The subset is
merged with fontTools from Fontsource's slices (TrueType outlines) after the Korean pages are
written, and cached in `.cache/fonts/` by the characters and the packages that make it. The PDF
books keep Fontsource's full slices (hooks/pdf_book.py).

Events: on_files, on_post_build (outermost, before hooks/links.py checks the links to the files).
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import logging
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from common import cache_dir, cache_file, cached, default_language, is_outermost_build, languages
from font_subset import subset_font

log = logging.getLogger("mkdocs.hooks.assets")

# site path -> path under node_modules/
VENDOR_DIR = "assets/vendor"
FONT_PACKAGE = "@fontsource/noto-sans-kr"
FONT_WEIGHTS = ("400", "700")
SUBSET_DIR = "assets/fonts"
SUBSET_FILE = "noto-sans-kr-{weight}.woff2"


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    node_modules = Path(config.config_file_path).parent / "node_modules"
    for site_path, source in vendor_files(node_modules):
        files.append(File.generated(config, site_path, abs_src_path=str(source)))
    return files


# After every language is built (mkdocs-static-i18n, -100), before the link check (-200).
@event_priority(-120)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not is_outermost_build(config) or default_language(config) != "ko":
        return
    started = time.perf_counter()
    root, site = Path(config.config_file_path).parent, Path(config.site_dir)
    others = languages(config)[1:]
    pages = [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in others and "print_page" not in p.parts]
    # Unescaped: `&para;` (the permalinks) and `&nbsp;` are characters on the page too.
    text = html.unescape("".join(p.read_text(encoding="utf-8") for p in pages))
    text += "".join(p.read_text(encoding="utf-8") for p in (site / "javascripts").glob("*.js"))
    written = write_font_subsets(root / "node_modules" / FONT_PACKAGE, site / SUBSET_DIR, cache_dir(config, "fonts"), set(text))
    log.info(f"Korean font subset to {written} characters in {time.perf_counter() - started:.2f} s")


# -----------------------------------------------------------------------------


def vendor_files(node_modules: Path) -> list[tuple[str, Path]]:
    esm = node_modules / "mermaid" / "dist"
    entry = esm / "mermaid.esm.min.mjs"
    font_dir = node_modules / FONT_PACKAGE
    missing = [p for p in (entry, font_dir) if not p.exists()]
    if missing:
        raise PluginError(
            f"hooks/assets.py: {', '.join(str(p) for p in missing)} not found. "
            f"Run `npm ci` in {node_modules.parent} (the README's set-up does it) and build again."
        )
    # The ES module build, which pages load on demand (docs/javascripts/mermaid.js): its chunks hold
    # one diagram type each, so a page fetches only the types it draws.
    found = []
    for module in [entry, *sorted((esm / "chunks" / "mermaid.esm.min").glob("*.mjs"))]:
        found.append((f"{VENDOR_DIR}/mermaid/{module.relative_to(esm).as_posix()}", module))
    for weight in FONT_WEIGHTS:
        found.append((f"{VENDOR_DIR}/noto-sans-kr/{weight}.css", font_dir / f"{weight}.css"))
        for font in sorted((font_dir / "files").glob(f"noto-sans-kr-*-{weight}-normal.woff*")):
            found.append((f"{VENDOR_DIR}/noto-sans-kr/files/{font.name}", font))
    return found


# -----------------------------------------------------------------------------
# The Korean font subset


def write_font_subsets(font_dir: Path, target: Path, cache: Path, characters: set[str]) -> int:
    """Write one WOFF2 file per weight holding the glyphs of `characters`; return how many of them
    the font has."""
    # The spaces too: a space the font lacks is drawn from a fallback font, which splits every line
    # of Korean text into runs of two fonts.
    codepoints = sorted({ord(c) for c in characters if not c.isspace() or c in " \u00a0"})
    versions = [importlib.metadata.version(name) for name in ("fonttools", "brotli")]
    package = json.loads((font_dir / "package.json").read_text(encoding="utf-8"))["version"]
    key = hashlib.sha256(json.dumps([codepoints, versions, package]).encode()).hexdigest()[:16]
    target.mkdir(parents=True, exist_ok=True)
    jobs = [(cache, f"noto-sans-kr-{weight}", key, partial(subset_font, font_dir, weight, set(codepoints)))
            for weight in FONT_WEIGHTS]
    missing = [job for job in jobs if not cache_file(*job[:3]).is_file()]
    # A first build makes both weights at once, a process each (about 9 s of fontTools apiece).
    with ProcessPoolExecutor(len(missing)) if len(missing) > 1 else nullcontext() as pool:
        subsets = pool.map(cached, *zip(*jobs)) if pool else [cached(*job) for job in jobs]
        for weight, subset in zip(FONT_WEIGHTS, subsets):
            (target / SUBSET_FILE.format(weight=weight)).write_bytes(subset)
    from fontTools.ttLib import TTFont

    covered = len(TTFont(target / SUBSET_FILE.format(weight=FONT_WEIGHTS[0])).getBestCmap())
    return covered


