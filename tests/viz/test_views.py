"""Network views without a browser: determinism, escaping, the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from kzgraph.viz.model import Edge, Network, Node
from kzgraph.viz.render import render, script_json


def test_script_json_escapes_everything_html_cares_about() -> None:
    text = script_json({"a": "</script><b>&\u2028\u2029"})
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text


def test_same_graph_gives_identical_bytes() -> None:
    def net(order: int) -> Network:
        nodes = [
            Node(iri=f"https://example.org/{i}", labels={"en": str(i)}, cls="https://example.org/C") for i in range(5)
        ]
        edges = [
            Edge(f"https://example.org/{i}", f"https://example.org/{i + 1}", "https://example.org/p") for i in range(4)
        ]
        return Network(view="t", title="t", description="", nodes=nodes[::order], edges=edges[::order])

    assert render(net(1)) == render(net(-1))


def test_no_external_resources(built: Any) -> None:
    for path in sorted((Path(built.out) / "views").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "<script src" not in text and "<link" not in text
        assert "cdn" not in text.lower()


def test_cli_views(built: Any, tmp_path: Path) -> None:
    from kzgraph.cli import main

    runner = CliRunner()
    store = str(Path(built.out) / "store")
    out = tmp_path / "apk.html"
    r = runner.invoke(
        main, ["viz", "ego", "Ассамблея народа Казахстана", "--depth", "2", "--store", store, "-o", str(out)]
    )
    assert r.exit_code == 0, r.output
    assert "https://w3id.org/kzgraph/id/apk" in out.read_text(encoding="utf-8")
    rq = tmp_path / "q.rq"
    rq.write_text(
        "PREFIX kz: <https://w3id.org/kzgraph/ontology#>\nSELECT ?source ?target WHERE { ?source kz:chairedBy ?target }"
    )
    r = runner.invoke(main, ["viz", "--query", str(rq), "--store", store, "-o", str(tmp_path / "q.html")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["viz", "nonsense", "--store", store, "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "unknown view" in r.output
    r = runner.invoke(main, ["viz", "ego", "no such thing at all", "--store", store, "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2


def test_wikidata_links_exact_and_close(store: Any) -> None:
    """skos:exactMatch (certain) and skos:closeMatch (probable, the default of accepted reconciliation links)
    both give a node its Wikidata item, with the kind of match for the panel."""
    from kzgraph.viz.extract import load
    from kzgraph.viz.render import payload
    from kzgraph.viz.views import VIEWS

    data = load(store)
    kz, tatars = data.nodes["https://w3id.org/kzgraph/id/kazakhstan"], data.nodes["https://w3id.org/kzgraph/id/tatars"]
    assert (kz.wikidata, kz.wikidata_match) == ("Q232", "exact")
    assert (tatars.wikidata, tatars.wikidata_match) == ("Q35565", "close")
    net = VIEWS["ethnic-groups"](data)
    by = {n["id"]: n for n in payload(net)["nodes"]}
    assert (by["https://w3id.org/kzgraph/id/tatars"]["wd"], by["https://w3id.org/kzgraph/id/tatars"]["wm"]) == (
        "Q35565",
        "close",
    )
