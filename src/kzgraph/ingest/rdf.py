"""An analysed document as quads, all in its own named graph ``graph/extracted/<sha256>``: the document,
each statement with its claim (``kz:method kz:machineExtracted``, ``kz:extractionRule``, ``kz:confidence``)
and Web Annotation evidence (quote and offsets), each mention as an ``oa:Annotation`` motivated by
``oa:identifying`` (body: the entity; target: the sentence span), each candidate as a
``kz:EntityCandidate`` tagged (``oa:tagging``) on its sentences, and table rows as ``qb:Observation``s.

Compact by design (quads dominate ingest time): one ``oa:SpecificResource`` per sentence span, shared by
every annotation of that sentence; ONE identifying annotation per sentence whose bodies are the entities
mentioned in it (Web Annotation: several bodies each relate to the target) and likewise one tagging
annotation per sentence for candidates; ``oa:prefix``/``oa:suffix`` only when the quote alone is ambiguous
in the document (the ``oa:TextPositionSelector`` pins the span in any case)."""

from __future__ import annotations

import pyoxigraph as ox

from kzgraph import namespaces as ns
from kzgraph.ingest.analyse import Analysis, Span
from kzgraph.ingest.candidates import slug
from kzgraph.ingest.dates import XSD

P = ns.PREFIXES
RDF, OA, PROV, KZ, DCT, QB = P["rdf"], P["oa"], P["prov"], ns.KZ, P["dcterms"], P["qb"]
RDF_TYPE = RDF + "type"
CONTEXT = 32
EXTRACTED = ns.GRAPH + "extracted/"


def graph_iri(sha: str) -> str:
    return EXTRACTED + sha


def source_key(sha: str) -> str:
    return "ingested-" + sha[:16]


def doc_iri(sha: str) -> str:
    return ns.source(source_key(sha))


def candidate_iri(label: str) -> str:
    return ns.ID + "candidate/" + slug(label)


_NODES: dict[str, ox.NamedNode] = {}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _p(iri: str) -> ox.NamedNode:
    """A predicate or class node, cached (a few dozen distinct IRIs)."""
    node = _NODES.get(iri)
    if node is None:
        node = _NODES[iri] = ox.NamedNode(iri)
    return node


# Above this size the uniqueness test of each quote (a scan of the text) is skipped: prefix/suffix always.
UNIQUE_SCAN_MAX = 1_000_000


def _typed(value: str | float, kind: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + kind))


class _Quads:
    def __init__(self, g: str, text: str, doc: str) -> None:
        self.g = _n(g)
        self.text = text
        self.doc = _n(doc)
        self.quads: list[ox.Quad] = []
        self.targets: dict[tuple[int, int], str] = {}
        self.short = ""

    def add(self, s: str | ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        subj = _n(s) if isinstance(s, str) else s
        obj = _p(o) if isinstance(o, str) else o
        self.quads.append(ox.Quad(subj, _p(p), obj, self.g))

    def unique(self, start: int, end: int) -> bool:
        """Does the quote ``text[start:end]`` occur only once in the document?"""
        if len(self.text) > UNIQUE_SCAN_MAX or end <= start:
            return False
        exact = self.text[start:end]
        return self.text.find(exact) == start and self.text.find(exact, start + 1) == -1

    def target(self, iri: str, span: Span) -> str:
        """The span as an oa:SpecificResource; one per span, shared by every annotation that targets it."""
        key = (span.start, span.end)
        if key in self.targets:
            return self.targets[key]
        t, qs, ps = iri + "/target", iri + "/quote", iri + "/position"
        self.targets[key] = t
        self.add(t, RDF_TYPE, OA + "SpecificResource")
        self.add(t, OA + "hasSource", self.doc)
        self.add(t, OA + "hasSelector", qs)
        self.add(t, OA + "hasSelector", ps)
        self.add(qs, RDF_TYPE, OA + "TextQuoteSelector")
        self.add(qs, OA + "exact", ox.Literal(self.text[span.start : span.end]))
        if not self.unique(span.start, span.end):
            self.add(qs, OA + "prefix", ox.Literal(self.text[max(0, span.start - CONTEXT) : span.start]))
            self.add(qs, OA + "suffix", ox.Literal(self.text[span.end : span.end + CONTEXT]))
        self.add(ps, RDF_TYPE, OA + "TextPositionSelector")
        self.add(ps, OA + "start", _typed(span.start, "nonNegativeInteger"))
        self.add(ps, OA + "end", _typed(span.end, "nonNegativeInteger"))
        return t

    def claim(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal, span: Span, rule: str, conf: float) -> None:
        key = ns.digest(self.g.value, str(s), p, str(o), str(span.start))
        c = ns.ID + "claim/" + key
        self.add(s, p, o)
        self.add(c, RDF_TYPE, KZ + "Claim")
        self.add(c, RDF + "subject", s)
        self.add(c, RDF + "predicate", p)
        self.add(c, RDF + "object", o)
        self.add(c, KZ + "assertedIn", self.g)
        self.add(c, PROV + "wasDerivedFrom", self.doc)
        self.add(c, KZ + "method", KZ + "machineExtracted")
        self.add(c, KZ + "extractionRule", ox.Literal(rule))
        self.add(c, KZ + "confidence", _typed(f"{conf:.2f}", "decimal"))
        ann = f"{c}/evidence/{span.start}"
        self.add(c, KZ + "evidence", ann)
        self.add(ann, RDF_TYPE, OA + "Annotation")
        self.add(ann, OA + "hasBody", c)
        self.add(ann, OA + "motivatedBy", OA + "describing")
        self.add(ann, OA + "hasTarget", self.target(f"{ns.ID}span/{self.short}/{span.start}-{span.end}", span))


def document_quads(sha: str, analysis: Analysis, meta: dict[str, str]) -> list[ox.Quad]:
    """Every quad derived from one document (``meta``: title, language, media_type, source_url, name)."""
    g, doc = graph_iri(sha), doc_iri(sha)
    q = _Quads(g, analysis.text, doc)
    q.short = sha[:16]
    q.add(doc, RDF_TYPE, KZ + "SourceDocument")
    q.add(doc, KZ + "sourceKey", ox.Literal(source_key(sha)))
    q.add(doc, KZ + "sha256", ox.Literal(sha))
    if meta.get("title"):
        q.add(doc, DCT + "title", ox.Literal(meta["title"], language=meta.get("language", "en")))
        q.add(doc, P["skos"] + "prefLabel", ox.Literal(meta["title"], language=meta.get("language", "en")))
    q.add(doc, DCT + "language", ox.Literal(meta.get("language", "en"), datatype=_n(DCT + "ISO639-1")))
    q.add(doc, DCT + "format", ox.Literal(f"{meta.get('media_type', 'text/plain')}; charset=utf-8"))
    if meta.get("name"):
        q.add(doc, DCT + "identifier", ox.Literal(meta["name"]))
    if meta.get("source_url"):
        q.add(
            doc,
            DCT + "source",
            _n(meta["source_url"]) if meta["source_url"].startswith("http") else ox.Literal(meta["source_url"]),
        )
    for st, span in analysis.statements:
        s = _n(ns.entity(st.subject))
        o: ox.NamedNode | ox.Literal
        o = (
            _n(ns.entity(st.object))
            if st.object
            else ox.Literal(st.value or "", datatype=_n(st.datatype or XSD + "string"))
        )
        q.claim(s, KZ + st.predicate, o, span, st.rule, st.confidence)
    short = sha[:16]
    # One identifying annotation per sentence, one body per entity mentioned in it.
    bodies: dict[int, list[str]] = {}
    for i, m, _span in analysis.mentions:
        bodies.setdefault(i, []).append(ns.entity(m.entity))
    for i, entities in bodies.items():
        sent = analysis.sentences[i]
        ann = f"{ns.ID}mention/{short}/{sent.start}"
        q.add(ann, RDF_TYPE, OA + "Annotation")
        q.add(ann, OA + "motivatedBy", OA + "identifying")
        for e in dict.fromkeys(entities):
            q.add(ann, OA + "hasBody", e)
        q.add(ann, OA + "hasTarget", q.target(f"{ns.ID}span/{short}/{sent.start}-{sent.end}", sent))
    # Candidates: each named once, one tagging annotation per sentence.
    tags: dict[int, list[str]] = {}
    for i, c, _span in analysis.candidates:
        ci = candidate_iri(c.label)
        q.add(ci, RDF_TYPE, KZ + "EntityCandidate")
        q.add(ci, P["rdfs"] + "label", ox.Literal(c.label))
        tags.setdefault(i, []).append(ci)
    for i, cands in tags.items():
        sent = analysis.sentences[i]
        ann = f"{ns.ID}tag/{short}/{sent.start}"
        q.add(ann, RDF_TYPE, OA + "Annotation")
        q.add(ann, OA + "motivatedBy", OA + "tagging")
        for ci in dict.fromkeys(cands):
            q.add(ann, OA + "hasBody", ci)
        q.add(ann, OA + "hasTarget", q.target(f"{ns.ID}span/{short}/{sent.start}-{sent.end}", sent))
    for ob in analysis.observations:
        dataset = f"{ns.ID}dataset/{source_key(sha)}-{ob.table + 1}"
        obs = _n(f"{ns.ID}observation/{source_key(sha)}-{ob.table + 1}/{ob.group or 'all'}/{ob.period}")
        span = Span(ob.row_start, ob.row_end)
        rows: list[tuple[str, ox.NamedNode | ox.Literal]] = [
            (RDF_TYPE, _n(QB + "Observation")),
            (QB + "dataSet", _n(dataset)),
            (KZ + "refArea", _n(ns.entity(ob.area))),
            (KZ + "ethnicGroup", _n(ns.entity(ob.group)) if ob.group else _n(KZ + "allGroups")),
            (KZ + "refPeriod", _typed(ob.period, "gYear")),
            (KZ + ob.measure, _typed(ob.value, "decimal" if ob.measure == "populationShare" else "integer")),
        ]
        for p, o in rows:
            q.claim(obs, p, o, span, "table-row", 0.85)
        q.add(dataset, PROV + "wasDerivedFrom", doc)
    # Distinct quads only (one sentence target may serve several mentions).
    return list(dict.fromkeys(q.quads))
