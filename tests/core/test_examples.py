"""The examples run as written: every ``kzgraph …`` line (and the ``curl`` line) of README.md's code blocks, every
``kzgraph …`` line of a command's ``--help``, and README's Python example, against a built store in a working
folder of their own (``build/`` there, as after ``kzgraph build``).

Two kinds of line need something running, and get it here rather than being skipped:

- ``kzgraph serve …`` runs as a real process; the port is swapped for a free one (8000 may be taken on the machine
  running the tests), and the README's ``curl`` line is sent to that server.
- a federated query's ``--service wikidata=http://localhost:7878/query`` is swapped for ``oxigraph serve`` on
  127.0.0.1 holding the Wikidata-shaped fixture (tests/conftest.py's ``wikidata``), which skips locally without
  the oxigraph server and fails in CI.

Nothing else is changed, and a line no handler here recognises fails the test: no example goes untested silently.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import click
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kzgraph.cli import main
from kzgraph.rdf import namespaces as ns

ROOT = Path(__file__).resolve().parents[2]
FEDERATED_EXAMPLE_URL = "http://localhost:7878/query"


def readme_blocks() -> list[tuple[str, str]]:
    """The fenced code blocks of README.md: (language, text)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


def readme_lines() -> list[str]:
    """The ``kzgraph …`` and ``curl …`` commands of README's shell blocks (``a && kzgraph b`` gives ``kzgraph b``)."""
    found = []
    for lang, text in readme_blocks():
        if lang not in ("sh", "bash", "console", ""):
            continue
        for line in text.splitlines():
            for part in line.split("&&"):
                part = part.strip()
                if part.startswith(("kzgraph ", "curl ")) or part == "kzgraph":
                    found.append(part)
    return found


def help_lines() -> list[str]:
    """The ``kzgraph …`` lines of every command's help text (its examples)."""
    ctx = click.Context(main)
    found = []
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None
        for text in (command.help or "", command.epilog or ""):
            found += [line.strip() for line in text.splitlines() if line.strip().startswith("kzgraph ")]
    return found


def argv(line: str) -> list[str]:
    words = shlex.split(line, comments=True)
    assert words[0] == "kzgraph", line
    return words[1:]


EXAMPLES = sorted(set(readme_lines()) | set(help_lines()))


def test_the_examples_are_found() -> None:
    readme, helps = readme_lines(), help_lines()
    assert len(readme) >= 12 and any(line.startswith("kzgraph build") for line in readme)
    assert any(line.startswith("curl ") for line in readme)
    assert any(line.startswith("kzgraph query ") for line in helps)
    assert any(line.startswith("kzgraph serve") for line in helps)


@pytest.fixture(scope="module")
def workdir(built, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """A working folder holding ``build/`` as ``kzgraph build`` leaves it (a copy of the session's build)."""
    folder = tmp_path_factory.mktemp("examples")
    shutil.copytree(Path(built.out), folder / "build")
    return folder


@pytest.fixture
def inside(workdir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(workdir)
    for var in ("KZGRAPH_STORE", "KZGRAPH_SERVICES", "KZGRAPH_ENDPOINT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("KZGRAPH_CACHE_DIR", str(tmp_path / "cache"))  # never the user's cache
    return workdir


def run(args: list[str]) -> str:
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, f"kzgraph {shlex.join(args)} → exit {result.exit_code}\n{result.output}"
    return result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(args: list[str], cwd: Path) -> Iterator[str]:
    """``kzgraph serve`` with ``args`` (port swapped for a free one) as a real process; yields its base URL."""
    port = _free_port()
    if "--port" in args:
        args[args.index("--port") + 1] = str(port)
    else:
        args += ["--port", str(port)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "kzgraph", *args, "--quiet"],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base, timeout=2):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(f"kzgraph {shlex.join(args)} exited: {proc.stderr.read()!r}") from None  # type: ignore[union-attr]
                if time.monotonic() > deadline:
                    raise AssertionError(f"kzgraph {shlex.join(args)} did not answer in 60 s") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def curl(line: str, base: str) -> bytes:
    """The README's ``curl -H 'Accept: …' http://127.0.0.1:8000/PATH`` sent to the server at ``base``."""
    words = shlex.split(line)
    headers = dict(words[i + 1].split(": ", 1) for i, w in enumerate(words) if w == "-H")
    url = words[-1].replace("http://127.0.0.1:8000/", base)
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as answer:
        assert answer.status == 200
        return answer.read()  # type: ignore[no-any-return]


@pytest.mark.parametrize("line", [line for line in EXAMPLES if line.split()[:2] == ["kzgraph", "build"]])
def test_build_example(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a fresh folder: the example builds from nothing
    out = run(argv(line))
    assert "distinct triples of the merged graph" in out
    assert (tmp_path / "build" / "store").is_dir() and (tmp_path / "build" / "kzgraph.nq").is_file()


@pytest.mark.parametrize("line", [line for line in EXAMPLES if line.split()[:2] == ["kzgraph", "serve"]])
def test_serve_example(line: str, inside: Path) -> None:
    args = argv(line)
    if "--config" in args:  # the configuration file docs/server.md shows, as the example's file
        (toml,) = re.findall(r"```toml\n(.*?)```", (ROOT / "docs" / "server.md").read_text("utf-8"), re.DOTALL)
        (inside / args[args.index("--config") + 1]).write_text(toml, "utf-8")
    for base in _serve(args, inside):
        turtle = [curl(c, base) for c in readme_lines() if c.startswith("curl ")]
        assert turtle, "README's curl example is run against the served graph"
        for body in turtle:
            triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
            assert any(t.subject.value == ns.entity("apk") for t in triples)


@pytest.mark.parametrize("line", [line for line in EXAMPLES if FEDERATED_EXAMPLE_URL in line])
def test_federated_example(line: str, inside: Path, wikidata: str) -> None:
    out = run(argv(line.replace(FEDERATED_EXAMPLE_URL, wikidata)))
    assert "Kazakhstan" in out and "Q232" in out


OTHER = [
    line
    for line in EXAMPLES
    if line.split()[:2] not in (["kzgraph", "build"], ["kzgraph", "serve"])
    and FEDERATED_EXAMPLE_URL not in line
    and not line.startswith("curl ")
]


@pytest.mark.parametrize("line", OTHER)
def test_example(line: str, inside: Path) -> None:
    args = argv(line)
    before = {p.name: p.stat().st_mtime_ns for p in inside.iterdir() if p.is_file()}
    out = run(args)
    written = [p for p in inside.iterdir() if p.is_file() and before.get(p.name) != p.stat().st_mtime_ns]
    assert out.strip() or written, f"{line}: printed nothing and wrote nothing"
    for path in written:
        assert path.stat().st_size > 0
    if "--format" in args and args[args.index("--format") + 1] == "json":
        import json

        json.loads(out)


def test_every_example_has_a_handler() -> None:
    handled = set(OTHER)
    handled |= {line for line in EXAMPLES if line.split()[:2] in (["kzgraph", "build"], ["kzgraph", "serve"])}
    handled |= {line for line in EXAMPLES if FEDERATED_EXAMPLE_URL in line}
    curls = {line for line in EXAMPLES if line.startswith("curl ")}
    assert all(" http://127.0.0.1:8000/" in line for line in curls)  # what test_serve_example knows how to send
    assert handled | curls == set(EXAMPLES)


def test_the_python_example(inside: Path) -> None:
    (code,) = [text for lang, text in readme_blocks() if lang == "python"]
    scope: dict[str, object] = {}
    exec(compile(code, "README.md (python block)", "exec"), scope)  # noqa: S102 - the README's own example
    rows = scope["rows"]
    assert rows and len(rows) >= 20  # type: ignore[arg-type]
    scope["kg"].close()  # type: ignore[attr-defined]
