"""Federated catalogue queries: ``SERVICE`` clauses whose endpoints are chosen at run time.

A catalogue query declares each remote service it uses in its header, with the default endpoint, and uses
that same IRI in its ``SERVICE`` clauses — so the file runs as it is in any SPARQL 1.1 engine::

    # service: wikidata <https://query.wikidata.org/sparql>
    ... SERVICE <https://query.wikidata.org/sparql> { ... }

:func:`bind_services` replaces the default by a configured endpoint (``--service wikidata=URL`` or the
environment variable ``KZGRAPH_SERVICES="wikidata=URL,other=URL"``).

:func:`run_federated` executes such a query on the local store. pyoxigraph evaluates ``SERVICE`` itself
but with its own generic User-Agent, no timeout and no cache, so every ``SERVICE`` call is routed through a
short-lived relay on 127.0.0.1 that forwards it with :class:`~kzgraph.linking.client.SparqlClient`: the
identifying User-Agent, 429/Retry-After, backoff on 5xx, bounded timeouts, the on-disk cache and
``--offline`` all apply. When an endpoint is unreachable (refused, erroring, or silent past the timeout):

- ``SERVICE <…>``: the query fails with a one-line :class:`~kzgraph.errors.RemoteError` (exit 3);
- ``SERVICE SILENT <…>``: the service contributes nothing (SPARQL 1.1 SILENT semantics) and the local part
  of the query still answers; the failure is reported in :attr:`FederatedResult.failures`.

The whole query is additionally bounded by ``timeout`` (a :class:`~kzgraph.errors.QueryTimeout`), so a
federated query never hangs.
"""

from __future__ import annotations

import os
import re
import threading
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from kzgraph.errors import KzGraphError, QueryError, QueryTimeout, RemoteError, StoreError
from kzgraph.linking.client import SparqlClient
from kzgraph.stores import Solutions, Store

if TYPE_CHECKING:
    from pathlib import Path

    from kzgraph.query.results import QueryResult

SERVICE_HEADER = re.compile(r"^#\s*service:\s*([A-Za-z][\w-]*)\s+<([^>\s]+)>\s*$", re.MULTILINE)
ENV = "KZGRAPH_SERVICES"
DEFAULT_TIMEOUT = 120.0  # seconds for a whole federated query when no timeout is given


def declared_services(query_text: str) -> dict[str, str]:
    """``# service: NAME <default endpoint>`` lines of a catalogue query: name -> default endpoint."""
    return {m.group(1): m.group(2) for m in SERVICE_HEADER.finditer(query_text)}


def parse_services(values: list[str] | tuple[str, ...] = (), *, env: str | None = None) -> dict[str, str]:
    """``NAME=URL`` pairs from the command line, after those of ``$KZGRAPH_SERVICES`` (the command line wins)."""
    pairs = [p for p in (env if env is not None else os.environ.get(ENV, "")).split(",") if p.strip()]
    out: dict[str, str] = {}
    for pair in [*pairs, *values]:
        name, sep, url = pair.strip().partition("=")
        if not sep or not name or not url.startswith(("http://", "https://")):
            raise QueryError(f"--service expects NAME=http(s)://endpoint, got '{pair}'")
        out[name.strip()] = url.strip()
    return out


def replace_endpoint(query_text: str, old: str, new: str) -> str:
    """Point every ``SERVICE [SILENT] <old>`` of the query at ``new``."""

    def swap(m: re.Match[str]) -> str:
        return f"{m.group(1)}<{new}>"

    return re.sub(r"(SERVICE\s+(?:SILENT\s+)?)<" + re.escape(old) + ">", swap, query_text, flags=re.IGNORECASE)


def bind_services(query_text: str, services: dict[str, str]) -> str:
    """Replace each declared service's default endpoint in ``SERVICE`` clauses by the configured one.

    Names the query does not declare are ignored (``$KZGRAPH_SERVICES`` may configure services of other queries).
    """
    text = query_text
    for name, default in declared_services(query_text).items():
        if name in services:
            text = replace_endpoint(text, default, services[name])
    return text


def service_endpoints(query_text: str) -> list[str]:
    """The endpoints of the query's ``SERVICE [SILENT] <IRI>`` clauses (comments excluded), sorted."""
    text = "\n".join(_strip_comment(line) for line in query_text.splitlines())
    return sorted(set(re.findall(r"\bSERVICE\s+(?:SILENT\s+)?<([^>\s]+)>", text, flags=re.IGNORECASE)))


def is_federated(query_text: str) -> bool:
    """Whether the query calls a remote service (a ``SERVICE <IRI>`` clause outside comments)."""
    return bool(service_endpoints(query_text))


def _strip_comment(line: str) -> str:
    """The line without its ``#`` comment (a ``#`` inside an IRI or a string literal is kept)."""
    in_iri = False
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote and line[i - 1] != "\\":
                quote = ""
        elif in_iri:
            in_iri = ch != ">"
        elif ch in "\"'":
            quote = ch
        elif ch == "<":
            in_iri = True
        elif ch == "#":
            return line[:i]
    return line


def client_factory(
    *,
    contact: str | None = None,
    cache_dir: Path | None = None,
    offline: bool = False,
    timeout: float = 30.0,
    attempts: int = 3,
    backoff: float = 1.0,
) -> Callable[[str], SparqlClient]:
    """Clients for the services of a federated query: ``contact`` defaults to ``$KZGRAPH_CONTACT``, the cache to
    :func:`~kzgraph.linking.cache.default_cache_dir`; ``timeout`` is per HTTP request."""
    from kzgraph.linking.cache import AnswerCache, default_cache_dir

    who = contact if contact is not None else os.environ.get("KZGRAPH_CONTACT") or None
    cache = AnswerCache(cache_dir if cache_dir is not None else default_cache_dir())

    def make(url: str) -> SparqlClient:
        return SparqlClient(
            endpoint=url, contact=who, cache=cache, offline=offline, timeout=timeout, attempts=attempts, backoff=backoff
        )

    return make


# Oxigraph names them with a random 128-bit number in hex *without leading zeros*: usually 32 digits, 31 or fewer
# one time in sixteen (a fixed {32} missed those, and the cache then missed the query now and then).
_GENERATED_VARIABLE = re.compile(r"\?([0-9a-f]{20,32})\b")


def stable_variables(query: str) -> tuple[str, dict[str, str]]:
    """The query with the variables Oxigraph generates at random (``?79fa…``, up to 32 hex digits: property paths) renamed
    ``?kzv1``, ``?kzv2`` … in order of appearance, and the map back. The same ``SERVICE`` pattern then sends the same
    text every time, so the answer cache (and ``--offline``) works for it."""
    taken = set(re.findall(r"[?$]([A-Za-z0-9_]+)", query))
    prefix = "kzv"
    while any(t.startswith(prefix) for t in taken - set(_GENERATED_VARIABLE.findall(query))):
        prefix = "_" + prefix
    names: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        return "?" + names.setdefault(m.group(1), f"{prefix}{len(names) + 1}")

    text = _GENERATED_VARIABLE.sub(rename, query)
    return text, {new: old for old, new in names.items()}


def rename_result_variables(raw: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """A SPARQL JSON result with its variables renamed by ``names`` (others kept)."""
    if not names:
        return raw
    head = dict(raw.get("head", {}))
    head["vars"] = [names.get(v, v) for v in head.get("vars", [])]
    bindings = [{names.get(k, k): v for k, v in b.items()} for b in raw.get("results", {}).get("bindings", [])]
    return {**raw, "head": head, "results": {**raw.get("results", {}), "bindings": bindings}}


@dataclass
class FederatedResult:
    solutions: Solutions  # SELECT: the variables and rows (ASK / CONSTRUCT: see ``result``)
    failures: list[str] = field(default_factory=list)  # remote failures absorbed by SERVICE SILENT
    requests: int = 0
    result: QueryResult | None = None  # the whole answer, whatever the query form


class _Relay:
    """An HTTP server on 127.0.0.1 that answers SPARQL protocol requests through SparqlClients."""

    def __init__(self, clients: dict[str, SparqlClient]) -> None:
        self.clients = clients  # path ("/0", "/1", ...) -> client of the real endpoint
        self.failures: list[str] = []
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                url = urllib.parse.urlparse(self.path)
                self._answer(url.path, urllib.parse.parse_qs(url.query).get("query", [""])[0])

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
                if ctype == "application/x-www-form-urlencoded":
                    body = urllib.parse.parse_qs(body).get("query", [""])[0]
                self._answer(urllib.parse.urlparse(self.path).path, body)

            def _answer(self, path: str, query: str) -> None:
                client = relay.clients.get(path)
                if client is None or not query:
                    self._send(404, b"unknown service", "text/plain")
                    return
                stable, originals = stable_variables(query)
                try:
                    answer = client.select(stable)
                except KzGraphError as e:
                    relay.failures.append(str(e))
                    self._send(502, str(e).encode("utf-8"), "text/plain; charset=utf-8")
                    return
                import json

                raw = rename_result_variables(answer.raw, originals)
                self._send(200, json.dumps(raw).encode("utf-8"), "application/sparql-results+json")

            def _send(self, status: int, body: bytes, ctype: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Relay:  # noqa: PYI034
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def run_federated(
    store: Store,
    query_text: str,
    *,
    services: dict[str, str] | None = None,
    client_factory: Callable[[str], SparqlClient],
    timeout: float | None = DEFAULT_TIMEOUT,
    include_extracted: bool = True,
    prefixes: Mapping[str, str] | None = None,
) -> FederatedResult:
    """Run a (catalogue) query with ``SERVICE`` clauses on ``store``, a store in this process that evaluates
    ``SERVICE`` (:attr:`~kzgraph.stores.Store.evaluates_service`, :attr:`~kzgraph.stores.Store.in_process`).

    ``include_extracted=False`` applies kzgraph's curated-only rule (the default graph and the named graphs exclude
    ``graph/extracted/…``), as :meth:`kzgraph.graph.KnowledgeGraph.query` does by default.
    """
    text = bind_services(query_text, services or {})
    if not (store.evaluates_service and store.in_process):
        raise QueryError(
            f"federated queries (SERVICE) need the embedded Oxigraph store or a SPARQL endpoint, not {store.location}"
        )
    endpoints = service_endpoints(text)
    clients = {f"/{i}": client_factory(url) for i, url in enumerate(endpoints)}
    with _Relay(clients) as relay:
        for i, url in enumerate(endpoints):
            text = replace_endpoint(text, url, f"{relay.base}/{i}")
        outcome: dict[str, Any] = {}

        def work() -> None:
            # The store materialises the answer on this thread, and pyoxigraph's results must be dropped here too:
            # the error handed back keeps no traceback and no context (their frames hold the results)
            try:
                outcome["ok"] = store.query(text, include_extracted=include_extracted, prefixes=prefixes)
            except (OSError, RuntimeError, ValueError, KzGraphError) as e:
                e.__context__ = e.__cause__ = None
                outcome["error"] = e.with_traceback(None)

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        limit = DEFAULT_TIMEOUT if timeout is None else timeout
        worker.join(limit)
        if worker.is_alive():
            raise QueryTimeout(f"federated query ran past {limit:g} s")
        requests = sum(c.requests for c in clients.values())
        if "error" in outcome:
            err = outcome["error"]
            if isinstance(err, KzGraphError) and not isinstance(err, StoreError):
                raise err
            if relay.failures:
                raise RemoteError(relay.failures[-1])
            detail = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise RemoteError(
                f"federated {detail}" if isinstance(err, StoreError) else f"federated query failed: {detail}"
            )
        answer: QueryResult = outcome["ok"]
        rows = answer.terms if answer.kind == "select" else answer.term_rows()
        answer.warnings = [f"SERVICE SILENT: {f} (that part of the query contributed nothing)" for f in relay.failures]
        return FederatedResult(Solutions(answer.columns, rows), list(relay.failures), requests, answer)
