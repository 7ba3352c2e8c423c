"""Numbers and percentages: ``63,07%`` and ``63.07%`` → ``63.07``; ``1,071,927`` and ``8 906 022`` →
``1071927``/``8906022``; ``823`` → ``823``; ``2.5 million``/``2,5 млн`` → ``2500000``. Years (1600–2099
standing alone) are left to :mod:`dates`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_NUM = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:(?P<sep>[ \u00a0\u202f,])\d{3})(?:(?P=sep)\d{3})*(?![\d])|\d+(?:[.,]\d+)?)"
    r"(?:\s*(?P<pct>%|per\s?cent|процент\w*))?"
    r"(?:\s+(?P<mult>thousand|million|billion|тыс\.|тысяч\w*|млн\.?|миллион\w*|млрд\.?))?"
    r"(?![\w%]|[.,]\d)"
)
MULTIPLIERS = {
    "thousand": 1000,
    "тыс": 1000,
    "тысяч": 1000,
    "million": 10**6,
    "млн": 10**6,
    "миллион": 10**6,
    "billion": 10**9,
    "млрд": 10**9,
}


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    value: str  # canonical decimal or integer lexical form
    kind: str  # "percent", "integer" or "decimal"


def parse_number(text: str) -> tuple[str, str] | None:
    """A numeric string → (canonical lexical form, "integer" | "decimal")."""
    t = text.strip()
    if re.fullmatch(r"\d{1,3}(?:([ \u00a0\u202f,])\d{3})(?:\1\d{3})*", t):
        return str(int(re.sub(r"\D", "", t))), "integer"
    if re.fullmatch(r"\d+", t):
        return str(int(t)), "integer"
    if re.fullmatch(r"\d+[.,]\d+", t):
        try:
            return str(Decimal(t.replace(",", "."))), "decimal"
        except InvalidOperation:
            return None
    return None


def find(text: str, *, skip_years: bool = True) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _NUM.finditer(text):
        parsed = parse_number(m["n"])
        if parsed is None:
            continue
        value, kind = parsed
        if m["pct"]:
            out.append(NumberMention(m.start(), m.end(), value, "percent"))
            continue
        if m["mult"]:
            mult = next(v for k, v in MULTIPLIERS.items() if m["mult"].lower().startswith(k))
            total = Decimal(value) * mult
            out.append(
                NumberMention(m.start(), m.end(), str(int(total)) if total == int(total) else str(total), "integer")
            )
            continue
        if skip_years and kind == "integer" and len(m["n"]) == 4 and 1600 <= int(value) <= 2099:
            continue
        out.append(NumberMention(m.start(), m.end(), value, kind))
    return out
