"""The built site in Debian's Chromium: offline, error-free, diagrams drawn, languages, dark mode,
phone layout, accessibility. Screenshots go to test-output/screenshots/ for review."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from support import ROOT, SCRIPTS_STARTED, loader_scripts, parsed, visit

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MODULE_WITH_DIAGRAMS = "modules/03-networking-1/"


def page_urls(site) -> list[str]:
    return sorted(
        str(p.relative_to(site).parent).replace(".", "") + "/"
        for p in site.rglob("index.html")
        if "print_page" not in p.parts
    )


def mermaid_sources(path) -> list[str]:
    page = parsed(path)
    return [pre.get_text() for pre in page.select("pre.mermaid")]


def wait_for_diagrams(page, count: int) -> None:
    """Material swaps each `pre.mermaid` for a `div.mermaid` holding a closed shadow root. A diagram
    is drawn as it nears the viewport (docs/javascripts/mermaid.js): scroll to each, as a reader
    would, then back to the top."""
    if not count:
        return
    page.evaluate(SCROLL_THROUGH_DIAGRAMS)
    try:
        page.wait_for_function(
            "n => document.querySelectorAll('div.mermaid').length === n"
            " && [...document.querySelectorAll('div.mermaid')].every(d => d.getBoundingClientRect().height > 40)",
            arg=count,
            timeout=20_000,
        )
    except PlaywrightTimeout:
        heights = page.evaluate("[...document.querySelectorAll('div.mermaid')].map(d => d.getBoundingClientRect().height)")
        pytest.fail(f"{page.url}: expected {count} drawn diagrams, found heights {heights}")


SCROLL_THROUGH_DIAGRAMS = """async () => {
  const frame = () => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  for (const pre of document.querySelectorAll("pre.mermaid")) {
    pre.scrollIntoView({ block: "center" });
    await frame();
  }
  window.scrollTo(0, 0);
  await frame();
}"""


def open_page(offline_page, base_url, url, **context):
    tab = offline_page(**context)
    visit(tab.page, base_url + url.lstrip("/"))
    return tab


def test_every_page_loads_offline_with_no_console_errors_and_its_diagrams_drawn(site, base_url, offline_page):
    """Every page a reader can open, in both languages: no request to another host, no console
    error, and every Mermaid diagram parsed (with Mermaid's own message when one does not) and drawn.
    Two tabs take turns, so that Chromium loads the next page in one while the other is checked."""
    urls = page_urls(site) + ["404.html", "en/404.html"]
    tabs = [offline_page(viewport=DESKTOP), offline_page(viewport=DESKTOP)]

    def load(index: int) -> None:
        response = visit(tabs[index % 2].page, base_url + urls[index].removeprefix("/"))
        assert response.ok, urls[index]

    checked = diagrams = 0
    load(0)
    for index, url in enumerate(urls):
        if index + 1 < len(urls):
            load(index + 1)
        tab = tabs[index % 2]
        sources = mermaid_sources(site / url.removeprefix("/") / "index.html") if url.endswith("/") else []
        if sources:
            tab.page.wait_for_function("() => Boolean(window.mermaid && window.mermaid.parse)", timeout=20_000)
        for source in sources:
            error = tab.page.evaluate(
                "async src => { try { await mermaid.parse(src); return null }"
                " catch (e) { return String(e.message || e) } }",
                source,
            )
            assert error is None, f"{url}: diagram does not parse: {error}\n{source}"
        wait_for_diagrams(tab.page, len(sources))
        tab.page.evaluate("document.fonts.ready")
        checked, diagrams = checked + 1, diagrams + len(sources)
        assert tab.external == [], f"{url} asked another host for {tab.external}"
        assert tab.errors == [], f"{url}: console errors {tab.errors}"
    assert checked == len(urls) >= 2 * 15 and diagrams >= 2 * 13


def test_scripts_leave_the_articles_own_children_in_place(site, base_url, offline_page):
    """Chromium restyles the whole article when one of its children is added or taken out (positional
    rules such as `:last-child`). Material's tables and diagrams change within their holders
    (hooks/holders.py), and study.js shows the score line the page already has: after the load and
    the diagrams, the article's children are the built page's, one for one."""
    built = parsed(site / MODULE_WITH_DIAGRAMS / "index.html").select_one("article")
    expected = [(child.name, child.get("id") or " ".join(child.get("class", []))) for child in built.find_all(recursive=False)]
    tab = open_page(offline_page, base_url, MODULE_WITH_DIAGRAMS, viewport=PHONE)
    tab.page.wait_for_selector(".study-question form")
    wait_for_diagrams(tab.page, len(mermaid_sources(site / MODULE_WITH_DIAGRAMS / "index.html")))
    children = tab.page.evaluate(
        "[...document.querySelector('article').children].map(c => [c.localName, c.id || c.className])")
    assert [tuple(child) for child in children] == expected
    assert tab.page.locator("article > .holder > .md-typeset__scrollwrap").count() >= 1
    assert tab.page.locator("article > .holder > div.mermaid").count() >= 1
    assert tab.page.locator("article > p.study-score").is_visible()
    assert tab.errors == []


SCRIPT_REQUESTS = "performance.getEntriesByType('resource').filter(e => e.initiatorType === 'script')"


MATERIAL_STARTED = "!!window.document$"


@pytest.mark.parametrize("url", ["", "glossary/", "en/study/flashcards/"])
def test_material_starts_at_the_readers_first_touch_and_no_script_before_the_first_paint(site, base_url, offline_page, url):
    """The page's own scripts are requested only after its first contentful paint, and Material's
    bundle not until the reader first uses the page (overrides/main.html): Lighthouse, which never
    touches a page, counted Material's start-up into the blocking time of every page, and a reader
    who only reads does not need it. A touch starts it: `document$` emits and its palette mounts."""
    own, material = loader_scripts(parsed(site / url / "index.html"))
    tab = offline_page(viewport=PHONE, is_mobile=True, has_touch=True)
    tab.page.goto(base_url + url, wait_until="load")
    tab.page.wait_for_load_state("networkidle")
    painted = tab.page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    requested = tab.page.evaluate(f"{SCRIPT_REQUESTS}.map(e => [e.name, e.startTime])")
    assert sorted(name.rsplit("/", 1)[-1] for name, _ in requested) == sorted(src.rsplit("/", 1)[-1] for src in own)
    assert all(start > painted for _, start in requested), f"first contentful paint at {painted:.0f} ms: {requested}"
    assert not tab.page.evaluate(MATERIAL_STARTED)

    tab.page.locator("article h1").tap()  # a touch on the title, nothing there to follow
    tab.page.wait_for_function(SCRIPTS_STARTED, timeout=10_000)
    loaded = tab.page.evaluate(f"{SCRIPT_REQUESTS}.map(e => e.name.split('/').pop())")
    assert all(src.rsplit("/", 1)[-1] in loaded for src in material), loaded
    # Material's palette adds this meta as it mounts.
    assert tab.page.evaluate("document.querySelector('meta[name=color-scheme]')?.content") in ("light", "dark")
    assert tab.errors == []


def test_a_diagram_near_the_screen_starts_material_without_a_touch(base_url, offline_page):
    """Material draws the diagrams: where one is within two screens of the first, Material starts
    with no touch at all and the diagram is drawn."""
    tab = offline_page(viewport=PHONE)
    tab.page.goto(base_url + MODULE_WITH_DIAGRAMS, wait_until="load")
    top = tab.page.evaluate("document.querySelector('.mermaid').getBoundingClientRect().top")
    tall = offline_page(viewport={"width": PHONE["width"], "height": int(top // 2)})
    tall.page.goto(base_url + MODULE_WITH_DIAGRAMS, wait_until="load")
    tall.page.wait_for_function(SCRIPTS_STARTED, timeout=10_000)
    # Material swaps the `pre` for a `div` holding the drawing (in a closed shadow root).
    tall.page.wait_for_function("document.querySelector('div.mermaid')?.getBoundingClientRect().height > 40", timeout=20_000)
    assert tab.errors == [] and tall.errors == []


def test_a_palette_tap_before_material_started_is_kept(base_url, offline_page):
    """The palette toggle tapped before Material's bundle has arrived: the tap itself starts it, and
    the loader passes the change on once it has, so the reader's choice is not lost."""
    tab = offline_page(viewport=PHONE, is_mobile=True, has_touch=True, color_scheme="light")
    tab.page.goto(base_url + "en/glossary/", wait_until="load")
    assert not tab.page.evaluate(MATERIAL_STARTED)
    label = tab.page.locator("form[data-md-component=palette] label:not([hidden])")
    chosen = label.get_attribute("for")
    label.tap()
    tab.page.wait_for_function(SCRIPTS_STARTED, timeout=10_000)
    tab.page.wait_for_function("id => document.getElementById(id).checked", arg=chosen)
    inputs = tab.page.evaluate("[...document.querySelectorAll('form[data-md-component=palette] input')].map(i => i.id)")
    tab.page.wait_for_function("() => __md_get('__palette')?.index !== undefined")
    assert tab.page.evaluate("__md_get('__palette').index") == inputs.index(chosen)
    assert tab.page.locator("form[data-md-component=palette] label:not([hidden])").get_attribute("for") != chosen
    assert tab.errors == []


def fonts_drawing(page, selector: str) -> list[dict]:
    """The fonts Chromium actually drew an element's text with (DevTools' "Rendered Fonts")."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("DOM.enable")
    devtools.send("CSS.enable")
    root = devtools.send("DOM.getDocument")["root"]["nodeId"]
    node = devtools.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def font_requests(page) -> list[list]:
    return page.evaluate(
        "performance.getEntriesByType('resource').filter(e => /\\.woff2?$/.test(e.name))"
        ".map(e => [e.name.split('/assets/').pop(), e.startTime, e.initiatorType])")


def test_korean_text_uses_the_self_hosted_font_subset(site, base_url, offline_page):
    """Korean pages draw in Noto Sans KR from the site's subset (one file per weight, hooks/assets.py),
    never from Fontsource's slices, and the first paint never waits for it (overrides/main.html): a
    first visit draws in the system's font and fetches the subset only once the page is drawn and its
    scripts have run (Lighthouse counts a request made before the largest paint into it); the next
    page preloads it and draws its text with it. English pages load no Korean font."""
    tab = open_page(offline_page, base_url, MODULE_WITH_DIAGRAMS, viewport=DESKTOP)
    tab.page.wait_for_function("Object.keys(localStorage).some(key => key.endsWith('.web-font'))", timeout=10_000)
    own = [src.rsplit("/", 1)[-1] for src in loader_scripts(parsed(site / MODULE_WITH_DIAGRAMS / "index.html"))[0]]
    scripts_done = tab.page.evaluate(f"names => Math.max(...{SCRIPT_REQUESTS}.filter(e => names.includes(e.name.split('/').pop())).map(e => e.responseEnd))", own)
    first = font_requests(tab.page)
    assert sorted(name for name, _, _ in first) == ["fonts/noto-sans-kr-400.woff2", "fonts/noto-sans-kr-700.woff2"], first
    assert all(start > scripts_done for _, start, _ in first), f"requested before the scripts ({scripts_done:.0f} ms): {first}"
    assert not [font for font in fonts_drawing(tab.page, ".md-typeset p") if font["isCustomFont"]]

    visit(tab.page, base_url + "modules/04-compute/")
    tab.page.evaluate("document.fonts.ready")
    family = tab.page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
    assert family.startswith('"Noto Sans KR"'), family
    drawn = fonts_drawing(tab.page, ".md-typeset p")  # every glyph, the spaces too, from the subset
    assert drawn and all(font["isCustomFont"] and font["postScriptName"].startswith("NotoSansKR") for font in drawn), drawn
    preloaded = font_requests(tab.page)
    assert [name for name, _, initiator in preloaded if initiator == "link"] == [
        "fonts/noto-sans-kr-400.woff2", "fonts/noto-sans-kr-700.woff2"], preloaded
    assert not [name for name, _, _ in first + preloaded if "vendor/noto-sans-kr/" in name]

    english = open_page(offline_page, base_url, "en/" + MODULE_WITH_DIAGRAMS, viewport=DESKTOP)
    english.page.wait_for_load_state("networkidle")
    assert font_requests(english.page) == []
    assert tab.external == [] and english.external == [] and tab.errors == []


def test_the_search_index_waits_until_search_is_opened(base_url, offline_page):
    """docs/javascripts/on-demand.js holds Material's index request back until the search box is
    used: a page load must not fetch it, opening search must. This fails if Material stops fetching
    the index through XMLHttpRequest (the mechanism on-demand.js relies on)."""
    tab = open_page(offline_page, base_url, MODULE_WITH_DIAGRAMS, viewport=DESKTOP)
    tab.page.wait_for_load_state("networkidle")
    index = "performance.getEntriesByType('resource').some(e => e.name.endsWith('search/search_index.json'))"
    assert not tab.page.evaluate(index), "the search index was fetched before search was opened"
    tab.page.focus("input[data-md-component=search-query]")
    tab.page.wait_for_function(index, timeout=10_000)
    tab.page.fill("input[data-md-component=search-query]", "VPC")
    tab.page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert tab.errors == []


LAYOUT_SHIFTS = """() => new Promise(resolve => {
  const shifts = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) shifts.push(
      [entry.value, entry.sources.map(s => s.node ? s.node.nodeName + "." + s.node.className : "?").join(", ")]);
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(shifts), 1000);
})"""


@pytest.mark.parametrize("url", ["", MODULE_WITH_DIAGRAMS, "glossary/", "study/review/", "study/flashcards/",
                                 "en/glossary/", "en/study/exam/"])
def test_nothing_on_screen_moves_while_a_page_loads(base_url, offline_page, url):
    """No layout shift on a phone while the page loads and its scripts run: what scripts add holds
    its place from the first paint (the glossary filter under `.js`, the study apps' height)."""
    tab = open_page(offline_page, base_url, url, viewport=PHONE, is_mobile=True, has_touch=True)
    shifts = tab.page.evaluate(LAYOUT_SHIFTS)
    assert sum(value for value, _ in shifts) < 0.01, shifts


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_term_link_lands_on_its_glossary_entry(site, base_url, offline_page, viewport):
    """Entries far down the glossary are laid out only near the viewport (stylesheets/extra.css):
    a link to one must still bring its heading into view, below the header and the filter box that
    stay on top of the page, and keep it there once fonts load."""
    last = parsed(site / "glossary" / "index.html").select("section.glossary-entry h3")[-20]
    tab = open_page(offline_page, base_url, f"glossary/#{last['id']}", viewport=DESKTOP if viewport == "desktop" else PHONE)
    tab.page.evaluate("document.fonts.ready")
    tab.page.wait_for_timeout(300)
    top = tab.page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", last["id"])
    covered = tab.page.evaluate(
        "Math.max(...['.md-header', '.glossary-filter'].map(s => document.querySelector(s).getBoundingClientRect().bottom))")
    height = tab.page.evaluate("innerHeight")
    assert covered <= top < height / 2, \
        f"glossary/#{last['id']}: heading at {top}px in a {height}px viewport, covered down to {covered}px"


def test_language_switcher_leads_to_the_same_page(base_url, offline_page):
    tab = open_page(offline_page, base_url, MODULE_WITH_DIAGRAMS, viewport=DESKTOP)
    tab.page.hover(".md-header__option .md-select")
    tab.page.click("a.md-select__link[hreflang='en']")
    tab.page.wait_for_url("**/en/**")
    assert tab.page.url == base_url + "en/" + MODULE_WITH_DIAGRAMS
    assert tab.page.get_attribute("html", "lang") == "en"
    tab.page.hover(".md-header__option .md-select")
    tab.page.click("a.md-select__link[hreflang='ko']")
    tab.page.wait_for_url(lambda url: "/en/" not in url)
    assert tab.page.url == base_url + MODULE_WITH_DIAGRAMS
    assert tab.page.get_attribute("html", "lang") == "ko"


def test_dark_mode_toggles_and_is_remembered(base_url, offline_page):
    tab = open_page(offline_page, base_url, "", viewport=DESKTOP, color_scheme="light")
    scheme = lambda: tab.page.get_attribute("body", "data-md-color-scheme")  # noqa: E731
    assert scheme() == "default"
    seen = []
    for _ in range(3):
        tab.page.click("form[data-md-component='palette'] label:visible")
        seen.append(scheme())
        if seen[-1] == "slate":
            break
    assert "slate" in seen
    visit(tab.page, tab.page.url)
    assert scheme() == "slate"


def test_system_dark_preference_is_followed(base_url, offline_page):
    tab = open_page(offline_page, base_url, "", viewport=DESKTOP, color_scheme="dark")
    assert tab.page.get_attribute("body", "data-md-color-scheme") == "slate"


COLOURS = "() => Object.fromEntries(['scheme', 'primary', 'accent', 'media'].map(k => [k, document.body.getAttribute('data-md-color-' + k)]))"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_first_visit_is_drawn_in_its_colours_before_materials_bundle_runs(base_url, offline_page, scheme):
    """The body's colours before Material's bundle has run (here: never, its request is aborted) are
    the ones the bundle gives it: a dark system is dark from the first paint
    (overrides/partials/javascripts/palette.html)."""
    settled = open_page(offline_page, base_url, "", viewport=PHONE, color_scheme=scheme)
    expected = settled.page.evaluate(COLOURS)
    assert (expected["scheme"] == "slate") == (scheme == "dark"), expected
    held = offline_page(viewport=PHONE, color_scheme=scheme)
    held.context.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
    held.page.goto(base_url, wait_until="load")
    assert held.page.evaluate("typeof document$") == "undefined", "Material's bundle ran"
    assert held.page.evaluate(COLOURS) == expected


# Every attribute change of the root and the body once the page is parsed, that is, by the deferred
# scripts (Material's bundle first) and later.
WATCH_ROOT_AND_BODY = """
new MutationObserver(records => {
  if (document.readyState === "loading") return;
  records.forEach((r, i) => {
    const next = records.slice(i + 1).find(n => n.target === r.target && n.attributeName === r.attributeName);
    const value = next ? next.oldValue : r.target.getAttribute(r.attributeName);
    if (value !== r.oldValue) (window.__changes ||= []).push(`${r.target.nodeName} ${r.attributeName}: ${r.oldValue} -> ${value}`);
  });
}).observe(document, { attributes: true, attributeOldValue: true, subtree: true, attributeFilter: [
  "class", "data-js-focus-visible", "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent",
  "data-md-color-media", "data-md-color-switching"] });
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_materials_bundle_changes_neither_the_root_nor_the_bodys_colours_as_it_starts(base_url, offline_page, scheme):
    """Each change to the root's classes or the body's colour attributes restyles the whole page,
    which on a phone lengthens the bundle's first task (Lighthouse's Total Blocking Time). They are
    set before the first paint (overrides/main.html, overrides/partials/javascripts/palette.html),
    so the bundle's start finds them as it would leave them; it only ends the palette's switch."""
    tab = offline_page(viewport=PHONE, is_mobile=True, has_touch=True, color_scheme=scheme)
    tab.context.add_init_script(WATCH_ROOT_AND_BODY)
    visit(tab.page, base_url)
    tab.page.wait_for_function("document.body.getAttribute('data-md-color-switching') === null")
    assert tab.page.evaluate("window.__changes || []") == ["BODY data-md-color-switching:  -> null"]
    assert tab.errors == []


@pytest.mark.parametrize("url", ["", MODULE_WITH_DIAGRAMS, "glossary/", "en/" + MODULE_WITH_DIAGRAMS])
def test_phone_layout_does_not_overflow(base_url, offline_page, url):
    tab = open_page(offline_page, base_url, url, viewport=PHONE, is_mobile=True, has_touch=True)
    width = tab.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{url}: page is {width[0]}px wide on a {width[1]}px phone"


RENDER_EVERYTHING = """() => {
  for (const element of document.querySelectorAll("*"))
    if (getComputedStyle(element).contentVisibility === "auto") element.style.contentVisibility = "visible";
}"""


@pytest.mark.parametrize("url", ["", MODULE_WITH_DIAGRAMS, "glossary/", "en/", "en/glossary/"])
def test_no_serious_accessibility_violations(base_url, offline_page, url):
    tab = open_page(offline_page, base_url, url, viewport=DESKTOP)
    # axe measures colours where elements are drawn: draw what the page leaves until scrolled to.
    tab.page.evaluate(RENDER_EVERYTHING)
    tab.page.add_script_tag(path=str(AXE))
    result = tab.page.evaluate("async () => (await axe.run(document)).violations")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{url or 'home'}:\n" + "\n".join(serious)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_for_review(site, base_url, offline_page, screenshots, scheme):
    """Home and a module page on desktop and phone, in the scheme asked for, as PNG in
    test-output/screenshots/ for a person to look at; what a screenshot can get wrong is checked."""
    for name, url in (("home", ""), ("module", MODULE_WITH_DIAGRAMS)):
        for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            tab = open_page(offline_page, base_url, url, viewport=viewport, color_scheme=scheme)
            wait_for_diagrams(tab.page, len(mermaid_sources(site / url / "index.html")))
            tab.page.evaluate("document.fonts.ready")
            target = screenshots / f"{name}-{device}-{scheme}.png"
            tab.page.screenshot(path=str(target), full_page=device == "desktop" and name == "home")
            state = tab.page.evaluate(SCREEN_STATE)
            dark = state["background"] < 0.5
            assert dark == (scheme == "dark"), f"{target.name}: background luminance {state['background']:.2f}"
            assert abs(state["background"] - state["text"]) > 0.5, f"{target.name}: text and background too alike"
            assert state["overflow"] <= 1, f"{target.name}: the page is {state['overflow']} px wider than the screen"
            assert tab.errors == [], tab.errors
            tab.close()


# Relative luminance (0 black, 1 white) of the page's background and of its body text, and how far
# the page overflows the viewport sideways.
SCREEN_STATE = """() => {
  const luminance = (color) => {
    const [r, g, b] = color.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const body = getComputedStyle(document.body);
  const text = getComputedStyle(document.querySelector(".md-typeset p") || document.body);
  return {
    background: luminance(body.backgroundColor),
    text: luminance(text.color),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""
