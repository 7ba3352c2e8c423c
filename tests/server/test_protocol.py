"""The server over real HTTP on 127.0.0.1: content negotiation, the SPARQL 1.1 Protocol (GET and both POST forms,
each results format parsed), error statuses, escaping, read-only — with urllib, SPARQLWrapper (a real SPARQL client)
and kzgraph's own remote store."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from email.message import Message
from urllib.parse import quote, urlencode

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from kzgraph.web.app import App
from kzgraph.web.messages import Request, Response
from kzgraph.web.route import Route
from kzgraph.web.server import Server, make_server
from tests.server.conftest import SCRIPT

APK = rdflib.URIRef("https://w3id.org/kzgraph/id/apk")
KZ = rdflib.Namespace("https://w3id.org/kzgraph/ontology#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
FOUNDING = "SELECT ?d WHERE { kzid:apk kz:foundingDate ?d } ORDER BY ?d"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def fetch(url: str, *, accept: str | None = None, data: bytes | None = None, content_type: str | None = None,
          method: str | None = None) -> tuple[int, Message, bytes]:  # fmt: skip
    assert url.startswith("http://127.0.0.1:")
    req = urllib.request.Request(url, data=data, method=method)
    if accept:
        req.add_header("Accept", accept)
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_entity_conneg(live: Server) -> None:
    url = live.url + "id/apk"
    status, headers, body = fetch(url, accept="text/html")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Vary"] == "Accept, Cookie"  # the workbench's pages follow the language cookie too
    assert b"The Assembly of People of Kazakhstan was organized on March 1, 1995" in body

    status, headers, body = fetch(url, accept="text/turtle")
    assert status == 200 and headers["Content-Type"] == "text/turtle; charset=utf-8"
    g = rdflib.Graph().parse(data=body.decode(), format="turtle")
    founding = rdflib.Literal("1995-03-01", datatype=rdflib.XSD.date)
    assert (APK, KZ.foundingDate, founding) in g
    claim = next(c for c in g.subjects(rdflib.RDF.object, founding) if (c, rdflib.RDF.subject, APK) in g)
    target = g.value(g.value(claim, KZ.evidence), OA.hasTarget)
    quotes = [str(g.value(s, OA.exact)) for s in g.objects(target, OA.hasSelector) if g.value(s, OA.exact)]
    assert quotes == ["The Assembly of People of Kazakhstan was organized on March 1, 1995"]

    status, headers, body = fetch(url, accept="application/ld+json")
    assert status == 200 and headers["Content-Type"] == "application/ld+json"
    assert (APK, KZ.foundingDate, founding) in rdflib.Dataset(default_union=True).parse(data=body, format="json-ld")


def test_entity_404_406_405(live: Server) -> None:
    assert fetch(live.url + "id/no-such-entity", accept="text/turtle")[0] == 404
    assert fetch(live.url + "id/apk", accept="image/png")[0] == 406
    status, headers, _ = fetch(live.url + "id/apk", method="DELETE")
    assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_script_in_path_comes_back_escaped(live: Server) -> None:
    status, _, body = fetch(live.url + "id/" + quote(SCRIPT), accept="text/html")
    assert status == 404 and b"<script>" not in body and b"&lt;script&gt;" in body
    status, _, body = fetch(live.url + "sparql?" + urlencode({"query": f'SELECT ("{SCRIPT}" AS ?x) {{}}'}),
                            accept="text/html")  # fmt: skip
    assert status == 200 and b"<script>" not in body and b"&lt;script&gt;" in body


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_sparql_protocol_forms(live: Server, how: str) -> None:
    endpoint = live.url + "sparql"
    accept = "application/sparql-results+json"
    if how == "get":
        status, headers, body = fetch(endpoint + "?" + urlencode({"query": FOUNDING}), accept=accept)
    elif how == "form":
        status, headers, body = fetch(endpoint, accept=accept, data=urlencode({"query": FOUNDING}).encode(),
                                      content_type="application/x-www-form-urlencoded")  # fmt: skip
    else:
        status, headers, body = fetch(endpoint, accept=accept, data=FOUNDING.encode(),
                                      content_type="application/sparql-query")  # fmt: skip
    assert status == 200 and headers["Content-Type"] == accept
    assert [b["d"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["1995", "1995-03-01"]


def test_sparql_each_results_format(live: Server) -> None:
    url = live.url + "sparql?" + urlencode({"query": FOUNDING})
    _, _, body = fetch(url, accept="application/sparql-results+xml")
    root = ET.fromstring(body)
    assert [lit.text for lit in root.iter(SRX + "literal")] == ["1995", "1995-03-01"]
    _, headers, body = fetch(url, accept="text/csv")
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(body.decode()))) == [["d"], ["1995"], ["1995-03-01"]]
    _, _, body = fetch(url, accept="text/tab-separated-values")
    assert body.decode().splitlines() == [
        "?d",
        '"1995"^^<http://www.w3.org/2001/XMLSchema#gYear>',
        '"1995-03-01"^^<http://www.w3.org/2001/XMLSchema#date>',
    ]


def test_sparql_construct_formats(live: Server) -> None:
    construct = "CONSTRUCT { kzid:apk kz:foundingDate ?d } WHERE { kzid:apk kz:foundingDate ?d }"
    url = live.url + "sparql?" + urlencode({"query": construct})
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
                        ("application/rdf+xml", "xml")):  # fmt: skip
        status, headers, body = fetch(url, accept=accept)
        assert status == 200 and headers["Content-Type"].split(";")[0] == accept
        assert len(rdflib.Graph().parse(data=body, format=fmt)) == 2


def test_sparql_errors(live: Server) -> None:
    endpoint = live.url + "sparql"
    status, _, body = fetch(endpoint + "?" + urlencode({"query": "SELECT ?s WHERE {\n  ?s ?p\n}"}))
    assert status == 400 and body.startswith(b"SPARQL syntax error at line 3, column ")
    assert fetch(endpoint + "?" + urlencode({"query": FOUNDING}), accept="image/png")[0] == 406
    update = "INSERT DATA { kzid:x kz:purpose 'y' }"
    assert fetch(endpoint, data=update.encode(), content_type="application/sparql-update")[0] == 403
    assert fetch(endpoint, data=urlencode({"update": update}).encode(),
                 content_type="application/x-www-form-urlencoded")[0] == 403  # fmt: skip
    status, _, body = fetch(endpoint + "?" + urlencode({"query": "ASK { kzid:x kz:purpose 'y' }"}), accept="text/csv")
    assert body.decode().splitlines() == ["boolean", "false"]


def test_sparqlwrapper_client(live: Server) -> None:
    sw = SPARQLWrapper(live.url + "sparql")
    sw.setQuery("PREFIX kz: <https://w3id.org/kzgraph/ontology#> " + FOUNDING.replace("kzid:apk", f"<{APK}>"))
    sw.setReturnFormat(JSON)
    data = sw.query().convert()
    assert isinstance(data, dict)
    assert [b["d"]["value"] for b in data["results"]["bindings"]] == ["1995", "1995-03-01"]
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    assert [n.firstChild.data for n in doc.getElementsByTagName("literal")] == ["1995", "1995-03-01"]  # type: ignore[union-attr]
    sw.setReturnFormat(CSV)
    assert sw.query().convert().decode().splitlines() == ["d", "1995", "1995-03-01"]  # type: ignore[union-attr]
    sw.setMethod("POST")
    sw.setQuery(f"CONSTRUCT {{ <{APK}> ?p ?o }} WHERE {{ <{APK}> ?p ?o }}")
    sw.setReturnFormat(TURTLE)
    g = rdflib.Graph().parse(data=sw.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert (APK, KZ.foundingDate, rdflib.Literal("1995-03-01", datatype=rdflib.XSD.date)) in g


def test_kzgraph_remote_store_over_the_server(live: Server) -> None:
    """kzgraph's own remote backend (default-graph-uri / named-graph-uri per graph) runs a named query here."""
    from kzgraph.graph import KnowledgeGraph
    from kzgraph.stores import open_store

    with KnowledgeGraph(open_store(live.url + "sparql")) as kg:
        rows = kg.query("census", group="Koreans").dicts()
    assert any(r["year"] == 1939 for r in rows)


def test_index_and_views_over_http(live: Server) -> None:
    status, _, body = fetch(live.url, accept="text/html")
    assert status == 200 and b'href="sparql"' in body
    status, headers, body = fetch(live.url + "views/institutions.html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert fetch(live.url + "views/%2E%2E%2Fstore")[0] == 404
    status, headers, _ = fetch(live.url + "id/apk", method="HEAD", accept="text/turtle")
    assert status == 200 and int(headers["Content-Length"]) > 1000


def test_a_bug_is_500_not_4xx(app: App) -> None:
    def broken(app: App, request: Request, m: re.Match[str]) -> Response:
        raise ZeroDivisionError("a bug")

    buggy = App(app.store, timeout=None)
    buggy.add_route(Route(r"/ontology", broken), first=True)
    server = make_server(buggy, host="127.0.0.1", port=0, quiet=True).start()
    try:
        status, _, body = fetch(server.url + "ontology")
        assert status == 500 and body == b"internal server error\n"
        assert fetch(server.url + "id/apk", accept="text/turtle")[0] == 200  # the server lives on
    finally:
        server.stop()
