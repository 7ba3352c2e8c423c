"""Counts of a named kind of body written in the plural (English): ``1,200 rural Youth Councils``, ``40 Youth
Councils at universities``, the coordinated ``12 regional, 30 district Youth Councils`` (each number shares the
head noun phrase) and, after ``the number of Youth Councils``, a series ``310 in 2014, 450 in 2016`` (each an
as-of count) → ``kz:count`` of the body whose name is the singular — a known entity, or one named (or proposed)
earlier in the same document. A plural that names no such body yields nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.dates import XSD
from kzgraph.ingest.gazetteer import fold
from kzgraph.ingest.rules.base import COUNTABLE, ORGANISATION, Context
from kzgraph.ingest.statement import Proposal, Statement

_WORD = r"[A-Z][\w’'-]*"
# number, up to two lower-case modifiers, a capitalised name whose last word is a plural, an optional "at/in …".
PLURAL_COUNT = re.compile(
    rf"(?<![\w.,-])(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+)\s+(?P<mod>(?:[a-z][\w-]*\s+){{0,2}})"
    rf"(?P<name>(?:{_WORD}\s+){{0,3}}[A-Z][\w’'-]*[^sS\W]s)\b"
    r"(?P<where>\s+(?:at|in|of|under)\s+(?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?(?=\s+(?:and|are|is|were|was)\b|[,.;:]))?"
)
# "16 regional, 47 city, " right before the matched number: the same head noun phrase, elided.
COORDINATED = re.compile(r"(?:(?<![\w.,-])\d{1,3}(?:,\d{3})*\s+[a-z][\w-]*,\s+)+$")
ONE_COORDINATED = re.compile(r"(?P<n>\d{1,3}(?:,\d{3})*)\s+(?P<mod>[a-z][\w-]*),")
NUMBER_OF = re.compile(r"\bnumber\s+of\s+(?:the\s+)?(?P<words>[\w’'-]+(?:\s+[\w’'-]+){0,3})", re.IGNORECASE)
PLURAL = re.compile(r"[\w’'-]+[^sS\W]s")
AS_OF_SERIES = re.compile(r"(?<![\w.,-])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+in\s+(?P<year>(?:1[6-9]|20)\d\d)\b(?!\s*[-–%])")
QUALIFIER = re.compile(
    r"\b(?:(?P<about>about|around|approximately|nearly|almost)|(?P<over>over|more\s+than))\s+$", re.IGNORECASE
)
# Cheap gate: a number followed (after at most two lower-case words) by a capital, or "number of".
GATE = re.compile(r"\d\s+(?:[a-z][\w-]*\s+){0,2}[A-Z]|number\s+of")
YEAR = re.compile(r"^(?:1[6-9]|20)\d\d$")


def singular(plural: str) -> str:
    """``Youth Councils`` → ``Youth Council``, ``Societies`` → ``Society`` (the last word only)."""
    last = plural.rsplit(None, 1)
    word = last[-1]
    word = word[:-3] + "y" if word.lower().endswith("ies") else word[:-1]
    return f"{last[0]} {word}" if len(last) == 2 else word


def body_named(ctx: Context, plural: str) -> tuple[str, Proposal | None] | None:
    """The entity whose name is the singular of ``plural`` (with its proposal if it is new): named earlier in
    the document, or a known label."""
    name = singular(plural)
    key = " ".join(fold(name).split())
    body: tuple[str, Proposal | None] | None = ctx.named.get(key)
    if body is None:
        found = ctx.gaz.find(name)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(name):
            body = (found[0].entity, None)
    if body is None:
        return None
    entity, proposal = body
    if proposal is not None:
        return body if proposal.cls != "Person" else None
    info = ctx.gaz.entities.get(entity)
    return body if info is not None and info.kinds & (ORGANISATION | COUNTABLE) else None


def _count(
    ctx: Context, body: tuple[str, Proposal | None], n: str, item: str, as_of: str | None = None, at: int = -1
) -> Statement:
    """The count ``n`` of ``entity``; ``at``: where the number starts, to read a qualifier right before it."""
    q = QUALIFIER.search(ctx.text, max(0, at - 20), at) if at > 0 else None
    qualifier = None if q is None else "about" if q["about"] else "over"
    return Statement(
        body[0],
        "countAtLeast" if qualifier == "over" else "count",
        "count-plural-name",
        0.65,
        *ctx.span,
        value=str(int(n.replace(",", ""))),
        datatype=XSD + "integer",
        qualifier=qualifier,
        as_of=as_of,
        item=item,
        new_subject=body[1],
    )


def plural_counts(ctx: Context) -> Iterator[Statement]:
    text = ctx.text
    if GATE.search(text) is None:
        return
    for m in PLURAL_COUNT.finditer(text):
        if YEAR.match(m["n"]):
            continue
        entity = body_named(ctx, m["name"])
        if entity is None:
            continue
        yield _count(ctx, entity, m["n"], f"{m['mod']}{m['name']}{m['where'] or ''}", at=m.start())
        chain = COORDINATED.search(text, 0, m.start())
        if chain is not None:
            for c in ONE_COORDINATED.finditer(chain[0]):
                if not YEAR.match(c["n"]):
                    yield _count(ctx, entity, c["n"], f"{c['mod']} {m['name']}", at=chain.start() + c.start())
    cue = NUMBER_OF.search(text)
    if cue is None:
        return
    words = cue["words"].split()
    for k in range(len(words), 0, -1):  # the longest plural phrase that names a body
        name = " ".join(words[:k])
        entity = body_named(ctx, name) if PLURAL.fullmatch(words[k - 1]) else None
        if entity is not None:
            for s in AS_OF_SERIES.finditer(text, cue.end()):
                yield _count(ctx, entity, s["n"], name, as_of=s["year"])
            return
