"""Every named query runs against the built graph and meets its ``queries/<name>.expected.yaml``.

Federated queries (``SERVICE``) run with their ``wikidata`` service pointed at ``oxigraph serve`` on 127.0.0.1
holding the Wikidata-shaped fixture (the ``wikidata`` fixture of tests/conftest.py), never at the internet.

To re-run the catalogue on another backend, call :func:`kzgraph.query.expectations.check_query` with a
``KnowledgeGraph`` over that store (see ``catalogue_names`` for the list).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kzgraph.query.catalogue import Catalogue, parse
from kzgraph.query.expectations import check_query, expected_file
from tests.conftest import require

CATALOGUE = Catalogue()


def catalogue_names() -> list[str]:
    return CATALOGUE.names()


def is_federated(name: str) -> bool:
    """Queries with a SERVICE clause: they run against the local fixture server."""
    from kzgraph.query.federation import is_federated as calls_service

    return calls_service(CATALOGUE.get(name).text)


# values for the required parameters of the queries that have some
REQUIRED_PARAMS: dict[str, dict[str, str]] = {"entity-facts": {"entity": "apk"}, "network": {"entity": "apk"}}


def test_every_query_has_expectations() -> None:
    missing = [n for n in catalogue_names() if not expected_file(CATALOGUE.get(n).path).exists()]
    assert not missing, f"add queries/<name>.expected.yaml for: {', '.join(missing)}"


@pytest.fixture(scope="module")
def local_kg(store):
    from kzgraph.graph import KnowledgeGraph

    return KnowledgeGraph(store)


@pytest.fixture(scope="module")
def federated_kg(store, wikidata: str, tmp_path_factory: pytest.TempPathFactory):
    """The built graph whose declared services all point at the local fixture server."""
    from kzgraph.graph import KnowledgeGraph
    from kzgraph.query.federation import client_factory, declared_services

    services = {s: wikidata for q in CATALOGUE for s in declared_services(q.text)}
    assert services == {"wikidata": wikidata}
    factory = client_factory(
        contact="test@example.org", cache_dir=tmp_path_factory.mktemp("fed-cache"), timeout=5.0, attempts=1
    )
    return KnowledgeGraph(store, services=services, client_factory=factory)


@pytest.fixture
def kg(request: pytest.FixtureRequest, name: str):
    """The graph to run query ``name`` on: federated queries get the local fixture server as their service."""
    return request.getfixturevalue("federated_kg" if is_federated(name) else "local_kg")


def test_catalogue_has_at_least_20_queries() -> None:
    assert len(CATALOGUE) >= 20


@pytest.mark.parametrize("name", catalogue_names())
def test_query_meets_expectations(kg, name: str) -> None:
    q = CATALOGUE.get(name)
    assert q.title and q.question and q.columns, f"{name}: header incomplete"
    if not expected_file(q.path).exists():
        kg.query(name, **{p.name: "apk" for p in q.params if p.required})  # it must at least run
        require(False, f"{name}: add {expected_file(q.path).name} with assertions")
    problems = check_query(kg, name)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", catalogue_names())
def test_header_columns_are_the_select_variables(kg, name: str) -> None:
    q = CATALOGUE.get(name)
    params = {p.name: REQUIRED_PARAMS[name][p.name] for p in q.params if p.required}
    result = kg.query(name, **params)
    if result.kind == "select":
        assert result.columns == list(q.columns)


def test_parameters_are_bound_as_escaped_terms(tmp_path: Path) -> None:
    rq = tmp_path / "probe.rq"
    rq.write_text(
        "# title: t\n# question: q\n# param: name (string; default: all) a name\n# param: n (integer; default: 3) n\n"
        "# columns: x\nSELECT ?x WHERE {\n  # @params\n  BIND(?name AS ?x)\n}\n"
    )
    q = parse(rq)
    evil = 'x" } ; DROP ALL ; SELECT * WHERE { "'
    text = q.bind({"name": evil})
    assert 'VALUES (?name ?n) { ("x\\" } ; DROP ALL ; SELECT * WHERE { \\"" ' in text
    assert "UNDEF" in q.bind({})
    from kzgraph.errors import QueryError

    with pytest.raises(QueryError, match="parameter n"):
        q.bind({"n": "three"})
    with pytest.raises(QueryError, match="no parameter bogus"):
        q.bind({"bogus": "1"})


def test_injection_attempt_returns_the_literal(local_kg) -> None:
    from kzgraph.errors import NotFoundError

    with pytest.raises(NotFoundError):
        local_kg.query("entity-facts", entity='x" } UNION { ?s ?p ?o } #')
