"""``kzgraph serve`` as a user runs it: a child process on a free 127.0.0.1 port, and its start-up errors."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from kzgraph.cli import main


def test_help_lists_options() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--store", "--base-iri", "--timeout", "--views"):
        assert option in result.output


def test_port_in_use_is_a_one_line_error(built: Any) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--store", str(Path(built.out) / "store")])
    assert result.exit_code == 2
    assert "cannot listen on 127.0.0.1:" in result.output


def test_missing_store_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "kzgraph: error:" in result.output


def test_serve_in_a_child_process(built: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = [sys.executable, "-m", "kzgraph", "serve", "--host", "127.0.0.1", "--port", str(port), "-q",
            "--store", str(Path(built.out) / "store"), "--timeout", "10"]  # fmt: skip
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/id/apk"
        request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(request, timeout=10) as resp:
                    body = resp.read()
                break
            except (urllib.error.URLError, ConnectionError):
                assert child.poll() is None, child.stderr.read().decode() if child.stderr else "server exited"
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert b'<https://w3id.org/kzgraph/ontology#foundingDate> "1995-03-01"' in body
        views = urllib.request.urlopen(f"http://127.0.0.1:{port}/views/sessions.html", timeout=10)
        assert views.status == 200  # views/ beside the store folder, found by default
    finally:
        child.terminate()
        child.wait(10)
