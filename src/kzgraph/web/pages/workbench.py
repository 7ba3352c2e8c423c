"""The researchers' workbench (:mod:`kzgraph.web.workbench`) behind the server's routes.

The workbench's own paths (``/search``, ``/lookup``, ``/browse``, ``/browse/CLASS``, ``/ego/KEY``,
``/assets/FILE``) are its pages. For ``/``, ``/sparql``, ``/query``, ``/query/NAME`` and ``/id/KEY`` it gives the
HTML representation only: a request that negotiates anything else (RDF, a results format, JSON) goes on to the
protocol's view, unchanged. :func:`routes` lists these routes; :func:`kzgraph.web.routes.default_routes` puts them
first.

User SPARQL typed into the editor runs as on ``/sparql``: the SERVICE allow-list is checked
(:func:`kzgraph.web.service.check_services`), then :meth:`kzgraph.web.app.App.run_sparql` (the worker pool, the time
limit, the base IRI), remote errors never relayed (:func:`kzgraph.web.sparql.remote_errors_hidden`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool

from kzgraph.errors import KzGraphError
from kzgraph.query.results import QueryResult
from kzgraph.web import sparql
from kzgraph.web.messages import Response
from kzgraph.web.negotiation import HTML, RESOURCE_TYPES, SOLUTION_TYPES, TRIPLE_TYPES
from kzgraph.web.pages import home, queries, resources
from kzgraph.web.pool import Serialized
from kzgraph.web.route import Route, View
from kzgraph.web.service import check_services
from kzgraph.web.workbench import WebRequest, Workbench
from kzgraph.web.workbench.html import Page

if TYPE_CHECKING:
    from kzgraph.web.app import App
    from kzgraph.web.messages import Request

RESULT_TYPES = list(dict.fromkeys([*SOLUTION_TYPES, *TRIPLE_TYPES]))


def workbench_of(app: App) -> Workbench:
    """The app's workbench, made on first use (one per app, reading the app's current store)."""
    found = app.__dict__.get("_workbench")
    if isinstance(found, Workbench):
        return found

    def run(text: str) -> QueryResult:
        check_services(text, app.service_allow)
        with sparql.remote_errors_hidden(text):
            answer = app.run_sparql(text, dataset=None)
        if isinstance(answer, Serialized):  # written by a pool worker (JSON for solutions, N-Triples for graphs)
            return QueryResult.parse(answer.body, answer.format)
        return answer

    made = Workbench(app.store, base=app.base, catalogue=app.catalogue, timeout=app.timeout,
                     include_extracted=app.include_extracted, views_dir=app.views_dir, run=run,
                     store_source=lambda: app.store)  # fmt: skip
    app.__dict__["_workbench"] = made
    return made


def web_request(request: Request) -> WebRequest:
    return WebRequest(request.path, request.params, request.headers)


def response(page: Page, *, negotiated: bool = False) -> Response:
    return Response(page.status, page.media_type, page.body, dict(page.headers), negotiated=negotiated)


def own(app: App, request: Request, _m: re.Match[str]) -> Response:
    """A path the workbench owns (:data:`kzgraph.web.workbench.ROUTES`)."""
    page = workbench_of(app).handle(web_request(request))
    if page is None:  # the route table sends only the workbench's paths here
        raise AssertionError(f"the workbench has no page at {request.path}")
    return response(page)


def _html_first(offers: list[str], fallback: View, render: View) -> View:
    """A view that renders the workbench's HTML when the request negotiates HTML among ``offers``, else (another
    format, a POST) answers as ``fallback``."""

    def view(app: App, request: Request, m: re.Match[str]) -> Response:
        if request.method not in ("GET", "HEAD"):
            return fallback(app, request, m)
        try:
            wants_html = app.choose(request, offers) == HTML
        except KzGraphError:
            wants_html = False
        if not wants_html:
            return fallback(app, request, m)
        try:
            return render(app, request, m)
        except KzGraphError as err:
            return response(workbench_of(app).error_page(web_request(request), err))

    return view


def _home(app: App, request: Request, _m: re.Match[str]) -> Response:
    return response(workbench_of(app).home(web_request(request)), negotiated=True)


def _sparql(app: App, request: Request, _m: re.Match[str]) -> Response:
    return response(workbench_of(app).sparql(web_request(request)), negotiated=True)


def _catalogue(app: App, request: Request, _m: re.Match[str]) -> Response:
    return response(workbench_of(app).query_list(web_request(request)), negotiated=True)


def _named(app: App, request: Request, m: re.Match[str]) -> Response:
    return response(workbench_of(app).named_query(web_request(request), m["name"]), negotiated=True)


def _resource(app: App, request: Request, m: re.Match[str]) -> Response:
    iri = app.valid_iri(app.iri_for(request.path), what="resource")
    page = workbench_of(app).resource(web_request(request), iri)
    if page is None:  # claims, evidence …: the server's generic page
        return resources.entity(app, request, m)
    return response(page, negotiated=True)


def _sparql_offers(request: Request) -> list[str]:
    return RESULT_TYPES if "query" in request.params else list(RESOURCE_TYPES)


def _editor_can_answer(request: Request) -> bool:
    """Whether the editor's page can stand for this /sparql request: a GET with at most one query and none of the
    protocol's update or dataset parameters (those go to the endpoint, which refuses or honours them)."""
    params = request.params
    special = (*sparql.UPDATE_PARAMS, "default-graph-uri", "named-graph-uri")
    return (
        request.method in ("GET", "HEAD")
        and len(params.get("query", [])) <= 1
        and not any(key in params for key in special)
    )


def _sparql_view(app: App, request: Request, m: re.Match[str]) -> Response:
    if not _editor_can_answer(request):
        return sparql.endpoint(app, request, m)
    return _html_first(_sparql_offers(request), sparql.endpoint, _sparql)(app, request, m)


async def _sparql_async(app: App, request: Request, m: re.Match[str]) -> Response:
    """/sparql on the event loop: protocol clients keep the server's fast path (:func:`sparql.endpoint_async`);
    a browser's page is rendered in a worker thread."""
    if _editor_can_answer(request):
        try:
            wants_html = app.choose(request, _sparql_offers(request)) == HTML
        except KzGraphError:
            wants_html = False
        if wants_html:
            return await run_in_threadpool(_sparql_view, app, request, m)
    return await sparql.endpoint_async(app, request, m)


def routes() -> list[Route]:
    """The workbench's routes, to be matched before the server's own (the first match wins)."""
    return [
        Route(r"/search|/lookup|/browse/?|/browse/[^/]+|/ego/.+|/assets/.+", own),
        Route(r"/", _html_first(list(RESOURCE_TYPES), home.index, _home)),
        Route(r"/sparql", _sparql_view, ("GET", "HEAD", "POST"), async_view=_sparql_async),
        Route(r"/query/?", _html_first([HTML, "application/json"], queries.catalogue, _catalogue)),
        Route(r"/query/(?P<name>[^/]+)", _html_first(RESULT_TYPES, queries.named_query, _named)),
        Route(r"/id/(?P<key>.+)", _html_first(list(RESOURCE_TYPES), resources.entity, _resource)),
    ]
