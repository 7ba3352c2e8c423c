"""Dated rule families: a trigger word names the property, the nearest date gives the value, the nearest
mention of a fitting kind is the subject (see :data:`DATED_RULES`); plus the families that date an entity
by where the date stands (``since``, ``the dissolution of X in``, a document or event named with its date,
an event named only by a trigger word, a range)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kzgraph.ingest import anchors
from kzgraph.ingest import candidates as cand
from kzgraph.ingest.candidates import guess_class, slug
from kzgraph.ingest.gazetteer import Mention
from kzgraph.ingest.rules.base import (
    DOCUMENT,
    EVENT,
    ORGANISATION,
    PERIOD,
    PREP_BEFORE,
    SUBJECT_WINDOW,
    Context,
    competing,
    fronted_date,
    governed,
    nearest_date,
    rx,
    subject_of,
)
from kzgraph.ingest.statement import Proposal, Statement


@dataclass(frozen=True)
class Rule:
    name: str
    predicate: str
    trigger: re.Pattern[str]
    kinds: frozenset[str]
    passive: bool  # subject before the trigger (else after)
    confidence: float
    keys: tuple[str, ...] = ()  # lower-case substrings one of which the trigger needs (a cheap pre-filter)


DATED_RULES: tuple[Rule, ...] = (
    Rule(
        "founding-passive-en",
        "foundingDate",
        rx(
            r"\b(?:was|were|been|is|are|being)\s+(?:\w+ly\s+)?(?:founded|established|organi[sz]ed|created|set up|formed|launched|opened)\b"
            r"|\b(?<!to )(?:founded|established)\s+(?=in|on)\b|\bwhich\s+(?:founded|established)\b"
        ),
        ORGANISATION,
        True,
        0.9,
        ("found", "establish", "organi", "creat", "set up", "form", "launch", "open"),
    ),
    Rule(
        "founding-active-en",
        "foundingDate",
        rx(r"\b(?:founded|established|organi[sz]ed|created|set up|formed|launched|opened)\s+(?:the|a|an)\b"),
        ORGANISATION,
        False,
        0.8,
        ("found", "establish", "organi", "creat", "set up", "form", "launch", "open"),
    ),
    Rule(
        "founding-noun-en",
        "foundingDate",
        rx(r"\b(?:foundation|establishment|creation|formation|founding)\b"),
        ORGANISATION,
        False,
        0.8,
        ("found", "establish", "creat", "form"),
    ),
    Rule(
        "founding-ru",
        "foundingDate",
        rx(
            r"\b(?:был[аои]?\s+)?(?:создан[аоы]?|учрежден[аоы]?|образован[аоы]?|основан[аоы]?|организован[аоы]?|открыт[аоы]?)\b"
            r"|\b(?:құрылды|құрылған)\b"
        ),
        ORGANISATION,
        True,
        0.9,
        ("создан", "учрежд", "образов", "основ", "организ", "открыт", "құрыл"),
    ),
    Rule(
        "founding-noun-ru",
        "foundingDate",
        rx(r"\b(?:создани[еяю]|учреждени[еяю]|образовани[еяю]|основани[еяю]|создал[аи]?|учредил[аи]?)\b"),
        ORGANISATION,
        False,
        0.8,
        ("создан", "учрежд", "образов", "основ", "создал", "учредил"),
    ),
    Rule(
        "adoption-passive-en",
        "adoptionDate",
        rx(
            r"\b(?:was|were|been|is|are)\s+(?:\w+ly\s+)?(?:adopted|approved|signed|ratified|enacted|promulgated|passed)\b"
            r"|\b(?:was|were)\s+issued\b|\bdated\b|^\s*(?:adopted|approved|signed)\b"
            r"|(?<=\w\s)(?:adopted|approved|signed|ratified|enacted)\s+(?=(?:by|at|during)\s)"
        ),
        DOCUMENT,
        True,
        0.9,
        ("adopt", "approv", "sign", "ratif", "enact", "promulgat", "pass", "issued", "dated"),
    ),
    Rule(
        "adoption-active-en",
        "adoptionDate",
        rx(r"\b(?:adopted|approved|signed|ratified|enacted|promulgated|passed|declared)\b"),
        DOCUMENT,
        False,
        0.8,
        ("adopt", "approv", "sign", "ratif", "enact", "promulgat", "pass", "declar"),
    ),
    Rule(
        "adoption-noun-en",
        "adoptionDate",
        rx(r"\b(?:adoption|approval|signing|ratification)\s+of\b"),
        DOCUMENT,
        False,
        0.8,
        ("adopt", "approv", "sign", "ratif"),
    ),
    Rule(
        "adoption-ru",
        "adoptionDate",
        rx(r"\b(?:был[аои]?\s+)?(?:принят[аоы]?|утвержден[аоы]?|подписан[аоы]?|одобрен[аоы]?)\b|\bқабылданды\b"),
        DOCUMENT,
        True,
        0.9,
        ("принят", "утвержд", "подписан", "одобрен", "қабылд"),
    ),
    Rule(
        "adoption-noun-ru",
        "adoptionDate",
        rx(r"\b(?:приняти[еяю]|утверждени[еяю]|подписани[еяю]|принял[аи]?|утвердил[аи]?)\b"),
        DOCUMENT,
        False,
        0.8,
        ("принят", "утвержд", "подписан", "принял", "утвердил"),
    ),
    Rule(
        "held-en",
        "date",
        rx(r"\b(?:held|took place|convened|was conducted|were conducted|took part|happened|occurred)\b"),
        EVENT,
        True,
        0.85,
        ("held", "took", "conven", "conduct", "happen", "occur"),
    ),
    Rule(
        "held-ru",
        "date",
        rx(
            r"\b(?:состоял(?:ся|ась|ось|ись)|прош(?:ел|ёл|ла|ло|ли)|проведен[аоы]?|проходил[аио]?|прошедш\w+)\b|\bөтті\b"
        ),
        EVENT,
        True,
        0.85,
        ("состоял", "прош", "провед", "проход", "өтті"),
    ),
)

TRIGGER_KEYS: tuple[str, ...] = tuple(dict.fromkeys(k for r in DATED_RULES for k in r.keys))
# "the bloc … formed by the three countries since January 2012", "has been in operation since July 2010": a
# state that began then → kz:startDate of the organisation before the verb.
SINCE_STATE = rx(
    r"\b(?:formed|established|founded|created|set up|operat(?:ed|es|ing|ion)|function(?:ed|s|ing)|exist(?:ed|s|ing)|"
    r"in\s+(?:operation|force|effect)|действу\w*|функционир\w*)\b(?P<gap>[^;]{0,60}?)\b(?:since|с|со)\s+$"
)
# "the dissolution of the Supreme Council …": the body a dissolution is about (and not the subject of a range).
DISSOLUTION = rx(
    r"\b(?:dissolution|abolition|liquidation|disbandment|abolishment)\s+of\s+(?:the\s+)?$"
    r"|(?<!\w)(?:роспуск\w*|упразднени\w*|ликвидаци\w*)\s+$"
)
# A document named with its date: "the address to the nation on January 17th, 2014", "Doctrine … (2010.5)".
DOCUMENT_DATE = rx(r"\s*(?:,\s*)?(?:of|on|dated|from|от)\s+$|\s*\(\s*$")
AUXILIARY = rx(r"(?:was|were|is|are|been|being)\b")
ACCESS_DATE = re.compile(r"\d{1,2}\.\d{2}\.\d{4}")  # "(10.04.2019)" after a title: the date a cited page was read


def triggered(ctx: Context) -> Iterator[Statement]:
    """``X was founded in 1995``, ``established the X in …``, ``принят …``, ``X held …`` (:data:`DATED_RULES`)."""
    text, mentions, kinds_for, dates = ctx.text, ctx.mentions, ctx.kinds_for, ctx.dates
    for rule in DATED_RULES:
        if ctx.present.isdisjoint(rule.keys):
            continue
        for t in rule.trigger.finditer(text):
            # A finite passive ("X was created", "X создан") has its subject before it, so a mention that is the
            # object of a preposition there ("… under the APK") is not it (the date is an unknown entity's).
            finite = rule.passive and rule.kinds is not EVENT and (ctx.language != "en" or AUXILIARY.match(t[0]))
            language = ctx.language if finite else None
            subj = subject_of(text, mentions, kinds_for, rule.kinds, t.start(), t.end(), rule.passive, language)
            if subj is None:
                continue
            m, dist = subj
            lo, hi = min(t.start(), m.start), max(t.end(), m.end)
            date = nearest_date(text, dates, lo, hi) or fronted_date(text, dates, lo)
            if date is None:
                continue
            # "On <date>, <agent> adopted <subject>": the agent is not a competitor (a bracketed date is).
            agent = not rule.passive and date.end <= lo and text[date.end : date.end + 1] != ")"
            rivals = rule.kinds if agent else ORGANISATION | DOCUMENT | EVENT
            if competing(text, mentions, kinds_for, m, lo, hi, date, rivals):
                continue
            conf = rule.confidence - (0.1 if dist > 60 else 0.0)
            yield Statement(
                m.entity, rule.predicate, rule.name, round(conf, 2), *ctx.span, value=date.value, datatype=date.datatype
            )


def since_start(ctx: Context) -> Iterator[Statement]:
    """A state that began at a date: ``formed … since January 2012``."""
    text, dates = ctx.text, ctx.dates
    for d in dates:
        if d.role != "point" or not re.search(r"\b(?:since|с|со)\s+$", text[max(0, d.start - 10) : d.start]):
            continue
        sm = SINCE_STATE.search(text, max(0, d.start - 120), d.start)
        if sm is None:
            continue
        subj = subject_of(text, ctx.mentions, ctx.kinds_for, ORGANISATION, sm.start(), sm.end(), True)
        if subj is None or competing(text, ctx.mentions, ctx.kinds_for, subj[0], subj[0].start, sm.start(), d):
            continue
        yield Statement(subj[0].entity, "startDate", "since-start", 0.7, *ctx.span, value=d.value, datatype=d.datatype)


def dissolution(ctx: Context) -> Iterator[Statement]:
    """A dissolved body: ``the dissolution of X in 1995``, ``… of X from March 1995 to …`` (dissolved from
    then on)."""
    text, dates = ctx.text, ctx.dates
    for m in ctx.mentions:
        if not ctx.kinds_for[m.entity] & ORGANISATION or not DISSOLUTION.search(text, max(0, m.start - 40), m.start):
            continue
        later = [d for d in dates if d.start >= m.end and d.role in ("point", "start")]
        gone = min(later, key=lambda x: x.start, default=None)
        if gone is None or gone.start - m.end > 40 or re.search(r"[;,)]", text[m.end : gone.start]):
            continue
        if gone.role == "start" and text[m.end : gone.start].strip():
            continue
        yield Statement(
            m.entity, "dissolutionDate", "dissolution-noun", 0.7, *ctx.span, value=gone.value, datatype=gone.datatype
        )


def document_date(ctx: Context) -> Iterator[Statement]:
    """A document named with its date: ``the address to the nation on January 17th, 2014``,
    ``Doctrine (2010.5)``."""
    text, dates = ctx.text, ctx.dates
    for m in ctx.mentions:
        if not ctx.kinds_for[m.entity] & DOCUMENT:
            continue
        nxt = next((d for d in dates if d.start >= m.end and d.role == "point"), None)
        if nxt is None or nxt.start - m.end > 12 or not DOCUMENT_DATE.fullmatch(text, m.end, nxt.start):
            continue
        bracketed = text[nxt.start - 1 : nxt.start].strip() == "(" or "(" in text[m.end : nxt.start]
        if bracketed and (text[nxt.end : nxt.end + 1] != ")" or ACCESS_DATE.fullmatch(text[nxt.start : nxt.end])):
            continue
        yield Statement(
            m.entity, "adoptionDate", "document-date", 0.75, *ctx.span, value=nxt.value, datatype=nxt.datatype
        )


def _events(ctx: Context) -> list[Mention]:
    return [
        m
        for m in ctx.mentions
        if "Event" in ctx.kinds_for[m.entity] and "HistoricalPeriod" not in ctx.kinds_for[m.entity]
    ]


def event_bracketed(ctx: Context) -> Iterator[Statement]:
    """An event named with its date in brackets: ``the 10th session of the Assembly (2003)``."""
    text = ctx.text
    for m in _events(ctx):
        follow = re.match(r"\s*\(\s*", text[m.end :])
        if not follow:
            continue
        for d in ctx.dates:
            if d.start == m.end + follow.end() and d.role == "point" and text[d.end : d.end + 1] == ")":
                yield Statement(
                    m.entity, "date", "event-bracketed-date", 0.8, *ctx.span, value=d.value, datatype=d.datatype
                )


def event_nearby(ctx: Context) -> Iterator[Statement]:
    """An event and a date right after its name: ``the 20th general assembly in 2013``, ``IX session … in
    2000``."""
    text, dates, kinds_for = ctx.text, ctx.dates, ctx.kinds_for
    for m in _events(ctx):
        end = _owner_end(ctx, m)  # "the XIV session of the Assembly of People of Kazakhstan on …"
        nxt = next((d for d in dates if d.start >= end and d.role == "point"), None)
        if nxt is None or nxt.start - end > 45 or ";" in text[end : nxt.start]:
            continue
        between = [x for x in ctx.mentions if x.start >= end and x.end <= nxt.start]
        if any("Event" in kinds_for[x.entity] or "Document" in kinds_for[x.entity] for x in between):
            continue
        if re.search(r"\b(?:since|until|till|after|before|from|to)\s*$", text[m.end : nxt.start], re.IGNORECASE):
            continue
        if ACCESS_DATE.fullmatch(text[nxt.start : nxt.end]):
            continue
        yield Statement(m.entity, "date", "event-date-nearby", 0.7, *ctx.span, value=nxt.value, datatype=nxt.datatype)


OWNER = re.compile(r"\s+of\s+(?:the\s+)?|\s+")


def _owner_end(ctx: Context, m: Mention) -> int:
    """Where an event's name ends when the body it belongs to follows (``session of the Assembly …``,
    ``сессия Ассамблеи …``): the end of that body's mention, else the event mention's own end."""
    if m.form != "session":
        return m.end
    of = OWNER.match(ctx.text, m.end)
    owner = next((x for x in ctx.mentions if of is not None and x.start == of.end() and x.entity == "apk"), None)
    return owner.end if owner is not None else m.end


def event_anchor(ctx: Context) -> Iterator[Statement]:
    """A known event named only by a trigger word: ``since its independence in 1991`` (see anchors.py)."""
    for eid, pred, d in anchors.anchored(ctx.gaz, ctx.text, ctx.dates, ctx.mentions):
        yield Statement(eid, pred, "event-anchor", 0.7, *ctx.span, value=d.value, datatype=d.datatype)


LED_BEFORE = rx(
    r"\b(?:chaired|headed|led|presided\s+over|chairs|heads|leads|возглавлял[аи]?|руководил[аи]?)\s+(?:the\s+)?$"
)


def ranges(ctx: Context) -> Iterator[Statement]:
    """A programme named with its years (``Program … for 2006-2008``), else a period or initiative with a
    range (``from March 1995 to January 1996``)."""
    text, dates, mentions, span = ctx.text, ctx.dates, ctx.mentions, ctx.span
    in_name: set[int] = set()
    for d in (x for x in dates if x.role == "start"):
        end_d = next((e for e in dates if e.role == "end" and e.start >= d.end), None)
        inside = next((m for m in mentions if m.start <= d.start and end_d and end_d.end <= m.end), None)
        if end_d is not None and inside is not None:
            in_name.add(d.start)
            yield Statement(inside.entity, "startDate", "range-in-name", 0.8, *span, value=d.value, datatype=d.datatype)
            yield Statement(
                inside.entity, "endDate", "range-in-name", 0.8, *span, value=end_d.value, datatype=end_d.datatype
            )
    for d in (x for x in dates if x.role == "start" and x.start not in in_name):
        end_d = next((e for e in dates if e.role == "end" and e.start >= d.end), None)
        subj = subject_of(text, mentions, ctx.kinds_for, PERIOD, d.start, d.end, True, ctx.language)
        if end_d is None or subj is None or DISSOLUTION.search(text, max(0, subj[0].start - 40), subj[0].start):
            continue
        if LED_BEFORE.search(text, max(0, subj[0].start - 40), subj[0].start):
            continue  # "P chaired the Assembly from 1995 to 2021": P's tenure (rules/tenure.py), not the body's period
        m, _dist = subj
        yield Statement(m.entity, "startDate", "period-range", 0.75, *span, value=d.value, datatype=d.datatype)
        yield Statement(m.entity, "endDate", "period-range", 0.75, *span, value=end_d.value, datatype=end_d.datatype)


DOCUMENT_CLASSES = frozenset({"Law", "Doctrine", "PolicyDocument", "Programme", "Strategy", "Decree", "Document"})


def proposed(ctx: Context) -> Iterator[Statement]:
    """A date of a body or document the graph does not know: ``The Council of Public Accord was created in
    2012 under the Assembly …`` → the candidate ``Council of Public Accord`` (a new entity, with a class guessed
    from its head noun) gets ``kz:foundingDate 2012`` — the Assembly, the object of ``under``, does not."""
    text, mentions, kinds_for = ctx.text, ctx.mentions, ctx.kinds_for
    found: list[cand.Candidate] | None = None
    for rule in DATED_RULES:
        if not rule.passive or rule.kinds is EVENT or ctx.present.isdisjoint(rule.keys):
            continue
        for t in rule.trigger.finditer(text):
            if ctx.language == "en" and not AUXILIARY.match(t[0]):
                continue
            if subject_of(text, mentions, kinds_for, rule.kinds, t.start(), t.end(), True, ctx.language) is not None:
                continue
            if found is None:
                found = cand.find(text, mentions)
            before = [c for c in found if c.end <= t.start() and t.start() - c.end <= SUBJECT_WINDOW]
            if not before:
                continue
            c = max(before, key=lambda x: x.end)
            gap = text[c.end : t.start()]
            if ";" in gap or any(
                m.start >= c.end and m.end <= t.start() and not governed(text, m, ctx.language) for m in mentions
            ):
                continue
            if PREP_BEFORE.search(text, max(0, c.start - 24), c.start):
                continue
            date = nearest_date(text, ctx.dates, c.start, t.end())
            if date is None:
                continue
            cls = guess_class(c.label, c.how)
            if rule.kinds is DOCUMENT and cls not in DOCUMENT_CLASSES:
                cls = "Document"
            elif rule.kinds is ORGANISATION and cls in DOCUMENT_CLASSES:
                continue
            proposal = Proposal(slug(c.label), c.label, cls, ctx.language)
            yield Statement(
                proposal.entity,
                rule.predicate,
                rule.name + "-new",
                round(rule.confidence - 0.1, 2),
                *ctx.span,
                value=date.value,
                datatype=date.datatype,
                new_subject=proposal,
            )
