"""Search per language, and a glossary term found by any of its names, however it is spaced.

- One index per language. mkdocs-static-i18n merges every language's pages into one
  `search/search_index.json`, so a Korean reader got English pages among the results. Once it has
  written that file, this splits it into `search/search_index.json` (Korean) and
  `en/search/search_index.json` (English), locations relative to each language's home, and points
  each English page's search at the English home (Material fetches the index from `config.base`).
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

mkdocs-static-i18n runs every event once per language: the split waits for the outer build, after
the plugin (priority -100) has merged the languages.

Events: on_post_page, on_post_template, on_post_build.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
import statistics
import time
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.search")

INDEX = "search/search_index.json"
GLOSSARY_DATA = "data/glossary.yml"
GLOSSARY_PAGE = "glossary/"
DEFAULT_LANGUAGE = "ko"
# An entry's boost: ((1 + sections using the term) / (1 + the median entry's)) ** PRIOR.
PRIOR = 0.2
# A short one-word name (`SG`, `VPC`, `리전`) counts three times in `keys`.
EXACT_REPEAT = 3
SHORT = 4
# Words that start most service names (`AWS`, `Amazon`): no help in telling terms apart.
NOISE = {"aws", "amazon"}

CONFIG = re.compile(r'<script id="__config" type="application/json">.*?</script>', re.S)
CONFIG_BASE = re.compile(r'("base": ")([^"]*)(")')
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
LATIN = re.compile(r"[A-Za-z0-9]")
TAGS = re.compile(r"<[^>]+>")
URL = re.compile(r"https?://[^\s<]+")
HANGUL_SPACE = re.compile(r"(?<=[\uac00-\ud7a3]) (?=[\uac00-\ud7a3])")


def on_post_page(output: str, *, page, config: MkDocsConfig) -> str:
    return point_search_home(output, language(config))


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    # The 404 page has a search box too.
    return point_search_home(output, language(config)) if template_name == "404.html" else output


# After mkdocs-static-i18n (-100) has written the merged index.
@event_priority(-150)
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a language built from inside another: the outer build has every language's entries
    site = Path(config.site_dir)
    if not (site / INDEX).exists():
        return  # search is off
    started = time.perf_counter()
    merged = json.loads((site / INDEX).read_text(encoding="utf-8"))
    languages = [lang for lang in getattr(i18n, "build_languages", []) if lang != DEFAULT_LANGUAGE]
    terms = load_names(Path(config.config_file_path).parent / GLOSSARY_DATA)
    separator = re.compile(merged["config"]["separator"])  # Python reads Material's pattern as JavaScript does
    for lang, index in split_index(merged, languages).items():
        strip_urls(index["docs"])
        add_glossary_fields(index["docs"], terms, lang, separator)
        path = site / language_prefix(lang) / INDEX
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    log.info(f"search: an index per language ({', '.join([DEFAULT_LANGUAGE, *languages])}) "
             f"in {time.perf_counter() - started:.2f} s")


# -----------------------------------------------------------------------------
# One index per language


def point_search_home(output: str, lang: str) -> str:
    """Material fetches `search/search_index.json` from `config.base`: for a language other than the
    default, that is the language's home (`../../..` becomes `../../../en/`, `/` becomes `/en/`)."""
    if lang == DEFAULT_LANGUAGE:
        return output

    def rebase(match: re.Match) -> str:
        base = match.group(2).rstrip("/")
        return f"{match.group(1)}{base}/{lang}/{match.group(3)}"

    script = CONFIG.search(output)
    if script is None:
        return output
    rebased, count = CONFIG_BASE.subn(rebase, script.group(0), count=1)
    if not count:
        raise PluginError("hooks/search.py: no `base` in Material's `__config` script; did the theme change?")
    return output[:script.start()] + rebased + output[script.end():]


def split_index(merged: dict, languages: list[str]) -> dict[str, dict]:
    """One index per language: a location `en/…` belongs to English, as `…`; the rest to the default."""
    split = {lang: {"config": {**merged["config"], "lang": [lang]}, "docs": []} for lang in [DEFAULT_LANGUAGE, *languages]}
    for doc in merged["docs"]:
        lang = next((lang for lang in languages if doc["location"].startswith(f"{lang}/")), DEFAULT_LANGUAGE)
        location = doc["location"][len(language_prefix(lang)):]
        split[lang]["docs"].append({**doc, "location": location})
    return split


def strip_urls(docs: list[dict]) -> None:
    """Addresses are no words to search for, and their parts (`userguide`) match real queries (`user`)."""
    for doc in docs:
        doc["text"] = URL.sub("", doc["text"])


# -----------------------------------------------------------------------------
# Glossary entries


def load_names(path: Path) -> dict[str, list[str]]:
    """Term id -> its names, Korean name first. The glossary hook has validated the file."""
    if not path.exists():
        return {}
    records = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []
    return {r["id"]: [r["ko"], r["en"], *r.get("aka", [])] for r in records if isinstance(r, dict) and "id" in r}


def add_glossary_fields(docs: list[dict], terms: dict[str, list[str]], lang: str, separator: re.Pattern) -> None:
    """Each glossary entry's hidden fields and boost (see the module docstring)."""
    entries = {}
    for doc in docs:
        page, _, term_id = doc["location"].partition("#")
        if page == GLOSSARY_PAGE and term_id in terms:
            entries[term_id] = doc
    names = {term_id: names_in(terms[term_id], lang) for term_id in entries}
    mentions = count_mentions([d for d in docs if not d["location"].startswith(GLOSSARY_PAGE)], names, separator)
    median = statistics.median(mentions.values()) if mentions else 0
    for term_id, doc in entries.items():
        doc["keys"], doc["names"], doc["runs"] = fields(names[term_id], separator)
        # On top of a `search: boost` the glossary page may set in its front matter.
        doc["boost"] = round(doc.get("boost", 1) * ((1 + mentions[term_id]) / (1 + median)) ** PRIOR, 3)


def names_in(names: list[str], lang: str) -> list[str]:
    """The names a reader of `lang` may type: English pages and queries use the Latin names."""
    return names if lang == DEFAULT_LANGUAGE else [n for n in names if not HANGUL.search(n)]


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


# -----------------------------------------------------------------------------
# Helpers


def language(config: MkDocsConfig) -> str:
    return config.theme["language"]


def language_prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
