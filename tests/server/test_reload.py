"""A running server picks up a new build (issue 12, defect 12): ``kzgraph build`` swaps the store folder with
renames, and the server then serves the new store — pages and SPARQL (the query workers are replaced) — without a
restart; requests during the swap are answered."""

from __future__ import annotations

import http.client
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from kzgraph.fileio import swap_directory
from kzgraph.stores.oxigraph import OxigraphStore
from kzgraph.web.config import ServerConfig
from kzgraph.web.server import serve_app

NEW = "https://w3id.org/kzgraph/id/reload-test-body"


def get(url: str, path: str, accept: str) -> tuple[int, bytes]:
    where = urlsplit(url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept": accept})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def test_a_new_build_is_served_without_restart(built: Any, tmp_path: Path) -> None:
    data = (Path(built.out) / "kzgraph.nq").read_bytes()
    folder = tmp_path / "build"
    folder.mkdir()
    OxigraphStore.build_at(folder / "store", data)
    server = serve_app(str(folder / "store"), port=0, config=ServerConfig(query_workers=1, timeout=10), quiet=True)
    server.start()
    ask = "/sparql?" + urlencode({"query": f"ASK {{ <{NEW}> a kz:ConsultativeBody }}"})
    try:
        assert get(server.url, "/id/reload-test-body", "text/turtle")[0] == 404
        assert get(server.url, ask, "text/csv")[1].splitlines()[-1] == b"false"
        graph = ox.NamedNode("https://w3id.org/kzgraph/graph/curated")
        extra = [
            ox.Quad(ox.NamedNode(NEW), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                    ox.NamedNode("https://w3id.org/kzgraph/ontology#ConsultativeBody"), graph),
            ox.Quad(ox.NamedNode(NEW), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                    ox.Literal("Reload test body", language="en"), graph),
        ]  # fmt: skip
        OxigraphStore.build_at(folder / "store.new", data, extra)
        swap_directory(folder / "store.new", folder / "store")  # what kzgraph build does
        deadline = time.monotonic() + 15
        while True:
            status, body = get(server.url, "/id/reload-test-body", "text/turtle")
            assert status in (200, 404)  # answered all along, never an error
            if status == 200:
                break
            assert time.monotonic() < deadline, "the new build was not picked up"
            time.sleep(0.2)
        assert b"Reload test body" in body
        deadline = time.monotonic() + 15
        while get(server.url, ask, "text/csv")[1].splitlines()[-1] != b"true":
            assert time.monotonic() < deadline, "the query workers still read the old build"
            time.sleep(0.2)
        assert get(server.url, "/id/apk", "text/turtle")[0] == 200
    finally:
        server.stop()
