"""What an ingest run did, per file: for the terminal (one line each), ``--json`` and the exit code
(0 every file ok, 1 some failed)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class FileResult:
    path: str
    status: str  # ingested, replaced, unchanged, failed, skipped
    sha256: str = ""
    error: str = ""
    language: str = ""
    sentences: int = 0
    mentions: int = 0
    statements: int = 0
    candidates: int = 0
    observations: int = 0
    seconds: float = 0.0
    replaced: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.status == "failed":
            return f"failed     {self.error}"
        if self.status == "unchanged":
            return f"unchanged  {self.path} ({self.sha256[:12]}, already ingested)"
        if self.status == "skipped":
            return f"skipped    {self.path} (--all-or-nothing: another file failed)"
        extra = f"; replaces {', '.join(r[:12] for r in self.replaced)}" if self.replaced else ""
        return (
            f"{self.status:<10} {self.path} ({self.sha256[:12]}, {self.language}): {self.sentences} sentences, "
            f"{self.mentions} mentions, {self.statements} statements, {self.observations} observations, "
            f"{self.candidates} candidate names{extra}"
        )


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        self.files.append(result)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for f in self.files:
            counts[f.status] = counts.get(f.status, 0) + 1
        return ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no files"

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": [asdict(f) for f in self.files],
            "summary": self.summary(),
            "notes": self.notes,
            "exit_code": self.exit_code,
        }
