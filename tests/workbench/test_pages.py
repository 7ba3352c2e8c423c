"""The workbench's pages rendered in-process over the built graph: real queries, real answers, escaped HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pyoxigraph as ox
import pytest

from kzgraph.query.results import QueryResult
from kzgraph.web.workbench import Workbench
from kzgraph.web.workbench.evidence import Span, marked_text
from kzgraph.web.workbench.html import CSP, View
from kzgraph.web.workbench.paging import projection, run_page, split_prologue, sub_select
from kzgraph.web.workbench.values import group_digits, literal_text, readable
from tests.workbench.conftest import get

ID = "https://w3id.org/kzgraph/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def text(page: Any) -> str:
    return str(page.body.decode("utf-8"))


# --- pure parts -------------------------------------------------------------------------------------------------


def test_prologue_and_sub_select() -> None:
    q = "# a comment\nPREFIX ex: <http://example.org/>\nBASE <http://example.org/>\nselect ?a { ?a ?b ?c } ORDER BY ?a"
    prologue, rest = split_prologue(q)
    assert rest.startswith("select ?a")
    assert prologue.endswith("\n")
    wrapped = sub_select(q, offset=200, limit=101)
    assert wrapped is not None and wrapped.startswith(prologue + "SELECT * WHERE {\nselect ?a")
    assert wrapped.endswith("} LIMIT 101 OFFSET 200")
    assert sub_select("ASK { ?s ?p ?o }", offset=0, limit=10) is None
    assert sub_select("CONSTRUCT WHERE { ?s ?p ?o }", offset=0, limit=10) is None


def test_projection_order() -> None:
    assert projection("SELECT ?z ?a (COUNT(?x) AS ?n) WHERE { ?z ?a ?x }") == ["z", "a", "n"]
    assert projection("SELECT * { ?s ?p ?o . ?o ?q ?s }") == ["s", "p", "o", "q"]
    assert projection("PREFIX a: <x:> SELECT DISTINCT ?b\nWHERE { ?b ?c ?d }") == ["b"]


def test_run_page_falls_back_to_the_text_as_written() -> None:
    calls: list[str] = []

    def run(sparql: str) -> QueryResult:
        calls.append(sparql)
        if "LIMIT" in sparql:
            from kzgraph.errors import QueryError

            raise QueryError("FROM is not allowed in a sub-select")
        rows = [(ox.Literal(str(i)),) for i in range(7)]
        return QueryResult.from_solutions(["n"], rows)

    page = run_page(run, "SELECT ?n FROM <x:g> { ?n ?p ?o }", offset=5, limit=3)
    assert len(calls) == 2
    assert [r[0].value for r in page.result.terms] == ["5", "6"]
    assert page.more is False and page.paged_by_engine is False


def test_values_read_as_people_read_them() -> None:
    date = ox.Literal("1995-03-01", datatype=ox.NamedNode(XSD + "date"))
    assert literal_text(date, lang="en") == ("1 March 1995", False)
    assert literal_text(date, lang="ru") == ("1 марта 1995 г.", False)
    assert literal_text(ox.Literal("1939", datatype=ox.NamedNode(XSD + "integer")), lang="en") == ("1939", True)
    assert literal_text(ox.Literal("108177", datatype=ox.NamedNode(XSD + "integer")), lang="en") == ("108,177", True)
    assert group_digits("2533.5", lang="ru") == "2533,5"
    assert readable("2002-11", lang="en") == "November 2002"
    assert readable("Session 9", lang="en") == "Session 9"


def test_marked_text_overlaps_and_selection() -> None:
    source = "Alpha <b>beta</b> gamma delta"
    spans = [Span(0, 5, "one"), Span(3, 17, "two <x>"), Span(18, 23, "three")]
    out = marked_text(source, spans, selected=(3, 17))
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert out.count('id="quote"') == 1
    assert out.index('id="quote"') < out.index("ha")  # the anchor is on the quote's first piece
    assert 'title="one; two &lt;x&gt;"' in out  # the overlap is marked by both quotes
    # removing the markup gives back the text, character for character
    assert re.sub(r"<[^>]+>", "", out).replace("&lt;", "<").replace("&gt;", ">") == source


# --- pages over the built graph ---------------------------------------------------------------------------------


def test_sparql_first_page_is_small(workbench: Workbench) -> None:
    # in this process, without a time limit (benchmarks/workbench.py measures how long this page takes)
    untimed = Workbench(workbench.store, timeout=None)
    page = untimed.sparql(get("/sparql", query="SELECT * {?s ?p ?o}"))
    body = text(page)
    assert page.status == 200 and page.headers["Content-Security-Policy"] == CSP
    assert body.count("<tr>") == 101  # the header row and a page of 100
    assert 'rel="next"' in body and 'rel="prev"' not in body
    assert len(page.body) < 1_000_000
    # the editor stays above the results, holding the query
    assert body.index('id="kz-editor"') < body.index('class="kz-scroll kz-results"')
    assert "SELECT * {?s ?p ?o}</textarea>" in body
    second = text(workbench.sparql(get("/sparql", query="SELECT * {?s ?p ?o}", offset="100")))
    assert "rows 101–200" in second and 'rel="prev"' in second


def test_sparql_pages_keep_the_users_order_and_columns(workbench: Workbench) -> None:
    q = "SELECT ?label ?s WHERE { ?s a kz:AssemblySession ; skos:prefLabel ?label FILTER(LANG(?label)='en') } ORDER BY DESC(?label)"
    whole = workbench.run(q)
    page = workbench.sparql(get("/sparql", query=q, limit="25", offset="3"))
    body = text(page)
    heads = re.findall(r'<th scope="col">([^<]*)</th>', body)
    assert heads == ["label", "s"]
    labels = re.findall(r'<tr><td>([^<]*) <span class="kz-tag">', body)
    want = [str(r[0].value) for r in whole.terms[3:28]]
    assert [x.strip() for x in labels] == want


def test_sparql_error_keeps_the_editor(workbench: Workbench) -> None:
    page = workbench.sparql(get("/sparql", query="SELECT * { ?s ?p <oops"))
    body = text(page)
    assert page.status == 400
    assert 'role="alert"' in body and "line 1" in body
    assert "SELECT * { ?s ?p &lt;oops</textarea>" in body


def test_downloads_and_permalink(workbench: Workbench) -> None:
    body = text(workbench.sparql(get("/sparql", query="SELECT ?s { ?s a kz:EthnicGroup }")))
    for fmt in ("json", "xml", "csv", "tsv"):
        assert f"format={fmt}" in body
    assert 'id="kz-permalink" href="sparql?query=SELECT+%3Fs' in body
    graph = text(workbench.sparql(get("/sparql", query="CONSTRUCT WHERE { ?s a kz:EthnicGroup }")))
    for fmt in ("ttl", "nt", "jsonld", "rdfxml", "nq", "trig"):
        assert f"format={fmt}" in graph


def test_every_named_query_form_runs_with_its_defaults(workbench: Workbench) -> None:
    failures = []
    for q in workbench.catalogue:
        page = workbench.named_query(get(f"/query/{q.name}"), q.name)
        body = text(page)
        assert all(f'name="{p.name}"' in body for p in q.params), q.name
        if "# service:" in q.text:  # federated: needs the internet and a contact; the page says why it cannot
            assert page.status == 200 or 'role="alert"' in body, q.name
            continue
        if page.status != 200 or "kz-scroll kz-results" not in body or "kz-fail" in body:
            failures.append(q.name)
    assert failures == []


def test_named_query_shows_expected_status_and_choices(workbench: Workbench) -> None:
    body = text(workbench.named_query(get("/query/census", group="Koreans"), "census"))
    assert "this answer passes" in body
    assert '<option value="ru">Русский</option>' in body  # the allowed languages
    classes = text(workbench.named_query(get("/query/organisations-by-class"), "organisations-by-class"))
    assert '<option value="StateBody">' in classes  # the classes of the graph, for a class parameter


def test_entity_page_links_ego_views_and_sources(workbench: Workbench) -> None:
    page = workbench.resource(get("/id/apk"), ID + "apk")
    assert page is not None
    body = text(page)
    assert 'href="../ego/apk"' in body
    assert 'href="../views/institutions.html"' in body
    quotes = re.findall(r'href="(\.\./id/source/[^"?]+\?quote=(\d+)-(\d+)#quote)"', body)
    assert len(quotes) > 20
    assert "1 March 1995" in body or "foundingDate" in body


def test_disagreements_side_by_side(workbench: Workbench) -> None:
    page = workbench.resource(get("/id/apk-session-9"), ID + "apk-session-9")
    assert page is not None
    body = text(page)
    section = body[body.index('id="disagreements"') :]
    assert section.count('class="kz-side"') == 2
    assert "November 2002" in section and "2000" in section


def test_source_page_marks_every_quote_and_highlights_one(workbench: Workbench) -> None:
    entity = text(workbench.resource(get("/id/apk"), ID + "apk"))  # type: ignore[union-attr]
    _href, start, end = re.findall(r'href="(\.\./id/source/lee\?quote=(\d+)-(\d+)#quote)"', entity)[0]
    page = workbench.resource(get("/id/source/lee", quote=f"{start}-{end}"), ID + "source/lee")
    assert page is not None
    body = text(page)
    assert body.count('id="quote"') == 1
    assert re.search(r'<mark class="kz-q kz-here" id="quote"', body)  # the anchor is on the quote's first piece
    highlighted = "".join(re.findall(r'<mark class="kz-q kz-here"[^>]*>([^<]*)</mark>', body))
    from kzgraph.pipeline.corpus import load
    from kzgraph.resources import default_files

    source_text = load(default_files().corpus)["lee"].text
    assert (
        highlighted.replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&")
        == source_text[int(start) : int(end)]
    )
    assert body.count('class="kz-q"') > 100  # the other quotes of the source, marked


def test_source_text_must_be_the_built_one(workbench: Workbench, tmp_path: Any) -> None:
    import shutil

    from kzgraph.resources import default_files

    corpus = tmp_path / "corpus"
    shutil.copytree(default_files().corpus, corpus)
    for f in corpus.glob("*.txt"):
        f.write_text(f.read_text(encoding="utf-8") + "changed", encoding="utf-8")
    other = Workbench(workbench.store, corpus_dir=corpus)
    body = text(other.resource(get("/id/source/lee"), ID + "source/lee"))  # type: ignore[union-attr]
    assert "not the one the graph was built from" in body and "kz-text" not in body


def test_browse_counts_filter_sort_csv(workbench: Workbench) -> None:
    classes = text(workbench.browse(get("/browse")))
    m = re.search(r'href="browse/AssemblySession">[^<]*</a></td><td><code>kz:AssemblySession</code></td>'
                  r'<td class="num">(\d+)</td>', classes)  # fmt: skip
    assert m and int(m[1]) == len(workbench.run("SELECT DISTINCT ?s { ?s a kz:AssemblySession }"))
    table = text(workbench.browse_class(get("/browse/AssemblySession", q="session 2", sort="label"), "AssemblySession"))
    assert "Session 2 of" in table and "Session 9 of" not in table
    csv_page = workbench.browse_class(get("/browse/AssemblySession", format="csv", sort="dates", order="desc"),
                                      "AssemblySession")  # fmt: skip
    rows = list(csv.reader(io.StringIO(csv_page.body.decode("utf-8"))))
    assert rows[0][:3] == ["iri", "label", "dates"]
    assert len(rows) - 1 == int(m[1])


def test_language_switch_sets_a_cookie_and_labels(workbench: Workbench) -> None:
    page = workbench.resource(get("/id/apk", lang="ru"), ID + "apk")
    assert page is not None
    assert "<h1>Ассамблея народа Казахстана</h1>" in text(page)
    assert page.headers["Set-Cookie"].startswith("kzgraph_lang=ru")
    again = workbench.resource(get("/id/apk", cookie="kzgraph_lang=kk"), ID + "apk")
    assert "<h1>Қазақстан халқы Ассамблеясы</h1>" in text(again)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("typed", "iri"),
    [("council of mothers", "apk-council-of-mothers"), ("Session 20", "apk-session-20"), ("Ассамблея", "apk")],
)
def test_suggestions_and_lookup_use_the_library_search(workbench: Workbench, typed: str, iri: str) -> None:
    page = workbench.search(get("/search", q=typed, format="json"))
    hits = json.loads(page.body)["hits"]
    assert hits[0]["iri"] == ID + iri and hits[0]["path"] == f"id/{iri}"
    assert hits == [dict(h, path=f"id/{h['iri'][len(ID) :]}") for h in hits]  # every hit has its page
    lookup = workbench.lookup(get("/lookup", name=typed))
    assert lookup.status == 303 and lookup.headers["Location"] == f"id/{iri}"


def test_lookup_of_nothing_is_404(workbench: Workbench) -> None:
    page = workbench.handle(get("/lookup", name="zzqqxx"))
    assert page is not None and page.status == 404


def test_every_string_is_escaped() -> None:
    from kzgraph.web.workbench.html import shell

    view = View("../", "en", "/id/x", {"q": ["<script>alert(1)</script>"]})
    out = shell("<script>t</script>", "", view=view, search_text="<script>s</script>")
    assert "<script>t" not in out and "<script>s" not in out and "<script>alert" not in out


def test_assets_are_the_packages_own(workbench: Workbench) -> None:
    js = workbench.handle(get("/assets/codemirror/codemirror.js"))
    assert js is not None and js.status == 200 and js.media_type.startswith("text/javascript")
    licence = workbench.handle(get("/assets/codemirror/LICENSE"))
    assert licence is not None and b"MIT License" in licence.body
    for bad in ("../site.py", "codemirror/../../html.py", "x.py"):
        page = workbench.handle(get(f"/assets/{bad}"))
        assert page is not None and page.status == 404


def test_query_list_links_work_with_and_without_a_slash(workbench: Workbench) -> None:
    assert 'href="query/census"' in text(workbench.query_list(get("/query")))
    assert 'href="../query/census"' in text(workbench.query_list(get("/query/")))
