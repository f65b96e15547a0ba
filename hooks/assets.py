"""Self-hosted front-end assets: Mermaid and the Korean web font, served from the site itself.

Material loads Mermaid from a CDN and Roboto from Google Fonts unless told otherwise; this site
must work with no internet. The files come from `node_modules/` (pinned in package.json, installed
by `npm ci`) and are added to the build as if they lived in `docs/assets/vendor/`, so nothing
third-party is committed.

Events: on_files.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# site path -> path under node_modules/
VENDOR_DIR = "assets/vendor"
FONT_PACKAGE = "@fontsource/noto-sans-kr"
FONT_WEIGHTS = ("400", "700")


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    node_modules = Path(config.config_file_path).parent / "node_modules"
    for site_path, source in vendor_files(node_modules):
        files.append(File.generated(config, site_path, abs_src_path=str(source)))
    return files


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
