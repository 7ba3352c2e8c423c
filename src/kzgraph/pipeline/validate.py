"""SHACL validation of the built graph: each group of shapes compiled to SPARQL (:mod:`kzgraph.pipeline.shaclsparql`)
where it can be, else pySHACL over an rdflib view of the quads.

The shapes fall in two groups (``kzsh:group`` in ``ontology/shapes.ttl``): ``evidence`` (claims,
annotations, selectors, disagreements — the provenance graphs) and ``entities`` (everything else). Each
group needs only its own part of the data, so on Linux they run in forked children
(:class:`~kzgraph.pipeline.forked.Forked`: one per group, leaving the writer a core; on two cores one child runs
both in turn) alongside the build's other work; elsewhere they run one after the other. The result is the same."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kzgraph.errors import SourceError
from kzgraph.pipeline.forked import Forked
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.terms import value

SHAPES_NS = "https://w3id.org/kzgraph/shapes#"
EVIDENCE_GRAPHS = frozenset({ns.GRAPHS["provenance"], ns.GRAPHS["conflicts"], ns.GRAPHS["corpus"]})
GROUPS = ("entities", "evidence")
# Groups whose shapes use only SHACL Core constraints kzgraph.pipeline.shaclsparql compiles to SPARQL (much faster than
# pySHACL on thousands of small provenance nodes); a shape it cannot compile sends the group back to pySHACL.
COMPILED_GROUPS = frozenset({"evidence", "entities"})


@dataclass
class Report:
    conforms: bool
    violations: int
    warnings: int
    text: str


_EVIDENCE_NODES = frozenset(ox.NamedNode(g) for g in EVIDENCE_GRAPHS)
_ONTOLOGY = ox.NamedNode(ns.GRAPHS["ontology"])
_CORPUS = ox.NamedNode(ns.GRAPHS["corpus"])


def _part(group: str, quads: list[ox.Quad], individuals: frozenset[str]) -> list[ox.Quad]:
    """The quads that shape ``group`` validates (terms compared as terms: one pass costs a third of comparing
    their IRIs as strings)."""
    ontology_quads = [q for q in quads if q.graph_name == _ONTOLOGY]
    # entailments are materialised: of the ontology graph only the individuals (kz:allGroups, methods)
    wanted = [q for q in ontology_quads if value(q.subject) in individuals]
    if group == "evidence":
        return wanted + [q for q in quads if q.graph_name in _EVIDENCE_NODES]
    return wanted + [
        q
        for q in quads
        if q.graph_name != _ONTOLOGY and (q.graph_name not in _EVIDENCE_NODES or q.graph_name == _CORPUS)
    ]


def _data_for(group: str, quads: list[ox.Quad], individuals: frozenset[str]) -> Any:
    """The rdflib graph one shape group validates: its graphs, plus the ontology's individuals."""
    import rdflib

    convert = _converter()
    data = rdflib.Graph()
    data.addN(
        (convert(q.subject), convert(q.predicate), convert(q.object), data) for q in _part(group, quads, individuals)
    )
    return data


def _shapes_for(group: str, shapes_file: Path) -> Any:
    """The shapes graph with the targets of the other group's shapes removed."""
    import rdflib

    try:
        shapes = rdflib.Graph().parse(shapes_file, format="turtle")
    except FileNotFoundError:
        raise SourceError(f"{shapes_file}: SHACL shapes file is missing") from None
    except SyntaxError as e:  # rdflib's Turtle parser raises BadSyntax, a SyntaxError
        raise SourceError(f"{shapes_file}: cannot parse SHACL shapes: {e}") from None
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    group_of = rdflib.URIRef(SHAPES_NS + "group")
    for shape in set(shapes.subjects(rdflib.RDF.type, sh.NodeShape)):
        if str(shapes.value(shape, group_of) or "entities") != group:
            for target in (sh.targetClass, sh.targetSubjectsOf, sh.targetObjectsOf, sh.targetNode, sh.target):
                shapes.remove((shape, target, None))
    return shapes


def _compiled(group: str, quads: list[ox.Quad], shapes_file: Path, individuals: frozenset[str]) -> Report | None:
    """The group's shapes compiled to SPARQL on Oxigraph (see kzgraph.pipeline.shaclsparql); None if any is unsupported."""
    import rdflib

    from kzgraph.pipeline import shaclsparql

    shapes = _shapes_for(group, shapes_file)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    targeted = {
        s
        for s in shapes.subjects(rdflib.RDF.type, sh.NodeShape)
        if (s, sh.targetClass, None) in shapes
        or (s, sh.targetSubjectsOf, None) in shapes
        or (s, sh.target, None) in shapes
    }
    try:
        checks = [c for shape in sorted(targeted, key=str) for c in shaclsparql.compile_shape(shapes, shape)]
    except shaclsparql.Unsupported:
        return None
    data = _part(group, quads, individuals)
    store = ox.Store()
    store.bulk_extend(data)
    results = shaclsparql.run(store, checks, data)
    violations = sum(1 for r in results if r.severity == shaclsparql.SH + "Violation")
    warnings = sum(1 for r in results if r.severity == shaclsparql.SH + "Warning")
    return Report(
        conforms=violations == 0, violations=violations, warnings=warnings, text=shaclsparql.report_text(results)
    )


def _run(
    group: str, quads: list[ox.Quad], shapes_file: Path, individuals: frozenset[str], *, compiled: bool = True
) -> Report:
    if compiled and group in COMPILED_GROUPS:
        fast = _compiled(group, quads, shapes_file, individuals)
        if fast is not None:
            return fast
    import rdflib
    from pyshacl import validate as shacl

    data = _data_for(group, quads, individuals)
    shapes = _shapes_for(group, shapes_file)
    conforms, results, text = shacl(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, inplace=True
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    severities = list(results.objects(None, sh.resultSeverity))
    violations = sum(1 for s in severities if s == sh.Violation)
    warnings = sum(1 for s in severities if s == sh.Warning)
    return Report(conforms=bool(conforms) and violations == 0, violations=violations, warnings=warnings, text=str(text))


def _run_groups(
    groups: tuple[str, ...], quads: list[ox.Quad], shapes_file: Path, individuals: frozenset[str]
) -> list[Report]:
    return [_run(g, quads, shapes_file, individuals) for g in groups]


def _merge(reports: list[Report]) -> Report:
    return Report(
        conforms=all(r.conforms for r in reports),
        violations=sum(r.violations for r in reports),
        warnings=sum(r.warnings for r in reports),
        text="\n".join(r.text for r in reports if not r.conforms or r.warnings),
    )


class Pending:
    """A validation under way (:class:`~kzgraph.pipeline.forked.Forked` jobs); :meth:`result` waits for it."""

    def __init__(self, jobs: list[Forked[list[Report]]]) -> None:
        self._jobs = jobs

    def abandon(self) -> None:
        """Stop the workers without waiting (the build failed elsewhere)."""
        for job in self._jobs:
            job.abandon()

    def result(self) -> Report:
        return _merge([report for job in self._jobs for report in job.result()])


def start(quads: list[ox.Quad], shapes_file: Path, *, individuals: frozenset[str] = frozenset()) -> Pending:
    """Begin validating: in forked children where the platform forks, else right away in this process."""
    if not shapes_file.is_file():
        raise SourceError(f"{shapes_file}: SHACL shapes file is missing")
    # The main process keeps writing meanwhile: leave it a core (on two cores one child runs both groups in turn,
    # which finishes the build sooner than two children competing with the writer).
    workers = max(1, min(len(GROUPS), (os.cpu_count() or 1) - 1))
    shares = [GROUPS[i::workers] for i in range(workers)]
    return Pending(
        [
            Forked(f"validating ({', '.join(share)})", _run_groups, share, quads, shapes_file, individuals)
            for share in shares
        ]
    )


def validate(quads: list[ox.Quad], shapes_file: Path, *, individuals: frozenset[str] = frozenset()) -> Report:
    """Validate ``quads`` (entailments already materialised) against ``shapes_file``."""
    return _merge([_run(g, quads, shapes_file, individuals) for g in GROUPS])


def _converter() -> Any:
    """pyoxigraph term → rdflib term, memoised (terms repeat a lot)."""
    from rdflib import BNode, Literal, URIRef

    cache: dict[object, object] = {}

    def convert(term: Any) -> Any:
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
