"""Everything the graph says about one entity, found by any of its labels (any language), id or IRI."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from kzgraph.errors import NotFoundError, QueryError
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Store

PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in ns.PREFIXES.items())


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@dataclass
class Statement:
    direction: str  # "out" (entity is the subject) or "in" (entity is the object)
    predicate: str
    value: str
    value_label: str | None
    source: str
    quote: str
    start: int
    end: int
    method: str


@dataclass
class Description:
    iri: str
    labels: dict[str, list[str]]
    types: list[str]
    statements: list[Statement] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def resolve(store: Store, name: str) -> str:
    """The IRI of the entity called ``name`` (an IRI, an id, or any label or alias, case-insensitive)."""
    if name.startswith(("http://", "https://")):
        return name
    exists = (
        store.select(PREFIXES + f"SELECT ?t WHERE {{ <{ns.entity(name)}> ?p ?t }} LIMIT 1") if _is_id(name) else None
    )
    if exists and exists.rows:
        return ns.entity(name)
    q = PREFIXES + (
        "SELECT DISTINCT ?e WHERE { ?e skos:prefLabel|skos:altLabel ?l . "
        f"FILTER(LCASE(STR(?l)) = LCASE({_lit(name)})) }} ORDER BY ?e"
    )
    found = [r[0].value for r in store.select(q).rows]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = ", ".join(ns.compact(f) for f in found)
        raise QueryError(f"'{name}' names {len(found)} entities ({names}); use the id or IRI")
    labels = [
        r[0].value
        for r in store.select(PREFIXES + "SELECT DISTINCT ?l WHERE { ?e skos:prefLabel|skos:altLabel ?l }").rows
    ]
    close = difflib.get_close_matches(name, labels, n=5, cutoff=0.6)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise NotFoundError(f"no entity is called '{name}'{hint}")


def _is_id(name: str) -> bool:
    return all(c.isascii() and (c.isalnum() or c == "-") for c in name) and name == name.lower()


def describe(store: Store, name: str, *, include_extracted: bool = False) -> Description:
    iri = resolve(store, name)
    labels: dict[str, list[str]] = {}
    for lang_label, in_lang in store.select(
        PREFIXES
        + f"SELECT ?l (LANG(?l) AS ?lang) WHERE {{ <{iri}> skos:prefLabel|skos:altLabel ?l }} ORDER BY ?lang ?l"
    ).rows:
        labels.setdefault(in_lang.value or "", []).append(lang_label.value)
    types = sorted(
        {
            r[0].value
            for r in store.select(
                PREFIXES
                + f'SELECT ?t WHERE {{ GRAPH ?g {{ <{iri}> a ?t }} FILTER(STRSTARTS(STR(?g), "{ns.GRAPH}source/")) }}'
            ).rows
        }
    )
    method_filter = "" if include_extracted else "FILTER(?method != kz:machineExtracted)"
    rows = []
    for direction, pattern in (
        ("out", f"rdf:subject <{iri}> ; rdf:object ?v"),
        ("in", f"rdf:object <{iri}> ; rdf:subject ?v"),
    ):
        q = (
            PREFIXES
            + f"""
SELECT ?p ?v ?vl ?src ?exact ?start ?end ?method WHERE {{
  ?c a kz:Claim ; {pattern} ; rdf:predicate ?p ; kz:method ?method ; kz:evidence ?a .
  {method_filter}
  ?a oa:hasTarget ?t . ?t oa:hasSource ?doc . ?doc kz:sourceKey ?src .
  ?t oa:hasSelector ?qs , ?ps . ?qs oa:exact ?exact . ?ps oa:start ?start ; oa:end ?end .
  OPTIONAL {{ ?v skos:prefLabel ?vl FILTER(LANG(?vl) = "en") }}
}} ORDER BY ?p ?v ?src ?start"""
        )
        for p, v, vl, src, exact, start, end, method in store.select(q).rows:
            rows.append(
                Statement(
                    direction,
                    p.value,
                    v.value,
                    vl.value if vl else None,
                    src.value,
                    exact.value,
                    int(start.value),
                    int(end.value),
                    method.value.rsplit("#", 1)[-1],
                )
            )
    links = [
        r[0].value
        for r in store.select(
            PREFIXES + f"SELECT ?x WHERE {{ <{iri}> owl:sameAs|skos:exactMatch|skos:closeMatch ?x }} ORDER BY ?x"
        ).rows
    ]
    return Description(iri=iri, labels=labels, types=types, statements=rows, links=links)
