"""Structured lines that are no prose: an infobox's key–value lines and an official document's header block.

- **Infobox** (encyclopaedia pages keep one as ``Key: value`` lines): a run of at least three such lines right
  after a line that is exactly the name of a known body. A post and its holder are paired by key
  (``Leader2 Type: Deputy Chairman`` + ``Leader2: Marat …``), or the key is the post (``Chairman: …``); the
  holder is a known person or a name of two to four capitalised words (proposed as a new person). Each pair is
  a ``kz:Tenure`` of the body (rule ``infobox-post``); ``Founded:``/``Foundation:`` with a full date gives
  ``kz:foundingDate`` (rule ``infobox-founded``).
- **Document symbol** (``CERD/C/KAZ/CO/4-5/Add.1``): a line that is only a symbol of three or more
  slash-separated parts in capitals and digits, and within the next six lines a line that is only a full
  date: the document, proposed under its symbol, was issued then (``kz:adoptionDate``, rule
  ``document-symbol``) and carries the symbol as ``kz:documentNumber``.

Offsets are those of the cleaned text (:mod:`kzgraph.ingest.textmap`); every statement quotes its lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from kzgraph.ingest.candidates import looks_like_person, slug
from kzgraph.ingest.dates import XSD
from kzgraph.ingest.dates import find as find_dates
from kzgraph.ingest.gazetteer import Gazetteer, Mention
from kzgraph.ingest.rules.base import ORGANISATION, PERSON
from kzgraph.ingest.sessions import kinds_of
from kzgraph.ingest.statement import Frame, Proposal, Statement

FIELD = re.compile(
    r"[ \t]*(?:[-*•][ \t]+)?(?P<key>[A-Z][A-Za-z]*(?:[ _][A-Za-z]+)*?)(?P<n>\d*)(?P<type>[ _](?:Type|Title))?"
    r"[ \t]*:[ \t]+(?P<value>\S[^\n]*?)[ \t]*$"
)
POST_KEYS = re.compile(
    r"^(?:(?:first\s+)?(?:deputy|vice)[\s-])?(?:chairman|chairwoman|chairperson|chair|head|president|director|"
    r"secretary|leader|rector|speaker)$",
    re.IGNORECASE,
)
FOUNDED_KEYS = re.compile(r"^(?:founded|foundation|established|formation|formed|created)$", re.IGNORECASE)
SYMBOL = re.compile(r"[ \t]*(?P<symbol>[A-Z]{1,10}(?:/[A-Z0-9][A-Za-z0-9.\-]*){2,})[ \t]*$")
ISO_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
MIN_FIELDS = 3
SYMBOL_REACH = 6


def statements(gaz: Gazetteer, text: str, mentions: list[Mention]) -> Iterator[Statement]:
    """Statements of the infoboxes and header blocks of a cleaned text; ``mentions`` are document-level."""
    lines = _lines(text)
    yield from _infoboxes(gaz, text, lines, mentions)
    yield from _symbols(text, lines)


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for part in text.split("\n"):
        out.append((start, start + len(part)))
        start += len(part) + 1
    return out


def _infoboxes(gaz: Gazetteer, text: str, lines: list[tuple[int, int]], mentions: list[Mention]) -> Iterator[Statement]:
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and FIELD.match(text, *lines[j]):
            j += 1
        if j - i >= MIN_FIELDS and i > 0:
            body = _named_line(gaz, text, lines[i - 1], mentions)
            if body is not None:
                yield from _fields(gaz, text, lines[i:j], body, mentions)
        i = max(j, i + 1)


def _named_line(gaz: Gazetteer, text: str, line: tuple[int, int], mentions: list[Mention]) -> str | None:
    """The known body a line names and nothing else (``= X =`` headings too)."""
    start, end = line
    stripped = text[start:end].strip(" \t=")
    lo = start + text[start:end].index(stripped) if stripped else start
    for m in mentions:
        if m.start == lo and m.end == lo + len(stripped) and kinds_of(gaz, m.entity) & ORGANISATION:
            return m.entity
    return None


def _fields(
    gaz: Gazetteer, text: str, lines: list[tuple[int, int]], body: str, mentions: list[Mention]
) -> Iterator[Statement]:
    fields = [(FIELD.match(text, *line), line) for line in lines]
    posts = {(f["key"].lower(), f["n"]): (f["value"], line) for f, line in fields if f is not None and f["type"]}
    for f, line in fields:
        if f is None or f["type"]:
            continue
        key, value = f["key"], f["value"]
        start, end = f.start("value"), f.end("value")
        if FOUNDED_KEYS.match(key):
            day = _day(value)
            if day is not None:
                yield Statement(body, "foundingDate", "infobox-founded", 0.8, *line, value=day, datatype=XSD + "date")
            continue
        typed = posts.get((key.lower(), f["n"]))
        if typed is not None:
            post, post_line = typed
            span = (min(post_line[0], line[0]), max(post_line[1], line[1]))
        elif POST_KEYS.match(key) and not f["n"]:
            post, span = key, line
        else:
            continue
        if not POST_KEYS.match(post.strip()):
            continue
        holder = _holder(gaz, value, start, end, mentions)
        if holder is None:
            continue
        entity, proposal = holder
        yield Statement(
            entity,
            "ledBody",
            "infobox-post",
            0.75,
            *span,
            object=body,
            new_subject=proposal,
            frame=Frame("Tenure", "holder", post.strip().lower(), literals=(("post", post.strip(), "@en"),)),
        )


def _day(value: str) -> str | None:
    """A field value that is one full date: ISO (``1995-03-01``, as infoboxes write it) or as prose writes it."""
    iso = ISO_DAY.fullmatch(value.strip())
    if iso is not None:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:
            return None
    dates = find_dates(value)
    whole = len(dates) == 1 and dates[0].end - dates[0].start >= len(value.strip().rstrip(".")) - 1
    return dates[0].value if whole and dates[0].role == "point" and dates[0].datatype == XSD + "date" else None


def _holder(
    gaz: Gazetteer, value: str, start: int, end: int, mentions: list[Mention]
) -> tuple[str, Proposal | None] | None:
    known = [m for m in mentions if m.start == start and m.end == end and kinds_of(gaz, m.entity) & PERSON]
    if known:
        return known[0].entity, None
    if any(start <= m.start < end for m in mentions) or not looks_like_person(value):
        return None
    proposal = Proposal(slug(value), value, "Person", "en")
    return proposal.entity, proposal


def _symbols(text: str, lines: list[tuple[int, int]]) -> Iterator[Statement]:
    for i, line in enumerate(lines):
        m = SYMBOL.match(text, *line)
        if m is None:
            continue
        for later in lines[i + 1 : i + 1 + SYMBOL_REACH]:
            value = text[later[0] : later[1]].strip()
            dates = find_dates(value) if value else []
            if len(dates) == 1 and dates[0].datatype == XSD + "date" and dates[0].end - dates[0].start == len(value):
                symbol = m["symbol"]
                proposal = Proposal(slug(symbol), symbol, "Document", "en")
                span = (m.start("symbol"), later[1])
                d = dates[0]
                yield Statement(
                    proposal.entity,
                    "adoptionDate",
                    "document-symbol",
                    0.75,
                    *span,
                    value=d.value,
                    datatype=d.datatype,
                    new_subject=proposal,
                )
                yield Statement(
                    proposal.entity,
                    "documentNumber",
                    "document-symbol",
                    0.8,
                    *span,
                    value=symbol,
                    datatype=XSD + "string",
                    new_subject=proposal,
                )
                break
