"""The workbench itself: gathers what each page shows from the store, the catalogue, the corpus and the views, and
hands it to the renderers (:mod:`~kzgraph.web.workbench.results`, :mod:`~kzgraph.web.workbench.evidence`,
:mod:`~kzgraph.web.workbench.browse`).

:class:`Workbench` knows nothing of HTTP libraries. A server gives it a :class:`WebRequest` and sends back the
:class:`~kzgraph.web.workbench.html.Page` it returns. It owns some paths outright (:data:`ROUTES`: ``/search``,
``/lookup``, ``/browse``, ``/ego/KEY``, ``/assets/…``) and gives the HTML representation of others, whose RDF and
results formats stay with the server (:meth:`home`, :meth:`sparql`, :meth:`query_list`, :meth:`named_query`,
:meth:`resource`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from kzgraph.counts import is_entity
from kzgraph.errors import KzGraphError, NotFoundError, QueryError, QueryTimeout
from kzgraph.query.catalogue import ALL, Catalogue, NamedQuery
from kzgraph.query.results import QueryResult
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Store
from kzgraph.web.workbench import evidence, results
from kzgraph.web.workbench.browse import ClassTable, Row, class_table_html, classes_html
from kzgraph.web.workbench.html import (
    LANG_COOKIE,
    LANGUAGES,
    Page,
    View,
    e,
    iri_link,
    local_path,
    root_of,
    shell,
)
from kzgraph.web.workbench.paging import ResultPage, run_page
from kzgraph.web.workbench.values import group_digits, iris_in, labels_for

if TYPE_CHECKING:
    from kzgraph.graph import KnowledgeGraph

log = logging.getLogger("kzgraph.web.workbench")

ASSETS = Path(__file__).resolve().parent / "assets"
CODEMIRROR = ("codemirror/codemirror.js", "codemirror/sparql.js", "codemirror/matchbrackets.js")
_ASSET = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)?\.(?:js|css)|codemirror/(?:LICENSE|VENDORED\.md)")
_MEDIA = {".js": "text/javascript", ".css": "text/css", ".md": "text/plain", "": "text/plain"}
_KEY = re.compile(r"[\w.-]+(?:/[\w.-]+)*")
_DATE_TYPES = ("date", "gYear", "gYearMonth", "dateTime")
ROUTES = ("/search", "/lookup", "/browse", "/browse/CLASS", "/ego/KEY", "/assets/FILE")


@dataclass(frozen=True)
class WebRequest:
    """What the workbench reads of a request: the decoded path, the parameters (query string and form body
    merged), the headers with lower-case names."""

    path: str
    params: Mapping[str, Sequence[str]] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)

    def cookie(self, name: str) -> str | None:
        for part in (self.headers.get("cookie") or "").split(";"):
            key, _, value = part.strip().partition("=")
            if key == name:
                return value
        return None


class Workbench:
    """The researchers' pages over one store (see the module's description)."""

    def __init__(
        self,
        store: Store,
        *,
        base: str = ns.BASE,
        catalogue: Catalogue | None = None,
        timeout: float | None = 30.0,
        include_extracted: bool = False,
        views_dir: Path | None = None,
        corpus_dir: Path | None = None,
        run: Callable[[str], QueryResult] | None = None,
        store_source: Callable[[], Store] | None = None,
    ) -> None:
        """``run`` executes a user's SPARQL text under the server's limits and policies (default: the store, with
        ``timeout``); ``store_source`` gives the current store when a server swaps in a new build;
        ``corpus_dir`` holds the source texts (default: the shipped corpus)."""
        self._store = store
        self._store_source = store_source
        self.base = base
        self.catalogue = catalogue or Catalogue()
        self.timeout = timeout
        self.include_extracted = include_extracted
        self.views_dir = views_dir
        self.corpus_dir = corpus_dir
        self._run = run
        self._ego: dict[str, bytes] = {}
        self._kg: KnowledgeGraph | None = None

    # --- plumbing -------------------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The store to read (the current build's, when the server swaps builds)."""
        current = self._store_source() if self._store_source is not None else self._store
        if current is not self._store:  # a new build: what was drawn from the old one is stale
            self._store, self._kg, self._ego = current, None, {}
        return current

    @property
    def kg(self) -> KnowledgeGraph:
        from kzgraph.graph import KnowledgeGraph

        store = self.store
        if self._kg is None or self._kg.store is not store:
            self._kg = KnowledgeGraph(store, catalogue=self.catalogue)
        return self._kg

    def run(self, text: str) -> QueryResult:
        """Run user SPARQL (kzgraph's prefixes declared) under the server's limits."""
        if self._run is not None:
            return self._run(text)
        return self.kg.run_sparql(text, timeout=self.timeout, include_extracted=self.include_extracted)

    def select(self, text: str) -> list[tuple[Any, ...]]:
        """The rows of one of the workbench's own queries (no time limit)."""
        return self.store.query(text, include_extracted=self.include_extracted, prefixes=ns.PREFIXES).terms

    def view(self, request: WebRequest) -> View:
        wanted = (request.params.get("lang") or [""])[-1]
        lang = wanted if wanted in LANGUAGES else request.cookie(LANG_COOKIE) or "en"
        return View(root_of(request.path), lang if lang in LANGUAGES else "en", request.path, request.params)

    def page(self, request: WebRequest, title: str, body: str, *, status: int = 200, scripts: Sequence[str] = (),
             styles: Sequence[str] = (), search_text: str = "") -> Page:  # fmt: skip
        """A whole HTML page; a ``lang`` parameter also sets the language cookie."""
        view = self.view(request)
        out = Page.html(shell(title, body, view=view, scripts=scripts, styles=styles, search_text=search_text),
                        status=status)  # fmt: skip
        wanted = (request.params.get("lang") or [""])[-1]
        if wanted in LANGUAGES:
            out.headers["Set-Cookie"] = f"{LANG_COOKIE}={wanted}; Path=/; SameSite=Lax"
        out.headers["Vary"] = "Accept, Cookie"
        return out

    def error_page(self, request: WebRequest, err: KzGraphError) -> Page:
        title = "Not found" if err.http_status == 404 else "Cannot answer"
        body = f'<h1>{e(title)}</h1><p class="kz-error" role="alert">{e(public_message(err))}</p>'
        return self.page(request, title, body, status=err.http_status)

    def handle(self, request: WebRequest) -> Page | None:
        """Answer a GET of one of the workbench's own paths (:data:`ROUTES`); None for any other path."""
        path = request.path
        try:
            if path == "/search":
                return self.search(request)
            if path == "/lookup":
                return self.lookup(request)
            if path in ("/browse", "/browse/"):
                return self.browse(request)
            if path.startswith("/browse/"):
                return self.browse_class(request, path[len("/browse/") :])
            if path.startswith("/ego/"):
                return self.ego(request, path[len("/ego/") :])
            if path.startswith("/assets/"):
                return self.asset(path[len("/assets/") :])
        except KzGraphError as err:
            return self.error_page(request, err)
        return None

    # --- assets ---------------------------------------------------------------------------------------------

    def asset(self, name: str) -> Page:
        """One of the package's own files (the vendored editor, the workbench's script and style)."""
        if not _ASSET.fullmatch(name) or not (ASSETS / name).is_file():
            raise NotFoundError(f"no asset {name}")
        path = ASSETS / name
        return Page(200, path.read_bytes(), _MEDIA.get(path.suffix, _MEDIA[""]),
                    {"Cache-Control": "public, max-age=3600"})  # fmt: skip

    # --- search ---------------------------------------------------------------------------------------------

    def hits(self, text: str, *, lang: str, limit: int = 10) -> list[dict[str, Any]]:
        """The library's search (:meth:`KnowledgeGraph.search`) as plain dicts with each hit's site path."""
        if not text.strip():
            return []
        out = []
        for hit in self.kg.search(text, lang=lang, limit=limit):
            out.append({"iri": hit.iri, "curie": hit.curie, "label": hit.label, "matched": hit.matched,
                        "score": hit.score, "kind": hit.kind, "path": local_path(hit.iri, base=self.base)})  # fmt: skip
        return out

    def search(self, request: WebRequest) -> Page:
        """``/search?q=…``: the results page, or (``format=json``) the suggestions the search box shows."""
        view = self.view(request)
        text = view.param("q") or view.param("name")
        try:
            limit = min(max(int(view.param("limit", "10")), 1), 50)
        except ValueError:
            limit = 10
        hits = self.hits(text, lang=view.lang, limit=limit)
        if view.param("format") == "json":
            data = json.dumps({"query": text, "hits": hits}, ensure_ascii=False).encode("utf-8")
            return Page(200, data, "application/json", {"Vary": "Cookie"})
        items = "".join(
            f'<li>{iri_link(h["iri"], h["label"], view=view, base=self.base)} <span class="kz-kind">{e(h["kind"])}'
            f"</span> <code>{e(h['curie'])}</code>"
            + (f' <span class="muted">matched “{e(h["matched"])}”</span>' if h["matched"] != h["label"] else "")
            + f' <span class="kz-score">{e(round(h["score"]))}</span></li>'
            for h in hits
        )
        found = f'<ol class="kz-hits">{items}</ol>' if hits else "<p>Nothing matches.</p>"
        body = f"<h1>Search: {e(text)}</h1>{found}" if text else "<h1>Search</h1><p>Type a name in the box above.</p>"
        return self.page(request, f"Search {text}", body, search_text=text)

    def lookup(self, request: WebRequest) -> Page:
        """``/lookup?name=…``: 303 to the page of the library search's best match when it is a good one
        (:data:`kzgraph.query.search.GOOD`); else 404, the page offering the closest few."""
        from kzgraph.query.search import GOOD

        view = self.view(request)
        names = request.params.get("name", [])
        if len(names) != 1 or not names[0].strip():
            raise QueryError("give one 'name' parameter: a label in any language, an id or an IRI")
        name = names[0].strip()
        hits = [h for h in self.hits(name, lang=view.lang, limit=5) if h["path"] is not None]
        if not hits or hits[0]["score"] < GOOD:
            offered = "".join(f"<li>{iri_link(h['iri'], h['label'], view=view, base=self.base)}</li>" for h in hits)
            body = (f'<h1>Not found</h1><p class="kz-error" role="alert">{e(f"no entity is called {name!r}")}</p>'
                    + (f"<p>Did you mean:</p><ul>{offered}</ul>" if hits else ""))  # fmt: skip
            return self.page(request, "Not found", body, status=404, search_text=name)
        out = Page.redirect(view.root + hits[0]["path"])
        if view.param("lang") in LANGUAGES:
            out.headers["Set-Cookie"] = f"{LANG_COOKIE}={view.param('lang')}; Path=/; SameSite=Lax"
        return out

    # --- home -----------------------------------------------------------------------------------------------

    def home(self, request: WebRequest) -> Page:
        """``/``: what the dataset is, and the ways in (search, query, named queries, browse, sources, views)."""
        view = self.view(request)
        meta: dict[str, str] = {}
        for p, o in self.select(f"SELECT ?p ?o WHERE {{ <{self.base}dataset> ?p ?o FILTER(isLiteral(?o)) }}"):
            meta.setdefault(ns.compact(p.value), o.value)
        title = meta.get("dcterms:title", "kzgraph")
        figures = [(k, meta[f"void:{k}"]) for k in ("entities", "triples", "classes") if f"void:{k}" in meta]
        stats = " · ".join(f"{e(group_digits(v, lang=view.lang) if v.isdigit() else v)} {e(k)}" for k, v in figures)
        classes = self.class_counts(view.lang)
        top = ", ".join(f'<a href="browse/{e(local)}">{e(label)}</a> ({n})' for local, label, n in classes[:8])
        sources = "".join(f"<li>{iri_link(iri, label, view=view, base=self.base)}</li>" for iri, label in
                          self.sources(view.lang))  # fmt: skip
        views = "".join(f'<li><a href="views/{e(quote(v))}.html">{e(v)}</a></li>' for v in self.view_names())
        body = (
            f'<h1>{e(title)}</h1><p class="kz-lead">{e(meta.get("dcterms:description", ""))}</p>'
            f'<p class="kz-stats">{stats}</p><div class="kz-cards">'
            "<section><h2>Search</h2><p>Type any name, in English, Russian or Kazakh, into the box at the top: "
            "suggestions come as you type, Enter opens the best match.</p></section>"
            '<section><h2><a href="sparql">SPARQL editor</a></h2><p>Highlighting, bracket matching, the project\'s '
            "prefixes predeclared, the catalogue's queries as examples; results page and download.</p></section>"
            f'<section><h2><a href="query">Named queries</a></h2><p>{len(self.catalogue)} questions with a form for '
            "their parameters and their expected answers.</p></section>"
            f'<section><h2><a href="browse">Browse</a></h2><p>{top}</p></section>'
            f"<section><h2>Sources</h2><ul>{sources}</ul></section>"
            + (f"<section><h2>Network views</h2><ul>{views}</ul></section>" if views else "")
            + "</div>"
            + self.entity_index(view)
        )
        return self.page(request, title, body)

    def entity_index(self, view: View) -> str:
        """Every entity, by its label in the page's language, folded away under one heading."""
        iris = sorted({x.value for (x,) in self.select("SELECT DISTINCT ?x WHERE { ?x skos:prefLabel ?l }")
                       if is_entity(x.value)})  # fmt: skip
        labels = labels_for(self.store, iris, lang=view.lang)
        from kzgraph.query.describe import natural_key

        ordered = sorted(iris, key=lambda i: natural_key(labels.get(i) or i))
        items = "".join(f"<li>{iri_link(i, labels.get(i, ns.compact(i)), view=view, base=self.base)}</li>"
                        for i in ordered)  # fmt: skip
        return f'<details class="kz-all"><summary>All {len(ordered)} entities</summary><ul>{items}</ul></details>'

    def sources(self, lang: str) -> list[tuple[str, str]]:
        rows = self.select("SELECT DISTINCT ?s WHERE { ?s a kz:SourceDocument }")
        iris = sorted(r[0].value for r in rows)
        labels = labels_for(self.store, iris, lang=lang)
        return [(i, labels.get(i, ns.compact(i))) for i in iris]

    # --- SPARQL ---------------------------------------------------------------------------------------------

    def examples(self) -> list[results.Example]:
        return [results.Example(q.name, q.title, q.text) for q in self.catalogue]

    def sparql(self, request: WebRequest) -> Page:
        """``/sparql`` as HTML: the editor, and below it one page of the answer to the query it holds."""
        view = self.view(request)
        text = view.param("query")
        shown = text or (
            'SELECT ?body ?label WHERE {\n  ?body a kz:StateBody ; skos:prefLabel ?label .\n  FILTER(LANG(?label) = "en")'
            "\n} ORDER BY ?label"
        )
        editor = results.editor_html(shown, view=view, prefixes=ns.PREFIXES, examples=self.examples(), action="sparql")
        status, out = 200, ""
        if text.strip():
            offset, limit = results.page_bounds(view)
            try:
                page = run_page(self.run, text, offset=offset, limit=limit)
            except KzGraphError as err:
                status = err.http_status
                out = f'<p class="kz-error" role="alert">{e(public_message(err))}</p>'
            else:
                names = results.SOLUTION_FORMATS if page.result.kind != "graph" else results.GRAPH_FORMATS
                links = {n: "sparql?" + urlencode({"query": text, "format": n}) for n in names}
                permalink = "sparql?" + urlencode({"query": text, **({"limit": limit} if limit != 100 else {})})
                out = (
                    f'<p class="kz-links"><a id="kz-permalink" href="{e(permalink)}">permalink to this query</a></p>'
                    + results.downloads_html(page.result.kind, links)
                    + self.result_table(page, view)
                )
        body = f'<h1>SPARQL</h1>{editor}<section id="kz-results" aria-live="polite">{out}</section>'
        return self.page(request, "SPARQL", body, status=status, scripts=CODEMIRROR,
                         styles=("codemirror/codemirror.css",))  # fmt: skip

    def result_table(self, page: ResultPage, view: View) -> str:
        rows = page.result.term_rows()
        labels = labels_for(self.store, iris_in(rows), lang=view.lang, include_extracted=self.include_extracted)
        return results.results_html(page, view=view, base=self.base, labels=labels)

    # --- named queries --------------------------------------------------------------------------------------

    def query_list(self, request: WebRequest) -> Page:
        """``/query`` as HTML: every named query, its question, parameters and whether its answer is recorded."""
        from kzgraph.query.expectations import expected_file

        root = self.view(request).root
        rows = "".join(
            f'<tr><td><a href="{e(root)}query/{e(quote(q.name))}">{e(q.title)}</a><br><code>{e(q.name)}</code></td>'
            f"<td>{e(q.question)}</td><td>{e(', '.join(q.param_names) or '—')}</td>"
            f"<td>{'recorded' if expected_file(q.path).is_file() else '—'}</td></tr>"
            for q in self.catalogue
        )
        body = (
            f"<h1>Named queries</h1><p>{len(self.catalogue)} questions the graph answers. Each has a form for its "
            'parameters; its answers download in every format.</p><div class="kz-scroll"><table class="kz-queries">'
            '<thead><tr><th scope="col">query</th><th scope="col">question</th><th scope="col">parameters</th>'
            f'<th scope="col">expected answer</th></tr></thead><tbody>{rows}</tbody></table></div>'
        )
        return self.page(request, "Named queries", body)

    def named_query(self, request: WebRequest, name: str) -> Page:
        """``/query/NAME`` as HTML: description, the form, the expected-answer status, one page of the answer."""
        from kzgraph.query.expectations import check_result, expected_file, load_cases

        view = self.view(request)
        q = self.catalogue.get(name)
        cases = load_cases(q.path) if expected_file(q.path).is_file() else []
        given = {p.name: view.param(p.name).strip() for p in q.params if view.param(p.name).strip()}
        if "lang" in q.param_names and "lang" not in given:
            given["lang"] = view.lang
        for p in q.params:  # a required parameter: the value of the first recorded case, so the form runs as shown
            if p.required and p.name not in given:
                example = next((c["params"][p.name] for c in cases if p.name in (c.get("params") or {})), None)
                if example is not None:
                    given[p.name] = str(example)
        shown = {p.name: given.get(p.name, p.default if p.default not in (None, ALL) else "") for p in q.params}
        form = results.named_form_html(q, shown, classes=self.class_choices(view.lang), suggest=view.root + "search")
        status, out, problems, matching = 200, "", None, None
        try:
            values: dict[str, Any] = {k: v for k, v in given.items() if k != "lang"}
            lang = given.get("lang", "en")
            answer = self.kg.query(q.name, lang=lang, timeout=self.timeout, include_extracted=self.include_extracted,
                                   **values)  # fmt: skip
        except KzGraphError as err:
            status = err.http_status
            out = f'<p class="kz-error" role="alert">{e(public_message(err))}</p>'
        else:
            matching = _matching_case(q, cases, given)
            if matching is not None:
                problems = check_result(answer, cases[matching])
            offset, limit = results.page_bounds(view)
            out = self._named_results(q, answer, given, offset=offset, limit=limit, view=view)
        case_links = []
        for c in cases:
            params = {k: str(v) for k, v in (c.get("params") or {}).items()}
            if "lang" in q.param_names:
                params["lang"] = str(c.get("lang", "en"))
            case_links.append(q.name + ("?" + urlencode(params) if params else ""))
        expected = results.expected_html(cases, matching=matching, problems=problems, link_for_case=case_links)
        bound = _bound_text(self.kg, q, given)
        sparql_link = ("../sparql?" + urlencode({"query": bound})) if bound else ""
        text = (f'<details class="kz-sparql"><summary>The SPARQL</summary><pre>{e(bound or q.text)}</pre>'
                + (f'<p><a href="{e(sparql_link)}">open it in the editor</a></p>' if sparql_link else "")
                + "</details>")  # fmt: skip
        body = (
            f'<h1>{e(q.title)}</h1><p class="kz-lead">{e(q.question)}</p><p class="muted"><code>{e(q.name)}</code> · '
            f'<a href="../query">all named queries</a></p>{form}{expected}{text}'
            f'<section id="kz-results" aria-live="polite">{out}</section>'
        )
        return self.page(request, q.title, body, status=status)

    def _named_results(self, q: NamedQuery, answer: QueryResult, given: Mapping[str, str], *, offset: int,
                       limit: int, view: View) -> str:  # fmt: skip
        total = len(answer)
        if answer.kind == "graph":
            part = QueryResult.from_triples(answer.triples[offset : offset + limit])
        elif answer.kind == "select":
            part = QueryResult.from_solutions(answer.variables, answer.terms[offset : offset + limit])
        else:
            part = answer
        page = ResultPage(part, offset, limit, offset + limit < total, False)
        names = results.GRAPH_FORMATS if answer.kind == "graph" else results.SOLUTION_FORMATS
        links = {n: q.name + "?" + urlencode({**given, "format": n}) for n in names}
        count = f'<p class="muted">{total} {"triples" if answer.kind == "graph" else "rows"} in all</p>'
        return count + results.downloads_html(answer.kind, links) + self.result_table(page, view)

    def class_choices(self, lang: str) -> list[tuple[str, str]]:
        return [(local, f"{label} ({n})") for local, label, n in self.class_counts(lang)]

    # --- resources ------------------------------------------------------------------------------------------

    def resource(self, request: WebRequest, iri: str) -> Page | None:
        """The HTML page of an entity or a source; None for other resources (claims …), which the server shows."""
        rest = iri[len(self.base) :] if iri.startswith(self.base) else ""
        if rest.startswith("id/source/") and _KEY.fullmatch(rest[len("id/source/") :]):
            return self.source(request, iri)
        if is_entity(iri):
            return self.entity(request, iri)
        return None

    def entity(self, request: WebRequest, iri: str) -> Page:
        from kzgraph.query.describe import describe

        view = self.view(request)
        d = describe(self.store, iri, include_extracted=self.include_extracted, lang=view.lang)
        if not d.labels and not d.types and not d.statements:
            raise NotFoundError(f"no resource {iri} in this graph")
        wanted = {*d.types, *(s.predicate for s in d.statements), *(s.value for s in d.statements), iri}
        labels = labels_for(self.store, wanted, lang=view.lang, include_extracted=self.include_extracted)
        labels.update(self.property_labels(view.lang))
        title = labels.get(iri) or d.name
        key = iri[len(self.base + "id/") :]
        own = quote(key.rsplit("/", 1)[-1])
        rdf = [(n, f"{own}?format={n}") for n in ("ttl", "nt", "jsonld", "rdfxml", "nq", "trig")]
        body = evidence.entity_html(
            d, title=title, view=view, base=self.base, labels=labels, disagreements=self.disagreements(iri),
            views=self.views_with(iri), ego_href=f"{view.root}ego/{quote(key)}", rdf_links=rdf,
        )  # fmt: skip
        return self.page(request, title, body)

    def disagreements(self, iri: str) -> list[tuple[str, evidence.Side, evidence.Side]]:
        """Each disagreement about ``iri``: the property and both sides, each with one of its quotes."""
        pairs = self.select(
            f"SELECT DISTINCT ?p ?c1 ?c2 WHERE {{ ?d a kz:Disagreement ; kz:disputedSubject <{iri}> ; "
            "kz:disputedProperty ?p ; kz:conflictingClaim ?c1, ?c2 FILTER(STR(?c1) < STR(?c2)) } ORDER BY ?p ?c1 ?c2"
        )
        if not pairs:
            return []
        claims = " ".join(f"<{c.value}>" for _p, c1, c2 in pairs for c in (c1, c2))
        sides: dict[str, evidence.Side] = {}
        for c, v, label, key, text, start, end in self.select(
            f"SELECT ?c ?v (SAMPLE(?l) AS ?label) ?key ?q ?s ?en WHERE {{ VALUES ?c {{ {claims} }} ?c rdf:object ?v ; "
            "kz:evidence/oa:hasTarget ?t . ?t oa:hasSource/kz:sourceKey ?key ; oa:hasSelector ?x, ?y . "
            "?x oa:exact ?q . ?y oa:start ?s ; oa:end ?en . OPTIONAL { ?v skos:prefLabel ?l FILTER(LANG(?l) = 'en') } "
            "} GROUP BY ?c ?v ?key ?q ?s ?en ORDER BY ?c ?s"
        ):
            sides.setdefault(c.value, evidence.Side(v.value, label.value if label is not None else None, key.value,
                                                    text.value, int(start.value), int(end.value)))  # fmt: skip
        props = self.property_labels("en")
        return [(props.get(p.value, ns.compact(p.value)), sides[c1.value], sides[c2.value]) for p, c1, c2 in pairs
                if c1.value in sides and c2.value in sides]  # fmt: skip

    def property_labels(self, lang: str) -> dict[str, str]:
        """The ontology's labels of kz properties and classes in ``lang`` (English where missing)."""
        out: dict[str, str] = {}
        for x, label in self.select(
            f"SELECT ?x ?l WHERE {{ GRAPH ?g {{ ?x rdfs:label ?l FILTER(STRSTARTS(STR(?x), '{ns.KZ}')) "
            f"FILTER(LANG(?l) = '{lang}' || LANG(?l) = 'en' || LANG(?l) = '') }} }} ORDER BY DESC(LANG(?l) = '{lang}')"
        ):
            out.setdefault(x.value, label.value)
        return out

    # --- views ----------------------------------------------------------------------------------------------

    def view_names(self) -> list[str]:
        if self.views_dir is None or not self.views_dir.is_dir():
            return []
        return sorted(p.stem for p in self.views_dir.glob("*.html") if re.fullmatch(r"[A-Za-z0-9][\w.-]*", p.stem))

    def views_with(self, iri: str) -> list[str]:
        """The network views (``views/NAME.html``) that draw ``iri`` as a node."""
        return [name for name in self.view_names() if iri in self._view_nodes(name)]

    def _view_nodes(self, name: str) -> frozenset[str]:
        assert self.views_dir is not None
        path = self.views_dir / f"{name}.html"
        stamp = path.stat().st_mtime_ns
        cached = self.__dict__.setdefault("_nodes", {}).get(name)
        if cached is not None and cached[0] == stamp:
            return frozenset(cached[1])
        text = path.read_text(encoding="utf-8")
        opening = '<script type="application/json" id="kzgraph-data">'
        start = text.find(opening)
        nodes: frozenset[str] = frozenset()
        if start >= 0:
            start += len(opening)
            data = json.loads(text[start : text.index("</script>", start)])
            nodes = frozenset(n["id"] for n in data.get("nodes", []))
        self.__dict__["_nodes"][name] = (stamp, nodes)
        return nodes

    def ego(self, request: WebRequest, key: str) -> Page:
        """``/ego/KEY``: the network view centred on the entity, drawn on first request and then kept."""
        iri = self.base + "id/" + key
        if not _KEY.fullmatch(key) or not is_entity(iri):
            raise NotFoundError(f"no entity {iri}")
        if iri not in self._ego:
            from kzgraph.viz import render_view

            self._ego[iri] = render_view(self.store, "ego", entity=iri, depth=1)
        return Page(200, self._ego[iri])

    # --- sources --------------------------------------------------------------------------------------------

    def source(self, request: WebRequest, iri: str) -> Page:
        """A source's page: its metadata and its text, every quote marked, the one asked for highlighted."""
        view = self.view(request)
        meta_rows = self.select(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o FILTER(isLiteral(?o)) }} ORDER BY ?p ?o")
        if not meta_rows:
            raise NotFoundError(f"no source {iri} in this graph")
        meta: dict[str, list[str]] = {}
        for p, o in meta_rows:
            if isinstance(o, ox.Literal) and (not o.language or o.language in (view.lang, "en")):
                meta.setdefault(ns.compact(p.value), []).append(o.value)
        key = (meta.get("kz:sourceKey") or [iri.rsplit("/", 1)[-1]])[0]
        titles = self.select(f"SELECT ?t WHERE {{ <{iri}> dcterms:title ?t FILTER(LANG(?t) = '{view.lang}') }}")
        title = titles[0][0].value if titles else (meta.get("dcterms:title") or [key])[0]
        shown = [(k, "; ".join(v)) for k, v in meta.items() if k not in ("kz:sha256",)]
        spans = self.spans(iri, view.lang)
        selected = _offsets(view.param("quote"))
        text, problem = self.source_text(key, (meta.get("kz:sha256") or [""])[0])
        body = evidence.source_html(key, title=title, meta=shown, text=text, spans=spans, selected=selected,
                                    problem=problem)  # fmt: skip
        return self.page(request, title, body)

    def spans(self, source_iri: str, lang: str) -> list[evidence.Span]:
        rows = self.select(
            f"SELECT ?s ?en ?subject ?p WHERE {{ ?t oa:hasSource <{source_iri}> ; oa:hasSelector ?y . "
            "?y oa:start ?s ; oa:end ?en . ?a oa:hasTarget ?t . ?c kz:evidence ?a ; rdf:subject ?subject ; "
            "rdf:predicate ?p } ORDER BY ?s ?en"
        )
        labels = labels_for(self.store, {r[2].value for r in rows}, lang=lang)
        props = self.property_labels(lang)
        out = []
        for start, end, subject, p in rows:
            about = f"{labels.get(subject.value, ns.compact(subject.value))}: {props.get(p.value, ns.compact(p.value))}"
            out.append(evidence.Span(int(start.value), int(end.value), about))
        return out

    def source_text(self, key: str, sha256: str) -> tuple[str | None, str]:
        """The text of source ``key`` from the corpus, if it is the very text the graph was built from."""
        from kzgraph.pipeline.corpus import load
        from kzgraph.resources import default_files

        folder = self.corpus_dir or default_files().corpus
        try:
            source = load(folder).get(key)
        except KzGraphError as err:
            return None, f"The corpus cannot be read: {err}"
        if source is None:
            return None, f"The text of source '{key}' is not in the corpus folder {folder}."
        if sha256 and hashlib.sha256(source.raw).hexdigest() != sha256:
            return (
                None,
                f"The text of '{key}' in {folder} is not the one the graph was built from (its sha256 differs).",
            )
        return source.text, ""

    # --- browse ---------------------------------------------------------------------------------------------

    def class_counts(self, lang: str) -> list[tuple[str, str, int]]:
        """``(local name, label, number of entities)`` of every kz class that has entities, largest first."""
        counts: Counter[str] = Counter()
        for x, c in self.select(f"SELECT DISTINCT ?x ?c WHERE {{ ?x a ?c FILTER(STRSTARTS(STR(?c), '{ns.KZ}')) }}"):
            if is_entity(x.value):
                counts[c.value] += 1
        labels = self.property_labels(lang)
        return sorted(((c[len(ns.KZ) :], labels.get(c, c[len(ns.KZ) :]), n) for c, n in counts.items()),
                      key=lambda t: (-t[2], t[1]))  # fmt: skip

    def browse(self, request: WebRequest) -> Page:
        view = self.view(request)
        return self.page(request, "Browse", classes_html(self.class_counts(view.lang), view=view))

    def class_table(self, local: str, lang: str) -> ClassTable:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local):
            raise NotFoundError(f"no class kz:{local}")
        cls = ns.KZ + local
        members = sorted(x.value for (x,) in self.select(f"SELECT DISTINCT ?x WHERE {{ ?x a <{cls}> }}")
                         if is_entity(x.value))  # fmt: skip
        if not members:
            raise NotFoundError(f"the class kz:{local} has no entities")
        values = " ".join(f"<{m}>" for m in members)
        props = self.property_labels(lang)
        dates: dict[str, list[tuple[str, str]]] = {}
        types = ", ".join(f"xsd:{t}" for t in _DATE_TYPES)
        for x, p, v in self.select(f"SELECT ?x ?p ?v WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?v "
                                   f"FILTER(isLiteral(?v) && DATATYPE(?v) IN ({types})) }} ORDER BY ?x ?v"):  # fmt: skip
            dates.setdefault(x.value, []).append((props.get(p.value, ns.compact(p.value)), v.value))
        links: dict[str, dict[str, list[str]]] = {}
        for x, p, o in self.select(f"SELECT DISTINCT ?x ?p ?o WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?o "
                                   f"FILTER(isIRI(?o) && STRSTARTS(STR(?p), '{ns.KZ}')) }}"):  # fmt: skip
            if is_entity(o.value):
                links.setdefault(x.value, {}).setdefault(p.value, []).append(o.value)
        frequent = Counter(p for rels in links.values() for p in rels).most_common(3)
        chosen = [p for p, _n in frequent]
        linked = {o for rels in links.values() for p, objs in rels.items() if p in chosen for o in objs}
        labels = labels_for(self.store, {*members, *linked}, lang=lang)
        rows = []
        for m in members:
            rels = {p: sorted(((o, labels.get(o, ns.compact(o))) for o in links.get(m, {}).get(p, [])),
                              key=lambda t: t[1]) for p in chosen}  # fmt: skip
            rows.append(Row(m, labels.get(m, ns.compact(m)), dates.get(m, []), rels))
        return ClassTable(local, props.get(cls, local), [(p, props.get(p, ns.compact(p))) for p in chosen], rows)

    def browse_class(self, request: WebRequest, local: str) -> Page:
        """``/browse/CLASS``: the class's table (``q`` filters, ``sort``/``order`` sort, ``offset`` pages,
        ``format=csv`` downloads every filtered row)."""
        view = self.view(request)
        table = self.class_table(local, view.lang)
        if view.param("format") == "csv":
            rows = table.select(text=view.param("q"), sort=view.param("sort", "label"),
                                descending=view.param("order") == "desc")  # fmt: skip
            return Page(200, table.csv(rows).encode("utf-8"), "text/csv",
                        {"Content-Disposition": f'attachment; filename="{local}.csv"'})  # fmt: skip
        return self.page(request, table.label, class_table_html(table, view=view, base=self.base))


def public_message(err: KzGraphError) -> str:
    """What a page may say about an error: a client's error as it is; for a server-side one (5xx) a generic
    sentence, the detail going to the log (it may hold a remote server's answer or a path)."""
    if err.http_status < 500:
        return str(err)
    log.warning("workbench: %d %s", err.http_status, err)
    if isinstance(err, QueryTimeout):
        return "the query ran past its time limit"
    return "the server could not answer this query (the detail is in the server's log)"


def _offsets(value: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d+)-(\d+)", value)
    return (int(m[1]), int(m[2])) if m else None


def _matching_case(q: NamedQuery, cases: Sequence[Mapping[str, Any]], given: Mapping[str, str]) -> int | None:
    """The recorded case this run is (same parameters, defaults aside, and same language), if any."""
    defaults = {p.name: p.default for p in q.params}
    mine = {k: v for k, v in given.items() if k != "lang" and v != defaults.get(k)}
    lang = given.get("lang", "en")
    for i, case in enumerate(cases):
        theirs = {k: str(v) for k, v in (case.get("params") or {}).items() if str(v) != defaults.get(k)}
        if theirs == mine and str(case.get("lang", "en")) == lang:
            return i
    return None


def _bound_text(kg: KnowledgeGraph, q: NamedQuery, given: Mapping[str, str]) -> str | None:
    try:
        values: dict[str, Any] = {k: v for k, v in given.items() if k != "lang"}
        return kg.sparql(q.name, lang=given.get("lang", "en"), **values)
    except KzGraphError:
        return None
