"""Shared fixtures: one real build of the shipped data per test session, and the skip-or-fail rule.

Tests that need a real component (Chromium, a SPARQL server) call :func:`require`. On a developer's
machine without the component they skip with the reason; in CI (``KZGRAPH_REQUIRE_ALL=1``, set by
``.ci/run``) the same condition fails the test instead, so CI never passes by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def require(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (in CI) when a real component the test needs is missing."""
    if condition:
        return
    if os.environ.get("KZGRAPH_REQUIRE_ALL") == "1":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The shipped data built once into a temporary folder (the result of ``kzgraph build``)."""
    from kzgraph.build import build

    out = tmp_path_factory.mktemp("build")
    return build(out=out)


@pytest.fixture(scope="session")
def store(built):  # type: ignore[no-untyped-def]
    """The built embedded store, opened read-only."""
    from kzgraph.store import open_store

    s = open_store(Path(built.out) / "store")
    yield s
    s.close()
