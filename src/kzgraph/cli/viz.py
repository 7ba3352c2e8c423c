"""``kzgraph viz``: write one network view as a self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from kzgraph.cli import reports_errors, store_option


@click.command()
@click.argument("view", required=False)
@click.argument("entity", required=False)
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
@store_option
@reports_errors
def viz(
    view: str | None,
    entity: str | None,
    output: Path | None,
    depth: int,
    query_file: Path | None,
    store_location: str | None,
) -> None:
    """Draw VIEW as an interactive HTML network that works offline.

    Views: institutions, documents, sessions, ethnic-groups, co-mentions (of ingested documents), ego ENTITY
    [--depth N], or --query FILE.rq.
    """
    from kzgraph.errors import QueryError
    from kzgraph.fileio import atomic_write
    from kzgraph.stores import open_store
    from kzgraph.viz import render_view

    if query_file is None and not view:
        raise QueryError(
            "name a VIEW (institutions, documents, sessions, ethnic-groups, co-mentions, ego ENTITY) or pass --query"
        )
    if view == "ego" and not entity:
        raise QueryError("usage: kzgraph viz ego ENTITY [--depth N]")
    if view != "ego" and entity:
        raise QueryError(f"unexpected argument '{entity}' (only the ego view takes an ENTITY)")
    query = query_file.read_text(encoding="utf-8") if query_file else None
    with open_store(store_location) as store:
        html = render_view(store, view or "query", entity=entity, depth=depth, query=query)
    name = "query" if query_file and not view else (view or "query")
    target = output or Path(f"{name}.html")
    atomic_write(target, html)
    click.echo(f"wrote {target}")
