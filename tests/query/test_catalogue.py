"""Every named query runs against the built graph and meets its ``queries/<name>.expected.yaml``.

To re-run the catalogue on another backend, call :func:`kzgraph.expectations.check_query` with a
``KnowledgeGraph`` over that store (see ``catalogue_names`` for the list).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kzgraph.catalogue import Catalogue, parse
from kzgraph.expectations import check_query, expected_file
from tests.conftest import require

CATALOGUE = Catalogue()


def catalogue_names() -> list[str]:
    return CATALOGUE.names()


def is_federated(name: str) -> bool:
    """Queries with a SERVICE clause reach the internet, which tests never touch."""
    return "SERVICE" in CATALOGUE.get(name).text


@pytest.fixture(scope="module")
def kg(store):  # type: ignore[no-untyped-def]
    from kzgraph.graph import KnowledgeGraph

    return KnowledgeGraph(store)


def test_catalogue_has_at_least_20_queries() -> None:
    assert len(CATALOGUE) >= 20


@pytest.mark.parametrize("name", catalogue_names())
def test_query_meets_expectations(kg, name: str) -> None:  # type: ignore[no-untyped-def]
    q = CATALOGUE.get(name)
    assert q.title and q.question and q.columns, f"{name}: header incomplete"
    if is_federated(name):
        pytest.skip(f"{name} is federated (SERVICE): needs the internet")
    if not expected_file(q.path).exists():
        kg.query(name, **{p.name: "apk" for p in q.params if p.required})  # it must at least run
        require(False, f"{name}: add {expected_file(q.path).name} with assertions")
    problems = check_query(kg, name)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", catalogue_names())
def test_header_columns_are_the_select_variables(kg, name: str) -> None:  # type: ignore[no-untyped-def]
    q = CATALOGUE.get(name)
    if is_federated(name) or any(p.required for p in q.params):
        pytest.skip("needs parameters or the internet")
    result = kg.query(name)
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


def test_injection_attempt_returns_the_literal(kg) -> None:  # type: ignore[no-untyped-def]
    from kzgraph.errors import NotFoundError

    with pytest.raises(NotFoundError):
        kg.query("entity-facts", entity='x" } UNION { ?s ?p ?o } #')
