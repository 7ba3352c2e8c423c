"""Synthetic kzgraph datasets of a given size "with the same shape" as the built graph.

The built graph is copied again and again; in copy ``k`` (k ≥ 1) every instance IRI (``kzid:…``: entities, claims,
observations, annotations, disagreements, link records, datasets) gets the suffix ``-s{k}``, so each copy adds new
entities with their claims, evidence and observations, in the same named graphs, with the same predicates, literals and
fan-out. The *hub* entities that real data would share — places, ethnic groups, languages, religions, policy areas,
historical periods, sources — keep their IRIs, so queries anchored on them (census for Koreans, Kazakhstan's
composition) grow with the data as they would with more sources. The ontology and VoID graphs are not copied. Copy 0
is the real graph, so every catalogue query keeps its real answers plus the synthetic ones. The last copy is cut at a
subject boundary to hit the requested size.

Usage: ``python benchmarks/synth.py 1000000 out.nq`` (or import :func:`synthesise`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

ID = "https://w3id.org/kzgraph/id/"
KZ = "https://w3id.org/kzgraph/ontology#"
GRAPH = "https://w3id.org/kzgraph/graph/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
HUB_CLASSES = {KZ + c for c in ("Country", "City", "Region", "EthnicGroup", "Language", "Religion", "PolicyArea",
                                "HistoricalPeriod", "SourceDocument")}  # fmt: skip
NOT_COPIED = {GRAPH + "ontology", GRAPH + "void"}


def hubs(quads: list[ox.Quad]) -> set[str]:
    """Instance IRIs every copy shares: members of the hub classes, and the sources."""
    shared = {q.subject.value for q in quads if q.predicate.value == RDF_TYPE and q.object.value in HUB_CLASSES}
    shared |= {q.subject.value for q in quads if q.subject.value.startswith(ID + "source/")}
    return shared


def synthesise(quads: list[ox.Quad], target: int) -> Iterator[ox.Quad]:
    """About ``target`` quads (exactly, unless ``quads`` is larger): the real ones, then renamed copies."""
    shared = hubs(quads)
    copyable = sorted((q for q in quads if q.graph_name.value not in NOT_COPIED), key=lambda q: q.subject.value)
    yield from quads[:target]
    emitted = min(len(quads), target)
    k = 0
    cache: dict[str, ox.NamedNode] = {}
    while emitted < target:
        k += 1
        cache.clear()
        suffix = f"-s{k}"

        def rename(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph | ox.Triple, suffix: str = suffix):
            if isinstance(term, ox.NamedNode) and term.value.startswith(ID) and term.value not in shared:
                found = cache.get(term.value)
                if found is None:
                    found = cache[term.value] = ox.NamedNode(term.value + suffix)
                return found
            return term

        previous = None
        for q in copyable:
            if emitted >= target and q.subject.value != previous:
                break
            yield ox.Quad(rename(q.subject), q.predicate, rename(q.object), q.graph_name)  # type: ignore[arg-type]
            emitted += 1
            previous = q.subject.value


def main(argv: list[str]) -> int:
    target, out = int(argv[0]), Path(argv[1])
    source = ox.Store.read_only(argv[2] if len(argv) > 2 else "build/store")
    data = list(synthesise(list(source), target))
    out.write_bytes(ox.serialize(data, format=ox.RdfFormat.N_QUADS) or b"")
    print(f"{len(data)} quads -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
