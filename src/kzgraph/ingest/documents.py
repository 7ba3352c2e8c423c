"""The ingested corpus (a folder next to the store, ``build/ingested/``) and its graphs in the store.

Per document (identity = SHA-256 of the stored UTF-8 text): ``<sha>.txt`` (the text offsets point into),
``<sha>.json`` (metadata: title, origin, source URL, language, encoding, counts, candidates) and ``<sha>.nq``
(every quad derived from it, in graph ``graph/extracted/<sha>``). ``index.json`` maps each origin (the
``--source-url``, else the file's absolute path) to its current document, so re-ingesting an edited file
replaces the old document's statements.

Store writes are one SPARQL Update request (``DROP SILENT GRAPH …; INSERT DATA {…}``), which Oxigraph runs
as one transaction: a failure leaves the store as it was. Files are written to temporary names first and
renamed only after the store accepted the update.

Many files in one run: documents are analysed in worker processes (``jobs``), and NEW documents (no earlier
version, graph not yet in the store) are written in batches with Oxigraph's bulk loader, which is several
times faster per quad but not transactional. The guarantee is kept by a journal: before a batch is loaded,
``bulk.journal`` lists its graphs; the files ``<sha>.nq`` are renamed into place only after the load
returned, and then the journal is removed. A document counts as ingested exactly when its ``<sha>.nq``
exists. If the process dies mid-batch, the next ``Ingester`` (ingest or remove) finds the journal and drops,
in one transaction, every journalled graph that has no ``.nq`` — the store is back in line with the corpus
folder before anything else happens. Until then a query with ``include_extracted`` may see those partial
graphs; curated graphs are never touched. Edited documents (replace) and single files keep the one-
transaction path.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kzgraph.errors import IngestError, NotFoundError, StoreError
from kzgraph.ingest import rdf
from kzgraph.ingest.analyse import Analysis, analyse
from kzgraph.ingest.gazetteer import Gazetteer
from kzgraph.ingest.reading import MAX_BYTES, ReadDocument, read_path
from kzgraph.ingest.report import FileResult, Report

INDEX = "index.json"
JOURNAL = "bulk.journal"
BULK_DOCUMENTS = 200  # documents per bulk-loaded batch
BULK_MIN_FILES = 8  # fewer files than this: one transaction per document, no worker processes


def corpus_dir(store_path: Path) -> Path:
    """The ingested corpus folder beside a store folder (``build/store`` → ``build/ingested``)."""
    return store_path.parent / "ingested"


def _atomic_text(path: Path, data: str | bytes) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.time_ns()}.tmp")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    return tmp


@dataclass
class Prepared:
    """A read and analysed document, ready to be stored."""

    origin: str
    read: ReadDocument
    analysis: Analysis
    quads: list[ox.Quad]  # parsed from ``nquads`` on demand (the one-transaction path)
    meta: dict[str, Any]
    nquads: bytes = b""  # every quad as N-Quads, written directly by :mod:`rdf` (cheap to pickle and bulk-load)

    @property
    def sha(self) -> str:
        return str(self.meta["sha256"])

    def serialised(self) -> bytes:
        if not self.nquads:
            self.nquads = ox.serialize(self.quads, format=ox.RdfFormat.N_QUADS) or b""
        return self.nquads

    def all_quads(self) -> list[ox.Quad]:
        if not self.quads and self.nquads:
            self.quads = list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS))
        return self.quads

    def slim(self) -> Prepared:
        """For sending from a worker process: quads as N-Quads bytes, no analysis (the result has the counts)."""
        return Prepared(self.origin, self.read, Analysis(""), [], self.meta, self.serialised())


@dataclass
class Corpus:
    folder: Path
    index: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path) -> Corpus:
        folder.mkdir(parents=True, exist_ok=True)
        index_file = folder / INDEX
        index = json.loads(index_file.read_text("utf-8")) if index_file.exists() else {}
        return cls(folder, index)

    def save_index(self) -> None:
        tmp = _atomic_text(self.folder / INDEX, json.dumps(self.index, indent=1, sort_keys=True, ensure_ascii=False))
        os.replace(tmp, self.folder / INDEX)

    def has(self, sha: str) -> bool:
        return (self.folder / f"{sha}.nq").exists() and (self.folder / f"{sha}.txt").exists()

    def meta(self, sha: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.folder / f"{sha}.json").read_text("utf-8"))
        return data

    def documents(self) -> list[dict[str, Any]]:
        return [self.meta(p.stem) for p in sorted(self.folder.glob("*.json")) if p.name != INDEX and len(p.stem) == 64]

    def text(self, sha: str) -> str:
        return (self.folder / f"{sha}.txt").read_text("utf-8")

    def resolve(self, ref: str) -> str:
        """A document by hash (or a unique prefix of ≥ 6 characters), origin path or source URL."""
        if ref in self.index:
            return self.index[ref]
        absolute = str(Path(ref).resolve())
        if absolute in self.index:
            return self.index[absolute]
        shas = [p.stem for p in self.folder.glob("*.nq")]
        hits = [s for s in shas if s.startswith(ref.removeprefix("ingested-"))] if len(ref) >= 6 else []
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise NotFoundError(f"'{ref}' matches {len(hits)} ingested documents; give more of the hash")
        raise NotFoundError(f"no ingested document '{ref}' (give its hash, path or --source-url)")

    def all_quads(self) -> list[ox.Quad]:
        quads: list[ox.Quad] = []
        for nq in sorted(self.folder.glob("*.nq")):
            quads += list(ox.parse(nq.read_bytes(), format=ox.RdfFormat.N_QUADS))
        return quads


def carried_over(store_path: Path) -> list[ox.Quad]:
    """Every ingested document's saved quads, for ``kzgraph build`` to put into the fresh store."""
    folder = corpus_dir(store_path)
    return Corpus(folder).all_quads() if folder.is_dir() else []


def _update(store: ox.Store, drop: Iterable[str], quads: list[ox.Quad]) -> None:
    """Drop graphs and insert quads in ONE transaction: ``Store.extend`` (atomic) when there is nothing to
    drop, else one SPARQL Update request ``DROP SILENT GRAPH …; INSERT DATA {…}``."""
    drop = [g for g in dict.fromkeys(drop) if store.contains_named_graph(ox.NamedNode(g))]
    if not drop:
        try:
            store.extend(quads)
        except OSError as e:
            raise StoreError(f"store write failed: {e}") from None
        return
    parts = [f"DROP SILENT GRAPH <{g}>" for g in dict.fromkeys(drop)]
    if quads:
        body = "\n".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads)
        parts.append(f"INSERT DATA {{\n{body}\n}}")
    if not parts:
        return
    try:
        store.update(" ;\n".join(parts))
    except OSError as e:
        raise StoreError(f"store write failed: {e}") from None


# What the worker processes need (set before they are forked, cleared afterwards).
_WORK: dict[str, Any] = {}


def _analyse_one(item: tuple[Path, str, bool]) -> FileResult | tuple[Prepared, FileResult]:
    """Read and analyse one file (in a worker process or inline): a failure or ``unchanged`` as a result, else
    the prepared document and its result line."""
    path, origin, single = item
    folder: Path = _WORK["folder"]
    started = time.perf_counter()
    try:
        read = read_path(path, max_bytes=_WORK["max_bytes"])
        sha = read.sha256
        if _WORK["index"].get(origin) == sha and (folder / f"{sha}.nq").exists() and (folder / f"{sha}.txt").exists():
            return FileResult(str(path), "unchanged", sha256=sha)
        if _WORK["gaz"] is None:
            raise IngestError("no gazetteer given")
        doc = prepare(
            read,
            _WORK["gaz"],
            origin=origin,
            name=path.name,
            source_url=_WORK["source_url"] if single else None,
            title=_WORK["title"] if single else None,
        )
    except IngestError as e:
        return FileResult(str(path), "failed", error=str(e))
    result = FileResult(
        str(path),
        "ingested",
        sha256=doc.sha,
        language=doc.read.language,
        sentences=len(doc.analysis.sentences),
        mentions=len(doc.analysis.mentions),
        statements=len(doc.analysis.statements),
        candidates=len(doc.analysis.candidates),
        observations=len(doc.analysis.observations),
        seconds=time.perf_counter() - started,
    )
    return (doc.slim() if _WORK.get("slim") else doc), result


def open_writable(store_path: Path) -> ox.Store:
    if not store_path.is_dir():
        raise StoreError(f"{store_path}: no store here; run 'kzgraph build' first (or pass --store)")
    try:
        return ox.Store(str(store_path))
    except OSError as e:
        raise StoreError(f"{store_path}: cannot open the store for writing: {e}") from None


def prepare(
    read: ReadDocument, gaz: Gazetteer, *, origin: str, name: str, source_url: str | None, title: str | None
) -> Prepared:
    analysis = analyse(read.text, gaz, language=read.language)
    sha = read.sha256
    meta: dict[str, Any] = {
        "sha256": sha,
        "source_key": rdf.source_key(sha),
        "graph": rdf.graph_iri(sha),
        "title": title or read.title,
        "origin": origin,
        "name": name,
        "source_url": source_url or "",
        "language": read.language,
        "encoding": read.encoding,
        "media_type": read.media_type,
        "characters": len(read.text),
        "sentences": len(analysis.sentences),
        "mentions": len(analysis.mentions),
        "statements": len(analysis.statements),
        "observations": len(analysis.observations),
        "candidates": [
            {
                "label": c.label,
                "how": c.how,
                "start": span.start,
                "end": span.end,
                "sentence": [analysis.sentences[i].start, analysis.sentences[i].end],
            }
            for i, c, span in analysis.candidates
        ],
        "labels": [
            {
                "entity": lp.entity,
                "language": lp.language,
                "label": lp.label,
                "rule": lp.rule,
                "sentence": [span.start, span.end],
            }
            for _i, lp, span in analysis.label_proposals
        ],
    }
    nquads = rdf.document_nquads(sha, analysis, {k: str(v) for k, v in meta.items() if isinstance(v, str)})
    return Prepared(origin, read, analysis, [], meta, nquads.encode("utf-8"))


class Ingester:
    """Ingest files into the store at ``store_path`` and its corpus folder."""

    def __init__(self, store_path: Path, gaz: Gazetteer | None, *, store: ox.Store | None = None) -> None:
        self.store_path = store_path
        self.gaz = gaz
        self.corpus = Corpus.open(corpus_dir(store_path))
        self.store = store if store is not None else open_writable(store_path)
        self.recovered = self._recover()

    def _recover(self) -> list[str]:
        """Drop the graphs of an interrupted bulk batch (journalled, but without a ``.nq``) in one transaction."""
        journal = self.corpus.folder / JOURNAL
        if not journal.exists():
            return []
        shas = [line.strip() for line in journal.read_text("utf-8").splitlines() if line.strip()]
        orphans = [sha for sha in shas if not (self.corpus.folder / f"{sha}.nq").exists()]
        if orphans:
            _update(self.store, [rdf.graph_iri(sha) for sha in orphans], [])
        journal.unlink()
        return orphans

    def _commit_bulk(self, docs: list[Prepared]) -> None:
        """Bulk-load NEW documents (see the module doc for the guarantee), then their files."""
        if not docs:
            return
        journal = self.corpus.folder / JOURNAL
        tmp = _atomic_text(journal, "".join(f"{d.sha}\n" for d in docs))
        os.replace(tmp, journal)
        staged = [s for d in docs for s in self._stage(d)]
        try:
            self.store.bulk_load(b"".join(d.serialised() for d in docs), format=ox.RdfFormat.N_QUADS)
        except BaseException:
            for t, _ in staged:
                t.unlink(missing_ok=True)
            self._recover()
            raise
        for t, final in staged:
            os.replace(t, final)
        for d in docs:
            self.corpus.index[d.origin] = d.sha
        self.corpus.save_index()
        journal.unlink()

    def _stage(self, d: Prepared) -> list[tuple[Path, Path]]:
        base = self.corpus.folder / d.sha
        meta = json.dumps(d.meta, indent=1, ensure_ascii=False)
        nq = d.serialised()
        return [
            (_atomic_text(base.with_suffix(".txt"), d.read.text.encode("utf-8")), base.with_suffix(".txt")),
            (_atomic_text(base.with_suffix(".json"), meta), base.with_suffix(".json")),
            (_atomic_text(base.with_suffix(".nq"), nq), base.with_suffix(".nq")),  # last: the commit mark
        ]

    def _commit(self, docs: list[Prepared]) -> list[str]:
        """Store every document (one transaction), then its files; returns superseded hashes."""
        drop: list[str] = []
        superseded: list[str] = []
        quads: list[ox.Quad] = []
        staged: list[tuple[Path, Path]] = []
        for d in docs:
            old = self.corpus.index.get(d.origin)
            if old and old != d.sha:
                drop.append(rdf.graph_iri(old))
                superseded.append(old)
            drop.append(rdf.graph_iri(d.sha))
            quads += d.all_quads()
            staged += self._stage(d)
        try:
            _update(self.store, drop, quads)
        except BaseException:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
            raise
        for tmp, final in staged:
            os.replace(tmp, final)
        for d in docs:
            self.corpus.index[d.origin] = d.sha
        still_used = set(self.corpus.index.values())
        for old in superseded:
            if old not in still_used:
                self._delete_files(old)
        self.corpus.save_index()
        return superseded

    def _delete_files(self, sha: str) -> None:
        for suffix in (".txt", ".nq", ".json"):
            (self.corpus.folder / f"{sha}{suffix}").unlink(missing_ok=True)

    def ingest(
        self,
        paths: list[Path],
        *,
        source_url: str | None = None,
        title: str | None = None,
        max_bytes: int = MAX_BYTES,
        all_or_nothing: bool = False,
        progress: Callable[[str], None] | None = None,
        jobs: int | None = None,
    ) -> Report:
        """Ingest ``paths``. With :data:`BULK_MIN_FILES` or more files (and not ``all_or_nothing``), documents
        are analysed by ``jobs`` worker processes (default: the CPU count, at most 4) and new ones are
        bulk-loaded in batches of :data:`BULK_DOCUMENTS` (see the module doc)."""
        report = Report()
        if self.recovered:
            report.notes.append(f"dropped {len(self.recovered)} graph(s) of an interrupted bulk load")
            self.recovered = []
        prepared: list[tuple[Prepared, FileResult]] = []
        bulk = len(paths) >= BULK_MIN_FILES and not all_or_nothing
        if jobs is None:
            jobs = min(os.cpu_count() or 1, 4) if bulk else 1
        pending: list[tuple[Prepared, FileResult]] = []
        pending_shas: set[str] = set()

        def flush() -> None:
            self._commit_bulk([d for d, _ in pending])
            for _d, r in pending:
                report.add(r)
            pending.clear()
            pending_shas.clear()

        items = [
            (path, source_url if source_url and len(paths) == 1 else str(path.resolve()), len(paths) == 1)
            for path in paths
        ]
        for (path, _origin, _single), outcome in zip(
            items, self._analysed(items, source_url, title, max_bytes, jobs), strict=True
        ):
            if isinstance(outcome, FileResult):  # failed or unchanged
                report.add(outcome)
                if progress and outcome.status != "failed":
                    progress(str(path))
                continue
            doc, result = outcome
            if all_or_nothing:
                prepared.append((doc, result))
            elif (
                bulk
                and doc.origin not in self.corpus.index
                and doc.sha not in pending_shas
                and not self.store.contains_named_graph(ox.NamedNode(rdf.graph_iri(doc.sha)))
            ):
                pending.append((doc, result))
                pending_shas.add(doc.sha)
                if len(pending) >= BULK_DOCUMENTS:
                    flush()
            else:
                if pending:
                    flush()
                superseded = self._commit([doc])
                if superseded:
                    result.status = "replaced"
                    result.replaced = superseded
                report.add(result)
            if progress:
                progress(str(path))
        if pending:
            flush()
        if all_or_nothing:
            if report.failed:
                for _doc, result in prepared:
                    result.status = "skipped"
                    report.add(result)
            elif prepared:
                superseded = self._commit([d for d, _ in prepared])
                for _doc, result in prepared:
                    report.add(result)
                if superseded:
                    report.notes.append(f"replaced {len(superseded)} earlier version(s)")
        return report

    def _analysed(
        self,
        items: list[tuple[Path, str, bool]],
        source_url: str | None,
        title: str | None,
        max_bytes: int,
        jobs: int,
    ) -> Iterator[FileResult | tuple[Prepared, FileResult]]:
        """Each file read and analysed, in order; by ``jobs`` forked worker processes when ``jobs > 1``."""
        _WORK.update(
            gaz=self.gaz,
            index=dict(self.corpus.index),
            folder=self.corpus.folder,
            source_url=source_url,
            title=title,
            max_bytes=max_bytes,
        )
        try:
            if jobs <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
                yield from map(_analyse_one, items)
                return
            _WORK["slim"] = True
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                yield from pool.imap(_analyse_one, items, chunksize=4)
        finally:
            _WORK.clear()

    def remove(self, ref: str) -> dict[str, Any]:
        sha = self.corpus.resolve(ref)
        meta = self.corpus.meta(sha) if (self.corpus.folder / f"{sha}.json").exists() else {"sha256": sha}
        _update(self.store, [rdf.graph_iri(sha)], [])
        self._delete_files(sha)
        self.corpus.index = {k: v for k, v in self.corpus.index.items() if v != sha}
        self.corpus.save_index()
        return meta

    def close(self) -> None:
        """Flush and release the store (its lock), even while this object is still referenced."""
        if hasattr(self, "store"):
            self.store.flush()
            del self.store
