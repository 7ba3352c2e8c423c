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
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pyoxigraph as ox

from kzgraph.errors import KzGraphError, QueryError, QueryTimeout, RemoteError
from kzgraph.linking.client import SparqlClient
from kzgraph.store import Solutions, Store

SERVICE_HEADER = re.compile(r"^#\s*service:\s*([A-Za-z][\w-]*)\s+<([^>\s]+)>\s*$", re.MULTILINE)
ENV = "KZGRAPH_SERVICES"


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
    return sorted(set(re.findall(r"SERVICE\s+(?:SILENT\s+)?<([^>\s]+)>", query_text, flags=re.IGNORECASE)))


@dataclass
class FederatedResult:
    solutions: Solutions
    failures: list[str] = field(default_factory=list)  # remote failures absorbed by SERVICE SILENT
    requests: int = 0


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
                try:
                    answer = client.select(query)
                except KzGraphError as e:
                    relay.failures.append(str(e))
                    self._send(502, str(e).encode("utf-8"), "text/plain; charset=utf-8")
                    return
                import json

                self._send(200, json.dumps(answer.raw).encode("utf-8"), "application/sparql-results+json")

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
    timeout: float = 120.0,
) -> FederatedResult:
    """Run a (catalogue) SELECT query with ``SERVICE`` clauses on ``store`` (an embedded Oxigraph store)."""
    text = bind_services(query_text, services or {})
    native = getattr(store, "native", None)
    if not isinstance(native, ox.Store):
        raise QueryError("federated queries need the embedded Oxigraph store (not memory:)")
    endpoints = service_endpoints(text)
    clients = {f"/{i}": client_factory(url) for i, url in enumerate(endpoints)}
    with _Relay(clients) as relay:
        for i, url in enumerate(endpoints):
            text = replace_endpoint(text, url, f"{relay.base}/{i}")
        outcome: dict[str, Any] = {}

        def work() -> None:
            # pyoxigraph's results must be created and dropped on this thread: keep no reference to them in
            # what is handed back (the errors lose their tracebacks, which hold the frames)
            try:
                result = native.query(text, use_default_graph_as_union=True)
                if not isinstance(result, ox.QuerySolutions):
                    raise QueryError("expected a SELECT query")
                variables = [v.value for v in result.variables]
                outcome["ok"] = Solutions(variables, [tuple(row[v] for v in variables) for row in result])
                del result
            except SyntaxError as e:
                outcome["error"] = QueryError(f"SPARQL syntax error: {e}")
            except (OSError, RuntimeError, ValueError, KzGraphError) as e:
                outcome["error"] = e.with_traceback(None)

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            raise QueryTimeout(f"federated query ran past {timeout:g} s")
        requests = sum(c.requests for c in clients.values())
        if "error" in outcome:
            err = outcome["error"]
            if isinstance(err, KzGraphError):
                raise err
            if relay.failures:
                raise RemoteError(relay.failures[-1])
            raise RemoteError(f"federated query failed: {str(err).splitlines()[0] if str(err) else type(err).__name__}")
        return FederatedResult(outcome["ok"], list(relay.failures), requests)
