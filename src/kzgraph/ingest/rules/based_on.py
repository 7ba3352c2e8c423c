"""What a document rests on (English): ``The Charter is based on the Constitution and the Law "On …"``,
``the Strategy, which is based on the provisions of the Concept, …`` → ``kz:basedOn`` from the document named
right before ``is/are/was based on`` (or ``The Charter`` referring back to a document the text named earlier)
to each document named in the coordinated list right after it. The list ends at the first phrase that is no
document name (``and other legal acts``): nothing is guessed beyond it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.rules.base import DOCUMENT, Context
from kzgraph.ingest.rules.prefilter import head_word
from kzgraph.ingest.statement import Statement

CUE = re.compile(r"\s*,?\s*(?:which\s+)?(?:is|are|was|were|has\s+been)\s+based\s+on\s+", re.IGNORECASE)
# What may stand between two documents of the list, or between the cue and the first one.
GAP = re.compile(
    r"(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)?(?:the\s+)?(?:(?:provisions|principles|norms)\s+of\s+(?:the\s+)?)?",
    re.IGNORECASE,
)
BACK_REFERENCE = re.compile(r"^\s*(?:The|This)\s+([A-Z][a-z]+)$")
KEYS: tuple[str, ...] = ("based on",)


def _subject(ctx: Context, at: int) -> str | None:
    """The document named right before the cue at ``at``, or "The <Head>" that refers back to one."""
    known = next((m for m in ctx.mentions if m.end == at and ctx.kinds_for[m.entity] & DOCUMENT), None)
    if known is not None:
        return known.entity
    back = BACK_REFERENCE.match(ctx.text[:at])
    if back is None:
        return None
    head = back[1].lower()
    earlier = [e for e, _ in ctx.named.values() if e in ctx.gaz.entities and head_word(ctx.gaz, e) == head]
    kinds = ctx.gaz.entities[earlier[-1]].kinds if earlier else frozenset()
    return earlier[-1] if len(set(earlier)) == 1 and kinds & DOCUMENT else None


def based_on(ctx: Context) -> Iterator[Statement]:
    text = ctx.text
    for cue in CUE.finditer(text):
        subject = _subject(ctx, cue.start())
        if subject is None:
            continue
        at = cue.end()
        for m in (x for x in ctx.mentions if x.start >= at):
            if GAP.fullmatch(text, at, m.start) is None or not ctx.kinds_for[m.entity] & DOCUMENT:
                break
            if m.entity != subject:
                yield Statement(subject, "basedOn", "based-on", 0.7, *ctx.span, object=m.entity)
            at = m.end
