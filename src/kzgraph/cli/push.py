"""``kzgraph push``: copy the built dataset to a remote SPARQL store (see :mod:`kzgraph.stores.push`)."""

from __future__ import annotations

from pathlib import Path

import click

from kzgraph.cli import format_option, reports_errors


@click.command()
@click.argument("endpoint", envvar="KZGRAPH_REMOTE")
@click.option(
    "--from",
    "source",
    type=click.Path(path_type=Path),
    default=Path("build"),
    show_default=True,
    help="A build folder, an embedded store folder, or a .trig / .nq file.",
)
@click.option(
    "--update-url",
    envvar="KZGRAPH_UPDATE_URL",
    default=None,
    help="SPARQL Update endpoint (default: ENDPOINT, or …/update for Oxigraph's …/query).",
)
@click.option(
    "--gsp-url",
    envvar="KZGRAPH_GSP_URL",
    default=None,
    help="Graph Store Protocol endpoint (default: …/store for Oxigraph's …/query, otherwise none).",
)
@click.option("--user", envvar="KZGRAPH_USER", default=None, help="User name for servers that ask (Basic or Digest).")
@click.option("--password", envvar="KZGRAPH_PASSWORD", default=None, help="Password (better: KZGRAPH_PASSWORD).")
@click.option(
    "--method",
    type=click.Choice(["auto", "gsp", "update"]),
    default="auto",
    show_default=True,
    help="gsp: one PUT per graph (atomic); update: DROP + INSERT DATA; auto: gsp when there is an endpoint.",
)
@click.option(
    "--keep-others", is_flag=True, help="Do not drop remote kzgraph graphs that are not in the local dataset."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds each request may take (writes get more in proportion to their size).",
)
@format_option(help="Report format: text for people, json for programs.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@reports_errors
def push(
    endpoint: str,
    source: Path,
    update_url: str | None,
    gsp_url: str | None,
    user: str | None,
    password: str | None,
    method: str,
    keep_others: bool,
    timeout: float,
    fmt: str,
    quiet: bool,
) -> None:
    """Load the built dataset into the SPARQL store at ENDPOINT (its query URL), graph by graph.

    Each local named graph replaces the remote one; remote kzgraph graphs that no longer exist locally are dropped.
    Prints the triples per graph, as read back from the server. Running it again changes nothing.
    ENDPOINT may carry credentials and the other endpoints:
    http://user:pass@host/sparql#update=URL&gsp=URL. Env: KZGRAPH_REMOTE.
    """
    from kzgraph.rdf import namespaces as ns
    from kzgraph.stores.push import open_target
    from kzgraph.stores.push import push as run

    say = (lambda _m: None) if quiet or fmt == "json" else (lambda m: click.echo(f"· {m}", err=True))
    target = open_target(endpoint, update_url=update_url, gsp_url=gsp_url, user=user, password=password,
                         timeout=timeout)  # fmt: skip
    report = run(source, target, method=method, prune=not keep_others, progress=say)  # type: ignore[arg-type]
    if fmt == "json":
        import dataclasses
        import json

        click.echo(json.dumps(dataclasses.asdict(report), indent=2))
        return
    if quiet:
        return
    click.echo(f"pushed {report.source} to {report.target} ({report.method}) in {report.seconds:.2f} s")
    for g in report.graphs:
        label = ns.compact(g.graph).replace("https://w3id.org/kzgraph/graph/", "graph/")
        click.echo(f"  {label:<40} {g.remote:>8} triples  {g.action}")
    click.echo(f"  {'total':<40} {report.triples:>8} triples")
