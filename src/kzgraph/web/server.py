"""Running the app: uvicorn (its httptools HTTP/1.1 parser) on a socket we bind, with a pool of query workers.

:func:`serve_app` puts a kzgraph store behind everything the server needs (:class:`~kzgraph.web.app.App`, the
worker pool, the watcher that picks up a new build) and returns a :class:`Server`: ``serve_forever()`` in the main
thread (the CLI; Ctrl-C stops it), or ``start()`` / ``stop()`` in a thread (tests, benchmarks).

HTTP is uvicorn's, on uvloop's event loop where it is installed: chunked bodies, keep-alive (with
``TCP_NODELAY``), the listen backlog, ``Content-Length`` and ``Transfer-Encoding`` together refused (no request
smuggling behind a proxy). uvicorn has no limit on how long a client may take to send its headers;
:class:`HeaderTimeoutProtocol` adds one, so slow clients cannot hold connections open for ever. It also sends a
small answer in one write (:class:`OneWrite`) and sets up a new connection at half uvicorn's cost (both measured in
``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import uvicorn
from uvicorn.protocols.http.flow_control import FlowControl
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kzgraph.stores import Store, parse_location
from kzgraph.web.app import App
from kzgraph.web.asgi import create_app
from kzgraph.web.cache import AnswerCache
from kzgraph.web.config import ServerConfig
from kzgraph.web.errors import ServeError

if TYPE_CHECKING:
    from kzgraph.web.pool import WorkerPool

log = logging.getLogger("kzgraph.web")


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing a connection whose request headers take longer than
    ``header_timeout`` seconds (counted from the connection, or from the first byte of a keep-alive request)."""

    header_timeout = 10.0
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        # uvicorn's own, but reading the two addresses as "peername" / "sockname": uvicorn asks the transport for
        # its "socket", which uvloop builds anew for each connection (~45 us, half of what accepting a connection
        # costs: 1,000 connections at once held other clients up by ~100 ms)
        self.connections.add(self)
        self.transport = transport
        self.flow = FlowControl(transport)
        self.server = address(transport.get_extra_info("sockname"))
        self.client = address(transport.get_extra_info("peername"))
        self.scheme = "https" if transport.get_extra_info("sslcontext") else "http"
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_timer is None:
            self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()
        if self.scope["method"] != "HEAD":  # a HEAD answer is its head alone: nothing to wait for
            self.cycle.transport = OneWrite(self.transport)  # type: ignore[assignment]

    def on_response_complete(self) -> None:
        transport = self.cycle.transport if self.cycle is not None else None
        if isinstance(transport, OneWrite):  # never needed (a body always follows the head), but never hold back
            transport.flush()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self.header_timeout:
            self._header_timer = self.loop.call_later(self.header_timeout, self._expire)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _expire(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()


def address(info: Any) -> tuple[str, int] | None:
    """An (host, port) pair as uvicorn puts it in the ASGI scope, from a transport's "peername" / "sockname"."""
    if isinstance(info, list | tuple) and len(info) >= 2:
        return (str(info[0]), int(info[1]))
    return None


class OneWrite:
    """The transport of one request's answer, holding back the head of the response until its body comes, so that a
    small answer leaves in one write (one system call, one TCP segment) instead of two. Interim answers (``100
    Continue``) go at once; the head is sent when the body is, when the response completes, or before closing."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self.held: bytes | None = None

    def write(self, data: bytes) -> None:
        if self.held is not None:
            data, self.held = self.held + data, None
        elif data.startswith(b"HTTP/1.1 ") and not data.startswith(b"HTTP/1.1 1"):
            self.held = data
            return
        self.transport.write(data)

    def flush(self) -> None:
        if self.held is not None:
            data, self.held = self.held, None
            self.transport.write(data)

    def close(self) -> None:
        self.flush()
        self.transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transport, name)


def event_loop() -> str:
    """uvloop (libuv's event loop, in C) where it is installed, as on Linux and macOS: accepting a connection,
    writing an answer and waking on a worker's pipe cost a third of what they cost on asyncio's own loop; else
    asyncio's."""
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return "asyncio"
    return "uvloop"


def protocol_class(header_timeout: float) -> type[HeaderTimeoutProtocol]:
    return type("KzGraphHttpProtocol", (HeaderTimeoutProtocol,), {"header_timeout": header_timeout})


def uvicorn_config(asgi: Any, *, config: ServerConfig, quiet: bool = False) -> uvicorn.Config:
    """uvicorn's settings for serving ``asgi`` with ``config``'s limits: kzgraph's HTTP protocol (header timeout, one
    write per answer), uvloop where installed, no lifespan, no version in a ``Server`` header."""
    return uvicorn.Config(
        asgi,
        http=protocol_class(config.header_timeout),
        loop=event_loop(),
        lifespan="off",
        log_config=None,
        access_log=not quiet,
        server_header=False,
        timeout_keep_alive=max(1, round(config.keep_alive)),
        limit_concurrency=config.max_connections or None,
        backlog=config.backlog,
    )


class Server:
    """``app`` on uvicorn, listening on ``host:port`` (bound at once, so the port is known: 0 picks a free one)."""

    def __init__(self, app: App, *, host: str = "127.0.0.1", port: int = 8000, config: ServerConfig | None = None,
                 quiet: bool = False, before: Any = None, on_close: Any = None,
                 cache: AnswerCache | None = None) -> None:  # fmt: skip
        self.app = app
        self.config = config or ServerConfig(base_iri=app.base)
        self.on_close = on_close
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        # proto IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets that say they are TCP; without it every
        # keep-alive answer written in two parts waits 40 ms for the client's delayed ACK (Nagle)
        self.socket = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((host, port))
            self.socket.listen(self.config.backlog)
        except OSError as err:
            self.socket.close()
            raise ServeError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
        self.socket.setblocking(False)
        asgi = create_app(app, config=self.config, before=before, cache=cache)
        self.uvicorn = uvicorn.Server(uvicorn_config(asgi, config=self.config, quiet=quiet))
        self._thread: threading.Thread | None = None
        self.pool: WorkerPool | None = None  # the query workers, when serve_app made them
        self.cache = cache

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def serve_forever(self) -> None:
        """Serve until Ctrl-C / SIGTERM (in the main thread) or :meth:`shutdown`."""
        self.uvicorn.run(sockets=[self.socket])

    def start(self) -> Server:
        """Serve in a background thread; returns once the server accepts connections."""
        self._thread = threading.Thread(target=self.serve_forever, name="kzgraph-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self.uvicorn.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ServeError("the server did not start")
            time.sleep(0.01)
        return self

    def shutdown(self) -> None:
        self.uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(10)

    def server_close(self) -> None:
        self.socket.close()
        if self.on_close is not None:
            self.on_close()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def make_server(app: App, *, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False,
                config: ServerConfig | None = None) -> Server:  # fmt: skip
    """A server for an already-built ``app`` (no worker pool, no reload: see :func:`serve_app` for those)."""
    return Server(app, host=host, port=port, config=config, quiet=quiet)


def serve_app(
    store_location: str | None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    config: ServerConfig | None = None,
    views_dir: Path | None = None,
    include_extracted: bool = False,
    quiet: bool = False,
) -> Server:
    """The whole server over the store at ``store_location``: on the embedded store, queries with a time limit
    run in a pool of workers and a new build is picked up; other stores (``memory:``, a SPARQL endpoint) are
    queried in-process."""
    from kzgraph.stores import open_store
    from kzgraph.web.pool import PooledStore, WorkerPool
    from kzgraph.web.reload import StoreWatcher

    settings = config or ServerConfig()
    where = parse_location(store_location)
    common: dict[str, Any] = {
        "base_iri": settings.base_iri,
        "timeout": settings.timeout or None,
        "views_dir": views_dir if views_dir is not None else default_views_dir(store_location),
        "include_extracted": include_extracted,
        "public_url": settings.public_url,
        "service_allow": settings.service_allow,
        "retry_after": settings.retry_after,
    }
    if where.kind != "embedded" or where.folder is None:
        store = open_store(store_location)
        server = Server(App(store, **common), host=host, port=port, config=settings, quiet=quiet,
                        on_close=store.close)  # fmt: skip
        return server
    folder = where.folder
    pool = WorkerPool(folder, size=settings.query_workers, queue_timeout=settings.queue_timeout,
                      retry_after=settings.retry_after, memory_mb=settings.worker_memory,
                      long_query=settings.long_query)  # fmt: skip

    def opener() -> Store:
        return PooledStore(open_store(folder), pool)

    cache = AnswerCache(settings.answer_cache * 1_000_000) if settings.answer_cache else None

    def swapped(_store: Store) -> None:
        if cache is not None:
            cache.clear()
        pool.reload()

    watcher = StoreWatcher(folder, opener, on_swap=swapped)
    pool.start()
    app = App(watcher.store, store_source=lambda: watcher.store, **common)
    try:
        server = Server(app, host=host, port=port, config=settings, quiet=quiet, before=watcher.current,
                        on_close=pool.close, cache=cache)  # fmt: skip
        server.pool = pool
        return server
    except ServeError:
        pool.close()
        raise


def default_views_dir(store_location: str | None) -> Path | None:
    """``views/`` beside a store folder (``build/store`` → ``build/views``), if it exists."""
    folder = parse_location(store_location).folder
    views = folder.parent / "views" if folder is not None else None
    return views if views is not None and views.is_dir() else None
