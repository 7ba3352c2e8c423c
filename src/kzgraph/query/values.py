"""Typed values of query results that Python has no type for: a date known to the year, the month or the day.

>>> d = PartialDate.parse("1995-03")
>>> d.year, d.month, d.day, d.precision, str(d)
(1995, 3, None, 'month', '1995-03')
>>> d.start, PartialDate(1995) < d < PartialDate(1995, 3, 2)
(datetime.date(1995, 3, 1), True)
>>> PartialDate.parse("1995-03-01").to_python()
datetime.date(1995, 3, 1)

The sources date things as precisely as they know them (``1995``, ``1995-03``, ``1995-03-01``: ``xsd:gYear``,
``xsd:gYearMonth``, ``xsd:date``); a result keeps that precision instead of inventing a day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["year", "month", "day"]
_LEXICAL = re.compile(r"^(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?(?:Z|[+-]\d{2}:\d{2})?$")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day; orders by its first day (a year before its months)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        dt.date(self.year, self.month or 1, self.day or 1)  # raises ValueError on an impossible date

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """``1995``, ``1995-03`` or ``1995-03-01`` (a time zone suffix is ignored)."""
        m = _LEXICAL.match(text.strip())
        if not m:
            raise ValueError(f"'{text}' is not a year, year-month or date")
        return cls(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)

    @property
    def precision(self) -> Precision:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    @property
    def start(self) -> dt.date:
        """The first day the value covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def to_python(self) -> PartialDate | dt.date:
        """A :class:`datetime.date` when known to the day, else this value."""
        return self.start if self.day is not None else self

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text
