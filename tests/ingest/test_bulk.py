"""Many files in one run: worker processes, bulk-loaded batches, the journal that undoes an interrupted batch."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kzgraph.ingest import documents, rdf
from kzgraph.ingest.documents import JOURNAL, Ingester, extracted_graphs, open_writable
from kzgraph.stores.base import Store

TEXT = "The Assembly of People of Kazakhstan was established on March 1, 1995. Report number {i} follows."


def _files(folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    out = []
    for i in range(n):
        p = folder / f"doc{i}.txt"
        p.write_text(TEXT.format(i=i), encoding="utf-8")
        out.append(p)
    return out


def _graphs(store: Store) -> set[str]:
    return {rdf.graph_iri(sha) for sha in extracted_graphs(store)}


def test_bulk_run_idempotent_replace_remove(gaz, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(documents, "BULK_DOCUMENTS", 4)  # several batches
    store_path = tmp_path / "build" / "store"
    store_path.mkdir(parents=True)
    store = open_writable(store_path)
    ing = Ingester(store_path, gaz, store=store)
    files = _files(tmp_path / "in", 10)
    report = ing.ingest(files, jobs=2)
    assert [f.status for f in report.files] == ["ingested"] * 10
    shas = {f.sha256 for f in report.files}
    assert _graphs(store) == {rdf.graph_iri(s) for s in shas}
    # The store holds exactly the saved quads, and no journal is left.
    saved = ing.corpus.all_quads()
    assert len(store) == len(set(saved))
    assert not (ing.corpus.folder / JOURNAL).exists()
    # Same files again: unchanged, nothing written.
    assert {f.status for f in ing.ingest(files, jobs=2).files} == {"unchanged"}
    # One edited: replaced in one transaction, the old graph gone.
    files[3].write_text(TEXT.format(i="three"), encoding="utf-8")
    again = ing.ingest(files, jobs=2)
    assert sorted(f.status for f in again.files) == ["replaced"] + ["unchanged"] * 9
    assert len(_graphs(store)) == 10
    ing.remove(str(files[0]))
    assert len(_graphs(store)) == 9


def test_interrupted_batch_is_dropped(gaz, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store_path = tmp_path / "build" / "store"
    store_path.mkdir(parents=True)
    store = open_writable(store_path)
    ing = Ingester(store_path, gaz, store=store)
    report = ing.ingest(_files(tmp_path / "in", 8), jobs=1)
    kept = {f.sha256 for f in report.files}
    # A crash mid-batch: a journalled graph is in the store, its files never renamed into place, the index
    # not written.
    orphan = "f" * 64
    g = ox.NamedNode(rdf.graph_iri(orphan))
    store.replace_graphs(
        [], [ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal("o"), g)]
    )
    (ing.corpus.folder / f".{orphan}.nq.1.2.tmp").write_text("partial", encoding="utf-8")
    entry = {"documents": [{"sha": orphan, "origin": "/x/new.txt", "fresh": True}], "superseded": []}
    (ing.corpus.folder / JOURNAL).write_text(json.dumps(entry), encoding="utf-8")
    again = Ingester(store_path, gaz, store=store)
    assert again.notes == ["undid an interrupted write (1 document(s))"]
    assert _graphs(store) == {rdf.graph_iri(s) for s in kept}
    assert not (ing.corpus.folder / JOURNAL).exists()
    assert not list(ing.corpus.folder.glob(".*"))
    assert again.disagreements() == []
