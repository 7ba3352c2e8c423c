"""Writing the build's files (in :mod:`kzgraph.rdf.formats`' one order) and their VoID description."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.formats import RDF_FORMATS, Serializer, by_name, serialize
from kzgraph.rdf.terms import Object, as_object, nn, value

__all__ = ["Serializer", "serialize", "void_description"]


def void_description(dataset: Serializer, files: list[str]) -> list[ox.Quad]:
    """A VoID + DCAT description of the dataset: size, classes, named graphs, distributions."""
    P = ns.PREFIXES
    g = nn(ns.GRAPHS["void"])
    d = nn(ns.DATASET)
    void, dcat, dct = P["void"], P["dcat"], P["dcterms"]
    rdf_type = nn(P["rdf"] + "type")
    quads, triples = dataset.quads, dataset.triples  # the distinct triples, already computed for the writing
    subjects = {t.subject for t in triples if value(t.subject).startswith(ns.ID)}
    classes = Counter(t.object for t in triples if t.predicate == rdf_type)
    graphs = Counter(value(q.graph_name) for q in quads)
    out: list[tuple[ox.NamedNode, ox.NamedNode, Object]] = [
        (d, rdf_type, nn(void + "Dataset")),
        (d, rdf_type, nn(dcat + "Dataset")),
        (d, nn(dct + "title"), ox.Literal("kzgraph: Kazakhstan's interethnic institutional mechanisms", language="en")),
        (
            d,
            nn(dct + "description"),
            ox.Literal(
                "A knowledge graph of the institutions, documents, events and statistics of interethnic relations in "
                "Kazakhstan, every fact with its quote and character offsets in the source texts.",
                language="en",
            ),
        ),
        (d, nn(void + "uriSpace"), ox.Literal(ns.ID)),
        (d, nn(void + "vocabulary"), nn(ns.KZ)),
        (d, nn(void + "triples"), ox.Literal(str(len(triples)), datatype=nn(P["xsd"] + "integer"))),
        (d, nn(void + "entities"), ox.Literal(str(len(subjects)), datatype=nn(P["xsd"] + "integer"))),
        (d, nn(void + "classes"), ox.Literal(str(len(classes)), datatype=nn(P["xsd"] + "integer"))),
    ]
    for key in sorted({value(q.object) for q in quads if q.predicate.value == P["prov"] + "wasDerivedFrom"}):
        if key.startswith(ns.ID + "source/"):
            out.append((d, nn(P["prov"] + "wasDerivedFrom"), nn(key)))
    for cls, n in sorted(classes.items(), key=lambda kv: value(kv[0])):
        part = nn(f"{ns.DATASET}/class/{ns.digest(value(cls))}")
        out += [
            (d, nn(void + "classPartition"), part),
            (part, nn(void + "class"), as_object(cls)),
            (part, nn(void + "entities"), ox.Literal(str(n), datatype=nn(P["xsd"] + "integer"))),
        ]
    for name, n in sorted(graphs.items()):
        sub = nn(name)
        out += [
            (d, nn(void + "subset"), sub),
            (sub, rdf_type, nn(void + "Dataset")),
            (sub, nn(void + "triples"), ox.Literal(str(n), datatype=nn(P["xsd"] + "integer"))),
        ]
    for f in files:
        ext = f.rsplit(".", 1)[-1]
        media = by_name(ext).media_type if ext in RDF_FORMATS else "application/octet-stream"
        dist = nn(f"{ns.DATASET}/distribution/{ext}")
        out += [
            (d, nn(dcat + "distribution"), dist),
            (dist, rdf_type, nn(dcat + "Distribution")),
            (dist, nn(dct + "identifier"), ox.Literal(f)),
            (dist, nn(dcat + "mediaType"), ox.Literal(media)),
        ]
    return [ox.Quad(s, p, o, g) for s, p, o in out]
