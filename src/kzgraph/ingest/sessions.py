"""Assembly sessions named by their number: ``the 14th session of the Assembly …``, ``First session``,
``XIV сессия Ассамблеи`` → ``apk-session-N``. The sessions are a closed, numbered series, so a session the
graph lacks is still a known entity (:func:`session_info`)."""

from __future__ import annotations

import re

from kzgraph.ingest import numbers
from kzgraph.ingest.gazetteer import EntityInfo, Gazetteer, Mention


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


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
SESSION_CONTEXT = _rx(r"assembly|ассамбле|apk|апк|анк|қха")
# Kazakh ("XXXIV сессиясы", "34-сессиясы", "34-ші сессиясы", "отыз төртінші сессиясы"), and Roman numerals in
# look-alike Cyrillic letters in any language ("ХІХ сессиясында", "ХХХІ сессия"); numbers.ordinal reads them.
SESSION_ORDINAL = re.compile(
    rf"(?<![\w-])(?P<ord>{numbers.ROMAN_TOKEN}|\d{{1,2}}(?:-?(?:ші|шы|інші|ыншы))?|{numbers.KK_ORDINAL_WORDS})"
    r"\s*-?\s*(?:сессия\w*|сесси[июей]\w*)"
)


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
    for m in SESSION_ORDINAL.finditer(text):
        n = numbers.ordinal(m["ord"])
        if not n or not 1 <= n <= 60 or any(t.start < m.end() and m.start() < t.end for t in taken + out):
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
