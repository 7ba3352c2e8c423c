"""The errors only the server raises, each with its HTTP status (the rest come from :mod:`kzgraph.errors`)."""

from __future__ import annotations

from kzgraph.errors import KzGraphError


class NotAcceptable(KzGraphError):
    """No representation of the resource matches the request's Accept header."""

    http_status = 406


class MethodNotAllowed(KzGraphError):
    """The resource does not answer this HTTP method."""

    http_status = 405

    def __init__(self, message: str, *, allow: str) -> None:
        super().__init__(message)
        self.allow = allow


class ReadOnly(KzGraphError):
    """A SPARQL Update (or any write) was sent to this read-only server."""

    http_status = 403


class ServiceRefused(KzGraphError):
    """A query calls a remote endpoint (SERVICE) that the server's configuration does not allow."""

    http_status = 403


class UnsupportedMediaType(KzGraphError):
    """A POST body in a content type the SPARQL protocol does not define for queries."""

    http_status = 415


class PayloadTooLarge(KzGraphError):
    """A request body above the configured limit."""

    http_status = 413


class Busy(KzGraphError):
    """Every query worker is taken and the wait for one ran out: try again after ``retry_after`` seconds."""

    http_status = 503

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServeError(KzGraphError):
    """The server cannot start (address in use, bad option, bad configuration file)."""
