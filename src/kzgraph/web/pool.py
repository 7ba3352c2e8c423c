"""A bounded pool of long-lived query workers (:mod:`kzgraph.stores.queryworker` processes) for the server.

Each worker keeps the embedded store open, so a query costs a pipe round trip, not a process start. At most
``size`` queries run at once; a query waits up to ``queue_timeout`` seconds for a free worker and otherwise fails
with :class:`~kzgraph.web.errors.Busy` (503 with Retry-After). A query past its time limit is stopped for real:
its worker is killed, whatever the query or its parameters, and a fresh one takes its place. A worker that dies
(its memory limit, a crash) is replaced the same way. :meth:`WorkerPool.reload` replaces every worker, so that a
new build of the store is read (busy workers finish their query first).

:class:`PooledStore` puts the pool behind the :class:`~kzgraph.stores.Store` interface: a query with a time limit
goes to the pool, everything else (the pages' own queries, quads) to the store opened in this process.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from kzgraph.errors import QueryError, QueryTimeout, StoreError
from kzgraph.stores.base import Dataset, Solutions, Store, syntax_error
from kzgraph.stores.queryworker import FRAME
from kzgraph.web.errors import Busy

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kzgraph.query.results import QueryResult

log = logging.getLogger("kzgraph.web.pool")

START_TIMEOUT = 60.0  # seconds a new worker may take to open the store


class WorkerDied(StoreError):
    """A query worker ended while running a query (its memory limit, or a crash)."""


@dataclass(eq=False)
class Worker:
    process: subprocess.Popen[bytes]
    generation: int
    fd_in: int = field(init=False)
    fd_out: int = field(init=False)

    def __post_init__(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.fd_in = self.process.stdin.fileno()
        self.fd_out = self.process.stdout.fileno()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, body: bytes) -> None:
        data = FRAME.pack(len(body)) + body
        while data:
            written = os.write(self.fd_in, data)
            data = data[written:]

    def receive(self, deadline: float | None) -> bytes:
        """One answer frame; QueryTimeout past ``deadline`` (monotonic), WorkerDied at end of output."""
        head = self._read(FRAME.size, deadline)
        (size,) = FRAME.unpack(head)
        return self._read(size, deadline)

    def _read(self, size: int, deadline: float | None) -> bytes:
        chunks: list[bytes] = []
        missing = size
        while missing:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise QueryTimeout("time limit")
            ready, _, _ = select.select([self.fd_out], [], [], wait)
            if not ready:
                raise QueryTimeout("time limit")
            chunk = os.read(self.fd_out, min(missing, 1 << 20))
            if not chunk:
                raise WorkerDied("query worker ended while running a query")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        if self.alive:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


class WorkerPool:
    """``size`` worker processes over the store at ``path``."""

    def __init__(self, path: Path, *, size: int, queue_timeout: float = 2.0, retry_after: int = 5,
                 memory_mb: int = 0) -> None:  # fmt: skip
        self.path = path
        self.size = size
        self.queue_timeout = queue_timeout
        self.retry_after = retry_after
        self.memory_mb = memory_mb
        self.generation = 0
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[Worker] = set()
        self._closed = False

    # -- life cycle --

    def start(self) -> None:
        """Start every worker and wait until each has the store open."""
        starting = [self._spawn() for _ in range(self.size)]
        for worker in starting:
            self._await_ready(worker)
            self._idle.put(worker)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reload(self) -> None:
        """Replace every worker, so the store now at ``path`` is the one read (busy ones when they finish)."""
        with self._lock:
            self.generation += 1
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            self._replace(worker)

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._workers)

    def _spawn(self) -> Worker:
        args = [sys.executable, "-m", "kzgraph.stores.queryworker", "--serve", str(self.path)]
        if self.memory_mb:
            args += ["--memory", str(self.memory_mb)]
        process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        worker = Worker(process, self.generation)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _await_ready(self, worker: Worker) -> None:
        try:
            answer = worker.receive(time.monotonic() + START_TIMEOUT)
        except (QueryTimeout, WorkerDied):
            self._discard(worker)
            raise StoreError(f"{self.path}: a query worker did not start") from None
        if answer != b"ready\n":
            self._discard(worker)
            message = json.loads(answer.partition(b"\n")[2] or b"{}").get("message", "failed")
            raise StoreError(f"{self.path}: query worker: {message}")

    def _discard(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)

    def _replace(self, worker: Worker) -> None:
        """Kill ``worker`` now and start another in the background (the pool is one short until it is ready)."""
        self._discard(worker)
        if self._closed:
            return

        def start_one() -> None:
            for attempt in range(3):
                fresh = self._spawn()
                try:
                    self._await_ready(fresh)
                except StoreError as err:
                    log.error("query worker replacement failed (attempt %d): %s", attempt + 1, err)
                    time.sleep(1)
                    continue
                if self._closed:
                    self._discard(fresh)
                else:
                    self._idle.put(fresh)
                return

        threading.Thread(target=start_one, name="kzgraph-worker-start", daemon=True).start()

    # -- queries --

    def run(self, request: dict[str, Any], *, timeout: float | None) -> tuple[str, bytes]:
        """Run one request in a worker: (kind, body) as the worker wrote them; raises the worker's error,
        QueryTimeout past ``timeout`` (the worker is replaced), Busy when no worker frees up in time."""
        try:
            worker = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            raise Busy(f"all {self.size} query workers are busy", retry_after=self.retry_after) from None
        if not worker.alive or worker.generation != self.generation:
            self._replace(worker)
            return self.run(request, timeout=timeout)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            worker.send(json.dumps(request).encode("utf-8"))
            answer = worker.receive(deadline)
        except QueryTimeout:
            self._replace(worker)
            raise QueryTimeout(f"query ran past its time limit of {timeout:g} s") from None
        except (WorkerDied, BrokenPipeError):
            self._replace(worker)
            raise WorkerDied("the query worker ended while running the query (memory limit?)") from None
        if worker.generation != self.generation:
            self._replace(worker)
        else:
            self._idle.put(worker)
        status, _, rest = answer.partition(b"\n")
        if status == b"ok":
            kind, _, body = rest.partition(b"\n")
            return kind.decode(), body
        failure = json.loads(rest)
        if failure.get("kind") == "syntax":
            raise syntax_error(failure["message"], line=failure.get("line"), column=failure.get("column"))
        raise (QueryError if failure.get("kind") == "query" else StoreError)(failure["message"])


class PooledStore(Store):
    """The embedded store, with its timed queries run in a :class:`WorkerPool` (the server's store)."""

    dataset_parameters = True
    in_process = True
    takes_base_iri = True

    def __init__(self, inner: Store, pool: WorkerPool) -> None:
        self.inner = inner
        self.pool = pool
        self.location = inner.location
        self.evaluates_service = inner.evaluates_service

    def query(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        include_extracted: bool = False,
        prefixes: Mapping[str, str] | None = None,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        from kzgraph.query.results import QueryResult

        if timeout is None:
            return self.inner.query(sparql, include_extracted=include_extracted, prefixes=prefixes, dataset=dataset)
        request: dict[str, Any] = {"query": sparql, "include_extracted": include_extracted,
                                   "prefixes": dict(prefixes or {})}  # fmt: skip
        if base_iri is not None:
            request["base_iri"] = base_iri
        if dataset is not None:
            request["dataset"] = {"default": list(dataset.default), "named": list(dataset.named)}
        kind, body = self.pool.run(request, timeout=timeout)
        return QueryResult.parse(body, "nt" if kind == "graph" else "json")

    def select(self, sparql: str, *, union_default_graph: bool = True) -> Solutions:
        return self.inner.select(sparql, union_default_graph=union_default_graph)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        return self.inner.quads(graph)

    def __len__(self) -> int:
        return len(self.inner)

    def replace(self, quads: Iterable[ox.Quad]) -> None:
        raise StoreError("the server's store is read-only")

    def close(self) -> None:
        self.inner.close()
