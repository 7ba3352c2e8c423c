"""The answer cache: SPARQL answers kept by request, so that a query asked again is answered without a worker.

The server's store is read-only and a new build replaces it whole (:mod:`kzgraph.web.reload`), so the answer to a
query is a function of the request and the build: the same ``/sparql`` request (method, query string, ``Accept``,
``Content-Type`` and body; any difference, even one space, is another entry) gets the same bytes until the next
build. The server clears the cache when it picks up a new build; an answer computed from the old build that
arrives after that is not stored (each entry is tagged with the cache's epoch at the request's start).

Only answers the query workers wrote (200, the negotiated format) are kept, and only of queries whose answer
cannot change between two runs: none calling ``NOW``, ``RAND``, ``UUID``, ``STRUUID`` or ``BNODE`` (fresh values per
run) or ``SERVICE`` (another endpoint's data). The cache holds at most ``max_bytes`` of answers (least recently used
dropped first); one answer larger than an eighth of that is not kept. ``answer-cache = 0`` turns it off.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import NamedTuple

from kzgraph.web.service import service_calls, unescape

Key = tuple[str, str, str, str, str, bytes]

# functions whose value changes from one run to the next; their name anywhere in the query (even in a string or a
# comment) keeps its answer out of the cache
_VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def deterministic(sparql: str) -> bool:
    """Whether two runs of ``sparql`` on one build give the same answer (errs on the side of False)."""
    return _VOLATILE.search(unescape(sparql)) is None and not service_calls(sparql)


class Entry(NamedTuple):
    status: int
    headers: tuple[tuple[bytes, bytes], ...]  # as sent (lower-case names, Server header included)
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 64


class AnswerCache:
    """At most ``max_bytes`` of answers, least recently used dropped first (thread-safe)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 8
        self.epoch = 0  # bumped by clear(): an answer begun before it is not stored after it
        self.hits = 0
        self.misses = 0
        self._size = 0
        # plain tuples of ints and bytes (the entry and its size), which the garbage collector stops tracking: kept as
        # objects it tracks, 100,000 entries made each full collection (a pause for every client) 33 ms instead of 14
        self._entries: OrderedDict[Key, tuple[int, tuple[tuple[bytes, bytes], ...], bytes, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """Bytes held."""
        return self._size

    def get(self, key: Key) -> Entry | None:
        with self._lock:
            stored = self._entries.get(key)
            if stored is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
        return Entry(stored[0], stored[1], stored[2])

    def put(self, key: Key, entry: Entry, *, epoch: int) -> bool:
        """Keep ``entry`` (computed from the build current at ``epoch``); False when it was not kept."""
        size = entry.size
        if size > self.max_entry:
            return False
        with self._lock:
            if epoch != self.epoch:
                return False
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= old[3]
            self._entries[key] = (entry.status, tuple(entry.headers), entry.body, size)
            self._size += size
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= dropped[3]
        return True

    def clear(self) -> None:
        """Forget every answer (a new build is served)."""
        with self._lock:
            self.epoch += 1
            self._entries.clear()
            self._size = 0
