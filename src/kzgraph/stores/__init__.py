"""Store backends behind one small interface, chosen by a URL-like location.

- a path, or ``oxigraph:PATH`` — the embedded, persistent Oxigraph store (the default: ``build/store``),
  :mod:`kzgraph.stores.oxigraph`;
- ``memory:`` — an in-memory rdflib ``Dataset``, :mod:`kzgraph.stores.memory`;
- ``http(s)://…`` — a SPARQL 1.1 server, :mod:`kzgraph.stores.remote`.

Callers never branch on the backend: they call :func:`open_store` and use :class:`~kzgraph.stores.base.Store`.
Backends are imported when first opened, so importing this package loads none of them.
"""

from __future__ import annotations

from pathlib import Path

from kzgraph.stores.base import (
    DEFAULT_STORE,
    EXTRACTED_GRAPH_PREFIX,
    Solutions,
    Store,
    is_extracted_graph,
    syntax_error,
)

__all__ = [
    "DEFAULT_STORE",
    "EXTRACTED_GRAPH_PREFIX",
    "Solutions",
    "Store",
    "is_extracted_graph",
    "open_store",
    "syntax_error",
]


def open_store(location: str | Path | None = None, *, read_only: bool = True) -> Store:
    """Open the store at ``location`` (default ``build/store``)."""
    loc = str(location) if location is not None else str(DEFAULT_STORE)
    if loc == "memory:":
        from kzgraph.stores.memory import MemoryStore

        return MemoryStore()
    loc = loc.removeprefix("oxigraph:")
    if loc.startswith(("http://", "https://")):
        from kzgraph.stores.remote import open_remote  # the remote backend: kzgraph/stores/remote.py

        return open_remote(loc)
    from kzgraph.stores.oxigraph import OxigraphStore

    return OxigraphStore(Path(loc), read_only=read_only, create=not read_only)
