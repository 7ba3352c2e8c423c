"""Bodies attached to other bodies, and what documents regulate (English and Russian):

- ``the Council of Public Accord under the Assembly …``, ``… was created in 2012 under the Assembly``,
  ``Mothers' Council at the Assembly``, ``Молодёжный
  совет при Ассамблее …`` → ``kz:underAuspicesOf`` (a body named right before ``under``/``at``/``attached
  to``/``при``, known or proposed as new, of an organisation named right after);
- ``the Law … defines the status … of the Assembly``, ``Закон … регулирует деятельность Ассамблеи`` →
  ``kz:regulates`` (a document that defines/regulates/governs the status, activity or order of a body).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest import candidates as cand
from kzgraph.ingest.candidates import guess_class, slug
from kzgraph.ingest.gazetteer import Mention
from kzgraph.ingest.rules.base import DOCUMENT, Context, rx
from kzgraph.ingest.statement import Proposal, Statement

ATTACHED = rx(
    r"^\s*,?\s*(?:(?:was|were|is|are|has\s+been)\s+(?:created|established|formed|set\s+up|founded|organi[sz]ed|"
    r"operat\w+|function\w+)(?:\s+in\s+[^,;]{1,25}?)?\s+)?(?:under|at|attached\s+to|при)\s+(?:the\s+)?$"
)
BODY_HEAD = re.compile(
    r"(?:council|committee|commission|board|group|centre|center|house|club|school|department|совет|комитет|"
    r"комиссия|групп\w*|центр|дом|клуб|кафедр\w*)\W*$",
    re.IGNORECASE,
)
REGULATES = rx(
    r"\b(?:defines|determines|regulates|governs|establishes)\s+(?:the\s+)?(?:legal\s+)?(?:status|activit\w+|order|"
    r"organi[sz]ation|powers)\b[^.;]{0,120}?\bof\s+(?:the\s+)?$"
    r"|\b(?:определяет|регулирует|устанавливает)\s+(?:правовой\s+)?(?:статус|деятельност\w+|порядок)[^.;]{0,120}?$"
)
KEYS: tuple[str, ...] = (
    "under",
    " at ",
    "attached",
    "при ",
    "defines",
    "determines",
    "regulates",
    "governs",
    "establishes",
)
KEYS += ("определяет", "регулирует", "устанавливает")


def _body_before(ctx: Context, at: int, found: list[cand.Candidate]) -> tuple[str, Proposal | None] | None:
    """The body whose name ends at ``at``: a known organisation, or a candidate name with a body noun."""
    known = next((m for m in ctx.mentions if m.end == at and ctx.kinds_for[m.entity] & {"Organization"}), None)
    if known is not None:
        return known.entity, None
    c = next((c for c in found if c.end == at), None)
    if c is None or not BODY_HEAD.search(re.split(r"\s+(?:of|for|on)\s+", c.label)[0]):
        return None
    proposal = Proposal(slug(c.label), c.label, guess_class(c.label, c.how), ctx.language)
    return proposal.entity, proposal


def relations(ctx: Context) -> Iterator[Statement]:
    text, found = ctx.text, cand.find(ctx.text, ctx.mentions)
    ends = sorted({m.end for m in ctx.mentions} | {c.end for c in found})
    for host in ctx.mentions:
        if not ctx.kinds_for[host.entity] & {"Organization", "Office"}:
            continue
        start = next((e for e in reversed(ends) if e <= host.start and ATTACHED.match(text[e : host.start])), None)
        if start is not None:
            body = _body_before(ctx, start, found)
            if body is not None and body[0] != host.entity:
                yield Statement(
                    body[0], "underAuspicesOf", "attached-to", 0.75, *ctx.span, object=host.entity, new_subject=body[1]
                )
        doc = _regulating(ctx, host)
        if doc is not None:
            yield Statement(doc.entity, "regulates", "document-regulates", 0.7, *ctx.span, object=host.entity)


def _regulating(ctx: Context, host: Mention) -> Mention | None:
    """The document that defines the status or activity of ``host``, named before it in the sentence."""
    if REGULATES.search(ctx.text, max(0, host.start - 160), host.start) is None:
        return None
    docs = [m for m in ctx.mentions if m.end <= host.start and ctx.kinds_for[m.entity] & DOCUMENT]
    return docs[-1] if docs else None
