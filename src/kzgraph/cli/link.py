"""``kzgraph link`` (reconciliation against Wikidata or DBpedia, review, accept) and ``kzgraph enrich``
(external facts)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kzgraph.cli import reports_errors, store_option
from kzgraph.errors import KzGraphError

if TYPE_CHECKING:
    from kzgraph.linking.client import SparqlClient
    from kzgraph.linking.reconcile import ReconcileResult
    from kzgraph.stores import Store

F = TypeVar("F", bound=Callable[..., Any])
TARGETS = ("wikidata", "dbpedia")
DBPEDIA_ENDPOINT_ENV = "KZGRAPH_DBPEDIA_ENDPOINT"


LINK_ENDPOINT_HELP = (
    "SPARQL endpoint (default: the Wikidata query service; with --target dbpedia, http://dbpedia.org/sparql). "
    "Env: KZGRAPH_ENDPOINT (Wikidata), KZGRAPH_DBPEDIA_ENDPOINT (DBpedia)."
)
ENRICH_ENDPOINT_HELP = "Wikidata-shaped SPARQL endpoint (default: the Wikidata query service). Env: KZGRAPH_ENDPOINT."


def remote_options(endpoint_help: str) -> Callable[[F], F]:
    """The options of the commands that call an endpoint: ``--endpoint`` (described by ``endpoint_help``), the
    HTTP client's, ``--data`` and ``--store``."""
    return lambda func: _remote_options(func, endpoint_help)


def _remote_options(func: F, endpoint_help: str) -> F:
    options = [
        click.option("--endpoint", default=None, envvar="KZGRAPH_ENDPOINT", help=endpoint_help),
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
        endpoint=endpoint or WIKIDATA_ENDPOINT,  # the DBpedia default is chosen by the caller
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
@remote_options(LINK_ENDPOINT_HELP)
@click.option(
    "--target",
    default="wikidata",
    show_default=True,
    metavar="wikidata|dbpedia",
    help=(
        "What to reconcile against: a Wikidata-shaped endpoint (data/linking/wikidata.yaml) or a DBpedia-shaped "
        "one (data/linking/dbpedia.yaml; owl:sameAs our Wikidata links, then labels). With --accept the review "
        "file's header says which."
    ),
)
@click.option(
    "--review",
    "review",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Where to write the review file [default: build/link-review.tsv; build/link-review-dbpedia.tsv for DBpedia].",
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
    target: str,
    review: Path | None,
    top: int,
    accept_file: Path | None,
    quiet: bool,
) -> None:
    """Reconcile entities without links (or NAMES) against a SPARQL endpoint and write a review file.

    --target wikidata (the default) searches a Wikidata-shaped endpoint; --target dbpedia a DBpedia-shaped one
    (http://dbpedia.org/sparql unless --endpoint or KZGRAPH_DBPEDIA_ENDPOINT say otherwise), proposing first the
    resources that state owl:sameAs our verified Wikidata links, then label matches of the configured class.

    Nothing becomes a link until you mark a row accept=yes and run: kzgraph link --accept REVIEW-FILE.
    """
    import os

    from kzgraph.linking import config as linking_config
    from kzgraph.linking.reconcile import DBPEDIA_REVIEW_COLUMNS, REVIEW_COLUMNS, known_ids, reconcile, write_review
    from kzgraph.stores import open_store

    if target not in TARGETS:
        raise KzGraphError(f"--target must be one of {', '.join(TARGETS)} (found '{target}')")
    ctx = click.get_current_context()
    target_given = ctx.get_parameter_source("target") not in (None, click.core.ParameterSource.DEFAULT)
    folder = _data(data)
    say = (lambda _m: None) if quiet else (lambda m: click.echo(f"· {m}", err=True))
    if accept_file is not None:
        from kzgraph.linking.accept import accept, review_target

        kind = review_target(accept_file)
        if target_given and kind != target:
            raise KzGraphError(f"{accept_file}: a {kind} review file, not {target} (drop --target or pick that file)")
        with open_store(store_location) as store:
            known = known_ids(store)
        done = accept(accept_file, links_dir=folder / "links", known=known)
        if not quiet:
            click.echo(f"{done.path}: {len(done.added)} added, {len(done.replaced)} replaced, {done.total} in all")
            click.echo("run 'kzgraph build' to put them in the graph")
        return
    if target == "dbpedia":
        from kzgraph.linking.client import DBPEDIA_ENDPOINT
        from kzgraph.linking.dbpedia import reconcile_dbpedia

        # KZGRAPH_ENDPOINT names the Wikidata-shaped endpoint: DBpedia's comes from --endpoint or its own variable
        if ctx.get_parameter_source("endpoint") != click.core.ParameterSource.COMMANDLINE:
            endpoint = os.environ.get(DBPEDIA_ENDPOINT_ENV) or DBPEDIA_ENDPOINT
        review = review or Path("build") / "link-review-dbpedia.tsv"
        dbpedia_cfg = linking_config.load_dbpedia(folder)
        columns = DBPEDIA_REVIEW_COLUMNS

        def run(store: Store, client: SparqlClient) -> ReconcileResult:
            names_ = list(names) or None
            return reconcile_dbpedia(store, client, dbpedia_cfg, data=folder, names=names_, top=top, progress=say)

    else:
        review = review or Path("build") / "link-review.tsv"
        cfg = linking_config.load(folder)
        columns = REVIEW_COLUMNS

        def run(store: Store, client: SparqlClient) -> ReconcileResult:
            return reconcile(store, client, cfg, data=folder, names=list(names) or None, top=top, progress=say)

    client = _client(
        endpoint=endpoint,
        contact=contact,
        cache_dir=cache_dir,
        offline=offline,
        timeout=timeout,
        concurrency=concurrency,
    )
    with open_store(store_location) as store:
        result = run(store, client)
    rows = write_review(review, result, columns)
    if quiet:
        return
    with_candidates = sum(1 for p in result.proposals if p.candidates)
    click.echo(f"{review}: {rows} rows; {with_candidates} of {len(result.proposals)} entities have candidates")
    click.echo(f"  HTTP requests {result.requests}, answers from cache {result.from_cache}")
    unresolved = sorted(label for label, q in result.types.items() if not q)
    if unresolved:
        what = "classes without instances" if target == "dbpedia" else "class labels not found"
        click.echo(f"  {what} at the endpoint (type unchecked): {', '.join(unresolved)}")
    click.echo("mark accept=yes on the right rows, then: kzgraph link --accept " + str(review))


@click.command()
@remote_options(ENRICH_ENDPOINT_HELP)
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
    from kzgraph.stores import open_store

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
