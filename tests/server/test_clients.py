"""Real SPARQL clients with their default settings against ``kzgraph serve`` (issue 12, defects 9 and 10):
SPARQLWrapper for SELECT, ASK, CONSTRUCT and DESCRIBE in every return format it offers, over GET and POST (it sends
``format=`` values such as ``xml``, ``json-ld`` or ``n3`` that must fall back to its Accept header, not 406), and
rdflib's SPARQLStore; ``format`` read from a form body; relative IRIs resolved against the base IRI."""

from __future__ import annotations

import http.client
import json
import warnings
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from kzgraph.web.server import Server

APK = "https://w3id.org/kzgraph/id/apk"
FOUNDING = rdflib.URIRef("https://w3id.org/kzgraph/ontology#foundingDate")
QUERIES = {
    "SELECT": f"SELECT ?d WHERE {{ <{APK}> <{FOUNDING}> ?d }} ORDER BY ?d",
    "ASK": f"ASK {{ <{APK}> <{FOUNDING}> ?d }}",
    "CONSTRUCT": f"CONSTRUCT {{ <{APK}> <{FOUNDING}> ?d }} WHERE {{ <{APK}> <{FOUNDING}> ?d }}",
    "DESCRIBE": f"DESCRIBE <{APK}>",
}


def founding_dates(kind: str, answer: Any) -> set[str] | bool:
    """The founding dates (or the ASK answer) read from whatever SPARQLWrapper's convert() returned."""
    if isinstance(answer, bytes):
        text = answer.decode()
        if kind in ("CONSTRUCT", "DESCRIBE"):
            g = rdflib.Graph().parse(data=text, format="turtle")
            return {str(o) for o in g.objects(rdflib.URIRef(APK), FOUNDING)}
        lines = text.splitlines()
        if kind == "ASK":
            return lines[-1].strip() == "true"
        return {line.split("^^")[0].strip('"') for line in lines[1:]}
    if isinstance(answer, dict):
        if kind == "ASK":
            return bool(answer["boolean"])
        return {b["d"]["value"] for b in answer["results"]["bindings"]}
    if isinstance(answer, rdflib.Graph):
        return {str(o) for o in answer.objects(rdflib.URIRef(APK), FOUNDING)}
    # an XML DOM document (SPARQL results XML)
    if kind == "ASK":
        return answer.getElementsByTagName("boolean")[0].firstChild.data == "true"
    return {n.firstChild.data for n in answer.getElementsByTagName("literal")}


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("kind", list(QUERIES))
def test_sparqlwrapper_every_format(pooled: Server, kind: str, method: str) -> None:
    expected: set[str] | bool = True if kind == "ASK" else {"1995", "1995-03-01"}
    for fmt in (None, JSON, XML, TURTLE, N3, RDF, RDFXML, CSV, TSV, JSONLD):
        sw = SPARQLWrapper(pooled.url + "sparql")
        sw.setQuery(QUERIES[kind])
        sw.setMethod(method)
        if fmt is not None:
            sw.setReturnFormat(fmt)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SPARQLWrapper warns when it changes a format it cannot ask for
            answer = sw.query().convert()
        got = founding_dates(kind, answer)
        if kind == "DESCRIBE" and isinstance(got, set):
            assert expected <= got, (fmt, got)
        else:
            assert got == expected, (fmt, got)


def test_rdflib_sparqlstore(pooled: Server) -> None:
    g = rdflib.Graph(store=SPARQLStore(pooled.url + "sparql"))
    rows = g.query(QUERIES["SELECT"])
    assert {str(r[0]) for r in rows} == {"1995", "1995-03-01"}  # type: ignore[index]
    assert g.query(QUERIES["ASK"]).askAnswer is True
    for kind in ("CONSTRUCT", "DESCRIBE"):
        result = g.query(QUERIES[kind]).graph
        assert result is not None
        assert {str(o) for o in result.objects(rdflib.URIRef(APK), FOUNDING)} >= {"1995", "1995-03-01"}
    assert (rdflib.URIRef(APK), FOUNDING, None) in g


def post_form(server: Server, form: dict[str, str], *, accept: str | None = None) -> tuple[int, str, bytes]:
    where = urlsplit(server.url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    conn.request("POST", "/sparql", body=urlencode(form), headers=headers)
    r = conn.getresponse()
    out = r.status, r.getheader("Content-Type") or "", r.read()
    conn.close()
    return out


def test_format_in_a_form_body(pooled: Server) -> None:
    """Defect 10: ``format`` counts in a POSTed form as in the URL; an unknown one falls back to Accept."""
    status, ctype, body = post_form(pooled, {"query": QUERIES["SELECT"], "format": "csv"}, accept="application/json")
    assert status == 200 and ctype.startswith("text/csv") and body.splitlines()[0] == b"d"
    status, ctype, body = post_form(pooled, {"query": QUERIES["SELECT"], "format": "nonsense"}, accept="text/csv")
    assert status == 200 and ctype.startswith("text/csv")
    status, ctype, body = post_form(pooled, {"query": QUERIES["CONSTRUCT"], "format": "xml"},
                                    accept="application/ld+json")  # fmt: skip
    assert status == 200 and ctype == "application/ld+json"


def test_relative_iris_resolve_against_the_base_iri(pooled: Server) -> None:
    """Defect 9: ``CONSTRUCT {<s> <p> 1} WHERE {}`` (the W3C test the old server failed) and ``<id/apk>``."""
    status, _, body = post_form(pooled, {"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}, accept="application/n-triples")
    assert status == 200
    assert body.strip() == (b'<https://w3id.org/kzgraph/s> <https://w3id.org/kzgraph/p> '
                            b'"1"^^<http://www.w3.org/2001/XMLSchema#integer> .')  # fmt: skip
    status, _, body = post_form(pooled, {"query": "SELECT ?d WHERE { <id/apk> kz:foundingDate ?d }"},
                                accept="application/sparql-results+json")  # fmt: skip
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 2
