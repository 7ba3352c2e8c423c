"""The query pages: the SPARQL editor kept above its results, result tables that page, downloads, permalinks,
and the named queries' forms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kzgraph.query.catalogue import NamedQuery, Param
from kzgraph.query.results import GRAPH_FORMATS, SOLUTION_FORMATS
from kzgraph.web.workbench.html import LANGUAGE_NAMES, LANGUAGES, View, e
from kzgraph.web.workbench.paging import ResultPage
from kzgraph.web.workbench.values import term_cell

DEFAULT_LIMIT = 100
LIMITS = (25, 100, 500)
MAX_TABLE_BYTES = 900_000  # a results page stays under 1 MB: rows past this go to the next page
FORMAT_NAMES = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV", "ttl": "Turtle", "nt": "N-Triples",
                "jsonld": "JSON-LD", "rdfxml": "RDF/XML", "nq": "N-Quads", "trig": "TriG"}  # fmt: skip


def page_bounds(view: View) -> tuple[int, int]:
    """``(offset, limit)`` from the request (``offset``, ``limit``), clamped to sane values."""
    try:
        limit = int(view.param("limit", str(DEFAULT_LIMIT)))
    except ValueError:
        limit = DEFAULT_LIMIT
    try:
        offset = int(view.param("offset", "0"))
    except ValueError:
        offset = 0
    return max(offset, 0), min(max(limit, 1), max(LIMITS))


def results_html(page: ResultPage, *, view: View, base: str, labels: dict[str, str]) -> str:
    """The result table of one page, the pager above and below it (rows a–b, previous, next)."""
    result = page.result
    if result.kind == "ask":
        answer = {"en": ("yes", "no"), "ru": ("да", "нет"), "kk": ("иә", "жоқ")}.get(view.lang, ("yes", "no"))
        shown = answer[0] if result.boolean else answer[1]
        return f'<p class="kz-ask">ASK: <strong id="kz-ask">{e(shown)}</strong></p>'
    rows = result.term_rows()
    head = "".join(f'<th scope="col">{e(c)}</th>' for c in result.columns)
    body: list[str] = []
    size = 0
    for row in rows:
        tr = "<tr>" + "".join(term_cell(t, view=view, base=base, labels=labels) for t in row) + "</tr>"
        size += len(tr.encode("utf-8"))
        if size > MAX_TABLE_BYTES and body:
            break
        body.append(tr)
    more = page.more or len(body) < len(rows)
    pager = _pager(page.offset, len(body), page.limit, more=more, view=view)
    table = (
        f'<div class="kz-scroll kz-results" data-rows="{len(body)}"><table>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
    return pager + table + (pager if len(body) > 20 else "")


def _pager(offset: int, shown: int, limit: int, *, more: bool, view: View) -> str:
    if shown == 0:
        return '<p class="kz-pager" id="kz-count">no rows</p>'
    links = []
    if offset > 0:
        prev = max(offset - limit, 0)
        links.append(f'<a rel="prev" class="kz-prev" href="{e(view.self_link(offset=prev or None))}">← previous</a>')
    if more:
        links.append(f'<a rel="next" class="kz-next" href="{e(view.self_link(offset=offset + shown))}">next →</a>')
    span = f"rows {offset + 1}–{offset + shown}" + ("" if more else " (end)")
    return f'<p class="kz-pager"><span class="kz-count">{e(span)}</span> {" ".join(links)}</p>'


def downloads_html(kind: str, link_for: Mapping[str, str]) -> str:
    """Links to the whole answer in every format of its kind; ``link_for`` maps a format name to its URL."""
    names = GRAPH_FORMATS if kind == "graph" else SOLUTION_FORMATS
    links = " ".join(
        f'<a href="{e(link_for[n])}" download>{e(FORMAT_NAMES.get(n, n))}</a>' for n in names if n in link_for
    )
    return f'<p class="kz-downloads">Download the whole answer: {links}</p>'


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    text: str


def editor_html(text: str, *, view: View, prefixes: Mapping[str, str], examples: Sequence[Example],
                action: str) -> str:  # fmt: skip
    """The query form: predeclared prefixes, examples from the catalogue, the editor, rows per page."""
    declared = "\n".join(f"PREFIX {k}: <{v}>" for k, v in prefixes.items())
    options = "".join(
        f'<option value="{e(x.name)}" data-query="{e(x.text)}">{e(x.title)} ({e(x.name)})</option>' for x in examples
    )
    _offset, limit = page_bounds(view)
    limits = "".join(f'<option value="{n}"{" selected" if n == limit else ""}>{n}</option>' for n in LIMITS)
    return (
        f'<form class="kz-editor-form" method="get" action="{e(action)}">'
        f'<details class="kz-prefixes"><summary>{len(prefixes)} prefixes are predeclared '
        f"({e(', '.join(k + ':' for k in prefixes))})</summary><pre>{e(declared)}</pre></details>"
        f'<p><label for="kz-examples">Examples from the catalogue</label> '
        f'<select id="kz-examples"><option value="">— choose one to load it —</option>{options}</select></p>'
        f'<label class="kz-hidden" for="kz-editor">SPARQL query</label>'
        f'<textarea id="kz-editor" name="query" rows="14" spellcheck="false">{e(text)}</textarea>'
        f'<p class="kz-run"><button type="submit" id="kz-run">Run</button> <kbd>Ctrl</kbd>+<kbd>Enter</kbd> '
        f'<label>rows per page <select name="limit">{limits}</select></label></p></form>'
    )


def param_input(p: Param, value: str, *, classes: Sequence[tuple[str, str]], suggest: str) -> str:
    """One parameter's form field: a choice where the allowed values are known (languages, classes), a number for
    years and integers, a search-as-you-type text box for entities."""
    ident = f"kz-p-{p.name}"
    if p.type == "lang":
        codes = list(dict.fromkeys([*LANGUAGES, value] if value else LANGUAGES))
        opts = "".join(
            f'<option value="{e(c)}"{" selected" if c == value else ""}>{e(LANGUAGE_NAMES.get(c, c))}</option>'
            for c in codes
        )
        return f'<select id="{ident}" name="{e(p.name)}">{opts}</select>'
    if p.type == "class":
        names = [local for local, _label in classes]
        if value and value not in names:
            names.insert(0, value)
        labels = dict(classes)
        opts = "".join(
            f'<option value="{e(n)}"{" selected" if n == value else ""}>{e(labels.get(n, n))}</option>' for n in names
        )
        return f'<select id="{ident}" name="{e(p.name)}">{opts}</select>'
    if p.type in ("year", "integer"):
        extra = ' min="1000" max="2999"' if p.type == "year" else ""
        return f'<input id="{ident}" name="{e(p.name)}" type="number" value="{e(value)}"{extra}>'
    if p.type == "entity":
        return (
            f'<span class="kz-entity-field"><input id="{ident}" name="{e(p.name)}" value="{e(value)}" '
            f'autocomplete="off" data-suggest="{e(suggest)}" role="combobox" aria-autocomplete="list" '
            f'aria-expanded="false" aria-controls="{ident}-list"><ul id="{ident}-list" role="listbox" hidden></ul></span>'
        )
    return f'<input id="{ident}" name="{e(p.name)}" value="{e(value)}">'


def named_form_html(q: NamedQuery, values: Mapping[str, str], *, classes: Sequence[tuple[str, str]],
                    suggest: str) -> str:  # fmt: skip
    """The form of a named query: each parameter with its type, default and description."""
    fields = []
    for p in q.params:
        default = "required" if p.default is None else f"default: {p.default}"
        field = param_input(p, values.get(p.name, ""), classes=classes, suggest=suggest)
        fields.append(
            f'<div class="kz-field"><label for="kz-p-{e(p.name)}">{e(p.name)}</label>{field}'
            f'<span class="kz-doc">{e(p.type)}; {e(default)}. {e(p.doc)}</span></div>'
        )
    return (
        f'<form class="kz-named-form" method="get" action="{e(q.name)}">{"".join(fields)}'
        '<p><button type="submit" id="kz-run">Run</button></p></form>'
    )


def expected_html(cases: Sequence[Mapping[str, Any]], *, matching: int | None, problems: list[str] | None,
                  link_for_case: Sequence[str]) -> str:  # fmt: skip
    """The query's expected-answer status: its documented cases, and whether this run satisfies the one it is."""
    if not cases:
        return '<p class="kz-expect kz-none">No expected answer is recorded for this query.</p>'
    items = []
    for i, case in enumerate(cases):
        params = dict(case.get("params") or {})
        if case.get("lang"):
            params["lang"] = case["lang"]
        shown = ", ".join(f"{k}={v}" for k, v in params.items()) or "defaults"
        mark = ""
        if matching == i and problems is not None:
            mark = (' <strong class="kz-pass">this answer passes</strong>' if not problems else
                    ' <strong class="kz-fail">this answer fails: ' + e("; ".join(problems)) + "</strong>")  # fmt: skip
        note = f" — {e(case['note'])}" if case.get("note") else ""
        items.append(f'<li><a href="{e(link_for_case[i])}">{e(shown)}</a>{note}{mark}</li>')
    return (
        f'<div class="kz-expect"><p>Expected answers are recorded for {len(cases)} '
        f"case{'s' if len(cases) != 1 else ''} (<code>queries/*.expected.yaml</code>):</p><ul>{''.join(items)}</ul></div>"
    )
