"""``kzgraph query``: run a named query from the catalogue, or SPARQL text, and print the answer.

Output format: ``--format`` wins; otherwise ``table`` when standard output is a terminal, and when it is not
(a pipe or ``--output``) ``csv`` for SELECT/ASK and ``ttl`` for CONSTRUCT/DESCRIBE, the plainest standard formats
for other programs. Imports stay inside the function so ``kzgraph query NAME`` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kzgraph.cli import reports_errors, store_option

FORMATS = ["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld", "markdown"]


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
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
@click.option("--include-extracted", is_flag=True, help="Also query machine-extracted statements.")
@click.option("--timeout", type=float, default=None, help="Give up after this many seconds.")
@click.option("--show", is_flag=True, help="Print the SPARQL that would run (parameters bound) and stop.")
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
    store_location: str | None,
) -> None:
    """Run named query NAME (see --list), SPARQL given with -e or -f, or SPARQL from standard input (NAME '-').

    \b
    kzgraph query --list
    kzgraph query apk-sessions --lang ru
    kzgraph query census --param group=Koreans --format csv
    kzgraph query -e 'SELECT ?b WHERE { ?b a kz:StateBody }'
    """
    from kzgraph.errors import QueryError

    if list_queries:
        _list(fmt)
        return
    sources = [s for s in (name, expression, file) if s is not None]
    if len(sources) != 1:
        raise QueryError("give exactly one of NAME, -e SPARQL, -f FILE or '-' (standard input); see --list")
    bound = _parse_params(params)
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

    kg = KnowledgeGraph.open(store_location)
    try:
        if show:
            sparql = text if text is not None else kg.sparql(str(name), lang=lang, **bound)
            click.echo(sparql)
            return
        if text is not None:
            result = kg.run_sparql(text, timeout=timeout, include_extracted=include_extracted)
        else:
            result = kg.query(str(name), lang=lang, include_extracted=include_extracted, timeout=timeout, **bound)
    finally:
        kg.close()

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
        from kzgraph.outputs import atomic_write

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


def _list(fmt: str | None) -> None:
    from kzgraph.catalogue import Catalogue, markdown

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
