"""One self-contained HTML file per network: the data as escaped JSON, the viewer's script and style
inlined, no external resource of any kind. The same network always gives the same bytes."""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

from kzgraph.rdf import namespaces as ns
from kzgraph.viz.model import Network

# Colour-blind-friendly palette (Okabe-Ito, then Tableau) and the node shapes, assigned in class order.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#8C6D31",
    "#7F3C8D",
    "#11A579",
    "#3969AC",
    "#F2B701",
    "#E73F74",
    "#80BA5A",
    "#E68310",
    "#008695",
    "#CF1C90",
    "#4B4B8F",
    "#A5AA99",
)
SHAPES = ("circle", "square", "diamond", "triangle", "hexagon", "star")
# Broad kinds of classes share a shape, so the shape says "body", "document", "event" at a glance.
SHAPE_OF = {
    "Organization": "circle",
    "Person": "triangle",
    "Office": "triangle",
    "Document": "square",
    "SourceDocument": "square",
    "Event": "diamond",
    "EthnicGroup": "hexagon",
    "Religion": "hexagon",
    "Language": "hexagon",
    "Place": "hexagon",
    "Principle": "star",
    "Recommendation": "star",
    "PolicyArea": "star",
    "Shortcoming": "star",
    "Initiative": "diamond",
    "SurveyFinding": "star",
}
# How far each shape reaches from its centre, in radii (the viewer draws them so; layouts keep nodes this far apart).
EXTENT = {"circle": 1.0, "square": 1.42, "diamond": 1.3, "triangle": 1.5, "hexagon": 1.15, "star": 1.45}
RADIUS = 7.0  # pixels of a node of size 1 at zoom 1 (the viewer's RADIUS)
_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(value: Any) -> str:
    """JSON safe to place inside a ``<script>`` element: no ``</script>``, no HTML-significant characters."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.translate(_ESCAPES)


def _asset(name: str) -> str:
    return resources.files("kzgraph.viz").joinpath("assets", name).read_text(encoding="utf-8")


def shape_for(cls: str, superclasses: set[str]) -> str:
    for c in [cls, *sorted(superclasses)]:
        local = c.rsplit("#", 1)[-1]
        if c.startswith(ns.KZ) and local in SHAPE_OF:
            return SHAPE_OF[local]
    return "circle"


def class_shapes(net: Network, shapes: dict[str, str] | None = None) -> dict[str, str]:
    """The shape each class of ``net`` is drawn with: ``shapes`` where it says, else one assigned in class order."""
    classes = sorted({n.cls for n in net.nodes})
    return {c: (shapes or {}).get(c) or SHAPES[(i // len(PALETTE)) % len(SHAPES)] for i, c in enumerate(classes)}


def payload(
    net: Network, *, shapes: dict[str, str] | None = None, search: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The JSON the viewer reads (nodes and edges sorted, so the output is deterministic)."""
    nodes = sorted(net.nodes, key=lambda n: n.iri)
    index = {n.iri: i for i, n in enumerate(nodes)}
    classes = sorted({n.cls for n in nodes})
    class_index = {c: i for i, c in enumerate(classes)}
    drawn = class_shapes(net, shapes)
    edges = sorted(
        (e for e in net.edges if e.source in index and e.target in index),
        key=lambda e: (e.source, e.predicate, e.target),
    )
    predicates = sorted({e.predicate for e in edges})
    pred_index = {p: i for i, p in enumerate(predicates)}
    langs = sorted({lang for n in nodes for lang in n.labels if lang}, key=lambda lang: (lang != "en", lang))

    def labels(iri: str) -> dict[str, str]:
        found = {lang or "en": text for lang, text in sorted(net.labels.get(iri, {}).items())}
        return dict(sorted(found.items())) or {"en": ns.compact(iri).split(":", 1)[-1] or iri}

    return {
        "view": net.view,
        "title": net.title,
        "message": net.message,
        "langs": langs or ["en"],
        "classes": [
            {
                "id": c,
                "label": labels(c),
                "color": PALETTE[i % len(PALETTE)],
                "shape": drawn[c],
            }
            for i, c in enumerate(classes)
        ],
        "predicates": [
            {"id": p, "label": labels(p), "color": PALETTE[(i * 5 + 3) % len(PALETTE)]}
            for i, p in enumerate(predicates)
        ],
        "nodes": [
            {
                "id": n.iri,
                "c": class_index[n.cls],
                "l": dict(sorted(n.labels.items())),
                "alt": n.alt,
                "d": n.dates,
                "y0": n.year,
                "wd": n.wikidata,
                "wm": n.wikidata_match,
                "z": round(n.size, 3),
                "x": round(n.x, 1),
                "y": round(n.y, 1),
                "info": n.info,
                "sh": n.short,
                "m": [round(v, 4) for v in n.measures],
                "kc": n.core,
                "k": n.community,
                "r": n.rank,
            }
            for n in nodes
        ],
        "edges": [
            {
                "s": index[e.source],
                "t": index[e.target],
                "p": pred_index[e.predicate],
                "ev": [[ev.source, ev.start, ev.end, ev.quote] for ev in e.evidence],
                "note": e.note,
                "w": e.weight,
            }
            for e in edges
        ],
        "directed": net.directed,
        "axis": None
        if net.axis is None
        else {"x0": net.axis[0], "w": net.axis[1], "y0": net.axis[2], "y1": net.axis[3]},
        "markers": [{"x": m.x, "text": m.text} for m in sorted(net.markers, key=lambda m: (m.x, m.text))],
        "search": search,  # the entity search's index for these nodes (kzgraph.query.search.export), or None
        "sizeBy": net.size_by,
        "communities": net.communities,
        "modularity": round(net.modularity, 4),
        "extent": EXTENT,
        "palette": PALETTE,
        "radius": RADIUS,
        "path": net.path,
    }


def render(net: Network, *, shapes: dict[str, str] | None = None, search: dict[str, Any] | None = None) -> bytes:
    """The view as one HTML document (UTF-8 bytes); ``search``: see :func:`payload`."""
    data = script_json(payload(net, shapes=shapes, search=search))
    esc = html.escape
    chart = (
        f'<details id="chart" open><summary>{esc(net.chart_title)}</summary>{net.chart_svg}</details>'
        if net.chart_svg
        else ""
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'">
<meta name="generator" content="kzgraph viz">
<title>{esc(net.title)} · kzgraph</title>
<style>
{_asset("viewer.css")}</style>
</head>
<body>
<header>
<h1>{esc(net.title)}</h1>
<div id="search-wrap"><input id="search" type="search" placeholder="Search labels (any language)" autocomplete="off" aria-label="Search"><div id="results" role="listbox"></div></div>
<label>Language <select id="lang" aria-label="Label language"></select></label>
<label>Years <input id="year-from" type="number" aria-label="From year"> &ndash; <input id="year-to" type="number" aria-label="To year"></label>
<label>Size by <select id="size-by" aria-label="Size nodes by"><option value="">view default</option><option value="degree">degree</option><option value="betweenness">betweenness</option><option value="eigenvector">eigenvector</option></select></label>
<label>Communities <select id="communities" aria-label="Show communities"><option value="hulls">hulls</option><option value="colour">colour</option><option value="off">off</option></select></label>
<button id="reset" type="button">Reset</button>
<span id="shown"></span>
</header>
<aside id="legend">
<p id="desc">{esc(net.description)}</p>
<h2>Classes (filter)</h2>
<div id="legend-classes"></div>
<h2>Relations</h2>
<div id="legend-edges"></div>
<h2 id="ranking-title">Most central</h2>
<ol id="ranking"></ol>
<p id="help">Drag to pan, wheel to zoom, click a node or an edge for its evidence. Nodes without a date are always shown by the year filter.</p>
</aside>
<main id="main">
<canvas id="canvas" aria-label="Network"></canvas>
<div id="message"></div>
<div id="tooltip"></div>
{chart}
</main>
<aside id="panel"><h2>Details</h2><div id="panel-body">Click a node or an edge to see its details and evidence.</div></aside>
<script type="application/json" id="kzgraph-data">{data}</script>
<script>
{_asset("viewer.js")}</script>
</body>
</html>
"""
    return page.encode("utf-8")
