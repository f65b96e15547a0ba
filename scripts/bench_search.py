"""Search benchmark: recall@1, recall@5 and time to results per language, on the real site in Chromium,
with Material's default search configuration (the baseline) beside this project's.

    .venv/bin/python scripts/bench_search.py              # build both into a temp dir, run every query
    .venv/bin/python scripts/bench_search.py --misses     # also list each query that misses
    .venv/bin/python scripts/bench_search.py --site DIR   # an already built site only (no baseline)

The baseline is the same mkdocs.yml with `plugins.search` at Material's defaults and without
hooks/search.py. Each query is typed into the search box of the language's home page (filled, then
`End` pressed: Material searches on `keyup`). A result is Material's result item (one per page);
its best match is the section Material shows first. A `glossary/#id` target must be that best match,
a page target may be any section of the page. Time to results runs from the `keyup` to the results
in the page, measured in the page, after the index has loaded. The queries: tests/search_queries.py.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

from search_queries import QUERIES, Query  # noqa: E402

from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 (hooks/chromium.py)
DEFAULT_LANGUAGE = "ko"
SEARCH_HOOK = "hooks/search.py"
INPUT = "input[data-md-component=search-query]"

# Runs in the page once: time from the query's `keyup` to the results (Material writes the result
# count and the first ten items in one task; the observer fires right after).
INSTRUMENT = """() => {
  const input = document.querySelector("input[data-md-component=search-query]");
  const meta = document.querySelector(".md-search-result__meta");
  window.__bench = { start: null, end: null };
  input.addEventListener("keyup", () => { window.__bench = { start: performance.now(), end: null }; }, true);
  new MutationObserver(() => {
    if (window.__bench.start !== null && window.__bench.end === null) window.__bench.end = performance.now();
  }).observe(meta, { childList: true, characterData: true, subtree: true });
}"""

READY = """() => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const meta = document.querySelector(".md-search-result__meta");
  return meta && meta.textContent.trim() === config.translations["search.result.placeholder"];
}"""

# Each result item: every document Material rendered in it, with its score.
RESULTS = """() => [...document.querySelectorAll(".md-search-result__item")].map(item =>
  [...item.querySelectorAll("a.md-search-result__link")].map(a => [
    a.href, parseFloat(a.querySelector("[data-md-score]").dataset.mdScore)
  ]))"""


@dataclass
class Outcome:
    query: Query
    ranked: list[str]  # the best match of each result item, in order
    pages: list[str]  # the page of each result item, in order
    ms: float

    @property
    def rank(self) -> int | None:
        """1-based rank of the target, or None."""
        target = self.query.target
        candidates = self.ranked if "#" in target else self.pages
        return candidates.index(target) + 1 if target in candidates else None


class SearchBox:
    """The search box of one language's home page, in a browser context that may only reach 127.0.0.1."""

    def __init__(self, browser, base_url: str, lang: str):
        self.home = base_url if lang == DEFAULT_LANGUAGE else f"{base_url}{lang}/"
        self.context = browser.new_context()
        self.external: list[str] = []  # requests to other hosts, aborted
        self.context.route("**/*", self._local_only)
        self.page = self.context.new_page()
        self.page.goto(self.home)
        self.page.focus(INPUT)
        self.page.wait_for_function(READY, timeout=30_000)
        self.ready_ms = self.page.evaluate("() => performance.now()")
        self.page.evaluate(INSTRUMENT)
        self.last = ""

    def search(self, query: Query) -> Outcome:
        if query.text == self.last:  # Material ignores a repeated query
            self.type("")
        self.type(query.text)
        items = self.page.evaluate(RESULTS)
        timing = self.page.evaluate("() => window.__bench")
        ranked, pages = [], []
        for documents in items:
            best = max(documents, key=lambda d: d[1])  # first of the highest: what Material shows first
            ranked.append(self.location(best[0]))
            pages.append(self.location(documents[0][0]).split("#")[0])
        return Outcome(query, ranked, pages, timing["end"] - timing["start"])

    def type(self, text: str) -> None:
        self.page.fill(INPUT, text)
        self.page.press(INPUT, "End")
        self.page.wait_for_function("() => window.__bench.end !== null", timeout=10_000)
        self.last = text

    def location(self, href: str) -> str:
        """A result's address relative to the language's home: `glossary/#security-group`."""
        url, home = urlsplit(href), urlsplit(self.home)
        path = url.path[len(home.path):] if url.path.startswith(home.path) else "../" + url.path.lstrip("/")
        return unquote(path + (f"#{url.fragment}" if url.fragment else ""))

    def close(self) -> None:
        self.context.close()

    def _local_only(self, route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()


def run_queries(browser, base_url: str, queries: list[Query]) -> tuple[list[Outcome], dict[str, float]]:
    outcomes, ready = [], {}
    for lang in dict.fromkeys(q.lang for q in queries):
        box = SearchBox(browser, base_url, lang)
        ready[lang] = box.ready_ms
        try:
            outcomes += [box.search(q) for q in queries if q.lang == lang]
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
            "recall@5": sum(o.rank is not None and o.rank <= 5 for o in mine) / len(mine),
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


@contextlib.contextmanager
def serve(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


# -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="benchmark this built site only")
    parser.add_argument("--misses", action="store_true", help="list the queries that miss")
    parser.add_argument("--kinds", action="store_true", help="recall per kind of query, too")
    parser.add_argument("--explain", metavar="LANG:QUERY", action="append",
                        help="print every result of one query with its score (with --site)")
    parser.add_argument("--build", nargs=2, metavar=("VARIANT", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        return build(args.build[0], Path(args.build[1]))

    from playwright.sync_api import sync_playwright

    if args.explain:
        return explain(args.site, args.explain)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as temp:
        sites = {"project": args.site} if args.site else build_all(["baseline", "project"], Path(temp))
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for variant, site in sites.items():
                with serve(site) as base_url:
                    results[variant] = run_queries(browser, base_url, QUERIES)
            browser.close()

    print(f"\n{len(QUERIES)} queries ({', '.join(f'{lang}: {n}' for lang, n in _counts().items())})\n")
    print("| Configuration | Language | recall@1 | recall@5 | median ms | p95 ms | index ready ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for variant, (outcomes, ready) in results.items():
        for lang, row in summary(outcomes).items():
            print(f"| {variant} | {lang} | {row['recall@1']:.1%} | {row['recall@5']:.1%} | "
                  f"{row['median_ms']:.1f} | {row['p95_ms']:.1f} | {ready[lang]:.0f} |")
    if args.kinds:
        print("\n| Configuration | Language | Kind | Queries | recall@1 | recall@5 |")
        print("| --- | --- | --- | ---: | ---: | ---: |")
        for variant, (outcomes, _) in results.items():
            for lang in dict.fromkeys(o.query.lang for o in outcomes):
                for kind in dict.fromkeys(o.query.kind for o in outcomes if o.query.lang == lang):
                    mine = [o for o in outcomes if o.query.lang == lang and o.query.kind == kind]
                    r1 = sum(o.rank == 1 for o in mine) / len(mine)
                    r5 = sum(o.rank is not None and o.rank <= 5 for o in mine) / len(mine)
                    print(f"| {variant} | {lang} | {kind} | {len(mine)} | {r1:.0%} | {r5:.0%} |")
    if args.misses:
        for variant, (outcomes, _) in results.items():
            print(f"\n{variant}: queries whose target is not first (rank, query → target; what came first)")
            for o in outcomes:
                if o.rank != 1:
                    got = ", ".join(o.ranked[:3]) or "(no results)"
                    print(f"  {o.query.lang} {o.rank or '-'} {'' if o.query.first else '(top 5) '}"
                          f"{o.query.text!r} → {o.query.target}; got {got}")


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


def _counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for q in QUERIES:
        counts[q.lang] = counts.get(q.lang, 0) + 1
    return counts


if __name__ == "__main__":
    main()
