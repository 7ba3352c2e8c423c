"""Russian and Kazakh names of known entities that the graph knows only in English, recognised through their
words: ``Научно-экспертный совет при Ассамблее народа Казахстана`` is the ``Scientific Expert Council of the
Assembly of People of Kazakhstan``, ``Аналар кеңесі`` the ``Council of mothers under the Assembly …``.

The name is always the text's own; what links it is a small bilingual glossary of the common words of
institution names (:data:`GLOSSARY`: council ~ совет ~ кеңес, house ~ дом ~ үй …) — word meanings, never a
name from memory. A name of the text is linked when

- every word of it (Russian: its dictionary form by pymorphy3, the parts of a hyphenated word on their own;
  Kazakh: the stem before a case, plural or possessive ending) is a glossary word or a function word, and
  the words of one known English label or alias — without the body it belongs to (``of/under/at/in the X``)
  — mean the same, word for word (the same multiset of meanings);
- its head noun agrees in number where the text says (``Дом`` is no ``Houses``);
- the label's body (``… of the Assembly``, ``… in Almaty``) is named right after the name in the sentence
  (``при Ассамблее``, ``в Алматы``, a genitive) — which then beats a label without one — or at least
  somewhere in the document; a label whose body the document never names is not a reading;
- exactly one entity remains. A name linked once in a document with its body stays linked in the document
  (a reader does the same: ``«Дом дружбы» в Алматы`` … ``«Дом дружбы» было создано …``).

A linked name becomes a mention of the entity (form ``translated``) that every rule sees, and its
nominative form is proposed as a label (rule ``label-translated``) like the other proposals of
:mod:`labels` — accepted only by ``kzgraph accept``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from kzgraph.ingest.candidates import Candidate
from kzgraph.ingest.gazetteer import KK_SUFFIX, Gazetteer, Mention, fold
from kzgraph.ingest.labels import LabelProposal, language_of

# meaning: (English words, Russian dictionary forms, Kazakh stems). English words are matched without a
# plural ending; Russian by pymorphy3's normal form; Kazakh by the stem before a case/plural/possessive ending.
GLOSSARY: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "council": (("council",), ("совет",), ("кеңес",)),
    "assembly": (("assembly",), ("ассамблея",), ("ассамблея",)),
    "house": (("house",), ("дом",), ("үй",)),
    "friendship": (("friendship",), ("дружба",), ("достық",)),
    "mother": (("mother",), ("мать", "матерь"), ("ана", "аналар")),
    "scientific": (("scientific", "science"), ("научный", "научно", "наука"), ("ғылыми", "ғылым")),
    "expert": (("expert",), ("экспертный", "эксперт"), ("сарапшы", "сараптамалық", "сараптама")),
    "academic": (("academic",), ("академический",), ("академиялық",)),
    "group": (("group",), ("группа",), ("топ",)),
    "department": (("department",), ("кафедра", "департамент", "отдел"), ("кафедра", "департамент", "бөлім")),
    "secretariat": (("secretariat",), ("секретариат",), ("хатшылық",)),
    "fund": (("fund", "foundation"), ("фонд",), ("қор",)),
    "club": (("club",), ("клуб",), ("клуб",)),
    "journalist": (("journalist",), ("журналист",), ("журналист",)),
    "school": (("school",), ("школа",), ("мектеп",)),
    "sunday": (("sunday",), ("воскресный",), ("жексенбілік",)),
    "association": (("association",), ("ассоциация",), ("қауымдастық",)),
    "entrepreneur": (("entrepreneur",), ("предприниматель",), ("кәсіпкер",)),
    "centre": (("centre", "center"), ("центр",), ("орталық",)),
    "ethnocultural": (("ethnocultural",), ("этнокультурный",), ("этномәдени",)),
    "organisation": (("organisation", "organization"), ("организация", "объединение"), ("ұйым", "бірлестік")),
    "youth": (("youth",), ("молодёжный", "молодежный", "молодёжь", "молодежь"), ("жастар",)),
    "university": (("university",), ("университет",), ("университет",)),
    "national": (("national",), ("национальный",), ("ұлттық",)),
    "theatre": (("theatre", "theater"), ("театр",), ("театр",)),
    "drama": (("drama",), ("драматический", "драма"), ("драма", "драмалық")),
    "state": (("state",), ("государственный", "государство"), ("мемлекеттік", "мемлекет")),
    "republican": (("republican",), ("республиканский",), ("республикалық",)),
    "committee": (("committee",), ("комитет",), ("комитет",)),
    "ministry": (("ministry",), ("министерство",), ("министрлік",)),
    "information": (("information",), ("информация",), ("ақпарат",)),
    "public": (("public", "social"), ("общественный",), ("қоғамдық",)),
    "development": (("development",), ("развитие",), ("даму",)),
    "culture": (("culture", "cultural"), ("культура",), ("мәдениет",)),
    "policy": (("policy",), ("политика",), ("саясат",)),
    "government": (("government",), ("правительство",), ("үкімет",)),
    "parliament": (("parliament",), ("парламент",), ("парламент",)),
    "senate": (("senate",), ("сенат",), ("сенат",)),
    "administration": (("administration",), ("администрация",), ("әкімшілік",)),
    "presidential": (("presidential",), ("президентский",), ("президенттік",)),
    "internal": (("internal",), ("внутренний",), ("ішкі",)),
    "regional": (("regional",), ("региональный", "областной"), ("өңірлік", "облыстық")),
    "secretary": (("secretary",), ("секретарь",), ("хатшы",)),
    "doctrine": (("doctrine",), ("доктрина",), ("доктрина",)),
    "unity": (("unity",), ("единство",), ("бірлік",)),
    "concept": (("concept",), ("концепция",), ("тұжырымдама",)),
    "strategy": (("strategy",), ("стратегия",), ("стратегия",)),
    "programme": (("programme", "program"), ("программа",), ("бағдарлама",)),
    "law": (("law",), ("закон",), ("заң",)),
    "constitution": (("constitution",), ("конституция",), ("конституция",)),
    "palace": (("palace",), ("дворец",), ("сарай",)),
    "peace": (("peace",), ("мир",), ("бейбітшілік",)),
    "harmony": (("harmony", "accord", "consent"), ("согласие",), ("келісім",)),
    "language": (("language",), ("язык",), ("тіл",)),
    "interethnic": (("interethnic", "inter-ethnic"), ("межэтнический", "межнациональный"), ("этносаралық",)),
    "relations": (("relations", "relation"), ("отношение",), ("қатынас",)),
    "institute": (("institute",), ("институт",), ("институт",)),
    "strategic": (("strategic",), ("стратегический",), ("стратегиялық",)),
    "studies": (("studies", "study", "research"), ("исследование",), ("зерттеу",)),
}
FUNCTION = {"of", "the", "and", "for", "on", "a", "an", "и", "по", "для", "на", "о", "об", "және", "мен", "пен"}
FUNCTION |= {"бен", "жөніндегі", "жөнiндегi"}
# English: what ties a body to the one it belongs to ("… of the Assembly", "… in Almaty").
ATTACH_SPLIT = re.compile(r"\s+(?:of|under|at|in|within|attached to)\s+(?:the\s+)?", re.IGNORECASE)
# Russian/Kazakh, right after the name: "при Ассамблее", "под эгидой", "в Алматы", or a genitive/Kazakh
# attribute (nothing between).
ATTACH_TEXT = re.compile(r"^[»\"”]?\s*(?:(?:при|под|в|во|у)\s+)?$", re.IGNORECASE)
ATTACH_KK_BEFORE = re.compile(r"(?:\S*(?:ның|нің|дың|дің|тың|тің|дағы|дегі|тағы|тегі|ндағы|ндегі|жанындағы))\s*$")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
KK_PLURAL = re.compile(r"(?:лар|лер|дар|дер|тар|тер)")
# Kazakh institution names: a capital, up to three lower-case words, an institution noun with its endings.
KK_NAME = re.compile(
    r"(?<![\w-])[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*(?:\s+[а-яёәғқңөұүһі][\w-]*){0,3}?\s+"
    r"(?:кеңес|үй|орталығ|орталық|комитет|қор|қауымдастығ|бірлестіг|мектеб|мектеп|театр|университет|министрліг|"
    r"хатшылығ|кафедра|ассамблея)[а-яәғқңөұүһі]*"
)


# Russian names in any case: capitalised adjectives before an institution noun ("Научно-экспертного совета"), or
# a capitalised institution noun with up to three words after it ("Совету матерей"); trimmed to what the glossary
# reads.
_RU_NOUNS: tuple[str, ...] = ("совет", "дом", "центр", "комитет", "фонд", "клуб", "секретариат", "ассоциаци")
_RU_NOUNS += ("министерств", "кафедр", "театр", "департамент", "школ")
_LOWER = "|".join(_RU_NOUNS)
_UPPER = "|".join(n[:1].upper() + n[1:] for n in _RU_NOUNS)
RU_NAME = re.compile(
    rf"(?<![\w-])(?:[А-ЯЁ][а-яё]+(?:-[а-яё]+)?\s+(?:[а-яё]+(?:-[а-яё]+)?\s+)?(?:{_LOWER})[а-яё]*(?:\s+[а-яё-]+){{0,2}}"
    rf"|(?:{_UPPER})[а-яё]*(?:\s+[а-яё-]+){{0,3}})"
)


@dataclass(frozen=True)
class Reading:
    """One English name of an entity, as meanings: its ``key`` (sorted meanings), whether its head noun is
    plural, and the entity it belongs to (``None`` when the name stands alone)."""

    entity: str
    key: tuple[str, ...]
    plural: bool
    attached: str | None


@dataclass
class Link:
    start: int  # sentence-local
    end: int
    entity: str
    label: str  # the nominative form, proposed as a label


@dataclass
class Linker:
    """Links Russian/Kazakh names of one document (keeps what it linked with a body for the rest of it)."""

    gaz: Gazetteer
    language: str
    named: set[str] = field(default_factory=set)  # entities the document names anywhere
    linked: dict[tuple[str, ...], str] = field(default_factory=dict)

    def links(self, text: str, mentions: list[Mention], candidates: Iterable[Candidate]) -> list[Link]:
        index = readings(self.gaz)
        spans = [(c.start, c.end) for c in candidates if c.how in ("institution", "quoted", "capitalised")]
        pattern = KK_NAME if self.language == "kk" else RU_NAME
        spans += [m.span() for m in pattern.finditer(text)]
        out: list[Link] = []
        for a, b in sorted(set(spans), key=lambda s: (s[0], -s[1])):
            if any(m.start < b and a < m.end for m in mentions) or any(x.start < b and a < x.end for x in out):
                continue
            meaning = self._meanings(text[a:b])
            # "Совета матерей провели …": the longest run of words from the start that the glossary reads
            while meaning is None and self.language != "kk" and " " in text[a:b].strip():
                b = a + text[a:b].rstrip().rindex(" ")
                meaning = self._meanings(text[a:b])
            if meaning is None:
                continue
            key, plural, head = meaning
            after = next((m for m in mentions if m.start >= b and ATTACH_TEXT.match(text[b : m.start])), None)
            before = next((m for m in mentions if m.end <= a and ATTACH_KK_BEFORE.search(text[m.start : a])), None)
            near = {m.entity for m in (after, before) if m is not None}
            best: dict[str, int] = {}
            for r in index.get(key, ()):
                if plural is not None and r.plural != plural:
                    continue
                if r.attached is None:
                    score = 1
                elif r.attached in near:
                    score = 2
                elif r.attached in self.named:
                    score = 1
                else:
                    continue
                best[r.entity] = max(best.get(r.entity, 0), score)
            top = max(best.values(), default=0)
            winners = [e for e, s in best.items() if s == top]
            entity = winners[0] if len(winners) == 1 else self.linked.get(key)
            if entity is None:
                continue
            if top == 2:
                self.linked[key] = entity
            plural_of = any(r.plural for r in index.get(key, ()) if r.entity == entity)
            label = nominative(text[a:b], head, self.language, plural_of)
            out.append(Link(a, b, entity, label))
        return out

    def _meanings(self, name: str) -> tuple[tuple[str, ...], bool | None, int] | None:
        """The name's meanings (sorted), the number of its head noun (None: the text does not say), the index
        of the head word; None when a word is not in the glossary."""
        words = [w[0] for w in WORD.finditer(name)]
        if not words or len(words) > 6:
            return None
        meanings: list[str] = []
        plural: bool | None = None
        head = -1
        for i, w in enumerate(words):
            if w.lower() in FUNCTION:
                continue
            if self.language != "kk" and not _may_mean_ru(w):
                return None
            found = _meaning_kk(w) if self.language == "kk" else _meaning_ru(w)
            if found is None:
                return None
            meanings += found[0]
            if self.language == "kk" or (found[2] and head < 0):
                head, plural = i, found[1]  # Russian: the first noun; Kazakh: the last word
        return (tuple(sorted(meanings)), plural, head) if meanings else None


@lru_cache(maxsize=1)
def _ru_starts() -> frozenset[str]:
    """The first three letters of every Russian glossary word: a word starting otherwise needs no dictionary."""
    return frozenset(w[:3] for w in _table(1))


def _may_mean_ru(word: str) -> bool:
    starts = _ru_starts()
    return all(fold(part)[:3] in starts for part in word.split("-") if part)


@lru_cache(maxsize=8192)
def _meaning_ru(word: str) -> tuple[list[str], bool | None, bool] | None:
    """The meanings of a Russian word (a hyphenated word: of each part), for a noun its number (None when its
    forms leave it open: ``Дома`` is a genitive singular or a plural), and whether it is a noun."""
    from kzgraph import morphology

    morph = morphology.analyzer()
    table = _table(1)
    whole = fold(word).replace("-", "")
    parses = morph.parse(word)
    for p in parses:
        if p.normal_form.replace("-", "") in table or whole in table:
            meaning = table.get(p.normal_form.replace("-", "")) or table[whole]
            nouns = {q.tag.number for q in parses if q.tag.POS == "NOUN" and q.normal_form == p.normal_form}
            number = None if len(nouns) != 1 else next(iter(nouns)) == "plur"
            return [meaning], number, bool(nouns)
    if "-" in word:
        out: list[str] = []
        for part in word.split("-"):
            found = _meaning_ru(part)
            if found is None:
                return None
            out += found[0]
        return out, None, False
    return None


def _meaning_kk(word: str) -> tuple[list[str], bool | None, bool] | None:
    table = _table(2)
    low = fold(word)
    for i in range(len(low), 1, -1):
        stem, rest = low[:i], low[i:]
        if stem in table and (not rest or KK_SUFFIX.fullmatch(rest)):
            return [table[stem]], bool(KK_PLURAL.match(rest)) or stem.endswith(("лар", "лер")), True
    return None


@lru_cache(maxsize=3)
def _table(column: int) -> dict[str, str]:
    return {fold(w).replace("-", ""): meaning for meaning, cols in GLOSSARY.items() for w in cols[column]}


def _meaning_en(word: str) -> tuple[str, bool] | None:
    table = _table(0)
    w = fold(word).strip("’'")
    if w in table:
        return table[w], False
    for cut, add in (("ies", "y"), ("es", ""), ("s", "")):
        if w.endswith(cut) and w[: -len(cut)] + add in table:
            return table[w[: -len(cut)] + add], True
    return None


def readings(gaz: Gazetteer) -> dict[tuple[str, ...], list[Reading]]:
    """Every English label and alias of the gazetteer that the glossary can read, by meaning (once per
    gazetteer)."""
    cached: dict[tuple[str, ...], list[Reading]] | None = getattr(gaz, "_readings", None)
    if cached is not None:
        return cached
    out: dict[tuple[str, ...], list[Reading]] = defaultdict(list)
    for eid, lang, name in gaz.names:
        if lang != "en":
            continue
        head, attached = name, None
        for tie in ATTACH_SPLIT.finditer(name):
            rest = gaz.find(name[tie.end() :])
            if len(rest) == 1 and rest[0].start == 0 and rest[0].end == len(name) - tie.end() and rest[0].entity != eid:
                head, attached = name[: tie.start()], rest[0].entity
                break
        r = _reading(eid, head, attached)
        if r is not None:
            out[r.key].append(r)
    gaz._readings = dict(out)  # kept with the gazetteer it was read from
    return gaz._readings


def _reading(eid: str, name: str, attached: str | None) -> Reading | None:
    words = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", name)
    meanings: list[str] = []
    plural = False
    head_seen = False
    for w in words:
        low = w.lower()
        if low in FUNCTION:
            if low in ("of", "for", "on") and meanings:
                head_seen = True  # "Council of mothers": the head is the word before "of"
            continue
        parts = [w] if _meaning_en(w) is not None else w.split("-")
        for part in parts:
            found = _meaning_en(part)
            if found is None:
                return None
            meanings.append(found[0])
            if not head_seen:
                plural = found[1]
    return Reading(eid, tuple(sorted(meanings)), plural, attached) if meanings else None


def nominative(name: str, head: int, language: str, plural: bool) -> str:
    """The name in the nominative as a label: the Russian head noun and the adjectives before it inflected
    (pymorphy3) in the number of the entity's English head, the rest as written; Kazakh without the case
    ending of its last word (the possessive stays: ``кеңесінің`` → ``кеңесі``)."""
    name = name.strip(' «»"“”')
    if language == "kk":
        parts = name.split()
        ending = re.search(r"(?<=[ыі])(?:ның|нің|на|не|н|нда|нде|нан|нен|мен)$", fold(parts[-1]))
        if ending is not None:
            parts[-1] = parts[-1][: ending.start()]
        return " ".join(parts)
    from kzgraph import morphology

    morph = morphology.analyzer()
    words = list(WORD.finditer(name))
    if not 0 <= head < len(words):
        return name
    number = "plur" if plural else "sing"
    heads = [p for p in morph.parse(words[head][0]) if p.tag.POS == "NOUN" and p.tag.number == number]
    if not heads or any(p.tag.case == "nomn" for p in heads):
        return name
    case = heads[0].tag.case
    pieces: list[str] = []
    last = 0
    for i, w in enumerate(words[: head + 1]):
        if i == head:
            choice = heads[0]
        else:
            gender = heads[0].tag.gender if number == "sing" else None
            choice = next(
                (
                    q
                    for q in morph.parse(w[0])
                    if q.tag.POS == "ADJF" and q.tag.case == case and (gender is None or q.tag.gender == gender)
                ),
                None,
            )
        form = choice.inflect({"nomn", number}) if choice is not None else None
        word = form.word if form is not None else w[0]
        if w[0][:1].isupper():
            word = word[:1].upper() + word[1:]
        pieces.append(name[last : w.start()] + word)
        last = w.end()
    return "".join(pieces) + name[last:]


def proposals(links: list[Link], gaz: Gazetteer, document_language: str) -> list[LabelProposal]:
    """The labels of ``links`` that the gazetteer does not know yet."""
    out: list[LabelProposal] = []
    for ln in links:
        key = " ".join(fold(ln.label).split())
        if key in gaz.forms or len(ln.label) < 3:
            continue
        out.append(
            LabelProposal(
                ln.entity, language_of(ln.label, document_language), ln.label, "label-translated", 0.6, ln.start, ln.end
            )
        )
    return out
