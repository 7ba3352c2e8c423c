"""The app on the ASGI stack: a plain ASGI application that turns each HTTP request into a
:class:`~kzgraph.web.messages.Request`, lets :meth:`kzgraph.web.app.App.handle_async` answer it (on the event loop
for /sparql, else in a worker thread) and sends the :class:`~kzgraph.web.messages.Response` back.

HTTP itself (parsing, chunked bodies, keep-alive, the listen backlog) is uvicorn's (:mod:`kzgraph.web.server`);
this layer adds what a public endpoint needs on top: a cap and a time limit on request bodies, the checks on
``Host`` and the HTTP version that uvicorn's parser leaves to the application, a ``Server`` header that names no
version, a generic 500 for a bug (its traceback goes to the log, never to the client), and the answer cache
(:mod:`kzgraph.web.cache`). The app does its own routing (:mod:`kzgraph.web.routes`), so no framework router or
middleware sits between uvicorn and it: each layer cost a few microseconds per request on the hottest path.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Scope, Send

from kzgraph.web.app import App
from kzgraph.web.cache import AnswerCache, Entry, Key
from kzgraph.web.config import ServerConfig
from kzgraph.web.messages import Request, Response

log = logging.getLogger("kzgraph.web")

SERVER = b"kzgraph"
HTTP_VERSIONS = ("1.0", "1.1", "2", "2.0", "3")
CACHED_PATHS = ("/sparql",)


def plain(status: int, message: str, *, close: bool = False) -> Response:
    headers = {"Connection": "close"} if close else {}
    return Response(status, "text/plain", (message + "\n").encode(), headers)


def entry_of(response: Response) -> Entry:
    """The response as it goes on the wire (the form the cache keeps)."""
    headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in response.all_headers().items()]
    headers.append((b"server", SERVER))
    return Entry(response.status, tuple(headers), response.body)


async def send_entry(send: Send, entry: Entry) -> None:
    await send({"type": "http.response.start", "status": entry.status, "headers": entry.headers})
    await send({"type": "http.response.body", "body": entry.body})


class BodyError(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


class Application:
    """The ASGI application serving ``app``. ``before()`` (if given) runs ahead of each request (the server uses it
    to pick up a new build of the store); ``cache`` keeps /sparql answers (None: no cache)."""

    def __init__(self, app: App, *, config: ServerConfig | None = None, before: Callable[[], Any] | None = None,
                 cache: AnswerCache | None = None) -> None:  # fmt: skip
        self.app = app
        self.config = config or ServerConfig(base_iri=app.base)
        self.before = before
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self.http(scope, receive, send)
        elif scope["type"] == "lifespan":  # nothing to start or stop (uvicorn runs with lifespan off)
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
        elif scope["type"] == "websocket":  # not served: the handshake is refused (403)
            await send({"type": "websocket.close", "code": 1000})

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers: dict[str, str] = {}
        hosts = 0
        for name, value in scope["headers"]:
            field = name.decode("latin-1")
            hosts += field == "host"
            headers[field] = value.decode("latin-1")
        problem = self.refusal(scope.get("http_version", "1.1"), hosts)
        if problem is not None:
            await send_entry(send, entry_of(plain(400, problem, close=True)))
            return
        try:
            body = await self.read_body(receive, headers)
        except BodyError as err:
            await send_entry(send, entry_of(err.response))
            return
        method = scope["method"]
        request = Request(method, scope["path"] or "/", scope.get("query_string", b"").decode("latin-1"), headers, body)
        if self.before is not None:
            try:
                self.before()
            except Exception:  # a bug (a build that cannot be opened yet is not one: the watcher keeps the old)
                log.exception("internal error picking up a new build, on %s %s", method, request.path)
                await send_entry(send, entry_of(plain(500, "internal server error")))
                return
        cache = self.cache
        key: Key | None = None
        epoch = 0
        if cache is not None and method in ("GET", "POST") and request.path in CACHED_PATHS:
            key = (method, request.path, request.query_string, headers.get("accept", ""),
                   headers.get("content-type", ""), body)  # fmt: skip
            epoch = cache.epoch
            hit = cache.get(key)
            if hit is not None:
                await send_entry(send, hit)
                return
        response = await self.answer(request)
        entry = entry_of(response)
        if key is not None and cache is not None and response.status == 200 and response.cacheable:
            cache.put(key, entry, epoch=epoch)
        await send_entry(send, entry)

    @staticmethod
    def refusal(version: str, hosts: int) -> str | None:
        """Why a request a public HTTP/1.1 server must not act on is refused: HTTP/0.9, an HTTP/1.1 request without
        a Host header, more than one Host header (the answer closes the connection); None for the others."""
        if version not in HTTP_VERSIONS:
            return f"HTTP/{version} is not served"
        if hosts > 1:
            return "more than one Host header"
        if hosts == 0 and version != "1.0":
            return "an HTTP/1.1 request needs a Host header"
        return None

    async def read_body(self, receive: Receive, headers: dict[str, str]) -> bytes:
        """The request body, at most ``max-body`` bytes (413) within ``body-timeout`` seconds (408); BodyError
        carries the refusal."""
        declared = headers.get("content-length")
        if declared is None and "transfer-encoding" not in headers:
            return b""  # no body (a GET, as most requests)
        limit = self.config.max_body
        too_large = BodyError(plain(413, f"a request body may hold at most {limit} bytes", close=True))
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(self.config.body_timeout or None):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        raise BodyError(plain(400, "the client went away", close=True))
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        raise too_large
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            raise BodyError(plain(408, "the request body did not arrive in time", close=True)) from None
        return b"".join(chunks)

    async def answer(self, request: Request) -> Response:
        try:
            response = await self.app.handle_async(request)
            return response if response is not None else await run_in_threadpool(self.app.handle, request)
        except Exception:  # a bug: logged with its traceback, answered with a generic 500, never a 4xx
            log.exception("internal error on %s %s", request.method, request.path)
            return plain(500, "internal server error")


def create_app(app: App, *, config: ServerConfig | None = None, before: Callable[[], Any] | None = None,
               cache: AnswerCache | None = None) -> Application:  # fmt: skip
    """The ASGI application serving ``app`` (see :class:`Application`)."""
    return Application(app, config=config, before=before, cache=cache)
