"""The docs keep up with the code: every named query is in docs/queries.md (regenerate with
``kzgraph query --list --format markdown > docs/queries.md``) and every CLI command is mentioned as
``kzgraph <command>`` in README.md or docs/*.md."""

from __future__ import annotations

import re
from pathlib import Path

import click

from kzgraph.cli import main
from kzgraph.query.catalogue import Catalogue, markdown

ROOT = Path(__file__).resolve().parents[2]


def test_every_query_is_in_docs_queries_md() -> None:
    doc = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    missing = [n for n in Catalogue().names() if f"\n## {n}\n" not in doc]
    assert not missing, f"not in docs/queries.md: {missing}; regenerate with 'kzgraph query --list --format markdown'"


def test_docs_queries_md_is_current() -> None:
    doc = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert doc == markdown(Catalogue()), (
        "docs/queries.md is stale: kzgraph query --list --format markdown > docs/queries.md"
    )


def test_every_cli_command_is_documented() -> None:
    texts = [(ROOT / "README.md").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))]
    everything = "\n".join(texts)
    commands = main.list_commands(click.Context(main))
    missing = [c for c in commands if not re.search(rf"\bkzgraph {re.escape(c)}\b", everything)]
    assert not missing, f"CLI commands not mentioned as 'kzgraph <command>' in README.md or docs/: {missing}"
