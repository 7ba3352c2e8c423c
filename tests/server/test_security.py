"""A public endpoint must not be a proxy into the machine's network, nor leak its internals (issue 12, defects 1
and 2): SERVICE is refused unless allow-listed, a remote endpoint's error never reaches the client verbatim, and no
answer carries a traceback or a file path. A fake SPARQL endpoint on 127.0.0.1 counts the requests it gets."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import urlencode

import pytest

from kzgraph.web.config import ServerConfig
from kzgraph.web.server import Server
from tests.server.conftest import raw_exchange, serving

SECRET = "internal-secret-7f3a"


class FakeEndpoint:
    """An HTTP server on 127.0.0.1 answering every request with ``answer`` (status, content type, body)."""

    def __init__(self) -> None:
        self.hits = 0
        self.answer: tuple[int, str, bytes] = (200, "application/sparql-results+json", b"")
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self) -> None:
                fake.hits += 1
                length = int(self.headers.get("content-length") or 0)
                self.rfile.read(length)
                status, ctype, body = fake.answer
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _reply

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.rows(SECRET)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def rows(self, value: str) -> None:
        body = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": value}}]}}
        self.answer = (200, "application/sparql-results+json", json.dumps(body).encode())


@pytest.fixture
def fake() -> Iterator[FakeEndpoint]:
    endpoint = FakeEndpoint()
    yield endpoint
    endpoint.server.shutdown()
    endpoint.server.server_close()


@pytest.fixture
def allowing(built: Any, fake: FakeEndpoint) -> Iterator[Server]:
    """A server whose configuration allows SERVICE calls to the fake endpoint only."""
    config = ServerConfig(timeout=10.0, query_workers=1, service_allow=(fake.url,))
    with serving(built, config) as server:
        yield server


def get(server: Server, query: str, **extra: str) -> bytes:
    params = urlencode({"query": query, **extra})
    return raw_exchange(server.url, f"GET /sparql?{params} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        "Accept: application/sparql-results+json\r\n\r\n".encode())  # fmt: skip


def status(raw: bytes) -> int:
    return int(raw.split(b" ", 2)[1])


def assert_no_internals(raw: bytes) -> None:
    assert b"Traceback" not in raw and b'File "' not in raw and b"/work/" not in raw and b".py" not in raw
    assert SECRET.encode() not in raw


def test_service_is_refused_by_default(pooled: Server, fake: FakeEndpoint) -> None:
    """Defect 1: the old server fetched any internal address and returned its rows."""
    for query in (
        f"SELECT * {{ SERVICE <{fake.url}> {{ ?s ?p ?o }} }}",
        f"select * {{ service silent <{fake.url}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ VALUES ?e {{ <{fake.url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * {{ \\u0053ERVICE <{fake.url}> {{ ?s ?p ?o }} }}",
        f"PREFIX f: <{fake.url.rsplit('/', 1)[0]}/> SELECT * {{ SERVICE # comment\n f:sparql {{ ?s ?p ?o }} }}",
    ):
        raw = get(pooled, query)
        assert status(raw) == 403, query
        assert b"SERVICE" in raw and b"not allowed" in raw
        assert_no_internals(raw)
    assert fake.hits == 0
    assert status(get(pooled, 'SELECT ?s WHERE { ?s skos:prefLabel "civil service"@en }')) == 200


def test_allow_listed_service_works_and_others_are_refused(allowing: Server, fake: FakeEndpoint) -> None:
    raw = get(allowing, f"SELECT ?x {{ SERVICE <{fake.url}> {{ ?x ?p ?o }} }}")
    assert status(raw) == 200 and SECRET.encode() in raw and fake.hits >= 1
    other = fake.url.replace("/sparql", "/other")
    assert status(get(allowing, f"SELECT ?x {{ SERVICE <{other}> {{ ?x ?p ?o }} }}")) == 403


def test_remote_errors_are_not_relayed(allowing: Server, fake: FakeEndpoint) -> None:
    """Defects 1 and 2: a remote error body, a remote answer the engine cannot read (text/plain) — with or without
    default-graph-uri — give a generic 5xx with no traceback, no path, nothing of the remote answer."""
    query = f"SELECT ?x {{ SERVICE <{fake.url}> {{ ?x ?p ?o }} }}"
    fake.answer = (500, "text/plain", f"database password is {SECRET}".encode())
    for extra in ({}, {"default-graph-uri": "https://w3id.org/kzgraph/graph/source/lee"}):
        raw = get(allowing, query, **extra)
        assert status(raw) == 502, raw
        assert_no_internals(raw)
    fake.answer = (200, "text/plain", f"not sparql {SECRET}".encode())
    for extra in ({}, {"default-graph-uri": "https://w3id.org/kzgraph/graph/source/lee"}):
        raw = get(allowing, query, **extra)
        assert status(raw) == 502 and raw.rstrip().endswith(b"a remote service failed"), raw
        assert_no_internals(raw)


def test_a_bug_answers_a_generic_500_without_traceback(pooled: Server) -> None:
    """Zero tracebacks in any response: a non-UTF-8 path, a huge header, an odd method — never a 5xx with details."""
    for request in (b"GET /id/%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    b"BREW /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    b"GET /sparql?query=%ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    (b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 2\r\nConnection: close\r\n\r\n\xff\xfe")):  # fmt: skip
        raw = raw_exchange(pooled.url, request)
        assert status(raw) < 500, raw
        assert_no_internals(raw)
