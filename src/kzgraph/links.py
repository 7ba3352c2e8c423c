"""Curated links to external linked data (``data/links/*.tsv``) as quads of the ``links`` graph.

Links are ``skos:exactMatch`` (confidence ``certain``) or ``skos:closeMatch`` (``probable``), not
``owl:sameAs``: our entities are the sources' entities as we model them, and owl:sameAs would make every
Wikidata statement a statement of ours (mixing external facts into curated ones and, through our
single-valued properties, turning any difference of dates into a contradiction). SKOS mapping properties
say "the same thing" without importing the other side's assertions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kzgraph import namespaces as ns
from kzgraph.errors import SourceError
from kzgraph.graphbuild import nn

COLUMNS = ["id", "qid", "dbpedia", "confidence", "reference", "evidence"]
PROPERTY = {"certain": "exactMatch", "probable": "closeMatch"}
WIKIDATA = "http://www.wikidata.org/entity/"


@dataclass(frozen=True)
class Link:
    entity: str
    target: str
    confidence: str
    evidence: str
    where: str


def load(links_dir: Path, known: set[str]) -> list[Link]:
    """Every link in ``links_dir/*.tsv``; ids must be known entities and QIDs well-formed."""
    out: list[Link] = []
    root = links_dir.parent.parent
    for path in sorted(links_dir.glob("*.tsv")):
        rows = path.read_text(encoding="utf-8").splitlines()
        header_seen = False
        for number, line in enumerate(rows, start=1):
            where = f"{path.relative_to(root)}:{number}"
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if not header_seen:
                if cells[: len(COLUMNS)] != COLUMNS:
                    raise SourceError(f"{where}: header must be {' | '.join(COLUMNS)}")
                header_seen = True
                continue
            if len(cells) != len(COLUMNS):
                raise SourceError(f"{where}: expected {len(COLUMNS)} tab-separated columns, found {len(cells)}")
            row = dict(zip(COLUMNS, cells, strict=True))
            if row["id"] not in known:
                raise SourceError(f"{where}: unknown entity id '{row['id']}'")
            if row["confidence"] not in PROPERTY:
                raise SourceError(f"{where}: confidence must be 'certain' or 'probable'")
            qid = row["qid"]
            if not (qid.startswith("Q") and qid[1:].isdigit()):
                raise SourceError(f"{where}: '{qid}' is not a Wikidata QID")
            out.append(Link(row["id"], WIKIDATA + qid, row["confidence"], row["evidence"], where))
            if row["dbpedia"]:
                if not row["dbpedia"].startswith("http://dbpedia.org/resource/"):
                    raise SourceError(f"{where}: DBpedia IRI must start with http://dbpedia.org/resource/")
                out.append(Link(row["id"], row["dbpedia"], row["confidence"], row["evidence"], where))
    return out


def quads(links: list[Link]) -> list[ox.Quad]:
    g = nn(ns.GRAPHS["links"])
    skos, rdf, kz = ns.PREFIXES["skos"], ns.PREFIXES["rdf"], ns.KZ
    out: list[ox.Quad] = []
    for link in links:
        s, p, o = nn(ns.entity(link.entity)), nn(skos + PROPERTY[link.confidence]), nn(link.target)
        record = nn(ns.ID + "link/" + ns.digest(link.entity, link.target))
        out += [
            ox.Quad(s, p, o, g),
            ox.Quad(record, nn(rdf + "type"), nn(kz + "ExternalLink"), g),
            ox.Quad(record, nn(rdf + "subject"), s, g),
            ox.Quad(record, nn(rdf + "predicate"), p, g),
            ox.Quad(record, nn(rdf + "object"), o, g),
            ox.Quad(record, nn(kz + "linkConfidence"), ox.Literal(link.confidence), g),
            ox.Quad(record, nn(kz + "linkEvidence"), ox.Literal(link.evidence), g),
            ox.Quad(record, nn(kz + "linkRecord"), ox.Literal(link.where), g),
        ]
    return out
