"""Statement records: a triple asserted in a named graph, and beside it a resource that describes that assertion
(``rdf:subject`` / ``rdf:predicate`` / ``rdf:object``, a type, and what else is known about it: its quote, its
source, its confidence …). Curated claims (``kz:Claim``), external links (``kz:ExternalLink``), facts fetched from
Wikidata (``rdf:Statement``) and machine-extracted claims all take this shape; this module mints it, once.

:func:`statement` makes pyoxigraph quads; :func:`statement_lines` writes the same quads as N-Quads text, for writers
that produce text directly for speed (terms given in N-Triples syntax).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.terms import Object, Subject

RDF = ns.PREFIXES["rdf"]
RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_SUBJECT = ox.NamedNode(RDF + "subject")
RDF_PREDICATE = ox.NamedNode(RDF + "predicate")
RDF_OBJECT = ox.NamedNode(RDF + "object")


def statement(
    record: ox.NamedNode,
    kind: ox.NamedNode,
    triple: tuple[Subject, ox.NamedNode, Object],
    graph: ox.NamedNode,
    *,
    about: Iterable[tuple[ox.NamedNode, Object]] = (),
    record_graph: ox.NamedNode | None = None,
) -> list[ox.Quad]:
    """The ``triple`` asserted in ``graph``, then its record: ``record a kind``, its subject, predicate and object,
    and the ``about`` pairs (predicate, value), in ``record_graph`` (default: ``graph``)."""
    s, p, o = triple
    where = record_graph or graph
    return [
        ox.Quad(s, p, o, graph),
        ox.Quad(record, RDF_TYPE, kind, where),
        ox.Quad(record, RDF_SUBJECT, s, where),
        ox.Quad(record, RDF_PREDICATE, p, where),
        ox.Quad(record, RDF_OBJECT, o, where),
        *(ox.Quad(record, q, v, where) for q, v in about),
    ]


def statement_lines(
    record: str,
    kind: str,
    triple: tuple[str, str, str],
    graph: str,
    *,
    about: Iterable[tuple[str, str]] = (),
    record_graph: str | None = None,
) -> list[str]:
    """:func:`statement` as N-Quads lines. Every term is in N-Triples syntax (``<iri>``, ``"literal"@en``,
    ``_:b``), the predicates too."""
    s, p, o = triple
    g = " " + graph + " .\n"
    r = " " + (record_graph or graph) + " .\n"
    lines = [f"{s} {p} {o}{g}", f"{record} <{RDF_TYPE.value}> {kind}{r}", f"{record} <{RDF_SUBJECT.value}> {s}{r}",
             f"{record} <{RDF_PREDICATE.value}> {p}{r}", f"{record} <{RDF_OBJECT.value}> {o}{r}"]  # fmt: skip
    lines += [f"{record} {q} {v}{r}" for q, v in about]
    return lines
