"""One format table (on pyoxigraph's own lookups) and one RDF serializer: a server download is byte-identical to
``kzgraph export`` of the same quads."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kzgraph.cli import main
from kzgraph.rdf import formats
from kzgraph.stores import build_store, open_store
from kzgraph.web.app import App
from kzgraph.web.messages import Request

GRAPH = "https://w3id.org/kzgraph/graph/links"
EXPORT_FORMATS = ["ttl", "nt", "nq", "trig", "jsonld"]


def test_the_table_is_pyoxigraphs() -> None:
    for name, f in formats.RDF_FORMATS.items():
        assert f.rdf is not None and f.media_type == f.rdf.media_type, name
        assert formats.rdf_by_media_type(f.media_type) == f
    for name, f in formats.RESULTS_FORMATS.items():
        assert f.results is not None and f.media_type == f.results.media_type.split(";")[0], name
        assert formats.results_by_media_type(f.media_type + "; charset=utf-8") == f
    assert formats.rdf_by_media_type("application/x-turtle") == formats.by_name("turtle")
    assert formats.results_by_media_type("application/json") == formats.by_name("json")
    assert formats.rdf_by_extension("build/kzgraph.trig") == formats.by_name("trig")
    assert formats.rdf_parser("text/rdf+n3") == ox.RdfFormat.N3
    with pytest.raises(ValueError, match="unknown format 'png'"):
        formats.by_name("png")


@pytest.fixture(scope="module")
def one_graph_store(built, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """A store holding one named graph of the build (so the whole store is what the server serves as that graph)."""
    quads = [q for q in built.quads if q.graph_name.value == GRAPH]
    assert quads
    folder = tmp_path_factory.mktemp("one-graph") / "store"
    build_store(folder, ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    return folder


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_server_download_is_the_export(one_graph_store: Path, fmt: str) -> None:
    exported = CliRunner().invoke(main, ["export", "--format", fmt, "--store", str(one_graph_store)])
    assert exported.exit_code == 0, exported.output
    with open_store(one_graph_store) as store:
        app = App(store, timeout=None)
        answer = app.handle(Request("GET", "/graph/links", f"format={fmt}", {"host": "127.0.0.1"}, b""))
    assert answer.status == 200 and answer.media_type == formats.by_name(fmt).media_type
    assert answer.body == exported.stdout_bytes
    assert len(answer.body) > 1000


def test_the_build_files_are_written_by_the_same_serializer(built) -> None:  # type: ignore[no-untyped-def]
    quads = list(ox.parse(path=str(Path(built.out) / "kzgraph.nq"), format=ox.RdfFormat.N_QUADS))
    assert formats.serialize(quads, "nq") == (Path(built.out) / "kzgraph.nq").read_bytes()
    assert formats.serialize(quads, "trig") == (Path(built.out) / "kzgraph.trig").read_bytes()
