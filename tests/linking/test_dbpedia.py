"""``kzgraph link --target dbpedia`` → review → accept → build, over HTTP against ``oxigraph serve`` on 127.0.0.1
holding the DBpedia-shaped fixture (data/dbpedia-fixture.ttl: fictional Kzgraph_Test_… resources, test QIDs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kzgraph.cli import main

HERE = Path(__file__).parent
DBR = "http://dbpedia.org/resource/"
# test Wikidata links (the fictional items of wikidata-fixture.ttl) our entities get in the copied data folder:
# the owl:sameAs evidence starts from them
TEST_WIKIDATA_LINKS = (
    "id\tqid\tdbpedia\tconfidence\treference\tevidence\n"
    "apk\tQ900000000102\t\tcertain\ttest\ta test link\n"
    "senate\tQ900000000104\t\tprobable\ttest\ta test link\n"
)


def truth() -> dict[str, str]:
    lines = [line.split("\t") for line in (HERE / "data" / "dbpedia-truth.tsv").read_text().splitlines()]
    return {a: b for a, b in lines[2:]}


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def link_args(store: Path, data: Path, cache: Path, review: Path, url: str | None = None) -> list[str]:
    args = ["link", "--target", "dbpedia", "--contact", "test@example.org", "--cache-dir", str(cache)]
    args += ["--store", str(store), "--data", str(data), "--review", str(review)]
    return args + (["--endpoint", url] if url else [])


def rows(review: Path) -> list[dict[str, str]]:
    from kzgraph.linking.accept import read_review

    return read_review(review)


@pytest.fixture(scope="module")
def reviewed(dbpedia: str, built, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("link-dbpedia")
    data = folder / "data"
    shutil.copytree(HERE.parents[1] / "data", data)
    (data / "links" / "test-wikidata.tsv").write_text(TEST_WIKIDATA_LINKS, encoding="utf-8")
    store = Path(built.out) / "store"
    code, out = run(*link_args(store, data, folder / "cache", folder / "review.tsv", dbpedia))
    assert code == 0, out
    return folder, data, store, out


def test_review_file_has_a_dbpedia_column(reviewed) -> None:
    folder, *_ = reviewed
    header = next(line for line in (folder / "review.tsv").read_text().splitlines() if not line.startswith("#"))
    assert header.split("\t")[5] == "dbpedia"
    assert all(r["dbpedia"].startswith(DBR) for r in rows(folder / "review.tsv") if r["rank"] != "-")


def test_sameas_proposes_the_resource_first(reviewed, dbpedia: str) -> None:
    folder, *_ = reviewed
    by = {(r["id"], r["rank"]): r for r in rows(folder / "review.tsv")}
    first = by[("apk", "1")]
    assert first["dbpedia"] == DBR + "Kzgraph_Test_Assembly"  # its label is not ours: only owl:sameAs finds it
    assert first["score"] == "1.000"
    assert "owl:sameAs Q900000000102, our certain Wikidata link (data/links/test-wikidata.tsv:2)" in first["reasons"]
    assert "certain-grade" in first["reasons"]
    assert "owl:sameAs" in first["query"] and first["endpoint"] == dbpedia and first["retrieved"].endswith("Z")
    # the decoy with our exact label, type and country ranks below, and says why
    second = by[("apk", "2")]
    assert second["dbpedia"] == DBR + "Kzgraph_Test_Assembly_Decoy"
    assert float(second["score"]) < 1.0 and "date differs (ours 1995-03-01, theirs 1990-01-01)" in second["reasons"]
    # a probable Wikidata link gives a lower, still first-ranked, sameAs candidate, also found by label
    senate = by[("senate", "1")]
    assert senate["dbpedia"] == DBR + "Kzgraph_Test_Senate" and senate["score"] == "0.900"
    assert "our probable Wikidata link" in senate["reasons"] and "also found by label" in senate["reasons"]
    assert "certain-grade" not in senate["reasons"]
    # a resource same as an item none of ours is linked to is never proposed
    assert not [r for r in rows(folder / "review.tsv") if r["dbpedia"].endswith("Kzgraph_Test_Unrelated")]


def test_label_search_ranks_true_matches_above_decoys(reviewed) -> None:
    folder, *_ = reviewed
    all_rows = rows(folder / "review.tsv")
    first = {r["id"]: r["dbpedia"] for r in all_rows if r["rank"] == "1"}
    expected = truth()
    assert {k: first.get(k) for k in expected} == expected
    # no fixture resource is proposed first for an entity it does not match
    assert {v for v in first.values() if "Kzgraph_Test_" in v} <= set(expected.values())
    by = {(r["id"], r["dbpedia"].removeprefix(DBR)): r for r in all_rows}
    film, person = by[("nazarbayev", "Kzgraph_Test_Film")], by[("nazarbayev", "Kzgraph_Test_Person")]
    assert "type: not an instance of 'dbo:Person'" in film["reasons"]
    assert float(film["score"]) < float(person["score"])
    assert "labels match in 2 languages (en, ru)" in person["reasons"]
    elsewhere = by[("senate", "Kzgraph_Test_Senate_Elsewhere")]
    assert "country: another country (dbr:Kzgraph_Test_Otherland)" in elsewhere["reasons"]
    assert by[("koreans", "Kzgraph_Test_Koreans")]["reasons"].startswith("normalised label 'koreans'@en")
    assert by[("mazhilis", "Kzgraph_Test_Mazhilis")]["reasons"].startswith("exact label 'Мажилис'@ru")
    assert float(by[("germans", "Kzgraph_Test_Germans_Album")]["score"]) < float(
        by[("germans", "Kzgraph_Test_Germans_People")]["score"]
    )
    # redirect and disambiguation pages are never candidates (the redirect leads to its article instead)
    proposed = {r["dbpedia"] for r in all_rows}
    assert DBR + "Kzgraph_Test_Germans_Redirect" not in proposed
    assert DBR + "Kzgraph_Test_Nazarbayev_Disambiguation" not in proposed
    # entities already linked to DBpedia in the verified file are not searched again
    assert "kazakhstan" not in {r["id"] for r in all_rows}


def test_rerun_from_the_cache_offline_and_endpoint_from_env(reviewed, dbpedia: str, tmp_path: Path) -> None:
    folder, data, store, _ = reviewed
    code, out = run(*link_args(store, data, folder / "cache", tmp_path / "again.tsv", dbpedia), "--offline")
    assert code == 0, out
    assert "HTTP requests 0" in out
    assert (tmp_path / "again.tsv").read_bytes() == (folder / "review.tsv").read_bytes()
    # KZGRAPH_ENDPOINT names the Wikidata endpoint and is ignored here; KZGRAPH_DBPEDIA_ENDPOINT is used
    env = {"KZGRAPH_ENDPOINT": "http://127.0.0.1:9/wikidata", "KZGRAPH_DBPEDIA_ENDPOINT": dbpedia}
    code, out = run(*link_args(store, data, folder / "cache", tmp_path / "env.tsv"), "--offline", env=env)
    assert code == 0, out
    assert (tmp_path / "env.tsv").read_bytes() == (folder / "review.tsv").read_bytes()
    # without either, the default DBpedia endpoint: not in this cache, and offline never goes out
    env = {"KZGRAPH_ENDPOINT": dbpedia, "KZGRAPH_DBPEDIA_ENDPOINT": ""}
    code, out = run(*link_args(store, data, folder / "cache", tmp_path / "default.tsv"), "--offline", env=env)
    assert code == 3 and "offline: no cached answer from http://dbpedia.org/sparql" in out
    assert not (tmp_path / "default.tsv").exists()
    code, out = run(*link_args(store, data, tmp_path / "empty-cache", tmp_path / "x.tsv", dbpedia), "--offline")
    assert code == 3 and "offline: no cached answer" in out
    assert not (tmp_path / "x.tsv").exists()


def test_bad_target_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["link", "--target", "dbpedai", "--review", str(tmp_path / "r.tsv")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "kzgraph: error: --target must be one of wikidata, dbpedia (found 'dbpedai')"
    ]
    assert not (tmp_path / "r.tsv").exists()


def test_links_need_a_qid_or_a_dbpedia_iri(tmp_path: Path) -> None:
    from kzgraph.errors import SourceError
    from kzgraph.pipeline import links

    folder = tmp_path / "data" / "links"
    folder.mkdir(parents=True)
    (folder / "x.tsv").write_text("id\tqid\tdbpedia\tconfidence\treference\tevidence\napk\t\t\tcertain\tr\te\n")
    with pytest.raises(SourceError, match=r"x\.tsv:2: a link needs a Wikidata QID or a DBpedia IRI"):
        links.load(folder, {"apk"})
    (folder / "x.tsv").write_text(f"id\tqid\tdbpedia\tconfidence\treference\tevidence\napk\t\t{DBR}X\tprobable\tr\te\n")
    assert [(k.entity, k.target, k.confidence) for k in links.load(folder, {"apk"})] == [("apk", DBR + "X", "probable")]


def _mark(review: Path, out: Path, choices: dict[str, str]) -> None:
    """Put choices[id] in the accept column of that entity's first-ranked row."""
    marked = []
    for line in review.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) > 5 and cells[1] in choices and cells[4] == "1":
            cells[0] = choices[cells[1]]
        marked.append("\t".join(cells))
    out.write_text("\n".join(marked) + "\n", encoding="utf-8")


def test_accept_then_build_puts_skos_links_with_provenance(reviewed, dbpedia: str, tmp_path: Path) -> None:
    folder, data, store, _ = reviewed
    accepted_file = data / "links" / "accepted.tsv"
    # a Wikidata link accepted earlier for apk (the existing accepted.tsv format) stays beside the DBpedia one
    from kzgraph.linking.accept import ACCEPTED_COLUMNS, ACCEPTED_HEADER

    (data / "links" / "test-wikidata.tsv").unlink()
    earlier = ["apk", "Q900000000102", "", "certain", "Test", "test", "http://127.0.0.1:9/wd", "SELECT", ""]
    accepted_file.write_text(
        ACCEPTED_HEADER + "\t".join(ACCEPTED_COLUMNS) + "\n" + "\t".join(earlier) + "\n", encoding="utf-8"
    )

    marked = tmp_path / "marked.tsv"
    _mark(folder / "review.tsv", marked, {"apk": "yes:certain", "mazhilis": "yes"})
    # the wrong --target for this file: a one-line error, nothing written
    code, out = run("link", "--accept", str(marked), "--target", "wikidata", "--store", str(store), "--data", str(data))
    assert code == 2 and "a dbpedia review file, not wikidata" in out
    code, out = run("link", "--accept", str(marked), "--store", str(store), "--data", str(data))
    assert code == 0, out
    lines = [line for line in accepted_file.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines[0].split("\t") == ACCEPTED_COLUMNS
    cells = [line.split("\t") for line in lines[1:]]
    assert [(c[0], c[1], c[2], c[3]) for c in cells] == [
        ("apk", "Q900000000102", "", "certain"),
        ("apk", "", DBR + "Kzgraph_Test_Assembly", "certain"),
        ("mazhilis", "", DBR + "Kzgraph_Test_Mazhilis", "probable"),
    ]
    assert cells[1][6] == dbpedia and "owl:sameAs" in cells[1][7] and cells[1][8].endswith("Z")

    # accepting again is idempotent; a DBpedia link for an entity verified elsewhere is refused
    code, out = run("link", "--accept", str(marked), "--store", str(store), "--data", str(data))
    assert code == 0 and "0 added, 0 replaced, 3 in all" in out
    before = accepted_file.read_bytes()
    review_lines = marked.read_text(encoding="utf-8").splitlines()
    row = ["yes", "kazakh-language", "Kazakh", "kz:Language", "1", DBR + "Kzgraph_Test_Other", "x", "0.5", "r"]
    row += [dbpedia, "2020-01-01T00:00:00Z", "SELECT"]
    (tmp_path / "refused.tsv").write_text("\n".join([*review_lines[:4], "\t".join(row)]) + "\n", encoding="utf-8")
    code, out = run("link", "--accept", str(tmp_path / "refused.tsv"), "--store", str(store), "--data", str(data))
    assert code == 2 and "'kazakh-language' is already linked to DBpedia in data/links/wikidata.tsv" in out
    assert accepted_file.read_bytes() == before

    from kzgraph.pipeline.build import build
    from kzgraph.query.describe import describe
    from kzgraph.stores import open_store

    out_dir = tmp_path / "build"
    build(out=out_dir, data=data)
    with open_store(out_dir / "store") as st:
        assert DBR + "Kzgraph_Test_Assembly" in describe(st, "apk").links
        got = st.select(
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "PREFIX kz: <https://w3id.org/kzgraph/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
            "SELECT ?e ?p ?x ?conf ?src ?used ?when ?q WHERE { GRAPH <https://w3id.org/kzgraph/graph/links> { "
            "?e ?p ?x . FILTER(?p IN (skos:exactMatch, skos:closeMatch)) FILTER(STRSTARTS(STR(?x), STR(<"
            + DBR
            + ">))) "
            "?r a kz:ExternalLink ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?x ; kz:linkConfidence ?conf ; "
            "dcterms:source ?src ; prov:generatedAtTime ?when ; prov:wasGeneratedBy ?a . ?a prov:used ?used ; "
            "<http://www.w3.org/2000/01/rdf-schema#comment> ?q } } ORDER BY ?e"
        ).dicts()
        found = {
            (r["e"].value.rsplit("/", 1)[1], r["p"].value.rsplit("#", 1)[1], r["x"].value, r["conf"].value) for r in got
        }
        assert found == {
            ("apk", "exactMatch", DBR + "Kzgraph_Test_Assembly", "certain"),
            ("mazhilis", "closeMatch", DBR + "Kzgraph_Test_Mazhilis", "probable"),
        }
        assert {r["src"].value for r in got} == {dbpedia} and {r["used"].value for r in got} == {dbpedia}
        assert all("SELECT" in r["q"].value and r["when"].value.endswith("Z") for r in got)
        # the Wikidata link accepted earlier is still there
        wd = st.select(
            "SELECT ?x WHERE { GRAPH <https://w3id.org/kzgraph/graph/links> { <https://w3id.org/kzgraph/id/apk> "
            "<http://www.w3.org/2004/02/skos/core#exactMatch> ?x } }"
        )
        assert {r[0].value for r in wd.rows} == {
            "http://www.wikidata.org/entity/Q900000000102",
            DBR + "Kzgraph_Test_Assembly",
        }
