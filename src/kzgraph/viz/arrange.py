"""What the views share after choosing their nodes: networkx's measures stored on each node (and the order labels
are placed in), each node's drawn radius, and the layout by community (:mod:`kzgraph.viz.layout`)."""

from __future__ import annotations

import math

import numpy as np

from kzgraph.network import analysis
from kzgraph.viz import layout
from kzgraph.viz.model import Network
from kzgraph.viz.render import EXTENT, RADIUS, class_shapes


def centrality_size(value: float, top: float) -> float:
    """A node's size when sized by a centrality (the viewer uses the same formula)."""
    return round(0.8 + 1.6 * math.sqrt(value / top), 3) if top > 0 else 0.8


def analyse(net: Network) -> analysis.Analysis:
    """networkx's measures of the view's own network, stored on its nodes (and the rank labels follow)."""
    found = analysis.analyse(
        analysis.undirected(((e.source, e.target, e.weight) for e in net.edges), [n.iri for n in net.nodes])
    )
    for n in net.nodes:
        n.measures = (found.degree[n.iri], found.betweenness[n.iri], found.eigenvector[n.iri])
        n.core, n.community = found.core[n.iri], found.community[n.iri]
    ranked = sorted(net.nodes, key=lambda n: (-n.measures[1], -n.measures[0], -n.measures[2], n.iri))
    for i, n in enumerate(ranked):
        n.rank = i
    net.modularity = found.modularity
    return found


def radii(net: Network, shapes: dict[str, str] | None = None) -> np.ndarray:
    """Each node's drawn radius (pixels at zoom 1) at the largest size any "size by" choice gives it."""
    drawn = class_shapes(net, shapes)
    tops = [max((n.measures[m] for n in net.nodes), default=0.0) for m in range(3)]
    return np.array(
        [
            RADIUS * EXTENT[drawn[n.cls]] * max(n.size, *(centrality_size(n.measures[m], tops[m]) for m in range(3)))
            for n in net.nodes
        ]
    )


def arrange(net: Network, shapes: dict[str, str] | None = None, *, size_by: str = "betweenness", seed: int = 7) -> None:
    """Analyse the view and lay it out by community (:func:`kzgraph.viz.layout.community_layout`); nodes are
    sized by ``size_by`` at first ("" keeps the view's own sizes) and communities drawn as hulls."""
    analyse(net)
    index = {n.iri: i for i, n in enumerate(net.nodes)}
    pairs = [(index[e.source], index[e.target]) for e in net.edges if e.source in index and e.target in index]
    pos = layout.community_layout(
        len(net.nodes), pairs, [n.community for n in net.nodes], list(radii(net, shapes)), seed=seed
    )
    for n, (x, y) in zip(net.nodes, pos, strict=True):
        n.x, n.y = x, y
    net.size_by = size_by
    net.communities = "hulls" if len({n.community for n in net.nodes}) > 1 else "off"


def unoverlap_timeline(net: Network, shapes: dict[str, str]) -> None:
    """Analyse a time-axis view and move overlapping nodes apart vertically (x is a date)."""
    analyse(net)
    moved = layout.separate(np.array([(n.x, n.y) for n in net.nodes]), radii(net, shapes), only_y=True)
    for n, (x, y) in zip(net.nodes, moved, strict=True):
        n.x, n.y = round(float(x), 1), round(float(y), 1)
