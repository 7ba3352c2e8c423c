"""How much of each paper the graph models: the checklists of ``data/coverage/<source>.yaml``.

Each checklist lists every sentence of a paper's body (a table is one row) with its status: ``modelled`` (with the
facts, by subject and property, that state it), ``out-of-scope`` (a factual statement deliberately left out, with the
reason) or ``not-factual`` (opinion, method, structure, rhetoric, with the reason). Coverage is
modelled / (modelled + out-of-scope). :func:`problems` checks a checklist against the sources and the built graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kzgraph import fileio as yamlfile
from kzgraph.errors import SourceError
from kzgraph.pipeline.corpus import Source
from kzgraph.pipeline.evidence import LocateFailure
from kzgraph.pipeline.ontology import RDF_TYPE
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.terms import value

STATUSES = ("modelled", "out-of-scope", "not-factual")


@dataclass
class Row:
    quote: str
    status: str
    where: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""


@dataclass
class Checklist:
    source: str
    rows: list[Row]

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def coverage(self) -> float:
        """Modelled factual statements over all factual statements."""
        modelled, left_out = self.count("modelled"), self.count("out-of-scope")
        return modelled / (modelled + left_out) if modelled + left_out else 0.0


def load(path: Path) -> Checklist:
    data = yamlfile.load(path)
    if not isinstance(data, dict) or "source" not in data or not isinstance(data.get("sections"), list):
        raise SourceError(f"{path}: expected 'source:' and a 'sections:' list")
    rows: list[Row] = []
    for section in data["sections"]:
        for item in section.get("statements", []):
            where = f"{path}:{item.get(yamlfile.LINE, '?')}"
            status = item.get("status")
            if status not in STATUSES:
                raise SourceError(f"{where}: status must be one of {', '.join(STATUSES)}")
            facts = [(str(f["s"]), str(f["p"])) for f in item.get("facts") or []]
            rows.append(Row(" ".join(str(item["quote"]).split()), status, where, facts, str(item.get("reason") or "")))
    return Checklist(str(data["source"]), rows)


def problems(checklist: Checklist, source: Source, quads: list[ox.Quad]) -> list[str]:
    """Every row whose quote is not in the source, whose facts are not in the source's graph, or that lacks a reason."""
    graph = ns.source_graph(checklist.source)
    stated = {
        (value(q.subject), value(q.predicate)) for q in quads if value(q.graph_name) == graph
    }  # what this source asserts
    text = source.searchable
    out: list[str] = []
    for r in checklist.rows:
        found = text.locate(r.quote)
        if isinstance(found, LocateFailure) and found.count == 0:
            out.append(f"{r.where}: quote not found in '{checklist.source}': {r.quote[:60]!r}")
        if r.status == "modelled":
            if not r.facts:
                out.append(f"{r.where}: a modelled statement names the facts that model it")
            for s, p in r.facts:
                prop = RDF_TYPE if p == "rdf:type" else ns.expand(p)
                if (ns.entity(s), prop) not in stated:
                    out.append(f"{r.where}: no fact ({s}, {p}) in '{checklist.source}'")
        elif not r.reason:
            out.append(f"{r.where}: a statement that is {r.status} needs a reason")
    return out
