"""The rule-family registry: each family runs alone on a constructed sentence, and the driver keeps the
registry's order, languages and pre-filters."""

from __future__ import annotations

import pytest

from kzgraph.ingest.extract import extract_sentence
from kzgraph.ingest.rules import FAMILIES, Family
from kzgraph.ingest.sentences import segment


def _only(gaz, text: str, name: str, language: str = "en") -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    from kzgraph.ingest.analyse import recognise

    tm, sentences = segment(text)
    per = recognise(gaz, tm, sentences)
    family = [f for f in FAMILIES if f.name == name]
    out: set[tuple[str, str, str]] = set()
    for s, ms in zip(sentences, per, strict=True):
        for st in extract_sentence(gaz, s.text, s.start, ms, language=language, families=family):
            out.add((st.subject, st.predicate, st.value or st.object or ""))
    return out


def test_names_are_unique() -> None:
    names = [f.name for f in FAMILIES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("name", "text", "fact"),
    [
        (
            "dated-trigger",
            "The Assembly of People of Kazakhstan was established in 1995.",
            ("apk", "foundingDate", "1995"),
        ),
        ("count-noun", "Ассамблея народа Казахстана объединяет 65 членов.", ("apk", "memberCount", "65")),
    ],
)
def test_a_family_runs_alone(gaz, name: str, text: str, fact: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    language = "ru" if "а" in text else "en"
    assert fact in _only(gaz, text, name, language)
    others = [f.name for f in FAMILIES if f.name != name]
    assert all(fact not in _only(gaz, text, other, language) for other in others)


def test_a_family_outside_its_languages_does_not_run(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "The Assembly of People of Kazakhstan was established in 1995."
    base = next(f for f in FAMILIES if f.name == "dated-trigger")
    russian_only = Family(base.name, base.run, frozenset({"ru"}), base.needs_dates, base.keys)
    tm, sentences = segment(text)
    from kzgraph.ingest.analyse import recognise

    ms = recognise(gaz, tm, sentences)[0]
    assert extract_sentence(gaz, sentences[0].text, 0, ms, language="en", families=[russian_only]) == []
    assert extract_sentence(gaz, sentences[0].text, 0, ms, language="ru", families=[russian_only])
