"""Measuring what a reader sees at a view's default zoom: labels that overlap, labels cut off, nodes that overlap,
central nodes without a label (read through ``window.kzgraphLabels()`` and ``window.kzgraph.nodes()``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Legibility:
    labels: int  # drawn labels
    overlapping: int  # labels that overlap at least one other drawn label
    cut_off: int  # labels not wholly inside the canvas
    node_overlaps: int  # pairs of drawn nodes whose shapes meet
    unlabelled_top: list[str]  # of the most central nodes, those without a label

    @property
    def overlap_share(self) -> float:
        return self.overlapping / self.labels if self.labels else 0.0


def _meet(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def measure(page: Any, *, top: int = 15) -> Legibility:
    labels: list[dict[str, Any]] = page.evaluate("window.kzgraphLabels()")
    area = page.evaluate(
        "(() => { const r = document.getElementById('canvas').getBoundingClientRect();"
        " return {x: r.left, y: r.top, width: r.width, height: r.height}; })()"
    )
    nodes: list[dict[str, Any]] = page.evaluate("window.kzgraph.nodes()")
    ranking: list[str] = page.evaluate(f"window.kzgraph.ranking({top})")
    overlapping = sum(1 for i, a in enumerate(labels) if any(_meet(a, b) for j, b in enumerate(labels) if i != j))
    cut = sum(
        1
        for b in labels
        if b["x"] < area["x"]
        or b["y"] < area["y"]
        or b["x"] + b["width"] > area["x"] + area["width"]
        or b["y"] + b["height"] > area["y"] + area["height"]
    )
    meets = 0
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            if (a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2 < (a["r"] + b["r"]) ** 2:
                meets += 1
    labelled = {b["id"] for b in labels}
    return Legibility(len(labels), overlapping, cut, meets, [i for i in ranking if i not in labelled])
