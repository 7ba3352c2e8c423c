"""A well-behaved SPARQL client (SPARQLWrapper underneath) for public endpoints such as the Wikidata
query service.

- identifies itself: ``User-Agent: kzgraph/<version> (<contact>)`` — the Wikidata service refuses generic
  agents, so a contact (``--contact`` / ``KZGRAPH_CONTACT``) is required for every request that goes out;
- honours HTTP 429 and ``Retry-After`` (waits as asked, up to ``max_wait`` seconds; longer → an error);
- retries 5xx answers and network failures with exponential backoff, a bounded number of times;
- bounds every request with a timeout and the number of requests in flight with a semaphore;
- caches every answer on disk (:mod:`kzgraph.linking.cache`); ``offline`` answers only from the cache.

Every failure is a :class:`~kzgraph.errors.RemoteError` with a one-line message.
"""

from __future__ import annotations

import email.utils
import json
import threading
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from kzgraph.errors import RemoteError
from kzgraph.linking.cache import AnswerCache, CachedAnswer

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
DBPEDIA_ENDPOINT = "http://dbpedia.org/sparql"
POST_ABOVE = 1500  # characters of query text above which the query is POSTed instead of sent in the URL


def kzgraph_version() -> str:
    try:
        return version("kzgraph")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "0"


def user_agent(contact: str) -> str:
    return f"kzgraph/{kzgraph_version()} ({contact})"


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class Answer:
    """A SELECT answer: rows of SPARQL-JSON bindings, where and when it was obtained."""

    endpoint: str
    query: str
    retrieved: str
    rows: list[dict[str, dict[str, str]]]
    from_cache: bool
    raw: dict[str, Any] = field(repr=False, default_factory=dict)


class _Retryable(Exception):
    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class SparqlClient:
    """SELECT queries against one endpoint, with politeness, retries, a concurrency limit and a cache."""

    def __init__(
        self,
        *,
        endpoint: str = WIKIDATA_ENDPOINT,
        contact: str | None = None,
        cache: AnswerCache | None = None,
        offline: bool = False,
        timeout: float = 30.0,
        attempts: int = 4,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        concurrency: int = 2,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.endpoint = endpoint
        self.contact = contact
        self.cache = cache
        self.offline = offline
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_wait = max_wait
        self.concurrency = concurrency
        self._slots = threading.BoundedSemaphore(concurrency)
        self._sleep = sleep
        self.requests = 0  # HTTP requests actually sent (for tests and reports)
        self._lock = threading.Lock()

    # -- public -------------------------------------------------------------------------------------

    def select(self, query: str) -> Answer:
        """Run a SELECT query: from the cache if it holds the answer, else from the endpoint (then cached)."""
        cached = self.cache.get(self.endpoint, query) if self.cache is not None else None
        if cached is not None:
            return self._answer(cached, from_cache=True)
        if self.offline:
            raise RemoteError(
                f"offline: no cached answer from {self.endpoint} for this query "
                "(run once without --offline, or check --cache-dir)"
            )
        if not self.contact:
            raise RemoteError(
                "a contact is required to query remote endpoints: pass --contact EMAIL-OR-URL or set KZGRAPH_CONTACT"
            )
        results, retrieved = self._fetch(query)
        answer = CachedAnswer(self.endpoint, query, retrieved, results)
        if self.cache is not None:
            self.cache.put(answer)
        return self._answer(answer, from_cache=False)

    # -- internals ----------------------------------------------------------------------------------

    @staticmethod
    def _answer(cached: CachedAnswer, *, from_cache: bool) -> Answer:
        rows = cached.results.get("results", {}).get("bindings", [])
        return Answer(cached.endpoint, cached.query, cached.retrieved, rows, from_cache, cached.results)

    def _fetch(self, query: str) -> tuple[dict[str, Any], str]:
        last = ""
        for attempt in range(1, self.attempts + 1):
            try:
                with self._slots:
                    return self._once(query)
            except _Retryable as e:
                last = str(e)
                if attempt == self.attempts:
                    break
                wait = e.wait if e.wait is not None else self.backoff * 2 ** (attempt - 1)
                if wait > self.max_wait:
                    raise RemoteError(
                        f"{self.endpoint}: {last}; asked to wait {wait:.0f} s (more than {self.max_wait:.0f} s), try later"
                    ) from None
                self._sleep(wait)
        raise RemoteError(f"{self.endpoint}: {last} (gave up after {self.attempts} attempts)")

    def _once(self, query: str) -> tuple[dict[str, Any], str]:
        from SPARQLWrapper import GET, JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        sw = SPARQLWrapper(self.endpoint, agent=user_agent(self.contact or ""))
        sw.setQuery(query)
        sw.setMethod(POST if len(query) > POST_ABOVE else GET)
        sw.setReturnFormat(JSON)
        sw.setTimeout(int(max(1, round(self.timeout))))
        with self._lock:
            self.requests += 1
        try:
            result = sw.query()
            body = result.response.read()
        except urllib.error.HTTPError as e:
            if e.code == 429:
                raise _Retryable("HTTP 429 Too Many Requests", _retry_after(e.headers.get("Retry-After"))) from None
            if e.code >= 500:
                raise _Retryable(f"HTTP {e.code} {e.reason}", _retry_after(e.headers.get("Retry-After"))) from None
            raise RemoteError(f"{self.endpoint}: HTTP {e.code} {e.reason}") from None
        except SPARQLWrapperException as e:
            name = type(e).__name__
            if name == "EndPointInternalError":
                raise _Retryable("HTTP 500 Internal Server Error") from None
            first = str(e).splitlines()[0] if str(e) else name
            raise RemoteError(f"{self.endpoint}: {first[:200]}") from None
        except TimeoutError:
            raise _Retryable(f"no answer within {self.timeout:g} s") from None
        except urllib.error.URLError as e:
            reason = e.reason
            if isinstance(reason, TimeoutError):
                raise _Retryable(f"no answer within {self.timeout:g} s") from None
            raise _Retryable(f"cannot reach the endpoint ({reason})") from None
        except (ConnectionError, OSError) as e:
            raise _Retryable(f"connection failed ({e})") from None
        retrieved = now_utc()
        try:
            results = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise RemoteError(f"{self.endpoint}: the answer is not valid SPARQL JSON ({e})") from None
        if not isinstance(results, dict) or not isinstance(results.get("results", {}).get("bindings"), list):
            raise RemoteError(f"{self.endpoint}: the answer is JSON but not a SPARQL SELECT result")
        return results, retrieved
