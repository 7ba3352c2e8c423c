"""The W3C SPARQL 1.1 Protocol tests, run from ``../shared`` against ``kzgraph serve`` (uvicorn, the worker pool)
over a store holding the manifest's data: every query and bad-request test passes, every update test is refused
cleanly (4xx), no answer is a 5xx or carries a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kzgraph.stores.oxigraph import OxigraphStore
from kzgraph.web.config import ServerConfig
from kzgraph.web.server import Server, serve_app
from tests.conftest import require
from tests.server.w3c import Outcome, dataset_quads, run_all, w3c_folder


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Outcome]]:
    folder = w3c_folder()
    require(folder is not None, "../shared/w3c/sparql11-protocol (the W3C protocol tests) is absent")
    assert folder is not None
    store = tmp_path_factory.mktemp("w3c") / "store"
    OxigraphStore.build_at(Path(store), dataset_quads(folder))
    server: Server = serve_app(str(store), port=0, config=ServerConfig(query_workers=1, timeout=10), quiet=True)
    server.start()
    try:
        yield run_all(folder, server.url + "sparql")
    finally:
        server.stop()


def test_every_query_test_passes(outcomes: list[Outcome]) -> None:
    queries = [o for o in outcomes if o.kind == "query"]
    assert len(queries) == 13
    assert [(o.name, o.detail) for o in queries if not o.passed] == []


def test_every_bad_request_test_passes(outcomes: list[Outcome]) -> None:
    bad = [o for o in outcomes if o.kind == "bad"]
    assert len(bad) == 14
    assert [(o.name, o.detail) for o in bad if not o.passed] == []


def test_every_update_is_refused_cleanly(outcomes: list[Outcome]) -> None:
    updates = [o for o in outcomes if o.kind == "update"]
    assert len(updates) == 7
    assert [(o.name, o.detail) for o in updates if not o.passed] == []
