"""The workbench's first page of results (issue 14): ``SELECT * {?s ?p ?o}`` as HTML in under 0.5 s, no page over 1 MB.

Run from the repository root after ``kzgraph build``::

    python benchmarks/workbench.py [--store build/store] [--repeat 20]

Measured, each ``--repeat`` times after one warm-up request:

- through ``kzgraph serve`` as deployed (uvicorn, the query worker pool, a time limit), over HTTP from this process:
  the first page of ``SELECT * {?s ?p ?o}`` as HTML (100 rows, paged by the query itself);
- in this process (:class:`kzgraph.web.workbench.Workbench`, no time limit, no HTTP): the same page, i.e. the
  engine's and the page's own time;
- the baseline, in the same run: the whole answer to the same query as SPARQL JSON from
  ``oxigraph serve-read-only`` on the same store — what a page that did not page its query would start from.

Also the size of the largest page the workbench can be asked for (500 rows of the longest quotes). Prints the
median, 95th percentile and max of each. Not part of pytest: the targets are checked here, not in timed tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "benchmarks")]

import server as bench

from kzgraph.stores import open_store
from kzgraph.web.workbench import WebRequest, Workbench

EVERYTHING = "SELECT * {?s ?p ?o}"
LONGEST = "SELECT ?s ?q WHERE { ?s oa:exact ?q } ORDER BY DESC(STRLEN(?q))"


def fetch(url: str, accept: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as r:
        return bytes(r.read())


def timed(run: Callable[[], int], repeat: int) -> tuple[list[float], int]:
    """Seconds per call of ``run`` (sorted), after one warm-up call, and the size it returned."""
    size = run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        size = run()
        times.append(time.perf_counter() - start)
    return sorted(times), size


def report(name: str, times: list[float], size: int) -> None:
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"{name}: median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {times[-1] * 1000:.0f} ms; {size:,} bytes"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / "build" / "store")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if not args.store.is_dir():
        raise SystemExit(f"{args.store}: no store; run 'kzgraph build' first")
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"load average at start {os.getloadavg()[0]:.1f}"
    )
    kz_port, ox_port = bench.free_port(), bench.free_port()
    kz = bench.start_kzgraph(args.store, kz_port)
    ox = bench.start_oxigraph(args.store, ox_port)
    try:
        page_url = f"http://127.0.0.1:{kz_port}/sparql?" + urlencode({"query": EVERYTHING})
        whole_url = f"http://127.0.0.1:{ox_port}/query?" + urlencode({"query": EVERYTHING})
        served = timed(lambda: len(fetch(page_url, "text/html")), args.repeat)
        whole = timed(lambda: len(fetch(whole_url, bench.JSON)), args.repeat)
        largest_url = f"http://127.0.0.1:{kz_port}/sparql?" + urlencode({"query": LONGEST, "limit": 500})
        largest = len(fetch(largest_url, "text/html"))
    finally:
        bench.stop(kz)
        bench.stop(ox)
    store = open_store(args.store)
    try:
        workbench = Workbench(store, timeout=None)
        request = WebRequest("/sparql", {"query": [EVERYTHING]}, {})
        in_process = timed(lambda: len(workbench.sparql(request).body), args.repeat)
    finally:
        store.close()

    print(f"{EVERYTHING} ({args.repeat} runs after a warm-up):")
    report("  first page as HTML, through kzgraph serve (worker pool)", *served)
    report("  first page as HTML, in process (Workbench, no HTTP)", *in_process)
    report("  baseline: the whole answer as SPARQL JSON from oxigraph serve-read-only", *whole)
    print(f"largest page (500 rows of the longest quotes): {largest:,} bytes")
    target = statistics.median(served[0]) < 0.5 and largest < 1_000_000
    print(f"targets (first page < 0.5 s through the server, every page < 1 MB): {'met' if target else 'NOT met'}")
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
