"""Dated-fact rules of round 3, each with constructed sentences (never gold sentences): what the rule finds
and what it must not find."""

from __future__ import annotations

import pytest

from kzgraph.ingest.dates import find as find_dates
from tests.ingest.extracted import Fact, rules, statements


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # The date whose year is the event's, although another date is nearer to the trigger.
        (
            "In 1997, the government moved the capital to Astana (renamed on 2019.3.20).",
            ("capital-relocation-1997", "date", "1997"),
        ),
        # Coordinated conjuncts, each with its own bracketed date, share one trigger.
        (
            "Kazakhstan became a member of the CIS (1991.12.21) and of the United Nations (1992.3).",
            ("un-accession-1992", "date", "1992-03"),
        ),
        (
            "Kazakhstan became a member of the CIS (1991.12.21) and of the United Nations (1992.3).",
            ("cis-accession-1991", "date", "1991-12-21"),
        ),
        (
            "The elections to the lower house (2004.9) and to the upper house (2005.8) were held on time.",
            ("senate-election-2005", "date", "2005-08"),
        ),
        # A reduced relative: "<document> adopted by <body> on <date>".
        (
            (
                "Powers passed to the President under the Law «On temporary delegation of additional powers to the "
                "President of the Republic of Kazakhstan and heads of local administrations» adopted by the Supreme "
                "Council on December 10, 1993."
            ),
            ("law-1993-delegation-of-powers", "adoptionDate", "1993-12-10"),
        ),
        # The occasion a document was adopted at is not a competitor: its date is the adoption's.
        (
            "The APK Strategy was adopted at the IX session of the Assembly of People of Kazakhstan in 2000.",
            ("apk-strategy", "adoptionDate", "2000"),
        ),
        # The agent of an active verb between a fronted date and the verb is not a competitor.
        (
            (
                "On June 28, 2006, the government of the Republic of Kazakhstan approved the Program for improving "
                "Kazakhstan's model of interethnic and interfaith harmony for 2006-2008."
            ),
            ("programme-2006-2008", "adoptionDate", "2006-06-28"),
        ),
        # A date opening the sentence frames it, however far the trigger is.
        (
            (
                "In May 2010, after a long public debate in every region of the country and many meetings of experts "
                "and officials, came the adoption of the Doctrine of National Unity."
            ),
            ("doctrine-national-unity-2010", "adoptionDate", "2010-05"),
        ),
        # A document named with its date.
        (
            "The Doctrine of National Unity (2010.5) sets out its principles.",
            ("doctrine-national-unity-2010", "adoptionDate", "2010-05"),
        ),
        (
            "President Nazarbayev's New Year's address to the nation on January 17th, 2014 set new goals.",
            ("new-year-address-2014", "adoptionDate", "2014-01-17"),
        ),
        # A dissolution dates the dissolved body, from a point or from the start of the span it lasted.
        (
            "After the dissolution of the Supreme Council of Kazakhstan in March 1995, the President ruled by decree.",
            ("supreme-council", "dissolutionDate", "1995-03"),
        ),
        (
            "After the dissolution of the Supreme Council of Kazakhstan from March 1995 to January 1996, the President ruled.",
            ("supreme-council", "dissolutionDate", "1995-03"),
        ),
        # Surveys are anchored too; "studies" meets the label's "study".
        (
            "Sociological studies were carried out by the center for topical studies «Alternative» in August 2008.",
            ("survey-alternative-2008", "date", "2008-08"),
        ),
    ],
)
def test_finds(gaz, text: str, fact: Fact) -> None:  # type: ignore[no-untyped-def]
    assert fact in statements(gaz, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # A conjunct without its own date is not dated by its neighbour's.
        (
            "Kazakhstan became a member of the CIS (1991.12.21) and later of the United Nations.",
            ("un-accession-1992", "date"),
        ),
        # A conjunct whose date is not the event's year.
        (
            "Kazakhstan became a member of the CIS (1991.12.21) and of the United Nations (1995.3).",
            ("un-accession-1992", "date"),
        ),
        # "until 2000" bounds a span: it dates no adoption.
        (
            (
                "The powers of the President were extended until 2000 and a new Constitution of the Republic of "
                "Kazakhstan was adopted."
            ),
            ("constitution-1995", "adoptionDate"),
        ),
        # Another document between the trigger and the date still competes.
        (
            "The APK Strategy was adopted long before the Doctrine of National Unity of 2010.",
            ("apk-strategy", "adoptionDate"),
        ),
        # Between a fronted date and an active verb, another document still competes.
        (
            "In 2006 the APK Strategy was revised and the government approved the Doctrine of National Unity.",
            ("doctrine-national-unity-2010", "adoptionDate"),
        ),
        # A fronted date without its comma, or followed by another date, frames nothing far away.
        (
            (
                "In May 2010 a long public debate in every region of the country and many meetings of experts and "
                "officials led to the adoption of the Doctrine of National Unity."
            ),
            ("doctrine-national-unity-2010", "adoptionDate"),
        ),
        (
            (
                "In May 2010, after a public debate that began in 2008, and after many long meetings of experts, "
                "officials, teachers and citizens in every region, came the adoption of the Doctrine of National Unity."
            ),
            ("doctrine-national-unity-2010", "adoptionDate"),
        ),
        # The day a cited page was read is not a document's date.
        ("The Doctrine of National Unity (16.04.2019) is online.", ("doctrine-national-unity-2010", "adoptionDate")),
        # A dissolved body is not the subject of the span that follows it.
        (
            "After the dissolution of the Supreme Council of Kazakhstan from March 1995 to January 1996, the President ruled.",
            ("supreme-council", "startDate"),
        ),
    ],
)
def test_does_not_find(gaz, text: str, absent: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert not {f for f in statements(gaz, text) if f[:2] == absent}


def test_rules_are_named(gaz) -> None:  # type: ignore[no-untyped-def]
    found = rules(gaz, "The Doctrine of National Unity (2010.5) sets out its principles.")
    assert found[("doctrine-national-unity-2010", "adoptionDate", "2010-05")] == "document-date"
    found = rules(
        gaz, "After the dissolution of the Supreme Council of Kazakhstan in March 1995, the President ruled by decree."
    )
    assert found[("supreme-council", "dissolutionDate", "1995-03")] == "dissolution-noun"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("powers extended until 2000", "bound"),
        ("till 1995 nobody knew", "bound"),
        ("программа до 2030 года", "bound"),
        ("the plan up to the end of 2025", "bound"),
        ("adopted in 2000", "point"),
        ("с 1995 до 2000 года", "start"),
    ],
)
def test_bound_dates(text: str, role: str) -> None:
    assert find_dates(text)[0].role == role
