"""A route: a path pattern, the view that answers it, and the methods it answers (the table of routes is
:func:`kzgraph.web.routes.default_routes`).

A route is a regular expression matched against the whole decoded path, a view, and the methods it answers. A view
is a plain function ``view(app, request, match) -> Response`` (``match`` holds the pattern's named groups), so a
page is one function in one module under :mod:`kzgraph.web.pages` and knows nothing of HTTP parsing or sockets.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kzgraph.web.app import App
    from kzgraph.web.messages import Request, Response

View = Callable[["App", "Request", re.Match[str]], "Response"]
AsyncView = Callable[["App", "Request", re.Match[str]], Awaitable["Response"]]


@dataclass(frozen=True)
class Route:
    pattern: str
    view: View
    methods: tuple[str, ...] = ("GET", "HEAD")
    async_view: AsyncView | None = None  # the same view for the event loop (used by the ASGI app when given)
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern))

    @property
    def allow(self) -> str:
        return ", ".join(self.methods)
