"""What a reader sees in Chromium at 1400×900: labels that do not collide or get cut off at the default view and
at other zoom levels, no overlapping nodes, the most central nodes labelled; the network controls; the pyvis page
offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.viz.legibility import measure
from tests.viz.pages import ARTIFACTS, embedded, open_view, wait_until

pytestmark = pytest.mark.browser


def _check(page: Any, where: str, *, top: bool = True) -> None:
    seen = measure(page)
    assert seen.labels > 0, where
    assert seen.overlap_share <= 0.03, f"{where}: {seen}"
    assert seen.cut_off == 0, f"{where}: {seen}"
    assert seen.node_overlaps == 0, f"{where}: {seen}"
    if top:
        assert seen.unlabelled_top == [], f"{where}: {seen}"


@pytest.mark.parametrize("view", ["institutions", "documents", "sessions", "ethnic-groups"])
def test_default_view_is_legible(built: Any, browser: Any, view: str) -> None:
    path = Path(built.out) / "views" / f"{view}.html"
    o = open_view(browser, path)
    page = o.page
    assert page.viewport_size == {"width": 1400, "height": 900}
    _check(page, view)
    labels = page.evaluate("window.kzgraphLabels()")
    assert len(labels) >= min(15, len(embedded(path)["nodes"]))
    full = {b["id"]: b["full"] for b in labels}
    caption = {n["id"]: n["sh"] for n in embedded(path)["nodes"]}  # e.g. a session's number
    for b in labels:  # long labels are shortened, the full one kept for hover
        assert len(b["text"]) <= 30
        assert b["text"] in (full[b["id"]], caption[b["id"]]) or full[b["id"]].startswith(b["text"][:-1])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"legible-{view}.png"))
    for factor in (2.0, 2.0, 0.25):  # zoom in twice, then out: still no collision, nothing cut off
        page.evaluate(f"window.kzgraph.zoom({factor})")
        _check(page, f"{view} zoomed", top=False)
    assert o.errors == [] and o.requests == [o.url]
    page.close()


def test_ego_and_path_views_are_legible(store: Any, browser: Any, tmp_path: Path) -> None:
    from kzgraph.viz import render_view

    for name, html in (
        ("ego", render_view(store, "ego", entity="Ассамблея народа Казахстана", depth=2)),
        ("path", render_view(store, "path", entity="Association of Koreans", other="Kazakhstan")),
    ):
        path = tmp_path / f"{name}.html"
        path.write_bytes(html)
        o = open_view(browser, path)
        _check(o.page, name)
        assert o.errors == [] and o.requests == [o.url]
        if name == "path":  # the panel lists every relation of the path with its evidence
            assert o.page.locator("#panel-body .edge").count() == len(embedded(path)["edges"])
            assert o.page.locator("#panel-body blockquote").count() >= 1
        o.page.close()


def test_size_by_and_communities_controls(built: Any, browser: Any) -> None:
    o = open_view(browser, Path(built.out) / "views" / "institutions.html")
    page = o.page
    data = embedded(Path(built.out) / "views" / "institutions.html")
    assert page.input_value("#size-by") == data["sizeBy"] == "betweenness"
    assert page.input_value("#communities") == data["communities"] == "hulls"
    first = page.locator("#ranking button").first.get_attribute("data-id")
    assert first == "https://w3id.org/kzgraph/id/apk"
    before = {n["id"]: n["r"] for n in page.evaluate("window.kzgraph.nodes()")}
    page.select_option("#size-by", "eigenvector")
    wait_until(page, "document.getElementById('ranking-title').textContent.indexOf('eigenvector') >= 0")
    after = {n["id"]: n["r"] for n in page.evaluate("window.kzgraph.nodes()")}
    assert before != after
    page.select_option("#communities", "colour")
    page.select_option("#communities", "off")
    page.locator("#ranking button").first.click()
    assert page.locator("#panel-body .title").text_content() == "Assembly of People of Kazakhstan"
    assert o.errors == [] and o.requests == [o.url]
    page.close()


def test_pyvis_page_offline_draws_every_node_and_edge(built: Any, store: Any, browser: Any, tmp_path: Path) -> None:
    from kzgraph.viz import render_view

    path = tmp_path / "institutions-pyvis.html"
    path.write_bytes(render_view(store, "institutions", renderer="pyvis"))
    data = embedded(Path(built.out) / "views" / "institutions.html")
    o = open_view(browser, path)
    drawn = o.page.evaluate(
        "[network.body.nodeIndices.length, network.body.edgeIndices.length, Object.keys(network.getPositions()).length]"
    )
    assert drawn == [len(data["nodes"]), len(data["edges"]), len(data["nodes"])]
    assert o.requests == [o.url], "the pyvis page requested something besides itself"
    assert o.errors == []
    o.page.screenshot(path=str(ARTIFACTS / "pyvis-institutions.png"))
    o.page.close()


def test_pyvis_tooltip_shows_hostile_text_as_text(browser: Any, tmp_path: Path) -> None:
    from kzgraph.viz.model import Edge, Evidence, Network, Node
    from kzgraph.viz.pyvis_page import render_pyvis

    evil = "<img src=x onerror=alert(1)>"
    net = Network(
        view="test",
        title=evil,
        description=evil,
        nodes=[
            Node(iri="https://example.org/a", labels={"en": evil}, cls="https://example.org/C"),
            Node(iri="https://example.org/b", labels={"en": "b"}, cls="https://example.org/C", x=300),
        ],
        edges=[
            Edge("https://example.org/a", "https://example.org/b", "https://example.org/p", [Evidence("s", 1, 2, evil)])
        ],
    )
    path = tmp_path / "evil.html"
    path.write_bytes(render_pyvis(net))
    o = open_view(browser, path)
    page = o.page
    page.evaluate("network.setOptions({physics: false}); network.fit()")
    point = page.evaluate(
        "(() => { const p = network.canvasToDOM(network.getPositions(['https://example.org/a'])['https://example.org/a']);"
        " const r = document.getElementById('mynetwork').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; })()"
    )
    page.mouse.move(point[0], point[1])
    wait_until(
        page,
        "document.querySelector('div.vis-tooltip') && document.querySelector('div.vis-tooltip').offsetParent !== null",
    )
    assert evil in (page.locator("div.vis-tooltip").text_content() or "")
    assert page.locator("img").count() == 0 and o.dialogs == []
    assert o.errors == [] and o.requests == [o.url]
    page.close()
