"""Debian's Chromium as this project starts it: for the PDF books (hooks/pdf.py), the tests and the
benchmarks. Not a hook (mkdocs.yml does not list it); the tests and scripts append hooks/ to
`sys.path` to import it.

Without the background-networking flags Chromium keeps reaching for Google's hosts, which a build
machine with no internet refuses; `--no-sandbox` lets it run as root in a container.
"""

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
