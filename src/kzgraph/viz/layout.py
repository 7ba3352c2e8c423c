"""Node positions, computed once in Python so the page never runs physics and the file is deterministic.

:func:`community_layout` lays a network out by community: each community starts around its own centre (on a
sunflower spiral, the largest in the middle), edges inside a community pull harder than edges between
communities, nodes without any edge go to a tidy grid below, and :func:`separate` finally pushes apart any
two nodes that would overlap. The force layout itself is networkx's ``spring_layout`` (seeded) up to
:data:`NX_LIMIT` nodes; above it, networkx's sparse Fruchterman-Reingold is pure Python and far too slow (about
20 s at 2,000 nodes: benchmarks/viz.py measures both in the same run), so :func:`spring`, our numpy
Fruchterman-Reingold, takes over: up to :data:`EXACT_LIMIT` nodes repulsion is computed between every pair;
above it only between nodes closer than a few ideal edge lengths (found with a k-d tree) plus a coarse grid's
far field, which keeps each iteration near-linear. :func:`timeline` places nodes at x = date and stacks the
ones that would overlap.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence

import networkx as nx
import numpy as np

NX_LIMIT = 500  # networkx spring_layout (dense numpy Fruchterman-Reingold) up to this many connected nodes
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
    start: np.ndarray | None = None,
    weights: Sequence[float] | None = None,
) -> list[tuple[float, float]]:
    """Positions (in pixels, centred on 0) of ``n`` nodes joined by ``edges`` (pairs of indices).

    ``fixed_x`` pins the x coordinate of some nodes (given in pixels) and lays out only their y; ``start`` gives
    the starting positions (in ideal edge lengths) instead of random ones; ``weights`` (one per edge) make some
    edges pull harder."""
    if n == 0:
        return []
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = rng.random((n, 2)) * side if start is None else np.array(start, dtype=float)
    pinned = np.zeros(n, dtype=bool)
    if fixed_x is not None:
        for i, x in enumerate(fixed_x):
            if x is not None:
                pos[i, 0] = x / SCALE
                pinned[i] = True
    if n == 1:
        return [(0.0, 0.0)]
    strength: dict[tuple[int, int], float] = {}
    for j, (a, b) in enumerate(edges):
        if a != b:
            key = (min(a, b), max(a, b))
            strength[key] = max(strength.get(key, 0.0), 1.0 if weights is None else float(weights[j]))
    pairs = np.array(sorted(strength), dtype=np.int64).reshape(-1, 2)
    pull_weight = np.array([strength[(int(a), int(b))] for a, b in pairs], dtype=float)
    steps = iterations if iterations is not None else (120 if n <= EXACT_LIMIT else 50)
    temperature = side / 8
    cooling = temperature / (steps + 1)
    gravity = 0.25 if fixed_x is None and n <= EXACT_LIMIT else 0.0
    for _ in range(steps):
        disp = _repulsion(pos, n)
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
            pull = delta * (dist * pull_weight)[:, None]  # |f| = w d² / k with k = 1
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


def separate(
    pos: np.ndarray, radii: np.ndarray, *, gap: float = 6.0, only_y: bool = False, rounds: int = 200
) -> np.ndarray:
    """Push apart every two nodes closer than the sum of their radii plus ``gap`` (pixels), a little at a time,
    until none overlap; ``only_y`` keeps each node's x (a date on a time axis)."""
    pos = np.array(pos, dtype=float)
    n = len(pos)
    if n < 2:
        return pos
    reach = 2 * float(radii.max()) + gap
    for _ in range(rounds):
        pairs = _close_pairs(pos, reach)
        if not len(pairs):
            break
        delta = pos[pairs[:, 1]] - pos[pairs[:, 0]]
        dist = np.hypot(delta[:, 0], delta[:, 1])
        need = radii[pairs[:, 0]] + radii[pairs[:, 1]] + gap
        bad = dist < need - 1e-6
        if not bad.any():
            break
        pairs, delta, dist, need = pairs[bad], delta[bad], dist[bad], need[bad]
        if only_y:
            # apart vertically just enough for the two shapes not to meet, whatever their x
            delta[:, 0] = 0.0
            dist = np.abs(delta[:, 1])
        coincident = dist < 1e-6  # same place: a fixed direction chosen by the pair's indices
        angle = (pairs[:, 0] * 7 + pairs[:, 1] * 13) % 360 * math.pi / 180
        delta[coincident] = np.stack([np.cos(angle), np.sin(angle)], axis=1)[coincident]
        if only_y:
            delta[coincident, 0] = 0.0
            delta[coincident, 1] = 1.0
        unit = delta / np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-9)[:, None]
        push = unit * ((need - np.where(coincident, 0.0, dist)) / 2 + 0.5)[:, None]
        move = _accumulate(pairs[:, 1], push, n) - _accumulate(pairs[:, 0], push, n)
        if only_y:
            move[:, 0] = 0.0
        pos += move
    return pos


def community_layout(
    n: int,
    edges: Sequence[tuple[int, int]],
    community: Sequence[int],
    radii: Sequence[float],
    *,
    seed: int = 7,
    edge_length: float = 64.0,
    margin_cell: tuple[float, float] = (150.0, 30.0),
) -> list[tuple[float, float]]:
    """Positions (pixels) of ``n`` nodes laid out by ``community`` (one number per node), no two overlapping
    (``radii``: each node's drawn radius). Each connected component is laid out on its own and the components
    are packed in rows, the largest first; nodes without edges go to a grid below them, in index order."""
    if n == 0:
        return []
    radius = np.array(radii, dtype=float)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    components = sorted(
        (sorted(c) for c in nx.connected_components(graph) if len(c) > 1), key=lambda c: (-len(c), c[0])
    )
    alone = [i for i in range(n) if graph.degree(i) == 0]
    pos = np.zeros((n, 2))
    pieces = []
    for members in components:
        arr = _component(members, graph, community, seed=seed, edge_length=edge_length)
        arr = separate(_room(arr, radius[members]), radius[members])
        pieces.append((members, arr))
    gap = 3 * float(radius.max()) + edge_length * 0.5
    row_width = max(
        [float(np.ptp(a[:, 0])) for _m, a in pieces]
        + [math.sqrt(sum(float(np.ptp(a[:, 0]) + gap) * float(np.ptp(a[:, 1]) + gap) for _m, a in pieces)) * 1.1, 1.0]
    )
    x = y = row_height = 0.0
    for members, arr in pieces:
        w, h = float(np.ptp(arr[:, 0])), float(np.ptp(arr[:, 1]))
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        pos[members] = arr - arr.min(axis=0) + (x, y)
        x += w + gap
        row_height = max(row_height, h)
    if alone:
        linked = [i for members, _a in pieces for i in members]
        top = (float(pos[linked, 1].max()) + gap) if linked else 0.0
        width = float(np.ptp(pos[linked, 0])) if linked else 0.0
        columns = max(4, int(width // margin_cell[0]) + 1)
        row = max(margin_cell[1], 2 * float(radius[alone].max()) + 14)
        for k, i in enumerate(alone):
            pos[i] = ((k % columns) * margin_cell[0], top + (k // columns) * row)
    pos -= (pos.min(axis=0) + pos.max(axis=0)) / 2
    return [(round(float(x), 1), round(float(y), 1)) for x, y in pos]


def _room(pos: np.ndarray, radii: np.ndarray, *, gap: float = 6.0) -> np.ndarray:
    """``pos`` scaled up, if need be, so that nine nodes in ten are as far from their nearest neighbour as two of
    the largest nodes need (:func:`separate` then has little left to do)."""
    if len(pos) < 3:
        return pos
    nearest = _nearest_distances(pos)
    need = 2 * float(np.percentile(radii, 90)) + gap
    low = float(np.percentile(nearest, 10))
    return pos * (need / low) if 0 < low < need else pos


# Up to this many points, neighbours are found with numpy by blocks of rows: at the views' sizes (tens to hundreds
# of nodes) that is faster than importing scipy's k-d tree alone (more than half a second), which serves beyond.
KDTREE_FROM = 4096


def _distance_blocks(pos: np.ndarray, block: int = 512) -> Iterator[tuple[int, np.ndarray]]:
    """(first row, distances from rows ``first…first+block`` to every point), block by block of rows."""
    for start in range(0, len(pos), block):
        rows = pos[start : start + block]
        yield start, np.hypot(rows[:, None, 0] - pos[None, :, 0], rows[:, None, 1] - pos[None, :, 1])


def _close_pairs(pos: np.ndarray, reach: float) -> np.ndarray:
    """The pairs (i, j), i < j, of points at most ``reach`` apart, sorted."""
    if len(pos) > KDTREE_FROM:
        from scipy.spatial import cKDTree

        pairs = cKDTree(pos).query_pairs(r=reach, output_type="ndarray")
        return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))] if len(pairs) else pairs.reshape(0, 2)
    found = []
    for start, d in _distance_blocks(pos):
        i, j = np.nonzero(d <= reach)
        i += start
        keep = j > i
        found.append(np.stack([i[keep], j[keep]], axis=1))
    return np.concatenate(found) if found else np.zeros((0, 2), dtype=np.intp)


def _nearest_distances(pos: np.ndarray) -> np.ndarray:
    """Each point's distance to its nearest other point (see :data:`KDTREE_FROM`)."""
    if len(pos) > KDTREE_FROM:
        from scipy.spatial import cKDTree

        return np.asarray(cKDTree(pos).query(pos, k=2)[0][:, 1])
    out = np.empty(len(pos))
    for start, d in _distance_blocks(pos):
        rows = np.arange(len(d))
        d[rows, rows + start] = np.inf  # not its own nearest
        out[start : start + len(d)] = d.min(axis=1)
    return out


def _component(
    members: list[int], graph: nx.Graph, community: Sequence[int], *, seed: int, edge_length: float
) -> np.ndarray:
    """One connected component laid out by community (pixels, median edge ``edge_length``)."""
    local = {v: j for j, v in enumerate(members)}
    sub = sorted((local[a], local[b]) for a, b in graph.subgraph(members).edges)
    groups = [community[v] for v in members]
    weights = [3.0 if groups[a] == groups[b] else 1.0 for a, b in sub]
    if len(members) == 2:
        return np.array([(0.0, 0.0), (edge_length, 0.0)])
    start = _community_start(groups, seed)
    if len(members) <= NX_LIMIT:
        g = nx.Graph()
        g.add_nodes_from(range(len(members)))
        g.add_weighted_edges_from((a, b, w) for (a, b), w in zip(sub, weights, strict=True))
        side = float(np.ptp(start, axis=0).max()) or 1.0
        laid = nx.spring_layout(
            g, pos={j: tuple(start[j] / side) for j in range(len(members))}, seed=seed, iterations=100
        )
        arr = np.array([laid[j] for j in range(len(members))], dtype=float)
    else:
        arr = np.array(spring(len(members), sub, seed=seed, start=start, weights=weights), dtype=float)
    lengths = [float(np.hypot(*(arr[a] - arr[b]))) for a, b in sub]
    return arr * (edge_length / max(float(np.median(lengths)), 1e-9))


def _community_start(groups: Sequence[int], seed: int) -> np.ndarray:
    """Starting positions (in ideal edge lengths): each community's nodes scattered around its centre, the
    centres on a sunflower spiral, larger communities nearer the middle."""
    rng = np.random.default_rng(seed)
    sizes: dict[int, int] = defaultdict(int)
    for c in groups:
        sizes[c] += 1
    order = sorted(sizes, key=lambda c: (-sizes[c], c))
    centre: dict[int, tuple[float, float]] = {}
    area = 0.0
    golden = math.pi * (3 - math.sqrt(5))
    for k, c in enumerate(order):
        r = math.sqrt(area) * 1.2
        centre[c] = (r * math.cos(k * golden), r * math.sin(k * golden))
        area += sizes[c] * 2.0
    jitter = rng.normal(size=(len(groups), 2))
    return np.array(
        [
            (
                centre[c][0] + jitter[j, 0] * math.sqrt(sizes[c]) * 0.4,
                centre[c][1] + jitter[j, 1] * math.sqrt(sizes[c]) * 0.4,
            )
            for j, c in enumerate(groups)
        ]
    )
