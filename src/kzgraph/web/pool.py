"""A bounded pool of long-lived query workers (:mod:`kzgraph.stores.queryworker` processes) for the server.

Each worker keeps the embedded store open, so a query costs a pipe round trip, not a process start. At most
``size`` queries run at once; a query waits up to ``queue_timeout`` seconds for a free worker (first come, first
served: a freed worker goes to the query that waited longest) and otherwise fails with
:class:`~kzgraph.web.errors.Busy` (503 with Retry-After). A query past its time limit is stopped for real:
its worker is killed, whatever the query or its parameters, and a fresh one takes its place. A worker that dies
(its memory limit, a crash) is replaced the same way. So that a few long queries cannot take every worker, at most
``size - 1`` queries may run longer than ``long_query`` seconds at once; one more is stopped at that point (503).
A query seen to run past ``long_query`` is remembered (the store is read-only, so it will run long again): asked
again, it needs a free long slot before it may take a worker, else it is refused at once (503), so that copies of
one runaway query waiting in the queue do not take, one after the other, the worker kept for short queries.
:meth:`WorkerPool.reload` replaces every worker, so that a new build of the store is read (busy workers finish
their query first), and forgets the long queries.

:class:`PooledStore` puts the pool behind the :class:`~kzgraph.stores.Store` interface: a query with a time limit
goes to the pool, everything else (the pages' own queries, quads) to the store opened in this process.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import queue
import select
import subprocess
import sys
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
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
KNOWN_LONG = 1024  # queries remembered as running long (the least recent forgotten first)
LongKey = tuple[str, str, bool]  # query text, dataset, include_extracted


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

    def answers_within(self, seconds: float) -> bool:
        """Whether the worker starts answering within ``seconds``."""
        ready, _, _ = select.select([self.fd_out], [], [], seconds)
        return bool(ready)

    async def receive_async(self, deadline: float | None, *, checkpoint: float | None = None,
                            at_checkpoint: Callable[[], object] | None = None) -> bytes:  # fmt: skip
        """:meth:`receive` on the running event loop (the loop watches the pipe; no thread waits), reading what the
        pipe holds at once. ``at_checkpoint()`` runs if no answer has begun by ``checkpoint`` (monotonic)."""
        loop = asyncio.get_running_loop()
        buffer = bytearray()
        need = FRAME.size
        while len(buffer) < need:
            now = time.monotonic()
            if checkpoint is not None and now >= checkpoint and not buffer:
                checkpoint = None
                if at_checkpoint is not None:
                    at_checkpoint()
            ends = [t for t in (deadline, checkpoint if not buffer else None) if t is not None]
            wait = min(ends) - now if ends else None
            if deadline is not None and deadline - now <= 0:
                raise QueryTimeout("time limit")
            readable: asyncio.Future[None] = loop.create_future()
            loop.add_reader(self.fd_out, _resolve, readable)
            try:
                await asyncio.wait_for(readable, wait)
            except TimeoutError:
                continue  # a checkpoint or the deadline: the loop's head decides
            finally:
                loop.remove_reader(self.fd_out)
            chunk = os.read(self.fd_out, max(1 << 16, need - len(buffer)))
            if not chunk:
                raise WorkerDied("query worker ended while running a query")
            buffer += chunk
            if need == FRAME.size and len(buffer) >= FRAME.size:
                need += FRAME.unpack_from(buffer)[0]
        return bytes(buffer[FRAME.size : need])

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
                 memory_mb: int = 0, long_query: float = 0.0) -> None:  # fmt: skip
        self.path = path
        self.size = size
        self.queue_timeout = queue_timeout
        self.retry_after = retry_after
        self.memory_mb = memory_mb
        self.long_query = long_query
        self.long_slots = max(1, size - 1)
        self._long = 0
        self._known_long: OrderedDict[LongKey, None] = OrderedDict()  # queries seen to run past long_query
        self.generation = 0
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[Worker] = set()
        # requests of an event loop waiting for a worker, oldest first: a freed worker goes to the oldest
        self._waiters: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[Worker]]] = deque()
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
            self._known_long.clear()  # a new build: a query may run faster or slower on it
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
                if self._closed:
                    return
                fresh = self._spawn()
                try:
                    self._await_ready(fresh)
                except (StoreError, OSError, ValueError) as err:  # ValueError: the pool closed its pipes meanwhile
                    self._discard(fresh)
                    if self._closed:
                        return
                    log.error("query worker replacement failed (attempt %d): %s", attempt + 1, err)
                    time.sleep(1)
                    continue
                if self._closed:
                    self._discard(fresh)
                else:
                    self._give(fresh)
                return

        threading.Thread(target=start_one, name="kzgraph-worker-start", daemon=True).start()

    # -- queries --

    def run(self, request: dict[str, Any], *, timeout: float | None) -> tuple[str, str, bytes]:
        """Run one request in a worker: (kind, format, body) as the worker wrote them; raises the worker's error,
        QueryTimeout past ``timeout`` (the worker is replaced), Busy when no worker frees up in time."""
        key = self._check_known_long(request, timeout)
        try:
            worker = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            raise Busy(f"all {self.size} query workers are busy", retry_after=self.retry_after) from None
        if not worker.alive or worker.generation != self.generation:
            self._replace(worker)
            return self.run(request, timeout=timeout)
        long = self._start_known_long(key, worker)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            worker.send(json.dumps(request).encode("utf-8"))
            if not long and self._may_become_long(timeout) and not worker.answers_within(self.long_query):
                self._mark_long(key)
                long = self._become_long()
            answer = worker.receive(deadline)
        except BaseException as err:  # noqa: BLE001 - the worker is replaced, then the error goes on
            raise self._failed(worker, err, timeout) from None
        finally:
            self._end_long(long)
        self._release(worker)
        return self._answer(answer)

    async def run_async(self, request: dict[str, Any], *, timeout: float | None) -> tuple[str, str, bytes]:
        """:meth:`run` for the event loop: waits for the worker's answer without a thread (the server's /sparql)."""
        key = self._check_known_long(request, timeout)
        worker = await self._acquire_async()
        if not worker.alive or worker.generation != self.generation:
            self._replace(worker)
            return await self.run_async(request, timeout=timeout)
        long = self._start_known_long(key, worker)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            body = json.dumps(request).encode("utf-8")
            if len(body) > 32768:  # a pipe takes 64 KB at once: a long query is written from a thread
                await asyncio.to_thread(worker.send, body)
            else:
                worker.send(body)
            checkpoint = time.monotonic() + self.long_query if not long and self._may_become_long(timeout) else None

            def passed_long_query() -> None:
                nonlocal long
                self._mark_long(key)
                long = self._become_long()

            answer = await worker.receive_async(deadline, checkpoint=checkpoint, at_checkpoint=passed_long_query)
        except BaseException as err:  # noqa: BLE001 - the worker is replaced, then the error goes on
            raise self._failed(worker, err, timeout) from None
        finally:
            self._end_long(long)
        self._release(worker)
        return self._answer(answer)

    async def _acquire_async(self) -> Worker:
        """A free worker: at once if one is idle and nobody waits, else the next one freed after the requests that
        waited longer (first come, first served); Busy after ``queue_timeout`` seconds."""
        loop = asyncio.get_running_loop()
        with self._lock:
            while self._waiters and self._waiters[0][1].done():  # gave up waiting
                self._waiters.popleft()
            if not self._waiters:
                try:
                    return self._idle.get_nowait()
                except queue.Empty:
                    pass
            waiter: asyncio.Future[Worker] = loop.create_future()
            self._waiters.append((loop, waiter))
        try:
            return await asyncio.wait_for(waiter, self.queue_timeout)
        except TimeoutError:
            raise Busy(f"all {self.size} query workers are busy", retry_after=self.retry_after) from None

    def _check_known_long(self, request: dict[str, Any], timeout: float | None) -> LongKey | None:
        """The request's key when the long-query rule applies to it; Busy at once when it is known to run long
        and every long slot is taken (it would only take a worker from short queries)."""
        if not self._may_become_long(timeout):
            return None
        dataset = request.get("dataset")
        key: LongKey = (request["query"], repr(dataset), bool(request.get("include_extracted")))
        if key in self._known_long and self._long >= self.long_slots:
            raise Busy(
                f"this query ran long before and {self._long} long queries are running", retry_after=self.retry_after
            )
        return key

    def _start_known_long(self, key: LongKey | None, worker: Worker) -> bool:
        """Take a long slot for a query known to run long, from the start; True when it took one. Busy (the
        worker goes back to the pool) when every long slot is taken."""
        if key is None or key not in self._known_long:
            return False
        try:
            return self._become_long()
        except Busy:
            self._release(worker)
            raise

    def _mark_long(self, key: LongKey | None) -> None:
        """Remember that the query of ``key`` ran past ``long_query`` (the store does not change until a reload, so
        it will again): next time it needs a long slot before it may take a worker."""
        if key is None:
            return
        with self._lock:
            self._known_long[key] = None
            self._known_long.move_to_end(key)
            while len(self._known_long) > KNOWN_LONG:
                self._known_long.popitem(last=False)

    def _may_become_long(self, timeout: float | None) -> bool:
        return bool(self.long_query) and (timeout is None or timeout > self.long_query)

    def _become_long(self) -> bool:
        """Count a query that passed ``long_query`` seconds; Busy when ``long_slots`` long ones already run (the
        caller then stops it), so that at least one worker stays free for short queries."""
        with self._lock:
            if self._long >= self.long_slots:
                raise Busy(f"{self._long} long queries are running already", retry_after=self.retry_after)
            self._long += 1
        return True

    def _end_long(self, long: bool) -> None:
        if long:
            with self._lock:
                self._long -= 1

    def _release(self, worker: Worker) -> None:
        """Give ``worker`` to the next request (or replace it, after a reload)."""
        if worker.generation != self.generation:
            self._replace(worker)
        else:
            self._give(worker)

    def _give(self, worker: Worker) -> None:
        """Hand ``worker`` to the request of an event loop that has waited longest, else put it with the idle ones
        (where a thread's request, :meth:`run`, may take it)."""
        with self._lock:
            while self._waiters:
                loop, waiter = self._waiters.popleft()
                if not waiter.done():
                    loop.call_soon_threadsafe(self._hand, waiter, worker)
                    return
            self._idle.put(worker)

    def _hand(self, waiter: asyncio.Future[Worker], worker: Worker) -> None:
        if waiter.done():  # it gave up meanwhile: the next one gets the worker
            self._give(worker)
        else:
            waiter.set_result(worker)

    def _failed(self, worker: Worker, err: BaseException, timeout: float | None) -> BaseException:
        """The error to raise for a query whose worker failed; the worker is replaced in any case (a client that
        went away, an interrupted wait: its worker may be computing still)."""
        self._replace(worker)
        if isinstance(err, QueryTimeout):
            return QueryTimeout(f"query ran past its time limit of {timeout:g} s")
        if isinstance(err, WorkerDied | BrokenPipeError):
            return WorkerDied("the query worker ended while running the query (memory limit?)")
        return err

    @staticmethod
    def _answer(answer: bytes) -> tuple[str, str, bytes]:
        status, _, rest = answer.partition(b"\n")
        if status == b"ok":
            head, _, body = rest.partition(b"\n")
            kind, _, fmt = head.decode().partition(" ")
            return kind, fmt, body
        failure = json.loads(rest)
        if failure.get("kind") == "syntax":
            raise syntax_error(failure["message"], line=failure.get("line"), column=failure.get("column"))
        raise (QueryError if failure.get("kind") == "query" else StoreError)(failure["message"])


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


@dataclass(frozen=True)
class Serialized:
    """A query's answer as a worker wrote it: its kind (select, ask, graph), the format name and the bytes."""

    kind: str
    format: str
    body: bytes


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
        answer = self.query_serialized(sparql, timeout=timeout, include_extracted=include_extracted,
                                       prefixes=prefixes, dataset=dataset, base_iri=base_iri)  # fmt: skip
        return QueryResult.parse(answer.body, answer.format)

    def query_serialized(
        self,
        sparql: str,
        *,
        timeout: float | None,
        include_extracted: bool = False,
        prefixes: Mapping[str, str] | None = None,
        dataset: Dataset | None = None,
        base_iri: str | None = None,
        formats: Mapping[str, str] | None = None,
    ) -> Serialized:
        """Run a query in the pool and get its answer already written in ``formats[kind]`` (``select`` for
        SELECT and ASK, ``graph`` for CONSTRUCT and DESCRIBE; SPARQL JSON / N-Triples for a kind not given), so
        that the server sends the worker's bytes as they are."""
        request: dict[str, Any] = {"query": sparql, "include_extracted": include_extracted,
                                   "prefixes": dict(prefixes or {}), "formats": dict(formats or {})}  # fmt: skip
        if base_iri is not None:
            request["base_iri"] = base_iri
        if dataset is not None:
            request["dataset"] = {"default": list(dataset.default), "named": list(dataset.named)}
        kind, fmt, body = self.pool.run(request, timeout=timeout)
        return Serialized(kind, fmt, body)

    async def query_serialized_async(self, sparql: str, *, timeout: float | None, **options: Any) -> Serialized:
        """:meth:`query_serialized` on the event loop (same keyword options)."""
        request: dict[str, Any] = {"query": sparql, "include_extracted": options.get("include_extracted", False),
                                   "prefixes": dict(options.get("prefixes") or {}),
                                   "formats": dict(options.get("formats") or {})}  # fmt: skip
        if options.get("base_iri") is not None:
            request["base_iri"] = options["base_iri"]
        dataset = options.get("dataset")
        if dataset is not None:
            request["dataset"] = {"default": list(dataset.default), "named": list(dataset.named)}
        kind, fmt, body = await self.pool.run_async(request, timeout=timeout)
        return Serialized(kind, fmt, body)

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
