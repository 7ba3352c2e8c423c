"""Figures about a built graph, read from the store."""

from __future__ import annotations

from typing import Any

from kzgraph.query.describe import PREFIXES
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Store


def compute(store: Store) -> dict[str, Any]:
    graphs = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    classes = store.select(
        PREFIXES + "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } "
        f'FILTER(STRSTARTS(STR(?g), "{ns.GRAPH}source/") && STRSTARTS(STR(?c), STR(kz:))) }} GROUP BY ?c ORDER BY ?c'
    )
    claims = store.select(
        PREFIXES + "SELECT ?m (COUNT(?c) AS ?n) WHERE { ?c a kz:Claim ; kz:method ?m } GROUP BY ?m ORDER BY ?m"
    )
    disagreements = store.select(PREFIXES + "SELECT (COUNT(?d) AS ?n) WHERE { ?d a kz:Disagreement }")
    return {
        "quads": len(store),
        "quads per named graph": {ns.compact(g.value): int(n.value) for g, n in graphs.rows},
        "entities per class": {ns.compact(c.value): int(n.value) for c, n in classes.rows},
        "claims per method": {ns.compact(m.value): int(n.value) for m, n in claims.rows},
        "disagreements": int(disagreements.rows[0][0].value) if disagreements.rows else 0,
    }
