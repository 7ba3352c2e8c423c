"""Counts: ``X … (823 units)``, ``X includes 65 members`` → ``kz:count`` / ``kz:memberCount``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.dates import XSD
from kzgraph.ingest.rules.base import COUNTABLE, Context, rx, subject_of
from kzgraph.ingest.statement import Statement

DIGIT = re.compile(r"\d")
CHANGE = rx(r"\b(?:from|to|до|с|со)\s+(?:\d[\d ,]*\s+(?:to|до)\s+)?$")
ELECTED = rx(r"\b(?:elect\w*|chos\w*|nominat\w*|delegat\w*|избира\w*|избран\w*|сайла\w*)")
COUNT_RULE = rx(
    r"(?:\b(?:consists of|comprises|includes|unites|numbers|has|have|had|there (?:are|were)|total of|more than|over|"
    r"объединяет|включает|насчитывает|насчитывается|действуют|действует|работают|функционируют)\s+)?"
    r"(?P<n>\d[\d ,]*)\s*\(?\s*(?P<noun>units?|members?|centres?|centers?|branches|schools?|organi[sz]ations?|"
    r"associations?|people|persons|deputies|seats|theatres?|theaters?|newspapers?|houses?|"
    r"член\w*|центр\w*|организаци\w*|объединени\w*|школ\w*|депутат\w*|человек\w*|филиал\w*)\b"
)
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
MEMBER_NOUNS = re.compile(r"^(?:members?|people|persons|deputies|член\w*|депутат\w*|человек\w*)$", re.IGNORECASE)


def count_noun(ctx: Context) -> Iterator[Statement]:
    text, mentions, kinds_for = ctx.text, ctx.mentions, ctx.kinds_for
    if not mentions or not DIGIT.search(text):
        return
    for cm in COUNT_RULE.finditer(text):
        value = re.sub(r"[ ,]", "", cm["n"].strip().rstrip(","))
        if not value.isdigit() or (len(value) == 4 and 1600 <= int(value) <= 2099):
            continue
        if CHANGE.search(text, max(0, cm.start("n") - 12), cm.start("n")):
            continue  # "reduced from 9 to 5 deputies", "с 9 до 5 депутатов": a change, not a count
        if ELECTED.search(text, max(0, cm.start() - 60), cm.end() + 40):
            continue  # "the Assembly elects 9 deputies of the Mazhilis": no member count (see quantities.py)
        subj = subject_of(text, mentions, kinds_for, COUNTABLE | {"Organization"}, cm.start("n"), cm.end(), True)
        if subj is None:
            continue
        mention, dist = subj
        if dist > 80:
            continue
        pred = "memberCount" if MEMBER_NOUNS.match(cm["noun"]) else "count"
        if pred == "count" and not kinds_for[mention.entity] & COUNTABLE:
            continue
        yield Statement(
            mention.entity, pred, "count-noun", 0.7, *ctx.span, value=str(int(value)), datatype=XSD + "integer"
        )


# Russian: things counted where they are — "в Казахстане проживает 124 этноса", "при Ассамблее действуют
# более 30 кафедр", "19 центров располагаются в Доме дружбы".
RU_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "ноль",
            "один",
            "два",
            "три",
            "четыре",
            "пять",
            "шесть",
            "семь",
            "восемь",
            "девять",
            "десять",
            "одиннадцать",
            "двенадцать",
        ]
    )
} | {"двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "сто": 100, "две": 2, "одна": 1}
RU_QUALIFIER = {"более": "over", "свыше": "over", "около": "about", "почти": "about", "порядка": "about"}
RU_VERB = (
    r"(?:прожива\w+|живут|живёт|живет|действу\w+|работа\w+|функционир\w+|насчитыва\w+|располага\w+|имеется|имеются)"
)
RU_AMOUNT = (
    r"(?:(?P<q>более|свыше|около|почти|порядка)\s+)?(?P<n>\d{1,3}(?:[  ]\d{3})+|\d+|"
    + "|".join(sorted(RU_WORDS, key=len, reverse=True))
    + r")\s+(?P<noun>[а-яё-]+(?:\s+[а-яё-]+){0,2}?)(?=[\s,.;]|$)"
)
RU_NEXT_AMOUNT = rx(rf"\s*(?:,|\s+и)\s+{RU_AMOUNT}")
RU_HOST_PREP = re.compile(r"(?:\bв|\bво|\bпри|\bна\s+территории)\s+$", re.IGNORECASE)
RU_AFTER_HOST = rx(rf"\s+{RU_VERB}\s+{RU_AMOUNT}")
RU_BEFORE_HOST = rx(rf"{RU_AMOUNT}\s+{RU_VERB}\s+(?:в|во|при)\s+$")
RU_VERB_KEYS: tuple[str, ...] = (
    "прожива",
    "живут",
    "живёт",
    "живет",
    "действу",
    "работа",
    "функционир",
    "насчитыва",
    "располага",
)
RU_VERB_KEYS += ("имеет",)


def located_count_ru(ctx: Context) -> Iterator[Statement]:
    text = ctx.text
    for host in ctx.mentions:
        if not ctx.kinds_for[host.entity] & {"Place", "Organization"}:
            continue
        found = None
        if RU_HOST_PREP.search(text, max(0, host.start - 20), host.start):
            found = RU_AFTER_HOST.match(text, host.end)
        if found is None:
            found = RU_BEFORE_HOST.search(text, max(0, host.start - 120), host.start)
        if found is None:
            continue
        start, qualifier = found.start("n"), RU_QUALIFIER.get((found["q"] or "").lower())
        # "19 центров и девять воскресных школ", "12 центров, 9 школ и 3 библиотеки": coordinated counts share
        # the host and the verb.
        while True:
            raw = found["n"].lower()
            value = RU_WORDS[raw] if raw in RU_WORDS else int(re.sub(r"\D", "", raw))
            noun = _noun_phrase_ru(text, found.start("noun"))
            if not value or (len(raw) == 4 and 1600 <= value <= 2099) or noun is None:
                break
            yield Statement(
                host.entity,
                "countAtLeast" if qualifier == "over" else "count",
                "count-located-ru",
                0.65 if found.start("n") == start else 0.6,
                *ctx.span,
                value=str(value),
                datatype=XSD + "integer",
                qualifier=qualifier,
                item=noun[0],
            )
            found = RU_NEXT_AMOUNT.match(text, noun[1])
            if found is None:
                break
            qualifier = RU_QUALIFIER.get((found["q"] or "").lower())


RU_WORD = re.compile(r"[а-яё-]+", re.IGNORECASE)


def _noun_phrase_ru(text: str, at: int) -> tuple[str, int] | None:
    """The counted noun phrase at ``at`` and its end: up to three words, through the first noun
    ("этнокультурных центров")."""
    words: list[str] = []
    end = at
    for w in RU_WORD.finditer(text, at):
        if text[end : w.start()].strip():
            break
        words.append(w[0])
        end = w.end()
        if _noun_ru(w[0]):
            return " ".join(words), end
        if len(words) == 3:
            break
    return None


def _noun_ru(word: str) -> bool:
    """Is the word (most likely) a noun that is no unit of time or share?"""
    from kzgraph import morphology

    parses = morphology.analyzer().parse(word)
    return bool(parses) and parses[0].tag.POS == "NOUN" and parses[0].normal_form not in ("год", "процент", "раз")
