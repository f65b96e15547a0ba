"""The home page's grid of module cards, built from each module page's title and description.

A module's one-line summary lives once, in its front matter; the home page shows it through the
marker `<!-- module-cards -->`.

Events: on_page_markdown.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from common import module_of

MARKER = "<!-- module-cards -->"
TITLE = re.compile(r"^#\s+(?:Module\s+\d+\s*·\s*)?(?P<title>.+?)\s*$", re.M)


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, render_cards(page, files))


# -----------------------------------------------------------------------------


def render_cards(page: Page, files: Files) -> str:
    home = PurePosixPath(page.file.src_uri).parent
    cards = []
    for file in sorted(module_files(files), key=lambda f: f.dest_uri):
        number = f"{module_of(file.src_uri).number:02d}"
        source, meta = get_data(file.content_string)
        title = TITLE.search(source)
        description = meta.get("description")
        if not title or not description:
            raise PluginError(
                f"hooks/module_cards.py: {file.src_uri} needs a `# Module NN · title` heading and a "
                "`description:` in its front matter (the home page's module card shows both)."
            )
        link = PurePosixPath(file.src_uri).relative_to(home) if home != PurePosixPath(".") else file.src_uri
        cards.append(
            f'-   <span class="module-number">{number}</span> **[{title["title"]}]({link})**\n\n'
            f"    ---\n\n    {description}\n"
        )
    return '<div class="grid cards" markdown>\n\n' + "\n".join(cards) + "\n</div>\n"


def module_files(files: Files):
    return [f for f in files.documentation_pages() if module_of(f.src_uri)]
