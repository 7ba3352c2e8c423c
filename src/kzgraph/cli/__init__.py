"""The ``kzgraph`` command: a thin layer over the library. Each command calls one library function and
turns kzgraph errors into a one-line message and the error's exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from kzgraph.errors import KzGraphError

F = TypeVar("F", bound=Callable[..., Any])
STORE_HELP = "Store location: a folder (embedded Oxigraph, default build/store) or memory:. Env: KZGRAPH_STORE."


def reports_errors(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KzGraphError as e:
            click.echo(f"kzgraph: error: {e}", err=True)
            report = getattr(e, "report", "")
            if report:
                click.echo(report, err=True)
            sys.exit(e.exit_code)

    return wrapper  # type: ignore[return-value]


def output_option(func: F) -> F:
    """``-o/--output FILE``: write the command's output there (atomically) instead of standard output."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Write to this file (atomically) instead of standard output.",
    )(func)


def store_option(func: F) -> F:
    return click.option("--store", "store_location", envvar="KZGRAPH_STORE", default=None, help=STORE_HELP)(func)


# Commands that live in their own modules, imported only when invoked (``kzgraph --help`` stays fast).
# Each entry: command name -> "module:attribute" of a click command.
LAZY_COMMANDS: dict[str, str] = {
    "query": "kzgraph.cli.query:query",
    "link": "kzgraph.cli.link:link",
    "enrich": "kzgraph.cli.link:enrich",
    "push": "kzgraph.cli.push:push",
    "ingest": "kzgraph.cli.ingest:ingest",
    "candidates": "kzgraph.cli.ingest:candidates",
    "accept": "kzgraph.cli.ingest:accept",
    "remove": "kzgraph.cli.ingest:remove",
    "viz": "kzgraph.cli.viz:viz",
    "serve": "kzgraph.cli.serve:serve",
}


class LazyGroup(click.Group):
    """A group whose extra commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            import importlib

            module, attr = LAZY_COMMANDS[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module), attr)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kzgraph")
def main() -> None:
    """kzgraph: Kazakhstan's interethnic institutions as an evidence-backed knowledge graph.

    Every fact carries its source, exact quote and character offsets.
    """


@main.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help="Folder for the store and the output files.",
)
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Use this data folder (corpus, entities, facts, tables.yaml) instead of the shipped one.",
)
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation (faster; not for releases).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@reports_errors
def build(out: Path, data: Path | None, no_validate: bool, quiet: bool) -> None:
    """Build the graph: check every quote, entail, validate, write the store and files under --out."""
    from kzgraph.pipeline.build import build as run

    say = (lambda _m: None) if quiet else (lambda m: click.echo(f"· {m}", err=True))
    result = run(out=out, data=data, validate=not no_validate, progress=say)
    if quiet:
        return
    click.echo(f"built {result.out}/ in {result.seconds:.2f} s")
    stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.timings.items())
    click.echo(f"  stages         {stages}")
    click.echo(f"  triples        {result.triples}")
    click.echo(f"  claims (facts) {result.claims}")
    click.echo(f"  disagreements  {result.disagreements}")
    if result.warnings:
        click.echo(f"  SHACL warnings {result.warnings}")
    click.echo("  entities per class:")
    for cls, n in result.entities_per_class.items():
        click.echo(f"    {cls:<28} {n}")


@main.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@reports_errors
def stats(store_location: str | None, as_json: bool) -> None:
    """Size of the built graph: triples per named graph, entities per class, claims, disagreements."""
    from kzgraph.query.stats import compute
    from kzgraph.stores import open_store

    with open_store(store_location) as store:
        figures = compute(store)
    if as_json:
        import json

        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    for section, values in figures.items():
        if isinstance(values, dict):
            click.echo(f"{section}:")
            for k, v in values.items():
                click.echo(f"  {k:<60} {v}")
        else:
            click.echo(f"{section}: {values}")


@main.command()
@click.argument("name")
@store_option
@click.option("--include-extracted", is_flag=True, help="Also show machine-extracted statements.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@reports_errors
def describe(name: str, store_location: str | None, include_extracted: bool, as_json: bool) -> None:
    """Every fact about NAME (a label in any language, an id or an IRI), each with its quote and source."""
    from kzgraph.query.describe import describe as run
    from kzgraph.rdf import namespaces as ns
    from kzgraph.stores import open_store

    with open_store(store_location) as store:
        d = run(store, name, include_extracted=include_extracted)
    if as_json:
        import dataclasses
        import json

        click.echo(json.dumps(dataclasses.asdict(d), indent=2, ensure_ascii=False))
        return
    click.echo(ns.compact(d.iri))
    for lang, labels in sorted(d.labels.items()):
        click.echo(f"  [{lang}] " + " | ".join(labels))
    click.echo("  a " + ", ".join(ns.compact(t) for t in d.types))
    for link in d.links:
        click.echo(f"  same as {link}")
    for s in d.statements:
        value = s.value_label or ns.compact(s.value)
        arrow = (
            f"{ns.compact(s.predicate)} → {value}"
            if s.direction == "out"
            else f"← {ns.compact(s.predicate)} of {value}"
        )
        quote = " ".join(s.quote.split())
        click.echo(f"  {arrow}\n      “{quote}” ({s.source} {s.start}-{s.end}, {s.method})")


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld"]), default="trig", show_default=True
)
@output_option
@store_option
@reports_errors
def export(fmt: str, output: Path | None, store_location: str | None) -> None:
    """Export the whole graph in one RDF format (sorted, so exports of the same graph are identical)."""
    from kzgraph.fileio import atomic_write
    from kzgraph.rdf.formats import serialize
    from kzgraph.stores import open_store

    with open_store(store_location) as store:
        data = serialize(list(store.quads()), fmt)
    if output:
        atomic_write(output, data)
    else:
        click.echo(data.decode("utf-8"), nl=False)


@main.command()
@reports_errors
def check() -> None:
    """Check the curated data (ids, properties, every quote) and list all problems; exit 1 if any."""
    from kzgraph.pipeline.build import check_curation

    problems = check_curation()
    for p in problems:
        click.echo(p)
    click.echo(f"{len(problems)} problem(s)", err=True)
    if problems:
        sys.exit(1)
