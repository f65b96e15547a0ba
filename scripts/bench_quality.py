"""Quality benchmark: Lighthouse scores (every run), page weight and search index size, measured on
the built site served from 127.0.0.1. Not part of the test suite. Build times: scripts/bench_build.py.

    .venv/bin/python scripts/bench_quality.py            # 5 mobile runs and 1 desktop run per page
    .venv/bin/python scripts/bench_quality.py --quick    # 1 run of each, about 4 minutes
    .venv/bin/python scripts/bench_quality.py --pages ko:module,en:module --runs 5

It builds the real `mkdocs.yml` (without the PDF books) into a temporary directory, serves it on
127.0.0.1 the way GitHub Pages does (common.serve: gzip, `Cache-Control: max-age=600`, ETag, the
404 page), and measures, for each kind of page in both languages (home, a module page with
diagrams, the glossary, and the study pages where the build has them):

- Lighthouse (node_modules/.bin/lighthouse, Debian's Chromium, mobile and desktop presets): every
  run's four category scores, FCP, LCP, TBT, CLS and transfer size, then the lowest, the median and
  the highest. A target such as "performance ≥ 95 on every run" is read off the lowest.
- What a reader downloads on each page, by kind (HTML, CSS, JS, fonts, Mermaid, search index,
  other), with the number of requests, on a first visit (empty cache) and a second (warm cache),
  reading the page to the end so every diagram and font subset is loaded.
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
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "hooks"))
OUTPUT = ROOT / "test-output" / "lighthouse"
from common import CACHE_SECONDS, CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402 (hooks/common.py: served as GitHub Pages would)
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "module": "modules/03-networking-1/", "glossary": "glossary/",
         "review": "study/review/", "exam": "study/exam/", "flashcards": "study/flashcards/"}
DEFAULT_LANGUAGE = "ko"
OTHER_LANGUAGES = ("en",)
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
    parser.add_argument("--runs", type=int, default=5, help="mobile Lighthouse runs per page (default 5)")
    parser.add_argument("--desktop-runs", type=int, default=1, help="desktop Lighthouse runs per page (default 1)")
    parser.add_argument("--quick", action="store_true", help="one run of each preset")
    parser.add_argument("--pages", help="only these pages, e.g. `ko:module,en:glossary` (default: all)")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building one")
    parser.add_argument("--json", type=Path, help="also write the raw numbers to this file")
    args = parser.parse_args()
    if args.quick:
        args.runs = args.desktop_runs = 1
    check_prerequisites()

    results: dict = {"machine": machine()}
    print(f"# Quality benchmark, {results['machine']['date']}\n")
    print(f"Machine: {results['machine']['description']}\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as scratch:
        site = args.site or build_site(Path(scratch) / "site")
        pages = pages_to_measure(site, args.pages)
        results["search"] = search_index_sizes(site)
        print_search(results["search"])
        with serve(site) as base_url:
            results["weights"] = page_weights(base_url, pages)
            print_weights(results["weights"])
            results["lighthouse"] = run_lighthouse(base_url, pages, {"mobile": args.runs, "desktop": args.desktop_runs})
            print_lighthouse(results["lighthouse"])
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


def build_site(site: Path) -> Path:
    print("building the site (no PDF books) …", file=sys.stderr, flush=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PDF_EXPORT="0")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                            capture_output=True, text=True, cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(f"bench_quality: the build failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return site


def pages_to_measure(site: Path, wanted: str | None) -> list[tuple[str, str, str]]:
    """(language, name, path from the site's root) of every page to measure that the build has."""
    found = []
    for lang in (DEFAULT_LANGUAGE, *OTHER_LANGUAGES):
        prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
        for name, path in PAGES.items():
            if (site / prefix / path / "index.html").exists():
                found.append((lang, name, prefix + path))
    if wanted:
        chosen = {tuple(item.split(":", 1)) for item in wanted.split(",")}
        found = [page for page in found if page[:2] in chosen]
    return found


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


def page_weights(base_url: str, pages: list[tuple[str, str, str]]) -> list[dict]:
    """Bytes over the wire by kind, first visit (empty cache) and second visit (warm cache), in
    Chromium with a phone's viewport, reading each page to its end."""
    from playwright.sync_api import sync_playwright

    print("page weights …", file=sys.stderr, flush=True)
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_FLAGS)
        for lang, name, path in pages:
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
                rows.append({"lang": lang, "page": name, "path": path, "visit": visit, "requests": requests, "bytes": sizes,
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
        print(f"| {row['lang']} {row['page']} (`/{row['path']}`) | {row['visit']} | {cells} | **{kb(row['total'])}** | {row['requests']} |")
    print(flush=True)


# -----------------------------------------------------------------------------
# Lighthouse


def run_lighthouse(base_url: str, pages: list[tuple[str, str, str]], runs: dict[str, int]) -> list[dict]:
    """Every run of every page and preset, consecutive runs of one page after another."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    results = []
    for lang, name, path in pages:
        for preset, count in runs.items():
            reports = []
            for run in range(count):
                print(f"lighthouse {lang} {name} {preset} {run + 1}/{count} …", file=sys.stderr, flush=True)
                report_file = OUTPUT / f"{lang}-{name}-{preset}-{run + 1}.json"
                lighthouse(base_url + path, preset, report_file)
                reports.append(summarise(json.loads(report_file.read_text(encoding="utf-8")), base_url))
            results.append({"lang": lang, "page": name, "path": path, "preset": preset, "runs": reports,
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
    for attempt in (1, 2):  # a protocol time-out on a busy machine is worth one more try, said aloud
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        if result.returncode == 0 and report_file.exists():
            return
        print(f"bench_quality: Lighthouse failed on {url} ({preset}), attempt {attempt}", file=sys.stderr)
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


def print_lighthouse(rows: list[dict]) -> None:
    print("## Lighthouse\n")
    print("Lighthouse's default simulated throttling (mobile: slow 4G and a 4× CPU slowdown; desktop preset). "
          "Every run, in order; then the lowest / median / highest. Transfer: Lighthouse's total byte weight. "
          "CPU index: Lighthouse's benchmark of this machine at the start of each run (a low index, a slow or busy "
          "machine, lowers performance).\n")
    print("| Page | Preset | Performance (every run) | low / median / high | Accessibility | Best practices | SEO "
          "| FCP | LCP | TBT | CLS | Transfer | CPU index |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        runs = row["runs"]
        perf = [r["scores"]["performance"] for r in runs]
        low = {c: min(r["scores"][c] for r in runs) for c in CATEGORIES}

        def spread(key: str, scale: float = 1, digits: int = 0) -> str:
            values = sorted(r[key] / scale for r in runs)
            return f"{values[0]:.{digits}f}–{values[-1]:.{digits}f}" if len(values) > 1 else f"{values[0]:.{digits}f}"

        print(f"| {row['lang']} {row['page']} (`/{row['path']}`) | {row['preset']} | {', '.join(map(str, perf))} | "
              f"{min(perf)} / {statistics.median(perf):.0f} / {max(perf)} | {low['accessibility']} | "
              f"{low['best-practices']} | {low['seo']} | {spread('fcp_ms', 1000, 1)} s | {spread('lcp_ms', 1000, 1)} s | "
              f"{spread('tbt_ms')} ms | {spread('cls', 1, 3)} | {kb(statistics.median(r['bytes'] for r in runs))} | "
              f"{spread('benchmark_index')} |")
    notes = sorted({f"- {row['lang']} {row['page']} {row['preset']}: {', '.join(r['failed'])}"
                    for row in rows for r in row["runs"] if r["failed"]})
    if notes:
        print("\nAudits below 100% outside performance (any run):\n" + "\n".join(notes))
    warnings = sorted({w for row in rows for r in row["runs"] for w in r["warnings"]})
    if warnings:
        print("\nLighthouse warnings:\n" + "\n".join(f"- {w}" for w in warnings))
    print(flush=True)


if __name__ == "__main__":
    sys.exit(main())
