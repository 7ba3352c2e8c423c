"""The named graphs of the source documents, for queries that read the curated facts of every source.

A query restricted to those graphs with ``VALUES ?g { … } GRAPH ?g { … }`` uses the store's graph index, where a
``FILTER(STRSTARTS(STR(?g), …))`` over ``GRAPH ?g`` reads every quad of the store first (about ten times slower
on the built graph)."""

from __future__ import annotations

from kzgraph.rdf import namespaces as ns
from kzgraph.stores.base import Store


def source_graphs(store: Store) -> list[str]:
    """The graph IRI of each source document's curated statements (``graph/source/KEY``), sorted."""
    rows = store.select(f"SELECT DISTINCT ?k WHERE {{ ?d a <{ns.KZ}SourceDocument> ; <{ns.KZ}sourceKey> ?k }}").rows
    return sorted({ns.source_graph(str(getattr(k, "value", k))) for (k,) in rows if k is not None})


def values_clause(store: Store, variable: str = "g") -> str:
    """``VALUES ?g { <…> … }`` over :func:`source_graphs` (no row at all when there is no source)."""
    return f"VALUES ?{variable} {{ {' '.join(f'<{g}>' for g in source_graphs(store))} }}"
