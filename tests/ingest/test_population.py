"""Population figures in prose (English, Russian, Kazakh) → observations; the number of ethnic groups. Every
sentence here is constructed for the test."""

from __future__ import annotations

import pytest

from kzgraph.ingest.analyse import analyse
from kzgraph.ingest.gazetteer import Gazetteer

Obs = tuple[str, str, str, str, str]  # (area, group or "all", period, measure, value)


def observations(gaz: Gazetteer, text: str, language: str) -> set[Obs]:
    a = analyse(text, gaz, language=language, with_candidates=False)
    return {(o.area, o.group or "all", o.period, o.measure, o.value) for o in a.observations}


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            (
                "According to the 2009 census, the largest groups were Kazakhs (10.1 million people) and Uzbeks "
                "(457 thousand people)."
            ),
            {
                ("kazakhstan", "kazakhs", "2009", "populationCount", "10100000"),
                ("kazakhstan", "uzbeks", "2009", "populationCount", "457000"),
            },
        ),
        (
            "en",
            "The census of 2009 covered every region.\n\nAmong the smaller groups were Germans - 1.1%, Tatar - 1.3%.",
            {
                ("kazakhstan", "germans", "2009", "populationShare", "1.1"),
                ("kazakhstan", "tatars", "2009", "populationShare", "1.3"),
            },
        ),
        (
            "en",
            "In the census of 2009 the share of Russians was 23.7% (30.0% in 1999), the lowest so far.",
            {
                ("kazakhstan", "russians", "2009", "populationShare", "23.7"),
                ("kazakhstan", "russians", "1999", "populationShare", "30.0"),
            },
        ),
        (
            "en",
            "The census of 2009 put the population of Kazakhstan at 16.0 million people.",
            {("kazakhstan", "all", "2009", "populationCount", "16000000")},
        ),
        (
            "ru",
            "По итогам переписи 2009 года татары — 204 тыс. человек, уйгуры — 224 тыс. человек.",
            {
                ("kazakhstan", "tatars", "2009", "populationCount", "204000"),
                ("kazakhstan", "uyghurs", "2009", "populationCount", "224000"),
            },
        ),
        (
            "ru",
            "По состоянию на 1 января 2020 года доля узбеков выросла с 2,9% до 3,2%.",
            {("kazakhstan", "uzbeks", "2020", "populationShare", "3.2")},
        ),
        (
            "kk",
            "2009 жылғы санақ бойынша ұйғырлар саны 224 мың адамды құрады.",
            {("kazakhstan", "uyghurs", "2009", "populationCount", "224000")},
        ),
        (
            "kk",
            "2009 жылғы санақ нәтижесінде өзбектердің үлесі 2,8%-дан 3,2%-ға дейін өсті.",
            {("kazakhstan", "uzbeks", "2009", "populationShare", "3.2")},
        ),
    ],
)
def test_figures(gaz: Gazetteer, language: str, text: str, expected: set[Obs]) -> None:
    assert observations(gaz, text, language) == expected


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # a change, not a level
        ("en", "After the census of 2009 the number of Kazakhs in villages increased by 12%."),
        ("kk", "2009 жылғы санақтан кейін қазақтардың саны 12%-ға өсті."),
        # no year anywhere: a figure without its period is no observation
        ("en", "Kazakhs (10 million people) live in every region."),
        # a slot that holds no group
        ("en", "The Commission (12 members) met after the census of 2009; the budget - 30% - was cut."),
        # a lower bound is not a level
        ("en", "The census of 2009 found more than 10 million Kazakhs - over 60% of the population."),
    ],
)
def test_no_figures(gaz: Gazetteer, language: str, text: str) -> None:
    assert observations(gaz, text, language) == set()


def test_stated_figure_and_unit_kept(gaz: Gazetteer) -> None:
    text = "По итогам переписи 2009 года татары — 2,1 млн человек."
    (ob,) = analyse(text, gaz, language="ru").observations
    assert (ob.value, ob.stated, ob.unit, ob.rule) == ("2100000", "2.1", "million", "population-list")
    assert text[ob.row_start : ob.row_end] == text


def test_as_of_date_and_period_quote(gaz: Gazetteer) -> None:
    text = "Kazakhs: about 70%.\n\nThe next paragraph.\n\nAs of 1 January 2020, Uzbeks - 3.2%."
    a = analyse(text, gaz, language="en")
    (ob,) = a.observations
    assert (ob.group, ob.period, ob.ref_date) == ("uzbeks", "2020", "2020-01-01")
    assert text[ob.period_start : ob.period_end] == "1 January 2020"


def test_document_census_year_is_the_most_frequent(gaz: Gazetteer) -> None:
    text = (
        "The census of 2009 was the second after independence. It repeated the census of 1999 in form.\n\n"
        "The census of 2009 was held in February.\n\nGermans - 1.1%."
    )
    (ob,) = analyse(text, gaz, language="en").observations
    assert ob.period == "2009" and ob.confidence == pytest.approx(0.6)
    assert text[ob.period_start : ob.period_end] == "census of 2009"


def test_unknown_group_becomes_a_candidate(gaz: Gazetteer) -> None:
    text = "По итогам переписи 2009 года немцы — 178 тыс. человек, татары — 204 тыс. человек."
    a = analyse(text, gaz, language="ru")
    assert {o.group for o in a.observations} == {"tatars"}
    cands = [(c.label, c.how) for _, c, _ in a.candidates if c.how == "ethnic-group"]
    assert cands == [("немцы", "ethnic-group")]


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("en", "The census of 2009 recorded 125 ethnic groups in Kazakhstan.", "125"),
        ("ru", "По данным переписи 2009 года, в стране живут представители 125 этносов.", "125"),
        ("kk", "2009 жылғы санақ бойынша елдегі этностар саны 125-ті құрады.", "125"),
    ],
)
def test_number_of_ethnic_groups(gaz: Gazetteer, language: str, text: str, value: str) -> None:
    (gc,) = analyse(text, gaz, language=language).group_counts
    assert (gc.area, gc.value, gc.period) == ("kazakhstan", value, "2009")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a qualifier is kept
        ("The census of 2009 recorded more than 130 ethnic groups in Kazakhstan.", ("130", "2009", "over")),
        # no year, but the place is named: the count as the text gives it
        ("Today about 130 ethnic groups live in Kazakhstan.", ("130", "", "about")),
    ],
)
def test_qualified_number_of_ethnic_groups(gaz: Gazetteer, text: str, expected: tuple[str, str, str]) -> None:
    (gc,) = analyse(text, gaz, language="en").group_counts
    assert (gc.value, gc.period, gc.qualifier) == expected


@pytest.mark.parametrize(
    "text",
    [
        "About 130 ethnic groups live here in peace.",  # neither a year nor a place
        "The school teaches 12 ethnic languages since the census of 2009.",  # languages, not groups
    ],
)
def test_no_number_of_ethnic_groups(gaz: Gazetteer, text: str) -> None:
    assert analyse(text, gaz, language="en").group_counts == []
