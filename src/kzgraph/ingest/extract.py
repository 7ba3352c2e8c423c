"""Statements from sentences: explainable patterns that attach a date, a number or a person to the entity
or event a sentence is about. Each rule has a name (recorded on every claim as ``kz:extractionRule``) and a
confidence.

The rules are grouped in families (:data:`kzgraph.ingest.rules.FAMILIES`), one function each; this module
runs them over a sentence and keeps one statement per triple. How a dated rule works: a trigger word
(``founded``, ``established``, ``adopted``, ``held``, ``создан``, ``принят``, ``состоялась`` …) names the
property; the date nearest the trigger gives the value; the subject is the nearest mention of an entity of a
fitting kind (see :mod:`kzgraph.ingest.rules.dated`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import Any

from kzgraph.ingest import anchors
from kzgraph.ingest.dates import DateMention
from kzgraph.ingest.dates import find as find_dates
from kzgraph.ingest.gazetteer import Gazetteer, Mention
from kzgraph.ingest.keywords import Keywords
from kzgraph.ingest.numbers import find as find_numbers
from kzgraph.ingest.rules import FAMILIES, Context, Family, head_word, wants_parse
from kzgraph.ingest.rules.base import DATED
from kzgraph.ingest.sessions import kinds_of, session_info, session_mentions
from kzgraph.ingest.statement import Proposal, Statement

__all__ = [
    "Proposal",
    "Statement",
    "dedupe",
    "extract_sentence",
    "head_word",
    "kinds_of",
    "numbers_in",
    "session_info",
    "session_mentions",
    "wants_parse",
]


@cache
def _keywords(names: tuple[str, ...]) -> Keywords:
    """Every pre-filter keyword of the families named, found in one pass per sentence."""
    chosen = set(names)
    return Keywords(list(dict.fromkeys(k for f in FAMILIES for k in f.keys if f.name in chosen)))


@cache
def _all_keywords() -> Keywords:
    return _keywords(tuple(f.name for f in FAMILIES))


def extract_sentence(
    gaz: Gazetteer,
    text: str,
    offset: int,
    mentions: list[Mention],
    dates: list[DateMention] | None = None,
    *,
    language: str = "en",
    families: Iterable[Family] | None = None,
    doc: Any = None,
    topic: dict[str, str] | None = None,
    named: dict[str, tuple[str, Proposal | None]] | None = None,
    kinds: dict[str, frozenset[str]] | None = None,
    act: Proposal | None = None,
) -> list[Statement]:
    """Statements of one sentence; ``mentions`` are sentence-local; spans returned are document offsets.
        ``doc``: the sentence's parse (:func:`kzgraph.ingest.nlp.parse`) if :func:`wants_parse` asked for one;
        ``topic``: head word → entity named earlier in the document (``assembly`` → ``apk``); ``named``: folded name →
        (entity, its proposal if new) named or proposed earlier in the document; ``kinds``: the kinds of a mentioned
        entity the gazetteer does not know (a new body a reference stands for); ``act``: the legal act the document
    is (its heading cites it)."""
    if dates is None:
        dates = find_dates(text)
    chosen = FAMILIES if families is None else list(families)
    keywords = _all_keywords() if families is None else Keywords([k for f in chosen for k in f.keys])
    present = frozenset(keywords.found(text.lower()))
    kinds_for = {m.entity: (kinds or {}).get(m.entity) or kinds_of(gaz, m.entity) for m in mentions}
    ctx = Context(gaz, text, offset, mentions, dates, kinds_for, present, language, doc, topic or {}, named or {}, act)
    out: dict[tuple[str, str, str], Statement] = {}
    for family in chosen:
        if language not in family.languages or (family.needs_dates and not dates):
            continue
        if family.needs_parse and doc is None:
            continue
        if family.keys and present.isdisjoint(family.keys):
            continue
        for st in family.run(ctx):
            if st.predicate in DATED and st.value is not None:
                # Date–entity compatibility: "Constitution" adopted in 1993 is the 1993 one, not the 1995 one.
                subject = anchors.compatible(gaz, st.subject, st.value)
                if subject is None:
                    continue
                if subject != st.subject:
                    st = replace(st, subject=subject)
            if st.key not in out or out[st.key].confidence < st.confidence:
                out[st.key] = st
    return sorted(out.values(), key=lambda s: s.key)


def numbers_in(text: str) -> list[tuple[int, int, str, str]]:
    """Numbers of a sentence (for reports): (start, end, value, kind)."""
    return [(n.start, n.end, n.value, n.kind) for n in find_numbers(text)]


def dedupe(statements: Iterable[Statement]) -> list[Statement]:
    seen: dict[tuple[tuple[str, str, str], int], Statement] = {}
    for s in statements:
        seen.setdefault((s.key, s.start), s)
    return list(seen.values())
