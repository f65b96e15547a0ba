"""Parse every Mermaid diagram of the given Markdown files with the site's own Mermaid, in Chromium.

    python scripts/check_mermaid.py docs/modules/*.md

Prints one line per broken diagram (file, line, Mermaid's message) and exits 1 if any is broken.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "hooks"))
MERMAID_JS = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
from common import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 (hooks/common.py)
FENCE = re.compile(r"^(?P<indent>[ \t]*)```mermaid[ \t]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)


def diagrams(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        indent = match.group("indent")
        body = "\n".join(line[len(indent):] for line in match.group("body").splitlines())
        found.append((text.count("\n", 0, match.start()) + 1, body))
    return found


def main(paths: list[str]) -> int:
    if not MERMAID_JS.exists():
        sys.exit(f"{MERMAID_JS} is missing: run `npm ci` in {ROOT} first.")
    broken = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(MERMAID_JS))
        for name in paths:
            for line, source in diagrams(Path(name)):
                error = page.evaluate(
                    "async (src) => { try { await mermaid.parse(src); return null }"
                    " catch (e) { return String(e.message || e) } }",
                    source,
                )
                if error:
                    broken += 1
                    print(f"{name}:{line}: {error.splitlines()[0] if error else error}")
                    print("    " + "\n    ".join(error.splitlines()[1:6]))
        browser.close()
    print(f"{broken} broken diagram(s)" if broken else "all diagrams parse")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
