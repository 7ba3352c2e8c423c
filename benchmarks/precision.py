"""The hand-judged precision check of issue 11: every claim ingest extracts from the dev corpus
(``../shared/dev-corpus/texts``) — one row per triple that ``ingest/rdf.py`` writes as a ``kz:Claim``:
statements, sessions, session names, population observations (each of their triples), figures kept on
candidate groups, numbers of ethnic groups and proposed labels — each judged by reading its quote.

    python benchmarks/precision.py --dev-corpus ../shared/dev-corpus --list     # rows to judge, with quotes
    python benchmarks/precision.py --dev-corpus ../shared/dev-corpus            # precision of the judged TSV

The judged rows are kept in ``benchmarks/precision-sample.tsv``: file, evidence offsets, rule, subject,
predicate, value, verdict (``correct``/``incorrect``) and a short reason; its first line (a ``#`` comment)
says whether it holds the full set or a random sample (``--sample``: a random 150, for a corpus too large to
judge whole). The quotes themselves are not copied into the repository (the pages are third-party text): the
offsets point into the dev corpus's files. A claim the current code extracts but the TSV lacks is reported as
unjudged; a judged row the code no longer extracts, as gone. Precision is printed overall and per kind.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

from kzgraph.ingest import gazetteer
from kzgraph.ingest.analyse import analyse
from kzgraph.ingest.reading import read_path
from kzgraph.resources import default_files

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "benchmarks" / "precision-sample.tsv"
FIELDS = ["file", "start", "end", "rule", "subject", "predicate", "value", "verdict", "reason"]
MIN_SAMPLE = 150


def extracted(texts: Path) -> list[dict[str, str]]:
    """Every claim ingest derives from the texts (one row per triple that becomes a ``kz:Claim`` in
    :mod:`kzgraph.ingest.rdf`), with its quote."""
    gaz = gazetteer.load(default_files().data)
    rows: list[dict[str, str]] = []
    for path in sorted(texts.glob("*.txt")):
        doc = read_path(path)
        a = analyse(doc.text, gaz, language=doc.language)

        def row(
            start: int,
            end: int,
            rule: str,
            subject: str,
            predicate: str,
            value: str,
            *,
            text: str = doc.text,
            name: str = path.name,
        ) -> None:
            quote = text[start:end].replace("\n", " ").replace("\t", " ")
            rows.append(
                {"file": name, "start": str(start), "end": str(end), "rule": rule, "subject": subject}
                | {"predicate": predicate, "value": value, "quote": quote}
            )

        for st, span in a.statements:
            subject = f"{st.new_subject.label} (new {st.new_subject.cls})" if st.new_subject else st.subject
            value = f"{st.new_object.label} (new)" if st.new_object else st.object or st.value or ""
            extra = "; ".join(f"{k}={v}" for k, v in (("qualifier", st.qualifier), ("item", st.item)) if v)
            row(span.start, span.end, st.rule, subject, st.predicate, value + (f" [{extra}]" if extra else ""))
        for eid, span in a.sessions.items():
            row(span.start, span.end, "session-entity", eid, "sessionNumber", eid.rsplit("-", 1)[1])
        for eid, span in a.sessions.items():
            row(span.start, span.end, "session-entity", eid, "sessionOf", "apk")
        for eid, label, lang, span in a.labels:
            row(span.start, span.end, "session-name", eid, "skos:altLabel", f"{label}@{lang}")
        for label, ob in a.pending_figures:
            where = f"{ob.area} {ob.period}"
            row(ob.row_start, ob.row_end, ob.rule, f"{label} (candidate)", ob.measure, f"{ob.value} [{where}]")
        for ob in a.observations:
            # One claim per triple of the observation (rdf.py): its identity is dataset, group, period and,
            # in prose, the sentence.
            part = ob.dataset or str(ob.table + 1)
            where = f"/{ob.row_start}" if ob.dataset else ""
            obs = f"observation {part}/{ob.group or 'all'}/{ob.period}{where}"
            quote = (ob.row_start, ob.row_end)
            period = (ob.period_start, ob.period_end) if ob.period_start >= 0 else quote
            triples = [
                (quote, "rdf:type", "qb:Observation"),
                (quote, "qb:dataSet", f"dataset {part}"),
                (quote, "refArea", ob.area),
                (quote, "ethnicGroup", ob.group or "allGroups"),
                (period, "refPeriod", ob.period),
                (quote, ob.measure, ob.value),
            ]
            if ob.ref_date:
                triples.append((period, "refDate", ob.ref_date))
            if ob.unit:
                triples += [(quote, "amount", ob.stated), (quote, "unit", ob.unit)]
            for (start, end), predicate, value in triples:
                row(start, end, ob.rule, obs, predicate, value)
        for gc in a.group_counts:
            extra = "; ".join(
                f"{k}={v}" for k, v in (("period", gc.period), ("date", gc.ref_date), ("qualifier", gc.qualifier)) if v
            )
            value = gc.value + (f" [{extra}]" if extra else "")
            row(gc.start, gc.end, "ethnic-group-count", gc.area, "numberOfEthnicGroups", value)
        for _i, lp, span in a.label_proposals:
            row(span.start, span.end, lp.rule, lp.entity, "skos:altLabel", f"{lp.label}@{lp.language}")
    # One row per claim: rdf.py writes a repeated triple with the same evidence once (a headline stated twice
    # in one sentence).
    return list({key(r): r for r in rows}.values())


def key(r: dict[str, str]) -> tuple[str, ...]:
    return (r["file"], r["start"], r["rule"], r["subject"], r["predicate"], r["value"])


def kind(rule: str, subject: str) -> str:
    """The part of :class:`~kzgraph.ingest.analyse.Analysis` a row comes from (precision is reported by kind)."""
    if subject.startswith("observation "):
        return "observations"
    if subject.endswith("(candidate)"):
        return "candidate figures"
    if rule.startswith("label-"):
        return "label proposals"
    if rule == "ethnic-group-count":
        return "numbers of ethnic groups"
    if rule in ("session-entity", "session-name"):
        return "sessions"
    return "statements"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev-corpus", type=Path, default=ROOT.parent / "shared" / "dev-corpus")
    ap.add_argument("--list", action="store_true", help="Print the rows to judge (with their quotes), TSV.")
    ap.add_argument(
        "--sample",
        action="store_true",
        help=f"A random {MIN_SAMPLE} of the rows instead of all of them (when too many to judge by hand).",
    )
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    texts = args.dev_corpus / "texts"
    if not texts.is_dir():
        print(f"precision sample skipped: no dev corpus at {args.dev_corpus} (needs ../shared/dev-corpus)")
        return 0
    every = extracted(texts)
    rows = every
    if args.sample and len(every) > MIN_SAMPLE:
        rows = sorted(random.Random(args.seed).sample(every, MIN_SAMPLE), key=key)
    if args.list:
        w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
        w.writerow([*FIELDS[:7], "quote"])
        for r in rows:
            w.writerow([r[f] for f in FIELDS[:7]] + [r["quote"]])
        return 0
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        judged = {key(r): r for r in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")}
    now = {key(r) for r in rows}
    verdicts = [judged[k]["verdict"] for k in map(key, rows) if k in judged]
    correct = verdicts.count("correct")
    print(
        f"judged {len(verdicts)} of {len(rows)} claims extracted now ({'sample' if args.sample else 'full set'}): "
        f"{correct} correct, {len(verdicts) - correct} incorrect, precision {correct / len(verdicts):.3f}"
        if verdicts
        else "none judged"
    )
    kinds: dict[str, list[str]] = {}
    for k in map(key, rows):
        if k in judged:
            kinds.setdefault(kind(k[2], k[3]), []).append(judged[k]["verdict"])
    for name, vs in sorted(kinds.items()):
        n = vs.count("correct")
        print(f"  {name}: {n}/{len(vs)} correct, precision {n / len(vs):.3f}")
    # Gone: judged rows the code no longer extracts at all (a sample leaves the others out, not gone).
    unjudged, gone = now - judged.keys(), judged.keys() - {key(r) for r in every}
    for k in sorted(unjudged):
        print("unjudged:", *k)
    for k in sorted(gone):
        print("gone:", *k)
    return 0 if not unjudged else 1


if __name__ == "__main__":
    sys.exit(main())
