"""Is a quote unique in its document? Decides whether a quote selector needs ``oa:prefix``/``oa:suffix``.

A short text is searched directly (two ``str.find``). A long one (a search per quote would cost a pass over
the whole text each) is indexed once: every window of :data:`WINDOW` characters gets a polynomial hash
(numpy, modulo 2^64), and the positions are sorted by hash. Of a few windows spread over the quote, the one
whose hash is rarest is looked up: if it occurs once, so does the quote; otherwise the positions sharing it
are compared character by character until one matches. The answer is exact either way.
"""

from __future__ import annotations

import numpy as np

SCAN_MAX = 200_000  # texts up to this many characters are searched directly
WINDOW = 16
_BASE = 1_000_003
_MASK = (1 << 64) - 1


class Quotes:
    def __init__(self, text: str) -> None:
        self.text = text
        self._order: np.ndarray | None = None
        self._sorted: np.ndarray | None = None

    def _index(self) -> tuple[np.ndarray, np.ndarray]:
        if self._order is None or self._sorted is None:
            codes = np.frombuffer(self.text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
            n = len(codes) - WINDOW + 1
            hashes = np.zeros(n, dtype=np.uint64)
            base = np.uint64(_BASE)
            for j in range(WINDOW):  # h = h * B + c, wrapping modulo 2^64
                hashes *= base
                hashes += codes[j : j + n]
            del codes
            self._order = np.argsort(hashes, kind="stable").astype(np.int64)
            self._sorted = hashes[self._order]
        return self._order, self._sorted

    @staticmethod
    def _hash(window: str) -> int:
        h = 0
        for c in window:
            h = (h * _BASE + ord(c)) & _MASK
        return h

    def unique(self, start: int, end: int) -> bool:
        """Does ``text[start:end]`` occur only once in the text?"""
        text = self.text
        if end <= start:
            return False
        exact = text[start:end]
        if len(text) <= SCAN_MAX or end - start < WINDOW:
            return text.find(exact) == start and text.find(exact, start + 1) == -1
        order, hashes = self._index()
        # Windows spread over the quote: one that occurs once settles it; else the rarest one's other positions
        # are the only candidates.
        span = end - start - WINDOW
        best: tuple[int, int, int] | None = None
        for off in dict.fromkeys([span // 2, span, 0, span // 4, 3 * span // 4]):
            h = np.uint64(self._hash(text[start + off : start + off + WINDOW]))
            lo, hi = int(np.searchsorted(hashes, h, "left")), int(np.searchsorted(hashes, h, "right"))
            if hi - lo == 1:
                return True
            if best is None or hi - lo < best[2] - best[1]:
                best = (off, lo, hi)
        assert best is not None
        off, lo, hi = best
        return not any(
            p != start and p >= 0 and text.startswith(exact, p) for p in (int(q) - off for q in order[lo:hi])
        )
