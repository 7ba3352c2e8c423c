"""How fast could ``kzgraph serve`` answer queries no cache can answer, if it gave up its worker pool? (issue 12)

Run from the repository root after ``kzgraph build``::

    python benchmarks/server_ceiling.py --seconds 3

The shipped server runs every query in a pool of worker processes, so that a query past its time limit can be
stopped by killing its worker (pyoxigraph cannot cancel a query in process). This benchmark measures what that
hop costs, and what is left without it, by serving the same application (:func:`kzgraph.web.asgi.create_app`,
the same uvicorn protocol, the same request and answer code of :class:`kzgraph.web.pool.PooledStore`) with the
pool replaced by one that runs each query **in the server process itself**, unsafely (a runaway query could not be
stopped):

- ``thread``: the query runs in a thread of the server process (pyoxigraph releases the GIL while it evaluates);
- ``loop``: the query runs on the event loop itself (the cheapest possible, and the least safe: a slow query holds
  every other client of that process);

each with one server process and with two (``SO_REUSEPORT``, one per core). Load: a new small SELECT per request
(the benchmark's ``distinct`` query) at 8 connections, from this process (:mod:`loadgen`), interleaved round by
round with the shipped server and with ``oxigraph serve-read-only`` on the same store. Prints each variant's
throughput, its ratio to Oxigraph's in the same round, and the CPU time its processes spent per answer.
Not part of pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import statistics
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "benchmarks")]

import loadgen
import server as bench


class InlinePool:
    """Stands where :class:`kzgraph.web.pool.WorkerPool` does, but runs each query in this process (``thread``: in a
    thread; ``loop``: on the event loop), with the worker's own code (:func:`kzgraph.stores.queryworker.run`)."""

    def __init__(self, store: Any, *, mode: str) -> None:
        self.store = store
        self.graphs = list(store.named_graphs())
        self.mode = mode

    def _run(self, request: dict[str, Any]) -> tuple[str, str, bytes]:
        from kzgraph.stores.queryworker import run

        head, body = run(self.store, request, graphs=self.graphs)
        kind, _, fmt = head.decode().partition(" ")
        return kind, fmt, body

    async def run_async(self, request: dict[str, Any], *, timeout: float | None) -> tuple[str, str, bytes]:
        if self.mode == "loop":
            return self._run(request)
        return await asyncio.to_thread(self._run, request)


def child(port: int, store_path: Path, mode: str) -> None:
    """One server process without a worker pool, listening on ``port`` with SO_REUSEPORT."""
    import uvicorn

    from kzgraph.stores import open_store
    from kzgraph.stores.queryworker import open_read_only
    from kzgraph.web.app import App
    from kzgraph.web.asgi import create_app
    from kzgraph.web.config import ServerConfig
    from kzgraph.web.pool import PooledStore
    from kzgraph.web.server import uvicorn_config

    config = ServerConfig(timeout=10.0)
    store = PooledStore(open_store(store_path), InlinePool(open_read_only(str(store_path)), mode=mode))  # type: ignore[arg-type]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(config.backlog)
    settings = uvicorn_config(create_app(App(store, timeout=10.0), config=config), config=config, quiet=True)
    uvicorn.Server(settings).run(sockets=[sock])


def start_inline(store: Path, port: int, mode: str, processes: int) -> list[subprocess.Popen[bytes]]:
    args = [sys.executable, __file__, "--child", str(port), "--mode", mode, "--store", str(store)]
    procs = [subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(processes)]
    for proc in procs:
        bench.wait_until_up(port, "/query", proc)
    return procs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each load round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--store", type=Path, default=ROOT / "build" / "store")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=("thread", "loop"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.store, args.mode)
        return
    if not args.store.is_dir():
        raise SystemExit(f"{args.store}: no store; run 'kzgraph build' first")
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"load average at start {os.getloadavg()[0]:.1f}")  # fmt: skip
    servers: dict[str, tuple[list[subprocess.Popen[bytes]], int, str]] = {}
    try:
        port = bench.free_port()
        servers["oxigraph"] = ([bench.start_oxigraph(args.store, port)], port, "/query?")
        port = bench.free_port()
        servers["kzgraph serve (worker pool)"] = ([bench.start_kzgraph(args.store, port)], port, "/sparql?")
        for mode in ("thread", "loop"):
            for processes in (1, 2):
                port = bench.free_port()
                name = f"no pool, query in {mode}, {processes} process{'es' if processes > 1 else ''}"
                servers[name] = (start_inline(args.store, port, mode, processes), port, "/sparql?")
        rates: dict[str, list[float]] = {name: [] for name in servers}
        ratios: dict[str, list[float]] = {name: [] for name in servers}
        cpu: dict[str, list[float]] = {name: [] for name in servers}
        for round_number in range(args.rounds):
            for name, (procs, port, prefix) in servers.items():
                path = partial(lambda start, tag, n: start + urlencode({"query": bench.distinct(f"{tag}.{n}")}),
                               prefix, f"ceiling{round_number}")  # fmt: skip
                used = sum(bench.tree_cpu_s(p.pid) for p in procs)
                load = loadgen.run("127.0.0.1", port, path, connections=8, seconds=args.seconds,
                                   accept=bench.JSON)  # fmt: skip
                answers = sum(load.statuses.values())
                if load.statuses.get(200, 0) != answers or load.errors:
                    raise SystemExit(f"{name}: not every answer was 200 ({dict(load.statuses)}, {load.errors} errors)")
                rates[name].append(load.rate)
                cpu[name].append((sum(bench.tree_cpu_s(p.pid) for p in procs) - used) / max(answers, 1) * 1000)
            for name in servers:
                ratios[name].append(rates[name][-1] / rates["oxigraph"][-1])
        print(
            f"a new small SELECT per request, 8 connections, {args.rounds} rounds of {args.seconds:g} s "
            "(median; ratio to Oxigraph in the same round)"
        )
        for name in servers:
            print(f"{name}: {statistics.median(rates[name]):,.0f} req/s, ratio "
                  f"{statistics.median(ratios[name]):.2f} (rounds {', '.join(f'{r:.2f}' for r in ratios[name])}), "
                  f"CPU per answer {statistics.median(cpu[name]):.3f} ms")  # fmt: skip
    finally:
        for procs, _, _ in servers.values():
            for proc in procs:
                bench.stop(proc)
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
