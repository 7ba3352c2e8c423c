"""Disagreements and explained non-conflicts that a curator recorded in ``data/disagreements.yaml``.

The automatic check (:mod:`kzgraph.pipeline.conflicts`) sees two values of one single-valued property. Many
differences between the papers are of another kind: two counts of what may be one set, a characterisation against
another, a figure against a share of a total. A curator records each such case once, naming the facts it compares
as they are written in ``data/facts`` or the tables (``s``, ``p``, ``o`` or ``value``, ``source``):

``status: disagreement``
    a ``kz:Disagreement`` in the conflicts graph, listed by ``kzgraph query disagreements`` beside the automatic ones;
``status: explained``
    a ``kz:NonConflict`` whose ``kz:note`` says why the facts do not disagree (``kzgraph query non-conflicts``). An
    automatic disagreement whose claims an explained entry covers is withdrawn: the entry says why it was an artefact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kzgraph import fileio as yamlfile
from kzgraph.errors import SourceError
from kzgraph.pipeline.graphbuild import ClaimRecord
from kzgraph.pipeline.ontology import RDF_TYPE
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.terms import nn, value

KZ = ns.KZ
STATUSES = ("disagreement", "explained")
ENTRY_KEYS = {"id", "status", "subject", "property", "claims", "reason", yamlfile.LINE}
CLAIM_KEYS = {"s", "p", "o", "value", "source", yamlfile.LINE}


@dataclass
class Reviewed:
    id: str
    status: str
    subject: str
    prop: str
    claims: list[ClaimRecord]
    reason: str
    where: str


def _prop(text: str) -> str:
    if text == "a":
        return RDF_TYPE
    return ns.expand(text) if ":" in text else KZ + text


def _matches(c: ClaimRecord, ref: dict[str, object]) -> bool:
    if c.source != str(ref["source"]) or value(c.triple.subject) != ns.entity(str(ref["s"])):
        return False
    if c.triple.predicate.value != _prop(str(ref["p"])):
        return False
    obj = c.triple.object
    if "o" in ref:
        target = str(ref["o"])
        expected = _prop(target) if c.triple.predicate.value == RDF_TYPE else ns.entity(target)
        return isinstance(obj, ox.NamedNode) and obj.value == expected
    return isinstance(obj, ox.Literal) and obj.value == str(ref.get("value"))


def load(path: Path, claims: list[ClaimRecord], *, root: Path) -> list[Reviewed]:
    """The entries of ``path``, each fact resolved to the claim the build made of it (missing file: none)."""
    if not path.exists():
        return []
    data = yamlfile.load(path) or []
    rel = path.relative_to(root) if path.is_relative_to(root) else path
    if not isinstance(data, list):
        raise SourceError(f"{rel}: expected a list of entries")
    by_statement: dict[tuple[str, str, str], list[ClaimRecord]] = {}  # (source, subject, property) -> claims
    for c in claims:
        by_statement.setdefault((c.source, value(c.triple.subject), c.triple.predicate.value), []).append(c)
    out: list[Reviewed] = []
    for item in data:
        where = f"{rel}:{item.get(yamlfile.LINE, '?') if isinstance(item, dict) else '?'}"
        if not isinstance(item, dict) or set(item) - ENTRY_KEYS:
            raise SourceError(f"{where}: an entry takes the keys {', '.join(sorted(ENTRY_KEYS - {yamlfile.LINE}))}")
        if item.get("status") not in STATUSES:
            raise SourceError(f"{where}: status must be one of {', '.join(STATUSES)}")
        refs = item.get("claims")
        if not isinstance(refs, list) or len(refs) < 2:
            raise SourceError(f"{where}: an entry compares at least two facts ('claims')")
        found: list[ClaimRecord] = []
        for ref in refs:
            ref_where = f"{rel}:{ref.get(yamlfile.LINE, '?') if isinstance(ref, dict) else '?'}"
            if not isinstance(ref, dict) or set(ref) - CLAIM_KEYS or not {"s", "p", "source"} <= set(ref):
                raise SourceError(f"{ref_where}: a fact is named by s, p, o or value, and source")
            statement = (str(ref["source"]), ns.entity(str(ref["s"])), _prop(str(ref["p"])))
            hits = [c for c in by_statement.get(statement, []) if _matches(c, ref)]
            if not hits:
                raise SourceError(
                    f"{ref_where}: no fact ({ref['s']}, {ref['p']}) with that object in '{ref['source']}'"
                )
            found += hits
        for key in ("id", "subject", "property", "reason"):
            if not item.get(key):
                raise SourceError(f"{where}: entry needs '{key}'")
        out.append(
            Reviewed(
                str(item["id"]), str(item["status"]), str(item["subject"]), _prop(str(item["property"])),
                found, str(item["reason"]).strip(), where,
            )
        )  # fmt: skip
    return out


def quads(entries: list[Reviewed], labels: dict[str, str]) -> list[ox.Quad]:
    """The conflicts-graph description of every entry."""
    g = nn(ns.GRAPHS["conflicts"])
    out: list[ox.Quad] = []
    for e in entries:
        node = nn(ns.ID + ("disagreement/" if e.status == "disagreement" else "non-conflict/") + e.id)
        subject = ns.entity(e.subject)
        what = ns.compact(e.prop).split(":", 1)[1]
        about = labels.get(subject, e.subject)
        cls, link = (
            ("Disagreement", "conflictingClaim") if e.status == "disagreement" else ("NonConflict", "comparedClaim")
        )
        out += [
            ox.Quad(node, nn(RDF_TYPE), nn(KZ + cls), g),
            ox.Quad(node, nn(KZ + "disputedSubject"), nn(subject), g),
            ox.Quad(node, nn(KZ + "disputedProperty"), nn(e.prop), g),
            ox.Quad(node, nn(ns.PREFIXES["rdfs"] + "label"), ox.Literal(f"{what} of {about}", language="en"), g),
            ox.Quad(node, nn(KZ + "note"), ox.Literal(e.reason, language="en"), g),
            ox.Quad(node, nn(KZ + "curationRecord"), ox.Literal(e.where), g),
        ]
        iris = sorted({c.iri for c in e.claims})
        out += [ox.Quad(node, nn(KZ + link), nn(i), g) for i in iris]
        if e.status == "disagreement":
            out += [ox.Quad(nn(a), nn(KZ + "conflictsWith"), nn(b), g) for a in iris for b in iris if a != b]
    return out


def apply(automatic: list[ox.Quad], entries: list[Reviewed]) -> list[ox.Quad]:
    """``automatic`` without the disagreements whose conflicting claims an explained entry covers (and their
    ``kz:conflictsWith`` links), followed by the entries' own quads."""
    explained = [{c.iri for c in e.claims} for e in entries if e.status == "explained"]
    members: dict[str, set[str]] = {}
    for q in automatic:
        if q.predicate.value == KZ + "conflictingClaim":
            members.setdefault(value(q.subject), set()).add(value(q.object))
    gone = {d for d, cs in members.items() if any(cs <= covered for covered in explained)}
    kept = [members[d] for d in members if d not in gone]
    pairs = [members[d] for d in gone]

    def dropped(q: ox.Quad) -> bool:
        if value(q.subject) in gone:
            return True
        if q.predicate.value != KZ + "conflictsWith":
            return False
        ends = {value(q.subject), value(q.object)}
        return any(ends <= cs for cs in pairs) and not any(ends <= cs for cs in kept)

    return [q for q in automatic if not dropped(q)]
