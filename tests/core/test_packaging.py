"""A non-editable install works on its own: the wheel carries the ontology, corpus, facts and queries, its declared
dependencies are enough to run it, and `kzgraph build --out DIR` runs from another directory.

The wheel goes into a new virtual environment that sees neither the test environment's packages nor the source
tree, and pip resolves the wheel's own ``Requires-Dist`` there. To keep that fast and offline, the distributions
installed in the test environment that the resolution may need are first packed back into wheels (a wheelhouse);
pip is asked to resolve from that wheelhouse alone, and only if that fails (a dependency missing from the test
environment, or installed without a RECORD) from the package index as configured.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
import venv
import zipfile
from collections.abc import Iterator
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]

# Files of an installed .dist-info that describe the installation, not the distribution.
INSTALL_RECORDS = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
# Where the installed package finds its data, and where its dependencies come from.
WHERE_FROM = "import kzgraph.resources as r, pyoxigraph; print(r.default_files().ontology); print(pyoxigraph.__file__)"


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


def wheel_requirements(wheel: Path) -> list[Requirement]:
    """The ``Requires-Dist`` of a built wheel, as written in its METADATA."""
    with zipfile.ZipFile(wheel) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        meta = Parser().parsestr(zf.read(name).decode("utf-8"))
    return [Requirement(r) for r in meta.get_all("Requires-Dist") or []]


def installed_closure(requirements: list[Requirement]) -> Iterator[metadata.Distribution]:
    """The installed distributions that satisfy ``requirements`` and, transitively, their own requirements
    (markers evaluated for this interpreter and the requested extras). A requirement that nothing installed
    satisfies is left out: pip then finds it on the index."""
    extras_done: dict[str, frozenset[str]] = {}  # distribution -> the extras whose requirements are queued
    todo = [(r, frozenset({""})) for r in requirements]
    while todo:
        req, extras = todo.pop()
        if req.marker is not None and not any(req.marker.evaluate({"extra": e}) for e in extras):
            continue
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        wanted = frozenset({"", *req.extras})
        done = extras_done.get(key)
        if done is not None and wanted <= done:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            continue
        if not req.specifier.contains(dist.version, prereleases=True):
            continue
        if done is None:
            yield dist
        extras_done[key] = wanted | (done or frozenset())
        todo.extend((Requirement(r), extras_done[key]) for r in dist.requires or [])


def record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"sha256={digest}"


def repack(dist: metadata.Distribution, folder: Path) -> Path | None:
    """Pack an installed distribution back into a wheel in ``folder`` (stored, not compressed: the wheelhouse is
    read once, on this machine). The files come from the installation's RECORD; files installed outside
    site-packages (scripts, data) are left out — console scripts are made again from entry_points.txt. Returns
    None when the installation cannot be packed (no RECORD or no WHEEL file): pip then uses the index."""
    files = dist.files
    tags = re.findall(r"^Tag: (\S+)$", dist.read_text("WHEEL") or "", flags=re.MULTILINE)
    if not files or not tags:
        return None
    info = {f.parts[0] for f in files if f.parts[0].endswith(".dist-info")}
    if len(info) != 1:
        return None
    (info_dir,) = info
    # A wheel's file name holds the compressed set of its tags: each part lists its alternatives joined by '.'.
    parts = [".".join(dict.fromkeys(t.split("-")[i] for t in tags)) for i in range(3)]
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    target = folder / f"{name}-{dist.version}-{'-'.join(parts)}.whl"
    record = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as zf:
        for f in files:
            if f.parts[0] == ".." or "__pycache__" in f.parts or (f.parts[0] == info_dir and f.name in INSTALL_RECORDS):
                continue
            source = Path(str(dist.locate_file(f)))
            if not source.is_file():
                continue
            data = source.read_bytes()
            zf.writestr(f.as_posix(), data)
            record.append(f"{f.as_posix()},{record_hash(data)},{len(data)}")
        record.append(f"{info_dir}/RECORD,,")
        zf.writestr(f"{info_dir}/RECORD", "\n".join(record) + "\n")
    return target


def clean_env() -> dict[str, str]:
    """This process's environment without what would let a child see the test environment or the source tree."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def test_installed_wheel_builds_from_elsewhere(wheel: Path, tmp_path: Path) -> None:
    wheelhouse = tmp_path / "wheelhouse"
    wheelhouse.mkdir()
    for dist in installed_closure(wheel_requirements(wheel)):
        repack(dist, wheelhouse)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    env = clean_env()
    install = [str(python), "-m", "pip", "install", "-q", "--no-compile", "--find-links", str(wheelhouse), str(wheel)]
    offline = subprocess.run([*install, "--no-index"], env=env, capture_output=True, text=True, check=False)
    if offline.returncode != 0:
        print(f"the wheelhouse did not resolve the wheel alone; using the index too:\n{offline.stderr}")
        subprocess.run(install, env=env, check=True)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    where = subprocess.run(
        [str(python), "-c", WHERE_FROM],
        cwd=workdir,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert "_data" in where[0] and str(ROOT) not in where[0], where
    assert where[1].startswith(str(env_dir)), where  # the dependencies are the new environment's own
    out = tmp_path / "out"
    done = subprocess.run(
        [str(env_dir / "bin" / "kzgraph"), "build", "--out", str(out), "--no-validate"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "kzgraph.trig").stat().st_size > 100_000
    assert (out / "store").is_dir()
