"""Population figures in prose → census-style observations (the model of :mod:`tabular`), in English, Russian
and Kazakh.

A **figure** is a percentage (a share, 0–100) or a count of people: a number with a multiplier (``8.0
million``, ``2,9 млн``, ``614 тыс.``, ``614 мың``) or followed by ``people``/``человек``/``адам``. The count is
stored in people (``kz:populationCount 2900000``) and the figure as the text states it beside it
(``kz:amount 2.9``, ``kz:unit "million"``), so both a sum and a reader comparing with the text find it. A
change (``increased by 45%``, ``на 5%``, ``45%-ға өсті``) is not a level and gives nothing; in ``from X to Y``
(``с 63,1% до 70,4%``, ``63,1%-дан 70,4%-ға дейін``) Y is the level.

Its **ethnic group** sits in one of two slots:

- right before it, after a dash, colon or bracket: ``Kazakhs (8.0 million people)``, ``Russian - 30.0%``,
  ``русские — 2,9 млн человек``, ``орыстар – 2,9 млн адам``;
- next to a cue word before it in the same clause: ``the share of Kazakhs … was 70.4%``, ``Kazakhs share in
  the country's population was 53.4 %``, ``доля казахов увеличилась … 70,4%``, ``Численность казахов … 13,4
  млн``, ``қазақтар саны 13,4 млн``, ``қазақтардың үлесі … 70,4%-ға``.

The name is linked by :mod:`ethnonyms` (gazetteer, English singular, or an orthographic correspondence, which
also proposes the name as a label). A name that looks like an ethnonym but matches no group becomes a
candidate (proposed class ``EthnicGroup``) and gives no observation until it is accepted (an observation's group
must be a known ``kz:EthnicGroup``): its figures are kept as claims on the candidate itself
(``kz:populationCount``/``kz:populationShare`` with ``kz:refPeriod``/``kz:refArea`` on the claim).

The **total** population: a population cue (``the population of …``, ``численность населения``, ``халық
саны``) followed in its clause by a count, with no group between. The **number of ethnic groups**: ``124
ethnic groups``, ``124 этноса``, ``представители 124 этносов``, ``этностар саны 124-ті`` — a statement
``kz:numberOfEthnicGroups`` of the area, its claim carrying the period and a qualifier (``approximately 100`` →
``about``, ``more than 100`` → ``over``); without a period only where the sentence names the place.

The **period** (``kz:refPeriod``, a year; ``kz:refDate`` too for an as-of date), first found wins:

1. a census phrase in the sentence — a year beside a census word (``census of 1999``, ``переписи 2021
   года``, ``2021 жылғы санақ``);
2. an as-of date in the sentence (``as of 1 January 2025``, ``на 1 января 2025 года``, ``2025 жылғы 1
   қаңтардағы жағдай бойынша``);
3. one year the sentence gives as ``in 1999`` / ``в 1999 году`` / ``1999 жылы`` (not in brackets);
4. the document's census year: the year of its census phrases, the most frequent (ties: the first) —
   confidence 0.15 lower, and the claim of ``kz:refPeriod`` quotes that phrase.

A bracket right after a figure with its own year (``53.4 % (39.7% in 1989)``) is the same group's figure for
that year. The **area** is the nearest place named before the group in the clause, else Kazakhstan.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from kzgraph.ingest import numbers
from kzgraph.ingest.candidates import Candidate
from kzgraph.ingest.dates import XSD, DateMention
from kzgraph.ingest.dates import find as find_dates
from kzgraph.ingest.ethnonyms import Group, Groups
from kzgraph.ingest.gazetteer import Gazetteer, Mention
from kzgraph.ingest.labels import LabelProposal
from kzgraph.ingest.sentences import Sentence
from kzgraph.ingest.tabular import Observation

CENSUS = re.compile(r"\b(?:census\w*|перепис\w*|санақ\w*)", re.IGNORECASE)
CENSUS_WINDOW = 40
AS_OF_BEFORE = re.compile(r"(?:\bas\s+(?:of|at)|\bпо\s+состоянию\s+на|\bна\s+начало|(?<!\w)на)\s+$", re.IGNORECASE)
AS_OF_AFTER = re.compile(r"^\S*\s+жағдай\s+бойынша", re.IGNORECASE)
IN_YEAR_BEFORE = re.compile(r"(?:\bin|(?<!\w)в)\s+$", re.IGNORECASE)
PEOPLE = re.compile(r"^\s*(?:people|persons|inhabitants|residents|человек\w*|чел\.|жител\w*|адам\w*|тұрғын\w*)")
CHANGE_BEFORE = re.compile(r"(?:\bby|(?<!\w)на|\bincrease\s+of|\bdecrease\s+of)\s+$", re.IGNORECASE)
CHANGE_AFTER = re.compile(r"^-?(?:ға|ге|қа|ке)\s+(?:арт|өс|кем|азай|төмен)", re.IGNORECASE)
FROM_BEFORE = re.compile(r"(?:\bfrom|(?<!\w)с|(?<!\w)со)\s+$", re.IGNORECASE)
FROM_AFTER = re.compile(r"^-?(?:дан|ден|тан|тен|нан|нен)\b")
TO_BETWEEN = re.compile(r"^\s*(?:-?(?:дан|ден|тан|тен|нан|нен)\s*)?(?:to|до|-|–|—)?\s*$", re.IGNORECASE)
LOWER_BOUND = re.compile(r"(?:more\s+than|over|above|более|свыше|больше|более\s+чем)\s+$", re.IGNORECASE)
LOWER_BOUND_AFTER = re.compile(r"^\S*\s+(?:астам|артық)", re.IGNORECASE)
APPROX = re.compile(
    r"(?:about|approximately|around|nearly|almost|около|порядка|почти|примерно|шамамен)\s+$", re.IGNORECASE
)
WORD = r"[^\W\d_][\w'’-]*"
# A group right before its figure: "Kazakhs (8.0 million", "русские — 2,9 млн", "Russian - 30.0%".
SLOT_BEFORE = re.compile(rf"(?P<name>{WORD})\s*(?:\(|[-–—:])\s*$")
# English: the group as the subject of a verb of amounting ("Kazakhs make up 70.4%", "Uzbeks account for
# about 3.2%"), or a list item continuing such a clause with the figure right after the name (", Russians 15.5%").
SLOT_VERB = re.compile(
    rf"(?P<name>{WORD})\s+(?:(?:make|makes|made|making)\s+up|(?:account|accounts|accounted)\s+for|constitute[sd]?"
    r"|comprise[sd]?|represent(?:s|ed)?)\s+(?:(?:about|approximately|around|nearly|almost|some|roughly)\s+)?$",
    re.IGNORECASE,
)
SLOT_BARE = re.compile(rf"(?:[,;]|\band\b)\s*(?P<name>{WORD})\s+$", re.IGNORECASE)
# Cue words for a share or a number of people, with the group beside them.
SHARE_OR_NUMBER = r"share|proportion|number|population|доля|удельный\s+вес|численность|число|количество"
SLOT_CUE_AFTER = re.compile(rf"\b(?:{SHARE_OR_NUMBER})\s+(?:of\s+(?:the\s+)?)?(?P<name>{WORD})", re.IGNORECASE)
SLOT_CUE_BEFORE = re.compile(
    rf"(?P<name>{WORD})(?:'s|s'|’s)?\s+(?:share|population|number|саны|санының|үлесі|үлес\w*)\b", re.IGNORECASE
)
CUE_WINDOW = 90
CUE_WORDS: tuple[str, ...] = ("share", "proportion", "number", "population", "доля", "удельный", "численность")
CUE_WORDS += ("число", "количество", "саны", "үлес")
TOTAL_CUE = re.compile(
    r"\b(?:(?:total\s+)?population|численность\s+населения|население|халық\w*\s+саны|тұрғындар\w*\s+саны)\b",
    re.IGNORECASE,
)
ETHNIC_COUNT = re.compile(
    r"(?P<n>\d{1,3})(?:-\w+)?\s+(?:different\s+|distinct\s+|various\s+)?"
    r"(?:ethnic\s+groups|ethnicities|ethnoses|nationalities|этнос(?:а|ов|ы)?(?!\w)|национальност\w*|народност\w*"
    r"|этнос(?:тың|тар\w*)?(?!\w)|ұлт(?:тар\w*)?(?!\w)|ұлыс\w*)"
    r"|(?:этностар|ұлттар|ұлыстар)\w*\s+саны\s+(?P<n2>\d{1,3})",
    re.IGNORECASE,
)
# A cheap test first: a sentence without any of these holds no figure of people and no number of groups.
MAYBE_WORDS = (
    "%", "per cent", "percent", "процент", "пайыз", "thousand", "million", "тыс", "млн", "мың", "people", "persons",
    "inhabitants", "человек", "адам", "ethnic", "nationalit", "этнос", "национальност", "народност", "ұлт", "ұлыс",
)  # fmt: skip
MAYBE_NUMBER = re.compile(r"\d{5}|\d[ ,\u00a0]\d{3}")


def maybe(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in MAYBE_WORDS) or MAYBE_NUMBER.search(text) is not None


ETHNIC_CUE = re.compile(r"ethnic|nationalit|национальн|этнос|этнич|ұлт|этнос", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    year: str
    start: int  # cleaned-text offsets of the phrase stating it
    end: int
    date: str = ""  # an as-of date (xsd:date), when given
    from_document: bool = False


@dataclass(frozen=True)
class GroupCount:
    """``kz:numberOfEthnicGroups`` of ``area`` for ``period`` ("" when the text gives none) (raw offsets)."""

    area: str
    value: str
    period: str
    ref_date: str
    start: int
    end: int
    period_start: int
    period_end: int
    confidence: float
    qualifier: str = ""  # "about", "over"


@dataclass
class Found:
    observations: list[Observation]
    group_counts: list[GroupCount]
    candidates: list[tuple[int, Candidate]]  # (sentence index, sentence-local candidate)
    labels: list[tuple[int, LabelProposal]]  # (sentence index, sentence-local proposal)
    # Figures of a group no entity names yet: (candidate's label, the observation it would be, group None)
    pending: list[tuple[str, Observation]]


def census_phrases(text: str) -> list[Period]:
    """Years beside a census word, in the order they appear (cleaned-text offsets)."""
    out: list[Period] = []
    for c in CENSUS.finditer(text):
        lo, hi = max(0, c.start() - CENSUS_WINDOW), min(len(text), c.end() + CENSUS_WINDOW)
        window = text[lo:hi]
        best: DateMention | None = None
        for d in find_dates(window):
            if d.role != "point" or re.search(
                r"[.;!?]\s", window[min(d.end, c.start() - lo) : max(d.start, c.end() - lo)]
            ):
                continue
            if best is None or _gap(d, c.start() - lo, c.end() - lo) < _gap(best, c.start() - lo, c.end() - lo):
                best = d
        if best is not None:
            a, b = min(lo + best.start, c.start()), max(lo + best.end, c.end())
            out.append(Period(best.value[:4], a, b))
    return out


def _gap(d: DateMention, a: int, b: int) -> int:
    return a - d.end if d.end <= a else d.start - b if d.start >= b else 0


def document_period(text: str) -> Period | None:
    phrases = census_phrases(text)
    if not phrases:
        return None
    counts = Counter(p.year for p in phrases)
    top = max(counts.values())
    first = next(p for p in phrases if counts[p.year] == top)
    return Period(first.year, first.start, first.end, from_document=True)


# A full stop before a capital inside a "sentence" (the splitter keeps "people). While …" together).
INNER_END = re.compile(
    r"[.!?…][\"'»”’)\]]*\s+(?=[\"'«“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])|[\"'»”’)\]][.!?…]\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])"
)


def _part_start(text: str, at: int) -> int:
    """Where the part of a sentence holding offset ``at`` begins (see :data:`INNER_END`)."""
    lo = 0
    for m in INNER_END.finditer(text, 0, at):
        if m.end() <= at:
            lo = m.end()
    return lo


def sentence_period(s: Sentence, at: int = 0) -> Period | None:
    """The period the sentence states for a figure at sentence offset ``at`` (rules 1–3), looking only at the
    part of the sentence that holds the figure."""
    lo = 0
    hi = len(s.text)
    for m in INNER_END.finditer(s.text):
        if m.end() <= at:
            lo = m.end()
        elif m.start() >= at:
            hi = m.start() + 1
            break
    if lo or hi < len(s.text):
        return sentence_period(Sentence(s.start + lo, s.start + hi, s.text[lo:hi]))
    text = s.text
    phrases = census_phrases(text)
    if phrases:
        p = phrases[0]
        return Period(p.year, s.start + p.start, s.start + p.end)
    dates = find_dates(text)
    for d in dates:
        as_of = AS_OF_BEFORE.search(text, max(0, d.start - 25), d.start) or AS_OF_AFTER.match(text[d.end :])
        if d.role == "point" and d.datatype == XSD + "date" and as_of:
            return Period(d.value[:4], s.start + d.start, s.start + d.end, date=d.value)
    in_years = [
        d
        for d in dates
        if d.role == "point"
        and not _bracketed(text, d.start)
        and (IN_YEAR_BEFORE.search(text, max(0, d.start - 4), d.start) or text[d.start : d.end].endswith("жылы"))
    ]
    if len({d.value[:4] for d in in_years}) == 1:
        d = in_years[0]
        return Period(d.value[:4], s.start + d.start, s.start + d.end)
    return None


def _bracketed(text: str, a: int) -> bool:
    return text.rfind("(", 0, a) > text.rfind(")", 0, a)


class Reader:
    """Population figures of one document."""

    def __init__(self, gaz: Gazetteer, language: str) -> None:
        self.gaz = gaz
        self.groups = Groups.of(gaz)
        self.language = language

    def read(
        self,
        text: str,
        sentences: list[Sentence],
        mentions: list[list[Mention]],
        to_raw: Callable[[int, int], tuple[int, int]],
    ) -> Found:
        found = Found([], [], [], [], [])
        doc_period: Period | bool | None = False  # computed once, when first needed
        for i, (s, ms) in enumerate(zip(sentences, mentions, strict=True)):
            if not maybe(s.text):
                continue
            figures = [
                n
                for n in numbers.find(s.text)
                if n.kind == "percent" or n.unit or PEOPLE.match(s.text[n.end :]) or _big(n)
            ]
            counts = list(ETHNIC_COUNT.finditer(s.text))
            if not figures and not counts:
                continue
            if doc_period is False:
                doc_period = document_period(text)
            fallback = doc_period if isinstance(doc_period, Period) else None

            periods: dict[int, Period | None] = {}

            def period_at(
                at: int,
                s: Sentence = s,
                fallback: Period | None = fallback,
                periods: dict[int, Period | None] = periods,
            ) -> Period | None:
                lo = _part_start(s.text, at)
                if lo not in periods:
                    periods[lo] = sentence_period(s, at)
                return periods[lo] or fallback

            self._figures(found, i, s, ms, figures, period_at, to_raw)
            self._ethnic_counts(found, s, ms, counts, period_at, to_raw)
        return found

    # --- figures of groups and totals -------------------------------------------------------------------------
    def _figures(
        self,
        found: Found,
        index: int,
        s: Sentence,
        ms: list[Mention],
        figures: list[numbers.NumberMention],
        period_at: Callable[[int], Period | None],
        to_raw: Callable[[int, int], tuple[int, int]],
    ) -> None:
        text = s.text
        segment_start = 0
        skip: set[int] = set()
        unknown: list[Candidate] = []
        unknown_figures: list[tuple[str, Observation]] = []
        linked = False
        for k, n in enumerate(figures):
            nxt = figures[k + 1] if k + 1 < len(figures) else None
            clause = max(segment_start, text.rfind(";", 0, n.start) + 1)
            is_from = (FROM_BEFORE.search(text, max(0, n.start - 5), n.start) or FROM_AFTER.match(text[n.end :])) and (
                nxt is not None and nxt.kind == n.kind and TO_BETWEEN.match(text[n.end : nxt.start])
            )
            if is_from:
                skip.add(k + 1)  # the level after "from X to": its slot is before X
                continue
            left_end = _from_start(text, figures[k - 1].start) if k in skip else n.start
            after = text[n.end :]
            if CHANGE_BEFORE.search(text, max(0, left_end - 20), left_end) or CHANGE_AFTER.match(after):
                segment_start = n.end
                continue
            if LOWER_BOUND.search(text, max(0, left_end - 15), left_end) or LOWER_BOUND_AFTER.match(after):
                segment_start = n.end
                continue
            approx = bool(APPROX.search(text, max(0, left_end - 20), left_end))
            group = self._slot(text, ms, clause, left_end)
            measure = "populationShare" if n.kind == "percent" else "populationCount"
            if measure == "populationShare" and not 0 <= float(n.value) <= 100:
                segment_start = n.end
                continue
            if group is None:
                total = self._total(text, ms, clause, left_end, measure)
                period = period_at(n.start)
                if total and period is not None:
                    self._add(found, s, ms, None, n, measure, period, clause, to_raw, approx, "population-total")
                segment_start = n.end
                continue
            g, at, end = group
            period = period_at(n.start)
            if g.entity is None:
                unknown.append(Candidate(at, end, g.form, "ethnic-group"))
                if period is not None:
                    pending = Found([], [], [], [], [])
                    self._add(pending, s, ms, None, n, measure, period, clause, to_raw, approx, "population-list", -0.1)
                    unknown_figures += [(g.form, ob) for ob in pending.observations]
                segment_start = n.end
                continue
            linked = True
            if g.how == "transliteration":
                found.labels.append(
                    (index, LabelProposal(g.entity, g.language, g.form, "label-aligned-ethnonym", 0.6, at, end))
                )
            if period is not None:
                rule = "population-list" if SLOT_BEFORE.search(text, clause, left_end) else "population-cue"
                conf = -0.1 if g.how == "transliteration" else 0.0
                self._add(found, s, ms, g.entity, n, measure, period, clause, to_raw, approx, rule, conf)
                self._bracket_year(found, s, ms, g.entity, n, clause, to_raw)
            segment_start = n.end
        # A name that matches no group is a candidate where the sentence speaks of ethnic groups or lists known ones.
        if unknown and (linked or ETHNIC_CUE.search(text)):
            found.candidates += [(index, c) for c in unknown if c.label not in {x.label for _, x in found.candidates}]
            found.pending += unknown_figures

    def _slot(self, text: str, ms: list[Mention], clause: int, end: int) -> tuple[Group, int, int] | None:
        for rx in (SLOT_BEFORE, SLOT_VERB, SLOT_BARE) if self.language == "en" else (SLOT_BEFORE,):
            before = rx.search(text, clause, end)
            if before is not None:
                g = self._group(text, ms, before.start("name"), before.end("name"))
                if g is not None:
                    return g
        window = max(clause, end - CUE_WINDOW - 40)
        low = text[window:end].lower()
        if not any(w in low for w in CUE_WORDS):
            return None
        cues = [
            m
            for rx in (SLOT_CUE_AFTER, SLOT_CUE_BEFORE)
            for m in rx.finditer(text, window, end)
            if end - m.end() <= CUE_WINDOW
        ]
        for cue in sorted(cues, key=lambda m: -m.end()):
            if re.search(r"\d", text[cue.end() : end]):
                continue  # another figure between the cue and this one
            g = self._group(text, ms, cue.start("name"), cue.end("name"))
            if g is not None:
                return g
        return None

    def _group(self, text: str, ms: list[Mention], a: int, b: int) -> tuple[Group, int, int] | None:
        mention = next((m for m in ms if m.start <= a < m.end or m.start < b <= m.end), None)
        if mention is not None and not self.groups.known(mention):
            return None  # a known name, not a group ("population of Kazakhstan")
        if mention is not None:
            a, b = mention.start, mention.end
        word = text[a:b]
        if word.lower() in NOT_GROUPS:
            return None
        g = self.groups.resolve(word, self.language, ms, a)
        return (g, a, b) if g is not None else None

    def _total(self, text: str, ms: list[Mention], clause: int, end: int, measure: str) -> bool:
        if measure != "populationCount":
            return False
        cue = next(reversed(list(TOTAL_CUE.finditer(text, clause, end))), None)
        if cue is None or end - cue.end() > CUE_WINDOW or re.search(r"\d", text[cue.end() : end]):
            return False
        return not any(self.groups.known(m) for m in ms if cue.end() <= m.start < end)

    def _area(self, ms: list[Mention], clause: int, end: int) -> str:
        places = [m for m in ms if clause <= m.start < end and "Place" in self.gaz.entities[m.entity].kinds]
        return places[-1].entity if places else "kazakhstan"

    def _add(
        self,
        found: Found,
        s: Sentence,
        ms: list[Mention],
        group: str | None,
        n: numbers.NumberMention,
        measure: str,
        period: Period,
        clause: int,
        to_raw: Callable[[int, int], tuple[int, int]],
        approx: bool,
        rule: str,
        delta: float = 0.0,
    ) -> None:
        a, b = to_raw(s.start, s.end)
        pa, pb = to_raw(period.start, period.end)
        conf = 0.75 + delta - (0.15 if period.from_document else 0.0) - (0.1 if approx else 0.0)
        found.observations.append(
            Observation(
                table=-1,
                area=self._area(ms, clause, n.start),
                group=group,
                period=period.year,
                measure=measure,
                value=n.value,
                row_start=a,
                row_end=b,
                rule=rule,
                confidence=round(conf, 2),
                stated=n.stated if n.unit else "",
                unit=n.unit,
                ref_date=period.date,
                period_start=pa,
                period_end=pb,
                dataset="text",
            )
        )

    def _bracket_year(
        self,
        found: Found,
        s: Sentence,
        ms: list[Mention],
        group: str,
        n: numbers.NumberMention,
        clause: int,
        to_raw: Callable[[int, int], tuple[int, int]],
    ) -> None:
        """``53.4 % (39.7% in 1989)``: the same group's figure for the bracket's year."""
        br = re.match(r"\s*\(([^()]{1,40})\)", s.text[n.end :])
        if br is None:
            return
        inner_at = n.end + br.start(1)
        inner = br[1]
        figs = [x for x in numbers.find(inner) if x.kind == n.kind]
        years = [d for d in find_dates(inner) if d.role == "point" and d.datatype == XSD + "gYear"]
        if len(figs) != 1 or len(years) != 1:
            return
        f, y = figs[0], years[0]
        shifted = numbers.NumberMention(inner_at + f.start, inner_at + f.end, f.value, f.kind, f.stated, f.unit)
        period = Period(y.value, s.start + inner_at + y.start, s.start + inner_at + y.end)
        measure = "populationShare" if f.kind == "percent" else "populationCount"
        self._add(
            found, s, ms, group, shifted, measure, period, clause, to_raw, False, "population-bracket-year", -0.05
        )

    # --- number of ethnic groups -------------------------------------------------------------------------------
    def _ethnic_counts(
        self,
        found: Found,
        s: Sentence,
        ms: list[Mention],
        counts: list[re.Match[str]],
        period_at: Callable[[int], Period | None],
        to_raw: Callable[[int, int], tuple[int, int]],
    ) -> None:
        for m in counts:
            at = m.start("n") if m["n"] else m.start("n2")
            value = m["n"] or m["n2"]
            if not 2 <= int(value) <= 999:
                continue
            qualifier = (
                "over"
                if LOWER_BOUND.search(s.text, max(0, at - 15), at) or LOWER_BOUND_AFTER.match(s.text[m.end() :])
                else "about"
                if APPROX.search(s.text, max(0, at - 20), at)
                else ""
            )
            period = period_at(at)
            places = [x for x in ms if "Place" in self.gaz.entities[x.entity].kinds]
            if period is None and not places:
                continue  # no year and no place: whose groups, when?
            a, b = to_raw(s.start, s.end)
            pa, pb = to_raw(period.start, period.end) if period else (-1, -1)
            conf = 0.75 if period is None or not period.from_document else 0.6
            conf -= 0.15 if period is None else 0.0
            found.group_counts.append(
                GroupCount(
                    self._area(ms, 0, len(s.text)),
                    value,
                    period.year if period else "",
                    period.date if period else "",
                    a,
                    b,
                    pa,
                    pb,
                    round(conf, 2),
                    qualifier,
                )
            )


# Words that fill a figure's slot without naming a group: units, and the cue words themselves.
NOT_GROUPS = frozenset(
    [
        "people",
        "persons",
        "population",
        "total",
        "share",
        "number",
        "человек",
        "люди",
        "население",
        "численность",
        "доля",
        "число",
        "адам",
        "адамдар",
        "халық",
        "саны",
        "үлесі",
        "тұрғындар",
    ]
)


def _big(n: numbers.NumberMention) -> bool:
    return n.kind == "integer" and int(n.value) >= 10_000


def _from_start(text: str, at: int) -> int:
    """Where "from"/"с" before the number at ``at`` begins (or ``at``)."""
    m = FROM_BEFORE.search(text, max(0, at - 6), at)
    return m.start() if m else at
