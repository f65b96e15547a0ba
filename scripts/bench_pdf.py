"""Time the PDF books: the site built without them, then with them, and each book's pages and size.

    .venv/bin/python scripts/bench_pdf.py [--runs N]

Both builds are real `mkdocs build` runs into a temporary directory (`PDF_EXPORT=0`, then `=1`);
the export's cost is the difference. CPU seconds add up the build's processes, Chromium's
included (sampled from /proc), and do not depend on what else the machine is doing, unlike wall
seconds. Not a test: it prints figures for the README and fails only if a build fails.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK_LINE = re.compile(r"PDF book \((\w+)\): (\S+), (\d+) pages, ([\d.]+) MB, ([\d.]+) s")


def build(site: Path, export: bool) -> tuple[float, float, str]:
    """Wall and CPU seconds of one strict build, and its log."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PDF_EXPORT="1" if export else "0")
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
        )
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
    parser.add_argument("--runs", type=int, default=1, help="builds with PDFs to time (default 1)")
    runs = parser.parse_args().runs
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as directory:
        site = Path(directory) / "site"
        wall, cpu, _ = build(site, export=False)
        print(f"build without PDF books: {wall:6.1f} s wall, {cpu:6.1f} s CPU")
        for run in range(1, runs + 1):
            wall_pdf, cpu_pdf, log = build(site, export=True)
            print(
                f"build with PDF books:    {wall_pdf:6.1f} s wall, {cpu_pdf:6.1f} s CPU "
                f"(run {run}; the books add {wall_pdf - wall:.1f} s wall, {cpu_pdf - cpu:.1f} s CPU)"
            )
            for language, file, pages, size, seconds in BOOK_LINE.findall(log):
                print(f"  {language}: {file}, {pages} pages, {size} MB, printed in {seconds} s (in parallel)")


if __name__ == "__main__":
    main()
