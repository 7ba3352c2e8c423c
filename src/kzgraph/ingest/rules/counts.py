"""Counts: ``X … (823 units)``, ``X includes 65 members`` → ``kz:count`` / ``kz:memberCount``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.dates import XSD
from kzgraph.ingest.rules.base import COUNTABLE, Context, rx, subject_of
from kzgraph.ingest.statement import Statement

DIGIT = re.compile(r"\d")
CHANGE = rx(r"\b(?:from|to|до|с|со)\s+(?:\d[\d ,]*\s+(?:to|до)\s+)?$")
ELECTED = rx(r"\b(?:elect\w*|chos\w*|nominat\w*|delegat\w*|избира\w*|избран\w*|сайла\w*)")
COUNT_RULE = rx(
    r"(?:\b(?:consists of|comprises|includes|unites|numbers|has|have|had|there (?:are|were)|total of|more than|over|"
    r"объединяет|включает|насчитывает|насчитывается|действуют|действует|работают|функционируют)\s+)?"
    r"(?P<n>\d[\d ,]*)\s*\(?\s*(?P<noun>units?|members?|centres?|centers?|branches|schools?|organi[sz]ations?|"
    r"associations?|people|persons|deputies|seats|theatres?|theaters?|newspapers?|houses?|"
    r"член\w*|центр\w*|организаци\w*|объединени\w*|школ\w*|депутат\w*|человек\w*|филиал\w*)\b"
)
COUNT_NOUNS: tuple[str, ...] = (
    "unit",
    "member",
    "centr",
    "center",
    "branch",
    "school",
    "organi",
    "associat",
    "people",
    "person",
)
COUNT_NOUNS += ("deput", "seat", "theat", "newspaper", "house", "член", "центр", "организац", "объединени", "школ")
COUNT_NOUNS += ("депутат", "человек", "филиал")
MEMBER_NOUNS = re.compile(r"^(?:members?|people|persons|deputies|член\w*|депутат\w*|человек\w*)$", re.IGNORECASE)


def count_noun(ctx: Context) -> Iterator[Statement]:
    text, mentions, kinds_for = ctx.text, ctx.mentions, ctx.kinds_for
    if not mentions or not DIGIT.search(text):
        return
    for cm in COUNT_RULE.finditer(text):
        value = re.sub(r"[ ,]", "", cm["n"].strip().rstrip(","))
        if not value.isdigit() or (len(value) == 4 and 1600 <= int(value) <= 2099):
            continue
        if CHANGE.search(text, max(0, cm.start("n") - 12), cm.start("n")):
            continue  # "reduced from 9 to 5 deputies", "с 9 до 5 депутатов": a change, not a count
        if ELECTED.search(text, max(0, cm.start() - 60), cm.end() + 40):
            continue  # "the Assembly elects 9 deputies of the Mazhilis": no member count (see quantities.py)
        subj = subject_of(text, mentions, kinds_for, COUNTABLE | {"Organization"}, cm.start("n"), cm.end(), True)
        if subj is None:
            continue
        mention, dist = subj
        if dist > 80:
            continue
        pred = "memberCount" if MEMBER_NOUNS.match(cm["noun"]) else "count"
        if pred == "count" and not kinds_for[mention.entity] & COUNTABLE:
            continue
        yield Statement(
            mention.entity, pred, "count-noun", 0.7, *ctx.span, value=str(int(value)), datatype=XSD + "integer"
        )
