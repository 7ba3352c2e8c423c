"""Results as researchers use them: a sequence of typed rows, dates that keep their precision, DataFrames with
typed columns, graph results as networkx and rdflib graphs, and HTML for Jupyter that escapes every value."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kzgraph.graph import KnowledgeGraph
from kzgraph.query.analysis import MissingExtra
from kzgraph.query.results import QueryResult, Row
from kzgraph.query.values import PartialDate
from kzgraph.rdf import namespaces as ns


@pytest.fixture(scope="module")
def kg(built):  # type: ignore[no-untyped-def]
    graph = KnowledgeGraph.open(Path(built.out) / "store")
    yield graph
    graph.close()


def test_the_readme_failure_is_gone(kg: KnowledgeGraph) -> None:
    rows = kg.query("apk-sessions", lang="ru")
    first = rows[0]
    assert isinstance(first, Row) and first.number == 1 and first["number"] == 1 and first[0] == 1
    assert first.theme == "За мир и согласие в нашем общем доме"
    assert first.date == PartialDate(1995, 3) and first.date.precision == "month"
    assert rows[-1].date == dt.date(2018, 4, 28)
    assert len(rows) == len(list(rows)) >= 26
    part = rows[2:5]
    assert isinstance(part, QueryResult) and [r.number for r in part] == [3, 4, 5]
    assert rows[::-1][0] == rows[-1]
    with pytest.raises(KeyError, match="no column 'nope'"):
        first["nope"]
    with pytest.raises(IndexError):
        rows[1000]


def test_no_date_or_year_comes_back_as_a_string(kg: KnowledgeGraph) -> None:
    result = kg.query("SELECT ?d WHERE { ?s kz:date|kz:foundingDate|kz:adoptionDate ?d }")
    values = result.column("d")
    assert values and all(isinstance(v, PartialDate | dt.date) for v in values)
    assert {v.precision for v in values if isinstance(v, PartialDate)} >= {"year", "month"}


def test_partial_dates() -> None:
    assert PartialDate.parse("2010") < PartialDate.parse("2010-01") < PartialDate.parse("2010-01-02")
    assert str(PartialDate.parse("0995-03")) == "0995-03"
    assert PartialDate.parse("1995-03-01").to_python() == dt.date(1995, 3, 1)
    with pytest.raises(ValueError):
        PartialDate(1995, 2, 30)
    with pytest.raises(ValueError):
        PartialDate.parse("March 1995")


def test_to_pandas_typed_columns(kg: KnowledgeGraph) -> None:
    pd = pytest.importorskip("pandas")
    df = kg.query("census", group="Koreans").to_pandas()
    assert list(df.columns) == ["year", "group", "groupLabel", "share", "count", "dataset"]
    assert str(df["year"].dtype) == "Int64" and df["share"].dtype == "float64"
    assert df.loc[df["year"] == 2018, "share"].iloc[0] == pytest.approx(0.6, abs=0.05)
    days = kg.query("SELECT ?d WHERE { kzid:apk-session-16 kz:date ?d FILTER(DATATYPE(?d) = xsd:date) }").to_pandas()
    assert str(days["d"].dtype).startswith("datetime64")
    years = kg.query('SELECT ?y WHERE { VALUES ?y { "1995"^^xsd:gYear "2018"^^xsd:gYear } }').to_pandas()
    assert isinstance(years["y"].dtype, pd.PeriodDtype) and years["y"][0].year == 1995
    ask = kg.query("ASK { kzid:apk a kz:ConsultativeBody }").to_pandas()
    assert ask["boolean"].tolist() == [True]
    graph = kg.query("CONSTRUCT { kzid:apk skos:prefLabel ?l } WHERE { kzid:apk skos:prefLabel ?l }").to_pandas()
    assert list(graph.columns) == ["subject", "predicate", "object"] and len(graph) == 3


def test_to_pandas_says_what_to_install(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(MissingExtra, match=r"to_pandas\(\) needs pandas.*pip install 'kzgraph\[analysis\]'"):
        kg.query("apk-sessions").to_pandas()


def test_graph_results_to_networkx_and_rdflib(kg: KnowledgeGraph) -> None:
    import rdflib

    g = kg.query(
        "CONSTRUCT { ?b org:subOrganizationOf kzid:apk . ?b skos:prefLabel ?l } "
        "WHERE { ?b org:subOrganizationOf kzid:apk OPTIONAL { ?b skos:prefLabel ?l } }"
    )
    net = g.to_networkx()
    secretariat = ns.entity("apk-secretariat")
    assert net.has_edge(secretariat, ns.entity("apk"))
    assert net.nodes[secretariat]["label"] == "Secretariat of the Assembly of People of Kazakhstan"
    edge = next(iter(net.get_edge_data(secretariat, ns.entity("apk")).values()))
    assert edge["predicate"] == ns.PREFIXES["org"] + "subOrganizationOf"
    rg = g.to_rdflib()
    assert len(rg) == len(set(g.triples))
    assert (rdflib.URIRef(secretariat), rdflib.URIRef(ns.PREFIXES["org"] + "subOrganizationOf"),
            rdflib.URIRef(ns.entity("apk"))) in rg  # fmt: skip
    with pytest.raises(ValueError, match="needs a graph result"):
        kg.query("apk-sessions").to_networkx()


def test_jupyter_html_is_escaped() -> None:
    evil = '<script>alert("x")</script>'
    result = QueryResult.from_solutions(["v"], [(ox.Literal(evil),)])
    html = result._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    from kzgraph.query.search import SearchHit

    hit = SearchHit("https://example.org/a", "ex:a", evil, evil, 50.0, "Thing")
    assert "<script>" not in hit._repr_html_() and "&lt;script&gt;" in hit._repr_html_()


def test_an_entity_in_jupyter_is_escaped_html(kg: KnowledgeGraph) -> None:
    d = kg.describe("Council of Mothers")
    html = d._repr_html_()
    assert html.startswith('<div class="kzgraph-entity"><h3>Council of mothers under the Assembly')
    assert "kzid:apk-council-of-mothers" in html and "823 units" in html
    d.name = '<img src=x onerror="alert(1)">'
    assert "<img" not in d._repr_html_()
