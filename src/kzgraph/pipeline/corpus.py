"""The source texts and their bibliographic metadata (``data/corpus/``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kzgraph import fileio as yamlfile
from kzgraph.errors import SourceError
from kzgraph.pipeline.evidence import SourceText


@dataclass
class Source:
    key: str
    file: Path
    title: str
    authors: list[dict[str, str]]
    languages: list[str]
    note: str = ""
    title_translations: dict[str, str] = field(default_factory=dict)

    @cached_property
    def raw(self) -> bytes:
        try:
            return self.file.read_bytes()
        except FileNotFoundError:
            raise SourceError(f"{self.file}: source text '{self.key}' is missing") from None

    @cached_property
    def text(self) -> str:
        try:
            return self.raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise SourceError(f"{self.file}: not UTF-8 at byte {e.start}") from None

    @cached_property
    def searchable(self) -> SourceText:
        return SourceText(self.text)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


REQUIRED = ("key", "file", "title", "authors", "languages")


def load(corpus_dir: Path) -> dict[str, Source]:
    """Read ``sources.yaml``; every listed text must exist."""
    meta = corpus_dir / "sources.yaml"
    entries = yamlfile.load(meta)
    if not isinstance(entries, list):
        raise SourceError(f"{meta}: expected a list of sources")
    sources: dict[str, Source] = {}
    for entry in entries:
        line = entry.get(yamlfile.LINE, "?") if isinstance(entry, dict) else "?"
        if not isinstance(entry, dict):
            raise SourceError(f"{meta}:{line}: each source must be a mapping")
        missing = [k for k in REQUIRED if k not in entry]
        if missing:
            raise SourceError(f"{meta}:{line}: source is missing {', '.join(missing)}")
        key = str(entry["key"])
        if key in sources:
            raise SourceError(f"{meta}:{line}: duplicate source key '{key}'")
        source = Source(
            key=key,
            file=corpus_dir / str(entry["file"]),
            title=str(entry["title"]),
            authors=[{k: str(v) for k, v in a.items() if k != yamlfile.LINE} for a in entry["authors"]],
            languages=[str(x) for x in entry["languages"]],
            note=str(entry.get("note", "")),
            title_translations={
                k: str(v) for k, v in (entry.get("title_translations") or {}).items() if k != yamlfile.LINE
            },
        )
        if not source.file.is_file():
            raise SourceError(f"{meta}:{line}: source text {source.file.name} is missing")
        sources[key] = source
    return sources
