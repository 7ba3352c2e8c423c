"""Statements from sentences: explainable patterns that attach a date, a number or a person to the entity
or event a sentence is about. Each rule has a name (recorded on every claim as ``kz:extractionRule``) and a
confidence.

How a dated rule works: a trigger word (``founded``, ``established``, ``organized``, ``adopted``, ``held``,
``создан``, ``учреждена``, ``принят``, ``состоялась`` …) names the property; the date nearest the trigger
(within :data:`DATE_WINDOW` characters, not across ``;``) gives the value; the subject is the nearest
mention of an entity of a fitting kind (organisations for founding, documents for adoption, events for
"held") — before the trigger for passive forms (``X was established in 1995``, ``X создана``), after it for
active and noun forms (``established the X``, ``the creation in 1995 of X``, ``создание X``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kzgraph.ingest import anchors
from kzgraph.ingest.dates import XSD, DateMention
from kzgraph.ingest.dates import find as find_dates
from kzgraph.ingest.gazetteer import EntityInfo, Gazetteer, Mention
from kzgraph.ingest.keywords import Keywords
from kzgraph.ingest.numbers import find as find_numbers

DATE_WINDOW = 90
SUBJECT_WINDOW = 140
ACTIVE_WINDOW = 60
LINK = re.compile(r"\s+(?:in|of|under|at|within)\s+(?:the\s+)?", re.IGNORECASE)

ORGANISATION = frozenset({"Organization", "InstitutionNetwork", "Initiative", "Programme", "Strategy"})
DOCUMENT = frozenset({"Document"})
EVENT = frozenset({"Event"})
PERIOD = frozenset({"HistoricalPeriod", "Event", "Initiative", "Organization", "Programme", "Strategy"})
PERSON = frozenset({"Person"})
HEADED = frozenset({"Organization"})
COUNTABLE = frozenset({"InstitutionNetwork", "AssemblyBody"})
DATED = frozenset({"foundingDate", "adoptionDate", "date", "startDate", "endDate", "dissolutionDate"})


@dataclass(frozen=True)
class Rule:
    name: str
    predicate: str
    trigger: re.Pattern[str]
    kinds: frozenset[str]
    passive: bool  # subject before the trigger (else after)
    confidence: float
    keys: tuple[str, ...] = ()  # lower-case substrings one of which the trigger needs (a cheap pre-filter)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


DATED_RULES: tuple[Rule, ...] = (
    Rule(
        "founding-passive-en",
        "foundingDate",
        _rx(
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
        _rx(r"\b(?:founded|established|organi[sz]ed|created|set up|formed|launched|opened)\s+(?:the|a|an)\b"),
        ORGANISATION,
        False,
        0.8,
        ("found", "establish", "organi", "creat", "set up", "form", "launch", "open"),
    ),
    Rule(
        "founding-noun-en",
        "foundingDate",
        _rx(r"\b(?:foundation|establishment|creation|formation|founding)\b"),
        ORGANISATION,
        False,
        0.8,
        ("found", "establish", "creat", "form"),
    ),
    Rule(
        "founding-ru",
        "foundingDate",
        _rx(
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
        _rx(r"\b(?:создани[еяю]|учреждени[еяю]|образовани[еяю]|основани[еяю]|создал[аи]?|учредил[аи]?)\b"),
        ORGANISATION,
        False,
        0.8,
        ("создан", "учрежд", "образов", "основ", "создал", "учредил"),
    ),
    Rule(
        "adoption-passive-en",
        "adoptionDate",
        _rx(
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
        _rx(r"\b(?:adopted|approved|signed|ratified|enacted|promulgated|passed|declared)\b"),
        DOCUMENT,
        False,
        0.8,
        ("adopt", "approv", "sign", "ratif", "enact", "promulgat", "pass", "declar"),
    ),
    Rule(
        "adoption-noun-en",
        "adoptionDate",
        _rx(r"\b(?:adoption|approval|signing|ratification)\s+of\b"),
        DOCUMENT,
        False,
        0.8,
        ("adopt", "approv", "sign", "ratif"),
    ),
    Rule(
        "adoption-ru",
        "adoptionDate",
        _rx(r"\b(?:был[аои]?\s+)?(?:принят[аоы]?|утвержден[аоы]?|подписан[аоы]?|одобрен[аоы]?)\b|\bқабылданды\b"),
        DOCUMENT,
        True,
        0.9,
        ("принят", "утвержд", "подписан", "одобрен", "қабылд"),
    ),
    Rule(
        "adoption-noun-ru",
        "adoptionDate",
        _rx(r"\b(?:приняти[еяю]|утверждени[еяю]|подписани[еяю]|принял[аи]?|утвердил[аи]?)\b"),
        DOCUMENT,
        False,
        0.8,
        ("принят", "утвержд", "подписан", "принял", "утвердил"),
    ),
    Rule(
        "held-en",
        "date",
        _rx(r"\b(?:held|took place|convened|was conducted|were conducted|took part|happened|occurred)\b"),
        EVENT,
        True,
        0.85,
        ("held", "took", "conven", "conduct", "happen", "occur"),
    ),
    Rule(
        "held-ru",
        "date",
        _rx(
            r"\b(?:состоял(?:ся|ась|ось|ись)|прош(?:ел|ёл|ла|ло|ли)|проведен[аоы]?|проходил[аио]?|прошедш\w+)\b|\bөтті\b"
        ),
        EVENT,
        True,
        0.85,
        ("состоял", "прош", "провед", "проход", "өтті"),
    ),
)

# Cheap pre-filters: a sentence none of whose words could trigger a rule skips the rule patterns entirely.
# Each rule also has ``keys``: it runs only if one of them is a substring of the lower-cased sentence.
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
    "возглав",
    "во главе",
    "избран",
    "назначен",
)
DIGIT = re.compile(r"\d")

CHAIR_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # (rule name, pattern, order): "op" = organisation then person; "po" = person then organisation
    ("chaired-by-en", _rx(r"\b(?:chaired|headed|led|presided over)\s+by\b"), "op"),
    ("chairman-of-is-en", _rx(r"\b(?:chairman|chairperson|chair|head|president)\s+of\b(?=.*\b(?:is|was)\b)"), "op"),
    (
        "elected-chairman-en",
        _rx(
            r"\b(?:was|were)\s+(?:elected|appointed|named)\s+(?:as\s+)?(?:the\s+)?(?:chairman|chairperson|chair|head)\s+of\b"
        ),
        "po",
    ),
    ("chairs-en", _rx(r"\b(?:chairs|heads|leads|chaired|headed)\s+(?:the\b)?"), "po"),
    ("chaired-by-ru", _rx(r"\b(?:под\s+председательством|возглавляем\w+|во\s+главе\s+с)\b"), "op"),
    ("heads-ru", _rx(r"\b(?:возглавляет|возглавлял[аи]?|возглавил[аи]?|председательствует)\b"), "op?"),
    ("elected-chairman-ru", _rx(r"\b(?:избран[аы]?|назначен[аы]?)\s+(?:председателем|главой|руководителем)\b"), "po"),
    ("chairman-is-ru", _rx(r"\bпредседател(?:ем|ь)\b"), "op?"),
)

COUNT_RULE = _rx(
    r"(?:\b(?:consists of|comprises|includes|unites|numbers|has|have|had|there (?:are|were)|total of|more than|over|"
    r"объединяет|включает|насчитывает|насчитывается|действуют|действует|работают|функционируют)\s+)?"
    r"(?P<n>\d[\d ,]*)\s*\(?\s*(?P<noun>units?|members?|centres?|centers?|branches|schools?|organi[sz]ations?|"
    r"associations?|people|persons|deputies|seats|theatres?|theaters?|newspapers?|houses?|"
    r"член\w*|центр\w*|организаци\w*|объединени\w*|школ\w*|депутат\w*|человек\w*|филиал\w*)\b"
)
# "the bloc … formed by the three countries since January 2012", "has been in operation since July 2010": a
# state that began then → kz:startDate of the organisation before the verb.
SINCE_STATE = _rx(
    r"\b(?:formed|established|founded|created|set up|operat(?:ed|es|ing|ion)|function(?:ed|s|ing)|exist(?:ed|s|ing)|"
    r"in\s+(?:operation|force|effect)|действу\w*|функционир\w*)\b(?P<gap>[^;]{0,60}?)\b(?:since|с|со)\s+$"
)
# "the dissolution of the Supreme Council …": the body a dissolution is about (and not the subject of a range).
DISSOLUTION = _rx(
    r"\b(?:dissolution|abolition|liquidation|disbandment|abolishment)\s+of\s+(?:the\s+)?$"
    r"|(?<!\w)(?:роспуск\w*|упразднени\w*|ликвидаци\w*)\s+$"
)
# A document named with its date: "the address to the nation on January 17th, 2014", "Doctrine … (2010.5)".
DOCUMENT_DATE = _rx(r"\s*(?:,\s*)?(?:of|on|dated|from|от)\s+$|\s*\(\s*$")
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
# Every pre-filter keyword, found in one pass per sentence.
KEYWORDS = Keywords([k for r in DATED_RULES for k in r.keys] + list(CHAIR_WORDS) + list(COUNT_NOUNS))
MEMBER_NOUNS = re.compile(r"^(?:members?|people|persons|deputies|член\w*|депутат\w*|человек\w*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """One extracted triple; ``value``/``datatype`` for literals, ``object`` (an entity id) otherwise.
    ``start``/``end``: the evidence span in the cleaned text of the document."""

    subject: str
    predicate: str
    rule: str
    confidence: float
    start: int
    end: int
    value: str | None = None
    datatype: str | None = None
    object: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object or f"{self.value}^^{self.datatype}")


ORDINALS = {
    w: i
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        start=1,
    )
}
ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
SESSION_EN = _rx(
    r"\b(?:the\s+)?(?P<num>\d{1,2})(?:st|nd|rd|th)\s+(?:general\s+assembly\s+)?(?:session|general\s+assembly)\b"
    r"|\b(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)\s+session\b"
    r"|\bsession\s+(?P<after>\d{1,2})\b"
    r"|\b(?P<roman>[XVI]{1,6})\s+(?:general\s+assembly\s+)?session\b"
)
SESSION_RU = re.compile(r"\b(?P<num>\d{1,2}|[XVI]{1,6})(?:-?(?:я|й|ая|ой|ей))?\s+сесси[яиюей]\w*", re.IGNORECASE)
# A list of ordinals sharing one "sessions": "The 15th (2009) and 16th (2010), general assembly sessions".
_ORD = r"\d{1,2}(?:st|nd|rd|th)\b(?:\s*\(\s*\d{4}\s*\))?"
SESSION_LIST = _rx(
    r"\b(?P<num>\d{1,2})(?:st|nd|rd|th)\b"
    rf"(?=(?:\s*\(\s*\d{{4}}\s*\))?(?:\s*(?:,|and|,\s*and)\s*{_ORD})*\s*,?\s*(?:general\s+assembly\s+)?sessions\b)"
)
SESSION_CONTEXT = _rx(r"assembly|ассамбле|apk|апк|анк")


def _roman(s: str) -> int | None:
    if not ROMAN.match(s.upper()):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(s.upper(), s.upper()[1:] + " ", strict=True):
        v = values[a]
        total += -v if b != " " and values.get(b, 0) > v else v
    return total


def session_mentions(text: str, taken: list[Mention]) -> list[Mention]:
    """``the 14th session of the Assembly …``, ``First session``, ``XIV сессия Ассамблеи`` → ``apk-session-N``
    (only in a sentence that speaks of the Assembly)."""
    if not SESSION_CONTEXT.search(text):
        return []
    out: list[Mention] = []
    for rx in (SESSION_EN, SESSION_RU, SESSION_LIST):
        for m in rx.finditer(text):
            raw = m.group("num") or m.groupdict().get("after") or m.groupdict().get("roman") or ""
            word = m.groupdict().get("word")
            n = ORDINALS[word.lower()] if word else (int(raw) if raw.isdigit() else _roman(raw))
            if not n or not 1 <= n <= 60:
                continue
            if any(t.start < m.end() and m.start() < t.end for t in taken + out):
                continue
            out.append(Mention(m.start(), m.end(), f"apk-session-{n}", m[0], "session"))
    return out


def session_info(eid: str) -> EntityInfo:
    n = eid.rsplit("-", 1)[-1]
    return EntityInfo(
        eid,
        "https://w3id.org/kzgraph/ontology#AssemblySession",
        f"Session {n} of the Assembly of People of Kazakhstan",
        frozenset({"AssemblySession", "Event"}),
    )


def kinds_of(gaz: Gazetteer, eid: str) -> frozenset[str]:
    info = gaz.entities.get(eid)
    if info is not None:
        return info.kinds
    return session_info(eid).kinds if eid.startswith("apk-session-") else frozenset()


def _clause_ok(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return ";" not in text[lo:hi]


def _nearest_date(text: str, dates: list[DateMention], at: int, end: int) -> DateMention | None:
    best: tuple[int, DateMention] | None = None
    for d in dates:
        if d.role != "point":
            continue
        dist = d.start - end if d.start >= end else at - d.end
        dist = max(dist, 0)
        if dist > DATE_WINDOW or not _clause_ok(text, d.start, at):
            continue
        if best is None or dist < best[0]:
            best = (dist, d)
    return best[1] if best else None


OCCASION = _rx(r"\s*(?:at|during)\b[^,;]*$")


FRONTED = re.compile(r"(?:^|[.!?]\)?\s+)(?:in|on|by|at|в|во)?\s*$", re.IGNORECASE)


def _fronted_date(text: str, dates: list[DateMention], at: int) -> DateMention | None:
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


def _competing(
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


def _subject(
    text: str,
    mentions: list[Mention],
    kinds_for: dict[str, frozenset[str]],
    wanted: frozenset[str],
    at: int,
    end: int,
    passive: bool,
) -> tuple[Mention, int] | None:
    before = [m for m in mentions if m.end <= at and kinds_for[m.entity] & wanted and _clause_ok(text, m.end, at)]
    after = [m for m in mentions if m.start >= end and kinds_for[m.entity] & wanted and _clause_ok(text, end, m.start)]
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
        return (near_before, dist) if dist <= SUBJECT_WINDOW else None
    if near_after is None:
        return None
    dist = near_after.start - end
    limit = SUBJECT_WINDOW if passive and not text[:at].strip() else ACTIVE_WINDOW
    return (near_after, dist) if dist <= limit else None


def extract_sentence(
    gaz: Gazetteer, text: str, offset: int, mentions: list[Mention], dates: list[DateMention] | None = None
) -> list[Statement]:
    """Statements of one sentence; ``mentions`` are sentence-local; spans returned are document offsets."""
    if dates is None:
        dates = find_dates(text)
    kinds_for = {m.entity: kinds_of(gaz, m.entity) for m in mentions}
    low = text.lower()
    present = KEYWORDS.found(low)
    out: dict[tuple[str, str, str], Statement] = {}
    span = (offset, offset + len(text))

    def add(st: Statement) -> None:
        if st.predicate in DATED and st.value is not None:
            # Date–entity compatibility: "Constitution" adopted in 1993 is the 1993 one, not the 1995 one.
            subject = anchors.compatible(gaz, st.subject, st.value)
            if subject is None:
                return
            if subject != st.subject:
                st = replace(st, subject=subject)
        if st.key not in out or out[st.key].confidence < st.confidence:
            out[st.key] = st

    if dates:
        for rule in DATED_RULES:
            if present.isdisjoint(rule.keys):
                continue
            for t in rule.trigger.finditer(text):
                subj = _subject(text, mentions, kinds_for, rule.kinds, t.start(), t.end(), rule.passive)
                if subj is None:
                    continue
                m, dist = subj
                lo, hi = min(t.start(), m.start), max(t.end(), m.end)
                date = _nearest_date(text, dates, lo, hi) or _fronted_date(text, dates, lo)
                if date is None:
                    continue
                # "On <date>, <agent> adopted <subject>": the agent is not a competitor (a bracketed date is).
                agent = not rule.passive and date.end <= lo and text[date.end : date.end + 1] != ")"
                if _competing(
                    text, mentions, kinds_for, m, lo, hi, date, rule.kinds if agent else ORGANISATION | DOCUMENT | EVENT
                ):
                    continue
                conf = rule.confidence - (0.1 if dist > 60 else 0.0)
                add(
                    Statement(
                        m.entity,
                        rule.predicate,
                        rule.name,
                        round(conf, 2),
                        *span,
                        value=date.value,
                        datatype=date.datatype,
                    )
                )
        # A state that began at a date: "formed … since January 2012".
        for d in dates:
            if d.role != "point" or not re.search(r"\b(?:since|с|со)\s+$", text[max(0, d.start - 10) : d.start]):
                continue
            sm = SINCE_STATE.search(text, max(0, d.start - 120), d.start)
            if sm is None:
                continue
            subj = _subject(text, mentions, kinds_for, ORGANISATION, sm.start(), sm.end(), True)
            if subj is None or _competing(text, mentions, kinds_for, subj[0], subj[0].start, sm.start(), d):
                continue
            add(Statement(subj[0].entity, "startDate", "since-start", 0.7, *span, value=d.value, datatype=d.datatype))
        # A dissolved body: "the dissolution of X in 1995", "… of X from March 1995 to …" (dissolved from then on).
        for m in mentions:
            if not kinds_for[m.entity] & ORGANISATION or not DISSOLUTION.search(text, max(0, m.start - 40), m.start):
                continue
            later = [d for d in dates if d.start >= m.end and d.role in ("point", "start")]
            gone = min(later, key=lambda x: x.start, default=None)
            if gone is None or gone.start - m.end > 40 or re.search(r"[;,)]", text[m.end : gone.start]):
                continue
            if gone.role == "start" and text[m.end : gone.start].strip():
                continue
            add(
                Statement(
                    m.entity,
                    "dissolutionDate",
                    "dissolution-noun",
                    0.7,
                    *span,
                    value=gone.value,
                    datatype=gone.datatype,
                )
            )
        # A document named with its date: "the address to the nation on January 17th, 2014", "Doctrine (2010.5)".
        for m in mentions:
            if not kinds_for[m.entity] & DOCUMENT:
                continue
            nxt = next((d for d in dates if d.start >= m.end and d.role == "point"), None)
            if nxt is None or nxt.start - m.end > 12 or not DOCUMENT_DATE.fullmatch(text, m.end, nxt.start):
                continue
            bracketed = text[nxt.start - 1 : nxt.start].strip() == "(" or "(" in text[m.end : nxt.start]
            if bracketed and (
                text[nxt.end : nxt.end + 1] != ")" or re.fullmatch(r"\d{1,2}\.\d{2}\.\d{4}", text[nxt.start : nxt.end])
            ):
                continue  # "(10.04.2019)" after a title: the date a cited page was read
            add(
                Statement(
                    m.entity, "adoptionDate", "document-date", 0.75, *span, value=nxt.value, datatype=nxt.datatype
                )
            )
        # An event named with its date in brackets: "the 10th session of the Assembly (2003)".
        for m in mentions:
            if "Event" not in kinds_for[m.entity] or "HistoricalPeriod" in kinds_for[m.entity]:
                continue
            follow = re.match(r"\s*\(\s*", text[m.end :])
            if follow:
                for d in dates:
                    if d.start == m.end + follow.end() and d.role == "point" and text[d.end : d.end + 1] == ")":
                        add(
                            Statement(
                                m.entity, "date", "event-bracketed-date", 0.8, *span, value=d.value, datatype=d.datatype
                            )
                        )
        # An event and a date right after its name: "the 20th general assembly in 2013", "IX session … in 2000".
        events = [
            m for m in mentions if "Event" in kinds_for[m.entity] and "HistoricalPeriod" not in kinds_for[m.entity]
        ]
        for m in events:
            nxt = next((d for d in dates if d.start >= m.end and d.role == "point"), None)
            if nxt is None or nxt.start - m.end > 45 or ";" in text[m.end : nxt.start]:
                continue
            between = [x for x in mentions if x.start >= m.end and x.end <= nxt.start]
            if any("Event" in kinds_for[x.entity] or "Document" in kinds_for[x.entity] for x in between):
                continue
            if re.search(r"\b(?:since|until|till|after|before|from|to)\s*$", text[m.end : nxt.start], re.IGNORECASE):
                continue
            if re.fullmatch(r"\d{1,2}\.\d{2}\.\d{4}", text[nxt.start : nxt.end]):
                continue  # "(10.04.2019)" after a title: the date a cited page was read
            add(Statement(m.entity, "date", "event-date-nearby", 0.7, *span, value=nxt.value, datatype=nxt.datatype))
        # A known event named only by a trigger word: "since its independence in 1991" (see anchors.py).
        for eid, pred, d in anchors.anchored(gaz, text, dates, mentions):
            add(Statement(eid, pred, "event-anchor", 0.7, *span, value=d.value, datatype=d.datatype))
        # A programme named with its years: "Program … for 2006-2008".
        in_name: set[int] = set()
        for d in (x for x in dates if x.role == "start"):
            end_d = next((e for e in dates if e.role == "end" and e.start >= d.end), None)
            inside = next((m for m in mentions if m.start <= d.start and end_d and end_d.end <= m.end), None)
            if end_d is not None and inside is not None:
                in_name.add(d.start)
                add(
                    Statement(
                        inside.entity, "startDate", "range-in-name", 0.8, *span, value=d.value, datatype=d.datatype
                    )
                )
                add(
                    Statement(
                        inside.entity,
                        "endDate",
                        "range-in-name",
                        0.8,
                        *span,
                        value=end_d.value,
                        datatype=end_d.datatype,
                    )
                )
        # A period or initiative with a range: "from March 1995 to January 1996".
        starts = [d for d in dates if d.role == "start" and d.start not in in_name]
        for d in starts:
            end_d = next((e for e in dates if e.role == "end" and e.start >= d.end), None)
            subj = _subject(text, mentions, kinds_for, PERIOD, d.start, d.end, True)
            if end_d is None or subj is None or DISSOLUTION.search(text, max(0, subj[0].start - 40), subj[0].start):
                continue
            m, _dist = subj
            add(Statement(m.entity, "startDate", "period-range", 0.75, *span, value=d.value, datatype=d.datatype))
            add(Statement(m.entity, "endDate", "period-range", 0.75, *span, value=end_d.value, datatype=end_d.datatype))

    persons = [m for m in mentions if kinds_for[m.entity] & PERSON or kinds_for[m.entity] & {"Office"}]
    if persons and not present.isdisjoint(CHAIR_WORDS):
        for name, rx, order in CHAIR_RULES:
            for t in rx.finditer(text):
                orgs = [m for m in mentions if kinds_for[m.entity] & HEADED and not kinds_for[m.entity] & {"Office"}]
                org_after = min((m for m in orgs if m.start >= t.end()), key=lambda m: m.start, default=None)
                org_before = max((m for m in orgs if m.end <= t.start()), key=lambda m: m.end, default=None)
                p_after = min((m for m in persons if m.start >= t.end()), key=lambda m: m.start, default=None)
                p_before = max((m for m in persons if m.end <= t.start()), key=lambda m: m.end, default=None)
                if order == "op":
                    org, person = org_before or (org_after if name == "chairman-of-is-en" else None), p_after
                    if name == "chairman-of-is-en":
                        org = org_after
                elif order == "po":
                    org, person = org_after, p_before
                else:  # "op?": organisation on either side, person on the other
                    org, person = (org_before, p_after) if org_before and p_after else (org_after, p_before)
                if org is None or person is None or org.entity == person.entity:
                    continue
                if abs(person.start - t.start()) > SUBJECT_WINDOW or abs(org.start - t.start()) > SUBJECT_WINDOW:
                    continue
                add(Statement(org.entity, "chairedBy", name, 0.75, *span, object=person.entity))

    counting = mentions and DIGIT.search(text) and not present.isdisjoint(COUNT_NOUNS)
    for cm in COUNT_RULE.finditer(text) if counting else ():
        raw = cm["n"].strip().rstrip(",")
        value = re.sub(r"[ ,]", "", raw)
        if not value.isdigit() or (len(value) == 4 and 1600 <= int(value) <= 2099):
            continue
        subj = _subject(text, mentions, kinds_for, COUNTABLE | {"Organization"}, cm.start("n"), cm.end(), True)
        if subj is None:
            continue
        mention, dist = subj
        if dist > 80:
            continue
        pred = "memberCount" if MEMBER_NOUNS.match(cm["noun"]) else "count"
        if pred == "count" and not kinds_for[mention.entity] & COUNTABLE:
            continue
        add(Statement(mention.entity, pred, "count-noun", 0.7, *span, value=str(int(value)), datatype=XSD + "integer"))
    return sorted(out.values(), key=lambda s: s.key)


def numbers_in(text: str) -> list[tuple[int, int, str, str]]:
    """Numbers of a sentence (for reports): (start, end, value, kind)."""
    return [(n.start, n.end, n.value, n.kind) for n in find_numbers(text)]


def dedupe(statements: Iterable[Statement]) -> list[Statement]:
    seen: dict[tuple[tuple[str, str, str], int], Statement] = {}
    for s in statements:
        seen.setdefault((s.key, s.start), s)
    return list(seen.values())
