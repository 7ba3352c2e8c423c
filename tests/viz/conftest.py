"""The browser fixture: Debian chromium through Playwright (never a downloaded browser), from tests/chromium.py."""

from __future__ import annotations

from tests.chromium import browser

__all__ = ["browser"]
