"""What a text says about an Assembly session (English, Russian, Kazakh): its theme or agenda, where it was
held, how many took part. The session is the one the sentence names (``the 33rd session``, ``XXXIV
сессиясы``) or, when the sentence only says ``the session``/``сессия``, the one named last before it.

- theme: ``held under the theme Unity, Creation, Progress``, ``under the motto “…”``, ``повестка сессии –
  «…»``, ``под девизом «…»``, ``Күн тәртібі – «…»`` → ``kz:theme`` (a language-tagged literal);
- place: ``took place in <city>``, ``was held in <city>``, ``прошла в <city>`` → ``kz:heldIn``;
- duration (Russian, Kazakh): ``сессия продлится два дня``, ``Сессия екі күн жалғасады`` → ``kz:durationDays``
  (English durations of any event, sessions included, are rules/event_figures.py's);
- participants: ``over 1,200 people took part``, ``более 900 человек приняли участие``, ``1600-ден астам адам
  қатысады`` → ``kz:participantCount`` (``kz:qualifier`` ``over``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest import numbers
from kzgraph.ingest.dates import XSD
from kzgraph.ingest.rules.base import Context, rx
from kzgraph.ingest.statement import Statement

# Pre-filter: a session word, or a word that introduces a theme or agenda.
KEYS: tuple[str, ...] = ("session", "сесси", "theme", "motto", "slogan", "entitled", "повестк", "тем", "девиз")
KEYS += ("күн тәртібі", "тақырыб", "ұран")
SESSION_WORD = rx(r"\bsession|сесси")
_QUOTED = r"[«“\"]\s*(?P<q>[^»”\"]{3,120}?)\s*[»”\"]"
_CAPS = r"(?-i:(?P<c>[A-Z][\w’'-]*(?:(?:,\s*|\s+)(?:and\s+)?[A-Z][\w’'-]*){0,8}))"
THEME = [
    rx(rf"\b(?:under|with)\s+the\s+(?:theme|motto|slogan)\s*(?:of\s*)?[:,]?\s*(?:{_QUOTED}|{_CAPS})"),
    rx(rf"\b(?:themed|on\s+the\s+theme(?:\s+of)?|entitled)\s*[:,]?\s*{_QUOTED}"),
    rx(rf"(?:повестк\w*|тем\w*|девиз\w*)(?:\s+сессии)?\s*(?:[-–—:]\s*)?{_QUOTED}"),
    rx(rf"(?:күн\s+тәртібі|тақырыбы|ұраны)\s*(?:[-–—:]\s*)?{_QUOTED}"),
]
HELD_IN = rx(
    r"\b(?:held|took\s+place|convened|met|opened|прош(?:ла|ел|ёл)|состоял(?:ась|ся)|открыл(?:ась|ся))\s+(?:\w+\s+){0,2}?(?:in|в|во)\s+$"
)
TOOK_PART = rx(
    r"(?:(?P<q1>more\s+than|over|about|around|approximately|almost|some|nearly|более|свыше|около|примерно|почти)\s+)?(?P<n>\d[\d,  ]*)(?P<kk>-?(?:ден|дан|тен|тан|нан|нен)\s+астам)?\s+"
    r"(?:people|participants|delegates|guests|members|человек|участник\w*|делегат\w*|адам)\s+"
    r"(?:\w+\s+){0,3}?(?:took\s+part|participated|attended|were\s+present|приняли\s+участие|участв\w+|қатыс\w*)"
)
# verb first: "в сессии приняли участие более 900 человек", "the session was attended by over 800 guests"
TOOK_PART_AFTER = rx(
    r"(?:took\s+part|attended\s+by|participated|приняли\s+участие|участвовал[аи]?)\s+(?:\w+\s+){0,2}?"
    r"(?:(?P<q1>more\s+than|over|about|around|approximately|almost|some|nearly|более|свыше|около|примерно|почти)\s+)?(?P<n>\d[\d,  ]*)(?P<kk>(?!))?\s+"
    r"(?:people|participants|delegates|guests|members|человек|участник\w*|делегат\w*)"
)
# How long it lasts: "the session will last two days", "сессия продлится два дня", "Сессия екі күн жалғасады".
DAYS = rx(r"\s+(?:days?|дн(?:я|ей)|день|күн(?:ге)?)(?![\w-])")
LASTS_BEFORE = rx(
    r"(?:\blast(?:s|ed)?|продл\w+|длил\w+|длит\w+|продолжа\w+|продолжит\w+)\s+(?:for\s+|в\s+течение\s+)?$"
)
LASTS_AFTER = rx(r"\s+(?:жалғас\w+|созыл\w+)")
QUALIFIER = {"more than": "over", "over": "over", "более": "over", "свыше": "over", "about": "about"}
QUALIFIER |= {"some": "about", "nearly": "about", "около": "about", "around": "about", "approximately": "about"}
QUALIFIER |= {"almost": "about", "примерно": "about", "почти": "about"}


def _session(ctx: Context, *, explicit: bool) -> str | None:
    """The session the sentence names, else (when it says "session", or ``explicit``ly speaks of an agenda or
    theme) the one named last before it."""
    named = [m for m in ctx.mentions if m.form == "session"]
    if named:
        return named[0].entity
    if explicit or SESSION_WORD.search(ctx.text):
        return ctx.topic.get("session")
    return None


def session_facts(ctx: Context) -> Iterator[Statement]:
    text = ctx.text
    themed = any(p.search(text) for p in THEME)
    session = _session(ctx, explicit=themed)
    if session is None:
        return
    for pattern in THEME:
        for m in pattern.finditer(text):
            theme = (m.groupdict().get("q") or m.groupdict().get("c") or "").strip(" ,")
            if len(theme) >= 3:
                yield Statement(
                    session, "theme", "session-theme", 0.8, *ctx.span, value=theme, datatype=f"@{ctx.language}"
                )
    for place in ctx.mentions:
        if not ctx.kinds_for[place.entity] & {"Place"}:
            continue
        if not HELD_IN.search(text, max(0, place.start - 40), place.start):
            continue
        yield Statement(session, "heldIn", "session-place", 0.75, *ctx.span, object=place.entity)
    for n in numbers.find(text, words=True) if ctx.language != "en" else ():
        days = DAYS.match(text, n.end)
        if days is None or n.kind != "integer" or not 1 <= int(n.value) <= 60:
            continue
        if LASTS_BEFORE.search(text, max(0, n.start - 40), n.start) or LASTS_AFTER.match(text, days.end()):
            yield Statement(
                session, "durationDays", "session-duration", 0.75, *ctx.span, value=n.value, datatype=XSD + "integer"
            )
    for m in [*TOOK_PART.finditer(text), *TOOK_PART_AFTER.finditer(text)]:
        digits = re.sub(r"[,  ]", "", m["n"])
        if not digits.isdigit():
            continue
        qualifier = "over" if m["kk"] else QUALIFIER.get((m["q1"] or "").lower())
        yield Statement(
            session,
            "participantCount",
            "session-participants",
            0.75,
            *ctx.span,
            value=str(int(digits)),
            datatype=XSD + "integer",
            qualifier=qualifier,
        )
