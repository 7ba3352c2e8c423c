"""Network views: generation time and time-to-interactive in headless Debian chromium, kzgraph vs pyvis.

    python benchmarks/viz.py [--sizes 200,2000,10000] [--chromium /usr/bin/chromium]

Synthetic graphs: a random tree plus n/2 extra random edges, 12 classes, every other edge with evidence.
kzgraph: layout + HTML in Python; interactive = ``window.kzgraphReady`` (first full draw done).
pyvis (its defaults: CDN resources, physics on): ``Network.add_node/add_edge`` + ``write_html``; interactive
= vis-network's ``stabilized`` event — offline its CDN scripts cannot load, which is reported as such.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: tests/ holds the launcher
from tests.chromium import LAUNCH_ARGS


def synthetic(n: int) -> tuple[list[tuple[str, str, int]], list[tuple[int, int]]]:
    r = random.Random(n)
    nodes = [(f"https://example.org/n{i}", f"Node {i} узел", i % 12) for i in range(n)]
    edges = [(i, r.randrange(i)) for i in range(1, n)] + [(r.randrange(n), r.randrange(n)) for _ in range(n // 2)]
    return nodes, [(a, b) for a, b in edges if a != b]


def kzgraph_html(n: int) -> tuple[bytes, float]:
    from kzgraph.viz.model import Edge, Evidence, Network, Node
    from kzgraph.viz.render import render
    from kzgraph.viz.views import _spring

    nodes, edges = synthetic(n)
    t = time.perf_counter()
    net = Network(
        view="bench",
        title=f"{n} nodes",
        description="synthetic",
        nodes=[
            Node(iri=iri, labels={"en": label, "ru": label}, cls=f"https://example.org/C{c}", year=1990 + c)
            for iri, label, c in nodes
        ],
        edges=[
            Edge(
                nodes[a][0],
                nodes[b][0],
                f"https://example.org/p{(a + b) % 5}",
                [Evidence("src", a, a + 10, f"quote {a}")] if (a + b) % 2 else [],
            )
            for a, b in edges
        ],
    )
    _spring(net)
    html = render(net)
    return html, time.perf_counter() - t


def pyvis_html(n: int, folder: Path) -> tuple[Path, float]:
    from pyvis.network import Network as PyvisNetwork

    nodes, edges = synthetic(n)
    t = time.perf_counter()
    net = PyvisNetwork(directed=True)
    for iri, label, c in nodes:
        net.add_node(iri, label=label, group=c)
    for a, b in edges:
        net.add_edge(nodes[a][0], nodes[b][0])
    path = folder / f"pyvis-{n}.html"
    with contextlib.chdir(folder):  # pyvis copies its lib/ folder into the working directory
        net.write_html(str(path))
    return path, time.perf_counter() - t


def open_page(browser: object, path: Path, ready: str, timeout: float) -> tuple[float | None, int, list[str]]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    t = time.perf_counter()
    try:
        page.goto(path.resolve().as_uri(), timeout=timeout * 1000)
        deadline = t + timeout
        while not page.evaluate(ready):
            if time.perf_counter() > deadline:
                return None, len(requests), requests
            page.wait_for_timeout(10)
        return time.perf_counter() - t, len(requests), requests
    except PlaywrightError:  # a page that never loads (pyvis offline) counts as not interactive
        return None, len(requests), requests
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200,2000,10000")
    parser.add_argument("--chromium", default=os.environ.get("KZGRAPH_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        browser = p.chromium.launch(executable_path=args.chromium, args=LAUNCH_ARGS)
        for n in sizes:
            html, gen = kzgraph_html(n)
            path = folder / f"kzgraph-{n}.html"
            path.write_bytes(html)
            tti, nreq, _ = open_page(browser, path, "window.kzgraphReady === true", args.timeout)
            rows.append(("kzgraph", n, gen, len(html), tti, nreq - 1))
            ppath, pgen = pyvis_html(n, folder)
            # vis-network's global and pyvis's ``network`` exist only once the CDN scripts have run
            ready = "typeof vis !== 'undefined' && typeof network !== 'undefined' && network !== null"
            ptti, preq, _ = open_page(browser, ppath, ready, args.timeout)
            rows.append(("pyvis", n, pgen, ppath.stat().st_size, ptti, preq - 1))
            print(rows[-2], rows[-1], file=sys.stderr, flush=True)
        browser.close()
    print("| renderer | nodes | generation (s) | file size | time to interactive (s) | external requests |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, n, gen, size, tti, ext in rows:
        shown = f"{tti:.2f}" if tti is not None else "never (CDN scripts unreachable offline)"
        print(f"| {name} | {n:,} | {gen:.2f} | {size / 1024:,.0f} KiB | {shown} | {ext} |")


if __name__ == "__main__":
    main()
