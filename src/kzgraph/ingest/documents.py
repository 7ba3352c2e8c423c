"""The ingested corpus (a folder next to the store, ``build/ingested/``) and its graphs in the store.

Per document (identity = SHA-256 of the stored UTF-8 text): ``<sha>.txt`` (the text offsets point into),
``<sha>.json`` (metadata: title, origin, source URL, language, encoding, counts, candidates) and ``<sha>.nq``
(every quad derived from it, in graph ``graph/extracted/<sha>``). ``index.json`` maps each origin (the
``--source-url``, else the file's absolute path) to its current document, so re-ingesting an edited file
replaces the old document's statements. A document is ingested exactly when the index names it and its
three files are in the folder; its graph is then in the store.

A document is analysed block by block (:mod:`stream`) and its quads are written to a temporary ``.nq`` file
as they come, so memory follows the block, not the document.

Every write follows one write-ahead protocol, whatever the number of documents:

1. ``journal.json`` records the intent: the documents (hash, origin, whether their graph is new) and the
   versions they supersede;
2. the store receives the new graphs (one transaction; the bulk loader for big files and batches);
3. the files are renamed into place (``.txt``, ``.json``, ``.nq``);
4. ``index.json`` is replaced — the **commit point**;
5. superseded graphs are dropped and their files deleted;
6. the journal is deleted.

Interrupted anywhere (an error, Ctrl-C, a killed process), the journal says what to do: before the commit
point the new graphs are dropped and their files deleted (roll back), after it the superseded versions are
dropped (roll forward). The running process does it on its way out; the next ``Ingester`` (ingest or remove)
does it if the process could not. :meth:`Ingester.repair` then clears orphans of any other origin: graphs
under ``graph/extracted/`` without a document, files without an index entry, index entries without files,
and reloads a document whose graph is missing. Removal forgets the document first (``.nq``, then index),
then drops its graph and deletes its other files, so an interrupted removal leaves
orphans that the next repair clears.

Many files in one run: documents are analysed in worker processes (``jobs``), and NEW documents (no earlier
version, graph not yet in the store) are committed in batches with the bulk loader.

The store is written through the store interface (:class:`~kzgraph.stores.base.Store`, a store that
:attr:`~kzgraph.stores.base.Store.replaces_graphs`): its graphs listed and counted by SPARQL, quads read with
``quads()``, graphs dropped with ``replace_graphs``, files loaded with ``load_nquads`` (one transaction) or
``add_nquads`` (bulk), and ``clear`` before a rebuild.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from kzgraph.errors import IngestError, NotFoundError, StoreError
from kzgraph.ingest import rdf, stream
from kzgraph.ingest.gazetteer import Gazetteer
from kzgraph.ingest.reading import MAX_BYTES, ReadDocument, read_path
from kzgraph.ingest.report import FileResult, Report
from kzgraph.stores import ingested_folder, open_store
from kzgraph.stores.base import Store

INDEX = "index.json"
JOURNAL = "journal.json"
OLD_JOURNAL = "bulk.journal"  # written by earlier versions; its graphs are orphans to the repair
BULK_DOCUMENTS = 200  # documents per bulk-loaded batch
BULK_MIN_FILES = 8  # fewer files than this: one commit per document, no worker processes
BULK_LOAD_BYTES = 8_000_000  # a document's N-Quads this large go through the bulk loader (bounded memory)
LOAD_PIECE_BYTES = 48_000_000  # N-Quads given to the bulk loader at once
REBUILD_RATIO = 3  # graphs to drop holding more than 1/3 of the rest: rebuild the store without them
RESTORE = "restore.nq"  # what the store must hold, while it is rebuilt without some graphs
SUFFIXES = (".txt", ".json", ".nq")  # renamed into place in this order: the .nq last


def _tmp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{time.time_ns()}.tmp")


def _atomic_text(path: Path, data: str | bytes) -> Path:
    tmp = _tmp_name(path)
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    return tmp


def _write_atomic(path: Path, data: str) -> None:
    os.replace(_atomic_text(path, data), path)


@dataclass
class Prepared:
    """A read and analysed document, ready to be stored: its quads are in the temporary file ``nq``."""

    origin: str
    read: ReadDocument
    meta: dict[str, Any]
    nq: Path

    @property
    def sha(self) -> str:
        return str(self.meta["sha256"])

    def result(self, path: Path, seconds: float) -> FileResult:
        m = self.meta
        return FileResult(
            str(path),
            "ingested",
            sha256=self.sha,
            language=self.read.language,
            sentences=m["sentences"],
            mentions=m["mentions"],
            statements=m["statements"],
            candidates=len(m["candidates"]),
            observations=m["observations"],
            seconds=seconds,
        )

    def discard(self) -> None:
        self.nq.unlink(missing_ok=True)


@dataclass
class Corpus:
    folder: Path
    index: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path) -> Corpus:
        folder.mkdir(parents=True, exist_ok=True)
        return cls(folder, cls.read_index(folder))

    @staticmethod
    def read_index(folder: Path) -> dict[str, str]:
        index_file = folder / INDEX
        if not index_file.exists():
            return {}
        try:
            data = json.loads(index_file.read_text("utf-8"))
        except ValueError as e:
            raise IngestError(f"{index_file}: not valid JSON ({e})") from None
        if not isinstance(data, dict):
            raise IngestError(f"{index_file}: expected an object mapping origins to document hashes")
        return {str(k): str(v) for k, v in data.items()}

    def save_index(self) -> None:
        _write_atomic(self.folder / INDEX, json.dumps(self.index, indent=1, sort_keys=True, ensure_ascii=False))

    def complete(self, sha: str) -> bool:
        """Are the document's three files in place?"""
        return all((self.folder / f"{sha}{suffix}").exists() for suffix in SUFFIXES)

    def has(self, sha: str) -> bool:
        """Is the document ingested (indexed, its files in place)?"""
        return sha in self.index.values() and self.complete(sha)

    def committed(self) -> set[str]:
        """Every ingested document's hash."""
        return {sha for sha in set(self.index.values()) if self.complete(sha)}

    def on_disk(self) -> set[str]:
        """Hashes that have any file in the folder (ingested or not)."""
        return {
            p.name[:64]
            for p in self.folder.iterdir()
            if len(p.name) > 64 and p.name[64:] in SUFFIXES and not p.name.startswith(".")
        }

    def meta(self, sha: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.folder / f"{sha}.json").read_text("utf-8"))
        return data

    def documents(self) -> list[dict[str, Any]]:
        return [self.meta(sha) for sha in sorted(self.committed())]

    def text(self, sha: str) -> str:
        return (self.folder / f"{sha}.txt").read_text("utf-8")

    def resolve(self, ref: str) -> str:
        """A document by hash (or a unique prefix of ≥ 6 characters), origin path or source URL."""
        if ref in self.index:
            return self.index[ref]
        absolute = str(Path(ref).resolve())
        if absolute in self.index:
            return self.index[absolute]
        prefix = ref.removeprefix("ingested-")
        hits = [s for s in sorted(self.committed()) if s.startswith(prefix)] if len(prefix) >= 6 else []
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise NotFoundError(f"'{ref}' matches {len(hits)} ingested documents; give more of the hash")
        raise NotFoundError(f"no ingested document '{ref}' (give its hash, path or --source-url)")

    def quads(self) -> Iterator[ox.Quad]:
        """Every ingested document's quads, one file at a time."""
        for sha in sorted(self.committed()):
            yield from ox.parse(path=str(self.folder / f"{sha}.nq"), format=ox.RdfFormat.N_QUADS)

    def all_quads(self) -> list[ox.Quad]:
        return list(self.quads())


def carried_over(store_path: Path) -> Iterator[ox.Quad]:
    """Every ingested document's saved quads, for ``kzgraph build`` to put into the fresh store (streamed;
    documents of an unfinished write are not ingested and are left out)."""
    folder = ingested_folder(store_path)
    if folder.is_dir():
        yield from Corpus(folder, Corpus.read_index(folder)).quads()


def _graph(sha: str) -> str:
    return rdf.graph_iri(sha)


def named_graphs(store: Store) -> set[str]:
    """The IRIs of the store's named graphs."""
    return {row[0].value for row in store.select("SELECT ?g WHERE { GRAPH ?g {} }").rows}


def _size(store: Store, folder: Path, graph: str) -> int:
    """Quads in a document's graph: from its metadata, else counted."""
    meta = folder / f"{graph.removeprefix(rdf.EXTRACTED)}.json"
    try:
        return int(json.loads(meta.read_text("utf-8"))["quads"])
    except (OSError, ValueError, KeyError, TypeError):
        rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
        return int(rows[0][0].value)


def _kept(quad: ox.Quad, skip: set[str]) -> bool:
    """Is the quad outside the graphs ``skip``? (The default graph is never skipped.)"""
    return not (isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in skip)


def _more_than(store: Store, skip: set[str], limit: int) -> bool:
    """Do the graphs not in ``skip`` hold more than ``limit`` quads? (Counts no further than that.)"""
    kept = (q for q in store.quads() if _kept(q, skip))
    return sum(1 for _ in itertools.islice(kept, limit + 1)) > limit


def _dump_rest(store: Store, skip: set[str], out: BinaryIO) -> bool:
    """Write every quad of the graphs not in ``skip`` (and of the default graph) to ``out`` as N-Quads;
    False (and stop) at a blank node, whose identity a reload in pieces would not keep."""
    blank = False

    def rest() -> Iterator[ox.Quad]:
        nonlocal blank
        for q in store.quads():
            if not _kept(q, skip):
                continue
            if any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object, q.graph_name)):
                blank = True
                return
            yield q

    ox.serialize(rest(), out, format=ox.RdfFormat.N_QUADS)
    return not blank


def _drop(store: Store, folder: Path, shas: list[str]) -> None:
    """Drop documents' graphs. Oxigraph removes a graph quad by quad, in one transaction (about 90 µs and
    1 KB a quad); when the graphs to drop hold more than a third of the store, rebuilding the rest is cheaper:
    every other graph is dumped to ``restore.nq`` (renamed into place when complete), the store is cleared
    (instant) and reloaded from it, then the file is deleted. Interrupted, :func:`_restore` finishes it."""
    present = named_graphs(store)
    graphs = [g for g in dict.fromkeys(map(_graph, shas)) if g in present]
    if not graphs:
        return
    try:
        dropped = sum(_size(store, folder, g) for g in graphs)
        if not _more_than(store, set(graphs), dropped * REBUILD_RATIO):
            restore = folder / RESTORE
            tmp = _tmp_name(restore)
            with tmp.open("wb") as out:
                whole = _dump_rest(store, set(graphs), out)
            if whole:
                os.replace(tmp, restore)
                _restore(store, folder)
                return
            tmp.unlink()
        for g in graphs:
            store.replace_graphs([g], [])  # one transaction a graph: memory follows the graph, not the batch
    except OSError as e:
        raise StoreError(f"store write failed: {e}") from None


def _restore(store: Store, folder: Path) -> bool:
    """If a rebuild was under way (``restore.nq`` exists), finish it: clear the store, load the file, delete
    it. Returns whether there was one."""
    restore = folder / RESTORE
    if not restore.exists():
        return False
    store.clear()
    _load(store, [restore], bulk=True)
    restore.unlink()
    return True


def _chunks(files: list[Path], size: int) -> Iterator[bytes]:
    """The files' N-Quads in pieces of about ``size`` bytes, each ending at a line end."""
    piece: list[bytes] = []
    held = 0
    for f in files:
        with f.open("rb") as lines:
            for line in lines:
                piece.append(line)
                held += len(line)
                if held >= size:
                    yield b"".join(piece)
                    piece, held = [], 0
    if piece:
        yield b"".join(piece)


def _load(store: Store, files: list[Path], *, bulk: bool = False) -> None:
    """Load N-Quads files into the store: one transaction when small, else the bulk loader, fed in pieces of
    :data:`LOAD_PIECE_BYTES` (its memory grows with what it is given at once). The bulk loader is not
    transactional: the journal stands in for the transaction."""
    try:
        if not bulk and len(files) == 1 and files[0].stat().st_size < BULK_LOAD_BYTES:
            store.load_nquads(files[0])
            return
        for piece in _chunks(files, LOAD_PIECE_BYTES):
            store.add_nquads(piece)
    except OSError as e:
        raise StoreError(f"store write failed: {e}") from None


def extracted_graphs(store: Store) -> set[str]:
    """Hashes of the documents whose graph is in the store."""
    return {g.removeprefix(rdf.EXTRACTED) for g in named_graphs(store) if g.startswith(rdf.EXTRACTED)}


def disagreements(store: Store, corpus: Corpus) -> list[str]:
    """Where the store and the corpus folder disagree, one line each (empty when they agree)."""
    committed, graphs = corpus.committed(), extracted_graphs(store)
    out = [f"graph without a document: {sha}" for sha in sorted(graphs - committed)]
    out += [f"document without a graph: {sha}" for sha in sorted(committed - graphs)]
    out += [f"files without an index entry: {sha}" for sha in sorted(corpus.on_disk() - committed)]
    out += [f"index entry without files: {o}" for o, sha in sorted(corpus.index.items()) if sha not in committed]
    out += [f"unfinished write: {JOURNAL}"] if (corpus.folder / JOURNAL).exists() else []
    out += [f"unfinished rebuild: {RESTORE}"] if (corpus.folder / RESTORE).exists() else []
    out += [f"temporary file: {p.name}" for p in sorted(corpus.folder.glob(".*.tmp"))]
    return out


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
        if _WORK["index"].get(origin) == sha and all((folder / f"{sha}{x}").exists() for x in SUFFIXES):
            return FileResult(str(path), "unchanged", sha256=sha)
        if _WORK["gaz"] is None:
            raise IngestError("no gazetteer given")
        on_block: Callable[[str, int, int], None] | None = _WORK.get("on_block")
        doc = prepare(
            read,
            _WORK["gaz"],
            origin=origin,
            name=path.name,
            source_url=_WORK["source_url"] if single else None,
            title=_WORK["title"] if single else None,
            folder=folder,
            on_block=(lambda done, total: on_block(str(path), done, total)) if on_block else None,
        )
    except IngestError as e:
        return FileResult(str(path), "failed", error=str(e))
    return doc, doc.result(path, time.perf_counter() - started)


def open_writable(store_path: Path) -> Store:
    """The store at ``store_path`` (a folder that holds one), opened for writing."""
    if not store_path.is_dir():
        raise StoreError(f"{store_path}: no store here; run 'kzgraph build' first (or pass --store)")
    store = open_store(store_path, read_only=False)
    if not store.replaces_graphs:
        raise StoreError(f"{store_path}: this store cannot hold ingested documents (it does not write single graphs)")
    return store


def prepare(
    read: ReadDocument,
    gaz: Gazetteer,
    *,
    origin: str,
    name: str,
    source_url: str | None,
    title: str | None,
    folder: Path,
    on_block: Callable[[int, int], None] | None = None,
) -> Prepared:
    """Analyse the document block by block, writing its quads to a temporary ``.nq`` in ``folder`` as they
    come (``on_block(characters done, characters in all)`` after each block)."""
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
    }
    counts = {"sentences": 0, "mentions": 0, "statements": 0, "observations": 0, "quads": 0}
    candidates: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    writer = rdf.DocumentWriter(sha, read.text, {k: str(v) for k, v in meta.items() if isinstance(v, str)})
    nq = _tmp_name(folder / f"{sha}.nq")
    try:
        with nq.open("w", encoding="utf-8") as out:
            out.write(writer.header)
            counts["quads"] += writer.header.count("\n")
            for end, part in stream.analysed(read.text, gaz, language=read.language):
                lines = writer.block(part)
                out.write(lines)
                counts["quads"] += lines.count("\n")
                counts["sentences"] += len(part.sentences)
                counts["mentions"] += len(part.mentions)
                counts["statements"] += len(part.statements)
                counts["observations"] += len(part.observations)
                candidates += [
                    {
                        "label": c.label,
                        "how": c.how,
                        "start": span.start,
                        "end": span.end,
                        "sentence": [part.sentences[i].start, part.sentences[i].end],
                    }
                    for i, c, span in part.candidates
                ]
                labels += [
                    {
                        "entity": lp.entity,
                        "language": lp.language,
                        "label": lp.label,
                        "rule": lp.rule,
                        "sentence": [span.start, span.end],
                    }
                    for _i, lp, span in part.label_proposals
                ]
                if on_block:
                    on_block(end, len(read.text))
    except BaseException:
        nq.unlink(missing_ok=True)
        raise
    meta |= counts
    meta["candidates"] = candidates
    meta["labels"] = labels
    return Prepared(origin, read, meta, nq)


class Ingester:
    """Ingest files into the store at ``store_path`` and its corpus folder. Opening one first finishes or
    undoes an interrupted write and clears orphans (:meth:`repair`; what it did is in ``notes``)."""

    def __init__(self, store_path: Path, gaz: Gazetteer | None, *, store: Store | None = None) -> None:
        self.store_path = store_path
        self.gaz = gaz
        self.corpus = Corpus.open(ingested_folder(store_path))
        self.store = store if store is not None else open_writable(store_path)
        self.notes: list[str] = self.repair()

    # -- the write-ahead protocol (see the module doc) ---------------------------------------------------

    def _commit(self, docs: list[Prepared]) -> list[str]:
        """Store the documents and their files as one unit (steps 1–6 of the module doc); returns the
        superseded hashes. Interrupted, the unit is rolled back or forward before the exception leaves."""
        folder = self.corpus.folder
        fresh: dict[str, Prepared] = {}
        for d in docs:
            if d.sha not in fresh and not self.corpus.has(d.sha):
                fresh[d.sha] = d
        superseded = sorted(
            {old for d in docs if (old := self.corpus.index.get(d.origin)) and old != d.sha} - set(fresh)
        )
        entry = {
            "documents": [{"sha": d.sha, "origin": d.origin, "fresh": d.sha in fresh} for d in docs],
            "superseded": superseded,
        }
        try:
            _write_atomic(folder / JOURNAL, json.dumps(entry, indent=1, ensure_ascii=False))  # 1
            staged: list[tuple[Path, Path]] = []
            for sha, d in fresh.items():
                base = folder / sha
                staged.append(
                    (_atomic_text(base.with_suffix(".txt"), d.read.text.encode("utf-8")), base.with_suffix(".txt"))
                )
                staged.append(
                    (
                        _atomic_text(base.with_suffix(".json"), json.dumps(d.meta, indent=1, ensure_ascii=False)),
                        base.with_suffix(".json"),
                    )
                )
                staged.append((d.nq, base.with_suffix(".nq")))
            _drop(self.store, folder, list(fresh))  # leftovers of an earlier failure, if any
            _load(self.store, [d.nq for d in fresh.values()])  # 2
            for tmp, final in staged:  # 3
                os.replace(tmp, final)
            index = dict(self.corpus.index)
            for d in docs:
                index[d.origin] = d.sha
            self.corpus.index = index
            self.corpus.save_index()  # 4: the commit point
            self._roll_forward(entry)  # 5
            (folder / JOURNAL).unlink()  # 6
            for d in docs:
                d.discard()  # the temporary quads of a document that was already stored
        except BaseException:
            for d in docs:
                d.discard()
            self._recover()
            self._delete_temporary()
            raise
        return superseded

    def _roll_forward(self, entry: dict[str, Any]) -> None:
        still_used = set(self.corpus.index.values())
        gone = [old for old in entry.get("superseded", []) if old not in still_used]
        _drop(self.store, self.corpus.folder, gone)
        for old in gone:
            self._delete_files(old)

    def _recover(self) -> list[str]:
        """Finish an interrupted rebuild (see :func:`_drop`), then finish or undo the write the journal
        describes (the index on disk says which); notes."""
        notes = (
            ["finished rebuilding the store without dropped graphs"] if _restore(self.store, self.corpus.folder) else []
        )
        journal = self.corpus.folder / JOURNAL
        if not journal.exists():
            return notes
        try:
            entry = json.loads(journal.read_text("utf-8"))
        except ValueError:
            entry = {}  # a journal cut short: nothing was written yet, the repair clears any leftover
        self.corpus.index = Corpus.read_index(self.corpus.folder)
        docs = entry.get("documents", [])
        done = bool(docs) and all(self.corpus.index.get(d["origin"]) == d["sha"] for d in docs)
        if done:
            self._roll_forward(entry)
            note = f"finished an interrupted write ({len(docs)} document(s))"
        else:
            undo = [d["sha"] for d in docs if d.get("fresh") and d["sha"] not in self.corpus.index.values()]
            _drop(self.store, self.corpus.folder, undo)
            for sha in undo:
                self._delete_files(sha)
            note = f"undid an interrupted write ({len(docs)} document(s))"
        self._delete_temporary()
        journal.unlink()
        return notes + ([note] if docs else [])

    def _delete_temporary(self) -> None:
        for tmp in self.corpus.folder.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)

    def disagreements(self) -> list[str]:
        return disagreements(self.store, self.corpus)

    def repair(self) -> list[str]:
        """Bring the store and the corpus folder into agreement; what was done, one note each."""
        notes = self._recover()
        corpus = self.corpus
        (corpus.folder / OLD_JOURNAL).unlink(missing_ok=True)
        self._delete_temporary()
        # Complete files that no index entry names: re-indexed under their origin if it is free.
        for sha in sorted(corpus.on_disk() - set(corpus.index.values())):
            if corpus.complete(sha):
                origin = str(corpus.meta(sha).get("origin", ""))
                if origin and origin not in corpus.index:
                    corpus.index[origin] = sha
                    notes.append(f"re-indexed {sha[:12]} ({origin})")
        dangling = {o: sha for o, sha in corpus.index.items() if not corpus.complete(sha)}
        if dangling or any(n.startswith("re-indexed") for n in notes):
            corpus.index = {o: sha for o, sha in corpus.index.items() if o not in dangling}
            corpus.save_index()
            notes += [f"forgot {sha[:12]} ({o}): its files are missing" for o, sha in sorted(dangling.items())]
        committed, graphs = corpus.committed(), extracted_graphs(self.store)
        _drop(self.store, corpus.folder, sorted(graphs - committed))
        for sha in sorted(graphs - committed):
            notes.append(f"dropped orphan graph {sha[:12]} (no document in {corpus.folder})")
        for sha in sorted(corpus.on_disk() - committed):
            self._delete_files(sha)
            notes.append(f"deleted orphan files {sha[:12]}.* (no index entry)")
        for sha in sorted(committed - graphs):
            _load(self.store, [corpus.folder / f"{sha}.nq"])
            notes.append(f"reloaded {sha[:12]} into the store from its .nq")
        return notes

    def _delete_files(self, sha: str) -> None:
        for suffix in (".nq", ".txt", ".json"):
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
        on_block: Callable[[str, int, int], None] | None = None,
    ) -> Report:
        """Ingest ``paths``. With :data:`BULK_MIN_FILES` or more files (and not ``all_or_nothing``), documents
        are analysed by ``jobs`` worker processes (default: the CPU count, at most 4) and new ones are
        bulk-loaded in batches of :data:`BULK_DOCUMENTS` (see the module doc). ``progress(path)`` after each
        file; ``on_block(path, characters done, characters in all)`` after each block of a file analysed in
        this process."""
        report = Report()
        report.notes += self.notes
        self.notes = []
        prepared: list[tuple[Prepared, FileResult]] = []
        bulk = len(paths) >= BULK_MIN_FILES and not all_or_nothing
        if jobs is None:
            jobs = min(os.cpu_count() or 1, 4) if bulk else 1
        pending: list[tuple[Prepared, FileResult]] = []
        pending_shas: set[str] = set()

        def flush() -> None:
            self._commit([d for d, _ in pending])
            for _d, r in pending:
                report.add(r)
            pending.clear()
            pending_shas.clear()

        items = [
            (path, source_url if source_url and len(paths) == 1 else str(path.resolve()), len(paths) == 1)
            for path in paths
        ]
        try:
            for (path, _origin, _single), outcome in zip(
                items, self._analysed(items, source_url, title, max_bytes, jobs, on_block), strict=True
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
                    and not self.corpus.has(doc.sha)
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
                    for doc, result in prepared:
                        doc.discard()
                        result.status = "skipped"
                        report.add(result)
                elif prepared:
                    superseded = self._commit([d for d, _ in prepared])
                    for _doc, result in prepared:
                        report.add(result)
                    if superseded:
                        report.notes.append(f"replaced {len(superseded)} earlier version(s)")
        finally:
            for doc, _ in pending + prepared:
                doc.discard()
        return report

    def _analysed(
        self,
        items: list[tuple[Path, str, bool]],
        source_url: str | None,
        title: str | None,
        max_bytes: int,
        jobs: int,
        on_block: Callable[[str, int, int], None] | None = None,
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
                _WORK["on_block"] = on_block
                yield from map(_analyse_one, items)
                return
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                yield from pool.imap(_analyse_one, items, chunksize=4)
        finally:
            _WORK.clear()

    def remove(self, ref: str) -> dict[str, Any]:
        """Forget the document (its ``.nq``, then its index entries), drop its graph, delete its other files.
        Interrupted, what is left is an orphan: cleared by :meth:`repair` on the way out, or by the next run."""
        sha = self.corpus.resolve(ref)
        meta = self.corpus.meta(sha) if (self.corpus.folder / f"{sha}.json").exists() else {"sha256": sha}
        try:
            (self.corpus.folder / f"{sha}.nq").unlink(missing_ok=True)
            self.corpus.index = {k: v for k, v in self.corpus.index.items() if v != sha}
            self.corpus.save_index()
            _drop(self.store, self.corpus.folder, [sha])
            self._delete_files(sha)
        except BaseException:
            self.repair()  # what is left of the document is an orphan now
            raise
        return meta

    def close(self) -> None:
        """Flush and release the store (its lock), even while this object is still referenced."""
        if hasattr(self, "store"):
            self.store.close()
            del self.store
