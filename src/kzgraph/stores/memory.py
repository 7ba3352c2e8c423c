"""An in-memory rdflib ``Dataset`` as a kzgraph store, for users who want rdflib objects.

``memory:`` is an empty store to fill (``replace``); ``memory:PATH`` loads a dataset file (N-Quads, TriG …) or a build
folder's ``kzgraph.nq``. Every rdflib error is mapped here, once (:func:`rdflib_query`). One rdflib behaviour is
corrected for kzgraph's datasets: a ``GROUP BY`` that matches nothing yields one empty solution in rdflib 7
(RDFLib/rdflib#3382) where SPARQL yields none, so a catalogue query joining such a group with a ``BIND`` printed a
phantom row on an empty store; :func:`_grouped_aggregate`, registered through rdflib's ``CUSTOM_EVALS`` hook and
applied to this module's datasets only, yields no solution for no group.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kzgraph.errors import QueryError, StoreError
from kzgraph.stores.base import (
    Dataset,
    Solutions,
    Store,
    explain_syntax_error,
    is_extracted_graph,
    query_form,
    run_with_timeout,
)

if TYPE_CHECKING:
    from kzgraph.query.results import QueryResult

_MARK = "_kzgraph_store"  # set on the rdflib datasets this module makes: the GROUP BY correction applies to them


class MemoryStore(Store):
    """An in-memory rdflib Dataset."""

    in_process = True
    replaces_graphs = True

    def __init__(self) -> None:
        self.location = "memory:"
        self.dataset = _dataset()
        self._curated: Any = None

    def replace(self, quads: Iterable[ox.Quad]) -> None:
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        fresh = _dataset()
        fresh.parse(data=data.decode("utf-8"), format="nquads")
        self.dataset = fresh
        self._curated = None

    def replace_graphs(self, drop: Iterable[str], quads: Iterable[ox.Quad]) -> None:
        """Drops, then adds (rdflib has no transactions: another thread may read in between)."""
        import rdflib

        data = ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS) or b""
        for g in dict.fromkeys(drop):
            self.dataset.remove_graph(rdflib.URIRef(g))
        if data:
            self.dataset.parse(data=data.decode("utf-8"), format="nquads")
        self._curated = None

    def add_nquads(self, data: bytes) -> None:
        try:
            self.dataset.parse(data=data.decode("utf-8"), format="nquads")
        except Exception as e:  # noqa: BLE001 - rdflib's parsers raise plain exceptions
            raise StoreError(f"memory: bulk load failed: {e}") from None
        self._curated = None

    def load_nquads(self, path: Path) -> None:
        """Parsed on its own first, so a broken file adds nothing; then added (rdflib has no transactions:
        another thread may read in between)."""
        try:
            data = path.read_bytes().decode("utf-8")
            _dataset().parse(data=data, format="nquads")
        except Exception as e:  # noqa: BLE001 - rdflib's parsers raise plain exceptions
            raise StoreError(f"memory: cannot load {path}: {e}") from None
        self.dataset.parse(data=data, format="nquads")
        self._curated = None

    def clear(self) -> None:
        self.dataset = _dataset()
        self._curated = None

    def select(self, sparql: str, *, union_default_graph: bool = True) -> Solutions:
        result = rdflib_query(self.dataset, sparql)
        if result.kind != "select":
            raise QueryError("expected a SELECT query")
        return Solutions(result.variables, result.terms)

    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        include_extracted: bool = False,
        prefixes: Mapping[str, str] | None = None,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        """rdflib has no graph-list option, so curated queries run on a copy without the extracted graphs."""
        self._refuse_dataset(dataset)
        data = self.dataset if include_extracted else self._curated_dataset()
        return run_with_timeout(lambda: rdflib_query(data, sparql, prefixes=prefixes), timeout)

    def _curated_dataset(self) -> Any:
        if not any(is_extracted_graph(str(g.identifier)) for g in self.dataset.graphs()):
            return self.dataset
        if self._curated is None:
            curated = _dataset()
            for s, p, o, g in self.dataset.quads((None, None, None, None)):
                if g is not None and not is_extracted_graph(str(g)):
                    curated.graph(g).add((s, p, o))
            self._curated = curated
        return self._curated

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        from kzgraph.rdf import rdflibterms

        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            if graph is None or str(g) == graph:
                yield ox.Quad(rdflibterms.to_ox(s), rdflibterms.to_ox(p), rdflibterms.to_ox(o), rdflibterms.to_ox(g))

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))


def _dataset() -> Any:
    import rdflib
    from rdflib.plugins.sparql import CUSTOM_EVALS

    CUSTOM_EVALS.setdefault("kzgraph-grouped-aggregate", _grouped_aggregate)
    dataset = rdflib.Dataset(default_union=True)
    setattr(dataset, _MARK, True)
    return dataset


def _grouped_aggregate(ctx: Any, part: Any) -> Any:
    """Evaluate ``GROUP BY`` aggregation on kzgraph's datasets: one solution per group, none when nothing matched."""
    if part.name != "AggregateJoin" or part.p.expr is None or not getattr(ctx.dataset, _MARK, False):
        raise NotImplementedError  # rdflib evaluates it
    from rdflib.plugins.sparql.aggregates import Aggregator
    from rdflib.plugins.sparql.evaluate import evalPart
    from rdflib.plugins.sparql.evalutils import _eval
    from rdflib.plugins.sparql.sparql import FrozenBindings

    groups: dict[tuple[Any, ...], Aggregator] = collections.defaultdict(lambda: Aggregator(aggregations=part.A))
    for row in evalPart(ctx, part.p):
        groups[tuple(_eval(e, row, False) for e in part.p.expr)].update(row)
    return (FrozenBindings(ctx, group.get_bindings()) for group in groups.values())


def load_into(store: MemoryStore, source: Path) -> None:
    """Fill ``store`` from an embedded store folder or an RDF file (its format from its extension)."""
    from kzgraph.rdf.formats import read_quads

    try:
        quads = list(ox.Store.read_only(str(source))) if source.is_dir() else read_quads(source)
    except (OSError, SyntaxError, ValueError) as e:
        raise StoreError(f"memory:{source}: cannot load: {e}") from None
    store.replace(quads)


def rdflib_query(dataset: Any, sparql: str, *, prefixes: Mapping[str, str] | None = None) -> QueryResult:
    """Run ``sparql`` on an rdflib Dataset (default graph = union) and materialise the answer; every rdflib error
    becomes a :class:`~kzgraph.errors.QueryError` here."""
    from pyparsing import ParseException

    from kzgraph.query.results import QueryResult
    from kzgraph.rdf import rdflibterms

    try:
        result = dataset.query(sparql, initNs=dict(prefixes or {}))
    except ParseException as e:
        raise explain_syntax_error(sparql, str(e.msg), line=e.lineno, column=e.col, prefixes=prefixes) from None
    except Exception as e:  # noqa: BLE001 - rdflib raises plain exceptions for evaluation errors
        if "prefix" in str(e).lower() or query_form(sparql) not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            raise explain_syntax_error(sparql, str(e), line=None, column=None, prefixes=prefixes) from None
        raise QueryError(f"SPARQL error: {e}") from None
    if result.type == "ASK":
        return QueryResult.from_boolean(bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        to = rdflibterms.to_ox
        return QueryResult.from_triples(ox.Triple(to(s), to(p), to(o)) for s, p, o in result.graph or [])
    variables = [str(v) for v in result.vars or []]
    return QueryResult.from_solutions(variables, (tuple(rdflibterms.to_ox(t) for t in row) for row in result))
