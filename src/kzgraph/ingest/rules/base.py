"""What every rule family shares: the :class:`Context` of one sentence, the :class:`Family` record of the
registry, the entity kinds rules look for, and the clause helpers that find a rule's subject and date
(nearest mention of a fitting kind in the same clause, nearest date, a competing entity between them)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kzgraph.ingest.dates import DateMention
from kzgraph.ingest.gazetteer import Gazetteer, Mention
from kzgraph.ingest.statement import Proposal, Statement

DATE_WINDOW = 90
SUBJECT_WINDOW = 140
ACTIVE_WINDOW = 60
LINK = re.compile(r"\s+(?:in|of|under|at|within|при|под)\s+(?:the\s+)?", re.IGNORECASE)

ORGANISATION = frozenset({"Organization", "InstitutionNetwork", "Initiative", "Programme", "Strategy"})
DOCUMENT = frozenset({"Document"})
EVENT = frozenset({"Event"})
PERIOD = frozenset({"HistoricalPeriod", "Event", "Initiative", "Organization", "Programme", "Strategy"})
PERSON = frozenset({"Person"})
HEADED = frozenset({"Organization"})
COUNTABLE = frozenset({"InstitutionNetwork", "AssemblyBody"})
DATED = frozenset({"foundingDate", "adoptionDate", "date", "startDate", "endDate", "dissolutionDate"})
ALL_LANGUAGES = frozenset({"en", "ru", "kk"})


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """One sentence as every family sees it. ``text`` is the sentence (cleaned text), ``offset`` its start
    in the document, ``mentions`` and ``dates`` sentence-local; ``kinds_for`` maps each mentioned entity to
    its kinds; ``present`` the pre-filter keywords found in the lower-cased sentence; ``span`` the document
    span every statement of the sentence cites."""

    gaz: Gazetteer
    text: str
    offset: int
    mentions: list[Mention]
    dates: list[DateMention]
    kinds_for: dict[str, frozenset[str]]
    present: frozenset[str]
    language: str = "en"
    doc: Any = None  # the sentence's spaCy parse, when a family that needs one asked for it
    topic: dict[str, str] = field(default_factory=dict)  # head word -> entity named earlier ("assembly" -> apk)
    # folded name -> (entity, its proposal if new) for what the document named or proposed in earlier sentences
    named: dict[str, tuple[str, Proposal | None]] = field(default_factory=dict)
    act: Proposal | None = None  # the legal act the document is, when a heading near its start cites it

    @property
    def span(self) -> tuple[int, int]:
        return (self.offset, self.offset + len(self.text))


@dataclass(frozen=True)
class Family:
    """One rule family of the registry: ``run(ctx)`` yields the statements of a sentence. It runs only for
    ``languages`` and, with ``needs_dates``, only in a sentence with a date; ``keys`` (lower-case
    substrings, see :mod:`kzgraph.ingest.keywords`) let the driver skip it when none is present."""

    name: str
    run: Callable[[Context], Iterable[Statement]]
    languages: frozenset[str] = ALL_LANGUAGES
    needs_dates: bool = False
    keys: tuple[str, ...] = ()
    needs_parse: bool = False  # runs only on a sentence the driver parsed (see :func:`wants_parse`)


def clause_ok(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return ";" not in text[lo:hi]


def nearest_date(text: str, dates: list[DateMention], at: int, end: int) -> DateMention | None:
    best: tuple[int, DateMention] | None = None
    for d in dates:
        if d.role != "point":
            continue
        dist = d.start - end if d.start >= end else at - d.end
        dist = max(dist, 0)
        if dist > DATE_WINDOW or not clause_ok(text, d.start, at):
            continue
        if best is None or dist < best[0]:
            best = (dist, d)
    return best[1] if best else None


OCCASION = rx(r"\s*(?:at|during)\b[^,;]*$")


FRONTED = re.compile(r"(?:^|[.!?]\)?\s+)(?:in|on|by|at|в|во)?\s*$", re.IGNORECASE)


def fronted_date(text: str, dates: list[DateMention], at: int) -> DateMention | None:
    """A date that opens the sentence as a framing adverbial ("In May 2010, …") dates the whole sentence,
    however far the trigger at ``at`` is — if no other date follows it and the trigger is in the same
    sentence."""
    opening = [d for d in dates if d.end <= at and FRONTED.search(text[: d.start])]
    if not opening:
        return None
    d = opening[-1]
    later = [x for x in dates if x.start > d.start]
    if d.role != "point" or later or not re.match(r"\s*,", text[d.end :]):
        return None
    if re.search(r";|[.!?]\s", text[d.end : at]):
        return None
    return d


def competing(
    text: str,
    mentions: list[Mention],
    kinds_for: dict[str, frozenset[str]],
    subject: Mention,
    lo: int,
    hi: int,
    date: DateMention,
    only: frozenset[str] = ORGANISATION | DOCUMENT | EVENT,
) -> bool:
    """Is there another organisation, document or event between the trigger/subject and the date? Not when
    what follows the trigger is the occasion it happened at ("adopted at the end of the IX session … in
    2000": the session's date is the adoption's). ``only`` narrows the kinds that compete (the agent of an
    active verb stands between a fronted date and the verb: "On June 28, 2006, the government … approved")."""
    a, b = (hi, date.start) if date.start >= hi else (date.end, lo)
    if date.start >= hi and OCCASION.match(text, hi, date.start):
        return False
    return any(m is not subject and m.start >= a and m.end <= b and kinds_for[m.entity] & only for m in mentions)


# A mention right after a preposition is its object, not a clause subject ("created in 2012 under the APK",
# "Совет при Ассамблее … создан").
PREP_BEFORE = re.compile(
    r"(?<!\w)(?:under|by|at|within|of|to|for|with|into|from|among|при|под|у|для|с|со|в|во|на|об|о|от|к)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
CYRILLIC_WORD = re.compile(r"([а-яё]+)\s+$")


def governed(text: str, m: Mention, language: str) -> bool:
    """Is the mention the object of a preposition or, in Russian, the genitive dependent of a noun before it
    (``Концепция развития Ассамблеи``)? Then it is not the subject of the clause."""
    at = m.start
    while at > 0 and text[at - 1] in '«"“':  # a quoted name: «Дома дружбы»
        at -= 1
    if PREP_BEFORE.search(text, max(0, at - 24), at):
        return True
    if language == "ru":
        word = CYRILLIC_WORD.search(text, max(0, at - 30), at)
        if word is not None:
            if not _noun_first(word[1]):
                return False
            # An apposition (``предприятие «Дом дружбы»``) is no dependent: the name's first word must be able
            # to be a genitive.
            first = re.match(r"[А-ЯЁа-яё]+", m.surface)
            return first is None or _can_be_genitive(first[0])
    return False


@lru_cache(maxsize=8192)
def _noun_first(word: str) -> bool:
    from kzgraph import morphology

    parses = morphology.analyzer().parse(word)
    return bool(parses) and parses[0].tag.POS == "NOUN"


@lru_cache(maxsize=8192)
def _can_be_genitive(word: str) -> bool:
    from kzgraph import morphology

    return any(p.tag.case == "gent" for p in morphology.analyzer().parse(word))


def subject_of(
    text: str,
    mentions: list[Mention],
    kinds_for: dict[str, frozenset[str]],
    wanted: frozenset[str],
    at: int,
    end: int,
    passive: bool,
    language: str | None = None,
) -> tuple[Mention, int] | None:
    """The nearest mention of a ``wanted`` kind: before the trigger for passive forms, after it otherwise.
    With ``language``, a passive subject must not be :func:`governed` (the date then belongs to an entity the
    graph does not know yet)."""
    before = [m for m in mentions if m.end <= at and kinds_for[m.entity] & wanted and clause_ok(text, m.end, at)]
    after = [m for m in mentions if m.start >= end and kinds_for[m.entity] & wanted and clause_ok(text, end, m.start)]
    near_before = max(before, key=lambda m: m.end, default=None)
    near_after = min(after, key=lambda m: m.start, default=None)
    if passive and near_before is not None:
        # "the Scientific-Expert Council in the APK (established …)": the head of "X in/of/under the Y" is X.
        for m in sorted(before, key=lambda m: -m.end):
            if m.end <= near_before.start and LINK.fullmatch(text, m.end, near_before.start):
                near_before = m
                break
            if m.end <= near_before.start:
                break
        dist = at - near_before.end
        if language is not None and governed(text, near_before, language):
            return None
        return (near_before, dist) if dist <= SUBJECT_WINDOW else None
    if near_after is None:
        return None
    dist = near_after.start - end
    if passive and language is not None and governed(text, near_after, language):
        return None
    limit = SUBJECT_WINDOW if passive and not text[:at].strip() else ACTIVE_WINDOW
    return (near_after, dist) if dist <= limit else None
