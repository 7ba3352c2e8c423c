"""Figures about a built graph, read from the store. Each counts what :mod:`kzgraph.counts` says (the build summary,
VoID and the server give the same numbers); the graphs of ingested documents are counted apart."""

from __future__ import annotations

from typing import Any

from kzgraph.counts import LABELS, is_entity
from kzgraph.query.describe import PREFIXES
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import EXTRACTED_GRAPH_PREFIX, Store, is_extracted_graph

CURATED = f'FILTER(!STRSTARTS(STR(?g), "{EXTRACTED_GRAPH_PREFIX}"))'
EXTRACTED = f'FILTER(STRSTARTS(STR(?g), "{EXTRACTED_GRAPH_PREFIX}"))'
TEXT_LABELS = {
    **LABELS,
    "claims": "claims (facts with evidence: curated, table-parsed)",
    "disagreements": "disagreements between claims",
    "quads per named graph": "quads per named graph",
    "entities per class": "entities per class (as a source asserts it)",
    "claims per method": "claims per method",
    "extracted": "ingested documents (machine-extracted, not counted above)",
}


def _number(store: Store, sparql: str) -> int:
    rows = store.select(PREFIXES + sparql).rows
    return int(rows[0][0].value) if rows and rows[0][0] is not None else 0


def _table(store: Store, sparql: str) -> dict[str, int]:
    return {ns.compact(k.value): int(n.value) for k, n in store.select(PREFIXES + sparql).rows}


def compute(store: Store) -> dict[str, Any]:
    """The figures of the curated dataset in ``store``, then those of the ingested documents' graphs."""
    source = f'FILTER(STRSTARTS(STR(?g), "{ns.GRAPH}source/"))'
    per_graph = {
        g.value: int(n.value)
        for g, n in store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    }
    curated = {g: n for g, n in sorted(per_graph.items()) if not is_extracted_graph(g)}
    subjects = store.select(f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {CURATED} FILTER(isIRI(?s)) }}")
    entities = [s for s in subjects.rows if is_entity(s[0].value)]
    in_entities = "VALUES ?s { " + " ".join(f"<{s[0].value}>" for s in entities) + " }"
    return {
        "triples": _number(
            store,
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {CURATED} }} }}",
        ),
        "quads": sum(curated.values()),
        "entities": len(entities),
        "classes": _number(
            store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }} {CURATED} FILTER(isIRI(?c)) }}"
        ),
        "claims": _number(
            store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH ?g {{ ?c a kz:Claim }} {CURATED} }}"
        ),
        "disagreements": _number(
            store, f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH ?g {{ ?d a kz:Disagreement }} {CURATED} }}"
        ),
        "quads per named graph": {ns.compact(g): n for g, n in curated.items()},
        "entities per class": _table(
            store,
            f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {in_entities} GRAPH ?g {{ ?s a ?c }} {source} }} "
            "GROUP BY ?c ORDER BY ?c",
        ),
        "claims per method": _table(
            store,
            f"SELECT ?m (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH ?g {{ ?c a kz:Claim ; kz:method ?m }} {CURATED} }} "
            "GROUP BY ?m ORDER BY ?m",
        ),
        "extracted": {
            "documents": sum(1 for g in per_graph if is_extracted_graph(g)),
            "quads": sum(n for g, n in per_graph.items() if is_extracted_graph(g)),
            "claims": _number(
                store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH ?g {{ ?c a kz:Claim }} {EXTRACTED} }}"
            ),
        },
    }
