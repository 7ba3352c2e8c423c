"""The error hierarchy: each error knows its CLI exit code and its HTTP status.

Exit codes follow pySHACL's grading: 0 ok, 1 the data has problems (validation), 2 bad input or usage.
"""

from __future__ import annotations


class KzGraphError(Exception):
    """Base class of every error kzgraph reports to a user."""

    exit_code = 2
    http_status = 400


class SourceError(KzGraphError):
    """A corpus text, a curated data file or the ontology cannot be read or is malformed."""


class EvidenceError(KzGraphError):
    """A quote is not found in its source, or is ambiguous there."""


class ValidationError(KzGraphError):
    """The built graph does not conform to the SHACL shapes."""

    exit_code = 1
    http_status = 422

    def __init__(self, message: str, *, report: str = "") -> None:
        super().__init__(message)
        self.report = report


class StageError(KzGraphError):
    """A build stage running in its own process ended without a report (killed, out of memory, a native crash)."""

    http_status = 500


class QueryError(KzGraphError):
    """A SPARQL query is malformed, unknown, or was given bad parameters."""


class QueryTimeout(QueryError):
    """A query ran past its time limit."""

    http_status = 503


class StoreError(KzGraphError):
    """The store cannot be opened, read or written."""

    http_status = 503


class IngestError(SourceError):
    """A file that cannot be ingested (empty, binary, undecodable, too large, unsupported, a bad PDF)."""


class NotFoundError(KzGraphError):
    """An entity, query or document that was asked for does not exist."""

    http_status = 404


class RemoteError(KzGraphError):
    """A remote SPARQL endpoint failed or answered something unusable."""

    exit_code = 3
    http_status = 502
