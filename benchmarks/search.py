"""Entity search speed (issue 13): ``KnowledgeGraph.search`` on the built graph, and on an index of 100,000 labels.

Run: python benchmarks/search.py [--store build/store] [--labels 100000] [--repeat 3]

Queries: the committed search cases (tests/data/search_cases.tsv: misspellings, partial names, Russian and Kazakh
forms, ordinals, acronyms, CURIEs), each run ``--repeat`` times after one warm-up call. Figures printed: time per
query (median, 95th percentile, max) on each index, the time to build each index, and the share of cases whose
entity comes first / in the top 5 (on the built graph).

The large index holds the built graph's entities plus synthetic ones up to ``--labels`` labels: names made of the
graph's own label words (3 to 8 words, drawn by their frequency, fixed seed), a quarter of them numbered
("… 17"), some in Russian or Kazakh words — so the vocabulary and the posting lists grow as they would with more
real data, and the committed cases still find their entities among the noise.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kzgraph.query.search import Entity, SearchIndex
from kzgraph.rdf import namespaces as ns

CASES = ROOT / "tests" / "data" / "search_cases.tsv"


def cases() -> list[tuple[str, str]]:
    with CASES.open(encoding="utf-8") as f:
        return [(r[0], r[1]) for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]


def timings(index: SearchIndex, queries: list[str], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each search (CPU time is what a loaded, shared machine distorts least)."""
    wall, cpu = [], []
    for q in queries:
        index.search(q)
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            index.search(q)
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    return wall, cpu


def summary(times: tuple[list[float], list[float]]) -> str:
    out = []
    for name, values in zip(("wall", "CPU"), times, strict=True):
        ms = sorted(t * 1000 for t in values)
        p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
        out.append(f"{name} median {statistics.median(ms):.2f} ms, p95 {p95:.2f} ms, max {ms[-1]:.2f} ms")
        n = len(ms)
    return "; ".join(out) + f" ({n} searches)"


def synthetic(base: list[Entity], total_labels: int, seed: int = 13) -> list[Entity]:
    """``base`` plus made-up entities until the names number ``total_labels``."""
    rng = random.Random(seed)
    words = [w for e in base for text, _ in e.names for w in text.split() if len(w) > 2]
    kinds = sorted({e.kind for e in base if e.kind})
    out = list(base)
    count = sum(len(e.names) for e in base)
    i = 0
    while count < total_labels:
        n_names = rng.choice((1, 1, 2, 3))
        names = []
        for _ in range(n_names):
            name = " ".join(rng.choice(words) for _ in range(rng.randint(3, 8)))
            if rng.random() < 0.25:
                name += f" {rng.randint(1, 60)}"
            names.append((name, "en"))
        out.append(Entity(ns.entity(f"synthetic-{i}"), kind=rng.choice(kinds), labels={"en": names[0][0]},
                          names=names, facts=rng.randint(0, 20)))  # fmt: skip
        count += n_names
        i += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", default="build/store")
    parser.add_argument("--labels", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from kzgraph.stores import open_store

    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.1f}")  # fmt: skip
    pairs = cases()
    queries = [q for q, _ in pairs]
    with open_store(args.store) as store:
        t = time.perf_counter()
        index = SearchIndex.from_store(store)
        built = time.perf_counter() - t
    labels = sum(len(e.names) for e in index.entities)
    first = top5 = 0
    for q, want in pairs:
        ids = [h.iri for h in index.search(q, limit=5)]
        first += bool(ids) and ids[0] == ns.entity(want)
        top5 += ns.entity(want) in ids
    print(f"built graph: {len(index.entities)} entities, {labels} labels and aliases, {len(index.name_keys)} names "
          f"indexed; index built in {built:.2f} s")  # fmt: skip
    print(f"  search: {summary(timings(index, queries, args.repeat))}")
    print(f"  cases: {first}/{len(pairs)} first ({100 * first / len(pairs):.1f}%), {top5}/{len(pairs)} in the top 5")
    t = time.perf_counter()
    large = SearchIndex(synthetic(index.entities, args.labels), kind_labels=index.kind_labels)
    built = time.perf_counter() - t
    labels = sum(len(e.names) for e in large.entities)
    first = sum(bool(h) and h[0].iri == ns.entity(w) for q, w in pairs for h in [large.search(q, limit=1)])
    print(f"large index: {len(large.entities)} entities, {labels} labels, {len(large.name_keys)} names, "
          f"{len(large.vocab)} distinct keys; built in {built:.1f} s")  # fmt: skip
    print(f"  search: {summary(timings(large, queries, args.repeat))}")
    print(f"  cases still first among the synthetic names: {first}/{len(pairs)}")


if __name__ == "__main__":
    main()
