"""Names the graph lacks for known entities, proposed as labels with their evidence; accepting one makes it
curated data that the next gazetteer recognises. Constructed sentences."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kzgraph.ingest import gazetteer
from kzgraph.ingest.analyse import analyse
from kzgraph.ingest.gazetteer import Gazetteer
from kzgraph.ingest.labels import spells

Proposal = tuple[str, str, str, str]  # entity, language, label, rule


def proposals(gaz: Gazetteer, text: str, language: str) -> set[Proposal]:
    a = analyse(text, gaz, language=language)
    return {(lp.entity, lp.language, lp.label, lp.rule) for _, lp, _ in a.label_proposals}


@pytest.mark.parametrize(
    ("abbreviation", "name", "ok"),
    [
        ("НЭС", "Научно-экспертный совет", True),
        ("ҚХА", "Қазақстан халқы Ассамблеясы", True),
        ("CPA", "Council of Public Accord", True),  # "of" skipped
        ("COPA", "Council of Public Accord", True),  # "of" counted
        ("CPA", "Council of Accord", False),
        ("AB", "Alpha", False),  # one word is no abbreviation's name
    ],
)
def test_spells(abbreviation: str, name: str, ok: bool) -> None:
    assert spells(abbreviation, name) is ok


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # (1) an abbreviation in brackets after a known name
        (
            "ru",
            "Заседание провела Ассамблея народа Казахстана (АНҚ) вчера.",
            set(),  # АНҚ does not spell the name (Ассамблея народа Казахстана → АНК)
        ),
        (
            "en",
            "The Parliament of the Republic of Kazakhstan (PRK) met in 2020.",
            {("parliament", "en", "PRK", "label-abbreviation")},
        ),
        # (1) a new name before a known abbreviation
        (
            "kk",
            "Қазақстан халқы Ассамблеясы (ҚХА) мүшелері жиналды.",
            set(),  # both already known: nothing to propose
        ),
        # (2) a name in another script in brackets after a known one, and the reverse
        (
            "en",
            "The Parliament of the Republic of Kazakhstan (Парламент Казахстана) met.",
            {("parliament", "ru", "Парламент Казахстана", "label-bracket")},
        ),
        (
            "ru",
            "Совет общественного согласия (Ассамблея народа Казахстана) собрался.",
            set(),  # same script: a bracket that explains, not another language's name
        ),
        # (2) definitions
        (
            "en",
            "The Assembly of People of Kazakhstan, i.e. Kazakhstan Halky Assambleyasy, met.",
            {("apk", "en", "Kazakhstan Halky Assambleyasy", "label-definition")},
        ),
        (
            "en",
            "The Assembly of People of Kazakhstan (hereinafter the Assembly) met.",
            set(),  # a short form made of the name's own words
        ),
    ],
)
def test_bracket_and_definition_proposals(gaz: Gazetteer, language: str, text: str, expected: set[Proposal]) -> None:
    assert proposals(gaz, text, language) == expected


def test_bracket_name_in_other_script(gaz: Gazetteer) -> None:
    got = proposals(gaz, "Депутаты Мажилиса (Lower Chamber) собрались.", "ru")
    assert ("mazhilis", "en", "Lower Chamber", "label-bracket") in got


def test_aligned_ethnonym_proposal(gaz: Gazetteer) -> None:
    text = "По итогам переписи 2009 года татары — 204 тыс. человек."
    assert proposals(gaz, text, "ru") == {("tatars", "ru", "татары", "label-aligned-ethnonym")}
    text = "2009 жылғы санақ бойынша ұйғырлардың саны 224 мың адамды құрады."
    assert proposals(gaz, text, "kk") == {("uyghurs", "kk", "ұйғырлар", "label-aligned-ethnonym")}


def test_label_claims_in_rdf(gaz: Gazetteer) -> None:
    import pyoxigraph as ox

    from kzgraph.ingest.rdf import document_nquads

    text = "По итогам переписи 2009 года татары — 204 тыс. человек."
    a = analyse(text, gaz, language="ru")
    quads = list(ox.parse(document_nquads("ab" * 32, a, {"language": "ru"}).encode(), format=ox.RdfFormat.N_QUADS))
    labels = [q for q in quads if q.predicate.value.endswith("#altLabel")]
    assert [(q.subject.value.rsplit("/", 1)[-1], q.object.value, q.object.language) for q in labels] == [
        ("tatars", "татары", "ru")
    ]
    claims = {q.subject for q in quads if q.predicate.value.endswith("#object") and q.object == labels[0].object}
    rules = {q.object.value for q in quads if q.subject in claims and q.predicate.value.endswith("#extractionRule")}
    assert rules == {"label-aligned-ethnonym"}


def test_accept_a_label(work: Path, tmp_path: Path) -> None:
    """Ingest, list the proposal, accept it: a fact in data/facts with the quote; the curation check passes and
    the next gazetteer knows the name (in its inflected forms too)."""
    from kzgraph.cli import main
    from kzgraph.pipeline.build import check_curation
    from kzgraph.resources import ProjectFiles, default_files

    data = tmp_path / "data"
    shutil.copytree(default_files().data, data)
    doc = tmp_path / "census.txt"
    doc.write_text(
        "Итоги переписи.\n\nПо итогам переписи 2009 года татары — 204 тыс. человек, немцы — 178 тыс. человек.\n",
        encoding="utf-8",
    )
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    run("ingest", str(doc), "--store", str(work), "--json")
    listed = {c["id"]: c for c in json.loads(run("candidates", "--store", str(work), "--data", str(data), "--json"))}
    proposal = listed["label-tatars-ru-tatary"]
    assert (proposal["entity"], proposal["language"], proposal["label"]) == ("tatars", "ru", "татары")
    assert listed["nemtsy"]["suggested_class"] == "EthnicGroup"
    run("accept", "label-tatars-ru-tatary", "--store", str(work), "--data", str(data))
    # an unknown group's candidate accepted as a label of a known entity (the reviewer knows what it names)
    run("accept", "nemtsy", "--id", "germans", "--store", str(work), "--data", str(data))
    files = list((data / "facts").glob("ingested-*.yaml"))
    assert len(files) == 1
    facts = yaml.safe_load(files[0].read_text("utf-8"))["facts"]
    assert [(f["s"], f["p"], f["value"], f["lang"]) for f in facts] == [
        ("germans", "skos:altLabel", "немцы", "ru"),
        ("tatars", "skos:altLabel", "татары", "ru"),
    ]
    assert all("По итогам переписи 2009 года" in f["quote"] for f in facts)
    root = default_files()
    assert check_curation(ProjectFiles(ontology=root.ontology, data=data, queries=root.queries)) == []
    gaz = gazetteer.load(data)
    found = {(m.surface, m.entity) for m in gaz.find("численность немцев и татар")}
    assert found == {("немцев", "germans"), ("татар", "tatars")}
    run("accept", "label-tatars-ru-tatary", "--store", str(work), "--data", str(data), code=2)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "ru",
            "Вчера Касым-Жомарта Токаева встретили в Шымкенте.",
            {("tokayev", "ru", "Касым-Жомарт Токаев"), ("shymkent", "ru", "Шымкент")},
        ),
        ("kk", "Елбасы хатты Тоқаевқа жолдады.", {("tokayev", "kk", "Тоқаев")}),
        ("kk", "Жиын Астанадағы сарайда өтті.", {("astana", "kk", "Астана")}),
        # an adjective made from a name is not the name; a known name is not proposed again
        ("ru", "Укрепление Казахстанского общества обсудили в Алматы.", set()),
        ("ru", "Заседание провели в Караганде.", set()),  # "Karaganda region" is two words: no one-to-one alignment
    ],
)
def test_aligned_names(gaz: Gazetteer, language: str, text: str, expected: set[tuple[str, str, str]]) -> None:
    got = {(p[0], p[1], p[2]) for p in proposals(gaz, text, language) if p[3] == "label-aligned-name"}
    assert got == expected
