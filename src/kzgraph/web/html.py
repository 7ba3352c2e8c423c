"""The HTML around every page: escaping, the page frame, its style and its Content-Security-Policy.

Every string from the graph, a text or a request goes through :func:`e`; pages carry :data:`CSP`, which allows no
script. Links are relative (:func:`root_of`), so the site also works under a path prefix behind a reverse proxy.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

CSS = """
body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#222}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:14px} td,th{border:1px solid #ddd;padding:4px 6px;
vertical-align:top;text-align:left} th{background:#f5f5f5} code,.iri{font-family:ui-monospace,monospace;font-size:13px}
blockquote{margin:0;padding:0 .6em;border-left:3px solid #9ab;color:#333} .muted{color:#777;font-size:13px}
nav a{margin-right:1em} textarea{width:100%;font-family:ui-monospace,monospace}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"
REASONS = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
           413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Entity", 500: "Internal Error",
           502: "Bad Gateway", 503: "Service Unavailable"}  # fmt: skip


def e(value: object) -> str:
    """HTML-escape anything (quotes included)."""
    return html.escape(str(value), quote=True)


def page(title: str, body: str, *, root: str, alternates: Iterable[tuple[str, str]] = ()) -> bytes:
    """A whole HTML page; ``body`` is already-escaped HTML, ``root`` the relative URL of the site's root."""
    links = "".join(f'<link rel="alternate" type="{e(t)}" href="{e(h)}">' for t, h in alternates)
    nav = (f'<nav><a href="{e(root) or "./"}">kzgraph</a><a href="{e(root)}sparql">SPARQL</a>'
           f'<a href="{e(root)}query">queries</a><a href="{e(root)}ontology">ontology</a></nav>')  # fmt: skip
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{links}<style>{CSS}</style></head>'
        f"<body>{nav}{body}</body></html>"
    ).encode()


def root_of(path: str) -> str:
    """The relative URL from ``path`` to the site's root (``/id/apk`` → ``../``)."""
    return "../" * max(path.count("/") - 1, 0)
