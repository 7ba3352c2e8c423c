"""Interrupted writes, orphans, long documents: the store and the corpus folder always agree.

Every step of a write (journal, staging, store, renames, index, superseded versions) is interrupted in turn by
a KeyboardInterrupt, once with the process's own clean-up and once as if the process had died (the next
Ingester cleans up); a real SIGINT and a SIGKILL hit a ``kzgraph ingest`` subprocess while it writes."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from kzgraph.ingest import documents, rdf, stream
from kzgraph.ingest.documents import JOURNAL, Corpus, Ingester, open_writable
from kzgraph.ingest.reading import read_path
from kzgraph.stores import ingested_folder, open_store
from kzgraph.stores.base import Store

from .conftest import DATA

EN = (DATA / "news_en.md").read_text("utf-8")
RU = (DATA / "news_ru.txt").read_text("utf-8")


def _agree(ing: Ingester) -> None:
    """The store and the folder agree, and each document's graph holds as many quads as its saved ones (the
    store writes some literals in canonical form, so the quads themselves are not compared)."""
    assert ing.disagreements() == []
    for sha in ing.corpus.committed():
        saved = set(ox.parse(path=str(ing.corpus.folder / f"{sha}.nq"), format=ox.RdfFormat.N_QUADS))
        stored = list(ing.store.quads(rdf.graph_iri(sha)))
        assert len(stored) == len(saved), sha


def _state(ing: Ingester) -> tuple[dict[str, str], set[str]]:
    return dict(ing.corpus.index), documents.extracted_graphs(ing.store)


class Interrupt:
    """Raise KeyboardInterrupt at the ``at``-th call of any step of a write (1-based); count the calls."""

    STEPS = ("_write_atomic", "_atomic_text", "_drop", "_load")

    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: int) -> None:
        self.at, self.calls = at, 0
        for name in self.STEPS:
            monkeypatch.setattr(documents, name, self.wrap(getattr(documents, name)))
        monkeypatch.setattr(documents.os, "replace", self.wrap(os.replace))
        monkeypatch.setattr(Ingester, "_delete_files", self.wrap(Ingester._delete_files))

    def wrap(self, f: Callable[..., object]) -> Callable[..., object]:
        def step(*args: object, **kwargs: object) -> object:
            self.calls += 1
            if self.calls == self.at:
                raise KeyboardInterrupt
            return f(*args, **kwargs)

        return step


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / "in" / name
    p.parent.mkdir(exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


OPERATIONS = ["replace-and-add", "single-new", "bulk", "remove"]


def _store(tmp_path: Path) -> Store:
    """A new embedded store where :func:`_setup` puts the corpus folder beside it."""
    store_path = tmp_path / "build" / "store"
    store_path.mkdir(parents=True)
    return open_writable(store_path)


def _setup(tmp_path: Path, gaz, store: Store) -> tuple[Ingester, list[Path]]:  # type: ignore[no-untyped-def]
    store_path = tmp_path / "build" / "store"
    store_path.mkdir(parents=True, exist_ok=True)
    ing = Ingester(store_path, gaz, store=store)
    a = _write(tmp_path, "a.md", EN)
    ing.ingest([a])
    return ing, [a]


def _operate(op: str, ing: Ingester, tmp_path: Path) -> None:
    if op == "replace-and-add":  # one unit: a replaced document and a new one (--all-or-nothing)
        a = _write(tmp_path, "a.md", EN + "\nThe Senate was established in 1995.\n")
        b = _write(tmp_path, "b.txt", RU)
        assert not ing.ingest([a, b], all_or_nothing=True).failed
    elif op == "single-new":
        assert not ing.ingest([_write(tmp_path, "c.txt", RU + "\nЕщё одна строка.\n")]).failed
    elif op == "bulk":  # 8 new files: one bulk-loaded batch
        files = [_write(tmp_path, f"n{i}.txt", f"Report {i}. The Senate was established in 1995.") for i in range(8)]
        assert not ing.ingest(files, jobs=1).failed
    else:
        ing.remove(str(tmp_path / "in" / "a.md"))


@pytest.mark.parametrize("op", OPERATIONS)
@pytest.mark.parametrize("died", [False, True], ids=["cleans-up", "died"])
def test_interrupted_at_every_step(gaz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, op: str, died: bool) -> None:  # type: ignore[no-untyped-def]
    """Interrupt the k-th step for k = 1, 2, … until the operation completes: each time the store and the
    folder agree (at once, or after the next Ingester when the process 'died'), the state is the one before
    or the one after the operation, and running it again reaches the one after."""
    store = _store(tmp_path)
    ing, _ = _setup(tmp_path, gaz, store)
    before = _state(ing)
    # The state after an uninterrupted run, on a copy.
    ref_store = _store(tmp_path / "ref")
    ref, _ = _setup(tmp_path / "ref", gaz, ref_store)
    _operate(op, ref, tmp_path / "ref")
    after_graphs = documents.extracted_graphs(ref_store)
    interrupted = 0
    for k in range(1, 200):
        with monkeypatch.context() as m:
            stop = Interrupt(m, k)
            if died:  # no clean-up on the way out: the process is gone
                m.setattr(Ingester, "_recover", lambda self: [])
                m.setattr(documents.Prepared, "discard", lambda self: None)
            try:
                _operate(op, ing, tmp_path)
            except KeyboardInterrupt:
                interrupted += 1
            else:
                assert stop.calls < k
                break
        if died:
            ing = Ingester(ing.store_path, gaz, store=store)
        _agree(ing)
        assert documents.extracted_graphs(store) in (before[1], after_graphs), k
        # Back to the state before, for the next interruption point (a completed write is undone).
        if documents.extracted_graphs(store) != before[1]:
            ing.store.clear()
            for f in ing.corpus.folder.iterdir():
                f.unlink()
            ing, _ = _setup(tmp_path, gaz, store)
    assert interrupted >= 4
    _agree(ing)
    assert documents.extracted_graphs(store) == after_graphs


def test_orphans_are_found_and_cleared(gaz, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = _store(tmp_path)
    ing, (a,) = _setup(tmp_path, gaz, store)
    sha = ing.corpus.index[str(a.resolve())]
    folder = ing.corpus.folder
    # What the old ingest left after a Ctrl-C: a graph in the store, nothing in the folder.
    lost = "e" * 64
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    store.replace_graphs([], [ox.Quad(s, p, ox.Literal("x"), ox.NamedNode(rdf.graph_iri(lost)))])
    # Files of a document no index names, and their graph.
    stray = "d" * 64
    for suffix in (".txt", ".nq"):
        (folder / f"{stray}{suffix}").write_text("x", encoding="utf-8")
    store.replace_graphs([], [ox.Quad(s, p, ox.Literal("y"), ox.NamedNode(rdf.graph_iri(stray)))])
    # An ingested document whose graph went missing.
    store.replace_graphs([rdf.graph_iri(sha)], [])
    assert len(ing.disagreements()) == 4
    again = Ingester(ing.store_path, gaz, store=store)
    assert sorted(again.notes) == sorted(
        [
            f"dropped orphan graph {stray[:12]} (no document in {folder})",
            f"dropped orphan graph {lost[:12]} (no document in {folder})",
            f"deleted orphan files {stray[:12]}.* (no index entry)",
            f"reloaded {sha[:12]} into the store from its .nq",
        ]
    )
    _agree(again)
    # Index entries without files are forgotten; complete files without an entry are indexed again.
    (folder / f"{sha}.txt").rename(tmp_path / "kept.txt")
    assert Ingester(ing.store_path, gaz, store=store).notes[0].startswith(f"forgot {sha[:12]}")
    assert documents.extracted_graphs(store) == set()


def test_reindexed_when_only_the_index_is_lost(gaz, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = _store(tmp_path)
    ing, (a,) = _setup(tmp_path, gaz, store)
    (ing.corpus.folder / "index.json").unlink()
    again = Ingester(ing.store_path, gaz, store=store)
    assert again.notes == [f"re-indexed {ing.corpus.index[str(a.resolve())][:12]} ({a.resolve()})"]
    _agree(again)


def test_blocks_give_the_quads_of_the_whole_text(gaz) -> None:  # type: ignore[no-untyped-def]
    """A document cut into small blocks is written as the whole text analysed at once."""
    from kzgraph.ingest.analyse import analyse

    text = "\n\n".join(read_path(DATA / n).text for n in ("news_en.md", "news_ru.txt") * 3)
    cuts = list(stream.blocks(text, 600))
    assert len(cuts) > 5 and cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(e1 == s2 for (_, e1), (s2, _) in itertools.pairwise(cuts))
    meta = {"title": "t", "language": "en", "media_type": "text/plain"}
    whole = rdf.document_nquads("a" * 64, analyse(text, gaz), meta)
    writer = rdf.DocumentWriter("a" * 64, text, meta)
    parts = writer.header + "".join(writer.block(part) for _end, part in stream.analysed(text, gaz, 600))
    assert len(parts.splitlines()) == len(set(parts.splitlines()))
    # The same triples, mentions, candidates and observations. Proposed labels (labels.py) are weighed against
    # the rest of the text they are analysed with, so with blocks this small a block may propose a label the
    # whole text does not (or add evidence for one): those are left out of the comparison.
    evidence = tuple(f"<{rdf.ns.ID}{kind}/" for kind in ("claim", "evidence", "span"))

    def core(nquads: str) -> set[str]:
        return {x for x in nquads.splitlines() if not x.startswith(evidence) and "skos/core#altLabel" not in x}

    assert core(parts) == core(whole)
    assert "/observation/" in whole and "foundingDate" in whole


def test_a_long_line_is_cut_at_sentence_ends() -> None:
    sentence = "The Assembly of People of Kazakhstan met in Almaty on March 1, 1995. "
    text = sentence * 30_000  # 2 MB, no newline
    cuts = list(stream.blocks(text))
    assert len(cuts) >= 4
    for start, end in cuts[:-1]:
        assert end - start <= stream.BLOCK_CHARS and text[end - 2 : end] == ". " and text[end] == "T"


def _quotes_hold(folder: Path, sha: str) -> int:
    """Every quote selector's exact text is the stored text at its offsets; returns how many were checked."""
    text = (folder / f"{sha}.txt").read_text("utf-8")
    store = ox.Store()
    store.load(path=str(folder / f"{sha}.nq"), format=ox.RdfFormat.N_QUADS)
    rows = list(
        store.query(
            """PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?exact ?start ?end WHERE { GRAPH ?g {
            ?t oa:hasSelector ?q , ?p . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end } }"""
        )
    )
    for exact, start, end in rows:  # type: ignore[misc]
        assert text[int(start.value) : int(end.value)] == exact.value
    return len(rows)


def test_mixed_languages_and_a_very_long_line(gaz, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kk = (
        "Қазақстан халқы Ассамблеясы 1995 жылы 1 наурызда құрылды. "
        "Қазақстан халқы Ассамблеясының сессиясы Астанада өтті.\n"
    )
    mixed = _write(
        tmp_path,
        "mixed.txt",
        "The Assembly of People of Kazakhstan was established on March 1, 1995.\n\n"
        "Ассамблея народа Казахстана была создана 1 марта 1995 года.\n\n" + kk,
    )
    long_sentence = "The Senate was established in 1995 in Almaty, and " + (
        "the committee discussed questions of language, culture and education in the regions, " * 4
    )
    line = _write(tmp_path, "line.txt", (long_sentence.rstrip(", ") + ". ") * 5_200)
    assert line.stat().st_size > 2_000_000 and b"\n" not in line.read_bytes()
    ing, _ = _setup(tmp_path, gaz, _store(tmp_path))
    seen: list[tuple[str, int, int]] = []
    report = ing.ingest([mixed, line], on_block=lambda p, done, total: seen.append((p, done, total)))
    assert [f.status for f in report.files] == ["ingested", "ingested"]
    m, ln = report.files
    assert m.statements >= 2 and m.sentences == 4
    # The English and the Russian paragraph each give the founding date, with its own quote.
    quotes = ing.store.select(
        f"""PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX kz: <{rdf.KZ}>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?exact WHERE {{ GRAPH <{rdf.graph_iri(m.sha256)}> {{
          ?c rdf:predicate kz:foundingDate ; rdf:object ?v ; kz:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?exact
          FILTER(STR(?v) = "1995-03-01") }} }}"""
    ).rows
    found = [row[0].value for row in quotes]
    assert any("established" in q for q in found) and any("создана" in q for q in found), found
    mentions = {
        q.object.value
        for q in ing.store.quads()
        if q.predicate.value == rdf.OA + "hasBody" and "/mention/" in q.subject.value
    }
    assert rdf.ns.entity("apk") in mentions
    assert ln.sentences == 5_200 and ln.statements >= 5_200
    assert [p for p, _, _ in seen if p == str(line)] and seen[-1][1] == seen[-1][2]
    assert _quotes_hold(ing.corpus.folder, m.sha256) > 3
    _agree(ing)


SIGNAL_REPEAT = 200  # about 240 KB

# The CLI with its store load held back a few seconds once the write has begun (the journal exists), so a signal sent
# when the journal appears always lands inside the write, however fast the machine: a test must not race the code.
#
# Ctrl-C is delivered as a user's terminal delivers it: a test run started in the background by a non-interactive
# shell (as CI scripts may be) passes SIGINT on as ignored, and Python then never raises KeyboardInterrupt.
_HELD_WRITE = """
import signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
from kzgraph.ingest import documents
load = documents._load
def held(*args, **kwargs):
    time.sleep(5)
    return load(*args, **kwargs)
documents._load = held
from kzgraph.cli import main
sys.argv = ["kzgraph", *sys.argv[1:]]
main()
"""


def _subprocess_ingest(store: Path, path: Path, *, held: bool = False) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))
    command = [sys.executable, "-c", _HELD_WRITE] if held else [sys.executable, "-m", "kzgraph"]
    return subprocess.Popen(
        [*command, "ingest", str(path), "--store", str(store), "--quiet"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _when_writing(proc: subprocess.Popen[bytes], folder: Path, timeout: float = 120) -> bool:
    """Wait until the process has begun its write (the journal exists); False if it finished first."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        if (folder / JOURNAL).exists():
            return True
        time.sleep(0.002)
    return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_signal_while_writing(work: Path, tmp_path: Path, sig: signal.Signals) -> None:
    """A real signal while ``kzgraph ingest`` writes a long document: after SIGINT the process itself leaves
    the store and the folder in agreement; after SIGKILL the next ``kzgraph remove`` repairs, then an ingest
    completes."""
    big = _write(tmp_path, "big.txt", f"{EN}\n\n{RU}\n\n" * SIGNAL_REPEAT)
    folder = ingested_folder(work)
    proc = _subprocess_ingest(work, big, held=True)
    writing = _when_writing(proc, folder)
    if writing:
        proc.send_signal(sig)
    proc.wait(120)
    assert writing, "the ingest finished before the signal could be sent"
    with open_store(work) as store:
        left = documents.disagreements(store, Corpus(folder, Corpus.read_index(folder)))
    if sig == signal.SIGINT:
        assert proc.returncode != 0 and left == []
    else:
        assert f"unfinished write: {JOURNAL}" in left
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))
        done = subprocess.run(
            [sys.executable, "-m", "kzgraph", "remove", "0" * 12, "--store", str(work)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "an interrupted write" in done.stderr
    again = _subprocess_ingest(work, big)
    assert again.wait(300) == 0, again.stderr.read() if again.stderr else ""
    with open_store(work) as store:
        corpus = Corpus(folder, Corpus.read_index(folder))
        assert documents.disagreements(store, corpus) == [] and len(corpus.committed()) == 1
    assert json.loads((folder / "index.json").read_text("utf-8")) == {
        str(big.resolve()): next(iter(corpus.committed()))
    }


def test_dropping_a_large_graph_rebuilds_the_rest_unchanged(
    gaz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A document holding most of the store is dropped by rebuilding the store from everything else: the
    other graphs come back exactly (odd literals included); with a blank node, the graph is removed instead."""
    store = _store(tmp_path)
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    curated = ox.NamedNode("https://w3id.org/kzgraph/graph/source/x")
    odd = [
        ox.Literal('line one\nline "two" \\ .\n'),
        ox.Literal("Қазақстан", language="kk"),
        ox.Literal("1995-03-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        ox.Literal("ends with a dot .\n"),
    ]
    kept = [ox.Quad(s, p, o, curated) for o in odd] + [ox.Quad(s, p, ox.Literal("default"), ox.DefaultGraph())]
    store.replace_graphs([], kept)
    ing, (a,) = _setup(tmp_path, gaz, store)
    rebuilt: list[bool] = []
    restore = documents._restore
    monkeypatch.setattr(documents, "_restore", lambda st, folder: rebuilt.append(restore(st, folder)) or True)
    ing.remove(str(a))
    assert rebuilt == [True]
    assert set(store.quads()) == set(kept)
    assert not (ing.corpus.folder / documents.RESTORE).exists()
    # With a blank node in the rest, the store is not rebuilt (a reload would rename it).
    blank = ox.Quad(ox.BlankNode("b1"), p, ox.Literal("x"), curated)
    store.replace_graphs([], [blank])
    ing.ingest([a])
    ing.remove(str(a))
    assert rebuilt == [True]
    assert set(store.quads()) == {*kept, blank}


def test_quote_uniqueness_is_exact_on_long_texts() -> None:
    """The hashed-window index answers as a direct search does, on a long text full of repeated sentences."""
    import random

    from kzgraph.ingest.quotes import SCAN_MAX, Quotes

    rnd = random.Random(7)
    pool = ["The Assembly met in Almaty. ", "Ассамблея провела сессию. ", "A short one. ", "Қазақстан халқы. "]
    parts: list[str] = []
    while sum(map(len, parts)) < SCAN_MAX * 2:
        parts.append(rnd.choice(pool) if rnd.random() < 0.7 else f"Report number {rnd.randint(0, 10**9)} follows. ")
    text = "".join(parts)
    quotes = Quotes(text)
    spans = []
    for _ in range(400):
        start = rnd.randrange(len(text) - 80)
        spans.append((start, start + rnd.choice([5, 15, 16, 17, 30, 60])))
    spans += [(i, i + len(p)) for i, p in ((text.find(p), p) for p in pool)]
    answers = [quotes.unique(a, b) for a, b in spans]
    assert answers == [text.find(text[a:b]) == a and text.find(text[a:b], a + 1) == -1 for a, b in spans]
    assert any(answers) and not all(answers)  # the spans hold both unique and repeated quotes
