"""The link-check hook: small fixture sites with one seeded fault each, and the real site."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import support
from support import ROOT

HOOKS = ROOT / "hooks"
pytestmark = pytest.mark.slow  # each test builds a site of its own


def build_fixture(tmp_path: Path, pages: dict[str, str], extra_config: str = "", glossary: str | None = None):
    """A tiny Material site using the project's link-check hook (and glossary hook if data given)."""
    hooks = (["glossary"] if glossary is not None else []) + ["links"]
    return support.build_fixture(tmp_path, pages, hooks, extra_config, glossary)


CLEAN = {
    "index.md": """\
        # Home

        <a href="other/">Other page</a> · <a href="other/#section">its section</a>

        <img src="img/pixel.svg" alt="pixel" width="1" height="1">
        """,
    "other.md": """\
        # Other

        ## Section

        Text.
        """,
    "img/pixel.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
}


def test_clean_fixture_builds(tmp_path):
    code, log = build_fixture(tmp_path, CLEAN)
    assert code == 0, log
    assert "0 problem(s)" in log


@pytest.mark.parametrize("page, fault, reason", [
    ("index.md", '<a href="missing/">gone</a>', "missing/: no such file in the built site"),
    ("index.md", '<a href="other/#nowhere">gone</a>', "other/#nowhere: no id 'nowhere' in other/index.html"),
    ("index.md", '<a href="#%EC%97%86%EB%8A%94-%EC%A0%88">gone</a>', "no id '없는-절' in index.html"),
    ("other.md", '<img src="../img/none.png" alt="">', "../img/none.png: no such file in the built site"),
    ("other.md", "[old](http://docs.aws.amazon.com/vpc/)", "http://docs.aws.amazon.com/vpc/: external links must use https://"),
    ("other.md", '<a href="#">요약</a>', "#: empty fragment"),
    ("other.md", "[demo](https://example.com/)", "placeholder host"),
])
def test_seeded_fault_fails_the_build_naming_page_and_link(tmp_path, page, fault, reason):
    pages = dict(CLEAN)
    pages[page] = pages[page] + "\n" + fault + "\n"
    code, log = build_fixture(tmp_path, pages)
    assert code != 0, log
    source = f"docs/{page}"
    line = next((l for l in log.splitlines() if reason in l), None)
    assert line is not None, log
    assert source in line and "→" in line, line


def test_all_problems_are_reported_not_just_the_first(tmp_path):
    pages = dict(CLEAN)
    pages["index.md"] += '\n<a href="a/">a</a> <a href="b/">b</a> <img src="c.png" alt="">\n'
    code, log = build_fixture(tmp_path, pages)
    assert code != 0
    assert all(f"→ {link}:" in log for link in ("a/", "b/", "c.png"))
    assert "3 broken link(s)" in log


def test_broken_language_switcher_fragment(tmp_path):
    extra = """\
        extra:
          alternate:
            - {name: 한국어, link: /#no-such-anchor, lang: ko}
        """
    code, log = build_fixture(tmp_path, CLEAN, extra)
    assert code != 0
    assert "→ /#no-such-anchor: no id 'no-such-anchor' in index.html" in log


def test_broken_generated_glossary_link(tmp_path):
    """The glossary hook links terms to glossary/#id; with no glossary page, that link is broken."""
    data = """\
        - id: vpc
          ko: Amazon VPC
          en: Amazon Virtual Private Cloud
          aka: [VPC]
          category: networking
          modules: [3]
          short: 가상 네트워크입니다.
          short_en: A virtual network.
          related: []
          link: https://docs.aws.amazon.com/vpc/
        """
    pages = dict(CLEAN)
    pages["modules/03-networking.md"] = "# Module 03\n\n## 네트워크\n\nVPC를 만듭니다.\n"
    code, log = build_fixture(tmp_path, pages, glossary=data)
    assert code != 0
    assert "modules/03-networking/index.html (docs/modules/03-networking.md) → ../../glossary/#vpc: no such file" in log


def test_real_site_has_no_broken_links_by_an_independent_checker(site):
    """linkchecker (PyPI) over both languages, internal links only (it never leaves file://)."""
    # linkchecker drops root privileges to `nobody`: give it a copy it can read.
    readable = Path(tempfile.mkdtemp(prefix="linkcheck-"))
    try:
        shutil.copytree(site, readable / "site")
        for path in [readable, *readable.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        # From the Korean home it reaches the English pages too, through the language switcher.
        for home in ("index.html",):
            result = subprocess.run(
                [str(Path(sys.executable).parent / "linkchecker"), "--no-status", "--no-warnings",
                 "--ignore-url=^https?:", "--ignore-url=^mailto:", (readable / "site" / home).as_uri()],
                capture_output=True, text=True,
            )
            assert result.returncode == 0 and " 0 errors found" in result.stdout, result.stdout[-3000:]
    finally:
        shutil.rmtree(readable)
