"""The browser fixture: Debian chromium through Playwright (never a downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.chromium import LAUNCH_ARGS, find_chromium
from tests.conftest import require


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
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
