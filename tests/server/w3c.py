"""A runner for the W3C SPARQL 1.1 Protocol tests (``../shared/w3c/sparql11-protocol/manifest.ttl``), shared by
``tests/server/test_w3c_protocol.py`` and ``benchmarks/server.py``. The manifest and data are read where they are
(never copied into the repository): :func:`w3c_folder` finds them or returns None.

Each test is a sequence of HTTP requests, each with an expected status class and, for queries, an expected result
format (and boolean). Update tests expect 2xx from a server that takes updates; a read-only endpoint passes them by
refusing cleanly (a 4xx with a message, never a 5xx).
"""

from __future__ import annotations

import http.client
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import rdflib

ROOT = Path(__file__).resolve().parents[2]
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
TABULAR = ("application/sparql-results+xml", "application/sparql-results+json", "text/csv",
           "text/tab-separated-values")  # fmt: skip
RDF = ("application/rdf+xml", "text/turtle", "application/n-triples", "text/html")


def w3c_folder() -> Path | None:
    folder = ROOT.parent / "shared" / "w3c" / "sparql11-protocol"
    return folder if (folder / "manifest.ttl").is_file() else None


@dataclass
class Outcome:
    name: str
    kind: str  # query | bad | update
    passed: bool
    detail: str


def load_manifest(folder: Path) -> tuple[rdflib.Graph, list[rdflib.term.Node]]:
    g = rdflib.Graph().parse(folder / "manifest.ttl", format="turtle", publicID=(folder / "manifest.ttl").as_uri())
    manifest = next(g.subjects(rdflib.RDF.type, MF.Manifest))
    entries = list(rdflib.collection.Collection(g, g.value(manifest, MF.entries)))
    return g, entries


def dataset_quads(folder: Path) -> list[ox.Quad]:
    """Every data file of the manifest in the named graph its ``ut:graphData`` label gives it."""
    g, _ = load_manifest(folder)
    graphs: dict[str, str] = {}
    for data in g.objects(None, UT.graphData):
        graphs[str(g.value(data, UT.graph))] = str(g.value(data, rdflib.RDFS.label))
    quads: list[ox.Quad] = []
    for file_uri, name in sorted(graphs.items()):
        path = folder / file_uri.rsplit("/", 1)[-1]
        quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
                  for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)]  # fmt: skip
    return quads


def run_all(folder: Path, endpoint: str) -> list[Outcome]:
    """Run every test of the manifest against ``endpoint`` (the full URL of the query endpoint)."""
    g, entries = load_manifest(folder)
    return [run_one(g, test, endpoint) for test in entries]


def run_one(g: rdflib.Graph, test: rdflib.term.Node, endpoint: str) -> Outcome:
    name = str(test).rsplit("#", 1)[-1]
    kind = "bad" if name.startswith("bad_") else "update" if name.startswith("update") else "query"
    action = g.value(test, MF.action)
    requests = list(rdflib.collection.Collection(g, g.value(action, HT.requests)))
    url = urlsplit(endpoint)
    for req in requests:
        method = str(g.value(req, HT.methodName))
        path = str(g.value(req, HT.absolutePath)).replace("/sparql/", url.path, 1)
        headers = {"Host": url.netloc, "Connection": "close"}
        header_list = g.value(req, HT.headers)
        if header_list is not None:
            for h in rdflib.collection.Collection(g, header_list):
                headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
        body = None
        content = g.value(req, HT.body)
        if content is not None:
            encoding = str(g.value(content, CNT.characterEncoding) or "UTF-8")
            body = str(g.value(content, CNT.chars)).encode(encoding)
        resp_node = g.value(req, HT.resp)
        expected = {str(s)[len(HTS) :] for s in g.objects(resp_node, MF.expectedStatus)}
        conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            status, ctype, data = response.status, response.getheader("Content-Type") or "", response.read()
        finally:
            conn.close()
        if status >= 500 or b"Traceback" in data:
            return Outcome(name, kind, False, f"{method} {path[:60]}: {status} {data[:120]!r}")
        klass = f"{status // 100}xx"
        if kind == "update":
            if status // 100 != 4:
                return Outcome(name, kind, False, f"update answered {status}, not refused")
            return Outcome(name, kind, True, f"refused with {status}")
        if klass not in expected:
            return Outcome(name, kind, False, f"{method}: status {status}, expected {sorted(expected)}: {data[:120]!r}")
        problem = check_format(g, resp_node, ctype.split(";")[0].strip(), data)
        if problem:
            return Outcome(name, kind, False, problem)
    return Outcome(name, kind, True, f"status {status}")


def check_format(g: rdflib.Graph, resp: rdflib.term.Node, media: str, data: bytes) -> str | None:
    fmt = g.value(resp, MF.expectedFormat)
    if fmt is None:
        return None
    if str(fmt) == "boolean":
        boolean = g.value(resp, MF.expectedBoolean)
        if media == "application/sparql-results+json":
            got = json.loads(data).get("boolean")
        elif media == "application/sparql-results+xml":
            node = ET.fromstring(data).find("{http://www.w3.org/2005/sparql-results#}boolean")
            got = node is not None and node.text == "true"
        else:
            return f"a boolean answer in {media}"
        if boolean is not None and got != boolean.toPython():
            return f"boolean {got}, expected {boolean}"
        return None
    if str(fmt) == "tabular":
        return None if media in TABULAR else f"tabular answer in {media}"
    return None if media in RDF else f"RDF answer in {media}"
