"""Without a store, the commands that grow or read the ingested corpus say so in one line (exit 2) and write
nothing: no empty ``build/ingested/`` left behind, no "0 candidate(s)" as if all were well."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kzgraph.cli import main

from .conftest import DATA


@pytest.mark.parametrize(
    "args",
    [
        ("ingest", str(DATA / "news_en.md")),
        ("candidates",),
        ("accept", "some-candidate"),
        ("remove", "0123abcd"),
    ],
)
@pytest.mark.parametrize("explicit", [True, False])
def test_no_store_is_one_line_and_writes_nothing(
    args: tuple[str, ...], explicit: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = tmp_path / "build" / "store"
    extra = ["--store", str(store)] if explicit else []  # else the default, build/store in the working folder
    result = CliRunner().invoke(main, [*args, *extra], env={"KZGRAPH_STORE": None})
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    where = store if explicit else Path("build") / "store"
    assert lines == [f"kzgraph: error: {where}: no store here; run 'kzgraph build' first (or pass --store)"]
    assert list(tmp_path.iterdir()) == []
