"""Reading what the views need from a store, in a handful of SPARQL queries (linear in the graph's size).

:class:`GraphData` holds every entity (labels in all languages, most specific class, dates, Wikidata
item) and every entity-to-entity edge: the triples the sources assert, each with its evidence quotes,
plus the ontology's entailments that add a connection not already drawn (those have no evidence).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kzgraph.errors import QueryError
from kzgraph.query.describe import PREFIXES
from kzgraph.query.sources import values_clause
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Store
from kzgraph.viz.model import Edge, Evidence, Node

RDF_TYPE = ns.PREFIXES["rdf"] + "type"
DATE_PROPERTIES = ("date", "startDate", "foundingDate", "adoptionDate", "endDate", "dissolutionDate")
LANGS = ("en", "ru", "kk")
_WIKIDATA = re.compile(r"^https?://www\.wikidata\.org/entity/(Q[0-9]+)$")
_YEAR = re.compile(r"^-?([0-9]{4})")


@dataclass
class GraphData:
    nodes: dict[str, Node]
    edges: list[Edge]
    superclasses: dict[str, set[str]]  # class IRI -> itself and every superclass
    class_labels: dict[str, dict[str, str]]  # class or property IRI -> language -> label
    shares: dict[str, dict[int, float]] = field(default_factory=dict)  # group IRI -> year -> % (Kazakhstan)

    def is_a(self, iri: str, cls: str) -> bool:
        node = self.nodes.get(iri)
        return node is not None and cls in self.superclasses.get(node.cls, {node.cls})

    def label(self, iri: str, lang: str = "en") -> str:
        labels = self.class_labels.get(iri, {})
        return labels.get(lang) or labels.get("en") or labels.get("") or ns.compact(iri)


def _q(store: Store, body: str) -> list[tuple[Any, ...]]:
    return store.select(PREFIXES + body).rows


def _v(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def _year(value: str) -> int | None:
    m = _YEAR.match(value)
    return int(m.group(1)) if m else None


def _precision(value: str) -> tuple[int, str]:
    return (len(value), value)


def load(store: Store) -> GraphData:
    """Everything the views draw, from any store backend."""
    # classes and their hierarchy, with labels of classes and properties
    parents: dict[str, set[str]] = defaultdict(set)
    for a, b in _q(store, "SELECT ?a ?b WHERE { ?a rdfs:subClassOf ?b FILTER(isIRI(?a) && isIRI(?b)) }"):
        parents[_v(a)].add(_v(b))
    superclasses: dict[str, set[str]] = {}

    def supers(c: str) -> set[str]:
        if c not in superclasses:
            superclasses[c] = {c}
            found = {c}
            for p in sorted(parents.get(c, ())):
                found |= supers(p)
            superclasses[c] = found
        return superclasses[c]

    class_labels: dict[str, dict[str, str]] = defaultdict(dict)
    for iri, label, lang in _q(
        store,
        f"SELECT ?c ?l (LANG(?l) AS ?lang) WHERE {{ GRAPH <{ns.GRAPHS['ontology']}> {{ ?c rdfs:label ?l }} }} ORDER BY ?c ?l",
    ):
        class_labels[_v(iri)].setdefault(_v(lang), _v(label))

    # entities: asserted kz classes (the most specific one is the node's class)
    classes: dict[str, set[str]] = defaultdict(set)
    in_sources = values_clause(store)
    for e, c in _q(
        store,
        f"SELECT DISTINCT ?e ?c WHERE {{ {in_sources} GRAPH ?g {{ ?e a ?c }} "
        f'FILTER(STRSTARTS(STR(?c), "{ns.KZ}") && isIRI(?e)) }}',
    ):
        classes[_v(e)].add(_v(c))
    for (d,) in _q(store, "SELECT DISTINCT ?d WHERE { ?d a kz:SourceDocument }"):
        classes[_v(d)].add(ns.KZ + "SourceDocument")
    nodes: dict[str, Node] = {}
    for iri in sorted(classes):
        found = sorted(classes[iri])
        specific = [c for c in found if not any(c != o and c in supers(o) for o in found)]
        nodes[iri] = Node(iri=iri, labels={}, cls=specific[0])
    for c in {n.cls for n in nodes.values()}:
        supers(c)

    # labels in every language
    alts: dict[str, set[str]] = defaultdict(set)
    for e, p, label, lang in _q(
        store,
        "SELECT DISTINCT ?e ?p ?l (LANG(?l) AS ?lang) WHERE { ?e ?p ?l VALUES ?p { skos:prefLabel skos:altLabel } "
        "FILTER(isLiteral(?l)) } ORDER BY ?e ?p ?lang ?l",
    ):
        node = nodes.get(_v(e))
        if node is None:
            continue
        if _v(p).endswith("prefLabel") and _v(lang) not in node.labels:
            node.labels[_v(lang)] = _v(label)
        else:
            alts[node.iri].add(_v(label))
    for iri, node in nodes.items():
        node.alt = sorted(alts[iri] - set(node.labels.values()))
        if not node.labels:
            node.labels[""] = ns.compact(iri)

    # dates (the most precise value places the node; all values are listed)
    dates: dict[str, set[tuple[str, str]]] = defaultdict(set)
    values = " ".join(f"kz:{p}" for p in DATE_PROPERTIES)
    for e, p, d in _q(
        store,
        f"SELECT DISTINCT ?e ?p ?d WHERE {{ {in_sources} GRAPH ?g {{ ?e ?p ?d }} VALUES ?p {{ {values} }} }}",
    ):
        if _v(e) in nodes:
            dates[_v(e)].add((_v(p).rsplit("#", 1)[-1], _v(d)))
    for iri, kinds in dates.items():
        node = nodes[iri]
        node.dates = [
            f"{kind}: {value}" for kind, value in sorted(kinds, key=lambda kv: (DATE_PROPERTIES.index(kv[0]), kv[1]))
        ]
        placing = [v for k, v in kinds if k in ("date", "adoptionDate", "foundingDate", "startDate")] or [
            v for _k, v in kinds
        ]
        years = [y for y in (_year(v) for v in placing) if y is not None]
        if years:
            node.year = min(years)

    # Wikidata items: an exact match (skos:exactMatch, owl:sameAs) wins over a close one (skos:closeMatch, what an
    # accepted reconciliation link of confidence "probable" is); among equals, the first IRI
    links: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for e, p, x in _q(
        store,
        "SELECT DISTINCT ?e ?p ?x WHERE { ?e ?p ?x VALUES ?p { skos:exactMatch owl:sameAs skos:closeMatch } }",
    ):
        m = _WIKIDATA.match(_v(x))
        if m and _v(e) in nodes:
            links[_v(e)].append((1 if _v(p).endswith("closeMatch") else 0, _v(x)))
    for iri, candidates in links.items():
        rank, item = min(candidates)
        m = _WIKIDATA.match(item)
        assert m is not None
        nodes[iri].wikidata = m.group(1)
        nodes[iri].wikidata_match = "close" if rank else "exact"

    edges = _edges(store, nodes, in_sources)
    shares = _shares(store, nodes)
    return GraphData(
        nodes=nodes, edges=edges, superclasses=superclasses, class_labels=dict(class_labels), shares=shares
    )


def evidence_index(store: Store) -> dict[tuple[str, str, str], list[Evidence]]:
    """(subject, predicate, object) -> the quotes that support it, for every claim between two IRIs."""
    index: dict[tuple[str, str, str], set[Evidence]] = defaultdict(set)
    rows = _q(
        store,
        """SELECT ?s ?p ?o ?src ?start ?end ?exact WHERE {
  ?c a kz:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kz:evidence ?a .
  FILTER(isIRI(?o) && ?p != rdf:type)
  ?a oa:hasTarget ?t . ?t oa:hasSource ?doc . ?doc kz:sourceKey ?src .
  ?t oa:hasSelector ?qs , ?ps . ?qs oa:exact ?exact . ?ps oa:start ?start ; oa:end ?end .
}""",
    )
    for s, p, o, src, start, end, exact in rows:
        index[(_v(s), _v(p), _v(o))].add(Evidence(_v(src), int(_v(start)), int(_v(end)), _v(exact)))
    return {k: sorted(v) for k, v in index.items()}


def _edges(store: Store, nodes: dict[str, Node], in_sources: str) -> list[Edge]:
    evidence = evidence_index(store)
    asserted: set[tuple[str, str, str]] = set()
    for s, p, o in _q(
        store,
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ {in_sources} GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?o) && ?p != rdf:type) }}",
    ):
        if _v(s) in nodes and _v(o) in nodes:
            asserted.add((_v(s), _v(p), _v(o)))
    edges = [Edge(s, o, p, evidence.get((s, p, o), [])) for s, p, o in sorted(asserted)]
    for e in edges:
        if not e.evidence:
            e.note = "asserted, but no evidence quote is recorded"
    adjacent = {frozenset((s, o)) for s, _p, o in asserted}
    transitive = {_v(r[0]) for r in _q(store, "SELECT ?p WHERE { ?p a owl:TransitiveProperty }")}
    inferred: set[tuple[str, str, str]] = set()
    for s, p, o in _q(
        store,
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH <{ns.GRAPHS['inferred']}> {{ ?s ?p ?o }} "
        f'FILTER(isIRI(?o) && STRSTARTS(STR(?p), "{ns.KZ}")) }}',
    ):
        key = (_v(s), _v(p), _v(o))
        if (
            key[0] in nodes
            and key[2] in nodes
            and key[1] not in transitive
            and frozenset((key[0], key[2])) not in adjacent
        ):
            inferred.add(key)
    edges += [Edge(s, o, p, [], "inferred by the ontology; no source states it") for s, p, o in sorted(inferred)]
    return edges


def _shares(store: Store, nodes: dict[str, Node]) -> dict[str, dict[int, float]]:
    """Population share (%) of each ethnic group in Kazakhstan by census year."""
    shares: dict[str, dict[int, float]] = defaultdict(dict)
    for g, period, share in _q(
        store,
        "SELECT ?g ?per ?share WHERE { ?obs kz:populationShare ?share ; kz:ethnicGroup ?g ; kz:refPeriod ?per ; "
        "kz:refArea kzid:kazakhstan ; qb:dataSet <"
        + ns.ID
        + "dataset/population-kazakhstan-1926-2018> } ORDER BY ?g ?per",
    ):
        year = _year(_v(period))
        if _v(g) in nodes and year is not None:
            shares[_v(g)][year] = float(_v(share))
    return dict(shares)


def construct(store: Store, sparql: str) -> list[tuple[str, str, str]] | None:
    """Run a CONSTRUCT (IRI triples) over every graph, kzgraph's prefixes declared — or return None when ``sparql``
    is not a CONSTRUCT query."""
    if not re.search(r"\bCONSTRUCT\b", _strip_comments(sparql), re.IGNORECASE):
        return None
    result = store.query(sparql, include_extracted=True, prefixes=ns.PREFIXES)
    if result.kind != "graph":
        raise QueryError("expected a CONSTRUCT query")
    return sorted(
        {
            (t.subject.value, t.predicate.value, t.object.value)
            for t in result.triples
            if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)
        }
    )


def _strip_comments(sparql: str) -> str:
    """The query without IRIs, strings and comments (enough to find its form keyword)."""
    text = re.sub(r"<[^<>\s]*>", "<>", sparql)
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"' + r"|'(?:[^'\\\n]|\\.)*'", '""', text)
    return re.sub(r"#[^\n]*", "", text)
