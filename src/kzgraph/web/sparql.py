"""The SPARQL 1.1 Protocol at ``/sparql`` (query operation only): ``GET ?query=``, ``POST`` of
``application/x-www-form-urlencoded`` or ``application/sparql-query``; updates refused (403); SERVICE refused
unless allow-listed (:mod:`kzgraph.web.service`); relative IRIs resolve against the base IRI; without a query, a
query form (HTML) or the SPARQL 1.1 Service Description (RDF) of the configured public URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool

from kzgraph.errors import KzGraphError, QueryError, QueryTimeout, RemoteError
from kzgraph.query.results import QueryResult
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Dataset
from kzgraph.web.cache import deterministic
from kzgraph.web.errors import Busy, NotAcceptable, ReadOnly, UnsupportedMediaType
from kzgraph.web.html import e, page, root_of
from kzgraph.web.messages import Response
from kzgraph.web.negotiation import HTML, RESOURCE_TYPES, SOLUTION_TYPES, TRIPLE_TYPES, negotiate, requested_format
from kzgraph.web.pool import Serialized
from kzgraph.web.service import check_services, service_calls

if TYPE_CHECKING:
    from kzgraph.web.app import App
    from kzgraph.web.messages import Request

UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")


def protocol_params(request: Request) -> dict[str, list[str]]:
    """The protocol's parameters: the URL's, plus a form body's or a direct POST's query."""
    if request.method != "POST":
        return request.params
    params = {key: list(values) for key, values in request.params.items()}  # a copy: the body's are added
    ctype = (request.header("content-type") or "").split(";", 1)[0].strip().lower()
    if ctype == "application/sparql-update":
        raise ReadOnly("this endpoint is read-only: SPARQL Update is not accepted")
    if ctype == "application/x-www-form-urlencoded":
        try:
            form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            raise QueryError("the form body is not UTF-8") from None
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
    elif ctype == "application/sparql-query":
        try:
            params.setdefault("query", []).append(request.body.decode("utf-8"))
        except UnicodeDecodeError:
            raise QueryError("the query is not UTF-8") from None
    else:
        raise UnsupportedMediaType(
            f"POST a query as application/x-www-form-urlencoded or application/sparql-query, not '{ctype}'"
        )
    return params


@dataclass(frozen=True)
class Plan:
    """A query request, checked and negotiated, ready to run: the representation for each kind of answer is
    chosen before the query runs, so that a worker can write it (``wanted``: kind → (media type, format))."""

    query: str
    dataset: Dataset | None
    params: dict[str, list[str]]
    wanted: dict[str, tuple[str, str]]

    @property
    def formats(self) -> dict[str, str]:
        return {kind: fmt for kind, (_, fmt) in self.wanted.items()}


def plan(app: App, request: Request) -> Plan | Response:
    """Check a request (protocol, updates, negotiation, SERVICE); a Response when there is no query to run."""
    params = protocol_params(request)
    if any(key in params for key in UPDATE_PARAMS):
        raise ReadOnly("this endpoint is read-only: SPARQL Update is not accepted")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise QueryError("give exactly one 'query' parameter")
    if not queries:
        if request.method == "POST":
            raise QueryError("missing 'query' parameter")
        return form_or_description(app, request)
    dataset = None
    if "default-graph-uri" in params or "named-graph-uri" in params:
        dataset = Dataset(tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])))
    # Negotiation cannot wait for the result's kind: refuse at once a client that accepts no results format.
    every = list(dict.fromkeys([*SOLUTION_TYPES, *TRIPLE_TYPES]))
    if requested_format(params, every) is None and negotiate(request.header("accept"), every) is None:
        raise NotAcceptable(f"cannot answer in {request.header('accept')}; offered: {', '.join(every)}")
    check_services(queries[0], app.service_allow)
    wanted: dict[str, tuple[str, str]] = {}
    for kind, table in (("select", SOLUTION_TYPES), ("graph", TRIPLE_TYPES)):
        media = requested_format(params, list(table)) or negotiate(request.header("accept"), list(table))
        if media is not None and table[media] not in ("html", "table"):
            wanted[kind] = (media, table[media])
    return Plan(queries[0], dataset, params, wanted)


def quick_answer(plan: Plan, result: QueryResult | Serialized) -> Response | None:
    """The worker's bytes as the response, when they are in the representation chosen; else None."""
    if isinstance(result, Serialized):
        choice = plan.wanted.get("graph" if result.kind == "graph" else "select")
        if choice is not None and choice[1] == result.format:
            return Response(200, choice[0], result.body, negotiated=True, cacheable=deterministic(plan.query))
    return None


def finish(app: App, request: Request, plan: Plan, result: QueryResult | Serialized) -> Response:
    """The response to a query that ran."""
    quick = quick_answer(plan, result)
    if quick is not None:
        return quick
    if isinstance(result, Serialized):
        result = QueryResult.parse(result.body, result.format)
    intro = f"<pre><code>{e(plan.query)}</code></pre>"
    return app.result_response(request, result, title="SPARQL results", intro=intro, params=plan.params)


def endpoint(app: App, request: Request, _m: re.Match[str]) -> Response:
    """/sparql, in a worker thread (the in-process app, and any store without a worker pool)."""
    prepared = plan(app, request)
    if isinstance(prepared, Response):
        return prepared
    with remote_errors_hidden(prepared.query):
        result = app.run_sparql(prepared.query, dataset=prepared.dataset, formats=prepared.formats)
    return finish(app, request, prepared, result)


async def endpoint_async(app: App, request: Request, m: re.Match[str]) -> Response:
    """/sparql on the event loop: the query goes to the worker pool and the loop waits for its answer without a
    thread; small answers in the chosen format go out as the worker wrote them. Stores without a pool, and HTML
    or table answers (rendered here), take a worker thread."""
    runner = getattr(app.store, "query_serialized_async", None)
    if runner is None or app.timeout is None:
        return await run_in_threadpool(endpoint, app, request, m)
    prepared = plan(app, request)
    if isinstance(prepared, Response):
        return prepared
    with remote_errors_hidden(prepared.query):
        result = await runner(prepared.query, timeout=app.timeout, include_extracted=app.include_extracted,
                              prefixes=ns.PREFIXES, dataset=prepared.dataset, base_iri=app.base,
                              formats=prepared.formats)  # fmt: skip
    quick = quick_answer(prepared, result)
    if quick is not None:
        return quick
    return await run_in_threadpool(finish, app, request, prepared, result)


@contextmanager
def remote_errors_hidden(text: str) -> Iterator[None]:
    """An error from a query that calls other endpoints is not relayed (it may carry a remote server's answer):
    it becomes a generic 502, the detail goes to the log."""
    try:
        yield
    except (QueryTimeout, Busy):
        raise
    except KzGraphError as err:
        if getattr(err, "line", None) is None and service_calls(text):
            raise RemoteError(f"a SERVICE call failed: {err}") from None
        raise


def form_or_description(app: App, request: Request) -> Response:
    """GET /sparql without a query: a query form (HTML) or the SPARQL 1.1 Service Description (RDF)."""
    media = app.choose(request, list(RESOURCE_TYPES))
    if media != HTML:
        node = ox.NamedNode(app.public_url + "sparql") if app.public_url else ox.BlankNode("service")
        return app.rdf_response(request, service_description(node), media=media)
    example = "SELECT ?body ?label WHERE {\n  ?body a kz:StateBody ; skos:prefLabel ?label .\n" \
              '  FILTER(LANG(?label) = "en")\n} ORDER BY ?label'  # fmt: skip
    prefixes = ", ".join(f"{k}:" for k in ns.PREFIXES)
    body = (
        "<h1>SPARQL endpoint</h1><p>SPARQL 1.1 Protocol, read-only. Prefixes predeclared: "
        f"<code>{e(prefixes)}</code>. The default graph is the union of the curated named graphs.</p>"
        '<form method="get" action="sparql"><textarea name="query" rows="12">'
        f'{e(example)}</textarea><p><label>format <select name="format">'
        + "".join(f'<option value="{e(k)}">{e(k)}</option>' for k in ("html", "json", "xml", "csv", "tsv", "ttl"))
        + '</select></label> <button type="submit">Run</button></p></form>'
    )
    return app.html_response(page("SPARQL", body, root=root_of(request.path)))


def service_description(endpoint: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
    """A SPARQL 1.1 Service Description of this endpoint."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    fmt = "http://www.w3.org/ns/formats/"
    g = ox.DefaultGraph()
    triples = [
        (ns.PREFIXES["rdf"] + "type", ox.NamedNode(sd + "Service")),
        (sd + "supportedLanguage", ox.NamedNode(sd + "SPARQL11Query")),
        (sd + "feature", ox.NamedNode(sd + "UnionDefaultGraph")),
    ]
    if isinstance(endpoint, ox.NamedNode):
        triples.append((sd + "endpoint", endpoint))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
                 "N-Triples", "JSON-LD", "RDF_XML", "N-Quads", "TriG"):  # fmt: skip
        triples.append((sd + "resultFormat", ox.NamedNode(fmt + name)))
    return [ox.Quad(endpoint, ox.NamedNode(p), o, g) for p, o in triples]
