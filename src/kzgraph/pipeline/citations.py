"""Which facts rest on which cited work: CiTO links from claims to the works the papers cite.

A work a paper cites is an entity of class ``kz:CitedWork`` (``data/entities/citations.yaml``) whose evidence quotes
are its in-text citations, e.g. ``(Чеботарев, 2009: 59-67)``. A claim rests on the work when one of its quotes lies
in a sentence that carries such a citation: the build then adds ``<claim> cito:citesAsEvidence <work>`` and
``<paper> cito:cites <work>`` to the provenance graph. Sentences are cut at a full stop, question or exclamation mark
followed by white space, except after a single capital (``N.A. Nazarbayev``) or inside parentheses (so that a
citation such as ``(15.04.2019), http://www.akorda.kz/...`` stays in its sentence; a parenthesis left open for
more than :data:`LONGEST_PARENTHESIS` characters is taken as never closed, and ``).`` ends a sentence whatever is
still open).
"""

from __future__ import annotations

import bisect
from functools import cache

import pyoxigraph as ox

from kzgraph.pipeline.corpus import Source
from kzgraph.pipeline.graphbuild import ClaimRecord
from kzgraph.pipeline.ontology import RDF_TYPE
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.terms import nn, value

CITO = ns.PREFIXES["cito"]
WORK = ns.KZ + "CitedWork"
LONGEST_PARENTHESIS = 400  # characters; the longest closed one in the corpus is a citation with two URLs


def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence's end mark in ``text``.

    >>> sentence_ends("N.A. Nazarbayev said so (p. 3). Then (15.04.2019), http://a.kz/x. End")
    [31, 65]
    """
    out: list[int] = []
    depth, opened = 0, 0
    for i, ch in enumerate(text):
        if depth and i - opened > LONGEST_PARENTHESIS:
            depth = 0  # a parenthesis the source never closes ("(Absattarov, history and ...")
        if ch == "(":
            depth, opened = depth + 1, i if not depth else opened
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "." and i and text[i - 1] == ")" and i + 1 < len(text) and text[i + 1].isspace():
            depth = 0  # ")." ends a sentence even when the citation left a parenthesis open ("(2015, Report(…), (…)).")
            out.append(i + 1)
        elif ch in ".!?" and depth == 0 and i + 1 < len(text) and text[i + 1].isspace():
            single_capital = i >= 1 and text[i - 1].isupper() and (i < 2 or not text[i - 2].isalpha())
            if not single_capital:
                out.append(i + 1)
    return out


def sentence(text: str, ends: list[int], start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence that holds the span ``start``–``end`` (a span that ends a sentence included)."""
    i = bisect.bisect_right(ends, start)
    first = ends[i - 1] if i else 0
    j = bisect.bisect_left(ends, end)
    last = ends[j] if j < len(ends) else len(text)
    return first, last


def quads(claims: list[ClaimRecord], sources: dict[str, Source]) -> list[ox.Quad]:
    """``cito:citesAsEvidence`` from each claim to the works cited in its sentences; ``cito:cites`` from each paper."""
    g = nn(ns.GRAPHS["provenance"])

    @cache
    def ends(key: str) -> list[int]:
        return sentence_ends(sources[key].text)

    cited: dict[str, list[tuple[int, int, str]]] = {}
    for c in claims:
        if c.triple.predicate.value == RDF_TYPE and value(c.triple.object) == WORK:
            for span, _quote in c.spans.values():
                text = sources[c.source].text
                first, last = sentence(text, ends(c.source), span.start, span.end)
                cited.setdefault(c.source, []).append((first, last, value(c.triple.subject)))
    out: set[ox.Quad] = set()
    for key, found in cited.items():
        out.update(ox.Quad(nn(ns.source(key)), nn(CITO + "cites"), nn(work), g) for _f, _l, work in found)
    works = {work for found in cited.values() for _f, _l, work in found}
    for c in claims:
        if value(c.triple.subject) in works:
            continue  # a work's own facts (its citation markers, its date) do not rest on it
        for span, _quote in c.spans.values():
            for first, last, work in cited.get(c.source, []):
                if first <= span.start and span.end <= last:
                    out.add(ox.Quad(nn(c.iri), nn(CITO + "citesAsEvidence"), nn(work), g))
    return sorted(out, key=str)
