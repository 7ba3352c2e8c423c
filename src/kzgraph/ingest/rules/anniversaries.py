"""Anniversaries (English): ``In 2025, the Assembly celebrates its 30th anniversary``, ``the session …, marking
the assembly's 30th anniversary``, ``… celebrating the 20th anniversary of the APK``.

The anniversary belongs to its owner: ``the Nth anniversary of X``, ``X's Nth anniversary`` (X a known entity
or ``the <head word>`` of one named in the sentence or earlier in the document), or ``its Nth anniversary``
after a verb of celebrating whose subject X is. It is a ``kz:Anniversary`` node (``kz:anniversaryOf`` X,
``kz:anniversaryNumber`` N). Then:

- an event of the sentence (a session) held to mark it — the anniversary phrase follows ``marking``,
  ``celebrating``, ``dedicated to`` … in the event's clause — gives ``kz:celebratedAt`` the event
  (rule ``anniversary-event``);
- otherwise a verb of celebrating and a year (or date) in the sentence give the anniversary's ``kz:date``
  (rule ``anniversary-date``) when the sentence has exactly one date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.dates import XSD
from kzgraph.ingest.gazetteer import Mention
from kzgraph.ingest.numbers import EN_ORDINALS
from kzgraph.ingest.rules.base import EVENT, Context
from kzgraph.ingest.rules.prefilter import head_word
from kzgraph.ingest.statement import Frame, Statement

KEYS = ("anniversary",)
_WORDS = "|".join(sorted(EN_ORDINALS, key=len, reverse=True))
ANNIVERSARY = re.compile(
    rf"(?P<owner>\b[Ii]ts\s+|(?:\b[Tt]he\s+)?(?P<word>[A-Za-z][\w-]*)[’']s\s+)?"
    rf"(?P<n>\d{{1,3}}(?:st|nd|rd|th)|\b(?:{_WORDS}))\s+anniversary\b(?P<of>\s+of\s+(?:the\s+)?)?",
    re.IGNORECASE,
)
MARKING = re.compile(
    r"\b(?:mark(?:s|ed|ing)?|celebrat(?:es|ed|ing|e)|commemorat\w+|dedicated\s+to|devoted\s+to|timed\s+to|"
    r"on\s+the\s+occasion\s+of|in\s+honou?r\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
CELEBRATE = re.compile(r"\b(?:celebrat\w*|mark(?:s|ed|ing)?|commemorat\w*)\s+$", re.IGNORECASE)


def anniversaries(ctx: Context) -> Iterator[Statement]:
    text = ctx.text
    for a in ANNIVERSARY.finditer(text):
        n = _number(a["n"])
        if n is None or n > 500:
            continue
        owner = _owner(ctx, a)
        if owner is None:
            continue
        lead = text[max(0, a.start() - 40) : a.start()]
        number = (("anniversaryNumber", str(n), XSD + "integer"),)
        event = _event(ctx, a.start()) if MARKING.search(lead) else None
        if event is not None and event != owner:
            yield Statement(
                event,
                "anniversaryNumber",
                "anniversary-event",
                0.75,
                *ctx.span,
                value=str(n),
                datatype=XSD + "integer",
                frame=Frame("Anniversary", "celebratedAt", str(n), entities=(("anniversaryOf", owner),)),
            )
            continue
        if not CELEBRATE.search(lead):
            continue
        dates = [d for d in ctx.dates if d.role == "point" and not (a.start() <= d.start < a.end())]
        if len(dates) != 1:
            continue
        d = dates[0]
        yield Statement(
            owner,
            "date",
            "anniversary-date",
            0.75,
            *ctx.span,
            value=d.value,
            datatype=d.datatype,
            frame=Frame("Anniversary", "anniversaryOf", str(n), literals=number),
        )


def _number(raw: str) -> int | None:
    digits = re.match(r"\d+", raw)
    return int(digits[0]) if digits else EN_ORDINALS.get(raw.lower())


def _owner(ctx: Context, a: re.Match[str]) -> str | None:
    if a["of"]:
        m = next((m for m in ctx.mentions if m.start == a.end()), None)
        return m.entity if m is not None and not ctx.kinds_for[m.entity] & EVENT else None
    if a["word"]:
        at = a.start("word")
        m = next((m for m in ctx.mentions if m.start <= at < m.end), None)
        if m is not None:
            return m.entity if not ctx.kinds_for[m.entity] & EVENT else None
        return _by_head(ctx, a["word"].lower())
    if a["owner"]:  # "its": the subject of the celebrating verb before it
        lead = ctx.text[: a.start()]
        verb = CELEBRATE.search(lead)
        if verb is None:
            return None
        before = [m for m in ctx.mentions if m.end <= verb.start() and not ctx.kinds_for[m.entity] & EVENT]
        if before:
            m = max(before, key=lambda m: m.end)
            return m.entity if re.fullmatch(r"\s*", ctx.text[m.end : verb.start()]) else None
        word = re.search(r"\b[Tt]he\s+([A-Za-z]+)\s*$", ctx.text[: verb.start()])
        return _by_head(ctx, word[1].lower()) if word else None
    return None


def _by_head(ctx: Context, word: str) -> str | None:
    """The one entity named in the sentence or earlier in the document whose head word is ``word``."""
    found = {m.entity for m in ctx.mentions if head_word(ctx.gaz, m.entity) == word}
    if not found:
        found = {e for e, p in ctx.named.values() if p is None and head_word(ctx.gaz, e) == word}
    return found.pop() if len(found) == 1 else None


def _event(ctx: Context, at: int) -> str | None:
    """The event named before the anniversary phrase in its sentence (the nearest one)."""
    before: list[Mention] = [m for m in ctx.mentions if m.end <= at and ctx.kinds_for[m.entity] & EVENT]
    return max(before, key=lambda m: m.end).entity if before else None
