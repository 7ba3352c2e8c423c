"""Finding where claims disagree: incompatible values of a single-valued property for one subject, census
observations that give different figures for the same area, group and period, and dates that disagree across
properties (a document's adoption date against the date of the session it was adopted at)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from kzgraph.pipeline.graphbuild import ClaimRecord
from kzgraph.pipeline.ontology import RDF_TYPE, Ontology
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.terms import AnyTerm, nn, value

KZ = ns.KZ
QB = ns.PREFIXES["qb"]
DATES = {ns.PREFIXES["xsd"] + k for k in ("date", "gYear", "gYearMonth")}


def compatible(a: AnyTerm, b: AnyTerm) -> bool:
    """Same value; or dates where one is the other at a coarser precision (2000 and 2000-12); or equal numbers."""
    if a == b:
        return True
    if isinstance(a, ox.Literal) and isinstance(b, ox.Literal):
        if a.datatype.value in DATES and b.datatype.value in DATES:
            x, y = sorted((a.value, b.value), key=len)
            return y.startswith(x)
        try:
            return Decimal(a.value) == Decimal(b.value)
        except InvalidOperation:
            return False
    return False


def _groups(claims: list[ClaimRecord], onto: Ontology) -> list[tuple[str, str, list[ClaimRecord], dict[str, str]]]:
    by_key: dict[tuple[str, str], list[ClaimRecord]] = defaultdict(list)
    for c in claims:
        p = c.triple.predicate.value
        if p in onto.functional:
            by_key[(value(c.triple.subject), p)].append(c)
    out: list[tuple[str, str, list[ClaimRecord], dict[str, str]]] = [
        (s, p, group, {}) for (s, p), group in sorted(by_key.items())
    ]

    # Observations: the same (dataset-independent) key across tables or passages.
    dims: dict[str, dict[str, str]] = defaultdict(dict)
    measures: dict[str, list[ClaimRecord]] = defaultdict(list)
    for c in claims:
        p = c.triple.predicate.value
        s = value(c.triple.subject)
        if p in (KZ + "refArea", KZ + "ethnicGroup", KZ + "refPeriod"):
            dims[s][p] = value(c.triple.object)
        elif p in (KZ + "populationShare", KZ + "populationCount"):
            measures[s].append(c)
    by_cell: dict[tuple[str, str, str, str], list[ClaimRecord]] = defaultdict(list)
    for obs, cs in measures.items():
        d = dims[obs]
        for c in cs:
            key = (
                d.get(KZ + "refArea", ""),
                d.get(KZ + "ethnicGroup", ""),
                d.get(KZ + "refPeriod", ""),
                c.triple.predicate.value,
            )
            by_cell[key].append(c)
    for (area, group, period, measure), cs in sorted(by_cell.items()):
        if len({value(c.triple.subject) for c in cs}) > 1:
            out.append((group, measure, cs, {KZ + "refArea": area, KZ + "refPeriod": period}))
    return out


# A date of the subject that must agree with the date of the event it happened at: (date property, link to the event).
ACROSS = ((KZ + "adoptionDate", KZ + "adoptedAt"),)


def _finest(dated: list[ClaimRecord]) -> list[ClaimRecord]:
    """The claims whose date no other claim refines (``2010`` is dropped beside ``2010-10-20``)."""
    texts = [value(c.triple.object) for c in dated]
    return [c for c, t in zip(dated, texts, strict=True) if not any(len(u) > len(t) and u.startswith(t) for u in texts)]


def across(claims: list[ClaimRecord]) -> list[tuple[str, str, list[ClaimRecord], list[tuple[str, str]]]]:
    """Dates that disagree across properties: a document adopted in 2010-05 ``kz:adoptedAt`` sessions dated 2009-10
    and 2010-10-20. Each: subject, property, the claims involved and the pairs (date claim, event-date claim) that
    disagree."""
    by: dict[tuple[str, str], list[ClaimRecord]] = defaultdict(list)
    for c in claims:
        by[(value(c.triple.subject), c.triple.predicate.value)].append(c)
    out = []
    for date_prop, link in ACROSS:
        for (subject, p), dated in sorted(by.items()):
            if p != date_prop:
                continue
            events = sorted({value(c.triple.object) for c in by.get((subject, link), [])})
            # Each event's most precise dates: session 16 is "2010" in Lee's text and 2010-10-20 in his table.
            event_dates = [d for e in events for d in _finest(by.get((e, KZ + "date"), []))]
            # A stated date that agrees with none of the events' dates (Lee's "2010" agrees with session 16's
            # 2010-10-20; Ualtayeva's "May 2010" with neither 2009-10 nor 2010-10-20).
            odd = [a for a in dated if not any(compatible(a.triple.object, d.triple.object) for d in event_dates)]
            if not event_dates or not odd:
                continue
            pairs = sorted((a.iri, d.iri) for a in odd for d in event_dates)
            out.append((subject, date_prop, odd + event_dates, pairs))
    return out


def find(claims: list[ClaimRecord], onto: Ontology, labels: dict[str, str]) -> list[ox.Quad]:
    """Quads (in the conflicts graph) describing every disagreement among ``claims``."""
    g = nn(ns.GRAPHS["conflicts"])
    quads: list[ox.Quad] = []
    for subject, prop, group, extra in _groups(claims, onto):
        conflicting = {
            c.iri: c for c in group for d in group if c is not d and not compatible(c.triple.object, d.triple.object)
        }
        if not conflicting:
            continue
        d = nn(ns.ID + "disagreement/" + ns.digest(subject, prop, *sorted(extra.values())))
        what = ns.compact(prop).split(":", 1)[1]
        about = labels.get(subject, ns.compact(subject))
        when = f" ({extra[KZ + 'refPeriod']})" if extra else ""
        quads += [
            ox.Quad(d, nn(RDF_TYPE), nn(KZ + "Disagreement"), g),
            ox.Quad(d, nn(KZ + "disputedSubject"), nn(subject), g),
            ox.Quad(d, nn(KZ + "disputedProperty"), nn(prop), g),
            ox.Quad(d, nn(ns.PREFIXES["rdfs"] + "label"), ox.Literal(f"{what} of {about}{when}", language="en"), g),
        ]
        for p, v in sorted(extra.items()):
            term = ox.Literal(v, datatype=nn(ns.PREFIXES["xsd"] + "gYear")) if p == KZ + "refPeriod" else nn(v)
            quads.append(ox.Quad(d, nn(p), term, g))
        for iri in sorted(conflicting):
            quads.append(ox.Quad(d, nn(KZ + "conflictingClaim"), nn(iri), g))
        for a in sorted(conflicting):
            for b in sorted(conflicting):
                if a != b and not compatible(conflicting[a].triple.object, conflicting[b].triple.object):
                    quads.append(ox.Quad(nn(a), nn(KZ + "conflictsWith"), nn(b), g))
    for subject, prop, involved, pairs in across(claims):
        d = nn(ns.ID + "disagreement/" + ns.digest(subject, prop, "across"))
        what = ns.compact(prop).split(":", 1)[1]
        label = f"{what} of {labels.get(subject, ns.compact(subject))} against the date of the event it was adopted at"
        quads += [
            ox.Quad(d, nn(RDF_TYPE), nn(KZ + "Disagreement"), g),
            ox.Quad(d, nn(KZ + "disputedSubject"), nn(subject), g),
            ox.Quad(d, nn(KZ + "disputedProperty"), nn(prop), g),
            ox.Quad(d, nn(ns.PREFIXES["rdfs"] + "label"), ox.Literal(label, language="en"), g),
        ]
        quads += [ox.Quad(d, nn(KZ + "conflictingClaim"), nn(i), g) for i in sorted({c.iri for c in involved})]
        for a, b in pairs:
            quads += [
                ox.Quad(nn(a), nn(KZ + "conflictsWith"), nn(b), g),
                ox.Quad(nn(b), nn(KZ + "conflictsWith"), nn(a), g),
            ]
    return quads
