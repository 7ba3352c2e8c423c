"""Network analysis with networkx: the graph of entities, its centralities, communities, k-cores and shortest paths.

networkx is the model here, not a helper: :func:`entity_graph` turns what the store holds into a
``networkx.MultiDiGraph`` (one edge per relation, keyed by its predicate, carrying its evidence), and every
measure is networkx's own function, called with fixed parameters and a fixed seed, so that the numbers a
researcher gets from ``kzgraph network-stats``, from the views and from ``networkx`` on
``KnowledgeGraph.to_networkx()`` are the same numbers.

The measures read the *undirected* simple graph (:func:`undirected`): a relation joins two entities whichever
way the sources phrase it (a theatre "is under the auspices of" the Assembly; the Assembly "chairs" a
council), and parallel relations add to an edge's weight.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from kzgraph.errors import NotFoundError

if TYPE_CHECKING:
    from kzgraph.viz.extract import GraphData

MEASURES = ("degree", "betweenness", "eigenvector")
SEED = 7
SAMPLE_ABOVE = 500  # above this many nodes, betweenness is estimated from SAMPLES seeded source nodes
SAMPLES = 32


@dataclass
class Analysis:
    """The measures of one graph, each a mapping node -> value."""

    degree: dict[str, float]  # networkx degree_centrality (degree / (n - 1))
    betweenness: dict[str, float]  # betweenness_centrality, normalised, shortest = fewest relations
    eigenvector: dict[str, float]  # eigenvector centrality, edge weight = number of relations
    core: dict[str, int]  # core_number: the largest k such that the node is in the k-core
    community: dict[str, int]  # Louvain community (modularity-based, seeded); 0 = the largest
    modularity: float
    sampled: bool = False  # betweenness was estimated from a sample of sources

    def measure(self, name: str) -> dict[str, float]:
        if name not in MEASURES:
            raise NotFoundError(f"unknown centrality '{name}' (choose one of: {', '.join(MEASURES)})")
        values: dict[str, float] = getattr(self, name)
        return values

    def communities(self) -> list[list[str]]:
        """The communities as sorted lists of nodes, the largest first."""
        found: dict[int, list[str]] = {}
        for node, c in sorted(self.community.items()):
            found.setdefault(c, []).append(node)
        return [found[c] for c in sorted(found)]


def entity_graph(data: GraphData) -> nx.MultiDiGraph:
    """Every entity and every entity-to-entity relation of the graph as a networkx ``MultiDiGraph``.

    Node attributes: ``label`` (English, else any), ``labels`` (language -> label), ``cls`` (the most specific
    class IRI), ``cls_label``. Edge key: the predicate IRI; edge attributes: ``predicate``, ``evidence`` (a list of
    ``{"source", "start", "end", "quote"}``), ``note`` (why there is no evidence) and ``weight``."""
    graph = nx.MultiDiGraph()
    for iri in sorted(data.nodes):
        node = data.nodes[iri]
        graph.add_node(
            iri,
            label=node.labels.get("en") or next(iter(node.labels.values()), iri),
            labels=dict(node.labels),
            cls=node.cls,
            cls_label=data.label(node.cls),
        )
    for e in sorted(data.edges, key=lambda e: (e.source, e.predicate, e.target)):
        graph.add_edge(
            e.source,
            e.target,
            key=e.predicate,
            predicate=e.predicate,
            evidence=[dataclasses.asdict(ev) for ev in e.evidence],
            note=e.note,
            weight=e.weight,
        )
    return graph


def undirected(graph: nx.Graph | Iterable[tuple[str, str, int]], nodes: Iterable[str] = ()) -> nx.Graph:
    """The simple undirected graph the measures read: one edge per pair of joined entities, its ``weight`` the
    sum of the weights of the relations between them; no self-loops. Takes a networkx graph (any kind) or
    ``(source, target, weight)`` triples (then ``nodes`` adds nodes without edges)."""
    simple = nx.Graph()
    if isinstance(graph, nx.Graph):
        simple.add_nodes_from(sorted(graph.nodes))
        triples: Iterable[tuple[Any, Any, int]] = (
            (a, b, int(attrs.get("weight", 1))) for a, b, attrs in graph.edges(data=True)
        )
    else:
        simple.add_nodes_from(sorted(nodes))
        triples = graph
    weights: dict[tuple[str, str], int] = {}
    for a, b, w in triples:
        if a == b:
            continue
        key = (a, b) if a < b else (b, a)
        weights[key] = weights.get(key, 0) + w
    for (a, b), w in sorted(weights.items()):
        simple.add_edge(a, b, weight=w)
    return simple


def analyse(graph: nx.Graph, *, seed: int = SEED) -> Analysis:
    """Centralities, k-cores and communities of ``graph`` (projected with :func:`undirected` first). Deterministic:
    Louvain and any betweenness sample use ``seed``."""
    g = undirected(graph)
    if g.number_of_nodes() == 0:
        return Analysis({}, {}, {}, {}, {}, 0.0)
    sampled = g.number_of_nodes() > SAMPLE_ABOVE
    betweenness = nx.betweenness_centrality(g, k=SAMPLES if sampled else None, seed=seed)
    communities = nx.community.louvain_communities(g, weight="weight", seed=seed)
    ordered = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    return Analysis(
        degree=nx.degree_centrality(g) if g.number_of_nodes() > 1 else dict.fromkeys(g.nodes, 0.0),
        betweenness=betweenness,
        eigenvector=eigenvector(g),
        core=nx.core_number(g),
        community={node: i for i, members in enumerate(ordered) for node in members},
        modularity=nx.community.modularity(g, ordered, weight="weight") if g.number_of_edges() else 0.0,
        sampled=sampled,
    )


def eigenvector(g: nx.Graph) -> dict[str, float]:
    """networkx's eigenvector centrality: its power iteration on A + I (so bipartite graphs converge too) up to
    :data:`SAMPLE_ABOVE` nodes; above, where that pure-Python iteration takes tens of seconds, its sparse
    eigensolver (``eigenvector_centrality_numpy``, ARPACK), the same vector to within its tolerance."""
    if g.number_of_edges() == 0:
        return dict.fromkeys(g.nodes, 0.0)
    if g.number_of_nodes() > SAMPLE_ABOVE:
        large: dict[str, float] = nx.eigenvector_centrality_numpy(g, weight="weight")
        return large
    values: dict[str, float] = nx.eigenvector_centrality(g, max_iter=1000, weight="weight")
    return values


def ranking(
    analysis: Analysis, *, by: str = "betweenness", labels: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """One row per node, the most central first (ties: higher degree, then the node id): rank, node, label,
    every centrality, core number and community."""
    values = analysis.measure(by)
    order = sorted(values, key=lambda n: (-values[n], -analysis.degree[n], n))
    return [
        {
            "rank": i,
            "node": node,
            "label": (labels or {}).get(node, node),
            "degree": analysis.degree[node],
            "betweenness": analysis.betweenness[node],
            "eigenvector": analysis.eigenvector[node],
            "core": analysis.core[node],
            "community": analysis.community[node],
        }
        for i, node in enumerate(order, start=1)
    ]


def shortest_paths(graph: nx.Graph, source: str, target: str, *, limit: int = 20) -> list[list[str]]:
    """Every shortest path (at most ``limit``, in sorted order) between two nodes of the undirected graph."""
    g = undirected(graph)
    for node in (source, target):
        if node not in g:
            raise NotFoundError(f"{node} is not in the network")
    if source == target:
        return [[source]]
    if not nx.has_path(g, source, target):
        raise NotFoundError(f"no path joins {source} and {target} in the graph")
    paths = sorted(nx.all_shortest_paths(g, source, target))
    return paths[:limit]
