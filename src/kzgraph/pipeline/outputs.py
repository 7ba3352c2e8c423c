"""Writing the build's files: every file goes to a staging folder first and is renamed into place."""

from __future__ import annotations

import bisect

import pyoxigraph as ox

from kzgraph.counts import ENTITY_REGEX, Tally
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.terms import Object, as_object, nn, value

FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS = {"trig", "nq", "jsonld"}


class Serializer:
    """Serialises one dataset in every format, sorting it once.

    Dataset formats list the quads by graph, subject, predicate, object; the triple formats get the merged
    graph (a triple asserted in several graphs appears once); the line formats (N-Triples, N-Quads) are
    sorted line by line, so ``sort``-based diffs and checksums agree. The same quads give the same bytes.
    """

    def __init__(self, quads: list[ox.Quad]) -> None:
        self.quads = sorted(quads, key=_quad_key)
        self.triples = sorted(
            dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in self.quads), key=_triple_key
        )

    def add(self, quads: list[ox.Quad]) -> None:
        """Add ``quads`` (a few, e.g. the VoID description) in sorted place, without sorting everything again."""
        for q in sorted(quads, key=_quad_key):
            self.quads.insert(bisect.bisect_right(self.quads, _quad_key(q), key=_quad_key), q)
        for t in sorted(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads), key=_triple_key):
            at = bisect.bisect_left(self.triples, _triple_key(t), key=_triple_key)
            if at == len(self.triples) or self.triples[at] != t:
                self.triples.insert(at, t)

    def __call__(self, fmt: str) -> bytes:
        if fmt not in FORMATS:
            raise ValueError(fmt)
        items: list[ox.Quad] | list[ox.Triple] = self.quads if fmt in DATASET_FORMATS else self.triples
        if fmt in ("nt", "nq"):
            lines = (ox.serialize(items, format=FORMATS[fmt]) or b"").decode("utf-8").splitlines(keepends=True)
            return "".join(sorted(lines)).encode("utf-8")
        return ox.serialize(items, format=FORMATS[fmt], prefixes=ns.PREFIXES) or b""


def _quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    return (value(q.graph_name), value(q.subject), q.predicate.value, value(q.object))


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (value(t.subject), t.predicate.value, value(t.object))


def serialize(quads: list[ox.Quad], fmt: str) -> bytes:
    """``quads`` in format ``fmt`` (one of :data:`FORMATS`), in a stable order."""
    return Serializer(quads)(fmt)


def void_description(dataset: Serializer, files: list[str]) -> tuple[list[ox.Quad], dict[str, int]]:
    """A VoID + DCAT description of the dataset (size, classes, named graphs, distributions), and the figures it
    states (:meth:`kzgraph.counts.Tally.figures`) for the dataset with the description added.

    The description is one of the dataset's graphs, so its figures count it too (see :mod:`kzgraph.counts`): it is
    written again with the figures of the dataset plus its previous draft until the figures stop changing (a few
    rounds; only the numbers change once the shape is settled)."""
    base = Tally.of(dataset.quads)
    own: list[ox.Quad] = []
    for _ in range(8):
        tally = base.copy()
        tally.add(own)
        again = _void_quads(tally, dataset.quads, files)
        if again == own:
            return own, tally.figures()
        own = again
    raise AssertionError("the VoID description's figures did not settle")


def _void_quads(tally: Tally, quads: list[ox.Quad], files: list[str]) -> list[ox.Quad]:
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
    for key in sorted({value(q.object) for q in quads if q.predicate.value == P["prov"] + "wasDerivedFrom"}):
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
    media = {
        "trig": "application/trig",
        "ttl": "text/turtle",
        "jsonld": "application/ld+json",
        "nq": "application/n-quads",
    }
    for f in files:
        ext = f.rsplit(".", 1)[-1]
        dist = nn(f"{ns.DATASET}/distribution/{ext}")
        out += [
            (d, nn(dcat + "distribution"), dist),
            (dist, rdf_type, nn(dcat + "Distribution")),
            (dist, nn(dct + "identifier"), ox.Literal(f)),
            (dist, nn(dcat + "mediaType"), ox.Literal(media.get(ext, "application/octet-stream"))),
        ]
    return [ox.Quad(s, p, o, g) for s, p, o in out]
