"""The dev corpus of issue 11 (../shared/dev-corpus: 20 real pages and 120 hand-checked facts, third-party text
kept outside the repository): ingest must keep finding what it finds now, by the ontology-agnostic check of
benchmarks/devcorpus.py. Skips when ../shared is absent."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "dev-corpus"
FLOOR = 48  # facts found when this test was written (the curated graph alone: 21)


@pytest.mark.skipif(not (DEV / "facts.tsv").exists(), reason=f"no dev corpus at {DEV} (../shared is not checked out)")
def test_dev_corpus_facts_found() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import devcorpus
    finally:
        sys.path.pop(0)
    result = devcorpus.evaluate(DEV)
    found = result["all"]
    assert isinstance(found, dict)
    assert found["total"] == 120
    assert found["found"] >= FLOOR, result["missing"]
