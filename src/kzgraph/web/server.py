"""``kzgraph serve``: a small, read-only linked-data server over any kzgraph store (standard library only).

What it serves (paths are relative to the server's root; ``BASE`` is ``--base-iri``, default
``https://w3id.org/kzgraph/``):

- ``/sparql`` — the SPARQL 1.1 Protocol (query operation only): ``GET ?query=``, ``POST`` of
  ``application/x-www-form-urlencoded`` (``query=``) or ``application/sparql-query``; ``default-graph-uri`` and
  ``named-graph-uri`` are honoured where the store takes them (the embedded store, a SPARQL server) and refused
  (400) on ``memory:``; kzgraph's prefixes are declared; results by content negotiation; updates are refused (403), the store is opened read-only;
- ``/query`` and ``/query/<name>?param=…`` — the catalogue of named queries;
- ``/id/<key>`` — the resource ``BASE id/<key>``: an HTML page, or its description as RDF (Turtle, JSON-LD,
  N-Triples, N-Quads, TriG, RDF/XML); ``/ontology`` and ``/graph/<name>`` likewise for ``BASE ontology`` and the
  named graph ``BASE graph/<name>``;
- ``/`` — an index (the VoID description as HTML or RDF), ``/.well-known/void``, and the network views
  (``/views/<name>.html``) when a views folder exists.

The request path is mapped onto the IRI ``BASE + path``, so when ``https://w3id.org/kzgraph/`` redirects to the
host running this server, every kzgraph IRI resolves. Every HTML page links with relative URLs, so the site also
works under a path prefix behind a reverse proxy.

The protocol-free part is :class:`App` (``App.handle(Request) -> Response``), tested in-process; :func:`make_server`
puts it behind :class:`http.server.ThreadingHTTPServer`. Errors map to HTTP statuses through the error hierarchy
(``KzGraphError.http_status``); anything else is a bug and answers 500.
"""

from __future__ import annotations

import html
import logging
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import pyoxigraph as ox

from kzgraph.counts import LABELS as COUNT_LABELS
from kzgraph.counts import is_entity
from kzgraph.errors import KzGraphError, NotFoundError, QueryError
from kzgraph.query.catalogue import Catalogue
from kzgraph.query.results import QueryResult, display
from kzgraph.rdf import formats
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Dataset, Store, parse_location

log = logging.getLogger("kzgraph.web.server")

MAX_BODY = 1_000_000  # bytes of a POSTed query
DEFAULT_TIMEOUT = 30.0

# --- errors that only the server raises -----------------------------------------------------------------------


class NotAcceptable(KzGraphError):
    """No representation of the resource matches the request's Accept header."""

    http_status = 406


class MethodNotAllowed(KzGraphError):
    """The resource does not answer this HTTP method."""

    http_status = 405

    def __init__(self, message: str, *, allow: str) -> None:
        super().__init__(message)
        self.allow = allow


class ReadOnly(KzGraphError):
    """A SPARQL Update (or any write) was sent to this read-only server."""

    http_status = 403


class UnsupportedMediaType(KzGraphError):
    """A POST body in a content type the SPARQL protocol does not define for queries."""

    http_status = 415


class PayloadTooLarge(KzGraphError):
    """A request body above :data:`MAX_BODY` bytes."""

    http_status = 413


class ServeError(KzGraphError):
    """The server cannot start (address in use, bad option)."""


# --- media types ----------------------------------------------------------------------------------------------

HTML = "text/html"
SOLUTION_TYPES: dict[str, str] = {  # SELECT / ASK; the first is the default for */*
    **{f.media_type: f.name for f in formats.RESULTS_FORMATS.values()},
    **{media: f.name for media, f in formats.media_aliases("results").items()},
    HTML: "html",
    "text/plain": "table",
}
TRIPLE_TYPES: dict[str, str] = {**{f.media_type: f.name for f in formats.RDF_FORMATS.values()}, HTML: "html"}
RESOURCE_TYPES: dict[str, str] = {HTML: "html", **{k: v for k, v in TRIPLE_TYPES.items() if k != HTML}}
SHORT_NAMES: dict[str, str] = {
    **{name: f.media_type for name, f in formats.FORMATS.items()},
    **{alias: formats.FORMATS[name].media_type for alias, name in formats.ALIASES.items()},
    "table": "text/plain",
    "html": HTML,
}
_TEXTUAL = ("text/", "application/n-triples", "application/n-quads", "application/trig")


def parse_accept(header: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values (malformed q counts as 0)."""
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    """The q-value the most specific matching range gives ``offer`` (0 when none matches)."""
    kind = offer.split("/", 1)[0]
    best_specificity, q = -1, 0.0
    for media, mq in ranges:
        if media == offer:
            specificity = 2
        elif media == f"{kind}/*":
            specificity = 1
        elif media in ("*/*", "*"):
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, q = specificity, mq
    return q


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers (ties go to the earlier offer); the first offer when there is no Accept."""
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best


def content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith(_TEXTUAL) else media


# --- requests and responses -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One HTTP request as the app sees it: the decoded path, the raw query string, lower-cased headers."""

    method: str
    path: str
    query_string: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def params(self) -> dict[str, list[str]]:
        return parse_qs(self.query_string, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Response:
    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    negotiated: bool = False

    @property
    def content_type(self) -> str:
        return content_type(self.media_type)

    def all_headers(self) -> dict[str, str]:
        out = {"Content-Type": self.content_type, "Content-Length": str(len(self.body))}
        if self.negotiated:
            out["Vary"] = "Accept"
        out["Access-Control-Allow-Origin"] = "*"
        out["X-Content-Type-Options"] = "nosniff"
        out.update(self.headers)
        return out


# --- HTML -----------------------------------------------------------------------------------------------------


def e(value: object) -> str:
    """HTML-escape anything (quotes included)."""
    return html.escape(str(value), quote=True)


_CSS = """
body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#222}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:14px} td,th{border:1px solid #ddd;padding:4px 6px;
vertical-align:top;text-align:left} th{background:#f5f5f5} code,.iri{font-family:ui-monospace,monospace;font-size:13px}
blockquote{margin:0;padding:0 .6em;border-left:3px solid #9ab;color:#333} .muted{color:#777;font-size:13px}
nav a{margin-right:1em} textarea{width:100%;font-family:ui-monospace,monospace}
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"


def page(title: str, body: str, *, root: str, alternates: Iterable[tuple[str, str]] = ()) -> bytes:
    """A whole HTML page; ``body`` is already-escaped HTML, ``root`` the relative URL of the site's root."""
    links = "".join(f'<link rel="alternate" type="{e(t)}" href="{e(h)}">' for t, h in alternates)
    nav = (f'<nav><a href="{e(root) or "./"}">kzgraph</a><a href="{e(root)}sparql">SPARQL</a>'
           f'<a href="{e(root)}query">queries</a><a href="{e(root)}ontology">ontology</a></nav>')  # fmt: skip
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{links}<style>{_CSS}</style></head>'
        f"<body>{nav}{body}</body></html>"
    ).encode()


def root_of(path: str) -> str:
    """The relative URL from ``path`` to the site's root (``/id/apk`` → ``../``)."""
    return "../" * max(path.count("/") - 1, 0)


# --- the app --------------------------------------------------------------------------------------------------


class App:
    """The server's logic, free of sockets: :meth:`handle` turns a :class:`Request` into a :class:`Response`."""

    def __init__(
        self,
        store: Store,
        *,
        base_iri: str = ns.BASE,
        timeout: float | None = DEFAULT_TIMEOUT,
        views_dir: Path | None = None,
        include_extracted: bool = False,
        catalogue: Catalogue | None = None,
    ) -> None:
        if not base_iri.endswith("/"):
            raise ServeError(f"--base-iri must end with '/': {base_iri}")
        self.store = store
        self.base = base_iri
        self.timeout = timeout if timeout else None
        self.views_dir = views_dir if views_dir is not None and views_dir.is_dir() else None
        self.include_extracted = include_extracted
        self.catalogue = catalogue or Catalogue()
        self.routes: list[tuple[re.Pattern[str], Callable[[Request, re.Match[str]], Response], str]] = [
            (re.compile(r"/"), self.index, "GET, HEAD"),
            (re.compile(r"/\.well-known/void"), self.void, "GET, HEAD"),
            (re.compile(r"/sparql"), self.sparql, "GET, HEAD, POST"),
            (re.compile(r"/query/?"), self.query_list, "GET, HEAD"),
            (re.compile(r"/query/(?P<name>[^/]+)"), self.named_query, "GET, HEAD"),
            (re.compile(r"/id/(?P<key>.+)"), self.entity, "GET, HEAD"),
            (re.compile(r"/ontology"), self.ontology, "GET, HEAD"),
            (re.compile(r"/graph/(?P<name>.+)"), self.graph, "GET, HEAD"),
            (re.compile(r"/views/(?P<file>[^/]+)"), self.view, "GET, HEAD"),
            (re.compile(r"/lookup"), self.lookup, "GET, HEAD"),
        ]

    # -- dispatch --

    def handle(self, request: Request) -> Response:
        """Answer ``request``. kzgraph errors become their HTTP status; any other exception propagates (a bug)."""
        try:
            response = self._route(request)
        except KzGraphError as err:
            response = self.error_response(request, err)
        if request.method == "HEAD":
            response.headers["Content-Length"] = str(len(response.body))
            response.body = b""
        return response

    def _route(self, request: Request) -> Response:
        for pattern, view, allow in self.routes:
            m = pattern.fullmatch(request.path)
            if m is None:
                continue
            if request.method not in allow.split(", "):
                if request.method in ("PUT", "DELETE", "PATCH"):
                    raise MethodNotAllowed(f"{request.path} is read-only; it answers {allow}", allow=allow)
                raise MethodNotAllowed(f"{request.path} answers {allow}, not {request.method}", allow=allow)
            return view(request, m)
        raise NotFoundError(f"nothing is served at {request.path}")

    def error_response(self, request: Request, err: KzGraphError) -> Response:
        status = err.http_status
        message = str(err)
        headers: dict[str, str] = {}
        if isinstance(err, MethodNotAllowed):
            headers["Allow"] = err.allow
        if isinstance(err, ReadOnly):
            headers["Allow"] = "GET, HEAD, POST"
        if negotiate(request.header("accept"), ["text/plain", HTML]) == HTML:
            title = f"{status} {_REASONS.get(status, 'Error')}"
            body = page(title, f"<h1>{e(title)}</h1><p><code>{e(message)}</code></p>", root=root_of(request.path))
            return Response(status, HTML, body, {**headers, "Content-Security-Policy": _CSP})
        return Response(status, "text/plain", (message + "\n").encode("utf-8"), headers)

    # -- IRIs and links --

    def iri_for(self, path: str) -> str:
        """The IRI a request path stands for (``/id/apk`` → ``BASE id/apk``)."""
        return self.base + path.lstrip("/")

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

    def _sparql(self, text: str, *, dataset: Dataset | None, timeout: float | None) -> QueryResult:
        """Run user SPARQL with kzgraph's prefixes declared, over the dataset the protocol parameters name (where
        the store takes them: :attr:`~kzgraph.stores.Store.dataset_parameters`) or the curated graph."""
        return self.store.query(
            text, timeout=timeout, include_extracted=self.include_extracted, prefixes=ns.PREFIXES, dataset=dataset
        )

    def _select(self, sparql: str) -> QueryResult:
        """An internal query (the app's own, no time limit) over the curated graph."""
        return self.store.query(sparql, include_extracted=self.include_extracted, prefixes=ns.PREFIXES)

    # -- representation --

    def result_response(self, request: Request, result: QueryResult, *, title: str, intro: str = "") -> Response:
        """A query result in the negotiated format (406 when the client accepts none)."""
        offers = list(TRIPLE_TYPES if result.kind == "graph" else SOLUTION_TYPES)
        media = self.choose(request, offers)
        fmt = (TRIPLE_TYPES if result.kind == "graph" else SOLUTION_TYPES)[media]
        if fmt == "html":
            root = root_of(request.path)
            body = page(title, f"<h1>{e(title)}</h1>{intro}{self.result_table(result, root=root)}", root=root)
            return Response(200, HTML, body, {"Content-Security-Policy": _CSP}, negotiated=True)
        if fmt == "table":
            return Response(200, media, (result.to_table() + "\n").encode("utf-8"), negotiated=True)
        return Response(200, media, result.serialize(fmt), negotiated=True)

    def choose(self, request: Request, offers: Sequence[str]) -> str:
        """The negotiated media type; a ``format`` parameter (json, ttl, html …) overrides Accept."""
        wanted = request.params.get("format")
        if wanted:
            media = SHORT_NAMES.get(wanted[-1], wanted[-1])
            if media not in offers:
                raise NotAcceptable(f"format={wanted[-1]} is not available here; offered: {', '.join(offers)}")
            return media
        chosen = negotiate(request.header("accept"), offers)
        if chosen is None:
            raise NotAcceptable(f"cannot answer in {request.header('accept')}; offered: {', '.join(offers)}")
        return chosen

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

    # -- the SPARQL protocol --

    def sparql(self, request: Request, _m: re.Match[str]) -> Response:
        params = request.params
        ctype = (request.header("content-type") or "").split(";", 1)[0].strip().lower()
        if request.method == "POST":
            if ctype == "application/sparql-update":
                raise ReadOnly("this endpoint is read-only: SPARQL Update is not accepted")
            if ctype == "application/x-www-form-urlencoded":
                try:
                    form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
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
        if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
            raise ReadOnly("this endpoint is read-only: SPARQL Update is not accepted")
        queries = params.get("query", [])
        if len(queries) > 1:
            raise QueryError("give exactly one 'query' parameter")
        if not queries:
            if request.method == "POST":
                raise QueryError("missing 'query' parameter")
            return self.sparql_form(request)
        dataset = None
        if "default-graph-uri" in params or "named-graph-uri" in params:
            dataset = Dataset(tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])))
        # Negotiation cannot wait for the result's kind: refuse at once a client that accepts no results format.
        every = list(dict.fromkeys([*SOLUTION_TYPES, *TRIPLE_TYPES]))
        if negotiate(request.header("accept"), every) is None and not params.get("format"):
            raise NotAcceptable(f"cannot answer in {request.header('accept')}; offered: {', '.join(every)}")
        result = self._sparql(queries[0], dataset=dataset, timeout=self.timeout)
        intro = f"<pre><code>{e(queries[0])}</code></pre>"
        return self.result_response(request, result, title="SPARQL results", intro=intro)

    def sparql_form(self, request: Request) -> Response:
        """GET /sparql without a query: a query form (HTML) or the SPARQL 1.1 Service Description (RDF)."""
        media = self.choose(request, list(RESOURCE_TYPES))
        if media != HTML:
            host = request.header("host") or "localhost"
            endpoint = ox.NamedNode(f"http://{host}/sparql") if _HOST.fullmatch(host) else ox.BlankNode("service")
            return self.rdf_response(request, service_description(endpoint), media=media)
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
        root = root_of(request.path)
        return Response(200, HTML, page("SPARQL", body, root=root), {"Content-Security-Policy": _CSP}, negotiated=True)

    # -- named queries --

    def query_list(self, request: Request, _m: re.Match[str]) -> Response:
        media = self.choose(request, [HTML, "application/json"])
        queries = list(self.catalogue)
        if media == "application/json":
            import json

            rows = [{"name": q.name, "title": q.title, "question": q.question, "columns": list(q.columns),
                     "params": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc} for p in q.params]}
                    for q in queries]  # fmt: skip
            return Response(200, media, json.dumps(rows, indent=2, ensure_ascii=False).encode("utf-8"), negotiated=True)
        root = root_of(request.path)
        prefix = "" if request.path.endswith("/") else "query/"
        items = "".join(
            f'<tr><td><a href="{e(prefix + quote(q.name))}">{e(q.name)}</a></td><td>{e(q.title)}</td>'
            f"<td>{e(q.question)}</td><td>{e(', '.join(p.name for p in q.params))}</td></tr>"
            for q in queries
        )
        body = ("<h1>Named queries</h1><p>Run one at <code>query/NAME?param=value</code>; results negotiate like "
                "<code>/sparql</code>.</p><table><thead><tr><th>name</th><th>title</th><th>question</th>"
                f"<th>parameters</th></tr></thead><tbody>{items}</tbody></table>")  # fmt: skip
        return Response(200, HTML, page("Named queries", body, root=root), {"Content-Security-Policy": _CSP},
                        negotiated=True)  # fmt: skip

    def named_query(self, request: Request, m: re.Match[str]) -> Response:
        from kzgraph.graph import KnowledgeGraph

        named = self.catalogue.get(m["name"])
        values: dict[str, Any] = {}
        for key, given in request.params.items():
            if key == "format":
                continue
            if len(given) != 1:
                raise QueryError(f"parameter {key} is given {len(given)} times")
            values[key] = given[0]
        lang = values.pop("lang", "en")
        kg = KnowledgeGraph(self.store, catalogue=self.catalogue)
        result = kg.query(named.name, lang=lang, timeout=self.timeout, include_extracted=self.include_extracted,
                          **values)  # fmt: skip
        params = "".join(f"<li><code>{e(p.describe())}</code></li>" for p in named.params)
        intro = f"<p>{e(named.question)}</p>" + (f"<p>Parameters:</p><ul>{params}</ul>" if params else "")
        return self.result_response(request, result, title=named.title, intro=intro)

    # -- resources --

    def entity(self, request: Request, m: re.Match[str]) -> Response:
        iri = self._valid_iri(self.iri_for(request.path), what="resource")
        media = self.choose(request, list(RESOURCE_TYPES))
        quads = self.description(iri)
        if not quads and not self._select(f"ASK {{ ?s ?p <{iri}> }}").boolean:
            raise NotFoundError(f"no resource {iri} in this graph")
        if media != HTML:
            return self.rdf_response(request, quads, media=media)
        return Response(200, HTML, self.entity_page(request, iri, quads), {"Content-Security-Policy": _CSP},
                        negotiated=True)  # fmt: skip

    def _valid_iri(self, iri: str, *, what: str) -> str:
        try:
            return ox.NamedNode(iri).value
        except ValueError:
            raise NotFoundError(f"no {what} {iri} (not a valid IRI)") from None

    def description(self, iri: str) -> list[ox.Quad]:
        """The resource's own triples, and each claim about it with its evidence, target and selectors (as quads)."""
        q = f"""
SELECT DISTINCT ?g ?s ?p ?o WHERE {{
  {{ GRAPH ?g {{ <{iri}> ?p ?o }} BIND(<{iri}> AS ?s) }}
  UNION {{ GRAPH ?g {{ ?s rdf:subject <{iri}> ; a kz:Claim ; ?p ?o }} }}
  UNION {{ ?c rdf:subject <{iri}> ; a kz:Claim ; kz:evidence ?s . GRAPH ?g {{ ?s ?p ?o }} }}
  UNION {{ ?c rdf:subject <{iri}> ; a kz:Claim ; kz:evidence/oa:hasTarget ?s . GRAPH ?g {{ ?s ?p ?o }} }}
  UNION {{ ?c rdf:subject <{iri}> ; a kz:Claim ; kz:evidence/oa:hasTarget/oa:hasSelector ?s . GRAPH ?g {{ ?s ?p ?o }} }}
}}"""
        return [ox.Quad(s, p, o, g) for g, s, p, o in self._select(q).terms]

    def entity_page(self, request: Request, iri: str, quads: list[ox.Quad]) -> bytes:
        from kzgraph.query.describe import describe

        root = root_of(request.path)
        d = describe(self.store, iri, include_extracted=self.include_extracted)
        preferred: dict[str, str] = {}
        for (label,) in self._select(f"SELECT ?l WHERE {{ <{iri}> skos:prefLabel ?l }} ORDER BY ?l").terms:
            preferred.setdefault(label.language or "", label.value)
        title = preferred.get("en") or next(iter(preferred.values()), None) or ns.compact(iri)
        parts = [f"<h1>{e(title)}</h1>", f'<p class="iri">{e(iri)}</p>']
        if d.labels:
            rows = "".join(
                f"<tr><th>{e(lang or '—')}</th><td>{self._labels_html(labels, preferred.get(lang))}</td></tr>"
                for lang, labels in sorted(d.labels.items(), key=lambda kv: (kv[0] not in ("en", "ru", "kk"), kv[0]))
            )
            parts.append(f"<h2>Labels</h2><table>{rows}</table>")
        if d.types:
            types = ", ".join(self.term_html(ox.NamedNode(t), root=root) for t in d.types)
            parts.append(f"<p>Type: {types}</p>")
        if d.links:
            links = "".join(f'<li><a href="{e(link)}">{e(_link_label(link))}</a></li>' for link in d.links
                            if link.startswith(("http://", "https://")))  # fmt: skip
            parts.append(f"<h2>Same as</h2><ul>{links}</ul>")
        if d.statements:
            rows_html = []
            for s in d.statements:
                value = self._value_html(s.value, s.value_label, root=root)
                prop = self.term_html(ox.NamedNode(s.predicate), root=root)
                fact = f"{prop} → {value}" if s.direction == "out" else f"← {prop} of {value}"
                rows_html.append(
                    f"<tr><td>{fact}</td><td><blockquote>{e(' '.join(s.quote.split()))}</blockquote></td>"
                    f'<td><a href="{e(root)}id/source/{e(quote(s.source))}">{e(s.source)}</a></td>'
                    f"<td>{e(s.start)}–{e(s.end)}</td><td>{e(s.method)}</td></tr>"
                )
            parts.append(
                "<h2>Facts, each with its evidence</h2><table><thead><tr><th>fact</th><th>quote</th><th>source</th>"
                f"<th>offsets</th><th>method</th></tr></thead><tbody>{''.join(rows_html)}</tbody></table>"
            )
        own = sorted({(q.predicate.value, str(q.object)): q for q in quads if q.subject == ox.NamedNode(iri)}.values(),
                     key=lambda q: (q.predicate.value, str(q.object)))  # fmt: skip
        if own:
            rows = "".join(
                f"<tr><td>{self.term_html(q.predicate, root=root)}</td><td>{self.term_html(q.object, root=root)}</td>"
                f"<td>{self.term_html(q.graph_name, root=root)}</td></tr>"
                for q in own
            )
            parts.append(
                f"<h2>All statements</h2><table><thead><tr><th>property</th><th>value</th><th>graph</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
        own_path = request.path.rsplit("/", 1)[-1]
        alternates = [(t, f"{quote(own_path)}?format={f}") for t, f in RESOURCE_TYPES.items() if t != HTML]
        formats = " ".join(f'<a href="{e(h)}">{e(RESOURCE_TYPES[t])}</a>' for t, h in alternates)
        parts.append(f'<p class="muted">This description as RDF: {formats}</p>')
        return page(title, "".join(parts), root=root, alternates=alternates)

    @staticmethod
    def _labels_html(labels: list[str], preferred: str | None) -> str:
        """The labels of one language, the preferred one first and in bold."""
        others = [e(label) for label in labels if label != preferred]
        return " | ".join([f"<strong>{e(preferred)}</strong>"] * (preferred is not None) + others)

    def _value_html(self, value: str, label: str | None, *, root: str) -> str:
        if value.startswith(("http://", "https://")):
            return self.term_html(ox.NamedNode(value), root=root, label=label)
        return e(value)

    def ontology(self, request: Request, _m: re.Match[str]) -> Response:
        media = self.choose(request, list(RESOURCE_TYPES))
        graph = self.base + "graph/ontology"
        if media != HTML:
            quads = list(self.store.quads(graph))
            if not quads:
                raise NotFoundError(f"the store holds no ontology graph <{graph}>")
            return self.rdf_response(request, quads, media=media)
        kz = self.base + "ontology#"
        q = f"""
SELECT ?x ?kind (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment) WHERE {{
  GRAPH <{graph}> {{
    ?x a ?kind FILTER(?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty))
    FILTER(STRSTARTS(STR(?x), "{kz}"))
    OPTIONAL {{ ?x rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "en") || LANG(?l) = "") }}
    OPTIONAL {{ ?x rdfs:comment ?c FILTER(LANGMATCHES(LANG(?c), "en") || LANG(?c) = "") }}
  }}
}} GROUP BY ?x ?kind ORDER BY ?kind ?x"""
        rows = self._select(q).terms
        if not rows:
            raise NotFoundError(f"the store holds no ontology graph <{graph}>")
        sections: dict[str, list[str]] = {}
        for x, kind, label, comment in rows:
            local = x.value[len(kz) :]
            sections.setdefault(ns.compact(kind.value), []).append(
                f'<tr id="{e(local)}"><td><code>kz:{e(local)}</code></td><td>{e(label.value if label else "")}</td>'
                f"<td>{e(comment.value if comment else '')}</td></tr>"
            )
        body = [f'<h1>The kzgraph ontology</h1><p class="iri">{e(self.base + "ontology")}</p>']
        for kind, items in sections.items():
            body.append(f"<h2>{e(kind)}</h2><table><tbody>{''.join(items)}</tbody></table>")
        alternates = [(t, f"ontology?format={f}") for t, f in RESOURCE_TYPES.items() if t != HTML]
        root = root_of(request.path)
        return Response(200, HTML, page("kzgraph ontology", "".join(body), root=root, alternates=alternates),
                        {"Content-Security-Policy": _CSP}, negotiated=True)  # fmt: skip

    def graph(self, request: Request, _m: re.Match[str]) -> Response:
        iri = self._valid_iri(self.iri_for(request.path), what="graph")
        media = self.choose(request, list(RESOURCE_TYPES))
        quads = list(self.store.quads(iri))
        if not quads:
            raise NotFoundError(f"no named graph {iri} in this store")
        if media != HTML:
            return self.rdf_response(request, quads, media=media)
        own = request.path.rsplit("/", 1)[-1]
        formats = " ".join(
            f'<a href="{e(quote(own))}?format={e(f)}">{e(f)}</a>' for t, f in RESOURCE_TYPES.items() if t != HTML
        )
        body = (f"<h1>Named graph</h1><p class=\"iri\">{e(iri)}</p><p>{len(quads)} triples. "
                f"Download: {formats}</p>")  # fmt: skip
        root = root_of(request.path)
        return Response(200, HTML, page(iri, body, root=root), {"Content-Security-Policy": _CSP}, negotiated=True)

    def void(self, request: Request, _m: re.Match[str]) -> Response:
        media = self.choose(request, [t for t in RESOURCE_TYPES if t != HTML])
        quads = list(self.store.quads(self.base + "graph/void"))
        if not quads:
            raise NotFoundError("the store holds no VoID description")
        return self.rdf_response(request, quads, media=media)

    def index(self, request: Request, _m: re.Match[str]) -> Response:
        media = self.choose(request, list(RESOURCE_TYPES))
        if media != HTML:
            return self.void(request, _m)
        dataset = self.base + "dataset"
        meta = {
            ns.compact(p.value): o.value
            for p, o in self._select(f"SELECT ?p ?o WHERE {{ <{dataset}> ?p ?o FILTER(isLiteral(?o)) }}").terms
        }
        title = meta.get("dcterms:title", "kzgraph")
        graphs = self._select(
            f"SELECT ?g ?n WHERE {{ <{dataset}> void:subset ?g . OPTIONAL {{ ?g void:triples ?n }} }} ORDER BY ?g"
        ).terms
        # the entities as kzgraph.counts defines them (kzid:<key> resources), so the heading's count is VoID's
        labelled = self._select(
            f"""SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ ?x skos:prefLabel ?l FILTER(LANG(?l) = "en")
            FILTER(STRSTARTS(STR(?x), "{self.base}id/")) }} GROUP BY ?x ORDER BY LCASE(STR(?label))"""
        ).terms
        entities = [(x, label) for x, label in labelled if is_entity(x.value)]
        root = ""
        parts = [f"<h1>{e(title)}</h1><p>{e(meta.get('dcterms:description', ''))}</p><ul>"]
        figures = {f"void:{key}": key for key in ("triples", "entities", "classes")}
        for key, name in figures.items():
            if key in meta:
                parts.append(f"<li>{e(COUNT_LABELS[name])}: {e(meta[key])}</li>")
        if graphs and all(n is not None for _g, n in graphs):
            quads = sum(int(n.value) for _g, n in graphs)
            parts.append(f"<li>{e(COUNT_LABELS['quads'])}: {quads}</li>")
        parts.append(
            '</ul><h2>Access</h2><ul><li><a href="sparql">SPARQL endpoint</a> (SPARQL 1.1 Protocol, read-only)</li>'
            '<li><a href="query">named queries</a></li><li><a href="ontology">ontology</a></li>'
            '<li><a href=".well-known/void">VoID description</a> (Turtle)</li></ul>'
        )
        if graphs:
            items = "".join(
                f"<li>{self.term_html(g, root=root)} — {e(n.value if n is not None else '?')} triples</li>"
                for g, n in graphs
            )
            parts.append(f"<h2>Named graphs</h2><ul>{items}</ul>")
        views = self._views()
        if views:
            items = "".join(f'<li><a href="views/{e(quote(v))}">{e(v)}</a></li>' for v in views)
            parts.append(f"<h2>Network views</h2><ul>{items}</ul>")
        if entities:
            items = "".join(f"<li>{self.term_html(x, root=root, label=label.value)}</li>" for x, label in entities)
            parts.append(f"<h2>Entities ({len(entities)})</h2><ul>{items}</ul>")
        alternates = [(t, f"?format={f}") for t, f in RESOURCE_TYPES.items() if t != HTML]
        return Response(200, HTML, page(title, "".join(parts), root=root, alternates=alternates),
                        {"Content-Security-Policy": _CSP}, negotiated=True)  # fmt: skip

    def _views(self) -> list[str]:
        if self.views_dir is None:
            return []
        return sorted(p.name for p in self.views_dir.glob("*.html") if p.is_file() and _VIEW.fullmatch(p.name))

    def view(self, request: Request, m: re.Match[str]) -> Response:
        name = m["file"]
        if name not in self._views():
            raise NotFoundError(f"no view {name}")
        assert self.views_dir is not None
        return Response(200, HTML, (self.views_dir / name).read_bytes())

    def lookup(self, request: Request, _m: re.Match[str]) -> Response:
        """``/lookup?name=…``: 303 to the page of the entity with that label (any language), id or IRI."""
        from kzgraph.query.describe import resolve

        names = request.params.get("name", [])
        if len(names) != 1 or not names[0].strip():
            raise QueryError("give one 'name' parameter: a label in any language, an id or an IRI")
        iri = resolve(self.store, names[0].strip())
        local = self.href(iri, root=root_of(request.path))
        if local is None:
            raise NotFoundError(f"{iri} is not served here")
        return Response(303, "text/plain", f"see {local}\n".encode(), {"Location": local})


_VIEW = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.html")
_HOST = re.compile(r"[A-Za-z0-9.\-]+(:\d+)?|\[[0-9a-fA-F:]+\](:\d+)?")
_REASONS = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
            413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Entity", 500: "Internal Error",
            502: "Bad Gateway", 503: "Service Unavailable"}  # fmt: skip


def _link_label(link: str) -> str:
    if link.startswith("http://www.wikidata.org/entity/"):
        return "Wikidata " + link.rsplit("/", 1)[-1]
    if link.startswith("http://dbpedia.org/resource/"):
        return "DBpedia " + unquote(link.rsplit("/", 1)[-1])
    return link


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


# --- HTTP -----------------------------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    """Turns HTTP/1.1 requests into :class:`Request`, runs the app, writes the :class:`Response`."""

    server: KzGraphHTTPServer
    server_version = "kzgraph"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._dispatch()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def _dispatch(self) -> None:
        split = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            length = int(headers.get("content-length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            err: KzGraphError = (PayloadTooLarge(f"a request body may hold at most {MAX_BODY} bytes") if length > 0
                                 else QueryError("malformed Content-Length"))  # fmt: skip
            self.close_connection = True
            self._write(self.server.app.error_response(Request(self.command, split.path), err))
            return
        body = self.rfile.read(length) if length else b""
        request = Request(self.command, unquote(split.path) or "/", split.query, headers, body)
        try:
            response = self.server.app.handle(request)
        except Exception:  # noqa: BLE001 - a bug: log it and answer 500, never a 4xx
            log.error("internal error on %s %s\n%s", self.command, self.path, traceback.format_exc())
            response = Response(500, "text/plain", b"internal server error\n")
        self._write(response)

    def _write(self, response: Response) -> None:
        self.send_response(response.status)
        for key, value in response.all_headers().items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD" and response.body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


class KzGraphHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: App, *, quiet: bool = False) -> None:
        self.app = app
        self.quiet = quiet
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host_text = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{host_text}]" if ":" in host_text else host_text
        return f"http://{shown}:{port}/"


def make_server(app: App, *, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> KzGraphHTTPServer:
    """A threading HTTP server for ``app`` bound to ``host:port`` (port 0: a free port); call ``serve_forever``."""
    try:
        return KzGraphHTTPServer((host, port), app, quiet=quiet)
    except OSError as err:
        raise ServeError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None


def default_views_dir(store_location: str | None) -> Path | None:
    """``views/`` beside a store folder (``build/store`` → ``build/views``), if it exists."""
    folder = parse_location(store_location).folder
    views = folder.parent / "views" if folder is not None else None
    return views if views is not None and views.is_dir() else None


def query_url(base: str, sparql: str, **extra: str) -> str:
    """A GET URL for ``sparql`` on the endpoint ``base`` (…/sparql) — handy in docs and tests."""
    return base + "?" + urlencode({"query": sparql, **extra})
