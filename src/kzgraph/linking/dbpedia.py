"""Reconciliation against a DBpedia-shaped SPARQL endpoint (``kzgraph link --target dbpedia``).

Two kinds of evidence, both written out in the review file's ``reasons`` column:

- **owl:sameAs our Wikidata item** (strongest): the entity already has a Wikidata link (``data/links/*.tsv``
  or the links graph) and a DBpedia resource states ``owl:sameAs`` that item. With a ``certain`` Wikidata
  link the candidate scores 1.0 (certain-grade: accept it with ``yes:certain`` after a look), with a
  ``probable`` one 0.9. Such candidates rank before every label match.
- **label search**: the entity's labels and alt labels in the configured languages (as written and in
  simple case variants) as ``rdfs:label``, following ``dbo:wikiPageRedirects`` to the article resource (a
  redirect or disambiguation page is never a candidate), scored by the Wikidata scorer
  (:func:`kzgraph.linking.reconcile.score`): label, the configured ``dbo:`` class (``rdf:type``; DBpedia
  states the superclasses too), ``dbo:country`` against the DBpedia link of our Kazakhstan, dates.

The class choices come from ``data/linking/dbpedia.yaml``, configuration the user must verify; no resource
IRI is configured anywhere — the only DBpedia IRIs used come from the verified links and the endpoint.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from kzgraph.linking.client import Answer, SparqlClient
from kzgraph.linking.config import DBO, DBR, WD, DBpediaConfig
from kzgraph.linking.reconcile import (
    RDFS,
    SKOS,
    Candidate,
    LocalEntity,
    Proposal,
    ReconcileResult,
    _lit,
    choose,
    known_ids,
    linked,
    local_entities,
    run_searches,
    score,
    short,
    variants,
)
from kzgraph.pipeline import links
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Store

OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = ns.PREFIXES["rdf"] + "type"
SAMEAS_SCORE = {"certain": 1.0, "probable": 0.9}


def _prefixes() -> str:
    return f"PREFIX owl: <{OWL}> PREFIX rdfs: <{RDFS}> PREFIX dbo: <{DBO}> "


def wikidata_links(store: Store, data: Path, known: set[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Entity id -> (Wikidata item IRI, confidence, where the link is recorded), from the data files (even
    before a rebuild) and the links graph of the store."""
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for link in links.load(data / "links", known):
        if link.target.startswith(WD) and (link.entity, link.target) not in seen:
            seen.add((link.entity, link.target))
            out[link.entity].append((link.target, link.confidence, link.where))
    q = (
        f"SELECT ?e ?p ?x WHERE {{ GRAPH <{ns.GRAPHS['links']}> {{ ?e ?p ?x }} "
        f"FILTER(?p IN (<{SKOS}exactMatch>, <{SKOS}closeMatch>)) }}"
    )
    for e, p, x in store.select(q).rows:
        key = e.value.removeprefix(ns.ID)
        if x.value.startswith(WD) and e.value.startswith(ns.ID) and (key, x.value) not in seen:
            seen.add((key, x.value))
            confidence = "certain" if p.value == SKOS + "exactMatch" else "probable"
            out[key].append((x.value, confidence, "the links graph of the store"))
    return {k: sorted(v, key=lambda t: (t[1] != "certain", t[0])) for k, v in out.items()}


def class_query(classes: list[str]) -> str:
    values = " ".join(f"<{c}>" for c in classes)
    return (
        _prefixes() + f"SELECT DISTINCT ?class WHERE {{ VALUES ?class {{ {values} }} "
        f"FILTER EXISTS {{ ?x a ?class }} }} ORDER BY ?class"
    )


def resolve_classes(client: SparqlClient, config: DBpediaConfig, labels: Iterable[str]) -> dict[str, list[str]]:
    """Configured class (dbo:Name) -> [its IRI] when the endpoint has instances of it, else [] (type unchecked)."""
    wanted = {label: config.class_iri(label) for label in sorted(set(labels))}
    found: dict[str, list[str]] = {label: [] for label in wanted}
    if not wanted:
        return found
    present = {
        row.get("class", {}).get("value") for row in client.select(class_query(sorted(set(wanted.values())))).rows
    }
    for label, iri in wanted.items():
        if iri in present:
            found[label] = [iri]
    return found


def _optional_parts(config: DBpediaConfig, entity: LocalEntity, classes: list[str]) -> tuple[str, list[str]]:
    """The OPTIONAL patterns (type, country, dates) shared by both queries, and their variables."""
    parts: list[str] = ['OPTIONAL { ?item rdfs:label ?label FILTER(LANG(?label) = "en") }']
    names = ["?label"]
    if classes:
        parts.append(f"OPTIONAL {{ ?item a ?typed FILTER(?typed IN ({', '.join(f'<{c}>' for c in classes)})) }}")
        names.append("?typed")
    if entity.rule.country:
        path = "|".join(f"<{p}>" for p in config.properties["country"])
        parts.append(f"OPTIONAL {{ ?item {path} ?country }}")
        names.append("?country")
    for key in sorted(set(entity.rule.dates.values())):
        path = "|".join(f"<{p}>" for p in config.properties[key])
        parts.append(f"OPTIONAL {{ ?item {path} ?date_{key} }}")
        names.append(f"?date_{key}")
    return " ".join(parts), names


def label_query(config: DBpediaConfig, entity: LocalEntity, classes: list[str]) -> str:
    texts: list[str] = []
    for text, lang, _pref in entity.labels:
        for v in variants(text):
            lit = _lit(v, lang)
            if lit not in texts:
                texts.append(lit)
    optional, names = _optional_parts(config, entity, classes)
    return (
        _prefixes()
        + f"SELECT DISTINCT ?item ?text ?hit {' '.join(names)} WHERE {{ VALUES ?text {{ {' '.join(texts)} }} "
        f"?hit rdfs:label ?text . ?hit dbo:wikiPageRedirects? ?item . "
        f'FILTER(STRSTARTS(STR(?item), "{DBR}")) '
        f"FILTER NOT EXISTS {{ ?item dbo:wikiPageRedirects ?redirect }} "
        f"FILTER NOT EXISTS {{ ?item dbo:wikiPageDisambiguates ?meaning }} {optional} }}"
    )


def sameas_query(config: DBpediaConfig, entity: LocalEntity, items: list[str], classes: list[str]) -> str:
    optional, names = _optional_parts(config, entity, classes)
    values = " ".join(f"<{i}>" for i in items)
    return (
        _prefixes() + f"SELECT DISTINCT ?item ?same {' '.join(names)} WHERE {{ VALUES ?same {{ {values} }} "
        f'?item owl:sameAs ?same . FILTER(STRSTARTS(STR(?item), "{DBR}")) {optional} }}'
    )


def sameas_candidates(
    entity: LocalEntity,
    answer: Answer,
    wikidata: list[tuple[str, str, str]],
    *,
    type_label: str,
    classes: list[str],
    by_label: dict[str, Candidate],
) -> list[Candidate]:
    """Certain-grade candidates: resources ``owl:sameAs`` the Wikidata item our entity is linked to."""
    how = {item: (confidence, where) for item, confidence, where in wikidata}
    cells: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in answer.rows:
        item = row.get("item", {}).get("value", "")
        if item.startswith(DBR):
            for var, cell in row.items():
                cells[item][var].add(cell.get("value", ""))
    out: list[Candidate] = []
    for item, got in cells.items():
        same = min(got.get("same", set()), key=lambda s: (how.get(s, ("probable", ""))[0] != "certain", s))
        confidence, where = how.get(same, ("probable", "?"))
        reasons = [
            f"owl:sameAs {short(same)}, our {confidence} Wikidata link ({where})"
            + ("; certain-grade: accept with yes:certain" if confidence == "certain" else "")
        ]
        also = by_label.get(item)
        if also is not None:
            reasons.append("also found by label (" + ", ".join(also.reasons) + ")")
        elif classes:
            typed = bool(got.get("typed", set()) - {""})
            reasons.append(f"type: {'' if typed else 'not an '}instance of '{type_label}'")
        else:
            reasons.append(f"type: class '{type_label}' not found at the endpoint (unchecked)")
        label = min(got.get("label", set()) or {also.label if also else item[len(DBR) :].replace("_", " ")})
        out.append(Candidate(item, label, SAMEAS_SCORE[confidence], reasons, answer))
    return out


def reconcile_dbpedia(
    store: Store,
    client: SparqlClient,
    config: DBpediaConfig,
    *,
    data: Path,
    names: list[str] | None = None,
    top: int = 3,
    progress: Callable[[str], None] | None = None,
) -> ReconcileResult:
    """Search and score DBpedia candidates for the entities without a DBpedia link (or for ``names``)."""
    say = progress or (lambda _m: None)
    entities = local_entities(store, config)
    known = known_ids(store)
    already = linked(store, data, known, prefix=DBR)
    wikidata = wikidata_links(store, data, known)
    todo, skipped = choose(store, entities, already, names, config.path.name)
    todo = [e for e in todo if e.labels or e.id in wikidata]
    with_qid = sum(1 for e in todo if e.id in wikidata)
    say(
        f"{len(todo)} entities to reconcile against DBpedia ({skipped} already linked; "
        f"{with_qid} with a Wikidata link for owl:sameAs) at {client.endpoint}"
    )
    types = resolve_classes(client, config, {e.rule.type_label for e in todo})
    country_links = already.get(config.country_entity, [])
    country = country_links[0] if country_links else None
    answers: list[Answer] = []

    def one(entity: LocalEntity) -> Proposal:
        classes = types.get(entity.rule.type_label, [])
        found: list[Candidate] = []
        answer: Answer | None = None
        if entity.labels:
            answer = client.select(label_query(config, entity, classes))
            answers.append(answer)
            found = score(
                entity,
                answer.rows,
                type_label=entity.rule.type_label,
                type_qids=classes,
                country=country,
                prefix=DBR,
                keep_iri=True,
                target="DBpedia",
            )
        same: list[Candidate] = []
        if entity.id in wikidata:
            items = [item for item, _c, _w in wikidata[entity.id]]
            same_answer = client.select(sameas_query(config, entity, items, classes))
            answers.append(same_answer)
            answer = answer or same_answer
            same = sameas_candidates(
                entity,
                same_answer,
                wikidata[entity.id],
                type_label=entity.rule.type_label,
                classes=classes,
                by_label={c.qid: c for c in found},
            )
        assert answer is not None
        ids = {c.qid for c in same}
        ranked = sorted(same, key=lambda c: (-c.score, len(c.qid), c.qid)) + [c for c in found if c.qid not in ids]
        return Proposal(entity, ranked[:top], answer)

    proposals = run_searches(client, todo, one)
    return ReconcileResult(proposals, types, skipped, client.requests, sum(1 for a in answers if a.from_cache))
