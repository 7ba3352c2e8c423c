"""Store backends behind one small interface, chosen by a URL-like location.

- a path, or ``oxigraph:PATH`` — the embedded, persistent Oxigraph store (the default: ``build/store``);
- ``memory:`` — an in-memory rdflib ``Dataset``, for users who want rdflib objects.

Callers never branch on the backend: they call :func:`open_store` and use :class:`Store`.

:meth:`Store.query` runs any SPARQL query form (SELECT, ASK, CONSTRUCT, DESCRIBE) and returns a
:class:`kzgraph.results.QueryResult`. Its default graph is the *curated* graph: the union of every named graph except
the machine-extracted ones (IRIs starting with :data:`EXTRACTED_GRAPH_PREFIX`); ``include_extracted=True`` makes it
the union of all graphs. ``GRAPH ?g`` sees the same set of named graphs.

Timeouts. pyoxigraph cannot interrupt a running query, so a query with a ``timeout`` runs in a worker:

- for the persistent store, a child process (``python -m kzgraph._queryworker``) opens the store read-only, runs the
  query and writes the result in SPARQL JSON / N-Triples; on timeout the child is killed, so no CPU is left burning
  and nothing in this process is left in an unknown state. The price is ~0.1 to 0.2 s of process start, paid only
  when a timeout is asked for;
- for in-memory stores (nothing another process can open) a daemon thread runs the query and is abandoned on
  timeout: the caller gets :class:`~kzgraph.errors.QueryTimeout` at once, the thread finishes in the background.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kzgraph.errors import QueryError, QueryTimeout, StoreError

if TYPE_CHECKING:
    from typing import Self

    from kzgraph.results import QueryResult

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


def oxigraph_syntax_error(e: SyntaxError) -> QueryError:
    """Turn pyoxigraph's ``SyntaxError('error at L:C: …')`` into a QueryError with line and column."""
    text = str(e)
    m = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?:\s*(.*)", text, re.DOTALL)
    if m:
        return syntax_error(m.group(3), line=int(m.group(1)), column=int(m.group(2)))
    return syntax_error(text, line=None, column=None)


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


class OxigraphStore(Store):
    """The embedded persistent store (pyoxigraph on RocksDB)."""

    def __init__(self, path: Path, *, read_only: bool = False, create: bool = True) -> None:
        self.location = str(path)
        self._path: Path | None = path
        if not create and not path.exists():
            raise StoreError(f"{path}: no store here; run 'kzgraph build' first (or pass --store)")
        try:
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"{path}: cannot open store: {e}") from None

    @classmethod
    def build_at(cls, path: Path, data: list[ox.Quad] | bytes, extra: list[ox.Quad] | None = None) -> None:
        """Write a fresh store at ``path`` (which must not exist) from quads or N-Quads bytes, plus ``extra``."""
        store = ox.Store(str(path))
        if isinstance(data, bytes):
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        else:
            store.bulk_extend(data)
        if extra:
            store.bulk_extend(extra)
        store.flush()
        store.optimize()
        del store

    def replace(self, quads: Iterable[ox.Quad]) -> None:
        """One SPARQL Update request (DROP ALL + INSERT DATA) runs as one transaction."""
        body = "\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads)
        try:
            self._store.update(f"DROP SILENT ALL ;\nINSERT DATA {{\n{body}\n}}")
        except OSError as e:
            raise StoreError(f"{self.location}: write failed: {e}") from None

    def select(self, sparql: str, *, union_default_graph: bool = True) -> Solutions:
        try:
            result = self._store.query(sparql, use_default_graph_as_union=union_default_graph)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in result.variables]
        return Solutions(variables, [tuple(row) for row in result])  # a solution iterates in variable order

    def query(self, sparql: str, *, timeout: float | None = None, include_extracted: bool = False) -> QueryResult:
        if timeout is not None and self._path is not None:
            return self._query_in_child(sparql, timeout=timeout, include_extracted=include_extracted)
        return run_with_timeout(
            lambda: oxigraph_query(self._store, sparql, include_extracted=include_extracted), timeout
        )

    def _query_in_child(self, sparql: str, *, timeout: float, include_extracted: bool) -> QueryResult:
        from kzgraph.results import QueryResult

        args = [sys.executable, "-m", "kzgraph._queryworker", str(self._path)]
        if include_extracted:
            args.append("--include-extracted")
        try:
            done = subprocess.run(args, input=sparql.encode("utf-8"), capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise QueryTimeout(f"query ran past its time limit of {timeout:g} s") from None
        if done.returncode != 0:
            import json

            try:
                failure = json.loads(done.stderr.decode("utf-8").strip().splitlines()[-1])
            except (ValueError, IndexError):
                raise StoreError(
                    f"{self.location}: query worker failed: {done.stderr.decode(errors='replace')}"
                ) from None
            if failure.get("kind") == "syntax":
                raise syntax_error(failure["message"], line=failure.get("line"), column=failure.get("column"))
            raise (QueryError if failure.get("kind") == "query" else StoreError)(failure["message"])
        kind, _, body = done.stdout.partition(b"\n")
        return QueryResult.parse(body, "nt" if kind == b"graph" else "json")

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return iter(self._store.quads_for_pattern(None, None, None, g))

    def __len__(self) -> int:
        return len(self._store)

    @property
    def native(self) -> ox.Store:
        return self._store


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
        from kzgraph import rdflibterms

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
        from kzgraph import rdflibterms

        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            if graph is None or str(g) == graph:
                yield ox.Quad(rdflibterms.to_ox(s), rdflibterms.to_ox(p), rdflibterms.to_ox(o), rdflibterms.to_ox(g))

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))


def oxigraph_query(store: ox.Store, sparql: str, *, include_extracted: bool = False) -> QueryResult:
    """Run ``sparql`` on a pyoxigraph store with kzgraph's default-graph rule and materialise the answer."""
    from kzgraph.results import QueryResult

    graphs = list(store.named_graphs())
    curated = [g for g in graphs if not is_extracted_graph(g.value)]
    if include_extracted or len(curated) == len(graphs):
        # Nothing to leave out: the union mode is the same dataset, and pyoxigraph evaluates it 3-5x faster
        # than an explicit list of graphs.
        options: dict[str, Any] = {"use_default_graph_as_union": True}
    else:
        options = {"default_graph": [ox.DefaultGraph(), *curated], "named_graphs": curated}
    try:
        return QueryResult.from_oxigraph(store.query(sparql, **options))
    except SyntaxError as e:
        raise oxigraph_syntax_error(e) from None
    except OSError as e:
        raise StoreError(f"query failed: {e}") from None


def rdflib_query(dataset: Any, sparql: str) -> QueryResult:
    """Run ``sparql`` on an rdflib Dataset (default graph = union) and materialise the answer."""
    from pyparsing import ParseException

    from kzgraph import rdflibterms
    from kzgraph.results import QueryResult

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


def open_store(location: str | Path | None = None, *, read_only: bool = True) -> Store:
    """Open the store at ``location`` (default ``build/store``)."""
    loc = str(location) if location is not None else str(DEFAULT_STORE)
    if loc == "memory:":
        return MemoryStore()
    loc = loc.removeprefix("oxigraph:")
    if loc.startswith(("http://", "https://")):
        from kzgraph.remote import open_remote  # the remote backend: kzgraph/remote.py

        return open_remote(loc)
    return OxigraphStore(Path(loc), read_only=read_only, create=not read_only)


def swap_directory(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` with renames, so readers never see a half-written store."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)
