"""The ontology as Python reads it: which terms exist, their kinds and ranges, and the axioms to entail."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzgraph.errors import SourceError
from kzgraph.rdf import namespaces as ns

RDF = ns.PREFIXES["rdf"]
RDFS = ns.PREFIXES["rdfs"]
OWL = ns.PREFIXES["owl"]
XSD = ns.PREFIXES["xsd"]

RDF_TYPE = RDF + "type"
TEMPORAL = ns.KZ + "TemporalValue"


@dataclass
class Ontology:
    """Terms and axioms of ``ontology/kzgraph.ttl`` plus the imported vocabulary axioms."""

    quads: list  # pyoxigraph.Quad, in the ontology graph
    classes: set[str] = field(default_factory=set)
    object_properties: set[str] = field(default_factory=set)
    datatype_properties: set[str] = field(default_factory=set)
    annotation_properties: set[str] = field(default_factory=set)
    functional: set[str] = field(default_factory=set)
    symmetric: set[str] = field(default_factory=set)
    transitive: set[str] = field(default_factory=set)
    ranges: dict[str, str] = field(default_factory=dict)
    individuals: set[str] = field(default_factory=set)
    sub_class: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    sub_property: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    inverse: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def properties(self) -> set[str]:
        return self.object_properties | self.datatype_properties | self.annotation_properties

    def is_temporal(self, prop: str) -> bool:
        return self.ranges.get(prop) == TEMPORAL

    def superclasses(self, cls: str) -> set[str]:
        return _closure(cls, self.sub_class)

    def superproperties(self, prop: str) -> set[str]:
        return _closure(prop, self.sub_property)

    def kz_terms(self) -> list[str]:
        """Local names of every term the ontology defines in the kz namespace, sorted."""
        terms = self.classes | self.properties | self.individuals | {TEMPORAL}
        return sorted(t[len(ns.KZ) :] for t in terms if t.startswith(ns.KZ))


def _closure(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        x = todo.pop()
        if x not in seen:
            seen.add(x)
            todo.extend(edges.get(x, ()))
    return seen


def _parse(path: Path, graph: str) -> list:
    import pyoxigraph as ox

    try:
        with path.open("rb") as f:
            triples = list(ox.parse(f, format=ox.RdfFormat.TURTLE, base_iri=ns.ONTOLOGY))
    except FileNotFoundError:
        raise SourceError(f"{path}: ontology file is missing") from None
    except SyntaxError as e:
        raise SourceError(f"{path}: {e}") from None
    # Blank nodes get stable names from their order in the file, so outputs stay byte-identical.
    names: dict[str, ox.NamedNode] = {}

    def skolem(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            key = term.value
            if key not in names:
                names[key] = ox.NamedNode(f"{ns.ONTOLOGY}/genid/{path.stem}-{len(names) + 1}")
            return names[key]
        return term

    g = ox.NamedNode(graph)
    return [ox.Quad(skolem(t.subject), t.predicate, skolem(t.object), g) for t in triples]


def load(ontology_file: Path, imports_file: Path) -> Ontology:
    """Read the ontology and the imported axioms."""
    quads = _parse(ontology_file, ns.GRAPHS["ontology"]) + _parse(imports_file, ns.GRAPHS["ontology"])
    onto = Ontology(quads=quads)
    kinds = {
        OWL + "Class": onto.classes,
        RDFS + "Datatype": onto.classes,
        OWL + "ObjectProperty": onto.object_properties,
        OWL + "DatatypeProperty": onto.datatype_properties,
        OWL + "AnnotationProperty": onto.annotation_properties,
        OWL + "FunctionalProperty": onto.functional,
        OWL + "SymmetricProperty": onto.symmetric,
        OWL + "TransitiveProperty": onto.transitive,
        OWL + "NamedIndividual": onto.individuals,
    }
    for q in quads:
        s, p, o = q.subject.value, q.predicate.value, q.object.value
        if p == RDF_TYPE and o in kinds:
            kinds[o].add(s)
        elif p == RDFS + "subClassOf":
            onto.sub_class[s].add(o)
        elif p == RDFS + "subPropertyOf":
            onto.sub_property[s].add(o)
        elif p == OWL + "inverseOf":
            onto.inverse[s].add(o)
            onto.inverse[o].add(s)
        elif p == RDFS + "range":
            onto.ranges[s] = o
    for q in quads:  # individuals are also whatever is typed with a kz class
        s = q.subject.value
        if (
            q.predicate.value == RDF_TYPE
            and q.object.value in onto.classes
            and s.startswith(ns.KZ)
            and s not in onto.classes
        ):
            onto.individuals.add(s)
    for prop in onto.symmetric:
        onto.inverse[prop].add(prop)
    return onto
