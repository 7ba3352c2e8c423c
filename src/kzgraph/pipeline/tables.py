"""Parsing the corpus's tables (``data/tables.yaml``) into sessions and census observations.

Each parser reads lines of one source text and yields facts whose quote is the exact table row, so every
number in the graph points back to the row that states it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzgraph import fileio as yamlfile
from kzgraph.errors import SourceError
from kzgraph.pipeline.corpus import Source
from kzgraph.pipeline.model import Entity, Fact, Literal, Quote
from kzgraph.pipeline.ontology import RDF_TYPE, XSD
from kzgraph.rdf import namespaces as ns

QB = ns.PREFIXES["qb"]
KZ = ns.KZ


@dataclass
class Table:
    id: str
    source: Source
    parser: str
    header: str
    where: str
    spec: dict[str, Any]

    @property
    def iri(self) -> str:
        return ns.ID + "dataset/" + self.id


@dataclass
class Row:
    """One line of a table: its cells and its exact position in the source."""

    cells: list[str]
    start: int
    end: int
    line: int


@dataclass
class Parsed:
    entities: list[Entity]
    facts: list[Fact]
    datasets: list[Table]


GroupResolver = Callable[[str, str], str]


def _rows(table: Table) -> Iterator[Row]:
    text = table.source.text
    at = text.find(table.header)
    if at == -1:
        raise SourceError(f"{table.where}: table header not found in source '{table.source.key}'")
    if text.find(table.header, at + 1) != -1:
        raise SourceError(f"{table.where}: table header occurs more than once in '{table.source.key}'")
    line_no = text.count("\n", 0, at) + 1
    pos = text.find("\n", at)
    pos = len(text) if pos == -1 else pos + 1
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        line = text[pos:end]
        line_no += 1
        if "\t" not in line:
            if line.strip():
                return
        else:
            yield Row(cells=line.split("\t"), start=pos, end=end, line=line_no)
        pos = end + 1


def _row_quote(table: Table, row: Row) -> Quote:
    exact = table.source.text[row.start : row.end].strip()
    return Quote(
        source=table.source.key,
        text=exact,
        where=f"{table.where} ({table.source.file.name} line {row.line})",
        occurrence=_occurrence(table.source.text, exact, row.start),
    )


def _occurrence(text: str, exact: str, start: int) -> int | None:
    """Which occurrence of ``exact`` starts at ``start`` (None when it is the only one)."""
    count, at, mine = 0, text.find(exact), 0
    while at != -1:
        count += 1
        if at <= start < at + len(exact) + 1:
            mine = count
        at = text.find(exact, at + 1)
    return None if count == 1 else mine


def _number(cell: str) -> str:
    """``63,07`` or ``63.07`` → ``63.07``; ``1,071,927`` → ``1071927``."""
    cell = cell.strip().rstrip("%").strip()
    if re.fullmatch(r"\d{1,3}(,\d{3})+", cell):
        return cell.replace(",", "")
    return cell.replace(",", ".")


def _period(cell: str) -> tuple[str, str | None]:
    m = re.match(r"(\d{4})(?:\.(\d{1,2})\.(\d{1,2}))?", cell.strip())
    if not m:
        raise ValueError(cell)
    date = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m[2] else None
    return m[1], date


def _observation(
    table: Table, quote: Quote, group: str | None, period: str, ref_date: str | None, measures: dict[str, Literal]
) -> list[Fact]:
    key = group or "all"
    obs = f"{ns.ID}observation/{table.id}/{key}/{period}"
    group_iri = ns.entity(group) if group else KZ + "allGroups"
    area = ns.entity(str(table.spec["area"]))
    triples: list[tuple[str, str | None, Literal | None]] = [
        (RDF_TYPE, QB + "Observation", None),
        (QB + "dataSet", table.iri, None),
        (KZ + "refArea", area, None),
        (KZ + "ethnicGroup", group_iri, None),
        (KZ + "refPeriod", None, Literal(period, datatype=XSD + "gYear")),
    ]
    if ref_date:
        triples.append((KZ + "refDate", None, Literal(ref_date, datatype=XSD + "date")))
    triples += [(p, None, lit) for p, lit in sorted(measures.items())]
    return [Fact(s=obs, p=p, o=o, value=v, quote=quote, method="tableParser") for p, o, v in triples]


def _decimal(value: str) -> Literal:
    return Literal(value, datatype=XSD + "decimal")


def _integer(value: str) -> Literal:
    return Literal(str(int(value)), datatype=XSD + "integer")


def parse_shares_by_period(table: Table, resolve: GroupResolver) -> Parsed:
    """Rows ``Group<TAB>share%<TAB>…`` under a header of periods; ``-`` and empty cells mean no figure."""
    text = table.source.text
    full_header = text[text.find(table.header) :].split("\n", 1)[0].split("\t")
    periods = [_period(c) for c in full_header[1:]]
    facts: list[Fact] = []
    for row in _rows(table):
        label, values = row.cells[0].strip(), row.cells[1:]
        if not any(v.strip() for v in values):
            continue  # a row with no figures (e.g. "others (Chechens, Kyrgyzs etc.)")
        quote = _row_quote(table, row)
        if label.lower().startswith("total population"):
            group, measure, conv = None, KZ + "populationCount", _integer
        elif label.lower() == "total":
            group, measure, conv = None, KZ + "populationShare", _decimal
        else:
            group, measure, conv = resolve(label, quote.where), KZ + "populationShare", _decimal
        for (year, ref_date), cell in zip(periods, values, strict=False):
            cell = cell.strip()
            if not cell or cell == "-":
                continue
            m = re.fullmatch(r"([\d.,]+)\s*%?\s*(?:\(([\d,]+) person\))?", cell)
            if not m:
                raise SourceError(f"{quote.where}: cannot read cell '{cell}'")
            measures = {measure: conv(_number(m[1]))}
            if m[2]:
                measures[KZ + "populationCount"] = _integer(_number(m[2]))
            facts += _observation(table, quote, group, year, ref_date, measures)
    return Parsed([], facts, [table])


def parse_counts_and_shares(table: Table, resolve: GroupResolver) -> Parsed:
    """Rows ``Group<TAB>count<TAB>share %<TAB>count<TAB>share %…`` for the periods listed in the spec."""
    periods = [str(p) for p in table.spec["periods"]]
    facts: list[Fact] = []
    for row in _rows(table):
        label = row.cells[0].strip()
        values = [c.strip() for c in row.cells[1:]]
        quote = _row_quote(table, row)
        if not label:
            values = [v for v in values if v]  # the shifted total row: align by content
            group = None
        else:
            group = resolve(label, quote.where)
        for i, period in enumerate(periods):
            measures: dict[str, Literal] = {}
            pair = values[2 * i : 2 * i + 2]
            for cell in pair:
                if cell.endswith("%"):
                    measures[KZ + "populationShare"] = _decimal(_number(cell))
                elif cell:
                    measures[KZ + "populationCount"] = _integer(_number(cell))
            if measures:
                facts += _observation(table, quote, group, period, None, measures)
    return Parsed([], facts, [table])


def parse_inline_shares(table: Table, resolve: GroupResolver) -> Parsed:
    """A parenthesised list in prose: ``(the Kazakhs-63,07%, the Russians-23,70%, … others-4,51%; …)``."""
    text = table.source.text
    start = text.find(table.header)
    if start == -1:
        raise SourceError(f"{table.where}: passage not found in source '{table.source.key}'")
    end = text.find(")", start)
    facts: list[Fact] = []
    period = str(table.spec["periods"][0])
    for m in re.finditer(r"the (\w+)-(\d+[.,]\d+)%", text[start:end]):
        a, b = start + m.start(), start + m.end()
        quote = Quote(source=table.source.key, text=text[a:b], where=f"{table.where} ({m[0]})")
        group = resolve(m[1], quote.where)
        facts += _observation(table, quote, group, period, None, {KZ + "populationShare": _decimal(_number(m[2]))})
    return Parsed([], facts, [table])


SESSION_RE = re.compile(r"^Session (\d+)(?:,\s*(.+))?$")
THEME_RE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$", re.DOTALL)


def parse_sessions(table: Table, resolve: GroupResolver) -> Parsed:
    """Rows ``Session N[, alias]<TAB>YYYY.M[.D]<TAB>Russian theme (English theme)``."""
    del resolve
    body = ns.entity(str(table.spec["body"]))
    entities: list[Entity] = []
    facts: list[Fact] = []
    for row in _rows(table):
        quote = _row_quote(table, row)
        m = SESSION_RE.match(row.cells[0].strip())
        if not m or len(row.cells) != 3:
            raise SourceError(f"{quote.where}: not a session row")
        number = int(m[1])
        sid = f"apk-session-{number}"
        alt = {"en": [m[2].strip()]} if m[2] else {}
        label = f"Session {number} of the Assembly of People of Kazakhstan"
        entities.append(Entity(sid, KZ + "AssemblySession", {"en": label}, alt, [quote], quote.where))
        parts = row.cells[1].strip().split(".")
        date = "-".join([parts[0]] + [f"{int(x):02d}" for x in parts[1:]])
        kind = {1: "gYear", 2: "gYearMonth", 3: "date"}[len(parts)]
        theme = THEME_RE.match(row.cells[2].strip())
        if not theme:
            raise SourceError(f"{quote.where}: theme is not 'Russian (English)'")
        entity = ns.entity(sid)
        values = [
            (KZ + "sessionNumber", None, Literal(str(number), datatype=XSD + "integer")),
            (KZ + "date", None, Literal(date, datatype=XSD + kind)),
            (KZ + "theme", None, Literal(theme[1].strip(), lang="ru")),
            (KZ + "theme", None, Literal(theme[2].strip(), lang="en")),
            (KZ + "sessionOf", body, None),
            (KZ + "sourceOrder", None, Literal(str(len(entities)), datatype=XSD + "integer")),
        ]
        facts += [Fact(s=entity, p=p, o=o, value=v, quote=quote, method="tableParser") for p, o, v in values]
    return Parsed(entities, facts, [table])


PARSERS: dict[str, Callable[[Table, GroupResolver], Parsed]] = {
    "sessions": parse_sessions,
    "shares-by-period": parse_shares_by_period,
    "counts-and-shares": parse_counts_and_shares,
    "inline-shares": parse_inline_shares,
}


def load(path: Path, sources: dict[str, Source], resolve: GroupResolver) -> Parsed:
    """Parse every table listed in ``path``."""
    spec = yamlfile.load(path) if path.exists() else []
    out = Parsed([], [], [])
    root = path.parent.parent
    for item in spec or []:
        where = f"{path.relative_to(root)}:{item.get(yamlfile.LINE, '?')}"
        for key in ("id", "source", "parser", "header"):
            if key not in item:
                raise SourceError(f"{where}: table needs '{key}'")
        if item["source"] not in sources:
            raise SourceError(f"{where}: unknown source '{item['source']}'")
        if item["parser"] not in PARSERS:
            raise SourceError(f"{where}: unknown parser '{item['parser']}' (one of {', '.join(PARSERS)})")
        table = Table(str(item["id"]), sources[item["source"]], item["parser"], item["header"], where, item)
        parsed = PARSERS[table.parser](table, resolve)
        out.entities += parsed.entities
        out.facts += parsed.facts
        out.datasets += parsed.datasets
    return out
