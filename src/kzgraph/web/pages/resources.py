"""The pages of the graph's resources: ``/id/KEY`` (entities, sources, claims, evidence), ``/ontology`` and
``/graph/NAME``, each in HTML or RDF by content negotiation."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

import pyoxigraph as ox

from kzgraph.errors import NotFoundError
from kzgraph.rdf import namespaces as ns
from kzgraph.web.html import e, page, root_of
from kzgraph.web.negotiation import HTML, RESOURCE_TYPES

if TYPE_CHECKING:
    from kzgraph.web.app import App
    from kzgraph.web.messages import Request, Response


def entity(app: App, request: Request, _m: re.Match[str]) -> Response:
    iri = app.valid_iri(app.iri_for(request.path), what="resource")
    media = app.choose(request, list(RESOURCE_TYPES))
    quads = description(app, iri)
    if not quads and not app.select(f"ASK {{ ?s ?p <{iri}> }}").boolean:
        raise NotFoundError(f"no resource {iri} in this graph")
    if media != HTML:
        return app.rdf_response(request, quads, media=media)
    return app.html_response(entity_page(app, request, iri, quads))


def description(app: App, iri: str) -> list[ox.Quad]:
    """The resource's own triples, and each claim about it with its evidence, target and selectors (as quads)."""
    q = f"""
SELECT DISTINCT ?g ?s ?p ?o WHERE {{
  {{ GRAPH ?g {{ <{iri}> ?p ?o }} BIND(<{iri}> AS ?s) }}
  UNION {{ GRAPH ?g {{ ?s rdf:subject <{iri}> ; a kz:Claim ; ?p ?o }} }}
  UNION {{ ?c rdf:subject <{iri}> ; a kz:Claim ; kz:evidence ?s . GRAPH ?g {{ ?s ?p ?o }} }}
  UNION {{ ?c rdf:subject <{iri}> ; a kz:Claim ; kz:evidence/oa:hasTarget ?s . GRAPH ?g {{ ?s ?p ?o }} }}
  UNION {{ ?c rdf:subject <{iri}> ; a kz:Claim ; kz:evidence/oa:hasTarget/oa:hasSelector ?s . GRAPH ?g {{ ?s ?p ?o }} }}
}}"""
    return [ox.Quad(s, p, o, g) for g, s, p, o in app.select(q).terms]


def entity_page(app: App, request: Request, iri: str, quads: list[ox.Quad]) -> bytes:
    from kzgraph.query.describe import describe

    root = root_of(request.path)
    d = describe(app.store, iri, include_extracted=app.include_extracted)
    preferred: dict[str, str] = {}
    for (label,) in app.select(f"SELECT ?l WHERE {{ <{iri}> skos:prefLabel ?l }} ORDER BY ?l").terms:
        preferred.setdefault(label.language or "", label.value)
    title = preferred.get("en") or next(iter(preferred.values()), None) or ns.compact(iri)
    parts = [f"<h1>{e(title)}</h1>", f'<p class="iri">{e(iri)}</p>']
    if d.labels:
        rows = "".join(
            f"<tr><th>{e(lang or '—')}</th><td>{_labels_html(labels, preferred.get(lang))}</td></tr>"
            for lang, labels in sorted(d.labels.items(), key=lambda kv: (kv[0] not in ("en", "ru", "kk"), kv[0]))
        )
        parts.append(f"<h2>Labels</h2><table>{rows}</table>")
    if d.types:
        types = ", ".join(app.term_html(ox.NamedNode(t), root=root) for t in d.types)
        parts.append(f"<p>Type: {types}</p>")
    if d.links:
        links = "".join(f'<li><a href="{e(link)}">{e(_link_label(link))}</a></li>' for link in d.links
                        if link.startswith(("http://", "https://")))  # fmt: skip
        parts.append(f"<h2>Same as</h2><ul>{links}</ul>")
    if d.statements:
        rows_html = []
        for s in d.statements:
            value = _value_html(app, s.value, s.value_label, root=root)
            prop = app.term_html(ox.NamedNode(s.predicate), root=root)
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
            f"<tr><td>{app.term_html(q.predicate, root=root)}</td><td>{app.term_html(q.object, root=root)}</td>"
            f"<td>{app.term_html(q.graph_name, root=root)}</td></tr>"
            for q in own
        )
        parts.append(
            f"<h2>All statements</h2><table><thead><tr><th>property</th><th>value</th><th>graph</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    own_path = request.path.rsplit("/", 1)[-1]
    alternates = [(t, f"{quote(own_path)}?format={f}") for t, f in RESOURCE_TYPES.items() if t != HTML]
    links = " ".join(f'<a href="{e(h)}">{e(RESOURCE_TYPES[t])}</a>' for t, h in alternates)
    parts.append(f'<p class="muted">This description as RDF: {links}</p>')
    return page(title, "".join(parts), root=root, alternates=alternates)


def _labels_html(labels: list[str], preferred: str | None) -> str:
    """The labels of one language, the preferred one first and in bold."""
    others = [e(label) for label in labels if label != preferred]
    return " | ".join([f"<strong>{e(preferred)}</strong>"] * (preferred is not None) + others)


def _value_html(app: App, value: str, label: str | None, *, root: str) -> str:
    if value.startswith(("http://", "https://")):
        return app.term_html(ox.NamedNode(value), root=root, label=label)
    return e(value)


def _link_label(link: str) -> str:
    if link.startswith("http://www.wikidata.org/entity/"):
        return "Wikidata " + link.rsplit("/", 1)[-1]
    if link.startswith("http://dbpedia.org/resource/"):
        return "DBpedia " + unquote(link.rsplit("/", 1)[-1])
    return link


def ontology(app: App, request: Request, _m: re.Match[str]) -> Response:
    media = app.choose(request, list(RESOURCE_TYPES))
    graph = app.base + "graph/ontology"
    if media != HTML:
        quads = list(app.store.quads(graph))
        if not quads:
            raise NotFoundError(f"the store holds no ontology graph <{graph}>")
        return app.rdf_response(request, quads, media=media)
    kz = app.base + "ontology#"
    q = f"""
SELECT ?x ?kind (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment) WHERE {{
  GRAPH <{graph}> {{
    ?x a ?kind FILTER(?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty))
    FILTER(STRSTARTS(STR(?x), "{kz}"))
    OPTIONAL {{ ?x rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "en") || LANG(?l) = "") }}
    OPTIONAL {{ ?x rdfs:comment ?c FILTER(LANGMATCHES(LANG(?c), "en") || LANG(?c) = "") }}
  }}
}} GROUP BY ?x ?kind ORDER BY ?kind ?x"""
    rows = app.select(q).terms
    if not rows:
        raise NotFoundError(f"the store holds no ontology graph <{graph}>")
    sections: dict[str, list[str]] = {}
    for x, kind, label, comment in rows:
        local = x.value[len(kz) :]
        sections.setdefault(ns.compact(kind.value), []).append(
            f'<tr id="{e(local)}"><td><code>kz:{e(local)}</code></td><td>{e(label.value if label else "")}</td>'
            f"<td>{e(comment.value if comment else '')}</td></tr>"
        )
    body = [f'<h1>The kzgraph ontology</h1><p class="iri">{e(app.base + "ontology")}</p>']
    for kind, items in sections.items():
        body.append(f"<h2>{e(kind)}</h2><table><tbody>{''.join(items)}</tbody></table>")
    alternates = [(t, f"ontology?format={f}") for t, f in RESOURCE_TYPES.items() if t != HTML]
    root = root_of(request.path)
    return app.html_response(page("kzgraph ontology", "".join(body), root=root, alternates=alternates))


def graph(app: App, request: Request, _m: re.Match[str]) -> Response:
    iri = app.valid_iri(app.iri_for(request.path), what="graph")
    media = app.choose(request, list(RESOURCE_TYPES))
    quads = list(app.store.quads(iri))
    if not quads:
        raise NotFoundError(f"no named graph {iri} in this store")
    if media != HTML:
        return app.rdf_response(request, quads, media=media)
    own = request.path.rsplit("/", 1)[-1]
    links = " ".join(
        f'<a href="{e(quote(own))}?format={e(f)}">{e(f)}</a>' for t, f in RESOURCE_TYPES.items() if t != HTML
    )
    body = f'<h1>Named graph</h1><p class="iri">{e(iri)}</p><p>{len(quads)} triples. Download: {links}</p>'
    return app.html_response(page(iri, body, root=root_of(request.path)))
