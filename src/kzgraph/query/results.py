"""The answer to a SPARQL query, whatever the backend: :class:`QueryResult`.

A result has a ``kind``: ``"select"`` (variables and rows), ``"ask"`` (one boolean) or ``"graph"`` (the triples of a
CONSTRUCT or DESCRIBE). Rows hold pyoxigraph terms (``terms``) and, derived from them, plain Python values (``rows``):
``int``, ``float``, ``Decimal``, ``bool``, ``datetime.date``/``datetime``, :class:`~kzgraph.query.values.PartialDate`
(``xsd:gYear``, ``xsd:gYearMonth``: a date that keeps its precision), ``str`` (IRIs and literals), ``None`` where a
variable is unbound.

A result is a sequence of typed :class:`Row` s (``result[0]``, ``result[-3:]``, ``len(result)``, ``for row in
result``); a row is a tuple that also answers by column name (``row["theme"]``, ``row.theme``). ``to_pandas()``
gives a DataFrame with typed columns (the ``analysis`` extra), and a graph result (CONSTRUCT, DESCRIBE) also
``to_networkx()`` and ``to_rdflib()``:

>>> from kzgraph import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> sessions = kg.query("apk-sessions")
>>> first = sessions[0]
>>> first.number, first["date"], first.date.precision
(1, PartialDate(year=1995, month=3, day=None), 'month')
>>> sessions[-1].date
datetime.date(2018, 4, 28)
>>> len(sessions[:3]), type(sessions[:3]).__name__
(3, 'QueryResult')
>>> df = sessions.to_pandas()
>>> str(df["number"].dtype), df.loc[0, "date"]
('Int64', PartialDate(year=1995, month=3, day=None))
>>> g = kg.query("CONSTRUCT { ?b org:subOrganizationOf kzid:apk } WHERE { ?b org:subOrganizationOf kzid:apk }")
>>> g.to_networkx().has_edge("https://w3id.org/kzgraph/id/apk-secretariat", "https://w3id.org/kzgraph/id/apk")
True
>>> len(g.to_rdflib()) == len(g)
True

Serialisations follow the W3C SPARQL 1.1 results formats (CSV, TSV, JSON, XML) for SELECT/ASK and RDF (Turtle,
N-Triples, JSON-LD) for graph results. Backends build results with :meth:`QueryResult.from_solutions`,
:meth:`QueryResult.from_boolean`, :meth:`QueryResult.from_triples` or :meth:`QueryResult.parse` (for bytes a server
answered in one of the standard formats).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Self

import pyoxigraph as ox

from kzgraph.query.values import PartialDate
from kzgraph.rdf.formats import RDF_FORMATS, RESULTS_FORMATS

Kind = Literal["select", "ask", "graph"]
XSD = "http://www.w3.org/2001/XMLSchema#"

SOLUTION_FORMATS = tuple(RESULTS_FORMATS)
GRAPH_FORMATS = tuple(RDF_FORMATS)
_INTEGERS = {
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
}  # fmt: skip


def to_python(term: Any) -> Any:
    """The plain Python value of one pyoxigraph term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value
        text = term.value
        if not dtype.startswith(XSD):
            return text
        local = dtype[len(XSD) :]
        try:
            if local in _INTEGERS:
                return int(text)
            if local == "decimal":
                return Decimal(text)
            if local in ("double", "float"):
                return float(text)
            if local == "boolean":
                return text in ("true", "1")
            if local == "date":
                return dt.date.fromisoformat(text)
            if local == "dateTime":
                return dt.datetime.fromisoformat(text)  # Python 3.11 reads a trailing Z
            if local in ("gYear", "gYearMonth"):
                return PartialDate.parse(text)
        except (ValueError, InvalidOperation):
            return text
        return text
    if isinstance(term, ox.Triple):
        return (to_python(term.subject), to_python(term.predicate), to_python(term.object))
    return str(term)


class Row(tuple[Any, ...]):
    """One row of a result: a tuple of typed values that also answers by column name (``row["date"]``,
    ``row.date``; a column named like a tuple method, ``count`` or ``index``, only as ``row["count"]``)."""

    _columns: tuple[str, ...] = ()

    def __new__(cls, values: Any, columns: tuple[str, ...]) -> Self:
        row = super().__new__(cls, values)
        row._columns = columns
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return super().__getitem__(self._columns.index(key))
            except ValueError:
                raise KeyError(f"no column {key!r}; the columns are {', '.join(self._columns)}") from None
        return super().__getitem__(key)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in self._columns:
            raise AttributeError(name)
        return self[name]

    def __getnewargs__(self) -> tuple[Any, ...]:
        return (tuple(self), self._columns)

    def keys(self) -> tuple[str, ...]:
        return self._columns

    def asdict(self) -> dict[str, Any]:
        return dict(zip(self._columns, self, strict=True))

    def __repr__(self) -> str:
        return "Row(" + ", ".join(f"{c}={v!r}" for c, v in zip(self._columns, self, strict=True)) + ")"


def display(term: Any) -> str:
    """A short human-readable rendering of a term for tables (IRIs compacted with kzgraph's prefixes)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        from kzgraph.rdf.namespaces import compact

        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


@dataclass
class QueryResult:
    """The answer to one query. ``terms`` are pyoxigraph terms; ``rows`` the same values as Python objects."""

    kind: Kind
    variables: list[str] = field(default_factory=list)
    terms: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list, compare=False)  # e.g. a SERVICE SILENT that failed

    # --- construction ---------------------------------------------------------------------------------------

    @classmethod
    def from_solutions(cls, variables: Iterable[str], rows: Iterable[Iterable[Any]]) -> QueryResult:
        return cls("select", variables=list(variables), terms=[tuple(r) for r in rows])

    @classmethod
    def from_boolean(cls, value: bool) -> QueryResult:
        return cls("ask", boolean=bool(value))

    @classmethod
    def from_triples(cls, triples: Iterable[ox.Triple]) -> QueryResult:
        return cls("graph", triples=list(triples))

    @classmethod
    def from_oxigraph(cls, answer: Any) -> QueryResult:
        """Materialise what ``pyoxigraph.Store.query`` returned."""
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            return cls.from_solutions(variables, (tuple(s[v] for v in variables) for s in answer))
        if isinstance(answer, ox.QueryBoolean):
            return cls.from_boolean(bool(answer))
        return cls.from_triples(answer)

    @classmethod
    def parse(cls, data: bytes, fmt: str) -> QueryResult:
        """Read a result serialised in a SPARQL results format (csv excepted: it loses types) or an RDF format."""
        if fmt in RESULTS_FORMATS:
            return cls.from_oxigraph(ox.parse_query_results(data, format=RESULTS_FORMATS[fmt].results))
        if fmt in RDF_FORMATS:
            quads = ox.parse(data, format=RDF_FORMATS[fmt].rdf)
            return cls.from_triples(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        raise ValueError(f"unknown result format {fmt!r}")

    def with_dates(self, columns: Iterable[str]) -> QueryResult:
        """This result with the plain-string dates of ``columns`` (``1995``, ``1995-03``, ``1995-03-01``) typed as
        ``xsd:gYear``, ``xsd:gYearMonth``, ``xsd:date``; other values, and other columns, as they are."""
        at = [i for i, v in enumerate(self.variables) if v in set(columns)] if self.kind == "select" else []
        if not at:
            return self
        terms = [tuple(_typed_date(t) if i in at else t for i, t in enumerate(row)) for row in self.terms]
        return QueryResult("select", variables=list(self.variables), terms=terms, warnings=list(self.warnings))

    # --- access ---------------------------------------------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        """Rows as Python values (SELECT); for ASK one row holding the boolean; for graphs (s, p, o) rows."""
        columns = tuple(self.columns)
        if self.kind == "select":
            return [Row((to_python(t) for t in row), columns) for row in self.terms]
        if self.kind == "ask":
            return [Row((self.boolean,), columns)]
        return [Row((to_python(t.subject), to_python(t.predicate), to_python(t.object)), columns) for t in self.triples]

    def __getitem__(self, index: int | slice) -> Any:
        """``result[i]``: one typed :class:`Row`; ``result[i:j]``: a result holding those rows (or triples)."""
        if isinstance(index, slice):
            if self.kind == "select":
                return QueryResult("select", variables=list(self.variables), terms=self.terms[index])
            if self.kind == "graph":
                return QueryResult("graph", triples=self.triples[index])
            return QueryResult("ask", boolean=self.boolean) if range(1)[index] else QueryResult("select", ["boolean"])
        if not isinstance(index, int):
            raise TypeError(f"a result is indexed by row number or slice, not {type(index).__name__}")
        columns = tuple(self.columns)
        row = self._term_rows()[index]
        return Row((to_python(t) for t in row), columns)

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]

    def column(self, name: str) -> list[Any]:
        i = self.columns.index(name)
        return [r[i] for r in self.rows]

    @property
    def columns(self) -> list[str]:
        if self.kind == "select":
            return list(self.variables)
        if self.kind == "ask":
            return ["boolean"]
        return ["subject", "predicate", "object"]

    def term_rows(self) -> list[tuple[Any, ...]]:
        """Rows as pyoxigraph terms, whatever the kind (ASK: one boolean literal; graphs: s, p, o)."""
        return self._term_rows()

    def _term_rows(self) -> list[tuple[Any, ...]]:
        if self.kind == "select":
            return self.terms
        if self.kind == "ask":
            return [(ox.Literal(str(self.boolean).lower(), datatype=ox.NamedNode(XSD + "boolean")),)]
        return [(t.subject, t.predicate, t.object) for t in self.triples]

    def __len__(self) -> int:
        return len(self._term_rows())

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __bool__(self) -> bool:
        return bool(self.boolean) if self.kind == "ask" else len(self) > 0

    # --- human output ---------------------------------------------------------------------------------------

    def to_table(self, *, max_width: int = 60) -> str:
        """An aligned plain-text table (values longer than ``max_width`` are shortened with …)."""
        header = self.columns
        body = [[_clip(display(t), max_width) for t in row] for row in self._term_rows()]
        widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
        noun = "triple" if self.kind == "graph" else "row"
        lines.append(f"({len(body)} {noun}{'' if len(body) == 1 else 's'})")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_table()

    def _repr_html_(self) -> str:
        """An HTML table for Jupyter; every value is HTML-escaped."""
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(display(t))}</td>" for t in row) + "</tr>" for row in self._term_rows()
        )
        return f'<table class="kzgraph-result"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    # --- analysis ---------------------------------------------------------------------------------------------

    def to_pandas(self) -> Any:
        """A pandas DataFrame with typed columns (see :func:`kzgraph.query.analysis.to_pandas`); needs the
        ``analysis`` extra."""
        from kzgraph.query.analysis import to_pandas

        return to_pandas(self)

    def to_networkx(self) -> Any:
        """The triples of a graph result as a ``networkx.MultiDiGraph`` (:func:`kzgraph.query.analysis.to_networkx`)."""
        from kzgraph.query.analysis import to_networkx

        return to_networkx(self)

    def to_rdflib(self) -> Any:
        """The triples of a graph result as an ``rdflib.Graph`` (kzgraph's prefixes bound)."""
        from kzgraph.query.analysis import to_rdflib

        return to_rdflib(self)

    # --- standard serialisations ----------------------------------------------------------------------------

    def serialize(self, fmt: str) -> bytes:
        """Serialise in ``fmt``: csv, tsv, json, xml (SELECT/ASK) or an RDF format of
        :data:`kzgraph.rdf.formats.RDF_FORMATS` (CONSTRUCT/DESCRIBE: the distinct triples in the default graph,
        sorted by their N-Triples terms)."""
        if self.kind == "graph":
            if fmt not in GRAPH_FORMATS:
                raise ValueError(f"a graph result is written as {', '.join(GRAPH_FORMATS)}, not {fmt!r}")
            from kzgraph.rdf.formats import write

            distinct = dict.fromkeys(self.triples)
            triples = sorted(distinct, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
            if RDF_FORMATS[fmt].datasets:
                return write([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples],
                             RDF_FORMATS[fmt])  # fmt: skip
            return write(triples, RDF_FORMATS[fmt])
        if fmt not in SOLUTION_FORMATS:
            raise ValueError(f"a {self.kind.upper()} result is written as {', '.join(SOLUTION_FORMATS)}, not {fmt!r}")
        writer = {"csv": self.to_csv, "tsv": self.to_tsv, "json": self.to_json, "xml": self.to_xml}[fmt]
        return writer().encode("utf-8")

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV: plain values, IRIs as IRIs, blank nodes as _:b; CRLF line ends."""
        import csv

        out = io.StringIO()
        w = csv.writer(out, lineterminator="\r\n")
        if self.kind == "ask":
            w.writerow(["boolean"])
            w.writerow([str(self.boolean).lower()])
            return out.getvalue()
        w.writerow(self.variables)
        for row in self.terms:
            w.writerow([_csv_value(t) for t in row])
        return out.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV: terms in Turtle syntax, header of ?variables."""
        if self.kind == "ask":
            return "?boolean\n" + str(self.boolean).lower() + "\n"
        lines = ["\t".join(f"?{v}" for v in self.variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in self.terms]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        if self.kind == "ask":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)}, indent=2)
        bindings = [
            {v: _json_term(t) for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.terms
        ]
        return json.dumps({"head": {"vars": self.variables}, "results": {"bindings": bindings}}, indent=2,
                          ensure_ascii=False)  # fmt: skip

    def to_xml(self) -> str:
        """SPARQL Query Results XML Format (second edition)."""
        out = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        if self.kind == "ask":
            out += ["  <head/>", f"  <boolean>{str(self.boolean).lower()}</boolean>", "</sparql>"]
            return "\n".join(out) + "\n"
        out.append("  <head>")
        out += [f"    <variable name={quoteattr(v)}/>" for v in self.variables]
        out += ["  </head>", "  <results>"]
        for row in self.terms:
            out.append("    <result>")
            for v, t in zip(self.variables, row, strict=True):
                if t is not None:
                    out.append(f"      <binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
            out.append("    </result>")
        out += ["  </results>", "</sparql>"]
        return "\n".join(out) + "\n"


_DATE_TYPES = {4: "gYear", 7: "gYearMonth", 10: "date"}


def _typed_date(term: Any) -> Any:
    """A plain string literal holding an ISO year, year-month or date, as the typed literal; anything else as is."""
    if not isinstance(term, ox.Literal) or term.language or term.datatype.value != XSD + "string":
        return term
    kind = _DATE_TYPES.get(len(term.value))
    if kind is None:
        return term
    try:
        PartialDate.parse(term.value)
    except ValueError:
        return term
    return ox.Literal(term.value, datatype=ox.NamedNode(XSD + kind))


def xml_escape(text: str) -> str:
    """Escape XML text content (xml.sax.saxutils would pull in urllib and http, slowing the CLI's start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An XML attribute value, quoted."""
    return '"' + xml_escape(text).replace('"', "&quot;").replace("\n", "&#10;") + '"'


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _csv_value(t: Any) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.NamedNode | ox.Literal):
        return t.value
    return str(t)


def _json_term(t: Any) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD + "string":
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {k: _json_term(getattr(t, k)) for k in ("subject", "predicate", "object")}}
    raise TypeError(f"cannot serialise {t!r}")


def _xml_term(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{xml_escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{xml_escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{xml_escape(t.value)}</literal>"
        if t.datatype.value != XSD + "string":
            return f"<literal datatype={quoteattr(t.datatype.value)}>{xml_escape(t.value)}</literal>"
        return f"<literal>{xml_escape(t.value)}</literal>"
    raise TypeError(f"cannot serialise {t!r}")
