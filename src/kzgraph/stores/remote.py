"""A remote SPARQL 1.1 server as a kzgraph :class:`~kzgraph.stores.base.Store` (``--store http(s)://host/sparql``).

Three endpoints, as SPARQL 1.1 defines them (any may need credentials):

- the *query* endpoint (the location itself) — queries go through SPARQLWrapper;
- the *update* endpoint (SPARQL 1.1 Update) — ``KZGRAPH_UPDATE_URL``; default: the query URL, or ``…/update`` when the
  query URL ends in ``/query`` (Oxigraph server's layout);
- the *Graph Store* endpoint (SPARQL 1.1 Graph Store HTTP Protocol) — ``KZGRAPH_GSP_URL``; default: ``…/store`` when
  the query URL ends in ``/query``, otherwise none (writes then use SPARQL Update).

Credentials: ``KZGRAPH_USER`` / ``KZGRAPH_PASSWORD``, sent to whichever endpoint asks (HTTP Basic or Digest, as the
server's challenge says). Everything can also be given in the location itself, which is handy for ``--store``::

    http://dba:secret@127.0.0.1:8890/sparql#update=http://127.0.0.1:8890/sparql-auth&gsp=http://127.0.0.1:8890/sparql-graph-crud-auth

(user and password in the URL's user-info part, percent-encoded; the other endpoints in the fragment, which is never
sent to a server). Precedence: keyword arguments > the location > environment variables > the defaults above.

**Which graphs.** A remote server may hold other data (Virtuoso always holds its own system graphs), so kzgraph's
dataset there is the set of named graphs whose IRI starts with ``https://w3id.org/kzgraph/graph/``. Curated queries
(the default) leave out ``…/graph/extracted/*``, like the embedded store. The dataset is given to the server with the
SPARQL protocol's ``default-graph-uri`` and ``named-graph-uri`` parameters — one of each per graph — rather than by
rewriting the query with ``FROM``/``FROM NAMED`` clauses: the protocol parameters need no SPARQL parsing, leave the
user's query text untouched (so the server's error positions match what the user wrote), and mean the same on
Oxigraph server and Virtuoso: the default graph is the merge of the listed graphs and ``GRAPH ?g`` ranges over
exactly them. (Without parameters the two servers disagree — Oxigraph's default graph is the empty real default
graph, Virtuoso's is the union of everything including its system graphs.) The graph list is read once per
:class:`RemoteStore` (one ``SELECT DISTINCT ?g`` query) and re-read after every write made through it; call
:meth:`RemoteStore.refresh` after writing to the server by other means.

**Prefixes.** The protocol has no parameter for predeclared prefixes (``Store.query(…, prefixes=…)``), so they
travel on one extra first line of the text, and the line numbers of the server's error messages are moved back by
it here: positions are those of the text as written, as on the other backends.

**Errors.** Connection problems and HTTP failures become :class:`~kzgraph.errors.RemoteError` (one line naming the
URL and cause); a 400 answer to a query becomes :class:`~kzgraph.errors.QueryError` carrying the server's message
(with the line and column when the server names them); a query that passes its time limit (client-side socket
timeout, or a server that reports it stopped early) becomes :class:`~kzgraph.errors.QueryTimeout`. A server that
silently truncates a result (Virtuoso's ``ResultSetMaxRows``, announced in an ``X-SPARQL-MaxRows`` header) or answers
with partial "anytime" results is an error, never a short answer.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kzgraph.errors import QueryError, QueryTimeout, RemoteError, StoreError
from kzgraph.rdf import formats
from kzgraph.rdf import namespaces as ns
from kzgraph.stores.base import (
    QUERY_FORMS,
    Dataset,
    Solutions,
    Store,
    explain_syntax_error,
    is_extracted_graph,
    query_form,
    syntax_error,
    updates_refused,
)

if TYPE_CHECKING:
    from kzgraph.query.results import QueryResult

KZGRAPH_GRAPHS = ns.GRAPH
DEFAULT_TIMEOUT = 60.0
"""Seconds a request may take when no timeout is given (queries, and each write request)."""
WRITE_CHUNK_TRIPLES = 500
"""Triples per SPARQL Update request when a graph is written without the Graph Store Protocol (Virtuoso refuses
requests whose generated SQL passes 10,000 lines: about 1,000 triples; 500 is also its fastest size)."""
_EMPTY_GRAPH = "urn:kzgraph:no-graph"  # a graph no server holds: an empty default graph


@dataclass(frozen=True)
class Endpoints:
    """Where a remote store answers queries, updates and Graph Store requests, and the credentials to use."""

    query: str
    update: str
    gsp: str | None = None
    user: str | None = None
    password: str | None = None

    def describe(self) -> str:
        """The endpoints for messages (never the password)."""
        parts = [f"query {self.query}", f"update {self.update}"]
        if self.gsp:
            parts.append(f"graph store {self.gsp}")
        if self.user:
            parts.append(f"user {self.user}")
        return ", ".join(parts)


def endpoints(
    location: str,
    *,
    update_url: str | None = None,
    gsp_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Endpoints:
    """Work out the endpoints from a location (see the module docstring for the syntax and the precedence)."""
    environ = os.environ if env is None else env
    parsed = urllib.parse.urlsplit(location)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise StoreError(f"{location}: not an http(s) SPARQL endpoint URL")
    fragment = dict(urllib.parse.parse_qsl(parsed.fragment)) if parsed.fragment else {}
    unknown = set(fragment) - {"update", "gsp"}
    if unknown:
        raise StoreError(f"{location}: unknown option(s) {', '.join(sorted(unknown))} after '#' (expected update, gsp)")
    url_user = urllib.parse.unquote(parsed.username) if parsed.username else None
    url_password = urllib.parse.unquote(parsed.password) if parsed.password else None
    netloc = parsed.hostname if ":" not in parsed.hostname else f"[{parsed.hostname}]"
    if parsed.port:
        netloc += f":{parsed.port}"
    query = urllib.parse.urlunsplit((parsed.scheme, netloc, parsed.path or "/", parsed.query, ""))
    oxigraph_layout = parsed.path.rstrip("/").endswith("/query") and not parsed.query
    base = query.rstrip("/")[: -len("query")] if oxigraph_layout else None

    def pick(explicit: str | None, in_url: str | None, var: str) -> str | None:
        for value in (explicit, in_url, environ.get(var)):
            if value:
                return value
        return None

    update = pick(update_url, fragment.get("update"), "KZGRAPH_UPDATE_URL") or (base + "update" if base else query)
    gsp = pick(gsp_url, fragment.get("gsp"), "KZGRAPH_GSP_URL") or (base + "store" if base else None)
    for url in (update, gsp):
        if url and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise StoreError(f"{url}: not an http(s) URL")
    return Endpoints(
        query=query,
        update=update,
        gsp=gsp,
        user=pick(user, url_user, "KZGRAPH_USER"),
        password=pick(password, url_password, "KZGRAPH_PASSWORD"),
    )


@dataclass
class Response:
    status: int
    content_type: str
    headers: Mapping[str, str]
    body: bytes


def _first_lines(body: bytes, *, limit: int = 3) -> str:
    """The server's message, trimmed to its first meaningful lines on one line (no echo of the query)."""
    text = body.decode("utf-8", errors="replace")
    text = re.sub(r"<[^>]+>", " ", text) if "<html" in text.lower()[:200] else text
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("SPARQL query:"):  # Virtuoso echoes the query after its message
            break
        lines.append(line)
        if len(lines) >= limit:
            break
    message = " ".join(lines)
    return message[:500] + ("…" if len(message) > 500 else "")


def _line_column(message: str) -> tuple[int | None, int | None]:
    """Line and column a server's syntax-error message names (Oxigraph: ``error at 3:7``; Virtuoso: ``line 3``)."""
    m = re.search(r"error at (\d+):(\d+)", message)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"\bline (\d+)", message)
    if m:
        return int(m.group(1)), None
    return None, None


class Http:
    """Requests to one server's endpoints, answering Basic or Digest challenges with the configured credentials."""

    def __init__(self, ends: Endpoints, *, timeout: float) -> None:
        self.ends = ends
        self.timeout = timeout
        handlers: list[urllib.request.BaseHandler] = []
        if ends.user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (ends.query, ends.update, ends.gsp):
                if url:
                    passwords.add_password(None, url, ends.user, ends.password or "")
            self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords), self._digest]
        self._opener = urllib.request.build_opener(*handlers)
        self._challenges: dict[str, tuple[str, dict[str, str]] | None] = {}

    def _preauthorize(self, request: urllib.request.Request) -> None:
        """Send credentials with the first try of a request that has a body.

        urllib answers a 401 challenge by resending, but a server that rejects an unauthenticated request at once
        (Virtuoso does) closes the connection while a large body is still being sent: a broken pipe. So the challenge
        of each endpoint is fetched once with a body-less ``HEAD`` and the ``Authorization`` header computed up front
        (Digest: a fresh nonce count per request; the opener still answers a new challenge if the nonce went stale).
        """
        if self.ends.user is None or request.data is None:
            return
        url = request.full_url.split("?", 1)[0]
        if url not in self._challenges:
            self._challenges[url] = self._challenge(request.full_url)
        found = self._challenges[url]
        if found is None:
            return
        scheme, params = found
        if scheme == "basic":
            token = base64.b64encode(f"{self.ends.user}:{self.ends.password or ''}".encode()).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")
            return
        value = self._digest.get_authorization(request, params)
        if value:
            request.add_unredirected_header("Authorization", f"Digest {value}")

    def _challenge(self, url: str) -> tuple[str, dict[str, str]] | None:
        """The authentication scheme and parameters an endpoint asks for (``None``: none asked, or unknown)."""
        probe = urllib.request.Request(url, method="HEAD")
        try:
            with urllib.request.urlopen(probe, timeout=self.timeout):
                return None
        except urllib.error.HTTPError as e:
            header = e.headers.get("WWW-Authenticate", "") if e.code == 401 else ""
        except (OSError, http.client.HTTPException):
            return None  # the real request reports the problem
        scheme, _, rest = header.partition(" ")
        if scheme.lower() == "basic":
            return "basic", {}
        if scheme.lower() == "digest":
            return "digest", urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
        return None

    def send(
        self,
        request: urllib.request.Request,
        *,
        timeout: float | None = None,
        what: str = "request",
        query_text: str | None = None,
        lines_added: int = 0,
    ) -> Response:
        """Send ``request``; raise RemoteError / QueryError / QueryTimeout as the module docstring says."""
        limit = self.timeout if timeout is None else timeout
        url = request.full_url.split("?", 1)[0]
        try:
            self._preauthorize(request)
            with self._opener.open(request, timeout=limit) as answer:
                body = answer.read()
                headers = {k.lower(): v for k, v in answer.headers.items()}
                return Response(answer.status, headers.get("content-type", ""), headers, body)
        except urllib.error.HTTPError as e:
            body = e.read() if e.fp is not None else b""
            message = _first_lines(body) or e.reason
            if e.code in (401, 403):
                if self.ends.user is None:
                    raise RemoteError(
                        f"{url}: the server wants credentials (HTTP {e.code}); set KZGRAPH_USER and KZGRAPH_PASSWORD"
                    ) from None
                raise RemoteError(
                    f"{url}: the server refused the credentials of user {self.ends.user!r} (HTTP {e.code})"
                ) from None
            if e.code == 400 and what == "query":
                line, column = _line_column(message)
                if line is not None and query_text is not None:
                    line = max(line - _echo_offset(body, query_text) - lines_added, 1)
                if column is None:  # Virtuoso's "SPARQL compiler, line N:" counts its own prologue: drop it
                    message = re.sub(r",? line \d+:", ":", message, count=1)
                else:  # Oxigraph's "error at L:C:" counts the text as sent: the corrected position replaces it
                    message = re.sub(r"error at \d+:\d+(?:-\d+:\d+)?:\s*", "", message, count=1)
                err = syntax_error(message, line=line, column=column)
                err.detail = message  # type: ignore[attr-defined]
                err.args = (f"{url} rejected the query: {err}",)
                raise err from None
            if e.code == 400:
                raise RemoteError(f"{url}: the server rejected the {what} (HTTP 400): {message}") from None
            if e.code == 404:
                raise RemoteError(f"{url}: not found (HTTP 404); is this the right endpoint?") from None
            if e.code in (408, 504) or re.search(r"time ?out|timed out", message, re.IGNORECASE):
                raise (QueryTimeout if what == "query" else RemoteError)(
                    f"{url}: the server stopped the {what} at its time limit (HTTP {e.code}): {message}"
                ) from None
            hint = ""
            if re.search(r"permission|not authori[sz]ed|forbidden", message, re.IGNORECASE) and what != "query":
                hint = (
                    " (this endpoint does not let this user write: point KZGRAPH_UPDATE_URL / KZGRAPH_GSP_URL at an"
                    " authenticated endpoint, e.g. Virtuoso's /sparql-auth, and set KZGRAPH_USER / KZGRAPH_PASSWORD)"
                )
            raise RemoteError(f"{url}: the server failed (HTTP {e.code}): {message}{hint}") from None
        except TimeoutError:
            raise (QueryTimeout if what == "query" else RemoteError)(
                f"{url}: no answer within {limit:g} s ({what})"
            ) from None
        except urllib.error.URLError as e:
            reason = e.reason
            if isinstance(reason, TimeoutError):
                raise (QueryTimeout if what == "query" else RemoteError)(
                    f"{url}: no answer within {limit:g} s ({what})"
                ) from None
            if isinstance(reason, ConnectionRefusedError):
                cause = "connection refused (is the server running?)"
            elif isinstance(reason, socket.gaierror):
                cause = f"unknown host ({reason.strerror})"
            else:
                cause = str(getattr(reason, "strerror", None) or reason)
            raise RemoteError(f"cannot reach {url}: {cause}") from None
        except (ConnectionError, http.client.HTTPException) as e:
            raise RemoteError(f"{url}: the connection failed: {e.__class__.__name__}: {e}") from None


def _echo_offset(body: bytes, query: str) -> int:
    """Lines a server put before the user's query in the text it compiled (and echoes after its message).

    Virtuoso prepends ``define …`` pragmas (one line per output-format parameter) and counts lines from there;
    subtracting them gives the line in the query the user wrote.
    """
    text = body.decode("utf-8", errors="replace")
    marker = "SPARQL query:"
    if marker not in text:
        return 0
    # Virtuoso numbers the lines from the one after the marker's, blank lines included (it may echo one blank
    # line, then an "#output-format" comment, before its pragmas).
    echoed = re.sub(r"^\r?\n", "", text.split(marker, 1)[1], count=1)
    stripped = query.strip()
    # The start of the query's first line: a long line (the prefixes kzgraph sends on one) may be cut in the echo.
    at = echoed.find(stripped.splitlines()[0][:60]) if stripped else -1
    if at < 0:
        return 0
    leading = query[: len(query) - len(query.lstrip())].count("\n")
    return echoed[:at].count("\n") - leading


def _nt(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


class RemoteStore(Store):
    """A SPARQL 1.1 server holding kzgraph's named graphs (see the module docstring)."""

    evaluates_service = True
    dataset_parameters = True

    def __init__(
        self,
        location: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.endpoints = endpoints(
            location, update_url=update_url, gsp_url=gsp_url, user=user, password=password, env=env
        )
        self.location = self.endpoints.query
        self.timeout = timeout
        self.http = Http(self.endpoints, timeout=timeout)
        self._graphs: list[str] | None = None

    # --- reading ----------------------------------------------------------------------------------------------

    def graphs(self, *, timeout: float | None = None) -> list[str]:
        """kzgraph's named graphs on the server (cached; see :meth:`refresh`)."""
        if self._graphs is None:
            answer = self._run(
                f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{KZGRAPH_GRAPHS}")) }}',
                dataset=None,
                timeout=timeout,
            )
            self._graphs = sorted(row[0].value for row in answer.terms if isinstance(row[0], ox.NamedNode))
        return list(self._graphs)

    def refresh(self) -> None:
        """Forget the cached graph list (after the server's content changed by other means)."""
        self._graphs = None

    def graph_counts(self) -> dict[str, int]:
        """Triples per kzgraph named graph on the server (not cached)."""
        answer = self._run(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{KZGRAPH_GRAPHS}")) }} GROUP BY ?g',
            dataset=None,
            timeout=None,
        )
        return {g.value: int(n.value) for g, n in answer.terms}

    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        include_extracted: bool = False,
        prefixes: Mapping[str, str] | None = None,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        """The protocol has no prefix parameter, so ``prefixes`` are sent on one extra first line of the text; the
        line numbers of the server's error messages are moved back by it."""
        if dataset is not None:
            graphs_given = (list(dataset.default), list(dataset.named))
            return self._run(sparql, dataset=graphs_given, timeout=timeout, prefixes=prefixes)
        graphs = [g for g in self.graphs(timeout=timeout) if include_extracted or not is_extracted_graph(g)]
        curated = (graphs or [_EMPTY_GRAPH], graphs or [_EMPTY_GRAPH])
        return self._run(sparql, dataset=curated, timeout=timeout, prefixes=prefixes)

    def select(self, sparql: str, *, union_default_graph: bool = True) -> Solutions:
        graphs = self.graphs() or [_EMPTY_GRAPH]
        answer = self._run(sparql, dataset=(graphs if union_default_graph else [_EMPTY_GRAPH], graphs), timeout=None)
        if answer.kind != "select":
            raise QueryError("expected a SELECT query")
        return Solutions(list(answer.variables), list(answer.terms))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        for g in [graph] if graph else self.graphs():
            name = ox.NamedNode(g)
            for t in self._graph_triples(g):
                yield ox.Quad(t.subject, t.predicate, t.object, name)

    def __len__(self) -> int:
        return sum(self.graph_counts().values())

    def _graph_triples(self, graph: str) -> list[ox.Triple]:
        """One graph's triples: a Graph Store GET when there is a Graph Store endpoint, else a CONSTRUCT."""
        if self.endpoints.gsp:
            request = urllib.request.Request(
                _with_param(self.endpoints.gsp, "graph", graph),
                headers={"Accept": f"{formats.by_name('nt').media_type}, {formats.by_name('ttl').media_type};q=0.9"},
            )
            try:
                answer = self.http.send(request, what="graph read")
            except RemoteError as e:
                if "HTTP 404" in str(e):  # the graph does not exist (or no longer)
                    return []
                raise
            return list(_parse_rdf(answer))
        result = self._run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", dataset=([graph], [graph]), timeout=None)
        return list(result.triples)

    def _run(
        self,
        sparql: str,
        *,
        dataset: tuple[list[str], list[str]] | None,
        timeout: float | None,
        prefixes: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """Send a query through SPARQLWrapper with the given default and named graphs; parse the answer."""
        from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

        from kzgraph.query.results import QueryResult

        # SPARQLWrapper guesses the form with a regex that a keyword in a comment can fool (a comment saying "add"
        # made a SELECT an ADD update); kzgraph's tokenising guess decides instead.
        form = query_form(sparql)
        if form not in QUERY_FORMS:
            raise QueryError(updates_refused(form) if form else "not a query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
        header = " ".join(f"PREFIX {k}: <{v}>" for k, v in (prefixes or {}).items())
        text = f"{header}\n{sparql}" if header else sparql
        sw = SPARQLWrapper(self.endpoints.query)
        sw.setQuery(text)
        sw.queryType = form
        sw.setMethod(POST)  # long queries and many graph parameters would overflow a GET URL
        solutions = form in ("SELECT", "ASK")
        sw.setReturnFormat(JSON if solutions else TURTLE)
        if dataset is not None:
            default, named = dataset
            for g in default:
                sw.addParameter("default-graph-uri", g)
            for g in named:
                sw.addParameter("named-graph-uri", g)
        # SPARQLWrapper builds the protocol request; it is sent through this store's opener, which answers Basic and
        # Digest challenges per endpoint (SPARQLWrapper's own Digest support installs a process-wide urllib opener).
        request = sw._createRequest()
        try:
            answer = self.http.send(
                request, timeout=timeout, what="query", query_text=text, lines_added=int(bool(header))
            )
        except QueryError as err:
            detail = getattr(err, "detail", None)
            if detail is None:
                raise
            line, column = getattr(err, "line", None), getattr(err, "column", None)
            explained = explain_syntax_error(sparql, detail, line=line, column=column, prefixes=prefixes)
            explained.args = (f"{self.endpoints.query} rejected the query: {explained}",)
            raise explained from None
        _check_complete(answer, self.endpoints.query)
        lookup = formats.results_by_media_type if solutions else formats.rdf_by_media_type
        fmt = lookup(answer.content_type)
        try:
            if fmt is None:
                raise RemoteError(f"{self.endpoints.query}: unexpected answer type {answer.content_type!r}")
            return QueryResult.parse(answer.body, fmt.name)
        except (SyntaxError, ValueError) as e:
            raise RemoteError(f"{self.endpoints.query}: unreadable answer ({answer.content_type}): {e}") from None

    # --- writing ----------------------------------------------------------------------------------------------

    def update(self, sparql: str, *, timeout: float | None = None) -> None:
        """Run a SPARQL Update request on the update endpoint."""
        from SPARQLWrapper import POST, SPARQLWrapper

        sw = SPARQLWrapper(self.endpoints.query, updateEndpoint=self.endpoints.update)
        sw.setQuery(sparql)
        sw.setMethod(POST)
        if not sw.isSparqlUpdateRequest():
            raise QueryError("not a SPARQL Update request")
        self.http.send(sw._createRequest(), timeout=timeout, what="update")
        self._graphs = None

    def put_graph(self, graph: str, triples: Iterable[ox.Triple], *, use_gsp: bool | None = None) -> None:
        """Make ``graph`` hold exactly ``triples``.

        With a Graph Store endpoint: one ``PUT`` (the server replaces the graph atomically). Otherwise SPARQL Update:
        ``DROP SILENT GRAPH`` and the first chunk of ``INSERT DATA`` in one request, further chunks of
        :data:`WRITE_CHUNK_TRIPLES` in further requests (a reader may see a partly written graph meanwhile).
        """
        rows = [(t.subject, t.predicate, t.object) for t in triples]
        gsp = self.endpoints.gsp if use_gsp is not False else None
        if use_gsp and not gsp:
            raise RemoteError(f"{self.location}: no Graph Store endpoint configured (set KZGRAPH_GSP_URL)")
        if gsp:
            body = _nt(rows).encode("utf-8")
            request = urllib.request.Request(
                _with_param(gsp, "graph", graph),
                data=body,
                method="PUT",
                headers={"Content-Type": formats.by_name("nt").media_type},
            )
            self.http.send(request, timeout=self._write_timeout(len(rows)), what=f"PUT of graph <{graph}>")
            self._graphs = None
            return
        chunks = [rows[i : i + WRITE_CHUNK_TRIPLES] for i in range(0, len(rows), WRITE_CHUNK_TRIPLES)] or [[]]
        for i, chunk in enumerate(chunks):
            operations = [f"DROP SILENT GRAPH <{graph}>"] if i == 0 else []
            if chunk:
                operations.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{_nt(chunk)}}} }}")
            self.update(" ;\n".join(operations), timeout=self._write_timeout(len(chunk)))

    def drop_graph(self, graph: str) -> None:
        """Remove ``graph`` from the server (no error if it is not there)."""
        if self.endpoints.gsp:
            request = urllib.request.Request(_with_param(self.endpoints.gsp, "graph", graph), method="DELETE")
            try:
                self.http.send(request, what=f"DELETE of graph <{graph}>")
            except RemoteError as e:
                if "HTTP 404" not in str(e):
                    raise
            self._graphs = None
            return
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def replace(self, quads: Iterable[ox.Quad]) -> None:
        """Make the server's kzgraph graphs exactly those of ``quads`` (graph by graph; others dropped)."""
        by_graph: dict[str, list[ox.Triple]] = {}
        for q in quads:
            if not isinstance(q.graph_name, ox.NamedNode):
                raise StoreError(f"{self.location}: kzgraph writes named graphs only, not {q.graph_name}")
            by_graph.setdefault(q.graph_name.value, []).append(ox.Triple(q.subject, q.predicate, q.object))
        for graph, triples in sorted(by_graph.items()):
            self.put_graph(graph, triples)
        for graph in self.graphs():
            if graph not in by_graph:
                self.drop_graph(graph)

    def _write_timeout(self, triples: int) -> float:
        """Writes get the store's timeout plus time in proportion to their size (a second per 20,000 triples)."""
        return self.timeout + triples / 20_000


def _with_param(url: str, name: str, value: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}{urllib.parse.urlencode({name: value})}"


def _parse_rdf(answer: Response) -> Iterator[ox.Triple]:
    fmt = formats.rdf_parser(answer.content_type)
    if fmt is None:
        raise RemoteError(f"unexpected Graph Store answer type {answer.content_type!r}")
    try:
        for q in ox.parse(answer.body, format=fmt):
            yield ox.Triple(q.subject, q.predicate, q.object)
    except SyntaxError as e:
        raise RemoteError(f"unreadable Graph Store answer ({answer.content_type}): {e}") from None


def _check_complete(answer: Response, url: str) -> None:
    """Refuse answers a server cut short (Virtuoso's row cap or 'anytime' partial results)."""
    state = answer.headers.get("x-sql-state", "")
    if state == "S1TAT":
        raise QueryTimeout(f"{url}: the server hit its time limit and answered partial results (X-SQL-State S1TAT)")
    cap = answer.headers.get("x-sparql-maxrows")
    if cap:
        raise RemoteError(
            f"{url}: the server cut the result at {cap} rows (its ResultSetMaxRows); raise that limit or use LIMIT"
        )


__all__ = ["DEFAULT_TIMEOUT", "Endpoints", "RemoteStore", "endpoints"]
