"""An analysed document as quads, all in its own named graph ``graph/extracted/<sha256>``: the document,
each statement with its claim (``kz:method kz:machineExtracted``, ``kz:extractionRule``, ``kz:confidence``)
and Web Annotation evidence (quote and offsets), each mention as an ``oa:Annotation`` motivated by
``oa:identifying`` (body: the entity; target: the sentence span), each candidate as a
``kz:EntityCandidate`` tagged (``oa:tagging``) on its sentences, and table rows as ``qb:Observation``s.

Compact by design (quads dominate ingest time and size): one ``oa:SpecificResource`` per span, shared by
every annotation of that span; ONE identifying annotation per sentence whose bodies are the entities
mentioned in it (Web Annotation: several bodies each relate to the target), likewise one tagging annotation
per sentence for candidates and one describing annotation per evidence span for the claims quoting it (the
six claims of a table row, a start and an end date); ``oa:prefix``/``oa:suffix`` only when the quote alone
is ambiguous in the document (the ``oa:TextPositionSelector`` pins the span in any case).

Written as text, block by block (:class:`DocumentWriter`), so that a long document never has all its quads
in memory."""

from __future__ import annotations

import pyoxigraph as ox

from kzgraph.ingest.analyse import Analysis, Span
from kzgraph.ingest.candidates import slug
from kzgraph.ingest.dates import XSD
from kzgraph.ingest.quotes import Quotes
from kzgraph.rdf import namespaces as ns

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


# N-Quads are written as text directly (building ``ox.Quad`` objects and serialising them cost more than the
# analysis of a document). Terms are pre-formatted: ``<iri>`` or a literal in N-Quads syntax.
# Escapes as Oxigraph writes literals (so claim identifiers, which hash the object term, are unchanged).
_ESCAPE = str.maketrans(
    {chr(c): f"\\u{c:04X}" for c in [*range(0x20), 0x7F]}
    | {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
)


def _iri(iri: str) -> str:
    return "<" + iri + ">"


def _lit(value: str) -> str:
    return '"' + value.translate(_ESCAPE) + '"'


def _typed(value: str | float, kind: str) -> str:
    return '"' + str(value).translate(_ESCAPE) + '"^^<' + XSD + kind + ">"


def _lang(value: str, lang: str) -> str:
    return '"' + value.translate(_ESCAPE) + '"@' + lang


class _Quads:
    """Lines of one block of a document. Evidence lives in spans, and spans in blocks, so targets and evidence
    annotations repeat only within a block: its lines are made distinct when it is flushed. What may repeat
    across blocks — a statement's triple, a candidate's name — is remembered for the whole document."""

    def __init__(self, g: str, text: str, doc: str) -> None:
        self.g_iri = g
        self.g = " <" + g + "> .\n"
        self.text = text
        self.doc = _iri(doc)
        self.lines: list[str] = []
        self.targets: dict[tuple[int, int], str] = {}
        self.short = ""
        self.triples: set[str] = set()  # statement triples already written (document-wide)
        self.quotes = Quotes(text)

    def add(self, s: str, p: str, o: str) -> None:
        """``s`` and ``o`` are formatted terms; ``p`` a bare IRI."""
        self.lines.append(s + " <" + p + "> " + o + self.g)

    def once(self, s: str, p: str, o: str) -> None:
        """A line that may recur anywhere in the document, written the first time only."""
        line = s + " <" + p + "> " + o + self.g
        if line not in self.triples:
            self.triples.add(line)
            self.lines.append(line)

    def flush(self) -> str:
        """The block's distinct lines (first occurrence order); the block's state is reset."""
        out = "".join(dict.fromkeys(self.lines))
        self.lines = []
        self.targets = {}
        return out

    def unique(self, start: int, end: int) -> bool:
        """Does the quote ``text[start:end]`` occur only once in the document?"""
        return self.quotes.unique(start, end)

    def target(self, iri: str, span: Span) -> str:
        """The span as an oa:SpecificResource; one per span, shared by every annotation that targets it."""
        key = (span.start, span.end)
        if key in self.targets:
            return self.targets[key]
        t, qs, ps = "<" + iri + "/target>", "<" + iri + "/quote>", "<" + iri + "/position>"
        self.targets[key] = t
        add = self.add
        add(t, RDF_TYPE, T_SPECIFIC)
        add(t, OA + "hasSource", self.doc)
        add(t, OA + "hasSelector", qs)
        add(t, OA + "hasSelector", ps)
        add(qs, RDF_TYPE, T_QUOTE)
        add(qs, OA + "exact", _lit(self.text[span.start : span.end]))
        if not self.unique(span.start, span.end):
            add(qs, OA + "prefix", _lit(self.text[max(0, span.start - CONTEXT) : span.start]))
            add(qs, OA + "suffix", _lit(self.text[span.end : span.end + CONTEXT]))
        add(ps, RDF_TYPE, T_POSITION)
        add(ps, OA + "start", _typed(span.start, "nonNegativeInteger"))
        add(ps, OA + "end", _typed(span.end, "nonNegativeInteger"))
        return t

    def claim(self, s: str, p: str, o: str, span: Span, rule: str, conf: float) -> None:
        """``s``/``o`` formatted terms (the claim's identifier hashes them as written). Claims on the same span
        share one ``oa:describing`` annotation (one body per claim) and its target."""
        key = ns.digest(self.g_iri, s, p, o, str(span.start))
        c = "<" + ns.ID + "claim/" + key + ">"
        where = f"{self.short}/{span.start}-{span.end}"
        ann = "<" + ns.ID + "evidence/" + where + ">"
        add = self.add
        self.once(s, p, o)
        add(c, RDF_TYPE, T_CLAIM)
        add(c, RDF + "subject", s)
        add(c, RDF + "predicate", "<" + p + ">")
        add(c, RDF + "object", o)
        add(c, KZ + "assertedIn", "<" + self.g_iri + ">")
        add(c, PROV + "wasDerivedFrom", self.doc)
        add(c, KZ + "method", T_MACHINE)
        add(c, KZ + "extractionRule", _lit(rule))
        add(c, KZ + "confidence", _typed(f"{conf:.2f}", "decimal"))
        add(c, KZ + "evidence", ann)
        add(ann, RDF_TYPE, T_ANNOTATION)
        add(ann, OA + "hasBody", c)
        add(ann, OA + "motivatedBy", T_DESCRIBING)
        add(ann, OA + "hasTarget", self.target(f"{ns.ID}span/{where}", span))


T_SPECIFIC, T_QUOTE, T_POSITION = (
    _iri(OA + "SpecificResource"),
    _iri(OA + "TextQuoteSelector"),
    _iri(OA + "TextPositionSelector"),
)
T_CLAIM, T_MACHINE, T_ANNOTATION = _iri(KZ + "Claim"), _iri(KZ + "machineExtracted"), _iri(OA + "Annotation")
T_DESCRIBING, T_IDENTIFYING, T_TAGGING = _iri(OA + "describing"), _iri(OA + "identifying"), _iri(OA + "tagging")


class DocumentWriter:
    """Every quad derived from one document, as N-Quads text, block by block: the document's own triples
    first, then :meth:`block` for each analysed block (offsets in the whole document's text). Each call
    returns the block's distinct lines; the whole document's lines are distinct too."""

    def __init__(self, sha: str, text: str, meta: dict[str, str]) -> None:
        self.sha = sha
        self.q = _Quads(graph_iri(sha), text, doc_iri(sha))
        self.q.short = self.short = sha[:16]
        self.tables = 0  # tables seen in earlier blocks (observation IRIs number them in the document)
        self.header = self._document(meta)

    def _document(self, meta: dict[str, str]) -> str:
        q, sha, doc = self.q, self.sha, self.q.doc
        lang = meta.get("language", "en")
        q.add(doc, RDF_TYPE, _iri(KZ + "SourceDocument"))
        q.add(doc, KZ + "sourceKey", _lit(source_key(sha)))
        q.add(doc, KZ + "sha256", _lit(sha))
        if meta.get("title"):
            q.add(doc, DCT + "title", _lang(meta["title"], lang))
            q.add(doc, P["skos"] + "prefLabel", _lang(meta["title"], lang))
        q.add(doc, DCT + "language", _lit(lang) + "^^<" + DCT + "ISO639-1>")
        media = meta.get("media_type", "text/plain")  # of the file as given; a text type was decoded to UTF-8
        q.add(doc, DCT + "format", _lit(f"{media}; charset=utf-8" if media.startswith("text/") else media))
        if meta.get("name"):
            q.add(doc, DCT + "identifier", _lit(meta["name"]))
        if meta.get("source_url"):
            url = meta["source_url"]
            # ox.NamedNode validates the IRI (a malformed one must not reach the bulk loader).
            q.add(doc, DCT + "source", str(ox.NamedNode(url)) if url.startswith("http") else _lit(url))
        return q.flush()

    def block(self, analysis: Analysis) -> str:
        """The lines of one analysed block (its spans and observation rows in document offsets; its sentence
        indices into ``analysis.sentences``)."""
        q, short, doc = self.q, self.short, self.q.doc
        for st, span in analysis.statements:
            s = "<" + ns.entity(st.subject) + ">"
            if st.object:
                o = "<" + ns.entity(st.object) + ">"
            else:
                dt = st.datatype or XSD + "string"
                o = _lit(st.value or "") + ("" if dt == XSD + "string" else "^^<" + dt + ">")
            q.claim(s, KZ + st.predicate, o, span, st.rule, st.confidence)
        # One identifying annotation per sentence, one body per entity mentioned in it.
        bodies: dict[int, list[str]] = {}
        for i, m, _span in analysis.mentions:
            bodies.setdefault(i, []).append(m.entity)
        for i, entities in bodies.items():
            sent = analysis.sentences[i]
            ann = f"<{ns.ID}mention/{short}/{sent.start}>"
            q.add(ann, RDF_TYPE, T_ANNOTATION)
            q.add(ann, OA + "motivatedBy", T_IDENTIFYING)
            for e in dict.fromkeys(entities):
                q.add(ann, OA + "hasBody", "<" + ns.entity(e) + ">")
            q.add(ann, OA + "hasTarget", q.target(f"{ns.ID}span/{short}/{sent.start}-{sent.end}", sent))
        # Candidates: each named once in the document, one tagging annotation per sentence.
        tags: dict[int, list[str]] = {}
        for i, c, _span in analysis.candidates:
            ci = "<" + candidate_iri(c.label) + ">"
            q.once(ci, RDF_TYPE, _iri(KZ + "EntityCandidate"))
            q.once(ci, P["rdfs"] + "label", _lit(c.label))
            tags.setdefault(i, []).append(ci)
        for i, cands in tags.items():
            sent = analysis.sentences[i]
            ann = f"<{ns.ID}tag/{short}/{sent.start}>"
            q.add(ann, RDF_TYPE, T_ANNOTATION)
            q.add(ann, OA + "motivatedBy", T_TAGGING)
            for ci in dict.fromkeys(cands):
                q.add(ann, OA + "hasBody", ci)
            q.add(ann, OA + "hasTarget", q.target(f"{ns.ID}span/{short}/{sent.start}-{sent.end}", sent))
        key = source_key(self.sha)
        for ob in analysis.observations:
            n = self.tables + ob.table + 1
            dataset = f"<{ns.ID}dataset/{key}-{n}>"
            obs = f"<{ns.ID}observation/{key}-{n}/{ob.group or 'all'}/{ob.period}>"
            span = Span(ob.row_start, ob.row_end)
            rows: list[tuple[str, str]] = [
                (RDF_TYPE, _iri(QB + "Observation")),
                (QB + "dataSet", dataset),
                (KZ + "refArea", _iri(ns.entity(ob.area))),
                (KZ + "ethnicGroup", _iri(ns.entity(ob.group)) if ob.group else _iri(KZ + "allGroups")),
                (KZ + "refPeriod", _typed(ob.period, "gYear")),
                (KZ + ob.measure, _typed(ob.value, "decimal" if ob.measure == "populationShare" else "integer")),
            ]
            for p, o in rows:
                q.claim(obs, p, o, span, "table-row", 0.85)
            q.add(dataset, PROV + "wasDerivedFrom", doc)
        self.tables += max((ob.table + 1 for ob in analysis.observations), default=0)
        return q.flush()


def document_nquads(sha: str, analysis: Analysis, meta: dict[str, str]) -> str:
    """Every quad derived from one document as N-Quads text, distinct lines (``meta``: title, language,
    media_type, source_url, name)."""
    writer = DocumentWriter(sha, analysis.text, meta)
    return writer.header + writer.block(analysis)


def document_quads(sha: str, analysis: Analysis, meta: dict[str, str]) -> list[ox.Quad]:
    """The same quads as objects (for callers that want them; ingest itself writes the text)."""
    return list(ox.parse(document_nquads(sha, analysis, meta).encode("utf-8"), format=ox.RdfFormat.N_QUADS))
