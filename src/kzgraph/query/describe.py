"""Everything the graph says about one entity, found by any of its labels (any language), id, CURIE or IRI.

A fact stated by several quotes (the APK's type is given by six passages) is one :class:`Fact` with all its
evidence; facts are in natural order of their values' names ("Session 2" before "Session 10").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kzgraph.errors import NotFoundError, QueryError
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Store

PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in ns.PREFIXES.items())
_LOCAL = re.compile(r"[\w.-]+")


def string_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key that orders the numbers inside ``text`` by value, and the rest case-insensitively.

    >>> sorted(["Session 10", "Session 2", "session 1"], key=natural_key)
    ['session 1', 'Session 2', 'Session 10']
    """
    parts = re.split(r"(\d+)", text)
    return tuple((1, int(p), "") if p.isdigit() else (0, 0, p.casefold()) for p in parts)


@dataclass
class Evidence:
    """One quote that states a fact: its source, the exact text, its offsets there, and how it was obtained."""

    source: str
    quote: str
    start: int
    end: int
    method: str


@dataclass
class Statement:
    """One fact about the entity, as stated by one quote (a fact stated by three quotes gives three)."""

    direction: str  # "out" (entity is the subject) or "in" (entity is the object)
    predicate: str
    value: str
    value_label: str | None
    source: str
    quote: str
    start: int
    end: int
    method: str

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.source, self.quote, self.start, self.end, self.method)


@dataclass
class Fact:
    """One fact about the entity with every quote that states it."""

    direction: str
    predicate: str
    value: str
    value_label: str | None
    evidence: list[Evidence]


@dataclass
class Description:
    iri: str
    name: str
    labels: dict[str, list[str]]
    types: list[str]
    statements: list[Statement] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    def facts(self) -> list[Fact]:
        """The statements with identical direction, predicate and value merged, their evidence kept together
        (in the order of :attr:`statements`)."""
        merged: dict[tuple[str, str, str], Fact] = {}
        for s in self.statements:
            key = (s.direction, s.predicate, s.value)
            if key not in merged:
                merged[key] = Fact(s.direction, s.predicate, s.value, s.value_label, [])
            merged[key].evidence.append(s.evidence)
        return list(merged.values())

    def _repr_html_(self) -> str:
        """The description for Jupyter: name, id, labels, facts with their quotes; every text escaped."""
        from html import escape

        out = [
            f'<div class="kzgraph-entity"><h3>{escape(self.name)} <small>{escape(ns.compact(self.iri))}</small></h3>'
        ]
        out += [f"<p>[{escape(tag)}] {escape(' | '.join(names))}</p>" for tag, names in sorted(self.labels.items())]
        out.append("<ul>")
        for fact in self.facts():
            value = escape(fact.value_label or ns.compact(fact.value))
            prop = escape(ns.compact(fact.predicate))
            head = f"{prop} → {value}" if fact.direction == "out" else f"← {prop} of {value}"
            quotes = "".join(
                f"<li>“{escape(' '.join(e.quote.split()))}” ({escape(e.source)} {e.start}-{e.end})</li>"
                for e in fact.evidence
            )
            out.append(f"<li>{head}<ul>{quotes}</ul></li>")
        out.append("</ul></div>")
        return "".join(out)

    def as_dict(self) -> dict[str, object]:
        """The description for machine output (``--format json``): facts merged, each with its evidence."""
        from dataclasses import asdict

        return {
            "iri": self.iri,
            "id": ns.compact(self.iri),
            "name": self.name,
            "labels": self.labels,
            "types": self.types,
            "links": self.links,
            "facts": [asdict(f) for f in self.facts()],
        }


def _exists(store: Store, iri: str) -> bool:
    return bool(store.select(f"SELECT ?p WHERE {{ <{iri}> ?p ?o }} LIMIT 1").rows)


def _named(name: str) -> list[str]:
    """The IRIs ``name`` may stand for as an id (``apk``) or a CURIE (``kzid:apk``, ``kz:apk``), likeliest first."""
    out = []
    if _is_id(name):
        out.append(ns.entity(name))
    prefix, sep, local = name.partition(":")
    if sep and prefix in ns.PREFIXES and _LOCAL.fullmatch(local):
        out.append(ns.expand(name))
        if prefix == "kz":  # ``kz:apk`` written for the entity, as the ontology's prefix is the familiar one
            out.append(ns.entity(local))
    return out


def resolve(store: Store, name: str) -> str:
    """The IRI of the entity called ``name``: an IRI, an id, a CURIE such as ``kzid:apk``, any label or alias
    (case-insensitive), else the best match of :func:`kzgraph.query.search.search` when it is good enough (a
    misspelt, partial or inflected name, an acronym, "20th session"). Otherwise :class:`NotFoundError` offers the
    best few matches.

    >>> from kzgraph.stores import open_store
    >>> with open_store("build/store") as store:
    ...     resolve(store, "Council of Mothers"), resolve(store, "ХХ сессиясы")
    ('https://w3id.org/kzgraph/id/apk-council-of-mothers', 'https://w3id.org/kzgraph/id/apk-session-20')
    """
    from kzgraph.query.search import search, suggestions

    if name.startswith(("http://", "https://")):
        return name
    for iri in _named(name):
        if _exists(store, iri):
            return iri
    q = PREFIXES + (
        "SELECT DISTINCT ?e WHERE { ?e skos:prefLabel|skos:altLabel ?l . "
        f"FILTER(LCASE(STR(?l)) = LCASE({string_literal(name)})) }} ORDER BY ?e"
    )
    found = [r[0].value for r in store.select(q).rows]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = ", ".join(ns.compact(f) for f in found)
        raise QueryError(f"'{name}' names {len(found)} entities ({names}); use the id or IRI")
    curie = _named(name)
    hits = search(store, name.partition(":")[2] if curie and ":" in name else name, limit=5)
    if hits and hits[0].good and not curie:
        return hits[0].iri
    hint = f"; did you mean: {suggestions(hits)}?" if hits else ""
    raise NotFoundError(f"no entity is called '{name}'{hint}")


def _is_id(name: str) -> bool:
    return all(c.isascii() and (c.isalnum() or c == "-") for c in name) and name == name.lower()


def _in_language(labels: dict[str, str], lang: str) -> str | None:
    """The label in ``lang``, else in English, else in any language (the smallest tag), else None."""
    return labels.get(lang) or labels.get("en") or (labels[min(labels)] if labels else None)


def describe(store: Store, name: str, *, include_extracted: bool = False, lang: str = "en") -> Description:
    """Every fact about the entity ``name`` (see :func:`resolve`), each with its quote; names in ``lang`` (falling
    back to English)."""
    iri = resolve(store, name)
    labels: dict[str, list[str]] = {}
    preferred: dict[str, str] = {}
    for label, in_lang, pref in store.select(
        PREFIXES + "SELECT ?l (LANG(?l) AS ?lang) ?pref WHERE { "
        f"{{ <{iri}> skos:prefLabel ?l BIND(true AS ?pref) }} UNION {{ <{iri}> skos:altLabel ?l BIND(false AS ?pref) }}"
        "} ORDER BY ?lang ?l"
    ).rows:
        tag = in_lang.value or ""
        if label.value not in labels.get(tag, []):
            labels.setdefault(tag, []).append(label.value)
        if pref.value == "true":
            preferred.setdefault(tag, label.value)
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
SELECT ?p ?v ?vl ?vlang ?src ?exact ?start ?end ?method WHERE {{
  ?c a kz:Claim ; {pattern} ; rdf:predicate ?p ; kz:method ?method ; kz:evidence ?a .
  {method_filter}
  ?a oa:hasTarget ?t . ?t oa:hasSource ?doc . ?doc kz:sourceKey ?src .
  ?t oa:hasSelector ?qs , ?ps . ?qs oa:exact ?exact . ?ps oa:start ?start ; oa:end ?end .
  OPTIONAL {{ ?v skos:prefLabel ?vl BIND(LANG(?vl) AS ?vlang) }}
}}"""
        )
        value_labels: dict[str, dict[str, str]] = {}
        found: dict[tuple[str, str, str, str, int, int, str], None] = {}
        for p, v, vl, vlang, src, exact, start, end, method in store.select(q).rows:
            if vl is not None:
                value_labels.setdefault(v.value, {}).setdefault(vlang.value, vl.value)
            key = (p.value, v.value, src.value, exact.value, int(start.value), int(end.value), method.value)
            found[key] = None
        for p, v, src, exact, start, end, method in found:
            label = _in_language(value_labels.get(v, {}), lang)
            rows.append(Statement(direction, p, v, label, src, exact, start, end, method.rsplit("#", 1)[-1]))
    rows.sort(
        key=lambda s: (
            s.direction != "out",
            s.predicate != ns.PREFIXES["rdf"] + "type",  # the entity's class first
            ns.compact(s.predicate),
            natural_key(s.value_label or ns.compact(s.value)),
            s.value,
            s.source,
            s.start,
        )
    )
    links = [
        r[0].value
        for r in store.select(
            PREFIXES + f"SELECT ?x WHERE {{ <{iri}> owl:sameAs|skos:exactMatch|skos:closeMatch ?x }} ORDER BY ?x"
        ).rows
    ]
    name_in_lang = _in_language(preferred, lang) or ns.compact(iri)
    return Description(iri=iri, name=name_in_lang, labels=labels, types=types, statements=rows, links=links)
