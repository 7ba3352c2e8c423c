"""How long an event lasts and in how many sections it works (English): ``the two-day session``, ``The forum
will last three days``, ``The session will continue its work in five sections``.

The event is an event the sentence names (a session, also ``the session`` for the one named last): for ``N-day
<event noun>`` the mention that covers or starts with the noun phrase; for ``last(s) N days`` and ``in N
sections/panels`` the nearest event named before the figure in its clause. ``kz:durationDays`` (rule
``event-duration``) and ``kz:sectionCount`` (rule ``event-sections``); a figure with no event to carry it gives
nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.dates import XSD
from kzgraph.ingest.numbers import EN_UNITS
from kzgraph.ingest.rules.base import EVENT, Context
from kzgraph.ingest.statement import Statement

KEYS = ("-day", " day", "days", "section", "panel")
_N = r"(?P<n>\d{1,2}|" + "|".join(EN_UNITS[:12]) + ")"
WORDS = {w: i for i, w in enumerate(EN_UNITS[:12], start=1)}
DAY_EVENT = re.compile(
    rf"(?<![\w-]){_N}[- ]day\s+(?:[a-z]+\s+){{0,2}}?(?P<noun>session|forum|congress|conference|meeting|summit)\b",
    re.IGNORECASE,
)
LASTS = re.compile(rf"\blast(?:s|ed)?\s+(?:for\s+)?{_N}\s+days\b", re.IGNORECASE)
SECTIONS = re.compile(
    rf"\b(?:in|within|across)\s+(?:the\s+(?:framework|format)\s+of\s+)?{_N}\s+(?:thematic\s+|parallel\s+|panel\s+)?"
    r"(?:sections|panels|panel\s+sessions)\b",
    re.IGNORECASE,
)

THE_BEFORE = re.compile(r"\b(?:[Tt]he|[Tt]his)\s+$")
THE_SESSION = re.compile(r"\s*(?:[Tt]he|[Tt]his)\s+(?:\w+[- ]day\s+)?session\b")


def event_figures(ctx: Context) -> Iterator[Statement]:
    text = ctx.text
    events = [m for m in ctx.mentions if ctx.kinds_for[m.entity] & EVENT]
    last = ctx.topic.get("session")  # "the session": the one the document named last
    for d in DAY_EVENT.finditer(text):
        event = next((m.entity for m in events if m.start <= d.start("noun") < m.end), None)
        if event is None:
            event = next((m.entity for m in events if d.start() <= m.start <= d.start("noun")), None)
        if event is None and d["noun"].lower() == "session" and THE_BEFORE.search(text, 0, d.start()):
            event = last
        if event is not None:
            yield _figure(ctx, event, "durationDays", "event-duration", d["n"])
    for pattern, predicate, rule in (
        (LASTS, "durationDays", "event-duration"),
        (SECTIONS, "sectionCount", "event-sections"),
    ):
        for f in pattern.finditer(text):
            before = [m for m in events if m.end <= f.start() and ";" not in text[m.end : f.start()]]
            if before:
                yield _figure(ctx, max(before, key=lambda m: m.end).entity, predicate, rule, f["n"])
            elif last is not None and THE_SESSION.match(text):
                yield _figure(ctx, last, predicate, rule, f["n"])


def _figure(ctx: Context, event: str, predicate: str, rule: str, raw: str) -> Statement:
    value = int(raw) if raw.isdigit() else WORDS[raw.lower()]
    return Statement(event, predicate, rule, 0.7, *ctx.span, value=str(value), datatype=XSD + "integer")
