"""Writing the build's files (in :mod:`kzgraph.rdf.formats`' one order) and their VoID description."""

from __future__ import annotations

import pyoxigraph as ox

from kzgraph.counts import ENTITY_REGEX, Tally
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.formats import RDF_FORMATS, Serializer, by_name, serialize
from kzgraph.rdf.terms import Object, as_object, nn, value

__all__ = ["Serializer", "serialize", "void_description"]


def void_description(dataset: Serializer, files: list[str]) -> tuple[list[ox.Quad], dict[str, int]]:
    """A VoID + DCAT description of the dataset (size, classes, named graphs, distributions), and the figures it
    states (:meth:`kzgraph.counts.Tally.figures`) for the dataset with the description added.

    The description is one of the dataset's graphs, so its figures count it too (see :mod:`kzgraph.counts`): it is
    written again with the figures of the dataset plus its previous draft until the figures stop changing (a few
    rounds; only the numbers change once the shape is settled)."""
    base = Tally.of(dataset.quads, distinct=dataset.distinct)
    sources = sorted(
        {value(q.object) for q in dataset.quads if q.predicate.value == ns.PREFIXES["prov"] + "wasDerivedFrom"}
    )
    own: list[ox.Quad] = []
    for _ in range(8):
        tally = base.plus(own)
        again = _void_quads(tally, sources, files)
        if again == own:
            return own, tally.figures()
        own = again
    raise AssertionError("the VoID description's figures did not settle")


def _void_quads(tally: Tally, derived_from: list[str], files: list[str]) -> list[ox.Quad]:
    P = ns.PREFIXES
    g = nn(ns.GRAPHS["void"])
    d = nn(ns.DATASET)
    void, dcat, dct = P["void"], P["dcat"], P["dcterms"]
    rdf_type = nn(P["rdf"] + "type")
    figures = tally.figures()

    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=nn(P["xsd"] + "integer"))

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
        (d, nn(void + "uriRegexPattern"), ox.Literal(ENTITY_REGEX)),
        (d, nn(void + "vocabulary"), nn(ns.KZ)),
        (d, nn(void + "triples"), integer(figures["triples"])),
        (d, nn(void + "entities"), integer(figures["entities"])),
        (d, nn(void + "classes"), integer(figures["classes"])),
    ]
    for key in derived_from:
        if key.startswith(ns.ID + "source/"):
            out.append((d, nn(P["prov"] + "wasDerivedFrom"), nn(key)))
    for cls, n in sorted(tally.instances.items(), key=lambda kv: value(kv[0])):
        part = nn(f"{ns.DATASET}/class/{ns.digest(value(cls))}")
        out += [
            (d, nn(void + "classPartition"), part),
            (part, nn(void + "class"), as_object(cls)),
            (part, nn(void + "entities"), integer(n)),
        ]
    for name, n in sorted(tally.graphs.items()):
        sub = nn(name)
        out += [
            (d, nn(void + "subset"), sub),
            (sub, rdf_type, nn(void + "Dataset")),
            (sub, nn(void + "triples"), integer(n)),
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
