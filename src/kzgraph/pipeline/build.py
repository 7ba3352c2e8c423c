"""The main job: ontology + corpus + curated facts + tables → evidence check → entailment → SHACL →
store and files, written atomically (a failed build leaves the previous ``build/`` untouched)."""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kzgraph.counts import is_entity
from kzgraph.errors import SourceError, ValidationError
from kzgraph.fileio import swap_directory
from kzgraph.linking.enrich import external_quads
from kzgraph.pipeline import (
    citations,
    conflicts,
    corpus,
    curation,
    entail,
    links,
    ontology,
    outputs,
    reviewed,
    tables,
    temporal,
)
from kzgraph.pipeline.forked import Forked
from kzgraph.pipeline.graphbuild import GraphBuilder, check_classes
from kzgraph.pipeline.model import Entity
from kzgraph.rdf import namespaces as ns
from kzgraph.rdf.terms import value
from kzgraph.resources import ProjectFiles, default_files
from kzgraph.stores import build_store, ingested_folder, open_store, scratch_store
from kzgraph.viz import write_views

OUTPUT_FILES = ("kzgraph.trig", "kzgraph.ttl", "kzgraph.jsonld", "kzgraph.nq", "void.ttl")
Progress = Callable[[str], None]


@dataclass
class BuildResult:
    out: Path
    quads: list[ox.Quad]
    triples: int
    counts: dict[str, int]
    """The figures of :mod:`kzgraph.counts` (triples, quads, entities, classes), as the VoID description states."""
    claims: int
    disagreements: int
    entities_per_class: dict[str, int]
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    warnings: int = 0


def _group_resolver(entities: dict[str, Entity]) -> tables.GroupResolver:
    """Table row labels ("Azerbaijans", "Uyghurs") → ethnic-group ids, through every label and alias."""
    by_label: dict[str, str] = {}
    for e in entities.values():
        if e.cls != ns.KZ + "EthnicGroup":
            continue
        for text in [*e.labels.values(), *(a for alts in e.alt.values() for a in alts)]:
            by_label[text.casefold()] = e.id

    def resolve(label: str, where: str) -> str:
        key = label.strip().casefold()
        if key in by_label:
            return by_label[key]
        raise SourceError(
            f"{where}: no ethnic group has the label '{label}' (add it as an alt label in data/entities/)"
        )

    return resolve


def assemble(
    files: ProjectFiles, *, report: Callable[[str], None] | None = None
) -> tuple[list[ox.Quad], GraphBuilder, int, dict[str, float]]:
    """Everything up to (not including) validation: returns quads, the builder and the disagreement count."""
    timings: dict[str, float] = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        timings[name] = now - t
        t = now

    onto = ontology.load(files.ontology_file, files.imports_file)
    sources = corpus.load(files.corpus)
    curated = curation.load(files.data, onto)
    parsed = tables.load(files.data / "tables.yaml", sources, _group_resolver(curated.entities))
    lap("load")
    builder = GraphBuilder(onto, sources, report=report) if report else GraphBuilder(onto, sources)
    all_entities = list(curated.entities.values()) + parsed.entities
    builder.add_entities(all_entities)
    builder.add_facts(builder.type_facts(all_entities) + curated.facts + parsed.facts)
    builder.dataset_quads(parsed.datasets)
    check_classes(builder)
    lap("evidence")
    builder.corpus_quads()
    builder.claim_quads()
    labels = {ns.entity(e.id): e.labels["en"] for e in all_entities}
    claims = list(builder.claims.values())
    recorded = reviewed.load(files.data / "disagreements.yaml", claims, root=files.data.parent)
    disagreements = reviewed.apply(conflicts.find(claims, onto, labels), recorded) + reviewed.quads(recorded, labels)
    data_graphs = {ns.source_graph(k) for k in sources} | {ns.GRAPHS[g] for g in ("labels", "corpus", "links")}
    linked = links.quads(links.load(files.data / "links", set(builder.entities)))
    quads = onto.quads + builder.quads + disagreements + linked + citations.quads(claims, sources)
    quads += external_quads(files.data)  # facts fetched by `kzgraph enrich`, in graph/external/* only
    quads += entail.infer(quads, onto, graphs=data_graphs)
    quads += temporal.quads(list(builder.claims.values()), onto)
    lap("entail")
    n_disagreements = sum(1 for q in disagreements if value(q.object) == ns.KZ + "Disagreement")
    return quads, builder, n_disagreements, timings


def _write_files(staging: Path, quads: list[ox.Quad]) -> tuple[list[ox.Quad], dict[str, int]]:
    """Write the dataset's files into ``staging`` (TriG, Turtle, JSON-LD, N-Quads, with its VoID description, and
    the description alone); return the description's quads and the figures it states."""
    write = outputs.Serializer(quads)
    void, counts = outputs.void_description(write, list(OUTPUT_FILES[:4]))
    write.add(void)
    for name in OUTPUT_FILES[:4]:
        (staging / name).write_bytes(write(name.rsplit(".", 1)[1]))
    (staging / "void.ttl").write_bytes(outputs.serialize(void, "ttl"))
    return void, counts


def _carried_over(store_path: Path) -> Iterator[ox.Quad]:
    """The graphs of the documents ingested into the previous store (importing ingest only when there are some)."""
    from kzgraph.ingest.documents import carried_over

    return carried_over(store_path)


def _draw_views(quads: list[ox.Quad], folder: Path) -> None:
    """Write the network views of ``quads`` into ``folder``, querying them in memory."""
    with scratch_store(quads) as store:
        write_views(store, folder)


def check_curation(files: ProjectFiles | None = None) -> list[str]:
    """Every problem in the curated data, not just the first (for curators)."""
    files = files or default_files()
    problems: list[str] = []
    try:
        onto = ontology.load(files.ontology_file, files.imports_file)
        curated = curation.load(files.data, onto)
        problems += curated.order_problems
        sources = corpus.load(files.corpus)
        builder = GraphBuilder(onto, sources, report=problems.append)
        parsed = tables.load(files.data / "tables.yaml", sources, _group_resolver(curated.entities))
        entities = list(curated.entities.values()) + parsed.entities
        builder.add_entities(entities)
        builder.add_facts(builder.type_facts(entities) + curated.facts + parsed.facts)
        check_classes(builder)
        reviewed.load(files.data / "disagreements.yaml", list(builder.claims.values()), root=files.data.parent)
    except SourceError as e:
        problems.append(str(e))
    return problems


def build(
    *,
    out: Path = Path("build"),
    data: Path | None = None,
    validate: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Run the whole pipeline and write ``out`` (store + files) atomically."""
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    files = default_files(data=data)
    say("loading ontology, corpus and curated facts; checking every quote")
    quads, builder, n_disagreements, timings = assemble(files)
    warnings = 0
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".staging-{time.time_ns()}"
    staging.mkdir()
    pending = None
    jobs: list[Forked[Any]] = []
    try:
        if validate:
            say("validating against the SHACL shapes (alongside the writing)")
            from kzgraph.pipeline import validate as shacl

            t_shacl = time.perf_counter()
            pending = shacl.start(quads, files.shapes_file, individuals=frozenset(builder.onto.individuals))
        say("writing the store, the files and the views")
        t = time.perf_counter()
        # The files and the views are written by forked children while this process writes the store (see
        # kzgraph.pipeline.forked: a child never touches the store on disk). The views are drawn from the quads in
        # memory, unless ingested documents are carried over: then from the store, once it is written.
        ingested = ingested_folder(out / "store").is_dir()
        files_job = Forked("writing the files", _write_files, staging, quads)
        jobs.append(files_job)
        if not ingested:
            jobs.append(Forked("drawing the views", _draw_views, quads, staging / "views"))
        build_store(staging / "store", quads, _carried_over(out / "store") if ingested else None)
        void, counts = files_job.result()
        timings["files"] = time.perf_counter() - t
        with open_store(staging / "store", read_only=False) as store:
            store.replace_graphs([], void)
            if ingested:
                write_views(store, staging / "views")
        for job in jobs:
            job.result()
        quads = quads + void
        timings["write"] = time.perf_counter() - t
        if pending is not None:
            report = pending.result()
            pending = None
            timings["shacl"] = time.perf_counter() - t_shacl
            if not report.conforms:
                raise ValidationError(
                    f"the graph does not conform to {files.shapes_file.name}: {report.violations} violation(s)",
                    report=report.text,
                )
            warnings = report.warnings
        # Everything is ready and valid: move it into place (renames within one file system).
        for name in OUTPUT_FILES:
            os.replace(staging / name, out / name)
        swap_directory(staging / "views", out / "views")
        swap_directory(staging / "store", out / "store")
    finally:
        for job in jobs:
            job.abandon()
        if pending is not None:
            pending.abandon()
        shutil.rmtree(staging, ignore_errors=True)
    typed = {
        (q.subject, q.object)
        for q in quads
        if q.predicate.value == ontology.RDF_TYPE
        and is_entity(value(q.subject))
        and value(q.graph_name).startswith(ns.GRAPH + "source/")
    }
    classes = Counter(ns.compact(value(o)) for _s, o in typed)
    return BuildResult(
        out=out,
        quads=quads,
        triples=counts["triples"],
        counts=counts,
        claims=len(builder.claims),
        disagreements=n_disagreements,
        entities_per_class=dict(sorted(classes.items())),
        seconds=time.perf_counter() - started,
        timings=timings,
        warnings=warnings,
    )
