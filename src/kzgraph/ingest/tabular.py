"""Tables in ingested text → census-style observations (the model of :mod:`kzgraph.tables`):
``qb:Observation`` with ``kz:refArea``, ``kz:ethnicGroup``, ``kz:refPeriod`` and ``kz:populationShare``
(a percentage) or ``kz:populationCount`` (an integer).

A table is two or more consecutive lines split into cells by tabs (or, for aligned text, by runs of two or
more spaces in at least three lines with the same number of cells). Its header's cells after the first are
periods (a year, or a date ``2010.10.20`` whose year is the period). Each later row whose first cell names an
ethnic group (or "Total") gives one observation per figure; the quote is the row. The area is the place
named in the two lines before the table, else Kazakhstan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kzgraph.ingest.gazetteer import Gazetteer
from kzgraph.ingest.numbers import parse_number

_YEAR = re.compile(r"^\s*(1[6-9]\d\d|20\d\d)(?:\.\d{1,2}\.\d{1,2})?\s*(?:г\.|год|year)?\s*$")
_ALIGNED = re.compile(r" {2,}")
_TOTAL = re.compile(r"^\s*(?:total|всего|итого|барлығы)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    start: int  # raw offsets of the line
    end: int
    cells: list[str]


@dataclass(frozen=True)
class Observation:
    """One figure; offsets are raw (stored-text) offsets of its quote (a table row, or a sentence of prose)."""

    table: int  # index of the table in the document (-1 for prose)
    area: str
    group: str | None  # entity id; None for all groups
    period: str
    measure: str  # populationShare | populationCount
    value: str  # percent, or persons
    row_start: int
    row_end: int
    rule: str = "table-row"
    confidence: float = 0.85
    stated: str = ""  # the figure as the text states it, when a multiplier applies ("2.9" of "2,9 млн")
    unit: str = ""  # that multiplier ("thousand", "million")
    ref_date: str = ""  # an as-of date (xsd:date) the text gives
    period_start: int = -1  # where the period is stated, when not in the quote
    period_end: int = -1
    dataset: str = ""  # "text" for prose (one dataset per document), else the table's number is used


def _lines(raw: str) -> Iterator[tuple[int, int, str]]:
    pos = 0
    for line in raw.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def tables(raw: str) -> Iterator[tuple[int, list[Row]]]:
    """Blocks of rows: (start of the block, rows)."""
    block: list[Row] = []
    mode = ""
    for start, end, line in [*_lines(raw), (len(raw), len(raw), "")]:
        stripped = line.strip()
        if "\t" in stripped:
            row, kind = Row(start, end, [c.strip() for c in line.strip().split("\t")]), "tab"
        elif len(_ALIGNED.findall(stripped)) >= 1 and len(stripped) < 200:
            row, kind = Row(start, end, [c.strip() for c in _ALIGNED.split(stripped)]), "aligned"
        else:
            row, kind = None, ""
        if row is not None and (not block or kind == mode):
            block.append(row)
            mode = kind
            continue
        if len(block) >= 2 and (mode == "tab" or (len(block) >= 3 and len({len(r.cells) for r in block}) == 1)):
            yield block[0].start, block
        block, mode = ([row], kind) if row is not None else ([], "")


def observations(raw: str, gaz: Gazetteer) -> list[Observation]:
    out: list[Observation] = []
    for index, (start, rows) in enumerate(tables(raw)):
        header = rows[0].cells
        periods = [_YEAR.match(c) for c in header[1:]]
        if not any(periods):
            continue
        caption = raw[max(0, raw.rfind("\n", 0, max(0, raw.rfind("\n", 0, max(0, start - 1))))) : start]
        area = "kazakhstan"
        for m in gaz.find(caption):
            info = gaz.entities.get(m.entity)
            if info and info.kinds & {"Place"}:
                area = m.entity
        for row in rows[1:]:
            label = row.cells[0]
            group: str | None
            if _TOTAL.match(label):
                group = None
            else:
                found = [m for m in gaz.find(label) if "EthnicGroup" in gaz.entities[m.entity].kinds]
                if len(found) != 1:
                    continue
                group = found[0].entity
            for period_m, cell in zip(periods, row.cells[1:], strict=False):
                if period_m is None:
                    continue
                cell = cell.strip()
                cm = re.fullmatch(r"([\d.,\u00a0 ]+?)\s*(%?)", cell)
                if not cm:
                    continue
                parsed = parse_number(cm[1])
                if parsed is None:
                    continue
                value, kind = parsed
                measure = "populationShare" if cm[2] or kind == "decimal" else "populationCount"
                out.append(Observation(index, area, group, period_m[1], measure, value, row.start, row.end))
    return out
