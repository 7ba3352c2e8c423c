"""Files in and out: YAML reading that remembers the line of every mapping (so errors can name file and line),
and atomic writes (a temporary file in the same folder, then a rename; a folder swapped in by renames)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from kzgraph.errors import SourceError

LINE = "__line__"


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~5x faster, same marks


class _LineLoader(_Base):  # type: ignore[misc,valid-type]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings: precision matters (1995 vs 1995-03 vs 1995-03-01) and YAML would turn them into objects.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in _Base.yaml_implicit_resolvers.items()
}


def load(path: Path) -> Any:
    """Parse ``path``; a syntax error becomes a SourceError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(f"{path}: file not found") from None
    except UnicodeDecodeError as e:
        raise SourceError(f"{path}: not UTF-8 ({e.reason} at byte {e.start})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise SourceError(f"{path}{line}: YAML error: {e.problem or e.context}") from None


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def swap_directory(new: Path, target: Path) -> None:
    """Put folder ``new`` in place of ``target`` with renames, so readers never see a half-written one."""
    import shutil

    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)
