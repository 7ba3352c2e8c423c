"""Fixtures for the ingest tests: the gazetteer of the shipped data, and a private copy of the built store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


@pytest.fixture(scope="session")
def gaz():  # type: ignore[no-untyped-def]
    from kzgraph.ingest import gazetteer
    from kzgraph.resources import default_files

    return gazetteer.load(default_files().data)


@pytest.fixture()
def work(built, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the built output folder (store included) that a test may write to; returns its store path."""
    out = tmp_path / "build"
    out.mkdir()
    shutil.copytree(Path(built.out) / "store", out / "store")
    return out / "store"
