"""The parse-based and new-entity rules (issue 11), on constructed sentences (none taken from the dev corpus
or the papers): counts with qualifiers and as-of dates, elections that are no member count, dates of an
unknown body that must not go to the known body it sits under, sessions named in words, Roman numerals in
Latin or Cyrillic letters, and a session the graph lacks created as an entity."""

from __future__ import annotations

import pytest

from kzgraph.ingest.analyse import analyse

Found = set[tuple[str, str, str, str | None, str | None]]


def found(gaz, text: str, language: str = "en") -> Found:  # type: ignore[no-untyped-def]
    a = analyse(text, gaz, language=language, with_candidates=False, with_tables=False)
    return {(st.subject, st.predicate, st.value or st.object or "", st.qualifier, st.item) for st, _ in a.statements}


def triples(gaz, text: str, language: str = "en") -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {f[:3] for f in found(gaz, text, language)}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # a count of things that are no entity of their own, for the clause subject, qualifier kept
        (
            "By then the Assembly of People of Kazakhstan had nearly 900 regional branches.",
            ("apk", "count", "900", "about", "regional branches"),
        ),
        (
            "The Assembly of People of Kazakhstan now brings together more than 2,500 volunteer groups.",
            ("apk", "countAtLeast", "2500", "over", "volunteer groups (brings)"),
        ),
        # "the assembly" refers back to the Assembly named before; the participle shares its subject
        (
            (
                "The Assembly of People of Kazakhstan met in spring. The assembly grew quickly, gathering over 700 "
                "youth clubs."
            ),
            ("apk", "countAtLeast", "700", "over", "youth clubs (gathering)"),
        ),
        # number words and a multiplier
        ("The Mazhilis consists of seventy deputies.", ("mazhilis", "memberCount", "70", None, None)),
        (
            "The Assembly of People of Kazakhstan has about 12 thousand volunteers.",
            ("apk", "memberCount", "12000", "about", None),
        ),
    ],
)
def test_counts(gaz, text: str, fact: tuple[str, str, str, str | None, str | None]) -> None:  # type: ignore[no-untyped-def]
    assert fact in found(gaz, text)


def test_count_as_of_a_date(gaz) -> None:  # type: ignore[no-untyped-def]
    a = analyse("The Assembly of People of Kazakhstan had 640 study groups in 2011.", gaz, language="en")
    (st,) = [st for st, _ in a.statements if st.predicate == "count"]
    assert (st.subject, st.value, st.as_of, st.item) == ("apk", "640", "2011", "study groups")


@pytest.mark.parametrize(
    ("text", "want", "never"),
    [
        (
            "Each year the Assembly of People of Kazakhstan elects 7 deputies of the Mazhilis.",
            {("apk", "deputiesElected", "7"), ("apk", "electsDeputiesTo", "mazhilis")},
            {("mazhilis", "memberCount", "7"), ("apk", "memberCount", "7")},
        ),
        (
            "Eleven deputies are chosen by the Assembly of People of Kazakhstan.",
            {("apk", "deputiesElected", "11")},
            {("apk", "memberCount", "11")},
        ),
        # taking part is no membership; the years are no counts
        (
            "In 2013, 420 members of the Assembly of People of Kazakhstan took part in the vote.",
            set(),
            {("apk", "memberCount", "420"), ("apk", "count", "2013")},
        ),
        # a change is no count
        ("Квота Ассамблеи народа Казахстана сокращена с 12 до 7 депутатов.", set(), {("apk", "memberCount", "7")}),
    ],
)
def test_elections_and_non_counts(gaz, text: str, want: set, never: set) -> None:  # type: ignore[no-untyped-def,type-arg]
    language = "ru" if "Квота" in text else "en"
    got = triples(gaz, text, language)
    assert want <= got
    assert not never & got


@pytest.mark.parametrize(
    ("text", "language", "new", "never"),
    [
        (
            "The Board of Elders was formed in 2004 under the Assembly of People of Kazakhstan.",
            "en",
            ("board-of-elders", "foundingDate", "2004"),
            ("apk", "foundingDate", "2004"),
        ),
        (
            "Молодёжный совет при Ассамблее народа Казахстана создан 3 мая 2016 года.",
            "ru",
            ("molodezhnyi-sovet", "foundingDate", "2016-05-03"),
            ("apk", "foundingDate", "2016-05-03"),
        ),
    ],
)
def test_the_date_of_an_unknown_body_is_proposed_not_given_to_its_host(gaz, text, language, new, never) -> None:  # type: ignore[no-untyped-def]
    a = analyse(text, gaz, language=language, with_candidates=False, with_tables=False)
    got = {(st.subject, st.predicate, st.value or ""): st for st, _ in a.statements}
    assert never not in got
    assert new in got
    proposal = got[new].new_subject
    assert proposal is not None and proposal.cls == "ConsultativeBody"


def test_a_known_body_still_gets_its_date(gaz) -> None:  # type: ignore[no-untyped-def]
    assert ("apk", "foundingDate", "1995") in triples(gaz, "The Assembly of People of Kazakhstan was set up in 1995.")


def test_a_genitive_dependent_is_no_subject_in_russian(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "Программа поддержки Ассамблеи народа Казахстана на 2031-2033 годы утверждена."
    assert not {("apk", "startDate", "2031"), ("apk", "endDate", "2033")} & triples(gaz, text, "ru")


@pytest.mark.parametrize(
    ("text", "language", "session"),
    [
        ("The thirty-second session of the Assembly of People of Kazakhstan opened in Astana.", "en", 32),
        ("Открылась ХХХІІ сессия Ассамблеи народа Казахстана.", "ru", 32),  # Cyrillic Х and І
        ("Қазақстан халқы Ассамблеясының XXXVI сессиясы басталды.", "kk", 36),
    ],
)
def test_sessions_by_words_and_roman_numerals(gaz, text: str, language: str, session: int) -> None:  # type: ignore[no-untyped-def]
    a = analyse(text, gaz, language=language)
    assert f"apk-session-{session}" in {m.entity for _i, m, _s in a.mentions}
    assert f"apk-session-{session}" in a.sessions  # written as an entity directly, not a candidate


def test_a_session_name_as_written_becomes_a_label(gaz) -> None:  # type: ignore[no-untyped-def]
    a = analyse("The 40th session of the Assembly of People of Kazakhstan was held in 2031.", gaz, language="en")
    assert ("apk-session-40", "40th session of the Assembly of People of Kazakhstan") in {
        (e, lbl) for e, lbl, *_ in a.labels
    }


@pytest.mark.parametrize(
    ("text", "language", "fact"),
    [
        (
            (
                "The 41st session of the Assembly of People of Kazakhstan was held under the theme Peace, Work, "
                "Hope, and closed in the evening."
            ),
            "en",
            ("apk-session-41", "theme", "Peace, Work, Hope"),
        ),
        (
            "The Assembly of People of Kazakhstan gathered again. The 42nd session took place in Almaty.",
            "en",
            ("apk-session-42", "heldIn", "almaty"),
        ),
        (
            "Открылась XLII сессия Ассамблеи народа Казахстана. Повестка сессии – «Мир и труд».",
            "ru",
            ("apk-session-42", "theme", "Мир и труд"),
        ),
        (
            "Ассамблея народа Казахстана провела XLIII сессию. В сессии приняли участие более 900 человек.",
            "ru",
            ("apk-session-43", "participantCount", "900"),
        ),
    ],
)
def test_session_facts(gaz, text: str, language: str, fact: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert fact in triples(gaz, text, language)


def test_derived_session_names() -> None:
    from kzgraph.ingest.sessions import session_names

    names = {n for n, _ in session_names("apk-session-33")}
    assert {"33rd session of the APK", "XXXIII session of the APK"} <= names
    assert "21st session of the APK" in {n for n, _ in session_names("apk-session-21")}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "Some 2,000 youth clubs and 300 choirs work under the auspices of the Assembly of People of Kazakhstan.",
            ("apk", "count", "300", None, "choirs"),
        ),
        (
            "Members of 90 religious communities live in Kazakhstan.",
            ("kazakhstan", "count", "90", None, "religious communities"),
        ),
    ],
)
def test_counts_of_what_lives_or_works_somewhere(gaz, text, fact) -> None:  # type: ignore[no-untyped-def]
    assert fact in found(gaz, text)


def test_persons_named_in_an_act_are_no_count(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "The Assembly of People of Kazakhstan nominated its twelve members for the award."
    assert not [f for f in found(gaz, text) if f[2] == "12"]


def test_no_count_from_a_web_address(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "See https://example.kz/the-assembly-of-people-of-kazakhstan-unites-800-clubs for the Assembly of People of Kazakhstan."
    assert not [f for f in found(gaz, text) if f[2] == "800"]


@pytest.mark.parametrize(
    ("text", "language", "person", "title"),
    [
        (
            "The forum was opened by Deputy Minister of Culture Aliya Serikbayeva, who spoke first.",
            "en",
            "aliya-serikbayeva",
            "Deputy Minister of Culture",
        ),
        (
            "На встрече выступил заместитель акима области Ерлан Жумабеков.",
            "ru",
            "erlan-zhumabekov",
            "заместитель акима области",
        ),
    ],
)
def test_a_title_before_a_name(gaz, text, language, person, title) -> None:  # type: ignore[no-untyped-def]
    a = analyse(text, gaz, language=language, with_candidates=False, with_tables=False)
    got = {(st.subject, st.predicate, st.value): st for st, _ in a.statements}
    st = got[(person, "schema:jobTitle", title)]
    assert st.new_subject is not None and st.new_subject.cls == "Person"


def test_no_title_without_a_name(gaz) -> None:  # type: ignore[no-untyped-def]
    a = analyse(
        "The Head of State visited Almaty and the Minister of Culture met Astana officials.", gaz, language="en"
    )
    assert not [st for st, _ in a.statements if st.predicate == "schema:jobTitle"]


def test_legal_acts_cited_with_date_and_number(gaz) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Указ Президента Республики Казахстан от 3 марта 2031 года № 512 «О внесении изменений в Указ Президента "
        "Республики Казахстан от 5 мая 2029 года № 77»."
    )
    got = triples(gaz, text, "ru")
    assert {("ukaz-512", "adoptionDate", "2031-03-03"), ("ukaz-77", "adoptionDate", "2029-05-05")} <= got
    assert ("ukaz-512", "amends", "ukaz-77") in got
    en = triples(gaz, "It follows the Law of the Republic of Kazakhstan No. 301-V dated 14.02.2030 on media.", "en")
    assert ("law-no-301-v", "adoptionDate", "2030-02-14") in en


def test_a_date_and_a_number_alone_are_no_act(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "The law was discussed on 3 March 2031 by 512 deputies, and a decree followed later."
    assert not [t for t in triples(gaz, text) if t[0].startswith(("law-", "decree-"))]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Сегодня в Казахстане проживают представители 130 народов и более 20 диаспор.", None),
        ("При Ассамблее народа Казахстана действуют более 30 кафедр.", ("apk", "countAtLeast", "30", "over", "кафедр")),
        ("Около 40 клубов работают при Ассамблее народа Казахстана.", ("apk", "count", "40", "about", "клубов")),
        ("В 2020 году в Казахстане работают 2021 школы.", None),  # a year is no count
    ],
)
def test_russian_counts_where_things_are(gaz, text, fact) -> None:  # type: ignore[no-untyped-def]
    got = {f for f in found(gaz, text, "ru") if f[1] in ("count", "countAtLeast")}
    assert (fact in got) if fact else not got
