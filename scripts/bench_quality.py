"""Quality benchmark: Lighthouse scores, build time with and without hooks, search index size and
page weight, measured on the built site served from 127.0.0.1. Not part of the test suite.

    .venv/bin/python scripts/bench_quality.py            # the full run, about 10 minutes
    .venv/bin/python scripts/bench_quality.py --quick    # one run of everything, about 3 minutes

It builds the real `mkdocs.yml` into a temporary directory several times, alternating with the same
docs built with `hooks:` emptied (a temporary config that INHERITs mkdocs.yml), and reports the
median of each. It then serves the last full build on 127.0.0.1 the way GitHub Pages does (gzip,
`Cache-Control: max-age=600`, ETag, the 404 page), and measures:

- Lighthouse (node_modules/.bin/lighthouse, Debian's Chromium, mobile and desktop presets) on the
  home page, a module page with diagrams and the glossary: the four category scores, LCP, TBT, CLS
  and total transfer size; the median run by performance score.
- What a reader downloads on each of those pages, by kind (HTML, CSS, JS, fonts, Mermaid, search
  index, other), on a first visit (empty cache) and a second visit (the same page again, warm
  cache), reading the page to the end so every diagram and font subset is loaded.
- The search index per language.

Nothing may leave 127.0.0.1: Chromium resolves every other host to nothing, Lighthouse's error
reporting is off, and any request to another host is listed and makes the run fail.

Prints Markdown (paste into README.md); `--json FILE` also writes the raw numbers. Lighthouse's
reports go to test-output/lighthouse/.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "hooks"))
CONFIG = ROOT / "mkdocs.yml"
OUTPUT = ROOT / "test-output" / "lighthouse"
from common import CACHE_SECONDS, CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402 (hooks/common.py: served as GitHub Pages would)
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "module": "modules/03-networking-1/", "glossary": "glossary/"}
DEFAULT_LANGUAGE = "ko"
OTHER_LANGUAGES = ("en",)
PRESETS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Beside the project's Chromium flags: any host but 127.0.0.1 resolves to nothing, so no request can
# leave the machine.
HOST_RULES = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
BROWSER_FLAGS = [*CHROMIUM_ARGS, "--no-first-run", "--no-default-browser-check"]
OFFLINE_FLAGS = [*BROWSER_FLAGS, f"--host-resolver-rules={HOST_RULES}"]
# Lighthouse takes the flags as one string, split at spaces: the rules are quoted there.
LIGHTHOUSE_CHROME_FLAGS = " ".join(["--headless=new", *BROWSER_FLAGS, f'--host-resolver-rules="{HOST_RULES}"'])
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
KINDS = ("HTML", "CSS", "JS", "Fonts", "Mermaid", "Search index", "Other")
# What GitHub Pages sends, so transfer sizes and second visits are realistic.


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=3, help="build timing runs of each kind (median; default 3)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page and preset (median; default 3)")
    parser.add_argument("--quick", action="store_true", help="one build of each kind and one Lighthouse run")
    parser.add_argument("--json", type=Path, help="also write the raw numbers to this file")
    args = parser.parse_args()
    if args.quick:
        args.builds = args.lighthouse_runs = 1
    check_prerequisites()

    results: dict = {"machine": machine()}
    print(f"# Quality benchmark, {results['machine']['date']}\n")
    print(f"Machine: {results['machine']['description']}\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as scratch:
        scratch = Path(scratch)
        results["builds"] = time_builds(scratch, args.builds)
        print_builds(results["builds"], args.builds)
        site = scratch / "site"
        results["search"] = search_index_sizes(site)
        print_search(results["search"])
        with serve(site) as base_url:
            results["weights"] = page_weights(base_url)
            print_weights(results["weights"])
            results["lighthouse"] = run_lighthouse(base_url, args.lighthouse_runs)
            print_lighthouse(results["lighthouse"], args.lighthouse_runs)
    external = sorted({u for r in results["lighthouse"] for u in r["external"]} |
                      {u for w in results["weights"] for u in w["external"]})
    results["external"] = external
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    if external:
        print("\n**FAIL**: requests to other hosts:\n" + "\n".join(f"- {u}" for u in external))
        return 1
    print("\nNo request left 127.0.0.1.")
    return 0


# -----------------------------------------------------------------------------
# Set-up and machine


def check_prerequisites() -> None:
    missing = [str(p) for p in (Path(CHROMIUM), LIGHTHOUSE, ROOT / "node_modules" / "mermaid") if not p.exists()]
    if missing:
        sys.exit(f"bench_quality: {', '.join(missing)} missing. Run `bash scripts/run.sh setup` first.")


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in read_lines("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or platform.machine())
    memory = next((int(line.split()[1]) / 1024**2 for line in read_lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    system = next((line.split("=", 1)[1].strip('"') for line in read_lines("/etc/os-release") if line.startswith("PRETTY_NAME=")),
                  platform.platform())
    chromium = command_output([CHROMIUM, "--version"]).splitlines()[0].split(" built")[0]
    lighthouse = json.loads((ROOT / "node_modules/lighthouse/package.json").read_text())["version"]
    node = command_output(["node", "--version"])
    versions = {
        "python": platform.python_version(),
        "mkdocs": metadata.version("mkdocs"),
        "material": metadata.version("mkdocs-material"),
        "chromium": chromium.removeprefix("Chromium ").strip(),
        "lighthouse": lighthouse,
        "node": node.strip().lstrip("v"),
    }
    description = (
        f"{cpu}, {os.cpu_count()} CPUs, {memory:.0f} GiB RAM, {system}; Python {versions['python']}, "
        f"MkDocs {versions['mkdocs']}, Material {versions['material']}, Chromium {versions['chromium']}, "
        f"Lighthouse {versions['lighthouse']} on Node {versions['node']}"
    )
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return {"date": date, "description": description, "cpu": cpu, "cpus": os.cpu_count(), "ram_gib": round(memory),
            "os": system, **versions}


def read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def command_output(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True).stdout.strip() or "?"


# -----------------------------------------------------------------------------
# Build time


def time_builds(scratch: Path, runs: int) -> dict:
    """Full builds and hooks-disabled builds, alternated so that a busy machine slows both alike."""
    no_hooks = scratch / "mkdocs-no-hooks.yml"
    # Relative paths in a config resolve from the config's folder: point them back at the project.
    no_hooks.write_text(
        f"INHERIT: {json.dumps(str(CONFIG))}\n"
        f"docs_dir: {json.dumps(str(ROOT / 'docs'))}\n"
        f"theme:\n  custom_dir: {json.dumps(str(ROOT / 'overrides'))}\n"
        "hooks: []\n",
        encoding="utf-8",
    )
    times: dict[str, list[float]] = {"full": [], "no_hooks": []}
    for run in range(runs):
        for kind, config in (("full", CONFIG), ("no_hooks", no_hooks)):
            site = scratch / ("site" if kind == "full" else "site-no-hooks")
            shutil.rmtree(site, ignore_errors=True)
            print(f"build {run + 1}/{runs} ({kind.replace('_', ' ')}) …", file=sys.stderr, flush=True)
            times[kind].append(build(config, site))
    full, bare = statistics.median(times["full"]), statistics.median(times["no_hooks"])
    return {"full": times["full"], "no_hooks": times["no_hooks"], "full_median": full, "no_hooks_median": bare,
            "ratio": full / bare, "hooks": configured_hooks()}


def build(config: Path, site: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, cwd=ROOT, env=env,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"bench_quality: `mkdocs build -f {config.name}` failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return elapsed


def configured_hooks() -> list[str]:
    text = CONFIG.read_text(encoding="utf-8")
    block = re.search(r"^hooks:\n((?:[ \t]+-.*\n|[ \t]*#.*\n)+)", text, re.M)
    return re.findall(r"^[ \t]+-[ \t]*(\S+)", block.group(1), re.M) if block else []


def print_builds(builds: dict, runs: int) -> None:
    hooks = ", ".join(Path(h).stem for h in builds["hooks"])
    print("## Build time\n")
    print(f"Median of {runs} run(s) of `mkdocs build` each, wall clock, both languages.\n")
    print("| Build | Median | Runs |")
    print("| --- | ---: | --- |")
    print(f"| Full (hooks: {hooks}) | {builds['full_median']:.1f} s | {seconds(builds['full'])} |")
    print(f"| Same docs, `hooks: []` | {builds['no_hooks_median']:.1f} s | {seconds(builds['no_hooks'])} |")
    print(f"| **Ratio** | **{builds['ratio']:.2f}×** | |\n", flush=True)


def seconds(values: list[float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


# -----------------------------------------------------------------------------
# Search index


def search_index_sizes(site: Path) -> list[dict]:
    """Per language: its search index file, or its share of a file that holds several languages."""
    rows = []
    for index in sorted(site.rglob("search/search_index.json")):
        raw = index.read_bytes()
        data = json.loads(raw)
        home = index.parent.parent.relative_to(site).as_posix()
        own = DEFAULT_LANGUAGE if home == "." else home
        groups: dict[str, list] = {}
        for doc in data.get("docs", []):
            prefix = doc["location"].split("/", 1)[0]
            lang = prefix if own == DEFAULT_LANGUAGE and prefix in OTHER_LANGUAGES else own
            groups.setdefault(lang, []).append(doc)
        for lang, docs in groups.items():
            part = raw if len(groups) == 1 else json.dumps(
                {"config": data.get("config", {}), "docs": docs}, ensure_ascii=False, separators=(",", ":")).encode()
            rows.append({"lang": lang, "file": index.relative_to(site).as_posix(), "shared": len(groups) > 1,
                         "docs": len(docs), "bytes": len(part), "gzip": len(gzip.compress(part, 6)),
                         "file_bytes": len(raw), "file_gzip": len(gzip.compress(raw, 6))})
    return rows


def print_search(rows: list[dict]) -> None:
    print("## Search index\n")
    print("Fetched when the reader first opens search (docs/javascripts/on-demand.js), then cached.\n")
    print("| Language | File | Entries | Size | gzip |")
    print("| --- | --- | ---: | ---: | ---: |")
    for row in rows:
        share = " (its share of a shared file)" if row["shared"] else ""
        print(f"| {row['lang']}{share} | `{row['file']}` | {row['docs']} | {kb(row['bytes'])} | {kb(row['gzip'])} |")
    for file in {r["file"]: r for r in rows if r["shared"]}.values():
        print(f"| all (one file) | `{file['file']}` | {sum(r['docs'] for r in rows if r['file'] == file['file'])} | "
              f"{kb(file['file_bytes'])} | {kb(file['file_gzip'])} |")
    print(flush=True)


def kb(size: float) -> str:
    return f"{size / 1024:,.0f} KB" if size >= 1024 or size == 0 else f"{size / 1024:.1f} KB"


# -----------------------------------------------------------------------------
# Page weight


def page_weights(base_url: str) -> list[dict]:
    """Bytes over the wire by kind, first visit (empty cache) and second visit (warm cache), in
    Chromium with a phone's viewport, reading each page to its end."""
    from playwright.sync_api import sync_playwright

    print("page weights …", file=sys.stderr, flush=True)
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_FLAGS)
        for name, path in PAGES.items():
            context = browser.new_context(**PHONE)
            page = context.new_page()
            transfers = Transfers(context, page)
            for visit in ("first", "second"):
                response = page.goto(base_url + path, wait_until="load")
                read_to_the_end(page, diagrams=response.text().count('<pre class="mermaid">'))
                sizes = {kind: 0 for kind in KINDS}
                finished = transfers.take()
                for url, size in finished:
                    sizes[kind_of(url)] += size
                external = sorted({u for u, _ in finished if not u.startswith((base_url, "data:", "blob:"))})
                requests = sum(1 for _, size in finished if size)
                rows.append({"page": name, "path": path, "visit": visit, "requests": requests, "bytes": sizes,
                             "total": sum(sizes.values()), "external": external})
            context.close()
        browser.close()
    return rows


class Transfers:
    """Encoded bytes (headers and body) of every finished request of a page, from the DevTools
    protocol; a response from the browser's cache counts 0."""

    def __init__(self, context, page):
        self.urls: dict[str, str] = {}
        self.finished: list[tuple[str, int]] = []
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", self.done)

    def done(self, event) -> None:
        url = self.urls.get(event["requestId"])
        if url is not None:
            self.finished.append((url, int(event["encodedDataLength"])))

    def take(self) -> list[tuple[str, int]]:
        finished, self.finished = self.finished, []
        return finished


def read_to_the_end(page, diagrams: int) -> None:
    """Scroll down a screen at a time, as a reader would, letting diagrams and fonts load."""
    page.wait_for_load_state("networkidle")
    height = page.evaluate("document.documentElement.scrollHeight")
    step = page.viewport_size["height"]
    for top in range(0, height + step, step):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(150)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("n => document.querySelectorAll('div.mermaid').length === n", arg=diagrams, timeout=60_000)
    page.wait_for_timeout(500)


def kind_of(url: str) -> str:
    path = urlsplit(url).path
    if "/assets/vendor/mermaid/" in path:
        return "Mermaid"
    if path.endswith((".woff2", ".woff", ".ttf", ".otf")):
        return "Fonts"
    if path.endswith("search_index.json"):
        return "Search index"
    if path.endswith(".css"):
        return "CSS"
    if path.endswith((".js", ".mjs")):
        return "JS"
    if path.endswith(("/", ".html")):
        return "HTML"
    return "Other"


def print_weights(rows: list[dict]) -> None:
    print("## Page weight\n")
    print("Transferred bytes (gzip where the server compresses, headers included) in Chromium with a phone's "
          "viewport, reading the page to its end. Second visit: the same page again with a warm cache "
          f"(`max-age={CACHE_SECONDS}`, like GitHub Pages). Requests: those that went over the network. The search "
          "index is not loaded until search is opened (see above).\n")
    print("| Page | Visit | " + " | ".join(KINDS) + " | Total | Requests |")
    print("| --- | --- | " + " | ".join("---:" for _ in KINDS) + " | ---: | ---: |")
    for row in rows:
        cells = " | ".join(kb(row["bytes"][k]) if row["bytes"][k] else "0" for k in KINDS)
        print(f"| {row['page']} (`/{row['path']}`) | {row['visit']} | {cells} | **{kb(row['total'])}** | {row['requests']} |")
    print(flush=True)


# -----------------------------------------------------------------------------
# Lighthouse


def run_lighthouse(base_url: str, runs: int) -> list[dict]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    results = []
    for name, path in PAGES.items():
        for preset in PRESETS:
            reports = []
            for run in range(runs):
                print(f"lighthouse {name} {preset} {run + 1}/{runs} …", file=sys.stderr, flush=True)
                report_file = OUTPUT / f"{name}-{preset}-{run + 1}.json"
                lighthouse(base_url + path, preset, report_file)
                reports.append(summarise(json.loads(report_file.read_text(encoding="utf-8")), base_url))
            reports.sort(key=lambda r: r["scores"]["performance"])
            median = reports[len(reports) // 2]
            results.append({"page": name, "path": path, "preset": preset, **median,
                            "performance_runs": [r["scores"]["performance"] for r in reports],
                            "external": sorted({u for r in reports for u in r["external"]})})
    return results


def lighthouse(url: str, preset: str, report_file: Path) -> None:
    command = [
        str(LIGHTHOUSE), url,
        "--output=json", f"--output-path={report_file}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}",
        "--no-enable-error-reporting",
        "--quiet",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=CHROMIUM, CI="1")
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    if result.returncode != 0 or not report_file.exists():
        sys.exit(f"bench_quality: Lighthouse failed on {url} ({preset}):\n{(result.stdout + result.stderr)[-3000:]}")


def summarise(report: dict, base_url: str) -> dict:
    audits = report["audits"]
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    external = [r["url"] for r in requests if not r["url"].startswith((base_url, "data:", "blob:"))]
    failed = [
        f"{category}: {audit_id}"
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and (audit_id := ref["id"]) in audits
        and audits[audit_id]["score"] is not None and audits[audit_id]["score"] < 1
        and audits[audit_id]["scoreDisplayMode"] in ("binary", "numeric", "metricSavings")
        and category != "performance"
    ]
    return {
        "scores": {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES},
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "failed": failed,
        "warnings": report.get("runWarnings", []),
        "benchmark_index": round(report["environment"]["benchmarkIndex"]),
        "external": external,
    }


def print_lighthouse(rows: list[dict], runs: int) -> None:
    print("## Lighthouse\n")
    print(f"Lighthouse's default simulated throttling (mobile: slow 4G and a 4× CPU slowdown; desktop preset), the "
          f"median of {runs} run(s) by performance score (every run's score in brackets). Transfer: Lighthouse's total "
          "byte weight of the page load. CPU index: Lighthouse's benchmark of this machine at the start of the run; "
          "its 4× slowdown assumes a fast desktop, so a low index (a slow or busy machine) lowers performance.\n")
    print("| Page | Preset | Performance | Accessibility | Best practices | SEO | LCP | TBT | CLS | Transfer | CPU index |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        s = row["scores"]
        runs_ = f" ({', '.join(map(str, row['performance_runs']))})" if len(row["performance_runs"]) > 1 else ""
        print(f"| {row['page']} (`/{row['path']}`) | {row['preset']} | {s['performance']}{runs_} | {s['accessibility']} | "
              f"{s['best-practices']} | {s['seo']} | {row['lcp_ms'] / 1000:.1f} s | {row['tbt_ms']:.0f} ms | "
              f"{row['cls']:.3f} | {kb(row['bytes'])} | {row['benchmark_index']} |")
    notes = [f"- {row['page']} {row['preset']}: {', '.join(row['failed'])}" for row in rows if row["failed"]]
    if notes:
        print("\nAudits below 100% outside performance:\n" + "\n".join(notes))
    warnings = sorted({w for row in rows for w in row["warnings"]})
    if warnings:
        print("\nLighthouse warnings:\n" + "\n".join(f"- {w}" for w in warnings))
    print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
