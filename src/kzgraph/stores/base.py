"""The store interface every backend implements, and what the backends share.

:meth:`Store.query` runs any SPARQL query form (SELECT, ASK, CONSTRUCT, DESCRIBE) and returns a
:class:`kzgraph.query.results.QueryResult`. Its default graph is the *curated* graph: the union of every named graph
except the machine-extracted ones (IRIs starting with :data:`EXTRACTED_GRAPH_PREFIX`); ``include_extracted=True``
makes it the union of all graphs. ``GRAPH ?g`` sees the same set of named graphs.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kzgraph.errors import QueryError, QueryTimeout

if TYPE_CHECKING:
    from typing import Self

    from kzgraph.query.results import QueryResult

DEFAULT_STORE = Path("build") / "store"
EXTRACTED_GRAPH_PREFIX = "https://w3id.org/kzgraph/graph/extracted/"


def is_extracted_graph(iri: str) -> bool:
    """Whether a named graph holds machine-extracted statements (excluded from curated queries)."""
    return iri.startswith(EXTRACTED_GRAPH_PREFIX)


def syntax_error(message: str, *, line: int | None, column: int | None) -> QueryError:
    """A :class:`QueryError` for a malformed query that names the line and column when known."""
    where = f" at line {line}, column {column}" if line is not None and column is not None else ""
    err = QueryError(f"SPARQL syntax error{where}: {message}")
    err.line, err.column = line, column  # type: ignore[attr-defined]
    return err


def run_with_timeout(func: Any, timeout: float | None) -> Any:
    """Run ``func()`` in a daemon thread; raise QueryTimeout (abandoning the thread) if it runs past ``timeout``."""
    if timeout is None:
        return func()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = func()
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = e

    worker = threading.Thread(target=target, name="kzgraph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(f"query ran past its time limit of {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


@dataclass
class Solutions:
    """SELECT results: variable names and rows of pyoxigraph terms (``None`` where unbound)."""

    variables: list[str]
    rows: list[tuple[Any, ...]]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.variables, r, strict=True)) for r in self.rows]


class Store(ABC):
    """A quad store that kzgraph can fill and query."""

    location: str

    @abstractmethod
    def replace(self, quads: Iterable[ox.Quad]) -> None:
        """Replace the whole content with ``quads`` in one transaction."""

    @abstractmethod
    def select(self, sparql: str, *, union_default_graph: bool = True) -> Solutions:
        """Run a SELECT query."""

    @abstractmethod
    def query(self, sparql: str, *, timeout: float | None = None, include_extracted: bool = False) -> QueryResult:
        """Run any SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the curated graph (or all graphs).

        Raises :class:`~kzgraph.errors.QueryError` (with line and column) on a syntax error and
        :class:`~kzgraph.errors.QueryTimeout` when ``timeout`` seconds pass first.
        """

    @abstractmethod
    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one named graph."""

    @abstractmethod
    def __len__(self) -> int: ...

    def close(self) -> None:  # noqa: B027 - most backends hold nothing to release
        """Release the store."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
