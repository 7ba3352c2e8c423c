"""A long document analysed block by block, so that memory follows the block, not the document.

The text is cut into blocks of about :data:`BLOCK_CHARS` characters at the best break near the limit — the
end of a paragraph after a sentence end, else any paragraph break, line break, sentence end or space — so a
sentence or a table is (almost) never cut. Each block goes through :func:`analyse` alone; its offsets,
are then shifted to the whole document's, so the quads written from the
blocks are those of the whole text analysed at once (a text shorter than a block is one block).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from kzgraph.ingest.analyse import Analysis, Span, analyse
from kzgraph.ingest.gazetteer import Gazetteer

BLOCK_CHARS = 500_000

# Breaks by preference, each searched for in the second half of the block.
_BREAKS = [
    re.compile(r"[.!?;:»\"')\]]\s*\n[ \t]*\n"),  # a paragraph that ends a sentence
    re.compile(r"\n[ \t]*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?]\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9«\"(])"),
    re.compile(r"\s+"),
]


def _cut(text: str, start: int, limit: int) -> int:
    """Where the block that begins at ``start`` ends: after the last preferred break before ``limit``."""
    lo = start + (limit - start) // 2
    for pattern in _BREAKS:
        ends = [m.end() for m in pattern.finditer(text, lo, limit)]
        if ends:
            return ends[-1]
    return limit


def blocks(text: str, size: int | None = None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive blocks covering ``text``."""
    size = size or BLOCK_CHARS
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        yield start, end
        start = end
    yield start, len(text)


def shifted(part: Analysis, text: str, offset: int) -> Analysis:
    """A block's analysis in the whole document's terms: spans + ``offset``, ``text`` the whole text. Sentence
    indices still point into the block's own ``sentences``; statements' cleaned-text offsets are left as they
    are (only their spans are used downstream)."""

    def sh(span: Span) -> Span:
        return Span(span.start + offset, span.end + offset)

    out = Analysis(text)
    out.sentences = [sh(s) for s in part.sentences]
    out.mentions = [(i, m, sh(s)) for i, m, s in part.mentions]
    out.statements = [(st, sh(s)) for st, s in part.statements]
    out.candidates = [(i, c, sh(s)) for i, c, s in part.candidates]
    out.observations = [
        dataclasses.replace(ob, row_start=ob.row_start + offset, row_end=ob.row_end + offset)
        for ob in part.observations
    ]
    return out


def analysed(text: str, gaz: Gazetteer, size: int | None = None) -> Iterator[tuple[int, Analysis]]:
    """Each block's end offset and analysis (see :func:`shifted`); table numbers count from the block's first
    table (:class:`rdf.DocumentWriter` numbers them in the document)."""
    for start, end in blocks(text, size):
        yield end, shifted(analyse(text[start:end], gaz), text, start)
