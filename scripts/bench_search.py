"""Search benchmark: recall@1, recall@5 and time to results per language, on the real site in Chromium,
with Material's default search configuration (the baseline) beside this project's.

    .venv/bin/python scripts/bench_search.py              # build both into a temp dir, run every query
    .venv/bin/python scripts/bench_search.py --misses     # also list each query that misses
    .venv/bin/python scripts/bench_search.py --site DIR   # an already built site only (no baseline)
    .venv/bin/python scripts/bench_search.py --set dev    # one query set only (repeatable): tuned, dev, dev2, fresh, fresh2

The baseline is the same mkdocs.yml with `plugins.search` at Material's defaults and without
hooks/search.py. Each query is typed into the search box of the language's home page (filled, then
`End` pressed: Material searches on `keyup`). A result is Material's result item (one per page);
its best match is the section Material shows first. A `glossary/#id` target must be that best match,
a page target may be any section of the page. Time to results runs from the `keyup` to the results
in the page, measured in the page, after the index has loaded. Two query sets: `tests/search_queries.py` (the project's own, tuned on: a regression check) and
`tests/queries/fresh.yml` (written from the notes and the module titles only, never tuned on: what
readers type). A fresh query lands when a module page that teaches it is in the first five results.
A third set, `tests/queries/dev.yml` (same format as the fresh one, written from the notes before any
change to search), is the one to develop against: `--set dev`; so is `tests/queries/dev2.yml`, written
later the same way with more of the kinds that missed most (transliterations, commands, typos,
compounds): `--set dev2`. `tests/queries/fresh2.yml` is a second fresh set, written by a helper on
2026-12-03 from the notes and the module titles only, after the first fresh set had been measured
three times: `--set fresh2`. The default runs the tuned set and both fresh sets.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from search_queries import QUERIES, Query  # noqa: E402
from support import CHROMIUM, CHROMIUM_ARGS, RESULTS, Results, SearchBox, serve  # noqa: E402

SEARCH_HOOK = "hooks/search.py"
FRESH = ROOT / "tests" / "queries" / "fresh.yml"
DEV = ROOT / "tests" / "queries" / "dev.yml"
DEV2 = ROOT / "tests" / "queries" / "dev2.yml"
FRESH2 = ROOT / "tests" / "queries" / "fresh2.yml"
GLOSSARY = "glossary/"


@dataclass(frozen=True)
class FreshQuery:
    """A query of the fresh set: written from the notes and the module titles, never tuned on.
    It lands at rank k when the page of a module that teaches it is among the first k results;
    at rank 1 also when the first result is a glossary entry."""

    lang: str
    kind: str
    text: str
    modules: tuple[str, ...]


def fresh_queries(path: Path = FRESH) -> list[FreshQuery]:
    """The queries of a file in the fresh set's format (`tests/queries/*.yml`)."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        FreshQuery(q["lang"], q["kind"], str(q["text"]),
                   tuple(f"modules/{m}/" for m in (q["module"] if isinstance(q["module"], list) else [q["module"]])))
        for q in items
    ]


@dataclass
class Outcome:
    query: Query | FreshQuery
    results: Results

    @property
    def ms(self) -> float:
        return self.results.ms

    @property
    def rank(self) -> int | None:
        """1-based rank of the target, or None."""
        ranked, pages = self.results.ranked, self.results.pages
        if isinstance(self.query, FreshQuery):
            if ranked and ranked[0].startswith(GLOSSARY):
                return 1
            return next((n for n, page in enumerate(pages, 1) if page in self.query.modules), None)
        target = self.query.target
        candidates = ranked if "#" in target else pages
        return candidates.index(target) + 1 if target in candidates else None

    @property
    def recall5(self) -> bool:
        """In the first five: for a fresh query, the page of a module that teaches it."""
        if isinstance(self.query, FreshQuery):
            return any(page in self.query.modules for page in self.results.pages[:5])
        return self.rank is not None and self.rank <= 5


def run_queries(browser, base_url: str, queries: list) -> tuple[list[Outcome], dict[str, float]]:
    outcomes, ready = [], {}
    for lang in dict.fromkeys(q.lang for q in queries):
        box = SearchBox(browser, base_url, lang)
        ready[lang] = box.ready_ms
        try:
            outcomes += [Outcome(q, box.search(q.text)) for q in queries if q.lang == lang]
        finally:
            box.close()
    return outcomes, ready


def summary(outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    table = {}
    for lang in dict.fromkeys(o.query.lang for o in outcomes):
        mine = [o for o in outcomes if o.query.lang == lang]
        table[lang] = {
            "queries": len(mine),
            "recall@1": sum(o.rank == 1 for o in mine) / len(mine),
            "recall@5": sum(o.recall5 for o in mine) / len(mine),
            "median_ms": statistics.median(o.ms for o in mine),
            "p95_ms": sorted(o.ms for o in mine)[int(0.95 * (len(mine) - 1))],
        }
    return table


# -----------------------------------------------------------------------------
# Building and serving


def build(variant: str, site_dir: Path) -> None:
    """Build the real site (`project`) or the same with Material's default search (`baseline`)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.utils.yaml import yaml_load

    config_file = ROOT / "mkdocs.yml"
    # Not strict: a warning elsewhere (a page being written) should not stop a search benchmark.
    overrides: dict = {"site_dir": str(site_dir), "strict": False}
    if variant == "baseline":
        raw = yaml_load(config_file.read_text(encoding="utf-8"))
        overrides["plugins"] = ["search" if _plugin_name(p) == "search" else p for p in raw["plugins"]]
        overrides["hooks"] = [h for h in raw.get("hooks", []) if h != SEARCH_HOOK]
    config = load_config(str(config_file), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def build_all(variants: list[str], parent: Path) -> dict[str, Path]:
    """Build each variant in its own process, all at once."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    jobs = {}
    for variant in variants:
        site = parent / variant
        jobs[variant] = (site, subprocess.Popen(
            [sys.executable, __file__, "--build", variant, str(site)], cwd=ROOT, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    for variant, (site, job) in jobs.items():
        log, _ = job.communicate()
        if job.returncode:
            sys.exit(f"bench_search: building the {variant} site failed:\n{log[-3000:]}")
    return {variant: site for variant, (site, _) in jobs.items()}


def _plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


# -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="benchmark this built site only")
    parser.add_argument("--misses", action="store_true", help="list the queries that miss")
    parser.add_argument("--kinds", action="store_true", help="recall per kind of query, too")
    parser.add_argument("--set", dest="sets", action="append", choices=["tuned", "dev", "dev2", "fresh", "fresh2"],
                        help="run this query set (repeatable; default: tuned, fresh and fresh2)")
    parser.add_argument("--explain", metavar="LANG:QUERY", action="append",
                        help="print every result of one query with its score (with --site)")
    parser.add_argument("--build", nargs=2, metavar=("VARIANT", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        return build(args.build[0], Path(args.build[1]))

    from playwright.sync_api import sync_playwright

    if args.explain:
        return explain(args.site, args.explain)
    loaders = {"tuned": lambda: QUERIES, "dev": lambda: fresh_queries(DEV), "dev2": lambda: fresh_queries(DEV2),
               "fresh": fresh_queries, "fresh2": lambda: fresh_queries(FRESH2)}
    sets = {name: loaders[name]() for name in dict.fromkeys(args.sets or ["tuned", "fresh", "fresh2"])}
    with tempfile.TemporaryDirectory(prefix="bench-search-") as temp:
        sites = {"project": args.site} if args.site else build_all(["baseline", "project"], Path(temp))
        results = {}  # (set, variant) -> (outcomes, ready)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for variant, site in sites.items():
                with serve(site) as base_url:
                    for name, queries in sets.items():
                        results[name, variant] = run_queries(browser, base_url, queries)
            browser.close()

    for name, queries in sets.items():
        counts = {lang: sum(q.lang == lang for q in queries) for lang in dict.fromkeys(q.lang for q in queries)}
        print(f"\n{name} set: {len(queries)} queries ({', '.join(f'{lang}: {n}' for lang, n in counts.items())})\n")
    print("| Query set | Configuration | Language | recall@1 | recall@5 | median ms | p95 ms | index ready ms |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for (name, variant), (outcomes, ready) in results.items():
        for lang, row in summary(outcomes).items():
            print(f"| {name} | {variant} | {lang} | {row['recall@1']:.1%} | {row['recall@5']:.1%} | "
                  f"{row['median_ms']:.1f} | {row['p95_ms']:.1f} | {ready[lang]:.0f} |")
    if args.kinds:
        print("\n| Query set | Configuration | Language | Kind | Queries | recall@1 | recall@5 |")
        print("| --- | --- | --- | --- | ---: | ---: | ---: |")
        for (name, variant), (outcomes, _) in results.items():
            for lang in dict.fromkeys(o.query.lang for o in outcomes):
                for kind in dict.fromkeys(o.query.kind for o in outcomes if o.query.lang == lang):
                    mine = [o for o in outcomes if o.query.lang == lang and o.query.kind == kind]
                    r1 = sum(o.rank == 1 for o in mine) / len(mine)
                    r5 = sum(o.recall5 for o in mine) / len(mine)
                    print(f"| {name} | {variant} | {lang} | {kind} | {len(mine)} | {r1:.0%} | {r5:.0%} |")
    if args.misses:
        for (name, variant), (outcomes, _) in results.items():
            print(f"\n{name} / {variant}: queries that miss (rank, query → target; what came first)")
            for o in outcomes:
                if o.rank != 1 or not o.recall5:
                    target = getattr(o.query, "target", None) or ", ".join(o.query.modules)
                    got = ", ".join(o.results.ranked[:3]) or "(no results)"
                    print(f"  {o.query.lang} {o.rank or '-'} {'' if o.recall5 else '(not in top 5) '}"
                          f"[{o.query.kind}] {o.query.text!r} → {target}; got {got}")


def explain(site: Path | None, queries: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    if site is None:
        sys.exit("bench_search: --explain needs --site DIR (a built site)")
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for spec in queries:
            lang, _, text = spec.partition(":")
            box = SearchBox(browser, base_url, lang)
            box.type(text)
            print(f"\n{lang} {text!r}")
            for n, documents in enumerate(box.page.evaluate(RESULTS)[:8], 1):
                for href, score in documents[:6]:
                    print(f"  {n} {score:10.1f} {box.location(href)}")
            box.close()
        browser.close()


if __name__ == "__main__":
    main()
