"""A running server picks up a new build (issue 12, defect 12): ``kzgraph build`` swaps the store folder with
renames, and the server then serves the new store — pages and SPARQL (the query workers are replaced) — without a
restart; requests during the swap are answered."""

from __future__ import annotations

import gc
import os
import time
from urllib.parse import urlencode

from tests.server.conftest import Rebuildable, consultative_body, exchange

NEW = "https://w3id.org/kzgraph/id/reload-test-body"


def get(url: str, path: str, accept: str) -> tuple[int, bytes]:
    reply = exchange(url, path, accept=accept)
    return reply.status, reply.body


def test_a_new_build_is_served_without_restart(rebuildable: Rebuildable) -> None:
    server, folder = rebuildable.server, rebuildable.folder
    ask = "/sparql?" + urlencode({"query": f"ASK {{ <{NEW}> a kz:ConsultativeBody }}"})
    assert get(server.url, "/id/reload-test-body", "text/turtle")[0] == 404
    assert get(server.url, ask, "text/csv")[1].splitlines()[-1] == b"false"
    rebuildable.rebuild(consultative_body(NEW, "Reload test body"))
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
    # the old store is closed once nothing reads it: no file of the deleted folder stays open (disk space)
    gc.collect()
    deleted = [link for link in open_files() if link.startswith(str(folder)) and link.endswith(" (deleted)")]
    assert deleted == []


def open_files() -> list[str]:
    links = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            links.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue
    return links
