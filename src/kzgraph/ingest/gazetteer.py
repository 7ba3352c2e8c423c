"""Recognising known entities: every label and alias (en/ru/kk) of the curated entities, their Russian
inflected forms, Kazakh suffixed forms, acronyms and spelling variants — compiled into ONE Aho-Corasick
automaton (pyahocorasick) that scans a whole document in a single pass.

Rules (each tested in tests/ingest/test_gazetteer.py):

- matching is case-insensitive on a same-length folding (lower case, ``ё``→``е``, typographic quotes,
  apostrophes and dashes unified), except acronyms (all capitals, ≤ 6 letters), which must match exactly;
- a match must start and end at word boundaries; overlapping matches resolve leftmost-longest, so
  "Assembly of People of Kazakhstan" is one mention of ``apk``, not also one of ``kazakhstan``;
- Russian labels are inflected with pymorphy3: the head noun and the adjectives agreeing with it take every
  case (``Ассамблеи народа Казахстана``, ``Ассамблеей народа Казахстана``); a person's names all inflect
  (``Нурсултана Назарбаева``);
- Kazakh labels may carry agglutinated suffixes on their last word, if these are plural, possessive and
  case endings (``Ассамблеясының``, ``Қазақстанның``; not ``этносаралық`` for ``этнос``);
- acronyms are derived from multiword names of organisations (``Ассамблея народа Казахстана`` → ``АНК``,
  transliterated ``ANK``) when no other entity claims them;
- spelling variants: Mazhilis/Majilis, Uyghur/Uighur, Nur-Sultan/Nursultan, theatre/theater, centre/center,
  programme/program, organisation/organization;
- a form that names two entities is ambiguous and not matched; a few bare adjectives that are aliases
  (``Kazakh``, ``Russian``) are not matched alone (too often part of another name).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick

from kzgraph import fileio as yamlfile
from kzgraph import morphology
from kzgraph.ingest.lexicon import FUNCTION_WORDS
from kzgraph.rdf import namespaces as ns

_FOLD = str.maketrans(
    {
        "ё": "е",
        "’": "'",
        "‘": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "‑": "-",
        "\u00a0": " ",
    }
)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
KK_SUFFIX = re.compile(
    r"(?:лар|лер|дар|дер|тар|тер)?(?:ы|і|сы|сі)?"
    r"(?:ның|нің|дың|дің|тың|тің|ға|ге|қа|ке|на|не|а|е|ны|ні|ды|ді|ты|ті|н|да|де|та|те|нда|нде|дан|ден|тан|тен|"
    r"нан|нен|мен|бен|пен|ғы|гі|қы|кі|дағы|дегі|тағы|тегі|ндағы|ндегі)?"
)
NOT_ALONE = {"kazakh", "russian", "christian", "muslim", "alternative", "president", "general assembly"}
SPELLING = [
    ("mazhilis", ("majilis", "mazhlis", "majlis")),
    ("majilis", ("mazhilis",)),
    ("uyghur", ("uighur", "uigur")),
    ("uighur", ("uyghur", "uigur")),
    ("nur-sultan", ("nursultan", "nur sultan")),
    ("nursultan", ("nur-sultan",)),
    ("theatre", ("theater",)),
    ("theater", ("theatre",)),
    ("centre", ("center",)),
    ("center", ("centre",)),
    ("programme", ("program",)),
    ("program", ("programme",)),
    ("organisation", ("organization",)),
    ("organization", ("organisation",)),
    ("kazakhstani", ("kazakhstan",)),
    ("assembly of people", ("assembly of the people",)),
    ("assembly of the people", ("assembly of people",)),
]
LATIN = dict(zip("АБВГДЕЗИКЛМНОПРСТУФХ", "ABVGDEZIKLMNOPRSTUFH", strict=True))
ORG_ROOTS = {"Organization", "Document", "Event", "Initiative", "InstitutionNetwork"}


def fold(text: str) -> str:
    """Case- and typography-folded ``text`` of the same length (so offsets carry over)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_FOLD)


def _key(text: str) -> str:
    return " ".join(fold(text).split())


@dataclass(frozen=True)
class EntityInfo:
    id: str
    cls: str
    label: str
    kinds: frozenset[str]

    @property
    def iri(self) -> str:
        return ns.entity(self.id)


@dataclass(frozen=True)
class Mention:
    """An entity named in the cleaned text between ``start`` and ``end``, by ``surface``."""

    start: int
    end: int
    entity: str
    surface: str
    form: str  # how it matched: label, alias, inflected, suffixed, acronym, variant


RANK = {"label": 0, "inflected": 1, "suffixed": 1, "variant": 2, "acronym": 3}


@dataclass
class _Form:
    entities: dict[str, int] = field(default_factory=dict)  # entity id -> rank of the way it got this form
    how: str = ""
    exact: set[str] = field(default_factory=set)  # case-sensitive acronyms: the exact spellings
    suffix_ok: bool = False


CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def russian_forms(label: str, *, person: bool = False) -> set[str]:
    """Inflected forms of a Russian name: head noun (and agreeing adjectives before it) in every case."""
    morph = morphology.analyzer()
    words = label.split()
    parses: list[Any] = []
    for w in words:
        core = w.strip('«»"(),')
        if not core or not CYRILLIC.search(core) or core != w:
            parses.append(None)
            continue
        parses.append(morph.parse(core))
    inflect: list[int] = []
    head_number = "sing"
    if person:
        inflect = [i for i, p in enumerate(parses) if p]
    else:
        for i, ps in enumerate(parses):
            if not ps:
                break
            nomn = [p for p in ps if "nomn" in p.tag]
            if not nomn:
                break
            noun = next((p for p in nomn if p.tag.POS == "NOUN"), None)
            if noun is not None:
                inflect.append(i)
                head_number = noun.tag.number or "sing"
                break
            if any(p.tag.POS in {"ADJF", "PRTF"} for p in nomn):
                inflect.append(i)
                if len(words) == 1:  # a substantive adjective alone ("русские"): its own number
                    head_number = nomn[0].tag.number or "sing"
                continue
            break
    forms = {label}
    if not inflect:
        return forms
    for case in CASES:
        out = list(words)
        ok = True
        for i in inflect:
            ps = parses[i]
            assert ps is not None
            p = next((x for x in ps if "nomn" in x.tag), ps[0])
            grams = {case} if person else {case, head_number}
            new = p.inflect(grams)
            if new is None:
                ok = False
                break
            w = new.word
            src = words[i]
            out[i] = w.capitalize() if src[:1].isupper() else w
        if ok:
            forms.add(" ".join(out))
    return forms


def _acronym(label: str) -> str | None:
    words = [w for w in re.split(r"[\s\-]+", label.strip('«»"')) if w]
    letters = [w[0] for w in words if w.lower() not in FUNCTION_WORDS and w[0].isalpha()]
    if len(letters) < 3 or len(words) < 3:
        return None
    return "".join(letters).upper()


def _variants(form: str) -> set[str]:
    out = {form}
    low = form.lower()
    for word, repls in SPELLING:
        if word in low:
            for r in repls:
                out.add(re.sub(re.escape(word), r, low))
    if '"' in form or "«" in form:
        out.add(re.sub(r"[«»\"“”]", "", form).strip())
    bare = re.sub(r"\s*\([^()]*\)\s*$", "", form).strip()  # "Semipalatinsk Movement (1989)"
    if bare != form and len(bare.split()) >= 2:
        out.add(bare)
    return out


class Gazetteer:
    """The compiled automaton over every known name."""

    def __init__(self, entities: list[EntityInfo], names: list[tuple[str, str, str]]) -> None:
        """``names``: (entity id, language, name) for every label and alias."""
        self.entities = {e.id: e for e in entities}
        self.names = names
        self._readings: Any = None  # crosslingual.readings: the English names by meaning, computed on first use
        forms: dict[str, _Form] = defaultdict(_Form)
        acronyms: dict[str, set[str]] = defaultdict(set)

        def add(text: str, eid: str, how: str, *, suffix_ok: bool = False) -> None:
            key = _key(text)
            if len(key) < 2 or key in NOT_ALONE:
                return
            f = forms[key]
            f.entities[eid] = min(f.entities.get(eid, 9), RANK[how])
            if not f.how or RANK[how] < RANK[f.how]:
                f.how = how
            if _is_acronym(text):
                f.exact.add(" ".join(text.split()).translate(_FOLD))
            f.suffix_ok = f.suffix_ok or suffix_ok

        for eid, lang, name in names:
            info = self.entities[eid]
            add(name, eid, "label")
            for v in _variants(name):
                if _key(v) != _key(name):
                    add(v, eid, "variant")
            if lang == "ru" and CYRILLIC.search(name):
                for form in russian_forms(name, person="Person" in info.kinds):
                    add(form, eid, "inflected")
            if lang == "kk" and CYRILLIC.search(name):
                add(name, eid, "suffixed", suffix_ok=True)
            if info.kinds & ORG_ROOTS and not _is_acronym(name):
                acr = _acronym(name)
                if acr:
                    acronyms[acr].add(eid)
                    if CYRILLIC.search(acr):
                        acronyms["".join(LATIN.get(c, c) for c in acr)].add(eid)
        for acr, eids in acronyms.items():
            key = _key(acr)
            if len(eids) == 1 and (key not in forms or set(forms[key].entities) == eids):
                f = forms[key]
                f.entities.update({e: min(f.entities.get(e, 9), RANK["acronym"]) for e in eids})
                f.exact.add(acr)
                f.how = f.how or "acronym"
        # A form two entities share is ambiguous, unless one has it as a label and the others only derived.
        for f in forms.values():
            best = min(f.entities.values())
            f.entities = {e: r for e, r in f.entities.items() if r == best}
        self.ambiguous = sorted(k for k, f in forms.items() if len(f.entities) > 1)
        self.forms = {k: f for k, f in forms.items() if len(f.entities) == 1}
        self.automaton = ahocorasick.Automaton()
        for key, f in self.forms.items():
            self.automaton.add_word(key, (key, next(iter(f.entities)), f.how, frozenset(f.exact), f.suffix_ok))
        self.automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.forms)

    def find(self, text: str) -> list[Mention]:
        """Mentions in ``text`` (already cleaned): word-bounded, leftmost-longest, non-overlapping."""
        folded = fold(text)
        n = len(text)
        found: list[tuple[int, int, str, str]] = []
        for end_index, (key, eid, how, exact, suffix_ok) in self.automaton.iter(folded):
            start = end_index - len(key) + 1
            end = end_index + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            if end < n and folded[end].isalnum():
                if not suffix_ok:
                    continue
                stop = end
                while stop < n and folded[stop].isalpha():
                    stop += 1
                if (stop < n and folded[stop].isalnum()) or not KK_SUFFIX.fullmatch(folded, end, stop):
                    continue
                end, how = stop, "suffixed"
            if exact and text[start:end].translate(_FOLD) not in exact:
                continue
            if _in_address(text, start, end):
                continue
            found.append((start, end, eid, how))
        found.sort(key=lambda m: (m[0], m[0] - m[1]))
        out: list[Mention] = []
        last_end = -1
        for start, end, eid, how in found:
            if start >= last_end:
                out.append(Mention(start, end, eid, text[start:end], how))
                last_end = end
        return out


def _in_address(text: str, start: int, end: int) -> bool:
    """Is the match part of a URL, an e-mail address or an identifier (``beong.lee@kaznu.kz``, ``a_b``)?"""
    if (start > 0 and text[start - 1] in "@_/.") or (end < len(text) and text[end] in "_@/"):
        return True
    if end + 1 < len(text) and text[end] == "." and text[end + 1].isalnum():
        return True
    a = text.rfind(" ", 0, start) + 1
    b = text.find(" ", end)
    token = text[a : b if b != -1 else len(text)]
    return "://" in token or "www." in token or "@" in token


def _is_acronym(text: str) -> bool:
    t = text.strip()
    return 2 <= len(t) <= 6 and t.isupper() and t.isalpha()


def _kinds(cls: str, onto: Any) -> frozenset[str]:
    names = {cls} | (onto.superclasses(cls) if onto is not None else set())
    return frozenset(n.rsplit("#", 1)[-1] for n in names if n.startswith(ns.KZ))


# Curated nodes whose labels describe them rather than name them: a count observation ("16 significant projects
# run in …"), a work a paper cites (its title may be a common phrase: "Population of Kazakhstan"), a tenure. A text
# never names them, so they are no entries: matching their labels would only link common phrases.
DESCRIBED_CLASSES = frozenset({ns.KZ + "Count", ns.KZ + "CitedWork", ns.KZ + "Tenure"})


def load(data_dir: Path) -> Gazetteer:
    """The gazetteer of every entity in ``data_dir/entities/*.yaml`` (curated and accepted ones) but those of
    :data:`DESCRIBED_CLASSES`."""
    from kzgraph.pipeline import ontology
    from kzgraph.resources import default_files

    files = default_files()
    onto = ontology.load(files.ontology_file, files.imports_file)
    entities: list[EntityInfo] = []
    names: list[tuple[str, str, str]] = []
    for path in sorted((data_dir / "entities").glob("*.yaml")):
        for item in yamlfile.load(path) or []:
            if not isinstance(item, dict) or "id" not in item:
                continue
            eid = str(item["id"])
            cls = ns.expand(str(item.get("class", "Organization")))
            if cls in DESCRIBED_CLASSES:
                continue
            labels = item.get("label") or {}
            entities.append(EntityInfo(eid, cls, str(labels.get("en", eid)), _kinds(cls, onto)))
            for lang, value in labels.items():
                if lang != yamlfile.LINE:
                    names.append((eid, str(lang), str(value)))
            for lang, values in (item.get("alt") or {}).items():
                if lang == yamlfile.LINE:
                    continue
                for value in values if isinstance(values, list) else [values]:
                    names.append((eid, str(lang), str(value)))
    known = {e.id for e in entities}
    names += [n for n in accepted_labels(data_dir) if n[0] in known]
    return Gazetteer(entities, names)


LABEL_PREDICATES = {"skos:altLabel", "altLabel", "http://www.w3.org/2004/02/skos/core#altLabel"}


def accepted_labels(data_dir: Path) -> list[tuple[str, str, str]]:
    """Labels accepted from ingested texts (``kzgraph accept``): facts ``p: skos:altLabel`` with a ``lang`` in
    ``data/facts/*.yaml`` → (entity id, language, name)."""
    out: list[tuple[str, str, str]] = []
    for path in sorted((data_dir / "facts").glob("*.yaml")):
        doc = yamlfile.load(path)
        if not isinstance(doc, dict):
            continue
        for item in doc.get("facts") or []:
            if isinstance(item, dict) and str(item.get("p")) in LABEL_PREDICATES and item.get("lang"):
                out.append((str(item.get("s")), str(item["lang"]), str(item.get("value"))))
    return out


_CACHE: dict[str, Gazetteer] = {}


def cached(data_dir: Path) -> Gazetteer:
    """:func:`load`, once per data folder and content of its entity files."""
    files = sorted((data_dir / "entities").glob("*.yaml")) + sorted((data_dir / "facts").glob("*.yaml"))
    stamp = str(data_dir) + "|" + "|".join(f"{p.parent.name}/{p.name}:{p.stat().st_mtime_ns}" for p in files)
    if stamp not in _CACHE:
        _CACHE.clear()
        _CACHE[stamp] = load(data_dir)
    return _CACHE[stamp]
