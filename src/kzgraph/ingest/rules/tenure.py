"""Who held a post and when (English): ``P, who served as assembly chairman until April 2021``, ``P served as
chair of the Council from 2010 to 2015``, ``P has acted as deputy head of X since 2019``.

The holder is a person named right before the verb (``P served``, ``P, who served``, ``P has also served``);
the post is the noun phrase after ``as`` that ends in a post noun (chairman, chair, head, director …); the body
is a known organisation named in an ``of``-phrase after the post, or one whose head word modifies the post
(``assembly chairman`` in a sentence that names — or refers to — the Assembly). The dates of the clause after
the post give the tenure's ``kz:startDate`` (``since``, ``from``) and ``kz:endDate`` (``until``, ``to``).
Each becomes a claim on a ``kz:Tenure`` node (``kz:holder`` the person, ``kz:ledBody`` the body, ``kz:post``
as written); a post with neither a date nor a body gives nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.rules.base import ORGANISATION, PERSON, Context, rx
from kzgraph.ingest.rules.prefilter import head_word
from kzgraph.ingest.statement import Frame, Statement

KEYS = ("served as", "serving as", "serves as", "acted as", "acting as", "remained as", "worked as", "working as")
POST_NOUN = r"(?:chairman|chairwoman|chairperson|chair|head|president|director|secretary|speaker|leader|rector)"
SERVED = rx(
    r"\b(?:served|serving|serves|acted|acting|remained|worked|working)\s+as\s+(?:the\s+|its\s+|an?\s+)?"
    rf"(?P<post>(?:[A-Za-z’'-]+\s+){{0,3}}?{POST_NOUN})\b(?P<of>\s+of\s+(?:the\s+)?)?"
)
# Between the holder and the verb: a comma and "who", or an auxiliary and adverbs.
HOLDER_GAP = re.compile(r"(?:\s*,\s*who|\s+(?:has|had|have|also|then|later|previously|once|long)){0,3}\s+$")
CLAUSE_END = re.compile(r";|[.!?](?:\s|$)")
UNTIL = re.compile(r"(?:until|till|up\s+to|through)\s+(?:the\s+end\s+of\s+)?$", re.IGNORECASE)
SINCE = re.compile(r"(?:since|from)\s+$", re.IGNORECASE)
DATE_REACH = 60


def tenures(ctx: Context) -> Iterator[Statement]:
    text, kinds_for = ctx.text, ctx.kinds_for
    for t in SERVED.finditer(text):
        holder = next(
            (
                m
                for m in sorted(ctx.mentions, key=lambda m: -m.end)
                if m.end <= t.start() and kinds_for[m.entity] & PERSON and HOLDER_GAP.match(text, m.end, t.start())
            ),
            None,
        )
        if holder is None:
            continue
        post = t["post"]
        body = _body(ctx, t.end() if t["of"] else None, post.lower().split()[:-1])
        end = CLAUSE_END.search(text, t.end())
        stop = end.start() if end is not None else len(text)
        dated = []
        for d in ctx.dates:
            if not (t.end("post") <= d.start < min(stop, t.end() + DATE_REACH)):
                continue
            before = text[max(0, d.start - 30) : d.start]
            if d.role == "end" or (d.role == "bound" and UNTIL.search(before)):
                dated.append(("endDate", d))
            elif d.role == "start" or (d.role == "point" and SINCE.search(before)):
                dated.append(("startDate", d))
        if not dated and body is None:
            continue
        frame = Frame(
            "Tenure",
            "holder",
            post.lower(),
            entities=(("ledBody", body),) if body is not None else (),
            literals=(("post", post, "@en"),),
        )
        if not dated and body is not None:
            yield Statement(holder.entity, "ledBody", "tenure-en", 0.7, *ctx.span, object=body, frame=_bare(frame))
        for predicate, d in dated:
            yield Statement(
                holder.entity,
                predicate,
                "tenure-en",
                0.75,
                *ctx.span,
                value=d.value,
                datatype=d.datatype,
                frame=frame,
            )


def _bare(frame: Frame) -> Frame:
    """The frame without its body (the body is then the claimed object, not a plain part)."""
    return Frame(frame.cls, frame.link, frame.key, literals=frame.literals)


def _body(ctx: Context, of_at: int | None, modifiers: list[str]) -> str | None:
    """The body the post belongs to: a known organisation right after ``of (the)``, else one named (or referred
    to) in the sentence whose head word modifies the post."""
    orgs = [m for m in ctx.mentions if ctx.kinds_for[m.entity] & ORGANISATION]
    if of_at is not None:
        m = next((m for m in orgs if m.start == of_at), None)
        if m is not None:
            return m.entity
    for m in orgs:
        if head_word(ctx.gaz, m.entity) in modifiers or m.surface.lower() in modifiers:
            return m.entity
    return None
