"""Names in Russian and Kazakh (and English) that the graph lacks for an entity it knows, PROPOSED as labels
with their evidence — never written from memory, never added without ``kzgraph accept``.

A text aligns a new name with a known one in three ways:

1. **abbreviation** — an abbreviation in brackets right after a name, or a name in brackets right after an
   abbreviation, one of them known, when the abbreviation's letters are the initials of the name's words (parts
   of hyphenated words count; ``и``/``of``/``және`` … may be skipped): ``Научно-экспертный совет (НЭС)``,
   ``ҚХА (Қазақстан халқы Ассамблеясы)``. The unknown side is proposed for the known side's entity;
2. **definition** — a name in another script or language in brackets right after a known one, or the reverse
   (``Совет матерей (Council of Mothers)``), or ``X, i.e. Y`` / ``X, то есть Y`` / ``X (далее – Y)`` /
   ``X, яғни Y``: the bracketed or defining name, when it is a whole name (a candidate name, a known name, or
   an abbreviation) and the other side is a known mention; a short form made of the known name's own words
   (``(hereinafter the Assembly)``) is the document's shorthand, not a name, and is not proposed;
3. **aligned mention** — an ethnic group's name in a figure's slot linked by an orthographic correspondence
   (:mod:`ethnonyms`): ``казахов`` → ``казахи``@ru for ``kazakhs``.

A proposal's language is its script's: Latin → ``en``; Cyrillic with Kazakh letters → ``kk``; other
Cyrillic → the document's language when it is ``ru`` or ``kk``, else ``ru``. A name that is already a form of
that entity is not proposed; one that is a form of another entity neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzgraph.ingest.candidates import Candidate
from kzgraph.ingest.ethnonyms import KAZAKH_LETTERS
from kzgraph.ingest.gazetteer import CYRILLIC, FUNCTION_WORDS, Gazetteer, Mention, _key


@dataclass(frozen=True)
class LabelProposal:
    """``label`` (language ``language``) proposed for the known ``entity``; offsets sentence-local until
    :mod:`analyse` maps them."""

    entity: str
    language: str
    label: str
    rule: str
    confidence: float
    start: int
    end: int


ABBREVIATION = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{2,8}$")
_OPEN = re.compile(r"\s*\(\s*")
_DEFINE = re.compile(
    r"\s*(?:,\s*(?:i\.\s?e\.|that is|то есть|т\.\s?е\.|яғни)\s*,?\s*"
    r"|\(\s*(?:далее|бұдан әрі|hereinafter|hereafter)\s*(?:referred\s+to\s+as\s+|[-–—:]\s*)?(?:the\s+)?)",
    re.IGNORECASE,
)


def language_of(label: str, document_language: str) -> str:
    if not CYRILLIC.search(label):
        return "en"
    if KAZAKH_LETTERS.search(label):
        return "kk"
    return document_language if document_language in {"ru", "kk"} else "ru"


def initials(name: str) -> list[str]:
    """The first letters of a name's words and of the parts of its hyphenated words, upper case."""
    parts = [p for w in name.replace("«", " ").replace("»", " ").split() for p in w.split("-") if p]
    return [p[0].upper() for p in parts if p[0].isalpha()]


def spells(abbreviation: str, name: str) -> bool:
    """Are the abbreviation's letters the initials of the name's words, in order (function words may be
    skipped)?"""
    parts = [p for w in name.split() for p in w.strip('«»"()').split("-") if p]

    def walk(i: int, j: int) -> bool:
        if j == len(abbreviation):
            return all(p.lower() in FUNCTION_WORDS for p in parts[i:])
        if i == len(parts):
            return False
        p = parts[i]
        if p[0].upper() == abbreviation[j] and walk(i + 1, j + 1):
            return True
        return p.lower() in FUNCTION_WORDS and walk(i + 1, j)

    return len(parts) >= 2 and walk(0, 0)


def _names_before(text: str, end: int, n_words: int) -> list[tuple[int, str]]:
    """The last 2..n_words words before ``end`` as (start, text) spans, shortest first."""
    out: list[tuple[int, str]] = []
    words = list(re.finditer(r"[^\s()«»\"]+", text[:end]))
    for k in range(2, min(n_words, len(words)) + 1):
        start = words[-k].start()
        out.append((start, text[start:end].strip()))
    return out


class Proposer:
    def __init__(self, gaz: Gazetteer, document_language: str) -> None:
        self.gaz = gaz
        self.lang = document_language

    def _new(self, entity: str, label: str) -> bool:
        """Is ``label`` a name the gazetteer does not yet know for any entity?"""
        key = _key(label)
        return len(key) >= 2 and key not in self.gaz.forms and key not in self.gaz.ambiguous

    def _proposal(self, entity: str, label: str, rule: str, conf: float, start: int) -> LabelProposal | None:
        label = " ".join(label.split()).strip(" ,.;:")
        if not self._new(entity, label):
            return None
        return LabelProposal(entity, language_of(label, self.lang), label, rule, conf, start, start + len(label))

    def find(self, text: str, mentions: list[Mention], candidates: list[Candidate]) -> list[LabelProposal]:
        out: list[LabelProposal] = []
        by_end = {m.end: m for m in mentions}
        by_start = {m.start: m for m in mentions}
        cand_by_end = {c.end: c for c in candidates}
        for br in re.finditer(r"\(\s*([^()]{2,80}?)\s*\)", text):
            inner, a, b = br[1], br.start(1), br.end(1)
            before = text[: br.start()].rstrip()
            prev_end = len(before)
            known_before = by_end.get(prev_end)
            inner_known = by_start.get(a)
            inner_is_known = inner_known is not None and inner_known.end == b
            if known_before is not None and not inner_is_known:
                # Known name (new name): an abbreviation spelling it, or a name in another script.
                if ABBREVIATION.match(inner):
                    if spells(inner, known_before.surface):
                        p = self._proposal(known_before.entity, inner, "label-abbreviation", 0.8, a)
                        if p:
                            out.append(p)
                elif self._other_script(inner, known_before.surface) and self._whole_name(inner):
                    p = self._proposal(known_before.entity, inner, "label-bracket", 0.7, a)
                    if p:
                        out.append(p)
                continue
            if inner_is_known and known_before is None:
                assert inner_known is not None
                # New name (known name): the words before whose initials spell a known abbreviation, or a
                # candidate name in another script.
                if ABBREVIATION.match(inner):
                    for start, name in _names_before(text, prev_end, len(inner) + 3):
                        if spells(inner, name) and name[:1].isupper():
                            p = self._proposal(inner_known.entity, name, "label-abbreviation", 0.75, start)
                            if p:
                                out.append(p)
                            break
                    continue
                cand = cand_by_end.get(prev_end)
                if cand is not None and self._other_script(cand.label, inner):
                    p = self._proposal(inner_known.entity, cand.label, "label-bracket", 0.7, cand.start)
                    if p:
                        out.append(p)
                elif ABBREVIATION.match(before.split()[-1] if before.split() else ""):
                    abbr = before.split()[-1]
                    if spells(abbr, inner_known.surface):
                        p = self._proposal(inner_known.entity, abbr, "label-abbreviation", 0.75, prev_end - len(abbr))
                        if p:
                            out.append(p)
        # Definitions: "X, i.e. Y", "X (далее – Y)".
        for m in mentions:
            d = _DEFINE.match(text, m.end)
            if d is None:
                continue
            rest = text[d.end() :]
            nm = re.match(r"[«\"]?([^\s,;()«»\"][^,;()«»\"]{0,60}?)[»\"]?\s*(?:\)|,|;|\.|$)", rest)
            if nm is None:
                continue
            name = nm[1].strip()
            whole = by_start.get(d.end() + nm.start(1))
            if whole is not None and whole.end >= d.end() + nm.start(1) + len(name):
                continue  # already a known name
            if not name[:1].isupper() or len(name.split()) > 6:
                continue
            if {_key(w) for w in name.split()} <= {_key(w) for w in m.surface.split()}:
                continue  # "(hereinafter the Assembly)": a short form the document uses, not another name
            p = self._proposal(m.entity, name, "label-definition", 0.65, d.end() + nm.start(1))
            if p:
                out.append(p)
        return out

    @staticmethod
    def _other_script(a: str, b: str) -> bool:
        return bool(CYRILLIC.search(a)) != bool(CYRILLIC.search(b))

    @staticmethod
    def _whole_name(name: str) -> bool:
        words = name.split()
        return 1 <= len(words) <= 8 and name[:1].isupper() and not re.search(r"\d", name)
