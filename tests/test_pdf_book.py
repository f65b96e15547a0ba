"""The PDF book's assembly (hooks/pdf_book.py) and printer checks (hooks/pdf_print.py) on small HTML
strings: milliseconds, no browser, no book."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

import support  # noqa: F401 (puts hooks/ on sys.path)
import pdf_book  # noqa: E402 (hooks/pdf_book.py)
import pdf_print  # noqa: E402 (hooks/pdf_print.py)

TEXT = pdf_book.TEXT["en"]
ARTICLE = pdf_book.ARTICLE_START


def page(url, src_uri, title, body, toc=(), meta=None):
    return SimpleNamespace(url=url, title=title, file=SimpleNamespace(src_uri=src_uri), toc=list(toc), body=body,
                           meta=meta or {})


def written(p, head="") -> str:
    return f"<html><head>{head}</head><body>{ARTICLE}{p.body}</article></body></html>"


def toc_item(id, title, level=2):
    return SimpleNamespace(id=id, title=title, level=level, children=[])


QUIZ = (
    '<p><strong>Q1.</strong> Which one?</p><ul><li>A. this</li><li>B. that</li></ul>'
    '<details class="question"><summary>Answer and explanation</summary><p><strong>Answer: A</strong>. Because.</p></details>'
)


def test_answers_move_to_the_end_of_their_module_and_link_both_ways():
    body, answers = pdf_book.gather_answers(f"<h2 id='q'>Self-check</h2>{QUIZ}", "modules-03", TEXT)
    assert "<details" not in body and "Because" not in body
    assert 'id="modules-03--question-1"' in body and 'href="#modules-03--answer-1"' in body
    assert answers.startswith('<section class="book-answers"><h2 id="modules-03--answers">Self-check answers</h2>')
    assert 'id="modules-03--answer-1"' in answers and 'href="#modules-03--question-1"' in answers
    assert "Q1 · p. " in answers and "Because." in answers


def test_a_page_without_questions_gets_no_answer_section():
    assert pdf_book.gather_answers("<p>No quiz.</p>", "glossary", TEXT) == ("<p>No quiz.</p>", "")


def test_ids_are_unique_across_the_book_and_links_jump_inside_it():
    one = page("modules/01-a/", "modules/01-a.md", "One", '<h2 id="intro">Intro</h2><a href="../02-b/#intro">b</a>')
    two = page("modules/02-b/", "modules/02-b.md", "Two", '<h2 id="intro">Intro</h2><a href="../01-a/">a</a>')
    keys = {"modules/01-a/": "modules-01-a", "modules/02-b/": "modules-02-b"}
    ids = pdf_book.book_ids([one, two], {p.url: p.body for p in (one, two)}, keys)
    assert ids == {("modules/01-a/", "intro"): "modules-01-a-1", ("modules/02-b/", "intro"): "modules-02-b-1"}
    body = pdf_book.rewrite_links(one.body, one.url, keys, ids, "print_page/", "https://notes.test/")
    assert 'id="modules-01-a-1"' in body and 'href="#modules-02-b-1"' in body
    body = pdf_book.rewrite_links(two.body, two.url, keys, ids, "print_page/", "https://notes.test/")
    assert 'href="#modules-01-a"' in body


def test_links_outside_the_book_point_at_the_online_edition_and_images_stay_local():
    body = '<a href="../../404.html#x">x</a><img src="../../assets/pic.svg"><a href="https://aws.amazon.com/">aws</a>'
    out = pdf_book.rewrite_links(body, "modules/01-a/", {}, {}, "print_page/", "https://notes.test/")
    assert 'href="https://notes.test/404.html#x"' in out
    assert 'src="../assets/pic.svg"' in out
    assert 'href="https://aws.amazon.com/"' in out
    served = pdf_book.rewrite_links(body, "modules/01-a/", {}, {}, "print_page/", "http://127.0.0.1:8000/")
    assert 'href="../404.html#x"' in served  # `mkdocs serve` has no online edition


def test_the_print_page_has_cover_contents_chapters_and_running_headers():
    home = page("", "index.md", "Home", "<p>home</p>")
    one = page("modules/01-a/", "modules/01-a.md", "Module 01 · A", f'<h1 id="m">M</h1><h2 id="s">Section</h2>{QUIZ}',
               toc=[SimpleNamespace(id="m", title="M", level=1, children=[toc_item("s", "Section")])])
    app = page("study/exam/", "study/exam.md", "Exam", "<p>an app</p>", meta={"book": False})
    book = pdf_book.Book("en", SimpleNamespace(pages=[home, one, app]), "Notes", "Sub", "©", "me", "https://notes.test/")
    html = pdf_book.render_print_page(
        book, {p.url: written(p, '<link rel="stylesheet" href="assets/main.css">') for p in (home, one, app)},
        datetime(2026, 12, 2, tzinfo=timezone.utc),
    )
    assert "edition of 2026-12-02" in html and "https://notes.test/" in html
    assert '<section class="book-chapter" id="modules-01-a" style="page: chapter-1">' in html
    assert '@page chapter-1 { @top-left { content: "Module 01 · A"; } }' in html
    assert 'href="#modules-01-a-2"' in html and 'data-page-of="modules-01-a--answers"' in html
    assert '<link rel="stylesheet" href="../assets/main.css">' in html
    assert "<p>home</p>" not in html  # the cover stands in for the home page
    assert "an app" not in html  # `book: false`
    assert "dataset.book = \"ready\"" in html  # the in-page script, from hooks/pdf_book.js


def test_markup_that_does_not_match_names_the_page_and_what_was_expected():
    with pytest.raises(PluginError, match=r"docs/modules/01-a\.md has no .*md-content__inner"):
        pdf_book.article("<html><main>no article</main></html>", "modules/01-a.md")


def test_no_home_page_is_a_clear_error():
    with pytest.raises(PluginError, match="no home page"):
        pdf_book.home_page(SimpleNamespace(pages=[page("x/", "x.md", "X", "")]))


def test_missing_chromium_names_the_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_print, "CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(PluginError, match=r"Debian's `chromium` package"):
        pdf_print.check_printer()


def test_the_cache_key_changes_with_what_goes_into_the_book(tmp_path: Path):
    site = tmp_path
    (site / "assets/vendor/font").mkdir(parents=True)
    (site / "assets/vendor/font/a.woff2").write_bytes(b"font")
    (site / "print.css").write_text("body{}")
    html = '<link rel="stylesheet" href="../print.css"><main>book <a href="../deck.apkg">deck</a></main>'
    key = pdf_print.book_key(site, html)
    assert key == pdf_print.book_key(site, html)
    (site / "deck.apkg").write_bytes(b"a file the book links to, not one it loads")
    assert key == pdf_print.book_key(site, html)
    assert key != pdf_print.book_key(site, html.replace("book", "b00k"))
    (site / "print.css").write_text("body{color:red}")
    changed_css = pdf_print.book_key(site, html)
    assert changed_css != key
    (site / "assets/vendor/font/a.woff2").write_bytes(b"other font")
    assert pdf_print.book_key(site, html) != changed_css
