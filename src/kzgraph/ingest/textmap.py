"""Cleaned text for recognisers, mapped back to offsets in the stored text.

PDF conversions leave blank lines inside sentences, words hyphenated across line breaks and page breaks;
recognisers want one sentence per line of ordinary prose. :func:`clean` collapses whitespace runs to one
space, or to a newline where the run is a real break (a heading, a list item, a table row, the end of a
sentence), and joins ``socio-\\n\\nperceptual`` into ``socioperceptual`` (``Nur-\\nSultan`` keeps its
hyphen: the next letter is a capital), and parts words an HTML extraction ran together (``КазахстанаЗКО`` →
``Казахстана ЗКО``). :class:`TextMap` maps every cleaned offset back to the stored text,
the same idea as :func:`kzgraph.pipeline.evidence._normalise`, but with a breakpoint table instead of one index
per character (and a regex that only touches runs that need changing), so it is fast on large texts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_PIECE = re.compile(
    r"(?P<hy>(?<=[^\W\d_])-[ \t]*\n\s*(?=[^\W\d_]))"  # a word hyphenated across a line break
    r"|(?P<ws>[ ]*[^\S ]\s*|[ ]{2,})"  # any whitespace run other than one plain space
    # Two words run together by an HTML extraction ("КазахстанаЗКО", "AssemblyThe"): a run of four lower-case
    # letters, then a capital starting a word of its own. Shorter runs are name styling (KazNU, McDonald).
    r"|(?P<glue>(?<=[a-zа-яёәғқңөұүһі]{4})(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][A-Za-zА-ЯЁа-яёӘәҒғҚқҢңӨөҰұҮүҺһІі]))"
)
_BULLET = re.compile(r"(?:[-–—•*▪●◦]\s|\d{1,2}[.)]\s|[a-zа-я][)]\s)")
HARD = "\n"


@dataclass
class TextMap:
    """``text`` is the cleaned form of ``raw``; ``to_raw`` maps a cleaned span to the stored-text span."""

    raw: str
    text: str
    _clean: list[int]
    _raw: list[int]
    _copied: list[bool]

    def _point(self, c: int) -> int:
        i = bisect_right(self._clean, c) - 1
        if i < 0:
            return 0
        if self._copied[i]:
            return self._raw[i] + (c - self._clean[i])
        return self._raw[i]

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            s = self._point(start)
            return s, s
        return self._point(start), self._point(end - 1) + 1


def _hard_break(raw: str, start: int, end: int) -> bool:
    """Is the whitespace run ``raw[start:end]`` (which contains a newline or tab) a real break?"""
    run = raw[start:end]
    if "\n" not in run:
        return False
    if end >= len(raw) or start == 0:
        return True
    prev_line_start = raw.rfind("\n", 0, start) + 1
    next_line_end = raw.find("\n", end)
    next_line_end = len(raw) if next_line_end == -1 else next_line_end
    if "\t" in raw[prev_line_start:start] or "\t" in raw[end:next_line_end]:
        return True  # table rows are lines of their own
    p, n = raw[start - 1], raw[end]
    if _BULLET.match(raw, end):
        return True
    if p in ".!?…" and (n.isupper() or n.isdigit() or n in '«“"(['):
        return True
    # A heading: a short line, a blank line, then a capital.
    prev_line = raw[prev_line_start:start]
    last_word = prev_line.split()[-1] if prev_line.split() else ""
    if last_word.isalpha() and last_word.islower():
        return False  # "… of the Assembly of \n\nPeople": a sentence running on
    blank = run.count("\n") >= 2
    if (n.isupper() or n.isdigit()) and p not in ",-(–" and len(prev_line.strip()) < (60 if blank else 40):
        return True
    return bool(p in ":;" and blank and n.isupper())


def clean(raw: str) -> TextMap:
    """Collapse whitespace, join broken words, keep real breaks as newlines; map offsets back."""
    out: list[str] = []
    clean_pos: list[int] = []
    raw_pos: list[int] = []
    copied: list[bool] = []
    c = 0
    last = 0
    for m in _PIECE.finditer(raw):
        s, e = m.span()
        if s > last:
            clean_pos.append(c)
            raw_pos.append(last)
            copied.append(True)
            out.append(raw[last:s])
            c += s - last
        if m.lastgroup == "glue":
            rep = " "
        elif m.lastgroup == "hy":
            nxt = raw[e] if e < len(raw) else ""
            rep = "" if nxt.islower() else "-"
        elif s == 0 or e == len(raw):
            rep = ""
        else:
            rep = HARD if _hard_break(raw, s, e) else " "
        if rep:
            clean_pos.append(c)
            raw_pos.append(s)
            copied.append(rep == "-")
            out.append(rep)
            c += len(rep)
        last = e
    if last < len(raw):
        clean_pos.append(c)
        raw_pos.append(last)
        copied.append(True)
        out.append(raw[last:])
    return TextMap(raw, "".join(out), clean_pos, raw_pos, copied)
