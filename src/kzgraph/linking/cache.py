"""Answers of remote SPARQL endpoints on disk, keyed by endpoint + query.

A repeated run (and every ``--offline`` run) reads answers from here instead of asking the endpoint again.
Each entry is one JSON file written atomically, so an interrupted run never leaves a half-written answer.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzgraph.fileio import atomic_write


def default_cache_dir() -> Path:
    """``$KZGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kzgraph/sparql``, else ``~/.cache/kzgraph/sparql``."""
    if os.environ.get("KZGRAPH_CACHE_DIR"):
        return Path(os.environ["KZGRAPH_CACHE_DIR"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "kzgraph" / "sparql"


def cache_key(endpoint: str, query: str) -> str:
    return hashlib.sha256(f"{endpoint}\n{query}".encode()).hexdigest()


@dataclass(frozen=True)
class CachedAnswer:
    endpoint: str
    query: str
    retrieved: str  # xsd:dateTime (UTC) of the HTTP answer
    results: dict[str, Any]  # the parsed SPARQL JSON results document


class AnswerCache:
    """A folder of cached answers (``<key[:2]>/<key>.json``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, endpoint: str, query: str) -> Path:
        key = cache_key(endpoint, query)
        return self.folder / key[:2] / f"{key}.json"

    def get(self, endpoint: str, query: str) -> CachedAnswer | None:
        path = self._path(endpoint, query)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None  # an unreadable entry is a miss; the next answer overwrites it
        if entry.get("endpoint") != endpoint or entry.get("query") != query:
            return None
        return CachedAnswer(endpoint, query, entry["retrieved"], entry["results"])

    def put(self, answer: CachedAnswer) -> None:
        entry = {
            "endpoint": answer.endpoint,
            "query": answer.query,
            "retrieved": answer.retrieved,
            "results": answer.results,
        }
        atomic_write(
            self._path(answer.endpoint, answer.query),
            json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8"),
        )

    def __len__(self) -> int:
        return sum(1 for _ in self.folder.glob("*/*.json")) if self.folder.is_dir() else 0
