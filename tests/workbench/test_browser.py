"""The workbench in a real browser (Debian chromium through Playwright) against the real server (uvicorn, worker
pool) over the built graph. Every page opened here is checked for console errors and for requests to anything
but the server itself; screenshots go to test-artifacts/ (described in docs/server.md, "Workbench")."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from kzgraph.query.catalogue import Catalogue

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ID = "https://w3id.org/kzgraph/id/"
WIDE = {"width": 1400, "height": 900}
NARROW = {"width": 390, "height": 844}


class Watched:
    """A page with its console errors and its requests recorded."""

    def __init__(self, browser: Any, site: str, *, viewport: dict[str, int] = WIDE) -> None:
        self.site = site
        self.page = browser.new_page(viewport=viewport)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: str) -> Any:
        self.page.goto(self.site + path)
        self.ready()
        return self.page

    def ready(self) -> None:
        self.page.wait_for_selector("html[data-kz-ready]", state="attached")

    def check(self) -> None:
        assert self.errors == [], self.errors
        foreign = [u for u in self.requests if not u.startswith(self.site)]
        assert foreign == [], f"requests beyond the server: {foreign}"

    def close(self) -> None:
        self.check()
        self.page.close()


def in_viewport(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(
            """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                          return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""",
            selector,
        )
    )


@pytest.mark.parametrize(
    ("typed", "key"),
    [("council of mothers", "apk-council-of-mothers"), ("Session 20", "apk-session-20"), ("Ассамблея", "apk")],
)
def test_search_box_offers_the_entity_first_and_enter_opens_it(browser: Any, site: str, typed: str, key: str) -> None:
    w = Watched(browser, site)
    page = w.open("browse")  # the box is on every page
    page.focus("#kz-q")
    page.keyboard.type(typed, delay=15)
    first = page.locator("#kz-suggest li").first
    first.wait_for()
    assert first.get_attribute("data-iri") == ID + key
    assert page.get_attribute("#kz-q", "aria-expanded") == "true"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site + f"id/{key}"
    w.ready()
    assert page.locator("h1").text_content()
    w.close()


def test_search_by_keyboard_and_results_page(browser: Any, site: str) -> None:
    w = Watched(browser, site)
    page = w.open("")
    page.focus("#kz-q")
    page.keyboard.type("session 2", delay=15)
    page.locator("#kz-suggest li").nth(1).wait_for()
    second = page.locator("#kz-suggest li").nth(1).get_attribute("data-iri")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("#kz-suggest li[aria-selected=true]").get_attribute("data-iri") == second
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site + second[len("https://w3id.org/kzgraph/") :]
    w.ready()
    page.goto(site + "search?q=assembly")
    w.ready()
    assert page.locator("ol.kz-hits li").count() >= 5
    w.close()


def test_query_typed_in_the_editor_runs_and_pages(browser: Any, site: str) -> None:
    w = Watched(browser, site)
    page = w.open("sparql")
    assert page.locator(".CodeMirror").count() == 1
    page.click(".CodeMirror")
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } ORDER BY ?label", delay=2)
    assert page.locator(".CodeMirror .cm-keyword").count() >= 3  # highlighted as SPARQL
    typed = page.evaluate("window.kzEditor.getValue()")
    page.evaluate("(ch) => window.kzEditor.setCursor({line: 0, ch: ch})", typed.index("}") + 1)  # after the brace
    assert page.locator(".CodeMirror-matchingbracket").count() == 2
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    w.ready()
    # the editor stays above the results, holding the query
    assert "ORDER BY ?label" in page.locator(".CodeMirror").text_content()
    editor_y = page.locator(".CodeMirror").bounding_box()["y"]
    table = page.locator("div.kz-results")
    assert table.bounding_box()["y"] > editor_y
    assert table.get_attribute("data-rows") == "100"
    first_page = page.locator(".kz-results tbody tr").first.text_content()
    with page.expect_navigation():
        page.click("a.kz-next")
    w.ready()
    assert "rows 101–200" in page.locator(".kz-count").first.text_content()
    assert page.locator(".kz-results tbody tr").first.text_content() != first_page
    with page.expect_navigation():
        page.click("a.kz-prev")
    w.ready()
    assert page.locator(".kz-results tbody tr").first.text_content() == first_page
    # the permalink reproduces the query; the downloads answer in their formats
    permalink = page.get_attribute("#kz-permalink", "href")
    assert "ORDER+BY" in permalink
    for link in page.locator(".kz-downloads a").all():
        with urllib.request.urlopen(site + "sparql?" + link.get_attribute("href").split("?", 1)[1]) as r:
            assert r.status == 200 and len(r.read()) > 1000
    page.select_option("#kz-examples", "census")  # an example from the catalogue loads into the editor
    assert "qb:Observation" in page.evaluate("window.kzEditor.getValue()")
    w.close()


def test_every_named_query_form_runs_with_its_defaults(browser: Any, site: str) -> None:
    w = Watched(browser, site)
    failed = []
    for q in Catalogue():
        page = w.open(f"query/{q.name}")
        with page.expect_navigation():
            page.click("#kz-run")
        w.ready()
        results = page.locator("#kz-results")
        if "# service:" in q.text:  # federated: this machine has no internet; the page says so, generically
            if results.locator(".kz-results table").count() == 0:
                assert results.locator("[role=alert]").count() == 1, q.name
            continue
        if results.locator(".kz-results table, .kz-ask").count() != 1 or page.locator(".kz-fail").count():
            failed.append(q.name)
    assert failed == []
    w.errors = [m for m in w.errors if "status of 50" not in m]  # the federated pages' own 502/503 status
    w.close()


def test_a_quote_opens_its_source_scrolled_to_it(browser: Any, site: str) -> None:
    w = Watched(browser, site)
    page = w.open("id/apk")
    links = page.locator("a.kz-quote")
    assert links.count() > 20
    link = links.nth(5)
    quoted = " ".join(link.text_content().split())
    with page.expect_navigation():
        link.click()
    w.ready()
    assert re.search(r"id/source/\w+\?quote=\d+-\d+#quote$", page.url)
    page.wait_for_function("window.scrollY > 0")
    assert in_viewport(page, "#quote")
    highlighted = page.evaluate("[...document.querySelectorAll('mark.kz-here')].map(m => m.textContent).join('')")
    assert " ".join(highlighted.split()) == quoted
    assert page.locator("mark.kz-q").count() > 100  # every other quote of the source is marked
    w.close()


def test_entity_links_its_networks_and_the_language_switch(browser: Any, site: str) -> None:
    w = Watched(browser, site)
    page = w.open("id/apk")
    assert page.locator("a.kz-ego").get_attribute("href") == "../ego/apk"
    assert page.locator(".kz-network a[href$='views/institutions.html']").count() == 1
    with page.expect_navigation():
        page.click(".kz-lang a[hreflang=ru]")
    w.ready()
    assert page.locator("h1").text_content() == "Ассамблея народа Казахстана"
    page.goto(site + "id/apk-session-9")  # the language is kept (a cookie) on the next page
    w.ready()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("#disagreements ~ .kz-disagreement .kz-side").count() == 2
    with page.expect_navigation():
        page.click(".kz-lang a[hreflang=en]")
    w.ready()
    w.close()
    ego = Watched(browser, site)  # the ego view is the viz package's own page (inline script by design)
    ego.page.goto(site + "ego/apk")
    ego.page.wait_for_function("window.kzgraphReady === true")
    assert ego.page.evaluate("window.kzgraph.stats.nodes") > 5
    ego.close()


def test_browse_filters_sorts_pages_and_exports(browser: Any, site: str) -> None:
    w = Watched(browser, site)
    page = w.open("browse")
    assert page.locator("table.kz-classes tbody tr").count() > 20
    with page.expect_navigation():
        page.click("a[href='browse/AssemblySession']")
    w.ready()
    total = int(page.get_attribute("table.kz-class-table", "data-rows"))
    assert total > 20
    page.fill("#kz-filter", "session 1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    w.ready()
    labels = page.locator("table.kz-class-table tbody tr td:first-child").all_text_contents()
    assert labels and all("session 1" in x.lower() for x in labels)
    with page.expect_navigation():
        page.click("th a:text('dates')")
    w.ready()
    with page.expect_navigation():
        page.click("th a:text('dates')")
    w.ready()
    assert page.locator("th[aria-sort=descending]").count() == 1
    href = page.locator("a[download]").get_attribute("href")
    with urllib.request.urlopen(site + "browse/" + href) as r:
        lines = r.read().decode("utf-8").splitlines()
    assert lines[0].startswith("iri,label,dates") and len(lines) - 1 == len(labels)
    w.close()


def test_first_page_of_everything_is_small(site: str) -> None:
    """Pages of results stay under 1 MB through the server (the time of the first page is measured by
    benchmarks/workbench.py, not here)."""
    url = site + "sparql?" + urlencode({"query": "SELECT * {?s ?p ?o}"})
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    with urllib.request.urlopen(request) as r:
        body = r.read()
    assert 100_000 < len(body) < 1_000_000  # a page of 100 rows, not the whole answer (18 MB as SPARQL JSON)
    # the largest possible page (500 rows of the longest values) stays under 1 MB too
    q = "SELECT ?s ?q WHERE { ?s oa:exact ?q } ORDER BY DESC(STRLEN(?q))"
    big = urllib.request.Request(site + "sparql?" + urlencode({"query": q, "limit": 500}),
                                 headers={"Accept": "text/html"})  # fmt: skip
    with urllib.request.urlopen(big) as r:
        assert len(r.read()) < 1_000_000


@pytest.mark.parametrize(("name", "viewport"), [("wide", WIDE), ("narrow", NARROW)])
def test_screenshots(browser: Any, site: str, name: str, viewport: dict[str, int]) -> None:
    sessions = "SELECT ?session ?date WHERE { ?session a kz:AssemblySession ; kz:date ?date } ORDER BY ?date"
    pages = {
        "home": "",
        "query": "sparql?" + urlencode({"query": sessions}),
        "entity": "id/apk",
        "source": "id/source/lee?quote=31533-31600#quote",
        "browse": "browse/AssemblySession",
    }
    ARTIFACTS.mkdir(exist_ok=True)
    for page_name, path in pages.items():
        w = Watched(browser, site, viewport=viewport)
        page = w.open(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"] + 1, f"{page_name} scrolls sideways at {viewport['width']} px"
        page.screenshot(path=str(ARTIFACTS / f"workbench-{page_name}-{name}.png"))
        w.close()


def test_no_console_errors_on_every_kind_of_page(browser: Any, site: str) -> None:
    paths = ["", "sparql", "query", "query/census", "id/apk", "id/source/ualtayeva", "browse",
             "browse/EthnicGroup", "search?q=" + quote("Казахи"), "lookup?name=nothing-like-this-zzz"]  # fmt: skip
    for path in paths:
        w = Watched(browser, site)
        w.open(path)
        w.page.keyboard.press("Tab")  # keyboard: the first stop is a real control
        assert w.page.evaluate("document.activeElement.tagName") in ("A", "INPUT", "BUTTON", "SELECT")
        if path.startswith("lookup"):
            w.errors = [m for m in w.errors if "404" not in m]  # the page's own status
        w.close()
