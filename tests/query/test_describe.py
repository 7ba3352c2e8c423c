"""``kzgraph describe`` as a reader meets it: headed by the entity's name and id, found by the CURIE the tables
print, each fact once with all its quotes, and numbered values in numeric order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kzgraph.cli import main
from kzgraph.query.describe import natural_key
from kzgraph.rdf import namespaces as ns


def describe(built, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        main, ["describe", *args, "--store", str(Path(built.out) / "store")], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_heads_with_the_name_in_the_chosen_language_and_the_id(built) -> None:  # type: ignore[no-untyped-def]
    assert describe(built, "apk").splitlines()[0] == "Assembly of People of Kazakhstan (kzid:apk)"
    assert describe(built, "APK", "--lang", "ru").splitlines()[0] == "Ассамблея народа Казахстана (kzid:apk)"
    # a language without a label falls back to English
    assert describe(built, "apk", "--lang", "de").splitlines()[0] == "Assembly of People of Kazakhstan (kzid:apk)"


@pytest.mark.parametrize("name", ["kzid:mazhilis", "kz:mazhilis", "mazhilis", ns.entity("mazhilis"), "Мажилис"])
def test_found_by_curie_id_iri_or_label(built, name: str) -> None:  # type: ignore[no-untyped-def]
    d = json.loads(describe(built, name, "--format", "json"))
    assert d["iri"] == ns.entity("mazhilis")
    assert d["id"] == "kzid:mazhilis"
    assert d["name"] == "Mazhilis"


def test_an_unknown_curie_is_not_found(built) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["describe", "kzid:no-such-body", "--store", str(Path(built.out) / "store")])
    assert result.exit_code == 2
    assert "no entity is called 'kzid:no-such-body'" in result.output


def test_each_fact_once_with_all_its_quotes(built) -> None:  # type: ignore[no-untyped-def]
    lines = describe(built, "apk").splitlines()
    typed = [i for i, line in enumerate(lines) if line == "  rdf:type → kz:ConsultativeBody"]
    assert len(typed) == 1
    quotes = []
    for line in lines[typed[0] + 1 :]:
        if not line.startswith("      “"):
            break
        quotes.append(line)
    assert len(quotes) == 6  # six passages state the APK's type: all kept, under the one fact
    assert len(set(quotes)) == 6

    d = json.loads(describe(built, "apk", "--format", "json"))
    keys = [(f["direction"], f["predicate"], f["value"]) for f in d["facts"]]
    assert len(keys) == len(set(keys))
    (kind,) = [f for f in d["facts"] if f["predicate"] == ns.PREFIXES["rdf"] + "type"]
    assert len(kind["evidence"]) == 6
    for f in d["facts"]:
        for ev in f["evidence"]:
            assert ev["quote"] and ev["end"] > ev["start"]


def test_numbered_values_in_numeric_order(built) -> None:  # type: ignore[no-untyped-def]
    sessions = [
        int(m[1])
        for line in describe(built, "apk").splitlines()
        if (m := re.fullmatch(r"  ← kz:sessionOf of Session (\d+) of the Assembly of People of Kazakhstan", line))
    ]
    assert len(sessions) == 25
    assert sessions == sorted(sessions)
    assert sessions[:3] == [1, 2, 3]


def test_natural_key() -> None:
    assert sorted(["a10", "a9", "A1", "b", "a"], key=natural_key) == ["a", "A1", "a9", "a10", "b"]
