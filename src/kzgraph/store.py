"""Store backends behind one small interface, chosen by a URL-like location.

- a path, or ``oxigraph:PATH`` — the embedded, persistent Oxigraph store (the default: ``build/store``);
- ``memory:`` — an in-memory rdflib ``Dataset``, for users who want rdflib objects.

Callers never branch on the backend: they call :func:`open_store` and use :class:`Store`.
"""

from __future__ import annotations

import shutil
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kzgraph.errors import QueryError, StoreError

DEFAULT_STORE = Path("build") / "store"


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
    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """All quads, or those of one named graph."""

    @abstractmethod
    def __len__(self) -> int: ...

    def close(self) -> None:
        """Release the store."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OxigraphStore(Store):
    """The embedded persistent store (pyoxigraph on RocksDB)."""

    def __init__(self, path: Path, *, read_only: bool = False, create: bool = True) -> None:
        self.location = str(path)
        if not create and not path.exists():
            raise StoreError(f"{path}: no store here; run 'kzgraph build' first (or pass --store)")
        try:
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"{path}: cannot open store: {e}") from None

    @classmethod
    def build_at(cls, path: Path, quads: list[ox.Quad]) -> None:
        """Write a fresh store at ``path`` (which must not exist) holding ``quads``."""
        store = ox.Store(str(path))
        store.bulk_extend(quads)
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
        return Solutions(variables, [tuple(row[v] for v in variables) for row in result])

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

    def replace(self, quads: Iterable[ox.Quad]) -> None:
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        import rdflib

        fresh = rdflib.Dataset(default_union=True)
        fresh.parse(data=data.decode("utf-8"), format="nquads")
        self.dataset = fresh

    def select(self, sparql: str, *, union_default_graph: bool = True) -> Solutions:
        from kzgraph import rdflibterms

        try:
            result = self.dataset.query(sparql)
        except Exception as e:  # rdflib's parser raises pyparsing exceptions
            raise QueryError(f"SPARQL error: {e}") from None
        variables = [str(v) for v in result.vars or []]
        return Solutions(variables, [tuple(rdflibterms.to_ox(t) for t in row) for row in result])

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        from kzgraph import rdflibterms

        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            if graph is None or str(g) == graph:
                yield ox.Quad(rdflibterms.to_ox(s), rdflibterms.to_ox(p), rdflibterms.to_ox(o), rdflibterms.to_ox(g))

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))


def open_store(location: str | Path | None = None, *, read_only: bool = True) -> Store:
    """Open the store at ``location`` (default ``build/store``)."""
    loc = str(location) if location is not None else str(DEFAULT_STORE)
    if loc == "memory:":
        return MemoryStore()
    if loc.startswith("oxigraph:"):
        loc = loc[len("oxigraph:") :]
    if loc.startswith(("http://", "https://")):
        raise StoreError(f"{loc}: remote stores are not supported by this version")
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
