"""A glossary term found by any of its names, however it is spaced or spelt; code as it is typed.

- Glossary entries (`glossary/#id`, one section each) get three fields that Material indexes with
  the boosts set in `plugins.search.fields` but never shows: `keys` (one-word names: `SG`, `리전`),
  `names` (the words of longer names, and English plurals) and `runs` (Korean names without their
  spaces: `보안그룹`, `수명주기정책`). English entries get the Latin names only; Korean ones also the
  spellings readers type that the pages never write (`typed_spellings`: the glossary's `typed`
  transliterations, `쿠베르네티스`, and acronyms read aloud, `이에프에스`). An entry's boost grows
  gently with the number of sections that use the term, so when names share a beginning the
  common term comes first (`VPC` before `VPC 피어링`, `보안 그룹` before `보안 그룹 체이닝`).
- Every other section (module pages, the home page) gets two hidden fields naming the glossary
  terms it contains the way readers may type them and the text does not: each name run together
  (`보안그룹`, `securitygroup`), each one-word name (transliterations such as `람다`, acronyms,
  English names) and the typed spellings. `heads` holds the terms of the section's heading,
  `mentions` those its text uses at least `MENTIONS` times; their boosts in
  `plugins.search.fields` keep a glossary entry first and the section that teaches a term above
  the pages that merely mention it. A particle after a compound (`보안그룹은`) and a misspelt word
  are the query's business: `docs/javascripts/search-query.js`, which this hook adds to every page,
  adds the word without its particle and the word at an edit distance (`보안그릅~1`).
- `codes`: the code a section shows, run together behind a mark (`add_code_fields`); the query
  script adds the same form of a query that looks like code.
- Web addresses leave the indexed text: their parts (`userguide`) matched real queries (`user`).

Material's search matches each query word as a prefix (`가용영역` finds `가용영역은`), splits words
with `plugins.search.separator` (set in mkdocs.yml), and ranks by lunr's BM25 score times these
boosts. `python scripts/bench_search.py` measures it (tests/search_queries.py, tests/queries/).

The fields of an index are kept in `.cache/search/` by the hash of the index Material wrote, the
names and this code (common.cached): an unchanged rebuild reads them back.

Coupling: docs/javascripts/search-query.js (added by `on_config`) widens each query (typos,
particles, code: `CODE_MARK` and `LONGEST_CODE` are written in both files, a test compares them) before Material's worker searches it, so a build without this hook (the benchmark's
baseline) has neither the fields nor the widening; hooks/languages.py splits mkdocs-static-i18n's merged index into one index per language
(`search/search_index.json`, `en/search/search_index.json`); this hook's `on_post_build` runs after
that one's and adds its fields to each. The names come from `glossary_data`.

Events: on_config, on_post_build (outermost).
"""

from __future__ import annotations

import bisect
import hashlib
import html
import json
import logging
import re
import statistics
import time
from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

import glossary_data
from common import cache_dir, cached, is_outermost_build, language_prefix, languages

log = logging.getLogger("mkdocs.hooks.search")

INDEX = "search/search_index.json"
GLOSSARY_PAGE = "glossary/"
# An entry's boost: ((1 + sections using the term) / (1 + the median entry's)) ** PRIOR.
PRIOR = 0.2
# A short one-word name (`SG`, `VPC`, `리전`) counts three times in `keys`.
EXACT_REPEAT = 3
SHORT = 4
# Words that start most service names (`AWS`, `Amazon`): no help in telling terms apart.
NOISE = {"aws", "amazon"}

HANGUL = glossary_data.HANGUL
LATIN = re.compile(r"[A-Za-z0-9]")
TAGS = re.compile(r"<[^>]+>")
URL = re.compile(r"https?://[^\s<]+")
HANGUL_SPACE = re.compile(r"(?<=[\uac00-\ud7a3]) (?=[\uac00-\ud7a3])")
LATIN_WORDS = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)+$")
# A term in a section's text gets `mentions` when the text uses it this often: the section
# talks about it rather than in passing (and the index stays small).
MENTIONS = 1
# Longer English names run together (`classlessinterdomainrouting`) are typed by nobody.
LATIN_RUN_WORDS = 3


QUERY_SCRIPT = "javascripts/search-query.js"
CODE_MARK = "zq"  # docs/javascripts/search-query.js marks a query's code the same way


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if QUERY_SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(QUERY_SCRIPT)  # loaded as every script is (overrides/main.html)
    return config


# After hooks/languages.py (-140) has written an index per language.
@event_priority(-150)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not is_outermost_build(config):
        return
    site, langs = Path(config.site_dir), languages(config)
    if not (site / INDEX).exists():
        return  # search is off
    started = time.perf_counter()
    terms = glossary_data.terms(config)
    code = Path(__file__).read_text(encoding="utf-8")
    for lang in langs:
        path = site / language_prefix(lang, langs[0]) / INDEX
        plain = path.read_text(encoding="utf-8")
        names = {t.id: t.names(lang) for t in terms}
        spellings = {t.id: typed_spellings(t, lang) for t in terms}
        # The same index, names and code give the same fields: an unchanged rebuild reuses them.
        key = hashlib.sha256(json.dumps([plain, names, spellings, code], ensure_ascii=False).encode()).hexdigest()[:20]
        fill = partial(with_fields, plain, names, spellings)
        path.write_bytes(cached(cache_dir(config, "search"), f"index-{lang}", key, fill))
    log.info(f"search: glossary and section fields in {len(langs)} indexes in {time.perf_counter() - started:.2f} s")


def with_fields(index_json: str, names: dict[str, list[str]], spellings: dict[str, list[str]]) -> bytes:
    """The index with its hidden fields (see the module docstring), as Material reads it."""
    index = json.loads(index_json)
    separator = re.compile(index["config"]["separator"])  # Python reads Material's pattern as JavaScript does
    add_code_fields(index["docs"])  # before the addresses leave the text: `curl http://169.254.169.254/…` is code
    strip_urls(index["docs"])
    add_glossary_fields(index["docs"], names, spellings, separator)
    add_section_fields(index["docs"], names, spellings, separator)
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode()


# Hangul names of the Latin letters and digits, as an acronym is read aloud (`EFS` -> `이에프에스`).
LETTERS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "에이 비 씨 디 이 에프 지 에이치 아이 제이 케이 엘 엠 엔 오 피 큐 알 에스 티 유 브이 더블유 엑스 와이 지".split()))
DIGITS = dict(zip("0123456789", "제로 원 투 쓰리 포 파이브 식스 세븐 에잇 나인".split()))
ACRONYM = re.compile(r"^(?=.*[A-Z])[A-Z0-9]{2,5}$")


def typed_spellings(term: glossary_data.Term, lang: str) -> list[str]:
    """Spellings readers type that the pages do not write, on Korean pages: the term's `typed`
    transliterations (`쿠베르네티스`) and its acronyms read aloud in Hangul (`이에프에스`,
    `이씨투`)."""
    if lang != glossary_data.KOREAN:
        return []
    spelled = [
        "".join(LETTERS.get(c) or DIGITS[c] for c in name)
        for name in [term.en, *term.aka] if ACRONYM.match(name)
    ]
    return list(dict.fromkeys([*term.typed, *spelled]))


def strip_urls(docs: list[dict]) -> None:
    """Addresses are no words to search for, and their parts (`userguide`) match real queries (`user`)."""
    for doc in docs:
        doc["text"] = URL.sub("", doc["text"])


# -----------------------------------------------------------------------------
# Glossary entries


def add_glossary_fields(docs: list[dict], terms: dict[str, list[str]], spellings: dict[str, list[str]],
                        separator: re.Pattern) -> None:
    """Each glossary entry's hidden fields and boost (see the module docstring), from the names of
    each term that a reader of the index's language may meet (`Term.names`) or type (`spellings`)."""
    entries = {}
    for doc in docs:
        page, _, term_id = doc["location"].partition("#")
        if page == GLOSSARY_PAGE and term_id in terms:
            entries[term_id] = doc
    names = {term_id: terms[term_id] for term_id in entries}
    mentions = count_mentions([d for d in docs if not d["location"].startswith(GLOSSARY_PAGE)], names, separator)
    median = statistics.median(mentions.values()) if mentions else 0
    for term_id, doc in entries.items():
        doc["keys"], doc["names"], doc["runs"] = fields(names[term_id] + spellings.get(term_id, []), separator)
        # On top of a `search: boost` the glossary page may set in its front matter.
        doc["boost"] = round(doc.get("boost", 1) * ((1 + mentions[term_id]) / (1 + median)) ** PRIOR, 3)


def fields(names: list[str], separator: re.Pattern) -> tuple[str, str, str]:
    """The three hidden fields of a glossary entry, from its names.

    `keys`: its one-word names (`SG`, `리전`, `DynamoDB`); a short one three times, since a query
    equal to it is most likely after this term and not after one whose name merely starts so.
    `names`: the words of its longer names, each once, and the English plural of the last word
    (`tables`); a word another one starts with counts once (`ip` stays, `ipv4` goes).
    `runs`: the Korean words of a name run together (`보안그룹`, `수명주기정책`, and `route53`
    where the data spells it so) for queries typed without spaces; three times where the data has
    that spelling; a run another run starts with is left out.
    """
    spaced = [words(name, separator).split() for name in names]
    single = list(dict.fromkeys(ws[0] for ws in spaced if len(ws) == 1))
    multi = list(dict.fromkeys(w for ws in spaced if len(ws) > 1 for w in ws))
    runs = {run for ws in spaced for run in HANGUL_SPACE.sub("", " ".join(ws)).split() if run not in ws}
    runs |= {latin_run(ws) for ws in spaced if latin_run(ws)}
    spelled = {w for w in single if w in {"".join(ws) for ws in spaced if len(ws) > 1}}
    runs |= spelled
    exact = [w for w in single if w not in spelled]
    other = [w for w in multi if w not in NOISE and w not in exact]
    other = [w for w in other if not any(o != w and w.startswith(o) for o in other + exact)]
    other += [p for p in dict.fromkeys(plural(ws[-1]) for ws in spaced) if p and p not in other + exact]
    runs = {r for r in runs - set(other) - set(exact) if not any(o != r and o.startswith(r) for o in runs)}
    return (
        " ".join(" ".join([w] * (EXACT_REPEAT if len(w) <= SHORT else 1)) for w in exact),
        " ".join(other),
        " ".join(" ".join([r] * (EXACT_REPEAT if r in spelled else 1)) for r in sorted(runs)),
    )


def latin_run(spaced: list[str]) -> str | None:
    """An English name of two or three words run together (`securitygroup`, `cloudwatchlogs`), or None;
    `AWS`/`Amazon` in front are left out (`lambda`, not `awslambda`)."""
    while spaced and spaced[0] in NOISE:
        spaced = spaced[1:]
    # Not after a word with digits (`s3standard`): a query `s3` would find every S3 storage class by prefix.
    fits = 1 < len(spaced) <= LATIN_RUN_WORDS and LATIN_WORDS.match(" ".join(spaced)) and len(spaced[0]) > 2 \
        and spaced[0].isalpha()
    return "".join(spaced) if fits else None


def plural(word: str) -> str | None:
    """The English plural of a word (`tables`, `policies`), or None (`보안`, `s3`, `status`)."""
    if not word.isascii() or not word.isalpha() or word.endswith("s") or len(word) < 3:
        return None
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("x", "ch", "sh")) else "s")


def count_mentions(docs: list[dict], names: dict[str, list[str]], separator: re.Pattern) -> dict[str, int]:
    """In how many sections each term occurs under any of its names (Korean particles may follow)."""
    texts = [f" {words(TAGS.sub(' ', d['title'] + ' ' + d['text']), separator)} " for d in docs]
    starting = word_index(texts)
    counts = {}
    for term_id, term_names in names.items():
        found: set[int] = set()
        for name in term_names:
            spaced = words(name, separator)
            if not spaced:
                continue
            # Latin: whole words, a plural allowed (` nat gateways `); Korean: a particle may follow (` 보안 그룹을`).
            needles = [f" {spaced}{end} " for end in ("", "s", "es")] if LATIN.match(name[-1]) else [f" {spaced}"]
            candidates = starting(spaced.split()[0]) - found
            found |= {i for i in candidates if any(needle in texts[i] for needle in needles)}
        counts[term_id] = len(found)
    return counts


# -----------------------------------------------------------------------------
# Sections that use a term


def add_section_fields(docs: list[dict], terms: dict[str, list[str]], spellings: dict[str, list[str]],
                       separator: re.Pattern) -> None:
    """`heads` and `mentions` of every section outside the glossary: the ways of writing each term
    the section uses that its own words lack (see the module docstring)."""
    sections = [d for d in docs if not d["location"].startswith(GLOSSARY_PAGE)]
    forms = {term_id: typed_forms(names + spellings.get(term_id, []), separator) for term_id, names in terms.items()}
    titles = [f" {words(TAGS.sub(' ', d['title']), separator)} " for d in sections]
    texts = [f" {words(TAGS.sub(' ', d['text']), separator)} " for d in sections]
    in_titles, in_texts = occurrences(titles, terms, separator), occurrences(texts, terms, separator)
    for i, doc in enumerate(sections):
        own = set(titles[i].split()) | set(texts[i].split())
        heads = [f for t in in_titles.get(i, {}) for f in forms[t] if f not in own]
        mentions = [f for t, n in in_texts.get(i, {}).items() if t not in in_titles.get(i, {}) and n >= MENTIONS
                    for f in forms[t] if f not in own]
        if heads:
            doc["heads"] = " ".join(dict.fromkeys(heads))
        if mentions:
            doc["mentions"] = " ".join(mentions)


def typed_forms(names: list[str], separator: re.Pattern) -> list[str]:
    """The one-token forms of a term's names: each name run together and each one-word name
    (`보안그룹`, `securitygroup`, `sg`, `람다`, `dynamodb`), without `aws`/`amazon`."""
    found = []
    for name in names:
        spaced = words(name, separator).split()
        if len(spaced) == 1:
            found.append(spaced[0])
        found += [r for r in HANGUL_SPACE.sub("", " ".join(spaced)).split() if r not in spaced]
        found.append(latin_run(spaced))
    return [f for f in dict.fromkeys(found) if f and f not in NOISE]


def occurrences(texts: list[str], terms: dict[str, list[str]], separator: re.Pattern) -> dict[int, dict[str, int]]:
    """How often each term occurs in each text (` words `, as `words` gives them), under any of its
    names: Latin ones as whole words (a plural allowed), Korean ones with any particle after them.
    A name inside a longer name of the same term counts once."""
    starting = word_index(texts)
    counts: dict[int, dict[str, int]] = {}
    for term_id, term_names in terms.items():
        spaced_names, patterns = name_patterns(tuple(term_names), separator)
        if not spaced_names:
            continue
        for i in set().union(*(starting(n.split()[0]) for n in spaced_names)):
            text, n = texts[i], 0
            for pattern in patterns:
                text, found = pattern.subn(" ", text)
                n += found
            if n:
                counts.setdefault(i, {})[term_id] = n
    return counts


# -----------------------------------------------------------------------------
# Code in a section

CODE = re.compile(r"<code>(.*?)</code>|<pre[^>]*>(.*?)</pre>", re.S)
DIAGRAM = re.compile(r"<pre[^>]*\bmermaid\b.*?</pre>", re.S)  # a diagram's source is no code to type
CODE_WORD = re.compile(r"[a-z0-9]+(?:[^a-z0-9\s\uac00-\ud7a3]+[a-z0-9]+)+")
# Outside code, a word is code when it has a digit or punctuation other than a hyphen
# (`us-east-1`, `t3.micro`), not an English compound (`multi-az`, `dead-letter`).
PROSE_CODE_WORD = re.compile(r"\d|[^a-z0-9\s\uac00-\ud7a3-]")
NOT_CODE_CHARACTER = re.compile(r"[^a-z0-9]")
LONGEST_CODE = 40


def add_code_fields(docs: list[dict]) -> None:
    """`codes`: code as readers type it, run together behind `CODE_MARK`: each word of a section
    with punctuation inside (`ap-northeast-2` -> `zqapnortheast2`, `t3.micro`, `0.0.0.0/0`; in
    prose only those with a digit or other punctuation than a hyphen), and each command or line of
    code it shows (`aws s3 cp` -> `zqawss3cp`). Material's search splits
    `ap-northeast-2` into `ap`, `northeast` and `2`, which most sections contain somewhere (`2`
    even finds `Module 12` by prefix); docs/javascripts/search-query.js adds the same form of a
    query that looks like code, weighted up, so the section that shows it comes first. The mark
    keeps these tokens away from every other query (`aws` would otherwise find every command)."""
    for doc in docs:
        if doc["location"].startswith(GLOSSARY_PAGE):
            continue
        text = DIAGRAM.sub(" ", doc["text"])
        lines = [line for inline, block in CODE.findall(text)
                 for line in html.unescape(TAGS.sub("", inline or block)).casefold().splitlines()]
        commands = [line for line in lines if len(line.split()) > 1 and not HANGUL.search(line)]
        words = [w for line in lines for w in CODE_WORD.findall(line)]
        prose = URL.sub(" ", CODE.sub(" ", text))  # an address in prose is a link, not code to type
        words += [w for w in CODE_WORD.findall(html.unescape(TAGS.sub(" ", prose)).casefold()) if PROSE_CODE_WORD.search(w)]
        found = [CODE_MARK + NOT_CODE_CHARACTER.sub("", piece)[:LONGEST_CODE] for piece in commands + words]
        found = [f for f in dict.fromkeys(found) if len(f) > len(CODE_MARK) + 2]
        if found:
            doc["codes"] = " ".join(found)


@lru_cache(maxsize=None)
def name_patterns(names: tuple[str, ...], separator: re.Pattern) -> tuple[list[str], list[re.Pattern]]:
    """A term's names as `words` gives them, the longest first (`보안 그룹 체이닝` is not also
    `보안 그룹`), and the pattern of each. Compiled once per process: the terms' ~1,400 patterns
    are more than `re` keeps in its own cache."""
    spaced_names = sorted({words(n, separator) for n in names if words(n, separator)}, key=len, reverse=True)
    patterns = [
        re.compile(rf" {re.escape(spaced)}(?:s|es)?(?= )" if LATIN.match(spaced[-1]) else rf" {re.escape(spaced)}")
        for spaced in spaced_names
    ]
    return spaced_names, patterns


def word_index(texts: list[str]) -> Callable[[str], set[int]]:
    """A lookup from a prefix to the texts (their positions) with a word that starts with it."""
    holders: dict[str, set[int]] = {}
    for i, text in enumerate(texts):
        for word in set(text.split()):
            holders.setdefault(word, set()).add(i)
    vocabulary = sorted(holders)

    def starting(prefix: str) -> set[int]:
        found: set[int] = set()
        at = bisect.bisect_left(vocabulary, prefix)
        while at < len(vocabulary) and vocabulary[at].startswith(prefix):
            found |= holders[vocabulary[at]]
            at += 1
        return found

    return starting


def words(text: str, separator: re.Pattern) -> str:
    """Lower-case words, split as Material's search splits them (`plugins.search.separator`, which
    parts Hangul from Latin too): `NAT게이트웨이를` -> `nat 게이트웨이를`."""
    return " ".join(separator.sub(" ", text).casefold().split())
