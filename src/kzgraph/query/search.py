"""Finding an entity by anything a person may type: a label or alias in any language, misspelt, partial, inflected,
an acronym, a numbered session written any way, a CURIE or an IRI. One ranking for the library, ``describe``, the
server and the network views.

>>> from kzgraph import KnowledgeGraph
>>> kg = KnowledgeGraph.open()
>>> [hit.curie for hit in kg.search("ХХ сессиясы", limit=1)]
['kzid:apk-session-20']
>>> hit = kg.search("Council of Mothers")[0]
>>> hit.curie, hit.kind, hit.matched
('kzid:apk-council-of-mothers', 'AssemblyBody', 'Council of mothers under the Assembly of People of Kazakhstan')
>>> kg.search("Асамблея народа", lang="ru")[0].label
'Ассамблея народа Казахстана'

**How it ranks.** Each name (label, alias, the entity's id, the initials of a multiword name, and the name with a
contained entity's name replaced by that entity's acronym: "Session 20 of the APK") is turned into keys by
:func:`kzgraph.query.normalise.keys`, as is the query. A query key matches a name key exactly (100), as the start
of it (:data:`PREFIX` — partial typing, at least three letters), or within :data:`FUZZY` by rapidfuzz's
``fuzz.ratio`` (misspellings; numbers only match exactly); a Russian or Kazakh word of the query is also compared
as typed (a misspelt word's dictionary form or stem may be off), and romanised, against Latin keys at
:data:`SCRIPT_WEIGHT` ("Сенат" → "Senate"); it may also match a word of the label of the entity's
class at :data:`KIND_WEIGHT` of that ("20-я сессия": *сессия* is in the label of ``kz:AssemblySession``). Keys are
weighted by their rarity (inverse document frequency over the names), so the words that tell entities apart count
most. A name scores ``query coverage × (1 − NAME_WEIGHT + NAME_WEIGHT × name coverage)``: how much of the query it
explains, and a little for how much of the name the query explains (so "Council of Mothers" prefers the council to
everything else with "council"); a name holding the query's keys in a row gains :data:`PHRASE` points
(checked for the :data:`PHRASE_CANDIDATES` best names; the others are scaled to leave room for them, so an exact
name still scores 100). An entity takes its best name's score, and :data:`PRIOR_WEIGHT` of the score
comes from how many facts the graph states about it (the APK before each of its sessions for "Assembly"),
except that a name given exactly (the same keys) scores 100.
Scores run from 0 to 100; below :data:`GOOD` a result is a guess, offered as "did you mean".

Speed: keys are matched against the vocabulary of distinct name keys — a sorted list for exact keys and prefixes,
rapidfuzz for the keys that share at least 30% of the query key's letter pairs (posting lists of letter pairs find
them) —, then the names holding a matched key are scored at once with numpy arrays (benchmarks/search.py).

The network views rank the same way in the browser: :func:`kzgraph.query.searchpage.export` gives a page what it
needs, and
``kzgraph/viz/assets/viewer.js`` applies these rules (tests/viz/test_search_box.py compares the two).
"""

from __future__ import annotations

import bisect
import math
import re
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from kzgraph.ingest.lexicon import FUNCTION_WORDS
from kzgraph.query.normalise import fold, is_cyrillic, key_pairs, keys, romanise, words
from kzgraph.query.sources import values_clause
from kzgraph.rdf import namespaces as ns

if TYPE_CHECKING:
    from kzgraph.stores import Store

PREFIX = 90.0
FUZZY = 75.0
FUZZY_MIN_LENGTH = 4
KIND_WEIGHT = 0.9
SCRIPT_WEIGHT = 0.9
NAME_WEIGHT = 0.25
PRIOR_WEIGHT = 0.08
PHRASE = 10.0
PHRASE_CANDIDATES = 200
GOOD = 70.0
INITIALS_MAX = 5
LANGS = ("en", "ru", "kk")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]{2,8}$")


@dataclass(frozen=True)
class SearchHit:
    """One entity found: its IRI and CURIE, its best label in the language asked for, the name that matched, the
    score (0–100, higher is better) and the local name of its class."""

    iri: str
    curie: str
    label: str
    matched: str
    score: float
    kind: str

    def _repr_html_(self) -> str:
        """One line for Jupyter; every text escaped."""
        from html import escape

        return (f'<span class="kzgraph-hit"><b>{escape(self.label)}</b> ({escape(self.curie)}, {escape(self.kind)})'
                f" matched “{escape(self.matched)}”, score {self.score:.1f}</span>")  # fmt: skip

    @property
    def good(self) -> bool:
        """Whether the match is good enough to stand for the query (not only a suggestion)."""
        return self.score >= GOOD


@dataclass
class Entity:
    """What the index knows of one entity: labels by language, names to match, class and how much is said of it."""

    iri: str
    kind: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # language -> preferred label
    names: list[tuple[str, str]] = field(default_factory=list)  # (text, language) of every label and alias
    facts: int = 0

    def label(self, lang: str | None) -> str:
        """The preferred label in ``lang``, falling back to en, ru, kk, then any; the id when it has none."""
        for tag in (lang, *LANGS):
            if tag and tag in self.labels:
                return self.labels[tag]
        if self.labels:
            return self.labels[min(self.labels)]
        return ns.compact(self.iri).split(":", 1)[-1]


def initials(text: str) -> str | None:
    """The acronym of a name of three to :data:`INITIALS_MAX` content words (``Ассамблея народа Казахстана`` →
    ``анк``); longer names are not abbreviated in practice."""
    content = [w for w in words(text) if w not in FUNCTION_WORDS and not w.isdigit()]
    if not 3 <= len(content) <= INITIALS_MAX:
        return None
    return "".join(w[0] for w in content)


class SearchIndex:
    """Every name of every entity, keyed for :meth:`search`."""

    def __init__(self, entities: Iterable[Entity], *, kind_labels: dict[str, list[str]] | None = None) -> None:
        """``kind_labels``: class local name → its labels in any language (their words match at KIND_WEIGHT)."""
        self.entities = sorted(entities, key=lambda e: e.iri)
        self.by_iri = {e.iri: i for i, e in enumerate(self.entities)}
        names: list[tuple[int, str, tuple[str, ...]]] = []  # (entity, text shown as matched, keys)
        acronyms = self._acronyms()
        for i, e in enumerate(self.entities):
            seen: set[tuple[str, ...]] = set()
            local = ns.compact(e.iri).split(":", 1)[-1]
            for text, key_text in [(t, t) for t, _ in e.names] + [(local, local.replace("-", " "))]:
                k = tuple(keys(key_text))
                for variant in (k, *self._variants(k, acronyms, i), *self._initials(key_text)):
                    if variant and variant not in seen:
                        seen.add(variant)
                        names.append((i, text, variant))
        names.sort(key=lambda n: n[0])
        self.name_entity = np.array([n[0] for n in names], dtype=np.int64)
        self.name_text = [n[1] for n in names]
        self.name_keys = [n[2] for n in names]
        # the names of entity i are name_start[i] to name_start[i + 1]
        self.name_start = np.searchsorted(self.name_entity, np.arange(len(self.entities) + 1))

        postings: dict[str, list[int]] = defaultdict(list)
        for n, k in enumerate(self.name_keys):
            for key in dict.fromkeys(k):
                postings[key].append(n)
        self.vocab = sorted(postings)
        self.grams = _Bigrams(self.vocab)
        self.vocab_id = {v: i for i, v in enumerate(self.vocab)}
        self.postings = [np.array(postings[v], dtype=np.int64) for v in self.vocab]
        total = max(len(names), 1)
        self.idf = np.array([math.log(1 + total / len(postings[v])) for v in self.vocab])
        self.max_idf = math.log(1 + total)
        self.name_weight = np.array([sum(self._idf(k) for k in dict.fromkeys(keys_)) for keys_ in self.name_keys])

        kind_postings: dict[str, list[int]] = defaultdict(list)
        self.kind_labels = dict(kind_labels or {})
        kind_keys = {kind: {k for label in labels for k in keys(label)} for kind, labels in self.kind_labels.items()}
        for n, ent in enumerate(self.name_entity):
            for key in kind_keys.get(self.entities[ent].kind, ()):
                kind_postings[key].append(n)
        self.kind_vocab = sorted(kind_postings)
        self.kind_grams = _Bigrams(self.kind_vocab)
        self.kind_postings = [np.array(kind_postings[v], dtype=np.int64) for v in self.kind_vocab]
        facts = np.array([e.facts for e in self.entities], dtype=float)
        top = facts.max() if len(facts) else 0.0
        self.prior = np.log1p(facts) / math.log1p(top) if top > 0 else np.zeros(len(facts))

    # --- building -------------------------------------------------------------------------------------------

    def _acronyms(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """First key of a multiword name → (its keys, the acronym key of its entity) for every entity with an
        acronym among its aliases (``APK`` of "Assembly of People of Kazakhstan")."""
        out: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for e in self.entities:
            short = [keys(t)[0] for t, _ in e.names if _ACRONYM.match(t.strip()) and keys(t)]
            if not short:
                continue
            for text, _ in e.names:
                k = tuple(keys(text))
                if len(k) >= 2:
                    for a in short:
                        out[k[0]].append((k, a))
        return out

    def _variants(
        self, k: tuple[str, ...], acronyms: dict[str, list[tuple[tuple[str, ...], str]]], entity: int
    ) -> list[tuple[str, ...]]:
        """``k`` with the names of other entities it contains replaced by their acronyms."""
        out = []
        for i, key in enumerate(k):
            for long, short in acronyms.get(key, ()):
                if k[i : i + len(long)] == long and len(long) < len(k):
                    out.append((*k[:i], short, *k[i + len(long) :]))
        return out

    def _initials(self, text: str) -> list[tuple[str, ...]]:
        found = initials(text)
        return [tuple(keys(found))] if found else []

    @classmethod
    def from_store(cls, store: Store) -> SearchIndex:
        """The index of the entities (``kzid:<key>`` resources with a label) of ``store``."""
        prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in ns.PREFIXES.items())
        entities: dict[str, Entity] = {}

        def own(iri: str) -> bool:
            return iri.startswith(ns.ID) and "/" not in iri[len(ns.ID) :]

        rows = store.select(
            prefixes + "SELECT ?e ?l ?pref WHERE { { ?e skos:prefLabel ?l BIND(true AS ?pref) } UNION "
            "{ ?e skos:altLabel|rdfs:label ?l BIND(false AS ?pref) } } ORDER BY ?e ?l"
        ).rows
        for e, label, pref in rows:
            if not own(e.value):
                continue
            ent = entities.setdefault(e.value, Entity(e.value))
            lang = getattr(label, "language", None) or ""
            if (label.value, lang) not in ent.names:
                ent.names.append((label.value, lang))
            if pref.value == "true":
                ent.labels.setdefault(lang or "en", label.value)
        for e, t in store.select(
            prefixes + f"SELECT DISTINCT ?e ?t WHERE {{ {values_clause(store)} GRAPH ?g {{ ?e a ?t }} }} ORDER BY ?e ?t"
        ).rows:
            if e.value in entities and not entities[e.value].kind:
                entities[e.value].kind = _local(t.value)
        for e, n in store.select(
            prefixes + "SELECT ?e (COUNT(?c) AS ?n) WHERE { ?c a kz:Claim ; rdf:subject|rdf:object ?e } GROUP BY ?e"
        ).rows:
            if e.value in entities:
                entities[e.value].facts = int(n.value)
        kinds = {e.kind for e in entities.values() if e.kind}
        kind_labels: dict[str, list[str]] = defaultdict(list)
        for t, label in store.select(prefixes + "SELECT ?t ?l WHERE { ?t a owl:Class ; rdfs:label ?l }").rows:
            if _local(t.value) in kinds:
                kind_labels[_local(t.value)].append(label.value)
        return cls(entities.values(), kind_labels=dict(kind_labels))

    # --- searching ------------------------------------------------------------------------------------------

    def _idf(self, key: str) -> float:
        i = self.vocab_id.get(key)
        return float(self.idf[i]) if i is not None else self.max_idf

    def _matches(self, key: str, vocab: Sequence[str], grams: _Bigrams) -> list[tuple[int, float]]:
        """(vocabulary index, similarity) of the keys of ``vocab`` that ``key`` matches."""
        from rapidfuzz import fuzz

        found: dict[int, float] = {}
        lo = bisect.bisect_left(vocab, key)
        if lo < len(vocab) and vocab[lo] == key:
            found[lo] = 100.0
        if key.isdigit():
            return list(found.items())
        if len(key) >= 3:
            hi = bisect.bisect_left(vocab, key + "\uffff")
            for i in range(lo, hi):
                found.setdefault(i, PREFIX)
        if len(key) >= FUZZY_MIN_LENGTH:
            for i in grams.candidates(key):
                if vocab[i].isdigit() or found.get(i, 0.0) >= 100.0:
                    continue
                score = fuzz.ratio(key, vocab[i], score_cutoff=FUZZY)
                if score > found.get(i, 0.0):
                    found[i] = float(score)
        return list(found.items())

    def scores(self, text: str) -> np.ndarray:
        """The score of every entity for ``text`` (0 where nothing matches), before the prior."""
        out = np.zeros(len(self.entities))
        pairs = dict(reversed(key_pairs(text)))  # key -> the word as written (its first occurrence)
        query = list(dict.fromkeys(k for k, _ in key_pairs(text)))
        if not query or not self.name_keys:
            return out
        found = []
        for key in query:
            hits = self._matches(key, self.vocab, self.grams)
            if is_cyrillic(key):  # a name written in the other script: "Сенат" for "Senate"
                hits += [(v, sim * SCRIPT_WEIGHT) for v, sim in self._matches(romanise(key), self.vocab, self.grams)]
            if pairs[key] != key and is_cyrillic(pairs[key]):  # the word as written, where its key may be off
                hits += self._matches(pairs[key], self.vocab, self.grams)
            found.append((hits, self._matches(key, self.kind_vocab, self.kind_grams)))
        # Only the names some key matches are scored; names matched by their class's label alone count only when
        # nothing else matches ("сессия").
        lists = [self.postings[v] for hits, _ in found for v, _ in hits]
        if not lists:
            lists = [self.kind_postings[v] for _, kind in found for v, _ in kind]
        if not lists:
            return out
        mark = np.zeros(len(self.name_keys), dtype=bool)
        for post in lists:
            mark[post] = True
        names = np.flatnonzero(mark)
        position = np.full(len(self.name_keys), -1, dtype=np.int64)
        position[names] = np.arange(len(names))

        def where(post: np.ndarray) -> np.ndarray:
            at = position[post]
            return at[at >= 0]

        covered = np.zeros(len(names))
        matched = np.zeros(len(names))
        weights = 0.0
        seen_vocab: set[int] = set()
        for hits, kind in found:
            best = np.zeros(len(names))
            for v, sim in hits:
                at = where(self.postings[v])
                best[at] = np.maximum(best[at], sim)  # a posting list holds each name once
                if v not in seen_vocab:
                    seen_vocab.add(v)
                    matched[at] += self.idf[v]
            for v, sim in kind:
                at = where(self.kind_postings[v])
                best[at] = np.maximum(best[at], sim * KIND_WEIGHT)
            closest = max((sim for _, sim in hits), default=0.0)
            weight = max((float(self.idf[v]) for v, sim in hits if sim == closest), default=self.max_idf)
            covered += weight * best
            weights += weight
        query_coverage = covered / weights
        name_coverage = np.minimum(matched / np.maximum(self.name_weight[names], 1e-9), 1.0)
        name_scores = query_coverage * (1 - NAME_WEIGHT + NAME_WEIGHT * name_coverage)
        if len(query) >= 2:  # the query's keys in a row, in the name: "Department of the APK" is how a name begins
            name_scores *= 1 - PHRASE / 100  # room for the bonus; the names below the candidates keep their order
            top = np.flatnonzero(name_scores > 0)
            if len(top) > PHRASE_CANDIDATES:
                top = top[np.argpartition(-name_scores[top], PHRASE_CANDIDATES - 1)[:PHRASE_CANDIDATES]]
            for n in top.tolist():
                if contains(self.name_keys[names[n]], query):
                    name_scores[n] += PHRASE
        scored = np.flatnonzero(name_scores > 0)  # grouped by entity, as the names are
        if len(scored):
            owners = self.name_entity[names[scored]]
            starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
            out[owners[starts]] = np.maximum.reduceat(name_scores[scored], starts)
        return out

    def best_name(self, entity: int, text: str) -> str:
        """The name of ``entity`` that scores best for ``text``."""
        query = list(dict.fromkeys(keys(text)))
        idx = range(int(self.name_start[entity]), int(self.name_start[entity + 1]))
        if not idx:
            return ""
        from rapidfuzz import fuzz

        def score(n: int) -> tuple[float, float]:
            k = self.name_keys[n]
            hit = sum(max((100.0 if q == x else fuzz.ratio(q, x)) for x in k) if k else 0.0 for q in query)
            return (hit, -len(k))

        return self.name_text[max(idx, key=score)]

    def search(self, text: str, *, lang: str | None = None, limit: int = 10) -> list[SearchHit]:
        """The ``limit`` entities that match ``text`` best, best first (see the module's docstring)."""
        exact = self.named(text)
        scores = self.scores(text)
        final = np.where(scores > 0, (1 - PRIOR_WEIGHT) * scores + PRIOR_WEIGHT * 100 * self.prior, 0.0)
        final[scores >= 100.0 - 1e-9] = 100.0  # a name given exactly (keys alike) needs no help
        if exact is not None:
            final[exact] = 100.0 + 1  # above every other; shown as 100
        candidates = np.flatnonzero(final > 0)
        if len(candidates) > limit:
            candidates = candidates[np.argpartition(-final[candidates], limit - 1)[:limit]]
        ranked = sorted(candidates.tolist(), key=lambda i: (-final[i], self.entities[i].iri))[:limit]
        hits = []
        for i in ranked:
            e = self.entities[i]
            matched = text.strip() if i == exact else self.best_name(i, text)
            hits.append(
                SearchHit(
                    e.iri, ns.compact(e.iri), e.label(lang), matched, round(float(min(final[i], 100.0)), 1), e.kind
                )
            )
        return hits

    def named(self, text: str) -> int | None:
        """The entity ``text`` names as an IRI, a CURIE (``kzid:apk``, also ``kz:apk``) or an id, if any."""
        t = text.strip()
        candidates = []
        if t.startswith(("http://", "https://")):
            candidates.append(t)
        else:
            prefix, sep, local = t.partition(":")
            if sep and prefix in ns.PREFIXES:
                candidates.append(ns.expand(t))
                if prefix == "kz":
                    candidates.append(ns.entity(local))
            elif re.fullmatch(r"[a-z0-9][a-z0-9-]*", t):
                candidates.append(ns.entity(t))
        for iri in candidates:
            if iri in self.by_iri:
                return self.by_iri[iri]
        return None


class _Bigrams:
    """Which keys of a vocabulary share enough letter pairs with a key to be worth a fuzzy comparison (posting
    lists of letter pairs), so a search compares a few hundred keys, not every key of 100,000 names."""

    SHARE = 0.3  # at least this share of the key's letter pairs (one edit changes at most two)

    def __init__(self, vocab: Sequence[str]) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        for i, word in enumerate(vocab):
            for g in _pairs(word):
                postings[g].append(i)
        self.size = len(vocab)
        self.postings = {g: np.array(ids, dtype=np.int64) for g, ids in postings.items()}

    def candidates(self, key: str) -> np.ndarray:
        pairs = _pairs(key)
        lists = [self.postings[g] for g in pairs if g in self.postings]
        if not lists:
            return np.array([], dtype=np.int64)
        shared = np.bincount(np.concatenate(lists), minlength=self.size)
        return np.flatnonzero(shared >= max(1.0, self.SHARE * len(pairs)))


def _pairs(word: str) -> set[str]:
    padded = f"^{word}$"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


def contains(name: Sequence[str], query: Sequence[str]) -> bool:
    """Whether ``query`` occurs in ``name`` as consecutive keys."""
    n = len(query)
    return any(tuple(name[i : i + n]) == tuple(query) for i in range(len(name) - n + 1))


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


_CACHE: weakref.WeakKeyDictionary[Any, SearchIndex] = weakref.WeakKeyDictionary()


def index_of(store: Store) -> SearchIndex:
    """The search index of ``store``, built once per open store (the graph is read-only while open)."""
    found = _CACHE.get(store)
    if found is None:
        found = _CACHE[store] = SearchIndex.from_store(store)
    return found


def search(store: Store, text: str, *, lang: str | None = None, limit: int = 10) -> list[SearchHit]:
    """The entities of ``store`` that match ``text`` best, best first."""
    return index_of(store).search(text, lang=lang, limit=limit)


def suggestions(hits: Sequence[SearchHit], *, count: int = 5) -> str:
    """ "did you mean" text for the best few hits: ``label (curie)``, comma-separated."""
    return ", ".join(f"{h.label} ({h.curie})" for h in hits[:count])


__all__ = ["GOOD", "SearchHit", "SearchIndex", "fold", "index_of", "search", "suggestions"]
