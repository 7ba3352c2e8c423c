"""Helpers for the browser tests: open a view, wait for it to draw, read its embedded data."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


class Opened:
    def __init__(self, page: Any, url: str, errors: list[str], requests: list[str], dialogs: list[str]) -> None:
        self.page, self.url, self.errors, self.requests, self.dialogs = page, url, errors, requests, dialogs


def open_view(browser: Any, path: Path) -> Opened:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    url = path.resolve().as_uri()
    page.goto(url)
    wait_until(page, "window.kzgraphReady === true")
    return Opened(page, url, errors, requests, dialogs)


def wait_until(page: Any, expression: str, *, seconds: float = 30.0) -> None:
    """Poll ``expression`` (evaluated over CDP, so the page's strict CSP still applies to the page only)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(20)


def embedded(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    start = text.index('<script type="application/json" id="kzgraph-data">') + len(
        '<script type="application/json" id="kzgraph-data">'
    )
    data: dict[str, Any] = json.loads(text[start : text.index("</script>", start)])
    return data
