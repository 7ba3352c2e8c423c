"""What each figure about the dataset counts: one definition per quantity, so that the build summary, the VoID
description, ``kzgraph stats`` and the server's home page give the same number for the same thing.

- **triples** — distinct triples of the merged graph: a triple stated in several named graphs counts once. The
  size of ``kzgraph.ttl``; VoID's ``void:triples`` of the dataset.
- **quads** — statements in all named graphs together: the lines of ``kzgraph.nq``; the sum of VoID's per-graph
  ``void:triples``.
- **entities** — the resources named ``kzid:<key>`` (no further ``/``): the curated entities and those the table
  parser makes (sessions), not the sources, claims, evidence, observations or datasets, which are minted under
  ``kzid:<kind>/…``. VoID's ``void:entities``, with :data:`ENTITY_REGEX` as its ``void:uriRegexPattern``.
- **classes** — distinct objects of ``rdf:type`` (entailed superclasses included); VoID's ``void:classes``.

All four count the curated dataset (with the VoID description, which is one of its graphs). The graphs of
ingested documents (machine-extracted, ``graph/extracted/…``) are counted apart by ``kzgraph stats``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kzgraph.rdf import namespaces as ns

ENTITY_REGEX = "^" + re.escape(ns.ID) + "[^/]+$"
_ENTITY = re.compile(ENTITY_REGEX)
_RDF_TYPE = ox.NamedNode(ns.PREFIXES["rdf"] + "type")

LABELS = {
    "triples": "distinct triples of the merged graph",
    "quads": "quads in all named graphs",
    "entities": "entities (kzid:<key> resources)",
    "classes": "classes used (rdf:type objects, entailed included)",
}


def is_entity(iri: str) -> bool:
    """Whether ``iri`` names an entity (see the module's description).

    >>> is_entity(ns.entity("apk")), is_entity(ns.source("lee")), is_entity(ns.KZ + "Claim")
    (True, False, False)
    """
    return _ENTITY.match(iri) is not None


@dataclass
class Tally:
    """The counted quantities of a set of quads, extendable by more quads (the VoID description counts itself).

    ``triples`` is the set of distinct triples (any container: :class:`kzgraph.rdf.formats.Serializer` hands over
    the one it built, so it is not hashed twice); :meth:`plus` counts a few more quads without copying it."""

    triples: Collection[ox.Triple] = field(default_factory=set)
    quads: int = 0
    graphs: Counter[str] = field(default_factory=Counter)
    entities: set[str] = field(default_factory=set)
    instances: Counter[ox.NamedNode] = field(default_factory=Counter)
    extra: set[ox.Triple] = field(default_factory=set)

    @classmethod
    def of(cls, quads: Iterable[ox.Quad], *, distinct: Collection[ox.Triple] | None = None) -> Tally:
        """The tally of ``quads``; ``distinct``, when given, must be their distinct triples."""
        quads = list(quads)
        triples = distinct if distinct is not None else dict.fromkeys(q.triple for q in quads).keys()
        graphs = Counter(q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else "" for q in quads)
        tally = cls(triples=triples, quads=len(quads), graphs=graphs)
        for t in triples:
            tally._count(t)
        return tally

    def _count(self, t: ox.Triple) -> None:
        if isinstance(t.subject, ox.NamedNode) and is_entity(t.subject.value):
            self.entities.add(t.subject.value)
        if t.predicate == _RDF_TYPE and isinstance(t.object, ox.NamedNode):
            self.instances[t.object] += 1

    def plus(self, quads: Iterable[ox.Quad]) -> Tally:
        """This tally with ``quads`` added (the distinct triples are shared, not copied)."""
        more = Tally(
            self.triples, self.quads, Counter(self.graphs), set(self.entities), Counter(self.instances), set(self.extra)
        )
        for q in quads:
            more.quads += 1
            more.graphs[q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""] += 1
            t = q.triple
            if t in more.triples or t in more.extra:
                continue
            more.extra.add(t)
            more._count(t)
        return more

    def figures(self) -> dict[str, int]:
        """The four figures, keyed as in :data:`LABELS`."""
        return {
            "triples": len(self.triples) + len(self.extra),
            "quads": self.quads,
            "entities": len(self.entities),
            "classes": len(self.instances),
        }
