"""The answer cache (:mod:`kzgraph.web.cache`): a /sparql request asked again is answered from memory with the
same bytes, never for a query whose answer may change between runs, within its memory bound, and never across a
new build (the cache is emptied when the server picks one up)."""

from __future__ import annotations

import time
from typing import Any

from kzgraph.web.cache import AnswerCache, Entry, deterministic
from kzgraph.web.config import ServerConfig
from kzgraph.web.server import Server
from tests.server.conftest import Rebuildable, consultative_body, exchange, serving, sparql_path

NEW = "https://w3id.org/kzgraph/id/cache-test-body"


def get(server: Server, query: str, *, accept: str = "text/csv", method: str = "GET") -> tuple[int, bytes]:
    reply = exchange(server.url, sparql_path(query), accept=accept, method=method)
    return reply.status, reply.body


def test_a_query_asked_again_is_answered_from_the_cache(pooled: Server) -> None:
    cache = pooled.cache
    assert cache is not None
    query = "SELECT ?d WHERE { kzid:apk kz:foundingDate ?d } # cache test 1"
    hits = cache.hits
    first = get(pooled, query)
    assert cache.hits == hits
    again = get(pooled, query)
    assert cache.hits == hits + 1 and again == first and first[0] == 200 and b"1995" in first[1]
    # another representation is another entry, with its own bytes
    as_json = get(pooled, query, accept="application/sparql-results+json")
    assert cache.hits == hits + 1 and as_json[1].startswith(b"{")
    # HEAD is answered by the app (no body), not from the cache
    assert get(pooled, query, method="HEAD") == (200, b"") and cache.hits == hits + 1


def test_answers_that_change_from_run_to_run_are_not_kept(pooled: Server) -> None:
    cache = pooled.cache
    assert cache is not None
    query = "SELECT (STRUUID() AS ?u) WHERE {}"
    size = len(cache)
    first, second = get(pooled, query), get(pooled, query)
    assert first[0] == second[0] == 200 and first[1] != second[1]
    assert len(cache) == size
    for text in ("SELECT (NOW() AS ?t) {}", "SELECT (rand () AS ?r) {}", "SELECT * { BIND(BNODE() AS ?b) }",
                 "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SELECT (UUID() AS ?u) {}",
                 "SELECT (\\u004EOW() AS ?t) {}"):  # fmt: skip
        assert not deterministic(text), text
    assert deterministic("SELECT ?now ?random WHERE { ?now kz:service ?random }")


def test_errors_are_not_kept(pooled: Server) -> None:
    cache = pooled.cache
    assert cache is not None
    size = len(cache)
    assert get(pooled, "SELECT * WHERE { ?s ?p }")[0] == 400
    assert len(cache) == size


def test_the_cache_keeps_to_its_size_and_forgets_the_least_recent() -> None:
    cache = AnswerCache(8000)
    entry = Entry(200, ((b"content-type", b"text/csv"),), b"x" * 900)
    keys = [("GET", "/sparql", f"query={i}", "", "", b"") for i in range(20)]
    for key in keys[:5]:
        assert cache.put(key, entry, epoch=0)
    assert cache.get(keys[0]) is not None  # now the most recent
    for key in keys[5:]:
        cache.put(key, entry, epoch=0)
    assert cache.size <= 8000 and len(cache) < 20
    assert cache.get(keys[1]) is None and cache.get(keys[-1]) is not None
    assert not cache.put(keys[0], Entry(200, (), b"x" * 1001), epoch=0)  # more than an eighth of the cache
    # an answer begun before a clear (a new build) is not kept after it
    epoch = cache.epoch
    cache.clear()
    assert len(cache) == 0 and not cache.put(keys[2], entry, epoch=epoch) and cache.get(keys[2]) is None


def test_the_cache_is_emptied_when_a_new_build_is_served(rebuildable: Rebuildable) -> None:
    server = rebuildable.server
    ask = f"ASK {{ <{NEW}> a kz:ConsultativeBody }}"
    assert server.cache is not None
    assert get(server, ask)[1].splitlines()[-1] == b"false"
    hits = server.cache.hits
    assert get(server, ask)[1].splitlines()[-1] == b"false" and server.cache.hits == hits + 1  # kept
    rebuildable.rebuild(consultative_body(NEW))
    deadline = time.monotonic() + 15
    while get(server, ask)[1].splitlines()[-1] != b"true":
        assert time.monotonic() < deadline, "the cached answer of the old build is still served"
        time.sleep(0.2)
    assert server.cache.epoch == 1


def test_answer_cache_zero_turns_it_off(built: Any) -> None:
    with serving(built, ServerConfig(query_workers=1, timeout=10, answer_cache=0)) as server:
        assert server.cache is None
        assert get(server, "ASK {}")[0] == get(server, "ASK {}")[0] == 200
