"""``kzgraph ingest``, ``candidates``, ``accept`` and ``remove``: growing the graph from new text."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from kzgraph.cli import format_option, reports_errors, store_option
from kzgraph.errors import StoreError

DATA_HELP = "Data folder whose entities make the gazetteer (default: the shipped data/)."


def _store_path(location: str | None) -> Path:
    from kzgraph.stores import parse_location

    where = parse_location(location)
    if where.folder is None:
        raise StoreError(f"{where.text}: ingest needs the embedded store (a folder)")
    if not where.folder.is_dir():  # checked before anything is written beside it (the ingested corpus folder)
        raise StoreError(f"{where.folder}: no store here; run 'kzgraph build' first (or pass --store)")
    return where.folder


def _data(data: Path | None) -> Path:
    from kzgraph.resources import default_files

    return data or default_files().data


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.parts))
        else:
            out.append(p)
    return out


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@store_option
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None, help=DATA_HELP)
@click.option("--title", default=None, help="Title of the document (one file only; default: its first heading/line).")
@click.option(
    "--source-url", default=None, help="Where the text comes from (one file only); identifies it on re-ingest."
)
@click.option("--max-mb", type=float, default=10.0, show_default=True, help="Refuse files larger than this.")
@click.option("--all-or-nothing", is_flag=True, help="Store nothing if any file fails.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes analysing files (8+ files; default: CPU count, at most 4).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only failures.")
@format_option(help="Report format: text for people, json for programs.")
@reports_errors
def ingest(
    paths: tuple[Path, ...],
    *,
    store_location: str | None,
    data: Path | None,
    title: str | None,
    source_url: str | None,
    max_mb: float,
    all_or_nothing: bool,
    jobs: int | None,
    quiet: bool,
    fmt: str,
) -> None:
    """Add text files (plain, Markdown, HTML; UTF-8 or Cyrillic code pages) and PDFs (their text layer) to the
    graph, every extracted statement with its quote and offsets. Directories are read recursively. Exit 0: all
    ok, 1: some failed."""
    from kzgraph.ingest import gazetteer, stream
    from kzgraph.ingest.documents import Ingester

    files = _expand(paths)
    if (title or source_url) and len(files) != 1:
        raise click.UsageError("--title and --source-url apply to a single file")
    gaz = gazetteer.cached(_data(data))
    ingester = Ingester(_store_path(store_location), gaz)
    show_bar = not quiet and fmt != "json" and sys.stderr.isatty()
    try:
        from rich.console import Console
        from rich.progress import Progress, TaskID

        with Progress(console=Console(stderr=True), transient=True, disable=not show_bar) as bar:
            task = bar.add_task("ingesting", total=len(files), visible=len(files) > 1)
            long_files: dict[str, TaskID] = {}

            def on_block(path: str, done: int, total: int) -> None:
                """A bar per file longer than one block (see ingest.stream), advanced block by block."""
                if total <= stream.BLOCK_CHARS:
                    return
                if path not in long_files:
                    long_files[path] = bar.add_task(Path(path).name, total=total)
                bar.update(long_files[path], completed=done, visible=done < total)

            report = ingester.ingest(
                files,
                source_url=source_url,
                title=title,
                max_bytes=int(max_mb * 1_048_576),
                all_or_nothing=all_or_nothing,
                progress=lambda _p: bar.advance(task),
                jobs=jobs,
                on_block=on_block,
            )
    finally:
        ingester.close()
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        for f in report.files:
            if f.status == "failed":
                click.echo(f"kzgraph: {f.line()}", err=True)
            elif not quiet:
                click.echo(f.line())
        if not quiet:
            for note in report.notes:
                click.echo(f"kzgraph: {note}", err=True)
            click.echo(report.summary(), err=True)
    sys.exit(report.exit_code)


@click.command()
@store_option
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None, help=DATA_HELP)
@format_option()
@reports_errors
def candidates(*, store_location: str | None, data: Path | None, fmt: str) -> None:
    """New entity names found in ingested documents, with their evidence; promote one with 'kzgraph accept'."""
    from kzgraph.ingest import gazetteer
    from kzgraph.ingest.accept import summarise
    from kzgraph.ingest.documents import Corpus
    from kzgraph.stores import ingested_folder

    corpus = Corpus.open(ingested_folder(_store_path(store_location)))
    known = set(gazetteer.cached(_data(data)).entities)
    found = summarise(corpus, known)
    if fmt == "json":
        click.echo(json.dumps([asdict(c) for c in found], indent=2, ensure_ascii=False))
        return
    for c in found:
        mark = " (accepted)" if c.known else ""
        click.echo(
            f"{c.id}  “{c.label}”  {c.how}, {c.occurrences}× in {len(c.documents)} document(s),"
            f" suggested class {c.suggested_class}{mark}"
        )
        for ev in c.evidence[:1]:
            quote = ev["quote"] if len(ev["quote"]) < 160 else ev["quote"][:157] + "..."
            click.echo(f"    “{quote}” (ingested-{ev['document'][:16]} {ev['start']}–{ev['end']})")
    click.echo(f"{len(found)} candidate(s)", err=True)


@click.command()
@click.argument("candidate_id")
@store_option
@click.option("--data", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None, help=DATA_HELP)
@click.option("--class", "cls", default=None, help="Ontology class (local name), e.g. ConsultativeBody.")
@click.option("--id", "entity_id", default=None, help="Entity id to use (default: the candidate id).")
@click.option("--label-en", default=None, help="English label (required for a name from a Russian or Kazakh text).")
@reports_errors
def accept(
    candidate_id: str,
    *,
    store_location: str | None,
    data: Path | None,
    cls: str | None,
    entity_id: str | None,
    label_en: str | None,
) -> None:
    """Promote candidate CANDIDATE_ID (with its evidence): a new entity into data/entities/ingested.yaml, a proposed
    label into data/facts/ingested-<document>.yaml; then run 'kzgraph build'."""
    from kzgraph.ingest import gazetteer
    from kzgraph.ingest.accept import accept as run
    from kzgraph.ingest.documents import Corpus
    from kzgraph.stores import ingested_folder

    folder = _data(data)
    corpus = Corpus.open(ingested_folder(_store_path(store_location)))
    known = set(gazetteer.cached(folder).entities)
    entry = run(corpus, folder, candidate_id, known_ids=known, cls=cls, entity_id=entity_id, label_en=label_en)
    click.echo(
        f"accepted {entry['id']} ({entry['class']}) into {entry.get('file') or folder / 'entities' / 'ingested.yaml'};"
        " run 'kzgraph build' to add it to the graph"
    )


@click.command()
@click.argument("document")
@store_option
@reports_errors
def remove(document: str, *, store_location: str | None) -> None:
    """Remove an ingested DOCUMENT (hash, hash prefix, path or source URL) and everything derived from it.
    Orphans (an interrupted ingest's graph or files) are cleared first, and listed."""
    from kzgraph.errors import NotFoundError
    from kzgraph.ingest.documents import Ingester

    ingester = Ingester(_store_path(store_location), None)
    try:
        for note in ingester.notes:
            click.echo(f"kzgraph: {note}", err=True)
        try:
            meta = ingester.remove(document)
        except NotFoundError as e:
            if not ingester.notes:
                raise
            click.echo(f"kzgraph: {e}; nothing else to remove")
            return
    finally:
        ingester.close()
    click.echo(f"removed {meta['sha256'][:16]} ({meta.get('name') or meta.get('origin', '')})")
