"""Store locations (read in one place), the capabilities callers ask instead of the backend, and honest empty answers.

No server needed: the embedded store of the session's build and in-memory stores.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kzgraph.cli import main
from kzgraph.errors import QueryError, StoreError
from kzgraph.graph import KnowledgeGraph
from kzgraph.stores import open_store, parse_location

G = "https://w3id.org/kzgraph/graph/source/test"
KZ = "https://w3id.org/kzgraph/ontology#"
ID = "https://w3id.org/kzgraph/id/"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_locations_are_read_in_one_place(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = Path(built.out)
    assert parse_location(None).folder == Path("build") / "store"
    assert parse_location(out).folder == out / "store"  # a build folder means its store
    assert parse_location(out / "store").folder == out / "store"
    assert parse_location(f"oxigraph:{out}").folder == out / "store"
    assert parse_location(tmp_path / "new").folder == tmp_path / "new"  # a store to create
    assert parse_location("memory:").kind == "memory" and parse_location("memory:").source is None
    assert parse_location(f"memory:{out}").source == out / "kzgraph.nq"
    remote = parse_location("http://u:p@127.0.0.1:7878/query#gsp=http://127.0.0.1:7878/store")
    assert remote.kind == "remote" and remote.folder is None
    with pytest.raises(StoreError, match="no such file"):
        parse_location(f"memory:{tmp_path / 'missing.nq'}")


def test_a_build_folder_is_a_store_location(built) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("query", "apk-sessions", "--store", str(built.out), "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[1].startswith("1,session,1995-03")


def test_empty_memory_store_is_refused_from_the_cli() -> None:
    """An empty read-only memory: store could only print empty (or phantom) answers: a clear error instead."""
    code, out, err = run("query", "apk-sessions", "--store", "memory:", "--format", "csv")
    assert code == 2 and out == ""
    assert "memory: is an empty store" in err and "memory:PATH" in err
    with pytest.raises(StoreError):
        open_store("memory:")
    assert len(open_store("memory:", read_only=False)) == 0  # to fill from Python


def test_memory_path_loads_a_dataset(tmp_path: Path) -> None:
    data = tmp_path / "small.nq"
    quads = [
        ox.Quad(ox.NamedNode(ID + "s1"), ox.NamedNode(KZ + "sessionNumber"), ox.Literal("1", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer")), ox.NamedNode(G)),
        ox.Quad(ox.NamedNode(ID + "s1"), ox.NamedNode(KZ + "date"), ox.Literal("1995-03-01"), ox.NamedNode(G)),
    ]  # fmt: skip
    data.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    code, out, err = run("query", "-e", "SELECT ?n WHERE { ?s kz:sessionNumber ?n }", "--store", f"memory:{data}",
                         "--format", "csv")  # fmt: skip
    assert code == 0, err
    assert out.splitlines() == ["n", "1"]


def test_an_empty_group_gives_no_row_on_every_store(tmp_path: Path) -> None:
    """rdflib yields one empty solution for a GROUP BY that matched nothing (RDFLib/rdflib#3382); joined with the
    BIND of apk-sessions it became the phantom row ``,session,,,``. The memory backend yields none, like Oxigraph."""
    other = [ox.Quad(ox.NamedNode(ID + "x"), ox.NamedNode(KZ + "name"), ox.Literal("x"), ox.NamedNode(G))]
    memory = open_store("memory:", read_only=False)
    memory.replace(other)
    embedded = open_store(tmp_path / "store", read_only=False)
    embedded.replace(other)
    for store in (memory, embedded):
        kg = KnowledgeGraph(store)
        assert kg.query("apk-sessions").rows == [], store.location
        grouped = kg.run_sparql("SELECT ?s (COUNT(*) AS ?n) WHERE { ?s kz:sessionNumber ?x } GROUP BY ?s")
        assert grouped.rows == [], store.location
        ungrouped = kg.run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s kz:sessionNumber ?x }")
        assert ungrouped.rows == [(0,)], store.location  # one implicit group, as SPARQL says
    embedded.close()


def test_capabilities_not_backends(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Callers branch on what a store declares; a SERVICE query on a store that cannot evaluate it is refused."""
    embedded = open_store(built.out)
    memory = open_store("memory:", read_only=False)
    assert (embedded.evaluates_service, embedded.in_process, embedded.dataset_parameters) == (True, True, True)
    assert (memory.evaluates_service, memory.in_process, memory.dataset_parameters) == (False, True, False)
    with pytest.raises(QueryError, match="need a store that evaluates SERVICE"):
        KnowledgeGraph(memory).run_sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="does not take default-graph-uri"):
        from kzgraph.stores import Dataset

        memory.query("ASK {}", dataset=Dataset((G,), ()))
    embedded.close()


def test_some_graphs_are_replaced_the_others_kept(tmp_path: Path) -> None:
    """What ``kzgraph ingest`` needs from a store, through the interface: replace a document's graph, keep the rest."""
    a, b = ox.NamedNode(G + "/a"), ox.NamedNode(G + "/b")
    first = [
        ox.Quad(ox.NamedNode(ID + "x"), ox.NamedNode(KZ + "p"), ox.Literal(str(i)), g) for i, g in enumerate((a, b))
    ]
    newer = ox.Quad(ox.NamedNode(ID + "x"), ox.NamedNode(KZ + "p"), ox.Literal("new"), a)
    extra = ox.Quad(ox.NamedNode(ID + "y"), ox.NamedNode(KZ + "p"), ox.Literal("bulk"), b)
    for store in (open_store(tmp_path / "store", read_only=False), open_store("memory:", read_only=False)):
        assert store.replaces_graphs
        store.replace(first)
        store.replace_graphs([a.value, G + "/absent"], [newer])
        store.add_nquads(ox.serialize([extra], format=ox.RdfFormat.N_QUADS) or b"")
        assert sorted(store.quads(), key=str) == sorted([newer, first[1], extra], key=str), store.location
        store.close()


def test_a_file_is_loaded_whole_or_not_at_all_and_a_store_cleared(tmp_path: Path) -> None:
    """The rest of what ``kzgraph ingest`` needs: load a document's N-Quads file in one transaction (a file cut
    short leaves the store as it was), and clear the store before a rebuild."""
    g = ox.NamedNode(G + "/doc")
    quads = [ox.Quad(ox.NamedNode(ID + "x"), ox.NamedNode(KZ + "p"), ox.Literal(str(i)), g) for i in range(3)]
    good = tmp_path / "good.nq"
    good.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    broken = tmp_path / "broken.nq"
    extra = ox.Quad(ox.NamedNode(ID + "y"), ox.NamedNode(KZ + "p"), ox.Literal("before the break"), g)
    broken.write_bytes(
        (ox.serialize([extra], format=ox.RdfFormat.N_QUADS) or b"") + b"<https://w3id.org/kzgraph/id/y> <"
    )
    embedded = open_store(tmp_path / "store", read_only=False)
    for store in (embedded, open_store("memory:", read_only=False)):
        store.load_nquads(good)
        assert sorted(store.quads(), key=str) == sorted(quads, key=str), store.location
        with pytest.raises(StoreError, match=r"broken\.nq"):
            store.load_nquads(broken)
        assert len(store) == 3, store.location  # not even the quad before the break
        store.clear()
        assert len(store) == 0 and store.select("SELECT ?g WHERE { GRAPH ?g {} }").rows == [], store.location
    embedded.close()
    with open_store(tmp_path / "store") as read_only:  # closing a read-only store flushes nothing
        assert len(read_only) == 0


def test_the_embedded_store_answers_every_query_form_over_the_curated_graphs(tmp_path: Path) -> None:
    """One path from a query to its answer (pyoxigraph's answer, then read): SELECT, ASK and CONSTRUCT, with the
    extracted graphs left out unless asked for, in this process and in the timeout worker alike."""
    extracted = "https://w3id.org/kzgraph/graph/extracted/" + "a" * 64
    quads = [
        ox.Quad(ox.NamedNode(ID + "x"), ox.NamedNode(KZ + "p"), ox.Literal("curated"), ox.NamedNode(G)),
        ox.Quad(ox.NamedNode(ID + "y"), ox.NamedNode(KZ + "p"), ox.Literal("extracted"), ox.NamedNode(extracted)),
    ]
    store = open_store(tmp_path / "store", read_only=False)
    store.replace(quads)
    select = f"SELECT ?o WHERE {{ ?s <{KZ}p> ?o }} ORDER BY ?o"
    for timeout in (None, 30.0):
        assert store.query(select, timeout=timeout).rows == [("curated",)]
        assert store.query(select, timeout=timeout, include_extracted=True).rows == [("curated",), ("extracted",)]
        assert store.query(f"ASK {{ <{ID}y> ?p ?o }}", timeout=timeout).rows == [(False,)]
        graph = store.query(f"CONSTRUCT {{ ?s <{KZ}p> ?o }} WHERE {{ ?s <{KZ}p> ?o }}", timeout=timeout)
        assert (graph.kind, [t.subject.value for t in graph.triples]) == ("graph", [ID + "x"])
    with pytest.raises(QueryError, match="line 1"):
        store.query("SELECT ?o WHERE { ?s ?p }")
    store.close()
