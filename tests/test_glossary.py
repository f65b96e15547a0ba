"""The glossary hook: matching, exclusions, validation with line numbers, and the real site."""

from __future__ import annotations

import re
import textwrap
from urllib.parse import unquote

import pytest
import yaml
from mkdocs.exceptions import PluginError

from support import ROOT, elements_by_id, load_hook, parsed, visit

import glossary_data  # hooks/glossary_data.py, on sys.path through tests/support.py

glossary = load_hook("glossary")


def term(id, ko, en, aka=(), **extra):
    return glossary_data.Term(
        id=id, ko=ko, en=en, aka=list(aka), category="networking", modules=[3],
        short=f"{ko} 설명", short_en=f"About {en}", related=[], link="https://docs.aws.amazon.com/", **extra,
    )


TERMS = [
    term("vpc", "Amazon VPC", "Amazon Virtual Private Cloud", ["VPC"]),
    term("availability-zone", "가용 영역", "Availability Zone", ["AZ", "가용영역"]),
    term("ec2", "Amazon EC2", "Amazon Elastic Compute Cloud", ["EC2"]),
    term("ec2-image-builder", "EC2 Image Builder", "Image Builder"),
    term("security-group", "보안 그룹", "Security group", ["SG"]),
]


def linked(html: str, lang: str = "ko") -> tuple[list[tuple[str, str]], dict]:
    out, found = glossary.link_terms(html, TERMS, lang, "../glossary/")
    links = re.findall(r'<a class="glossary-term" href="\.\./glossary/#([^"]+)"[^>]*>([^<]+)</a>', out)
    return links, found


# -----------------------------------------------------------------------------
# Matching


def test_korean_particles_after_a_term_still_match():
    links, _ = linked("<p>VPC는 가용 영역에 걸쳐 만들고, 보안 그룹을 붙입니다.</p>")
    assert links == [("vpc", "VPC"), ("availability-zone", "가용 영역"), ("security-group", "보안 그룹")]


def test_spacing_variants_match_the_same_term():
    links, _ = linked("<h2 id='a'>A</h2><p>가용영역</p><h2 id='b'>B</h2><p>가용 영역</p>")
    assert links == [("availability-zone", "가용영역"), ("availability-zone", "가용 영역")]


def test_longest_name_wins():
    links, _ = linked("<p>EC2 Image Builder는 AMI를 만듭니다. EC2도 있습니다.</p>")
    assert links == [("ec2-image-builder", "EC2 Image Builder"), ("ec2", "EC2")]


def test_latin_terms_do_not_match_inside_longer_words():
    links, _ = linked("<p>VPCE, XSG, AZURE, SGX are not terms; ISG neither.</p>", lang="en")
    assert links == []


def test_korean_terms_do_not_match_inside_longer_korean_words():
    links, _ = linked("<p>비보안 그룹화</p>")
    assert links == []


def test_short_acronyms_keep_their_case():
    links, _ = linked("<p>sg and az are not acronyms here.</p>", lang="en")
    assert links == []


@pytest.mark.parametrize("html", [
    "<h2 id='x'>VPC</h2>",
    "<h3 id='x'>보안 그룹</h3>",
    "<p><code>VPC</code></p>",
    "<pre class='mermaid'><code>flowchart LR\n vpc[VPC]</code></pre>",
    "<p><a href='https://aws.amazon.com/vpc/'>VPC</a></p>",
    "<p class='admonition-title'>VPC</p>",
    "<details><summary>VPC</summary></details>",
])
def test_no_link_inside_headings_code_links_diagrams_or_titles(html):
    links, _ = linked(html)
    assert links == []


def test_first_occurrence_per_section_only():
    html = "<p>VPC VPC</p><h2 id='s'>S</h2><p>VPC</p><p>VPC</p><h3 id='t'>T</h3><p>VPC</p>"
    links, found = linked(html)
    assert links == [("vpc", "VPC")] * 3
    assert found["vpc"] == [("", ""), ("s", "S"), ("t", "T")]


def test_english_pages_match_latin_names_only():
    links, _ = linked("<p>가용 영역 and Availability Zones; Security group.</p>", lang="en")
    assert links == [("security-group", "Security group")]


def test_tooltip_is_the_short_definition_in_the_page_language():
    out, _ = glossary.link_terms("<p>SG</p>", TERMS, "en", "g/")
    assert 'title="About Security group"' in out
    out, _ = glossary.link_terms("<p>SG</p>", TERMS, "ko", "g/")
    assert 'title="보안 그룹 설명"' in out


# -----------------------------------------------------------------------------
# Validation

GOOD = """\
- id: vpc
  ko: Amazon VPC
  en: Amazon Virtual Private Cloud
  aka: [VPC]
  category: networking
  modules: [3]
  short: 가상 네트워크입니다.
  short_en: A virtual network.
  related: [subnet]
  link: https://docs.aws.amazon.com/vpc/
- id: subnet
  ko: 서브넷
  en: Subnet
  aka: []
  category: networking
  modules: [3]
  short: VPC 주소 범위의 일부입니다.
  short_en: Part of a VPC's address range.
  related: []
  link: https://docs.aws.amazon.com/vpc/
"""


def load(tmp_path, text):
    path = tmp_path / "glossary.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return glossary_data.load_terms(path, (3, 5))


def error(tmp_path, text) -> str:
    with pytest.raises(PluginError) as raised:
        load(tmp_path, text)
    return str(raised.value)


def test_good_data_loads(tmp_path):
    terms = load(tmp_path, GOOD)
    assert [t.id for t in terms] == ["vpc", "subnet"]
    assert terms[1].line == 11
    typed = load(tmp_path, GOOD.replace("  aka: []\n", "  aka: []\n  typed: [서브네트]\n"))
    assert typed[1].typed == ["서브네트"] and typed[0].typed == []


@pytest.mark.parametrize("broken, line, words", [
    (GOOD.replace("  short_en: A virtual network.\n", ""), 1, "has no `short_en`"),
    (GOOD.replace("id: subnet", "id: vpc"), 11, "duplicate id"),
    (GOOD.replace("aka: []", "aka: [vpc]"), 14, "already a name of term 'vpc'"),
    (GOOD.replace("aka: []", "aka: [V P C]"), 14, "already a name of term 'vpc'"),
    (GOOD.replace("related: [subnet]", "related: [subnets]"), 9, "related id 'subnets' is no term"),
    (GOOD.replace("category: networking\n  modules: [3]\n  short: VPC", "category: network\n  modules: [3]\n  short: VPC"), 15, "unknown category 'network'"),
    (GOOD.replace("modules: [3]\n  short: 가상", "modules: [14]\n  short: 가상"), 6, "not module numbers"),
    (GOOD.replace("link: https://docs.aws.amazon.com/vpc/\n- id", "link: http://docs.aws.amazon.com/vpc/\n- id"), 10, "https://"),
    (GOOD.replace("id: subnet", "id: Sub Net"), 11, "ASCII slug"),
    (GOOD.replace("  aka: []\n", "  aka: []\n  colour: blue\n"), 15, "unknown field `colour`"),
    (GOOD.replace("short_en: A virtual network.", 'short_en: A "virtual" network.'), 8, "no double quotes"),
    (GOOD.replace("  aka: []\n", "  aka: []\n  typed: [Subnetz]\n"), 15, "`typed` holds Hangul spellings"),
    (GOOD.replace("  aka: []\n", "  aka: []\n  typed: [서 브 넷]\n"), 15, "already a name of term 'subnet'"),
    (GOOD.replace("  aka: [VPC]\n", "  aka: [VPC]\n  typed: [서브넷]\n"), 5, "already a name of term 'subnet'"),  # a later term's name
])
def test_each_bad_record_names_its_line_and_the_fix(tmp_path, broken, line, words):
    message = error(tmp_path, broken)
    assert f"glossary.yml:{line}:" in message, message
    assert words in message, message


def test_all_problems_are_reported_at_once(tmp_path):
    broken = GOOD.replace("related: [subnet]", "related: [nope]").replace("id: subnet", "id: vpc")
    message = error(tmp_path, broken)
    assert "2 problem(s)" in message and "nope" in message and "duplicate id" in message


def test_yaml_syntax_error_names_the_line(tmp_path):
    message = error(tmp_path, GOOD.replace("aka: [VPC]", "aka: [VPC"))
    assert re.search(r"glossary\.yml:\d+: not valid YAML", message), message


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(PluginError, match="not found"):
        glossary_data.load_terms(tmp_path / "missing.yml", (3, 5))


# -----------------------------------------------------------------------------
# The real data and the real site


@pytest.fixture(scope="module")
def data():
    return yaml.safe_load((ROOT / glossary_data.DATA_FILE).read_text(encoding="utf-8"))


def test_the_data_has_at_least_150_terms_and_both_waf_entries(data):
    assert len(data) >= 150
    ids = {t["id"] for t in data}
    assert {"well-architected-framework", "aws-waf"} <= ids
    for record in data:
        assert "WAF" not in [record["ko"], record["en"], *record["aka"]], record["id"]


@pytest.mark.parametrize("lang", ["", "en/"])
def test_glossary_page_lists_every_term_with_its_anchor(site, data, lang):
    ids = elements_by_id(site / lang / "glossary" / "index.html")
    for record in data:
        heading = ids.get(record["id"])
        assert heading is not None and heading.name == "h3", record["id"]


@pytest.mark.parametrize("lang", ["", "en/"])
def test_term_links_carry_tooltips_and_resolve(site, data, lang):
    glossary_ids = {h["id"] for h in parsed(site / lang / "glossary" / "index.html").select("h3[id]")}
    shorts = {t["id"]: t["short" if not lang else "short_en"] for t in data}
    links = 0
    for path in (site / lang / "modules").glob("*/index.html"):
        for link in parsed(path).select("a.glossary-term"):
            term_id = link["href"].split("#")[1]
            assert term_id in glossary_ids
            assert link["title"] == shorts[term_id]
            assert link.find_parent(["h1", "h2", "h3", "code", "pre"]) is None
            links += 1
    assert links > 100


def test_waf_never_links_the_wrong_entry(site):
    """The notes use "WAF" for both the Well-Architected Framework (01) and AWS WAF (12)."""
    targets = {}
    for path in site.glob("**/modules/*/index.html"):
        for link in parsed(path).select("a.glossary-term"):
            text, target = link.get_text(), link["href"].split("#")[1]
            assert text.strip() != "WAF", f"{path}: a bare WAF is ambiguous"
            if "Well-Architected" in text and "Tool" not in text:
                assert target == "well-architected-framework", (path, text, target)
            if text in ("AWS WAF", "웹 애플리케이션 방화벽"):
                assert target == "aws-waf", (path, text, target)
            targets.setdefault(path.parent.name, set()).add(target)
    assert "well-architected-framework" in targets["01-fundamentals"]
    assert "aws-waf" in targets["12-edge-services"]


@pytest.mark.parametrize("lang", ["", "en/"])
def test_backlinks_point_at_sections_that_contain_the_term(site, data, lang):
    glossary_dir = site / lang / "glossary"
    ids = elements_by_id(glossary_dir / "index.html")
    checked = 0
    for record in data:
        entry = ids[record["id"]].find_parent("section")
        for link in entry.select("ul.glossary-backlinks a[href*='#']"):
            path, anchor = link["href"].split("#")
            heading = elements_by_id((glossary_dir / path / "index.html").resolve()).get(unquote(anchor))
            assert heading is not None, link["href"]
            # The section runs from its heading to the next heading of any level.
            text = []
            for sibling in heading.find_next_siblings():
                if sibling.name in ("h1", "h2", "h3"):
                    break
                text.append(sibling.get_text(" "))
            names = [record["en"], *record["aka"]] + ([record["ko"]] if not lang else [])
            body = re.sub(r"\s+", "", " ".join(text)).casefold()
            assert any(re.sub(r"\s+", "", n).casefold() in body for n in names), (record["id"], link["href"])
            checked += 1
    assert checked > 300


# -----------------------------------------------------------------------------
# In the browser


DESKTOP = {"width": 1280, "height": 900}


def test_hovering_a_term_shows_its_definition(base_url, offline_page, data):
    tab = offline_page(viewport=DESKTOP)
    visit(tab.page, base_url + "modules/03-networking-1/")
    shorts = {record["id"]: record["short"] for record in data}
    term = tab.page.locator("article a.glossary-term").nth(3)
    term_id = term.get_attribute("href").rpartition("#")[2]
    term.hover()
    tooltip = tab.page.locator(".md-tooltip2--active")
    tooltip.wait_for(timeout=5_000)
    assert tooltip.inner_text().strip() == shorts[term_id].strip()
    assert tab.errors == [] and tab.external == []


@pytest.mark.parametrize("lang, query, term_id", [("", "보안그룹", "security-group"), ("en/", "security group", "security-group"),
                                                  ("", "rcu", "rcu")])
def test_filter_box_narrows_the_glossary_as_you_type(base_url, offline_page, data, lang, query, term_id):
    tab = offline_page(viewport=DESKTOP)
    visit(tab.page, base_url + lang + "glossary/")
    entries = tab.page.locator("section.glossary-entry")
    count = tab.page.locator(".glossary-count")
    assert entries.count() == len(data) and count.inner_text().startswith(str(len(data)))
    tab.page.locator(".glossary-filter input").press_sequentially(query)
    visible = entries.evaluate_all("sections => sections.filter(s => !s.hidden).map(s => s.querySelector('h3').id)")
    assert term_id in visible and 0 < len(visible) < len(data) / 10, visible
    assert count.inner_text().startswith(str(len(visible)))
    # A category with no term left goes, heading and all; the one holding the term stays.
    shown = tab.page.locator(".glossary-category").evaluate_all(
        "boxes => boxes.map(b => [!b.hidden, !b.previousElementSibling.hidden, b.querySelectorAll('.glossary-entry:not([hidden])').length])")
    assert all(box == heading == (terms > 0) for box, heading, terms in shown) and 0 < sum(b for b, _, _ in shown) < len(shown)
    tab.page.locator(".glossary-filter input").fill("")
    assert entries.evaluate_all("sections => sections.filter(s => s.hidden).length") == 0
    assert tab.page.locator(".glossary-category[hidden], h2[hidden]").count() == 0


def test_the_glossary_skips_whole_categories_off_screen(base_url, offline_page, data):
    """Material's palette restyles the page as it starts; the browser then redraws the box of each
    skipped element, so the glossary skips its 14 categories rather than its 345 entries one by one
    (stylesheets/extra.css), each category's box sized by its terms and its text until drawn."""
    tab = offline_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    visit(tab.page, base_url + "glossary/")
    boxes = tab.page.locator(".glossary-category").evaluate_all("""boxes => boxes.map(b => [
        getComputedStyle(b).contentVisibility, +b.style.getPropertyValue('--terms'),
        b.querySelectorAll(':scope > .glossary-entry').length, b.previousElementSibling.id])""")
    assert sum(terms for _, _, terms, _ in boxes) == len(data)
    assert all(style_terms == terms and heading.startswith("category-") for _, style_terms, terms, heading in boxes)
    assert [visibility for visibility, *_ in boxes] == ["auto"] * len(boxes)


ESTIMATES_AND_HEIGHTS = """() => {
  const boxes = [...document.querySelectorAll('.glossary-category, .glossary-entry')];
  const estimates = boxes.map(b => parseFloat(getComputedStyle(b).containIntrinsicHeight.split(' ').pop()));
  for (const box of boxes) box.style.contentVisibility = 'visible';
  return boxes.map((b, i) => [b.classList.contains('glossary-category'), estimates[i] / b.getBoundingClientRect().height]);
}"""


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["", "en/"])
def test_each_glossary_box_is_estimated_near_its_real_height(base_url, offline_page, lang, width):
    """Until drawn, a category or an entry is as tall as its estimate (stylesheets/extra.css): the
    scroll bar, and the page above an anchor, are only as right as the estimates. Each category's is
    within a fifth of its real height and each entry's within 40 %, on a phone and on a desktop.
    Skipped, the last category must also hold its content, or the content overflows onto the
    footer, where a contrast check measures it against the footer's dark background."""
    tab = offline_page(viewport={"width": width, "height": 800})
    visit(tab.page, base_url + lang + "glossary/")
    tab.page.evaluate("document.fonts.ready")
    ratios = tab.page.evaluate(ESTIMATES_AND_HEIGHTS)
    categories = [ratio for is_category, ratio in ratios if is_category]
    entries = sorted(ratio for is_category, ratio in ratios if not is_category)
    assert len(categories) > 10 and len(entries) > 300
    assert all(0.8 <= ratio <= 1.2 for ratio in categories[:-1]), [round(r, 2) for r in categories]
    assert 1 <= categories[-1] <= 1.5, f"the last category's estimate is {categories[-1]:.2f} of its height"
    assert 0.6 <= entries[0] and entries[-1] <= 1.4 and 0.85 <= entries[len(entries) // 2] <= 1.15, \
        f"entries: lowest {entries[0]:.2f}, median {entries[len(entries) // 2]:.2f}, highest {entries[-1]:.2f}"


@pytest.mark.parametrize("lang", ["", "en/"])
def test_filter_box_is_one_row_on_a_phone(base_url, offline_page, lang):
    tab = offline_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    visit(tab.page, base_url + lang + "glossary/")
    box = tab.page.locator(".glossary-filter").bounding_box()
    count, field = tab.page.locator(".glossary-count").bounding_box(), tab.page.locator(".glossary-filter input").bounding_box()
    assert count["height"] < field["height"] and box["height"] < 2 * field["height"], (box, count, field)
    assert count["x"] + count["width"] <= box["x"] + box["width"] + 1


def test_without_javascript_every_term_is_listed_and_the_filter_box_hidden(base_url, offline_page, data):
    tab = offline_page(viewport=DESKTOP, java_script_enabled=False)
    tab.page.goto(base_url + "glossary/", wait_until="load")
    assert tab.page.locator("section.glossary-entry:visible").count() == len(data)
    assert not tab.page.locator(".glossary-filter").is_visible()
