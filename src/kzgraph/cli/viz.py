"""``kzgraph viz``: write one network view as a self-contained HTML file; ``kzgraph network-stats``: rank the
entities by centrality."""

from __future__ import annotations

from pathlib import Path

import click

from kzgraph.cli import format_option, output_option, reports_errors, store_option


@click.command()
@click.argument("view", required=False)
@click.argument("entity", required=False)
@click.argument("other", required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="HTML file to write (default: VIEW.html in the current folder).",
)
@click.option(
    "--depth", type=click.IntRange(min=1), default=1, show_default=True, help="Steps around ENTITY (ego view)."
)
@click.option(
    "--query",
    "query_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="A SPARQL CONSTRUCT, or a SELECT with ?source ?target columns, drawn as a network.",
)
@click.option(
    "--renderer",
    type=click.Choice(["kzgraph", "pyvis"]),
    default="kzgraph",
    show_default=True,
    help="kzgraph's canvas viewer, or a vis-network page written through pyvis (offline too).",
)
@store_option
@reports_errors
def viz(
    view: str | None,
    entity: str | None,
    other: str | None,
    output: Path | None,
    depth: int,
    query_file: Path | None,
    renderer: str,
    store_location: str | None,
) -> None:
    """Draw VIEW as an interactive HTML network that works offline.

    Views: institutions, documents, sessions, ethnic-groups, co-mentions (of ingested documents), ego ENTITY
    [--depth N], path A B (the shortest paths between two entities, with each relation's evidence), or
    --query FILE.rq.
    """
    from kzgraph.errors import QueryError
    from kzgraph.fileio import atomic_write
    from kzgraph.stores import open_store
    from kzgraph.viz import render_view

    if query_file is None and not view:
        raise QueryError(
            "name a VIEW (institutions, documents, sessions, ethnic-groups, co-mentions, ego ENTITY) or pass --query"
        )
    if view == "ego" and (not entity or other):
        raise QueryError("usage: kzgraph viz ego ENTITY [--depth N]")
    if view == "path" and not (entity and other):
        raise QueryError("usage: kzgraph viz path A B")
    if view not in ("ego", "path") and entity:
        raise QueryError(f"unexpected argument '{entity}' (only the ego and path views take entities)")
    query = query_file.read_text(encoding="utf-8") if query_file else None
    with open_store(store_location) as store:
        html = render_view(
            store, view or "query", entity=entity, other=other, depth=depth, query=query, renderer=renderer
        )
    name = "query" if query_file and not view else (view or "query")
    target = output or Path(f"{name}.html")
    atomic_write(target, html)
    click.echo(f"wrote {target}")


@click.command("network-stats")
@click.argument("view", required=False)
@click.option(
    "--by",
    type=click.Choice(["degree", "betweenness", "eigenvector"]),
    default="betweenness",
    show_default=True,
    help="The centrality to rank by.",
)
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True, help="Rows to print (0: all).")
@format_option("table", "csv", "json", default="table", help="table for people, csv or json for programs.")
@output_option
@store_option
@reports_errors
def network_stats(
    view: str | None, by: str, top: int, fmt: str, output: Path | None, store_location: str | None
) -> None:
    """Rank the entities by centrality, computed by networkx: degree, betweenness, eigenvector, k-core and
    Louvain community, for the whole graph or for the network of one VIEW.

    kzgraph network-stats --by eigenvector --top 10
    kzgraph network-stats institutions --format csv
    """
    import json

    from kzgraph.fileio import atomic_write
    from kzgraph.network.stats import as_csv, as_table, network_ranking
    from kzgraph.stores import open_store

    with open_store(store_location) as store:
        rows, found = network_ranking(store, view=view, by=by)
    shown = rows[:top] if top else rows
    if fmt == "csv":
        text = as_csv(shown)
    elif fmt == "json":
        text = json.dumps(shown, ensure_ascii=False, indent=2) + "\n"
    else:
        scope = f"the {view} view" if view else "the whole graph"
        sample = " (betweenness estimated from a seeded sample of sources)" if found.sampled else ""
        text = (
            f"{len(rows)} entities of {scope}, by {by}{sample}; {len(found.communities())} Louvain communities, "
            f"modularity {found.modularity:.3f}\n" + as_table(shown)
        )
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text.encode("utf-8"))
        click.echo(f"wrote {output}")
