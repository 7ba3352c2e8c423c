"""``kzgraph link --accept FILE``: the rows a reviewer marked ``accept=yes`` become curated links in
``data/links/accepted.tsv`` — the columns of ``wikidata.tsv`` plus the provenance of the reconciliation
(endpoint, query, retrieval time), which :mod:`kzgraph.pipeline.links` turns into the link record's provenance.

A DBpedia review file (``kzgraph link --target dbpedia``: a ``dbpedia`` column in place of ``qid``) gives rows
with an empty ``qid`` and the resource IRI in ``dbpedia``. The file holds at most one Wikidata row and one
DBpedia row per entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kzgraph.errors import SourceError
from kzgraph.fileio import atomic_write
from kzgraph.linking.config import DBR
from kzgraph.linking.reconcile import DBPEDIA_REVIEW_COLUMNS, REVIEW_COLUMNS
from kzgraph.pipeline import links

ACCEPTED_FILE = "accepted.tsv"
ACCEPTED_COLUMNS = links.COLUMNS + links.PROVENANCE_COLUMNS
ACCEPTED_HEADER = (
    "# Links accepted from `kzgraph link` review files (reconciliation against a SPARQL endpoint).\n"
    "# Written by `kzgraph link --accept`; 'evidence' holds the score and its reasons, the last three columns\n"
    "# the provenance of the candidate: endpoint, the exact query, and when its answer was retrieved.\n"
)


@dataclass
class AcceptResult:
    path: Path
    added: list[str]
    replaced: list[str]
    total: int


def review_target(path: Path) -> str:
    """'wikidata' or 'dbpedia': which kind of review file ``path`` is (by its header)."""
    read_review(path)  # a readable review file, or a one-line error
    return "dbpedia" if _header(path) == DBPEDIA_REVIEW_COLUMNS else "wikidata"


def _header(path: Path) -> list[str] | None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            return line.split("\t")
    return None


def read_review(path: Path) -> list[dict[str, str]]:
    """The rows of a review file (as written by ``kzgraph link``, possibly edited in a spreadsheet): a Wikidata
    one (a ``qid`` column) or a DBpedia one (a ``dbpedia`` column)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such review file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise SourceError(f"{path}: cannot read ({e})") from None
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            if cells not in (REVIEW_COLUMNS, DBPEDIA_REVIEW_COLUMNS):
                raise SourceError(
                    f"{path}:{number}: header must be {' | '.join(REVIEW_COLUMNS)} (or 'dbpedia' in place of 'qid')"
                )
            header = cells
            continue
        if len(cells) != len(header):
            raise SourceError(f"{path}:{number}: expected {len(header)} tab-separated columns, found {len(cells)}")
        row = dict(zip(header, cells, strict=True))
        row["__line__"] = str(number)
        rows.append(row)
    if header is None:
        raise SourceError(f"{path}: empty review file")
    return rows


def _decision(value: str, where: str) -> str | None:
    """'' / 'no' → None; 'yes' → 'probable'; 'yes:certain' / 'yes:probable' → that confidence."""
    v = value.strip().lower()
    if v in ("", "no", "n"):
        return None
    answer, _, confidence = v.partition(":")
    if answer != "yes":
        raise SourceError(f"{where}: accept must be empty, 'no', 'yes' or 'yes:certain' (found '{value}')")
    confidence = confidence or "probable"
    if confidence not in links.PROPERTY:
        raise SourceError(f"{where}: confidence after 'yes:' must be 'certain' or 'probable'")
    return confidence


def _kind(cells: list[str]) -> str:
    """The kind of an accepted.tsv row: a Wikidata link (a qid) or a DBpedia-only one."""
    return "wikidata" if cells[1] else "dbpedia"


def accept(review: Path, *, links_dir: Path, known: set[str]) -> AcceptResult:
    """Merge the accepted rows of ``review`` into ``links_dir/accepted.tsv`` (atomically, sorted by id; at most
    one Wikidata and one DBpedia row per entity)."""
    chosen: dict[str, list[str]] = {}
    rows = read_review(review)
    kind = "dbpedia" if _header(review) == DBPEDIA_REVIEW_COLUMNS else "wikidata"
    column = "dbpedia" if kind == "dbpedia" else "qid"
    for row in rows:
        where = f"{review}:{row['__line__']}"
        confidence = _decision(row["accept"], where)
        if confidence is None:
            continue
        if row["id"] in chosen:
            raise SourceError(f"{where}: a second candidate accepted for '{row['id']}' (accept at most one)")
        if not row[column]:
            raise SourceError(f"{where}: accepted a row without a candidate")
        if row["id"] not in known:
            raise SourceError(f"{where}: unknown entity id '{row['id']}'")
        if kind == "wikidata" and not re.fullmatch(r"Q[1-9][0-9]*", row["qid"]):
            raise SourceError(f"{where}: '{row['qid']}' is not a Wikidata QID")
        if kind == "dbpedia" and not re.fullmatch(re.escape(DBR) + r"[^\s<>\"{}|\\^`]+", row["dbpedia"]):
            raise SourceError(f"{where}: '{row['dbpedia']}' is not a DBpedia resource IRI ({DBR}…)")
        evidence = f"reconciliation score {row['score']}: {row['reasons']} (accepted in {review.name})"
        chosen[row["id"]] = [
            row["id"],
            row["qid"] if kind == "wikidata" else "",
            row["dbpedia"] if kind == "dbpedia" else "",
            confidence,
            row["candidate"],
            evidence,
            row["endpoint"],
            row["query"],
            row["retrieved"],
        ]
    target = links_dir / ACCEPTED_FILE
    existing: dict[tuple[str, str], list[str]] = {}
    if target.exists():
        for number, line in enumerate(target.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith(("#", "id\t")):
                continue
            cells = line.split("\t")
            if len(cells) != len(ACCEPTED_COLUMNS):
                raise SourceError(f"{target}:{number}: expected {len(ACCEPTED_COLUMNS)} columns, found {len(cells)}")
            existing[(cells[0], _kind(cells))] = cells
    # an entity curated elsewhere (wikidata.tsv) keeps that link: accepting another one would be a second opinion
    prefix = DBR if kind == "dbpedia" else links.WIKIDATA
    others = {
        link.entity: link.where
        for link in links.load(links_dir, known)
        if link.target.startswith(prefix)
        and not link.where.startswith(str(target.relative_to(links_dir.parent.parent)) + ":")
    }
    for key in sorted(chosen):
        if key in others:
            raise SourceError(
                f"{review}: '{key}' is already linked to {'DBpedia' if kind == 'dbpedia' else 'Wikidata'} in "
                f"{others[key]}; remove that link first"
            )
    replaced = sorted(k for k in chosen if (k, kind) in existing and existing[(k, kind)] != chosen[k])
    added = sorted(k for k in chosen if (k, kind) not in existing)
    merged = {**existing, **{(k, kind): v for k, v in chosen.items()}}
    order = {"wikidata": 0, "dbpedia": 1}
    body = ACCEPTED_HEADER + "\t".join(ACCEPTED_COLUMNS) + "\n"
    body += "".join("\t".join(merged[k]) + "\n" for k in sorted(merged, key=lambda k: (k[0], order[k[1]])))
    atomic_write(target, body.encode("utf-8"))
    links.load(links_dir, known)  # the result must load exactly as the build will load it
    return AcceptResult(target, added, replaced, len(merged))
