"""The dev-corpus check (issue 11): ingest the 20 texts of ``../shared/dev-corpus/texts`` into a store that
holds the curated graph, then look for each of the 120 hand-checked facts of ``facts.tsv`` in it.

The check is ontology-agnostic, so it cannot be tuned to our own predicates:

- the **subject** is every node with a label (any literal of a predicate whose local name is a common label
  predicate's: rdfs:label, skos:prefLabel/altLabel/hiddenLabel, schema:name/alternateName, foaf:name,
  dcterms:title/alternative — not schema:jobTitle) equal to one of the
  fact's ``;``-separated aliases, compared case- and typography-insensitively;
- the **value** must be within two hops of a subject node, over content edges in either direction (not the
  provenance: claims, annotations, selectors, documents, types): a number equal at the precision the fact
  is written with (a fact in
  ``(thousand)``/``(million)`` also matches the value times 1,000/1,000,000), a date whose ISO form starts
  with the fact's, an entity by one of its labels (a node's label or a literal equal to an alias).

Only what the store holds counts: the curated graph plus the dev-corpus documents' graphs. Running the same
check on the curated graph alone gives the facts it already held; the rest are the "new" facts.

Used by ``benchmarks/extraction.py --dev-corpus``.
"""

from __future__ import annotations

import csv
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kzgraph.ingest import gazetteer
from kzgraph.ingest.documents import Ingester, open_writable
from kzgraph.resources import default_files

try:  # the package layout since issue 10
    from kzgraph.pipeline.build import assemble
    from kzgraph.rdf import namespaces as ns
except ModuleNotFoundError:  # a baseline commit from before it (extraction.py --baseline-ref)
    from kzgraph.build import assemble  # type: ignore[no-redef]

    from kzgraph import namespaces as ns  # type: ignore[no-redef]

P = ns.PREFIXES
# Provenance, not content: never a hop.
SKIP_PREDICATES = (P["oa"], P["prov"], P["rdf"], P["dcterms"], ns.KZ + "assertedIn", ns.KZ + "method")
SKIP_PREDICATES += (ns.KZ + "extractionRule", ns.KZ + "confidence", ns.KZ + "evidence", ns.KZ + "curationRecord")
SKIP_PREDICATES += (ns.KZ + "sourceKey", ns.KZ + "sha256", ns.KZ + "linkEvidence", ns.KZ + "linkRecord")
SKIP_NODES = tuple(ns.ID + x for x in ("claim/", "mention/", "tag/", "span/"))
CONTENT_GRAPHS = ("source/", "inferred", "labels", "links", "extracted/", "external/")
# The label predicates of the common vocabularies, by local name (RDFS, SKOS, schema.org, FOAF, DCTerms). An exact
# match: `schema:jobTitle` or `kz:nameOf…` are content, not names.
LABEL_WORD = re.compile(r"(?:label|(?:pref|alt|hidden)Label|name|alternateName|title|alternative)", re.IGNORECASE)
DATE_LEX = re.compile(r"^\d{4}(?:-\d\d){0,2}")
NUMERIC = re.compile(r"^-?\d+(?:\.\d+)?$")


def norm(text: str) -> str:
    """Case- and typography-insensitive form of a label."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = re.sub(r"[«»\"“”„'’‘`]", "", t)
    t = t.replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", t).strip(" .,")


@dataclass(frozen=True)
class Fact:
    id: str
    subjects: tuple[str, ...]
    predicate: str
    objects: tuple[str, ...]
    kind: str
    file: str
    language: str


def load_facts(root: Path) -> list[Fact]:
    languages = _languages(root)
    with (root / "facts.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        Fact(
            r["id"],
            tuple(a.strip() for a in r["subject"].split(";")),
            r["predicate"],
            tuple(a.strip() for a in r["object"].split(";")),
            r["kind"],
            r["file"],
            languages.get(Path(r["file"]).name, "en"),
        )
        for r in rows
    ]


def _languages(root: Path) -> dict[str, str]:
    """File name → language, from the README's table of texts (``| `NN_x.txt` | en | …``)."""
    out: dict[str, str] = {}
    for m in re.finditer(r"^\| `([^`]+\.txt)` \| (en|ru|kk) \|", (root / "README.md").read_text("utf-8"), re.MULTILINE):
        out[m[1]] = m[2]
    return out


class Graph:
    """Content edges of a store, both directions, and the label index."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.edges: dict[str, list[ox.NamedNode | ox.Literal | ox.BlankNode]] = defaultdict(list)
        self.labels: dict[str, set[str]] = defaultdict(set)  # normalised label → nodes
        self.node_labels: dict[str, set[str]] = defaultdict(set)
        for q in quads:
            g = q.graph_name
            if not isinstance(g, ox.NamedNode) or not any(g.value.startswith(ns.GRAPH + c) for c in CONTENT_GRAPHS):
                continue
            p, s, o = q.predicate.value, q.subject, q.object
            if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
                continue
            local = re.split(r"[#/]", p)[-1]
            if isinstance(o, ox.Literal) and LABEL_WORD.fullmatch(local):
                self.labels[norm(o.value)].add(_key(s))
                self.node_labels[_key(s)].add(norm(o.value))
                continue
            if p.startswith(SKIP_PREDICATES) or _key(s).startswith(SKIP_NODES) or _key(o).startswith(SKIP_NODES):
                continue
            self.edges[_key(s)].append(o)
            if not isinstance(o, ox.Literal):
                self.edges[_key(o)].append(s)

    def subjects(self, aliases: Iterable[str]) -> set[str]:
        return {n for a in aliases for n in self.labels.get(norm(a), ())}

    def near(self, node: str) -> list[ox.NamedNode | ox.Literal | ox.BlankNode]:
        """Everything within two hops of ``node``."""
        out = list(self.edges.get(node, ()))
        for x in list(out):
            if not isinstance(x, ox.Literal):
                out += self.edges.get(_key(x), ())
        return out

    def holds(self, fact: Fact) -> bool:
        want = {norm(o) for o in fact.objects}
        scale = 1_000.0 if "(thousand" in fact.predicate else 1_000_000.0 if "(million" in fact.predicate else 1.0
        for s in self.subjects(fact.subjects):
            for v in self.near(s):
                if _matches(self, fact, v, want, scale):
                    return True
        return False


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def _matches(
    graph: Graph, fact: Fact, v: ox.NamedNode | ox.Literal | ox.BlankNode, want: set[str], scale: float
) -> bool:
    if fact.kind == "entity":
        if isinstance(v, ox.Literal):
            return norm(v.value) in want
        return bool(graph.node_labels.get(_key(v), set()) & want)
    if not isinstance(v, ox.Literal):
        return False
    if fact.kind == "date":
        return DATE_LEX.match(v.value) is not None and v.value.startswith(fact.objects[0])
    if not NUMERIC.match(v.value.strip()):
        return False
    # Equal at the precision the fact is written with (a graph's 63.07 is the text's 63.1).
    raw = fact.objects[0]
    places = len(raw.split(".")[1]) if "." in raw else 0
    x, target = float(v.value), float(raw)
    return any(abs(round(x / f, places) - target) < 1e-9 for f in {1.0, scale})


def curated_quads() -> list[ox.Quad]:
    quads, _builder, _n, _t = assemble(default_files())
    return quads


def ingested_store(texts: Path, work: Path) -> tuple[ox.Store, int]:
    """A store at ``work`` with the curated graph and every text of ``texts`` ingested (returns the store and the
    number of documents)."""
    store_path = work / "build" / "store"
    store_path.mkdir(parents=True)
    store = open_writable(store_path)
    store.replace_graphs([], curated_quads())
    gaz = gazetteer.load(default_files().data)
    ingester = Ingester(store_path, gaz, store=store)
    paths = sorted(texts.glob("*.txt"))
    report = ingester.ingest(paths, jobs=1)
    ingester.close()
    if report.failed:
        raise SystemExit(f"{report.failed[0].path}: {report.failed[0].error}")
    return store.native, len(paths)  # the pyoxigraph store, for pattern lookups


def _tally(facts: list[Fact], found: set[str]) -> dict[str, object]:
    out: dict[str, object] = {"found": sum(f.id in found for f in facts), "total": len(facts)}
    for attr in ("kind", "language"):
        groups: dict[str, list[int]] = {}
        for f in facts:
            g = groups.setdefault(getattr(f, attr), [0, 0])
            g[0] += f.id in found
            g[1] += 1
        out[f"by_{attr}"] = {k: f"{a}/{b}" for k, (a, b) in sorted(groups.items())}
    return out


def evaluate(root: Path) -> dict[str, object]:
    """Found/total overall, per kind and per language, and for the facts the curated graph lacks."""
    facts = load_facts(root)
    curated = Graph(curated_quads())
    held = {f.id for f in facts if curated.holds(f)}
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        store, n_docs = ingested_store(root / "texts", Path(tmp))
        graph = Graph(store.quads_for_pattern(None, None, None, None))
        extracted = sum(
            1
            for q in store.quads_for_pattern(None, ox.NamedNode(P["rdf"] + "type"), ox.NamedNode(ns.KZ + "Claim"))
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(ns.GRAPH + "extracted/")
        )
        del store
    found = {f.id for f in facts if graph.holds(f)}
    new = [f for f in facts if f.id not in held]
    return {
        "documents": n_docs,
        "statements": extracted,
        "all": _tally(facts, found),
        "curated_alone": _tally(facts, held),
        "not_in_curated": _tally(new, found),
        "missing": sorted(f.id for f in facts if f.id not in found),
    }
