"""The server's logic, free of sockets: :class:`App` turns a :class:`~kzgraph.web.messages.Request` into a
:class:`~kzgraph.web.messages.Response` through the route table (:mod:`kzgraph.web.routes`).

The app holds what every view needs: the store (swapped for the new one when ``kzgraph build`` replaces the store
folder, :mod:`kzgraph.web.reload`), the base IRI, the public URL, the query time limit, the SERVICE allow-list, and
the helpers that turn terms, results and quads into responses. Errors map to HTTP statuses through the error
hierarchy (``KzGraphError.http_status``); anything else is a bug and propagates (the ASGI layer logs it and answers
a generic 500).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from kzgraph.errors import KzGraphError, NotFoundError
from kzgraph.query.catalogue import Catalogue
from kzgraph.query.results import QueryResult, display
from kzgraph.rdf import formats
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Dataset, Store
from kzgraph.web.errors import Busy, MethodNotAllowed, NotAcceptable, ReadOnly, ServeError
from kzgraph.web.html import CSP, REASONS, e, page, root_of
from kzgraph.web.messages import Request, Response
from kzgraph.web.negotiation import (
    HTML,
    RESOURCE_TYPES,
    SOLUTION_TYPES,
    TRIPLE_TYPES,
    negotiate,
    requested_format,
)
from kzgraph.web.pool import Serialized
from kzgraph.web.route import Route
from kzgraph.web.routes import default_routes

log = logging.getLogger("kzgraph.web")

DEFAULT_TIMEOUT = 30.0
GENERIC_5XX = {500: "internal server error", 502: "a remote service failed", 503: "service unavailable"}
PREFLIGHT_HEADERS = "Accept, Content-Type"


class App:
    """The server's logic: :meth:`handle` answers one request."""

    def __init__(
        self,
        store: Store,
        *,
        base_iri: str = ns.BASE,
        timeout: float | None = DEFAULT_TIMEOUT,
        views_dir: Path | None = None,
        include_extracted: bool = False,
        catalogue: Catalogue | None = None,
        public_url: str | None = None,
        service_allow: Sequence[str] = (),
        retry_after: int = 5,
        routes: Sequence[Route] | None = None,
        store_source: Callable[[], Store] | None = None,
    ) -> None:
        if not base_iri.endswith("/"):
            raise ServeError(f"--base-iri must end with '/': {base_iri}")
        # with a source, the app holds no store of its own, so a replaced one is freed (its files with it) once the
        # requests reading it are done
        self._store: Store | None = store if store_source is None else None
        self._store_source = store_source
        self.base = base_iri
        self.timeout = timeout if timeout else None
        self.views_dir = views_dir if views_dir is not None and views_dir.is_dir() else None
        self.include_extracted = include_extracted
        self.catalogue = catalogue or Catalogue()
        self.public_url = public_url
        self.service_allow = tuple(service_allow)
        self.retry_after = retry_after
        self.routes: list[Route] = list(routes) if routes is not None else default_routes()

    @property
    def store(self) -> Store:
        """The store to read: the current one (a new build swapped in, when a source of stores is given)."""
        if self._store_source is not None:
            return self._store_source()
        assert self._store is not None
        return self._store

    def add_route(self, route: Route, *, first: bool = False) -> None:
        """Serve one more route (after the others, or before them with ``first``)."""
        if first:
            self.routes.insert(0, route)
        else:
            self.routes.append(route)

    # -- dispatch --

    def handle(self, request: Request) -> Response:
        """Answer ``request``. kzgraph errors become their HTTP status; any other exception propagates (a bug)."""
        try:
            route, m = self.match(request)
            response = self.preflight(request, route) if request.method == "OPTIONS" else route.view(self, request, m)
        except KzGraphError as err:
            response = self.error_response(request, err)
        return self._finish(request, response)

    async def handle_async(self, request: Request) -> Response | None:
        """Answer ``request`` on the event loop if its route has an ``async_view``; else None (then call
        :meth:`handle` in a thread)."""
        try:
            route, m = self.match(request)
            if route.async_view is None or request.method == "OPTIONS":
                return None
            response = await route.async_view(self, request, m)
        except KzGraphError as err:
            response = self.error_response(request, err)
        return self._finish(request, response)

    @staticmethod
    def _finish(request: Request, response: Response) -> Response:
        if request.method == "HEAD":
            response.headers["Content-Length"] = str(len(response.body))
            response.body = b""
        return response

    def match(self, request: Request) -> tuple[Route, re.Match[str]]:
        """The route that answers ``request`` and its match; NotFoundError, or MethodNotAllowed (OPTIONS is
        allowed on every route: the CORS preflight)."""
        for route in self.routes:
            m = route.regex.fullmatch(request.path)
            if m is None:
                continue
            if request.method not in route.methods and request.method != "OPTIONS":
                if request.method in ("PUT", "DELETE", "PATCH"):
                    raise MethodNotAllowed(f"{request.path} is read-only; it answers {route.allow}", allow=route.allow)
                raise MethodNotAllowed(f"{request.path} answers {route.allow}, not {request.method}", allow=route.allow)
            return route, m
        raise NotFoundError(f"nothing is served at {request.path}")

    def preflight(self, request: Request, route: Route) -> Response:
        """A CORS preflight (OPTIONS): any origin may read, with the route's methods and the protocol's headers."""
        allow = ", ".join([*route.methods, "OPTIONS"])
        headers = {
            "Allow": allow,
            "Access-Control-Allow-Methods": allow,
            "Access-Control-Allow-Headers": PREFLIGHT_HEADERS,
            "Access-Control-Max-Age": "86400",
        }
        return Response(204, "text/plain", b"", headers)

    def error_response(self, request: Request, err: KzGraphError) -> Response:
        """The answer to a kzgraph error: its status and message; for a 5xx a generic message (details logged)."""
        status = err.http_status
        message = str(err)
        if status >= 500:
            log.warning("%s %s: %d %s", request.method, request.path, status, message)
            message = GENERIC_5XX.get(status, "server error")
            if status == 503 and "time limit" in str(err):
                message = "the query ran past its time limit"
        headers: dict[str, str] = {}
        if isinstance(err, MethodNotAllowed):
            headers["Allow"] = err.allow
        if isinstance(err, ReadOnly):
            headers["Allow"] = "GET, HEAD, POST"
        if isinstance(err, Busy):
            headers["Retry-After"] = str(err.retry_after)
        elif status == 503:
            headers["Retry-After"] = str(self.retry_after)
        if negotiate(request.header("accept"), ["text/plain", HTML]) == HTML:
            title = f"{status} {REASONS.get(status, 'Error')}"
            body = page(title, f"<h1>{e(title)}</h1><p><code>{e(message)}</code></p>", root=root_of(request.path))
            return Response(status, HTML, body, {**headers, "Content-Security-Policy": CSP})
        return Response(status, "text/plain", (message + "\n").encode("utf-8"), headers)

    # -- IRIs and links --

    def iri_for(self, path: str) -> str:
        """The IRI a request path stands for (``/id/apk`` → ``BASE id/apk``)."""
        return self.base + path.lstrip("/")

    def valid_iri(self, iri: str, *, what: str) -> str:
        try:
            return ox.NamedNode(iri).value
        except ValueError:
            raise NotFoundError(f"no {what} {iri} (not a valid IRI)") from None

    def href(self, iri: str, *, root: str) -> str | None:
        """A relative link to the page of ``iri`` if this server serves it, else None."""
        if not iri.startswith(self.base):
            return None
        rest = iri[len(self.base) :]
        path, hash_, fragment = rest.partition("#")
        if not path or not (path.startswith(("id/", "graph/")) or path == "ontology" or path == "dataset"):
            return None
        if path == "dataset":
            return root or "./"
        return root + quote(path, safe="/:@!$&'()*+,;=-._~") + (hash_ + quote(fragment, safe="") if hash_ else "")

    def term_html(self, term: Any, *, root: str, label: str | None = None) -> str:
        """One RDF term as escaped HTML (IRIs as links: to this server's pages or, for others, as they are)."""
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            text = label or ns.compact(term.value)
            local = self.href(term.value, root=root)
            target = local if local is not None else term.value
            if not target.startswith(("http://", "https://", "../", "id/", "graph/", "ontology", "./")):
                return f'<span class="iri">{e(text)}</span>'
            return f'<a href="{e(target)}" title="{e(term.value)}">{e(text)}</a>'
        if isinstance(term, ox.Literal):
            suffix = f' <span class="muted">@{e(term.language)}</span>' if term.language else ""
            if not term.language and term.datatype.value != ns.PREFIXES["xsd"] + "string":
                suffix = f' <span class="muted">{e(ns.compact(term.datatype.value))}</span>'
            return e(term.value) + suffix
        return e(display(term))

    # -- querying --

    def run_sparql(
        self, text: str, *, dataset: Dataset | None, formats: Mapping[str, str] | None = None
    ) -> QueryResult | Serialized:
        """Run a user's SPARQL with kzgraph's prefixes declared and the time limit, over the dataset the protocol
        parameters name (where the store takes them: :attr:`~kzgraph.stores.Store.dataset_parameters`) or the
        curated graph. Where the store runs queries in worker processes (``query_serialized``: the server's pool),
        relative IRIs resolve against the base IRI and the answer comes back already written in ``formats``."""
        store = self.store
        in_workers = getattr(store, "query_serialized", None)
        if in_workers is not None and self.timeout is not None:
            answer: Serialized = in_workers(
                text,
                timeout=self.timeout,
                include_extracted=self.include_extracted,
                prefixes=ns.PREFIXES,
                dataset=dataset,
                base_iri=self.base,
                formats=formats,
            )
            return answer
        return store.query(text, timeout=self.timeout, include_extracted=self.include_extracted, prefixes=ns.PREFIXES,
                           dataset=dataset)  # fmt: skip

    def select(self, sparql: str) -> QueryResult:
        """An internal query (the app's own, no time limit) over the curated graph."""
        return self.store.query(sparql, include_extracted=self.include_extracted, prefixes=ns.PREFIXES)

    # -- representation --

    def choose(self, request: Request, offers: Sequence[str], *, params: Mapping[str, list[str]] | None = None) -> str:
        """The negotiated media type: the ``format`` parameter if it names one of ``offers``, else the Accept
        header's choice (406 when the client accepts none)."""
        media = requested_format(request.params if params is None else params, offers)
        if media is not None:
            return media
        chosen = negotiate(request.header("accept"), offers)
        if chosen is None:
            raise NotAcceptable(f"cannot answer in {request.header('accept')}; offered: {', '.join(offers)}")
        return chosen

    def result_response(self, request: Request, result: QueryResult, *, title: str, intro: str = "",
                        params: Mapping[str, list[str]] | None = None) -> Response:  # fmt: skip
        """A query result in the negotiated format (406 when the client accepts none)."""
        table = TRIPLE_TYPES if result.kind == "graph" else SOLUTION_TYPES
        media = self.choose(request, list(table), params=params)
        fmt = table[media]
        if fmt == "html":
            root = root_of(request.path)
            body = page(title, f"<h1>{e(title)}</h1>{intro}{self.result_table(result, root=root)}", root=root)
            return Response(200, HTML, body, {"Content-Security-Policy": CSP}, negotiated=True)
        if fmt == "table":
            return Response(200, media, (result.to_table() + "\n").encode("utf-8"), negotiated=True)
        return Response(200, media, result.serialize(fmt), negotiated=True)

    def result_table(self, result: QueryResult, *, root: str) -> str:
        if result.kind == "ask":
            return f"<p>Answer: <strong>{e(str(result.boolean).lower())}</strong></p>"
        rows = [(t.subject, t.predicate, t.object) for t in result.triples] if result.kind == "graph" else result.terms
        head = "".join(f"<th>{e(c)}</th>" for c in result.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{self.term_html(t, root=root)}</td>" for t in row) + "</tr>" for row in rows
        )
        noun = "triple" if result.kind == "graph" else "row"
        count = f'<p class="muted">{len(rows)} {noun}{"" if len(rows) == 1 else "s"}</p>'
        return f"{count}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def rdf_response(self, request: Request, quads: list[ox.Quad], *, media: str) -> Response:
        return Response(200, media, formats.serialize(quads, RESOURCE_TYPES[media]), negotiated=True)

    def html_response(self, body: bytes) -> Response:
        """A negotiated HTML page with the site's Content-Security-Policy."""
        return Response(200, HTML, body, {"Content-Security-Policy": CSP}, negotiated=True)
