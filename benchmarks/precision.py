"""The hand-judged precision sample of issue 11: every statement ingest extracts from the dev corpus
(``../shared/dev-corpus/texts``), or a random sample of at least 150 of them when there are more, each
judged by reading its quote.

    python benchmarks/precision.py --dev-corpus ../shared/dev-corpus --list     # rows to judge, with quotes
    python benchmarks/precision.py --dev-corpus ../shared/dev-corpus            # precision of the judged TSV

The judged rows are kept in ``benchmarks/precision-sample.tsv``: file, evidence offsets, rule, subject,
predicate, value, verdict (``correct``/``incorrect``) and a short reason. The quotes themselves are not
copied into the repository (the pages are third-party text): the offsets point into the dev corpus's files.
A statement the current code extracts but the TSV lacks is reported as unjudged; a judged row the code no
longer extracts, as gone.
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
    """Every statement (and session entity and name) ingest derives from the texts, with its quote."""
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
        for eid, label, lang, span in a.labels:
            row(span.start, span.end, "session-name", eid, "skos:altLabel", f"{label}@{lang}")
    return rows


def key(r: dict[str, str]) -> tuple[str, ...]:
    return (r["file"], r["start"], r["rule"], r["subject"], r["predicate"], r["value"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev-corpus", type=Path, default=ROOT.parent / "shared" / "dev-corpus")
    ap.add_argument("--list", action="store_true", help="Print the rows to judge (with their quotes), TSV.")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    texts = args.dev_corpus / "texts"
    if not texts.is_dir():
        print(f"precision sample skipped: no dev corpus at {args.dev_corpus} (needs ../shared/dev-corpus)")
        return 0
    rows = extracted(texts)
    if len(rows) > MIN_SAMPLE:
        rows = sorted(random.Random(args.seed).sample(rows, MIN_SAMPLE), key=key)
    if args.list:
        w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
        w.writerow([*FIELDS[:7], "quote"])
        for r in rows:
            w.writerow([r[f] for f in FIELDS[:7]] + [r["quote"]])
        return 0
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        judged = {key(r): r for r in csv.DictReader(f, delimiter="\t")}
    now = {key(r) for r in rows}
    verdicts = [judged[k]["verdict"] for k in map(key, rows) if k in judged]
    correct = verdicts.count("correct")
    print(
        f"judged {len(verdicts)} of {len(rows)} statements extracted now: {correct} correct, "
        f"{len(verdicts) - correct} incorrect, precision {correct / len(verdicts):.3f}"
        if verdicts
        else "none judged"
    )
    unjudged, gone = now - judged.keys(), judged.keys() - now
    for k in sorted(unjudged):
        print("unjudged:", *k)
    for k in sorted(gone):
        print("gone:", *k)
    return 0 if not unjudged else 1


if __name__ == "__main__":
    sys.exit(main())
