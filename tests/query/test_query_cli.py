"""``kzgraph query`` end to end with click's CliRunner: real output parsed back, and the error cases."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kzgraph.cli import main


@pytest.fixture(scope="module")
def store_path(built) -> str:  # type: ignore[no-untyped-def]
    return str(Path(built.out) / "store")


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_list_names_every_query() -> None:
    code, out, _ = run("query", "--list")
    assert code == 0
    from kzgraph.query.catalogue import Catalogue

    for name in Catalogue().names():
        assert name in out


def test_named_query_csv(store_path: str) -> None:
    code, out, _ = run("query", "apk-sessions", "--store", store_path, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["number"] == "1" and rows[0]["date"] == "1995-03"
    assert [r["kind"] for r in rows if r["number"] == "23"] == ["gap"]


def test_default_format_off_a_terminal_is_csv(store_path: str) -> None:
    code, out, _ = run("query", "ethnic-culture", "--store", store_path)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert any(r["institution"].endswith("/koryo-theatre") and r["groupLabel"] == "Koreans" for r in rows)


def test_param_and_lang_and_json(store_path: str) -> None:
    code, out, _ = run("query", "census", "--param", "group=Koreans", "--format", "json", "--store", store_path)
    assert code == 0
    data = json.loads(out)
    assert data["head"]["vars"] == ["year", "group", "groupLabel", "share", "count", "dataset"]
    row2018 = [b for b in data["results"]["bindings"] if b["year"]["value"] == "2018"]
    assert row2018[0]["share"]["value"] in ("0.6", "0.60")
    assert row2018[0]["count"]["datatype"].endswith("#integer")
    code, out, _ = run("query", "apk-sessions", "--lang", "ru", "--format", "tsv", "--store", store_path)
    assert code == 0 and "За мир и согласие" in out.splitlines()[1]


def test_construct_parses_as_turtle(store_path: str) -> None:
    code, out, _ = run("query", "network", "-p", "entity=APK", "--format", "ttl", "--store", store_path)
    assert code == 0
    g = rdflib.Graph().parse(data=out, format="turtle")
    kz = rdflib.Namespace("https://w3id.org/kzgraph/ontology#")
    kzid = rdflib.Namespace("https://w3id.org/kzgraph/id/")
    assert (kzid["apk-secretariat"], kz.partOf, kzid.apk) in g
    assert all(isinstance(o, rdflib.URIRef) for o in g.objects())


def test_expression_file_stdin_and_output(store_path: str, tmp_path: Path) -> None:
    code, out, _ = run(
        "query", "-e", "ASK { kzid:apk a kz:ConsultativeBody }", "--format", "json", "--store", store_path
    )
    assert code == 0 and json.loads(out)["boolean"] is True
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?n WHERE { kzid:apk-session-1 kz:sessionNumber ?n }")
    code, out, _ = run("query", "-f", str(rq), "--format", "xml", "--store", store_path)
    assert code == 0 and '<literal datatype="http://www.w3.org/2001/XMLSchema#integer">1</literal>' in out
    target = tmp_path / "out" / "sessions.csv"
    code, out, _ = run("query", "-", "--output", str(target), "--store", store_path,
                       input="SELECT ?s WHERE { ?s a kz:AssemblySession }")  # fmt: skip
    assert code == 0 and out == ""
    assert len(target.read_text().splitlines()) == 26  # header + 25 sessions


def test_unknown_name_suggests_close_matches(store_path: str) -> None:
    code, _, err = run("query", "apk-sesions", "--store", store_path)
    assert code == 2
    assert "apk-sessions" in err


def test_bad_parameters_exit_2_naming_the_parameter(store_path: str) -> None:
    code, _, err = run("query", "census", "-p", "grup=Koreans", "--store", store_path)
    assert code == 2 and "grup" in err
    code, _, err = run("query", "network", "-p", "entity=apk", "-p", "depth=two", "--store", store_path)
    assert code == 2 and "depth" in err
    code, _, err = run("query", "network", "--store", store_path)
    assert code == 2 and "entity" in err
    code, _, err = run("query", "apk-sessions", "--lang", "r u!", "--store", store_path)
    assert code == 2 and "lang" in err


def test_syntax_error_has_line_and_column(store_path: str) -> None:
    code, _, err = run("query", "-e", "SELECT ?x WHERE {\n  ?x ?y \n}}", "--store", store_path)
    assert code == 2
    assert "line 3, column" in err


def test_wrong_format_for_result_kind(store_path: str) -> None:
    code, _, err = run("query", "apk-sessions", "--format", "ttl", "--store", store_path)
    assert code == 2 and "csv" in err


def test_timeout_on_slow_query(tmp_path: Path) -> None:
    import pyoxigraph as ox

    path = tmp_path / "slow"
    store = ox.Store(str(path))
    g = ox.NamedNode("https://example.org/g")
    store.extend(
        ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode("https://example.org/p"), ox.Literal(str(i)), g)
        for i in range(400)
    )
    store.flush()
    del store
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . FILTER(STR(?b) < STR(?d)) }"
    code, _, err = run("query", "-e", slow, "--timeout", "0.5", "--store", str(path))
    assert code == 2
    assert "time limit" in err


def test_show_prints_bound_query(store_path: str) -> None:
    code, out, _ = run("query", "census", "-p", "group=Koreans", "--show", "--store", store_path)
    assert code == 0
    assert 'VALUES (?lang ?group ?area) { ("en" <https://w3id.org/kzgraph/id/koreans> ' in out
