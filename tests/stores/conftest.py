"""Real SPARQL servers for the store tests, started on 127.0.0.1 on free ports and stopped at teardown.

- Oxigraph server: ``oxigraph serve`` from the PyPI package ``oxigraph`` (the ``[test]`` extra);
- OpenLink Virtuoso: ``virtuoso-t`` from the Debian package ``virtuoso-opensource`` (``.ci/run`` installs it), with a
  configuration written to a temporary folder (its own database, ports, no system-wide state).

A missing server skips locally and fails in CI (:func:`tests.conftest.require`). Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

try:
    from tests.conftest import require
except ModuleNotFoundError:  # plain `pytest`: tests/ itself is on sys.path, not the project root
    from conftest import require  # type: ignore[no-redef]

START_TIMEOUT = 120.0  # seconds; Virtuoso creates its database on first start
STOP_TIMEOUT = 30.0


@dataclass(frozen=True)
class Server:
    """A running server: its kzgraph store location (with endpoints and credentials) and its process."""

    name: str
    location: str
    process: subprocess.Popen[bytes]
    log: Path
    query_url: str


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, *, timeout: float = START_TIMEOUT) -> None:
    """Poll ``url`` (an ASK query) until it answers 200, the process dies, or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    probe = url + ("&" if "?" in url else "?") + urllib.parse.urlencode({"query": "ASK {}"})
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode} before it was ready:\n{tail(log)}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError) as e:
            last = str(e)
        time.sleep(0.2)
    stop(process)
    pytest.fail(f"server not ready at {url} after {timeout:g} s ({last}):\n{tail(log)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it has not exited within STOP_TIMEOUT (only this process group)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start(args: list[str], *, cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``oxigraph serve`` on a temporary database: /query, /update and the Graph Store at /store."""
    binary = shutil.which("oxigraph")
    require(binary is not None, "the Oxigraph server ('oxigraph' from the PyPI package oxigraph) is not installed")
    assert binary is not None
    folder = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    log = folder / "server.log"
    process = start([binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                    cwd=folder, log=log)  # fmt: skip
    try:
        query = f"http://127.0.0.1:{port}/query"
        wait_ready(query, process, log)
        yield Server("oxigraph-server", query, process, log, query)
    finally:
        stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., {dir}
NumberOfBuffers      = 20000
MaxDirtyBuffers      = 15000
MaxQueryMem          = 500M
ThreadsPerQuery      = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}/www
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 120
"""


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``virtuoso-t`` on a temporary database: /sparql (public, read-only), SPARQL Update at /sparql-auth and the
    Graph Store at /sparql-graph-crud-auth, both with Digest authentication as ``dba``."""
    binary = shutil.which("virtuoso-t")
    require(binary is not None, "OpenLink Virtuoso ('virtuoso-t', Debian package virtuoso-opensource) is not installed")
    assert binary is not None
    folder = tmp_path_factory.mktemp("virtuoso")
    (folder / "www").mkdir()
    http_port, sql_port = free_port(), free_port()
    while sql_port == http_port:
        sql_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
    log = folder / "server.log"
    process = start([binary, "+foreground", "+configfile", str(ini)], cwd=folder, log=log)
    try:
        base = f"http://127.0.0.1:{http_port}"
        wait_ready(f"{base}/sparql", process, log)
        location = (
            f"http://dba:dba@127.0.0.1:{http_port}/sparql#update={base}/sparql-auth&gsp={base}/sparql-graph-crud-auth"
        )
        yield Server("virtuoso", location, process, log, f"{base}/sparql")
    finally:
        stop(process)


# --- stores filled with the built dataset (once per session) -------------------------------------------------------


@pytest.fixture(scope="session")
def memory_store(built):  # type: ignore[no-untyped-def]
    """The built dataset in an in-memory rdflib store (``memory:``)."""
    from kzgraph.stores.memory import MemoryStore

    m = MemoryStore()
    m.replace(built.quads)
    return m


@pytest.fixture(scope="session")
def pushed_oxigraph(built, oxigraph_server: Server):  # type: ignore[no-untyped-def]
    """The Oxigraph server after ``kzgraph push`` of the built dataset."""
    from kzgraph.stores.push import push
    from kzgraph.stores.remote import RemoteStore

    store = RemoteStore(oxigraph_server.location)
    push(built.out, store)
    return store


@pytest.fixture(scope="session")
def pushed_virtuoso(built, virtuoso_server: Server):  # type: ignore[no-untyped-def]
    """Virtuoso after ``kzgraph push`` of the built dataset."""
    from kzgraph.stores.push import push
    from kzgraph.stores.remote import RemoteStore

    store = RemoteStore(virtuoso_server.location)
    push(built.out, store)
    return store
