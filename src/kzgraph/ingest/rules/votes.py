"""Votes a candidate received (English, from the dependency parse): ``Aliya Serikova received 412 votes``,
``… won 1,205 votes``; and the list that continues the same sentence, ``…, Ivan Petrov – 390 votes, Dana
Omarova – 377 votes``.

The head clause is a verb of receiving (receive, get, win, obtain, gain, collect, garner, poll, secure) whose
object is the noun ``votes`` with a number; its subject is the candidate: a known person, else a name of two to
four capitalised words (proposed as a new person). Only then are the ``Name – N votes`` items after it read
(a dash or a colon between the name and the figure, items separated by commas, ``and`` or semicolons). Each
gives ``<person> kz:votesReceived N`` (rule ``votes-received``, the list items ``votes-received-list``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kzgraph.ingest.candidates import looks_like_person, slug
from kzgraph.ingest.dates import XSD
from kzgraph.ingest.rules.base import PERSON, Context
from kzgraph.ingest.rules.quantities import number_value
from kzgraph.ingest.statement import Proposal, Statement

KEYS = ("votes",)
RECEIVE_FORMS = re.compile(
    r"^(?:receiv\w*|got|gets?|getting|won|wins?|winning|obtain\w*|gain\w*|collect\w*|garner\w*|poll\w*|secur\w*)$",
    re.IGNORECASE,
)
NAME = r"[A-ZÀ-ÞĀ-Ž][\w’'.-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w’'.-]+){1,3}"
LIST_ITEM = re.compile(
    rf"\s*(?:,|;|\band\b)\s*(?P<name>{NAME})\s*[–—:-]\s*(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+)\s+votes?\b"
)


def votes(ctx: Context) -> Iterator[Statement]:
    doc = ctx.doc
    if doc is None:
        return
    for noun in doc:
        if noun.lower_ != "votes" or noun.dep_ not in ("dobj", "obj"):
            continue
        verb = noun.head
        if not RECEIVE_FORMS.match(verb.text):
            continue
        num = next((c for c in noun.children if c.dep_ == "nummod"), None)
        value = number_value(num) if num is not None else None
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if value is None or subj is None:
            continue
        who = _candidate(ctx, subj)
        if who is None:
            continue
        yield _statement(ctx, who, value, "votes-received", 0.8)
        at = noun.idx + len(noun.text)
        while (item := LIST_ITEM.match(ctx.text, at)) is not None:  # the items right after it, one by one
            at = item.end()
            listed = _named(ctx, item.start("name"), item.end("name"), item["name"])
            if listed is not None:
                yield _statement(ctx, listed, int(item["n"].replace(",", "")), "votes-received-list", 0.75)


def _statement(ctx: Context, who: tuple[str, Proposal | None], value: int, rule: str, conf: float) -> Statement:
    entity, proposal = who
    return Statement(
        entity,
        "votesReceived",
        rule,
        conf,
        *ctx.span,
        value=str(value),
        datatype=XSD + "integer",
        new_subject=proposal,
    )


def _candidate(ctx: Context, subj: Any) -> tuple[str, Proposal | None] | None:
    """The subject's name: the proper nouns it is made of (``Aliya Serikova``), as a known person or a new one."""
    toks = [t for t in subj.subtree if t.dep_ in ("compound", "flat", "nsubj") or t is subj]
    if not toks or any(t.pos_ != "PROPN" for t in toks):
        return None
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return _named(ctx, start, end, ctx.text[start:end])


def _named(ctx: Context, start: int, end: int, name: str) -> tuple[str, Proposal | None] | None:
    inside = [m for m in ctx.mentions if m.start < end and start < m.end]
    if inside:
        m = inside[0]
        if len(inside) == 1 and m.start <= start and end <= m.end + 1 and ctx.kinds_for[m.entity] & PERSON:
            return m.entity, None
        return None
    if not looks_like_person(name):
        return None
    proposal = Proposal(slug(name), name, "Person", ctx.language)
    return proposal.entity, proposal
