"""Corrections and checked dates (hooks/corrections.py): the generated page against the module pages
of the same build, the date on every module page, fixture sites that must fail, and the pure parts."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
import yaml

import support
from support import MODULE_SOURCES, elements_by_id, parsed

corrections = support.load_hook("corrections")
LANGUAGES = {"ko": "", "en": "en/"}


def module_pages(site, prefix):
    return sorted((site / prefix / "modules").glob("*/index.html"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_corrections_page_lists_every_box_and_each_link_lands_on_it(site, lang):
    prefix = LANGUAGES[lang]
    boxes = {
        (page.parent.name, box["id"])
        for page in module_pages(site, prefix)
        for box in parsed(page).select("article div.admonition.bug")
    }
    assert len(boxes) > 40
    listing = site / prefix / "corrections" / "index.html"
    entries = parsed(listing).select("article li.corrections-entry")
    assert len(entries) == len(boxes)
    landed = set()
    for entry in entries:
        link = entry.select_one(".corrections-meta a")
        path, _, anchor = link["href"].partition("#")
        target = (listing.parent / path / "index.html").resolve()
        box = elements_by_id(target).get(unquote(anchor))
        assert box is not None and "bug" in box.get("class", []), link["href"]
        assert entry.select('.corrections-meta a[href^="https://"]'), "each entry names its sources"
        landed.add((target.parent.name, box["id"]))
    assert landed == boxes
    total = parsed(listing).select_one(".corrections-table tbody tr:last-child td:last-child").get_text()
    assert int(total) == len(boxes)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_corrections_page_is_in_the_navigation(site, lang):
    home = parsed(site / LANGUAGES[lang] / "index.html")
    assert home.select_one('nav.md-nav--primary a[href$="corrections/"]') is not None


@pytest.mark.parametrize("source", MODULE_SOURCES, ids=lambda p: p.stem)
def test_every_module_page_shows_when_it_was_checked(site, source):
    for lang, prefix in LANGUAGES.items():
        path = source if lang == "ko" else source.with_name(f"{source.stem}.en.md")
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        year, month = map(int, meta["checked"].split("-"))
        line = parsed(site / prefix / "modules" / source.stem / "index.html").select_one("article h1 + p.page-checked time")
        assert line is not None and line["datetime"] == f"{year}-{month:02d}"
        assert str(year) in line.get_text()


MODULE = """\
    ---
    checked: 2026-12
    ---
    # Module 01 · Test

    ## Section

    !!! bug "원문 정정"
        원문은 틀렸습니다. 지금은 다릅니다.
        출처: [AWS 문서](https://docs.aws.amazon.com/)
    """


@pytest.mark.slow
def test_a_fixture_site_builds_and_lists_its_box(tmp_path):
    code, log = support.build_fixture(
        tmp_path, {"index.md": "# Home\n", "modules/01-test.md": MODULE, "corrections.md": "# 정정\n\n<!-- corrections -->\n"},
        ["corrections", "links"])
    assert code == 0, log
    page = parsed(tmp_path / "site" / "corrections" / "index.html")
    assert [a["href"] for a in page.select(".corrections-meta a")][0] == "../modules/01-test/#correction-section"


@pytest.mark.slow
@pytest.mark.parametrize("fault, message", [
    (("checked: 2026-12\n", ""), r"docs/modules/01-test\.md: the front matter needs `checked: YYYY-MM`.*found None"),
    (("checked: 2026-12", "checked: December 2026"), r"docs/modules/01-test\.md: .*found 'December 2026'"),
    (("checked: 2026-12", "checked: 2026-13"), r"docs/modules/01-test\.md: .*found '2026-13'"),
    (("    출처: [AWS 문서](https://docs.aws.amazon.com/)\n", ""),
     r"docs/modules/01-test\.md: the correction box #correction-section \(section “Section”, “원문은 틀렸습니다\.”\) cites no source"),
])
def test_a_missing_date_or_source_fails_the_build_naming_the_file(tmp_path, fault, message):
    broken = MODULE.replace(*fault)
    assert broken != MODULE
    code, log = support.build_fixture(tmp_path, {"index.md": "# Home\n", "modules/01-test.md": broken}, ["corrections"])
    assert code != 0
    assert re.search(message, log), log[-2000:]


def test_dates_are_year_and_month():
    assert corrections.checked_date("2026-12") == (2026, 12)
    assert corrections.checked_date("2026-1") is None
    assert corrections.checked_date(None) is None


def test_box_ids_come_from_their_section_and_stay_unique():
    html = ('<h2 id="a">A</h2><div class="admonition bug"><p class="admonition-title">x</p><p>One. Two.</p>'
            '<div class="inner"></div><p>출처: <a href="https://docs.aws.amazon.com/x">X</a></p></div>'
            '<div class="admonition bug"><p>Again.</p></div><h3 id="b">B</h3><div class="admonition note"></div>')
    out, boxes = corrections.anchor_boxes(html)
    assert [b.anchor for b in boxes] == ["correction-a", "correction-a-2"]
    assert boxes[0].first_sentence == "One." and boxes[0].sources == [("https://docs.aws.amazon.com/x", "X")]
    assert boxes[1].sources == []
    assert out.count('id="correction-a"') == 1 and '<div class="admonition note">' in out
