"""Dates in English and Russian (and Kazakh month names), normalised at the precision the text gives:
``xsd:date`` (``1995-03-01``), ``xsd:gYearMonth`` (``1995-03``) or ``xsd:gYear`` (``1995``).

Recognised: ``March 1, 1995``, ``1 March 1995``, ``June 28th, 2013``, ``December 2000``, ``1995.3``,
``2010.10.20``, ``01.03.1995``, ``in 2008``, ``1995``, ranges ``from March 1995 to January 1996``,
``1995-1996``/``2006–2008``, Russian ``1 марта 1995 года``, ``в марте 1995 г.``, ``в 2008 году``,
``с 1995 по 2000 год``, Kazakh ``2021 жылғы 1 наурыз``, ``2021 жылғы наурыз``, ``1 наурыз 2021 жыл``, ``наурыз 2021``,
``1995 жылы``, ``2009 ж.``. A range yields two dates marked ``start`` and ``end``; a single date introduced by
``until``/``till``/``up to``/``до`` is a ``bound`` (the end of a span, not the date of an event: "powers of the
President until 2000").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EN_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
EN_ABBR = {m[:3]: i for m, i in EN_MONTHS.items()} | {"sept": 9}
RU_MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
KK_MONTHS = {
    "қаңтар": 1,
    "ақпан": 2,
    "наурыз": 3,
    "сәуір": 4,
    "мамыр": 5,
    "маусым": 6,
    "шілде": 7,
    "тамыз": 8,
    "қыркүйек": 9,
    "қазан": 10,
    "қараша": 11,
    "желтоқсан": 12,
}
XSD = "http://www.w3.org/2001/XMLSchema#"

_EN_MONTH = r"(?P<{g}>(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_RU_MONTH = r"(?P<{g}>(?:январ|феврал|март|апрел|ма|июн|июл|август|сентябр|октябр|ноябр|декабр)(?:ь|я|е|а|ю|й|та|те|том|ем|ом)?)(?!\w)"
_KK_MONTH = r"(?P<{g}>(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)\w{{0,4}})"
_YEAR = r"(?P<{g}>1[6-9]\d\d|20\d\d)"
_DAY = r"(?P<{g}>[0-3]?\d)"


def _f(pattern: str, **groups: str) -> str:
    return pattern.format(**groups)


def _one(prefix: str) -> str:
    """One date, any form; group names prefixed with ``prefix``."""
    p = prefix
    forms = [
        # March 1, 1995 / June 28th, 2013 / March 1 1995
        _EN_MONTH.format(g=p + "em")
        + r"\s+"
        + _DAY.format(g=p + "ed")
        + r"(?:st|nd|rd|th)?,?\s+"
        + _YEAR.format(g=p + "ey"),
        # 1 March 1995 / 28th of June 2013
        _DAY.format(g=p + "ed2")
        + r"(?:st|nd|rd|th)?\s+(?:of\s+)?"
        + _EN_MONTH.format(g=p + "em2")
        + r",?\s+"
        + _YEAR.format(g=p + "ey2"),
        # 1 марта 1995 (года|г.)
        _DAY.format(g=p + "rd")
        + r"\s+"
        + _RU_MONTH.format(g=p + "rm")
        + r"\s+"
        + _YEAR.format(g=p + "ry")
        + r"(?:\s*(?:года|году|год|г\.))?",
        # 1995 жылғы 1 наурыз / 1995 жылы 1 наурызда / 2021 жылғы наурыз(да) / 2021 жылдың наурыз айында
        _YEAR.format(g=p + "ky")
        + r"\s+жыл\w*\s+(?:"
        + _DAY.format(g=p + "kd")
        + r"\s+)?"
        + _KK_MONTH.format(g=p + "km"),
        # 1 наурыз 2021 жыл / 25 сәуір 2023 ж.
        _DAY.format(g=p + "kd2")
        + r"\s+"
        + _KK_MONTH.format(g=p + "km2")
        + r"\s+"
        + _YEAR.format(g=p + "ky2")
        + r"(?:\s*(?:жыл\w*|ж\.))?",
        # 2010.10.20 / 1995.3 (not followed by more digits or a percent sign)
        _YEAR.format(g=p + "dy")
        + r"\.(?P<"
        + p
        + r"dm>1[0-2]|0?[1-9])(?:\.(?P<"
        + p
        + r"dd>[0-3]?\d))?(?![\d%,]|\.\d)",
        # 01.03.1995
        r"(?P<" + p + r"ud>[0-3]?\d)\.(?P<" + p + r"um>1[0-2]|0[1-9])\.(?P<" + p + r"uy>1[6-9]\d\d|20\d\d)",
        # December 2000 / в марте 1995 года
        _EN_MONTH.format(g=p + "em3") + r",?\s+(?:of\s+)?" + _YEAR.format(g=p + "ey3"),
        _RU_MONTH.format(g=p + "rm2") + r"\s+" + _YEAR.format(g=p + "ry2") + r"(?:\s*(?:года|году|год|г\.))?",
        _KK_MONTH.format(g=p + "km3") + r"\s+" + _YEAR.format(g=p + "ky3") + r"(?:\s*(?:жыл\w*|ж\.))?",
        # 1995 / in 2008 / в 2008 году / 2008 г. / 2008 жылы, жылғы, жылдан … / 2009 ж.
        _YEAR.format(g=p + "y") + r"(?:\s*(?:года|году|год|г\.|жыл(?:ы|ғы|да|дан|ға|дың|дары)?(?!\w)|ж\.))?",
    ]
    return "(?:" + "|".join(forms) + ")"


_DATE = re.compile(r"(?<![\w.,-])" + _one("a") + r"(?![\w-]|\.\d|,\d| ?%)", re.IGNORECASE)
_RANGE = re.compile(
    r"(?<![\w.,])(?:(?P<from>from|between|с|со)\s+)?"
    + _one("a")
    + r"\s*(?:-|–|—|to|until|till|and|по|до)\s*"
    + _one("b")
    + r"(?![\w]|\.\d| ?%)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date in the cleaned text: ``value`` at its precision; ``datatype`` an XSD IRI; ``role`` point, start, end
    or bound."""

    start: int
    end: int
    value: str
    datatype: str
    role: str = "point"

    @property
    def precision(self) -> str:
        return self.datatype.rsplit("#", 1)[-1]


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in EN_MONTHS:
        return EN_MONTHS[w]
    if w[:4] == "sept":
        return 9
    if w[:3] in EN_ABBR and len(w) == 3:
        return EN_ABBR[w[:3]]
    for table in (KK_MONTHS,):
        for stem, n in table.items():
            if w.startswith(stem):
                return n
    for stem, n in sorted(RU_MONTHS.items(), key=lambda kv: -len(kv[0])):
        if w.startswith(stem):
            if stem == "ма" and w not in {"мая", "май", "мае", "маем"}:
                continue
            return n
    return None


def _value(m: re.Match[str], p: str) -> tuple[str, str] | None:
    g = m.groupdict()

    def has(name: str) -> str | None:
        return g.get(p + name)

    for day_g, month_g, year_g in (
        ("ed", "em", "ey"),
        ("ed2", "em2", "ey2"),
        ("rd", "rm", "ry"),
        ("kd", "km", "ky"),
        ("kd2", "km2", "ky2"),
        ("dd", "dm", "dy"),
        ("ud", "um", "uy"),
    ):
        y = has(year_g)
        if not y:
            continue
        month_word = has(month_g) or ""
        month = int(month_word) if month_word.isdigit() else _month(month_word)
        if month is None:
            return None
        d = has(day_g)
        if d:
            day = int(d)
            if not 1 <= day <= 31:
                return None
            return f"{y}-{month:02d}-{day:02d}", XSD + "date"
        return f"{y}-{month:02d}", XSD + "gYearMonth"
    for month_g, year_g in (("em3", "ey3"), ("rm2", "ry2"), ("km3", "ky3")):
        y = has(year_g)
        if y:
            month = _month(has(month_g) or "")
            if month is None:
                return None
            return f"{y}-{month:02d}", XSD + "gYearMonth"
    y = has("y")
    if y:
        return y, XSD + "gYear"
    return None


_BOUND = re.compile(
    r"(?:\b(?:until|till|up\s+to)|(?<!\w)(?:вплоть\s+)?до)\s+(?:the\s+(?:end|beginning)\s+of\s+)?$", re.IGNORECASE
)
_YEARISH = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")


def find(text: str) -> list[DateMention]:
    """Dates in ``text``, ranges first (their two ends), then single dates outside any range.

    Every form contains a year, so a sentence without one is skipped at once, and the range pattern only
    runs where there are two years."""
    years = _YEARISH.findall(text)
    if not years:
        return []
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text) if len(years) > 1 else ():
        a, b = _value(m, "a"), _value(m, "b")
        if not a or not b or b[0] < a[0]:
            continue
        if m["from"] is None and a[1] != b[1]:
            continue  # "March 1995 - 2000" without "from": too loose
        mid = m.start("b" + _first_group(m, "b"))
        a_end = max(m.end(k) for k, v in m.groupdict().items() if v is not None and k.startswith("a"))
        out.append(DateMention(m.start(), a_end, a[0], a[1], "start"))
        out.append(DateMention(mid, m.end(), b[0], b[1], "end"))
        taken.append(m.span())
    for m in _DATE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        v = _value(m, "a")
        if v:
            role = "bound" if _BOUND.search(text, max(0, m.start() - 30), m.start()) else "point"
            out.append(DateMention(m.start(), m.end(), v[0], v[1], role))
    out.sort(key=lambda d: d.start)
    return out


def _first_group(m: re.Match[str], prefix: str) -> str:
    starts = [(m.start(k), k) for k, v in m.groupdict().items() if v is not None and k.startswith(prefix)]
    return min(starts)[1][len(prefix) :]
