"""The package's shape, checked: no import cycles, and no backend named outside ``kzgraph/stores/``.

Imports are read from the source (every ``import`` statement, at any depth, so a lazy import inside a function
counts too): a cycle is a cycle whether or not Python happens to survive it at run time. Imports under
``if TYPE_CHECKING:`` are for the type checker alone (never executed) and are not edges.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "kzgraph"
BACKEND_NAMES = {"OxigraphStore", "MemoryStore", "RemoteStore", "native"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The kzgraph modules ``name`` imports (``from a.b import c`` is ``a.b.c`` when that is a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.add(full if full in known else base)
    return {t for t in targets if t in known and t != name}


def import_graph() -> nx.DiGraph:
    known = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(known)
    for name, path in known.items():
        graph.add_edges_from((name, target) for target in _imports(name, path, known))
    return graph


def test_the_import_graph_is_read() -> None:
    graph = import_graph()
    assert graph.number_of_nodes() > 50
    assert graph.has_edge("kzgraph.pipeline.build", "kzgraph.pipeline.graphbuild")
    assert graph.has_edge("kzgraph.stores", "kzgraph.stores.oxigraph")  # a lazy import counts


def test_no_import_cycles() -> None:
    cycles = sorted(" → ".join([*c, c[0]]) for c in nx.simple_cycles(import_graph()))
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_a_helper_does_not_load_the_pipeline() -> None:
    """Loading the linking cache (or any linking/ingest helper) must not pull in the build pipeline."""
    graph = import_graph()
    for start in ("kzgraph.linking.cache", "kzgraph.fileio", "kzgraph.rdf.terms"):
        reached = nx.descendants(graph, start)
        assert not {m for m in reached if m.startswith("kzgraph.pipeline")}, (start, sorted(reached))


def test_no_backend_named_outside_stores() -> None:
    """Callers ask a store what it can do, never what it is."""
    leaks = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] == "stores":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            named = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if isinstance(node, ast.ImportFrom):
                named = next((a.name for a in node.names if a.name in BACKEND_NAMES), None)
            if named in BACKEND_NAMES:
                leaks.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {named}")
    assert leaks == [], "backend named outside kzgraph/stores/:\n" + "\n".join(sorted(set(leaks)))
