"""Fixtures for the workbench tests: the workbench over the built store (in-process), a request maker, the whole
server on 127.0.0.1, and Debian chromium for the browser tests (tests/chromium.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kzgraph.web.workbench import WebRequest, Workbench
from tests.chromium import browser
from tests.server.conftest import serving

__all__ = ["browser"]


@pytest.fixture(scope="session")
def workbench(built: Any, store: Any) -> Workbench:
    return Workbench(store, timeout=10.0, views_dir=Path(built.out) / "views")


def get(path: str, *, cookie: str | None = None, **params: str) -> WebRequest:
    """A GET of ``path`` with ``params`` (one value each)."""
    headers = {"cookie": cookie} if cookie else {}
    return WebRequest(path, {k: [v] for k, v in params.items()}, headers)


@pytest.fixture(scope="module")
def site(built: Any) -> Iterator[str]:
    """``kzgraph serve`` as deployed (uvicorn, the query worker pool) over the built store, in a thread: its URL."""
    from kzgraph.web.config import ServerConfig

    with serving(built, ServerConfig(query_workers=2)) as server:
        yield server.url
