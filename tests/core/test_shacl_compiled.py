"""The SPARQL-compiled SHACL validator agrees with pySHACL: same focus nodes, same constraint components,
on the real graph and on graphs broken in each way a constraint forbids — for both shape groups (the provenance
graphs' ``evidence`` shapes and the ``entities`` shapes)."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from kzgraph.pipeline import validate
from kzgraph.rdf import namespaces as ns
from kzgraph.resources import default_files

OA = ns.PREFIXES["oa"]
XSD = ns.PREFIXES["xsd"]
SKOS = ns.PREFIXES["skos"]
RDF_TYPE = ns.PREFIXES["rdf"] + "type"
Mutation = Callable[[list[ox.Quad]], list[ox.Quad]]


def pyshacl_results(group: str, quads: list[ox.Quad], individuals: frozenset[str]) -> set[tuple[str, str]]:
    import rdflib
    from pyshacl import validate as shacl

    shapes_file = default_files().shapes_file
    data = validate._data_for(group, quads, individuals)
    shapes = validate._shapes_for(group, shapes_file)
    _, results, _ = shacl(data, shacl_graph=shapes, inference="none", advanced=True, inplace=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    return {
        (str(results.value(r, sh.focusNode)), str(results.value(r, sh.sourceConstraintComponent)).rsplit("#", 1)[1])
        for r in results.subjects(rdflib.RDF.type, sh.ValidationResult)
    }


def compiled_results(group: str, quads: list[ox.Quad], individuals: frozenset[str]) -> set[tuple[str, str]]:
    from kzgraph.pipeline import shaclsparql

    report = validate._compiled(group, quads, default_files().shapes_file, individuals)
    assert report is not None, f"the {group} shapes must compile"
    found = set()
    for line in report.text.splitlines():
        if line.startswith("Constraint "):
            component = line.split(" in ", 1)[1].rstrip(":")
        elif line.startswith("\tFocus Node: <"):
            found.add((line[len("\tFocus Node: <") : -1], component))
    del shaclsparql
    return found


def first(quads: list[ox.Quad], predicate: str) -> ox.Quad:
    return next(q for q in quads if q.predicate.value == predicate)


def drop_exact(quads: list[ox.Quad]) -> list[ox.Quad]:
    victim = first(quads, OA + "exact")
    return [q for q in quads if q != victim]


def second_start(quads: list[ox.Quad]) -> list[ox.Quad]:
    q = first(quads, OA + "start")
    return [
        *quads,
        ox.Quad(
            q.subject,
            q.predicate,
            ox.Literal("999999", datatype=ox.NamedNode(XSD + "nonNegativeInteger")),
            q.graph_name,
        ),
    ]


def end_before_start(quads: list[ox.Quad]) -> list[ox.Quad]:
    q = first(quads, OA + "end")
    zero = ox.Literal("0", datatype=ox.NamedNode(XSD + "nonNegativeInteger"))
    return [ox.Quad(q.subject, q.predicate, zero, q.graph_name) if x == q else x for x in quads]


def exact_with_language(quads: list[ox.Quad]) -> list[ox.Quad]:
    q = first(quads, OA + "exact")
    tagged = ox.Literal(q.object.value, language="en")  # type: ignore[union-attr]
    return [ox.Quad(q.subject, q.predicate, tagged, q.graph_name) if x == q else x for x in quads]


def start_as_integer(quads: list[ox.Quad]) -> list[ox.Quad]:
    q = first(quads, OA + "start")
    plain = ox.Literal(q.object.value, datatype=ox.NamedNode(XSD + "integer"))  # type: ignore[union-attr]
    return [ox.Quad(q.subject, q.predicate, plain, q.graph_name) if x == q else x for x in quads]


def no_method(quads: list[ox.Quad]) -> list[ox.Quad]:
    victim = first(quads, ns.KZ + "method")
    return [q for q in quads if q != victim]


def confidence_too_high(quads: list[ox.Quad]) -> list[ox.Quad]:
    q = first(quads, ns.KZ + "confidence")
    high = ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal"))
    return [ox.Quad(q.subject, q.predicate, high, q.graph_name) if x == q else x for x in quads]


def untyped_source(quads: list[ox.Quad]) -> list[ox.Quad]:
    lee = ns.source("lee")
    return [q for q in quads if not (q.subject.value == lee and q.predicate.value == ns.PREFIXES["rdf"] + "type")]


def literal_selector(quads: list[ox.Quad]) -> list[ox.Quad]:
    q = first(quads, OA + "hasSelector")
    return [ox.Quad(q.subject, q.predicate, ox.Literal("a selector"), q.graph_name) if x == q else x for x in quads]


def replace_object(quads: list[ox.Quad], predicate: str, new: ox.Literal, *, subject_type: str = "") -> list[ox.Quad]:
    """``quads`` with the first ``predicate`` statement (of a subject of ``subject_type``, if given) given ``new``."""
    typed = {q.subject for q in quads if q.predicate.value == RDF_TYPE and q.object.value == subject_type}
    q = next(q for q in quads if q.predicate.value == predicate and (not subject_type or q.subject in typed))
    return [ox.Quad(q.subject, q.predicate, new, q.graph_name) if x == q else x for x in quads]


def second_english_label(quads: list[ox.Quad]) -> list[ox.Quad]:
    apk = ox.NamedNode(ns.entity("apk"))
    label = next(q for q in quads if q.subject == apk and q.predicate.value == SKOS + "prefLabel")
    return [*quads, ox.Quad(apk, label.predicate, ox.Literal("A second name", language="en"), label.graph_name)]


def no_english_label(quads: list[ox.Quad]) -> list[ox.Quad]:
    apk = ox.NamedNode(ns.entity("apk"))
    return [
        q
        for q in quads
        if not (
            q.subject == apk
            and q.predicate.value == SKOS + "prefLabel"
            and isinstance(q.object, ox.Literal)
            and q.object.language == "en"
        )
    ]


def session_date_as_string(quads: list[ox.Quad]) -> list[ox.Quad]:
    return replace_object(quads, ns.KZ + "date", ox.Literal("in 2000"), subject_type=ns.KZ + "AssemblySession")


def observation_without_figure(quads: list[ox.Quad]) -> list[ox.Quad]:
    share = first(quads, ns.KZ + "populationShare")
    return [
        q
        for q in quads
        if not (
            q.subject == share.subject and q.predicate.value in (ns.KZ + "populationShare", ns.KZ + "populationCount")
        )
    ]


def tenure_without_post(quads: list[ox.Quad]) -> list[ox.Quad]:
    tenures = {q.subject for q in quads if q.predicate.value == RDF_TYPE and q.object.value == ns.KZ + "Tenure"}
    victim = min(tenures, key=lambda t: t.value)
    gone = {ns.KZ + p for p in ("office", "organization", "ledBody", "post")}
    return [q for q in quads if not (q.subject == victim and q.predicate.value in gone)]


def starts_after_it_ends(quads: list[ox.Quad]) -> list[ox.Quad]:
    late = ox.Literal("2999-01-01", datatype=ox.NamedNode(XSD + "date"))
    return replace_object(quads, ns.KZ + "startDateEarliest", late, subject_type=ns.KZ + "Tenure")


def date_bounds_crossed(quads: list[ox.Quad]) -> list[ox.Quad]:
    return replace_object(quads, ns.KZ + "dateEarliest", ox.Literal("2999-01-01", datatype=ox.NamedNode(XSD + "date")))


MUTATIONS: dict[str, dict[str, Mutation]] = {
    "evidence": {
        "intact": lambda quads: quads,
        "drop_exact": drop_exact,
        "second_start": second_start,
        "end_before_start": end_before_start,
        "exact_with_language": exact_with_language,
        "start_as_integer": start_as_integer,
        "no_method": no_method,
        "confidence_too_high": confidence_too_high,
        "untyped_source": untyped_source,
        "literal_selector": literal_selector,
    },
    "entities": {
        "intact": lambda quads: quads,
        "second_english_label": second_english_label,
        "no_english_label": no_english_label,
        "session_date_as_string": session_date_as_string,
        "observation_without_figure": observation_without_figure,
        "tenure_without_post": tenure_without_post,
        "starts_after_it_ends": starts_after_it_ends,
        "date_bounds_crossed": date_bounds_crossed,
    },
}


@pytest.mark.parametrize(("group", "name"), [(g, n) for g in sorted(MUTATIONS) for n in sorted(MUTATIONS[g])])
def test_compiled_validator_agrees_with_pyshacl(built, group: str, name: str) -> None:  # type: ignore[no-untyped-def]
    from kzgraph.pipeline import ontology

    files = default_files()
    individuals = frozenset(ontology.load(files.ontology_file, files.imports_file).individuals)
    quads = MUTATIONS[group][name](list(built.quads))
    expected = pyshacl_results(group, quads, individuals)
    got = compiled_results(group, quads, individuals)
    assert got == expected
    assert bool(expected) == (name != "intact")
