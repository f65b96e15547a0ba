"""The built HTML: languages, navigation, self-hosted assets, Unicode anchors, Korean typography."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
import yaml
from support import MODULE_COUNT, MODULE_NUMBERS, ROOT, loader_scripts, parsed



def nav_sources() -> list[str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    found = []

    def walk(items):
        for item in items:
            for value in item.values() if isinstance(item, dict) else [item]:
                walk(value) if isinstance(value, list) else found.append(value)

    walk(config["nav"])
    return found


def test_nav_lists_all_modules_and_the_glossary():
    sources = nav_sources()
    modules = [s for s in sources if s.startswith("modules/")]
    assert [int(s[8:10]) for s in modules] == MODULE_NUMBERS, "the nav lists every docs/modules/ page, in order"
    assert "glossary.md" in sources


@pytest.mark.parametrize("source", nav_sources())
def test_every_page_exists_in_both_languages(site, source):
    path = source.removesuffix(".md")
    path = "" if path == "index" else path + "/"
    korean, english = site / path / "index.html", site / "en" / path / "index.html"
    assert korean.exists() and english.exists()
    assert parsed(korean).html["lang"] == "ko"
    assert parsed(english).html["lang"] == "en"


def test_home_page_has_a_card_per_module_with_its_description(site):
    for home, prefix in ((site / "index.html", ""), (site / "en" / "index.html", "en/")):
        page = parsed(home)
        links = [a["href"] for a in page.select(".grid.cards a[href^='modules/']")]
        assert len(links) == MODULE_COUNT, home
        for href in links:
            module = parsed(site / prefix / href / "index.html")
            description = module.find("meta", attrs={"name": "description"})["content"]
            card = page.select_one(f".grid.cards a[href='{href}']").find_parent("li")
            assert description in card.get_text(" ", strip=True)


def test_no_page_loads_anything_from_another_host(html_pages):
    for path in html_pages:
        page = parsed(path)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in page.find_all(tag):
                url = element.get(attribute)
                if not url or (tag == "link" and "stylesheet" not in element.get("rel", []) and "preload" not in element.get("rel", [])):
                    continue
                assert not urlsplit(url).netloc and not url.startswith("//"), f"{path}: {tag} {url}"


def test_fonts_and_mermaid_are_self_hosted(site):
    css = (site / "assets/vendor/noto-sans-kr/400.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\(\./files/([^)]+\.woff2)\)", css)
    assert len(fonts) > 50, "the PDF books' Korean font comes in unicode-range subsets"
    assert all((site / "assets/vendor/noto-sans-kr/files" / f).exists() for f in fonts)
    mermaid = site / "assets/vendor/mermaid"
    assert (mermaid / "mermaid.esm.min.mjs").exists() and len(list(mermaid.glob("chunks/**/*.mjs"))) > 20
    # Pages load the ES module build on demand; the 3.5 MB UMD copy served nothing.
    assert not (mermaid / "mermaid.min.js").exists()
    theme_css = (site / "stylesheets/extra.css").read_text(encoding="utf-8")
    assert '--md-text-font: "Noto Sans KR"' in theme_css
    assert "word-break: keep-all" in theme_css
    assert "fonts.googleapis.com" not in (site / "index.html").read_text(encoding="utf-8")


def korean_pages(site):
    return [p for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "en" and "print_page" not in p.parts]


def test_the_korean_font_subset_has_every_character_of_the_korean_pages(site):
    """hooks/assets.py subsets Noto Sans KR to the Korean pages' characters: a syllable, letter or
    space missing from the subset would show in another font (a space from another font also splits
    each line into runs of two fonts)."""
    from fontTools.ttLib import TTFont

    for weight in ("400", "700"):
        path = site / f"assets/fonts/noto-sans-kr-{weight}.woff2"
        assert path.stat().st_size < 200_000, f"{path.name} is not much of a subset"
        covered = set(TTFont(path).getBestCmap())
        missing = set()
        for page in korean_pages(site):
            text = parsed(page).get_text()
            drawn = {c for c in text if "\uac00" <= c <= "\ud7a3" or c in " \u00a0\u00b6" or c.isascii() and c.isprintable()}
            missing |= {c for c in drawn if ord(c) not in covered}
        assert not missing, f"{path.name} lacks {''.join(sorted(missing))[:40]}"
    for page in korean_pages(site)[:3]:
        head = parsed(page).head
        faces = [style.string for style in head.select("style") if "@font-face" in (style.string or "")]
        assert faces and all(face.count("font-display: swap") == 2 for face in faces), page
        assert not head.select("link[rel=preload][as=font]"), f"{page}: a first visit must not wait for the font"
        assert any("noto-sans-kr-700.woff2" in (script.string or "") for script in head.select("script")), page


def test_no_script_holds_up_the_first_paint(html_pages):
    """No script of a reader's page is in its HTML as a `<script src>`: one inline loader at the end of
    the body adds them after the first contentful paint, the page's own at once and Material's bundle
    with its companions at the reader's first use of the page (overrides/main.html)."""
    for path in html_pages:
        if "print_page" in path.parts:
            continue
        page = parsed(path)
        assert not page.select("script[src]"), f"{path}: {page.select('script[src]')[0]}"
        loader = page.body.find_all("script", recursive=False)[-1].string
        own, material = loader_scripts(page)
        assert any(re.search(r"assets/javascripts/bundle\.\w+\.min\.js$", src) for src in material), f"{path}: {material}"
        assert any(src.endswith("javascripts/search-query.js") for src in material), f"{path}: {material}"
        assert not [src for src in own if "assets/javascripts/" in src or "on-demand" in src], f"{path}: {own}"
        assert "first-contentful-paint" in loader and "DOMContentLoaded" in loader, path
        # Until Material starts, what its scripts would fix stays as built: every link must lead somewhere.
        nowhere = page.select('a[href^="javascript:"]')
        assert not nowhere, f"{path}: {nowhere[0]}"


def test_every_table_and_diagram_is_held_alone(html_pages):
    """hooks/holders.py: what Material's bundle takes out and puts back (tables without a class,
    diagrams) is the only child of a `div.holder`, so that doing it restyles the holder alone."""
    held = 0
    for path in html_pages:
        for element in parsed(path).select("article table:not([class]), article pre.mermaid"):
            holder = element.parent
            assert holder.name == "div" and holder.get("class") == ["holder"], f"{path}: {str(element)[:80]}"
            assert holder.find_all(recursive=False) == [element], f"{path}: a holder holds more than {element.name}"
            held += 1
    assert held > 100


def test_mermaid_script_only_on_pages_with_diagrams(html_pages):
    for path in html_pages:
        text = path.read_text(encoding="utf-8")
        has_diagram = 'class="mermaid"' in text
        assert ("assets/vendor/mermaid/" in text) == has_diagram, path


def test_headings_have_readable_unicode_anchors(html_pages):
    korean_anchors = []
    for path in html_pages:
        for heading in parsed(path).select("h2[id], h3[id]"):
            assert not re.fullmatch(r"_\d+", heading["id"]), f"{path}: #{heading['id']}"
            if re.search(r"[가-힣]", heading.get_text()):
                korean_anchors.append(heading["id"])
    assert any(re.search(r"[가-힣]", anchor) for anchor in korean_anchors)


def test_korean_404_page(site):
    page = parsed(site / "404.html")
    assert page.html["lang"] == "ko"
    assert "페이지를 찾을 수 없습니다" in page.get_text()


def test_sitemap_lists_both_languages(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/modules/01-fundamentals/" in sitemap
    assert "/en/modules/01-fundamentals/" in sitemap


@pytest.mark.slow
def test_the_readmes_serve_command_serves_the_site_and_rebuilds_on_a_glossary_edit(tmp_path):
    """`mkdocs serve` builds differently (its own http:// site_url, no PDF export): it must pass the
    strict build, serve both languages, and rebuild when data/glossary.yml changes (`watch:`).
    It runs on a copy of the project, so that editing the glossary touches nothing real."""
    project = tmp_path / "project"
    for name in ("docs", "data", "hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    (ROOT / ".cache").mkdir(exist_ok=True)
    (project / ".cache").symlink_to(ROOT / ".cache")  # the font subset need not be made again
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    log = tmp_path / "serve.log"
    glossary_url = f"http://127.0.0.1:{port}/glossary/"

    def fetch(url: str) -> str | None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8") if response.status == 200 else None
        except OSError:
            return None

    def wait_for(condition, what: str, seconds: float = 120):
        deadline = time.monotonic() + seconds
        while not condition():
            assert server.poll() is None, f"mkdocs serve stopped:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"mkdocs serve: {what} within {seconds} s:\n{log.read_text()[-3000:]}"
            time.sleep(0.5)

    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: fetch(f"http://127.0.0.1:{port}/en/") and fetch(glossary_url), "no answer")
            assert 'lang="en"' in fetch(f"http://127.0.0.1:{port}/en/")
            data = project / "data" / "glossary.yml"
            text = data.read_text(encoding="utf-8")
            first_short = re.search(r"^  short: (.+)$", text, re.M)
            edited = "변경한 정의입니다."  # syllables the site already has: the font subset stays
            data.write_text(text[:first_short.start(1)] + edited + text[first_short.end(1):], encoding="utf-8")
            wait_for(lambda: edited in (fetch(glossary_url) or ""), "the edited definition was not served")
        finally:
            server.terminate()
            server.wait(timeout=30)
