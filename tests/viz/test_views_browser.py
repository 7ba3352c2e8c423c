"""The network views opened in a real browser (Debian chromium through Playwright; never a downloaded one)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.viz.pages import ARTIFACTS, embedded, open_view, wait_until

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("view", ["institutions", "documents", "sessions", "ethnic-groups"])
def test_build_view_in_browser(built: Any, browser: Any, view: str) -> None:
    path = Path(built.out) / "views" / f"{view}.html"
    assert path.exists()
    data = embedded(path)
    o = open_view(browser, path)
    stats = o.page.evaluate("window.kzgraph.stats")
    assert stats["nodes"] == len(data["nodes"]) > 0
    assert stats["edges"] == len(data["edges"])
    assert o.errors == []
    assert o.requests == [o.url], "the page fetched something besides itself"
    ARTIFACTS.mkdir(exist_ok=True)
    o.page.screenshot(path=str(ARTIFACTS / f"view-{view}.png"))
    o.page.close()


def test_search_finds_apk_by_russian_label(built: Any, browser: Any) -> None:
    o = open_view(browser, Path(built.out) / "views" / "institutions.html")
    page = o.page
    page.fill("#search", "Ассамблея народа Казахстана")
    first = page.locator("#results button").first
    first.wait_for()
    assert first.get_attribute("data-id") == "https://w3id.org/kzgraph/id/apk"
    first.click()
    assert page.locator("#panel-body .title").text_content() == "Assembly of People of Kazakhstan"
    # the panel lists its relations with their evidence quotes and offsets
    assert page.locator("#panel-body blockquote").count() > 0
    assert "characters" in (page.locator("#panel-body .src").first.text_content() or "")
    page.select_option("#lang", "ru")
    assert page.locator("#panel-body .title").text_content() == "Ассамблея народа Казахстана"
    assert o.errors == [] and o.requests == [o.url]
    page.screenshot(path=str(ARTIFACTS / "view-institutions-apk.png"))
    page.close()


def test_filters_change_drawn_counts(built: Any, browser: Any) -> None:
    o = open_view(browser, Path(built.out) / "views" / "documents.html")
    page = o.page
    total = page.evaluate("window.kzgraph.total.nodes")
    page.locator("#legend-classes input").first.uncheck()
    wait_until(page, f"window.kzgraph.stats.nodes < {total}")
    page.locator("#legend-classes input").first.check()
    wait_until(page, f"window.kzgraph.stats.nodes === {total}")
    assert page.evaluate("window.kzgraph.setYears(1000, 1001)") < total  # dated nodes outside the range hide
    assert o.errors == []
    page.close()


def test_sessions_gap_is_marked(built: Any) -> None:
    data = embedded(Path(built.out) / "views" / "sessions.html")
    assert "no session 23" in [m["text"] for m in data["markers"]]


def test_ego_and_query_views(store: Any, browser: Any, tmp_path: Path) -> None:
    from kzgraph.viz import render_view

    ego = tmp_path / "ego.html"
    ego.write_bytes(render_view(store, "ego", entity="Ассамблея народа Казахстана", depth=1))
    o = open_view(browser, ego)
    assert o.page.evaluate("window.kzgraph.stats.nodes") == len(embedded(ego)["nodes"]) > 5
    assert o.errors == [] and o.requests == [o.url]
    o.page.close()
    rq = """PREFIX kz: <https://w3id.org/kzgraph/ontology#>
CONSTRUCT { ?a kz:partOf ?b . ?b kz:knownFromQuery ?a } WHERE { ?a kz:partOf ?b }"""
    q = tmp_path / "query.html"
    q.write_bytes(render_view(store, "query", query=rq))
    data = embedded(q)
    o = open_view(browser, q)
    stats = o.page.evaluate("window.kzgraph.stats")
    assert stats["edges"] == len(data["edges"]) > 0
    assert stats["dashed"] == sum(1 for e in data["edges"] if not e["ev"]) > 0  # the invented predicate has no evidence
    assert o.errors == [] and o.requests == [o.url]
    o.page.close()


def test_hostile_label_renders_as_text(browser: Any, tmp_path: Path) -> None:
    from kzgraph.viz.model import Edge, Evidence, Network, Node
    from kzgraph.viz.render import render

    evil = "<img src=x onerror=alert(1)>"
    closing = "</script><script>alert(2)</script>\u2028"
    net = Network(
        view="test",
        title=evil,
        description=evil,
        nodes=[
            Node(iri="https://example.org/a", labels={"en": evil}, cls="https://example.org/C", alt=[closing]),
            Node(iri="https://example.org/b", labels={"en": "b"}, cls="https://example.org/C", x=80),
        ],
        edges=[
            Edge(
                "https://example.org/a", "https://example.org/b", "https://example.org/p", [Evidence("src", 1, 2, evil)]
            ),
            Edge("https://example.org/b", "https://example.org/a", "https://example.org/q", [], evil),
        ],
        labels={"https://example.org/C": {"en": evil}},
    )
    path = tmp_path / "evil.html"
    path.write_bytes(render(net))
    assert evil not in path.read_text(encoding="utf-8")
    o = open_view(browser, path)
    page = o.page
    page.fill("#search", "<img")
    page.locator("#results button").first.click()
    page.wait_for_timeout(200)
    assert page.locator("#panel-body .title").text_content() == evil
    assert evil in (page.locator("#panel-body blockquote").first.text_content() or "")
    assert page.locator("img").count() == 0
    assert o.dialogs == []
    assert o.errors == []
    assert o.requests == [o.url]
    assert page.evaluate("window.kzgraph.stats")["dashed"] == 1
    page.close()


def test_panel_labels_exact_and_close_wikidata_matches(built: Any, browser: Any) -> None:
    o = open_view(browser, Path(built.out) / "views" / "ethnic-groups.html")
    page = o.page
    page.evaluate("window.kzgraph.select('https://w3id.org/kzgraph/id/tatars')")
    link = page.locator("#panel-body .wd a")
    assert (
        link.text_content() == "Wikidata Q35565"
        and link.get_attribute("href") == "https://www.wikidata.org/wiki/Q35565"
    )
    assert page.locator("#panel-body .wd").text_content() == "Wikidata Q35565 (close match)"  # skos:closeMatch
    page.evaluate("window.kzgraph.select('https://w3id.org/kzgraph/id/uzbeks')")
    assert page.locator("#panel-body .wd").text_content() == "Wikidata Q483047 (exact match)"  # skos:exactMatch
    assert o.errors == [] and o.requests == [o.url]
    page.close()
