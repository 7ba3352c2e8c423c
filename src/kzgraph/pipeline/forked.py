"""Build stages that run in a forked child process alongside the rest of the build.

On Linux a :class:`Forked` job forks at once: the child inherits the assembled quads instead of unpickling them,
runs its function and sends back the return value (or the exception it raised) through a pipe; :meth:`result`
waits for it. Elsewhere the function runs in this process when it is created. The result is the same.

What a child may do: Python, and pyoxigraph stores in memory. Not the on-disk store: RocksDB keeps process-wide
background threads, which a forked child inherits as state without the threads, so a child opening or writing a
store on disk after the parent has used one can wait forever. The build writes its store in the parent.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from kzgraph.errors import StageError

T = TypeVar("T")


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Fork inside this block: the parent's objects are moved out of the garbage collector's reach first
    (``gc.freeze``), so that a child's collections do not write to every inherited object and copy every page of
    the parent's heap (copy-on-write); the parent gets them back afterwards. A child calls :func:`gc.enable`."""
    enabled = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def _child(conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    gc.enable()
    try:
        outcome: tuple[bool, Any] = (True, fn(*args))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises it
        outcome = (False, e)
    try:
        conn.send(outcome)
    except (pickle.PicklingError, TypeError, AttributeError) as e:  # an outcome that does not pickle
        conn.send((False, StageError(f"{getattr(fn, '__name__', fn)}: its outcome cannot be sent back: {e}")))
    conn.close()


class Forked(Generic[T]):
    """``fn(*args)`` in a forked child (Linux) or right away (elsewhere); :meth:`result` gives its return value."""

    def __init__(self, name: str, fn: Callable[..., T], *args: Any) -> None:
        self.name = name
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._done: tuple[bool, Any] | None = None
        if not sys.platform.startswith("linux"):
            try:
                self._done = (True, fn(*args))
            except Exception as e:  # noqa: BLE001 - raised by result(), as from a child
                self._done = (False, e)
            return
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(theirs, fn, args), name=f"kzgraph-{name}", daemon=True)
        with frozen_heap():
            self._process.start()
        theirs.close()

    def result(self) -> T:
        """Wait for the job; its return value, or the exception it raised (StageError if it died silently)."""
        if self._done is None:
            assert self._process is not None and self._conn is not None
            try:
                self._done = self._conn.recv()
            except EOFError:
                self._process.join()
                raise StageError(
                    f"{self.name}: the process ended without a report (exit code {self._process.exitcode})"
                ) from None
            finally:
                self._conn.close()
            self._process.join()
        ok, value = self._done
        if not ok:
            raise value
        return value

    def abandon(self) -> None:
        """Stop the child without waiting for its result (the build failed elsewhere)."""
        if self._process is not None and self._done is None:
            self._process.terminate()
            self._process.join()
            if self._conn is not None:
                self._conn.close()
            self._done = (False, StageError(f"{self.name}: abandoned"))
