"""The server's settings: the limits that keep a public endpoint up, where it is published, what SERVICE may call.

Each setting has a default and a key in an optional TOML file (``kzgraph serve --config serve.toml``, keys under
``[serve]``, e.g. ``query-workers = 4``); the main ones also have a CLI option of the same name
(``--query-workers``), which wins over the file. :data:`SETTINGS` documents them all (``docs/server.md`` lists
each one, and a test checks it does).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzgraph.rdf import namespaces as ns
from kzgraph.web.errors import ServeError


@dataclass(frozen=True)
class ServerConfig:
    base_iri: str = ns.BASE
    public_url: str | None = None
    timeout: float = 30.0
    query_workers: int = field(default_factory=lambda: max(2, min(4, os.cpu_count() or 2)))
    queue_timeout: float = 5.0
    long_query: float = 2.0
    retry_after: int = 5
    worker_memory: int = 2048
    answer_cache: int = 64
    max_body: int = 1_000_000
    header_timeout: float = 10.0
    body_timeout: float = 20.0
    keep_alive: float = 5.0
    max_connections: int = 0
    backlog: int = 2048
    service_allow: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.base_iri.endswith("/"):
            raise ServeError(f"base-iri must end with '/': {self.base_iri}")
        if self.public_url is not None and not (
            self.public_url.startswith(("http://", "https://")) and self.public_url.endswith("/")
        ):
            raise ServeError(f"public-url must be an http(s) URL ending with '/': {self.public_url}")
        for name in ("query_workers", "max_body", "retry_after"):
            if getattr(self, name) < 1:
                raise ServeError(f"{name.replace('_', '-')} must be at least 1, not {getattr(self, name)}")
        for name in ("timeout", "queue_timeout", "long_query", "header_timeout", "body_timeout", "keep_alive", "worker_memory",
                     "answer_cache", "max_connections"):  # fmt: skip
            if getattr(self, name) < 0:
                raise ServeError(f"{name.replace('_', '-')} must not be negative, not {getattr(self, name)}")
        for iri in self.service_allow:
            if not iri.startswith(("http://", "https://")):
                raise ServeError(f"service-allow: not an http(s) endpoint IRI: {iri}")

    def with_overrides(self, **given: Any) -> ServerConfig:
        """A copy with the settings given (None: keep this one's)."""
        return dataclasses.replace(self, **{k: v for k, v in given.items() if v is not None})


SETTINGS: dict[str, str] = {
    "base-iri": "the IRI the server's root stands for: /id/KEY serves BASE-IRI id/KEY",
    "public-url": "the URL the public reaches the server at (behind a proxy: the proxy's https URL), used in the "
    "service description; never taken from the Host header",
    "timeout": "time limit of a SPARQL or named query in seconds; past it the worker is killed and replaced and "
    "the answer is 503 (0: none)",
    "query-workers": "query worker processes (each keeps the store open); at most this many queries run at once",
    "queue-timeout": "seconds a query waits for a free worker before the answer is 503 with Retry-After",
    "long-query": "seconds after which a query counts as long: at most query-workers - 1 long queries run at once, "
    "one more is stopped then (503), so short queries always find a worker (0: no such rule)",
    "retry-after": "seconds sent in Retry-After with a 503 for a full pool or a timeout",
    "worker-memory": "address-space limit of each query worker in MB; a query past it fails with 503 (0: none)",
    "answer-cache": "MB of SPARQL answers kept for requests asked again, until the next build (0: no cache); "
    "answers of queries using NOW, RAND, UUID, STRUUID, BNODE or SERVICE are never kept",
    "max-body": "largest request body in bytes (413 above it)",
    "header-timeout": "seconds a client has to send a request's headers before the connection is closed",
    "body-timeout": "seconds a client has to send a request's body (408 past it)",
    "keep-alive": "seconds an idle keep-alive connection stays open",
    "max-connections": "connections and requests at once before new ones get 503 (0: no limit)",
    "backlog": "listen backlog: connections the kernel queues before the server accepts them",
    "service-allow": "SPARQL endpoints a query's SERVICE may call (full IRIs); empty: SERVICE is refused",
}


def read_config_file(path: Path) -> dict[str, Any]:
    """The ``[serve]`` table of a TOML file as ServerConfig keyword arguments; a one-line error names the file and
    the key at fault."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ServeError(f"{path}: cannot read: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise ServeError(f"{path}: not valid TOML: {err}") from None
    table = data.get("serve")
    unknown_tables = sorted(set(data) - {"serve"})
    if unknown_tables or not isinstance(table, dict):
        raise ServeError(f"{path}: put the settings under a [serve] table (found: {', '.join(data) or 'nothing'})")
    types = {f.name: f.type for f in dataclasses.fields(ServerConfig)}
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if key not in SETTINGS:
            raise ServeError(f"{path}: [serve] {key}: unknown setting; known: {', '.join(SETTINGS)}")
        kind = types[name]
        if name == "service_allow":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ServeError(f"{path}: [serve] {key}: give a list of endpoint IRIs")
            value = tuple(value)
        elif "float" in str(kind) and isinstance(value, int | float) and not isinstance(value, bool):
            value = float(value)
        elif "int" in str(kind) and not (isinstance(value, int) and not isinstance(value, bool)):
            raise ServeError(f"{path}: [serve] {key}: give a whole number, not {value!r}")
        elif "str" in str(kind) and not isinstance(value, str):
            raise ServeError(f"{path}: [serve] {key}: give a string, not {value!r}")
        elif "float" in str(kind) and not isinstance(value, int | float):
            raise ServeError(f"{path}: [serve] {key}: give a number, not {value!r}")
        out[name] = value
    return out
