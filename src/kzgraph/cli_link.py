"""``kzgraph link`` (reconciliation, review, accept) and ``kzgraph enrich`` (external facts)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from kzgraph.cli import reports_errors, store_option

F = TypeVar("F", bound=Callable[..., Any])


def remote_options(func: F) -> F:
    options = [
        click.option(
            "--endpoint",
            default=None,
            envvar="KZGRAPH_ENDPOINT",
            help="SPARQL endpoint (default: the Wikidata query service). Env: KZGRAPH_ENDPOINT.",
        ),
        click.option(
            "--contact",
            default=None,
            envvar="KZGRAPH_CONTACT",
            help="Your e-mail or URL, sent in the User-Agent (required online). Env: KZGRAPH_CONTACT.",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(path_type=Path, file_okay=False),
            default=None,
            help="Cache of endpoint answers (default ~/.cache/kzgraph/sparql). Env: KZGRAPH_CACHE_DIR.",
        ),
        click.option("--offline", is_flag=True, help="Use cached answers only; a cache miss is an error."),
        click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds per HTTP request."),
        click.option(
            "--concurrency", type=click.IntRange(1, 5), default=2, show_default=True, help="Requests in flight at most."
        ),
        click.option(
            "--data",
            type=click.Path(path_type=Path, file_okay=False, exists=True),
            default=None,
            help="Data folder (links, linking configuration, external facts); default: the shipped one.",
        ),
        store_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _client(
    *,
    endpoint: str | None,
    contact: str | None,
    cache_dir: Path | None,
    offline: bool,
    timeout: float,
    concurrency: int,
) -> Any:
    from kzgraph.linking.cache import AnswerCache, default_cache_dir
    from kzgraph.linking.client import WIKIDATA_ENDPOINT, SparqlClient

    return SparqlClient(
        endpoint=endpoint or WIKIDATA_ENDPOINT,
        contact=contact,
        cache=AnswerCache(cache_dir or default_cache_dir()),
        offline=offline,
        timeout=timeout,
        concurrency=concurrency,
    )


def _data(data: Path | None) -> Path:
    from kzgraph.resources import default_files

    return default_files(data=data).data


def _quiet(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")(wrapper)  # type: ignore[return-value]


@click.command()
@click.argument("names", nargs=-1)
@remote_options
@click.option(
    "--review",
    "review",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("build") / "link-review.tsv",
    show_default=True,
    help="Where to write the review file.",
)
@click.option("--top", type=click.IntRange(1, 20), default=3, show_default=True, help="Candidates per entity.")
@click.option(
    "--accept",
    "accept_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Add the rows marked accept=yes in this review file to data/links/accepted.tsv.",
)
@_quiet
@reports_errors
def link(
    names: tuple[str, ...],
    *,
    endpoint: str | None,
    contact: str | None,
    cache_dir: Path | None,
    offline: bool,
    timeout: float,
    concurrency: int,
    data: Path | None,
    store_location: str | None,
    review: Path,
    top: int,
    accept_file: Path | None,
    quiet: bool,
) -> None:
    """Reconcile entities without links (or NAMES) against a SPARQL endpoint and write a review file.

    Nothing becomes a link until you mark a row accept=yes and run: kzgraph link --accept REVIEW-FILE.
    """
    from kzgraph.linking import config as linking_config
    from kzgraph.linking.reconcile import known_ids, reconcile, write_review
    from kzgraph.store import open_store

    folder = _data(data)
    say = (lambda _m: None) if quiet else (lambda m: click.echo(f"· {m}", err=True))
    if accept_file is not None:
        from kzgraph.linking.accept import accept

        with open_store(store_location) as store:
            known = known_ids(store)
        done = accept(accept_file, links_dir=folder / "links", known=known)
        if not quiet:
            click.echo(f"{done.path}: {len(done.added)} added, {len(done.replaced)} replaced, {done.total} in all")
            click.echo("run 'kzgraph build' to put them in the graph")
        return
    cfg = linking_config.load(folder)
    client = _client(
        endpoint=endpoint,
        contact=contact,
        cache_dir=cache_dir,
        offline=offline,
        timeout=timeout,
        concurrency=concurrency,
    )
    with open_store(store_location) as store:
        result = reconcile(store, client, cfg, data=folder, names=list(names) or None, top=top, progress=say)
    rows = write_review(review, result)
    if quiet:
        return
    with_candidates = sum(1 for p in result.proposals if p.candidates)
    click.echo(f"{review}: {rows} rows; {with_candidates} of {len(result.proposals)} entities have candidates")
    click.echo(f"  HTTP requests {result.requests}, answers from cache {result.from_cache}")
    unresolved = sorted(label for label, q in result.types.items() if not q)
    if unresolved:
        click.echo(f"  class labels not found at the endpoint (type unchecked): {', '.join(unresolved)}")
    click.echo("mark accept=yes on the right rows, then: kzgraph link --accept " + str(review))


@click.command()
@remote_options
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the facts here instead of DATA/external/wikidata.nq.",
)
@_quiet
@reports_errors
def enrich(
    *,
    endpoint: str | None,
    contact: str | None,
    cache_dir: Path | None,
    offline: bool,
    timeout: float,
    concurrency: int,
    data: Path | None,
    store_location: str | None,
    out: Path | None,
    quiet: bool,
) -> None:
    """Fetch external facts (coordinates, population, birth dates, inception, labels) for linked entities
    into data/external/wikidata.nq, which 'kzgraph build' loads into graph/external/wikidata."""
    from kzgraph.linking import config as linking_config
    from kzgraph.linking.enrich import enrich as run
    from kzgraph.store import open_store

    folder = _data(data)
    say = (lambda _m: None) if quiet else (lambda m: click.echo(f"· {m}", err=True))
    cfg = linking_config.load(folder)
    client = _client(
        endpoint=endpoint,
        contact=contact,
        cache_dir=cache_dir,
        offline=offline,
        timeout=timeout,
        concurrency=concurrency,
    )
    with open_store(store_location) as store:
        result = run(store, client, cfg, data=folder, out=out, progress=say)
    if not quiet:
        click.echo(f"{result.path}: {result.facts} facts about {result.items} items ({result.quads} quads)")
        click.echo(f"  HTTP requests {result.requests}, answers from cache {result.from_cache}")
        click.echo("run 'kzgraph build' to load them into graph/external/wikidata")
