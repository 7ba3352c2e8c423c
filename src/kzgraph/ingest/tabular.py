"""Tables in ingested text → census-style observations (the model of :mod:`kzgraph.pipeline.tables`):
``qb:Observation`` with ``kz:refArea``, ``kz:ethnicGroup``, ``kz:refPeriod`` and ``kz:populationShare``
(a percentage) or ``kz:populationCount`` (an integer).

A table is two or more consecutive lines split into cells by tabs (or, for aligned text, by runs of two or
more spaces in at least three lines with the same number of cells). Its header's cells after the first are
periods (a year, or a date ``2010.10.20`` whose year is the period). Each later row whose first cell names an
ethnic group (or "Total") gives one observation per figure; the quote is the row. The area is the place
named in the two lines before the table, else Kazakhstan.

Real layouts: the header may follow a title row or two inside the table (the first of the first three rows
with a period is the header); a period cell may carry words (``2009 г.``, ``2021 жыл``, ``Census 2009``,
``перепись 1999 г., %``); a unit in a header cell or the caption (``thousand``, ``тыс. чел.``, ``мың адам``,
``млн``) makes the column's counts people (the stated figure and unit kept, as for prose); ``%`` in a header
makes its column shares; a row named by one word the gazetteer lacks is linked as in prose
(:mod:`ethnonyms`: ``Татары``, ``Өзбектер``, ``Uzbek``); ``10 096,8`` is a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from kzgraph.ingest import numbers
from kzgraph.ingest.gazetteer import Gazetteer
from kzgraph.ingest.numbers import parse_number

# A period heading a column: "2009", "2010.10.20", "2009 г.", "2021 жыл", "Census 2009", "перепись 1999 г., %",
# "2009 (thousand)".
_YEAR = re.compile(
    r"^\s*(?:(?:census|перепись|санақ)\w*\s+)?(1[6-9]\d\d|20\d\d)(?:\.\d{1,2}\.\d{1,2})?\s*"
    r"(?:г\.|год\w*|year|жыл\w*|ж\.|census|перепис\w*|санақ\w*)?[\s,]*"
    r"(?:\(?\s*(?:%|thousand|тыс\.?|тысяч\w*|мың|million|млн\.?)[^()]{0,20}\)?)?\s*$",
    re.IGNORECASE,
)
_UNIT = re.compile(r"(?<!\w)(thousand|тыс\.?|тысяч\w*|мың|million|млн)(?!\w)", re.IGNORECASE)
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


def _caption(raw: str, start: int) -> str:
    """The two non-empty lines before a table (its title, usually), blank lines between them skipped."""
    lines = [line for line in raw[max(0, start - 600) : start].split("\n") if line.strip()]
    return "\n".join(lines[-2:])


def _header(rows: list[Row]) -> int | None:
    """Index of the header row: the first of the first three rows with a period among its cells after the first."""
    for i, row in enumerate(rows[:3]):
        if any(_YEAR.match(c) for c in row.cells[1:]):
            return i
    return None


def _factor(text: str) -> int:
    """A multiplier stated in a header cell or caption: ``thousand``, ``тыс.``, ``мың``, ``million``, ``млн``."""
    m = _UNIT.search(text)
    return (numbers.multiplier(m[1]) or 1) if m else 1


def _cell_number(cell: str) -> tuple[str, str, bool] | None:
    """A cell's number → (canonical value, kind, is a percentage); ``10 096,8`` (grouped decimal) too."""
    cm = re.fullmatch(r"([\d.,\u00a0\u202f ]+?)\s*(%?)", cell.strip())
    if not cm:
        return None
    body = cm[1].strip()
    parsed = parse_number(body)
    if parsed is None and re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+[.,]\d+", body):
        parsed = parse_number(re.sub(r"[ \u00a0\u202f]", "", body))
    if parsed is None:
        return None
    return parsed[0], parsed[1], bool(cm[2])


def observations(raw: str, gaz: Gazetteer) -> list[Observation]:
    from kzgraph.ingest.ethnonyms import Groups

    groups: Groups | None = None
    out: list[Observation] = []
    for index, (start, rows) in enumerate(tables(raw)):
        h = _header(rows)
        if h is None:
            continue
        header = rows[h].cells
        periods = [_YEAR.match(c) for c in header[1:]]
        caption = _caption(raw, start) + " " + " ".join(" ".join(r.cells) for r in rows[:h])
        area = "kazakhstan"
        for m in gaz.find(caption):
            info = gaz.entities.get(m.entity)
            if info and info.kinds & {"Place"}:
                area = m.entity
        caption_factor = _factor(caption)
        for row in rows[h + 1 :]:
            label = row.cells[0]
            group: str | None
            confidence = 0.85
            if _TOTAL.match(label):
                group = None
            else:
                found = [m for m in gaz.find(label) if "EthnicGroup" in gaz.entities[m.entity].kinds]
                if len(found) == 1:
                    group = found[0].entity
                elif not found and re.fullmatch(r"[^\W\d_][\w'’-]*", label.strip()):
                    # One word the gazetteer lacks: a group's name in Russian or Kazakh, or an English singular.
                    groups = groups or Groups.of(gaz)
                    g = groups.resolve(label.strip(), "", [], 0)
                    if g is None or g.entity is None:
                        continue
                    group, confidence = g.entity, (0.75 if g.how == "transliteration" else 0.85)
                else:
                    continue
            for period_m, head, cell in zip(periods, header[1:], row.cells[1:], strict=False):
                if period_m is None:
                    continue
                num = _cell_number(cell)
                if num is None:
                    continue
                value, kind, percent = num
                share = percent or "%" in head or (kind == "decimal" and caption_factor == 1 and _factor(head) == 1)
                measure = "populationShare" if share else "populationCount"
                if share and not 0 <= Decimal(value) <= 100:
                    continue
                stated, unit = "", ""
                factor = 1 if share else (_factor(head) if _factor(head) != 1 else caption_factor)
                if factor != 1:
                    total = Decimal(value) * factor
                    stated, unit = value, numbers.UNIT_NAMES[factor]
                    value = str(int(total)) if total == int(total) else str(total)
                elif measure == "populationCount" and kind == "decimal":
                    continue  # a count with a fraction and no unit: not a number of people
                out.append(
                    Observation(
                        index,
                        area,
                        group,
                        period_m[1],
                        measure,
                        value,
                        row.start,
                        row.end,
                        confidence=confidence,
                        stated=stated,
                        unit=unit,
                    )
                )
    return out
