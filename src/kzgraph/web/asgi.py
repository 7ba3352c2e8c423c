"""The app on the ASGI stack: a Starlette application that turns each HTTP request into a
:class:`~kzgraph.web.messages.Request`, lets :meth:`kzgraph.web.app.App.handle` answer it in a worker thread, and
sends the :class:`~kzgraph.web.messages.Response` back.

HTTP itself (parsing, chunked bodies, keep-alive, the listen backlog) is uvicorn's (:mod:`kzgraph.web.server`);
this layer adds what a public endpoint needs on top: a cap and a time limit on request bodies, the checks on
``Host`` and the HTTP version that uvicorn's parser leaves to the application, a ``Server`` header that names no
version, and a generic 500 for a bug (its traceback goes to the log, never to the client).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.requests import Request as StarletteRequest
from starlette.responses import Response as StarletteResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from kzgraph.web.app import App
from kzgraph.web.config import ServerConfig
from kzgraph.web.messages import Request, Response

log = logging.getLogger("kzgraph.web")

METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
SERVER = "kzgraph"


def plain(status: int, message: str, *, close: bool = False) -> Response:
    headers = {"Connection": "close"} if close else {}
    return Response(status, "text/plain", (message + "\n").encode(), headers)


class RequestGuard:
    """Refuse, before the app sees them, requests a public HTTP/1.1 server must not act on: HTTP/0.9, an HTTP/1.1
    request without a Host header, more than one Host header. The answer closes the connection."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            hosts = sum(1 for name, _ in scope["headers"] if name == b"host")
            version = scope.get("http_version", "1.1")
            problem = None
            if version not in ("1.0", "1.1", "2", "2.0", "3"):
                problem = f"HTTP/{version} is not served"
            elif hosts > 1:
                problem = "more than one Host header"
            elif hosts == 0 and version != "1.0":
                problem = "an HTTP/1.1 request needs a Host header"
            if problem is not None:
                await send_response(send, plain(400, problem, close=True))
                return
        await self.app(scope, receive, send)


async def send_response(send: Send, response: Response) -> None:
    headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in response.all_headers().items()]
    headers.append((b"server", SERVER.encode()))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})


def create_app(app: App, *, config: ServerConfig | None = None, before: Any = None) -> Starlette:
    """The Starlette application serving ``app``; ``before()`` (if given) runs in the worker thread ahead of each
    request (the server uses it to pick up a new build of the store)."""
    settings = config or ServerConfig(base_iri=app.base)

    async def read_body(request: StarletteRequest) -> bytes | Response:
        declared = request.headers.get("content-length")
        if declared is None and "transfer-encoding" not in request.headers:
            return b""  # no body (a GET, as most requests)
        if declared is not None and declared.isdigit() and int(declared) > settings.max_body:
            return plain(413, f"a request body may hold at most {settings.max_body} bytes", close=True)
        chunks: list[bytes] = []
        size = 0
        try:
            async with asyncio.timeout(settings.body_timeout or None):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > settings.max_body:
                        return plain(413, f"a request body may hold at most {settings.max_body} bytes", close=True)
                    chunks.append(chunk)
        except TimeoutError:
            return plain(408, "the request body did not arrive in time", close=True)
        return b"".join(chunks)

    def answer(request: Request) -> Response:
        if before is not None:
            before()
        return app.handle(request)

    async def answer_async(request: Request) -> Response:
        if before is not None:
            before()
        response = await app.handle_async(request)
        return response if response is not None else await run_in_threadpool(app.handle, request)

    async def endpoint(starlette_request: StarletteRequest) -> StarletteResponse:
        scope = starlette_request.scope
        try:
            body = await read_body(starlette_request)
        except ClientDisconnect:
            return StarletteResponse(status_code=400)
        if isinstance(body, Response):
            response = body
        else:
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            request = Request(
                scope["method"], scope["path"] or "/", scope.get("query_string", b"").decode("latin-1"), headers, body
            )
            try:
                response = await answer_async(request)
            except Exception:  # a bug: logged with its traceback, answered with a generic 500, never a 4xx
                log.exception("internal error on %s %s", request.method, request.path)
                response = plain(500, "internal server error")
        return StarletteResponse(
            content=response.body,
            status_code=response.status,
            headers={**response.all_headers(), "Server": SERVER},
        )

    starlette = Starlette(routes=[Route("/{path:path}", endpoint, methods=METHODS)])
    starlette.add_middleware(RequestGuard)
    return starlette
