"""The server's logic, in-process: routing, content negotiation, the SPARQL protocol's rules, error statuses,
HTML escaping. No sockets here (see test_protocol.py for the same over real HTTP)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
import rdflib

from kzgraph.web.app import App
from kzgraph.web.html import root_of
from kzgraph.web.messages import Request, Response
from kzgraph.web.negotiation import negotiate
from kzgraph.web.route import Route
from tests.server.conftest import SCRIPT, call

APK = "https://w3id.org/kzgraph/id/apk"
KZ = rdflib.Namespace("https://w3id.org/kzgraph/ontology#")
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
RDF = rdflib.RDF


def q(sparql: str, **extra: str) -> str:
    return urlencode({"query": sparql, **extra})


# --- content negotiation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/html"),
        ("*/*", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json;q=0.9, text/turtle;q=0.5", "application/ld+json"),
        ("text/*;q=0.2, application/n-triples", "application/n-triples"),
        ("text/html;q=0, */*;q=0.1", "text/turtle"),
        ("image/png", None),
        ("text/turtle;q=abc", None),
    ],
)
def test_negotiate(accept: str | None, expected: str | None) -> None:
    offers = ["text/html", "text/turtle", "application/ld+json", "application/n-triples"]
    assert negotiate(accept, offers) == expected


def test_root_of() -> None:
    assert root_of("/") == ""
    assert root_of("/id/apk") == "../"
    assert root_of("/id/claim/x/evidence/1") == "../../../../"


# --- entity pages ----------------------------------------------------------------------------------------------


def test_entity_turtle_has_triples_and_evidence(app: App) -> None:
    r = call(app, "/id/apk", accept="text/turtle")
    assert r.status == 200 and r.media_type == "text/turtle"
    assert r.all_headers()["Vary"] == "Accept"
    g = rdflib.Graph().parse(data=r.body.decode(), format="turtle")
    apk = rdflib.URIRef(APK)
    assert rdflib.Literal("1995-03-01", datatype=rdflib.XSD.date) in set(g.objects(apk, KZ.foundingDate))
    # the claim behind it, with its quote and offsets
    claims = [c for c in g.subjects(RDF.subject, apk) if (c, RDF.predicate, KZ.foundingDate) in g
              and (c, RDF.object, rdflib.Literal("1995-03-01", datatype=rdflib.XSD.date)) in g]  # fmt: skip
    assert len(claims) == 1
    annotation = g.value(claims[0], KZ.evidence)
    target = g.value(annotation, OA.hasTarget)
    selectors = list(g.objects(target, OA.hasSelector))
    exact = [str(g.value(s, OA.exact)) for s in selectors if g.value(s, OA.exact) is not None]
    assert exact and exact[0].startswith("The Assembly of People of Kazakhstan was organized on March 1, 1995")
    starts = [int(str(g.value(s, OA.start))) for s in selectors if g.value(s, OA.start) is not None]
    assert starts == [31533]


def test_entity_formats(app: App) -> None:
    """Triple formats merge the graphs; JSON-LD keeps them (as ``kzgraph export`` does), so it is read as a dataset."""
    for accept, fmt in (("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
                        ("application/rdf+xml", "xml")):  # fmt: skip
        r = call(app, "/id/apk", accept=accept)
        assert r.status == 200 and r.media_type == accept
        g = rdflib.Dataset(default_union=True).parse(data=r.body, format=fmt)
        assert (rdflib.URIRef(APK), KZ.foundingDate, rdflib.Literal("1995-03-01", datatype=rdflib.XSD.date)) in g
    r = call(app, "/id/apk", accept="application/n-quads")
    graphs = {q.graph_name.value for q in ox.parse(r.body, format=ox.RdfFormat.N_QUADS)
              if q.subject.value == APK and q.predicate.value == str(KZ.foundingDate)}  # fmt: skip
    assert "https://w3id.org/kzgraph/graph/source/lee" in graphs


def test_entity_format_parameter_overrides_accept(app: App) -> None:
    r = call(app, "/id/apk", query="format=ttl", accept="text/html")
    assert r.media_type == "text/turtle"
    # an unknown format falls back to Accept (defect 10): the default without one, 406 when Accept fits nothing
    assert call(app, "/id/apk", query="format=png", accept="text/turtle").media_type == "text/turtle"
    assert call(app, "/id/apk", query="format=png", accept="image/png").status == 406


def test_entity_html(app: App) -> None:
    r = call(app, "/id/apk", accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    assert r.status == 200 and r.content_type == "text/html; charset=utf-8"
    page = r.body.decode()
    assert "<h1>Assembly of People of Kazakhstan</h1>" in page
    assert "Ассамблея народа Казахстана" in page and "Қазақстан халқы Ассамблеясы" in page
    assert "The Assembly of People of Kazakhstan was organized on March 1, 1995" in page
    assert "31533–31644" in page
    assert 'href="../id/nazarbayev"' in page  # links to other entities' pages, relative
    assert 'href="../id/source/lee"' in page
    assert "Content-Security-Policy" in r.all_headers()
    kazakhstan = call(app, "/id/kazakhstan", accept="text/html").body.decode()
    assert '<a href="http://www.wikidata.org/entity/Q232">Wikidata Q232</a>' in kazakhstan


def test_claim_and_source_resolve(app: App) -> None:
    r = call(app, "/id/source/lee", accept="text/turtle")
    assert r.status == 200
    claim = call(app, "/id/apk", accept="application/n-triples").body.decode()
    subject = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>"
    iri = next(line.split()[0][1:-1] for line in claim.splitlines() if line.split()[1] == subject)
    r = call(app, "/" + iri.removeprefix("https://w3id.org/kzgraph/"), accept="text/html")
    assert r.status == 200 and b"rdf:subject" in r.body


def test_unknown_entity_404(app: App) -> None:
    r = call(app, "/id/no-such-thing", accept="text/turtle")
    assert r.status == 404 and b"no resource" in r.body
    r = call(app, f"/id/{SCRIPT}", accept="text/html")
    assert r.status == 404
    assert b"<script>" not in r.body and b"&lt;script&gt;" in r.body


def test_html_escapes_labels_values_and_quotes(hostile_app: App) -> None:
    r = call(hostile_app, "/id/evil", accept="text/html")
    assert r.status == 200
    page = r.body.decode()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page  # label, value and quote
    assert "Злой &lt;b&gt;" in page
    assert "it said &lt;script&gt;" in page


def test_ontology_and_graphs(app: App) -> None:
    r = call(app, "/ontology", accept="text/turtle")
    g = rdflib.Graph().parse(data=r.body.decode(), format="turtle")
    assert (KZ.Claim, RDF.type, rdflib.OWL.Class) in g
    page = call(app, "/ontology", accept="text/html").body.decode()
    assert 'id="Claim"' in page
    r = call(app, "/graph/source/lee", accept="application/n-triples")
    assert r.status == 200 and f"<{APK}> <{KZ.foundingDate}>".encode() in r.body
    assert call(app, "/graph/nope").status == 404


def test_index_and_views(app: App) -> None:
    page = call(app, "/", accept="text/html").body.decode()
    assert "kzgraph: Kazakhstan" in page and 'href="sparql"' in page
    assert 'href="views/institutions.html"' in page
    assert 'href="id/apk"' in page
    r = call(app, "/views/institutions.html")
    assert r.status == 200 and b"<html" in r.body[:500].lower()
    assert call(app, "/views/../store").status == 404
    assert call(app, "/views/nope.html").status == 404
    void = call(app, "/", accept="text/turtle")
    g = rdflib.Graph().parse(data=void.body.decode(), format="turtle")
    assert (
        rdflib.URIRef("https://w3id.org/kzgraph/dataset"),
        RDF.type,
        rdflib.URIRef("http://rdfs.org/ns/void#Dataset"),
    ) in g


def test_lookup_by_label(app: App) -> None:
    r = call(app, "/lookup", query=urlencode({"name": "Ассамблея народа Казахстана"}))
    assert r.status == 303 and r.headers["Location"] == "id/apk"
    assert call(app, "/lookup", query="name=Nothing%20like%20this").status == 404


# --- SPARQL protocol -------------------------------------------------------------------------------------------

FOUNDING = "SELECT ?d WHERE { kzid:apk kz:foundingDate ?d } ORDER BY ?d"


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/json"])
def test_sparql_get_json(app: App, accept: str) -> None:
    r = call(app, "/sparql", query=q(FOUNDING), accept=accept)
    assert r.status == 200 and r.media_type == accept
    data = json.loads(r.body)
    assert [b["d"]["value"] for b in data["results"]["bindings"]] == ["1995", "1995-03-01"]


def test_sparql_post_forms(app: App) -> None:
    form = call(app, "/sparql", method="POST", body=q(FOUNDING).encode(), accept="text/csv",
                content_type="application/x-www-form-urlencoded")  # fmt: skip
    direct = call(app, "/sparql", method="POST", body=FOUNDING.encode(), accept="text/csv",
                  content_type="application/sparql-query; charset=utf-8")  # fmt: skip
    assert form.status == direct.status == 200
    assert form.body == direct.body == b"d\r\n1995\r\n1995-03-01\r\n"
    bad = call(app, "/sparql", method="POST", body=b"x", content_type="text/plain")
    assert bad.status == 415


def test_sparql_ask_and_construct(app: App) -> None:
    r = call(app, "/sparql", query=q("ASK { kzid:apk a kz:ConsultativeBody }"), accept="application/sparql-results+xml")
    assert b"<boolean>true</boolean>" in r.body
    r = call(app, "/sparql", query=q("CONSTRUCT { kzid:apk kz:foundingDate ?d } WHERE { kzid:apk kz:foundingDate ?d }"))
    assert r.media_type == "text/turtle"  # */* → Turtle for a graph
    g = rdflib.Graph().parse(data=r.body.decode(), format="turtle")
    assert len(g) == 2
    r = call(app, "/sparql", query=q("DESCRIBE kzid:apk"), accept="application/ld+json")
    assert r.status == 200 and len(rdflib.Graph().parse(data=r.body, format="json-ld")) > 10


def test_sparql_syntax_error_400_with_line(app: App) -> None:
    r = call(app, "/sparql", query=q("SELECT ?s\nWHERE {\n  ?s ?p\n}"))
    assert r.status == 400
    assert r.body.startswith(b"SPARQL syntax error at line 4, column ")


def test_sparql_406(app: App) -> None:
    assert call(app, "/sparql", query=q(FOUNDING), accept="image/png").status == 406
    # a SELECT asked for as Turtle only
    assert call(app, "/sparql", query=q(FOUNDING), accept="text/turtle").status == 406


def test_sparql_read_only(app: App) -> None:
    update = "INSERT DATA { kzid:x kz:purpose 'y' }"
    r = call(app, "/sparql", method="POST", body=update.encode(), content_type="application/sparql-update")
    assert r.status == 403
    r = call(app, "/sparql", method="POST", body=urlencode({"update": update}).encode(),
             content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert r.status == 403
    assert call(app, "/sparql", query=q(update)).status == 400  # not a query
    put = call(app, "/sparql", method="PUT", body=b"")
    assert put.status == 405 and put.headers["Allow"] == "GET, HEAD, POST"
    assert call(app, "/id/apk", method="DELETE").status == 405
    assert (
        call(app, "/sparql", query=q("ASK { kzid:x kz:purpose 'y' }"), accept="application/json").body.find(b"false")
        > 0
    )


def test_sparql_dataset_parameters(app: App) -> None:
    lee = "https://w3id.org/kzgraph/graph/source/lee"
    ual = "https://w3id.org/kzgraph/graph/source/ualtayeva"
    r = call(app, "/sparql", query=q(FOUNDING, **{"default-graph-uri": lee}), accept="text/csv")
    assert r.body == b"d\r\n1995-03-01\r\n"
    r = call(app, "/sparql", query=q(FOUNDING, **{"default-graph-uri": ual}), accept="text/csv")
    assert r.body == b"d\r\n1995\r\n"
    named = q("SELECT DISTINCT ?g WHERE { GRAPH ?g { kzid:apk kz:foundingDate ?d } }", **{"named-graph-uri": lee})
    assert call(app, "/sparql", query=named, accept="text/csv").body == f"g\r\n{lee}\r\n".encode()
    bad = call(app, "/sparql", query=q(FOUNDING, **{"default-graph-uri": "not an iri"}))
    assert bad.status == 400


def test_sparql_dataset_refused_where_the_store_does_not_take_it(hostile_app: App) -> None:
    """memory: declares no ``dataset_parameters``: the protocol's graph lists are refused, not ignored."""
    r = call(hostile_app, "/sparql", query=q("ASK {}", **{"default-graph-uri": "https://example.org/g"}))
    assert r.status == 400 and b"does not take default-graph-uri / named-graph-uri" in r.body


def test_sparql_html_results_escaped(app: App) -> None:
    r = call(app, "/sparql", query=q(f'SELECT ("{SCRIPT}" AS ?x) WHERE {{}}'), accept="text/html")
    assert r.status == 200
    assert b"<script>" not in r.body and b"&lt;script&gt;" in r.body


def test_sparql_form_and_service_description(app: App) -> None:
    r = call(app, "/sparql", accept="text/html")
    assert r.status == 200 and b"<textarea" in r.body
    published = App(app.store, timeout=None, public_url="https://kzgraph.example.org/")
    r = published.handle(Request("GET", "/sparql", "", {"accept": "text/turtle", "host": "evil.example"}))
    g = rdflib.Graph().parse(data=r.body.decode(), format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoint = rdflib.URIRef("https://kzgraph.example.org/sparql")
    assert (endpoint, sd.supportedLanguage, sd.SPARQL11Query) in g and (endpoint, sd.endpoint, endpoint) in g
    assert b"evil.example" not in r.body  # the Host header is never reflected (defect 11)
    assert call(app, "/sparql", method="POST", body=b"", content_type="application/x-www-form-urlencoded").status == 400


def test_sparql_timeout_503(app: App) -> None:
    slow = App(app.store, timeout=0.5)
    r = call(slow, "/sparql", query=q("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"))
    assert r.status == 503 and b"time limit" in r.body


# --- named queries ---------------------------------------------------------------------------------------------


def test_named_query(app: App) -> None:
    r = call(app, "/query/census", query="group=Koreans", accept="text/csv")
    assert r.status == 200
    lines = r.body.decode().splitlines()
    assert lines[0].startswith("year,group") and any(line.startswith("1939,") for line in lines)
    r = call(app, "/query/census", query=urlencode({"group": "Корейцы"}), accept="application/sparql-results+json")
    assert r.status == 200 or r.status == 404
    assert call(app, "/query/no-such-query").status == 404
    assert call(app, "/query/census", query="bogus=1").status == 400
    listing = json.loads(call(app, "/query", accept="application/json").body)
    assert "apk-sessions" in {item["name"] for item in listing}
    page = call(app, "/query/apk-sessions", query="lang=ru", accept="text/html").body.decode()
    assert "<table>" in page


# --- errors ----------------------------------------------------------------------------------------------------


def test_unknown_path_404_and_head(app: App) -> None:
    assert call(app, "/nothing/here").status == 404
    head = app.handle(Request("HEAD", "/id/apk", "", {"accept": "text/turtle"}))
    assert head.status == 200 and head.body == b"" and int(head.headers["Content-Length"]) > 1000


def test_bugs_are_not_4xx(app: App) -> None:
    """Anything that is not a kzgraph error escapes handle() (the HTTP layer turns it into 500)."""

    def entity(app: App, request: Request, m: re.Match[str]) -> Response:
        raise ZeroDivisionError("a bug")

    broken = App(app.store)
    broken.add_route(Route(r"/id/(?P<key>.+)", entity), first=True)
    with pytest.raises(ZeroDivisionError):
        call(broken, "/id/apk")
