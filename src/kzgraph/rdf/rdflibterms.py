"""Converting rdflib terms to pyoxigraph terms (the one term model the rest of kzgraph uses)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox


def to_ox(term: Any) -> Any:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, rdflib.Graph):
        return ox.NamedNode(str(term.identifier)) if isinstance(term.identifier, rdflib.URIRef) else ox.DefaultGraph()
    raise TypeError(f"unsupported rdflib term {term!r}")
