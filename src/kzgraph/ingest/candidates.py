"""New entities the gazetteer does not know, proposed as candidates with their evidence — never dropped,
never merged without ``kzgraph accept``.

A candidate is a name that is (a) in quotes (``«Zhangyru Zholy»``, ``"Mangilik El"``, ``“Nurly Zhol”``) and
starts with a capital, or (b) two or more capitalised words, possibly joined by ``of``/``for``/``and``/
``the``/``on``/``under`` (``Council of Public Accord``), or (c) a Russian institution noun with a capital
followed by lower-case words (``Совет общественного согласия``) — and overlaps no known mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzgraph.ingest.gazetteer import Mention

_CAP = r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w'’\-]*"
_LINK = r"(?:of|for|and|the|on|under|in|de|и|по|при)"
_MULTI = re.compile(rf"\b{_CAP}(?:\s+(?:{_LINK}\s+)*{_CAP})+")
# "Научно-экспертный совет", "Республиканский дом дружбы": capitalised adjectives before an institution noun.
_RU_ADJ_INSTITUTION = re.compile(
    r"(?<![\w-])[А-ЯЁ][а-яё\-]+(?:ый|ий|ой|ая|ое)(?:\s+[а-яё\-]+(?:ый|ий|ой|ая|ое))*\s+"
    r"(?:совет|комитет|центр|институт|фонд|дом|союз|конгресс|форум|университет|театр)(?![а-яё])"
)
_QUOTED = re.compile(r"[«“\"]\s*([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][^«»“”\"\n]{1,78}?)\s*[»”\"]")
_RU_INSTITUTION = re.compile(
    r"\b(?:Совет|Комитет|Министерство|Агентство|Институт|Центр|Фонд|Партия|Конгресс|Союз|Ассоциация|Палата|"
    r"Движение|Форум|Управление|Департамент|Комиссия|Академия|Университет|Общество|Программа|Концепция|Доктрина)"
    r"(?:\s+[а-яё\-]+(?:ого|его|ых|их|ой|ей|ия|ии|ий|ов|ев|а|я|ы|и)(?![а-яё])){1,4}"
)
STOP_FIRST = {
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "By",
    "For",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "As",
    "And",
    "But",
    "From",
    "With",
    "Since",
    "After",
    "Before",
    "During",
    "When",
    "While",
    "Also",
    "Of",
    "To",
    "В",
    "На",
    "С",
    "По",
    "И",
    "Для",
    "При",
    "Это",
    "Также",
}
MONTHS = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}
_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
            "a",
            "g",
            "q",
            "n",
            "o",
            "u",
            "u",
            "h",
            "i",
        ],
        strict=True,
    )
)


@dataclass(frozen=True)
class Candidate:
    start: int  # sentence-local
    end: int
    label: str
    how: str  # quoted, capitalised, institution


def slug(label: str) -> str:
    low = "".join(_TRANSLIT.get(c, c) for c in label.lower())
    return re.sub(r"[^a-z0-9]+", "-", low).strip("-")[:60] or "candidate"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    words = text[start:end].split()
    while words and (words[0] in STOP_FIRST or words[0].lower() in {"of", "and", "the", "for", "on", "under", "in"}):
        start = text.index(words[0], start) + len(words[0])
        while start < end and text[start].isspace():
            start += 1
        words = words[1:]
    while words and words[-1].lower() in {"of", "and", "the", "for", "on", "under", "in", "и", "по", "при"}:
        end = text.rindex(words[-1], start, end)
        while end > start and text[end - 1].isspace():
            end -= 1
        words = words[:-1]
    return start, end


def find(text: str, mentions: list[Mention]) -> list[Candidate]:
    """Candidates in one sentence ``text``; ``mentions`` are its known (sentence-local) mentions."""
    out: list[Candidate] = []

    def free(a: int, b: int) -> bool:
        return not any(m.start < b and a < m.end for m in mentions) and not any(c.start < b and a < c.end for c in out)

    for m in _QUOTED.finditer(text):
        a, b = m.start(1), m.end(1)
        label = text[a:b].strip()
        if len(label.split()) > 6 or not free(a, b) or label in MONTHS:
            continue
        out.append(Candidate(a, b, label, "quoted"))
    for rx in (_RU_INSTITUTION, _RU_ADJ_INSTITUTION):
        for m in rx.finditer(text):
            if free(m.start(), m.end()):
                out.append(Candidate(m.start(), m.end(), m[0], "institution"))
    for m in _MULTI.finditer(text):
        a, b = _trim(text, m.start(), m.end())
        label = text[a:b]
        words = label.split()
        caps = [w for w in words if w[:1].isupper()]
        if len(caps) < 2 or any(w in MONTHS for w in words) or label.isupper():
            continue
        if not free(a, b):
            continue
        out.append(Candidate(a, b, label, "capitalised"))
    return sorted(out, key=lambda c: c.start)


HEADS: list[tuple[str, str]] = [
    (r"\b(?:assembly|council|board|committee|commission|совет|комитет|комиссия|ассамблея)\b", "ConsultativeBody"),
    (r"\b(?:party|партия)\b", "PoliticalParty"),
    (r"\b(?:ministry|министерство)\b", "Ministry"),
    (r"\b(?:programme|program|программа)\b", "Programme"),
    (r"\b(?:strategy|стратегия)\b", "Strategy"),
    (r"\b(?:law|закон)\b", "Law"),
    (r"\b(?:doctrine|доктрина)\b", "Doctrine"),
    (r"\b(?:concept|концепция)\b", "PolicyDocument"),
    (r"\b(?:university|университет)\b", "University"),
    (r"\b(?:institute|centre|center|институт|центр)\b", "ResearchOrganization"),
    (r"\b(?:theatre|theater|театр)\b", "Theatre"),
    (r"\b(?:association|ассоциация|объединение)\b", "EthnoCulturalAssociation"),
    (r"\b(?:forum|congress|форум|конгресс|съезд)\b", "Event"),
    (r"\b(?:house|дом)\b", "CulturalInstitution"),
]


def guess_class(label: str, how: str) -> str:
    if how == "ethnic-group":  # a group name in a population figure's slot (population.py)
        return "EthnicGroup"
    for rx, cls in HEADS:
        if re.search(rx, label, re.IGNORECASE):
            return cls
    return "Initiative" if how == "quoted" else "Organization"


PERSON_NAME = re.compile(r"[A-ZÀ-ÞĀ-Ž][\w’'.-]+(?:\s+[A-ZÀ-ÞĀ-Ž][\w’'.-]+){1,3}")
NOT_NAME_WORDS = re.compile(
    r"\b(?:office|region|district|city|street|agency|department|union|foundation|bank|company|group|club|service|"
    r"republic|state|national|international|public|general|front|movement|alliance|society|fund|media|news)\b",
    re.IGNORECASE,
)

# Capitalised words that open a sentence or a phrase, never a person's name ("The Council", "Mr Smith" as a title).
# Not :data:`kzgraph.ingest.lexicon.FUNCTION_WORDS`: matched as written, and with determiners, pronouns and titles.
NOT_NAME_OPENERS = frozenset(
    {"The", "A", "An", "This", "That", "These", "Those", "Its", "His", "Her", "Their", "Our", "In", "On", "At"}
) | frozenset({"By", "For", "And", "Of", "From", "To", "With", "After", "Before", "During", "Mr", "Mrs", "Ms"})


def looks_like_person(name: str) -> bool:
    """Two to four capitalised words with no institution head noun (``Council``, ``Party``, ``Office`` …) and
    no month: how a new person's name is told from a new body's where nothing else says which it is."""
    if not PERSON_NAME.fullmatch(name) or NOT_NAME_WORDS.search(name) or name.split()[0] in NOT_NAME_OPENERS:
        return False
    if any(re.search(rx, name, re.IGNORECASE) for rx, _ in HEADS):
        return False
    return not any(w in MONTHS for w in name.split())
