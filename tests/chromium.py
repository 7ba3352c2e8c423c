"""Finding and launching Debian's Chromium for the browser tests and benchmarks/viz.py (not part of the package).

kzgraph never downloads a browser: it uses the system's ``chromium`` (``$KZGRAPH_CHROMIUM`` to choose
another), headless, with every background network feature off so an offline machine stays quiet.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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
