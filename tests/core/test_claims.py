"""Statement records are minted in one place (:mod:`kzgraph.rdf.claims`), as quads or as N-Quads text alike, and
every record in the built graph describes a triple that is asserted."""

from __future__ import annotations

import pyoxigraph as ox

from kzgraph.rdf import claims

ID, KZ = "https://w3id.org/kzgraph/id/", "https://w3id.org/kzgraph/ontology#"
G, PROV_G = ox.NamedNode("https://w3id.org/kzgraph/graph/source/x"), ox.NamedNode("https://w3id.org/kzgraph/graph/p")


def test_quads_and_text_are_the_same_statement() -> None:
    record, kind = ox.NamedNode(ID + "claim/1"), ox.NamedNode(KZ + "Claim")
    triple = (ox.NamedNode(ID + "apk"), ox.NamedNode(KZ + "name"), ox.Literal('Ассамблея "АНК"', language="ru"))
    about = [(ox.NamedNode(KZ + "confidence"), ox.Literal("0.80", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#decimal")))]  # fmt: skip
    quads = claims.statement(record, kind, triple, G, about=about, record_graph=PROV_G)
    lines = claims.statement_lines(
        str(record), str(kind), (str(triple[0]), str(triple[1]), str(triple[2])), str(G),
        about=[(str(p), str(o)) for p, o in about], record_graph=str(PROV_G),
    )  # fmt: skip
    assert list(ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_QUADS)) == quads
    assert quads[0] == ox.Quad(*triple, G)
    assert {q.graph_name for q in quads[1:]} == {PROV_G}
    assert [q.predicate for q in quads[1:5]] == [claims.RDF_TYPE, claims.RDF_SUBJECT, claims.RDF_PREDICATE,
                                                claims.RDF_OBJECT]  # fmt: skip


def test_every_record_in_the_build_describes_an_asserted_triple(built) -> None:  # type: ignore[no-untyped-def]
    asserted = {(q.subject, q.predicate, q.object) for q in built.quads}
    parts: dict[ox.NamedNode, dict[str, object]] = {}
    kinds: dict[ox.NamedNode, ox.NamedNode] = {}
    for q in built.quads:
        if q.predicate in (claims.RDF_SUBJECT, claims.RDF_PREDICATE, claims.RDF_OBJECT):
            parts.setdefault(q.subject, {})[q.predicate.value] = q.object
        elif q.predicate == claims.RDF_TYPE and q.object.value in (KZ + "Claim", KZ + "ExternalLink"):
            kinds[q.subject] = q.object
    assert {k.value for k in kinds.values()} == {KZ + "Claim", KZ + "ExternalLink"}
    for record in kinds:
        p = parts[record]
        triple = (p[claims.RDF_SUBJECT.value], p[claims.RDF_PREDICATE.value], p[claims.RDF_OBJECT.value])
        assert triple in asserted, record
