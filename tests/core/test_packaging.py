"""A non-editable install works on its own: the wheel carries the ontology, corpus, facts and queries,
and `kzgraph build --out DIR` runs from another directory."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    (found,) = dist.glob("kzgraph-*.whl")
    return found


def test_wheel_ships_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "kzgraph/_data/ontology/kzgraph.ttl",
        "kzgraph/_data/ontology/shapes.ttl",
        "kzgraph/_data/data/corpus/000_e3eeba82981eb467.txt",
        "kzgraph/_data/data/corpus/sources.yaml",
        "kzgraph/_data/data/facts/lee.yaml",
        "kzgraph/_data/data/tables.yaml",
        "kzgraph/_data/queries/apk-sessions.rq",
    ):
        assert required in names, required


def test_installed_wheel_builds_from_elsewhere(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True
    )
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import kzgraph.resources as r; print(r.default_files().ontology)"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert "_data" in where and str(ROOT / "src") not in where
    out = tmp_path / "out"
    done = subprocess.run(
        [str(env_dir / "bin" / "kzgraph"), "build", "--out", str(out), "--no-validate"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "kzgraph.trig").stat().st_size > 100_000
    assert (out / "store").is_dir()
