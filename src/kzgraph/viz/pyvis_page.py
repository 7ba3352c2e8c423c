"""The ``pyvis`` renderer: the same view model drawn as a vis-network page built by pyvis, for readers who expect
pyvis's look, dragging and physics.

pyvis builds the network (``add_node``/``add_edge``, its options) and renders it through its own Jinja2
machinery, but with kzgraph's template (``assets/pyvis.html``) instead of pyvis's, which loads Bootstrap and
vis-network from CDNs: ours inlines the vis-network script and style shipped inside the pyvis package, keeps the
data in JSON script elements and forbids every request (``default-src 'none'``), so the page works offline.
vis-network shows a string tooltip as text (``innerText``), never as HTML, and the JSON is HTML-escaped, so
the evidence quotes in the tooltips cannot inject markup.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from pyvis.network import Network as PyvisNetwork

from kzgraph.viz.model import Network
from kzgraph.viz.render import payload

VIS_VERSION = "vis-9.1.2"
# kzgraph's shapes as vis-network's
VIS_SHAPES = {
    "circle": "dot",
    "square": "square",
    "diamond": "diamond",
    "triangle": "triangle",
    "hexagon": "hexagon",
    "star": "star",
}
OPTIONS: dict[str, Any] = {
    "physics": {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -3000, "springLength": 90, "avoidOverlap": 0.2},
        "stabilization": {"enabled": True, "iterations": 150, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "nodes": {"font": {"size": 12, "face": "system-ui, sans-serif"}, "borderWidth": 1},
    "edges": {"smooth": False, "color": {"inherit": False}},
    "layout": {"randomSeed": 7, "improvedLayout": False},
}


def _text(labels: dict[str, str]) -> str:
    return labels.get("en") or labels.get("") or next(iter(labels.values()), "")


def _vis_asset(name: str) -> str:
    return resources.files("pyvis").joinpath("templates", "lib", VIS_VERSION, name).read_text(encoding="utf-8")


PHYSICS_LIMIT = 1000  # above this many nodes the page opens with physics off (the layout is kzgraph's)


def build(net: Network, *, shapes: dict[str, str] | None = None) -> PyvisNetwork:
    """The pyvis network of a view: the same nodes, positions, classes, relations and evidence as the page of
    kzgraph's own renderer (both read :func:`kzgraph.viz.render.payload`). Physics starts from kzgraph's positions;
    above :data:`PHYSICS_LIMIT` nodes it is off, since stabilising thousands of nodes in the browser takes
    tens of seconds."""
    data = payload(net, shapes=shapes)
    vis = PyvisNetwork(height="100%", width="100%", directed=data["directed"], heading=data["title"])
    options = json.loads(json.dumps(OPTIONS))
    options["physics"]["enabled"] = len(data["nodes"]) <= PHYSICS_LIMIT
    vis.set_options(json.dumps(options))
    classes, preds = data["classes"], data["predicates"]
    for nd in data["nodes"]:
        cls = classes[nd["c"]]
        lines = [_text(nd["l"]), _text(cls["label"]), *nd["d"], *nd["info"], nd["id"]]
        vis.add_node(
            nd["id"],
            label=nd["sh"] or _text(nd["l"]),
            title="\n".join(lines),
            shape=VIS_SHAPES.get(cls["shape"], "dot"),
            color=cls["color"],
            size=round(8 * nd["z"], 2),
            x=nd["x"],
            y=nd["y"],
        )
    ids = [nd["id"] for nd in data["nodes"]]
    for e in data["edges"]:
        pred = preds[e["p"]]
        head = f"{_text(pred['label'])}: {_text(data['nodes'][e['s']]['l'])} → {_text(data['nodes'][e['t']]['l'])}"
        if e["ev"]:
            evidence = [
                f"“{quote}”\n  source: {source}, characters {start}–{end}" for source, start, end, quote in e["ev"]
            ]
        else:
            evidence = [f"No evidence: {e['note'] or 'no source quote supports this edge'} (dashed)"]
        vis.add_edge(
            ids[e["s"]],
            ids[e["t"]],
            title="\n".join([head, *([e["note"]] if e["ev"] and e["note"] else []), *evidence]),
            color=pred["color"],
            dashes=not e["ev"],
            width=1 + min(e["w"] - 1, 5),
        )
    return vis


def render_pyvis(net: Network, *, shapes: dict[str, str] | None = None) -> bytes:
    """The view as one offline vis-network HTML document (UTF-8 bytes), written through pyvis."""
    vis = build(net, shapes=shapes)
    vis.set_template_dir(str(resources.files("kzgraph.viz").joinpath("assets")), "pyvis.html")
    page = vis.generate_html(name="view.html")
    # the placeholders hold "<", which no escaped text or JSON of the page can contain
    page = page.replace("<vis-network.css>", _vis_asset("vis-network.css"), 1)
    page = page.replace("<vis-network.min.js>", _vis_asset("vis-network.min.js"), 1)
    return page.encode("utf-8")
