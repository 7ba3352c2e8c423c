"""Network views: generation time and time-to-interactive in headless Debian chromium, kzgraph vs pyvis, and the
force layouts (networkx spring_layout vs kzgraph's numpy spring) in the same run.

    python benchmarks/viz.py [--sizes 200,2000,10000] [--chromium /usr/bin/chromium] [--nx-max 2000]
    python benchmarks/viz.py --shots benchmarks/figures [--store build/store]    # screenshots of the real views

Synthetic graphs: a random tree plus n/2 extra random edges, 12 classes, every other edge with evidence.
kzgraph: networkx analysis (centralities, Louvain) + community layout + HTML in Python; interactive =
``window.kzgraphReady`` (first full draw, labels placed), after which the labels drawn are measured through
``window.kzgraphLabels()``. pyvis (its defaults: CDN resources, physics on): ``Network.add_node/add_edge`` +
``write_html``; offline its CDN scripts cannot load, which is reported as such. kzgraph's pyvis renderer
(``--renderer pyvis``: vis-network inlined, physics on, positions from kzgraph's layout): interactive = its first
``afterDrawing``. Layouts: ``networkx.spring_layout`` (seed 7, 50 iterations) against ``kzgraph.viz.layout.spring``
on the same graph (networkx only up to ``--nx-max`` nodes: its pure-Python sparse solver takes minutes above).
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


def synthetic_network(n: int) -> object:
    from kzgraph.viz.model import Edge, Evidence, Network, Node

    nodes, edges = synthetic(n)
    return Network(
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


def kzgraph_html(n: int, *, renderer: str = "kzgraph") -> tuple[bytes, float]:
    from kzgraph.viz.arrange import arrange
    from kzgraph.viz.pyvis_page import render_pyvis
    from kzgraph.viz.render import render

    t = time.perf_counter()
    net = synthetic_network(n)
    arrange(net)  # type: ignore[arg-type]
    html = render(net) if renderer == "kzgraph" else render_pyvis(net)  # type: ignore[arg-type]
    return html, time.perf_counter() - t


def layouts(n: int, nx_max: int) -> tuple[float | None, float]:
    """Seconds of networkx's spring_layout (None above ``nx_max``) and of kzgraph's spring on the same graph."""
    import networkx as nx

    from kzgraph.viz import layout

    _nodes, edges = synthetic(n)
    t = time.perf_counter()
    layout.spring(n, edges, seed=7)
    ours = time.perf_counter() - t
    if n > nx_max:
        return None, ours
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    t = time.perf_counter()
    nx.spring_layout(g, seed=7, iterations=50)
    return time.perf_counter() - t, ours


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


def open_page(
    browser: object, path: Path, ready: str, timeout: float, *, labels: bool = False
) -> tuple[float | None, int, str]:
    """Seconds to interactive (None: never), requests made, and (``labels``) the legibility of the drawn labels."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    t = time.perf_counter()
    try:
        page.goto(path.resolve().as_uri(), timeout=timeout * 1000)
        deadline = t + timeout
        while not page.evaluate(ready):
            if time.perf_counter() > deadline:
                return None, len(requests), ""
            page.wait_for_timeout(10)
        tti = time.perf_counter() - t
        seen = ""
        if labels:
            from tests.viz.legibility import measure

            m = measure(page)
            seen = (
                f"{m.labels} labels, {m.overlapping} overlapping, {m.cut_off} cut off, {m.node_overlaps} node overlaps"
            )
        return tti, len(requests), seen
    except PlaywrightError:  # a page that never loads (pyvis offline) counts as not interactive
        return None, len(requests), ""
    finally:
        page.close()


def screenshots(browser: object, store_location: str, folder: Path) -> list[str]:
    """Every build view, the path view and the pyvis page of the institutions at 1400x900 (JPEG files in
    ``folder``), with the legibility of each default view."""
    from kzgraph.stores import open_store
    from kzgraph.viz import extract
    from kzgraph.viz.views import BUILD_VIEWS, view_html, view_network
    from tests.viz.legibility import measure

    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    with open_store(store_location) as store, tempfile.TemporaryDirectory() as tmp:
        data = extract.load(store)
        pages = [(name, view_html(data, view_network(store, data, name))) for name in BUILD_VIEWS]
        koreans_to_president = view_network(
            store, data, "path", entity="Association of Koreans", other="President of the Republic of Kazakhstan"
        )
        pages.append(("path", view_html(data, koreans_to_president)))
        pages.append(
            ("institutions-pyvis", view_html(data, view_network(store, data, "institutions"), renderer="pyvis"))
        )
        for name, html in pages:
            path = Path(tmp) / f"{name}.html"
            path.write_bytes(html)
            page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
            page.goto(path.resolve().as_uri())
            while not page.evaluate("window.kzgraphReady === true"):
                page.wait_for_timeout(20)
            if name.endswith("pyvis"):
                page.wait_for_timeout(3000)  # let the physics settle
            else:
                m = measure(page)
                lines.append(
                    f"{name}: {m.labels} labels, {m.overlapping} overlapping, {m.cut_off} cut off, "
                    f"{m.node_overlaps} node overlaps, top 15 unlabelled: {len(m.unlabelled_top)}"
                )
            page.screenshot(path=str(folder / f"view-{name}.jpg"), type="jpeg", quality=75)
            page.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200,2000,10000")
    parser.add_argument("--chromium", default=os.environ.get("KZGRAPH_CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--nx-max", type=int, default=2000, help="largest graph networkx's spring_layout is run on")
    parser.add_argument(
        "--shots", type=Path, default=None, help="only take screenshots of the real views into this folder"
    )
    parser.add_argument("--store", default="build/store", help="the built store the screenshots are taken of")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    from playwright.sync_api import sync_playwright

    if args.shots is not None:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=LAUNCH_ARGS)
            print("\n".join(screenshots(browser, args.store, args.shots)))
            browser.close()
        return

    rows = []
    timings = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        browser = p.chromium.launch(executable_path=args.chromium, args=LAUNCH_ARGS)
        for n in sizes:
            html, gen = kzgraph_html(n)
            path = folder / f"kzgraph-{n}.html"
            path.write_bytes(html)
            tti, nreq, seen = open_page(browser, path, "window.kzgraphReady === true", args.timeout, labels=True)
            rows.append(("kzgraph", n, gen, len(html), tti, nreq - 1, seen))
            vhtml, vgen = kzgraph_html(n, renderer="pyvis")
            vpath = folder / f"kzgraph-pyvis-{n}.html"
            vpath.write_bytes(vhtml)
            vtti, vreq, _ = open_page(browser, vpath, "window.kzgraphReady === true", args.timeout)
            rows.append(("kzgraph --renderer pyvis", n, vgen, len(vhtml), vtti, vreq - 1, ""))
            ppath, pgen = pyvis_html(n, folder)
            # vis-network's global and pyvis's ``network`` exist only once the CDN scripts have run
            ready = "typeof vis !== 'undefined' && typeof network !== 'undefined' && network !== null"
            ptti, preq, _ = open_page(browser, ppath, ready, args.timeout)
            rows.append(("pyvis (defaults)", n, pgen, ppath.stat().st_size, ptti, preq - 1, ""))
            timings.append((n, *layouts(n, args.nx_max)))
            print(rows[-3:], timings[-1], file=sys.stderr, flush=True)
        browser.close()
    print(
        "| renderer | nodes | generation (s) | file size | time to interactive (s) | external requests | labels at the default view |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, n, gen, size, tti, ext, seen in rows:
        shown = f"{tti:.2f}" if tti is not None else f"never within {args.timeout:.0f} s"
        if tti is None and ext:
            shown = "never (CDN scripts unreachable offline)"
        print(f"| {name} | {n:,} | {gen:.2f} | {size / 1024:,.0f} KiB | {shown} | {ext} | {seen} |")
    print()
    print("| nodes | networkx spring_layout (s) | kzgraph spring (s) |")
    print("|---:|---:|---:|")
    for n, theirs, ours in timings:
        print(f"| {n:,} | {'not run' if theirs is None else f'{theirs:.2f}'} | {ours:.2f} |")


if __name__ == "__main__":
    main()
