"""Node positions, computed once in Python so the page never runs physics and the file is deterministic.

:func:`spring` is a seeded Fruchterman-Reingold layout. Up to :data:`EXACT_LIMIT` nodes repulsion is
computed between every pair; above it only between nodes closer than a few ideal edge lengths (found
with a k-d tree), which keeps each iteration near-linear, so 10,000 nodes lay out in seconds.
:func:`timeline` places nodes at x = date and stacks the ones that would overlap.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

EXACT_LIMIT = 800
GRID = 10  # far-field grid (cells per side) above EXACT_LIMIT
SCALE = 42.0  # pixels per ideal edge length


def spring(
    n: int,
    edges: Sequence[tuple[int, int]],
    *,
    seed: int = 7,
    iterations: int | None = None,
    fixed_x: Sequence[float | None] | None = None,
) -> list[tuple[float, float]]:
    """Positions (in pixels, centred on 0) of ``n`` nodes joined by ``edges`` (pairs of indices).

    ``fixed_x`` pins the x coordinate of some nodes (given in pixels) and lays out only their y."""
    if n == 0:
        return []
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = rng.random((n, 2)) * side
    pinned = np.zeros(n, dtype=bool)
    if fixed_x is not None:
        for i, x in enumerate(fixed_x):
            if x is not None:
                pos[i, 0] = x / SCALE
                pinned[i] = True
    if n == 1:
        return [(0.0, 0.0)]
    pairs = np.array(sorted({(min(a, b), max(a, b)) for a, b in edges if a != b}), dtype=np.int64).reshape(-1, 2)
    steps = iterations if iterations is not None else (120 if n <= EXACT_LIMIT else 50)
    temperature = side / 8
    cooling = temperature / (steps + 1)
    gravity = 0.25 if fixed_x is None and n <= EXACT_LIMIT else 0.0
    for _ in range(steps):
        disp = _repulsion(pos, n)
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
            pull = delta * dist[:, None]  # |f| = d² / k with k = 1
            disp -= _accumulate(pairs[:, 0], pull, n)
            disp += _accumulate(pairs[:, 1], pull, n)
        if gravity:
            disp -= (pos - pos.mean(axis=0)) * gravity
        if fixed_x is not None:
            disp[pinned, 0] = 0.0
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature = max(temperature - cooling, 0.01)
    pos *= SCALE
    if fixed_x is None:
        pos -= pos.mean(axis=0)
    else:
        pos[:, 1] -= pos[:, 1].mean()
    return [(round(float(x), 1), round(float(y), 1)) for x, y in pos]


def _accumulate(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Sum 2-d ``values`` per ``index`` (a fast ``np.add.at``)."""
    return np.stack(
        [np.bincount(index, weights=values[:, 0], minlength=n), np.bincount(index, weights=values[:, 1], minlength=n)],
        axis=1,
    )


def _repulsion(pos: np.ndarray, n: int) -> np.ndarray:
    """Repulsive displacement |f| = k² / d (k = 1)."""
    if n <= EXACT_LIMIT:
        delta = pos[:, None, :] - pos[None, :, :]
        d2 = np.maximum((delta**2).sum(axis=2), 1e-4)
        return (delta / d2[:, :, None]).sum(axis=1)
    from scipy.spatial import cKDTree

    # far field: every node is pushed by the centres of mass of a coarse grid's cells
    lo = pos.min(axis=0)
    extent = max(float((pos.max(axis=0) - lo).max()), 1e-6)
    g = GRID
    cell = np.minimum(((pos - lo) / extent * g).astype(np.int64), g - 1)
    index = cell[:, 0] * g + cell[:, 1]
    mass = np.bincount(index, minlength=g * g).astype(float)
    cx = np.bincount(index, weights=pos[:, 0], minlength=g * g)
    cy = np.bincount(index, weights=pos[:, 1], minlength=g * g)
    full = mass > 0
    centres = np.stack([cx[full] / mass[full], cy[full] / mass[full]], axis=1)
    weights = mass[full]
    soft = (extent / g) ** 2
    dx = pos[:, 0, None] - centres[None, :, 0]
    dy = pos[:, 1, None] - centres[None, :, 1]
    w = weights[None, :] / (dx * dx + dy * dy + soft)
    disp = np.stack([(dx * w).sum(axis=1), (dy * w).sum(axis=1)], axis=1)
    # near field: exact between close pairs
    near = cKDTree(pos).query_pairs(r=2.0, output_type="ndarray")
    if len(near):
        delta = pos[near[:, 0]] - pos[near[:, 1]]
        d2 = np.maximum((delta**2).sum(axis=1), 1e-4)
        push = delta / d2[:, None]
        disp += _accumulate(near[:, 0], push, n)
        disp -= _accumulate(near[:, 1], push, n)
    return disp


def timeline(
    keys: Sequence[tuple[float, str]], *, row: float = 34.0, y0: float = 0.0, direction: int = 1, min_gap: float = 150.0
) -> list[tuple[float, float]]:
    """Place items at their x (pixels); items closer than ``min_gap`` on x go to further rows.

    ``keys`` are (x, sort key); rows grow from ``y0`` in ``direction`` (+1 down, -1 up)."""
    order = sorted(range(len(keys)), key=lambda i: (keys[i][0], keys[i][1]))
    last_x: dict[int, float] = defaultdict(lambda: -math.inf)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(keys)
    for i in order:
        x = keys[i][0]
        r = 0
        while x - last_x[r] < min_gap:
            r += 1
        last_x[r] = x
        out[i] = (round(x, 1), round(y0 + direction * r * row, 1))
    return out
