"""Study mode (hooks/study.py, docs/javascripts/study.js): the questions found in the module pages,
the files the build writes (questions, flashcards, CSV, Anki deck), the PDF book left as it was, and
in Chromium, in both languages: answering in place, progress that stays, the home page's cards,
review, a short exam, flashcards, garbage in localStorage, the keyboard, axe-core."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile

import pytest

from support import MODULE_NUMBERS, ROOT, load_hook, loaded_scripts, parsed, visit

study = load_hook("study")
import glossary_data  # noqa: E402 (hooks/ is on sys.path through support)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MODULE = "modules/03-networking-1/"
LANGS = ["", "en/"]
VERDICT = {"": ("정답입니다.", "오답입니다."), "en/": ("Correct.", "Not quite.")}

# -----------------------------------------------------------------------------
# The extraction, on a small page

PAGE = """<h1 id="module">Module</h1>
<h2 id="vpc">VPC</h2><p>A VPC has subnets and a CIDR block.</p>
<h2 id="nat-gateway">NAT gateway</h2><p>A NAT gateway lets private subnets reach the internet, outbound only.</p>
<h2 id="self-check">Self-check<a class="headerlink" href="#self-check">&para;</a></h2>
<p><strong>Q1.</strong> Private servers must download patches but accept no inbound connection. What fits?</p>
<ul>
<li>A. An internet gateway route</li>
<li>B. A <a class="glossary-term" href="../../glossary/#nat-gateway">NAT gateway</a>, outbound only</li>
</ul>
<details class="question">
<summary>Answer and explanation</summary>
<p><strong>Answer: B</strong>. A NAT gateway is outbound only; A exposes the servers.</p>
</details>
<p><strong>Q2.</strong> Which block?</p>
<div class="highlight"><pre><code><span id="__span-0-1"><a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a>10.0.0.0/16</span></code></pre></div>
<ul>
<li>A. The VPC's CIDR block</li>
<li>B. None</li>
</ul>
<details class="question">
<summary>Answer and explanation</summary>
<p><strong>Answer: A</strong>. The VPC's CIDR block; subnets take parts of it.</p>
</details>
"""


def test_questions_are_found_in_the_rendered_page_and_wrapped():
    html, questions = study.mark_up_questions(PAGE, "03-networking-1")
    assert [(q.id, q.answer, [c["letter"] for c in q.choices]) for q in questions] == [
        ("03-networking-1/1", "B", ["A", "B"]), ("03-networking-1/2", "A", ["A", "B"])]
    first, second = questions
    assert first.stem.startswith("<p>Private servers") and "NAT gateway</a>, outbound only" in first.choices[1]["html"]
    assert first.explanation.startswith("<p><strong>Answer: B</strong>")
    assert (first.section, second.section) == ("nat-gateway", "vpc")
    assert first.section_title == "NAT gateway" and not first.problems
    # Code blocks lose their line ids: the review page shows many questions at once.
    assert "__codelineno" not in second.stem and "__span" not in second.stem and "10.0.0.0/16" in second.stem
    assert html.count('<div class="study-question"') == 2
    assert 'id="quiz-q1" data-study="03-networking-1/1" data-answer="B" data-section="nat-gateway"' in html
    assert html.count('<details class="question">') == 2  # the answer box stays for readers without JavaScript


def test_the_score_line_is_in_the_page_before_the_first_question():
    """study.js fills and shows it; inserting it instead would restyle the whole article."""
    html, _ = study.mark_up_questions(PAGE, "03-networking-1")
    assert html.count('<p class="study-score" hidden></p>') == 1
    assert html.index('<p class="study-score"') < html.index('<div class="study-question"')


def test_a_question_without_its_answer_line_is_reported():
    broken = PAGE.replace("<strong>Answer: B</strong>", "<strong>B</strong>")
    _, questions = study.mark_up_questions(broken, "03-networking-1")
    assert questions[0].problems and "Answer: X" in questions[0].problems[0]


def test_links_are_rebased_for_the_study_pages():
    class Config(dict):
        plugins = {}
        theme = {"language": "en"}

    html = '<a href="../../glossary/#vpc">VPC</a> <a href="#nat">NAT</a> <a href="https://docs.aws.amazon.com/">x</a>'
    rebased = study.rebase_links(html, "modules/03-networking-1/", "study/review/", "en", Config())
    assert rebased == ('<a href="../../glossary/#vpc">VPC</a> <a href="../../modules/03-networking-1/#nat">NAT</a> '
                       '<a href="https://docs.aws.amazon.com/">x</a>')


# -----------------------------------------------------------------------------
# What the build writes


@pytest.mark.parametrize("lang", LANGS)
def test_questions_file_holds_every_module_question(site, lang):
    data = json.loads((site / lang / "study" / "questions.json").read_text(encoding="utf-8"))
    assert [m["number"] for m in data["modules"]] == MODULE_NUMBERS
    for module in data["modules"]:
        page = parsed(site / lang / module["url"] / "index.html")
        blocks = page.select("div.study-question[data-study]")
        mine = [q for q in data["questions"] if q["module"] == module["slug"]]
        assert len(mine) == len(blocks) >= 8, module["slug"]
        assert [q["id"] for q in mine] == [b["data-study"] for b in blocks]
        ids = {e["id"] for e in page.select("[id]")}
        for q in mine:
            assert q["answer"] in [c["letter"] for c in q["choices"]]
            assert q["section"] in ids, f"{q['id']}: no section {q['section']}"
            assert q["explanation"] and q["stem"]


def terms():
    return glossary_data.load_terms(ROOT / glossary_data.DATA_FILE, tuple(MODULE_NUMBERS))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_glossary_csv_has_a_bom_and_one_row_per_term(site, lang):
    raw = (site / ("" if lang == "ko" else "en") / "study" / f"aws-architecting-glossary-{lang}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    expected = terms()
    assert len(rows) == 1 + len(expected)
    assert [r[0] for r in rows[1:]] == [t.id for t in expected]
    assert all(r[1] and r[2] and r[3] for r in rows[1:])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_anki_deck_has_one_note_per_term_with_stable_ids(site, lang, tmp_path):
    import genanki

    path = site / ("" if lang == "ko" else "en") / "study" / f"aws-architecting-glossary-{lang}.apkg"
    with zipfile.ZipFile(path) as deck:
        (tmp_path / "collection.anki2").write_bytes(deck.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        notes = db.execute("SELECT guid, flds FROM notes").fetchall()
    expected = terms()
    assert len(notes) == len(expected)
    guids = {genanki.guid_for("aws-architecting-notes", lang, t.id) for t in expected}
    assert {guid for guid, _ in notes} == guids  # a re-import updates these notes
    for _, fields in notes:
        front, back = fields.split("\x1f")
        assert front.strip() and back.strip()


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_are_linked_from_the_glossary_and_flashcards(site, lang):
    for page in ("glossary", "study/flashcards"):
        links = [a["href"] for a in parsed(site / lang / page / "index.html").select(".study-downloads a")]
        assert len(links) == 2 and links[0].endswith(".csv") and links[1].endswith(".apkg"), page


@pytest.mark.parametrize("lang", LANGS)
def test_print_page_keeps_the_answers_and_has_no_form(site, lang):
    book = parsed(site / lang / "print_page" / "index.html")
    questions = json.loads((site / lang / "study" / "questions.json").read_text(encoding="utf-8"))["questions"]
    assert len(book.select(".book-answers .admonition.question")) == len(questions)
    assert not book.select("form, .study-app, details.question")


def test_study_script_is_loaded_only_where_it_is_used(site):
    def loads(path):
        return any(src.endswith("javascripts/study.js") for src in loaded_scripts(parsed(site / path / "index.html")))

    for path in ("", "en", MODULE.rstrip("/"), "study/review", "en/study/exam", "study/flashcards"):
        assert loads(path), path
    for path in ("glossary", "en/glossary", "corrections"):
        assert not loads(path), path


# -----------------------------------------------------------------------------
# In Chromium


def goto(tab, base_url, url):
    visit(tab.page, base_url + url)


def form(tab, number):
    return tab.page.locator(f"#quiz-q{number} form.study-form")


@pytest.mark.parametrize("lang", LANGS)
def test_answer_in_place_progress_stays_and_review(base_url, offline_page, lang):
    right_text, wrong_text = VERDICT[lang]
    tab = offline_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    goto(tab, base_url, lang + MODULE)
    blocks = tab.page.locator(".study-question")
    answers = blocks.evaluate_all("bs => bs.map(b => b.dataset.answer)")
    total = len(answers)
    form(tab, 1).wait_for()
    assert tab.page.locator(".study-question > ul").first.is_hidden()
    wrong = "A" if answers[0] != "A" else "B"
    form(tab, 1).locator(f"input[value={wrong}]").check()
    verdict = form(tab, 1).locator(".study-verdict")
    assert verdict.get_attribute("aria-live") == "polite"
    assert wrong_text in verdict.inner_text() and answers[0] in verdict.inner_text()
    assert verdict.locator(".study-verdict__explanation p").count() >= 1
    form(tab, 2).locator(f"input[value={answers[1]}]").check()
    assert right_text in form(tab, 2).locator(".study-verdict").inner_text()
    assert f"1/{total}" in tab.page.locator(".study-score").inner_text()
    height = tab.page.locator(".study-choice").first.bounding_box()["height"]
    assert height >= 44

    tab.page.reload(wait_until="load")
    assert form(tab, 1).locator(f"input[value={wrong}]").is_checked()
    assert wrong_text in form(tab, 1).locator(".study-verdict").inner_text()
    assert f"1/{total}" in tab.page.locator(".study-score").inner_text()

    goto(tab, base_url, lang)
    badge = tab.page.locator("li:has(a[data-study-module='03-networking-1']) .study-progress")
    assert badge.inner_text().startswith(f"1/{total}")
    assert tab.page.locator("li:has(a[data-study-module='01-fundamentals']) .study-progress").inner_text().startswith("0/")

    goto(tab, base_url, lang + "study/review/")
    tab.page.wait_for_selector(".study-card-question")
    count = tab.page.evaluate("() => fetch('../questions.json').then(r => r.json()).then(d => d.questions.length)")
    groups = tab.page.locator("details.study-group")
    listed = groups.evaluate_all("gs => gs.map(g => Number(g.querySelector('summary').textContent.match(/(\\d+)\\D*$/)[1]))")
    assert sum(listed) == count - 1  # every question but the one answered right, by module
    # Only the module with a wrong answer is open and built; another is built when opened.
    assert groups.evaluate_all("gs => gs.filter(g => g.open).map(g => g.dataset.studyModule)") == ["03-networking-1"]
    assert tab.page.locator(".study-card-question").count() == listed[2] == total - 1
    first = groups.first
    first.locator("summary").click()
    first_module = first.get_attribute("data-study-module")
    first.locator(".study-card-question").first.wait_for()  # built on the `toggle` event, just after the click
    assert first.locator(".study-card-question").count() == listed[0]
    assert first.locator(f".study-group__link a[href$='modules/{first_module}/']").count() == 1
    missed = tab.page.locator(".study-card-question", has_text="03 · Q1")
    assert missed.count() == 1 and tab.page.locator(".study-card-question", has_text="03 · Q2").count() == 0
    assert missed.locator(f"input[value={wrong}]").is_checked()
    href = missed.locator("a.study-section-link").get_attribute("href")
    assert "modules/03-networking-1/#" in href
    missed.locator(f"input[value={answers[0]}]").check()
    assert right_text in missed.locator(".study-verdict").inner_text()
    goto(tab, base_url, lang + MODULE)
    assert f"2/{total}" in tab.page.locator(".study-score").inner_text()
    assert tab.external == [] and tab.errors == []


def test_keyboard_alone_answers_a_question(base_url, offline_page):
    tab = offline_page()
    goto(tab, base_url, MODULE)
    tab.page.evaluate("() => document.querySelector('.study-score a').focus()")
    for _ in range(20):  # past the glossary links of the question's text
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("() => document.activeElement.type") == "radio":
            break
    focused = tab.page.evaluate("() => [document.activeElement.value, document.activeElement.closest('.study-question').id]")
    assert focused == ["A", "quiz-q1"]
    tab.page.keyboard.press("ArrowDown")  # selects B
    verdict = form(tab, 1).locator(".study-verdict").inner_text()
    assert "정답" in verdict
    assert form(tab, 1).locator("input[value=B]").is_checked()
    assert tab.errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_short_exam_is_scored_per_module(base_url, offline_page, lang):
    tab = offline_page()
    goto(tab, base_url, lang + "study/exam/")
    tab.page.locator(".study-setup input[value='10']").check()
    tab.page.locator(".study-setup input[type=checkbox]").check()
    tab.page.locator(".study-setup button[type=submit]").click()
    questions = tab.page.locator(".study-exam .study-card-question")
    assert questions.count() == 10
    assert tab.page.locator(".study-timer[role=timer]").is_visible()
    for i in range(9):  # the last one left unanswered
        questions.nth(i).locator("input[type=radio]").first.check()
    assert tab.page.locator(".study-exam .study-verdict__result").count() == 0  # nothing shown before scoring
    tab.page.locator(".study-exam > button.md-button--primary").click()
    total = tab.page.locator(".study-total").inner_text()
    assert total.split("/")[1].startswith("10")
    rows = tab.page.locator(".study-results tbody tr").evaluate_all(
        "rows => rows.map(r => r.cells[1].textContent.split('/').map(Number))")
    assert sum(t for _, t in rows) == 10 and sum(c for c, _ in rows) == int(total.split("/")[0].split()[-1])
    wrong = tab.page.locator(".study-wrong li")
    assert wrong.count() == 10 - sum(c for c, _ in rows) >= 1
    assert all("modules/" in h for h in wrong.locator("a").evaluate_all("as => as.map(a => a.href)"))
    assert tab.page.evaluate("() => document.activeElement.tagName") == "H2"
    assert tab.external == [] and tab.errors == []


@pytest.mark.parametrize("lang", LANGS)
def test_flashcards_flip_and_are_graded(base_url, offline_page, lang):
    tab = offline_page()
    goto(tab, base_url, lang + "study/flashcards/")
    card = tab.page.locator("button.study-flashcard")
    card.wait_for()
    first = card.locator(".study-flashcard__term").inner_text()
    if lang:
        assert card.locator(".study-flashcard__other").get_attribute("lang") == "ko"
    knew = tab.page.locator(".study-grades .md-button--primary")
    assert knew.is_disabled()
    card.focus()
    tab.page.keyboard.press("Enter")
    assert "is-flipped" in card.get_attribute("class") and card.get_attribute("aria-expanded") == "true"
    tab.page.keyboard.press("Space")
    assert card.get_attribute("aria-expanded") == "false"
    card.click()
    knew.click()
    assert card.locator(".study-flashcard__term").inner_text() != first
    card.click()
    tab.page.locator(".study-grades .md-button:not(.md-button--primary)").click()  # again
    stored = tab.page.evaluate("() => JSON.parse(localStorage.getItem('aws-notes:v1:cards'))")
    assert sorted(v["b"] for v in stored.values()) == [1, 2]
    status = tab.page.locator(".study-app .study-status").inner_text()
    tab.page.select_option("#study-module", "3")
    assert tab.page.locator(".study-app .study-status").inner_text() != status
    tab.page.select_option("#study-category", "networking")
    assert card.is_visible()
    assert tab.external == [] and tab.errors == []


GARBAGE = """() => {
  localStorage.setItem("aws-notes:v1:answers", "{not json");
  localStorage.setItem("aws-notes:v1:cards", JSON.stringify({vpc: {b: 99, d: "x"}, "../x": {b: 1, d: 1}, nat: null}));
  localStorage.setItem("aws-notes:v0:answers", "[1,2,3]");
}"""
FOREIGN = """() => localStorage.setItem("aws-notes:v1:answers",
  JSON.stringify({"03-networking-1/1": {a: "Z", ok: "yes"}, "__proto__": 1, "x": [1], "03-networking-1/2": 7}))"""


@pytest.mark.parametrize("lang", LANGS)
def test_garbage_in_local_storage_breaks_no_page(base_url, offline_page, lang):
    tab = offline_page()
    for script in (GARBAGE, FOREIGN):
        goto(tab, base_url, lang)
        tab.page.evaluate(script)
        for url in ("", MODULE, "study/review/", "study/exam/", "study/flashcards/"):
            goto(tab, base_url, lang + url)
            if url.startswith("study/"):
                tab.page.wait_for_function("() => !document.querySelector('.study-app[aria-busy]')")
                assert tab.page.locator(".study-error").count() == 0, url
                assert tab.page.locator(".study-app > *").count() > 0, url
        goto(tab, base_url, lang + MODULE)
        assert "0/" in tab.page.locator(".study-score").inner_text()
    goto(tab, base_url, lang + "study/review/")
    tab.page.locator("button.study-reset").click()
    tab.page.wait_for_function("() => document.querySelector('.study-status')?.textContent")
    assert tab.page.locator("details.study-group[open]").count() == 0  # nothing answered wrong any more
    assert tab.page.evaluate("() => localStorage.getItem('aws-notes:v1:answers')") is None
    assert tab.external == [] and tab.errors == []


@pytest.mark.parametrize("url", [MODULE, "study/review/", "study/exam/", "en/study/flashcards/"])
def test_study_pages_have_no_serious_accessibility_violations(base_url, offline_page, url):
    tab = offline_page(viewport={"width": 1280, "height": 900})
    goto(tab, base_url, url)
    if url == MODULE:
        form(tab, 1).locator("input").first.check()
    elif url == "study/exam/":
        tab.page.locator(".study-setup button[type=submit]").click()
    tab.page.wait_for_function("() => !document.querySelector('.study-app[aria-busy]')")
    tab.page.evaluate("""() => { for (const e of document.querySelectorAll("*"))
        if (getComputedStyle(e).contentVisibility === "auto") e.style.contentVisibility = "visible"; }""")
    tab.page.add_script_tag(path=str(AXE))
    result = tab.page.evaluate("async () => (await axe.run(document)).violations")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
               for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{url}:\n" + "\n".join(serious)
