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

from kzgraph.errors import SourceError
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.claims import statement
from kzgraph.rdf.terms import Object, nn

COLUMNS = ["id", "qid", "dbpedia", "confidence", "reference", "evidence"]
# Optional trailing columns (files written by ``kzgraph link --accept``): where a reconciled link came from.
PROVENANCE_COLUMNS = ["endpoint", "query", "retrieved"]
PROPERTY = {"certain": "exactMatch", "probable": "closeMatch"}
WIKIDATA = "http://www.wikidata.org/entity/"


@dataclass(frozen=True)
class Link:
    entity: str
    target: str
    confidence: str
    evidence: str
    where: str
    provenance: tuple[str, str, str] | None = None  # endpoint, query, retrieval time (xsd:dateTime)


def load(links_dir: Path, known: set[str]) -> list[Link]:
    """Every link in ``links_dir/*.tsv``; ids must be known entities, QIDs well-formed, and each row must give a
    QID, a DBpedia IRI or both (rows of ``kzgraph link --accept --target dbpedia`` leave the qid empty)."""
    out: list[Link] = []
    root = links_dir.parent.parent
    for path in sorted(links_dir.glob("*.tsv")):
        rows = path.read_text(encoding="utf-8").splitlines()
        header_seen = False
        columns = COLUMNS
        for number, line in enumerate(rows, start=1):
            where = f"{path.relative_to(root)}:{number}"
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if not header_seen:
                if cells[: len(COLUMNS)] != COLUMNS:
                    raise SourceError(f"{where}: header must be {' | '.join(COLUMNS)}")
                if cells == COLUMNS + PROVENANCE_COLUMNS:
                    columns = COLUMNS + PROVENANCE_COLUMNS
                header_seen = True
                continue
            if len(cells) != len(columns):
                raise SourceError(f"{where}: expected {len(columns)} tab-separated columns, found {len(cells)}")
            row = dict(zip(columns, cells, strict=True))
            if row["id"] not in known:
                raise SourceError(f"{where}: unknown entity id '{row['id']}'")
            if row["confidence"] not in PROPERTY:
                raise SourceError(f"{where}: confidence must be 'certain' or 'probable'")
            qid = row["qid"]
            if not qid and not row["dbpedia"]:
                raise SourceError(f"{where}: a link needs a Wikidata QID or a DBpedia IRI")
            if qid and not (qid.startswith("Q") and qid[1:].isdigit()):
                raise SourceError(f"{where}: '{qid}' is not a Wikidata QID")
            prov = None
            if "endpoint" in row:
                if not row["endpoint"].startswith(("http://", "https://")):
                    raise SourceError(f"{where}: endpoint must be an http(s) IRI")
                prov = (row["endpoint"], row["query"], row["retrieved"])
            if qid:  # an empty qid: a DBpedia-only row (a reconciled DBpedia link)
                out.append(Link(row["id"], WIKIDATA + qid, row["confidence"], row["evidence"], where, prov))
            if row["dbpedia"]:
                if not row["dbpedia"].startswith("http://dbpedia.org/resource/"):
                    raise SourceError(f"{where}: DBpedia IRI must start with http://dbpedia.org/resource/")
                out.append(Link(row["id"], row["dbpedia"], row["confidence"], row["evidence"], where, prov))
    return out


def quads(links: list[Link]) -> list[ox.Quad]:
    g = nn(ns.GRAPHS["links"])
    skos, rdf, kz = ns.PREFIXES["skos"], ns.PREFIXES["rdf"], ns.KZ
    out: list[ox.Quad] = []
    for link in links:
        s, p, o = nn(ns.entity(link.entity)), nn(skos + PROPERTY[link.confidence]), nn(link.target)
        record = nn(ns.ID + "link/" + ns.digest(link.entity, link.target))
        about: list[tuple[ox.NamedNode, Object]] = [
            (nn(kz + "linkConfidence"), ox.Literal(link.confidence)),
            (nn(kz + "linkEvidence"), ox.Literal(link.evidence)),
            (nn(kz + "linkRecord"), ox.Literal(link.where)),
        ]
        out += statement(record, nn(kz + "ExternalLink"), (s, p, o), g, about=about)
        if link.provenance:  # a reconciled link: the query that proposed it, where and when
            endpoint, query, retrieved = link.provenance
            prov, activity = ns.PREFIXES["prov"], nn(ns.ID + "reconciliation/" + ns.digest(endpoint, query))
            out += [
                ox.Quad(record, nn(prov + "wasGeneratedBy"), activity, g),
                ox.Quad(record, nn(ns.PREFIXES["dcterms"] + "source"), nn(endpoint), g),
                ox.Quad(activity, nn(rdf + "type"), nn(prov + "Activity"), g),
                ox.Quad(activity, nn(prov + "used"), nn(endpoint), g),
                ox.Quad(activity, nn(ns.PREFIXES["rdfs"] + "comment"), ox.Literal(query), g),
            ]
            if retrieved:
                when = ox.Literal(retrieved, datatype=nn(ns.PREFIXES["xsd"] + "dateTime"))
                out.append(ox.Quad(record, nn(prov + "generatedAtTime"), when, g))
    return out
