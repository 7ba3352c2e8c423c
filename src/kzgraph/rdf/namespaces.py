"""IRIs that kzgraph mints. Every IRI is derived from a stable key, never from a counter or a random id."""

from __future__ import annotations

import hashlib

BASE = "https://w3id.org/kzgraph/"
ONTOLOGY = BASE + "ontology"
KZ = ONTOLOGY + "#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
DATASET = BASE + "dataset"

PREFIXES: dict[str, str] = {
    "kz": KZ,
    "kzid": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "qb": "http://purl.org/linked-data/cube#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "time": "http://www.w3.org/2006/time#",
    "cito": "http://purl.org/spar/cito/",
    "fabio": "http://purl.org/spar/fabio/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
    "dbr": "http://dbpedia.org/resource/",
}


def entity(key: str) -> str:
    return ID + key


def source(key: str) -> str:
    return ID + "source/" + key


def graph(name: str) -> str:
    return GRAPH + name


def source_graph(key: str) -> str:
    """The named graph holding the triples that source ``key`` asserts."""
    return GRAPH + "source/" + key


def digest(*parts: str, length: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def expand(curie: str) -> str:
    """Expand ``prefix:local`` (or a bare kz local name) to a full IRI."""
    if curie.startswith(("http://", "https://", "urn:")):
        return curie
    if ":" in curie:
        prefix, local = curie.split(":", 1)
        if prefix not in PREFIXES:
            raise KeyError(prefix)
        return PREFIXES[prefix] + local
    return KZ + curie


def compact(iri: str) -> str:
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best = ns
            found = prefix
    if not best:
        return iri
    return f"{found}:{iri[len(best) :]}"


GRAPHS = {
    "ontology": graph("ontology"),
    "corpus": graph("corpus"),
    "labels": graph("labels"),
    "provenance": graph("provenance"),
    "conflicts": graph("conflicts"),
    "inferred": graph("inferred"),
    "links": graph("links"),
    "void": graph("void"),
}
