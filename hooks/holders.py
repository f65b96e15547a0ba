"""Each table and each diagram of a page in a `<div class="holder">` of its own, from the build.

Material's bundle takes every `table:not([class])` out of the page and puts it back in a scrolling
wrapper as the page loads, and swaps each `pre.mermaid` for the drawn diagram. Chromium restyles
every child of the element that loses or gains a child, with all their content (the article's
children are matched by positional rules such as `:last-child`): on a module page, one restyle of
about 950 elements while the page loads, and another each time a diagram is drawn. Held in a
`div` of its own, the element's only sibling is itself, and the restyle stays within it. The
`div` has no style: margins pass through it as before.

Events: on_page_content (listed after the hooks that add to a page's HTML).
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# What Material's bundle replaces: tables without a class (Python-Markdown's) and diagrams.
REPLACED = re.compile(r'<table>.*?</table>|<pre class="mermaid">.*?</pre>', re.S)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return REPLACED.sub(lambda match: f'<div class="holder">{match[0]}</div>', html)
