"""``kzgraph serve``: the read-only linked-data server (SPARQL 1.1 Protocol, entity pages, content negotiation)."""

from __future__ import annotations

from pathlib import Path

import click

from kzgraph.cli import reports_errors, store_option
from kzgraph.rdf.namespaces import BASE


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@store_option
@click.option(
    "--base-iri",
    default=BASE,
    show_default=True,
    help="The IRI that the server's root stands for: /id/KEY serves BASE-IRI id/KEY.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Time limit of a SPARQL or named query, in seconds (0: none); past it the answer is 503.",
)
@click.option(
    "--views",
    "views_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder of network views to serve at /views/ [default: views/ beside the store folder].",
)
@click.option("--include-extracted", is_flag=True, help="Also serve machine-extracted statements.")
@click.option("-q", "--quiet", is_flag=True, help="Do not log requests.")
@reports_errors
def serve(
    *,
    host: str,
    port: int,
    store_location: str | None,
    base_iri: str,
    timeout: float,
    views_dir: Path | None,
    include_extracted: bool,
    quiet: bool,
) -> None:
    """Serve the graph read-only over HTTP: /sparql, /query/NAME, /id/KEY, /ontology, /graph/NAME, /.

    \b
    kzgraph serve                          # http://127.0.0.1:8000/
    kzgraph serve --port 8080 --store build/store --timeout 10
    curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/apk
    """
    from kzgraph.stores import open_store
    from kzgraph.web.server import App, default_views_dir, make_server

    store = open_store(store_location)
    app = App(
        store,
        base_iri=base_iri,
        timeout=timeout or None,
        views_dir=views_dir if views_dir is not None else default_views_dir(store_location),
        include_extracted=include_extracted,
    )
    server = make_server(app, host=host, port=port, quiet=quiet)
    click.echo(f"kzgraph: serving {store.location} at {server.url} (SPARQL at {server.url}sparql); Ctrl-C stops",
               err=True)  # fmt: skip
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()
