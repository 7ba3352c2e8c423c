"""Build speed: the full `kzgraph build` of the two papers, stage by stage, against baselines in the same run.

Run: python benchmarks/build.py [--repeat N]

Figures printed:
- kzgraph build (with SHACL validation) and with --no-validate: wall time, median of N runs, per stage;
- `kzgraph --help` wall time (lazy imports keep it well under a second);
- baselines on the same graph: each SHACL group in pySHACL instead of compiled to SPARQL, writing the outputs
  through rdflib instead of pyoxigraph, and a generic OWL-RL closure (owlrl) instead of kzgraph's targeted
  entailment.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    value = fn()
    return time.perf_counter() - t, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from kzgraph.pipeline.build import build

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for i in range(args.repeat):
            runs.append(build(out=Path(tmp) / f"v{i}", validate=True))
        fast = [build(out=Path(tmp) / f"n{i}", validate=False) for i in range(args.repeat)]
        result = runs[-1]
        print(f"graph: {result.triples} triples, {result.claims} claims, {len(result.quads)} quads")
        print(f"kzgraph build (SHACL)        median {statistics.median(r.seconds for r in runs):6.2f} s")
        for stage in result.timings:
            print(f"  {stage:<26} median {statistics.median(r.timings[stage] for r in runs):6.2f} s")
        print(f"kzgraph build --no-validate  median {statistics.median(r.seconds for r in fast):6.2f} s")

        helps = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kzgraph", "--help"], check=True, capture_output=True)
            helps.append(time.perf_counter() - t)
        print(f"kzgraph --help               median {statistics.median(helps):6.2f} s")

        # Baseline 0: the provenance shapes in pySHACL instead of compiled to SPARQL.
        from kzgraph.pipeline import ontology, validate
        from kzgraph.resources import default_files

        files = default_files()
        individuals = frozenset(ontology.load(files.ontology_file, files.imports_file).individuals)
        quads = [q for q in result.quads if "graph/void" not in q.graph_name.value]
        for group in validate.GROUPS:
            t_py, _ = timed(lambda g=group: validate._run(g, quads, files.shapes_file, individuals, compiled=False))
            t_sq, _ = timed(lambda g=group: validate._run(g, quads, files.shapes_file, individuals))
            print(f"baseline pySHACL on the {group} shapes: {t_py:.2f} s (compiled to SPARQL: {t_sq:.2f} s)")

        # Baseline 1: the same outputs through rdflib.
        import rdflib

        trig = (result.out / "kzgraph.trig").read_bytes()
        t_parse, ds = timed(lambda: rdflib.Dataset().parse(data=trig, format="trig"))
        t_trig, _ = timed(lambda: ds.serialize(format="trig"))
        t_jsonld, _ = timed(lambda: ds.serialize(format="json-ld"))
        print(f"baseline rdflib: parse TriG {t_parse:.2f} s, write TriG {t_trig:.2f} s, write JSON-LD {t_jsonld:.2f} s")
        print(f"  (kzgraph writes all outputs and the store in {result.timings['write']:.2f} s)")

        # Baseline 2: a generic OWL-RL closure of the data graph.
        import owlrl

        g = rdflib.Graph()
        for ctx in ds.graphs():
            if "graph/inferred" not in str(ctx.identifier):
                g += ctx
        before = len(g)
        t_owl, _ = timed(lambda: owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g))
        print(f"baseline owlrl OWL-RL closure: {t_owl:.2f} s (+{len(g) - before} triples)")
        print(f"  (kzgraph's targeted entailment: {result.timings['entail']:.2f} s)")


if __name__ == "__main__":
    main()
