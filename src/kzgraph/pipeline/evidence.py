"""Finding quotes in source texts: whitespace- and hyphenation-tolerant matching mapped to exact offsets.

Offsets are Python string indices (Unicode code points) into the text decoded from UTF-8, which is what
Web Annotation's ``oa:TextPositionSelector`` counts. ``text[start:end]`` is the exact quote as printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Span:
    """A located quote: offsets into the raw text and the raw characters between them."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def _normalise(text: str, *, drop_break_hyphens: bool) -> tuple[str, list[int]]:
    """Collapse whitespace and join hyphenated words; return the new text and, per char, its raw index."""
    out: list[str] = []
    where: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            if out and out[-1] != " " and j < n:
                out.append(" ")
                where.append(i)
            i = j
            continue
        if ch == "-" and out and out[-1].isalnum():
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            if j > i + 1 and j < n and text[j].isalnum():
                if not (drop_break_hyphens and "\n" in text[i + 1 : j]):
                    out.append("-")
                    where.append(i)
                i = j
                continue
        out.append(ch)
        where.append(i)
        i += 1
    return "".join(out), where


def normalise_quote(quote: str, *, drop_break_hyphens: bool = False) -> str:
    return _normalise(quote.strip(), drop_break_hyphens=drop_break_hyphens)[0].strip()


@dataclass(frozen=True)
class LocateFailure:
    """Why a quote could not be placed: ``count`` occurrences found (0 = missing, >1 = ambiguous)."""

    count: int


class SourceText:
    """A source text with its normalised forms, built once and reused for every quote."""

    CONTEXT = 32

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _kept(self) -> tuple[str, list[int]]:
        return _normalise(self.text, drop_break_hyphens=False)

    @cached_property
    def _dropped(self) -> tuple[str, list[int]]:
        return _normalise(self.text, drop_break_hyphens=True)

    def locate(self, quote: str, *, occurrence: int | None = None) -> Span | LocateFailure:
        """Find ``quote``; it must occur once, or ``occurrence`` (1-based) must say which one."""
        best: LocateFailure = LocateFailure(0)
        for norm, where in (self._kept, self._dropped):
            q = normalise_quote(quote)
            hits = _find_all(norm, q)
            if not hits:
                continue
            if occurrence is None and len(hits) > 1:
                best = LocateFailure(len(hits))
                continue
            index = (occurrence or 1) - 1
            if index >= len(hits):
                best = LocateFailure(len(hits))
                continue
            at = hits[index]
            start = where[at]
            end = where[at + len(q) - 1] + 1
            return self.span(start, end)
        return best

    def span(self, start: int, end: int) -> Span:
        return Span(
            start=start,
            end=end,
            exact=self.text[start:end],
            prefix=self.text[max(0, start - self.CONTEXT) : start],
            suffix=self.text[end : end + self.CONTEXT],
        )


def _find_all(haystack: str, needle: str) -> list[int]:
    hits: list[int] = []
    if not needle:
        return hits
    at = haystack.find(needle)
    while at != -1:
        hits.append(at)
        at = haystack.find(needle, at + 1)
    return hits
