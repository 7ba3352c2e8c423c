"""``kzgraph enrich``: chosen facts that an external endpoint states about the items our entities are
linked to (coordinates and population of places, birth dates of persons, inception of organisations,
labels in more languages, Wikipedia articles), kept apart from the curated facts.

The facts go to ``data/external/wikidata.nq``: every quad in the named graph
``https://w3id.org/kzgraph/graph/external/wikidata``, about the *external* item (``wd:Q…``) with the
endpoint's own property (``wdt:P…``) — never about our entity, never with our properties — and each
with a record (``rdf:Statement`` + ``prov:wasDerivedFrom`` the endpoint, ``prov:generatedAtTime`` the
retrieval time, ``prov:wasGeneratedBy`` the query). ``kzgraph build`` loads the file into that graph
(:func:`external_quads`), so the enrichment survives rebuilds; our entities reach it through
``skos:exactMatch`` / ``skos:closeMatch``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kzgraph.errors import SourceError
from kzgraph.fileio import atomic_write
from kzgraph.linking.client import Answer, SparqlClient
from kzgraph.linking.config import WD, WDT, LinkingConfig
from kzgraph.linking.reconcile import known_ids, linked, local_entities
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.claims import statement
from kzgraph.rdf.terms import Object, nn
from kzgraph.stores import Store

EXTERNAL_DIR = "external"
EXTERNAL_FILE = "wikidata.nq"
EXTERNAL_GRAPH = ns.GRAPH + "external/wikidata"
BATCH = 40
P = ns.PREFIXES
FILE_HEADER = (
    "# Facts stated by an external SPARQL endpoint about the items kzgraph links to (kzgraph enrich).\n"
    "# Not curated: loaded by `kzgraph build` into its own named graph, each fact with its provenance record.\n"
)


@dataclass
class EnrichResult:
    path: Path
    items: int
    facts: int
    quads: int
    requests: int
    from_cache: int


def _term(cell: dict[str, str]) -> ox.NamedNode | ox.Literal | None:
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in cell:
            return ox.Literal(value, language=cell["xml:lang"])
        if "datatype" in cell:
            return ox.Literal(value, datatype=ox.NamedNode(cell["datatype"]))
        return ox.Literal(value)
    return None  # blank nodes (e.g. "unknown value") carry nothing we can cite


def _values(items: list[str]) -> str:
    return " ".join(f"<{i}>" for i in items)


def queries(config: LinkingConfig, wanted: dict[str, set[str]]) -> list[str]:
    """The SELECT queries that fetch everything ``wanted`` (item IRI -> property keys), in stable batches."""
    items = sorted(wanted)
    out: list[str] = []
    langs = ", ".join(f'"{lang}"' for lang in config.enrich_languages)
    wikis = ", ".join(f"<https://{lang}.wikipedia.org/>" for lang in config.enrich_languages)
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        pairs = " ".join(f"(<{i}> <{config.wdt(k)}>)" for i in batch for k in sorted(wanted[i]))
        if pairs:
            out.append(f"SELECT ?item ?p ?value WHERE {{ VALUES (?item ?p) {{ {pairs} }} ?item ?p ?value }}")
        out.append(
            f"SELECT ?item ?p ?value WHERE {{ VALUES ?item {{ {_values(batch)} }} "
            f"BIND(<{P['rdfs']}label> AS ?p) ?item ?p ?value FILTER(LANG(?value) IN ({langs})) }}"
        )
        out.append(
            f"SELECT ?item ?p ?value WHERE {{ VALUES ?item {{ {_values(batch)} }} "
            f"BIND(<{P['schema']}about> AS ?p) ?value ?p ?item ; <{P['schema']}isPartOf> ?wiki "
            f"FILTER(?wiki IN ({wikis})) }}"
        )
    return out


def fact_quads(answer: Answer, allowed: dict[str, set[str]]) -> list[ox.Quad]:
    """The facts of one answer as quads of the external graph, each with its provenance record."""
    g = nn(EXTERNAL_GRAPH)
    rdf, prov = P["rdf"], P["prov"]
    endpoint = nn(answer.endpoint)
    activity = nn(ns.ID + "external/query/" + ns.digest(answer.endpoint, answer.query))
    when = ox.Literal(answer.retrieved, datatype=nn(P["xsd"] + "dateTime"))
    out: list[ox.Quad] = []
    for row in answer.rows:
        item, p, value = (_term(row[k]) if k in row else None for k in ("item", "p", "value"))
        if not isinstance(item, ox.NamedNode) or not isinstance(p, ox.NamedNode) or value is None:
            continue
        if p.value not in allowed.get(item.value, set()):
            continue  # only what was asked for
        about = p.value == P["schema"] + "about"
        s, o = (value, item) if about else (item, value)
        if not isinstance(s, ox.NamedNode):
            continue
        record = nn(ns.ID + "external/fact/" + ns.digest(s.value, p.value, str(o)))
        origin: list[tuple[ox.NamedNode, Object]] = [(nn(prov + "wasDerivedFrom"), endpoint),
                                                      (nn(prov + "generatedAtTime"), when),
                                                      (nn(prov + "wasGeneratedBy"), activity)]  # fmt: skip
        out += statement(record, nn(rdf + "Statement"), (s, p, o), g, about=origin)
    if out:
        out += [
            ox.Quad(activity, nn(rdf + "type"), nn(prov + "Activity"), g),
            ox.Quad(activity, nn(prov + "used"), endpoint, g),
            ox.Quad(activity, nn(prov + "endedAtTime"), when, g),
            ox.Quad(activity, nn(P["rdfs"] + "comment"), ox.Literal(answer.query), g),
        ]
    return out


def enrich(
    store: Store,
    client: SparqlClient,
    config: LinkingConfig,
    *,
    data: Path,
    out: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> EnrichResult:
    """Fetch the configured facts for every linked entity and write them (atomically) to ``out``."""
    say = progress or (lambda _m: None)
    target = out or data / EXTERNAL_DIR / EXTERNAL_FILE
    entities = local_entities(store, config)
    already = linked(store, data, known_ids(store))
    wanted: dict[str, set[str]] = defaultdict(set)
    for key, targets in already.items():
        rule = entities[key].rule if key in entities else None
        for t in targets:
            if t.startswith(WD):
                wanted[t].update(rule.enrich if rule else ())
    say(f"{len(wanted)} linked items at {client.endpoint}")
    allowed: dict[str, set[str]] = {
        item: {config.wdt(k) for k in keys} | {P["rdfs"] + "label", P["schema"] + "about"}
        for item, keys in wanted.items()
    }
    quads: list[ox.Quad] = []
    cached = 0
    for query in queries(config, wanted):
        answer = client.select(query)
        cached += int(answer.from_cache)
        quads += fact_quads(answer, allowed)
    unique = sorted(set(quads), key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))
    body = FILE_HEADER.encode("utf-8") + ((ox.serialize(unique, format=ox.RdfFormat.N_QUADS) or b"") if unique else b"")
    atomic_write(target, body)
    statement = ox.NamedNode(P["rdf"] + "Statement")
    facts = sum(1 for q in unique if q.predicate.value == P["rdf"] + "type" and q.object == statement)
    return EnrichResult(target, len(wanted), facts, len(unique), client.requests, cached)


def external_quads(data: Path) -> list[ox.Quad]:
    """The enrichment files of ``data/external/*.nq`` (for the build); only ``graph/external/…`` graphs."""
    out: list[ox.Quad] = []
    folder = data / EXTERNAL_DIR
    for path in sorted(folder.glob("*.nq")) if folder.is_dir() else []:
        try:
            quads = list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
        except (SyntaxError, OSError) as e:
            raise SourceError(f"{path}: not valid N-Quads ({e})") from None
        for q in quads:
            if not q.graph_name.value.startswith(ns.GRAPH + "external/"):
                raise SourceError(f"{path}: quad outside a {ns.GRAPH}external/ graph: {q}")
        out += quads
    return out


__all__ = ["EXTERNAL_GRAPH", "WDT", "enrich", "external_quads"]
