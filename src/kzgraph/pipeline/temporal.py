"""Typed day bounds for every date the sources give, and OWL-Time intervals for time-qualified memberships.

The sources give dates at their own precision (``1995-03-01``, ``1995-03``, ``2000``), stored as ``xsd:date``,
``xsd:gYearMonth`` and ``xsd:gYear``. SPARQL engines compare those types differently (rdflib and Oxigraph do not
order a gYear against a date), so a typed FILTER over mixed precisions returns nothing. For each temporal
property of a subject the build therefore adds, in the ``inferred`` graph, the first and last day its value can mean,
both ``xsd:date`` — one pair per subject and property (see :func:`narrowest` for values at several precisions):
``kz:startDate "2000"`` gives ``kz:startDateEarliest "2000-01-01"`` and ``kz:startDateLatest "2000-12-31"``.
Comparing these bounds works on every store, and a question "at date X" reads
``?earliest <= X && X <= ?latest``.

A tenure, chairing or membership (``org:Membership``) with a start or an end also gets the W3C pattern
``org:memberDuring`` → ``time:Interval`` → ``time:hasBeginning``/``time:hasEnd`` → ``time:Instant`` with the value
at its precision (``time:inXSDDate``, ``time:inXSDgYearMonth``, ``time:inXSDgYear``).
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kzgraph.errors import SourceError
from kzgraph.pipeline.graphbuild import ClaimRecord
from kzgraph.pipeline.ontology import RDF_TYPE, Ontology
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.daybounds import bounds
from kzgraph.rdf.terms import nn

XSD, TIME, ORG, KZ = ns.PREFIXES["xsd"], ns.PREFIXES["time"], ns.PREFIXES["org"], ns.KZ
IN_XSD = {"date": "inXSDDate", "gYearMonth": "inXSDgYearMonth", "gYear": "inXSDgYear"}


def bound_properties(onto: Ontology, prop: str) -> tuple[str, str]:
    """``kz:fooEarliest`` and ``kz:fooLatest`` for the temporal property ``kz:foo``; both must be in the ontology."""
    pair = (prop + "Earliest", prop + "Latest")
    missing = [p for p in pair if p not in onto.datatype_properties]
    if missing:
        raise SourceError(f"ontology/kzgraph.ttl: the temporal property <{prop}> needs the bound <{missing[0]}>")
    return pair


def narrowest(spans: set[tuple[str, str]]) -> tuple[str, str]:
    """The days every value allows, when the values agree (``2000`` and ``2000-12`` give December 2000); when they
    disagree (``2000`` and ``2002-11``), the days from the first any of them allows to the last: one pair per subject
    and property either way, so that a query never has to match bounds to values (the disagreement itself is in the
    conflicts graph).

    >>> narrowest({("2000-01-01", "2000-12-31"), ("2000-12-01", "2000-12-31")})
    ('2000-12-01', '2000-12-31')
    >>> narrowest({("2000-01-01", "2000-12-31"), ("2002-11-01", "2002-11-30")})
    ('2000-01-01', '2002-11-30')
    """
    first, last = max(a for a, _ in spans), min(b for _, b in spans)
    if first <= last:
        return first, last
    return min(a for a, _ in spans), max(b for _, b in spans)


def _day(text: str) -> ox.Literal:
    return ox.Literal(text, datatype=nn(XSD + "date"))


def quads(claims: list[ClaimRecord], onto: Ontology) -> list[ox.Quad]:
    """The bounds of every temporal value among ``claims`` and the intervals of memberships, in ``inferred``."""
    g = nn(ns.GRAPHS["inferred"])
    out: set[ox.Quad] = set()
    memberships = {
        c.triple.subject
        for c in claims
        if c.triple.predicate.value == RDF_TYPE
        and isinstance(c.triple.object, ox.NamedNode)
        and ORG + "Membership" in onto.superclasses(c.triple.object.value) | {c.triple.object.value}
    }
    spans: dict[tuple[ox.NamedNode, str], set[tuple[str, str]]] = defaultdict(set)
    for c in claims:
        p, o, s = c.triple.predicate.value, c.triple.object, c.triple.subject
        if not (onto.is_temporal(p) and isinstance(o, ox.Literal) and isinstance(s, ox.NamedNode)):
            continue
        span = bounds(o)
        if span is None:
            raise SourceError(f"{min(c.records)}: {ns.compact(p)} needs a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        spans[(s, p)].add(span)
        if s in memberships and p in (KZ + "startDate", KZ + "endDate"):
            out.update(_interval(s, p == KZ + "startDate", o, g))
    for (s, p), found in spans.items():
        earliest, latest = bound_properties(onto, p)
        first, last = narrowest(found)
        out.add(ox.Quad(s, nn(earliest), _day(first), g))
        out.add(ox.Quad(s, nn(latest), _day(last), g))
    return sorted(out, key=str)


def _interval(member: ox.NamedNode, start: bool, value: ox.Literal, g: ox.NamedNode) -> list[ox.Quad]:
    interval = nn(member.value + "/interval")
    instant = nn(member.value + ("/interval/beginning" if start else "/interval/end"))
    kind = value.datatype.value[len(XSD) :]
    return [
        ox.Quad(member, nn(ORG + "memberDuring"), interval, g),
        ox.Quad(interval, nn(RDF_TYPE), nn(TIME + "Interval"), g),
        ox.Quad(interval, nn(TIME + ("hasBeginning" if start else "hasEnd")), instant, g),
        ox.Quad(instant, nn(RDF_TYPE), nn(TIME + "Instant"), g),
        ox.Quad(instant, nn(TIME + IN_XSD[kind]), value, g),
    ]
