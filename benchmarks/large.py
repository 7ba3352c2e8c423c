"""One large document through `kzgraph ingest` and `kzgraph remove`, each as its own process under
``/usr/bin/time -v``: wall time, peak RSS, quads, quads per sentence, size of the corpus folder and the store.

The text is the synthetic prose of ``benchmarks/ingest.py`` (English and Russian sentences naming known
entities, dates and numbers), paragraphs joined into one file of about ``--mb`` megabytes. The store is a copy
of ``--store`` (default ``build/store``) in a temporary folder. ``--pythonpath`` runs another checkout's code
(the figures before a change: ``--pythonpath /work/base/src``).

    python benchmarks/large.py [--mb 10] [--pythonpath SRC] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).parent))
from ingest import documents  # the synthetic prose of the corpus benchmark

EXTRACTED = "https://w3id.org/kzgraph/graph/extracted/"


def text_of(megabytes: float, seed: int = 5) -> str:
    """About ``megabytes`` MB of synthetic prose: the corpus benchmark's documents' paragraphs, one after another."""
    parts: list[str] = []
    size = 0
    for doc in documents(10**9, 50, seed=seed):
        body = doc.split("\n\n", 1)[1]
        parts.append(body)
        size += len(body.encode("utf-8")) + 1
        if size >= megabytes * 1_000_000:
            break
    return "Synthetic long report\n\n" + "\n".join(parts)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float, float, float]:
    """Run ``cmd`` under ``/usr/bin/time -v``: the process, its wall seconds, CPU seconds (user + system; the
    fairer figure on a shared machine) and peak RSS in MB."""
    done = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, env=env, check=False)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    if done.returncode != 0 or not rss or not wall:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-2000:]}")
    h, m, s = wall.groups()
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr))
    return done, int(h or 0) * 3600 + int(m) * 60 + float(s), cpu, int(rss.group(1)) / 1024


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1_048_576


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="Size of the document in MB.")
    ap.add_argument("--store", type=Path, default=Path("build/store"), help="Built store to copy.")
    ap.add_argument("--pythonpath", default=None, help="PYTHONPATH for the kzgraph processes (another checkout).")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    kz = [sys.executable, "-m", "kzgraph"]
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        root = Path(tmp)
        store = root / "build" / "store"
        shutil.copytree(args.store.resolve(), store)
        doc = root / "long.txt"
        doc.write_text(text_of(args.mb), encoding="utf-8")
        store_mb0 = folder_mb(store)
        done, ingest_s, ingest_cpu, ingest_rss = timed([*kz, "ingest", str(doc), "--store", str(store), "--json"], env)
        report = json.loads(done.stdout)["files"][0]
        st = ox.Store.read_only(str(store))
        graphs = [g for g in st.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(EXTRACTED)]
        quads = sum(1 for g in graphs for _ in st.quads_for_pattern(None, None, None, g))
        del st
        corpus_mb = folder_mb(root / "build" / "ingested")
        store_mb = folder_mb(store)
        _, remove_s, remove_cpu, remove_rss = timed([*kz, "remove", report["sha256"][:12], "--store", str(store)], env)
        result = {
            "code": args.pythonpath or "this checkout",
            "document_mb": round(doc.stat().st_size / 1_000_000, 2),
            "sentences": report["sentences"],
            "mentions": report["mentions"],
            "statements": report["statements"],
            "candidates": report["candidates"],
            "ingest_seconds": round(ingest_s, 1),
            "ingest_cpu_seconds": round(ingest_cpu, 1),
            "ingest_peak_rss_mb": round(ingest_rss),
            "quads": quads,
            "quads_per_sentence": round(quads / max(report["sentences"], 1), 2),
            "corpus_folder_mb": round(corpus_mb, 1),
            "store_growth_mb": round(store_mb - store_mb0, 1),
            "remove_seconds": round(remove_s, 1),
            "remove_cpu_seconds": round(remove_cpu, 1),
            "remove_peak_rss_mb": round(remove_rss),
        }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:<22} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
