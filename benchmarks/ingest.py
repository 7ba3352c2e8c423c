"""Ingest speed: a synthetic corpus (default 2,000 documents, ~100k sentences, mixed English/Russian) through
recognition (mentions + dates + rules) and end to end into a fresh store, beside a naive baseline (one regex
per label, looped) in the same run. Reports sentences/s, documents/s, and peak RSS sampled along the way
(the pipeline's memory must stay flat). End to end = one `kzgraph ingest` run over a folder of all the files,
plus a sample ingested one file per run.

    python benchmarks/ingest.py [--documents 2000] [--sentences 50] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kzgraph.ingest import gazetteer
from kzgraph.ingest.analyse import analyse, recognise
from kzgraph.ingest.dates import find as find_dates
from kzgraph.ingest.documents import Ingester
from kzgraph.ingest.extract import extract_sentence
from kzgraph.ingest.nlp import english
from kzgraph.ingest.sentences import segment
from kzgraph.resources import default_files

EN = [
    "The {org} was established on {date_en} by {person}.",
    "In {year} the {org} held a meeting in {city} with representatives of the {group}.",
    "According to the census, the {group} made up {pct}% of the population of {city}.",
    "The {doc} was adopted in {month_en} {year} after a long discussion.",
    "Representatives of {n} ethnocultural associations took part in the forum.",
    "The {org} is chaired by {person}, who spoke about {concept}.",
    "Experts noted that {concept} remains a priority for the government.",
    "The Council of Public Accord met in {city} on {date_en} to discuss the programme «Zhangyru Zholy».",
]
RU = [
    "{org_ru} была создана {date_ru} года по инициативе {person_ru}.",
    "В {year} году {org_ru} провела заседание в городе Алматы.",
    "Доля казахов составила {pct_ru}% от населения страны.",
    "Конституция Республики Казахстан была принята {date_ru} года.",
    "Совет общественного согласия обсудил вопросы межэтнических отношений.",
]
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
MONTHS_EN = ["January", "March", "April", "June", "October", "December"]
MONTHS_RU = ["января", "марта", "апреля", "июня", "октября", "декабря"]


def _fill(rnd: random.Random, t: str) -> str:
    year = rnd.randint(1991, 2020)
    return t.format(
        org=rnd.choice(["Assembly of People of Kazakhstan", "APK", "Scientific Expert Council", "Mazhilis", "Senate"]),
        org_ru=rnd.choice(["Ассамблея народа Казахстана", "Ассамблеи народа Казахстана"]),
        person=rnd.choice(["Nursultan Nazarbayev", "President Nazarbayev", "Kassym-Jomart Tokayev"]),
        person_ru=rnd.choice(["Нурсултана Назарбаева", "Президента"]),
        city=rnd.choice(["Almaty", "Nur-Sultan", "Astana", "Shymkent"]),
        group=rnd.choice(["Kazakhs", "Russians", "Uyghurs", "Uighurs", "Koreans", "Germans"]),
        doc=rnd.choice(["Doctrine of National Unity", "Strategy Kazakhstan-2050", "Constitution of Kazakhstan"]),
        concept=rnd.choice(["interethnic harmony", "national policy", "ethno-national policy"]),
        date_en=f"{rnd.choice(MONTHS_EN)} {rnd.randint(1, 28)}, {year}",
        date_ru=f"{rnd.randint(1, 28)} {rnd.choice(MONTHS_RU)} {year}",
        month_en=rnd.choice(MONTHS_EN),
        year=year,
        n=rnd.randint(10, 900),
        pct=f"{rnd.randint(1, 70)}.{rnd.randint(10, 99)}",
        pct_ru=f"{rnd.randint(1, 70)},{rnd.randint(10, 99)}",
    )


def documents(n: int, sentences: int, seed: int = 1) -> Iterator[str]:
    rnd = random.Random(seed)
    for i in range(n):
        pool = RU if i % 3 == 2 else EN
        lines = [_fill(rnd, rnd.choice(pool)) for _ in range(sentences)]
        paras = [" ".join(lines[k : k + 5]) for k in range(0, len(lines), 5)]
        yield f"Synthetic report {i}\n\n" + "\n\n".join(paras) + "\n"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def naive_baseline(gaz: gazetteer.Gazetteer, texts: list[str]) -> tuple[int, float]:
    """One compiled regex per known form, tried one after another on every sentence."""
    patterns = [re.compile(r"(?<!\w)" + re.escape(k) + r"(?!\w)", re.IGNORECASE) for k in gaz.forms]
    t = time.perf_counter()
    count = 0
    for text in texts:
        for s in segment(text)[1]:
            count += 1
            for p in patterns:
                p.search(s.text)
    return count, time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=2000)
    ap.add_argument("--sentences", type=int, default=50)
    ap.add_argument("--baseline-documents", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=None, help="Worker processes (default: as kzgraph ingest).")
    ap.add_argument("--single-documents", type=int, default=100, help="Documents for the one-file-per-run path.")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    gaz = gazetteer.load(default_files().data)
    rss0 = rss_mb()

    # The whole analysis of a document on one core, as ingest runs it: sentences, mentions, dates, the spaCy
    # parse of the sentences the pre-filter picks (the model is loaded first, outside the timing), every rule
    # family, candidates and tables.
    english()
    t, cpu = time.perf_counter(), time.process_time()
    n_sent = n_mentions = n_statements = n_parsed = 0
    for text in documents(args.documents, args.sentences):
        a = analyse(text, gaz, language="ru" if CYRILLIC.search(text[:400]) else "en")
        n_sent += len(a.sentences)
        n_mentions += len(a.mentions)
        n_statements += len(a.statements)
        n_parsed += a.parsed
    recog_s, recog_cpu = time.perf_counter() - t, time.process_time() - cpu

    # The rule pass alone: mentions + dates + rule families, no parse (so no parse-based family), one core.
    t, cpu = time.perf_counter(), time.process_time()
    rules_sent = 0
    for text in documents(args.documents, args.sentences):
        tm, sents = segment(text)
        for s, ms in zip(sents, recognise(gaz, tm, sents), strict=True):
            rules_sent += 1
            extract_sentence(gaz, s.text, s.start, ms, find_dates(s.text))
    rules_s, rules_cpu = time.perf_counter() - t, time.process_time() - cpu

    sample = list(documents(args.baseline_documents, args.sentences, seed=2))
    base_sent, base_s = naive_baseline(gaz, sample)
    t = time.perf_counter()
    ours = 0
    for text in sample:
        tm, sents = segment(text)
        ours += sum(len(x) for x in recognise(gaz, tm, sents))
    ours_s = time.perf_counter() - t

    # End to end into a fresh store, as `kzgraph ingest corpus/` does: one run over all files (worker
    # processes analyse, new documents are bulk-loaded in journalled batches). Files are written first.
    samples: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        root = Path(tmp)
        store_path = root / "build" / "store"
        store_path.parent.mkdir()
        corpus = root / "corpus"
        corpus.mkdir()
        paths = []
        for i, text in enumerate(documents(args.documents, args.sentences, seed=3)):
            src = corpus / f"doc{i:05d}.txt"
            src.write_text(text, encoding="utf-8")
            paths.append(src)
        store = ox.Store(str(store_path))
        ingester = Ingester(store_path, gaz, store=store)
        done = [0]

        def tick(_p: str) -> None:
            done[0] += 1
            if done[0] % 250 == 0:
                samples.append((done[0], rss_mb()))

        t = time.perf_counter()
        report = ingester.ingest(paths, jobs=args.jobs, progress=tick)
        store.flush()
        e2e_s = time.perf_counter() - t
        if report.failed:
            raise SystemExit(report.failed[0].error)
        quads = len(store)
        # The single-file path (one transaction per document, no workers), on a sample of fresh documents.
        single = list(documents(args.single_documents, args.sentences, seed=4))
        t = time.perf_counter()
        for i, text in enumerate(single):
            src = root / f"single{i}.txt"
            src.write_text(text, encoding="utf-8")
            ingester.ingest([src])
        single_s = time.perf_counter() - t
        ingester.close()
        del store
    result = {
        "documents": args.documents,
        "sentences": n_sent,
        "mentions": n_mentions,
        "statements": n_statements,
        "sentences_parsed": n_parsed,
        # Per CPU second of this process (one core; the machine may be shared, so wall time can be longer).
        "analysis_cpu_seconds": round(recog_cpu, 2),
        "analysis_sentences_per_cpu_s": round(n_sent / recog_cpu),
        "analysis_sentences_per_wall_s": round(n_sent / recog_s),
        "rule_pass_sentences_per_cpu_s": round(rules_sent / rules_cpu),
        "rule_pass_sentences_per_wall_s": round(rules_sent / rules_s),
        "baseline": {
            "documents": args.baseline_documents,
            "sentences": base_sent,
            "naive_sentences_per_s": round(base_sent / base_s),
            "automaton_sentences_per_s": round(base_sent / ours_s),
            "speedup": round(base_s / ours_s, 1),
            "forms": len(gaz.forms),
        },
        "end_to_end_seconds": round(e2e_s, 2),
        "end_to_end_documents_per_s": round(args.documents / e2e_s, 1),
        "jobs": args.jobs,
        "store_quads": quads,
        "quads_per_document": round(quads / args.documents),
        "single_file_documents": args.single_documents,
        "single_file_documents_per_s": round(args.single_documents / single_s, 1),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "rss_mb_start": round(rss0),
        "rss_mb_samples": [(i, round(m)) for i, m in samples],
        "peak_rss_mb": round(rss_mb()),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:<32} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
