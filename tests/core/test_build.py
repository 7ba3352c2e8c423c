"""The main job end to end: outputs parse, builds are reproducible byte for byte, SHACL catches bad graphs,
the CLI finds entities by any label, and the generated vocabulary matches the ontology."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kzgraph.cli import main
from kzgraph.pipeline.build import OUTPUT_FILES, build
from kzgraph.rdf import namespaces as ns


def test_outputs_exist_and_parse(built) -> None:  # type: ignore[no-untyped-def]
    out = Path(built.out)
    for name in OUTPUT_FILES:
        assert (out / name).is_file(), name
    trig = list(ox.parse(path=str(out / "kzgraph.trig")))
    nq = list(ox.parse(path=str(out / "kzgraph.nq")))
    assert len(trig) == len(nq) == len(built.quads)
    graphs = {q.graph_name.value for q in nq}
    assert {
        ns.source_graph("lee"),
        ns.source_graph("ualtayeva"),
        ns.GRAPHS["provenance"],
        ns.GRAPHS["inferred"],
    } <= graphs
    merged = list(ox.parse(path=str(out / "kzgraph.ttl")))
    assert len(merged) == built.triples
    doc = json.loads((out / "kzgraph.jsonld").read_text(encoding="utf-8"))
    assert doc
    void = list(ox.parse(path=str(out / "void.ttl")))
    counts = [t.object.value for t in void if t.subject.value == ns.DATASET and t.predicate.value.endswith("#triples")]
    assert counts and int(counts[0]) > 10000


def test_two_builds_are_byte_identical(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    again = build(out=tmp_path / "again", validate=False)
    for name in OUTPUT_FILES:
        assert (Path(built.out) / name).read_bytes() == (again.out / name).read_bytes(), name
    nq = (again.out / "kzgraph.nq").read_text(encoding="utf-8").splitlines()
    assert nq == sorted(nq)
    assert "_:" not in "".join(nq)  # no blank nodes: every IRI is minted from a stable key


def test_summary_counts(built) -> None:  # type: ignore[no-untyped-def]
    assert built.claims > 2000
    assert built.disagreements >= 3
    assert built.entities_per_class["kz:AssemblySession"] == 25
    assert built.entities_per_class["kz:Region"] == 14


def test_shacl_rejects_a_session_without_number(built) -> None:  # type: ignore[no-untyped-def]
    from kzgraph.pipeline.validate import validate
    from kzgraph.resources import default_files

    broken = [
        q
        for q in built.quads
        if not (q.subject.value == ns.entity("apk-session-5") and q.predicate.value == ns.KZ + "sessionNumber")
    ]
    report = validate(broken, default_files().shapes_file)
    assert not report.conforms
    assert "apk-session-5" in report.text
    assert "sessionNumber" in report.text


def test_shacl_rejects_claim_without_evidence(built) -> None:  # type: ignore[no-untyped-def]
    from kzgraph.pipeline.validate import validate
    from kzgraph.resources import default_files

    victim = next(q.subject for q in built.quads if q.predicate.value == ns.KZ + "evidence")
    broken = [q for q in built.quads if not (q.subject == victim and q.predicate.value == ns.KZ + "evidence")]
    report = validate(broken, default_files().shapes_file)
    assert not report.conforms
    assert victim.value in report.text


@pytest.mark.parametrize("name", ["APK", "Ассамблея народа Казахстана", "Қазақстан халқы Ассамблеясы", "apk"])
def test_describe_finds_apk_by_any_label(built, name: str) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        main, ["describe", name, "--store", str(Path(built.out) / "store"), "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    d = json.loads(result.output)
    assert d["iri"] == ns.entity("apk")
    founding = [f for f in d["facts"] if f["predicate"] == ns.KZ + "foundingDate"]
    assert {f["value"] for f in founding} == {"1995", "1995-03-01"}
    for f in d["facts"]:
        assert f["evidence"]
        for ev in f["evidence"]:
            assert ev["quote"] and ev["end"] > ev["start"]


def test_describe_misspelt_name_resolves_and_unknown_name_suggests(built) -> None:  # type: ignore[no-untyped-def]
    store = str(Path(built.out) / "store")
    result = CliRunner().invoke(main, ["describe", "Assembly of Peple of Kazakhstan", "--store", store])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Assembly of People of Kazakhstan (kzid:apk)")
    result = CliRunner().invoke(main, ["describe", "Zzqx Council of Imaginary Moons", "--store", store])
    assert result.exit_code == 2
    assert "did you mean" in result.output
    assert "Council of mothers under the Assembly of People of Kazakhstan" in result.output


def test_export_formats_roundtrip(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for fmt, rdf in (("nq", ox.RdfFormat.N_QUADS), ("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)):
        target = tmp_path / f"x.{fmt}"
        result = CliRunner().invoke(
            main,
            ["export", "--format", fmt, "-o", str(target), "--store", str(Path(built.out) / "store")],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        assert len(list(ox.parse(path=str(target), format=rdf))) > 10000


def test_stats_reports_graphs_and_classes(built) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        main, ["stats", "--format", "json", "--store", str(Path(built.out) / "store")], catch_exceptions=False
    )
    figures = json.loads(result.output)
    assert figures["entities per class"]["kz:AssemblySession"] == 25
    assert figures["claims per method"]["kz:tableParser"] > 100
    assert figures["disagreements"] == built.disagreements


def test_missing_store_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "kzgraph build" in result.output


def test_vocab_module_is_generated_from_ontology() -> None:
    from kzgraph.rdf import vocabgen

    assert vocabgen.main(["--check"]) == 0
    from kzgraph.rdf.vocab import KZ

    assert str(KZ.Claim) == ns.KZ + "Claim"
    with pytest.raises(AttributeError):
        _ = KZ.Clam


def test_curated_files_are_sorted() -> None:
    from kzgraph.pipeline import curation, ontology
    from kzgraph.resources import default_files

    files = default_files()
    onto = ontology.load(files.ontology_file, files.imports_file)
    assert curation.load(files.data, onto).order_problems == []


def test_import_does_no_io() -> None:
    import subprocess
    import sys

    code = "import sys, kzgraph; print(sorted(m for m in sys.modules if m.startswith(('rdflib','pyoxigraph','yaml','kzgraph.'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
