"""Shared fixtures: one real build of the shipped data per test session, and the skip-or-fail rule.

Tests that need a real component (Chromium, a SPARQL server) call :func:`require`. On a developer's
machine without the component they skip with the reason; in CI (``KZGRAPH_REQUIRE_ALL=1``, set by
``.ci/run``) the same condition fails the test instead, so CI never passes by skipping. The hooks below hold
that rule for every other skip as well (``pytest.skip``, ``skipif``, ``importorskip``, a skipped module): with
``KZGRAPH_REQUIRE_ALL=1`` each is reported as a failure with its reason. Expected failures (xfail) stay as they are.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from pytest import CollectReport, TestReport

WIKIDATA_FIXTURE = Path(__file__).parent / "linking" / "data" / "wikidata-fixture.ttl"


def _required_all() -> bool:
    return os.environ.get("KZGRAPH_REQUIRE_ALL") == "1"


def require(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) when a real component the test needs is missing."""
    if condition:
        return
    if _required_all():
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def _fail_skip(report: TestReport | CollectReport) -> None:
    """Turn a skip report into a failure naming the skip's reason."""
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    report.outcome = "failed"
    report.longrepr = f"required in CI (KZGRAPH_REQUIRE_ALL=1), but skipped: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, TestReport, TestReport]:
    report = yield
    if _required_all():
        _fail_skip(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, CollectReport, CollectReport]:
    report = yield
    if _required_all():
        _fail_skip(report)
    return report


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The shipped data built once into a temporary folder (the result of ``kzgraph build``)."""
    from kzgraph.pipeline.build import build

    out = tmp_path_factory.mktemp("build")
    return build(out=out)


@pytest.fixture(scope="session")
def store(built):
    """The built embedded store, opened read-only."""
    from kzgraph.stores import open_store

    s = open_store(Path(built.out) / "store")
    yield s
    s.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_turtle(fixture: Path, folder: Path, *, needed_for: str) -> Iterator[str]:
    """``oxigraph serve`` on 127.0.0.1 holding the Turtle file ``fixture`` (loaded into ``folder``): yields the
    query URL, stops the server afterwards."""
    exe = shutil.which("oxigraph")
    require(exe is not None, f"the oxigraph server (pip install oxigraph) is needed for {needed_for}")
    assert exe is not None
    subprocess.run(
        [exe, "load", "--location", str(folder / "db"), "--file", str(fixture)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                q = urllib.parse.urlencode({"query": "ASK {}"})
                with urllib.request.urlopen(f"{url}?{q}", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("oxigraph serve did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query URL of ``oxigraph serve`` on 127.0.0.1 holding the Wikidata-shaped fixture
    (tests/linking/data/wikidata-fixture.ttl): the linking tests and the federated catalogue queries use it."""
    yield from serve_turtle(
        WIKIDATA_FIXTURE,
        tmp_path_factory.mktemp("wikidata-fixture"),
        needed_for="the linking and federated tests",
    )
