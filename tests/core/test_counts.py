"""The same quantity gives the same number everywhere, and each figure says what it counts (kzgraph.counts): the
build summary, ``kzgraph stats``, the VoID description, the files, and the server's home page."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kzgraph.cli import main, summary
from kzgraph.counts import LABELS, is_entity
from kzgraph.rdf import namespaces as ns

VOID = ns.PREFIXES["void"]
FIGURES = ("triples", "quads", "entities", "classes")


def stats(store: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["stats", "--format", "json", "--store", str(store)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_the_files_hold_what_the_build_counts(built) -> None:  # type: ignore[no-untyped-def]
    out = Path(built.out)
    merged = set(ox.parse(path=str(out / "kzgraph.ttl")))
    assert len(merged) == built.counts["triples"] == built.triples
    quads = list(ox.parse(path=str(out / "kzgraph.nq")))
    assert len(quads) == built.counts["quads"] == len(built.quads)
    entities = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode) and is_entity(q.subject.value)}
    assert len(entities) == built.counts["entities"]
    assert ns.entity("apk") in entities and ns.source("lee") not in entities
    assert sum(built.entities_per_class.values()) >= len(entities) > 250


def test_void_states_the_build_figures_including_itself(built) -> None:  # type: ignore[no-untyped-def]
    void = list(ox.parse(path=str(Path(built.out) / "void.ttl")))

    def of(subject: str, prop: str) -> int:
        (n,) = [t.object.value for t in void if t.subject.value == subject and t.predicate.value == VOID + prop]
        return int(n)

    for key in ("triples", "entities", "classes"):
        assert of(ns.DATASET, key) == built.counts[key], key
    subsets = [t.object.value for t in void if t.subject.value == ns.DATASET and t.predicate.value == VOID + "subset"]
    assert ns.GRAPHS["void"] in subsets  # the description is one of the dataset's graphs, and counts itself
    assert sum(of(g, "triples") for g in subsets) == built.counts["quads"]
    assert of(ns.GRAPHS["void"], "triples") == sum(1 for q in built.quads if q.graph_name.value == ns.GRAPHS["void"])


def test_stats_and_the_build_summary_agree(built) -> None:  # type: ignore[no-untyped-def]
    figures = stats(Path(built.out) / "store")
    for key in FIGURES:
        assert figures[key] == built.counts[key], key
    assert figures["claims"] == built.claims
    assert figures["disagreements"] == built.disagreements
    assert figures["entities per class"] == built.entities_per_class
    assert sum(figures["quads per named graph"].values()) == built.counts["quads"]
    assert figures["extracted"] == {"documents": 0, "quads": 0, "claims": 0}

    lines = summary(built)
    for key in FIGURES:
        (line,) = [line for line in lines if line.strip().startswith(LABELS[key])]
        assert int(line.split()[-1]) == built.counts[key], line


def test_the_home_page_gives_the_same_figures(built, store) -> None:  # type: ignore[no-untyped-def]
    from kzgraph.web.app import App
    from kzgraph.web.messages import Request

    app = App(store, timeout=5.0)
    page = app.handle(Request("GET", "/", "", {"host": "127.0.0.1", "accept": "text/html"}, b"")).body.decode()
    (line,) = re.findall(r'<p class="kz-stats">(.*?)</p>', page)
    stated = {key: int(n.replace(",", "")) for n, key in re.findall(r"([\d,]+) (\w+)", line)}
    assert set(stated) == {"entities", "triples", "classes"}, line
    for key, n in stated.items():
        assert n == built.counts[key], key


def test_ingested_documents_are_counted_apart(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    work = tmp_path / "build" / "store"
    shutil.copytree(Path(built.out) / "store", work)
    text = tmp_path / "note.txt"
    text.write_text("The Assembly of People of Kazakhstan was founded on 1 March 1995.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(text), "--store", str(work), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    figures = stats(work)
    for key in FIGURES:
        assert figures[key] == built.counts[key], key
    assert figures["claims"] == built.claims
    assert figures["extracted"]["documents"] == 1
    assert figures["extracted"]["quads"] > 0
    assert figures["extracted"]["claims"] >= 1


@pytest.mark.parametrize("iri", [ns.entity("apk-session-5"), ns.entity("ethnos")])
def test_entities_include_parsed_sessions_and_curated_concepts(built, iri: str) -> None:  # type: ignore[no-untyped-def]
    assert is_entity(iri)
    assert any(q.subject.value == iri for q in built.quads)
