"""The deeper model (issue 16): the coverage checklists, day bounds, tenures, citations and recorded disagreements,
checked on the built graph and on small records."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kzgraph.errors import SourceError
from kzgraph.pipeline import corpus, coverage, reviewed, temporal
from kzgraph.pipeline.citations import sentence, sentence_ends
from kzgraph.rdf import namespaces as ns
from kzgraph.resources import default_files

XSD = "http://www.w3.org/2001/XMLSchema#"
KZ = ns.KZ


def _has(quads: list[ox.Quad], s: str, p: str, o: str) -> bool:
    return any(q.subject.value == s and q.predicate.value == p and q.object.value == o for q in quads)


@pytest.mark.parametrize("key", ["lee", "ualtayeva"])
def test_coverage_checklist_holds_and_reaches_90_percent(built, key: str) -> None:  # type: ignore[no-untyped-def]
    files = default_files()
    checklist = coverage.load(files.data / "coverage" / f"{key}.yaml")
    sources = corpus.load(files.corpus)
    assert not coverage.problems(checklist, sources[key], built.quads)
    modelled, left_out = checklist.count("modelled"), checklist.count("out-of-scope")
    assert modelled + left_out >= 60  # the factual statements of a paper, not a sample
    assert checklist.coverage >= 0.90, f"{key}: {modelled} of {modelled + left_out} factual statements modelled"


def test_coverage_problems_name_missing_facts_and_quotes(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "lee.yaml"
    bad.write_text(
        "source: lee\nsections:\n- heading: x\n  statements:\n"
        "  - {quote: Six parties are active in Kazakhstan., status: modelled, facts: [{s: kazakhstan, p: kz:seatCount}]}\n"
        "  - {quote: No such sentence here., status: out-of-scope, reason: r}\n"
        "  - {quote: Six parties are active in Kazakhstan., status: not-factual}\n",
        encoding="utf-8",
    )
    found = coverage.problems(coverage.load(bad), corpus.load(default_files().corpus)["lee"], built.quads)
    assert any("no fact (kazakhstan, kz:seatCount)" in p for p in found)
    assert any("quote not found" in p for p in found)
    assert any("needs a reason" in p for p in found)
    bad.write_text("source: lee\nsections:\n- statements:\n  - {quote: a, status: done}\n", encoding="utf-8")
    with pytest.raises(SourceError, match="status must be one of"):
        coverage.load(bad)


def test_day_bounds_of_each_precision() -> None:
    def lit(text: str, kind: str) -> ox.Literal:
        return ox.Literal(text, datatype=ox.NamedNode(XSD + kind))

    assert temporal.bounds(lit("2000", "gYear")) == ("2000-01-01", "2000-12-31")
    assert temporal.bounds(lit("1900-02", "gYearMonth")) == ("1900-02-01", "1900-02-28")
    assert temporal.bounds(lit("2019-03-19", "date")) == ("2019-03-19", "2019-03-19")
    assert temporal.bounds(lit("x", "string")) is None
    assert temporal.narrowest({("2010-01-01", "2010-12-31"), ("2010-10-20", "2010-10-20")}) == (
        "2010-10-20",
        "2010-10-20",
    )
    assert temporal.narrowest({("2000-01-01", "2000-12-31"), ("2002-11-01", "2002-11-30")}) == (
        "2000-01-01",
        "2002-11-30",
    )


def test_built_graph_has_typed_bounds_and_owl_time_intervals(built) -> None:  # type: ignore[no-untyped-def]
    tenure = ns.entity("tenure-nazarbayev-president")
    inferred = [q for q in built.quads if q.graph_name.value == ns.GRAPHS["inferred"]]
    starts = [q.object for q in inferred if q.subject.value == tenure and q.predicate.value == KZ + "startDateEarliest"]
    assert starts == [ox.Literal("1991-12-01", datatype=ox.NamedNode(XSD + "date"))]
    assert _has(inferred, tenure, ns.PREFIXES["org"] + "memberDuring", tenure + "/interval")
    assert _has(inferred, tenure + "/interval/end", ns.PREFIXES["time"] + "inXSDDate", "2019-03-19")
    # a year: the whole year; session 9 ("2000" in one paper, 2002-11 in the other): the span of both
    s9 = ns.entity("apk-session-9")
    assert _has(inferred, s9, KZ + "dateEarliest", "2000-01-01") and _has(inferred, s9, KZ + "dateLatest", "2002-11-30")


def test_claims_cite_the_work_in_their_sentence(built) -> None:  # type: ignore[no-untyped-def]
    cites = ns.PREFIXES["cito"] + "citesAsEvidence"
    prov = [q for q in built.quads if q.predicate.value == cites]
    works = {q.object.value for q in prov}
    assert ns.entity("work-chebotarev-2009") in works and ns.entity("work-apk-business-report-2015") in works
    assert _has(built.quads, ns.source("ualtayeva"), ns.PREFIXES["cito"] + "cites", ns.entity("work-chebotarev-2009"))
    text = "Before. A figure (Author, 2009: 1). Houses (33 units). (Report(19.04.2019), (<https://x.kz/a>). Next one."
    ends = sentence_ends(text)
    at = text.index("(Author")
    assert text[slice(*sentence(text, ends, at, at + 5))].strip() == "A figure (Author, 2009: 1)."
    at = text.index("(Report")
    assert text[slice(*sentence(text, ends, at, at + 7))].strip() == "(Report(19.04.2019), (<https://x.kz/a>)."


def test_recorded_entries_resolve_to_claims_and_withdraw_artefacts(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    conflicts = [q for q in built.quads if q.graph_name.value == ns.GRAPHS["conflicts"]]
    kinds = {q.subject.value: q.object.value for q in conflicts if q.predicate.value.endswith("#type")}
    assert kinds[ns.ID + "non-conflict/theatres-four-or-six"] == KZ + "NonConflict"
    assert kinds[ns.ID + "disagreement/apk-consultative-or-legislative"] == KZ + "Disagreement"
    assert built.disagreements >= 10
    bad = tmp_path / "disagreements.yaml"
    bad.write_text(
        "- id: x\n  status: explained\n  subject: apk\n  property: count\n  reason: r\n  claims:\n"
        "  - {s: apk, p: seatCount, value: '1', source: lee}\n  - {s: apk, p: count, value: '2', source: lee}\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"disagreements.yaml:7: no fact \(apk, seatCount\)"):
        reviewed.load(bad, [], root=tmp_path)
