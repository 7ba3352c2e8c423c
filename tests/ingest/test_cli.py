"""The commands end to end on a private copy of the built store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kzgraph.cli import main
from kzgraph.rdf import namespaces as ns

from .conftest import DATA

EXTRACTED = ns.GRAPH + "extracted/"


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def graphs(store_path: Path) -> set[str]:
    s = ox.Store.read_only(str(store_path))
    try:
        return {g.value for g in s.named_graphs() if g.value.startswith(EXTRACTED)}
    finally:
        del s


def ingest_json(store: Path, *paths: Path | str, code: int = 0, extra: tuple[str, ...] = ()) -> dict:  # type: ignore[type-arg]
    out = run("ingest", *map(str, paths), "--store", str(store), "--format", "json", *extra, code=code)
    return json.loads(out[out.index("{") :])  # type: ignore[no-any-return]


def test_ingest_describe_idempotent_remove(work: Path) -> None:
    report = ingest_json(work, DATA / "news_en.md", DATA / "news_ru.txt")
    assert [f["status"] for f in report["files"]] == ["ingested", "ingested"]
    assert {f["language"] for f in report["files"]} == {"en", "ru"}
    en = report["files"][0]["sha256"]
    assert graphs(work) == {EXTRACTED + f["sha256"] for f in report["files"]}

    # The stored quads: a claim with method, rule, confidence and offsets into the stored text.
    corpus = work.parent / "ingested"
    text = (corpus / f"{en}.txt").read_text("utf-8")
    quads = list(ox.parse((corpus / f"{en}.nq").read_bytes(), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {EXTRACTED + en}
    ds = ox.Dataset(quads)
    rows = ox.Store()
    rows.extend(quads)
    q = f"""PREFIX kz: <{ns.KZ}> PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT ?v ?rule ?conf ?exact ?start ?end WHERE {{ GRAPH ?g {{
      ?c a kz:Claim ; rdf:subject <{ns.entity("apk")}> ; rdf:predicate kz:foundingDate ; rdf:object ?v ;
         kz:method kz:machineExtracted ; kz:extractionRule ?rule ; kz:confidence ?conf ; kz:evidence ?a .
      ?a oa:hasTarget ?t . ?t oa:hasSelector ?qs , ?ps . ?qs oa:exact ?exact . ?ps oa:start ?start ; oa:end ?end }} }}"""
    found = list(rows.query(q))
    assert found and len(ds) == len(quads)
    v, rule, conf, exact, start, end = (found[0][i] for i in range(6))
    assert v.value == "1995-03-01" and v.datatype.value.endswith("#date")
    assert rule.value.startswith("founding") and 0 < float(conf.value) <= 1
    assert text[int(start.value) : int(end.value)] == exact.value
    # Mentions: one oa:identifying annotation per sentence, one body per entity named in it.
    mq = f"""PREFIX oa: <http://www.w3.org/ns/oa#> SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{
      ?a oa:motivatedBy oa:identifying ; oa:hasBody <{ns.entity("apk")}> ; oa:hasTarget ?t }} }}"""
    assert int(next(iter(rows.query(mq)))[0].value) >= 2
    # The quote selector carries prefix/suffix only where the quote alone is ambiguous in the document.
    for qs, exact in ((q.subject, q.object.value) for q in quads if q.predicate.value.endswith("#exact")):
        ambiguous = text.count(exact) > 1
        assert any(x.subject == qs and x.predicate.value.endswith("#prefix") for x in quads) == ambiguous

    out = run("describe", "APK", "--include-extracted", "--store", str(work))
    assert "machineExtracted" in out and "was established on March 1, 1995" in out
    assert "machineExtracted" not in run("describe", "APK", "--store", str(work))

    # Idempotent: same content again changes nothing.
    before = len(list(ox.Store.read_only(str(work)).quads_for_pattern(None, None, None, None)))
    again = ingest_json(work, DATA / "news_en.md")
    assert again["files"][0]["status"] == "unchanged"
    assert len(list(ox.Store.read_only(str(work)).quads_for_pattern(None, None, None, None))) == before

    # Remove: the document and everything derived from it.
    run("remove", en[:10], "--store", str(work))
    assert EXTRACTED + en not in graphs(work)
    assert not (corpus / f"{en}.nq").exists()
    run("remove", "ffffffffff", "--store", str(work), code=2)


def test_edited_file_replaces_its_statements(work: Path, tmp_path: Path) -> None:
    doc = tmp_path / "article.txt"
    doc.write_text("The Assembly of People of Kazakhstan was established on March 1, 1995.\n", encoding="utf-8")
    first = ingest_json(work, doc)["files"][0]["sha256"]
    doc.write_text("The Assembly of People of Kazakhstan was established in 1996.\n", encoding="utf-8")
    second = ingest_json(work, doc)["files"][0]
    assert second["status"] == "replaced" and second["replaced"] == [first]
    assert graphs(work) == {EXTRACTED + second["sha256"]}


def test_bad_files_are_reported_and_good_ones_ingested(work: Path, tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    shutil.copy(DATA / "news_en.md", mixed / "good.md")
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (mixed / "big.txt").write_bytes(b"Kazakhstan. " * 200_000)
    (mixed / "legacy.txt").write_bytes("Ассамблея народа Казахстана была создана в 1995 году.".encode("cp1251"))
    result = CliRunner().invoke(
        main, ["ingest", str(mixed), "--store", str(work), "--max-mb", "1"], catch_exceptions=False
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("kzgraph: failed")]
    assert len(errors) == 3
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("image.png: binary file" in e for e in errors)
    assert any("big.txt: too large" in e for e in errors)
    assert len(graphs(work)) == 2

    # --all-or-nothing stores nothing when a file fails.
    (mixed / "good2.md").write_text("The Mazhilis met in 2019.\n", encoding="utf-8")
    report = ingest_json(work, mixed, code=1, extra=("--all-or-nothing", "--max-mb", "1"))
    assert "skipped" in {f["status"] for f in report["files"]}
    assert len(graphs(work)) == 2


def test_usage_errors(work: Path) -> None:
    run("ingest", "/no/such/file", "--store", str(work), code=2)
    run("ingest", str(DATA / "news_en.md"), "--store", "memory:", code=2)


def test_failed_store_write_leaves_everything_as_it_was(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kzgraph.errors import StoreError
    from kzgraph.ingest import documents
    from kzgraph.stores.base import Store

    def boom(store: Store, files: list[Path]) -> None:
        raise StoreError("store write failed: disk full")

    monkeypatch.setattr(documents, "_load", boom)
    result = CliRunner().invoke(main, ["ingest", str(DATA / "news_en.md"), "--store", str(work)])
    assert result.exit_code != 0
    assert "kzgraph: error: store write failed: disk full" in result.output
    assert graphs(work) == set()
    folder = work.parent / "ingested"
    assert not [p for p in folder.iterdir() if p.name != "index.json"]
    assert json.loads((folder / "index.json").read_text("utf-8")) == {} if (folder / "index.json").exists() else True


def test_build_carries_ingested_documents_over(work: Path) -> None:
    from kzgraph.pipeline.build import build

    report = ingest_json(work, DATA / "news_ru.txt")
    sha = report["files"][0]["sha256"]
    build(out=work.parent, validate=False)
    assert EXTRACTED + sha in graphs(work)


def test_candidates_and_accept(work: Path, tmp_path: Path) -> None:
    from kzgraph.resources import default_files

    data = tmp_path / "data"
    shutil.copytree(default_files().data, data)
    ingest_json(work, DATA / "news_en.md")
    listed = json.loads(run("candidates", "--store", str(work), "--data", str(data), "--format", "json"))
    ids = {c["id"] for c in listed}
    assert {"council-of-public-accord", "zhangyru-zholy"} <= ids
    run("accept", "council-of-public-accord", "--store", str(work), "--data", str(data))
    entities = (data / "entities" / "ingested.yaml").read_text("utf-8")
    assert "id: council-of-public-accord" in entities and "class: ConsultativeBody" in entities
    assert "key: ingested-" in (data / "corpus" / "sources.yaml").read_text("utf-8")
    run("accept", "council-of-public-accord", "--store", str(work), "--data", str(data), code=2)
    run("accept", "no-such-candidate", "--store", str(work), "--data", str(data), code=2)
    from kzgraph.pipeline.build import check_curation
    from kzgraph.resources import ProjectFiles

    root = default_files()
    assert check_curation(ProjectFiles(ontology=root.ontology, data=data, queries=root.queries)) == []
