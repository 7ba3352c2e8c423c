"""Prefixes are declared the same way everywhere, and malformed queries are explained in plain words, on the
embedded store and in memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kzgraph.cli import main
from kzgraph.errors import QueryError
from kzgraph.graph import KnowledgeGraph
from kzgraph.stores import Store, open_store


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def stores(built) -> list[Store]:  # type: ignore[no-untyped-def]
    """The built store, and a small memory store (rdflib), for the error messages of both parsers."""
    memory = open_store("memory:", read_only=False)
    memory.replace(q for q in built.quads if q.graph_name.value.endswith("/graph/ontology"))
    return [open_store(Path(built.out) / "store"), memory]


def test_updates_are_refused_as_updates(built) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("query", "-e", 'INSERT DATA { kzid:x kz:p "y" }', "--store", str(built.out))
    assert code == 2 and out == ""
    assert "updates (INSERT …) are not accepted" in err and "CONSTRUCT" not in err.split("not accepted")[0]
    assert "expected CONSTRUCT" not in err


def test_unknown_prefix_is_named(built) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run("query", "-e", "SELECT ?s WHERE {\n  ?s foo:x ?o }", "--store", str(built.out))
    assert code == 2
    assert "unknown prefix foo:" in err and "line 2" in err
    assert "\\u{" not in err and "..=" not in err


@pytest.mark.parametrize("index", [0, 1], ids=["embedded", "memory"])
def test_same_messages_on_every_parser(stores: list[Store], index: int) -> None:
    kg = KnowledgeGraph(stores[index])
    with pytest.raises(QueryError, match=r"updates \(DELETE …\) are not accepted"):
        kg.run_sparql("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="unknown prefix foo:") as found:
        kg.run_sparql("SELECT ?s WHERE {\n ?s foo:x ?o }")
    assert getattr(found.value, "line", None) == 2
    # kzgraph's prefixes are declared without touching the text: an error names the line as written
    with pytest.raises(QueryError) as bad:
        kg.run_sparql("SELECT ?s WHERE {\n  ?s a kz:Thing .\n  ?s ?p }")
    assert getattr(bad.value, "line", None) == 3
    assert kg.run_sparql("ASK { ?c a owl:Class }").boolean is True


def test_viz_query_file_gets_the_same_prefixes(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``kzgraph viz --query FILE.rq`` declares kzgraph's prefixes like ``kzgraph query -f`` (no PREFIX lines)."""
    rq = tmp_path / "bodies.rq"
    rq.write_text("CONSTRUCT { ?a kz:partOf ?b } WHERE { ?a kz:partOf ?b }\n")
    code, out, err = run("query", "-f", str(rq), "--store", str(built.out), "--format", "nt")
    assert code == 0, err
    edges = len(out.splitlines())
    assert edges > 0
    target = tmp_path / "bodies.html"
    code, out, err = run("viz", "--query", str(rq), "--store", str(built.out), "-o", str(target))
    assert code == 0, err
    assert target.is_file() and "kzid" not in err
    selected = tmp_path / "select.rq"
    selected.write_text("SELECT ?source ?target WHERE { ?source kz:partOf ?target }\n")
    code, _out, err = run("viz", "--query", str(selected), "--store", str(built.out), "-o", str(tmp_path / "s.html"))
    assert code == 0, err
