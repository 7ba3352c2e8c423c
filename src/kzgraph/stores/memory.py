"""An in-memory rdflib ``Dataset`` as a kzgraph store (``--store memory:``), for users who want rdflib objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kzgraph.errors import QueryError
from kzgraph.stores.base import Solutions, Store, is_extracted_graph, run_with_timeout, syntax_error

if TYPE_CHECKING:
    from kzgraph.query.results import QueryResult


class MemoryStore(Store):
    """An in-memory rdflib Dataset."""

    def __init__(self) -> None:
        import rdflib

        self.location = "memory:"
        self.dataset = rdflib.Dataset(default_union=True)
        self._curated: Any = None

    def replace(self, quads: Iterable[ox.Quad]) -> None:
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        import rdflib

        fresh = rdflib.Dataset(default_union=True)
        fresh.parse(data=data.decode("utf-8"), format="nquads")
        self.dataset = fresh
        self._curated = None

    def select(self, sparql: str, *, union_default_graph: bool = True) -> Solutions:
        from kzgraph.rdf import rdflibterms

        try:
            result = self.dataset.query(sparql)
        except Exception as e:  # noqa: BLE001 - rdflib's parser raises pyparsing exceptions
            raise QueryError(f"SPARQL error: {e}") from None
        variables = [str(v) for v in result.vars or []]
        return Solutions(variables, [tuple(rdflibterms.to_ox(t) for t in row) for row in result])  # type: ignore[union-attr]

    def query(self, sparql: str, *, timeout: float | None = None, include_extracted: bool = False) -> QueryResult:
        """rdflib has no graph-list option, so curated queries run on a copy without the extracted graphs."""
        dataset = self.dataset if include_extracted else self._curated_dataset()
        return run_with_timeout(lambda: rdflib_query(dataset, sparql), timeout)

    def _curated_dataset(self) -> Any:
        import rdflib

        if not any(is_extracted_graph(str(g.identifier)) for g in self.dataset.graphs()):
            return self.dataset
        if self._curated is None:
            curated = rdflib.Dataset(default_union=True)
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


def rdflib_query(dataset: Any, sparql: str) -> QueryResult:
    """Run ``sparql`` on an rdflib Dataset (default graph = union) and materialise the answer."""
    from pyparsing import ParseException

    from kzgraph.query.results import QueryResult
    from kzgraph.rdf import rdflibterms

    try:
        result = dataset.query(sparql)
    except ParseException as e:
        raise syntax_error(str(e.msg), line=e.lineno, column=e.col) from None
    except Exception as e:  # noqa: BLE001 - rdflib raises plain exceptions for evaluation errors
        raise QueryError(f"SPARQL error: {e}") from None
    if result.type == "ASK":
        return QueryResult.from_boolean(bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        to = rdflibterms.to_ox
        return QueryResult.from_triples(ox.Triple(to(s), to(p), to(o)) for s, p, o in result.graph or [])
    variables = [str(v) for v in result.vars or []]
    return QueryResult.from_solutions(variables, (tuple(rdflibterms.to_ox(t) for t in row) for row in result))
