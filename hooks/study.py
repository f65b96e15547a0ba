"""Study mode: the self-checks answered in place, the review and exam pages' questions, the
flashcards, and the glossary to take away as CSV and as an Anki deck.

The questions stay in the module pages' Markdown (`**Q1.**`, the choices as a list, the answer in a
`??? question` box). This hook reads them from each module page as rendered, and:

- wraps each question on the page in `<div class="study-question" id="quiz-qN" data-study=…>`,
  naming its id, correct letter and the section it tests; docs/javascripts/study.js turns the
  choices into radio buttons there. Without JavaScript the page is as before: the answer is in the
  `details` box. Before the first question, an empty `p.study-score`, hidden, for the module's
  score line that study.js fills (there from the start, so that showing it restyles only itself).
  The form exists only in the browser, so the PDF book (hooks/pdf_book.py, which
  gathers every `details.question` at the end of its module) and the search index see the page as
  written;
- writes per language `study/questions.json` (every question, its links rebased for the pages in
  `study/`) for the review and exam pages, and `study/flashcards.json` from the glossary;
- writes per language the glossary as CSV (UTF-8 with BOM) and as an Anki deck (`.apkg`, genanki),
  with ids derived from fixed names and each term's id, so a re-import updates the notes;
- fills the markers `<!-- study-downloads -->` (glossary and flashcards pages) with links to those
  files, and gives the home page's module cards the number of questions of each module.

Files are written in `on_post_build` of each language's build (mkdocs-static-i18n builds English
from inside the Korean build, into `site_dir` under `en/`), before hooks/links.py (-200), which
checks the links to them.

Events: on_pre_build, on_page_markdown, on_page_content, on_post_build.
"""

from __future__ import annotations

import csv
import hashlib
import html as htmllib
import io
import json
import logging
import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import glossary_data
from common import default_language, language, language_prefix, module_of

log = logging.getLogger("mkdocs.hooks.study")

STUDY_DIR = "study"
QUESTIONS_FILE = "questions.json"
FLASHCARDS_FILE = "flashcards.json"
CSV_FILE = "aws-architecting-glossary-{lang}.csv"
APKG_FILE = "aws-architecting-glossary-{lang}.apkg"
# The pages that show the JSON are all in `study/`: links in the questions are rebased for them.
STUDY_PAGE = "study/review/"
DOWNLOADS_MARKER = "<!-- study-downloads -->"
TEXT = {
    "ko": {"csv": "용어집 CSV 내려받기", "apkg": "Anki 덱 내려받기 (.apkg)", "deck": "AWS 아키텍팅 학습 노트 용어집",
           "note": "스프레드시트나 Anki에서 열 수 있습니다. 같은 덱을 다시 가져오면 카드가 중복되지 않고 갱신됩니다."},
    "en": {"csv": "Download the glossary as CSV", "apkg": "Download the Anki deck (.apkg)",
           "deck": "AWS Architecting Study Notes glossary",
           "note": "Open them in a spreadsheet or in Anki. Importing the deck again updates its cards instead of duplicating them."},
}
SKIPPED_SECTIONS = {"핵심 정리", "Key takeaways", "이 모듈에서 배우는 것", "What you will learn"}

# Markup of a self-check question as Markdown, pymdownx.details and the glossary hook render it.
QUESTION = re.compile(
    r'<p><strong>Q(?P<number>\d+)\.</strong>\s*(?P<stem>(?:(?!<strong>Q\d+\.</strong>).)*?)'
    r'<ul>\s*(?P<choices>(?:<li>.*?</li>\s*)+)</ul>\s*'
    r'(?P<details><details class="question">\s*<summary>.*?</summary>\s*(?P<explanation>.*?)</details>)',
    re.S,
)
QUESTION_LABEL = re.compile(r"<strong>Q(\d+)\.</strong>")
CHOICE = re.compile(r"<li>(?P<letter>[A-F])\.\s*(?P<html>.*?)</li>", re.S)
ANSWER = re.compile(r"<strong>[^<:]+:\s*(?P<letter>[A-F])</strong>")
HEADING = re.compile(r'<h(?P<level>[23]) id="(?P<id>[^"]+)"[^>]*>(?P<title>.*?)</h(?P=level)>', re.S)
TAG = re.compile(r"<[^>]+>")
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
HREF = re.compile(r'(\shref=")([^"]*)"')
# Code blocks number their lines with ids: a page showing many questions must not repeat them.
CODE_LINE_ANCHOR = re.compile(r'<a id="__codelineno-[^"]*"[^>]*></a>')
CODE_SPAN_ID = re.compile(r'<span id="__span-[^"]*">')
WORD = re.compile(r"[A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9]|[가-힣]{2,}")


@dataclass
class Question:
    id: str  # `03-networking-1/2`
    module: str  # `03-networking-1`
    number: int
    stem: str  # HTML
    choices: list[dict]  # [{"letter": "A", "html": "…"}]
    answer: str
    explanation: str  # HTML, with the `정답: B` line
    section: str = ""  # the id of the heading it tests (the self-check's, when none stands out)
    section_title: str = ""
    url: str = ""  # the module page, relative to the language's root
    problems: list[str] = field(default_factory=list)


# Per language: module slug -> (title, url), and the questions, in build order.
_state: dict[str, dict] = {}


def on_pre_build(*, config: MkDocsConfig) -> None:
    _state[language(config)] = {"modules": {}, "questions": {}}


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if DOWNLOADS_MARKER not in markdown:
        return markdown
    return markdown.replace(DOWNLOADS_MARKER, render_downloads(page.url, language(config), config))


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = language(config)
    state = _state.setdefault(lang, {"modules": {}, "questions": {}})
    if page.is_homepage or page.url == language_prefix(lang, default_language(config)):
        return mark_module_cards(html, question_counts(config))
    module = module_of(page.file.src_uri)
    if module is None:
        return html
    source = Path(config.docs_dir, page.file.src_uri)
    html, questions = mark_up_questions(html, module.slug)
    for question in questions:
        for problem in question.problems:
            log.warning(f"hooks/study.py: docs/{page.file.src_uri}:{source_line(source, question.number)}: "
                        f"Q{question.number}: {problem}")
        question.url = page.url.removeprefix(language_prefix(lang, default_language(config)))
        question.stem = rebase_links(question.stem, page.url, STUDY_PAGE, lang, config)
        question.explanation = rebase_links(question.explanation, page.url, STUDY_PAGE, lang, config)
        question.choices = [{**c, "html": rebase_links(c["html"], page.url, STUDY_PAGE, lang, config)}
                            for c in question.choices]
    labelled = len(QUESTION_LABEL.findall(html))
    if labelled != len(questions):
        log.warning(f"hooks/study.py: docs/{page.file.src_uri}: {labelled} questions are labelled `**Qn.**` but "
                    f"{len(questions)} have the self-check's shape (the stem, a list `- A. …`, then "
                    "`??? question` with `**정답: X**.`/`**Answer: X**.`). Write each question that way.")
    state["modules"][module.slug] = {"slug": module.slug, "number": module.number, "title": page.title,
                                     "url": page.url.removeprefix(language_prefix(lang, default_language(config)))}
    state["questions"][module.slug] = questions
    return html


def on_post_build(*, config: MkDocsConfig) -> None:
    lang = language(config)
    state = _state.get(lang)
    if not state:
        return
    # mkdocs-static-i18n keeps one `site_dir` and writes each further language under its prefix.
    folder = Path(config.site_dir, language_prefix(lang, default_language(config)), STUDY_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    modules = sorted(state["modules"].values(), key=lambda m: m["number"])
    questions = [asdict(q) for m in modules for q in state["questions"][m["slug"]]]
    for q in questions:
        del q["problems"]
    write(folder / QUESTIONS_FILE, json.dumps({"modules": modules, "questions": questions},
                                              ensure_ascii=False, separators=(",", ":")).encode())
    terms = glossary_data.terms(config)
    write(folder / FLASHCARDS_FILE, json.dumps(flashcards(terms, lang, modules),
                                               ensure_ascii=False, separators=(",", ":")).encode())
    write(folder / CSV_FILE.format(lang=lang), glossary_csv(terms, lang))
    write_apkg(folder / APKG_FILE.format(lang=lang), terms, lang)


# -----------------------------------------------------------------------------
# Questions: pure functions over the rendered HTML


def mark_up_questions(html: str, module: str) -> tuple[str, list[Question]]:
    """Wrap each self-check question in `div.study-question` and return the questions found."""
    sections = page_sections(html)
    questions: list[Question] = []

    def wrap(match: re.Match) -> str:
        question = parse_question(match, module)
        question.section, question.section_title = best_section(question, sections)
        questions.append(question)
        attributes = (f'class="study-question" id="quiz-q{question.number}" data-study="{question.id}" '
                      f'data-answer="{question.answer}" data-section="{htmllib.escape(question.section)}"')
        # The module's score line, which docs/javascripts/study.js fills and shows, is in the page
        # from the start: inserting it would restyle every element of the article.
        score = '<p class="study-score" hidden></p>\n' if len(questions) == 1 else ""
        return f"{score}<div {attributes}>\n{match.group(0)}\n</div>"

    return QUESTION.sub(wrap, html), questions


def parse_question(match: re.Match, module: str) -> Question:
    number = int(match["number"])
    choices = [{"letter": c["letter"], "html": c["html"].strip()} for c in CHOICE.finditer(match["choices"])]
    answer = ANSWER.search(match["explanation"])
    question = Question(
        id=f"{module}/{number}", module=module, number=number,
        stem=strip_code_ids("<p>" + match["stem"].strip()),
        choices=choices, answer=answer["letter"] if answer else "",
        explanation=strip_code_ids(match["explanation"].strip()),
    )
    letters = [c["letter"] for c in choices]
    if len(choices) < 2 or letters != [chr(ord("A") + i) for i in range(len(choices))]:
        question.problems.append("the choices must be a list `- A. …`, `- B. …` in order, at least two.")
    if not answer:
        question.problems.append("its answer box must begin with `**정답: X**.` (`**Answer: X**.` in English).")
    elif answer["letter"] not in letters:
        question.problems.append(f"the answer {answer['letter']} is not one of its choices {letters}.")
    return question


def page_sections(html: str) -> list[tuple[str, str, Counter]]:
    """(id, title, words) of each h2/h3 section of the page before the self-check."""
    headings = list(HEADING.finditer(html))
    sections = []
    for i, heading in enumerate(headings):
        if QUESTION_LABEL.search(html, heading.end(), headings[i + 1].start() if i + 1 < len(headings) else len(html)):
            sections.append((heading["id"], title_text(heading["title"]), None))  # the self-check
            break
        end = headings[i + 1].start() if i + 1 < len(headings) else len(html)
        sections.append((heading["id"], title_text(heading["title"]), words(html[heading.start():end])))
    return sections


def best_section(question: Question, sections: list[tuple[str, str, Counter]]) -> tuple[str, str]:
    """The section the question tests: the one sharing the rarest words with its stem, correct
    choice and explanation (tf-idf over the page's sections). The self-check's heading when no
    section shares anything."""
    quiz = next(((i, t) for i, t, w in sections if w is None), ("", ""))
    candidates = [(i, t, w) for i, t, w in sections if w is not None and t not in SKIPPED_SECTIONS]
    if not candidates:
        return quiz
    correct = next((c["html"] for c in question.choices if c["letter"] == question.answer), "")
    asked = words(question.stem + " " + correct + " " + correct + " " + question.explanation)
    frequency = Counter(word for _, _, w in candidates for word in w)
    best, best_score = quiz, 0.0
    for section_id, title, section_words in candidates:
        shared = asked.keys() & section_words.keys()
        score = sum(math.log(1 + len(candidates) / frequency[word]) * min(asked[word], 3) for word in shared)
        score /= math.sqrt(1 + len(section_words))
        if score > best_score:
            best, best_score = (section_id, title), score
    return best


def words(html: str) -> Counter:
    """Words and the glossary terms linked (`#vpc`), lower-cased."""
    found = Counter(w.lower() for w in WORD.findall(plain(html)))
    found.update(f"#{term}" for term in re.findall(r'glossary/#([a-z0-9-]+)"', html))
    return found


def title_text(html: str) -> str:
    return plain(HEADERLINK.sub("", html)).strip()


def plain(html: str) -> str:
    return htmllib.unescape(TAG.sub(" ", html))


def strip_code_ids(html: str) -> str:
    return CODE_SPAN_ID.sub("<span>", CODE_LINE_ANCHOR.sub("", html))


def rebase_links(html: str, from_url: str, to_url: str, lang: str, config: MkDocsConfig) -> str:
    """Relative links written for the page at `from_url`, rewritten for a page at `to_url` of the
    same language (`to_url` is relative to the language's root)."""
    target_page = language_prefix(lang, default_language(config)) + to_url

    def rebase(match: re.Match) -> str:
        href = match[2]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("/", "mailto:")):
            return match[0]
        if href.startswith("#"):
            href = "/" + from_url + href
        else:
            href = urljoin("/" + from_url, href)
        path, _, fragment = href.lstrip("/").partition("#")
        rebased = get_relative_url(path or ".", target_page) if path else "."
        if path.endswith("/") and not rebased.endswith("/"):
            rebased += "/"
        return f'{match[1]}{rebased}{"#" + fragment if fragment else ""}"'

    return HREF.sub(rebase, html)


def source_line(path: Path, number: int) -> int:
    try:
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(f"**Q{number}.**"):
                return line_number
    except OSError:
        pass
    return 1


# -----------------------------------------------------------------------------
# The home page's module cards


CARD_LINK = re.compile(r'<a href="(?P<href>(?:\.\./)*modules/(?P<slug>\d\d-[a-z0-9-]+)/)">')


def question_counts(config: MkDocsConfig) -> dict[str, int]:
    """Questions of each module, counted in its Korean source (the English one has as many:
    tests/test_translations.py)."""
    counts = {}
    for path in sorted(Path(config.docs_dir, "modules").glob("*.md")):
        module = module_of(f"modules/{path.name}")
        if module and module.language is None:
            counts[module.slug] = len(re.findall(r"^\*\*Q\d+\.\*\*", path.read_text(encoding="utf-8"), re.M))
    return counts


def mark_module_cards(html: str, counts: dict[str, int]) -> str:
    def mark(match: re.Match) -> str:
        total = counts.get(match["slug"])
        if not total:
            return match[0]
        return f'<a href="{match["href"]}" data-study-module="{match["slug"]}" data-study-total="{total}">'

    return CARD_LINK.sub(mark, html)


# -----------------------------------------------------------------------------
# Downloads: flashcards, CSV, Anki


def render_downloads(page_url: str, lang: str, config: MkDocsConfig) -> str:
    text = TEXT.get(lang, TEXT["en"])
    prefix = language_prefix(lang, default_language(config))
    links = []
    for name, label in ((CSV_FILE, text["csv"]), (APKG_FILE, text["apkg"])):
        href = get_relative_url(f"{prefix}{STUDY_DIR}/{name.format(lang=lang)}", page_url)
        links.append(f'<a class="md-button" href="{href}" download>{label}</a>')
    return f'<p class="study-downloads">{" ".join(links)}</p>\n<p class="study-downloads__note">{text["note"]}</p>\n'


def flashcards(terms, lang: str, modules: list[dict]) -> dict:
    index = 0 if lang == glossary_data.KOREAN else 1
    return {
        "categories": {key: labels[index] for key, labels in glossary_data.CATEGORIES.items()},
        "modules": [{"number": m["number"], "title": m["title"]} for m in modules],
        "cards": [
            {"id": t.id, "term": t.title(lang), "other": t.other_title(lang), "definition": t.definition(lang),
             "category": t.category, "modules": t.modules}
            for t in terms
        ],
    }


def glossary_csv(terms, lang: str) -> bytes:
    """UTF-8 with a BOM, so spreadsheet apps read Korean right; one row per term."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if lang == glossary_data.KOREAN:
        writer.writerow(["id", "한국어", "English", "정의", "분류", "모듈"])
    else:
        writer.writerow(["id", "English", "Korean", "Definition", "Category", "Modules"])
    index = 0 if lang == glossary_data.KOREAN else 1
    for t in terms:
        writer.writerow([t.id, t.title(lang), t.other_title(lang), t.definition(lang),
                         glossary_data.CATEGORIES[t.category][index], " ".join(str(m) for m in t.modules)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def stable_id(name: str) -> int:
    """A fixed 31-bit id from a name: Anki's model and deck ids must not change between builds."""
    return int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) & 0x7FFFFFFF | (1 << 30)


def write_apkg(path: Path, terms, lang: str) -> None:
    try:
        import genanki
    except ImportError:
        raise PluginError("hooks/study.py: genanki is missing: install requirements.txt "
                          "(`.venv/bin/pip install -r requirements.txt`).") from None
    text = TEXT.get(lang, TEXT["en"])
    model = genanki.Model(
        stable_id("aws-architecting-notes:model:v1"),
        "AWS Architecting Notes term",
        fields=[{"name": "Term"}, {"name": "Definition"}],
        templates=[{
            "name": "Term → definition",
            "qfmt": '<div class="term">{{Term}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="definition">{{Definition}}</div>',
        }],
        css=".card { font-family: sans-serif; font-size: 20px; text-align: center; } .term { font-weight: bold; }",
    )
    deck = genanki.Deck(stable_id(f"aws-architecting-notes:deck:{lang}"), text["deck"])
    for t in terms:
        front = f"{htmllib.escape(t.title(lang))}<br><small>{htmllib.escape(t.other_title(lang))}</small>"
        deck.add_note(genanki.Note(model=model, fields=[front, htmllib.escape(t.definition(lang))],
                                   guid=genanki.guid_for("aws-architecting-notes", lang, t.id),
                                   tags=[t.category]))
    genanki.Package(deck).write_to_file(str(path))


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
