"""The build's store and network views, written in a forked process while the build writes its files.

The store needs the dataset's VoID description, which the files' serializer works out; the views do not. So the
job draws the views first, loads the assembled quads (and the ingested documents' graphs carried over from the
previous store) into a fresh store, then waits for the description and adds it. On Linux the job runs
in a forked child alongside the rest of the build (the quads are inherited, not pickled); elsewhere it runs in
this process when the description is handed over. The result is the same.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import sys
from collections.abc import Iterable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox

from kzgraph.errors import StoreError
from kzgraph.ingest.documents import carried_over, corpus_dir
from kzgraph.stores import build_store, open_store, scratch_store
from kzgraph.viz import write_views


def _write(
    store_path: Path, views: Path, quads: list[ox.Quad], carried_from: Path, void: Iterable[ox.Quad] | Connection
) -> None:
    """Draw the views, write the store, then add the VoID description ``void`` (or what arrives through it).

    Without ingested documents the views are drawn from the quads held in memory (their queries run about nine
    times faster there than on RocksDB) while nothing else is waiting; with ingested documents, whose graphs can be
    large, from the store on disk once it is written."""
    ingested = corpus_dir(carried_from).is_dir()
    if not ingested:
        with scratch_store(quads) as scratch:
            write_views(scratch, views)
    build_store(store_path, quads, carried_over(carried_from))
    store = open_store(store_path, read_only=False)
    try:
        if ingested:
            write_views(store, views)
        store.replace_graphs([], void.recv() if isinstance(void, Connection) else void)
    finally:
        store.close()


def _child(conn: Connection, store: Path, views: Path, quads: list[ox.Quad], carried_from: Path) -> None:
    """The forked child: write, then report ``None`` or the exception raised through ``conn``."""
    try:
        _write(store, views, quads, carried_from, conn)
        outcome: BaseException | None = None
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises it
        outcome = e
    try:
        conn.send(outcome)
    except (pickle.PicklingError, TypeError, AttributeError):  # an exception that does not pickle: its message
        conn.send(StoreError(f"writing the store and views failed: {outcome}"))
    conn.close()


class StoreJob:
    """Writes ``store`` and ``views`` from ``quads``; :meth:`finish` hands over the VoID quads and waits."""

    def __init__(self, *, store: Path, views: Path, quads: list[ox.Quad], carried_from: Path) -> None:
        self._store, self._views, self._quads, self._carried_from = store, views, quads, carried_from
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        if sys.platform.startswith("linux"):  # fork: the child inherits the quads instead of unpickling them
            context = multiprocessing.get_context("fork")
            self._conn, theirs = context.Pipe()
            self._process = context.Process(
                target=_child, args=(theirs, store, views, quads, carried_from), name="kzgraph-store", daemon=True
            )
            self._process.start()
            theirs.close()

    def finish(self, void: list[ox.Quad]) -> None:
        """Add ``void`` to the store and wait until the store and the views are written (errors raised here)."""
        if self._process is None or self._conn is None:
            _write(self._store, self._views, self._quads, self._carried_from, void)
            return
        try:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the child ended early: see its report
                self._conn.send(void)
            try:
                outcome = self._conn.recv()
            except EOFError:
                raise StoreError(
                    f"{self._store}: the process writing the store and views ended without a report "
                    f"(exit code {self._process.exitcode})"
                ) from None
            if outcome is not None:
                raise outcome
        finally:
            self._conn.close()
            self._process.join()

    def abandon(self) -> None:
        """Stop the child without waiting for it (the build failed elsewhere)."""
        if self._process is not None and self._conn is not None:
            self._process.terminate()
            self._process.join()
            self._conn.close()
