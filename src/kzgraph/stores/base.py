"""The store interface every backend implements, and what the backends share.

:meth:`Store.query` runs any SPARQL query form (SELECT, ASK, CONSTRUCT, DESCRIBE) and returns a
:class:`kzgraph.query.results.QueryResult`. Its default graph is the *curated* graph: the union of every named graph
except the machine-extracted ones (IRIs starting with :data:`EXTRACTED_GRAPH_PREFIX`); ``include_extracted=True``
makes it the union of all graphs. ``GRAPH ?g`` sees the same set of named graphs.

Callers ask a store what it can do, never what it is (as rdflib's store flags ``context_aware``, ``graph_aware``):
the class attributes :attr:`Store.evaluates_service`, :attr:`Store.in_process` and :attr:`Store.dataset_parameters`
declare it. Every backend reports a malformed query the same way, through :func:`explain_syntax_error`: an update
sent as a query and an undeclared prefix get a plain sentence instead of the parser's expectation list.
"""

from __future__ import annotations

import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kzgraph.errors import QueryError, QueryTimeout, StoreError

if TYPE_CHECKING:
    from typing import Self

    from kzgraph.query.results import QueryResult

DEFAULT_STORE = Path("build") / "store"
EXTRACTED_GRAPH_PREFIX = "https://w3id.org/kzgraph/graph/extracted/"


def is_extracted_graph(iri: str) -> bool:
    """Whether a named graph holds machine-extracted statements (excluded from curated queries)."""
    return iri.startswith(EXTRACTED_GRAPH_PREFIX)


@dataclass(frozen=True)
class Dataset:
    """The dataset a query runs on when the caller names it (the SPARQL protocol's ``default-graph-uri`` and
    ``named-graph-uri``): graph IRIs; an empty ``default`` means the store's real default graph."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


def syntax_error(message: str, *, line: int | None, column: int | None) -> QueryError:
    """A :class:`QueryError` for a malformed query that names the line and column when known."""
    where = "" if line is None else f" at line {line}" + ("" if column is None else f", column {column}")
    err = QueryError(f"SPARQL syntax error{where}: {message}")
    err.line, err.column = line, column  # type: ignore[attr-defined]
    return err


# --- what a query is, read without a SPARQL parser ------------------------------------------------------------

_LONG_STRINGS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' + r"|'''(?:[^'\\]|\\.|'(?!''))*'''")
_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"' + r"|'(?:[^'\\\n]|\\.)*'" + r'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_FORM = re.compile(r"\b(" + "|".join(QUERY_FORMS + UPDATE_FORMS) + r")\b", re.IGNORECASE)
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_PREFIXED_NAME = re.compile(r"(?<![\w:?$])([A-Za-z][\w.-]*)?:(?!//)(?=[\w%\\]|\s|[;,.)}\]]|$)")


def _blank(sparql: str) -> str:
    """``sparql`` with strings, IRIs and comments blanked out (same length up to the long strings)."""
    return _TOKENS.sub(lambda m: " " * len(m.group()), _LONG_STRINGS.sub(lambda m: " " * len(m.group()), sparql))


def query_form(sparql: str) -> str | None:
    """The form of a SPARQL request (SELECT, ASK, … or an update keyword): the first keyword after the prologue,
    once strings, IRIs and comments are blanked out."""
    m = _FORM.search(_blank(sparql))
    return m.group(1).upper() if m else None


def undeclared_prefix(sparql: str, prefixes: Mapping[str, str] | None = None) -> tuple[str, int, int] | None:
    """The first prefix the query uses (``foo`` of ``foo:x``) that neither it nor ``prefixes`` declares, with the
    line and column (from 1) where it is used."""
    text = _blank(sparql)
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(text)} | set(prefixes or {})
    body = _PREFIX_DECL.sub(lambda m: " " * len(m.group()), text)
    for m in _PREFIXED_NAME.finditer(body):
        if (m.group(1) or "") not in declared:
            line = sparql.count("\n", 0, m.start()) + 1
            return m.group(1) or "", line, m.start() - (sparql.rfind("\n", 0, m.start()) + 1) + 1
    return None


def explain_syntax_error(
    sparql: str,
    message: str,
    *,
    line: int | None,
    column: int | None,
    prefixes: Mapping[str, str] | None = None,
) -> QueryError:
    """The error for a query a parser rejected, in plain words when the cause is a common one: an update (kzgraph
    only reads; parsers say "expected CONSTRUCT"), or a prefix nobody declared (parsers list every character they
    expected instead; the error then points at the prefix)."""
    form = query_form(sparql)
    if form in UPDATE_FORMS:
        return QueryError(updates_refused(form))
    if _UNKNOWN_PREFIX.search(message):
        found = undeclared_prefix(sparql, prefixes)
        if found is not None:
            prefix, line, column = found
            message = f"unknown prefix {prefix}: (declare it with PREFIX {prefix}: <…>)"
    return syntax_error(message, line=line, column=column)


def updates_refused(form: str) -> str:
    return f"SPARQL updates ({form} …) are not accepted: kzgraph runs queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)"


_UNKNOWN_PREFIX = re.compile(
    r"prefix not found|unknown namespace prefix|undefined namespace prefix|prefix.*not (?:bound|declared)",
    re.IGNORECASE,
)


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

    evaluates_service: bool = False
    """The engine evaluates ``SERVICE`` clauses (calls other SPARQL endpoints itself)."""
    in_process: bool = False
    """The engine runs in this process, so its ``SERVICE`` calls can be routed through kzgraph's HTTP client (its
    cache, contact and offline mode: :mod:`kzgraph.query.federation`); a server's calls leave from the server."""
    dataset_parameters: bool = False
    """:meth:`query` accepts ``dataset=`` (the protocol's default and named graph lists)."""
    replaces_graphs: bool = False
    """:meth:`replace_graphs`, :meth:`add_nquads`, :meth:`load_nquads` and :meth:`clear` write some named graphs,
    leaving the others (what ``kzgraph ingest`` needs)."""

    @abstractmethod
    def replace(self, quads: Iterable[ox.Quad]) -> None:
        """Replace the whole content with ``quads`` in one transaction."""

    @abstractmethod
    def select(self, sparql: str, *, union_default_graph: bool = True) -> Solutions:
        """Run a SELECT query."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        include_extracted: bool = False,
        prefixes: Mapping[str, str] | None = None,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        """Run any SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the curated graph (or all graphs).

        ``prefixes`` are declared for the query without touching its text (so error lines are the query's own);
        ``dataset`` names the default and named graphs instead (only where :attr:`dataset_parameters` is true).
        Raises :class:`~kzgraph.errors.QueryError` (with line and column) on a syntax error and
        :class:`~kzgraph.errors.QueryTimeout` when ``timeout`` seconds pass first.
        """

    @abstractmethod
    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one named graph."""

    @abstractmethod
    def __len__(self) -> int: ...

    def replace_graphs(self, drop: Iterable[str], quads: Iterable[ox.Quad]) -> None:
        """Drop the named graphs ``drop`` and add ``quads``, in one transaction (where :attr:`replaces_graphs`)."""
        raise StoreError(f"{self.location}: this store does not write single graphs")

    def add_nquads(self, data: bytes) -> None:
        """Add N-Quads in bulk (where :attr:`replaces_graphs`); faster than :meth:`replace_graphs` for many, but not
        one transaction on every backend."""
        raise StoreError(f"{self.location}: this store does not write single graphs")

    def load_nquads(self, path: Path) -> None:
        """Add the N-Quads of a file in one transaction (where :attr:`replaces_graphs`)."""
        raise StoreError(f"{self.location}: this store does not write single graphs")

    def clear(self) -> None:
        """Remove every quad and graph at once (where :attr:`replaces_graphs`). Not one transaction on every
        backend: a caller that may be interrupted keeps its own journal, as ``kzgraph ingest`` does."""
        raise StoreError(f"{self.location}: this store does not write single graphs")

    def close(self) -> None:  # noqa: B027 - most backends hold nothing to release
        """Release the store."""

    def _refuse_dataset(self, dataset: Dataset | None) -> None:
        if dataset is not None and not self.dataset_parameters:
            raise QueryError(
                f"{self.location}: this store does not take default-graph-uri / named-graph-uri; "
                "use FROM / FROM NAMED in the query"
            )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
