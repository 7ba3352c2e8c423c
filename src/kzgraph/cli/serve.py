"""``kzgraph serve``: the read-only linked-data server (SPARQL 1.1 Protocol, entity pages, content negotiation)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from kzgraph.cli import reports_errors, store_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@store_option
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="TOML file of settings under [serve] (docs/server.md lists them); options given here win.",
)
@click.option(
    "--base-iri", default=None, help="The IRI that the server's root stands for: /id/KEY serves BASE-IRI id/KEY."
)
@click.option(
    "--public-url", default=None, help="The URL the public reaches the server at (behind a proxy: its https URL)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=None,
    help="Time limit of a SPARQL or named query, in seconds (0: none); past it the answer is 503.  [default: 30]",
)
@click.option(
    "--query-workers", type=click.IntRange(min=1), default=None, help="Query worker processes (queries at once)."
)
@click.option(
    "--queue-timeout",
    type=click.FloatRange(min=0),
    default=None,
    help="Seconds a query waits for a free worker (then 503).",
)
@click.option(
    "--worker-memory", type=click.IntRange(min=0), default=None, help="Memory limit of each worker in MB (0: none)."
)
@click.option(
    "--service-allow",
    multiple=True,
    help="An endpoint IRI that SERVICE may call (repeat for more); none: SERVICE refused.",
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
    config_file: Path | None,
    base_iri: str | None,
    public_url: str | None,
    timeout: float | None,
    query_workers: int | None,
    queue_timeout: float | None,
    worker_memory: int | None,
    service_allow: tuple[str, ...],
    views_dir: Path | None,
    include_extracted: bool,
    quiet: bool,
) -> None:
    """Serve the graph read-only over HTTP: /sparql, /query/NAME, /id/KEY, /ontology, /graph/NAME, /.

    \b
    kzgraph serve                          # http://127.0.0.1:8000/
    kzgraph serve --port 8080 --store build/store --timeout 10
    kzgraph serve --config serve.toml      # limits, public URL, SERVICE allow-list
    curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/apk
    """
    from kzgraph.web.config import ServerConfig, read_config_file
    from kzgraph.web.server import serve_app

    from_file = read_config_file(config_file) if config_file is not None else {}
    config = ServerConfig(**from_file).with_overrides(
        base_iri=base_iri,
        public_url=public_url,
        timeout=timeout,
        query_workers=query_workers,
        queue_timeout=queue_timeout,
        worker_memory=worker_memory,
        service_allow=service_allow or None,
    )
    if not quiet:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    server = serve_app(store_location, host=host, port=port, config=config, views_dir=views_dir,
                       include_extracted=include_extracted, quiet=quiet)  # fmt: skip
    if config.public_url is None:
        server.app.public_url = server.url
    click.echo(f"kzgraph: serving {server.app.store.location} at {server.url} (SPARQL at {server.url}sparql); "
               "Ctrl-C stops", err=True)  # fmt: skip
    try:
        server.serve_forever()
    finally:
        server.server_close()
