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
from kzgraph.ingest.tabular import Observation

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

    def ob(o: Observation) -> Observation:
        moved = o.period_start >= 0
        return dataclasses.replace(
            o,
            row_start=o.row_start + offset,
            row_end=o.row_end + offset,
            period_start=o.period_start + offset if moved else o.period_start,
            period_end=o.period_end + offset if moved else o.period_end,
        )

    out = Analysis(text)
    out.sentences = [sh(s) for s in part.sentences]
    out.mentions = [(i, m, sh(s)) for i, m, s in part.mentions]
    out.statements = [(st, sh(s)) for st, s in part.statements]
    out.candidates = [(i, c, sh(s)) for i, c, s in part.candidates]
    out.observations = [ob(o) for o in part.observations]
    out.pending_figures = [(label, ob(o)) for label, o in part.pending_figures]
    out.group_counts = [
        dataclasses.replace(
            g,
            start=g.start + offset,
            end=g.end + offset,
            period_start=g.period_start + offset if g.period_start >= 0 else g.period_start,
            period_end=g.period_end + offset if g.period_start >= 0 else g.period_end,
        )
        for g in part.group_counts
    ]
    out.label_proposals = [(i, lp, sh(s)) for i, lp, s in part.label_proposals]
    out.labels = [(e, label, lang, sh(s)) for e, label, lang, s in part.labels]
    out.sessions = {e: sh(s) for e, s in part.sessions.items()}
    out.parsed = part.parsed
    return out


def analysed(
    text: str, gaz: Gazetteer, size: int | None = None, *, language: str | None = None
) -> Iterator[tuple[int, Analysis]]:
    """Each block's end offset and analysis (see :func:`shifted`); table numbers count from the block's first
    table (:class:`rdf.DocumentWriter` numbers them in the document)."""
    for start, end in blocks(text, size):
        yield end, shifted(analyse(text[start:end], gaz, language=language), text, start)
