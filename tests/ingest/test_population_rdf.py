"""Population observations, numbers of ethnic groups and proposed labels as RDF: the triples, their claims, and
the SHACL shapes of the curated graph still conform with them added."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kzgraph.ingest.analyse import analyse
from kzgraph.ingest.gazetteer import Gazetteer
from kzgraph.ingest.rdf import document_nquads
from kzgraph.rdf import namespaces as ns

KZ = ns.KZ
SHA = "cd" * 32
TEXT = (
    "Census results.\n\n"
    "As of 1 January 2020, Uzbeks - 3.2%, Tatars (1.1 million people).\n\n"
    "The census of 2009 recorded 125 ethnic groups in Kazakhstan.\n\n"
    "По итогам переписи 2009 года уйгуры — 224 тыс. человек, немцы — 178 тыс. человек.\n"
)


@pytest.fixture(scope="module")
def quads(gaz: Gazetteer) -> list[ox.Quad]:
    a = analyse(TEXT, gaz, language="en")
    return list(
        ox.parse(
            document_nquads(SHA, a, {"language": "en", "title": "Census results"}).encode(), format=ox.RdfFormat.N_QUADS
        )
    )


def _objects(quads: list[ox.Quad], subject: ox.NamedNode, predicate: str) -> set[str]:
    return {q.object.value for q in quads if q.subject == subject and q.predicate.value == predicate}


def test_observation_triples(quads: list[ox.Quad]) -> None:
    tatars = next(
        q.subject for q in quads if q.predicate.value == KZ + "ethnicGroup" and q.object.value.endswith("/tatars")
    )
    assert _objects(quads, tatars, KZ + "populationCount") == {"1100000"}
    assert _objects(quads, tatars, KZ + "amount") == {"1.1"}
    assert _objects(quads, tatars, KZ + "unit") == {"million"}
    assert _objects(quads, tatars, KZ + "refPeriod") == {"2020"}
    assert _objects(quads, tatars, KZ + "refDate") == {"2020-01-01"}
    # every observation triple is a claim with its rule
    claims = {q.subject for q in quads if q.predicate.value.endswith("#subject") and q.object == tatars}
    rules = {q.object.value for q in quads if q.subject in claims and q.predicate.value == KZ + "extractionRule"}
    assert rules == {"population-list"}


def test_number_of_ethnic_groups_claim_carries_the_year(quads: list[ox.Quad]) -> None:
    (count,) = [q for q in quads if q.predicate.value == KZ + "numberOfEthnicGroups"]
    assert (count.subject.value, count.object.value) == (ns.entity("kazakhstan"), "125")
    claim = next(q.subject for q in quads if q.predicate.value.endswith("#object") and q.object == count.object)
    assert _objects(quads, claim, KZ + "refPeriod") == {"2009"}


def test_figures_of_an_unknown_group_stay_on_its_candidate(quads: list[ox.Quad]) -> None:
    from kzgraph.ingest.rdf import candidate_iri

    candidate = ox.NamedNode(candidate_iri("немцы"))
    assert _objects(quads, candidate, KZ + "proposedClass") == {KZ + "EthnicGroup"}
    assert _objects(quads, candidate, KZ + "populationCount") == {"178000"}
    claim = next(q.subject for q in quads if q.predicate.value.endswith("#subject") and q.object == candidate)
    assert _objects(quads, claim, KZ + "refPeriod") == {"2009"}
    # no observation names it: an observation's group is a known ethnic group
    assert not [q for q in quads if q.predicate.value == KZ + "ethnicGroup" and q.object == candidate]


def test_shapes_still_conform(quads: list[ox.Quad]) -> None:
    from kzgraph.pipeline.build import assemble
    from kzgraph.pipeline.validate import validate
    from kzgraph.resources import default_files

    files = default_files()
    curated, builder, _n, _t = assemble(files)
    report = validate(curated + quads, files.shapes_file, individuals=frozenset(builder.onto.individuals))
    assert report.conforms, report.text[:6000]
