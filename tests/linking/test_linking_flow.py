"""link → review → accept → enrich → build → disagreements and federated queries, over HTTP against
``oxigraph serve`` on 127.0.0.1 holding the Wikidata-shaped fixture."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kzgraph.cli import main

HERE = Path(__file__).parent
QUERIES = HERE.parents[1] / "queries"


def truth() -> dict[str, str]:
    lines = [line.split("\t") for line in (HERE / "data" / "truth.tsv").read_text().splitlines()]
    return {a: b for a, b in lines[2:]}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def link_args(url: str, store: Path, data: Path, cache: Path, review: Path) -> list[str]:
    return [
        "link",
        "--endpoint",
        url,
        "--contact",
        "test@example.org",
        "--cache-dir",
        str(cache),
        "--store",
        str(store),
        "--data",
        str(data),
        "--review",
        str(review),
    ]


def rows(review: Path) -> list[dict[str, str]]:
    from kzgraph.linking.accept import read_review

    return read_review(review)


@pytest.fixture(scope="module")
def reviewed(wikidata: str, built, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("link")
    data = folder / "data"
    shutil.copytree(HERE.parents[1] / "data", data)
    store = Path(built.out) / "store"
    code, out = run(*link_args(wikidata, store, data, folder / "cache", folder / "review.tsv"))
    assert code == 0, out
    return folder, data, store, out


def test_true_matches_are_proposed_first(reviewed) -> None:
    folder, _data, _store, _out = reviewed
    first = {r["id"]: r["qid"] for r in rows(folder / "review.tsv") if r["rank"] == "1"}
    expected = truth()
    hits = [k for k, q in expected.items() if first.get(k) == q]
    assert hits == sorted(expected), {k: first.get(k) for k in expected}
    # no fixture item is proposed first for an entity it does not match
    assert {q for q in first.values()} <= set(expected.values())


def test_review_explains_scores_and_decoys_rank_lower(reviewed) -> None:
    folder, *_ = reviewed
    by = {(r["id"], r["qid"]): r for r in rows(folder / "review.tsv")}
    assert "date differs" in by[("apk", "Q900000000204")]["reasons"]
    assert "not an instance of 'human'" in by[("nazarbayev", "Q900000000202")]["reasons"]
    assert "another country" in by[("senate", "Q900000000203")]["reasons"]
    assert float(by[("senate", "Q900000000203")]["score"]) < float(by[("senate", "Q900000000104")]["score"])
    assert by[("koreans", "Q900000000109")]["reasons"].startswith("normalised label")


def test_rerun_is_stable_and_comes_from_the_cache_and_offline(reviewed, wikidata: str, tmp_path: Path) -> None:
    folder, data, store, _ = reviewed
    code, out = run(*link_args(wikidata, store, data, folder / "cache", tmp_path / "again.tsv"), "--offline")
    assert code == 0, out
    assert "HTTP requests 0" in out
    assert (tmp_path / "again.tsv").read_bytes() == (folder / "review.tsv").read_bytes()
    code, out = run(*link_args(wikidata, store, data, tmp_path / "empty-cache", tmp_path / "x.tsv"), "--offline")
    assert code == 3 and "offline: no cached answer" in out
    assert not (tmp_path / "x.tsv").exists()


def test_failure_midway_keeps_the_cache_and_writes_no_review(misbehaving, wikidata: str, built, tmp_path: Path) -> None:
    # answer the class-resolution query properly, then fail every search
    server = misbehaving([("ok", []), ("status", 500)])
    data = HERE.parents[1] / "data"
    store = Path(built.out) / "store"
    code, out = run(
        *link_args(server.url, store, data, tmp_path / "cache", tmp_path / "review.tsv"),
        "--concurrency",
        "1",
        "--timeout",
        "1",
    )
    assert code == 3, out
    assert "HTTP 500" in out and "no review file written" in out
    assert not (tmp_path / "review.tsv").exists()
    assert len(list((tmp_path / "cache").glob("*/*.json"))) == 1  # what was done is kept


def test_accept_enrich_build_and_queries(reviewed, wikidata: str, down_url: str, tmp_path: Path) -> None:
    folder, data, store, _ = reviewed
    review = folder / "review.tsv"
    text = review.read_text(encoding="utf-8").splitlines()
    expected = truth()
    marked = []
    for line in text:
        cells = line.split("\t")
        if len(cells) > 5 and cells[1] in expected and cells[5] == expected[cells[1]]:
            cells[0] = "yes:certain" if cells[1] == "apk" else "yes"
        marked.append("\t".join(cells))
    (tmp_path / "marked.tsv").write_text("\n".join(marked) + "\n", encoding="utf-8")
    code, out = run("link", "--accept", str(tmp_path / "marked.tsv"), "--store", str(store), "--data", str(data))
    assert code == 0, out
    accepted = (data / "links" / "accepted.tsv").read_text(encoding="utf-8")
    assert "apk\tQ900000000102\t\tcertain" in accepted and "senate\tQ900000000104\t\tprobable" in accepted
    assert wikidata in accepted  # provenance: the endpoint

    # accepting a second candidate for one entity is refused, and nothing is written
    bad = ["yes" + line[line.index("\t") :] if "\tgermans\t" in line else line for line in marked]
    (tmp_path / "bad.tsv").write_text("\n".join(bad) + "\n", encoding="utf-8")
    before = (data / "links" / "accepted.tsv").read_bytes()
    code, out = run("link", "--accept", str(tmp_path / "bad.tsv"), "--store", str(store), "--data", str(data))
    assert code == 2 and "second candidate accepted for 'germans'" in out
    assert (data / "links" / "accepted.tsv").read_bytes() == before

    code, out = run(
        "enrich",
        "--endpoint",
        wikidata,
        "--contact",
        "test@example.org",
        "--cache-dir",
        str(folder / "cache"),
        "--store",
        str(store),
        "--data",
        str(data),
    )
    assert code == 0, out
    nq = (data / "external" / "wikidata.nq").read_text(encoding="utf-8")
    assert "<http://www.wikidata.org/prop/direct/P625>" in nq and "Point(37.5 55.5)" in nq
    assert "<http://www.wikidata.org/prop/direct/P569>" in nq  # a person's birth date
    assert '"Russland"@de' in nq and "https://de.wikipedia.org/wiki/Test_Land" in nq
    assert "xx.wikipedia.org" not in nq  # only the configured languages
    assert all(
        line.startswith("#") or "<https://w3id.org/kzgraph/graph/external/wikidata>" in line
        for line in nq.splitlines()
        if line
    )

    from kzgraph.pipeline.build import build
    from kzgraph.query.describe import describe
    from kzgraph.stores import open_store

    out_dir = tmp_path / "build"
    build(out=out_dir, data=data)
    with open_store(out_dir / "store") as st:
        d = describe(st, "apk")
        assert "http://www.wikidata.org/entity/Q900000000102" in d.links
        ext = "https://w3id.org/kzgraph/graph/external/wikidata"
        got = st.select(f"SELECT ?t WHERE {{ GRAPH <{ext}> {{ ?r <http://www.w3.org/ns/prov#generatedAtTime> ?t }} }}")
        assert got.rows
        prov = st.select(
            "SELECT ?e WHERE { GRAPH <https://w3id.org/kzgraph/graph/links> { "
            "?r <http://www.w3.org/ns/prov#wasGeneratedBy> ?a . ?a <http://www.w3.org/ns/prov#used> ?e } }"
        )
        assert {r[0].value for r in prov.rows} == {wikidata}

        from kzgraph.query import catalogue

        q = catalogue.parse(QUERIES / "wikidata-disagreements.rq")
        found = st.select(q.bind({})).dicts()
        assert [(r["entity"].value.rsplit("/", 1)[1], r["agreement"].value) for r in found] == [
            ("scientific-expert-council", "disagree")
        ]

        from kzgraph.errors import RemoteError
        from kzgraph.linking.cache import AnswerCache
        from kzgraph.linking.client import SparqlClient
        from kzgraph.query.federation import run_federated

        def factory(url: str) -> SparqlClient:
            return SparqlClient(
                endpoint=url,
                contact="test@example.org",
                cache=AnswerCache(tmp_path / "fed"),
                timeout=1.0,
                attempts=2,
                backoff=0.01,
            )

        places = catalogue.parse(QUERIES / "federated-places-wikidata.rq").bind({})
        res = run_federated(st, places, services={"wikidata": wikidata}, client_factory=factory)
        got_places = {(r["place"].value.rsplit("/", 1)[1], r["coordinates"].value) for r in res.solutions.dicts()}
        assert ("russia", "Point(37.5 55.5)") in got_places

        labels = catalogue.parse(QUERIES / "federated-labels-wikidata.rq").bind({})
        res = run_federated(st, labels, services={"wikidata": wikidata}, client_factory=factory)
        kk = {r["entity"].value.rsplit("/", 1)[1]: r["wikidataLabel"] for r in res.solutions.dicts()}
        assert kk["apk"] is not None and kk["apk"].value == "Қазақстан халқы Ассамблеясы"
        assert not res.failures

        # the endpoint is down: plain SERVICE → a clear error; SERVICE SILENT → local rows, failure reported
        down = {"wikidata": down_url}
        with pytest.raises(RemoteError, match="cannot reach the endpoint"):
            run_federated(st, places, services=down, client_factory=factory)
        res = run_federated(st, labels, services=down, client_factory=factory)
        assert res.solutions.rows and all(r["wikidataLabel"] is None for r in res.solutions.dicts())
        assert res.failures and "cannot reach" in res.failures[0]


def test_federated_hang_is_bounded(misbehaving, store, tmp_path: Path) -> None:
    import time

    from kzgraph.errors import RemoteError
    from kzgraph.linking.cache import AnswerCache
    from kzgraph.linking.client import SparqlClient
    from kzgraph.query import catalogue
    from kzgraph.query.federation import run_federated

    server = misbehaving([("hang", 10)])

    def factory(url: str) -> SparqlClient:
        return SparqlClient(endpoint=url, contact="t@example.org", cache=AnswerCache(tmp_path), timeout=1.0, attempts=1)

    started = time.monotonic()
    places = catalogue.parse(QUERIES / "federated-places-wikidata.rq").bind({})
    with pytest.raises(RemoteError, match="no answer within 1 s"):
        run_federated(store, places, services={"wikidata": server.url}, client_factory=factory)
    labels = catalogue.parse(QUERIES / "federated-labels-wikidata.rq").bind({})
    res = run_federated(store, labels, services={"wikidata": server.url}, client_factory=factory)
    assert res.solutions.rows and res.failures
    assert time.monotonic() - started < 8
