"""A small HTTP/1.1 load generator for benchmarks/server.py: N keep-alive connections on asyncio, each sending
the next GET as soon as the answer is in (closed loop), counting answers by status and timing each one. The GET is
the same each time, or a new one per request (``path`` a function of the request's number: a server cannot
answer those from a cache). Reads Content-Length and chunked bodies (Oxigraph's server streams its answers
chunked)."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count


@dataclass
class Load:
    seconds: float
    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def rate(self) -> float:
        return sum(self.statuses.values()) / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    if b"content-length" in headers:
        return status, await reader.readexactly(int(headers[b"content-length"]))
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        body = []
        while True:
            size = int((await reader.readline()).split(b";")[0].strip(), 16)
            if size == 0:
                await reader.readline()
                return status, b"".join(body)
            body.append(await reader.readexactly(size))
            await reader.readexactly(2)
    return status, b""


async def _connection(host: str, port: int, request: Callable[[], bytes], stop: float, load: Load) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < stop:
            data = request()
            start = time.perf_counter()
            writer.write(data)
            status, _ = await read_response(reader)
            load.latencies.append(time.perf_counter() - start)
            load.statuses[status] += 1
    except (OSError, asyncio.IncompleteReadError):
        load.errors += 1
    finally:
        writer.close()


def run(host: str, port: int, path: str | Callable[[int], str], *, connections: int, seconds: float,
        accept: str = "*/*") -> Load:  # fmt: skip
    """Closed-loop load on ``GET path`` (``path(n)`` for the n-th request, if a function) for ``seconds`` over
    ``connections`` keep-alive connections."""

    def head(target: str) -> bytes:
        return f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: {accept}\r\n\r\n".encode()

    if callable(path):
        numbers = count()
        make = path

        def request() -> bytes:
            return head(make(next(numbers)))
    else:
        same = head(path)

        def request() -> bytes:
            return same

    load = Load(seconds)

    async def main() -> None:
        stop = time.perf_counter() + seconds
        await asyncio.gather(*(_connection(host, port, request, stop, load) for _ in range(connections)))

    asyncio.run(main())
    return load
