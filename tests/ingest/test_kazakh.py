"""Kazakh (and the shared multilingual parts): dates, numbers with мың/млн, number words, ordinals, session
ordinals, and known entities in Kazakh text. Constructed sentences."""

from __future__ import annotations

import pytest

from kzgraph.ingest import dates, numbers
from kzgraph.ingest.analyse import analyse
from kzgraph.ingest.gazetteer import Gazetteer
from kzgraph.ingest.sessions import session_mentions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Кеңес 2016 жылғы 12 сәуірде құрылды.", [("2016-04-12", "date")]),
        ("Заң 2008 жылы қабылданды.", [("2008", "gYear")]),
        ("Жиын 2016 жылғы сәуірде өтті.", [("2016-04", "gYearMonth")]),
        ("Жиын 2016 жылдың сәуір айында өтті.", [("2016-04", "gYearMonth")]),
        ("Құжат 12 сәуір 2016 жыл күні бекітілді.", [("2016-04-12", "date")]),
        ("Есеп: қараша 2016.", [("2016-11", "gYearMonth")]),
        ("Өсім (5 млн – 2016 ж.) болды.", [("2016", "gYear")]),
        ("2016 жылдан бергі өсім.", [("2016", "gYear")]),
        ("Бұл жылы 12 адам келді.", []),  # no year
    ],
)
def test_kazakh_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(d.value, d.precision) for d in dates.find(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Оған 312 мың адам қатысты.", [("312000", "312", "thousand")]),
        ("Саны 1,5 млн адамды құрады.", [("1500000", "1.5", "million")]),
        ("Үлесі 12,5%-ға жетті.", [("12.5", "12.5", "")]),
        ("Тағы 40 пайыз.", [("40", "40", "")]),
        ("Олардың 7-і келді.", [("7", "7", "")]),
        ("Бюджет 3 млрд теңге.", [("3000000000", "3", "billion")]),
    ],
)
def test_kazakh_numbers(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(n.value, n.stated, n.unit) for n in numbers.find(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Сессия екі күнге созылады.", ["2"]),
        ("Комиссия тоғыз адамнан тұрады, оның үшеуі жаңа.", ["9"]),  # "үшеуі" is a collective form: not matched
        ("Топта жиырма бес мүше бар.", ["25"]),
        ("В группу вошли трех экспертов и девяти депутатов.", ["3", "9"]),
        ("Six of them, twenty-five in all.", ["6", "25"]),
        ("Он сказал, что бір адам келеді.", []),  # "он" (he), "бір" (a): not numbers alone
        ("Он екі адам.", ["12"]),
    ],
)
def test_number_words(text: str, expected: list[str]) -> None:
    assert [n.value for n in numbers.find_words(text)] == expected
    assert [n.value for n in numbers.find(text, words=True)] == expected


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("XXXIV", 34),
        ("ХХХІV", 34),  # Cyrillic Х and І, Latin V
        ("ХІХ", 19),
        ("34-ші", 34),
        ("34-я", 34),
        ("14th", 14),
        ("жиырма төртінші", 24),
        ("бірінші", 1),
        ("оныншы", 10),
        ("IIV", None),
        ("екі", None),  # cardinal, not ordinal
    ],
)
def test_ordinals(token: str, value: int | None) -> None:
    assert numbers.ordinal(token) == value


@pytest.mark.parametrize(
    ("text", "session"),
    [
        ("Қазақстан халқы Ассамблеясының ХХVІ сессиясы Астанада өтті.", "apk-session-26"),
        ("ҚХА-ның 26-сессиясы ашылды.", "apk-session-26"),
        ("ҚХА-ның 26-шы сессиясында сөз сөйледі.", "apk-session-26"),
        ("Ассамблеяның жиырма алтыншы сессиясы.", "apk-session-26"),
        ("ХХVІ сессия Ассамблеи народа Казахстана прошла в Астане.", "apk-session-26"),
    ],
)
def test_kazakh_session_ordinals(text: str, session: str) -> None:
    assert [m.entity for m in session_mentions(text, [])] == [session]


def test_session_needs_the_assembly() -> None:
    assert session_mentions("Парламенттің ХХVІ сессиясы өтті.", []) == []


def test_kazakh_known_entities_and_a_founding_date(gaz: Gazetteer) -> None:
    text = "Қазақстан халқы Ассамблеясы 1995 жылғы 1 наурызда құрылды. Алматыда ҚХА-ның 26-сессиясы өтті."
    a = analyse(text, gaz, language="kk")
    assert {m.entity for _, m, _ in a.mentions} >= {"apk", "almaty", "apk-session-26"}
    assert ("apk", "foundingDate", "1995-03-01") in {(s.subject, s.predicate, s.value) for s, _ in a.statements}
