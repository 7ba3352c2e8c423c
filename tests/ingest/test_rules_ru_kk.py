"""Russian and Kazakh rule families on constructed sentences: documents approved by a cited act, Kazakh deputy
chairs. Each rule has sentences it must read and sentences it must leave alone."""

from __future__ import annotations

import pytest

from kzgraph.ingest.analyse import analyse
from kzgraph.ingest.gazetteer import Gazetteer
from kzgraph.ingest.rules.approvals import nominative


def _labelled(gaz: Gazetteer, text: str, rule: str) -> set[tuple[str, str, str]]:
    """(label of the proposed subject, predicate, value) of the statements ``rule`` makes in ``text``."""
    a = analyse(text, gaz, with_candidates=False, with_tables=False)
    return {
        (st.new_subject.label if st.new_subject else st.subject, st.predicate, st.value or st.object or "")
        for st, _ in a.statements
        if st.rule == rule
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Программы развития языков", ("Программа развития языков", "Programme")),
        ("Государственной программы поддержки", ("Государственная программа поддержки", "Programme")),
        ("Правил проведения конкурса", ("Правила проведения конкурса", "Document")),
        ("Концепцию культурной политики", ("Концепция культурной политики", "PolicyDocument")),
        ("пункта 4 Положения", None),  # opens with a word that is no document
        ("Совета по делам молодежи", None),  # a body, not a document
        ("положения о премии", None),  # not a name: lower case
    ],
)
def test_nominative_name(name: str, expected: tuple[str, str] | None) -> None:
    assert nominative(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            (
                "Согласно пункту 3 Правил присуждения грантов, утвержденных приказом министра от 4 марта 2017 года № 56,"
                " заявки принимаются весь год."
            ),
            ("Правила присуждения грантов", "adoptionDate", "2017-03-04"),
        ),
        (
            (
                'Отменен Указ Президента Республики Казахстан от 12 мая 2014 года № 301 "Об утверждении Стратегии'
                ' поддержки малых языков".'
            ),
            ("Стратегия поддержки малых языков", "adoptionDate", "2014-05-12"),
        ),
        (
            (
                "Об утверждении Программы обучения волонтеров Постановление Правительства Республики Казахстан от"
                " 2 июня 2020 года № 77."
            ),
            ("Программа обучения волонтеров", "adoptionDate", "2020-06-02"),
        ),
    ],
)
def test_document_approved_by_an_act(gaz: Gazetteer, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _labelled(gaz, text, "approved-by-act-ru")


@pytest.mark.parametrize(
    "text",
    [
        # the act amends, it approves nothing
        'Указ Президента от 12 мая 2014 года № 301 "О внесении изменений в некоторые указы" опубликован.',
        # what is approved is a body's staff list, not a named document
        "Штатное расписание, утвержденное приказом от 4 марта 2017 года № 56, изменено.",
        # no number: not a cited act
        "Программа обучения волонтеров утверждена в июне 2020 года.",
    ],
)
def test_no_approved_document(gaz: Gazetteer, text: str) -> None:
    assert _labelled(gaz, text, "approved-by-act-ru") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Кеңес төрағасы Асқар Омаров жиынды ашты.", {("Асқар Омаров", "Кеңес төрағасы")}),
        (
            "Қауымдастық төрағасының бірінші орынбасары Ерлан Сейітов баяндама жасады.",
            {("Ерлан Сейітов", "Қауымдастық төрағасының бірінші орынбасары")},
        ),
        (
            # coordinated names share the post; the last one loses its accusative ending
            "Президент ҚХА хатшысы Әлия Қасымова мен Марат Жұмабаевты қабылдады.",
            {("Әлия Қасымова", "ҚХА хатшысы"), ("Марат Жұмабаев", "ҚХА хатшысы")},
        ),
        (
            # a participle between body and post is left out of the title
            "Одақ төрағасының жақында сайланған орынбасары Нұрлан Бекұлы сөз алды.",
            {("Нұрлан Бекұлы", "Одақ төрағасының орынбасары")},
        ),
    ],
)
def test_kazakh_job_titles(gaz: Gazetteer, text: str, expected: set[tuple[str, str]]) -> None:
    found = {(label, value) for label, predicate, value in _labelled(gaz, text, "job-title-kk")}
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "Асқар Омаров Кеңес төрағасы болып сайланды.",  # the post follows the name: no name after it
        "ҚХА төрағасы Астана қаласында сөз сөйледі.",  # a place, not a name, follows the post
        "Кеңес төрағасы Қазақстан Республикасының өкілі болды.",  # capitalised words of a place
    ],
)
def test_no_kazakh_job_title(gaz: Gazetteer, text: str) -> None:
    assert _labelled(gaz, text, "job-title-kk") == set()


def _venues(gaz: Gazetteer, text: str) -> set[tuple[str, str]]:
    a = analyse(text, gaz, with_candidates=False, with_tables=False)
    return {
        (st.subject, st.new_object.label if st.new_object else st.object or "")
        for st, _ in a.statements
        if st.rule == "session-venue"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ассамблеяның XV сессиясы Алматыдағы Бейбітшілік сарайында өтті.", {("apk-session-15", "Бейбітшілік сарайы")}),
        ("XX сессия Ассамблеи прошла во Дворце Мира и согласия.", {("apk-session-20", "Дворец Мира и согласия")}),
        ("XII сессия Ассамблеи состоялась в Центре «Туран» в Астане.", {("apk-session-12", "Центр «Туран»")}),
    ],
)
def test_session_venue(gaz: Gazetteer, text: str, expected: set[tuple[str, str]]) -> None:
    assert _venues(gaz, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "XX сессия Ассамблеи прошла в Астане.",  # a city, no building (the place family's business)
        "XX сессия Ассамблеи прошла в доме культуры.",  # no name: a common noun in lower case
        "Бейбітшілік сарайында көрме ашылды.",  # no session
        "XX сессия Ассамблеи посвящена Дворцу Мира.",  # not where it took place
    ],
)
def test_no_session_venue(gaz: Gazetteer, text: str) -> None:
    assert _venues(gaz, text) == set()


def _status(gaz: Gazetteer, text: str) -> set[tuple[str, str]]:
    a = analyse(text, gaz, with_candidates=False, with_tables=False)
    return {(st.subject, st.value or "") for st, _ in a.statements if st.rule == "body-status"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            # the participle clause (when it was made) is left out
            "Қазақстан халқы Ассамблеясы - 1995 жылы құрылған Президент жанындағы консультативтік-кеңесші орган.",
            {("apk", "Президент жанындағы консультативтік-кеңесші орган")},
        ),
        (
            "Ассамблея народа Казахстана – консультативно-совещательный орган при Президенте Республики Казахстан.",
            {("apk", "консультативно-совещательный орган при Президенте Республики Казахстан")},
        ),
    ],
)
def test_body_status(gaz: Gazetteer, text: str, expected: set[tuple[str, str]]) -> None:
    assert _status(gaz, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ассамблея народа Казахстана – это уникальный институт.",  # no head noun of a status
        "Ассамблея народа Казахстана – 30 лет единства.",  # a headline, no definition
        "Қазақстан халқы Ассамблеясы - біздің ортақ үйіміз.",  # a metaphor
        "Ассамблея народа Казахстана – орган.",  # a bare head says nothing
        "Сегодня Ассамблея народа Казахстана – консультативный орган.",  # the body does not open the sentence
    ],
)
def test_no_body_status(gaz: Gazetteer, text: str) -> None:
    assert _status(gaz, text) == set()
