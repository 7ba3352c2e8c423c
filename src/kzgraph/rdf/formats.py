"""Formats: the one table from kzgraph's short names (``--format``, ``?format=``) to media types and pyoxigraph
formats, and the one RDF serializer.

The media types and their aliases are pyoxigraph's own (``RdfFormat.from_media_type``,
``QueryResultsFormat.from_extension`` …); this module only names the formats kzgraph offers and fixes one order of
writing, so that the same quads give the same bytes whoever writes them: ``kzgraph build``, ``kzgraph export`` and a
download from ``kzgraph serve``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.terms import value


@dataclass(frozen=True)
class Format:
    """One format kzgraph reads or writes: its short name, its media type, and pyoxigraph's format."""

    name: str
    media_type: str
    rdf: ox.RdfFormat | None = None
    results: ox.QueryResultsFormat | None = None

    @property
    def datasets(self) -> bool:
        """An RDF format that keeps the named graphs (TriG, N-Quads, JSON-LD)."""
        return self.rdf is not None and self.rdf.supports_datasets

    @property
    def line_based(self) -> bool:
        """One statement per line (N-Triples, N-Quads): written sorted line by line, without prefixes."""
        return self.rdf in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)


def _media(media_type: str) -> str:
    return media_type.split(";")[0].strip().lower()


_RDF: dict[str, ox.RdfFormat] = {  # in the order offered (the first is the default for */*)
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
_RESULTS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS: dict[str, Format] = {n: Format(n, _media(f.media_type), rdf=f) for n, f in _RDF.items()}
RESULTS_FORMATS: dict[str, Format] = {n: Format(n, _media(f.media_type), results=f) for n, f in _RESULTS.items()}
FORMATS: dict[str, Format] = {**RDF_FORMATS, **RESULTS_FORMATS}
ALIASES: dict[str, str] = {"turtle": "ttl"}
"""Other names accepted for a format."""
MEDIA_ALIASES = ("application/json", "application/xml", "text/xml")
"""Media types a client may ask results in besides each format's own; pyoxigraph says which format each one means."""


def by_name(name: str) -> Format:
    """The format called ``name`` (``ttl``, ``json`` …); ValueError naming the choices otherwise."""
    found = FORMATS.get(ALIASES.get(name, name))
    if found is None:
        raise ValueError(f"unknown format {name!r} (formats: {', '.join(FORMATS)})")
    return found


def rdf_by_media_type(media_type: str) -> Format | None:
    """The RDF format of a media type (aliases included, parameters ignored), or None."""
    found = ox.RdfFormat.from_media_type(_media(media_type))
    return next((f for f in RDF_FORMATS.values() if f.rdf == found), None) if found is not None else None


def results_by_media_type(media_type: str) -> Format | None:
    """The SPARQL results format of a media type (aliases included, parameters ignored), or None."""
    found = ox.QueryResultsFormat.from_media_type(_media(media_type))
    return next((f for f in RESULTS_FORMATS.values() if f.results == found), None) if found is not None else None


LEGACY_MEDIA_TYPES = {"text/rdf+n3": "text/n3"}
"""Media types some servers still answer with (Virtuoso), and the registered type pyoxigraph knows them by."""


def rdf_parser(media_type: str) -> ox.RdfFormat | None:
    """The pyoxigraph format to read an answer of ``media_type`` with (any RDF syntax pyoxigraph reads), or None."""
    media = _media(media_type)
    return ox.RdfFormat.from_media_type(LEGACY_MEDIA_TYPES.get(media, media))


def rdf_by_extension(path: str | Path) -> Format | None:
    """The RDF format of a file, from its extension (``.trig``, ``.nq``, ``.ttl`` …), or None."""
    found = ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".").lower())
    return next((f for f in RDF_FORMATS.values() if f.rdf == found), None) if found is not None else None


def media_aliases(kind: str) -> dict[str, Format]:
    """Each accepted alias media type of ``kind`` (``rdf`` or ``results``) with the format it means."""
    lookup = rdf_by_media_type if kind == "rdf" else results_by_media_type
    found = {m: lookup(m) for m in MEDIA_ALIASES}
    return {m: f for m, f in found.items() if f is not None and f.media_type != m}


# --- the one serializer ---------------------------------------------------------------------------------------


class Serializer:
    """Serialises one dataset in every RDF format, sorting it once.

    Dataset formats list the quads by graph, subject, predicate, object; the triple formats get the merged
    graph (a triple asserted in several graphs appears once); the line formats (N-Triples, N-Quads) are
    sorted line by line, so ``sort``-based diffs and checksums agree. The same quads give the same bytes.
    """

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.quads = sorted(quads, key=_quad_key)
        # distinct triples in the quads' order, so that triples the sort key ties (the same lexical form in two
        # languages) keep one order from build to build
        self.distinct: dict[ox.Triple, None] = dict.fromkeys(q.triple for q in self.quads)
        self.triples = sorted(self.distinct, key=_triple_key)

    def add(self, quads: list[ox.Quad]) -> None:
        """Add ``quads`` (a few, e.g. the VoID description) in sorted place, without sorting everything again."""
        for q in sorted(quads, key=_quad_key):
            self.quads.insert(bisect.bisect_right(self.quads, _quad_key(q), key=_quad_key), q)
        for t in sorted(dict.fromkeys(q.triple for q in quads if q.triple not in self.distinct), key=_triple_key):
            self.triples.insert(bisect.bisect_left(self.triples, _triple_key(t), key=_triple_key), t)
            self.distinct[t] = None

    def __call__(self, fmt: str) -> bytes:
        f = by_name(fmt)
        if f.rdf is None:
            raise ValueError(f"{fmt!r} is not an RDF format (RDF formats: {', '.join(RDF_FORMATS)})")
        return write(self.quads if f.datasets else self.triples, f)


def write(
    items: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: Format, *, prefixes: Mapping[str, str] | None = None
) -> bytes:
    """``items`` in the order given, in RDF format ``fmt``: line formats sorted line by line, the others with
    kzgraph's prefixes (or ``prefixes``)."""
    assert fmt.rdf is not None
    if fmt.line_based:
        lines = (ox.serialize(items, format=fmt.rdf) or b"").decode("utf-8").splitlines(keepends=True)
        return "".join(sorted(lines)).encode("utf-8")
    return ox.serialize(items, format=fmt.rdf, prefixes=dict(prefixes or ns.PREFIXES)) or b""


def serialize(quads: Iterable[ox.Quad], fmt: str) -> bytes:
    """``quads`` in format ``fmt`` (one of :data:`RDF_FORMATS`), in kzgraph's stable order."""
    return Serializer(quads)(fmt)


def read_quads(path: str | Path) -> list[ox.Quad]:
    """The quads of an RDF file, its format from its extension (a triple format puts them in the default graph)."""
    fmt = rdf_by_extension(path)
    if fmt is None or fmt.rdf is None:
        raise ValueError(f"{path}: not an RDF file kzgraph reads (extensions: {', '.join(RDF_FORMATS)})")
    return list(ox.parse(path=str(path), format=fmt.rdf))


# Sort keys: graph, subject, predicate and object value joined by U+0000, which sorts below every other character,
# so one string orders as the tuple of the four would (terms never hold U+0000) at half the cost of tuple keys.
def _quad_key(q: ox.Quad) -> str:
    return "\x00".join((value(q.graph_name), value(q.subject), q.predicate.value, value(q.object)))


def _triple_key(t: ox.Triple) -> str:
    return "\x00".join((value(t.subject), t.predicate.value, value(t.object)))
