"""The glossary's data: `data/glossary.yml` read, validated and typed once per change.

Not a hook. The glossary hook (page, links, backlinks), the search hook (hidden name fields), the
study hook (flashcards, CSV and Anki exports) and the tests read the terms here and nowhere else,
with one set of rules: every problem is reported at once, each with its line and what to do.

`terms(config)` loads the file again only when it or the set of module pages has changed (by
mtime), so `mkdocs serve` (which watches `data/`) picks up an edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from common import module_numbers

DATA_FILE = "data/glossary.yml"
# Names written in Hangul belong on Korean pages only: other languages use the Latin names.
KOREAN = "ko"
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")

CATEGORIES = {
    "global-infrastructure": ("글로벌 인프라", "Global infrastructure"),
    "architecture": ("아키텍처 원칙", "Architecture principles"),
    "security": ("보안 및 계정", "Security and accounts"),
    "networking": ("네트워킹", "Networking"),
    "compute": ("컴퓨팅", "Compute"),
    "cost": ("비용", "Cost"),
    "storage": ("스토리지", "Storage"),
    "database": ("데이터베이스", "Databases"),
    "monitoring": ("모니터링 및 스케일링", "Monitoring and scaling"),
    "automation": ("자동화", "Automation"),
    "containers": ("컨테이너", "Containers"),
    "serverless": ("서버리스", "Serverless"),
    "edge": ("엣지", "Edge"),
    "backup-recovery": ("백업 및 복구", "Backup and recovery"),
}
REQUIRED = ("id", "ko", "en", "aka", "category", "modules", "short", "short_en", "related", "link")
OPTIONAL = ("long", "long_en", "typed")
TERM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Term:
    id: str
    ko: str
    en: str
    aka: list[str]
    category: str
    modules: list[int]
    short: str
    short_en: str
    related: list[str]
    link: str
    long: str = ""
    long_en: str = ""
    # Hangul spellings readers type for an English name (`쿠베르네티스`) that the pages never
    # write: the search finds the term by them; the glossary page does not show them.
    typed: list[str] = field(default_factory=list)
    line: int = 0

    def names(self, lang: str) -> list[str]:
        """What a reader of `lang` pages may meet in the text or type: Korean pages use every name."""
        names = [self.ko, self.en, *self.aka] if lang == KOREAN else [self.en, *self.aka]
        if lang != KOREAN:
            names = [n for n in names if not HANGUL.search(n)]
        return list(dict.fromkeys(names))

    def title(self, lang: str) -> str:
        return self.ko if lang == KOREAN else self.en

    def other_title(self, lang: str) -> str:
        return self.en if lang == KOREAN else self.ko

    def definition(self, lang: str) -> str:
        """The one-line definition: the tooltip, the flashcard's back."""
        return self.short if lang == KOREAN else self.short_en

    def details(self, lang: str) -> str:
        return (self.long if lang == KOREAN else self.long_en).strip()

    def aliases(self, lang: str) -> list[str]:
        return self.aka if lang == KOREAN else [a for a in self.aka if not HANGUL.search(a)]

    def doc_link(self, lang: str) -> str:
        """The official page in the reader's language: English drops `ko_kr/` or `/ko/` from the URL."""
        if lang == KOREAN:
            return self.link
        return self.link.replace("/ko_kr/", "/").replace("aws.amazon.com/ko/", "aws.amazon.com/")


def terms(config: MkDocsConfig) -> list[Term]:
    """The site's terms, validated against the module pages in `docs_dir`."""
    path = Path(config.config_file_path).parent / DATA_FILE
    modules = tuple(module_numbers(config.docs_dir))
    stamp = (str(path), path.stat().st_mtime_ns if path.exists() else None, modules)
    if _cache.get("stamp") != stamp:
        _cache["terms"] = load_terms(path, modules)
        _cache["stamp"] = stamp
    return _cache["terms"]


_cache: dict = {}


def by_id(found: list[Term]) -> dict[str, Term]:
    return {term.id: term for term in found}


# -----------------------------------------------------------------------------
# Loading and validating


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Remembers the line of every mapping and of each of its keys."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        return mapping


def load_terms(path: Path, modules: tuple[int, ...]) -> list[Term]:
    where = path.name if not path.is_absolute() else str(path)
    try:
        records = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except FileNotFoundError:
        raise PluginError(f"{where}: not found. The glossary needs its data file.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise PluginError(f"{where}{line}: not valid YAML ({getattr(error, 'problem', error)}). Fix the syntax there.") from None
    problems = validate(records, modules)
    if problems:
        raise PluginError(f"{where}: {len(problems)} problem(s) in the glossary data:\n" + "\n".join(
            f"  {where}:{line}: {message}" for line, message in problems))
    return [Term(**{k: v for k, v in r.items() if not k.startswith("__")}, line=r["__line__"]) for r in records]


def validate(records, modules: tuple[int, ...]) -> list[tuple[int, str]]:
    if not isinstance(records, list):
        return [(1, "the file must be a YAML list of terms (`- id: ...`).")]
    problems: list[tuple[int, str]] = []
    ids: dict[str, int] = {}
    names: dict[str, tuple[str, int]] = {}
    span = f"{min(modules)}–{max(modules)}" if modules else "(none found in docs/modules/)"
    for record in records:
        if not isinstance(record, dict):
            problems.append((1, f"every item must be a mapping of fields, found {record!r}."))
            continue
        line, lines = record["__line__"], record["__lines__"]
        label = f"term {record.get('id', '(no id)')!r}"
        fields = [k for k in record if not k.startswith("__")]
        for key in REQUIRED:
            if key not in record:
                problems.append((line, f"{label} has no `{key}`: add it (required: {', '.join(REQUIRED)})."))
        for key in fields:
            if key not in REQUIRED + OPTIONAL:
                problems.append((lines[key], f"{label}: unknown field `{key}`; allowed: {', '.join(REQUIRED + OPTIONAL)}."))
        for key in ("id", "ko", "en", "category", "short", "short_en", "link", "long", "long_en"):
            if key in record and not isinstance(record[key], str):
                problems.append((lines[key], f"{label}: `{key}` must be text."))
        for key in ("aka", "related", "modules", "typed"):
            if key in record and not isinstance(record[key], list):
                problems.append((lines[key], f"{label}: `{key}` must be a list, e.g. `{key}: []`."))
        if problems and problems[-1][0] >= line:
            continue
        term_id = record["id"]
        if not TERM_ID.match(term_id):
            problems.append((lines["id"], f"{label}: the id must be an ASCII slug like `nat-gateway`."))
        if term_id in ids:
            problems.append((lines["id"], f"{label}: duplicate id, first used at line {ids[term_id]}. Give one of them another id."))
        ids.setdefault(term_id, lines["id"])
        if record["category"] not in CATEGORIES:
            problems.append((lines["category"], f"{label}: unknown category {record['category']!r}; use one of {', '.join(CATEGORIES)}."))
        bad_modules = [m for m in record["modules"] if not isinstance(m, int) or m not in modules]
        if bad_modules:
            problems.append((lines["modules"], f"{label}: modules {bad_modules} are not module numbers {span} (docs/modules/NN-*.md)."))
        if not record["link"].startswith("https://"):
            problems.append((lines["link"], f"{label}: `link` must be an https:// URL of the official AWS page."))
        for key in ("short", "short_en"):
            if "\n" in record[key].strip() or '"' in record[key]:
                problems.append((lines[key], f"{label}: `{key}` is a tooltip: one line of plain text, no double quotes."))
        if bool(record.get("long")) != bool(record.get("long_en")):
            problems.append((line, f"{label}: `long` and `long_en` go together: give both or neither."))
        for name in [record["ko"], record["en"], *record["aka"]]:
            if not isinstance(name, str) or len(name.strip()) < 2:
                problems.append((lines["aka"], f"{label}: name or alias {name!r} is too short to match safely."))
                continue
            key = normalise(name)
            owner = names.get(key)
            if owner and owner[0] != term_id:
                problems.append((lines["aka"], f"{label}: {name!r} is already a name of term {owner[0]!r} (line {owner[1]}). A name belongs to one term: remove it from one of them."))
            names.setdefault(key, (term_id, line))
    known = set(ids)
    for record in records:  # against every term's names, those of later terms too
        if isinstance(record, dict) and isinstance(record.get("typed"), list):
            label, line = f"term {record.get('id')!r}", record["__lines__"]["typed"]
            for spelling in record["typed"]:
                if not isinstance(spelling, str) or not HANGUL.search(spelling):
                    problems.append((line, f"{label}: `typed` holds Hangul spellings readers type (`쿠베르네티스`); {spelling!r} is none. Put other names in `aka`."))
                elif normalise(spelling) in names:
                    owner = names[normalise(spelling)]
                    problems.append((line, f"{label}: typed spelling {spelling!r} is already a name of term {owner[0]!r} (line {owner[1]}): remove it from `typed`."))
        if isinstance(record, dict) and isinstance(record.get("related"), list):
            for other in record["related"]:
                if other not in known:
                    problems.append((record["__lines__"]["related"], f"term {record.get('id')!r}: related id {other!r} is no term. Add that term or remove it from `related`."))
    return sorted(problems)


def normalise(name: str) -> str:
    """A name as it is compared: without spaces, case-folded (`보안 그룹` = `보안그룹`)."""
    return re.sub(r"\s+", "", name).casefold()
