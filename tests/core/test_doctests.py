"""The ``>>>`` examples in the package's docstrings run as tests, in a working folder holding the built store
(``build/store``, the default location the examples open), with ``wikidata`` bound to the query URL of
``oxigraph serve`` holding the Wikidata-shaped fixture (tests/conftest.py) for the federated example.

A module whose examples need no server runs without one; one that names ``wikidata`` needs the fixture server (it
skips locally without the oxigraph server, and fails in CI)."""

from __future__ import annotations

import doctest
import importlib
import shutil
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "kzgraph"


def _modules_with_examples() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if ">>>" in path.read_text(encoding="utf-8"):
            parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            names.append(".".join(parts))
    return names


MODULES = _modules_with_examples()


def test_examples_are_found() -> None:
    assert {"kzgraph.graph", "kzgraph.query.expectations", "kzgraph.query.describe"} <= set(MODULES)


@pytest.fixture(scope="module")
def workdir(built, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("doctests")
    shutil.copytree(Path(built.out) / "store", folder / "build" / "store")
    return folder


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, workdir: Path, request: pytest.FixtureRequest,
                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # fmt: skip
    module = importlib.import_module(name)
    tests = doctest.DocTestFinder().find(module, name)
    assert any(t.examples for t in tests)
    globs: dict[str, object] = {}
    if any("wikidata" in ex.source for t in tests for ex in t.examples):
        globs["wikidata"] = request.getfixturevalue("wikidata")
        monkeypatch.setenv("KZGRAPH_CONTACT", "test@example.org")
        monkeypatch.setenv("KZGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(workdir)
    for var in ("KZGRAPH_STORE", "KZGRAPH_SERVICES"):
        monkeypatch.delenv(var, raising=False)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in tests:
        test.globs.update(globs)
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} example(s) in {name} failed (printed above)"
