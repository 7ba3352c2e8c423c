"""Fixtures for the server tests: the app over the built store (in-process), the same app behind a real HTTP server
on 127.0.0.1 (a free port, in a thread), and a tiny hostile store whose labels and quotes hold markup."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest

from kzgraph.fileio import swap_directory
from kzgraph.stores.memory import MemoryStore
from kzgraph.stores.oxigraph import OxigraphStore
from kzgraph.web.app import App
from kzgraph.web.config import ServerConfig
from kzgraph.web.messages import Request, Response
from kzgraph.web.server import Server, make_server, serve_app

SCRIPT = "<script>alert('x')</script>"
KZ = "https://w3id.org/kzgraph/ontology#"
ID = "https://w3id.org/kzgraph/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


def call(app: App, path: str, *, method: str = "GET", query: str = "", accept: str | None = None,
         body: bytes = b"", content_type: str | None = None) -> Response:  # fmt: skip
    """Send one request to ``app`` in-process."""
    headers = {"host": "127.0.0.1"}
    if accept is not None:
        headers["accept"] = accept
    if content_type is not None:
        headers["content-type"] = content_type
    return app.handle(Request(method, path, query, headers, body))


@pytest.fixture(scope="session")
def app(built: Any, store: Any) -> App:
    """The app over the built embedded store, with a short query time limit."""
    return App(store, timeout=5.0, views_dir=Path(built.out) / "views")


@pytest.fixture(scope="session")
def live(app: App) -> Iterator[Server]:
    """The app behind a real HTTP server (uvicorn) on 127.0.0.1 (port chosen by the OS), in a thread."""
    server = make_server(app, host="127.0.0.1", port=0, quiet=True).start()
    yield server
    server.stop()


def hostile_quads() -> list[ox.Quad]:
    """An entity whose label, fact value and evidence quote hold a script tag (claim model as the build makes it)."""

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    skos = "http://www.w3.org/2004/02/skos/core#"
    oa = "http://www.w3.org/ns/oa#"
    src_graph = n("https://w3id.org/kzgraph/graph/source/lee")
    prov = n("https://w3id.org/kzgraph/graph/provenance")
    labels = n("https://w3id.org/kzgraph/graph/labels")
    e, c, a, t = n(ID + "evil"), n(ID + "claim/evil"), n(ID + "claim/evil/evidence/0"), n(ID + "claim/evil/target")
    qs, ps, doc = n(ID + "claim/evil/qs"), n(ID + "claim/evil/ps"), n(ID + "source/lee")
    triples: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal, ox.NamedNode]] = [
        (e, n(rdf + "type"), n(KZ + "ConsultativeBody"), src_graph),
        (e, n(KZ + "purpose"), ox.Literal(SCRIPT, language="en"), src_graph),
        (e, n(skos + "prefLabel"), ox.Literal(SCRIPT, language="en"), labels),
        (e, n(skos + "prefLabel"), ox.Literal("Злой <b>", language="ru"), labels),
        (c, n(rdf + "type"), n(KZ + "Claim"), prov),
        (c, n(rdf + "subject"), e, prov),
        (c, n(rdf + "predicate"), n(KZ + "purpose"), prov),
        (c, n(rdf + "object"), ox.Literal(SCRIPT, language="en"), prov),
        (c, n(KZ + "method"), n(KZ + "curated"), prov),
        (c, n(KZ + "evidence"), a, prov),
        (a, n(oa + "hasTarget"), t, prov),
        (t, n(oa + "hasSource"), doc, prov),
        (t, n(oa + "hasSelector"), qs, prov),
        (t, n(oa + "hasSelector"), ps, prov),
        (qs, n(oa + "exact"), ox.Literal(f"it said {SCRIPT}"), prov),
        (ps, n(oa + "start"), ox.Literal("10", datatype=n("http://www.w3.org/2001/XMLSchema#integer")), prov),
        (ps, n(oa + "end"), ox.Literal("46", datatype=n("http://www.w3.org/2001/XMLSchema#integer")), prov),
        (doc, n(KZ + "sourceKey"), ox.Literal("lee"), prov),
    ]
    return [ox.Quad(s, p, o, g) for s, p, o, g in triples]


@pytest.fixture
def hostile_app() -> App:
    store = MemoryStore()
    store.replace(hostile_quads())
    return App(store, timeout=None)


@pytest.fixture(scope="session")
def pooled(built: Any) -> Iterator[Server]:
    """``kzgraph serve`` as the CLI runs it (uvicorn, a pool of 2 query workers over the built store, a public
    URL), with short limits so the tests of them are quick: 3 s per query, 1 s to send the headers; the long-query
    rule off (test_pool.py tests it on its own server)."""
    from kzgraph.web.config import ServerConfig

    config = ServerConfig(public_url="https://kzgraph.example.org/", timeout=3.0, query_workers=2,
                          queue_timeout=0.5, header_timeout=1.0, retry_after=7, long_query=0.0)  # fmt: skip
    with serving(built, config) as server:
        yield server


@contextmanager
def serving(built: Any, config: ServerConfig) -> Iterator[Server]:
    """The built store served over HTTP on a free port of 127.0.0.1 with ``config``, stopped afterwards."""
    server = serve_app(str(Path(built.out) / "store"), port=0, config=config, quiet=True).start()
    try:
        yield server
    finally:
        server.stop()


class Reply(NamedTuple):
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes


def exchange(url: str, path: str, *, accept: str = "text/csv", method: str = "GET", timeout: float = 30.0) -> Reply:
    """One request for ``path`` to the server at ``url``, on a connection of its own."""
    where = urlsplit(url)
    conn = http.client.HTTPConnection(where.hostname or "127.0.0.1", where.port, timeout=timeout)
    try:
        conn.request(method, path, headers={"Accept": accept})
        r = conn.getresponse()
        return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def sparql_path(query: str, **extra: str) -> str:
    """The /sparql path asking ``query`` (and the protocol parameters ``extra``) by GET."""
    return "/sparql?" + urlencode({"query": query, **extra})


def raw_exchange(url: str, data: bytes, *, timeout: float = 5.0) -> bytes:
    """Send ``data`` on a new TCP connection to the server at ``url`` and read until it closes (or ``timeout``)."""
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(url)
    with socket.create_connection((where.hostname, where.port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            chunks.append(b"<no close>")
    return b"".join(chunks)


@dataclass
class Rebuildable:
    """A server over a private copy of the built store, which :meth:`rebuild` replaces as ``kzgraph build`` does."""

    server: Server
    folder: Path
    data: bytes

    def rebuild(self, extra: list[ox.Quad]) -> None:
        """A new store (the built data plus ``extra``) beside the served one, swapped in by renames."""
        OxigraphStore.build_at(self.folder / "store.new", self.data, extra)
        swap_directory(self.folder / "store.new", self.folder / "store")


@pytest.fixture
def rebuildable(built: Any, tmp_path: Path) -> Iterator[Rebuildable]:
    data = (Path(built.out) / "kzgraph.nq").read_bytes()
    folder = tmp_path / "build"
    folder.mkdir()
    OxigraphStore.build_at(folder / "store", data)
    server = serve_app(str(folder / "store"), port=0, config=ServerConfig(query_workers=1, timeout=10), quiet=True)
    server.start()
    try:
        yield Rebuildable(server, folder, data)
    finally:
        server.stop()


def consultative_body(iri: str, label: str | None = None) -> list[ox.Quad]:
    """Quads of a new consultative body ``iri`` (with an English label, if given) in the curated graph."""
    graph = ox.NamedNode("https://w3id.org/kzgraph/graph/curated")
    quads = [ox.Quad(ox.NamedNode(iri), ox.NamedNode(RDF_TYPE), ox.NamedNode(KZ + "ConsultativeBody"), graph)]
    if label is not None:
        quads.append(ox.Quad(ox.NamedNode(iri), ox.NamedNode(SKOS_PREF), ox.Literal(label, language="en"), graph))
    return quads
