"""Finding and launching Debian's Chromium for the browser tests and benchmarks/viz.py (not part of the package).

kzgraph never downloads a browser: it uses the system's ``chromium`` (``$KZGRAPH_CHROMIUM`` to choose
another), headless, with every background network feature off so an offline machine stays quiet. The
:func:`browser` fixture is imported by the conftest of each folder with browser tests.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The Chromium executable: ``$KZGRAPH_CHROMIUM``, else ``chromium`` on PATH, else /usr/bin/chromium."""
    path = os.environ.get("KZGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian chromium through Playwright (never a downloaded browser); skipped, or failed in CI, without it."""
    from tests.conftest import require

    path = find_chromium()
    require(path is not None, "Debian chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the playwright package is not installed (pip install -e '.[test]')")
        raise
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        yield b
        b.close()
