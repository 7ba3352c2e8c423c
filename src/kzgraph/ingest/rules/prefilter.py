"""Which sentences are worth a dependency parse: the parser is two orders of magnitude slower than the rules,
so it runs only where a family that needs it can yield a statement — an English sentence with a count cue
(a number that is no year, date or percentage, followed within a few words by a plural noun) and an entity
to attach it to (a mention, or a head word such as ``assembly`` of an entity named earlier) — or votes, whose
candidate is a name the gazetteer may not know, or persons taking part after a session was named."""

from __future__ import annotations

import re
from functools import cache

from kzgraph.ingest.dates import DateMention
from kzgraph.ingest.gazetteer import Gazetteer, Mention
from kzgraph.ingest.rules.quantities import NUMBER_WORDS

_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
COUNT_CUE = re.compile(
    rf"(?<![\w.,])(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORDS})(?:\s+(?:thousand|million))?\s+"
    r"(?:[\w’'-]+\s+){0,4}?(?:[a-z]+(?<![aiu]s)(?<!ss)s|people|staff|children)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"^(?:1[6-9]|20)\d\d$")
PART_OF_NAME = re.compile(r"\W*The\s+[a-z]+\s+of\s+(?:the\s+)?[A-Z]")
HEAD_END = re.compile(r"\s(?:of|for|on|at|under|in)\s|\s*\(")


@cache
def _heads(gaz: Gazetteer, entity: str) -> str:
    info = gaz.entities.get(entity)
    if info is None:
        return ""
    label = HEAD_END.split(info.label, maxsplit=1)[0].strip()
    return label.split()[-1].lower() if label and " " in info.label else ""


def head_word(gaz: Gazetteer, entity: str) -> str:
    """The head noun of an entity's English label (``Assembly of People of Kazakhstan`` → ``assembly``), by
    which a text refers back to it (``the assembly``); empty for one-word labels."""
    return _heads(gaz, entity)


def wants_parse(
    text: str, mentions: list[Mention], dates: list[DateMention], language: str, topic: dict[str, str]
) -> bool:
    if language != "en":
        return False
    cue = False
    for m in COUNT_CUE.finditer(text):
        n = m["n"]
        if YEAR.match(n) or any(d.start <= m.start("n") < d.end for d in dates):
            continue
        if text[m.end("n") : m.end("n") + 2].lstrip().startswith(("%", "per")):
            continue
        cue = True
        break
    if not cue:
        return False
    if mentions:
        return True
    low = text.lower()
    if PART_OF_NAME.match(text):
        return True  # "The staff of the Youth Council has 40 people": a body the gazetteer may not know
    if "votes" in low or ("session" in topic and ("took part" in low or "participat" in low)):
        return True  # a candidate the gazetteer may not know; persons taking part in the session named last
    return any(h in low for h in topic)
