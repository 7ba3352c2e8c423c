"""The co-mentions view: entities mentioned in the same sentences of ingested documents. Built from the
sample articles of tests/data/ingest/ ingested into a private copy of the built store, checked against counts
computed here independently, and opened in Debian chromium (Playwright; never a downloaded browser)."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kzgraph.cli import main
from tests.viz.legibility import measure
from tests.viz.pages import embedded, open_view

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def ingested(built: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder whose store holds the shipped build plus the two sample articles, rebuilt by
    ``kzgraph build`` (which carries ingested documents over and writes the co-mentions view)."""
    out = tmp_path_factory.mktemp("ingested") / "build"
    out.mkdir()
    shutil.copytree(Path(built.out) / "store", out / "store")
    r = CliRunner().invoke(
        main, ["ingest", str(DATA / "news_en.md"), str(DATA / "news_ru.txt"), "--store", str(out / "store")]
    )
    assert r.exit_code == 0, r.output
    from kzgraph.pipeline.build import build

    build(out=out)
    return out


def expected(store_path: Path) -> tuple[set[str], dict[tuple[str, str], int]]:
    """Nodes and edge weights computed straight from the mention annotations (one query, counted here)."""
    from kzgraph.stores import open_store

    pairs: dict[tuple[str, str], int] = defaultdict(int)
    with open_store(store_path) as st:
        rows = st.select(
            "PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?t ?e WHERE { GRAPH ?g { "
            "?a oa:motivatedBy oa:identifying ; oa:hasBody ?e ; oa:hasTarget ?t } "
            'FILTER(STRSTARTS(STR(?g), "https://w3id.org/kzgraph/graph/extracted/")) }'
        ).rows
    by_sentence: dict[str, set[str]] = defaultdict(set)
    for t, e in rows:
        by_sentence[t.value].add(e.value)
    for entities in by_sentence.values():
        for a, b in combinations(sorted(entities), 2):
            pairs[(a, b)] += 1
    return {x for p in pairs for x in p}, dict(pairs)


def test_build_without_ingested_documents_writes_no_co_mentions(built: Any) -> None:
    assert not (Path(built.out) / "views" / "co-mentions.html").exists()


def test_empty_store_gives_an_explanatory_view(built: Any, browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "cm.html"
    r = CliRunner().invoke(main, ["viz", "co-mentions", "--store", str(Path(built.out) / "store"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    data = embedded(out)
    assert data["nodes"] == [] and data["edges"] == []
    assert "Nothing has been ingested" in data["message"]
    o = open_view(browser, out)
    assert o.page.evaluate("window.kzgraph.stats") | {"frames": 0} == {
        "nodes": 0,
        "edges": 0,
        "dashed": 0,
        "frames": 0,
    }
    assert "Nothing has been ingested" in (o.page.locator("#message").text_content() or "")
    assert o.errors == [] and o.requests == [o.url]
    o.page.close()


def test_co_mentions_match_the_annotations(ingested: Path) -> None:
    path = ingested / "views" / "co-mentions.html"
    assert path.exists(), "kzgraph build writes the co-mentions view when documents were ingested"
    nodes, pairs = expected(ingested / "store")
    assert len(pairs) >= 3 and max(pairs.values()) >= 2  # the samples share sentences, one pair twice
    data = embedded(path)
    ids = [n["id"] for n in data["nodes"]]
    assert set(ids) == nodes
    got = {tuple(sorted((ids[e["s"]], ids[e["t"]]))): e["w"] for e in data["edges"]}
    assert got == pairs
    assert data["directed"] is False and data["message"] == ""
    # every example sentence is the stored text at its offsets, with its document named
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (ingested / "ingested").glob("*.txt")}
    for e in data["edges"]:
        assert 1 <= len(e["ev"]) <= min(e["w"], 5)
        for source, start, end, quote in e["ev"]:
            key = source.rsplit("(ingested-", 1)[1].rstrip(")")
            (text,) = [t for sha, t in texts.items() if sha.startswith(key)]
            assert text[start:end] == quote
    apk = "https://w3id.org/kzgraph/id/apk"
    nazarbayev = "https://w3id.org/kzgraph/id/nazarbayev"
    assert got[(apk, nazarbayev)] == 2


def test_co_mentions_in_browser(ingested: Path, browser: Any) -> None:
    path = ingested / "views" / "co-mentions.html"
    nodes, pairs = expected(ingested / "store")
    o = open_view(browser, path)
    page = o.page
    stats = page.evaluate("window.kzgraph.stats")
    assert stats["nodes"] == len(nodes) and stats["edges"] == len(pairs) and stats["dashed"] == 0
    seen = measure(page)  # legible at the default view, like every built view (test_legibility_browser.py)
    assert seen.labels > 0 and seen.overlap_share <= 0.03 and seen.cut_off == 0, seen
    assert seen.node_overlaps == 0 and seen.unlabelled_top == [], seen
    assert page.evaluate("window.kzgraph.select('https://w3id.org/kzgraph/id/apk')")
    panel = page.locator("#panel-body")
    assert panel.locator(".title").text_content() == "Assembly of People of Kazakhstan"
    assert "mentioned in" in (panel.text_content() or "")
    quotes = [q or "" for q in panel.locator("blockquote").all_text_contents()]
    assert any("Nursultan Nazarbayev" in q for q in quotes)
    src = panel.locator(".src").first.text_content() or ""
    assert "(ingested-" in src and "characters" in src
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "view-co-mentions.png"))
    assert o.errors == [] and o.requests == [o.url]
    page.close()


def test_cli_co_mentions(ingested: Path, tmp_path: Path) -> None:
    out = tmp_path / "cm.html"
    r = CliRunner().invoke(main, ["viz", "co-mentions", "--store", str(ingested / "store"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == (ingested / "views" / "co-mentions.html").read_bytes()  # deterministic
    assert json.loads(json.dumps(embedded(out)))["view"] == "co-mentions"
