"""One document through every recogniser: sentences, mentions, dates, statements, candidates, table
observations — all with offsets in the stored text (mapped back from the cleaned text)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from kzgraph.ingest import candidates as cand
from kzgraph.ingest import crosslingual, infobox, population, tabular
from kzgraph.ingest.dates import find as find_dates
from kzgraph.ingest.extract import Proposal, Statement, extract_sentence, head_word, session_mentions, wants_parse
from kzgraph.ingest.gazetteer import CYRILLIC, Gazetteer, Mention, fold
from kzgraph.ingest.labels import LabelProposal, Proposer
from kzgraph.ingest.nlp import parse
from kzgraph.ingest.reading import detect_language
from kzgraph.ingest.reference import (
    named_heads,
    proposed_kinds,
    proposed_reference,
    proposed_subject,
    references,
    stated_reference,
    stated_subject,
)
from kzgraph.ingest.rules import legal_acts
from kzgraph.ingest.sentences import Sentence, segment
from kzgraph.ingest.sessions import session_label, unnumbered
from kzgraph.ingest.textmap import TextMap

HEADING_SENTENCES = 6  # a legal act's text names itself in its first lines


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
    group_counts: list[population.GroupCount] = field(default_factory=list)
    pending_figures: list[tuple[str, tabular.Observation]] = field(default_factory=list)  # (candidate, figure)
    # Labels proposed for known entities (labels.py): (sentence index, proposal with sentence-local offsets, raw
    # span of the sentence: the claim's quote).
    label_proposals: list[tuple[int, LabelProposal, Span]] = field(default_factory=list)
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
    """``language``: ``en``/``ru``/``kk``, else guessed from the letters (:func:`reading.detect_language`); it
    also decides how a group name in a population figure is read and the language of a proposed label."""
    lang = language or detect_language(text)
    tm, sentences = segment(text)
    out = Analysis(text)
    per = recognise(gaz, tm, sentences)
    proposer = Proposer(gaz, lang)
    names_of, early = _link_names(gaz, lang, sentences, per, proposer)
    unnumbered = _unnumbered_session(sentences, per)
    dates_of = [find_dates(s.text) for s in sentences]
    # A sentence opening with "It …"/"The council …" about the previous sentence's subject: families see the
    # reference as a mention of it (not recorded as a mention of the document).
    refs = references(gaz, sentences, per, tm.text, lang)
    for i, extra in enumerate(named_heads(gaz, sentences, per, lang)):
        if extra:  # "the Assembly" after "the Assembly of People of Kazakhstan" was named
            have = {(m.start, m.end) for m in refs[i]}
            refs[i] = sorted(refs[i] + [m for m in extra if (m.start, m.end) not in have], key=lambda m: m.start)
    # First pass: which sentences a parse can help (cheap pre-filter), and what "the assembly" refers to there.
    topic: dict[str, str] = {}
    wanted: dict[int, dict[str, str]] = {}
    topics: list[dict[str, str]] = []  # only the session named last (cheap: shared until it changes)
    current: dict[str, str] = {}
    for i, (s, ms) in enumerate(zip(sentences, per, strict=True)):
        if wants_parse(s.text, ms + refs[i], dates_of[i], lang, topic):
            wanted[i] = dict(topic)
        if topic.get("session") != current.get("session"):
            current = {"session": topic["session"]}
        topics.append(current)
        for m in ms:
            head = "session" if m.form == "session" else head_word(gaz, m.entity)
            if head:
                topic[head] = m.entity
    seen: dict[str, tuple[str, Proposal | None]] = {}  # folded name -> entity as named (or proposed) so far
    docs = dict(zip(wanted, parse([sentences[i].text for i in wanted]), strict=True))
    out.parsed = len(docs)
    body: Proposal | None = None  # the new body the previous sentence was about
    act: Proposal | None = None  # the legal act the document is (a heading near its start cites it)
    known: Mention | None = None  # else the known body its statements were about
    for i, (s, ms) in enumerate(zip(sentences, per, strict=True)):
        out.sentences.append(Span(*tm.to_raw(s.start, s.end)))
        for m in ms:
            if unnumbered is not None and m.entity == unnumbered.entity:
                continue  # a proposed entity, no known one: its statements carry it
            span = Span(*tm.to_raw(s.start + m.start, s.start + m.end))
            out.mentions.append((i, m, span))
            if m.form == "session" and (unnumbered is None or m.entity != unnumbered.entity):
                out.sessions.setdefault(m.entity, span)
                named = session_label(s.text, m, ms) if lang == "en" else None
                if named is not None:
                    name_span = Span(*tm.to_raw(s.start + m.start, s.start + named[1]))
                    out.labels.append((m.entity, named[0], lang, name_span))
        dates = dates_of[i]
        ref, kinds = refs[i], None
        if not ref and body is not None:
            gap = tm.text[sentences[i - 1].end : s.start]
            to_new = proposed_reference(gaz, s.text, ms, body, gap, lang)
            if to_new is not None:
                ref, kinds = [to_new], {body.entity: proposed_kinds(body)}
        elif not ref and known is not None:
            to_known = stated_reference(gaz, s.text, ms, known, tm.text[sentences[i - 1].end : s.start], lang)
            ref = [to_known] if to_known is not None else ref
        # Every sentence: some families need neither a date nor a mention (a title before a new name).
        found = extract_sentence(
            gaz,
            s.text,
            s.start,
            sorted(ms + ref, key=lambda m: m.start) if ref else ms,
            dates,
            language=lang,
            doc=docs.get(i),
            topic=wanted.get(i, topics[i]),
            named=seen,
            kinds=kinds if unnumbered is None else {**(kinds or {}), unnumbered.entity: SESSION_KINDS},
            act=act,
        )
        if act is None and i < HEADING_SENTENCES:
            act = next((st.new_subject for st in found if legal_acts.is_heading(s.text, st)), None)
        if kinds is not None and body is not None:
            new = body
            found = [
                replace(st, new_subject=new) if st.subject == new.entity and not st.new_subject else st for st in found
            ]
        if unnumbered is not None:
            found = [
                replace(st, new_subject=unnumbered) if st.subject == unnumbered.entity and not st.new_subject else st
                for st in found
            ]
        body = proposed_subject(gaz, ms, found)
        known = stated_subject(gaz, ms, found) if body is None else None
        for m in ms:
            seen.setdefault(_name_key(m.surface), (m.entity, None))
        for st in found:
            for p in (st.new_subject, st.new_object):
                if p is not None:
                    seen.setdefault(_name_key(p.label), (p.entity, p))
        for st in found:
            out.statements.append((st, Span(*tm.to_raw(st.start, st.end))))
        names = names_of.get(i)
        if names is None:
            names = cand.find(s.text, ms) if with_candidates or "(" in s.text else []
        if with_candidates:
            for c in names:
                out.candidates.append((i, c, Span(*tm.to_raw(s.start + c.start, s.start + c.end))))
        if (ms and ("(" in s.text or "," in s.text)) or (lang != "en" and CYRILLIC.search(s.text)):
            sentence_span = out.sentences[i]
            out.label_proposals += [(i, lp, sentence_span) for lp in proposer.find(s.text, ms, names)]
        out.label_proposals += [(i, lp, out.sentences[i]) for lp in early.get(i, ())]
    # Lines that are no prose: an infobox's key-value lines, a document symbol and its date.
    doc_mentions = [
        replace(m, start=s.start + m.start, end=s.start + m.end)
        for s, ms in zip(sentences, per, strict=True)
        for m in ms
    ]
    for st in infobox.statements(gaz, tm.text, doc_mentions):
        out.statements.append((st, Span(*tm.to_raw(st.start, st.end))))
    if with_tables:
        out.observations = tabular.observations(text, gaz)
        pop = population.Reader(gaz, lang).read(tm.text, sentences, per, tm.to_raw)
        out.observations += pop.observations
        out.group_counts = pop.group_counts
        out.pending_figures = pop.pending if with_candidates else []
        out.label_proposals += [(i, lp, out.sentences[i]) for i, lp in pop.labels]
        if with_candidates:
            for i, c in pop.candidates:
                s = sentences[i]
                out.candidates.append((i, c, Span(*tm.to_raw(s.start + c.start, s.start + c.end))))
    out.label_proposals = _distinct_labels(out.label_proposals)
    return out


SESSION_KINDS = frozenset({"AssemblySession", "Event"})
CAPITAL_BEFORE = re.compile(r"([А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*)\s+$")
CAPITAL_AFTER = re.compile(r"\s+([А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*)")


def _name_next_to(text: str, start: int, end: int) -> bool:
    """Is the name at ``start:end`` part of a longer name: a capitalised word next to it that is a first name,
    surname or patronymic, or no dictionary word (``Роман Петров``; not ``Президент Касым-Жомарт Токаев``)?"""
    from kzgraph import morphology

    morph = morphology.analyzer()
    for m in (CAPITAL_BEFORE.search(text, 0, start), CAPITAL_AFTER.match(text, end)):
        if m is None:
            continue
        word = m[1]
        if not morph.word_is_known(word.lower()) or any(
            {"Name", "Surn", "Patr"} & p.tag.grammemes for p in morph.parse(word)
        ):
            return True
    return False


KAZAKH_ONLY = re.compile(r"[әғқңөұүһӘҒҚҢӨҰҮҺ]")  # not і: Russian texts type Roman numerals with it (ХХХІ)


def _unnumbered_session(sentences: list[Sentence], per: list[list[Mention]]) -> Proposal | None:
    """A document that speaks of an Assembly session without numbering any (``Началась сессия АНК``): that
    session, proposed as a new entity named as the text names it, becomes a mention (form ``session``) wherever
    the text names it so, and what the text says of "the session" attaches to it. A closed series has no room
    for a session without its number: the candidate is for a reviewer to identify (``kzgraph accept … --id
    apk-session-N``)."""
    if any(m.form == "session" for ms in per for m in ms):
        return None
    found = [
        (i, hit, language)
        for i, s in enumerate(sentences)
        if CYRILLIC.search(s.text)
        for language in ("ru", "kk")
        for hit in unnumbered(s.text, language)
    ]
    if not found:
        return None
    label, language = found[0][1][2], found[0][2]
    proposal = Proposal(cand.slug(label), label, "AssemblySession", language)
    for i, (a, b, _label), _language in found:
        if not any(m.start < b and a < m.end for m in per[i]):
            surface = sentences[i].text[a:b]
            per[i] = sorted([*per[i], Mention(a, b, proposal.entity, surface, "session")], key=lambda m: m.start)
    return proposal


def _link_names(
    gaz: Gazetteer, lang: str, sentences: list[Sentence], per: list[list[Mention]], proposer: Proposer
) -> tuple[dict[int, list[cand.Candidate]], dict[int, list[LabelProposal]]]:
    """Russian/Kazakh names of known entities that the gazetteer lacks become mentions of them (in ``per``),
    so every rule attaches to the known entity: institution names through the glossary (crosslingual.py,
    form ``translated``) and persons' and places' names aligned with their English labels (labels.py, form
    ``aligned``). Every Cyrillic sentence, whatever the document's language (a sentence with Kazakh letters,
    or of a Kazakh document, is read as Kazakh). Returns each sentence's remaining candidate names and the
    labels these links propose."""
    names_of: dict[int, list[cand.Candidate]] = {}
    early: dict[int, list[LabelProposal]] = {}
    named = {m.entity for ms in per for m in ms}
    linkers = {x: crosslingual.Linker(gaz, x, named=named) for x in ("ru", "kk")}
    for i, s in enumerate(sentences):
        if not CYRILLIC.search(s.text):
            continue
        names = cand.find(s.text, per[i])
        reading = "kk" if lang == "kk" or KAZAKH_ONLY.search(s.text) else "ru"
        links = linkers[reading].links(s.text, per[i], names)
        found = [Mention(x.start, x.end, x.entity, s.text[x.start : x.end], "translated") for x in links]
        labels = crosslingual.proposals(links, gaz, lang)
        aligned = proposer.aligned_names(s.text, per[i] + found)
        # a mention only where the aligned words are the whole name ("Роман" of "Роман Петров" is no "Kim Roman")
        found += [
            Mention(x.start, x.end, x.entity, s.text[x.start : x.end], "aligned")
            for x in aligned
            if not _name_next_to(s.text, x.start, x.end)
        ]
        labels += aligned
        if found:
            per[i] = sorted(per[i] + found, key=lambda m: m.start)
            names = [c for c in names if not any(x.start < c.end and c.start < x.end for x in found)]
        names_of[i] = names
        if labels:
            early[i] = labels
    return names_of, early


def _name_key(name: str) -> str:
    return " ".join(fold(name).split())


def _distinct_labels(labels: list[tuple[int, LabelProposal, Span]]) -> list[tuple[int, LabelProposal, Span]]:
    """One proposal per (entity, language, label) and document: the most confident, then the first (one
    sentence of evidence is enough; a name repeated in every sentence would otherwise repeat its claim)."""
    best: dict[tuple[str, str, str], tuple[int, LabelProposal, Span]] = {}
    for item in sorted(labels, key=lambda x: (x[0], x[1].start)):
        _i, lp, _ = item
        key = (lp.entity, lp.language, lp.label)
        if key not in best or best[key][1].confidence < lp.confidence:
            best[key] = item
    return sorted(best.values(), key=lambda x: (x[0], x[1].start))
