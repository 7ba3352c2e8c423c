"""Russian and Kazakh texts linked to entities the graph knows in English only (crosslingual.py), and the
page artefacts and Russian constructions that come with them: words run together by an HTML extraction,
coordinated counts, appositions and quoted names after a noun, a reference to a known body. Constructed
sentences, each with what must be read and what must be left alone."""

from __future__ import annotations

from kzgraph.ingest.analyse import analyse
from kzgraph.ingest.crosslingual import Linker, nominative
from kzgraph.ingest.gazetteer import Gazetteer
from kzgraph.ingest.textmap import clean


def _facts(gaz: Gazetteer, text: str, language: str = "ru") -> set[tuple[str, str, str]]:
    a = analyse(text, gaz, language=language, with_tables=False)
    return {(st.subject, st.predicate, st.value or st.object or "") for st, _ in a.statements}


def _labels(gaz: Gazetteer, text: str, language: str = "ru") -> set[tuple[str, str, str]]:
    a = analyse(text, gaz, language=language, with_tables=False)
    return {(lp.entity, lp.label, lp.language) for _, lp, _ in a.label_proposals if lp.rule == "label-translated"}


def test_glued_words_are_parted_for_recognisers_and_map_back() -> None:
    raw = "Выступил заместитель председателя Ассамблеи народа КазахстанаЗКО Иван Петров."
    tm = clean(raw)
    assert "Казахстана ЗКО Иван" in tm.text
    at = tm.text.index("ЗКО")
    assert raw[slice(*tm.to_raw(at, at + 3))] == "ЗКО"
    whole = tm.to_raw(0, len(tm.text))
    assert raw[slice(*whole)] == raw
    # name styling with a short lower-case run stays whole
    assert clean("студенты КазНУ и McDonald").text == "студенты КазНУ и McDonald"


def test_glued_title_before_a_name(gaz: Gazetteer) -> None:
    text = "На встрече выступил заместитель председателя Ассамблеи народа КазахстанаЗКО Иван Петров."
    assert ("ivan-petrov", "schema:jobTitle", "заместитель председателя Ассамблеи народа Казахстана ЗКО") in _facts(
        gaz, text
    )


def test_russian_name_of_a_known_body_takes_its_date_and_is_proposed(gaz: Gazetteer) -> None:
    text = "Научно-экспертный совет при Ассамблее народа Казахстана был создан 5 мая 2011 года."
    facts = _facts(gaz, text)
    assert ("scientific-expert-council", "foundingDate", "2011-05-05") in facts
    assert ("scientific-expert-council", "underAuspicesOf", "apk") in facts
    assert not any(s == "apk" and p == "foundingDate" for s, p, _ in facts)
    assert ("scientific-expert-council", "Научно-экспертный совет", "ru") in _labels(gaz, text)


def test_an_inflected_name_is_proposed_in_the_nominative(gaz: Gazetteer) -> None:
    text = "Заседание Научно-экспертного совета при Ассамблее народа Казахстана прошло в Астане."
    assert _labels(gaz, text) == {("scientific-expert-council", "Научно-экспертный совет", "ru")}
    assert nominative("Совету матерей", 0, "ru", False) == "Совет матерей"
    assert nominative("«Дома дружбы»", 0, "ru", False) == "Дом дружбы"


def test_a_body_named_after_the_name_picks_the_entity(gaz: Gazetteer) -> None:
    text = "Республиканское предприятие «Дом дружбы» в Алматы было создано 3 марта 2005 года."
    assert ("house-of-friendship-almaty", "foundingDate", "2005-03-03") in _facts(gaz, text)


def test_a_name_with_words_outside_the_glossary_stays_a_candidate(gaz: Gazetteer) -> None:
    text = "Совет общественного согласия создан в 2012 году при Ассамблее народа Казахстана."
    a = analyse(text, gaz, language="ru", with_tables=False)
    assert not [m for _, m, _ in a.mentions if m.form == "translated"]
    assert any(c.label == "Совет общественного согласия" for _, c, _ in a.candidates)


def test_a_label_whose_body_the_document_never_names_is_no_reading(gaz: Gazetteer) -> None:
    # "Council of mothers under the Assembly …": without the Assembly anywhere, "Совет матерей" stays unknown
    linker = Linker(gaz, "ru")
    assert linker.links("Совет матерей провёл встречу.", [], []) == []


def test_kazakh_name_with_case_endings(gaz: Gazetteer) -> None:
    text = "Қазақстан халқы Ассамблеясы жанындағы Аналар кеңесінің отырысы өтті."
    assert _labels(gaz, text, "kk") == {("apk-council-of-mothers", "Аналар кеңесі", "kk")}


def test_coordinated_russian_counts(gaz: Gazetteer) -> None:
    facts = _facts(gaz, "При Ассамблее народа Казахстана действуют 12 кафедр и девять научных центров.")
    assert ("apk", "count", "12") in facts
    assert ("apk", "count", "9") in facts
    # a change of a figure is no count
    assert not any(p == "count" for _, p, _ in _facts(gaz, "Квота Ассамблеи сокращается с 9 до 5 депутатов."))


def test_a_quoted_name_after_a_noun_is_its_dependent(gaz: Gazetteer) -> None:
    text = "В период с 2008 по 2010 год на ремонт «Дома дружбы» в Алматы потратили 5 млн тенге."
    assert not any(p in ("startDate", "endDate") for _, p, _ in _facts(gaz, text))


def test_reference_to_the_known_body_the_previous_sentence_dated(gaz: Gazetteer) -> None:
    text = (
        "Напомним, что республиканское предприятие «Дом дружбы» в Алматы было создано в 2005 году. "
        "В здании работают 7 воскресных школ."
    )
    assert ("house-of-friendship-almaty", "count", "7") in _facts(gaz, text)


def _about(gaz: Gazetteer, text: str, language: str = "ru") -> set[tuple[str, str, str]]:
    """(subject label if proposed, else id; predicate; value) of every statement."""
    a = analyse(text, gaz, language=language, with_tables=False)
    return {
        (st.new_subject.label if st.new_subject else st.subject, st.predicate, st.value or st.object or "")
        for st, _ in a.statements
    }


def test_a_session_the_text_does_not_number_is_proposed_and_takes_what_is_said_of_it(gaz: Gazetteer) -> None:
    text = (
        "Открылась сессия Ассамблеи народа Казахстана под председательством Касым-Жомарта Токаева. "
        "Повестка сессии – «Мир и созидание»."
    )
    facts = _about(gaz, text)
    assert ("сессия Ассамблеи народа Казахстана", "chairedBy", "tokayev") in facts
    assert ("сессия Ассамблеи народа Казахстана", "theme", "Мир и созидание") in facts
    assert not any(s == "apk" and p == "chairedBy" for s, p, _ in facts)  # the session is chaired
    a = analyse(text, gaz, language="ru", with_tables=False)
    assert not a.sessions  # no numbered session is written


def test_a_numbered_session_chaired_and_no_unnumbered_one(gaz: Gazetteer) -> None:
    text = "XXX сессия АНК прошла под председательством Касым-Жомарта Токаева."
    facts = _about(gaz, text)
    assert ("apk-session-30", "chairedBy", "tokayev") in facts
    assert not any(s.startswith("сессия") for s, _, _ in facts)


def test_kazakh_session_without_its_number(gaz: Gazetteer) -> None:
    text = "Астанада ҚХА сессиясы басталды. Күн тәртібі – «Бірлік және келісім»."
    assert ("ҚХА сессиясы", "theme", "Бірлік және келісім") in _about(gaz, text, "kk")


def test_a_russian_name_aligned_with_a_known_person_is_that_person(gaz: Gazetteer) -> None:
    text = "Заседание Совета прошло под председательством Касым-Жомарта Токаева."
    a = analyse(text, gaz, language="ru", with_tables=False)
    assert [(m.entity, m.form) for _, m, _ in a.mentions if m.form == "aligned"] == [("tokayev", "aligned")]
    assert ("tokayev", "Касым-Жомарт Токаев", "ru") in {
        (lp.entity, lp.label, lp.language) for _, lp, _ in a.label_proposals
    }
    assert not [c for _, c, _ in a.candidates if "Токаев" in c.label]


def test_how_long_a_session_lasts(gaz: Gazetteer) -> None:
    ru = "XXXIV сессия АНК открылась в Астане. Сессия продлится два дня."
    assert ("apk-session-34", "durationDays", "2") in _about(gaz, ru)
    assert ("apk-session-34", "heldIn", "astana") in _about(gaz, ru)  # "в Астане": an aligned place name
    kk = "Қазақстан халқы Ассамблеясының XXX сессиясы басталды. Сессия екі күн жалғасады."
    assert ("apk-session-30", "durationDays", "2") in _about(gaz, kk, "kk")
    # days that are no duration
    assert not any(p == "durationDays" for _, p, _ in _about(gaz, "XXX сессия АНК прошла за два дня до праздника."))


def test_a_document_approved_by_a_numbered_decree(gaz: Gazetteer) -> None:
    text = (
        "Утвердить Программу развития языков, утвержденную постановлением Правительства Республики Казахстан "
        "от 3 марта 2016 года № 57."
    )
    facts = _about(gaz, text)
    assert ("Программа развития языков", "approvedBy", "postanovlenie-57") in facts
    assert ("Постановление № 57", "documentNumber", "57") in facts
    assert ("Постановление № 57", "adoptionDate", "2016-03-03") in facts


def test_part_of_a_longer_name_is_no_mention(gaz: Gazetteer) -> None:
    # "Роман" alone may align with the surname-first label "Kim Roman"; inside "Роман Петров" it is no mention
    a = analyse("Выступил директор центра Роман Петров.", gaz, language="ru", with_tables=False)
    assert not [m for _, m, _ in a.mentions if m.form == "aligned"]


def test_a_title_before_an_aligned_name_keeps_it_a_mention(gaz: Gazetteer) -> None:
    a = analyse("Президент Касым-Жомарт Токаев открыл форум.", gaz, language="ru", with_tables=False)
    assert [m.entity for _, m, _ in a.mentions if m.form == "aligned"] == ["tokayev"]


def test_kazakh_chaired_by_a_person_in_the_genitive(gaz: Gazetteer) -> None:
    text = "Мемлекет басшысы Қасым-Жомарт Тоқаевтың төрағалығымен Қазақстан халқы Ассамблеясының XXXIII сессиясы өтті."
    facts = _about(gaz, text, "kk")
    assert ("apk-session-33", "chairedBy", "tokayev") in facts
    assert not any(s == "apk" and p == "chairedBy" for s, p, _ in facts)  # the Assembly is the session's genitive
    assert ("ҚХА сессиясы", "chairedBy", "tokayev") in _about(
        gaz, "Қасым-Жомарт Тоқаевтың төрағалығымен ҚХА сессиясы өтті.", "kk"
    )
