"""The first and last day a date can mean at its precision (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``): the
build's day bounds (pipeline/temporal.py) and ingest's, for nodes it mints, come from here."""

from __future__ import annotations

import calendar

import pyoxigraph as ox

from kzgraph.rdf import namespaces as ns

XSD = ns.PREFIXES["xsd"]


def bounds(literal: ox.Literal) -> tuple[str, str] | None:
    """The first and last day a date at its precision can mean; None for a literal that is no date.

    >>> bounds(ox.Literal("2000", datatype=ox.NamedNode(XSD + "gYear")))
    ('2000-01-01', '2000-12-31')
    >>> bounds(ox.Literal("2012-02", datatype=ox.NamedNode(XSD + "gYearMonth")))
    ('2012-02-01', '2012-02-29')
    >>> bounds(ox.Literal("1995-03-01", datatype=ox.NamedNode(XSD + "date")))
    ('1995-03-01', '1995-03-01')
    """
    kind = literal.datatype.value[len(XSD) :] if literal.datatype.value.startswith(XSD) else ""
    text = literal.value
    if kind == "date":
        return text, text
    if kind == "gYearMonth":
        year, month = int(text[:4]), int(text[5:7])
        return f"{text}-01", f"{text}-{calendar.monthrange(year, month)[1]:02d}"
    if kind == "gYear":
        return f"{text}-01-01", f"{text}-12-31"
    return None
