"""Network analysis (kzgraph.network) against networkx's own results, the layout's guarantees, the path view, the
pyvis page's offline markup and ``kzgraph network-stats``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from kzgraph.network import analyse, entity_graph, ranking, shortest_paths, undirected
from kzgraph.viz.model import Edge, Evidence, Network, Node

APK = "https://w3id.org/kzgraph/id/apk"
PRESIDENT = "https://w3id.org/kzgraph/id/president-of-kazakhstan"


def _simple(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected projection, built here independently: one edge per pair, weight = relations between them."""
    weights: dict[tuple[str, str], int] = {}
    for a, b, attrs in graph.edges(data=True):
        if a != b:
            key = (min(a, b), max(a, b))
            weights[key] = weights.get(key, 0) + attrs["weight"]
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    return simple


def test_measures_equal_networkx_own_on_the_same_graph(store: Any) -> None:
    from kzgraph import KnowledgeGraph

    graph = KnowledgeGraph(store).to_networkx()
    assert graph.number_of_nodes() > 200 and graph.number_of_edges() > 300
    found = analyse(graph)
    simple = _simple(graph)
    assert found.degree == pytest.approx(nx.degree_centrality(simple))
    assert found.betweenness == pytest.approx(nx.betweenness_centrality(simple))
    assert found.eigenvector == pytest.approx(nx.eigenvector_centrality(simple, max_iter=1000, weight="weight"))
    assert found.core == nx.core_number(simple)
    theirs = nx.community.louvain_communities(simple, weight="weight", seed=7)
    assert sorted(found.communities()) == sorted(sorted(c) for c in theirs)
    assert found.modularity == pytest.approx(nx.community.modularity(simple, theirs, weight="weight"))
    # what the numbers say about the graph: the Assembly is its hub, and it falls into several communities
    assert ranking(found, by="betweenness")[0]["node"] == APK
    assert ranking(found, by="degree")[0]["node"] == APK
    assert len(found.communities()) > 5 and found.modularity > 0.3
    assert found.communities() == analyse(graph).communities()  # seeded: the same every time


def test_entity_graph_carries_evidence(store: Any) -> None:
    from kzgraph.viz.extract import load

    graph = entity_graph(load(store))
    relations = graph.get_edge_data(APK, PRESIDENT) or {}
    chaired = relations.get("https://w3id.org/kzgraph/ontology#chairedBy")
    assert chaired is not None, sorted(relations)
    assert chaired["evidence"] and {"source", "start", "end", "quote"} <= set(chaired["evidence"][0])
    assert graph.nodes[APK]["label"] == "Assembly of People of Kazakhstan"
    assert graph.nodes[APK]["labels"]["ru"] == "Ассамблея народа Казахстана"


def test_shortest_paths_and_errors() -> None:
    from kzgraph.errors import NotFoundError

    g = undirected([("a", "b", 1), ("b", "d", 1), ("a", "c", 1), ("c", "d", 1), ("x", "y", 1)], ["lonely"])
    assert shortest_paths(g, "a", "d") == [["a", "b", "d"], ["a", "c", "d"]]
    with pytest.raises(NotFoundError, match="no path"):
        shortest_paths(g, "a", "x")
    with pytest.raises(NotFoundError, match="not in the network"):
        shortest_paths(g, "a", "nowhere")


def test_path_view_joins_two_entities_with_evidence(store: Any) -> None:
    from kzgraph.viz.extract import load
    from kzgraph.viz.views import path_view

    data = load(store)
    koreans = "https://w3id.org/kzgraph/id/association-of-koreans"
    net = path_view(data, koreans, PRESIDENT)
    g = undirected(((e.source, e.target, 1) for e in data.edges), data.nodes)
    length = nx.shortest_path_length(g, koreans, PRESIDENT)
    assert {n.iri for n in net.nodes} == {i for p in nx.all_shortest_paths(g, koreans, PRESIDENT) for i in p}
    assert len(net.edges) >= length and all(e.evidence or e.note for e in net.edges)
    assert min(n.x for n in net.nodes if n.iri == koreans) < min(n.x for n in net.nodes if n.iri == PRESIDENT)


def _overlapping(net: Network) -> int:
    from kzgraph.viz.arrange import radii

    r = radii(net)
    pos = np.array([(n.x, n.y) for n in net.nodes])
    count = 0
    for i in range(len(pos)):
        d = np.hypot(*(pos[i + 1 :] - pos[i]).T)
        count += int((d < r[i + 1 :] + r[i]).sum())
    return count


def test_build_views_place_no_two_nodes_on_each_other(store: Any) -> None:
    from kzgraph.viz.extract import load
    from kzgraph.viz.views import VIEWS

    data = load(store)
    for name, make in VIEWS.items():
        net = make(data)
        assert _overlapping(net) == 0, name
        assert len({n.rank for n in net.nodes}) == len(net.nodes), name


def test_isolated_nodes_go_to_a_grid_below() -> None:
    from kzgraph.viz.arrange import arrange

    nodes = [
        Node(iri=f"https://example.org/{i:02d}", labels={"en": str(i)}, cls="https://example.org/C") for i in range(30)
    ]
    edges = [Edge(nodes[i].iri, nodes[i + 1].iri, "https://example.org/p") for i in range(19)]
    net = Network(view="t", title="t", description="", nodes=nodes, edges=edges)
    arrange(net)
    linked, alone = nodes[:20], nodes[20:]
    assert min(n.y for n in alone) > max(n.y for n in linked)
    rows = sorted({n.y for n in alone})
    assert len(rows) <= 3  # a tidy grid: few rows, shared y per row
    assert _overlapping(net) == 0
    again = Network(
        view="t",
        title="t",
        description="",
        nodes=[Node(iri=n.iri, labels=n.labels, cls=n.cls) for n in nodes],
        edges=edges,
    )
    arrange(again)
    assert [(n.x, n.y) for n in again.nodes] == [(n.x, n.y) for n in nodes]  # seeded, deterministic


def test_large_graphs_use_the_numpy_layout_and_stay_apart() -> None:
    import random

    from kzgraph.viz import layout

    r = random.Random(3)
    n = layout.NX_LIMIT + 200
    edges = [(i, r.randrange(i)) for i in range(1, n)]
    pos = np.array(layout.community_layout(n, edges, [i % 7 for i in range(n)], [7.0] * n))
    d = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    assert d.min() >= 14.0 - 0.2


def _hostile_network() -> Network:
    evil = "<img src=x onerror=alert(1)>"
    return Network(
        view="test",
        title=evil,
        description=evil,
        nodes=[
            Node(iri="https://example.org/a", labels={"en": evil}, cls="https://example.org/C", x=0),
            Node(
                iri="https://example.org/b",
                labels={"en": "</script><script>alert(2)</script>"},
                cls="https://example.org/C",
                x=80,
            ),
        ],
        edges=[
            Edge(
                "https://example.org/a", "https://example.org/b", "https://example.org/p", [Evidence("src", 1, 2, evil)]
            ),
            Edge("https://example.org/b", "https://example.org/a", "https://example.org/q", [], evil),
        ],
        labels={"https://example.org/C": {"en": evil}},
    )


def test_pyvis_page_is_offline_escaped_and_deterministic() -> None:
    from kzgraph.viz.pyvis_page import render_pyvis

    page = render_pyvis(_hostile_network())
    text = page.decode("utf-8")
    assert page == render_pyvis(_hostile_network())
    assert "default-src 'none'" in text
    assert "<img" not in text and "</script><script>alert" not in text
    assert "bootstrap" not in text.lower() and "cdnjs" not in text and "jsdelivr" not in text
    assert "<script src" not in text and "<link" not in text
    assert "vis.Network" in text and "DataSet" in text  # vis-network inlined


def test_both_renderers_read_one_view_model(store: Any) -> None:
    from kzgraph.viz.render import payload
    from kzgraph.viz.views import render_view

    kz = render_view(store, "ethnic-groups")
    pv = render_view(store, "ethnic-groups", renderer="pyvis")
    assert kz == render_view(store, "ethnic-groups") and pv == render_view(store, "ethnic-groups", renderer="pyvis")
    start = pv.index(b'id="pyvis-nodes">') + len(b'id="pyvis-nodes">')
    nodes = json.loads(pv[start : pv.index(b"</script>", start)])
    from kzgraph.viz.extract import load
    from kzgraph.viz.views import VIEWS

    model = payload(VIEWS["ethnic-groups"](load(store)))
    assert [n["id"] for n in nodes] == [n["id"] for n in model["nodes"]]
    assert [(n["x"], n["y"]) for n in nodes] == [(n["x"], n["y"]) for n in model["nodes"]]


def test_cli_network_stats_and_path(built: Any, tmp_path: Path) -> None:
    from kzgraph.cli import main

    runner = CliRunner()
    store = str(Path(built.out) / "store")
    r = runner.invoke(main, ["network-stats", "--top", "5", "--store", store], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "Louvain communities" in r.output and "Assembly of People of Kazakhstan" in r.output.splitlines()[2]
    r = runner.invoke(
        main,
        ["network-stats", "institutions", "--by", "eigenvector", "--format", "csv", "--top", "0", "--store", store],
    )
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert r.exit_code == 0 and rows[0]["entity"] == "kzid:apk"
    values = [float(row["eigenvector"]) for row in rows]
    assert values == sorted(values, reverse=True) and len(rows) > 50
    r = runner.invoke(main, ["network-stats", "--format", "json", "--top", "3", "--store", store])
    assert [row["rank"] for row in json.loads(r.output)] == [1, 2, 3]
    out = tmp_path / "path.html"
    r = runner.invoke(
        main,
        ["viz", "path", "Association of Koreans", "Ассамблея народа Казахстана", "--store", store, "-o", str(out)],
    )
    assert r.exit_code == 0, r.output
    assert "association-of-koreans" in out.read_text(encoding="utf-8")
    r = runner.invoke(main, ["viz", "path", "Association of Koreans", "--store", store, "-o", str(out)])
    assert r.exit_code == 2 and "path A B" in r.output
    r = runner.invoke(main, ["viz", "path", "Association of Koreans", "Akzhol", "--store", store, "-o", str(out)])
    assert r.exit_code == 2 and "no chain of relations joins kzid:association-of-koreans and kzid:akzhol" in r.output
    r = runner.invoke(main, ["viz", "institutions", "--renderer", "pyvis", "--store", store, "-o", str(out)])
    assert r.exit_code == 0 and "vis.Network" in out.read_text(encoding="utf-8")
