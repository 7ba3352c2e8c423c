"""Where the project's shipped files live: the ontology, the corpus, the curated facts and the queries.

In a wheel they are package data under ``kzgraph/_data``; in a source checkout (editable install) they are
the top-level ``ontology/``, ``data/`` and ``queries/`` folders of the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProjectFiles:
    """The folders a build reads."""

    ontology: Path
    data: Path
    queries: Path

    @property
    def ontology_file(self) -> Path:
        return self.ontology / "kzgraph.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology / "shapes.ttl"

    @property
    def imports_file(self) -> Path:
        return self.ontology / "imports.ttl"

    @property
    def corpus(self) -> Path:
        return self.data / "corpus"


def _root() -> Path:
    packaged = Path(__file__).resolve().parent / "_data"
    if (packaged / "ontology").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def default_files(*, data: Path | None = None) -> ProjectFiles:
    """The shipped files; ``data`` replaces the data folder (corpus and facts) when given."""
    root = _root()
    return ProjectFiles(ontology=root / "ontology", data=data or root / "data", queries=root / "queries")
