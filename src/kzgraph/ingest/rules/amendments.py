"""Amendments named by their year (English): ``The 2007 amendment to the Constitution of Kazakhstan modified
…, on May 18, 2007``, ``the 2022 amendments to the Law on the Assembly``.

``<year> amendment(s)/revision to/of <known document>`` names an act of its own: it is proposed as a new legal
act under that name (``2007 amendment to the Constitution of Kazakhstan``, kz:LegalAct) with ``kz:amends`` the
document (rule ``amendment-named``), and with ``kz:adoptionDate`` a date of the same sentence that is finer
than a year and falls in the named year (rule ``amendment-named-date``) — a date of another year belongs to
something else."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.candidates import slug
from kzgraph.ingest.rules.base import DOCUMENT, Context
from kzgraph.ingest.statement import Proposal, Statement

KEYS = ("amendment", "revision")
NAMED = re.compile(
    r"(?<![\w-])(?P<year>(?:19|20)\d\d)\s+(?P<head>(?:constitutional\s+)?(?:amendments?|revision))\s+(?:to|of)\s+"
    r"(?:the\s+)?",
    re.IGNORECASE,
)


def amendments(ctx: Context) -> Iterator[Statement]:
    for m in NAMED.finditer(ctx.text):
        doc = next((x for x in ctx.mentions if x.start == m.end() and ctx.kinds_for[x.entity] & DOCUMENT), None)
        if doc is None:
            continue
        label = ctx.text[m.start() : doc.end]
        proposal = Proposal(slug(label), label, "LegalAct", ctx.language)
        yield Statement(
            proposal.entity,
            "amends",
            "amendment-named",
            0.75,
            *ctx.span,
            object=doc.entity,
            new_subject=proposal,
        )
        year = m["year"]
        dated = [
            d
            for d in ctx.dates
            if d.role == "point"
            and len(d.value) > 4
            and d.value.startswith(year)
            and not m.start() <= d.start < doc.end
        ]
        if len(dated) == 1:
            d = dated[0]
            yield Statement(
                proposal.entity,
                "adoptionDate",
                "amendment-named-date",
                0.7,
                *ctx.span,
                value=d.value,
                datatype=d.datatype,
                new_subject=proposal,
            )
