"""One convention across the commands: machine output is ``--format json`` everywhere (``--json`` survives only as
a hidden alias), ``--store`` says every kind of location it takes, and a command's help speaks of that command."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kzgraph.cli import main

CTX = click.Context(main)
COMMANDS = {name: main.get_command(CTX, name) for name in main.list_commands(CTX)}


def _option(command: click.Command | None, name: str) -> click.Option | None:
    assert command is not None
    return next((p for p in command.params if isinstance(p, click.Option) and name in p.opts), None)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_machine_output_is_format_json(name: str) -> None:
    alias = _option(COMMANDS[name], "--json")
    assert alias is None or alias.hidden, f"kzgraph {name}: a visible --json; use --format json"
    if alias is not None:
        fmt = _option(COMMANDS[name], "--format")
        assert fmt is not None and isinstance(fmt.type, click.Choice) and "json" in fmt.type.choices


def test_the_commands_with_machine_output() -> None:
    with_json = {n for n, c in COMMANDS.items() if (o := _option(c, "--format")) and "json" in o.type.choices}  # type: ignore[attr-defined]
    assert {"describe", "stats", "ingest", "candidates", "push", "query"} <= with_json


@pytest.mark.parametrize("name", sorted(n for n, c in COMMANDS.items() if _option(c, "--store")))
def test_store_help_names_every_kind_of_location(name: str) -> None:
    help_text = _option(COMMANDS[name], "--store").help or ""  # type: ignore[union-attr]
    for kind in ("path", "memory:", "http(s) URL", "KZGRAPH_STORE"):
        assert kind in help_text, f"kzgraph {name} --store help does not mention {kind}"


def test_enrich_endpoint_help_is_about_enrich() -> None:
    help_text = _option(COMMANDS["enrich"], "--endpoint").help or ""  # type: ignore[union-attr]
    assert "--target" not in help_text and "dbpedia" not in help_text.lower()
    assert "dbpedia" in (_option(COMMANDS["link"], "--endpoint").help or "").lower()  # type: ignore[union-attr]


def test_the_hidden_json_alias_still_works(built) -> None:  # type: ignore[no-untyped-def]
    store = str(Path(built.out) / "store")
    runner = CliRunner()
    new = runner.invoke(main, ["stats", "--format", "json", "--store", store], catch_exceptions=False)
    old = runner.invoke(main, ["stats", "--json", "--store", store], catch_exceptions=False)
    assert new.exit_code == old.exit_code == 0
    assert json.loads(new.output) == json.loads(old.output)
    assert "--json" not in runner.invoke(main, ["stats", "--help"]).output
