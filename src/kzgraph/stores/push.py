"""Load the built dataset into a remote SPARQL store, graph by graph (``kzgraph push``).

Each local named graph replaces its namesake on the server:

- through the SPARQL 1.1 Graph Store HTTP Protocol when the server has a Graph Store endpoint: one ``PUT`` per
  graph, which the server applies atomically (readers see the old graph or the new one, never a mix);
- otherwise through SPARQL 1.1 Update: ``DROP SILENT GRAPH <g> ; INSERT DATA { … }`` in one request, in chunks of
  :data:`kzgraph.stores.remote.WRITE_CHUNK_TRIPLES` triples for large graphs (later chunks in further requests).

Then every kzgraph graph on the server (IRI under ``https://w3id.org/kzgraph/graph/``) that no longer exists locally is
dropped, and the server's per-graph triple counts are read back and compared with the local ones: a push that did not
land exactly is an error. Pushing the same dataset twice leaves the server as it was (replacement, not addition).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox

from kzgraph.errors import RemoteError, SourceError, StoreError
from kzgraph.rdf import formats
from kzgraph.stores import is_store_folder, open_store, parse_location
from kzgraph.stores.remote import KZGRAPH_GRAPHS, RemoteStore

Method = Literal["auto", "gsp", "update"]


@dataclass
class GraphPush:
    """What happened to one named graph."""

    graph: str
    local: int
    remote: int
    action: Literal["replaced", "removed"]
    seconds: float


@dataclass
class PushReport:
    target: str
    source: str
    method: Literal["gsp", "update"]
    graphs: list[GraphPush] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(g.local for g in self.graphs if g.action == "replaced")

    @property
    def removed(self) -> list[str]:
        return [g.graph for g in self.graphs if g.action == "removed"]


def load_dataset(source: Path) -> dict[str, list[ox.Triple]]:
    """The triples of each named graph in ``source``: a build folder (its ``store``, else its ``kzgraph.trig``), an
    embedded store folder, or a TriG / N-Quads file."""
    if source.is_dir() and is_store_folder(source / "store"):
        source = source / "store"
    elif source.is_dir() and not is_store_folder(source) and (source / "kzgraph.trig").is_file():
        source = source / "kzgraph.trig"
    if source.is_dir():
        if not is_store_folder(source):
            raise SourceError(f"{source}: neither a build folder nor an Oxigraph store; run 'kzgraph build' first")
        try:
            store = ox.Store.read_only(str(source))
        except OSError as e:
            raise SourceError(f"{source}: cannot open the store: {e}") from None
        quads: list[ox.Quad] = list(store)
    elif source.is_file():
        fmt = formats.rdf_by_extension(source)
        if fmt is None or fmt.rdf is None or not fmt.datasets:
            raise SourceError(
                f"{source}: push reads a store or a dataset file (named graphs: .trig, .nq, .jsonld), not {source.suffix}"
            )
        try:
            quads = list(ox.parse(path=str(source), format=fmt.rdf))
        except (SyntaxError, OSError) as e:
            raise SourceError(f"{source}: cannot read: {e}") from None
    else:
        raise SourceError(f"{source}: no such file or folder; run 'kzgraph build' first")
    graphs: dict[str, list[ox.Triple]] = {}
    for q in quads:
        if not isinstance(q.graph_name, ox.NamedNode):
            raise SourceError(f"{source}: a triple outside the named graphs ({q.subject} {q.predicate} {q.object})")
        if not q.graph_name.value.startswith(KZGRAPH_GRAPHS):
            raise SourceError(f"{source}: graph <{q.graph_name.value}> is not a kzgraph graph (under {KZGRAPH_GRAPHS})")
        graphs.setdefault(q.graph_name.value, []).append(ox.Triple(q.subject, q.predicate, q.object))
    if not graphs:
        raise SourceError(f"{source}: the dataset is empty")
    return graphs


def open_target(endpoint: str, **options: Any) -> RemoteStore:
    """The SPARQL server to push to (``options``: ``update_url``, ``gsp_url``, ``user``, ``password``, ``timeout``)."""
    if parse_location(endpoint).kind != "remote":
        raise StoreError(f"{endpoint}: push writes to a SPARQL server; give its query URL (http(s)://…)")
    store = open_store(endpoint, read_only=False, **options)
    assert isinstance(store, RemoteStore)
    return store


def push(
    source: Path,
    target: RemoteStore,
    *,
    method: Method = "auto",
    prune: bool = True,
    progress: Callable[[str], None] | None = None,
) -> PushReport:
    """Make the server's kzgraph graphs equal to the local dataset's (see the module docstring)."""
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    graphs = load_dataset(source)
    if method == "gsp" and not target.endpoints.gsp:
        raise RemoteError(f"{target.location}: no Graph Store endpoint (give --gsp-url or KZGRAPH_GSP_URL)")
    use_gsp = bool(target.endpoints.gsp) if method == "auto" else method == "gsp"
    report = PushReport(target=target.location, source=str(source), method="gsp" if use_gsp else "update")
    before = set(target.graphs())
    timings: dict[str, float] = {}
    for name, triples in sorted(graphs.items()):
        say(f"{'PUT' if use_gsp else 'UPDATE'} <{name}> ({len(triples)} triples)")
        t = time.perf_counter()
        target.put_graph(name, triples, use_gsp=use_gsp)
        timings[name] = time.perf_counter() - t
    stale = sorted(before - set(graphs)) if prune else []
    for name in stale:
        say(f"DROP <{name}> (no longer in the local dataset)")
        t = time.perf_counter()
        target.drop_graph(name)
        timings[name] = time.perf_counter() - t
    target.refresh()
    counts = target.graph_counts()
    for name, triples in sorted(graphs.items()):
        local = len(set(triples))
        report.graphs.append(GraphPush(name, local, counts.get(name, 0), "replaced", timings[name]))
    for name in stale:
        report.graphs.append(GraphPush(name, 0, counts.get(name, 0), "removed", timings[name]))
    report.seconds = time.perf_counter() - started
    wrong = [g for g in report.graphs if g.local != g.remote]
    if wrong:
        detail = ", ".join(f"<{g.graph}> local {g.local} vs remote {g.remote}" for g in wrong)
        raise RemoteError(f"{target.location}: the server does not hold what was pushed: {detail}")
    return report
