"""Who heads what: ``X is chaired by P``, ``P chairs X``, ``X возглавляет P``, ``P избран председателем X``,
``X под председательством P``, ``P-ның төрағалығымен X өтті`` → ``kz:chairedBy`` (a session too, for the last
two)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.rules.base import HEADED, PERSON, SUBJECT_WINDOW, Context, rx
from kzgraph.ingest.statement import Statement

CHAIR_WORDS = (
    "chair",
    "head",
    "led",
    "lead",
    "presid",
    "elect",
    "appoint",
    "named",
    "председат",
    "төрағалығымен",
    "возглав",
    "во главе",
    "избран",
    "назначен",
)

CHAIR_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # (rule name, pattern, order): "op" = organisation then person; "po" = person then organisation
    ("chaired-by-en", rx(r"\b(?:chaired|headed|led|presided over)\s+by\b"), "op"),
    ("chairman-of-is-en", rx(r"\b(?:chairman|chairperson|chair|head|president)\s+of\b(?=.*\b(?:is|was)\b)"), "op"),
    (
        "elected-chairman-en",
        rx(
            r"\b(?:was|were)\s+(?:elected|appointed|named)\s+(?:as\s+)?(?:the\s+)?(?:chairman|chairperson|chair|head)\s+of\b"
        ),
        "po",
    ),
    ("chairs-en", rx(r"\b(?:chairs|heads|leads|chaired|headed)\s+(?:the\b)?"), "po"),
    ("chaired-by-ru", rx(r"\b(?:под\s+председательством|возглавляем\w+|во\s+главе\s+с)\b"), "op"),
    ("heads-ru", rx(r"\b(?:возглавляет|возглавлял[аи]?|возглавил[аи]?|председательствует)\b"), "op?"),
    ("elected-chairman-ru", rx(r"\b(?:избран[аы]?|назначен[аы]?)\s+(?:председателем|главой|руководителем)\b"), "po"),
    ("chairman-is-ru", rx(r"\bпредседател(?:ем|ь)\b"), "op?"),
    # Kazakh: "P-ның төрағалығымен X өтті" (chaired by P, X took place): the person first, in the genitive
    ("chaired-by-kk", rx(r"(?<![\w-])төрағалығымен(?![\w-])"), "po"),
)


KK_OF = re.compile(r"(?:-?(?:ның|нің|дың|дің|тың|тің))?\s+")
MEETING_BEFORE = rx(r"(?<![\w-])(?:сесси|заседани|совещани|форум|съезд|встреч|пленум|конференци|собрани)[а-яё]*\s+$")


def chaired_by(ctx: Context) -> Iterator[Statement]:
    kinds_for, mentions = ctx.kinds_for, ctx.mentions
    persons = [m for m in mentions if kinds_for[m.entity] & PERSON or kinds_for[m.entity] & {"Office"}]
    if not persons:
        return
    orgs = [m for m in mentions if kinds_for[m.entity] & HEADED and not kinds_for[m.entity] & {"Office"}]
    # "сессия АНК под председательством P": the session is chaired, not the Assembly named after it
    meetings = [m for m in mentions if kinds_for[m.entity] & {"AssemblySession"}]
    for name, pattern, order in CHAIR_RULES:
        for t in pattern.finditer(ctx.text):
            after = orgs + meetings if name == "chaired-by-kk" else orgs  # a Kazakh session chaired by P
            org_after = min((m for m in after if m.start >= t.end()), key=lambda m: m.start, default=None)
            org_before = max((m for m in orgs if m.end <= t.start()), key=lambda m: m.end, default=None)
            if name == "chaired-by-kk" and org_after is not None:
                # "ҚХА(-ның) XXXIII сессиясы": a Kazakh dependent stands before its head, the session
                org_after = next(
                    (
                        m
                        for m in meetings
                        if m.start >= org_after.end and KK_OF.fullmatch(ctx.text, org_after.end, m.start)
                    ),
                    org_after,
                )
            if (
                name == "chaired-by-ru"
                and org_before is not None
                and MEETING_BEFORE.search(ctx.text, 0, org_before.start)
            ):
                # the body is the dependent of a meeting noun: the meeting is what is chaired
                at = MEETING_BEFORE.search(ctx.text, 0, org_before.start)
                org_before = next((m for m in meetings if at is not None and m.start <= at.start() < m.end), None)
            p_after = min((m for m in persons if m.start >= t.end()), key=lambda m: m.start, default=None)
            p_before = max((m for m in persons if m.end <= t.start()), key=lambda m: m.end, default=None)
            if order == "op":
                org, person = (org_after if name == "chairman-of-is-en" else org_before), p_after
            elif order == "po":
                org, person = org_after, p_before
            else:  # "op?": organisation on either side, person on the other
                org, person = (org_before, p_after) if org_before and p_after else (org_after, p_before)
            if org is None or person is None or org.entity == person.entity:
                continue
            if abs(person.start - t.start()) > SUBJECT_WINDOW or abs(org.start - t.start()) > SUBJECT_WINDOW:
                continue
            yield Statement(org.entity, "chairedBy", name, 0.75, *ctx.span, object=person.entity)
