"""The English edition mirrors the Korean source page for page (CONTRIBUTING.md, "English mirror")."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from support import ROOT, parsed

DOCS = ROOT / "docs"
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


def korean_sources() -> list[str]:
    return sorted(
        p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if not re.search(r"\.[a-z]{2}\.md$", p.name)
    )


def built(site, source: str, lang: str):
    path = source.removesuffix(".md")
    path = "" if path == "index" else path + "/"
    page = parsed(site / lang / path / "index.html")
    return page.select_one("article.md-content__inner")


def shape(body) -> dict:
    """What must match between the two languages, whatever the words."""
    return {
        "headings": [h.name for h in body.select("h1, h2, h3, h4")],
        "tables": len(body.select("table")),
        "diagrams": len(body.select("pre.mermaid")),
        "admonitions": Counter(
            next(c for c in box["class"] if c not in ("admonition", "details"))
            for box in body.select(".admonition, details")
        ),
        "questions": len(body.select("details.question")),
        "explicit ids": sorted(h["id"] for h in body.select("[id^='category-'], section.glossary-entry h3")),
    }


@pytest.mark.parametrize("source", korean_sources())
def test_every_korean_page_has_an_english_file(source):
    english = DOCS / source.replace(".md", ".en.md")
    assert english.exists(), f"docs/{source} has no translation: write docs/{english.relative_to(DOCS)}"


@pytest.mark.parametrize("source", korean_sources())
def test_english_page_has_the_same_structure(site, source):
    korean, english = shape(built(site, source, "")), shape(built(site, source, "en/"))
    for key in korean:
        assert english[key] == korean[key], (
            f"docs/{source.replace('.md', '.en.md')} is out of step with docs/{source}: {key} differ\n"
            f"  ko: {korean[key]}\n  en: {english[key]}"
        )


@pytest.mark.parametrize("source", korean_sources())
def test_english_pages_have_no_korean_text(site, source):
    body = built(site, source, "en/")
    # The glossary shows each term's Korean name, on purpose; nothing else may be Korean.
    korean_names = {id(strong.next_sibling) for strong in body.select("section.glossary-entry strong")
                    if strong.get_text() == "Korean"}
    text = "".join(s for s in body.find_all(string=True) if id(s) not in korean_names)
    leftovers = HANGUL.findall(text)
    sample = [text[max(0, m.start() - 20):m.end() + 20] for m in HANGUL.finditer(text)][:3]
    assert not leftovers, f"Korean text on the English page of docs/{source}: {sample}"


LABELS = ("title", "aria-label", "alt", "placeholder")


@pytest.mark.parametrize("source", korean_sources())
def test_english_pages_have_no_korean_labels(site, source):
    """Tooltips and accessible names too: a setting written in Korean (a permalink title, say) shows
    on every page of both editions."""
    path = source.removesuffix(".md")
    page = parsed(site / "en" / ("" if path == "index" else path + "/") / "index.html")
    korean = [
        f"<{tag.name} {name}={tag[name]!r}>"
        for tag in page.find_all(True)
        for name in LABELS
        if tag.has_attr(name) and HANGUL.search(tag[name]) and tag.get("hreflang") != "ko"
    ]
    assert not korean, f"Korean labels on the English page of docs/{source}: {korean[:5]}"
