"""``kzgraph push`` and the remote backend's behaviour on real servers: idempotence, removal of stale graphs, the
SPARQL Update path, and clean errors (server down, bad credentials, malformed query, time limit)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kzgraph.errors import QueryError, QueryTimeout, RemoteError
from kzgraph.graph import KnowledgeGraph
from kzgraph.stores import open_store
from kzgraph.stores.push import load_dataset, push
from kzgraph.stores.remote import RemoteStore, endpoints

from .conftest import Server, free_port

pytestmark = pytest.mark.server
CONFLICTS = "https://w3id.org/kzgraph/graph/conflicts"
EXTRA = "https://w3id.org/kzgraph/graph/test/extra"


SERVERS = {
    "oxigraph-server": ("oxigraph_server", "pushed_oxigraph"),
    "virtuoso": ("virtuoso_server", "pushed_virtuoso"),
}


@pytest.fixture(params=list(SERVERS))
def server(request: pytest.FixtureRequest) -> Server:
    """A server holding the pushed build (a test that changes it pushes the build again)."""
    running, pushed = SERVERS[request.param]
    request.getfixturevalue(pushed)
    srv: Server = request.getfixturevalue(running)
    return srv


def local_counts(built) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {g: len(set(t)) for g, t in load_dataset(Path(built.out)).items()}


def test_push_is_idempotent_and_reports_counts(server: Server, built) -> None:  # type: ignore[no-untyped-def]
    store = RemoteStore(server.location)
    first = push(Path(built.out), store)
    second = push(Path(built.out), store)
    counts = local_counts(built)
    assert {g.graph: g.remote for g in first.graphs} == counts
    assert {g.graph: g.remote for g in second.graphs} == counts
    assert store.graph_counts() == counts
    assert not second.removed
    assert first.method == "gsp"


def test_removed_local_graph_disappears_remotely(server: Server, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = RemoteStore(server.location)
    quads = [q for q in built.quads if q.graph_name.value != CONFLICTS]
    quads.append(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.Literal("extra"), ox.NamedNode(EXTRA)))
    trig = tmp_path / "smaller.trig"
    trig.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG) or b"")
    try:
        report = push(trig, store)
        assert report.removed == [CONFLICTS]
        graphs = store.graphs()
        assert CONFLICTS not in graphs and EXTRA in graphs
        assert store.graph_counts()[EXTRA] == 1
        assert not store.query("ASK { ?d a <https://w3id.org/kzgraph/ontology#Disagreement> }").boolean
    finally:
        again = push(Path(built.out), store)
    assert again.removed == [EXTRA]
    assert store.graph_counts() == local_counts(built)


def test_update_path_without_graph_store(server: Server) -> None:
    """SPARQL Update (DROP + chunked INSERT DATA) lands the same triples as a PUT, and replaces on re-run."""
    store = RemoteStore(server.location)
    triples = [
        ox.Triple(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(f'v{i} "quoted" ü\n', language="kk"))
        for i in range(1200)
    ]
    try:
        store.put_graph(EXTRA, triples, use_gsp=False)
        assert store.graph_counts()[EXTRA] == 1200
        store.put_graph(EXTRA, triples[:10], use_gsp=False)
        assert store.graph_counts()[EXTRA] == 10
        assert {q.object for q in store.quads(EXTRA)} == {t.object for t in triples[:10]}
        answer = store.query(f"SELECT ?o WHERE {{ GRAPH <{EXTRA}> {{ <urn:s3> ?p ?o }} }}", include_extracted=True)
        assert answer.terms == [(triples[3].object,)]
    finally:
        store.drop_graph(EXTRA)
    assert EXTRA not in store.graph_counts()


def test_quads_round_trip(server: Server, built) -> None:  # type: ignore[no-untyped-def]
    store = RemoteStore(server.location)
    want = {(q.subject, q.predicate, q.object) for q in built.quads if q.graph_name.value == CONFLICTS}
    assert {(q.subject, q.predicate, q.object) for q in store.quads(CONFLICTS)} == want


def test_open_store_accepts_a_server_url(server: Server) -> None:
    with open_store(server.location) as store:
        assert isinstance(store, RemoteStore)
        assert len(store) > 10_000


# --- errors ------------------------------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from kzgraph.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_server_down_is_a_clean_error(built) -> None:  # type: ignore[no-untyped-def]
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(RemoteError, match=r"cannot reach .*connection refused"):
        RemoteStore(url).query("ASK {}")
    done = run_cli("push", url, "--from", str(built.out))
    assert done.returncode == RemoteError.exit_code == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kzgraph: error: cannot reach"), done.stderr
    assert "Traceback" not in done.stderr


def test_bad_credentials_are_a_clean_error(virtuoso_server: Server, built) -> None:  # type: ignore[no-untyped-def]
    ends = endpoints(virtuoso_server.location)
    wrong = RemoteStore(ends.query, update_url=ends.update, gsp_url=ends.gsp, user="dba", password="wrong")
    with pytest.raises(RemoteError, match="refused the credentials of user 'dba'"):
        wrong.put_graph(EXTRA, [])
    anonymous = RemoteStore(ends.query, update_url=ends.update, gsp_url=ends.gsp, user=None, password=None, env={})
    with pytest.raises(RemoteError, match="wants credentials"):
        anonymous.drop_graph(EXTRA)
    done = run_cli("push", ends.query, "--from", str(built.out), "--update-url", ends.update, "--gsp-url",
                   ends.gsp or "", "--user", "dba", "--password", "wrong", "-q")  # fmt: skip
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1 and "refused the credentials" in done.stderr


@pytest.mark.parametrize("backend", ["oxigraph-server", "virtuoso"])
def test_malformed_query_names_the_line(request: pytest.FixtureRequest, backend: str) -> None:
    srv: Server = request.getfixturevalue(SERVERS[backend][0])
    kg = KnowledgeGraph(RemoteStore(srv.location))
    with pytest.raises(QueryError) as caught:
        kg.run_sparql("SELECT ?s\nWHERE {\n  ?s ?p \n}")
    assert caught.value.line == 4  # type: ignore[attr-defined]
    message = str(caught.value)
    assert "syntax error" in message and "\n" not in message.strip()
    assert not isinstance(caught.value, QueryTimeout)


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server on 127.0.0.1 that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    stop.set()
    thread.join(5)
    for c in held:
        c.close()
    listener.close()


def test_timeout_is_bounded(silent_server: str) -> None:
    import time

    store = RemoteStore(silent_server, timeout=0.5)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"no answer within 0\.5 s"):
        store.query("ASK {}")
    with pytest.raises(QueryTimeout):
        RemoteStore(silent_server).query("ASK {}", timeout=0.3)
    assert time.monotonic() - started < 5
