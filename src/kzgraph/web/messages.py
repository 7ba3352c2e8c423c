"""One HTTP request and one response as the app sees them: plain data, free of sockets and of the ASGI stack, so
the app answers the same in-process (tests) and behind uvicorn (:mod:`kzgraph.web.asgi`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import parse_qs

from kzgraph.web.negotiation import content_type


@dataclass(frozen=True)
class Request:
    """The method, the decoded path, the raw query string, lower-cased headers and the body."""

    method: str
    path: str
    query_string: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @cached_property
    def params(self) -> dict[str, list[str]]:
        """The query string's parameters (parsed once per request; do not change them)."""
        return parse_qs(self.query_string, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Response:
    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    negotiated: bool = False
    cacheable: bool = False  # the same request gets the same bytes until the next build (:mod:`kzgraph.web.cache`)

    @property
    def content_type(self) -> str:
        return content_type(self.media_type)

    def all_headers(self) -> dict[str, str]:
        out = {"Content-Type": self.content_type, "Content-Length": str(len(self.body))}
        if self.status == 204:  # no content: neither a type nor a length (RFC 9110, 8.6)
            out = {}
        if self.negotiated:
            out["Vary"] = "Accept"
        out["Access-Control-Allow-Origin"] = "*"
        out["X-Content-Type-Options"] = "nosniff"
        out.update(self.headers)
        return out
