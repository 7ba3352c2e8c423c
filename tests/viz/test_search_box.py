"""The views' search box ranks as ``kzgraph.query.search`` does: the page carries that index's data for its nodes,
and viewer.js applies the same rules; on every build view, each committed search case (and a few more) gives the
same nodes in the same order, with the same scores, as ``KnowledgeGraph.search`` restricted to the page's nodes."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tests.viz.pages import embedded, open_view

pytestmark = pytest.mark.browser

CASES = Path(__file__).resolve().parents[1] / "data" / "search_cases.tsv"
MORE = [
    "Nothing like this",
    "Council of Elders",
    "сессия",
    "Сенат",
    "двадцатая сессия",
    "жиырмасыншы сессия",
    "Казахстан",
    "Асамблея",
    "Аллматы",
    "Казхастан",
]


def queries() -> list[str]:
    with CASES.open(encoding="utf-8") as f:
        return [r[0] for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")] + MORE


@pytest.mark.parametrize("view", ["institutions", "documents", "sessions", "ethnic-groups"])
def test_same_ranking_as_the_library(built: Any, browser: Any, view: str) -> None:
    from kzgraph.query.search import SearchIndex
    from kzgraph.stores import open_store

    path = Path(built.out) / "views" / f"{view}.html"
    on_page = {n["id"] for n in embedded(path)["nodes"]}
    with open_store(Path(built.out) / "store") as store:
        index = SearchIndex.from_store(store)
    o = open_view(browser, path)
    different = []
    for q in queries():
        js = o.page.evaluate("q => window.kzgraph.ranked(q)", q)[:5]
        py = [[h.iri, h.score] for h in index.search(q, limit=len(index.entities)) if h.iri in on_page][:5]
        if [a for a, _ in js] != [a for a, _ in py] or any(
            abs(x[1] - y[1]) > 0.11 for x, y in zip(js, py, strict=True)
        ):
            different.append(f"{q!r}: page {js} library {py}")
    assert o.errors == []
    o.page.close()
    assert not different, "\n".join(different)


def test_the_box_picks_the_best_and_offers_the_best_few(built: Any, browser: Any) -> None:
    o = open_view(browser, Path(built.out) / "views" / "sessions.html")
    page = o.page
    page.fill("#search", "ХХ сессиясы")
    first = page.locator("#results button").first
    first.wait_for()
    assert first.get_attribute("data-id") == "https://w3id.org/kzgraph/id/apk-session-20"
    page.close()
    o = open_view(browser, Path(built.out) / "views" / "institutions.html")
    page = o.page
    page.fill("#search", "Council of Elders")  # no such council: the councils there are offered
    page.locator("#results .result-note").wait_for()
    assert page.locator("#results .result-note").text_content() == "no good match; did you mean:"
    assert 1 <= page.locator("#results button").count() <= 5
    assert o.errors == [] and o.requests == [o.url]
    page.close()
