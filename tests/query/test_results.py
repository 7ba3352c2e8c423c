"""QueryResult: typed values, standard serialisations, the Jupyter view, and Store.query on both backends."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pyoxigraph as ox
import pytest

from kzgraph.errors import QueryError, QueryTimeout
from kzgraph.query.results import QueryResult
from kzgraph.query.values import PartialDate
from kzgraph.stores.memory import MemoryStore
from kzgraph.stores.oxigraph import OxigraphStore

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "https://example.org/"
EXTRACTED = "https://w3id.org/kzgraph/graph/extracted/run-1"


def lit(v: str, dtype: str) -> ox.Literal:
    return ox.Literal(v, datatype=ox.NamedNode(XSD + dtype))


def test_typed_values() -> None:
    r = QueryResult.from_solutions(
        ["i", "d", "y", "day", "s", "iri", "none"],
        [(lit("3", "integer"), lit("0.60", "decimal"), lit("1995", "gYear"), lit("1995-08-30", "date"),
          ox.Literal("Ассамблея", language="ru"), ox.NamedNode(EX + "a"), None)],
    )  # fmt: skip
    # a year keeps its precision: a PartialDate, not an int
    assert r.rows == [(3, Decimal("0.60"), PartialDate(1995), dt.date(1995, 8, 30), "Ассамблея", EX + "a", None)]
    assert r.dicts()[0]["y"] == PartialDate(1995) and str(r[0].y) == "1995"


def test_repr_html_escapes_values() -> None:
    r = QueryResult.from_solutions(["<b>"], [(ox.Literal("<script>alert('x')</script>"),)])
    html = r._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<th>&lt;b&gt;</th>" in html


def test_serialisations_round_trip() -> None:
    r = QueryResult.from_solutions(
        ["x", "label"],
        [(ox.NamedNode(EX + "a"), ox.Literal('say "hi", <ok>', language="en")), (ox.BlankNode("b1"), None)],
    )
    for fmt in ("json", "xml", "tsv"):
        back = QueryResult.parse(r.serialize(fmt), fmt)
        assert back.variables == ["x", "label"]
        assert back.terms[0] == r.terms[0]
        assert back.terms[1][1] is None
    data = json.loads(r.serialize("json"))
    assert data["results"]["bindings"][0]["label"] == {"type": "literal", "value": 'say "hi", <ok>', "xml:lang": "en"}
    assert r.serialize("csv").decode() == 'x,label\r\nhttps://example.org/a,"say ""hi"", <ok>"\r\n_:b1,\r\n'
    ask = QueryResult.from_boolean(True)
    assert json.loads(ask.serialize("json")) == {"head": {}, "boolean": True}
    assert QueryResult.parse(ask.serialize("xml"), "xml").boolean is True
    with pytest.raises(ValueError):
        r.serialize("ttl")


def test_graph_result_formats() -> None:
    t = ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("x"))
    r = QueryResult.from_triples([t])
    assert r.kind == "graph" and r.columns == ["subject", "predicate", "object"]
    assert QueryResult.parse(r.serialize("nt"), "nt").triples == [t]
    assert QueryResult.parse(r.serialize("ttl"), "ttl").triples == [t]
    assert b"@id" in r.serialize("jsonld")
    assert "(1 triple)" in r.to_table()


def quads() -> list[ox.Quad]:
    p = ox.NamedNode(EX + "p")
    return [
        ox.Quad(
            ox.NamedNode(EX + "curated"), p, ox.Literal("1"), ox.NamedNode("https://w3id.org/kzgraph/graph/source/x")
        ),
        ox.Quad(ox.NamedNode(EX + "machine"), p, ox.Literal("2"), ox.NamedNode(EXTRACTED)),
    ]


@pytest.fixture(params=["oxigraph", "memory"])
def small_store(request, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "oxigraph":
        OxigraphStore.build_at(tmp_path / "s", quads())
        s = OxigraphStore(tmp_path / "s", read_only=True)
    else:
        s = MemoryStore()
        s.replace(quads())
    yield s
    s.close()


def test_curated_default_graph_excludes_extracted(small_store) -> None:  # type: ignore[no-untyped-def]
    q = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    assert small_store.query(q).rows == [(EX + "curated",)]
    assert small_store.query(q, include_extracted=True).rows == [(EX + "curated",), (EX + "machine",)]
    assert small_store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows == [
        ("https://w3id.org/kzgraph/graph/source/x",)
    ]
    assert small_store.query(q, timeout=30).rows == [(EX + "curated",)]


def test_query_forms(small_store) -> None:  # type: ignore[no-untyped-def]
    assert small_store.query('ASK { ?s ?p "1" }').boolean is True
    assert small_store.query('ASK { ?s ?p "2" }').boolean is False
    g = small_store.query("CONSTRUCT { ?s <https://example.org/q> ?o } WHERE { ?s ?p ?o }")
    assert g.kind == "graph" and len(g) == 1
    d = small_store.query("DESCRIBE <https://example.org/curated>")
    assert d.kind == "graph"


def test_syntax_errors_carry_line_and_column(small_store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError, match=r"line 2, column \d+") as info:
        small_store.query("SELECT ?x WHERE {\n ?x ?y }")
    assert info.value.exit_code == 2
    assert getattr(info.value, "line", None) == 2


def test_timeout_in_worker_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = ox.NamedNode(EX + "p")
    g = ox.NamedNode(EX + "g")
    OxigraphStore.build_at(
        tmp_path / "slow", [ox.Quad(ox.NamedNode(f"{EX}s{i}"), p, ox.Literal(str(i)), g) for i in range(400)]
    )
    s = OxigraphStore(tmp_path / "slow", read_only=True)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . FILTER(STR(?b) < STR(?d)) }"
    with pytest.raises(QueryTimeout):
        s.query(slow, timeout=0.5)
    assert s.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=30).rows == [(400,)]
