"""Picking up a new build without a restart.

``kzgraph build`` replaces the store folder with renames (:func:`kzgraph.fileio.swap_directory`), so a new build
is a new folder at the same path. :class:`StoreWatcher` notices it (the folder's identity changed; checked at most
every ``interval`` seconds, on the request path) and opens the new store; the server then replaces its query
workers (:meth:`kzgraph.web.pool.WorkerPool.reload`). Requests already running finish on the store they started
with; a check during the swap itself (the folder briefly absent) keeps the current store.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kzgraph.errors import KzGraphError
from kzgraph.stores import Store

log = logging.getLogger("kzgraph.web")


def identity(folder: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


class StoreWatcher:
    """The current store of ``folder``: ``opener()`` opens it; ``on_swap(store)`` runs after a new one opened."""

    def __init__(self, folder: Path, opener: Callable[[], Store], *, on_swap: Callable[[Store], None] | None = None,
                 interval: float = 1.0) -> None:  # fmt: skip
        self.folder = folder
        self.opener = opener
        self.on_swap = on_swap
        self.interval = interval
        self._lock = threading.Lock()
        self._seen = identity(folder)
        self._checked = time.monotonic()
        self.store = opener()
        self.swaps = 0

    def current(self) -> Store:
        """The store to read now (after checking for a new build, if the last check is old enough)."""
        if time.monotonic() - self._checked >= self.interval:
            self.check()
        return self.store

    def check(self) -> bool:
        """Open the store again if the folder was replaced; True when it was."""
        with self._lock:
            self._checked = time.monotonic()
            now = identity(self.folder)
            if now is None or now == self._seen:
                return False
            try:
                fresh = self.opener()
            except KzGraphError as err:  # mid-swap or a broken build: keep serving the store we have
                log.warning("a new store at %s could not be opened yet: %s", self.folder, err)
                return False
            self._seen = now
            self.store = fresh
            self.swaps += 1
        log.warning("a new build of %s is served", self.folder)
        if self.on_swap is not None:
            self.on_swap(fresh)
        return True
