"""The docs keep up with the CLI (as datasette's test_docs does): every command, every option of every command
and every environment variable kzgraph reads appears in README.md or docs/*.md; the environment variables are in
the README's table."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from kzgraph.cli import main

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def _docs() -> str:
    texts = [README.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(texts)


def _commands() -> dict[str, click.Command]:
    ctx = click.Context(main)
    found = {}
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None, name
        found[name] = command
    return found


def _options(command: click.Command) -> list[str]:
    """The long option names a user sees in ``--help`` (hidden ones, e.g. the ``--json`` alias, left out)."""
    names = []
    for p in command.params:
        if isinstance(p, click.Option) and not p.hidden:
            names += [o for o in [*p.opts, *p.secondary_opts] if o.startswith("--") and o != "--help"]
    return names


def _environment_variables() -> set[str]:
    """Every ``KZGRAPH_*`` variable the code reads: quoted names in src/ (``os.environ.get("KZGRAPH_…")``, click's
    ``envvar=``, tables of variable names) — the tests' own ``KZGRAPH_REQUIRE_ALL`` is documented too."""
    found = set()
    for path in (ROOT / "src" / "kzgraph").rglob("*.py"):
        found |= set(re.findall(r"""["'](KZGRAPH_[A-Z_]+)["']""", path.read_text(encoding="utf-8")))
    for command in _commands().values():
        for p in command.params:
            envvar = getattr(p, "envvar", None)
            if envvar:
                found |= {envvar} if isinstance(envvar, str) else set(envvar)
    return found


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_option_of_every_command_is_documented(name: str) -> None:
    everything = _docs()
    assert re.search(rf"\bkzgraph {re.escape(name)}\b", everything), f"'kzgraph {name}' is in no doc"
    missing = [
        o for o in _options(_commands()[name]) if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", everything)
    ]
    assert not missing, f"options of 'kzgraph {name}' in no doc (README.md, docs/*.md): {missing}"


def test_every_environment_variable_is_in_the_readme_table() -> None:
    table = [line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("| `KZGRAPH_")]
    documented = set(re.findall(r"`(KZGRAPH_[A-Z_]+)`", "\n".join(table)))
    variables = _environment_variables()
    assert {"KZGRAPH_STORE", "KZGRAPH_REMOTE", "KZGRAPH_SERVICES"} <= variables  # the scan finds what it should
    assert not variables - documented, f"not in the README's environment table: {sorted(variables - documented)}"
    assert not documented - variables, f"in the README's table but read nowhere: {sorted(documented - variables)}"
