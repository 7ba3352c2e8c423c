"""The network views: which nodes and edges each one shows, and where it places them."""

from __future__ import annotations

import dataclasses
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path

import networkx as nx

from kzgraph.errors import NotFoundError, QueryError
from kzgraph.network import analysis
from kzgraph.query.describe import resolve
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Store
from kzgraph.viz import extract, layout
from kzgraph.viz.arrange import analyse, arrange, unoverlap_timeline
from kzgraph.viz.chart import line_chart
from kzgraph.viz.extract import GraphData
from kzgraph.viz.model import Edge, Marker, Network, Node
from kzgraph.viz.render import render, shape_for

KZ = ns.KZ
PX_PER_YEAR = 60.0
INSTITUTION_PREDICATES = {
    KZ + p
    for p in (
        "partOf",
        "underAuspicesOf",
        "chairedBy",
        "electsDeputiesTo",
        "functionsTransferredTo",
        "responsibleFor",
        "memberOf",
        "foundedBy",
        "directedBy",
        "appointsMembersOf",
        "heldBy",
        "officeOf",
        "fundedBy",
        "assistedBy",
        "representsEthnicGroup",
        "locatedIn",
    )
}
DOCUMENT_PREDICATES = {
    KZ + p
    for p in (
        "establishes",
        "establishedBy",
        "regulates",
        "regulatedBy",
        "grantsPowersTo",
        "changes",
        "amends",
        "basedOn",
        "implements",
        "adoptedBy",
        "declaresStateLanguage",
        "declaresOfficialLanguage",
        "responsibleFor",
    )
}
BUILD_VIEWS = ("institutions", "documents", "sessions", "ethnic-groups")
STORE_VIEWS = ("co-mentions",)  # views that read more of the store than GraphData holds


def _year_fraction(dates: list[str]) -> float | None:
    """The most precise placing date of a node as a fractional year (1995-06 -> 1995.42)."""
    best: tuple[int, float] | None = None
    for d in dates:
        kind, _, value = d.partition(": ")
        if kind not in ("date", "adoptionDate", "foundingDate", "startDate"):
            continue
        m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
        if not m:
            continue
        month = int(m.group(2) or 6) - 1 if m.group(2) else 5.5
        day = int(m.group(3) or 15)
        precision = 1 + (m.group(2) is not None) + (m.group(3) is not None)
        frac = int(m.group(1)) + (float(month) + (day - 1) / 31) / 12
        if best is None or precision > best[0]:
            best = (precision, frac)
    return None if best is None else best[1]


def _network(
    data: GraphData, view: str, title: str, description: str, iris: Iterable[str], edges: list[Edge]
) -> Network:
    keep = set(iris) | {e.source for e in edges} | {e.target for e in edges}
    nodes = [dataclasses.replace(data.nodes[i], info=list(data.nodes[i].info)) for i in sorted(keep) if i in data.nodes]
    used = {n.cls for n in nodes} | {e.predicate for e in edges}
    labels = {k: v for k, v in data.class_labels.items() if k in used}
    return Network(view=view, title=title, description=description, nodes=nodes, edges=edges, labels=labels)


def _shapes(data: GraphData, net: Network) -> dict[str, str]:
    return {n.cls: shape_for(n.cls, data.superclasses.get(n.cls, set())) for n in net.nodes}


def institutions(data: GraphData) -> Network:
    actors = [i for i in data.nodes if any(data.is_a(i, KZ + c) for c in ("Organization", "Person", "Office"))]
    actor_set = set(actors)
    edges = [
        e
        for e in data.edges
        if e.predicate in INSTITUTION_PREDICATES and (e.source in actor_set or e.target in actor_set)
    ]
    net = _network(
        data,
        "institutions",
        "Institutions and how they relate",
        "State bodies, the Assembly and its bodies, associations, theatres, media, offices and people; "
        "edges: part of, under the auspices of, chaired by, elects deputies to, responsible for, …",
        actors,
        edges,
    )
    arrange(net, _shapes(data, net))
    return net


def _timeline_axis(years: list[float]) -> tuple[float, tuple[float, float, int, int]]:
    y0 = math.floor(min(years)) - 1
    y1 = math.ceil(max(years)) + 1
    return float(y0), (0.0, PX_PER_YEAR, int(y0), int(y1))


def documents(data: GraphData) -> Network:
    docs = [i for i in data.nodes if data.is_a(i, KZ + "Document") and not data.is_a(i, KZ + "SourceDocument")]
    doc_set = set(docs)
    edges = [
        e for e in data.edges if e.predicate in DOCUMENT_PREDICATES and (e.source in doc_set or e.target in doc_set)
    ]
    net = _network(
        data,
        "documents",
        "Documents and the institutions they shape",
        "Constitutions, laws, decrees, doctrines, strategies and programmes in time order (top row), and "
        "the bodies they establish, regulate, empower or change (below).",
        docs,
        edges,
    )
    when = {n.iri: _year_fraction(n.dates) for n in net.nodes}
    dated = [w for i, w in when.items() if i in doc_set and w is not None]
    y0, axis = _timeline_axis(dated or [2000.0])
    undated_x = -PX_PER_YEAR * 1.5
    net.axis = axis
    net.markers = [Marker(undated_x + PX_PER_YEAR * 0.75, "← undated")]
    doc_nodes = [n for n in net.nodes if n.iri in doc_set]
    xs = [(undated_x if when[n.iri] is None else ((when[n.iri] or y0) - y0) * PX_PER_YEAR) for n in doc_nodes]
    for n, (x, y) in zip(
        doc_nodes,
        layout.timeline([(x, n.iri) for x, n in zip(xs, doc_nodes, strict=True)], y0=-40, direction=-1, min_gap=170),
        strict=True,
    ):
        n.x, n.y = x, y
    linked = _anchor_xs(edges, {n.iri: n.x for n in doc_nodes})
    others = [n for n in net.nodes if n.iri not in doc_set]
    keys = [(sum(linked[n.iri]) / len(linked[n.iri]) if linked[n.iri] else undated_x, n.iri) for n in others]
    for n, (x, y) in zip(others, layout.timeline(keys, y0=80, direction=1, min_gap=170), strict=True):
        n.x, n.y = x, y
    unoverlap_timeline(net, _shapes(data, net))
    return net


def _anchor_xs(edges: list[Edge], place: dict[str, float]) -> dict[str, list[float]]:
    """For each node not on the timeline, the x positions of the timeline nodes it is linked to."""
    linked: dict[str, list[float]] = defaultdict(list)
    for e in edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if a not in place and b in place:
                linked[a].append(place[b])
    return linked


def sessions(data: GraphData) -> Network:
    found = [i for i in data.nodes if data.is_a(i, KZ + "AssemblySession")]
    session_set = set(found)
    edges = [
        e
        for e in data.edges
        if (e.source in session_set or e.target in session_set) and e.predicate != KZ + "sessionOf"
    ]
    net = _network(
        data,
        "sessions",
        "Sessions of the Assembly of People of Kazakhstan",
        "Each session at its date (x); above, the documents adopted or initiated there; below, principles, "
        "topics and participants. Dashed red lines mark numbers with no session in the sources.",
        found,
        edges,
    )
    numbers: dict[str, int] = {}
    for n in net.nodes:
        if n.iri in session_set:
            m = re.search(r"(\d+)$", n.iri)
            if m:
                numbers[n.iri] = int(m.group(1))
    when = {n.iri: _year_fraction(n.dates) for n in net.nodes}
    dated = [w for i, w in when.items() if i in session_set and w is not None]
    y0, axis = _timeline_axis(dated or [2000.0])
    net.axis = axis
    sess = sorted((n for n in net.nodes if n.iri in session_set), key=lambda n: (numbers.get(n.iri, 0), n.iri))
    x_of: dict[int, float] = {}
    for n in sess:
        w = when[n.iri]
        n.x = round(((w if w is not None else y0) - y0) * PX_PER_YEAR, 1)
        n.y = 0.0 if numbers.get(n.iri, 0) % 2 else 22.0
        n.size = 1.3
        n.short = f"{numbers[n.iri]}" if n.iri in numbers else ""
        x_of[numbers.get(n.iri, 0)] = n.x
    if x_of:
        for k in range(min(x_of), max(x_of) + 1):
            if k not in x_of:
                before = max((v for v in x_of if v < k), default=None)
                after = min((v for v in x_of if v > k), default=None)
                xs = [x_of[v] for v in (before, after) if v is not None]
                net.markers.append(Marker(round(sum(xs) / len(xs), 1), f"no session {k}"))
    linked = _anchor_xs(edges, {n.iri: n.x for n in sess})
    others = [n for n in net.nodes if n.iri not in session_set]
    docs = [n for n in others if data.is_a(n.iri, KZ + "Document") or data.is_a(n.iri, KZ + "Initiative")]
    rest = [n for n in others if n not in docs]
    for group, y0_, direction in ((docs, -70.0, -1), (rest, 90.0, 1)):
        keys = [(sum(linked[n.iri]) / max(len(linked[n.iri]), 1), n.iri) for n in group]
        for n, (x, y) in zip(group, layout.timeline(keys, y0=y0_, direction=direction, min_gap=140), strict=True):
            n.x, n.y = x, y
    unoverlap_timeline(net, _shapes(data, net))
    return net


def ethnic_groups(data: GraphData) -> Network:
    groups = [i for i in data.nodes if data.is_a(i, KZ + "EthnicGroup") and i != KZ + "allGroups"]
    group_set = set(groups)
    edges = [e for e in data.edges if e.source in group_set or e.target in group_set]
    net = _network(
        data,
        "ethnic-groups",
        "Ethnic groups and their institutions",
        "Groups sized by their latest census share of Kazakhstan's population, linked to their theatres, "
        "media, associations and events. The chart shows the shares from 1926 to 2018.",
        groups,
        edges,
    )
    top = max((max(s.values()) for s in data.shares.values()), default=1.0) or 1.0
    series: dict[str, dict[int, float]] = {}
    for n in net.nodes:
        shares = data.shares.get(n.iri)
        if not shares:
            continue
        latest = max(shares)
        n.size = round(0.8 + 3.2 * math.sqrt(shares[latest] / top), 3)
        n.info = [f"population share {year}: {value:g}%" for year, value in sorted(shares.items())]
        series[n.labels.get("en") or next(iter(n.labels.values()))] = shares
    arrange(net, _shapes(data, net), size_by="")  # sized by census share
    net.chart_title = "Population shares in Kazakhstan by census, 1926-2018 (%)"
    net.chart_svg = line_chart(series)
    return net


def ego(data: GraphData, iri: str, *, depth: int = 1) -> Network:
    if iri not in data.nodes:
        raise NotFoundError(f"{ns.compact(iri)} is not an entity of the graph")
    if depth < 1:
        raise QueryError("--depth must be at least 1")
    graph = nx.Graph()  # undirected: a neighbourhood reaches along edges in either direction
    graph.add_edges_from((e.source, e.target) for e in data.edges)
    graph.add_node(iri)
    seen = nx.single_source_shortest_path_length(graph, iri, cutoff=depth)
    edges = [e for e in data.edges if e.source in seen and e.target in seen]
    root = data.nodes[iri]
    name = root.labels.get("en") or next(iter(root.labels.values()))
    net = _network(
        data,
        "ego",
        f"Neighbourhood of {name}",
        f"Everything within {depth} step(s) of {name}, in either direction.",
        seen,
        edges,
    )
    for n in net.nodes:
        if n.iri == iri:
            n.size = 1.8
    arrange(net, _shapes(data, net))
    return net


def from_query(store: Store, data: GraphData, sparql: str) -> Network:
    """A CONSTRUCT's IRI triples, or a SELECT's ?source ?target rows (optionally ?predicate), as a network (over
    every graph; kzgraph's prefixes are declared, as for ``kzgraph query``)."""
    triples = extract.construct(store, sparql)
    if triples is None:
        result = store.query(sparql, include_extracted=True, prefixes=ns.PREFIXES)
        if result.kind != "select" or "source" not in result.variables or "target" not in result.variables:
            raise QueryError("a SELECT query for a network must return ?source and ?target columns (or use CONSTRUCT)")
        rows = [dict(zip(result.variables, row, strict=True)) for row in result.terms]
        triples = sorted(
            {
                (
                    r["source"].value,
                    r["predicate"].value if r.get("predicate") is not None else KZ + "related",
                    r["target"].value,
                )
                for r in rows
                if r.get("source") is not None and r.get("target") is not None
            }
        )
    evidence = extract.evidence_index(store)
    edges = []
    for s, p, o in triples:
        ev = evidence.get((s, p, o), [])
        edges.append(Edge(s, o, p, ev, "" if ev else "the query returned this edge; no source quote supports it"))
    for iri in sorted({s for s, _p, _o in triples} | {o for _s, _p, o in triples}):
        if iri not in data.nodes:
            data.nodes[iri] = Node(iri=iri, labels={"": ns.compact(iri)}, cls=KZ + "Thing")
    data.class_labels.setdefault(KZ + "Thing", {"en": "other resource"})
    for _s, p, _o in triples:
        data.class_labels.setdefault(p, {"en": ns.compact(p)})
    net = _network(data, "query", "Query result", f"{len(edges)} edge(s) returned by the query.", [], edges)
    if not edges:
        net.message = "The query returned no edges between two resources."
    arrange(net, _shapes(data, net))
    return net


def path_view(data: GraphData, source: str, target: str) -> Network:
    """The shortest paths (networkx, over relations in either direction) between two entities, left to right,
    with every relation that joins two consecutive nodes of a path (and its evidence)."""
    for iri in (source, target):
        if iri not in data.nodes:
            raise NotFoundError(f"{ns.compact(iri)} is not an entity of the graph")
    graph = analysis.undirected(((e.source, e.target, 1) for e in data.edges), data.nodes)
    if not nx.has_path(graph, source, target):
        raise NotFoundError(f"no chain of relations joins {ns.compact(source)} and {ns.compact(target)} in the graph")
    paths = analysis.shortest_paths(graph, source, target)
    steps = {frozenset(pair) for p in paths for pair in pairwise(p)}
    edges = [e for e in data.edges if frozenset((e.source, e.target)) in steps]
    names = [data.nodes[i].labels.get("en") or next(iter(data.nodes[i].labels.values())) for i in (source, target)]
    length = len(paths[0]) - 1
    net = _network(
        data,
        "path",
        f"Shortest paths: {names[0]} to {names[1]}",
        f"{len(paths)} shortest path(s) of {length} step(s) between {names[0]} and {names[1]}, over relations in "
        "either direction; click an edge for its evidence.",
        {i for p in paths for i in p},
        edges,
    )
    analyse(net)
    layer = {i: k for p in paths for k, i in enumerate(p)}
    columns: dict[int, list[Node]] = defaultdict(list)
    for n in sorted(net.nodes, key=lambda n: n.iri):
        columns[layer[n.iri]].append(n)
    for k, column in columns.items():
        for j, n in enumerate(column):
            n.x, n.y = k * 240.0, round((j - (len(column) - 1) / 2) * 80.0, 1)
            n.size = 1.8 if n.iri in (source, target) else 1.2
    net.path = [source, target]
    return net


VIEWS: dict[str, Callable[[GraphData], Network]] = {
    "institutions": institutions,
    "documents": documents,
    "sessions": sessions,
    "ethnic-groups": ethnic_groups,
}


RENDERERS = ("kzgraph", "pyvis")


def view_html(data: GraphData, net: Network, *, store: Store | None = None, renderer: str = "kzgraph") -> bytes:
    """The page of ``net`` drawn by kzgraph's canvas viewer or, with ``renderer="pyvis"``, through pyvis; both read
    the same view model (:func:`kzgraph.viz.render.payload`). With ``store``, kzgraph's search box ranks as
    ``kzgraph.query.search`` does on that store."""
    if renderer == "pyvis":
        from kzgraph.viz.pyvis_page import render_pyvis

        return render_pyvis(net, shapes=_shapes(data, net))
    if renderer != "kzgraph":
        raise QueryError(f"unknown renderer '{renderer}' (renderers: {', '.join(RENDERERS)})")
    search = None
    if store is not None:
        from kzgraph.query.search import index_of
        from kzgraph.query.searchpage import export

        search = export(index_of(store), [n.iri for n in net.nodes])
    return render(net, shapes=_shapes(data, net), search=search)


def view_network(
    store: Store,
    data: GraphData,
    view: str,
    *,
    entity: str | None = None,
    other: str | None = None,
    depth: int = 1,
    query: str | None = None,
) -> Network:
    """The view model of one view (see :func:`render_view`)."""
    if query is not None:
        return from_query(store, data, query)
    if view == "ego":
        if not entity:
            raise QueryError("the ego view needs an ENTITY (a label in any language, an id or an IRI)")
        return ego(data, resolve(store, entity), depth=depth)
    if view == "path":
        if not entity or not other:
            raise QueryError("the path view needs two entities: path A B (labels in any language, ids or IRIs)")
        return path_view(data, resolve(store, entity), resolve(store, other))
    if view == "co-mentions":
        return co_mentions_view(store, data)
    if view not in VIEWS:
        known = ", ".join([*VIEWS, *STORE_VIEWS, "ego", "path"])
        raise QueryError(f"unknown view '{view}' (views: {known}, or --query FILE.rq)")
    return VIEWS[view](data)


def render_view(
    store: Store,
    view: str,
    *,
    entity: str | None = None,
    other: str | None = None,
    depth: int = 1,
    query: str | None = None,
    renderer: str = "kzgraph",
) -> bytes:
    """The HTML of one view of the graph in ``store`` (``path`` takes ``entity`` and ``other``)."""
    if renderer not in RENDERERS:
        raise QueryError(f"unknown renderer '{renderer}' (renderers: {', '.join(RENDERERS)})")
    data = extract.load(store)
    net = view_network(store, data, view, entity=entity, other=other, depth=depth, query=query)
    return view_html(data, net, store=store, renderer=renderer)


def co_mentions_view(store: Store, data: GraphData) -> Network:
    """Entities mentioned in the same sentences of the ingested documents (:mod:`kzgraph.viz.comentions`)."""
    from kzgraph.viz.comentions import co_mentions

    net = co_mentions(store, data.nodes, data.class_labels)
    arrange(net, _shapes(data, net), size_by="")  # sized by the number of sentences
    return net


def write_views(store: Store, out: Path) -> list[Path]:
    """Write every whole-graph view into ``out`` (``<view>.html``), each file atomically; ``co-mentions.html`` too
    when documents have been ingested into the store."""
    from kzgraph.fileio import atomic_write
    from kzgraph.viz.comentions import has_ingested

    data = extract.load(store)
    written = []
    for name in BUILD_VIEWS:
        path = out / f"{name}.html"
        atomic_write(path, view_html(data, VIEWS[name](data), store=store))
        written.append(path)
    if has_ingested(store):  # co-mentions of the ingested documents, when there are any
        path = out / "co-mentions.html"
        atomic_write(path, view_html(data, co_mentions_view(store, data), store=store))
        written.append(path)
    return written
