"""``kzgraph serve`` under load, side by side with ``oxigraph serve-read-only`` on the same store (issue 12).

Run from the repository root after ``kzgraph build``::

    python benchmarks/server.py                 # everything (about 3 minutes)
    python benchmarks/server.py --seconds 3     # shorter load phases

Both servers run as child processes on 127.0.0.1 over ``build/store`` (kzgraph with its defaults but
``--timeout 10``; Oxigraph with ``--union-default-graph``, the same dataset); the load comes from this process
(:mod:`loadgen`, asyncio, keep-alive). Phases, in this order:

1. the W3C SPARQL 1.1 Protocol tests from ``../shared/w3c/sparql11-protocol/`` (run where they are, never copied)
   against kzgraph over a store of the manifest's data (the runner is ``tests/server/w3c.py``);
2. a small SELECT (two rows, as SPARQL JSON) at 8 connections, kzgraph and Oxigraph interleaved (two rounds each),
   and at 1 connection (p50 latency);
3. a burst of 200 new connections at once, each sending one request: how many are answered;
4. 1,000 connections that never finish their headers, while a client asks a page every 100 ms: the client's
   latencies, and how many slow connections the server has closed after its header timeout (10 s);
5. 16 runaway queries at once: the memory of the kzgraph process tree (server and workers) over time, the answers
   they get, and whether other clients (a page, a small query) are answered meanwhile.

Targets (issue 12): throughput at 8 connections >= 0.5x Oxigraph; p50 <= 5 ms at 1 connection; 200/200 in the
burst; slow connections closed while others are answered in under 100 ms; memory bounded under runaway queries.
Not part of pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "benchmarks")]

import loadgen

APK = "https://w3id.org/kzgraph/id/apk"
SMALL = f"SELECT ?d WHERE {{ <{APK}> <https://w3id.org/kzgraph/ontology#foundingDate> ?d }}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, path: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server on port {port} did not start") from None
            time.sleep(0.2)


def start_kzgraph(store: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "kzgraph", "serve", "--port", str(port), "--store", str(store), "-q",
            "--timeout", "10", *extra]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_up(port, "/query", proc)
    return proc


def start_oxigraph(store: Path, port: int) -> subprocess.Popen[bytes]:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    proc = subprocess.Popen([exe, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    wait_until_up(port, "/query?" + urlencode({"query": "ASK {}"}), proc)
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def tree_usage(pid: int) -> tuple[float, float]:
    """CPU time (user + system, seconds) used so far and resident memory (MB) of ``pid`` and its living
    descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    usage: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        usage[int(entry)] = (int(fields[11]) + int(fields[12]), int(fields[21]))
    ticks, pages, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        cpu, rss = usage.get(p, (0, 0))
        ticks, pages = ticks + cpu, pages + rss
        todo += children.get(p, [])
    return ticks / os.sysconf("SC_CLK_TCK"), pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def tree_cpu_s(pid: int) -> float:
    return tree_usage(pid)[0]


def tree_rss_mb(pid: int) -> float:
    return tree_usage(pid)[1]


# --- phases -----------------------------------------------------------------------------------------------------


def w3c_phase() -> dict[str, Any]:
    from kzgraph.stores.oxigraph import OxigraphStore
    from tests.server.w3c import dataset_quads, run_all, w3c_folder

    folder = w3c_folder()
    if folder is None:
        return {"absent": True}
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        OxigraphStore.build_at(store, dataset_quads(folder))
        port = free_port()
        proc = start_kzgraph(store, port, "--query-workers", "1")
        try:
            outcomes = run_all(folder, f"http://127.0.0.1:{port}/sparql")
        finally:
            stop(proc)
    out: dict[str, Any] = {}
    for kind in ("query", "bad", "update"):
        mine = [o for o in outcomes if o.kind == kind]
        out[kind] = (sum(o.passed for o in mine), len(mine), [o.name for o in mine if not o.passed])
    return out


def distinct(n: int | str) -> str:
    """The small SELECT, made a new request by a comment holding its number (no server can answer it from a
    cache of earlier answers)."""
    return f"{SMALL}\n# request {n}"


def throughput_phase(kz: subprocess.Popen[bytes], kz_port: int, ox: subprocess.Popen[bytes], ox_port: int,
                     seconds: float) -> dict[str, Any]:  # fmt: skip
    """Interleaved load rounds, the same query each time ("same": kzgraph answers from its answer cache) and a new
    query per request ("distinct": every one runs); also the CPU time each server (its process tree) spent per
    answer, a figure that depends much less than throughput on what else the machine runs."""
    servers = {"kzgraph": (kz, kz_port, "/sparql?"), "oxigraph": (ox, ox_port, "/query?")}
    results: dict[tuple[str, str, int], list[tuple[loadgen.Load, float]]] = {}
    for round_number, connections in enumerate((8, 8, 1)):
        for variant in ("same", "distinct"):
            for name, (proc, port, prefix) in servers.items():
                path: str | Callable[[int], str] = prefix + urlencode({"query": SMALL})
                if variant == "distinct":  # numbered anew in each round: never a number asked before
                    path = partial(lambda start, tag, n: start + urlencode({"query": distinct(f"{tag}.{n}")}),
                                   prefix, round_number)  # fmt: skip
                used = tree_cpu_s(proc.pid)
                load = loadgen.run("127.0.0.1", port, path, connections=connections, seconds=seconds, accept=JSON)
                cpu_ms = (tree_cpu_s(proc.pid) - used) / max(sum(load.statuses.values()), 1) * 1000
                results.setdefault((variant, name, connections), []).append((load, cpu_ms))
    return results


def report_throughput(results: dict[tuple[str, str, int], list[tuple[loadgen.Load, float]]]) -> None:
    for variant, what in (("same", "the same small SELECT each time (kzgraph: from its answer cache)"),
                          ("distinct", "a new small SELECT per request (no cache can answer)")):  # fmt: skip
        print(f"-- {what}")
        rates: dict[str, float] = {}
        for name in ("kzgraph", "oxigraph"):
            rounds = results[(variant, name, 8)]
            loads = [load for load, _ in rounds]
            rates[name] = statistics.median(load.rate for load in loads)
            errors = sum(sum(c for s, c in load.statuses.items() if s != 200) + load.errors for load in loads)
            print(f"8 connections, {name}: {rates[name]:,.0f} req/s (rounds: "
                  f"{', '.join(f'{load.rate:,.0f}' for load in loads)}), p50 "
                  f"{statistics.median(load.p50_ms for load in loads):.2f} ms, p99 "
                  f"{max(load.percentile(99) for load in loads) * 1000:.1f} ms, non-200: {errors}; server CPU per "
                  f"answer {statistics.median(cpu for _, cpu in rounds):.3f} ms")  # fmt: skip
        print(f"throughput ratio kzgraph/oxigraph at 8 connections ({variant}): "
              f"{rates['kzgraph'] / rates['oxigraph']:.2f}")  # fmt: skip
        for name in ("kzgraph", "oxigraph"):
            single, cpu = results[(variant, name, 1)][0]
            print(f"1 connection, {name}: p50 {single.p50_ms:.2f} ms, p99 {single.percentile(99) * 1000:.1f} ms, "
                  f"{single.rate:,.0f} req/s; server CPU per answer {cpu:.3f} ms")  # fmt: skip


def burst_phase(port: int, path: str, n: int = 200) -> Counter[int]:
    """The status each of ``n`` connections opened at once got (0: no answer within 30 s)."""

    async def one() -> int:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            status, _ = await asyncio.wait_for(loadgen.read_response(reader), 30)
            writer.close()
            return status
        except (OSError, asyncio.IncompleteReadError, TimeoutError):
            return 0

    async def main() -> list[int]:
        return await asyncio.gather(*(one() for _ in range(n)))

    return Counter(asyncio.run(main()))


def slow_phase(port: int, path: str, *, n: int = 1000, wait: float = 12.0) -> dict[str, Any]:
    slow = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        slow.append(s)
    latencies, failures = [], 0
    start = time.monotonic()
    worst_at = 0.0
    while time.monotonic() - start < wait:
        t = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            latencies.append(time.perf_counter() - t)
            if latencies[-1] == max(latencies):
                worst_at = time.monotonic() - start
        except OSError:
            failures += 1
        time.sleep(0.1)
    closed = 0
    for s in slow:
        s.setblocking(False)
        try:
            closed += s.recv(16) == b""
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        s.close()
    return {"closed": closed, "n": n, "p50_ms": statistics.median(latencies) * 1000 if latencies else None,
            "max_ms": max(latencies) * 1000 if latencies else None, "probes": len(latencies), "failed": failures,
            "worst_at": worst_at}  # fmt: skip


def runaway_phase(proc: subprocess.Popen[bytes], port: int, n: int = 16) -> dict[str, Any]:
    before = tree_rss_mb(proc.pid)
    results: list[tuple[int, float]] = []
    probes: list[tuple[str, int, float]] = []
    samples: list[float] = []
    done = threading.Event()

    def runaway() -> None:
        t = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", "/sparql?" + urlencode({"query": RUNAWAY}), headers={"Accept": JSON})
        status = conn.getresponse().status
        conn.close()
        results.append((status, time.monotonic() - t))

    def probe() -> None:
        while not done.is_set():
            small = "/sparql?" + urlencode({"query": distinct(len(probes))})  # a new query each time: no cache
            for label, path in (("page", "/query"), ("small query", small)):
                t = time.perf_counter()
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    conn.request("GET", path, headers={"Accept": "application/json, " + JSON})
                    status = conn.getresponse().status
                    conn.close()
                except OSError:
                    status = 0
                if status != 200:
                    print(
                        f"  ({label} at {time.perf_counter() - t0:.1f} s: {status} after {time.perf_counter() - t:.1f} s)"
                    )
                probes.append((label, status, time.perf_counter() - t))
            samples.append(tree_rss_mb(proc.pid))
            time.sleep(0.25)

    t0 = time.perf_counter()
    prober = threading.Thread(target=probe)
    prober.start()
    threads = [threading.Thread(target=runaway) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    time.sleep(2)
    done.set()
    prober.join()
    out: dict[str, Any] = {"rss_before": before, "rss_peak": max(samples), "rss_after": tree_rss_mb(proc.pid)}
    out["statuses"] = sorted(s for s, _ in results)
    out["slowest_s"] = max(t for _, t in results)
    for label in ("page", "small query"):
        mine = [(s, t) for lab, s, t in probes if lab == label]
        out[label] = (sum(1 for s, _ in mine if s == 200), len(mine),
                      statistics.median(t for _, t in mine) * 1000 if mine else None)  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each load round")
    parser.add_argument("--store", type=Path, default=ROOT / "build" / "store")
    args = parser.parse_args()
    if not args.store.is_dir():
        raise SystemExit(f"{args.store}: no store; run 'kzgraph build' first")
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"load average at start {os.getloadavg()[0]:.1f}")  # fmt: skip

    w3c = w3c_phase()
    if w3c.get("absent"):
        print("W3C protocol tests: ../shared/w3c/sparql11-protocol absent, skipped")
    else:
        for kind, (passed, total, failed) in w3c.items():
            verb = "refused cleanly" if kind == "update" else "passed"
            print(f"W3C {kind} tests: {passed}/{total} {verb}" + (f" (failed: {', '.join(failed)})" if failed else ""))

    kz_port, ox_port = free_port(), free_port()
    kz = start_kzgraph(args.store, kz_port)
    ox = start_oxigraph(args.store, ox_port)
    try:
        report_throughput(throughput_phase(kz, kz_port, ox, ox_port, args.seconds))
        kz_burst = burst_phase(kz_port, "/sparql?" + urlencode({"query": SMALL}))
        ox_burst = burst_phase(ox_port, "/query?" + urlencode({"query": SMALL}))
        for name, burst in (("kzgraph", kz_burst), ("oxigraph", ox_burst)):
            answered = sum(c for s, c in burst.items() if s)
            print(f"burst of 200 new connections (the small SELECT), {name}: {answered}/200 answered "
                  f"(statuses {dict(sorted(burst.items()))})")  # fmt: skip
        slow = slow_phase(kz_port, "/query")
        print(f"1,000 slow-header connections (kzgraph, header timeout 10 s): {slow['closed']}/{slow['n']} closed by "
              f"the server after 12 s; another client meanwhile: {slow['probes']} requests, p50 "
              f"{slow['p50_ms']:.1f} ms, max {slow['max_ms']:.1f} ms (at {slow['worst_at']:.1f} s), {slow['failed']} failed")  # fmt: skip
        runaway = runaway_phase(kz, kz_port)
        print(f"16 runaway queries (kzgraph, 2 workers, timeout 10 s): answers {runaway['statuses']}, the last after "
              f"{runaway['slowest_s']:.1f} s; memory of server + workers {runaway['rss_before']:.0f} MB before, "
              f"peak {runaway['rss_peak']:.0f} MB, {runaway['rss_after']:.0f} MB after")  # fmt: skip
        for label in ("page", "small query"):
            ok, total, p50 = runaway[label]
            print(f"  meanwhile another client's {label}: {ok}/{total} answered 200, p50 {p50:.1f} ms")
    finally:
        stop(kz)
        stop(ox)
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
