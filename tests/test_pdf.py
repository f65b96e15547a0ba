"""The PDF books (hooks/pdf.py), read back from the session's build with poppler and pypdf, and
checked against the HTML pages of the same build: links, pages, bookmarks, text, diagrams, fonts."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from support import MODULE_COUNT, ROOT, load_hook, parsed

A4_POINTS = (595.28, 841.89)
MAX_BOOK_BYTES = 10_000_000  # per book
SIDE_MARGIN = 28  # points (10 mm): text nearer the paper's edge than this was cut off or overflows
TOP_MARGIN = 57  # points (20 mm): what is above is the running header
LANGUAGES = {"ko": "", "en": "en/"}  # language -> where its pages are in the site


def compact(text: str) -> str:
    """Text without whitespace and hyphens: PDF text breaks lines (and diagram labels) where HTML
    does not, and `pdftotext` joins a word hyphenated at a line's end."""
    return re.sub(r"[\s-]+", "", text)


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install Debian's `poppler-utils` package (bash scripts/run.sh setup).")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def language_pages(site: Path, language: str) -> list[Path]:
    """The language's pages a reader opens (not the print page the book is made from)."""
    pages = sorted((site / LANGUAGES[language]).rglob("index.html"))
    if language == "ko":
        pages = [p for p in pages if "en" not in p.relative_to(site).parts[:1]]
    return [p for p in pages if "print_page" not in p.parts]


def module_pages(site: Path, language: str) -> list[Path]:
    return sorted((site / LANGUAGES[language] / "modules").glob("*/index.html"))


def heading(tag) -> str:
    """A heading's text as a reader sees it (without the permalink's ¶)."""
    return re.sub(r"\s+", " ", tag.get_text()).strip().rstrip("¶").strip()


def download_link(page: Path):
    links = parsed(page).select("a.md-content__button[href$='.pdf']")
    return links[0] if len(links) == 1 else None


def outline(reader: PdfReader) -> list[tuple[str, int, list]]:
    """Top-level bookmarks as (title, page number, children's titles)."""
    found, items = [], list(reader.outline)
    for index, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[index + 1] if index + 1 < len(items) and isinstance(items[index + 1], list) else []
        titles = [child.title for child in children if not isinstance(child, list)]
        found.append((item.title, reader.get_destination_page_number(item) + 1, titles))
    return found


@pytest.fixture(scope="module")
def books(book_site) -> dict[str, Path]:
    """Each language's book, found through the download link of its home page."""
    found = {}
    for language, folder in LANGUAGES.items():
        home = book_site / folder / "index.html"
        link = download_link(home)
        assert link is not None, f"{home} has no download link to a PDF book"
        found[language] = (home.parent / link["href"]).resolve()
    return found


@pytest.fixture(scope="module")
def readers(books) -> dict[str, PdfReader]:
    return {language: PdfReader(path) for language, path in books.items()}


@pytest.fixture(scope="module")
def page_texts(books) -> dict[str, list[str]]:
    """Each book's text, page by page, as `pdftotext` gives it back (in the order it is drawn, which
    keeps a diagram label's lines together)."""
    return {
        language: poppler("pdftotext", "-raw", "-enc", "UTF-8", str(path), "-").split("\f")
        for language, path in books.items()
    }


@pytest.fixture(scope="module")
def texts(page_texts) -> dict[str, str]:
    return {language: compact("".join(pages)) for language, pages in page_texts.items()}


@pytest.fixture(scope="module")
def words(books) -> dict[str, list[tuple[float, list[tuple[float, float, float, float, str]]]]]:
    """Each book's pages as (width, words), each word as (x min, y min, x max, y max, text); y grows
    downwards from the top of the paper."""
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
    found = {}
    for language, book in books.items():
        pages = poppler("pdftotext", "-bbox", "-enc", "UTF-8", str(book), "-").split("<page ")[1:]
        found[language] = [
            (
                float(re.match(r'width="([\d.]+)"', page)[1]),
                [(*map(float, w[:4]), html.unescape(w[4])) for w in word.findall(page)],
            )
            for page in pages
        ]
    return found


def test_every_page_links_its_language_book(book_site, books):
    site = book_site
    for language, book in books.items():
        pages = language_pages(site, language)
        assert len(pages) >= MODULE_COUNT + 2, f"{language}: only {len(pages)} pages"
        for page in pages:
            link = download_link(page)
            assert link is not None, f"{page}: no (single) link to the PDF book"
            target = (page.parent / link["href"]).resolve()
            assert target == book, f"{page}: links {target}, not the {language} book {book}"
            assert link.has_attr("download") and link.get("aria-label"), page
    assert books["ko"] != books["en"]
    for book in books.values():
        assert book.parent == (site / "pdf").resolve()
        assert book.read_bytes()[:5] == b"%PDF-"


def test_books_are_a4_tagged_and_of_sensible_length(books, readers):
    for language, reader in readers.items():
        count = len(reader.pages)
        assert MODULE_COUNT + 3 <= count <= 60 * (MODULE_COUNT + 1), f"{language}: {count} pages"
        for number, page in enumerate(reader.pages, 1):
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert width <= A4_POINTS[0] + 0.5 and height <= A4_POINTS[1] + 0.5, f"{language} p.{number}: {width}x{height}"
        info = poppler("pdfinfo", str(books[language]))
        assert re.search(r"^Tagged:\s+yes", info, re.M), f"{language}: not a tagged PDF"
        assert reader.trailer["/Root"].get("/Lang") == language


def test_books_are_small_enough(books):
    for language, book in books.items():
        size = book.stat().st_size
        assert size < MAX_BOOK_BYTES, f"{language}: {size / 1e6:.1f} MB, more than {MAX_BOOK_BYTES / 1e6:.0f} MB"


def test_bookmarks_for_every_module_and_its_sections(site, readers):
    for language, reader in readers.items():
        bookmarks = outline(reader)
        titles = [title for title, _, _ in bookmarks]
        modules = module_pages(site, language)
        assert len(modules) == MODULE_COUNT
        positions = []
        for module in modules:
            page = parsed(module)
            title = heading(page.select_one("article h1"))
            assert title in titles, f"{language}: no bookmark for {title!r}"
            _, _, children = bookmarks[titles.index(title)]
            for h2 in page.select("article h2"):
                section = heading(h2)
                assert section in children, f"{language}: no bookmark for {title} › {section}"
            positions.append(titles.index(title))
        assert positions == sorted(positions), f"{language}: modules out of order"
        glossary = parsed(site / LANGUAGES[language] / "glossary" / "index.html").select_one("article h1")
        glossary_title = heading(glossary)
        assert titles.index(glossary_title) > positions[-1], f"{language}: the glossary should follow the modules"


def test_each_module_starts_a_page_under_its_running_header(site, readers, words):
    for language, reader in readers.items():
        pages = words[language]
        for number, (_, page) in enumerate(pages[1:], 2):
            footer = max(page, key=lambda word: word[1])
            assert footer[4] == str(number), f"{language} p.{number}: the last line is {footer[4]!r}, not the page number"
        modules = [heading(parsed(m).select_one("article h1")) for m in module_pages(site, language)]
        starts = {title: page for title, page, _ in outline(reader) if title in modules}
        for title in modules:
            first = starts[title]
            destination = next(i for i in reader.outline if not isinstance(i, list) and i.title == title)
            assert float(destination.top) > A4_POINTS[1] - 120, f"{language}: {title} does not start at the top of p.{first}"
            following = [p for p in starts.values() if p > first]
            last = min(following) - 1 if following else first
            for number in range(first, last + 1):
                # The running header: the words above the page's top margin.
                header = "".join(word[4] for word in pages[number - 1][1] if word[3] < TOP_MARGIN)
                assert compact(title) in compact(header), f"{language} p.{number}: header {header!r}, not {title!r}"


def test_text_is_searchable(site, texts):
    assert re.search(r"[가-힣]{20}", texts["ko"]), "the Korean book gives back no Korean text"
    for language, text in texts.items():
        for module in module_pages(site, language):
            article = parsed(module).select_one("article")
            title = heading(article.select_one("h1"))
            assert compact(title) in text, f"{language}: {title!r} not in the book's text"
            paragraph = compact(article.select_one(":scope > p").get_text())[:40]
            assert paragraph in text, f"{language}: {module.parent.name}'s first paragraph not in the book's text"


def diagram_labels(page: Path) -> list[str]:
    """Quoted labels of the page's Mermaid diagrams, one line each (`<br/>` splits)."""
    labels = []
    for pre in parsed(page).select("pre.mermaid"):
        for quoted in re.findall(r'"([^"\n]+)"', pre.get_text()):
            for line in re.split(r"<br\s*/?>", html.unescape(quoted)):
                line = line.strip()
                if len(compact(line)) >= 4 and not re.search(r"[`*<>#&\\]", line):
                    labels.append(line)
    return labels


def test_diagram_labels_are_text_in_the_book(site, texts):
    for language, text in texts.items():
        checked = 0
        for page in language_pages(site, language):
            # The three longest labels of each page's diagrams: the ones most likely to be cut.
            for label in sorted(set(diagram_labels(page)), key=len, reverse=True)[:3]:
                assert compact(label) in text, f"{language}: diagram label {label!r} ({page.parent.name}) not in the book"
                checked += 1
        assert checked >= MODULE_COUNT, f"{language}: only {checked} diagram labels to check"


def test_quiz_answers_are_printed(site, texts):
    for language, text in texts.items():
        answers = [
            details
            for module in module_pages(site, language)
            for details in parsed(module).select("details.question")
        ]
        assert len(answers) >= 5 * MODULE_COUNT, f"{language}: only {len(answers)} quiz answers in the pages"
        for details in answers:
            answer = compact("".join(p.get_text() for p in details.find_all("p")))[:50]
            assert answer in text, f"{language}: quiz answer {answer!r} not in the book"


def test_fonts_are_embedded_truetype_not_type3(books):
    for language, book in books.items():
        rows = poppler("pdffonts", str(book)).splitlines()[2:]
        assert rows, f"{language}: no fonts"
        assert not [row for row in rows if "Type 3" in row], f"{language}: Type 3 fonts:\n" + "\n".join(rows)
        unembedded = [row for row in rows if row.split()[-5] != "yes"]
        assert not unembedded, f"{language}: fonts not embedded:\n" + "\n".join(unembedded)
        assert any("NotoSansKR" in row and "CID TrueType" in row for row in rows), f"{language}: body font is not Noto Sans KR"


def test_internal_links_jump_inside_and_external_links_stay(site, readers):
    for language, reader in readers.items():
        destinations = {str(name).lstrip("/") for name in reader.named_destinations}
        internal, external = 0, set()
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if annotation.get("/Subtype") != "/Link":
                    continue
                action = annotation.get("/A") or {}
                if "/Dest" in annotation:
                    assert str(annotation["/Dest"]).lstrip("/") in destinations
                    internal += 1
                elif action.get("/S") == "/URI":
                    external.add(str(action["/URI"]))
        term_links = sum(len(parsed(m).select("a.glossary-term")) for m in module_pages(site, language))
        assert internal >= term_links + MODULE_COUNT, f"{language}: {internal} internal links in the book"
        for module in module_pages(site, language):
            for link in parsed(module).select("article a[href^='https://']"):
                assert link["href"] in external, f"{language}: {link['href']} ({module.parent.name}) is not a link in the book"


def test_nothing_runs_off_the_paper(words):
    """Every word lies inside the paper, 10 mm from its sides: wide tables and code wrap."""
    for language, pages in words.items():
        for number, (width, page) in enumerate(pages, 1):
            for x_min, _, x_max, _, text in page:
                assert SIDE_MARGIN <= x_min and x_max <= width - SIDE_MARGIN, (
                    f"{language} p.{number}: {text!r} at x {x_min}–{x_max} of {width}"
                )


def test_print_pages_have_no_site_chrome_and_no_broken_anchors(site):
    for folder in LANGUAGES.values():
        page = parsed(site / folder / "print_page" / "index.html")
        chrome = page.select(".md-header, .md-sidebar, .md-footer, .md-search, .md-select, .md-tooltip, .md-top, .md-nav")
        assert chrome == [], f"{folder}print_page: site chrome {[c.get('class') for c in chrome[:3]]}"
        assert page.select("details:not([open])") == []
        ids = {element["id"] for element in page.select("[id]")}
        broken = [a["href"] for a in page.select("a[href^='#']") if a["href"][1:] not in ids]
        assert broken == [], f"{folder}print_page: links to missing anchors {broken[:5]}"
        for resource in page.select("link[href], script[src]"):
            url = resource.get("href") or resource.get("src")
            assert not re.match(r"(https?:)?//", url), f"{folder}print_page loads {url} from another host"


def first_page_with(pages: list[str], text: str, after: int = 0) -> int:
    """Number of the first page (after page `after`) whose text holds `text`."""
    return next(n for n, page in enumerate(pages, 1) if n > after and compact(text) in compact(page))


def first_row(table) -> str:
    """The first two cells of a table's first body row, as they print one after the other: a section
    title in the contents may equal one cell, not both."""
    return "".join(td.get_text() for td in table.select_one("tbody tr").select("td")[:2])


def test_pages_for_review(site, books, page_texts):
    """The cover, the contents, the largest table, a diagram, a quiz and its answers, as PNG in
    test-output/pdf/ for a person to look at."""
    folder = ROOT / "test-output" / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    for language, book in books.items():
        pages = page_texts[language]
        modules = module_pages(site, language)
        tables = [table for module in modules for table in parsed(module).select("article table")]
        largest = max(tables, key=lambda table: len(table.select("td")))
        # The longest label of a module's diagrams: a short one (`Internet`) also stands in prose.
        diagram = max(diagram_labels(modules[2]), key=len)
        quiz = parsed(modules[2]).select_one("details.question")
        question = quiz.find_previous(lambda tag: tag.name == "p" and tag.strong and tag.strong.get_text().startswith("Q"))
        answer = compact("".join(p.get_text() for p in quiz.find_all("p")))[:50]
        quiz_page = first_page_with(pages, question.get_text()[:40])
        wanted = {
            "cover": 1,
            "contents": 2,
            "table": first_page_with(pages, first_row(largest), after=2),
            "diagram": first_page_with(pages, diagram, after=2),
            "quiz": quiz_page,
            "answers": first_page_with(pages, answer, after=quiz_page),
        }
        for name, number in wanted.items():
            target = folder / f"{language}-{name}"
            poppler("pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(number), "-l", str(number), str(book), str(target))
            assert target.with_suffix(".png").stat().st_size > 10_000, f"{target}.png looks empty"


# -----------------------------------------------------------------------------
# The hook's own behaviour


@pytest.fixture
def hook():
    yield load_hook("pdf")


def test_without_export_the_link_opens_the_print_page(hook, site, monkeypatch):
    """`mkdocs serve` skips the books; its download link must still lead somewhere."""
    monkeypatch.delenv("PDF_EXPORT", raising=False)
    hook.on_startup(command="serve", dirty=False)
    assert not hook.exporting()
    for language, folder in LANGUAGES.items():
        home = SimpleNamespace(url=folder, file=SimpleNamespace(src_uri=f"index.{language}.md"))
        config = SimpleNamespace(
            theme={"language": language}, site_name="", site_description="", copyright="", site_author="", site_url=""
        )
        hook.on_nav(SimpleNamespace(pages=[home]), config=config, files=None)
        for page in language_pages(site, language):
            url = page.parent.relative_to(site).as_posix().removeprefix(".") + "/"
            url = "" if url == "/" else url
            context = hook.on_page_context({}, page=SimpleNamespace(url=url), config=config, nav=None)
            target = page.parent / context["pdf_book"]["url"] / "index.html"
            assert target.resolve() == (site / folder / "print_page" / "index.html").resolve(), page
            assert target.exists() and not context["pdf_book"]["pdf"]


@pytest.mark.slow
def test_an_unchanged_rebuild_copies_the_books_from_the_cache(book_site, books, tmp_path):
    """The session's build printed the books into the cache; a second build of the same sources
    must copy them, byte for byte, instead of printing them again."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PDF_EXPORT="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert log.count("unchanged: copied") == len(books), log[-3000:]
    for path in books.values():
        assert (tmp_path / "site" / path.relative_to(book_site)).read_bytes() == path.read_bytes()
