"""kzgraph: a knowledge graph of Kazakhstan's interethnic institutional mechanisms.

Importing the package does no I/O: no files are read and no network is touched until a function is called.
The library lives in modules named for what they hold: ``kzgraph.pipeline.build`` (the pipeline), ``kzgraph.stores``
(backends), ``kzgraph.query.describe``, ``kzgraph.pipeline.curation``, ``kzgraph.pipeline.evidence`` …
"""

from __future__ import annotations

from typing import Any

__all__ = ["KnowledgeGraph", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("kzgraph")
        except PackageNotFoundError:
            return "0+unknown"
    if name == "KnowledgeGraph":
        from kzgraph.graph import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(name)
