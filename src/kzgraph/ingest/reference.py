"""Reference across sentences: a sentence that opens with a personal pronoun (``It``, ``Its``, ``They``;
``Он``/``Она``/``Оно``/``Они``) or a definite description (``The Council``, ``In the building``, ``В здании``)
is about the one body the previous sentence named as its subject. The reference becomes a mention of that
body (form ``reference``) that the rule families see like any other, so "It includes 57 experts" attaches its
count to the council the sentence before introduced.

Only when it is unambiguous: the previous sentence is in the same paragraph, names exactly one body (an
organisation, network, assembly body or institution) and names it as its subject (near its start, not as the
object of a preposition); the pronoun agrees in number (``They`` with a network, ``It`` with one body; in
Russian the gender of the body's head noun); a description's noun is the body's head noun or the noun of its
kind (``building`` for a house or theatre). Anything else stays unattached."""

from __future__ import annotations

import re

from kzgraph.ingest.gazetteer import Gazetteer, Mention
from kzgraph.ingest.rules.base import COUNTABLE, ORGANISATION, governed
from kzgraph.ingest.rules.prefilter import head_word
from kzgraph.ingest.sentences import Sentence
from kzgraph.ingest.sessions import kinds_of
from kzgraph.ingest.statement import Proposal, Statement

BODY = ORGANISATION | COUNTABLE | frozenset({"CulturalInstitution", "StateBody", "ConsultativeBody"})
# The classes of a proposed new entity that make it a body (it is then an organisation too).
PROPOSED_BODY = frozenset({"Organization", "CulturalInstitution", "ConsultativeBody", "EthnoCulturalAssociation"})
PLURAL = frozenset({"InstitutionNetwork"})
# The noun a text may use for a body of a kind instead of its own head noun.
KIND_NOUNS: dict[str, frozenset[str]] = {
    "CulturalInstitution": frozenset({"building", "здание"}),
    "Theatre": frozenset({"building", "здание", "theatre", "theater", "театр"}),
}
SUBJECT_REACH = 40  # the subject starts within this many characters of its sentence's start ("In 2009, the …")
PARAGRAPH = re.compile(r"\n\s*\n")
EN_PRONOUN = re.compile(r"(?P<ref>It|Its|They|Their)\b")
# "It is important to …", "It was decided that …": no reference.
EN_DUMMY = re.compile(
    r"It\s+(?:is|was|has been|had been|seems|seemed|appears|appeared)\s+(?:\w+\s+){0,3}?(?:that|to)\b"
)
EN_DESCRIPTION = re.compile(r"(?:(?:In|At|Within|Inside)\s+)?[Tt]he\s+(?P<ref>[A-Za-z]+)\b(?!\s+of\b|-|\s+[A-Z])")
DEFINITE_HEAD = re.compile(r"\b[Tt]he\s+(?P<head>[A-Z][a-z]{3,})\b(?!\s+(?:of|for|on|under)\b|\s+[A-Z]|[-’'])")
OTHER_NAME = re.compile(r"\b(?P<head>[A-Z][a-z]{3,})\s+(?:of|for|on)\s+(?:the\s+)?[A-Z]\w*")
RU_PRONOUN = re.compile(r"(?P<ref>Он|Она|Оно|Они)(?![а-яё])")
RU_GENDER = {"Он": "masc", "Она": "femn", "Оно": "neut"}
RU_DESCRIPTION = re.compile(r"(?:(?:В|Во|На|При|У)\s+)?(?P<ref>[А-ЯЁа-яё][а-яё]+)(?![а-яё-])")


def references(
    gaz: Gazetteer,
    sentences: list[Sentence],
    per: list[list[Mention]],
    text: str,
    language: str,
) -> list[list[Mention]]:
    """For each sentence, the mention its opening reference stands for (empty when none), sentence-local;
    ``per`` holds the sentences' own mentions, ``text`` is the cleaned text they were cut from."""
    out: list[list[Mention]] = [[] for _ in sentences]
    for i in range(1, len(sentences)):
        prev, s = sentences[i - 1], sentences[i]
        if PARAGRAPH.search(text, prev.end, s.start) or "\n" in text[prev.end : s.start].strip(" \t"):
            continue
        body = _subject(gaz, prev.text, per[i - 1] + out[i - 1], language)
        if body is None:
            continue
        ref = _reference(gaz, s.text, per[i], body.entity, body.surface, kinds_of(gaz, body.entity), language)
        if ref is not None:
            out[i] = [Mention(ref[0], ref[1], body.entity, s.text[ref[0] : ref[1]], "reference")]
    return out


def named_heads(
    gaz: Gazetteer, sentences: list[Sentence], per: list[list[Mention]], language: str
) -> list[list[Mention]]:
    """For each sentence, its capitalised definite descriptions (``the Assembly``, ``the Doctrine``) of the one
    known entity the document named before by a multiword name with that head word — a newspaper's short name
    for what it named in full. Not when two entities named so far share the head word, nor before a
    capitalised word or ``of``/``for``/``on`` (``the Assembly Council``, ``the Council of Mothers`` are other
    names), nor inside a mention."""
    out: list[list[Mention]] = [[] for _ in sentences]
    if language != "en":
        return out
    heads: dict[str, set[str]] = {}
    for i, s in enumerate(sentences):
        for d in DEFINITE_HEAD.finditer(s.text):
            found = heads.get(d["head"].lower(), set())
            if len(found) != 1 or any(m.start < d.end("head") and d.start("head") < m.end for m in per[i]):
                continue
            entity = next(iter(found))
            if entity.startswith("?"):
                continue  # only a name the graph lacks
            out[i].append(Mention(d.start("head"), d.end("head"), entity, d["head"], "reference"))
        for m in per[i]:
            head = head_word(gaz, m.entity)
            if head and " " in m.surface:
                heads.setdefault(head, set()).add(m.entity)
        for n in OTHER_NAME.finditer(s.text):  # a name the graph lacks with the same head competes
            if not any(m.start <= n.start() < m.end for m in per[i]):
                heads.setdefault(n["head"].lower(), set()).add("?" + n[0])
    return out


def _subject(gaz: Gazetteer, text: str, mentions: list[Mention], language: str) -> Mention | None:
    """The one body the sentence names, if it is the sentence's subject."""
    bodies = [m for m in mentions if kinds_of(gaz, m.entity) & BODY]
    if len({m.entity for m in bodies}) != 1:
        return None
    first = min(bodies, key=lambda m: m.start)
    if first.start > SUBJECT_REACH or governed(text, first, language if language == "ru" else "en"):
        return None
    # Nothing else named before it (a person, a place … opening the sentence is its subject instead).
    if any(m.end <= first.start for m in mentions if m is not first):
        return None
    return first


def proposed_subject(gaz: Gazetteer, mentions: list[Mention], found: list[Statement]) -> Proposal | None:
    """The one new body a sentence's statements are about ("«Дом дружбы» … было создано 11 апреля 2007 года"),
    when the sentence names no known body beside it."""
    if any(kinds_of(gaz, m.entity) & BODY for m in mentions):
        return None
    new = {st.new_subject for st in found if st.new_subject is not None and st.new_subject.cls in PROPOSED_BODY}
    return new.pop() if len(new) == 1 else None


def stated_subject(gaz: Gazetteer, mentions: list[Mention], found: list[Statement]) -> Mention | None:
    """The one known body a sentence names when its statements are about it, wherever it stands
    (``Напомним, что … предприятие «Дом дружбы» … было создано …``)."""
    bodies = {m.entity for m in mentions if kinds_of(gaz, m.entity) & BODY}
    if len(bodies) != 1:
        return None
    entity = bodies.pop()
    if not any(st.subject == entity for st in found):
        return None
    return next(m for m in mentions if m.entity == entity)


def stated_reference(
    gaz: Gazetteer, text: str, mentions: list[Mention], body: Mention, gap: str, language: str
) -> Mention | None:
    """The mention by which a sentence opens with a reference to ``body``, the known body the sentence before
    made statements about (``gap``: the text between the two sentences)."""
    if PARAGRAPH.search(gap) or "\n" in gap.strip(" \t"):
        return None
    ref = _reference(gaz, text, mentions, body.entity, body.surface, kinds_of(gaz, body.entity), language)
    return None if ref is None else Mention(ref[0], ref[1], body.entity, text[ref[0] : ref[1]], "reference")


def proposed_kinds(p: Proposal) -> frozenset[str]:
    return frozenset({p.cls, "Organization"})


def proposed_reference(
    gaz: Gazetteer, text: str, mentions: list[Mention], body: Proposal, gap: str, language: str
) -> Mention | None:
    """The mention by which a sentence opens with a reference to ``body``, a new body the sentence before was
    about (``gap``: the text between the two sentences)."""
    if PARAGRAPH.search(gap) or "\n" in gap.strip(" \t"):
        return None
    ref = _reference(gaz, text, mentions, body.entity, body.label, proposed_kinds(body), language)
    return None if ref is None else Mention(ref[0], ref[1], body.entity, text[ref[0] : ref[1]], "reference")


def _reference(
    gaz: Gazetteer,
    text: str,
    mentions: list[Mention],
    entity: str,
    surface: str,
    kinds: frozenset[str],
    language: str,
) -> tuple[int, int] | None:
    if any(m.entity == entity for m in mentions):
        return None  # the sentence names the body itself
    nouns = frozenset().union(*(KIND_NOUNS.get(k, frozenset()) for k in kinds))
    if language == "en":
        p = EN_PRONOUN.match(text)
        if p is not None:
            plural = p["ref"] in ("They", "Their")
            if EN_DUMMY.match(text) or plural != bool(kinds & PLURAL):
                return None
            return p.span("ref")
        d = EN_DESCRIPTION.match(text)
        if d is None or any(m.start <= d.start("ref") < m.end for m in mentions):
            return None
        word = d["ref"].lower()
        return d.span("ref") if word == head_word(gaz, entity) or word in nouns else None
    if language == "ru":
        return _reference_ru(text, mentions, surface, nouns)
    return None


def _reference_ru(text: str, mentions: list[Mention], surface: str, nouns: frozenset[str]) -> tuple[int, int] | None:
    from kzgraph import morphology

    morph = morphology.analyzer()
    head = next((p for p in morph.parse(surface.split()[0].strip('«»"')) if p.tag.POS == "NOUN"), None)
    if head is None:
        return None
    p = RU_PRONOUN.match(text)
    if p is not None:
        if p["ref"] == "Они":
            return p.span("ref") if head.tag.number == "plur" else None
        return p.span("ref") if head.tag.number == "sing" and head.tag.gender == RU_GENDER[p["ref"]] else None
    d = RU_DESCRIPTION.match(text)
    if d is None or any(m.start <= d.start("ref") < m.end for m in mentions):
        return None
    word = next((w for w in morph.parse(d["ref"]) if w.tag.POS == "NOUN"), None)
    if word is None:
        return None
    return d.span("ref") if word.normal_form == head.normal_form or word.normal_form in nouns else None
