"""Names of ethnic groups in a figure's slot (``русские — 2,9 млн``, ``доля казахов``, ``қазақтар саны``,
``Russian - 30.0%``) → the known :class:`EthnicGroup` entity, its nominative plural form, and how it was linked.

The graph's ethnic groups have English labels only, so a Russian or Kazakh name is linked in three ways, most
certain first:

1. the gazetteer knows the form (a label or alias in any language, or an accepted label; Russian forms inflect);
2. English: the word is the singular of a group's label (``Russian`` ~ ``Russians``, ``Uzbek`` ~ ``Uzbeks``);
3. an orthographic correspondence: the word's dictionary form (pymorphy3 for Russian; for Kazakh the stem
   without its case and plural endings), transliterated and reduced to a spelling key (``kh``→``k``,
   ``q``→``k``, ``zh``/``dzh``→``j``, ``y``→``i``, doubled letters once), equals the key of one group's English
   label, is one letter away (both keys at least five letters), or one key begins the other (the shorter at
   least five letters), or they share a beginning of six letters or more and three quarters of the shorter.
   ``казахов`` → ``казах`` → ``kazak`` = ``Kazakhs``; ``өзбектер`` → ``өзбек`` →
   ``ozbek`` ~ ``uzbek``; ``украинцы`` → ``украинец`` → ``ukrainec`` ~ ``ukrainian``. Names with no such
   correspondence (``русские``, ``орыстар``, ``немцы``) are not linked: they become candidates. The link is a
   proposal of a new label with its evidence (see :mod:`labels`); nothing is taken from memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kzgraph import morphology
from kzgraph.ingest.candidates import _TRANSLIT
from kzgraph.ingest.gazetteer import CYRILLIC, Gazetteer, Mention

KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]", re.IGNORECASE)
_KK_PLURAL = r"(?:лар|лер|дар|дер|тар|тер)"
_KK_CASE = (
    r"(?:дың|дің|тың|тің|ның|нің|ға|ге|қа|ке|на|не|да|де|та|те|нда|нде|дан|ден|тан|тен|нан|нен|ды|ді|ты|ті|ны|ні|"
    r"мен|бен|пен|ы|і)"
)
_KK_NOUN = re.compile(rf"^(?P<stem>\w+?)(?P<pl>{_KK_PLURAL})(?P<case>{_KK_CASE})?$")


@dataclass(frozen=True)
class Group:
    """A group name in the text: the entity it names (None: unknown), its nominative plural ``form`` in the
    text's language, and ``how`` it was linked (gazetteer, singular, transliteration, or unknown)."""

    entity: str | None
    form: str
    language: str
    how: str


@lru_cache(maxsize=8192)
def spelling_key(word: str) -> str:
    """A transliterated, spelling-reduced key: ``қазақ`` and ``Kazakh`` both give ``kazak``."""
    low = word.lower()
    s = "".join(_TRANSLIT.get(c, c) for c in low)
    for a, b in (("dzh", "j"), ("zh", "j"), ("kh", "k"), ("gh", "g"), ("ts", "c"), ("q", "k"), ("y", "i"), ("w", "v")):
        s = s.replace(a, b)
    s = re.sub(r"[^a-z]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def _english_stem(label: str) -> str:
    return label[:-1] if label.endswith("s") and len(label) > 4 else label


def _close(a: str, b: str) -> bool:
    if a == b:
        return len(a) >= 4
    short, long = sorted((a, b), key=len)
    if len(short) >= 5 and long.startswith(short):
        return True
    common = next((i for i in range(len(short)) if short[i] != long[i]), len(short))
    if common >= 6 and common >= 0.75 * len(short):
        return True
    if len(short) >= 5 and len(long) - len(short) <= 1:
        return _one_edit(a, b)
    return False


def _one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1 :]


_BY_GAZETTEER: dict[int, Groups] = {}


class Groups:
    """Ethnic groups of a gazetteer, with the spelling keys of their English names."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self._cache: dict[tuple[str, bool], Group | None] = {}  # a word's reading (morphology is the slow part)
        self.ids = sorted(e.id for e in gaz.entities.values() if "EthnicGroup" in e.kinds)
        self.keys: dict[str, set[str]] = {}
        for eid in self.ids:
            label = gaz.entities[eid].label
            self.keys.setdefault(spelling_key(_english_stem(label)), set()).add(eid)

    @classmethod
    def of(cls, gaz: Gazetteer) -> Groups:
        """The groups of ``gaz``, computed once per gazetteer."""
        cached = _BY_GAZETTEER.get(id(gaz))
        if cached is None or cached.gaz is not gaz:
            cached = cls(gaz)
            _BY_GAZETTEER.clear()
            _BY_GAZETTEER[id(gaz)] = cached
        return cached

    def by_key(self, word: str) -> str | None:
        key = spelling_key(word)
        if len(key) < 4:
            return None
        hits = {eid for k, eids in self.keys.items() if _close(key, k) for eid in eids}
        return next(iter(hits)) if len(hits) == 1 else None

    def known(self, mention: Mention) -> bool:
        return mention.entity in self.ids

    def resolve(self, word: str, language: str, mentions: list[Mention], start: int) -> Group | None:
        """The group named by ``word`` (at sentence offset ``start``); None when it does not look like a
        group name at all (a Russian word that is not an animate plural noun or a plural substantive
        adjective; a Latin word without a capital)."""
        for m in mentions:
            if m.start <= start < m.end and self.known(m):
                return Group(m.entity, m.surface, language if CYRILLIC.search(m.surface) else "en", "gazetteer")
        if not CYRILLIC.search(word):
            if not word[:1].isupper():
                return None
            stem = _english_stem(word)
            for eid in self.ids:
                if _english_stem(self.gaz.entities[eid].label).lower() == stem.lower():
                    return Group(eid, self.gaz.entities[eid].label, "en", "singular")
            # An unknown English name must at least look like a people's name: a plural, or -ian/-ish/-ese/-i.
            return Group(None, word, "en", "unknown") if re.search(r"(?:s|ian|ish|ese|i)$", word) else None
        key = (word, language == "kk" or bool(KAZAKH_LETTERS.search(word)))
        if key not in self._cache:
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[key] = self._kazakh(word) if key[1] else self._russian(word)
        return self._cache[key]

    def _russian(self, word: str) -> Group | None:
        parses = morphology.analyzer().parse(word.lower())
        p = next(
            (
                x
                for x in parses
                if "plur" in x.tag
                and (
                    (x.tag.POS == "NOUN" and "anim" in x.tag)
                    or (x.tag.POS == "ADJF" and "Subx" in x.tag and "nomn" in x.tag)
                    or (x.tag.POS == "ADJF" and "Subx" in x.tag and "gent" in x.tag)
                )
            ),
            None,
        )
        if p is None:
            return None
        plural = p.inflect({"plur", "nomn"})
        form = plural.word if plural is not None else word.lower()
        eid = self.by_key(p.normal_form)
        return Group(eid, form, "ru", "transliteration" if eid else "unknown")

    def _kazakh(self, word: str) -> Group | None:
        m = _KK_NOUN.match(word.lower())
        if m is None:
            return None
        eid = self.by_key(m["stem"])
        return Group(eid, m["stem"] + m["pl"], "kk", "transliteration" if eid else "unknown")
