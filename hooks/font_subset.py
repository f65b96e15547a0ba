"""Noto Sans KR cut to the characters a site uses: Fontsource's `unicode-range` slices of one
weight, each subset with fontTools, merged into one WOFF2 file.

Not a hook: hooks/assets.py calls `subset_font`, one process per weight, so it lives in a module of
its own (a function of a hook module cannot be handed to another process).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

SLICE = re.compile(r"src: url\(\./files/([^)]+\.woff2)\).*?unicode-range: ([^;]+);", re.S)


def subset_font(font_dir: Path, weight: str, codepoints: set[int]) -> bytes:
    """Fontsource's `unicode-range` slices of one weight, each cut to the code points it holds of
    `codepoints`, merged into one WOFF2 font."""
    from fontTools import subset
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    parts = []
    for name, ranges in SLICE.findall((font_dir / f"{weight}.css").read_text(encoding="utf-8")):
        wanted = codepoints & unicode_range(ranges)
        if not wanted:
            continue
        font = TTFont(font_dir / "files" / name)
        options = subset.Options()
        options.layout_features, options.name_IDs, options.notdef_outline = ["*"], ["*"], True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        font.flavor = None
        buffer = io.BytesIO()
        font.save(buffer)
        buffer.seek(0)
        parts.append(buffer)
    if not parts:
        raise PluginError(f"hooks/assets.py: no glyph of the Korean pages is in {font_dir}/{weight}.css.")
    merged = Merger().merge(parts)
    merged.flavor = "woff2"
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue()


def unicode_range(ranges: str) -> set[int]:
    """`U+AC00-AC2F, U+3131` -> the code points."""
    found: set[int] = set()
    for part in ranges.replace("U+", "").split(","):
        low, _, high = part.strip().partition("-")
        found |= set(range(int(low, 16), int(high or low, 16) + 1))
    return found
