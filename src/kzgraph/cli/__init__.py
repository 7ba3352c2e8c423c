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
STORE_HELP = (
    "Where the graph is: a path (a folder of the embedded Oxigraph store, default build/store, or a build folder), "
    "memory:PATH (an in-memory rdflib dataset loaded from a build folder, a store folder or a dataset file), or "
    "the http(s) URL of a SPARQL 1.1 endpoint. Env: KZGRAPH_STORE."
)


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


def format_option(*choices: str, default: str = "text", help: str | None = None) -> Callable[[F], F]:
    """``--format NAME``, the one way every command chooses its output: ``text`` (or ``table``) for people,
    ``json`` and the other standard formats for programs. ``--json`` is kept, hidden, as ``--format json``."""
    names = choices or ("text", "json")

    def decorate(func: F) -> F:
        @wraps(func)
        def wrapper(*args: Any, json_alias: bool = False, **kwargs: Any) -> Any:
            if json_alias:
                kwargs["fmt"] = "json"
            return func(*args, **kwargs)

        with_alias = click.option("--json", "json_alias", is_flag=True, hidden=True, help="Same as --format json.")
        with_format = click.option(
            "--format",
            "fmt",
            type=click.Choice(names),
            default=default,
            show_default=True,
            help=help or "Output format: text for people, json for programs.",
        )
        return with_format(with_alias(wrapper))  # type: ignore[return-value]

    return decorate


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
    "network-stats": "kzgraph.cli.viz:network_stats",
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
    for line in summary(result):
        click.echo(line)


def summary(result: Any) -> list[str]:
    """The lines ``kzgraph build`` prints about a :class:`~kzgraph.pipeline.build.BuildResult`: each figure with
    what it counts (:mod:`kzgraph.counts`)."""
    from kzgraph.query.stats import TEXT_LABELS

    stages = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in result.timings.items())
    lines = [f"built {result.out}/ in {result.seconds:.2f} s", f"  stages         {stages}"]
    figures = {**result.counts, "claims": result.claims, "disagreements": result.disagreements}
    lines += [f"  {TEXT_LABELS[key]:<52} {n}" for key, n in figures.items()]
    if result.warnings:
        lines.append(f"  {'SHACL warnings':<52} {result.warnings}")
    lines.append(f"  {TEXT_LABELS['entities per class']}:")
    lines += [f"    {cls:<50} {n}" for cls, n in result.entities_per_class.items()]
    return lines


@main.command()
@store_option
@format_option()
@reports_errors
def stats(store_location: str | None, fmt: str) -> None:
    """Size of the built graph: distinct triples, quads, entities, classes, claims, disagreements; quads per named
    graph, entities per class, claims per method; ingested documents counted apart. README.md ("What the counts
    count") says what each figure counts; the build summary, VoID and the server give the same numbers."""
    from kzgraph.query.stats import compute
    from kzgraph.stores import open_store

    with open_store(store_location) as store:
        figures = compute(store)
    if fmt == "json":
        import json

        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    from kzgraph.query.stats import TEXT_LABELS

    for key, values in figures.items():
        if isinstance(values, dict):
            click.echo(f"{TEXT_LABELS[key]}:")
            for k, v in values.items():
                click.echo(f"  {k:<60} {v}")
        else:
            click.echo(f"{TEXT_LABELS[key]:<62} {values}")


@main.command()
@click.argument("name")
@store_option
@click.option("--lang", default="en", show_default=True, help="Language of the names shown (falls back to en).")
@click.option("--include-extracted", is_flag=True, help="Also show machine-extracted statements.")
@format_option()
@reports_errors
def describe(name: str, store_location: str | None, lang: str, include_extracted: bool, fmt: str) -> None:
    """Every fact about NAME (a label in any language, an id, a CURIE such as kzid:apk, or an IRI; else the best
    match of the entity search: misspelt, partial or inflected names, acronyms, sessions by number), each with
    every quote that states it. Where nothing matches well, the best few are offered.

    \b
    kzgraph describe APK
    kzgraph describe "Ассамблея народа Казахстана" --lang ru
    kzgraph describe kzid:mazhilis --format json
    kzgraph describe "Council of Mothers"
    kzgraph describe "20th session"
    """
    from kzgraph.query.describe import describe as run
    from kzgraph.rdf import namespaces as ns
    from kzgraph.stores import open_store

    with open_store(store_location) as store:
        d = run(store, name, include_extracted=include_extracted, lang=lang)
    if fmt == "json":
        import json

        click.echo(json.dumps(d.as_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{d.name} ({ns.compact(d.iri)})")
    for lang_tag, labels in sorted(d.labels.items()):
        click.echo(f"  [{lang_tag}] " + " | ".join(labels))
    click.echo("  a " + ", ".join(ns.compact(t) for t in d.types))
    for link in d.links:
        click.echo(f"  same as {link}")
    for fact in d.facts():
        value = fact.value_label or ns.compact(fact.value)
        prop = ns.compact(fact.predicate)
        click.echo(f"  {prop} → {value}" if fact.direction == "out" else f"  ← {prop} of {value}")
        for ev in fact.evidence:
            quote = " ".join(ev.quote.split())
            click.echo(f"      “{quote}” ({ev.source} {ev.start}-{ev.end}, {ev.method})")


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
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Check this data folder (corpus, entities, facts, tables.yaml) instead of the shipped one.",
)
@reports_errors
def check(data: Path | None) -> None:
    """Check the curated data (ids, properties, order, every quote) and list all problems, each as file:line;
    exit 1 if any."""
    from kzgraph.pipeline.build import check_curation
    from kzgraph.resources import default_files

    problems = check_curation(default_files(data=data))
    for p in problems:
        click.echo(p)
    click.echo(f"{len(problems)} problem(s)", err=True)
    if problems:
        sys.exit(1)
