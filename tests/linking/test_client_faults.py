"""The SPARQL client against a misbehaving local server: 429 + Retry-After, 5xx backoff, malformed JSON,
a hang past the timeout, an endpoint that is down, the concurrency limit, the cache and --offline."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from kzgraph.errors import RemoteError
from kzgraph.linking.cache import AnswerCache
from kzgraph.linking.client import SparqlClient, kzgraph_version

ROW = [{"x": {"type": "literal", "value": "1"}}]


def client(url: str, tmp_path: Path, sleeps: list[float] | None = None, **kw: object) -> SparqlClient:
    record = sleeps if sleeps is not None else []
    options: dict[str, object] = {
        "contact": "test@example.org",
        "cache": AnswerCache(tmp_path / "cache"),
        "timeout": 2.0,
        "attempts": 3,
        "backoff": 0.01,
        "sleep": record.append,
    }
    options.update(kw)
    return SparqlClient(endpoint=url, **options)  # type: ignore[arg-type]


def test_identifying_user_agent_and_cache(misbehaving, tmp_path: Path) -> None:
    server = misbehaving([("ok", ROW)])
    c = client(server.url, tmp_path)
    first = c.select("SELECT ?x WHERE { ?x ?p ?o }")
    again = c.select("SELECT ?x WHERE { ?x ?p ?o }")
    assert first.rows == ROW and not first.from_cache
    assert again.from_cache and again.retrieved == first.retrieved
    assert len(server.requests) == 1
    assert server.requests[0]["ua"] == f"kzgraph/{kzgraph_version()} (test@example.org)"


def test_429_waits_as_told_by_retry_after(misbehaving, tmp_path: Path) -> None:
    server = misbehaving([("status", 429, {"Retry-After": "3"}), ("ok", ROW)])
    sleeps: list[float] = []
    answer = client(server.url, tmp_path, sleeps).select("SELECT * WHERE { ?s ?p ?o }")
    assert answer.rows == ROW
    assert sleeps == [3.0]


def test_429_asking_too_long_a_wait_is_a_clear_error(misbehaving, tmp_path: Path) -> None:
    server = misbehaving([("status", 429, {"Retry-After": "3600"})])
    with pytest.raises(RemoteError, match=r"429.*asked to wait 3600 s"):
        client(server.url, tmp_path, max_wait=60).select("SELECT * WHERE { ?s ?p ?o }")
    assert len(server.requests) == 1


def test_5xx_exponential_backoff_then_gives_up(misbehaving, tmp_path: Path) -> None:
    server = misbehaving([("status", 500), ("status", 503)])
    sleeps: list[float] = []
    c = client(server.url, tmp_path, sleeps)
    with pytest.raises(RemoteError, match=r"HTTP 503.*gave up after 3 attempts"):
        c.select("SELECT * WHERE { ?s ?p ?o }")
    assert sleeps == [0.01, 0.02]
    assert len(server.requests) == 3
    assert c.cache is not None and len(c.cache) == 0  # nothing cached from failures


def test_5xx_then_success(misbehaving, tmp_path: Path) -> None:
    server = misbehaving([("status", 502), ("ok", ROW)])
    assert client(server.url, tmp_path).select("SELECT * WHERE { ?s ?p ?o }").rows == ROW


def test_malformed_json_is_a_clear_error_and_not_cached(misbehaving, tmp_path: Path) -> None:
    server = misbehaving([("malformed",)])
    c = client(server.url, tmp_path)
    with pytest.raises(RemoteError, match="not valid SPARQL JSON"):
        c.select("SELECT * WHERE { ?s ?p ?o }")
    assert c.cache is not None and len(c.cache) == 0


def test_hang_past_the_timeout(misbehaving, tmp_path: Path) -> None:
    server = misbehaving([("hang", 5)])
    started = time.monotonic()
    with pytest.raises(RemoteError, match=r"no answer within 1 s.*gave up after 2 attempts"):
        client(server.url, tmp_path, timeout=1.0, attempts=2).select("SELECT * WHERE { ?s ?p ?o }")
    assert time.monotonic() - started < 4.5


def test_endpoint_down(down_url: str, tmp_path: Path) -> None:
    with pytest.raises(RemoteError, match="cannot reach the endpoint"):
        client(down_url, tmp_path).select("SELECT * WHERE { ?s ?p ?o }")


def test_offline_uses_the_cache_and_a_miss_is_an_error(misbehaving, tmp_path: Path) -> None:
    server = misbehaving([("ok", ROW)])
    client(server.url, tmp_path).select("SELECT ?a WHERE { ?a ?b ?c }")
    offline = client(server.url, tmp_path, offline=True)
    assert offline.select("SELECT ?a WHERE { ?a ?b ?c }").from_cache
    with pytest.raises(RemoteError, match="offline: no cached answer"):
        offline.select("SELECT ?other WHERE { ?other ?b ?c }")
    assert len(server.requests) == 1


def test_a_contact_is_required_online(misbehaving, tmp_path: Path) -> None:
    server = misbehaving([("ok", ROW)])
    with pytest.raises(RemoteError, match="--contact"):
        client(server.url, tmp_path, contact=None).select("SELECT * WHERE { ?s ?p ?o }")
    assert server.requests == []


def test_concurrency_limit(misbehaving, tmp_path: Path) -> None:
    server = misbehaving([("ok", ROW, 0.2)])
    c = client(server.url, tmp_path, concurrency=2)
    threads = [threading.Thread(target=c.select, args=(f"SELECT * WHERE {{ ?s ?p {i} }}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(server.requests) == 6
    assert server.max_in_flight == 2
