"""Candidates across the ingested corpus, and promoting one into the curated data (``kzgraph accept``).

Accepting writes a proper entity entry into ``data/entities/ingested.yaml`` whose evidence quote is the
candidate's sentence. So that the build can check that quote like any other, the ingested document is
registered as a source of the corpus: its stored text is copied to ``data/corpus/ingested-<hash16>.txt``
and listed in ``data/corpus/sources.yaml`` under the key ``ingested-<hash16>`` (the same key its extracted
graph uses). After ``kzgraph build`` the entity is in the curated graph and in the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kzgraph.errors import NotFoundError, SourceError
from kzgraph.fileio import atomic_write
from kzgraph.ingest.candidates import guess_class, slug
from kzgraph.ingest.documents import Corpus
from kzgraph.ingest.rdf import source_key
from kzgraph.pipeline.evidence import LocateFailure, SourceText
from kzgraph.rdf import namespaces as ns


@dataclass
class CandidateSummary:
    id: str
    label: str
    how: str
    occurrences: int = 0
    documents: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)  # {document, start, end, sentence, quote}
    suggested_class: str = ""
    known: bool = False
    entity: str = ""  # a proposed label: the known entity it names
    language: str = ""  # and its language


LABEL_PREFIX = "label-"


def label_id(entity: str, language: str, label: str) -> str:
    return f"{LABEL_PREFIX}{entity}-{language}-{slug(label)}"


def summarise(corpus: Corpus, known_ids: set[str]) -> list[CandidateSummary]:
    """Every candidate of every ingested document, grouped by id (slug of the name)."""
    out: dict[str, CandidateSummary] = {}
    for meta in corpus.documents():
        sha = meta["sha256"]
        text: str | None = None
        for c in meta.get("candidates", []):
            cid = slug(c["label"])
            s = out.setdefault(cid, CandidateSummary(cid, c["label"], c["how"], known=cid in known_ids))
            s.occurrences += 1
            if sha not in s.documents:
                s.documents.append(sha)
            if len(s.evidence) < 3:
                text = text if text is not None else corpus.text(sha)
                a, b = c["sentence"]
                s.evidence.append(
                    {
                        "document": sha,
                        "start": c["start"],
                        "end": c["end"],
                        "sentence": [a, b],
                        "quote": " ".join(text[a:b].split()),
                    }
                )
    for s in out.values():
        s.suggested_class = guess_class(s.label, s.how)
    for s in _label_proposals(corpus, known_ids):
        out[s.id] = s
    return sorted(out.values(), key=lambda s: (-s.occurrences, s.id))


def _label_proposals(corpus: Corpus, known_ids: set[str]) -> list[CandidateSummary]:
    """Labels proposed for known entities (``<sha>.json`` ``labels``), grouped by entity, language and label."""
    out: dict[str, CandidateSummary] = {}
    for meta in corpus.documents():
        sha = meta["sha256"]
        text: str | None = None
        for p in meta.get("labels", []):
            if p["entity"] not in known_ids:
                continue
            lid = label_id(p["entity"], p["language"], p["label"])
            s = out.setdefault(
                lid,
                CandidateSummary(
                    lid,
                    p["label"],
                    p["rule"],
                    suggested_class=f"skos:altLabel@{p['language']} of {p['entity']}",
                    entity=p["entity"],
                    language=p["language"],
                ),
            )
            s.occurrences += 1
            if sha not in s.documents:
                s.documents.append(sha)
            if len(s.evidence) < 3:
                text = text if text is not None else corpus.text(sha)
                a, b = p["sentence"]
                s.evidence.append(
                    {"document": sha, "start": a, "end": b, "sentence": [a, b], "quote": " ".join(text[a:b].split())}
                )
    return list(out.values())


def _register_source(data: Path, corpus: Corpus, sha: str) -> str:
    key = source_key(sha)
    target = data / "corpus" / f"{key}.txt"
    if not target.exists():
        target.write_bytes(corpus.text(sha).encode("utf-8"))
    sources = data / "corpus" / "sources.yaml"
    listed = yaml.safe_load(sources.read_text("utf-8")) or []
    if not any(isinstance(e, dict) and e.get("key") == key for e in listed):
        meta = corpus.meta(sha)
        entry = {
            "key": key,
            "file": target.name,
            "title": meta.get("title") or key,
            "authors": [],
            "languages": [meta.get("language", "en")],
            "note": "Ingested by 'kzgraph ingest' from "
            + (meta.get("source_url") or meta.get("name") or "a file")
            + f"; registered by 'kzgraph accept' (sha256 {sha}).",
        }
        block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
        old = sources.read_text("utf-8")
        atomic_write(sources, (old + ("" if old.endswith("\n") else "\n") + block).encode("utf-8"))
    return key


def _quote(corpus: Corpus, sha: str, key: str, sentence: list[int], label: str) -> tuple[str, int | None]:
    """The evidence sentence as a curated quote, and which occurrence it is when the text repeats it."""
    text = corpus.text(sha)
    a, b = sentence
    quote = " ".join(text[a:b].split())
    found_at = SourceText(text).locate(quote)
    occurrence: int | None = None
    if isinstance(found_at, LocateFailure):
        if found_at.count <= 1:
            raise SourceError(f"cannot place the evidence quote of '{label}' in {key}")
        occurrence = sum(1 for m in re.finditer(re.escape(text[a:b]), text) if m.start() <= a)
    return quote, occurrence


def accept_label(corpus: Corpus, data: Path, cand: CandidateSummary, entity: str, language: str) -> dict[str, Any]:
    """Write ``cand.label`` as a ``skos:altLabel`` fact of ``entity`` into ``data/facts/ingested-<sha16>.yaml``
    (source: the ingested document, registered as a corpus source; quote: the sentence that aligns the name).
    The next gazetteer recognises it (:func:`gazetteer.accepted_labels`)."""
    if language not in {"en", "ru", "kk"}:
        raise SourceError(f"label '{cand.label}': language '{language}' must be one of en, ru, kk")
    ev = cand.evidence[0]
    sha = ev["document"]
    key = _register_source(data, corpus, sha)
    quote, occurrence = _quote(corpus, sha, key, ev["sentence"], cand.label)
    path = data / "facts" / f"{key}.yaml"
    doc = (yaml.safe_load(path.read_text("utf-8")) if path.exists() else None) or {"source": key, "facts": []}
    facts: list[dict[str, Any]] = doc["facts"]
    if any(f.get("s") == entity and f.get("value") == cand.label and f.get("lang") == language for f in facts):
        raise SourceError(f"'{cand.label}'@{language} is already a label of '{entity}' in {path.name}")
    fact: dict[str, Any] = {"s": entity, "p": "skos:altLabel", "value": cand.label, "lang": language, "quote": quote}
    if occurrence:
        fact["occurrence"] = occurrence
    fact["note"] = f"Label accepted from an ingested text ({cand.how}, {cand.occurrences} occurrence(s))."
    facts.append(fact)
    facts.sort(key=lambda f: (str(f["s"]), str(f["p"]), str(f["value"])))
    header = f"# Labels accepted from an ingested document by 'kzgraph accept' (evidence: data/corpus/{key}.txt).\n"
    body = yaml.safe_dump({"source": key, "facts": facts}, allow_unicode=True, sort_keys=False, width=1000)
    atomic_write(path, (header + body).encode("utf-8"))
    return {"id": entity, "class": f"skos:altLabel {cand.label!r}@{language}", "file": str(path), "fact": fact}


def accept(
    corpus: Corpus,
    data: Path,
    candidate_id: str,
    *,
    known_ids: set[str],
    cls: str | None = None,
    entity_id: str | None = None,
    label_en: str | None = None,
) -> dict[str, Any]:
    """Write the candidate as an entity of ``data/entities/ingested.yaml``; returns the entry."""
    found = {s.id: s for s in summarise(corpus, known_ids)}
    if candidate_id not in found:
        raise NotFoundError(f"no candidate '{candidate_id}' (see 'kzgraph candidates')")
    cand = found[candidate_id]
    if cand.entity:
        return accept_label(corpus, data, cand, cand.entity, cand.language)
    if entity_id is not None and entity_id in known_ids:
        # A new name for a known entity ("русские" for russians): its label in the text's language.
        lang = corpus.meta(cand.evidence[0]["document"]).get("language", "en")
        return accept_label(corpus, data, cand, entity_id, lang)
    eid = entity_id or cand.id
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", eid):
        raise SourceError(f"entity id '{eid}' must be a lowercase slug [a-z0-9-]")
    if eid in known_ids:
        raise SourceError(f"entity id '{eid}' already exists; pass --id to choose another")
    ev = cand.evidence[0]
    sha = ev["document"]
    meta = corpus.meta(sha)
    lang = meta.get("language", "en")
    if lang != "en" and not label_en:
        raise SourceError(f"'{cand.label}' comes from a {lang} text: give its English label with --label-en")
    key = _register_source(data, corpus, sha)
    quote, occurrence = _quote(corpus, sha, key, ev["sentence"], cand.label)
    labels = {"en": label_en or cand.label}
    if lang != "en":
        labels[lang] = cand.label
    evidence: dict[str, Any] = {"source": key, "quote": quote}
    if occurrence:
        evidence["occurrence"] = occurrence
    entry: dict[str, Any] = {
        "id": eid,
        "class": cls or cand.suggested_class,
        "label": labels,
        "evidence": [evidence],
        "note": f"Accepted from an ingested candidate ({cand.how}, {cand.occurrences} occurrence(s)).",
    }
    path = data / "entities" / "ingested.yaml"
    entries = (yaml.safe_load(path.read_text("utf-8")) if path.exists() else None) or []
    entries.append(entry)
    entries.sort(key=lambda e: e["id"])
    header = "# Entities accepted from ingested documents by 'kzgraph accept' (evidence: data/corpus/ingested-*.txt).\n"
    body = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000)
    atomic_write(path, (header + body).encode("utf-8"))
    entry["iri"] = ns.entity(eid)
    return entry
