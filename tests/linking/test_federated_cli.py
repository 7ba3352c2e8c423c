"""``kzgraph query`` on the federated catalogue queries, end to end through click's CliRunner, with the
``wikidata`` service pointed at ``oxigraph serve`` on 127.0.0.1 (the Wikidata-shaped fixture), at a port nobody
listens on, and at a server that never answers. Nothing here touches the internet."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kzgraph.cli import main

CONTACT = "test@example.org"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def common(built, tmp_path: Path) -> list[str]:
    return ["--store", str(Path(built.out) / "store"), "--contact", CONTACT, "--cache-dir", str(tmp_path / "cache")]


def test_places_against_the_local_server(wikidata: str, common: list[str]) -> None:
    code, out, err = run(
        "query", "federated-places-wikidata", "--service", f"wikidata={wikidata}", "--format", "csv", *common
    )
    assert code == 0, err
    got = rows(out)
    assert list(got[0]) == ["place", "placeLabel", "wikidata", "coordinates", "population"]
    # the shipped graph links kzid:kazakhstan to wd:Q232, which the fixture gives test coordinates and population
    assert got == [
        {
            "place": "https://w3id.org/kzgraph/id/kazakhstan",
            "placeLabel": "Kazakhstan",
            "wikidata": "http://www.wikidata.org/entity/Q232",
            "coordinates": "Point(67.5 48.5)",
            "population": "2000",
        }
    ]
    assert not err


def test_service_from_the_environment_and_the_command_line_wins(wikidata: str, common: list[str]) -> None:
    env = {"KZGRAPH_SERVICES": f"wikidata={wikidata}"}
    code, out, err = run("query", "federated-places-wikidata", "--format", "csv", *common, env=env)
    assert code == 0, err
    assert len(rows(out)) == 1
    # the command line overrides the environment: a dead port now → exit 3
    code, _out, err = run(
        "query", "federated-places-wikidata", "--service", "wikidata=http://127.0.0.1:9/sparql",
        "--service-timeout", "1", *common, env=env,
    )  # fmt: skip
    assert code == 3 and "127.0.0.1:9" in err


def test_labels_with_live_service(wikidata: str, common: list[str]) -> None:
    code, out, err = run(
        "query", "federated-labels-wikidata", "--lang", "kk", "--service", f"wikidata={wikidata}", "--format", "csv",
        *common,
    )  # fmt: skip
    assert code == 0, err
    by = {r["entity"].rsplit("/", 1)[1]: r for r in rows(out)}
    assert by["kazakhstan"]["wikidataLabel"] == "Қазақстан"
    assert by["kazakhstan"]["ourLabel"] == "Қазақстан"
    assert by["almaty"]["wikidataLabel"] == ""  # the fixture knows nothing about it
    assert len(by) == 31  # every linked entity of the shipped graph
    assert not err


def test_show_prints_the_configured_endpoint(wikidata: str, common: list[str]) -> None:
    code, out, _ = run("query", "federated-places-wikidata", "--service", f"wikidata={wikidata}", "--show", *common)
    assert code == 0
    assert f"SERVICE <{wikidata}>" in out
    assert "SERVICE <https://query.wikidata.org/sparql>" not in out


def test_unreachable_endpoint(down_url: str, common: list[str]) -> None:
    started = time.monotonic()
    # SERVICE: a clear one-line error, exit 3
    code, out, err = run("query", "federated-places-wikidata", "--service", f"wikidata={down_url}", *common)
    assert code == 3
    assert not out
    assert err.count("\n") == 1 and "cannot reach the endpoint" in err and down_url in err
    # SERVICE SILENT: the local rows, the failure as a warning, exit 0
    code, out, err = run(
        "query", "federated-labels-wikidata", "--service", f"wikidata={down_url}", "--format", "csv", *common
    )
    assert code == 0, err
    got = rows(out)
    assert len(got) == 31 and all(r["wikidataLabel"] == "" for r in got)
    assert "warning: SERVICE SILENT" in err and "cannot reach the endpoint" in err
    assert time.monotonic() - started < 20  # three attempts each, 1 + 2 s of backoff: never a hang


def test_silent_server_is_bounded(misbehaving: Any, common: list[str]) -> None:
    server = misbehaving([("hang", 10)])
    started = time.monotonic()
    code, _out, err = run(
        "query", "federated-places-wikidata", "--service", f"wikidata={server.url}", "--service-timeout", "1",
        *common,
    )  # fmt: skip
    assert code == 3 and "no answer within 1 s" in err
    code, out, err = run(
        "query", "federated-labels-wikidata", "--service", f"wikidata={server.url}", "--service-timeout", "1",
        "--format", "csv", *common,
    )  # fmt: skip
    assert code == 0 and len(rows(out)) == 31 and "no answer within 1 s" in err
    assert time.monotonic() - started < 20
    # --timeout bounds the whole query too
    code, _out, err = run(
        "query", "federated-places-wikidata", "--service", f"wikidata={server.url}", "--timeout", "1", *common
    )
    assert code == 2 and "ran past 1 s" in err


def test_offline_and_cache(wikidata: str, common: list[str], tmp_path: Path) -> None:
    args = ["query", "federated-places-wikidata", "--service", f"wikidata={wikidata}", "--format", "csv", *common]
    code, _out, err = run(*args, "--offline")
    assert code == 3 and "offline: no cached answer" in err
    code, first, err = run(*args)
    assert code == 0, err
    code, again, err = run(*args, "--offline")  # now answered from the cache
    assert code == 0, err
    assert again == first


def test_usage_errors(built, common: list[str], tmp_path: Path) -> None:
    code, _out, err = run("query", "federated-places-wikidata", "--service", "wikidata", *common)
    assert code == 2 and "--service expects NAME=http(s)://endpoint" in err
    code, _out, err = run("query", "federated-places-wikidata", "--service", "other=http://127.0.0.1:9/q", "--show",
                          *common)  # fmt: skip
    assert code == 0 and "--service other: the query declares no such service (declared: wikidata)" in err
    one = tmp_path / "one.nq"
    one.write_text(
        "<https://w3id.org/kzgraph/id/a> <https://w3id.org/kzgraph/ontology#p> <https://w3id.org/kzgraph/id/b> <https://w3id.org/kzgraph/graph/g> .\n"
    )
    code, _out, err = run(
        "query", "federated-places-wikidata", "--store", f"memory:{one}", "--service", "wikidata=http://127.0.0.1:9/q"
    )
    assert code == 2 and "federated queries (SERVICE) need" in err


def test_no_contact_is_a_clear_error(wikidata: str, built, tmp_path: Path) -> None:
    code, _out, err = run(
        "query", "federated-places-wikidata", "--service", f"wikidata={wikidata}", "--store",
        str(Path(built.out) / "store"), "--cache-dir", str(tmp_path), env={"KZGRAPH_CONTACT": ""},
    )  # fmt: skip
    assert code == 3 and "a contact is required" in err


def test_python_api(wikidata: str, store: Any, tmp_path: Path) -> None:
    from kzgraph.graph import KnowledgeGraph
    from kzgraph.query.federation import client_factory

    kg = KnowledgeGraph(store, client_factory=client_factory(contact=CONTACT, cache_dir=tmp_path, timeout=5))
    result = kg.query("federated-places-wikidata", services={"wikidata": wikidata})
    assert result.dicts() == [
        {
            "place": "https://w3id.org/kzgraph/id/kazakhstan",
            "placeLabel": "Kazakhstan",
            "wikidata": "http://www.wikidata.org/entity/Q232",
            "coordinates": "Point(67.5 48.5)",
            "population": 2000,
        }
    ]
    # ad hoc SPARQL declares its own service in a header line
    text = (
        "# service: wd <https://query.wikidata.org/sparql>\n"
        "SELECT ?label WHERE { SERVICE <https://query.wikidata.org/sparql> {"
        " <http://www.wikidata.org/entity/Q232> rdfs:label ?label } }"
    )
    assert kg.query(text, services={"wd": wikidata}).rows == [("Қазақстан",)]


def test_generated_variables_are_made_stable() -> None:
    from kzgraph.query.federation import rename_result_variables, stable_variables

    a = "SELECT * WHERE { ?x <p> ?79fa002dfacd0bd2975a66894324cefc . ?79fa002dfacd0bd2975a66894324cefc <q> ?kzv1 }"
    b = a.replace("79fa002dfacd0bd2975a66894324cefc", "e9c5b5b6d7f4f2848a31fea667e28aad")
    (ta, _), (tb, names_b) = stable_variables(a), stable_variables(b)
    assert ta == tb and "?_kzv1 <q> ?kzv1" in ta  # a user's ?kzv1 is never taken
    raw = {"head": {"vars": ["x", "_kzv1"]}, "results": {"bindings": [{"_kzv1": {"type": "uri", "value": "u"}}]}}
    back = rename_result_variables(raw, names_b)
    assert back["head"]["vars"] == ["x", "e9c5b5b6d7f4f2848a31fea667e28aad"]
    assert back["results"]["bindings"] == [{"e9c5b5b6d7f4f2848a31fea667e28aad": {"type": "uri", "value": "u"}}]
    # Oxigraph prints the random number without leading zeros: 31 digits (or fewer) now and then.
    c = a.replace("79fa002dfacd0bd2975a66894324cefc", "9f8fabc11e5f0a4ad9732232406fdd3")
    assert stable_variables(c)[0] == ta
