"""``kzgraph query``: run a named query from the catalogue, or SPARQL text, and print the answer.

Output format: ``--format`` wins; otherwise ``table`` when standard output is a terminal, and when it is not
(a pipe or ``--output``) ``csv`` for SELECT/ASK and ``ttl`` for CONSTRUCT/DESCRIBE, the plainest standard formats
for other programs. Imports stay inside the function so ``kzgraph query NAME`` starts fast.

Federated queries (``SERVICE``; ``queries/federated-*.rq``) call remote endpoints through
:mod:`kzgraph.query.federation`: ``--service NAME=URL`` (repeatable, over ``$KZGRAPH_SERVICES``) points a service
the query declares elsewhere; ``--contact``, ``--cache-dir``, ``--offline`` and ``--service-timeout`` configure the
HTTP client as for ``kzgraph link``. A failed ``SERVICE`` exits with code 3; a failed ``SERVICE SILENT`` is reported
on standard error and the local rows are printed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kzgraph.cli import output_option, reports_errors, store_option
from kzgraph.rdf.formats import RDF_FORMATS, RESULTS_FORMATS

FORMATS = ["table", *RESULTS_FORMATS, *RDF_FORMATS, "markdown"]  # results formats for SELECT/ASK, RDF for graphs


@click.command()
@click.argument("name", required=False)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries (with --format markdown: docs).")
@click.option("-e", "--expression", "expression", default=None, help="SPARQL text to run.")
@click.option(
    "-f",
    "--file",
    "file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Read SPARQL from this file ('-' as NAME reads standard input).",
)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of the named query.")
@click.option("--lang", default="en", show_default=True, help="Label language preference (falls back to en).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: table on a terminal, else csv (SELECT/ASK) or ttl (graphs)].",
)
@output_option
@click.option("--include-extracted", is_flag=True, help="Also query machine-extracted statements.")
@click.option("--timeout", type=float, default=None, help="Give up after this many seconds.")
@click.option("--show", is_flag=True, help="Print the SPARQL that would run (parameters bound) and stop.")
@click.option(
    "--service",
    "services",
    multiple=True,
    metavar="NAME=URL",
    help="Endpoint of a service a federated query declares (e.g. wikidata=URL); repeatable. Env: KZGRAPH_SERVICES.",
)
@click.option(
    "--contact",
    default=None,
    envvar="KZGRAPH_CONTACT",
    help="Your e-mail or URL, sent in the User-Agent of SERVICE calls (required online). Env: KZGRAPH_CONTACT.",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Cache of SERVICE answers (default ~/.cache/kzgraph/sparql). Env: KZGRAPH_CACHE_DIR.",
)
@click.option("--offline", is_flag=True, help="SERVICE calls use cached answers only; a cache miss is an error.")
@click.option(
    "--service-timeout", type=float, default=30.0, show_default=True, help="Seconds per SERVICE HTTP request."
)
@store_option
@reports_errors
def query(
    name: str | None,
    list_queries: bool,
    expression: str | None,
    file: Path | None,
    params: tuple[str, ...],
    lang: str,
    fmt: str | None,
    output: Path | None,
    include_extracted: bool,
    timeout: float | None,
    show: bool,
    services: tuple[str, ...],
    contact: str | None,
    cache_dir: Path | None,
    offline: bool,
    service_timeout: float,
    store_location: str | None,
) -> None:
    """Run named query NAME (see --list), SPARQL given with -e or -f, or SPARQL from standard input (NAME '-').

    \b
    kzgraph query --list
    kzgraph query apk-sessions --lang ru
    kzgraph query census --param group=Koreans --format csv
    kzgraph query -e 'SELECT ?b WHERE { ?b a kz:StateBody }'
    kzgraph query federated-places-wikidata --service wikidata=http://localhost:7878/query --contact you@example.org
    """
    from kzgraph.errors import QueryError

    if list_queries:
        _list(fmt)
        return
    sources = [s for s in (name, expression, file) if s is not None]
    if len(sources) != 1:
        raise QueryError("give exactly one of NAME, -e SPARQL, -f FILE or '-' (standard input); see --list")
    bound: dict[str, Any] = dict(_parse_params(params))
    if fmt == "markdown":
        raise QueryError("--format markdown applies to --list")

    from kzgraph.graph import KnowledgeGraph

    text: str | None = None
    if expression is not None:
        text = expression
    elif file is not None:
        text = file.read_text(encoding="utf-8")
    elif name == "-":
        text = sys.stdin.read()
    if text is not None and bound:
        raise QueryError("--param applies to named queries, not to SPARQL text")

    configured = _parse_services(services)
    kg = KnowledgeGraph.open(store_location, services=configured)
    try:
        query_text = text if text is not None else kg.catalogue.get(str(name)).text
        _warn_undeclared(configured, query_text)
        if "SERVICE" in query_text.upper():
            kg.client_factory = _client_factory(contact, cache_dir, offline, service_timeout)
        if show:
            sparql = kg.bind_services(text) if text is not None else kg.sparql(str(name), lang=lang, **bound)
            click.echo(sparql)
            return
        if text is not None:
            result = kg.run_sparql(text, timeout=timeout, include_extracted=include_extracted)
        else:
            named_params: dict[str, Any] = dict(bound)
            result = kg.query(
                str(name), lang=lang, include_extracted=include_extracted, timeout=timeout, **named_params
            )
    finally:
        kg.close()
    for warning in result.warnings:
        click.echo(f"kzgraph: warning: {warning}", err=True)

    if fmt is None:
        interactive = output is None and sys.stdout.isatty()
        fmt = "table" if interactive else ("ttl" if result.kind == "graph" else "csv")
    if fmt == "table":
        data = (result.to_table() + "\n").encode("utf-8")
    else:
        try:
            data = result.serialize(fmt)
        except ValueError as e:
            raise QueryError(str(e)) from None
    if output is not None:
        from kzgraph.fileio import atomic_write

        atomic_write(output, data)
    else:
        click.echo(data.decode("utf-8"), nl=False)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    from kzgraph.errors import QueryError

    bound: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"parameter '{item}' is not KEY=VALUE")
        bound[key.strip()] = value
    return bound


def _parse_services(values: tuple[str, ...]) -> dict[str, str]:
    """``--service NAME=URL`` values (``$KZGRAPH_SERVICES`` is merged later, under these, by the graph)."""
    if not values:
        return {}
    from kzgraph.query.federation import parse_services

    return parse_services(values, env="")


def _client_factory(contact: str | None, cache_dir: Path | None, offline: bool, timeout: float) -> Any:
    from kzgraph.query.federation import client_factory

    return client_factory(contact=contact, cache_dir=cache_dir, offline=offline, timeout=timeout)


def _warn_undeclared(services: dict[str, str], text: str) -> None:
    """A ``--service`` the query does not declare changes nothing: say so rather than ignore it silently."""
    if not services:
        return
    from kzgraph.query.federation import declared_services

    declared = declared_services(text)
    for service in sorted(set(services) - set(declared)):
        known = ", ".join(sorted(declared)) or "none"
        click.echo(f"kzgraph: warning: --service {service}: the query declares no such service (declared: {known})",
                   err=True)  # fmt: skip


def _list(fmt: str | None) -> None:
    from kzgraph.query.catalogue import Catalogue, markdown

    catalogue = Catalogue()
    if fmt == "markdown":
        click.echo(markdown(catalogue), nl=False)
        return
    if fmt == "json":
        import json

        rows = [
            {"name": q.name, "title": q.title, "question": q.question, "columns": list(q.columns),
             "params": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc} for p in q.params]}
            for q in catalogue
        ]  # fmt: skip
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for q in catalogue:
        params = " ".join(f"[{p.name}]" if not p.required else p.name for p in q.params if p.name != "lang")
        click.echo(f"{q.name:<24} {q.title}" + (f"  ({params})" if params else ""))
