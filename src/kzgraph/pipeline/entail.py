"""The RDFS/OWL entailments queries rely on, materialised at build time into the ``inferred`` graph.

Materialising (rather than reasoning at query time) means every backend — embedded Oxigraph, an
in-memory rdflib graph, a remote SPARQL server — gives the same answers without a reasoner. Rules:
rdfs9 (subclass), rdfs7 (subproperty), owl:inverseOf, owl:SymmetricProperty, owl:TransitiveProperty.
"""

from __future__ import annotations

import pyoxigraph as ox

from kzgraph.pipeline.ontology import RDF_TYPE, Ontology
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.terms import as_object, as_subject, nn, value

Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]


def closure(asserted: set[Triple], onto: Ontology) -> set[Triple]:
    """Everything the rules add to ``asserted`` (the asserted triples themselves excluded)."""
    known = set(asserted)
    frontier = set(asserted)
    rdf_type = nn(RDF_TYPE)
    while frontier:
        new: set[Triple] = set()
        for s, p, o in frontier:
            if p == rdf_type:
                new.update((s, p, nn(c)) for c in onto.superclasses(o.value))
                continue
            new.update((s, nn(q), o) for q in onto.superproperties(p.value))
            if not isinstance(o, ox.Literal):
                new.update((o, nn(q), s) for q in onto.inverse.get(p.value, ()))
                if p.value in onto.transitive:
                    new.update((s, p, o2) for (s2, p2, o2) in known if p2 == p and s2 == o)
        frontier = new - known
        known |= frontier
    return known - asserted


def infer(quads: list[ox.Quad], onto: Ontology, *, graphs: set[str]) -> list[ox.Quad]:
    """Quads of the ``inferred`` graph for the data in ``graphs``."""
    data = {(as_subject(q.subject), q.predicate, as_object(q.object)) for q in quads if value(q.graph_name) in graphs}
    g = nn(ns.GRAPHS["inferred"])
    return [ox.Quad(s, p, o, g) for s, p, o in sorted(closure(data, onto), key=str)]
