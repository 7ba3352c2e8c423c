"""SERVICE on a public endpoint: find every remote call a query would make, and refuse those not allowed.

A SPARQL query may call other endpoints (``SERVICE <url> { … }``), and the engine makes the HTTP request from this
machine: on a public endpoint that reaches any address the server can (SSRF). The engine offers no switch to turn it
off, so the server reads the query text first. The check errs on the side of refusing: SPARQL's ``\\uXXXX``
escapes are decoded first (the grammar applies them before anything else), then every place where ``SERVICE``
(any case) is followed, across whitespace and comments, by an optional ``SILENT``, one endpoint term (an IRI, a
variable or a prefixed name) and ``{`` counts as a call, even inside a string or a comment. A query mentioning
"service" in a literal is not refused; one that spells a call where a call cannot run may be.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kzgraph.web.errors import ServiceRefused

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_GAP = r"(?:\s|#[^\n\r]*(?:[\n\r]|$))*"
_CALL = re.compile(
    rf"SERVICE{_GAP}(?:SILENT{_GAP})?(?P<endpoint><[^<>\s]*>|[?$][^\s{{}}]*|[^\s{{}}<>\"']*:[^\s{{}}]*){_GAP}\{{",
    re.IGNORECASE,
)


def unescape(sparql: str) -> str:
    """The query with SPARQL's codepoint escapes decoded (an escape of an invalid codepoint is left as it is)."""

    def decode(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _ESCAPE.sub(decode, sparql)


def service_calls(sparql: str) -> list[str]:
    """The endpoint of each SERVICE call in ``sparql`` as written (``<…>``, ``?var`` or ``prefix:name``)."""
    return [m["endpoint"] for m in _CALL.finditer(unescape(sparql))]


def check_services(sparql: str, allow: Sequence[str]) -> None:
    """Raise ServiceRefused unless every SERVICE call in ``sparql`` names an endpoint in ``allow`` as a full IRI."""
    for endpoint in service_calls(sparql):
        iri = endpoint[1:-1] if endpoint.startswith("<") else None
        if iri is not None and iri in allow:
            continue
        if not allow:
            raise ServiceRefused("SERVICE (a call to another endpoint) is not allowed on this endpoint")
        if iri is None:
            raise ServiceRefused(f"SERVICE {endpoint}: write the endpoint as a full IRI, one of: {', '.join(allow)}")
        raise ServiceRefused(f"SERVICE <{iri}> is not allowed here; allowed endpoints: {', '.join(allow)}")
