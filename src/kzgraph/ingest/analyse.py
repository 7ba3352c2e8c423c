"""One document through every recogniser: sentences, mentions, dates, statements, candidates, table
observations — all with offsets in the stored text (mapped back from the cleaned text)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from kzgraph.ingest import candidates as cand
from kzgraph.ingest import tabular
from kzgraph.ingest.dates import find as find_dates
from kzgraph.ingest.extract import Statement, extract_sentence, head_word, session_mentions, wants_parse
from kzgraph.ingest.gazetteer import Gazetteer, Mention
from kzgraph.ingest.nlp import parse
from kzgraph.ingest.reading import detect_language
from kzgraph.ingest.sentences import Sentence, segment
from kzgraph.ingest.sessions import session_label
from kzgraph.ingest.textmap import TextMap


@dataclass(frozen=True)
class Span:
    """Offsets in the stored text."""

    start: int
    end: int


@dataclass
class Analysis:
    text: str
    sentences: list[Span] = field(default_factory=list)
    mentions: list[tuple[int, Mention, Span]] = field(default_factory=list)  # (sentence index, mention, raw span)
    statements: list[tuple[Statement, Span]] = field(default_factory=list)
    candidates: list[tuple[int, cand.Candidate, Span]] = field(default_factory=list)
    observations: list[tabular.Observation] = field(default_factory=list)
    # Names as written for an entity (entity, label, language, evidence span): a session's "22nd session of
    # the APK"; and every session named (a closed numbered series: written as entities, not proposed — for a
    # session the curated graph has, the same IRI and number, so nothing conflicts).
    labels: list[tuple[str, str, str, Span]] = field(default_factory=list)
    sessions: dict[str, Span] = field(default_factory=dict)
    parsed: int = 0  # sentences given to the dependency parser


def sentence_mentions(
    gaz: Gazetteer, sentences: list[Sentence], doc_mentions: list[Mention], *, about_assembly: bool = False
) -> list[list[Mention]]:
    """Distribute document-level mentions over sentences (sentence-local offsets); sessions are recognised in
    every sentence of a document ``about_assembly`` (one that names the Assembly), else only in sentences that
    name it."""
    starts = [s.start for s in sentences]
    per: list[list[Mention]] = [[] for _ in sentences]
    for m in doc_mentions:
        i = bisect_right(starts, m.start) - 1
        if i < 0 or m.end > sentences[i].end:
            continue
        off = sentences[i].start
        per[i].append(Mention(m.start - off, m.end - off, m.entity, m.surface, m.form))
    for i, s in enumerate(sentences):
        extra = session_mentions(s.text, per[i], context=about_assembly)
        if extra:
            per[i] = sorted(per[i] + extra, key=lambda m: m.start)
    return per


def recognise(gaz: Gazetteer, tm: TextMap, sentences: list[Sentence]) -> list[list[Mention]]:
    found = gaz.find(tm.text)
    return sentence_mentions(gaz, sentences, found, about_assembly=any(m.entity == "apk" for m in found))


def analyse(
    text: str,
    gaz: Gazetteer,
    *,
    language: str | None = None,
    with_candidates: bool = True,
    with_tables: bool = True,
) -> Analysis:
    """``language``: ``en``/``ru``/``kk``, else guessed from the letters (:func:`reading.detect_language`)."""
    lang = language or detect_language(text)
    tm, sentences = segment(text)
    out = Analysis(text)
    per = recognise(gaz, tm, sentences)
    dates_of = [find_dates(s.text) for s in sentences]
    # First pass: which sentences a parse can help (cheap pre-filter), and what "the assembly" refers to there.
    topic: dict[str, str] = {}
    wanted: dict[int, dict[str, str]] = {}
    topics: list[dict[str, str]] = []  # only the session named last (cheap: shared until it changes)
    current: dict[str, str] = {}
    for i, (s, ms) in enumerate(zip(sentences, per, strict=True)):
        if wants_parse(s.text, ms, dates_of[i], lang, topic):
            wanted[i] = dict(topic)
        if topic.get("session") != current.get("session"):
            current = {"session": topic["session"]}
        topics.append(current)
        for m in ms:
            head = "session" if m.form == "session" else head_word(gaz, m.entity)
            if head:
                topic[head] = m.entity
    docs = dict(zip(wanted, parse([sentences[i].text for i in wanted]), strict=True))
    out.parsed = len(docs)
    for i, (s, ms) in enumerate(zip(sentences, per, strict=True)):
        out.sentences.append(Span(*tm.to_raw(s.start, s.end)))
        for m in ms:
            span = Span(*tm.to_raw(s.start + m.start, s.start + m.end))
            out.mentions.append((i, m, span))
            if m.form == "session":
                out.sessions.setdefault(m.entity, span)
                named = session_label(s.text, m, ms) if lang == "en" else None
                if named is not None:
                    name_span = Span(*tm.to_raw(s.start + m.start, s.start + named[1]))
                    out.labels.append((m.entity, named[0], lang, name_span))
        dates = dates_of[i]
        # Every sentence: some families need neither a date nor a mention (a title before a new name).
        found = extract_sentence(
            gaz, s.text, s.start, ms, dates, language=lang, doc=docs.get(i), topic=wanted.get(i, topics[i])
        )
        for st in found:
            out.statements.append((st, Span(*tm.to_raw(st.start, st.end))))
        if with_candidates:
            for c in cand.find(s.text, ms):
                out.candidates.append((i, c, Span(*tm.to_raw(s.start + c.start, s.start + c.end))))
    if with_tables:
        out.observations = tabular.observations(text, gaz)
    return out
