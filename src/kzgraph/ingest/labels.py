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
   (:mod:`ethnonyms`): ``казахов`` → ``казахи``@ru for ``kazakhs``; and a capitalised Cyrillic name of one to
   three words that no known mention covers, whose words — in their dictionary form (pymorphy3) or without
   their Kazakh case endings — correspond one to one, by the same spelling key, to the words of one known
   place's or person's English label, or a single word to a one-word place or a person's surname:
   ``Касым-Жомарта Токаева`` → ``Касым-Жомарт Токаев``@ru, ``Шымкенте`` → ``Шымкент``@ru, ``Тоқаевқа`` →
   ``Тоқаев``@kk.

A proposal's language is its script's: Latin → ``en``; Cyrillic with Kazakh letters → ``kk``; other
Cyrillic → the document's language when it is ``ru`` or ``kk``, else ``ru``. A name that is already a form of
that entity is not proposed; one that is a form of another entity neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kzgraph import morphology
from kzgraph.ingest.candidates import Candidate
from kzgraph.ingest.ethnonyms import KAZAKH_LETTERS, _one_edit, spelling_key
from kzgraph.ingest.gazetteer import CYRILLIC, Gazetteer, Mention, _key
from kzgraph.ingest.lexicon import FUNCTION_WORDS


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


_CAP_WORD = r"[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+(?:-[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+)?"
NAME_RUN = re.compile(rf"(?<![\w-]){_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}}(?![\w-])")
KK_CASE_ENDINGS = sorted(
    [
        *("ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге", "қа", "ке", "на", "не", "да", "де", "та", "те"),
        *("дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі", "дан", "ден", "тан", "тен", "нан", "нен"),
        *("ды", "ді", "ты", "ті", "ны", "ні", "мен", "бен", "пен", "ы", "і", "сы", "сі"),
    ],
    key=len,
    reverse=True,
)


@lru_cache(maxsize=4096)
def word_forms(word: str, language: str) -> tuple[str, ...]:
    """A word and its dictionary forms: Russian normal forms (pymorphy3), Kazakh stems without a case ending;
    the word as written first, then the others shortest first."""
    forms = {word}
    if language == "kk" or KAZAKH_LETTERS.search(word):
        low = word.lower()
        forms |= {word[: -len(e)] for e in KK_CASE_ENDINGS if low.endswith(e) and len(word) - len(e) >= 3}
    else:
        parts = word.split("-")
        normal = [{p.normal_form for p in morphology.analyzer().parse(part)} for part in parts]
        if len(parts) == 1:
            forms |= {n.capitalize() for n in normal[0]}
        else:
            forms |= {"-".join(n.capitalize() for n in choice) for choice in _product(normal)}
    return (word, *sorted(forms - {word}, key=len))


def _best(forms: tuple[str, ...], key: str) -> str | None:
    """The form whose spelling key is ``key`` or one letter from it (keys of five letters or more), the
    closest first, the word as written before a dictionary form at equal distance."""
    scored = []
    for order, f in enumerate(forms):
        k = spelling_key(f)
        if k == key and len(k) >= 4:
            scored.append((0, order, f))
        elif min(len(k), len(key)) >= 5 and abs(len(k) - len(key)) <= 1 and _one_edit(k, key):
            scored.append((1, order, f))
    return min(scored)[2] if scored else None


def _product(options: list[set[str]]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for opts in options:
        out = [[*prefix, o] for prefix in out for o in sorted(opts)][:16]
    return out


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
        self._label_keys: tuple[dict[int, list[tuple[str, list[str]]]], dict[str, set[str]]] | None = None

    def _new(self, entity: str, label: str) -> bool:
        """Is ``label`` a name the gazetteer does not yet know for any entity?"""
        key = _key(label)
        return len(key) >= 2 and key not in self.gaz.forms and key not in self.gaz.ambiguous

    def _proposal(
        self, entity: str, label: str, rule: str, conf: float, start: int, end: int | None = None
    ) -> LabelProposal | None:
        """``end``: where the name ends in the text, when it is written in another form than ``label``."""
        label = " ".join(label.split()).strip(" ,.;:")
        if not self._new(entity, label):
            return None
        lang = language_of(label, self.lang)
        return LabelProposal(entity, lang, label, rule, conf, start, start + len(label) if end is None else end)

    def _names(self) -> tuple[dict[int, list[tuple[str, list[str]]]], dict[str, set[str]]]:
        """Known places' and persons' English labels as key lists by word count, and the keys of one-word places
        and persons' surnames (computed once per proposer)."""
        if self._label_keys is None:
            by_count: dict[int, list[tuple[str, list[str]]]] = {}
            single: dict[str, set[str]] = {}
            for e in self.gaz.entities.values():
                if not e.kinds & {"Place", "Person"} or CYRILLIC.search(e.label):
                    continue
                words = e.label.split()
                keys = [spelling_key(w) for w in words]
                by_count.setdefault(len(words), []).append((e.id, keys))
                if len(words) == 1 or "Person" in e.kinds:
                    single.setdefault(keys[-1], set()).add(e.id)
            self._label_keys = (by_count, single)
        return self._label_keys

    def aligned_names(self, text: str, mentions: list[Mention]) -> list[LabelProposal]:
        """Capitalised Cyrillic names no mention covers, aligned word by word with a known place or person
        (the longest stretch of a run of capitalised words first)."""
        out: list[LabelProposal] = []
        for run in NAME_RUN.finditer(text):
            if any(m.start < run.end() and run.start() < m.end for m in mentions):
                continue
            words = [(w.start(), w[0]) for w in re.finditer(r"\S+", run[0])]
            taken: set[int] = set()
            for size in range(len(words), 0, -1):
                for i in range(len(words) - size + 1):
                    if taken & set(range(i, i + size)):
                        continue
                    found = self._align([w for _, w in words[i : i + size]])
                    if found is None:
                        continue
                    entity, label = found
                    last = words[i + size - 1]
                    at, end = run.start() + words[i][0], run.start() + last[0] + len(last[1])
                    p = self._proposal(entity, label, "label-aligned-name", 0.6, at, end)
                    if p:
                        out.append(p)
                    taken |= set(range(i, i + size))
        return out

    def _align(self, words: list[str]) -> tuple[str, str] | None:
        """The one known place or person whose English label's words these are, and the name in its dictionary
        form; a single word may be a one-word place or a person's surname."""
        by_count, single = self._names()
        hits: dict[str, list[str]] = {}
        starts = {spelling_key(f)[:2] for f in word_forms(words[0], self.lang)}
        for eid, keys in by_count.get(len(words), []):
            if keys[0][:2] not in starts:
                continue  # a cheap test: the first letters of the first word differ
            picked = [_best(word_forms(w, self.lang), k) for w, k in zip(words, keys, strict=True)]
            if all(p is not None for p in picked):
                hits[eid] = [p for p in picked if p is not None]
        if not hits and len(words) == 1:
            for k, eids in single.items():
                if k[:2] not in starts:
                    continue
                best = _best(word_forms(words[0], self.lang), k)
                if best is not None:
                    for eid in eids:
                        hits[eid] = [best]
        if len(hits) != 1:
            return None
        eid, names = next(iter(hits.items()))
        return eid, " ".join(names)

    def find(self, text: str, mentions: list[Mention], candidates: list[Candidate]) -> list[LabelProposal]:
        out: list[LabelProposal] = []
        if CYRILLIC.search(text):
            out += self.aligned_names(text, mentions)
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
