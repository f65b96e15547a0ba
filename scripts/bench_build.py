"""Time the builds an author waits for: a clean build (the PDF books printed), an unchanged
rebuild (the books copied from the cache), a build without the books, and the same docs with
`hooks: []`; and each book's pages and size.

    .venv/bin/python scripts/bench_build.py [--runs 3]

Every build is a real `mkdocs build` into a temporary directory, with its own empty book cache
(`BUILD_CACHE_DIR`: books and font subset) for the clean build, reused by the rebuild that follows. The kinds alternate
within each run, so a busy machine slows them alike; every run is printed, then the median.
CPU seconds add up the build's processes, Chromium's included (sampled from /proc). Not a test: it
prints figures for the README and fails only if a build fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK_LINE = re.compile(r"PDF book \((\w+)\): (\S+), (\d+) pages, ([\d.]+) MB, ([\d.]+) s")


def build(site: Path, export: bool, cache: Path | None = None, config: Path | None = None, strict: bool = True):
    """Wall and CPU seconds of one build, and its log."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PDF_EXPORT="1" if export else "0")
    if cache is not None:
        env["BUILD_CACHE_DIR"] = str(cache)
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(site)] + (["--strict"] if strict else [])
    command += ["-f", str(config)] if config else []
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        cpu: dict[int, float] = {}
        while process.poll() is None:
            cpu.update(tree_cpu(process.pid))
            time.sleep(0.2)
        wall = time.perf_counter() - started
        log.seek(0)
        output = log.read()
    if process.returncode:
        sys.exit(f"mkdocs build failed:\n{output[-3000:]}")
    return wall, sum(cpu.values()), output


def tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds so far of a process and all its descendants (Chromium's too), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents, used = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # gone meanwhile
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks
    tree, grown = {root}, True
    while grown:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grown = bool(children)
    return {pid: used[pid] for pid in tree if pid in used}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each kind of build (default 3)")
    runs = parser.parse_args().runs
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d')}")
    kinds = ["clean", "unchanged rebuild", "no PDF books", "hooks: []"]
    times: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory() as directory:
        scratch = Path(directory)
        no_hooks = scratch / "mkdocs-no-hooks.yml"
        # Relative paths in a config resolve from the config's folder: point them back at the project.
        no_hooks.write_text(
            f"INHERIT: {json.dumps(str(ROOT / 'mkdocs.yml'))}\n"
            f"docs_dir: {json.dumps(str(ROOT / 'docs'))}\n"
            f"theme:\n  custom_dir: {json.dumps(str(ROOT / 'overrides'))}\n"
            f"watch: [{json.dumps(str(ROOT / 'data'))}]\nhooks: []\n",
            encoding="utf-8",
        )
        for run in range(1, runs + 1):
            cache = scratch / f"cache-{run}"
            for kind in kinds:
                site = scratch / f"site-{run}-{kind.replace(' ', '-').replace(':', '')}"
                print(f"run {run}/{runs}: {kind} …", file=sys.stderr, flush=True)
                if kind == "hooks: []":  # not strict: without the hooks, nothing serves Mermaid and the font
                    wall, cpu, log = build(site, export=False, config=no_hooks, strict=False)
                else:
                    wall, cpu, log = build(site, export=kind != "no PDF books", cache=cache)
                times[kind].append((wall, cpu))
                if kind == "unchanged rebuild" and "unchanged: copied" not in log:
                    sys.exit("bench_build: the rebuild printed the books again: the cache missed")
                if kind == "clean" and run == 1:
                    books = BOOK_LINE.findall(log)
    print("\n| Build | Median wall | Runs (wall) | Median CPU |")
    print("| --- | ---: | --- | ---: |")
    for kind in kinds:
        walls = [wall for wall, _ in times[kind]]
        cpus = [cpu for _, cpu in times[kind]]
        print(f"| {kind} | {statistics.median(walls):.1f} s | {', '.join(f'{w:.1f}' for w in walls)} | "
              f"{statistics.median(cpus):.1f} s |")
    base = statistics.median(wall for wall, _ in times["hooks: []"])
    rebuild = statistics.median(wall for wall, _ in times["unchanged rebuild"])
    print(f"\nunchanged rebuild / hooks: [] = {rebuild / base:.2f}×")
    for language, file, pages, size, seconds in books:
        print(f"  {language}: {file}, {pages} pages, {size} MB, printed in {seconds} s (in parallel)")


if __name__ == "__main__":
    main()
