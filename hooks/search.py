"""A glossary term found by any of its names, however it is spaced.

- Glossary entries (`glossary/#id`, one section each) get three fields that Material indexes with
  the boosts set in `plugins.search.fields` but never shows: `keys` (one-word names: `SG`, `리전`),
  `names` (the words of longer names, and English plurals) and `runs` (Korean names without their
  spaces: `보안그룹`, `수명주기정책`). English entries get the Latin names only. An entry's boost
  grows gently with the number of sections that use the term, so when names share a beginning the
  common term comes first (`VPC` before `VPC 피어링`, `보안 그룹` before `보안 그룹 체이닝`).
- Web addresses leave the indexed text: their parts (`userguide`) matched real queries (`user`).

Material's search matches each query word as a prefix (`가용영역` finds `가용영역은`), splits words
with `plugins.search.separator` (set in mkdocs.yml), and ranks by lunr's BM25 score times these
boosts. `python scripts/bench_search.py` measures it against tests/search_queries.py.

Coupling: hooks/languages.py splits mkdocs-static-i18n's merged index into one index per language
(`search/search_index.json`, `en/search/search_index.json`); this hook's `on_post_build` runs after
that one's and adds its fields to each. The names come from `glossary_data`.

Events: on_post_build (outermost).
"""

from __future__ import annotations

import bisect
import json
import logging
import re
import statistics
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

import glossary_data
from common import is_outermost_build, language_prefix, languages

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
    for lang in langs:
        path = site / language_prefix(lang, langs[0]) / INDEX
        index = json.loads(path.read_text(encoding="utf-8"))
        separator = re.compile(index["config"]["separator"])  # Python reads Material's pattern as JavaScript does
        strip_urls(index["docs"])
        add_glossary_fields(index["docs"], {t.id: t.names(lang) for t in terms}, separator)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    log.info(f"search: glossary fields in {len(langs)} indexes in {time.perf_counter() - started:.2f} s")


def strip_urls(docs: list[dict]) -> None:
    """Addresses are no words to search for, and their parts (`userguide`) match real queries (`user`)."""
    for doc in docs:
        doc["text"] = URL.sub("", doc["text"])


# -----------------------------------------------------------------------------
# Glossary entries


def add_glossary_fields(docs: list[dict], terms: dict[str, list[str]], separator: re.Pattern) -> None:
    """Each glossary entry's hidden fields and boost (see the module docstring), from the names of
    each term that a reader of the index's language may type (`Term.names`)."""
    entries = {}
    for doc in docs:
        page, _, term_id = doc["location"].partition("#")
        if page == GLOSSARY_PAGE and term_id in terms:
            entries[term_id] = doc
    names = {term_id: terms[term_id] for term_id in entries}
    mentions = count_mentions([d for d in docs if not d["location"].startswith(GLOSSARY_PAGE)], names, separator)
    median = statistics.median(mentions.values()) if mentions else 0
    for term_id, doc in entries.items():
        doc["keys"], doc["names"], doc["runs"] = fields(names[term_id], separator)
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


def words(text: str, separator: re.Pattern) -> str:
    """Lower-case words, split as Material's search splits them (`plugins.search.separator`, which
    parts Hangul from Latin too): `NAT게이트웨이를` -> `nat 게이트웨이를`."""
    return " ".join(separator.sub(" ", text).casefold().split())
