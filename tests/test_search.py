"""Search: one index per language, glossary names as hidden fields, and a representative subset of
the query set (tests/search_queries.py) typed into the real site in Chromium. The full set, with
recall and timing, is scripts/bench_search.py."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import yaml

from search_queries import QUERIES, SAMPLE
from support import RESULTS, ROOT, SearchBox, load_hook, parsed

search = load_hook("search")
languages = load_hook("languages")
from glossary_data import Term  # noqa: E402 (hooks/, on sys.path through tests/support.py)

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def index(site, lang):
    return json.loads((site / ("" if lang == "ko" else f"{lang}/") / "search" / "search_index.json").read_text("utf-8"))


def entry(site, lang, location):
    return next(d for d in index(site, lang)["docs"] if d["location"] == location)


# -----------------------------------------------------------------------------
# The query set


def test_query_set_is_large_and_each_query_is_asked_once_per_language():
    counts = Counter(q.lang for q in QUERIES)
    assert counts["ko"] >= 80 and counts["en"] >= 50, counts
    repeated = [k for k, n in Counter((q.lang, q.text) for q in QUERIES).items() if n > 1]
    assert not repeated
    kinds = {q.kind for q in QUERIES if q.lang == "ko"}
    assert {"term", "nospace", "partial", "english", "acronym", "mixed", "topic"} <= kinds


def test_every_target_exists():
    ids = {r["id"] for r in yaml.safe_load((ROOT / "data" / "glossary.yml").read_text("utf-8"))}
    for q in QUERIES:
        if q.target.startswith("glossary/#"):
            assert q.target.removeprefix("glossary/#") in ids, f"{q}: no such glossary term"
        else:
            slug = q.target.removeprefix("modules/").rstrip("/")
            assert (ROOT / "docs" / "modules" / f"{slug}.md").exists(), f"{q}: no such page"


# -----------------------------------------------------------------------------
# The hook's pieces


def test_a_merged_index_splits_by_language_with_locations_from_each_home():
    merged = {"config": {"lang": ["ko", "en"]}, "docs": [
        {"location": "", "title": "홈", "text": ""},
        {"location": "glossary/#vpc", "title": "Amazon VPC", "text": ""},
        {"location": "en/", "title": "Home", "text": ""},
        {"location": "en/glossary/#vpc", "title": "Amazon VPC", "text": ""},
    ]}
    split = languages.split_index(merged, ["ko", "en"])
    assert [d["location"] for d in split["ko"]["docs"]] == ["", "glossary/#vpc"]
    assert [d["location"] for d in split["en"]["docs"]] == ["", "glossary/#vpc"]
    assert split["ko"]["config"]["lang"] == ["ko"] and split["en"]["config"]["lang"] == ["en"]


@pytest.mark.parametrize("base, rebased", [("../../..", "../../../en/"), ("..", "../en/"), (".", "./en/"), ("/", "/en/"),
                                           ("/notes/", "/notes/en/")])
def test_english_pages_point_search_at_the_english_home(base, rebased):
    html = f'<script id="__config" type="application/json">{{"annotate": null, "base": "{base}", "x": 1}}</script>'
    assert f'"base": "{rebased}"' in languages.point_search_home(html, "en", "ko")
    assert languages.point_search_home(html, "ko", "ko") == html


def test_glossary_fields_hold_names_spacing_variants_and_plurals(site):
    separator = re.compile(index(site, "ko")["config"]["separator"])
    keys, names, runs = search.fields(["보안 그룹", "Security group", "SG", "보안그룹"], separator)
    assert keys.split() == ["sg"] * 3
    assert set(names.split()) == {"보안", "그룹", "security", "group", "groups"}
    assert runs.split() == ["보안그룹"] * 3  # the data spells it so: as strong as a one-word name
    _, _, runs = search.fields(["S3 수명 주기 정책", "S3 수명 주기"], separator)
    assert runs.split() == ["수명주기정책"]  # `수명주기` is a prefix of it: a query finds both
    _, names, _ = search.fields(["퍼블릭 IP 주소", "퍼블릭 IPv4 주소"], separator)
    assert "ip" in names.split() and "ipv4" not in names.split()


def test_english_fields_hold_latin_names_only():
    term = Term(id="security-group", ko="보안 그룹", en="Security group", aka=["SG", "보안그룹"], category="networking",
                modules=[3], short="", short_en="", related=[], link="https://docs.aws.amazon.com/")
    assert term.names("en") == ["Security group", "SG"]
    assert term.names("ko") == ["보안 그룹", "Security group", "SG", "보안그룹"]


# -----------------------------------------------------------------------------
# The built site


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_language_has_an_index_of_its_own_pages(site, lang):
    data = index(site, lang)
    assert data["config"]["lang"] == [lang]
    locations = [d["location"] for d in data["docs"]]
    assert not [loc for loc in locations if loc.startswith("en/")]
    assert {"", "glossary/", "modules/03-networking-1/"} <= set(locations)
    titles = " ".join(d["title"] for d in data["docs"])
    assert bool(HANGUL.search(titles)) == (lang == "ko")


def test_english_pages_fetch_the_english_index(site):
    def base(path):
        script = parsed(path).find("script", id="__config")
        return json.loads(script.string)["base"]

    assert base(site / "modules/03-networking-1/index.html") == "../.."
    assert base(site / "en/modules/03-networking-1/index.html") == "../../../en/"
    assert base(site / "en/index.html") == "../en/"
    assert base(site / "en/404.html").endswith("/en/")


def test_glossary_entries_are_sections_with_hidden_name_fields(site):
    ko = entry(site, "ko", "glossary/#security-group")
    assert ko["title"] == "보안 그룹"
    assert "sg" in ko["keys"].split() and "보안그룹" in ko["runs"].split()
    assert {"security", "group"} <= set(ko["names"].split())
    en = entry(site, "en", "glossary/#security-group")
    assert en["title"] == "Security group" and "sg" in en["keys"].split()
    assert not HANGUL.search(en["keys"] + en["names"] + en["runs"])
    # The definition is searched; the official link, related terms and backlinks label are not.
    assert "https://" not in ko["text"] and "공식 문서" not in ko["text"] and "등장하는 곳" not in ko["text"]


def test_common_terms_weigh_more_than_rare_ones(site):
    assert entry(site, "ko", "glossary/#vpc")["boost"] > entry(site, "ko", "glossary/#vpc-peering")["boost"]


# -----------------------------------------------------------------------------
# In the browser: what a reader gets


@pytest.fixture(scope="module")
def boxes(browser, base_url):
    opened = {lang: SearchBox(browser, base_url, lang) for lang in ("ko", "en")}
    yield opened
    for box in opened.values():
        box.close()


SAMPLED = [q for q in QUERIES if q.text in SAMPLE[q.lang]]


@pytest.mark.parametrize("query", SAMPLED, ids=[f"{q.lang}:{q.text}" for q in SAMPLED])
def test_sampled_query_lands_where_expected(boxes, query):
    results = boxes[query.lang].search(query.text)
    expected = 1 if query.first else 5
    candidates = results.ranked if "#" in query.target else results.pages
    assert query.target in candidates[:expected], (
        f"{query.text!r} should put {query.target} at rank {expected} or better; got {results.ranked[:5]}"
    )


@pytest.mark.parametrize("lang, query", [("ko", "VPC"), ("ko", "security group"), ("en", "VPC"), ("en", "보안 그룹")])
def test_results_are_in_the_readers_language_only(boxes, lang, query):
    box = boxes[lang]
    box.type(query)
    hrefs = [href for item in box.page.evaluate(RESULTS) for href, _ in item]
    english = [h for h in hrefs if "/en/" in h]
    assert (not english) if lang == "ko" else (english == hrefs), hrefs[:5]
    assert not box.external


def test_sampled_queries_cover_every_kind():
    assert {q.kind for q in SAMPLED} >= {"term", "nospace", "partial", "english", "acronym", "mixed", "topic", "variant"}
    assert len(SAMPLED) == sum(len(v) for v in SAMPLE.values()), "a SAMPLE query is not in QUERIES"
