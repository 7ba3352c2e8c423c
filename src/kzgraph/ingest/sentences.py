"""Sentence splitting on cleaned text (:mod:`textmap`), each sentence with its offsets.

A sentence ends at a hard break (a newline of the cleaned text: heading, list item, table row, paragraph)
or at ``.``/``!``/``?``/``…`` (closing quotes may follow) before a capital, a digit or an opening quote —
unless the word before the full stop is an abbreviation or an initial (``Ch. Valikhanov``, ``L.N.Gumilyov``,
``Sh.B.``, ``г. Алматы``, ``т.е.``, ``e.g.``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kzgraph.ingest.textmap import TextMap, clean

MAX_SENTENCE = 2000
_END = re.compile(r"[.!?…]+[\"'»”’)\]]*(?= +[\"'«“(\[]?[0-9A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*[\"'»”’)\]]*$")
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "vol",
    "pp",
    "p",
    "fig",
    "ed",
    "eds",
    "jr",
    "sr",
    "vs",
    "cf",
    "e.g",
    "i.e",
    "art",
    "para",
    "ch",
    "co",
    "inc",
    "ltd",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "gen",
    "gov",
    "rep",
    "approx",
    "dept",
    "univ",
    "acad",
    "assoc",
    "г",
    "гг",
    "т",
    "т.е",
    "т.д",
    "т.п",
    "им",
    "ул",
    "см",
    "рис",
    "стр",
    "с",
    "пр",
    "проф",
    "акад",
    "англ",
    "рус",
    "каз",
    "тыс",
    "млн",
    "млрд",
    "руб",
    "н.э",
    "в",
    "вв",
    "обл",
    "р-н",
    "ж",
    "жж",
    "б",
    "т.б",
}


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``text`` is cleaned; ``start``/``end`` are offsets in the cleaned text of its document."""

    start: int
    end: int
    text: str


def _is_abbreviation(before: str) -> bool:
    m = _LAST_WORD.search(before)
    if not m:
        return False
    word = m[1].rstrip(".")
    low = word.lower()
    if low in ABBREVIATIONS:
        return True
    # Initials: "A", "Sh", "Ch", "L.N", "A.S" — one or two letters starting with a capital.
    parts = word.split(".")
    return all(1 <= len(x) <= 2 and x[:1].isupper() and x.isalpha() for x in parts if x) and len(word) <= 6


def split(text: str) -> Iterator[Sentence]:
    """Sentences of cleaned ``text`` (stripped; empty ones skipped; overlong ones cut at ``MAX_SENTENCE``)."""
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        block_end = n if nl == -1 else nl
        start = pos
        for m in _END.finditer(text, pos, block_end):
            if _is_abbreviation(text[max(start, m.start() - 12) : m.start() + 1]):
                continue
            yield from _emit(text, start, m.end())
            start = m.end()
        yield from _emit(text, start, block_end)
        pos = block_end + 1


def _emit(text: str, start: int, end: int) -> Iterator[Sentence]:
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = start + MAX_SENTENCE if cut <= start else cut
        yield Sentence(start, cut, text[start:cut])
        start = cut + 1
    if end > start:
        yield Sentence(start, end, text[start:end])


def segment(raw: str) -> tuple[TextMap, list[Sentence]]:
    """Clean ``raw`` and split it: the map back to ``raw`` and the sentences."""
    tm = clean(raw)
    return tm, list(split(tm.text))
