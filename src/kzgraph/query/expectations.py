"""Checking a named query's answer against ``queries/<name>.expected.yaml``, on any backend.

The file holds a list of ``cases``; each runs the query once (with ``params`` and ``lang``) and asserts::

    cases:
      - params: {group: Koreans}     # optional
        lang: ru                     # optional
        columns: [year, share]       # the variables are exactly these (SELECT)
        min_rows: 9                  # at least this many rows (or triples)
        max_rows: 9
        first_row: {year: 1939}      # the first row matches
        contains: [{year: 2018, share: 0.60}]      # some row matches each
        not_contains: [{number: 23, kind: session}]  # no row matches any
        ask: true                    # ASK answer
        triples: [{subject: kzid:apk, predicate: kz:partOf, object: kzid:apk-secretariat}]  # graph results

A row matches a dict when every key matches: values compare as numbers when both are numeric, CURIEs
(``kzid:apk``) are expanded, and a key ending in ``~`` means a case-insensitive substring (``label~: Koryo``).

>>> from kzgraph import KnowledgeGraph
>>> from kzgraph.query.expectations import check_query
>>> check_query(KnowledgeGraph.open(), "apk-sessions")   # the failed assertions: none
[]

(``KnowledgeGraph.open("http://127.0.0.1:7878/query")`` checks the same query on a SPARQL server.)
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzgraph.rdf import namespaces as ns

if TYPE_CHECKING:
    from kzgraph.graph import KnowledgeGraph
    from kzgraph.query.results import QueryResult

KNOWN_KEYS = {"params", "lang", "columns", "min_rows", "max_rows", "first_row", "contains", "not_contains", "ask",
              "triples", "note"}  # fmt: skip


def expected_file(query_path: Path) -> Path:
    return query_path.with_name(query_path.stem + ".expected.yaml")


def load_cases(query_path: Path) -> list[dict[str, Any]]:
    import yaml

    path = expected_file(query_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(cases, list) or not cases:
        raise ValueError(f"{path}: needs a non-empty 'cases' list")
    for c in cases:
        unknown = set(c) - KNOWN_KEYS
        if unknown:
            raise ValueError(f"{path}: unknown keys {sorted(unknown)}")
    return cases


def check_query(kg: KnowledgeGraph, name: str) -> list[str]:
    """Run every case of query ``name`` on ``kg`` and return the failed assertions (empty: all hold)."""
    q = kg.catalogue.get(name)
    problems: list[str] = []
    for i, case in enumerate(load_cases(q.path), 1):
        params = dict(case.get("params") or {})
        result = kg.query(name, lang=case.get("lang", "en"), **params)
        problems += [f"{name} case {i} {params}: {p}" for p in check_result(result, case)]
    return problems


def check_result(result: QueryResult, case: dict[str, Any]) -> list[str]:
    """The assertions of one case that ``result`` fails."""
    out: list[str] = []
    rows = result.dicts()
    if "columns" in case and result.columns != list(case["columns"]):
        out.append(f"columns {result.columns} != {case['columns']}")
    if "min_rows" in case and len(result) < case["min_rows"]:
        out.append(f"{len(result)} rows < min_rows {case['min_rows']}")
    if "max_rows" in case and len(result) > case["max_rows"]:
        out.append(f"{len(result)} rows > max_rows {case['max_rows']}")
    if "first_row" in case and (not rows or not matches(rows[0], case["first_row"])):
        out.append(f"first row {rows[0] if rows else None} does not match {case['first_row']}")
    for want in case.get("contains", []):
        if not any(matches(r, want) for r in rows):
            out.append(f"no row matches {want}")
    for unwanted in case.get("not_contains", []):
        hits = [r for r in rows if matches(r, unwanted)]
        if hits:
            out.append(f"row {hits[0]} matches not_contains {unwanted}")
    if "ask" in case and (result.kind != "ask" or result.boolean is not case["ask"]):
        out.append(f"ASK answer {result.boolean} != {case['ask']}")
    for want in case.get("triples", []):
        if not any(matches(r, want) for r in rows):
            out.append(f"no triple matches {want}")
    return out


def matches(row: dict[str, Any], want: dict[str, Any]) -> bool:
    for key, expected in want.items():
        if key.endswith("~"):
            actual = row.get(key[:-1])
            if actual is None or str(expected).lower() not in str(actual).lower():
                return False
        elif not same(row.get(key), expected):
            return False
    return True


def same(actual: Any, expected: Any) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected if isinstance(actual, bool) else str(actual).lower() == str(expected).lower()
    if _numeric(actual) and _numeric(expected):
        return Decimal(str(actual)) == Decimal(str(expected))
    text = str(expected)
    if ":" in text and not text.startswith(("http://", "https://")):
        with contextlib.suppress(KeyError):
            text = ns.expand(text)
    return str(actual) == text


def _numeric(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    return bool(isinstance(v, int | float | Decimal))
