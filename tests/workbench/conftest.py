"""Fixtures for the workbench tests: the workbench over the built store (in-process) and a request maker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kzgraph.web.workbench import WebRequest, Workbench


@pytest.fixture(scope="session")
def workbench(built: Any, store: Any) -> Workbench:
    return Workbench(store, timeout=10.0, views_dir=Path(built.out) / "views")


def get(path: str, *, cookie: str | None = None, **params: str) -> WebRequest:
    """A GET of ``path`` with ``params`` (one value each)."""
    headers = {"cookie": cookie} if cookie else {}
    return WebRequest(path, {k: [v] for k, v in params.items()}, headers)
