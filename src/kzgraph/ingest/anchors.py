"""Event anchoring: dating a known event that a sentence names only by a trigger word.

Texts rarely use the descriptive labels of event entities ("Independence of Kazakhstan (1991)",
"Replacement of Kunayev by Gennady Kolbin (1986)"); they say "since its independence in 1991" or "when
Kunayev was replaced … in 1986". Each event entity whose English label carries a year gives an
:class:`Anchor`, derived from the label alone (no hand-written table per event):

- the **trigger stem**: the label's head noun (the last word before the first ``of/to/by/…``, a quote or a
  bracket), stemmed so that noun and verb forms meet (``Resignation`` → ``resign`` matches ``resigned``;
  ``Renaming`` → ``renam`` matches ``re-named``; ``Suspension`` → ``suspen`` matches ``suspended``);
- the **qualifiers**: the stems of the label's other content words (``kunayev``, ``kolbin``, ``capital``);
- the **years** the label names.

A sentence anchors the event when it has the trigger word, at least one qualifier, and a date near the
trigger (:data:`WINDOW` characters, same clause) whose year is one of the label's years. The date must
follow the trigger, or precede it without brackets (a bracketed date belongs to what stands before it:
"… sovereignty (1991.10.25), and … elected" does not date the election). When several events fit one
trigger the one matching most qualifiers wins; a tie anchors nothing. ``since <date>`` gives
``kz:startDate`` (a state that began then), otherwise ``kz:date``.

The same labels drive the **date–entity compatibility** check (:func:`compatible`): a document or event
whose label names a year is not given a date of another year; where a sibling entity of the same class
has the same label plus ``(year)`` of the stated date, the statement moves to it ("Constitution" adopted in
1993 → ``constitution-1993``, not ``constitution-1995``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzgraph.ingest.dates import DateMention
from kzgraph.ingest.gazetteer import EntityInfo, Gazetteer

WINDOW = 90
YEAR = re.compile(r"(?<!\d)(1[6-9]\d\d|20\d\d)(?!\d)")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
HEAD_END = re.compile(r"\s(?:of|to|into|by|from|as|in|on|for|at|with)\s|[«\"“(]", re.IGNORECASE)
# A year the label names as a bound ("… powers until 2000") is not the event's date.
BOUND_YEAR = re.compile(r"\b(?:until|till|to|before|after|by)\s+(?:1[6-9]\d\d|20\d\d)\b", re.IGNORECASE)
STOP = frozenset(
    {"the", "a", "an", "of", "to", "by", "from", "as", "in", "on", "for", "at", "with", "and", "or", "its", "their"}
    | {"his", "her", "new", "first", "second", "third", "one", "two", "events", "event", "proposed"}
)
SKIP_KINDS = frozenset({"HistoricalPeriod", "SurveyFinding", "Survey"})
SUFFIXES: tuple[str, ...] = ("ations", "ation", "itions", "ition", "sions", "sion", "ions", "ion", "ments", "ment")
SUFFIXES += ("ences", "ence", "ances", "ance", "ings", "ing", "s")


def stem(word: str) -> str:
    """A crude English stem shared by a noun and its verb: lower case, no hyphens or apostrophes, a
    nominalising suffix removed (never below four letters)."""
    w = re.sub(r"[-'’]", "", word.lower())
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    for suf in SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


@dataclass(frozen=True)
class Anchor:
    entity: str
    trigger: str
    qualifiers: frozenset[str]
    years: frozenset[str]


def label_years(info: EntityInfo) -> frozenset[str]:
    return frozenset(YEAR.findall(BOUND_YEAR.sub(" ", info.label)))


def _anchor(info: EntityInfo) -> Anchor | None:
    if "Event" not in info.kinds or info.kinds & SKIP_KINDS:
        return None
    years = label_years(info)
    if not years:
        return None
    head_part = HEAD_END.split(info.label, maxsplit=1)[0]
    head_words = [w for w in WORD.findall(head_part) if w.lower() not in STOP]
    if not head_words or len(head_words[-1]) < 5:
        return None
    trigger = stem(head_words[-1])
    quals = {stem(w) for w in WORD.findall(info.label) if w.lower() not in STOP and len(w) >= 4} - {trigger}
    if not quals:
        return None
    return Anchor(info.id, trigger, frozenset(quals), years)


_CACHE: dict[int, tuple[Gazetteer, list[Anchor], dict[str, list[Anchor]]]] = {}


def anchors(gaz: Gazetteer) -> dict[str, list[Anchor]]:
    """Anchors of a gazetteer's events, by trigger stem (computed once per gazetteer)."""
    hit = _CACHE.get(id(gaz))
    if hit is None or hit[0] is not gaz:
        found = [a for a in map(_anchor, gaz.entities.values()) if a is not None]
        by: dict[str, list[Anchor]] = {}
        for a in found:
            by.setdefault(a.trigger, []).append(a)
        hit = (gaz, found, by)
        _CACHE[id(gaz)] = hit
    return hit[2]


def _bracketed(text: str, d: DateMention) -> bool:
    return text[: d.start].rstrip().endswith("(") and text[d.end :].lstrip().startswith(")")


def _date_for(text: str, dates: list[DateMention], at: int, end: int) -> DateMention | None:
    """The nearest date after the trigger (same clause, within :data:`WINDOW`), else the nearest one before
    it that is not in brackets."""
    after = [d for d in dates if d.role == "point" and d.start >= end and d.start - end <= WINDOW]
    after = [d for d in after if ";" not in text[end : d.start]]
    if after:
        return min(after, key=lambda d: d.start)
    before = [d for d in dates if d.role == "point" and d.end <= at and at - d.end <= WINDOW]
    before = [d for d in before if ";" not in text[d.end : at] and not _bracketed(text, d)]
    return max(before, key=lambda d: d.end, default=None)


def anchored(gaz: Gazetteer, text: str, dates: list[DateMention]) -> list[tuple[str, str, DateMention]]:
    """(event id, predicate, date) for every event the sentence anchors by a trigger word. One date dates
    one event: where two triggers reach the same date, a verb (``suspended``) beats a noun (``movement``),
    then the nearer trigger wins."""
    if not dates:
        return []
    low = re.sub(r"[-'’]", "", text.lower())
    by = {t: g for t, g in anchors(gaz).items() if t in low}  # cheap pre-filter: most sentences have none
    if not by:
        return []
    words = [(m.start(), m.end(), m[0], stem(m[0])) for m in WORD.finditer(text)]
    stems = {w for *_x, w in words}
    per_date: dict[int, tuple[tuple[bool, int], str, DateMention]] = {}
    for start, end, raw, w in words:
        fits: list[tuple[int, Anchor, DateMention]] = []
        for trig, group in by.items():
            if not w.startswith(trig) or len(w) > len(trig) + 4:
                continue
            d = _date_for(text, dates, start, end)
            if d is None:
                continue
            for a in group:
                score = sum(1 for q in a.qualifiers if any(s.startswith(q) for s in stems))
                if score and d.value[:4] in a.years:
                    fits.append((score, a, d))
        if not fits:
            continue
        fits.sort(key=lambda f: -f[0])
        if len(fits) > 1 and fits[1][0] == fits[0][0] and fits[1][1].entity != fits[0][1].entity:
            continue
        _score, a, d = fits[0]
        dist = d.start - end if d.start >= end else start - d.end
        rank = (not raw.lower().endswith("ed"), dist)
        if d.start not in per_date or rank < per_date[d.start][0]:
            per_date[d.start] = (rank, a.entity, d)
    out: list[tuple[str, str, DateMention]] = []
    for _rank, eid, d in per_date.values():
        since = re.search(r"\bsince\s+$", text[: d.start], re.IGNORECASE)
        out.append((eid, "startDate" if since else "date", d))
    return out


def compatible(gaz: Gazetteer, entity: str, value: str) -> str | None:
    """The entity a dated statement should be about, given the date's year: ``entity`` itself, a sibling
    whose label is the same plus that year (same class), or ``None`` when the entity's label names other
    years only."""
    info = gaz.entities.get(entity)
    if info is None:
        return entity
    year = value[:4]
    years = label_years(info)
    if year in years:
        return entity
    base = re.sub(r"\s*\(\s*\d{4}\s*\)\s*$", "", info.label).strip().lower()
    for other in _siblings(gaz, info.cls):
        same = re.sub(r"\s*\(\s*\d{4}\s*\)\s*$", "", other.label).strip().lower() == base
        if other.id != entity and same and year in label_years(other):
            return other.id
    return None if years else entity


_SIBLINGS: dict[int, tuple[Gazetteer, dict[str, list[EntityInfo]]]] = {}


def _siblings(gaz: Gazetteer, cls: str) -> list[EntityInfo]:
    hit = _SIBLINGS.get(id(gaz))
    if hit is None or hit[0] is not gaz:
        by: dict[str, list[EntityInfo]] = {}
        for e in gaz.entities.values():
            by.setdefault(e.cls, []).append(e)
        hit = (gaz, by)
        _SIBLINGS[id(gaz)] = hit
    return hit[1].get(cls, [])
