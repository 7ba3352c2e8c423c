"""The embedded, persistent Oxigraph store (pyoxigraph on RocksDB) — the default backend.

Timeouts. pyoxigraph cannot interrupt a running query, so a query with a ``timeout`` runs in a worker: a child
process (``python -m kzgraph.stores.queryworker``) opens the store read-only, runs the query and writes the result
in SPARQL JSON / N-Triples; on timeout the child is killed, so no CPU is left burning and nothing in this process
is left in an unknown state. The price is ~0.1 to 0.2 s of process start, paid only when a timeout is asked for.
(In-memory stores, which no other process can open, use a daemon thread: :func:`~kzgraph.stores.base.run_with_timeout`.)
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kzgraph.errors import QueryError, QueryTimeout, StoreError
from kzgraph.stores.base import (
    Dataset,
    Solutions,
    Store,
    explain_syntax_error,
    is_extracted_graph,
    run_with_timeout,
    syntax_error,
)

if TYPE_CHECKING:
    from kzgraph.query.results import QueryResult


def oxigraph_syntax_error(e: SyntaxError, sparql: str, prefixes: Mapping[str, str] | None = None) -> QueryError:
    """Turn pyoxigraph's ``SyntaxError('error at L:C: …')`` into a QueryError with line and column."""
    text = str(e)
    m = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?:\s*(.*)", text, re.DOTALL)
    if m:
        line, column = int(m.group(1)), int(m.group(2))
        return explain_syntax_error(sparql, m.group(3), line=line, column=column, prefixes=prefixes)
    return explain_syntax_error(sparql, text, line=None, column=None, prefixes=prefixes)


def _insert_data(quads: Iterable[ox.Quad]) -> str:
    """A SPARQL ``INSERT DATA`` of ``quads``, each in its graph."""
    body = "\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads)
    return f"INSERT DATA {{\n{body}\n}}"


class OxigraphStore(Store):
    """The embedded persistent store (pyoxigraph on RocksDB)."""

    evaluates_service = True
    in_process = True
    dataset_parameters = True
    replaces_graphs = True

    def __init__(self, path: Path | None, *, read_only: bool = False, create: bool = True) -> None:
        """The store at ``path``; ``None``: a new, empty store in memory (see :meth:`in_memory`)."""
        self.location = str(path) if path is not None else "memory (pyoxigraph)"
        self._path = path
        if path is None:
            self._store = ox.Store()
            return
        if not create and not path.exists():
            raise StoreError(f"{path}: no store here; run 'kzgraph build' first (or pass --store)")
        try:
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"{path}: cannot open store: {e}") from None

    @classmethod
    def in_memory(cls, quads: Iterable[ox.Quad]) -> OxigraphStore:
        """A store of ``quads`` held in memory only (nothing on disk; gone with the object). Its queries skip
        RocksDB: on the built graph the views' queries run about nine times faster than on the store on disk."""
        store = cls(None)
        store._store.bulk_extend(quads)
        return store

    @classmethod
    def build_at(cls, path: Path, data: list[ox.Quad] | bytes, extra: Iterable[ox.Quad] | None = None) -> None:
        """Write a fresh store at ``path`` (which must not exist) from quads or N-Quads bytes, plus ``extra``
        (streamed by the bulk loader)."""
        store = ox.Store(str(path))
        if isinstance(data, bytes):
            store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        else:
            store.bulk_extend(data)
        if extra is not None:
            store.bulk_extend(extra)
        store.flush()
        store.optimize()
        del store

    def replace(self, quads: Iterable[ox.Quad]) -> None:
        """One SPARQL Update request (DROP ALL + INSERT DATA) runs as one transaction."""
        try:
            self._store.update(f"DROP SILENT ALL ;\n{_insert_data(quads)}")
        except OSError as e:
            raise StoreError(f"{self.location}: write failed: {e}") from None

    def replace_graphs(self, drop: Iterable[str], quads: Iterable[ox.Quad]) -> None:
        """``Store.extend`` (atomic) when no graph held here is dropped, else one SPARQL Update request
        (``DROP SILENT GRAPH …; INSERT DATA {…}``), which runs as one transaction."""
        quads = list(quads)
        dropped = [g for g in dict.fromkeys(drop) if self._store.contains_named_graph(ox.NamedNode(g))]
        try:
            if not dropped:
                self._store.extend(quads)
                return
            parts = [f"DROP SILENT GRAPH <{g}>" for g in dropped]
            if quads:
                parts.append(_insert_data(quads))
            self._store.update(" ;\n".join(parts))
        except OSError as e:
            raise StoreError(f"{self.location}: write failed: {e}") from None

    def add_nquads(self, data: bytes) -> None:
        try:
            self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as e:
            raise StoreError(f"{self.location}: bulk load failed: {e}") from None

    def load_nquads(self, path: Path) -> None:
        """pyoxigraph's loader: one transaction, the file held in memory while it loads."""
        try:
            self._store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as e:
            raise StoreError(f"{self.location}: cannot load {path}: {e}") from None

    def clear(self) -> None:
        """Instant, where dropping every graph in one transaction removes quad by quad."""
        try:
            self._store.clear()
        except OSError as e:
            raise StoreError(f"{self.location}: write failed: {e}") from None

    def close(self) -> None:
        """Write what is buffered to disk; the store itself (and its lock) goes with its last reference."""
        with contextlib.suppress(RuntimeError):  # a read-only store has nothing to flush
            self._store.flush()

    def select(self, sparql: str, *, union_default_graph: bool = True) -> Solutions:
        try:
            result = self._store.query(sparql, use_default_graph_as_union=union_default_graph)
        except SyntaxError as e:
            raise oxigraph_syntax_error(e, sparql) from None
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in result.variables]
        return Solutions(variables, [tuple(row) for row in result])  # a solution iterates in variable order

    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        include_extracted: bool = False,
        prefixes: Mapping[str, str] | None = None,
        dataset: Dataset | None = None,
    ) -> QueryResult:
        if timeout is not None and self._path is not None:
            request = {"query": sparql, "include_extracted": include_extracted, "prefixes": dict(prefixes or {})}
            if dataset is not None:
                request["dataset"] = {"default": list(dataset.default), "named": list(dataset.named)}
            return self._query_in_child(request, timeout=timeout)
        return run_with_timeout(
            lambda: read_answer(
                oxigraph_answer(
                    self._store, sparql, include_extracted=include_extracted, prefixes=prefixes, dataset=dataset
                )
            ),
            timeout,
        )

    def _query_in_child(self, request: dict[str, Any], *, timeout: float) -> QueryResult:
        from kzgraph.query.results import QueryResult

        args = [sys.executable, "-m", "kzgraph.stores.queryworker", str(self._path)]
        try:
            done = subprocess.run(
                args, input=json.dumps(request).encode("utf-8"), capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise QueryTimeout(f"query ran past its time limit of {timeout:g} s") from None
        if done.returncode != 0:
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


def oxigraph_answer(
    store: ox.Store,
    sparql: str,
    *,
    include_extracted: bool = False,
    prefixes: Mapping[str, str] | None = None,
    dataset: Dataset | None = None,
    base_iri: str | None = None,
    named_graphs: list[ox.NamedNode] | None = None,
) -> Any:
    """Run ``sparql`` on a pyoxigraph store with kzgraph's default-graph rule (or the ``dataset`` given): the answer
    as pyoxigraph gives it (solutions, boolean or triples, not yet read), for :func:`read_answer` or for a caller
    that writes it with pyoxigraph's own serializers. Relative IRIs in the query resolve against ``base_iri``.
    ``named_graphs``: the store's graphs, listed once by a caller that queries a read-only store many times
    (listing them costs ~0.5 ms)."""
    options: dict[str, Any] = {"prefixes": dict(prefixes)} if prefixes else {}
    if base_iri is not None:
        options["base_iri"] = base_iri
    if dataset is not None:
        try:
            options["default_graph"] = [ox.NamedNode(g) for g in dataset.default] or [ox.DefaultGraph()]
            options["named_graphs"] = [ox.NamedNode(g) for g in dataset.named]
        except ValueError as e:
            raise QueryError(f"default-graph-uri / named-graph-uri: {e}") from None
    else:
        graphs = list(store.named_graphs()) if named_graphs is None else named_graphs
        curated = [g for g in graphs if not is_extracted_graph(g.value)]
        if include_extracted or len(curated) == len(graphs):
            # Nothing to leave out: the union mode is the same dataset, and pyoxigraph evaluates it 3-5x faster
            # than an explicit list of graphs.
            options["use_default_graph_as_union"] = True
        else:
            options.update(default_graph=[ox.DefaultGraph(), *curated], named_graphs=curated)
    try:
        return store.query(sparql, **options)
    except SyntaxError as e:
        raise oxigraph_syntax_error(e, sparql, prefixes) from None
    except OSError as e:
        raise StoreError(f"query failed: {e}") from None


def read_answer(answer: Any) -> QueryResult:
    """A pyoxigraph answer (of :func:`oxigraph_answer`) read into a :class:`~kzgraph.query.results.QueryResult`."""
    from kzgraph.query.results import QueryResult

    try:
        return QueryResult.from_oxigraph(answer)
    except OSError as e:
        raise StoreError(f"query failed: {e}") from None
