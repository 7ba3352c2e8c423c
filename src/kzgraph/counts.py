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
from collections.abc import Iterable
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
    """The counted quantities of a set of quads, extendable by more quads (the VoID description counts itself)."""

    triples: set[ox.Triple] = field(default_factory=set)
    quads: int = 0
    graphs: Counter[str] = field(default_factory=Counter)
    entities: set[str] = field(default_factory=set)
    instances: Counter[ox.NamedNode] = field(default_factory=Counter)

    @classmethod
    def of(cls, quads: Iterable[ox.Quad]) -> Tally:
        tally = cls()
        tally.add(quads)
        return tally

    def add(self, quads: Iterable[ox.Quad]) -> None:
        for q in quads:
            self.quads += 1
            self.graphs[q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""] += 1
            t = ox.Triple(q.subject, q.predicate, q.object)
            if t in self.triples:
                continue
            self.triples.add(t)
            if isinstance(q.subject, ox.NamedNode) and is_entity(q.subject.value):
                self.entities.add(q.subject.value)
            if q.predicate == _RDF_TYPE and isinstance(q.object, ox.NamedNode):
                self.instances[q.object] += 1

    def copy(self) -> Tally:
        return Tally(set(self.triples), self.quads, Counter(self.graphs), set(self.entities), Counter(self.instances))

    def figures(self) -> dict[str, int]:
        """The four figures, keyed as in :data:`LABELS`."""
        return {
            "triples": len(self.triples),
            "quads": self.quads,
            "entities": len(self.entities),
            "classes": len(self.instances),
        }
