"""The dataset's front door: the index page (``/``), the VoID description, the network views and ``/lookup``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from kzgraph.counts import LABELS as COUNT_LABELS
from kzgraph.counts import is_entity
from kzgraph.errors import NotFoundError, QueryError
from kzgraph.rdf import namespaces as ns
from kzgraph.web.html import e, page, root_of
from kzgraph.web.messages import Response
from kzgraph.web.negotiation import HTML, RESOURCE_TYPES

if TYPE_CHECKING:
    from kzgraph.web.app import App
    from kzgraph.web.messages import Request

VIEW_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.html")


def void(app: App, request: Request, _m: re.Match[str] | None = None) -> Response:
    media = app.choose(request, [t for t in RESOURCE_TYPES if t != HTML])
    quads = list(app.store.quads(app.base + "graph/void"))
    if not quads:
        raise NotFoundError("the store holds no VoID description")
    return app.rdf_response(request, quads, media=media)


def index(app: App, request: Request, _m: re.Match[str]) -> Response:
    media = app.choose(request, list(RESOURCE_TYPES))
    if media != HTML:
        return void(app, request)
    dataset = app.base + "dataset"
    meta = {
        ns.compact(p.value): o.value
        for p, o in app.select(f"SELECT ?p ?o WHERE {{ <{dataset}> ?p ?o FILTER(isLiteral(?o)) }}").terms
    }
    title = meta.get("dcterms:title", "kzgraph")
    graphs = app.select(
        f"SELECT ?g ?n WHERE {{ <{dataset}> void:subset ?g . OPTIONAL {{ ?g void:triples ?n }} }} ORDER BY ?g"
    ).terms
    # the entities as kzgraph.counts defines them (kzid:<key> resources), so the heading's count is VoID's
    labelled = app.select(
        f"""SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ ?x skos:prefLabel ?l FILTER(LANG(?l) = "en")
        FILTER(STRSTARTS(STR(?x), "{app.base}id/")) }} GROUP BY ?x ORDER BY LCASE(STR(?label))"""
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
            f"<li>{app.term_html(g, root=root)} — {e(n.value if n is not None else '?')} triples</li>"
            for g, n in graphs
        )
        parts.append(f"<h2>Named graphs</h2><ul>{items}</ul>")
    views = view_names(app)
    if views:
        items = "".join(f'<li><a href="views/{e(quote(v))}">{e(v)}</a></li>' for v in views)
        parts.append(f"<h2>Network views</h2><ul>{items}</ul>")
    if entities:
        items = "".join(f"<li>{app.term_html(x, root=root, label=label.value)}</li>" for x, label in entities)
        parts.append(f"<h2>Entities ({len(entities)})</h2><ul>{items}</ul>")
    alternates = [(t, f"?format={f}") for t, f in RESOURCE_TYPES.items() if t != HTML]
    return app.html_response(page(title, "".join(parts), root=root, alternates=alternates))


def view_names(app: App) -> list[str]:
    if app.views_dir is None:
        return []
    return sorted(p.name for p in app.views_dir.glob("*.html") if p.is_file() and VIEW_NAME.fullmatch(p.name))


def view(app: App, request: Request, m: re.Match[str]) -> Response:
    name = m["file"]
    if name not in view_names(app):
        raise NotFoundError(f"no view {name}")
    assert app.views_dir is not None
    return Response(200, HTML, (app.views_dir / name).read_bytes())


def lookup(app: App, request: Request, _m: re.Match[str]) -> Response:
    """``/lookup?name=…``: 303 to the page of the entity with that label (any language), id or IRI."""
    from kzgraph.query.describe import resolve

    names = request.params.get("name", [])
    if len(names) != 1 or not names[0].strip():
        raise QueryError("give one 'name' parameter: a label in any language, an id or an IRI")
    iri = resolve(app.store, names[0].strip())
    local = app.href(iri, root=root_of(request.path))
    if local is None:
        raise NotFoundError(f"{iri} is not served here")
    return Response(303, "text/plain", f"see {local}\n".encode(), {"Location": local})
