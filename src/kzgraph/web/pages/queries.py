"""The named queries: the catalogue (``/query``) and one query run with its parameters (``/query/NAME``)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kzgraph.errors import QueryError
from kzgraph.web.html import e, page, root_of
from kzgraph.web.messages import Response
from kzgraph.web.negotiation import HTML

if TYPE_CHECKING:
    from kzgraph.web.app import App
    from kzgraph.web.messages import Request


def catalogue(app: App, request: Request, _m: re.Match[str]) -> Response:
    media = app.choose(request, [HTML, "application/json"])
    queries = list(app.catalogue)
    if media == "application/json":
        rows = [{"name": q.name, "title": q.title, "question": q.question, "columns": list(q.columns),
                 "params": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc} for p in q.params]}
                for q in queries]  # fmt: skip
        return Response(200, media, json.dumps(rows, indent=2, ensure_ascii=False).encode("utf-8"), negotiated=True)
    root = root_of(request.path)
    prefix = "" if request.path.endswith("/") else "query/"
    items = "".join(
        f'<tr><td><a href="{e(prefix + quote(q.name))}">{e(q.name)}</a></td><td>{e(q.title)}</td>'
        f"<td>{e(q.question)}</td><td>{e(', '.join(p.name for p in q.params))}</td></tr>"
        for q in queries
    )
    body = ("<h1>Named queries</h1><p>Run one at <code>query/NAME?param=value</code>; results negotiate like "
            "<code>/sparql</code>.</p><table><thead><tr><th>name</th><th>title</th><th>question</th>"
            f"<th>parameters</th></tr></thead><tbody>{items}</tbody></table>")  # fmt: skip
    return app.html_response(page("Named queries", body, root=root))


def named_query(app: App, request: Request, m: re.Match[str]) -> Response:
    from kzgraph.graph import KnowledgeGraph

    named = app.catalogue.get(m["name"])
    values: dict[str, Any] = {}
    for key, given in request.params.items():
        if key == "format":
            continue
        if len(given) != 1:
            raise QueryError(f"parameter {key} is given {len(given)} times")
        values[key] = given[0]
    lang = values.pop("lang", "en")
    kg = KnowledgeGraph(app.store, catalogue=app.catalogue)
    result = kg.query(named.name, lang=lang, timeout=app.timeout, include_extracted=app.include_extracted, **values)
    params = "".join(f"<li><code>{e(p.describe())}</code></li>" for p in named.params)
    intro = f"<p>{e(named.question)}</p>" + (f"<p>Parameters:</p><ul>{params}</ul>" if params else "")
    return app.result_response(request, result, title=named.title, intro=intro)
