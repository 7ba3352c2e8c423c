"""One document through every recogniser: sentences, mentions, dates, statements, candidates, table
observations — all with offsets in the stored text (mapped back from the cleaned text)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from kzgraph.ingest import candidates as cand
from kzgraph.ingest import tabular
from kzgraph.ingest.dates import find as find_dates
from kzgraph.ingest.extract import Statement, extract_sentence, session_mentions
from kzgraph.ingest.gazetteer import Gazetteer, Mention
from kzgraph.ingest.reading import detect_language
from kzgraph.ingest.sentences import Sentence, segment
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


def sentence_mentions(gaz: Gazetteer, sentences: list[Sentence], doc_mentions: list[Mention]) -> list[list[Mention]]:
    """Distribute document-level mentions over sentences (sentence-local offsets)."""
    starts = [s.start for s in sentences]
    per: list[list[Mention]] = [[] for _ in sentences]
    for m in doc_mentions:
        i = bisect_right(starts, m.start) - 1
        if i < 0 or m.end > sentences[i].end:
            continue
        off = sentences[i].start
        per[i].append(Mention(m.start - off, m.end - off, m.entity, m.surface, m.form))
    for i, s in enumerate(sentences):
        extra = session_mentions(s.text, per[i])
        if extra:
            per[i] = sorted(per[i] + extra, key=lambda m: m.start)
    return per


def recognise(gaz: Gazetteer, tm: TextMap, sentences: list[Sentence]) -> list[list[Mention]]:
    return sentence_mentions(gaz, sentences, gaz.find(tm.text))


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
    for i, (s, ms) in enumerate(zip(sentences, per, strict=True)):
        out.sentences.append(Span(*tm.to_raw(s.start, s.end)))
        for m in ms:
            out.mentions.append((i, m, Span(*tm.to_raw(s.start + m.start, s.start + m.end))))
        dates = find_dates(s.text)
        if dates or ms:
            for st in extract_sentence(gaz, s.text, s.start, ms, dates, language=lang):
                out.statements.append((st, Span(*tm.to_raw(st.start, st.end))))
        if with_candidates:
            for c in cand.find(s.text, ms):
                out.candidates.append((i, c, Span(*tm.to_raw(s.start + c.start, s.start + c.end))))
    if with_tables:
        out.observations = tabular.observations(text, gaz)
    return out
