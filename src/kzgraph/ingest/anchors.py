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
``kz:startDate`` (a state that began then), otherwise ``kz:date``; so does ``since <date> when <the event>``,
where the when-clause dates the event itself.

The same labels drive the **date–entity compatibility** check (:func:`compatible`): a document or event
whose label names a year is not given a date of another year; where a sibling entity of the same class
has the same label plus ``(year)`` of the stated date, the statement moves to it ("Constitution" adopted in
1993 → ``constitution-1993``, not ``constitution-1995``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kzgraph.ingest.dates import DateMention
from kzgraph.ingest.gazetteer import EntityInfo, Gazetteer, Mention, _key
from kzgraph.ingest.keywords import Keywords

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
SKIP_KINDS = frozenset({"HistoricalPeriod", "SurveyFinding"})
SUFFIXES: tuple[str, ...] = ("ations", "ation", "itions", "ition", "sions", "sion", "ions", "ion", "ments", "ment")
SUFFIXES += ("ences", "ence", "ances", "ance", "ings", "ing", "s")


def stem(word: str) -> str:
    """A crude English stem shared by a noun and its verb: lower case, no hyphens or apostrophes, a
    nominalising suffix removed (never below four letters)."""
    w = re.sub(r"[-'’]", "", word.lower())
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if w.endswith("ies") and len(w) >= 6:
        return w[:-3] + "y"  # studies → study, bodies → body
    for suf in SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


# Trigger lexicon: the stemmed head noun of an event label → other words (English and Russian, matched at the
# start of a word) that name the same KIND of event. One entry per kind of event — never per event or per
# sentence; the label still supplies the qualifiers and the year, so a lexicon word only ever confirms or dates
# a known event whose other words (or named entities) and year are in the same sentence.
LEXICON: dict[str, tuple[str, ...]] = {
    "acces": ("join", "accede", "admitted", "admission", "member", "вступ", "присоедин", "принят в", "приняли в"),
    "reloc": ("move", "moving", "transfer", "relocat", "перенос", "перенес", "перенёс", "переезд", "переведен"),
    "renam": ("rename", "re-name", "переименов"),
    "resign": ("step down", "stepped down", "steps down", "отставк", "сложил полномоч", "ушел с поста", "ушёл с поста"),
    "elect": ("elect", "vote", "voted", "poll", "выбор", "избран", "избира"),
    "reelect": ("re-elect", "reelect", "переизбран", "переизбира"),
    "independ": ("independ", "независим"),
    "declar": ("declar", "proclaim", "proclamation", "провозгла", "деклараци", "объявил"),
    "replace": ("replac", "succeeded", "смени", "сменён", "сменен", "замен"),
    "suspen": (
        "suspen",
        "halt",
        "stopped",
        "moratorium",
        "banned",
        "closure",
        "closed",
        "приостанов",
        "прекращ",
        "мораторий",
        "закрыт",
        "запрещ",
    ),
    "reform": ("reform", "amendment", "реформ"),
    "confer": ("conference", "конференци"),
    "forum": ("forum", "форум"),
    "incorpor": ("incorporat", "became part", "вошел в состав", "вошёл в состав", "включен в состав"),
    "promot": ("transformed into", "upgraded", "преобразован"),
    "move": ("movement", "движени"),
    "anniversary": ("anniversar", "юбиле", "годовщин"),
}
# Russian words for the common nouns of English event labels, so that a Russian sentence can meet the label's
# qualifiers (named entities — Astana, Nazarbayev, the CIS — are matched through the gazetteer instead).
RU_QUALIFIERS: dict[str, tuple[str, ...]] = {
    "capital": ("столиц",),
    "nuclear": ("ядерн",),
    "test": ("испытан",),
    "president": ("президент",),
    "house": ("палат",),
    "upper": ("верхн",),
    "lower": ("нижн",),
    "sovereignty": ("суверен",),
    "secretary": ("секретар",),
    "communist": ("коммунист",),
    "party": ("парти",),
    "republic": ("республик",),
    "soviet": ("советск",),
    "socialist": ("социалист",),
    "autonomou": ("автономн",),
    "international": ("международн",),
    "harmony": ("согласи",),
    "victory": ("побед",),
    "national": ("национальн",),
    "people": ("народ",),
}
GENERIC_SHARE = 3  # a qualifier that this many event labels share (the country, its president) is not distinctive
_LEXICON_TERMS: dict[str, frozenset[str]] = {}
for _head, _terms in LEXICON.items():
    for _t in _terms:
        _LEXICON_TERMS[_t] = _LEXICON_TERMS.get(_t, frozenset()) | {_head}
LEXICON_KEYS = Keywords(_LEXICON_TERMS)
LEXICON_RX = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(t) for t in sorted(_LEXICON_TERMS, key=len, reverse=True)) + r")[\w-]*",
    re.IGNORECASE,
)
_VERB_END = ("ed", "ал", "ала", "али", "ил", "ила", "или", "ен", "ена", "ён", "ена", "ан", "ана")
_WHEN = re.compile(r"\s*,?\s*(?:when|когда)\b", re.IGNORECASE)
_SINCE = re.compile(r"(?:\bsince|(?<!\w)[сС]о?)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Anchor:
    entity: str
    trigger: str
    qualifiers: frozenset[str]  # word stems of the label (other than the trigger and named entities)
    years: frozenset[str]
    entities: frozenset[str] = frozenset()  # known entities the label names ("to the CIS" → cis)
    generic: frozenset[str] = frozenset()  # its qualifiers/entities that many labels share (not distinctive)


def label_years(info: EntityInfo) -> frozenset[str]:
    return frozenset(YEAR.findall(BOUND_YEAR.sub(" ", info.label)))


def _label_entities(gaz: Gazetteer, info: EntityInfo, rest: str) -> tuple[set[str], set[str]]:
    """Known entities named in the label after its head (``Kazakhstan to the CIS`` → kazakhstan, cis), and the
    words they cover. A phrase that only begins a known name (``the upper house`` → ``upper house of
    parliament``) names that entity when it begins no other entity's name."""
    ids: set[str] = set()
    covered: set[str] = set()
    for m in gaz.find(rest):
        if m.entity != info.id:
            ids.add(m.entity)
            covered |= {w.lower() for w in WORD.findall(m.surface)}
    if not ids:
        key = _key(re.sub(r"^\s*the\s+", "", rest, flags=re.IGNORECASE))
        if len(key.split()) >= 2:
            owners = {e for form, f in gaz.forms.items() if form.startswith(key + " ") for e in f.entities}
            if len(owners) == 1:
                ids |= owners
    return ids, covered


def _anchor(info: EntityInfo, gaz: Gazetteer | None = None) -> Anchor | None:
    if "Event" not in info.kinds or info.kinds & SKIP_KINDS:
        return None
    years = label_years(info)
    if not years:
        return None
    parts = HEAD_END.split(info.label, maxsplit=1)
    head_part = parts[0]
    head_words = [w for w in WORD.findall(head_part) if w.lower() not in STOP]
    if not head_words or len(head_words[-1]) < 5:
        return None
    trigger = stem(head_words[-1])
    ids: set[str] = set()
    covered: set[str] = set()
    if gaz is not None and len(parts) > 1:
        ids, covered = _label_entities(gaz, info, re.sub(r"\s*\([^()]*\)\s*$", "", parts[1]))
    quals = {
        stem(w) for w in WORD.findall(info.label) if w.lower() not in STOP and len(w) >= 4 and w.lower() not in covered
    } - {trigger}
    if not quals and not ids:
        return None
    return Anchor(info.id, trigger, frozenset(quals), years, frozenset(ids))


@dataclass(frozen=True)
class _Index:
    gaz: Gazetteer
    by_trigger: dict[str, list[Anchor]]  # trigger stem -> the anchors it may date
    probes: Keywords  # finds the trigger stems (and -ie- forms of stems in -y: study, studies) in a sentence


_CACHE: dict[int, _Index] = {}


def _index(gaz: Gazetteer) -> _Index:
    """Anchors of a gazetteer's events, by trigger stem (computed once per gazetteer)."""
    hit = _CACHE.get(id(gaz))
    if hit is None or hit.gaz is not gaz:
        found = [a for a in (_anchor(e, gaz) for e in gaz.entities.values()) if a is not None]
        shared: dict[str, int] = {}
        for a in found:
            for q in a.qualifiers | a.entities:
                shared[q] = shared.get(q, 0) + 1
        by: dict[str, list[Anchor]] = {}
        for a in found:
            generic = frozenset(q for q in a.qualifiers | a.entities if shared[q] >= GENERIC_SHARE)
            by.setdefault(a.trigger, []).append(replace(a, generic=generic))
        probes = {t: t for t in by} | {t[:-1] + "ie": t for t in by if t.endswith("y")}
        hit = _Index(gaz, by, Keywords(probes))
        _CACHE[id(gaz)] = hit
    return hit


_ASIDE = re.compile(r"\([^()]*\)|\"[^\"]*\"|«[^»]*»|“[^”]*”")


def _gap(text: str, a: int, b: int) -> int:
    """Characters between ``a`` and ``b``, not counting asides in brackets or quotes (a title or a
    parenthesis between a trigger and its date does not move them apart)."""
    return len(_ASIDE.sub("", text[a:b])) if b > a else 0


def _bracketed(text: str, d: DateMention) -> bool:
    return text[: d.start].rstrip().endswith("(") and text[d.end :].lstrip().startswith(")")


def _dates_for(text: str, dates: list[DateMention], at: int, end: int) -> list[DateMention]:
    """Dates a trigger may take, best first: those after it (same clause, within :data:`WINDOW` characters not
    counting asides), nearest first, then those before it that are not in brackets, nearest first. The caller
    takes the first whose year is the event's year ("In 1997, the capital was relocated … (2019.3.20)
    re-named": 1997 dates the relocation although 2019.3.20 is nearer)."""
    after = [d for d in dates if d.role == "point" and d.start >= end and _gap(text, end, d.start) <= WINDOW]
    after = sorted((d for d in after if ";" not in text[end : d.start]), key=lambda d: d.start)
    before = [d for d in dates if d.role == "point" and d.end <= at and _gap(text, d.end, at) <= WINDOW]
    before = [d for d in before if ";" not in text[d.end : at] and not _bracketed(text, d)]
    return after + sorted(before, key=lambda d: -d.end)


# "joining CIS (1991.12.21) and the United Nations (1992.3)": after a bracketed date, another conjunct with its
# own bracketed date shares the trigger.
_CONJUNCT = re.compile(
    r"\)\s*(?:,\s*)?(?:and|as well as|и|а также)\s+(?P<np>[^()\[\];,.]{2,80}?)\s*\(\s*$", re.IGNORECASE
)


def _conjuncts(text: str, dates: list[DateMention], first: DateMention) -> list[tuple[int, int, DateMention]]:
    """(start, end, date) of each further conjunct coordinated with the bracketed date ``first``."""
    out: list[tuple[int, int, DateMention]] = []
    prev = first
    for d in dates:
        if d.start <= prev.end or d.role != "point" or not _bracketed(text, d):
            continue
        close = text.find(")", prev.end)
        if close < 0 or close >= d.start:
            break
        m = _CONJUNCT.match(text[: d.start], close)
        if m is None:
            break
        out.append((m.start("np"), m.end("np"), d))
        prev = d
    return out


def _qualified(q: str, stems: set[str]) -> bool:
    return any(s.startswith(q) for s in stems) or any(s.startswith(r) for r in RU_QUALIFIERS.get(q, ()) for s in stems)


def anchored(
    gaz: Gazetteer, text: str, dates: list[DateMention], mentions: Iterable[Mention] = ()
) -> list[tuple[str, str, DateMention]]:
    """(event id, predicate, date) for every event the sentence anchors by a trigger word — the head noun of
    its label, or a word of the :data:`LEXICON` for that head (which then needs a distinctive qualifier). One
    date dates one event: where two triggers reach the same date, a verb (``suspended``) beats a noun
    (``movement``), then the nearer trigger wins."""
    if not dates:
        return []
    index = _index(gaz)
    by_trigger = index.by_trigger
    low = re.sub(r"[-'’]", "", text.lower())
    triggers: list[tuple[int, int, str, list[Anchor], bool]] = []  # start, end, word, anchors, from the lexicon
    seen = index.probes.found(low)  # cheap pre-filter: most sentences have no trigger
    own = {t: g for t, g in by_trigger.items() if t in seen}  # in a fixed order (ties between triggers)
    words = [(m.start(), m.end(), m[0], stem(m[0])) for m in WORD.finditer(text)] if own else []
    for start, end, raw, w in words:
        for trig, group in own.items():
            if w.startswith(trig) and len(w) <= len(trig) + 4:
                triggers.append((start, end, raw, group, False))
    lowered = text.lower()
    lexical = bool(LEXICON_KEYS.found(lowered))  # one automaton pass: cheaper than the regex
    for m in LEXICON_RX.finditer(text) if lexical else ():
        heads = _LEXICON_TERMS[m[1].lower()]
        group = [a for h in heads for a in by_trigger.get(h, ())]
        if group:
            triggers.append((m.start(), m.end(), m[0], group, True))
    if not triggers:
        return []
    stems = {stem(m[0]) for m in WORD.finditer(text)}
    mentions = list(mentions)
    named = {m.entity for m in mentions}
    per_date: dict[int, tuple[tuple[bool, int], str, DateMention]] = {}

    def fit(
        trigger: tuple[int, int, str],
        group: list[Anchor],
        options: list[DateMention],
        lexical: bool,
        stems: set[str],
        named: set[str],
    ) -> None:
        fits: list[tuple[int, int, Anchor, DateMention]] = []
        for a in group:
            i, d = next(((i, d) for i, d in enumerate(options) if d.value[:4] in a.years), (-1, None))
            if d is None:
                continue
            hits = {q for q in a.qualifiers if _qualified(q, stems)} | (a.entities & named)
            if hits and (not lexical or hits - a.generic):
                fits.append((len(hits), i, a, d))
        if not fits:
            return
        fits.sort(key=lambda f: (f[1], -f[0]))  # the nearest date any event fits, then the most qualifiers
        best = fits[0]
        if len(fits) > 1 and fits[1][:2] == best[:2] and fits[1][2].entity != best[2].entity:
            return
        _score, _i, a, d = best
        start, end, raw = trigger
        dist = _gap(text, end, d.start) if d.start >= end else _gap(text, d.end, start)
        rank = (not raw.lower().endswith(_VERB_END), dist)
        if d.start not in per_date or rank < per_date[d.start][0]:
            per_date[d.start] = (rank, a.entity, d)

    for start, end, raw, group, lexical in triggers:
        options = _dates_for(text, dates, start, end)
        if not options:
            continue
        fit((start, end, raw), group, options, lexical, stems, named)
        first = options[0]
        if first.start >= end and _bracketed(text, first):
            # A coordination: each further conjunct is dated by its own bracketed date, qualified by its own words.
            for lo, hi, d in _conjuncts(text, dates, first):
                local = {stem(w) for w in WORD.findall(text[lo:hi])}
                here = {m.entity for m in mentions if m.start >= lo and m.end <= hi}
                fit((start, end, raw), group, [d], lexical, local, here)
    out: list[tuple[str, str, DateMention]] = []
    for _rank, eid, d in per_date.values():
        # "since 1898, when the census was held": the when-clause dates the event itself; "since" is the main clause's.
        since = _SINCE.search(text[: d.start]) and not _WHEN.match(text, d.end)
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
