"""Store backends behind one small interface, chosen by a URL-like location.

- a path, or ``oxigraph:PATH`` — the embedded, persistent Oxigraph store (the default: ``build/store``; a build folder
  such as ``build`` means its ``store/``), :mod:`kzgraph.stores.oxigraph`;
- ``memory:`` — an empty in-memory rdflib ``Dataset`` to fill; ``memory:PATH`` — one loaded from an RDF dataset file
  (``.nq``, ``.trig`` …), a build folder (its ``kzgraph.nq``) or a store folder, :mod:`kzgraph.stores.memory`;
- ``http(s)://…`` — a SPARQL 1.1 server, :mod:`kzgraph.stores.remote`.

Locations are read in one place, :func:`parse_location`. Callers never branch on the backend: they call
:func:`open_store` and use :class:`~kzgraph.stores.base.Store`, asking its declared capabilities where backends
differ. Backends are imported when first opened, so importing this package loads none of them; a new backend is one
module plus one branch of :func:`open_store`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kzgraph.errors import StoreError
from kzgraph.stores.base import (
    DEFAULT_STORE,
    EXTRACTED_GRAPH_PREFIX,
    Dataset,
    Solutions,
    Store,
    is_extracted_graph,
    syntax_error,
)

__all__ = [
    "DEFAULT_STORE",
    "EXTRACTED_GRAPH_PREFIX",
    "Dataset",
    "Location",
    "Solutions",
    "Store",
    "build_store",
    "ingested_folder",
    "is_extracted_graph",
    "is_store_folder",
    "open_store",
    "parse_location",
    "scratch_store",
    "syntax_error",
]

BUILD_DATASET = "kzgraph.nq"  # the file of a build folder that memory:PATH loads


def ingested_folder(store_path: Path) -> Path:
    """The folder of documents ingested into a store, beside its folder (``build/store`` → ``build/ingested``)."""
    return store_path.parent / "ingested"


@dataclass(frozen=True)
class Location:
    """Where a store is: ``kind`` ``embedded`` (``folder``), ``memory`` (filled from ``source``, if any) or
    ``remote`` (``url``, which may carry credentials and the other endpoints)."""

    text: str
    kind: Literal["embedded", "memory", "remote"]
    folder: Path | None = None
    source: Path | None = None
    url: str | None = None


def is_store_folder(path: Path) -> bool:
    """Whether ``path`` holds an embedded store (RocksDB keeps a ``CURRENT`` file)."""
    return (path / "CURRENT").is_file()


def parse_location(location: str | Path | None) -> Location:
    """Read a store location (``None``: ``build/store``); see the module docstring for the forms."""
    text = str(location) if location is not None and str(location) != "" else str(DEFAULT_STORE)
    if text.startswith(("http://", "https://")):
        return Location(text, "remote", url=text)
    if text == "memory:" or text.startswith("memory:"):
        rest = text.removeprefix("memory:")
        return Location(text, "memory", source=_dataset_source(Path(rest)) if rest else None)
    folder = Path(text.removeprefix("oxigraph:"))
    if folder.is_dir() and not is_store_folder(folder) and is_store_folder(folder / "store"):
        folder = folder / "store"  # a build folder: its store
    return Location(text, "embedded", folder=folder)


def _dataset_source(path: Path) -> Path:
    if path.is_dir() and not is_store_folder(path):
        built = path / BUILD_DATASET
        if built.is_file():
            return built
        raise StoreError(f"memory:{path}: neither a build folder (no {BUILD_DATASET}) nor a store folder")
    if not path.exists():
        raise StoreError(f"memory:{path}: no such file or folder")
    return path


def open_store(location: str | Path | None = None, *, read_only: bool = True, **options: Any) -> Store:
    """Open the store at ``location`` (default ``build/store``).

    ``options`` go to the backend that takes them (a SPARQL server: ``update_url``, ``gsp_url``, ``user``,
    ``password``, ``timeout``). An empty ``memory:`` store opened read-only could only ever answer nothing, so it is
    refused: give ``memory:PATH`` to load a dataset, or ``read_only=False`` to fill it.
    """
    where = parse_location(location)
    if where.kind == "remote":
        from kzgraph.stores.remote import RemoteStore  # the remote backend: kzgraph/stores/remote.py

        assert where.url is not None
        return RemoteStore(where.url, **options)
    if options:
        raise StoreError(f"{where.text}: options {', '.join(sorted(options))} apply to SPARQL servers only")
    if where.kind == "memory":
        from kzgraph.stores.memory import MemoryStore, load_into

        store = MemoryStore()
        if where.source is not None:
            load_into(store, where.source)
        elif read_only:
            raise StoreError(
                "memory: is an empty store, and read-only here it would answer nothing; load a dataset into it with "
                f"memory:PATH (e.g. memory:build, which loads build/{BUILD_DATASET}), or use the built store (build)"
            )
        return store
    from kzgraph.stores.oxigraph import OxigraphStore

    assert where.folder is not None
    return OxigraphStore(where.folder, read_only=read_only, create=not read_only)


def scratch_store(quads: Iterable[Any]) -> Store:
    """A fast store of ``quads`` in memory, for a job's own queries (the build draws its views from one): the
    embedded engine without its disk, not the ``memory:`` backend (rdflib)."""
    from kzgraph.stores.oxigraph import OxigraphStore

    return OxigraphStore.in_memory(quads)


def build_store(path: Path, data: list[Any] | bytes, extra: Iterable[Any] | None = None) -> None:
    """Write a fresh persistent store at ``path`` (which must not exist) from quads or N-Quads bytes, plus
    ``extra`` quads (streamed)."""
    from kzgraph.stores.oxigraph import OxigraphStore

    OxigraphStore.build_at(path, data, extra)
