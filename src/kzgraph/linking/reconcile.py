"""Reconciliation: search a SPARQL endpoint for the entities we have not linked yet, score the candidates
and write a review file that a person marks (``accept=yes``) before anything becomes a link.

Search is by label: every label and alt label of the entity in the configured languages, as written and
in simple case variants (a SPARQL endpoint matches literals exactly). Scoring (0 to 1) adds up the evidence
and the review file spells every part out in its ``reasons`` column:

- label: exact (0.5; 0.45 when only an alt label matched) or normalised (case/punctuation, 0.4);
  +0.05 when labels in two or more languages matched;
- type: an instance of (a subclass of) the Wikidata class configured for the entity's class: +0.3,
  otherwise -0.1;
- country (classes configured with ``country: true``): Kazakhstan +0.1, another country -0.3;
- dates (e.g. our kz:foundingDate vs inception): agree at our precision +0.1, same year +0.05, differ -0.2.

The local side (:func:`local_entities`), the scorer (:func:`score`), the parallel driver (:func:`run_searches`)
and the review file are shared with the DBpedia reconciliation (:mod:`kzgraph.linking.dbpedia`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kzgraph.errors import NotFoundError, RemoteError
from kzgraph.fileio import atomic_write
from kzgraph.linking.client import Answer, SparqlClient
from kzgraph.linking.config import DBR, WD, ClassRule, LinkingConfig
from kzgraph.pipeline import links
from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Store

SKOS = ns.PREFIXES["skos"]
RDFS = ns.PREFIXES["rdfs"]
REVIEW_COLUMNS = [
    "accept",
    "id",
    "label",
    "class",
    "rank",
    "qid",
    "candidate",
    "score",
    "reasons",
    "endpoint",
    "retrieved",
    "query",
]
# the DBpedia review file: the same columns, the candidate's resource IRI in place of the QID
DBPEDIA_REVIEW_COLUMNS = [("dbpedia" if c == "qid" else c) for c in REVIEW_COLUMNS]
REVIEW_HEADER = (
    "# kzgraph link review: put 'yes' in the accept column of the right candidate (at most one per entity),\n"
    "# optionally 'certain' after a colon (yes:certain) for skos:exactMatch (default: probable, skos:closeMatch),\n"
    "# then run: kzgraph link --accept THIS-FILE\n"
)


class ReconcileConfig(Protocol):
    """What the local side needs of a configuration (Wikidata's or DBpedia's)."""

    @property
    def path(self) -> Path: ...
    @property
    def search_languages(self) -> tuple[str, ...]: ...
    @property
    def classes(self) -> dict[str, ClassRule]: ...


@dataclass
class LocalEntity:
    id: str
    iri: str
    cls: str
    rule: ClassRule
    labels: list[tuple[str, str, bool]]  # (text, lang, is preferred label)
    dates: dict[str, list[str]] = field(default_factory=dict)  # our property IRI -> lexical values

    @property
    def label(self) -> str:
        for text, lang, pref in self.labels:
            if pref and lang == "en":
                return text
        return self.labels[0][0] if self.labels else self.id


@dataclass
class Candidate:
    qid: str  # the identifier of the review file's candidate column: a QID, or a DBpedia resource IRI
    label: str
    score: float
    reasons: list[str]
    answer: Answer | None = None  # the answer that proposed it, when not the proposal's own


@dataclass
class Proposal:
    entity: LocalEntity
    candidates: list[Candidate]
    answer: Answer


def _lit(text: str, lang: str | None = None) -> str:
    body = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
    return f"{body}@{lang}" if lang else body


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a label."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\W_]+", " ", text.casefold())
    return " ".join(text.split())


def variants(text: str) -> list[str]:
    """The label as written and its simple case variants, in a stable order."""
    out = [text, text.lower(), text[:1].upper() + text[1:], text.title()]
    seen: list[str] = []
    for v in out:
        if v and v not in seen:
            seen.append(v)
    return seen


# -- the local side -----------------------------------------------------------------------------------


def _superclasses(store: Store) -> dict[str, list[str]]:
    q = f"SELECT ?c ?p WHERE {{ GRAPH <{ns.GRAPHS['ontology']}> {{ ?c <{RDFS}subClassOf> ?p }} }}"
    parents: dict[str, list[str]] = defaultdict(list)
    for c, p in store.select(q).rows:
        parents[c.value].append(p.value)
    return parents


def rule_for(
    types: Iterable[str], config: ReconcileConfig, parents: dict[str, list[str]]
) -> tuple[str, ClassRule] | None:
    """The nearest configured class of any of ``types`` (breadth-first up rdfs:subClassOf)."""
    best: tuple[int, str, str] | None = None
    for t in sorted(types):
        queue, seen = deque([(t, 0)]), {t}
        while queue:
            c, depth = queue.popleft()
            if c in config.classes:
                if best is None or (depth, t) < best[:2]:
                    best = (depth, t, c)
                break
            for p in parents.get(c, []):
                if p not in seen:
                    seen.add(p)
                    queue.append((p, depth + 1))
    if best is None:
        return None
    return best[1], config.classes[best[2]]


def local_entities(store: Store, config: ReconcileConfig) -> dict[str, LocalEntity]:
    """Every entity of the built graph whose class is configured for reconciliation."""
    parents = _superclasses(store)
    types: dict[str, set[str]] = defaultdict(set)
    q = (
        f'SELECT DISTINCT ?e ?t WHERE {{ GRAPH ?g {{ ?e a ?t }} FILTER(STRSTARTS(STR(?g), "{ns.GRAPH}source/")) '
        f'FILTER(STRSTARTS(STR(?t), "{ns.KZ}")) FILTER(STRSTARTS(STR(?e), "{ns.ID}")) }}'
    )
    for e, t in store.select(q).rows:
        types[e.value].add(t.value)
    labels: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    q = (
        f"SELECT ?e ?p ?l WHERE {{ GRAPH <{ns.GRAPHS['labels']}> {{ ?e ?p ?l }} "
        f"FILTER(?p IN (<{SKOS}prefLabel>, <{SKOS}altLabel>)) }}"
    )
    for e, p, lit in store.select(q).rows:
        lang = lit.language or ""
        if lang in config.search_languages:
            labels[e.value].append((lit.value, lang, p.value == SKOS + "prefLabel"))
    dates: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    ours = sorted({p for rule in config.classes.values() for p in rule.dates})
    if ours:
        values = " ".join(f"<{p}>" for p in ours)
        q = (
            f"SELECT DISTINCT ?e ?p ?v WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?e ?p ?v }} "
            f'FILTER(STRSTARTS(STR(?g), "{ns.GRAPH}source/")) }}'
        )
        for e, p, v in store.select(q).rows:
            dates[e.value][p.value].append(v.value)
    out: dict[str, LocalEntity] = {}
    for iri, ts in types.items():
        found = rule_for(ts, config, parents)
        if found is None:
            continue
        cls, rule = found
        key = iri[len(ns.ID) :]
        ents_labels = sorted(set(labels.get(iri, [])), key=lambda x: (not x[2], x[1], x[0]))
        out[key] = LocalEntity(key, iri, cls, rule, ents_labels, {p: sorted(set(v)) for p, v in dates[iri].items()})
    return out


def linked(store: Store, data: Path, known: set[str], prefix: str = WD) -> dict[str, list[str]]:
    """Entity id -> the IRIs under ``prefix`` (Wikidata items by default) it is already linked to (the data
    files, even before a rebuild, and the store)."""
    out: dict[str, list[str]] = defaultdict(list)
    for link in links.load(data / "links", known):
        if link.target.startswith(prefix):
            out[link.entity].append(link.target)
    q = f"SELECT ?e ?x WHERE {{ GRAPH <{ns.GRAPHS['links']}> {{ ?e <{SKOS}exactMatch>|<{SKOS}closeMatch> ?x }} }}"
    for e, x in store.select(q).rows:
        if x.value.startswith(prefix) and e.value.startswith(ns.ID) and x.value not in out[e.value[len(ns.ID) :]]:
            out[e.value[len(ns.ID) :]].append(x.value)
    return dict(out)


def known_ids(store: Store) -> set[str]:
    q = f"SELECT DISTINCT ?e WHERE {{ GRAPH <{ns.GRAPHS['labels']}> {{ ?e <{SKOS}prefLabel> ?l }} }}"
    return {r[0].value[len(ns.ID) :] for r in store.select(q).rows if r[0].value.startswith(ns.ID)}


# -- the remote side ----------------------------------------------------------------------------------


def _prefixes(config: LinkingConfig) -> str:
    return (
        f"PREFIX wd: <{WD}> PREFIX wdt: <http://www.wikidata.org/prop/direct/> "
        f"PREFIX rdfs: <{RDFS}> PREFIX skos: <{SKOS}> "
    )


def type_query(config: LinkingConfig, labels: list[str]) -> str:
    values = " ".join(_lit(label, "en") for label in labels)
    return (
        _prefixes(config) + f"SELECT ?label ?class WHERE {{ VALUES ?label {{ {values} }} ?class rdfs:label ?label . "
        f"FILTER(EXISTS {{ ?x wdt:{config.properties['instance_of']} ?class }} || "
        f"EXISTS {{ ?x wdt:{config.properties['subclass_of']} ?class }}) }} ORDER BY ?label ?class"
    )


def resolve_types(client: SparqlClient, config: LinkingConfig, labels: Iterable[str]) -> dict[str, list[str]]:
    """Wikidata class label -> the QIDs carrying it at the endpoint (only items used as a class: something is an
    instance or a subclass of them)."""
    wanted = sorted(set(labels))
    found: dict[str, list[str]] = {label: [] for label in wanted}
    if not wanted:
        return found
    for row in client.select(type_query(config, wanted)).rows:
        label, cls = row.get("label", {}).get("value"), row.get("class", {}).get("value", "")
        if label in found and cls.startswith(WD) and cls[len(WD) :] not in found[label]:
            found[label].append(cls[len(WD) :])
    return found


def search_query(config: LinkingConfig, entity: LocalEntity, type_qids: list[str], country: str | None) -> str:
    texts: list[str] = []
    for text, lang, _pref in entity.labels:
        for v in variants(text):
            lit = _lit(v, lang)
            if lit not in texts:
                texts.append(lit)
    p = config.properties
    typed = (
        (
            f"BIND(EXISTS {{ VALUES ?want {{ {' '.join('wd:' + q for q in type_qids)} }} "
            f"?item wdt:{p['instance_of']}/wdt:{p['subclass_of']}* ?want }} AS ?typed)"
        )
        if type_qids
        else ""
    )
    country_part = f"OPTIONAL {{ ?item wdt:{p['country']} ?country }}" if entity.rule.country else ""
    date_keys = sorted(set(entity.rule.dates.values()))
    date_parts = " ".join(f"OPTIONAL {{ ?item wdt:{p[k]} ?date_{k} }}" for k in date_keys)
    select = " ".join(
        [
            "?item",
            "?text",
            "?label",
            "?typed" if type_qids else "",
            "?country" if country_part else "",
            *(f"?date_{k}" for k in date_keys),
        ]
    )
    return (
        _prefixes(config) + f"SELECT DISTINCT {' '.join(select.split())} WHERE {{ VALUES ?text {{ {' '.join(texts)} }} "
        f"?item rdfs:label|skos:altLabel ?text . FILTER(STRSTARTS(STR(?item), STR(wd:))) "
        f'OPTIONAL {{ ?item rdfs:label ?label FILTER(LANG(?label) = "en") }} '
        f"{typed} {country_part} {date_parts} }}"
    )


def _compare_dates(ours: list[str], theirs: list[str]) -> tuple[float, str] | None:
    if not ours or not theirs:
        return None
    ours = sorted(ours, key=lambda d: (-len(d), d))  # the most precise of our dates first
    for o in ours:
        for t in theirs:
            if t[: len(o)] == o:
                return 0.1, f"date agrees ({o})"
    for o in ours:
        for t in theirs:
            if t[:4] == o[:4]:
                return 0.05, f"same year ({o} vs {t[:10]})"
    return -0.2, f"date differs (ours {ours[0]}, theirs {theirs[0][:10]})"


def short(iri: str) -> str:
    """A QID for a Wikidata item, ``dbr:Name`` for a DBpedia resource, the IRI otherwise (for reasons)."""
    if iri.startswith(WD):
        return iri[len(WD) :]
    if iri.startswith(DBR):
        return "dbr:" + iri[len(DBR) :]
    return iri


def score(
    entity: LocalEntity,
    rows: list[dict[str, dict[str, str]]],
    *,
    type_label: str,
    type_qids: list[str],
    country: str | None,
    config: LinkingConfig | None = None,  # not used; kept for callers
    prefix: str = WD,
    keep_iri: bool = False,
    target: str = "Wikidata",
) -> list[Candidate]:
    """Candidates from the search answer, scored, best first (ties broken by identifier).

    The answer's variables: ``item`` (an IRI under ``prefix``), ``text`` (the label that matched), ``label``
    (a display label), ``typed`` (true / the class when the item is of the wanted type), ``country``,
    ``date_<key>``. Candidates are identified by the part of the IRI after ``prefix`` (a QID), or by the
    whole IRI with ``keep_iri``. ``target`` names the other side in the reasons."""
    origin: dict[tuple[str, str], tuple[str, bool]] = {}
    for text, lang, pref in entity.labels:
        for v in variants(text):
            origin.setdefault((v, lang), (text, pref))
    by_item: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        item = row.get("item", {}).get("value", "")
        if not item.startswith(prefix):
            continue
        for var, cell in row.items():
            by_item[item][var].add(
                cell.get("value", "") + ("@" + cell["xml:lang"] if var == "text" and "xml:lang" in cell else "")
            )
    out: list[Candidate] = []
    ours_normal = {normalise(t) for t, _l, _p in entity.labels}
    for item, cells in by_item.items():
        reasons: list[str] = []
        best, langs = 0.0, set()
        best_reason, best_text = "", ""
        for t in sorted(cells.get("text", set())):
            text, _, lang = t.rpartition("@")
            original, pref = origin.get((text, lang), (text, False))
            if text == original:
                s, r = (0.5, f"exact label '{text}'@{lang}") if pref else (0.45, f"exact alt label '{text}'@{lang}")
            elif normalise(text) in ours_normal:
                s, r = 0.4, f"normalised label '{text}'@{lang}"
            else:
                continue
            langs.add(lang)
            if s > best:
                best, best_reason, best_text = s, r, text
        if best == 0:
            continue
        total = best
        reasons.append(best_reason)
        if len(langs) >= 2:
            total += 0.05
            reasons.append(f"labels match in {len(langs)} languages ({', '.join(sorted(langs))})")
        if type_qids:
            if cells.get("typed", set()) - {"false", "0", ""}:
                total += 0.3
                reasons.append(f"type: instance of '{type_label}'")
            else:
                total -= 0.1
                reasons.append(f"type: not an instance of '{type_label}'")
        else:
            reasons.append(f"type: class '{type_label}' not found at the endpoint (unchecked)")
        if entity.rule.country:
            countries = {c for c in cells.get("country", set()) if c}
            if country is None:
                reasons.append(f"country: unchecked (our country entity has no {target} link)")
            elif country in countries:
                total += 0.1
                reasons.append("country: Kazakhstan")
            elif countries:
                total -= 0.3
                reasons.append("country: another country (" + ", ".join(sorted(short(c) for c in countries)) + ")")
            else:
                reasons.append("country: none stated")
        for ours_p, key in sorted(entity.rule.dates.items()):
            cmp = _compare_dates(entity.dates.get(ours_p, []), sorted(cells.get(f"date_{key}", set())))
            if cmp:
                total += cmp[0]
                reasons.append(f"{ns.compact(ours_p)} vs {key}: {cmp[1]}")
        label = min(cells.get("label", set()) or {best_text})
        key = item if keep_iri else item[len(prefix) :]
        out.append(Candidate(key, label, round(min(1.0, max(0.0, total)), 3), reasons))
    out.sort(key=lambda c: (-c.score, len(c.qid), c.qid))
    return out


@dataclass
class ReconcileResult:
    proposals: list[Proposal]
    types: dict[str, list[str]]
    skipped_linked: int
    requests: int
    from_cache: int


def reconcile(
    store: Store,
    client: SparqlClient,
    config: LinkingConfig,
    *,
    data: Path,
    names: list[str] | None = None,
    top: int = 3,
    progress: Callable[[str], None] | None = None,
) -> ReconcileResult:
    """Search and score candidates for the unlinked entities (or for ``names``, linked or not)."""
    say = progress or (lambda _m: None)
    entities = local_entities(store, config)
    already = linked(store, data, known_ids(store))
    todo, skipped = choose(store, entities, already, names, config.path.name)
    todo = [e for e in todo if e.labels]
    say(f"{len(todo)} entities to reconcile ({skipped} already linked) at {client.endpoint}")
    types = resolve_types(client, config, {e.rule.type_label for e in todo})
    country_links = already.get(config.country_entity, [])
    country = country_links[0] if country_links else None

    def one(entity: LocalEntity) -> Proposal:
        qids = types.get(entity.rule.type_label, [])
        answer = client.select(search_query(config, entity, qids, country))
        found = score(
            entity, answer.rows, type_label=entity.rule.type_label, type_qids=qids, country=country, config=config
        )
        return Proposal(entity, found[:top], answer)

    proposals = run_searches(client, todo, one)
    return ReconcileResult(proposals, types, skipped, client.requests, sum(1 for p in proposals if p.answer.from_cache))


def choose(
    store: Store, entities: dict[str, LocalEntity], already: Iterable[str], names: list[str] | None, config_name: str
) -> tuple[list[LocalEntity], int]:
    """The entities to reconcile — ``names`` (linked or not), else those not in ``already`` —, sorted by id, and
    how many were skipped as already linked."""
    if names:
        from kzgraph.query.describe import resolve

        chosen = []
        for name in names:
            iri = resolve(store, name)
            key = iri.removeprefix(ns.ID)
            if key not in entities:
                raise NotFoundError(f"'{name}' is not an entity of a class configured in {config_name}")
            chosen.append(entities[key])
        todo = sorted({e.id: e for e in chosen}.values(), key=lambda e: e.id)
        skipped = 0
    else:
        done = set(already)
        todo = sorted((e for e in entities.values() if e.id not in done), key=lambda e: e.id)
        skipped = sum(1 for e in entities.values() if e.id in done)
    return todo, skipped


def run_searches(
    client: SparqlClient, todo: list[LocalEntity], one: Callable[[LocalEntity], Proposal]
) -> list[Proposal]:
    """``one`` for every entity, ``client.concurrency`` at a time; the first failure stops the run (what is done
    stays cached, so a rerun resumes) with one error saying so."""
    proposals: list[Proposal] = []
    errors: list[RemoteError] = []
    with ThreadPoolExecutor(max_workers=client.concurrency) as pool:
        futures = [pool.submit(one, e) for e in todo]
        for future in futures:
            try:
                proposals.append(future.result())
            except RemoteError as e:
                errors.append(e)
                for pending in futures:  # stop at the first failure: what is done stays cached
                    pending.cancel()
                break
    if errors:
        done = len(proposals)
        raise RemoteError(
            f"{errors[0]} — at least {done} of {len(todo)} searches done and cached; rerun to resume (no review file written)"
        )
    return proposals


def _cell(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").split())


def review_rows(result: ReconcileResult) -> list[list[str]]:
    rows: list[list[str]] = []
    for p in sorted(result.proposals, key=lambda p: p.entity.id):
        e, a = p.entity, p.answer
        base = [e.id, e.label, ns.compact(e.cls)]
        if not p.candidates:
            type_qids = result.types.get(e.rule.type_label, [])
            why = (
                f"no candidate found (searched {len(e.labels)} label(s); type {e.rule.type_label}: "
                + (", ".join(type_qids) or "unresolved")
                + ")"
            )
            rows.append(["", *base, "-", "", "", "", why, a.endpoint, a.retrieved, a.query])
            continue
        for rank, c in enumerate(p.candidates, start=1):
            a = c.answer or p.answer
            rows.append(
                [
                    "",
                    *base,
                    str(rank),
                    c.qid,
                    c.label,
                    f"{c.score:.3f}",
                    "; ".join(c.reasons),
                    a.endpoint,
                    a.retrieved,
                    a.query,
                ]
            )
    return [[_cell(x) for x in row] for row in rows]


def write_review(path: Path, result: ReconcileResult, columns: list[str] = REVIEW_COLUMNS) -> int:
    """Write the review file atomically (sorted by entity, then rank); returns the number of rows.
    ``columns``: :data:`REVIEW_COLUMNS`, or :data:`DBPEDIA_REVIEW_COLUMNS` for a DBpedia run."""
    rows = review_rows(result)
    text = REVIEW_HEADER + "\t".join(columns) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    atomic_write(path, text.encode("utf-8"))
    return len(rows)
