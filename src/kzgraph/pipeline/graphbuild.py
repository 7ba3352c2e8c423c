"""Turning records (entities, facts, table rows) into quads: each asserted triple in its source's named
graph, and beside it a claim with the Web Annotation that selects its quote by text and by offsets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kzgraph.errors import EvidenceError, SourceError
from kzgraph.pipeline.corpus import Source
from kzgraph.pipeline.evidence import LocateFailure, Span
from kzgraph.pipeline.model import Entity, Fact, Literal, Quote
from kzgraph.pipeline.ontology import RDF_TYPE, XSD, Ontology
from kzgraph.pipeline.tables import Table
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.claims import statement
from kzgraph.rdf.terms import Object, as_object, as_subject, nn

P = ns.PREFIXES
OA, PROV, KZ = P["oa"], P["prov"], ns.KZ


def lit(value: Literal) -> ox.Literal:
    if value.lang:
        return ox.Literal(value.value, language=value.lang)
    return ox.Literal(value.value, datatype=nn(value.datatype or XSD + "string"))


def typed(value: str | int, kind: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=nn(XSD + kind))


@dataclass
class ClaimRecord:
    """One triple as one source asserts it; ``spans`` are the places in the source that say so."""

    iri: str
    graph: str
    source: str
    triple: ox.Triple
    method: str
    spans: dict[int, tuple[Span, Quote]] = field(default_factory=dict)
    notes: set[str] = field(default_factory=set)
    records: set[str] = field(default_factory=set)


@dataclass
class Built:
    quads: list[ox.Quad]
    claims: list[ClaimRecord]
    entities: dict[str, Entity]


Report = Callable[[str], None]


def _raise(message: str) -> None:
    raise EvidenceError(message)


class GraphBuilder:
    """Collects quads; ``report`` receives each problem (the default raises at the first one)."""

    def __init__(self, onto: Ontology, sources: dict[str, Source], *, report: Report = _raise) -> None:
        self.onto = onto
        self.sources = sources
        self.report = report
        self.quads: list[ox.Quad] = []
        self.claims: dict[str, ClaimRecord] = {}
        self.entities: dict[str, Entity] = {}

    # -- terms -------------------------------------------------------------------------------------
    def _node(self, ref: str, where: str) -> ox.NamedNode | None:
        if ref.startswith(("http://", "https://")):
            return nn(ref)
        if ref.startswith("source/"):  # a source text of the corpus, e.g. the paper that recommends something
            if ref[len("source/") :] not in self.sources:
                self.report(f"{where}: unknown source '{ref}' (see data/corpus/sources.yaml)")
                return None
            return nn(ns.source(ref[len("source/") :]))
        if ref not in self.entities:
            self.report(f"{where}: unknown entity id '{ref}' (declare it in data/entities/)")
            return None
        return nn(ns.entity(ref))

    def _locate(self, quote: Quote) -> Span | None:
        source = self.sources.get(quote.source)
        if source is None:
            self.report(f"{quote.where}: unknown source '{quote.source}' (see data/corpus/sources.yaml)")
            return None
        found = source.searchable.locate(quote.text, occurrence=quote.occurrence)
        if isinstance(found, LocateFailure):
            short = quote.text if len(quote.text) < 70 else quote.text[:67] + "..."
            if found.count == 0:
                self.report(f"{quote.where}: quote not found in '{quote.source}': \"{short}\"")
            else:
                self.report(
                    f"{quote.where}: quote occurs {found.count} times in '{quote.source}'"
                    f' (lengthen it or add occurrence: N): "{short}"'
                )
            return None
        return found

    # -- input -------------------------------------------------------------------------------------
    def add_entities(self, entities: list[Entity]) -> None:
        for e in entities:
            if e.id in self.entities:
                self.report(f"{e.where}: entity id '{e.id}' is already defined at {self.entities[e.id].where}")
                continue
            self.entities[e.id] = e
        labels = nn(ns.GRAPHS["labels"])
        for e in entities:
            s = nn(ns.entity(e.id))
            for lang, text in sorted(e.labels.items()):
                self.quads.append(ox.Quad(s, nn(P["skos"] + "prefLabel"), ox.Literal(text, language=lang), labels))
            for lang, texts in sorted(e.alt.items()):
                for text in sorted(set(texts)):
                    self.quads.append(ox.Quad(s, nn(P["skos"] + "altLabel"), ox.Literal(text, language=lang), labels))

    def type_facts(self, entities: list[Entity]) -> list[Fact]:
        """An entity's class is a fact like any other, supported by its evidence quotes."""
        return [Fact(s=e.id, p=RDF_TYPE, o=e.cls, quote=q) for e in entities for q in e.evidence]

    def add_facts(self, facts: list[Fact]) -> None:
        for f in facts:
            s = self._node(f.s, f.where)
            o: ox.NamedNode | ox.Literal | None
            if f.o is not None:
                o = self._node(f.o, f.where)
            elif f.value is not None:
                o = lit(f.value)
            else:
                o = None
            span = self._locate(f.quote)
            if s is None or o is None or span is None:
                continue
            graph = ns.source_graph(f.quote.source)
            triple = ox.Triple(s, nn(f.p), o)
            key = ns.digest(graph, str(triple))
            claim = self.claims.get(key)
            if claim is None:
                claim = ClaimRecord(ns.ID + "claim/" + key, graph, f.quote.source, triple, f.method)
                self.claims[key] = claim
            claim.spans.setdefault(span.start, (span, f.quote))
            if f.note:
                claim.notes.add(f.note)
            claim.records.add(f.where)

    # -- output ------------------------------------------------------------------------------------
    def corpus_quads(self) -> None:
        g = nn(ns.GRAPHS["corpus"])
        for key, src in sorted(self.sources.items()):
            d = nn(ns.source(key))
            add: list[tuple[ox.NamedNode, Object]] = [
                (nn(RDF_TYPE), nn(KZ + "SourceDocument")),
                (nn(P["dcterms"] + "title"), ox.Literal(src.title, language="en")),
                (nn(KZ + "sourceKey"), ox.Literal(key)),
                (nn(KZ + "sha256"), ox.Literal(src.sha256)),
                (nn(P["dcterms"] + "identifier"), ox.Literal(src.file.name)),
                (nn(P["dcterms"] + "format"), ox.Literal("text/plain; charset=utf-8")),
                (nn(P["skos"] + "prefLabel"), ox.Literal(src.title, language="en")),
            ]
            add += [
                (nn(P["dcterms"] + "title"), ox.Literal(t, language=lang))
                for lang, t in sorted(src.title_translations.items())
            ]
            add += [
                (nn(P["dcterms"] + "language"), ox.Literal(lang, datatype=nn(P["dcterms"] + "ISO639-1")))
                for lang in src.languages
            ]
            if src.note:
                add.append((nn(P["dcterms"] + "description"), ox.Literal(src.note, language="en")))
            for i, author in enumerate(src.authors, start=1):
                a = nn(f"{ns.source(key)}/author/{i}")
                add.append((nn(P["dcterms"] + "creator"), a))
                self.quads.append(ox.Quad(a, nn(RDF_TYPE), nn(P["foaf"] + "Person"), g))
                self.quads.append(ox.Quad(a, nn(P["foaf"] + "name"), ox.Literal(author["name"]), g))
                if author.get("affiliation"):
                    self.quads.append(ox.Quad(a, nn(P["schema"] + "affiliation"), ox.Literal(author["affiliation"]), g))
            self.quads += [ox.Quad(d, p, o, g) for p, o in add]

    def dataset_quads(self, tables: list[Table]) -> None:
        g = nn(ns.GRAPHS["labels"])
        for t in tables:
            d = nn(t.iri)
            title = str(t.spec.get("title", t.id))
            self.quads.append(ox.Quad(d, nn(P["dcterms"] + "title"), ox.Literal(title, language="en"), g))
            self.quads.append(ox.Quad(d, nn(P["skos"] + "prefLabel"), ox.Literal(title, language="en"), g))
            self.quads.append(ox.Quad(d, nn(PROV + "wasDerivedFrom"), nn(ns.source(t.source.key)), g))
            if t.spec.get("note"):
                self.quads.append(ox.Quad(d, nn(KZ + "note"), ox.Literal(str(t.spec["note"]), language="en"), g))

    def claim_quads(self) -> None:
        """Each claim: its triple in the source's graph, its ``kz:Claim`` record and the annotations of its quotes
        in the provenance graph (:func:`kzgraph.rdf.claims.statement`)."""
        prov = nn(ns.GRAPHS["provenance"])
        for key in sorted(self.claims):
            c = self.claims[key]
            ci = nn(c.iri)
            doc = nn(ns.source(c.source))
            about: list[tuple[ox.NamedNode, Object]] = [
                (nn(KZ + "assertedIn"), nn(c.graph)),
                (nn(PROV + "wasDerivedFrom"), doc),
                (nn(KZ + "method"), nn(KZ + c.method)),
                (nn(KZ + "confidence"), typed("1.0", "decimal")),
            ]
            about += [(nn(KZ + "note"), ox.Literal(n, language="en")) for n in sorted(c.notes)]
            about += [(nn(KZ + "curationRecord"), ox.Literal(r)) for r in sorted(c.records)]
            about += [(nn(KZ + "evidence"), nn(f"{c.iri}/evidence/{start}")) for start in sorted(c.spans)]
            triple = (as_subject(c.triple.subject), c.triple.predicate, as_object(c.triple.object))
            self.quads += statement(ci, nn(KZ + "Claim"), triple, nn(c.graph), about=about, record_graph=prov)
            for start in sorted(c.spans):
                span, _quote = c.spans[start]
                self._annotation(f"{c.iri}/evidence/{start}", ci, doc, span, prov)

    def _annotation(self, ann: str, claim: ox.NamedNode, doc: ox.NamedNode, span: Span, g: ox.NamedNode) -> None:
        a, target = nn(ann), nn(ann + "/target")
        qsel, psel = nn(ann + "/quote"), nn(ann + "/position")
        rows: list[tuple[ox.NamedNode, str, Object]] = [
            (a, RDF_TYPE, nn(OA + "Annotation")),
            (a, OA + "hasBody", claim),
            (a, OA + "hasTarget", target),
            (a, OA + "motivatedBy", nn(OA + "describing")),
            (target, RDF_TYPE, nn(OA + "SpecificResource")),
            (target, OA + "hasSource", doc),
            (target, OA + "hasSelector", qsel),
            (target, OA + "hasSelector", psel),
            (qsel, RDF_TYPE, nn(OA + "TextQuoteSelector")),
            (qsel, OA + "exact", ox.Literal(span.exact)),
            (qsel, OA + "prefix", ox.Literal(span.prefix)),
            (qsel, OA + "suffix", ox.Literal(span.suffix)),
            (psel, RDF_TYPE, nn(OA + "TextPositionSelector")),
            (psel, OA + "start", typed(span.start, "nonNegativeInteger")),
            (psel, OA + "end", typed(span.end, "nonNegativeInteger")),
        ]
        self.quads += [ox.Quad(s, nn(p), o, g) for s, p, o in rows]


def check_classes(builder: GraphBuilder) -> None:
    """Entities must be typed with a class the ontology defines (checked on load) — and used properties too."""
    seen: dict[str, str] = defaultdict(str)
    for c in builder.claims.values():
        seen[c.triple.predicate.value] = next(iter(sorted(c.records)), "")
    for p, where in sorted(seen.items()):
        if p != RDF_TYPE and p not in builder.onto.properties:
            raise SourceError(f"{where}: property <{p}> is not defined in the ontology")
