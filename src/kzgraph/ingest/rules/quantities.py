"""Counts from the dependency parse (English): a number that modifies a plural noun (``39 friendship
houses``, ``about 3000 councils of public consent``, ``uniting over 4,000 organizations``, ``nine deputies``)
counts what the noun names, for the entity the clause is about.

- **value**: digits (``4,000``), number words (``nine``), a multiplier (``11 thousand`` → 11000);
- **qualifier**: ``about``/``approximately``/``around``/``nearly`` → ``about``; ``over``/``more than``/
  ``above`` → ``over`` (``kz:countAtLeast``); ``at least``; ``up to``/``less than`` → ``under``;
- **subject**: (1) with a verb of electing (``the Assembly elects nine deputies to the Mazhilis``, ``9
  deputies are elected by the Assembly``) the elector gets ``kz:deputiesElected`` and, with ``to/for/of X``,
  ``kz:electsDeputiesTo X`` — never a member count of X; (2) a counted noun that is itself a known body or
  network (``16 regional Mothers' Councils``) counts that entity; (3) otherwise the subject of the clause
  (``nsubj``/``nsubjpass`` of the verb the noun depends on, through coordination, appositions and
  copulas: ``The APK is 1155 associations, 39 friendship houses``), when it is a known entity; a part of a
  known body as the subject of a verb of having whose object is persons (``The staff of the Council numbers
  40 people``) counts for the body, the part beside the item (``people (staff)``);
- **predicate**: ``kz:memberCount`` for persons counted with a verb of having (``consists of 107 deputies``),
  ``kz:participantCount`` for persons with a verb of taking part (persons that are the subject take part in the
  event named after ``in``, or — ``the voting``, ``the session`` — in the session the document named last),
  else ``kz:count``/``kz:countAtLeast``
  with the counted thing (``item``) as written;
- **as of**: a date attached to the same verb or noun by ``in``/``as of``/``by`` (``had 300 branches in
  2015``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from kzgraph.ingest.dates import XSD
from kzgraph.ingest.gazetteer import Mention, fold
from kzgraph.ingest.numbers import EN_TENS, EN_UNITS, MULTIPLIERS
from kzgraph.ingest.rules.base import COUNTABLE, Context
from kzgraph.ingest.sessions import kinds_of
from kzgraph.ingest.statement import Proposal, Statement

# English number words, from the tables numbers.py recognises them with (one place for the words).
NUMBER_WORDS = {"zero": 0} | {w: i for i, w in enumerate(EN_UNITS, start=1)}
NUMBER_WORDS |= {w: 10 * i for i, w in enumerate(EN_TENS, start=2)} | {"hundred": 100, "dozen": 12}
QUALIFIERS = {
    "about": "about",
    "approximately": "about",
    "around": "about",
    "nearly": "about",
    "almost": "about",
    "roughly": "about",
    "some": "about",
    "over": "over",
    "more": "over",
    "above": "over",
    "upwards": "over",
    "least": "at least",
    "up": "under",
    "less": "under",
    "fewer": "under",
    "under": "under",
}
PERSONS = re.compile(
    r"^(?:members?|deputies|deputy|representatives?|people|persons|delegates?|scientists?|experts?|participants?|"
    r"senators?|employees?|staff|volunteers?|pupils?|students?|children)$",
    re.IGNORECASE,
)
ELECT = re.compile(r"^(?:elect|elects|elected|electing|choose|chooses|chose|chosen|delegat\w*)$", re.IGNORECASE)
HAVE = re.compile(
    r"^(?:consist\w*|compris\w*|includ\w*|ha[sd]|have|having|number\w*|unit\w*|count\w*|is|are|was)$", re.IGNORECASE
)
PART_HAS = re.compile(r"^(?:ha[sd]|have|having|number\w*|includ\w*|compris\w*|unit\w*)$", re.IGNORECASE)
TAKE_PART = re.compile(r"^(?:took|take|takes|taking|participat\w*|attend\w*|gather\w*)$", re.IGNORECASE)
LOCATING = re.compile(
    r"^(?:live\w*|lived|reside\w*|operat\w*|work\w*|function\w*|exist\w*|act|acts|are|is|were)$", re.IGNORECASE
)
INVOLVE = re.compile(r"^(?:engag\w*|involv\w*|unit\w*|bring\w*|brought|gather\w*|employ\w*)$", re.IGNORECASE)
UNIT = re.compile(r"^(?:units?|items?|branches|offices|entities)$", re.IGNORECASE)
URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
YEAR = re.compile(r"^(?:1[6-9]|20)\d\d$")
CLIMB = {"conj", "appos", "attr", "dobj", "pobj", "prep", "nmod", "npadvmod", "oprd", "acomp", "agent"}
ITEM_DEPS = {"amod", "compound", "nmod", "conj", "cc", "punct", "hmod", "hyph"}
PLURAL = {"NNS", "NNPS"}


def number_value(tok: Any) -> int | None:
    """The integer a number token stands for (``4,000``, ``nine``; a multiplier with its compound number:
    ``11 thousand``); ``None`` for decimals, years and what is no count."""
    low = tok.lower_
    if low in MULTIPLIERS:
        base = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "NUM"]
        if not base:
            return None
        inner = number_value(base[0])
        return inner * MULTIPLIERS[low] if inner is not None else None
    if low in NUMBER_WORDS:
        return NUMBER_WORDS[low]
    digits = re.sub(r"(?<=\d)[,\u00a0 ](?=\d{3}\b)", "", tok.text)
    if not digits.isdigit() or (YEAR.match(digits) and "," not in tok.text):
        return None
    return int(digits)


def _qualifier(num: Any) -> str | None:
    for c in num.children:
        if c.dep_ in ("quantmod", "advmod", "amod") and c.lower_ in QUALIFIERS:
            return QUALIFIERS[c.lower_]
    for c in num.head.children if num.dep_ == "compound" else ():
        if c.dep_ in ("quantmod", "advmod", "amod") and c.lower_ in QUALIFIERS:
            return QUALIFIERS[c.lower_]
    return None


def _mention_at(mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The mention covering the span, else the first inside it."""
    cover = [m for m in mentions if m.start <= start and end <= m.end]
    if cover:
        return cover[0]
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    return inside[0] if inside else None


def _span(tokens: list[Any]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree(tok: Any) -> tuple[int, int]:
    toks = list(tok.subtree)
    return _span(toks)


def _verb(noun: Any) -> Any | None:
    t = noun
    while (t.dep_ in CLIMB or t.dep_ in ("nsubj", "nsubjpass")) and t.head is not t:
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return t if t.pos_ in ("VERB", "AUX") else None


def _subject_token(verb: Any) -> Any | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    # a participle or a conjoined verb shares its subject with its head ("uniting …", "voted and elected …")
    if verb.dep_ in ("advcl", "conj", "xcomp", "acl", "relcl") and verb.head is not verb:
        if verb.dep_ in ("acl", "relcl"):
            return verb.head
        return _subject_token(verb.head)
    return None


def _item(noun: Any, mentions: list[Mention], verb: Any = None) -> str:
    """The counted thing as written: left modifiers, the noun, and an ``of``-phrase that names no entity; with
    the verb in brackets when it is no verb of having or being (``organizations (uniting)``)."""
    left = [t for t in noun.lefts if t.dep_ in ITEM_DEPS]
    toks = sorted({x for t in left for x in t.subtree if x.pos_ not in ("NUM", "DET")} | {noun}, key=lambda t: t.i)
    for c in noun.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            sub = list(c.subtree)
            start, end = _span(sub)
            if not any(m.start < end and start < m.end for m in mentions):
                toks += sub
    toks = [t for t in toks if t.i >= toks[0].i]
    text = re.sub(r"\s+([,’'])", r"\1", " ".join(t.text for t in toks)).strip(" ,")
    if verb is not None and not HAVE.match(verb.text) and not LOCATING.match(verb.text):
        text += f" ({verb.lower_})"
    return text


def _as_of(ctx: Context, verb: Any | None, noun: Any) -> str | None:
    if verb is None:
        return None
    for d in ctx.dates:
        if d.role != "point":
            continue
        toks = [t for t in noun.doc if d.start <= t.idx < d.end]
        if not toks:
            continue
        head = toks[0].head
        if head.dep_ == "prep" and head.lower_ in ("in", "of", "by", "as") and head.head in (verb, noun):
            return d.value
    return None


def counts(ctx: Context) -> Iterator[Statement]:
    doc = ctx.doc
    if doc is None:
        return
    dates = [(d.start, d.end) for d in ctx.dates]
    urls = [(m.start(), m.end()) for m in URL.finditer(ctx.text)]
    for num in doc:
        if not (num.pos_ == "NUM" or num.like_num) or num.dep_ not in ("nummod", "compound"):
            continue
        if num.dep_ == "compound" and num.head.lower_ in MULTIPLIERS:
            continue  # "11" of "11 thousand": the multiplier carries the count
        noun = num.head
        if noun.dep_ == "nummod" and noun.lower_ in MULTIPLIERS:
            noun = noun.head
        if noun.pos_ not in ("NOUN", "PROPN") or not _plural(noun):
            continue
        if any(s <= num.idx < e for s, e in dates) or (
            num.i + 1 < len(doc) and doc[num.i + 1].text in ("%", "percent")
        ):
            continue
        value = number_value(num)
        if value is None or value == 0 or any(s <= num.idx < e for s, e in urls):
            continue
        yield from _resolve(ctx, num, noun, value)


def _resolve(ctx: Context, num: Any, noun: Any, value: int) -> Iterator[Statement]:
    mentions, kinds_for = ctx.mentions, ctx.kinds_for
    qualifier = _qualifier(num)
    verb = _verb(noun)
    as_of = _as_of(ctx, verb, noun)
    persons = bool(PERSONS.match(noun.text))
    integer = XSD + "integer"

    def st(subject: str, predicate: str, conf: float, item: str | None = None, obj: str | None = None) -> Statement:
        if obj is not None:
            return Statement(subject, predicate, "count-elect", conf, *ctx.span, object=obj)
        return Statement(
            subject,
            predicate,
            f"count-{predicate}",
            conf,
            *ctx.span,
            value=str(value),
            datatype=integer,
            qualifier=qualifier,
            as_of=as_of,
            item=item,
        )

    # (1) electing: "X elects N deputies (to Y)", "N deputies are elected by X"
    if verb is not None and ELECT.match(verb.text) and persons:
        elector = None
        if noun.dep_ == "nsubjpass":
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            elector = _mention_at(mentions, *_subtree(pobj)) if pobj is not None else None
        else:
            subj = _subject_token(verb)
            elector = _mention_at(mentions, *_subtree(subj)) if subj is not None else None
        if elector is None or not kinds_for[elector.entity] & {"Organization"}:
            return
        yield st(elector.entity, "deputiesElected", 0.8)
        for prep in (c for c in [*verb.children, *noun.children] if c.dep_ == "prep"):
            if prep.lower_ in ("to", "for", "of", "in", "into"):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                target = _mention_at(mentions, *_subtree(pobj)) if pobj is not None else None
                if target is not None and target.entity != elector.entity:
                    yield st(elector.entity, "electsDeputiesTo", 0.75, obj=target.entity)
        return
    # (2) the counted noun names a known body or network
    own = _mention_at(mentions, *_span([noun]))
    if own is not None and kinds_for[own.entity] & COUNTABLE:
        yield st(own.entity, "countAtLeast" if qualifier == "over" else "count", 0.75)
        return
    # (2b) a count in apposition to a known body: "the Council of Mothers (823 units)"
    if noun.dep_ == "appos":
        host = _mention_at(mentions, *_span([noun.head]))
        if host is not None and kinds_for[host.entity] & (COUNTABLE | {"Organization"}):
            pred = "memberCount" if persons else "countAtLeast" if qualifier == "over" else "count"
            yield st(host.entity, pred, 0.7, item=None if UNIT.match(noun.text) or persons else _item(noun, mentions))
            return
    # (2c) the counted noun names its owner: "35 departments of the APK", "40 assembly departments"
    owner = None if persons else _owner(ctx, noun)
    if owner is not None:
        yield st(owner, "countAtLeast" if qualifier == "over" else "count", 0.7, item=_item(noun, mentions))
        return
    # (3) the subject of the clause
    if verb is None:
        return
    subj_tok = _subject_token(verb)
    if subj_tok is None or subj_tok is noun or noun in subj_tok.subtree:
        # (4) the counted things are the subject: where they are or whose they are ("140 ethnicities live in
        # Kazakhstan", "1,000 associations operate under the auspices of the Assembly")
        if persons and TAKE_PART.match(verb.text):
            event = _occasion(ctx, verb)
            if event is not None:
                yield st(event, "participantCount", 0.65)
            return
        located = _host(ctx, verb)
        if located is not None and not persons:
            yield st(
                located, "countAtLeast" if qualifier == "over" else "count", 0.65, item=_item(noun, mentions, verb)
            )
        return
    found = _mention_at(mentions, subj_tok.idx, subj_tok.idx + len(subj_tok.text))
    if found is None and subj_tok.dep_ == "compound":
        found = _mention_at(mentions, *_subtree(subj_tok))
    subject = found.entity if found is not None else None
    if subject is None and subj_tok.pos_ in ("NOUN", "PROPN") and _definite(subj_tok):
        subject = ctx.topic.get(subj_tok.lower_)  # "the assembly": the Assembly named earlier in the document
    if subject is None and subj_tok.pos_ == "NOUN" and persons and PART_HAS.match(verb.text) and noun.dep_ == "dobj":
        # "The staff of the Council numbers 40 people": a part of the body has them — a count of the body's,
        # with the part named beside the counted thing ("people (staff)")
        whole = _whole(ctx, subj_tok)
        if whole is not None:
            item = f"{_item(noun, mentions)} ({subj_tok.lower_})"
            pred = "countAtLeast" if qualifier == "over" else "count"
            yield replace(st(whole[0], pred, 0.65, item=item), new_subject=whole[1])
        return
    kinds = kinds_of(ctx.gaz, subject) if subject is not None else frozenset()
    if subject is None or not kinds & (COUNTABLE | {"Organization", "Event"}):
        return
    if persons and TAKE_PART.match(verb.text):
        if "Event" in kinds:
            yield st(subject, "participantCount", 0.7)
        return
    if persons and HAVE.match(verb.text):
        yield st(subject, "memberCount", 0.75)
        return
    if persons and not INVOLVE.match(verb.text):
        return  # persons nominated, met, sent …: an act, not a count of the subject's people
    yield st(subject, "countAtLeast" if qualifier == "over" else "count", 0.7, item=_item(noun, mentions, verb))


def _plural(noun: Any) -> bool:
    """Plural by its tag, or by its form where the tagger took a capitalised plural for a name
    (``32 Friendship Houses``)."""
    return noun.tag_ in PLURAL or bool(PERSONS.match(noun.text)) or bool(re.search(r"[^su]s$", noun.lower_))


def _owner(ctx: Context, noun: Any) -> str | None:
    """The body a counted noun belongs to by its own words: an ``of``-phrase naming it (``departments of the
    APK``) or a modifier that is its name or head word (``assembly departments``)."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            pobj = next((x for x in c.children if x.dep_ == "pobj"), None)
            found = _mention_at(ctx.mentions, *_subtree(pobj)) if pobj is not None else None
            if found is not None and ctx.kinds_for[found.entity] & {"Organization"}:
                return found.entity
        if c.dep_ == "compound" and c.i < noun.i:
            found = _mention_at(ctx.mentions, *_span([c]))
            entity = found.entity if found is not None else ctx.topic.get(c.lower_)
            if entity is not None and kinds_of(ctx.gaz, entity) & {"Organization"}:
                return entity
    return None


def _whole(ctx: Context, part: Any) -> tuple[str, Proposal | None] | None:
    """The body or network named in the ``of``-phrase of a noun (``the staff of the Council``): a known one, or
    one the document named (or proposed) in an earlier sentence."""
    for c in part.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            pobj = next((x for x in c.children if x.dep_ == "pobj"), None)
            if pobj is None:
                continue
            start, end = _subtree(pobj)
            if any(t.dep_ == "prep" for t in pobj.children):
                return None  # "the number of seats in Parliament": the of-phrase is no body's name
            found = _mention_at(ctx.mentions, pobj.idx, pobj.idx + len(pobj.text))
            if found is not None:
                return (found.entity, None) if ctx.kinds_for[found.entity] & (COUNTABLE | {"Organization"}) else None
            name = re.sub(r"^(?:the|its)\s+", "", ctx.text[start:end], flags=re.IGNORECASE)
            earlier = ctx.named.get(" ".join(fold(name).split()))
            if earlier is not None and earlier[1] is not None and earlier[1].cls != "Person":
                return earlier
    return None


# What a session's participants take part in when the text names no event: the session itself or its vote.
PROCEEDINGS = frozenset({"session", "voting", "vote", "election", "elections", "sitting"})


def _occasion(ctx: Context, verb: Any) -> str | None:
    """The event persons take part in (``… took part in the 28th session``), or the session named last in the
    document when they take part in "the session"/"the voting" (the proceedings of that session)."""
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"]
    preps += [p for c in verb.children if c.dep_ == "dobj" for p in c.children if p.dep_ == "prep" and p.lower_ == "in"]
    for prep in preps:
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        found = _mention_at(ctx.mentions, *_subtree(pobj))
        if found is not None:
            return found.entity if "Event" in ctx.kinds_for[found.entity] else None
        if pobj.lower_ in PROCEEDINGS and _definite(pobj) and not list(pobj.rights):
            return ctx.topic.get("session")
    return None


HOST_PREPS = ("in", "under", "at", "within", "across", "throughout")


def _host(ctx: Context, verb: Any) -> str | None:
    """The organisation or place a verb of being or operating locates its subject in (``… in Kazakhstan``,
    ``… under the auspices of the Assembly``)."""
    if not LOCATING.match(verb.text):
        return None
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in HOST_PREPS:
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        found = _mention_at(ctx.mentions, *_subtree(pobj)) if pobj is not None else None
        if found is not None and ctx.kinds_for[found.entity] & {"Organization", "Place"}:
            return found.entity
    return None


def _definite(tok: Any) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "its") for c in tok.children)
