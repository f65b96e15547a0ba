"""Search per language, and every name of a glossary term as searchable text of its entry.

- mkdocs-static-i18n merges every language's pages into one `search/search_index.json`, so a
  Korean reader got English pages among the results. After it has written that file, this splits
  it: `search/search_index.json` for Korean, `en/search/search_index.json` for English, each with
  locations relative to its language's home, and each English page's search (Material's
  `config.base`) points at the English home, where it finds its index.
- Each glossary entry (`glossary/#id`) gets a `keys` field, which Material indexes (with the boost
  of `plugins.search.fields.keys`) but never shows: the term's names and aliases as written and
  without their spaces (`보안 그룹`, `보안그룹`, `Security group`, `securitygroup`, `SG`), so a term
  query finds its definition whatever the spacing. English keys hold the Latin names only.

mkdocs-static-i18n runs every event once per language: the split waits for the outer build, after
the plugin (priority -100) has merged the languages.

Events: on_post_page, on_post_template, on_post_build.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.search")

INDEX = "search/search_index.json"
GLOSSARY_DATA = "data/glossary.yml"
GLOSSARY_PAGE = "glossary/"
KEYS_FIELD = "keys"
DEFAULT_LANGUAGE = "ko"
CONFIG = re.compile(r'<script id="__config" type="application/json">.*?</script>', re.S)
CONFIG_BASE = re.compile(r'("base": ")([^"]*)(")')
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")


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
    merged = json.loads((site / INDEX).read_text(encoding="utf-8"))
    languages = [lang for lang in getattr(i18n, "build_languages", [DEFAULT_LANGUAGE]) if lang != DEFAULT_LANGUAGE]
    terms = load_names(Path(config.config_file_path).parent / GLOSSARY_DATA)
    for lang, index in split_index(merged, languages).items():
        add_glossary_keys(index["docs"], terms, lang)
        path = site / language_prefix(lang) / INDEX
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        log.info(f"search: {len(index['docs'])} {lang} entries in {path.relative_to(site).as_posix()}")


# -----------------------------------------------------------------------------


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
    split = {lang: {**merged, "docs": []} for lang in [DEFAULT_LANGUAGE, *languages]}
    for doc in merged["docs"]:
        lang = next((lang for lang in languages if doc["location"].startswith(f"{lang}/")), DEFAULT_LANGUAGE)
        location = doc["location"][len(language_prefix(lang)):]
        split[lang]["docs"].append({**doc, "location": location})
    return split


def load_names(path: Path) -> dict[str, list[str]]:
    """Term id -> its names, Korean name first. The glossary hook has validated the file."""
    if not path.exists():
        return {}
    records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {r["id"]: [r["ko"], r["en"], *r.get("aka", [])] for r in records if isinstance(r, dict) and "id" in r}


def add_glossary_keys(docs: list[dict], terms: dict[str, list[str]], lang: str) -> None:
    for doc in docs:
        page, _, term_id = doc["location"].partition("#")
        if page == GLOSSARY_PAGE and term_id in terms:
            doc[KEYS_FIELD] = " · ".join(keys(terms[term_id], lang))


def keys(names: list[str], lang: str) -> list[str]:
    """Every name as written and without spaces or hyphens; English keeps the Latin names."""
    if lang != DEFAULT_LANGUAGE:
        names = [n for n in names if not HANGUL.search(n)]
    found = []
    for name in names:
        found += [name, re.sub(r"[\s\-]+", "", name)]
    return list(dict.fromkeys(found))


def language(config: MkDocsConfig) -> str:
    return config.theme["language"]


def language_prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
