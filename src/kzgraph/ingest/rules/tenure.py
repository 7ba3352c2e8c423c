"""Who held a post and when (English): ``P, who served as assembly chairman until April 2021``, ``P served as
chair of the Council from 2010 to 2015``, ``P has acted as deputy head of X since 2019``.

The holder is a person named right before the verb (``P served``, ``P, who served``, ``P has also served``),
known or a new name of two to four capitalised words;
the post is the noun phrase after ``as`` that ends in a post noun (chairman, chair, head, director …); the body
is a known organisation named in an ``of``-phrase after the post, or one whose head word modifies the post
(``assembly chairman`` in a sentence that names — or refers to — the Assembly). The dates of the clause after
the post give the tenure's ``kz:startDate`` (``since``, ``from``) and ``kz:endDate`` (``until``, ``to``).
Each becomes a claim on a ``kz:Tenure`` node (``kz:holder`` the person, ``kz:ledBody`` the body, ``kz:post``
as written); a post with neither a date nor a body gives nothing.

An appointment or election to a post of a known body (``P was appointed deputy chairman of X on 5 May 2022``,
``In March 2022, P was elected chair of X``) starts a tenure: the first date after the post in the clause, or a
date fronted before the sentence, is its ``kz:startDate`` (rule ``tenure-appointed-en``); without a date, the
tenure names the body only. ``P chaired/headed/led X from 1995 to 2021`` (``until``, ``since``) dates P's
tenure of the known body X (rule ``tenure-led-en``, no ``kz:post``); a range there is no period of X's own."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.candidates import looks_like_person, slug
from kzgraph.ingest.rules.base import ORGANISATION, PERSON, Context, fronted_date, rx
from kzgraph.ingest.rules.prefilter import head_word
from kzgraph.ingest.statement import Frame, Proposal, Statement

KEYS: tuple[str, ...] = ("served as", "serving as", "serves as", "acted as", "acting as", "worked as", "working as")
KEYS += ("appointed", "elected", "named", "designated", "chaired", "headed", "led ", "presided")
POST_NOUN = r"(?:chairman|chairwoman|chairperson|chair|head|president|director|secretary|speaker|leader|rector)"
SERVED = rx(
    r"\b(?:served|serving|serves|acted|acting|remained|worked|working)\s+as\s+(?:the\s+|its\s+|an?\s+)?"
    rf"(?P<post>(?:[A-Za-z’'-]+\s+){{0,3}}?{POST_NOUN})\b(?P<of>\s+of\s+(?:the\s+)?)?"
)
APPOINTED = rx(
    r"\b(?:was|were|has\s+been|had\s+been)\s+(?:appointed|elected|named|designated)\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?"
    rf"(?P<post>(?:first\s+)?(?:deputy\s+|vice[- ])?{POST_NOUN})\b(?P<of>\s+of\s+(?:the\s+)?)"
)
LED = rx(r"\b(?P<post>chaired|headed|led|presided\s+over)\s+(?P<of>(?:the\s+)?)")
# Between the holder and the verb: a comma and "who", or an auxiliary and adverbs.
HOLDER_GAP = re.compile(r"(?:\s*,\s*who|\s+(?:has|had|have|also|then|later|previously|once|long)){0,3}\s+$")
NAME_BEFORE = re.compile(r"(?<![\w’'-])[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,3}(?=(?:\s*,\s*who|\s+\w+){0,4}\s*$)")
CLAUSE_END = re.compile(r";|[.!?](?:\s|$)")
UNTIL = re.compile(r"(?:until|till|up\s+to|through)\s+(?:the\s+end\s+of\s+)?$", re.IGNORECASE)
SINCE = re.compile(r"(?:since|from)\s+$", re.IGNORECASE)
DATE_REACH = 60


def tenures(ctx: Context) -> Iterator[Statement]:
    for pattern, rule in ((SERVED, "tenure-en"), (APPOINTED, "tenure-appointed-en"), (LED, "tenure-led-en")):
        yield from _tenures(ctx, pattern, rule)


def _tenures(ctx: Context, pattern: re.Pattern[str], rule: str) -> Iterator[Statement]:
    text = ctx.text
    appointed = rule == "tenure-appointed-en"
    for t in pattern.finditer(text):
        holder = _holder(ctx, t.start())
        if holder is None:
            continue
        who, proposal = holder
        post = t["post"]
        led = rule == "tenure-led-en"
        body = _body(
            ctx, t.end() if t["of"] is not None else None, [] if appointed or led else post.lower().split()[:-1]
        )
        if (appointed or led) and body is None:
            continue  # "was elected chairman of the board": whose board is unknown
        end = CLAUSE_END.search(text, t.end())
        stop = end.start() if end is not None else len(text)
        dated = []
        for d in ctx.dates:
            if not (t.end("post") <= d.start < min(stop, t.end() + DATE_REACH)):
                continue
            before = text[max(0, d.start - 30) : d.start]
            if d.role == "end" or (d.role == "bound" and UNTIL.search(before)):
                dated.append(("endDate", d))
            elif d.role == "start" or (d.role == "point" and (SINCE.search(before) or appointed)):
                dated.append(("startDate", d))  # an appointment starts a tenure
        if appointed:
            fronted = fronted_date(text, ctx.dates, t.start())
            if not dated and fronted is not None:
                dated.append(("startDate", fronted))
            dated = dated[:1]
        if not dated and body is None:
            continue
        frame = Frame(
            "Tenure",
            "holder",
            post.lower(),
            entities=(("ledBody", body),) if body is not None else (),
            literals=() if led else (("post", post, "@en"),),  # "chaired" is no post as written
        )
        if led and not dated:
            continue  # "P chairs X" alone is kz:chairedBy (rules/chair.py)
        if not dated and body is not None:
            yield Statement(who, "ledBody", rule, 0.7, *ctx.span, object=body, new_subject=proposal, frame=_bare(frame))
        for predicate, d in dated:
            yield Statement(
                who,
                predicate,
                rule,
                0.75,
                *ctx.span,
                value=d.value,
                datatype=d.datatype,
                new_subject=proposal,
                frame=frame,
            )


def _holder(ctx: Context, at: int) -> tuple[str, Proposal | None] | None:
    """The person named right before the verb at ``at``: a known one, else a name of two to four capitalised
    words that no mention covers (proposed as a new person)."""
    text = ctx.text
    for m in sorted(ctx.mentions, key=lambda m: -m.end):
        if m.end <= at and HOLDER_GAP.match(text, m.end, at):
            return (m.entity, None) if ctx.kinds_for[m.entity] & PERSON else None
    name = NAME_BEFORE.search(text, 0, at)
    if name is None or not HOLDER_GAP.match(text, name.end(), at) or not looks_like_person(name[0]):
        return None
    if any(m.start < name.end() and name.start() < m.end for m in ctx.mentions):
        return None
    proposal = Proposal(slug(name[0]), name[0], "Person", ctx.language)
    return proposal.entity, proposal


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
        # An office named in full ("Chairman of the Assembly …") is one mention that covers the body's name.
        office = next((m for m in ctx.mentions if m.start < of_at < m.end), None)
        if office is not None:
            inner = ctx.gaz.find(ctx.text[of_at : office.end])
            if inner and inner[0].start == 0 and inner[0].end == office.end - of_at:
                kinds = ctx.gaz.entities[inner[0].entity].kinds
                if kinds & ORGANISATION:
                    return inner[0].entity
    for m in orgs:
        if head_word(ctx.gaz, m.entity) in modifiers or m.surface.lower() in modifiers:
            return m.entity
    return None
