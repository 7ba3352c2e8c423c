"""Content negotiation: the media types the server offers, the Accept header, and the ``format`` parameter.

``format`` (from the URL or a form body) names a representation by short name (``json``, ``ttl`` …) or media type
and overrides Accept. A value the server does not know, or one that does not fit the answer (``format=xml`` asked
of a CONSTRUCT), falls back to the Accept header instead of failing: real clients such as SPARQLWrapper send both,
and the Accept header is the one the protocol defines.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from kzgraph.rdf import formats

HTML = "text/html"
SOLUTION_TYPES: dict[str, str] = {  # SELECT / ASK; the first is the default for */*
    **{f.media_type: f.name for f in formats.RESULTS_FORMATS.values()},
    **{media: f.name for media, f in formats.media_aliases("results").items()},
    HTML: "html",
    "text/plain": "table",
}
TRIPLE_TYPES: dict[str, str] = {**{f.media_type: f.name for f in formats.RDF_FORMATS.values()}, HTML: "html"}
RESOURCE_TYPES: dict[str, str] = {HTML: "html", **{k: v for k, v in TRIPLE_TYPES.items() if k != HTML}}
SHORT_NAMES: dict[str, str] = {
    **{name: f.media_type for name, f in formats.FORMATS.items()},
    **{alias: formats.FORMATS[name].media_type for alias, name in formats.ALIASES.items()},
    "table": "text/plain",
    "html": HTML,
}
_TEXTUAL = ("text/", "application/n-triples", "application/n-quads", "application/trig")


def parse_accept(header: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values (malformed q counts as 0)."""
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    """The q-value the most specific matching range gives ``offer`` (0 when none matches)."""
    kind = offer.split("/", 1)[0]
    best_specificity, q = -1, 0.0
    for media, mq in ranges:
        if media == offer:
            specificity = 2
        elif media == f"{kind}/*":
            specificity = 1
        elif media in ("*/*", "*"):
            specificity = 0
        else:
            continue
        if specificity > best_specificity:
            best_specificity, q = specificity, mq
    return q


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers (ties go to the earlier offer); the first offer when there is no Accept."""
    if not accept or not accept.strip():
        return offers[0] if offers else None
    if len(accept) > 1000:  # not worth remembering
        return _negotiate(accept, tuple(offers))
    return _negotiate_cached(accept, tuple(offers))


def _negotiate(accept: str, offers: tuple[str, ...]) -> str | None:
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best


_negotiate_cached = functools.lru_cache(maxsize=1024)(_negotiate)  # clients repeat their Accept headers


def requested_format(params: Mapping[str, list[str]], offers: Sequence[str]) -> str | None:
    """The media type the ``format`` parameter names among ``offers`` (the last value given wins), else None."""
    wanted = params.get("format")
    if not wanted:
        return None
    media = SHORT_NAMES.get(wanted[-1].strip().lower(), wanted[-1].strip().lower())
    return media if media in offers else None


def content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith(_TEXTUAL) else media
