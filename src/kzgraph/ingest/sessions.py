"""Assembly sessions named by their number: ``the 14th session of the Assembly …``, ``First session``,
``XIV сессия Ассамблеи`` → ``apk-session-N``. The sessions are a closed, numbered series, so a session the
graph lacks is still a known entity (:func:`session_info`)."""

from __future__ import annotations

import re

from kzgraph.ingest import numbers
from kzgraph.ingest.gazetteer import EntityInfo, Gazetteer, Mention


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_ORDINAL_WORDS = "|".join(sorted(numbers.EN_ORDINALS, key=len, reverse=True))
_KIND = r"(?:(?:annual|regular|ordinary|extraordinary|jubilee|anniversary|plenary)\s+)?"
SESSION_EN = _rx(
    rf"\b(?:the\s+)?(?P<num>\d{{1,2}})(?:st|nd|rd|th)\s+{_KIND}(?:general\s+assembly\s+)?(?:session|general\s+assembly)\b"
    rf"|\b(?P<word>{_ORDINAL_WORDS})\s+{_KIND}(?:general\s+assembly\s+)?session\b"
    r"|\bsession\s+(?P<after>\d{1,2})\b"
    r"|\b(?P<roman>[XVIL]{1,7})\s+(?:general\s+assembly\s+)?session\b"
)
SESSION_RU = re.compile(
    r"(?<![\w-])(?P<num>\d{1,2}|[XVILХІ]{1,7})(?:-?(?:я|й|ая|ой|ей|ші|шы|сы|ін|ын))?\s+сесси[яиюей]\w*", re.IGNORECASE
)
# A list of ordinals sharing one "sessions": "The 15th (2009) and 16th (2010), general assembly sessions".
_ORD = r"\d{1,2}(?:st|nd|rd|th)\b(?:\s*\(\s*\d{4}\s*\))?"
SESSION_LIST = _rx(
    r"\b(?P<num>\d{1,2})(?:st|nd|rd|th)\b"
    rf"(?=(?:\s*\(\s*\d{{4}}\s*\))?(?:\s*(?:,|and|,\s*and)\s*{_ORD})*\s*,?\s*(?:general\s+assembly\s+)?sessions\b)"
)
SESSION_CONTEXT = _rx(r"assembly|ассамбле|apk|апк|анк|қха")
# What SESSION_RU leaves: Kazakh digits joined by a hyphen ("34-сессиясы"), Kazakh ordinal words ("отыз
# төртінші сессиясы"); numbers.ordinal reads them (Roman numerals in Latin or look-alike Cyrillic letters too).
SESSION_ORDINAL = re.compile(
    rf"(?<![\w-])(?P<ord>{numbers.ROMAN_TOKEN}|\d{{1,2}}(?:-?(?:ші|шы|інші|ыншы))?|{numbers.KK_ORDINAL_WORDS})"
    r"\s*-?\s*(?:сессия\w*|сесси[июей]\w*)"
)


# A session the text does not number ("Началась сессия АНК", "ҚХА сессиясы басталды"): the session word is the
# mention, the Assembly named with it makes the label ("сессия АНК", "ҚХА сессиясы").
UNNUMBERED_RU = re.compile(
    r"(?<![\w-])(?P<head>[Сс]есси(?:я|и|ю|ей))\s+(?P<of>АНК|Ассамблеи\s+народа\s+Казахстана|Ассамблеи)(?![\w-])"
)
UNNUMBERED_KK = re.compile(
    r"(?<![\w-])(?P<of>ҚХА|Қазақстан\s+халқы\s+[Аа]ссамблеясының)\s+(?P<head>сессия(?:сы|сында|сына|сын)?)(?![\w-])"
)


def unnumbered(text: str, language: str) -> list[tuple[int, int, str]]:
    """The session words of a session named without its number, with the label it gets: (start, end, label)."""
    if language == "ru":
        return [
            (m.start("head"), m.end("head"), "сессия " + " ".join(m["of"].split()))
            for m in UNNUMBERED_RU.finditer(text)
        ]
    if language == "kk":
        return [
            (m.start("head"), m.end("head"), " ".join(m["of"].split()) + " сессиясы")
            for m in UNNUMBERED_KK.finditer(text)
        ]
    return []


def session_mentions(text: str, taken: list[Mention], *, context: bool = False) -> list[Mention]:
    """``the 14th session of the Assembly …``, ``First session``, ``XIV сессия Ассамблеи`` → ``apk-session-N``
    (only in a sentence that speaks of the Assembly, or with ``context``: in a document that does)."""
    low = text.lower()
    if "session" not in low and "сесси" not in low and "general assembly" not in low:
        return []
    if not context and not SESSION_CONTEXT.search(text):
        return []
    out: list[Mention] = []
    for rx in (SESSION_EN, SESSION_RU, SESSION_LIST):
        for m in rx.finditer(text):
            raw = m.group("num") or m.groupdict().get("after") or m.groupdict().get("roman") or ""
            word = m.groupdict().get("word")
            n: int | None
            if word:
                n = numbers.EN_ORDINALS[word.lower().replace(" ", "-")]
            else:  # Roman numerals also in Cyrillic look-alikes (Х, І), as Russian and Kazakh texts type them
                n = int(raw) if raw.isdigit() else numbers.roman(raw)
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


_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def session_label(text: str, m: Mention, mentions: list[Mention]) -> tuple[str, int] | None:
    """A session's name as the text writes it, with the Assembly it belongs to (``22nd session of the APK``,
    ``the Twelfth session of the Assembly of People of Kazakhstan`` → without the article), and where it ends;
    ``None`` when no Assembly follows."""
    of = _OF.match(text, m.end)
    if of is None:
        return None
    owner = next((x for x in mentions if x.start == of.end() and x.entity == "apk"), None)
    if owner is None:
        return None
    label = re.sub(r"^the\s+", "", text[m.start : owner.end], flags=re.IGNORECASE)
    return label, owner.end


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _to_roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def session_names(eid: str) -> list[tuple[str, str]]:
    """The names by which texts call a session (derived from its number, as the recogniser reads them):
    ``33rd session of the Assembly of People of Kazakhstan``, ``XXXIII session of the APK``, ``XXXIII сессия
    Ассамблеи народа Казахстана`` — (name, language) pairs, given as alternative labels to a session that
    ingest creates."""
    n = int(eid.rsplit("-", 1)[1])
    out: list[tuple[str, str]] = []
    for number in (_ordinal(n), _to_roman(n)):
        out += [
            (f"{number} session of the Assembly of People of Kazakhstan", "en"),
            (f"{number} session of the APK", "en"),
        ]
    out.append((f"{_to_roman(n)} сессия Ассамблеи народа Казахстана", "ru"))
    return out
