"""The ``co-mentions`` view: entities named in the same sentence of an ingested document.

``kzgraph ingest`` records each sentence that mentions entities as an ``oa:Annotation`` motivated by
``oa:identifying`` whose bodies are the entities and whose target is the sentence span (an
``oa:SpecificResource`` with the document as ``oa:hasSource`` and a quote and a position selector), in the
document's graph ``graph/extracted/<sha256>``. Two entities are joined when at least one sentence mentions
both; the edge's weight is the number of such sentences, and its evidence lists example sentences with their
document and character offsets. The view reads the annotations of every extracted graph directly (``GRAPH
?g``), whichever default-graph rule the store applies to curated queries.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from kzgraph.query.describe import PREFIXES
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import EXTRACTED_GRAPH_PREFIX, Store
from kzgraph.viz.model import Edge, Evidence, Network, Node

PREDICATE = "https://w3id.org/kzgraph/view/co-mentioned"  # a display id for the view's one relation, not a term
MAX_EXAMPLES = 5  # example sentences per edge in the panel
NOTHING_INGESTED = (
    "Nothing has been ingested into this store yet, so there are no mentions to connect. Run "
    "'kzgraph ingest FILE …' (see docs/ingest.md), then 'kzgraph viz co-mentions'."
)
NO_PAIRS = "The ingested documents never mention two known entities in the same sentence."

MENTIONS = f"""SELECT DISTINCT ?g ?t ?e ?key ?title ?start ?end ?exact WHERE {{
  GRAPH ?g {{
    ?ann oa:motivatedBy oa:identifying ; oa:hasBody ?e ; oa:hasTarget ?t .
    ?t oa:hasSource ?doc ; oa:hasSelector ?ps .
    ?ps oa:start ?start ; oa:end ?end .
    OPTIONAL {{ ?t oa:hasSelector ?qs . ?qs oa:exact ?exact }}
    OPTIONAL {{ ?doc kz:sourceKey ?key }}
    OPTIONAL {{ ?doc dcterms:title ?title }}
  }}
  FILTER(STRSTARTS(STR(?g), "{EXTRACTED_GRAPH_PREFIX}") && isIRI(?e))
}}"""

ANY_INGESTED = f"""SELECT ?g WHERE {{ GRAPH ?g {{ ?d a kz:SourceDocument }}
  FILTER(STRSTARTS(STR(?g), "{EXTRACTED_GRAPH_PREFIX}")) }} LIMIT 1"""


@dataclass
class Sentence:
    graph: str
    source: str  # "title (ingested-…)" or the source key
    start: int
    end: int
    text: str
    entities: set[str] = field(default_factory=set)

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.source, self.start, self.end, self.text)


def has_ingested(store: Store) -> bool:
    """Whether any document has been ingested into ``store`` (a graph under ``graph/extracted/``)."""
    return bool(store.select(PREFIXES + ANY_INGESTED).rows)


def sentences(store: Store) -> list[Sentence]:
    """Every sentence of the ingested documents that mentions at least one entity, with its entities."""
    found: dict[tuple[str, str], Sentence] = {}
    for g, t, e, key, title, start, end, exact in store.select(PREFIXES + MENTIONS).rows:
        k = (g.value, t.value)
        s = found.get(k)
        if s is None:
            source = key.value if key is not None else ns.compact(g.value)
            if title is not None and title.value:
                source = f"{title.value} ({source})"
            text = exact.value if exact is not None else ""
            s = found[k] = Sentence(g.value, source, int(start.value), int(end.value), text)
        s.entities.add(e.value)
    return sorted(found.values(), key=lambda s: (s.source, s.start, s.end, s.graph))


def co_mentions(store: Store, nodes: dict[str, Node], labels: dict[str, dict[str, str]]) -> Network:
    """The view: ``nodes`` are the graph's entities (with labels and classes), ``labels`` class labels."""
    sents = sentences(store)
    pairs: dict[tuple[str, str], list[Sentence]] = defaultdict(list)
    mentioned: dict[str, list[Sentence]] = defaultdict(list)
    for s in sents:
        for e in s.entities:
            mentioned[e].append(s)
        for a, b in combinations(sorted(s.entities), 2):
            pairs[(a, b)].append(s)
    edges = []
    for (a, b), shared in sorted(pairs.items()):
        shown = shared[:MAX_EXAMPLES]
        n = len(shared)
        note = f"{n} shared sentence{'' if n == 1 else 's'}" + (f" ({len(shown)} shown)" if n > len(shown) else "")
        edges.append(Edge(a, b, PREDICATE, [s.evidence for s in shown], note, weight=n))
    keep = sorted({e.source for e in edges} | {e.target for e in edges})
    top = max((len(mentioned[i]) for i in keep), default=1)
    out: list[Node] = []
    for iri in keep:
        base = nodes.get(iri)
        node = (
            Node(iri=iri, labels=dict(base.labels), cls=base.cls, alt=list(base.alt), dates=list(base.dates),
                 year=base.year, wikidata=base.wikidata, wikidata_match=base.wikidata_match)
            if base is not None
            else Node(iri=iri, labels={"": ns.compact(iri)}, cls=ns.KZ + "Thing")
        )  # fmt: skip
        count = len(mentioned[iri])
        docs = len({s.graph for s in mentioned[iri]})
        node.size = round(0.8 + 1.6 * math.sqrt(count / top), 3)
        plural = ("" if count == 1 else "s", "" if docs == 1 else "s")
        node.info = [f"mentioned in {count} sentence{plural[0]} of {docs} ingested document{plural[1]}"]
        out.append(node)
    used = {n.cls for n in out}
    view_labels = {k: v for k, v in labels.items() if k in used}
    view_labels.setdefault(ns.KZ + "Thing", {"en": "other resource"})
    view_labels[PREDICATE] = {"en": "mentioned in the same sentence", "ru": "упоминаются в одном предложении"}
    docs_total = len({s.graph for s in sents})
    net = Network(
        view="co-mentions",
        title="Co-mentions in ingested documents",
        description=(
            "Entities named in the same sentence of an ingested document (machine-extracted mentions). The wider "
            "the edge, the more sentences they share; click an edge for example sentences with their document and "
            f"character offsets. {len(out)} entities, {len(edges)} pairs, {len(sents)} sentences with mentions in "
            f"{docs_total} document{'' if docs_total == 1 else 's'}."
        ),
        nodes=out,
        edges=edges,
        labels=view_labels,
        directed=False,
    )
    if not edges:
        net.message = NO_PAIRS if sents or has_ingested(store) else NOTHING_INGESTED
    return net
