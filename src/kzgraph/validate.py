"""SHACL validation of the built graph (pySHACL over an rdflib view of the quads)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kzgraph import namespaces as ns
from kzgraph.errors import SourceError


@dataclass
class Report:
    conforms: bool
    violations: int
    warnings: int
    text: str


def validate(quads: list[ox.Quad], shapes_file: Path, *, individuals: set[str] = frozenset()) -> Report:  # type: ignore[assignment]
    """Validate the union of ``quads`` (entailments already materialised) against ``shapes_file``."""
    import rdflib
    from pyshacl import validate as shacl

    data = rdflib.Graph()
    convert = _converter()
    # Entailments are materialised, so the data needs no schema triples, only the ontology's individuals.
    ontology = ns.GRAPHS["ontology"]
    data.addN(
        (convert(q.subject), convert(q.predicate), convert(q.object), data)
        for q in quads
        if q.graph_name.value != ontology or q.subject.value in individuals
    )
    try:
        shapes = rdflib.Graph().parse(shapes_file, format="turtle")
    except FileNotFoundError:
        raise SourceError(f"{shapes_file}: SHACL shapes file is missing") from None
    except Exception as e:  # rdflib raises assorted parser exceptions for malformed Turtle
        raise SourceError(f"{shapes_file}: cannot parse SHACL shapes: {e}") from None
    conforms, results, text = shacl(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, inplace=True
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    severities = list(results.objects(None, sh.resultSeverity))
    violations = sum(1 for s in severities if s == sh.Violation)
    warnings = sum(1 for s in severities if s == sh.Warning)
    return Report(conforms=bool(conforms) and violations == 0, violations=violations, warnings=warnings, text=str(text))


def _converter():  # type: ignore[no-untyped-def]
    """pyoxigraph term → rdflib term, memoised (terms repeat a lot)."""
    from rdflib import BNode, Literal, URIRef

    cache: dict[object, object] = {}

    def convert(term):  # type: ignore[no-untyped-def]
        hit = cache.get(term)
        if hit is None:
            if isinstance(term, ox.NamedNode):
                hit = URIRef(term.value)
            elif isinstance(term, ox.Literal):
                hit = (
                    Literal(term.value, lang=term.language)
                    if term.language
                    else Literal(term.value, datatype=URIRef(term.datatype.value))
                )
            else:
                hit = BNode(term.value)
            cache[term] = hit
        return hit

    return convert
