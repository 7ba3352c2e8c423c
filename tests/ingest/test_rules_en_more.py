"""English rules for counts of a named body in the plural and for what a document is based on, on constructed
sentences (none taken from the dev corpus or the papers), each with sentences that must give nothing."""

from __future__ import annotations

import pytest

from kzgraph.ingest.analyse import analyse

Found = set[tuple[str, str, str, str | None, str | None, str | None]]

YOUTH = "The Youth Council at the Assembly of People of Kazakhstan met in Astana. "


def found(gaz, text: str) -> Found:  # type: ignore[no-untyped-def]
    a = analyse(text, gaz, language="en", with_candidates=False, with_tables=False)
    return {
        (st.subject, st.predicate, st.value or st.object or "", st.qualifier, st.as_of, st.item)
        for st, _ in a.statements
    }


def of_rule(gaz, text: str, rule: str) -> set[tuple[str, str, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    a = analyse(text, gaz, language="en", with_candidates=False, with_tables=False)
    return {
        (st.subject, st.predicate, st.value or st.object or "", st.qualifier, st.as_of)
        for st, _ in a.statements
        if st.rule == rule
    }


def test_a_plural_of_a_body_named_earlier_is_its_count(gaz) -> None:  # type: ignore[no-untyped-def]
    got = found(gaz, YOUTH + "Today 88 rural Youth Councils work in the south.")
    assert ("youth-council", "count", "88", None, None, "rural Youth Councils") in got


def test_coordinated_numbers_share_the_head_noun(gaz) -> None:  # type: ignore[no-untyped-def]
    got = of_rule(gaz, YOUTH + "There are 9 regional, 41 town, 310 school Youth Councils.", "count-plural-name")
    assert got == {("youth-council", "count", n, None, None) for n in ("9", "41", "310")}


def test_a_qualifier_and_a_place_are_kept(gaz) -> None:  # type: ignore[no-untyped-def]
    got = found(gaz, YOUTH + "More than 70 Youth Councils at colleges are active.")
    assert ("youth-council", "countAtLeast", "70", "over", None, "Youth Councils at colleges") in got


def test_a_series_of_counts_after_the_number_of_a_body(gaz) -> None:  # type: ignore[no-untyped-def]
    text = YOUTH + "The number of Youth Councils rose steadily: 210 in 2012, 395 in 2014 and 460 - 2016."
    got = of_rule(gaz, text, "count-plural-name")
    assert got == {("youth-council", "count", "210", None, "2012"), ("youth-council", "count", "395", None, "2014")}


@pytest.mark.parametrize(
    "text",
    [
        # a plural that names no body of the document or the graph
        "There are 45 Regional Offices and 12 District Bureaus in the province.",
        # a plural of a place or a person is no body
        "Astana was visited twice. There are 3 Astanas on the old maps.",
        # a year is no count
        YOUTH + "Some 2019 Youth Councils reports were published.",
        # "the number of" with a plural that names no body: its series is no count
        YOUTH + "The number of volunteers rose: 120 in 2015 and 300 in 2017.",
    ],
)
def test_no_count_of_an_unnamed_plural(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not of_rule(gaz, text, "count-plural-name")


def test_a_document_based_on_documents(gaz) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Doctrine of National Unity is based on the provisions of the Constitution and the Law on the "
        "Assembly of People of Kazakhstan."
    )
    assert of_rule(gaz, text, "based-on") == {
        ("doctrine-national-unity-2010", "basedOn", "constitution-1995", None, None),
        ("doctrine-national-unity-2010", "basedOn", "apk-law-2008", None, None),
    }


def test_the_doctrine_refers_back_to_the_document_named_before(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "The Doctrine of National Unity was discussed for a year. The Doctrine is based on the Constitution."
    assert of_rule(gaz, text, "based-on") == {
        ("doctrine-national-unity-2010", "basedOn", "constitution-1995", None, None)
    }


@pytest.mark.parametrize(
    "text",
    [
        # the list ends at a phrase that is no document name
        "The Doctrine of National Unity is based on shared values and the Constitution.",
        # the subject is no document
        "The Doctrine of National Unity says the Assembly of People of Kazakhstan is based on the Constitution.",
        # "The Charter" refers back to nothing named
        "The Charter is based on the Constitution.",
    ],
)
def test_no_based_on_without_two_documents(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not of_rule(gaz, text, "based-on")
