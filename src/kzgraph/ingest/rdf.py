"""An analysed document as quads, all in its own named graph ``graph/extracted/<sha256>``: the document,
each statement with its claim (``kz:method kz:machineExtracted``, ``kz:extractionRule``, ``kz:confidence``)
and Web Annotation evidence (quote and offsets), each mention as an ``oa:Annotation`` motivated by
``oa:identifying`` (body: the entity; target: the sentence span), each candidate as a
``kz:EntityCandidate`` tagged (``oa:tagging``) on its sentences, table rows and population figures in prose
as ``qb:Observation``s, numbers of ethnic groups (``kz:numberOfEthnicGroups``, the claim carrying
``kz:refPeriod``) and proposed labels (``skos:altLabel`` claims whose quote is the aligning text).

Compact by design (quads dominate ingest time and size): one ``oa:SpecificResource`` per span, shared by
every annotation of that span; ONE identifying annotation per sentence whose bodies are the entities
mentioned in it (Web Annotation: several bodies each relate to the target), likewise one tagging annotation
per sentence for candidates and one describing annotation per evidence span for the claims quoting it (the
claims of a table row, a start and an end date); ``oa:prefix``/``oa:suffix`` only when the quote alone is
ambiguous in the document (the ``oa:TextPositionSelector`` pins the span in any case).

Written as text, block by block (:class:`DocumentWriter`), so that a long document never has all its quads
in memory."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from kzgraph.ingest.analyse import Analysis, Span
from kzgraph.ingest.candidates import slug
from kzgraph.ingest.dates import XSD
from kzgraph.ingest.quotes import Quotes
from kzgraph.ingest.sessions import session_info, session_names
from kzgraph.ingest.statement import Frame, Proposal, Statement
from kzgraph.rdf import claims
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.daybounds import bounds

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
    def __init__(self, g: str, text: str, doc: str) -> None:
        self.g_iri = g
        self.g = " <" + g + "> .\n"
        self.text = text
        self.doc = _iri(doc)
        self.lines: list[str] = []
        self.targets: dict[tuple[int, int], str] = {}
        self.short = ""
        self.triples: set[str] = set()  # lines that may recur anywhere in the document, already written
        self.quotes = Quotes(text)

    def add(self, s: str, p: str, o: str) -> None:
        """``s`` and ``o`` are formatted terms; ``p`` a bare IRI."""
        self.lines.append(s + " <" + p + "> " + o + self.g)

    def once(self, s: str, p: str, o: str) -> None:
        """A line that may recur anywhere in the document (a statement's triple, a candidate's name), written
        the first time only."""
        self.once_line(s + " <" + p + "> " + o + self.g)

    def once_line(self, line: str) -> None:
        """:meth:`once` for a line already written out."""
        if line not in self.triples:
            self.triples.add(line)
            self.lines.append(line)

    def flush(self) -> str:
        """The block's distinct lines (first occurrence order); the block's state is reset. Evidence lives in
        spans, and spans in blocks, so targets and annotations repeat only within a block."""
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

    def claim(
        self, s: str, p: str, o: str, span: Span, rule: str, conf: float, extra: Sequence[tuple[str, str]] = ()
    ) -> str:
        """``s``/``o`` formatted terms (the claim's identifier hashes them as written); ``extra``: more
        (predicate, object) pairs on the claim itself (the qualifier and as-of date of a figure, the census
        year of a number of ethnic groups). Returns the claim."""
        key = ns.digest(self.g_iri, s, p, o, str(span.start))
        c = "<" + ns.ID + "claim/" + key + ">"
        where = f"{self.short}/{span.start}-{span.end}"
        ann = "<" + ns.ID + "evidence/" + where + ">"  # one per span, shared by the claims quoting it
        about = [
            (KZ + "assertedIn", "<" + self.g_iri + ">"),
            (PROV + "wasDerivedFrom", self.doc),
            (KZ + "method", T_MACHINE),
            (KZ + "extractionRule", _lit(rule)),
            (KZ + "confidence", _typed(f"{conf:.2f}", "decimal")),
            (KZ + "evidence", ann),
            *extra,
        ]
        triple, *record = claims.statement_lines(
            c, T_CLAIM, (s, "<" + p + ">", o), "<" + self.g_iri + ">", about=[("<" + q + ">", v) for q, v in about]
        )
        self.once_line(triple)
        self.lines.extend(record)
        add = self.add
        add(ann, RDF_TYPE, T_ANNOTATION)
        add(ann, OA + "hasBody", c)
        add(ann, OA + "motivatedBy", T_DESCRIBING)
        add(ann, OA + "hasTarget", self.target(f"{ns.ID}span/{where}", span))
        return c


SKOS = P["skos"]
RDFS_LABEL = P["rdfs"] + "label"


TEMPORAL = frozenset(
    KZ + p for p in ("date", "startDate", "endDate", "foundingDate", "dissolutionDate", "adoptionDate", "refDate")
)


def _term(entity: str, proposal: Proposal | None) -> str:
    return "<" + (candidate_iri(proposal.label) if proposal is not None else ns.entity(entity)) + ">"


def statement_quads(q: _Quads, st: Statement, span: Span, lang: str) -> None:
    """One statement: its triple and claim (qualifier and as-of date on the claim); a count of a thing that is
    no entity (``item``) as a ``kz:Count`` node; a proposed new subject or object as a candidate with its
    guessed class."""
    s = _term(st.subject, st.new_subject)
    for proposal in (st.new_subject, st.new_object):
        if proposal is not None:
            ci = "<" + candidate_iri(proposal.label) + ">"
            q.once(ci, RDF_TYPE, _iri(KZ + "EntityCandidate"))
            q.once(ci, RDFS_LABEL, _lang(proposal.label, proposal.language))
            q.once(ci, KZ + "proposedClass", _iri(KZ + proposal.cls))
    if st.object:
        o = _term(st.object, st.new_object)
    else:
        dt = st.datatype or XSD + "string"
        if dt.startswith("@"):  # a language-tagged string (a theme as written)
            o = _lang(st.value or "", dt[1:])
        else:
            o = _lit(st.value or "") + ("" if dt == XSD + "string" else "^^<" + dt + ">")
    extra: list[tuple[str, str]] = []
    if st.qualifier:
        extra.append((KZ + "qualifier", _lit(st.qualifier)))
    if st.as_of:
        extra.append((KZ + "refDate", _typed(st.as_of, _date_kind(st.as_of))))
    if st.unit:
        extra.append((KZ + "unit", _lit(st.unit)))
    if st.item:
        node = "<" + ns.ID + "count/" + ns.digest(q.g_iri, s, st.predicate, o, st.item, str(span.start)) + ">"
        q.add(node, RDF_TYPE, _iri(KZ + "Count"))
        q.add(node, KZ + "countOf", s)
        q.add(node, KZ + "countedItem", _lang(st.item, lang))
        if st.as_of:
            q.add(node, KZ + "refDate", _typed(st.as_of, _date_kind(st.as_of)))
        s = node
    if st.frame is not None:
        s = frame_quads(q, st.frame, s, span)
    predicate = ns.expand(st.predicate) if ":" in st.predicate else KZ + st.predicate
    q.claim(s, predicate, o, span, st.rule, st.confidence, extra)
    if st.frame is not None and predicate in TEMPORAL and st.value and st.datatype:
        # A node ingest mints is described by this graph alone: it carries its day bounds as the build's do.
        day = bounds(ox.Literal(st.value, datatype=ox.NamedNode(st.datatype)))
        if day is not None:
            q.once(s, predicate + "Earliest", _typed(day[0], "date"))
            q.once(s, predicate + "Latest", _typed(day[1], "date"))


def frame_quads(q: _Quads, frame: Frame, subject: str, span: Span) -> str:
    """The n-ary node of a frame (one per sentence, class, subject and key), its class, its link to the
    statement's subject and its further parts; returns the node, on which the claimed triple is then made."""
    node = (
        "<" + ns.ID + frame.cls.lower() + "/" + ns.digest(q.g_iri, frame.cls, subject, frame.key, str(span.start)) + ">"
    )
    q.once(node, RDF_TYPE, _iri(KZ + frame.cls))
    q.once(node, KZ + frame.link, subject)
    for p, entity in frame.entities:
        q.once(node, KZ + p, "<" + ns.entity(entity) + ">")
    for p, value, dt in frame.literals:
        q.once(node, KZ + p, _lang(value, dt[1:]) if dt.startswith("@") else _lit(value) + "^^<" + dt + ">")
    return node


def _date_kind(value: str) -> str:
    return {4: "gYear", 7: "gYearMonth"}.get(len(value), "date")


def session_quads(q: _Quads, eid: str, first: Span) -> None:
    """A session named in the text, written as an entity of the closed numbered series (its number, its
    Assembly and the names derived from its number), with the first mention as evidence."""
    info = session_info(eid)
    e = "<" + ns.entity(eid) + ">"
    number = eid.rsplit("-", 1)[1]
    q.add(e, RDF_TYPE, _iri(KZ + "AssemblySession"))
    q.add(e, SKOS + "prefLabel", _lang(info.label, "en"))
    q.add(e, RDFS_LABEL, _lang(info.label, "en"))
    for name, lang in session_names(eid):
        q.add(e, SKOS + "altLabel", _lang(name, lang))
    q.claim(e, KZ + "sessionNumber", _typed(number, "integer"), first, "session-entity", 0.95)
    q.claim(e, KZ + "sessionOf", "<" + ns.entity("apk") + ">", first, "session-entity", 0.95)


T_SPECIFIC, T_QUOTE, T_POSITION = (
    _iri(OA + "SpecificResource"),
    _iri(OA + "TextQuoteSelector"),
    _iri(OA + "TextPositionSelector"),
)
T_CLAIM, T_MACHINE, T_ANNOTATION = _iri(KZ + "Claim"), _iri(KZ + "machineExtracted"), _iri(OA + "Annotation")
T_DESCRIBING, T_IDENTIFYING, T_TAGGING = _iri(OA + "describing"), _iri(OA + "identifying"), _iri(OA + "tagging")


class DocumentWriter:
    """Every quad derived from one document, as N-Quads text, block by block: the document's own triples
    (:attr:`header`), then :meth:`block` for each analysed block (offsets in the whole document's text).
    Each call returns the block's distinct lines; the whole document's lines are distinct too."""

    def __init__(self, sha: str, text: str, meta: dict[str, str]) -> None:
        self.sha = sha
        self.q = q = _Quads(graph_iri(sha), text, doc_iri(sha))
        q.short = self.short = sha[:16]
        self.lang = lang = meta.get("language", "en")
        self.tables = 0  # tables seen in earlier blocks (observation IRIs number them in the document)
        self.sessions: set[str] = set()  # sessions written by earlier blocks
        doc = q.doc
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
        self.header = q.flush()

    def block(self, analysis: Analysis) -> str:
        """The lines of one analysed block (its spans and observation rows in document offsets; its sentence
        indices into ``analysis.sentences``)."""
        q, sha, short, lang, doc = self.q, self.sha, self.short, self.lang, self.q.doc
        for st, span in analysis.statements:
            statement_quads(q, st, span, lang)
        for eid, first in analysis.sessions.items():
            if eid not in self.sessions:  # the first mention in the document is the evidence
                self.sessions.add(eid)
                session_quads(q, eid, first)
        for eid, label, label_lang, span in analysis.labels:
            q.claim("<" + ns.entity(eid) + ">", SKOS + "altLabel", _lang(label, label_lang), span, "session-name", 0.9)
        short = sha[:16]
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
        # Candidates: each named once, one tagging annotation per sentence.
        tags: dict[int, list[str]] = {}
        for i, c, _span in analysis.candidates:
            ci = "<" + candidate_iri(c.label) + ">"
            q.once(ci, RDF_TYPE, _iri(KZ + "EntityCandidate"))
            q.once(ci, P["rdfs"] + "label", _lit(c.label))
            if c.how == "ethnic-group":
                q.once(ci, KZ + "proposedClass", _iri(KZ + "EthnicGroup"))
            tags.setdefault(i, []).append(ci)
        # Figures of a candidate group: claims on the candidate, period and area on the claim.
        for label, ob in analysis.pending_figures:
            context = [(KZ + "refPeriod", _typed(ob.period, "gYear")), (KZ + "refArea", _iri(ns.entity(ob.area)))]
            kind = "decimal" if ob.measure == "populationShare" else "integer"
            ci = "<" + candidate_iri(label) + ">"
            q.claim(
                ci,
                KZ + ob.measure,
                _typed(ob.value, kind),
                Span(ob.row_start, ob.row_end),
                ob.rule,
                ob.confidence,
                context,
            )
        for i, cands in tags.items():
            sent = analysis.sentences[i]
            ann = f"<{ns.ID}tag/{short}/{sent.start}>"
            q.add(ann, RDF_TYPE, T_ANNOTATION)
            q.add(ann, OA + "motivatedBy", T_TAGGING)
            for ci in dict.fromkeys(cands):
                q.add(ann, OA + "hasBody", ci)
            q.add(ann, OA + "hasTarget", q.target(f"{ns.ID}span/{short}/{sent.start}-{sent.end}", sent))
        for ob in analysis.observations:
            part = ob.dataset or str(self.tables + ob.table + 1)
            dataset = f"<{ns.ID}dataset/{source_key(sha)}-{part}>"
            # Prose: one observation per sentence, group and period (two sentences may state different figures).
            where = f"/{ob.row_start}" if ob.dataset else ""
            obs = f"<{ns.ID}observation/{source_key(sha)}-{part}/{ob.group or 'all'}/{ob.period}{where}>"
            span = Span(ob.row_start, ob.row_end)
            period_span = Span(ob.period_start, ob.period_end) if ob.period_start >= 0 else span
            rows: list[tuple[str, str, Span]] = [
                (RDF_TYPE, _iri(QB + "Observation"), span),
                (QB + "dataSet", dataset, span),
                (KZ + "refArea", _iri(ns.entity(ob.area)), span),
                (KZ + "ethnicGroup", _iri(ns.entity(ob.group)) if ob.group else _iri(KZ + "allGroups"), span),
                (KZ + "refPeriod", _typed(ob.period, "gYear"), period_span),
                (KZ + ob.measure, _typed(ob.value, "decimal" if ob.measure == "populationShare" else "integer"), span),
            ]
            if ob.ref_date:
                rows.append((KZ + "refDate", _typed(ob.ref_date, "date"), period_span))
            if ob.unit:
                rows.append((KZ + "amount", _typed(ob.stated, "decimal"), span))
                rows.append((KZ + "unit", _lit(ob.unit), span))
            for p, o, sp in rows:
                q.claim(obs, p, o, sp, ob.rule, ob.confidence)
            q.add(dataset, PROV + "wasDerivedFrom", doc)
        for gc in analysis.group_counts:
            when = [(KZ + "refPeriod", _typed(gc.period, "gYear"))] if gc.period else []
            if gc.ref_date:
                when.append((KZ + "refDate", _typed(gc.ref_date, "date")))
            if gc.qualifier:
                when.append((KZ + "qualifier", _lit(gc.qualifier)))
            q.claim(
                _iri(ns.entity(gc.area)),
                KZ + "numberOfEthnicGroups",
                _typed(gc.value, "integer"),
                Span(gc.start, gc.end),
                "ethnic-group-count",
                gc.confidence,
                when,
            )
        # Proposed labels: the label as a claim (skos:altLabel) of the known entity, with its evidence.
        for _i, lp, span in analysis.label_proposals:
            q.claim(
                _iri(ns.entity(lp.entity)),
                P["skos"] + "altLabel",
                _lang(lp.label, lp.language),
                span,
                lp.rule,
                lp.confidence,
            )
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
