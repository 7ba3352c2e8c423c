"""Reference across sentences (ingest/reference.py): a pronoun or a definite description opening a sentence
stands for the one body the previous sentence named as its subject — never across a paragraph, never when
the previous sentence names two bodies, never for a pronoun or noun that does not fit. Constructed sentences."""

from __future__ import annotations

from kzgraph.ingest.analyse import analyse


def facts(gaz, text: str, language: str) -> set[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    a = analyse(text, gaz, language=language, with_candidates=False, with_tables=False)
    return {(st.subject, st.predicate, st.value) for st, _ in a.statements}


def test_pronoun_takes_the_previous_subject(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "The Assembly of People of Kazakhstan met in the capital. It includes 412 members from every region."
    assert ("apk", "memberCount", "412") in facts(gaz, text, "en")


def test_definite_description_by_head_noun(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "The Assembly of People of Kazakhstan met in the capital. The assembly includes 412 members."
    assert ("apk", "memberCount", "412") in facts(gaz, text, "en")


def test_plural_pronoun_takes_a_network_only(gaz) -> None:  # type: ignore[no-untyped-def]
    network = "The Houses of Friendship work in every region. They include 35 members each year."
    assert ("houses-of-friendship", "memberCount", "35") in facts(gaz, network, "en")
    single = "The Assembly of People of Kazakhstan met in the capital. They include 412 members."
    assert not any(v == "412" for _, _, v in facts(gaz, single, "en"))


def test_no_reference_across_a_paragraph(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "The Assembly of People of Kazakhstan met in the capital.\n\nIt includes 412 members from every region."
    assert not any(v == "412" for _, _, v in facts(gaz, text, "en"))


def test_no_reference_when_two_bodies_precede(gaz) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Assembly of People of Kazakhstan and the Houses of Friendship met in the capital. "
        "It includes 412 members from every region."
    )
    assert not any(v == "412" for _, _, v in facts(gaz, text, "en"))


def test_no_reference_to_an_object(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "A new study was published by the Assembly of People of Kazakhstan. It includes 412 members."
    assert not any(v == "412" for _, _, v in facts(gaz, text, "en"))


def test_dummy_it_is_no_reference(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "The Assembly of People of Kazakhstan met in the capital. It was agreed to found a museum in 2031."
    assert not any(s == "apk" and v == "2031" for s, _, v in facts(gaz, text, "en"))


def test_russian_pronoun_agrees_in_gender(gaz) -> None:  # type: ignore[no-untyped-def]
    she = "Ассамблея народа Казахстана провела заседание в столице. Она насчитывает 412 членов."
    assert ("apk", "memberCount", "412") in facts(gaz, she, "ru")
    he = "Ассамблея народа Казахстана провела заседание в столице. Он насчитывает 412 членов."
    assert not any(v == "412" for _, _, v in facts(gaz, he, "ru"))


def test_russian_building_of_a_new_body(gaz) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Республиканский «Дом согласия» был создан 5 мая 2001 года. "
        "В здании располагается 12 творческих мастерских и две библиотеки."
    )
    found = facts(gaz, text, "ru")
    new = {s for s, p, _ in found if p == "foundingDate"}
    assert len(new) == 1
    assert (new.pop(), "count", "12") in found


def test_building_needs_a_building(gaz) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Республиканский «Совет согласия» был создан 5 мая 2001 года. "
        "В здании располагается 12 творческих мастерских и две библиотеки."
    )
    assert not any(v == "12" for _, _, v in facts(gaz, text, "ru"))
