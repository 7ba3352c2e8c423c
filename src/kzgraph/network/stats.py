"""The ranking ``kzgraph network-stats`` prints: every entity of the graph (or of one view) by a centrality, with
its other measures, k-core and community, as rows, a text table or CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from kzgraph.network.analysis import Analysis, analyse, entity_graph, ranking, undirected
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Store

COLUMNS = ("rank", "label", "class", "degree", "betweenness", "eigenvector", "core", "community", "entity")


def network_ranking(
    store: Store, *, view: str | None = None, by: str = "betweenness"
) -> tuple[list[dict[str, Any]], Analysis]:
    """Rows of :data:`COLUMNS`, the most central first, for the whole entity graph or for the network of ``view``
    (any view ``kzgraph viz`` draws without arguments, e.g. ``institutions``)."""
    from kzgraph.viz import extract
    from kzgraph.viz.views import view_network

    data = extract.load(store)
    if view is None:
        found = analyse(entity_graph(data))
    else:
        net = view_network(store, data, view)
        found = analyse(undirected(((e.source, e.target, e.weight) for e in net.edges), [n.iri for n in net.nodes]))
    labels = {
        iri: node.labels.get("en") or next(iter(node.labels.values()), iri)
        for iri, node in data.nodes.items()
        if iri in found.degree
    }
    rows = ranking(found, by=by, labels=labels)
    for row in rows:
        node = data.nodes.get(row["node"])
        row["class"] = data.label(node.cls) if node is not None else ""
        row["entity"] = ns.compact(row.pop("node"))
    return [{c: row[c] for c in COLUMNS} for row in rows], found


def _cell(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def as_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([_cell(row[c]) for c in COLUMNS] for row in rows)
    return out.getvalue()


def as_table(rows: list[dict[str, Any]], *, width: int = 48) -> str:
    """A fixed-width text table (labels longer than ``width`` shortened with an ellipsis)."""
    cells = [[c for c in COLUMNS]]
    for row in rows:
        line = [_cell(row[c]) for c in COLUMNS]
        line[1] = line[1] if len(line[1]) <= width else line[1][: width - 1] + "…"
        cells.append(line)
    sizes = [max(len(r[i]) for r in cells) for i in range(len(COLUMNS))]
    numeric = {0, 3, 4, 5, 6, 7}
    return (
        "\n".join(
            "  ".join(v.rjust(sizes[i]) if i in numeric else v.ljust(sizes[i]) for i, v in enumerate(r)).rstrip()
            for r in cells
        )
        + "\n"
    )
