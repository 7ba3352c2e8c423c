"""Real SPARQL servers (``oxigraph serve`` on 127.0.0.1) loaded with the Wikidata-shaped fixture (in
tests/conftest.py) and the DBpedia-shaped one (here), and a tiny misbehaving HTTP server for the fault tests.
Nothing here touches the internet."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest


def _load_conftest() -> Any:
    """tests/conftest.py, loaded by path (works whether or not ``tests`` is importable)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_kzgraph_tests_conftest", Path(__file__).parents[1] / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_shared = _load_conftest()
require: Callable[[bool, str], None] = _shared.require
# the ``wikidata`` fixture (oxigraph serve holding data/wikidata-fixture.ttl) lives in tests/conftest.py: the
# catalogue tests (tests/query) run the federated queries against it too
free_port: Callable[[], int] = _shared.free_port
serve_turtle: Callable[..., Iterator[str]] = _shared.serve_turtle


HERE = Path(__file__).parent
ROOT = HERE.parents[1]
DBPEDIA_FIXTURE = HERE / "data" / "dbpedia-fixture.ttl"


@pytest.fixture(scope="session")
def dbpedia(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query URL of ``oxigraph serve`` holding the DBpedia-shaped fixture (data/dbpedia-fixture.ttl)."""
    yield from serve_turtle(
        DBPEDIA_FIXTURE, tmp_path_factory.mktemp("dbpedia-fixture"), needed_for="the DBpedia linking tests"
    )


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder (accept and enrich write into it)."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


class Misbehaving:
    """An HTTP server on 127.0.0.1 whose answers a test scripts: a list of behaviours, one per request
    (the last one repeats): ("ok", rows) | ("status", code, headers) | ("malformed",) | ("hang", seconds)."""

    def __init__(self, script: list[tuple[Any, ...]]) -> None:
        self.script = script
        self.requests: list[dict[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self.serve()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.serve()

            def serve(self) -> None:
                with outer.lock:
                    n = len(outer.requests)
                    outer.requests.append({"ua": self.headers.get("User-Agent", ""), "path": self.path})
                    outer.in_flight += 1
                    outer.max_in_flight = max(outer.max_in_flight, outer.in_flight)
                    step = outer.script[min(n, len(outer.script) - 1)]
                try:
                    self.act(step)
                finally:
                    with outer.lock:
                        outer.in_flight -= 1

            def act(self, step: tuple[Any, ...]) -> None:
                kind = step[0]
                if kind == "hang":
                    time.sleep(step[1])
                    return
                if kind == "status":
                    body = b"nope"
                    self.send_response(step[1])
                    for k, v in (step[2] if len(step) > 2 else {}).items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if kind == "malformed":
                    body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [ {"x": '
                else:
                    if len(step) > 2:
                        time.sleep(step[2])
                    body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": step[1]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def misbehaving() -> Iterator[Callable[[list[tuple[Any, ...]]], Misbehaving]]:
    servers: list[Misbehaving] = []

    def start(script: list[tuple[Any, ...]]) -> Misbehaving:
        servers.append(Misbehaving(script))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


@pytest.fixture
def down_url() -> str:
    """An endpoint nobody listens on."""
    return f"http://127.0.0.1:{free_port()}/sparql"
