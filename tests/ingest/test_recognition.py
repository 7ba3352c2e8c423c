"""Gazetteer, rules, candidates, tables."""

from __future__ import annotations

import pytest

from kzgraph.ingest import candidates, tabular
from tests.ingest.extracted import statements


def ents(gaz, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(m.surface, m.entity) for m in gaz.find(text)]


@pytest.mark.parametrize(
    ("text", "surface", "entity"),
    [
        ("Ассамблеи народа Казахстана", "Ассамблеи народа Казахстана", "apk"),
        ("с Ассамблеей народа Казахстана", "Ассамблеей народа Казахстана", "apk"),
        ("инициативе Нурсултана Назарбаева", "Нурсултана Назарбаева", "nazarbayev"),
        ("Қазақстан халқы Ассамблеясының", "Қазақстан халқы Ассамблеясының", "apk"),
        ("The APK met", "APK", "apk"),
        ("the APA centre", "APA", "apk"),
        ("АНК провела", "АНК", "apk"),
        ("ANK met", "ANK", "apk"),
        ("the Majilis voted", "Majilis", "mazhilis"),
        ("the Mazhilis voted", "Mazhilis", "mazhilis"),
        ("Uighurs live", "Uighurs", "uyghurs"),
        ("Uyghurs live", "Uyghurs", "uyghurs"),
        ("in Nursultan", "Nursultan", "astana"),
        ("in Nur-Sultan", "Nur-Sultan", "astana"),
        ("the Koryo Theatre", "Koryo Theatre", "koryo-theatre"),
        ("the Semipalatinsk Movement began", "Semipalatinsk Movement", "semipalatinsk-movement-1989"),
    ],
)
def test_forms(gaz, text: str, surface: str, entity: str) -> None:  # type: ignore[no-untyped-def]
    assert (surface, entity) in ents(gaz, text)


def test_longest_match_and_boundaries(gaz) -> None:  # type: ignore[no-untyped-def]
    assert ents(gaz, "The Assembly of People of Kazakhstan met.") == [("Assembly of People of Kazakhstan", "apk")]
    assert ents(gaz, "apk in lower case, grAPKa, e-mail beong.lee@kaznu.kz, http://x.kz/kazakhstan") == []
    assert ents(gaz, "этносаралық келісім") == []  # not "этнос" + a suffix that is no case ending
    assert ents(gaz, "Kazakh people") == []  # bare nationality adjective is not matched alone


def test_one_automaton_finds_every_mention_of_a_long_text(gaz) -> None:  # type: ignore[no-untyped-def]
    # Speed is measured in benchmarks/ingest.py, not here: a timed assertion fails on a loaded machine.
    text = "The Assembly of People of Kazakhstan (APK) met in Almaty with the Mazhilis. " * 2000
    found = gaz.find(text)
    assert len(found) == 8000
    assert {m.entity for m in found} == {"apk", "almaty", "mazhilis"}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "The Assembly of People of Kazakhstan was organized on March 1, 1995, at the initiative of President Nazarbayev.",
            ("apk", "foundingDate", "1995-03-01"),
        ),
        (
            "One of the first steps was the creation in 1995 of the Assembly of peoples of Kazakhstan (APK).",
            ("apk", "foundingDate", "1995"),
        ),
        ("Ассамблея народа Казахстана была создана 1 марта 1995 года.", ("apk", "foundingDate", "1995-03-01")),
        (
            "Конституция Республики Казахстан была принята 30 августа 1995 года.",
            ("constitution-1995", "adoptionDate", "1995-08-30"),
        ),
        (
            'Adopted in 2010, the "Doctrine of National Unity" matters.',
            ("doctrine-national-unity-2010", "adoptionDate", "2010"),
        ),
        (
            "At the 12th session of the Assembly of People of Kazakhstan held in 2006 it was decided.",
            ("apk-session-12", "date", "2006"),
        ),
        (
            "The Assembly of People of Kazakhstan is chaired by Nursultan Nazarbayev.",
            ("apk", "chairedBy", "nazarbayev"),
        ),
        ("Ассамблею народа Казахстана возглавляет Нурсултан Назарбаев.", ("apk", "chairedBy", "nazarbayev")),
        (
            "the Council of mothers under the Assembly of People of Kazakhstan (823 units across the country)",
            ("apk-council-of-mothers", "count", "823"),
        ),
        (
            "The Scientific-Expert Council in the Assembly of People of Kazakhstan (established on September 28th, 2009) works.",
            ("scientific-expert-council", "foundingDate", "2009-09-28"),
        ),
        (
            "the Program for improving Kazakhstan's model of interethnic and interfaith harmony for 2006-2008 was approved",
            ("programme-2006-2008", "startDate", "2006"),
        ),
    ],
)
def test_rules(gaz, text: str, fact: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert fact in statements(gaz, text)


def test_no_fact_without_a_trigger_or_fitting_subject(gaz) -> None:  # type: ignore[no-untyped-def]
    assert statements(gaz, "Nazarbayev spoke in Almaty in 1995 about national policy.") == set()


def test_candidates(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "In 2019 the Council of Public Accord launched «Zhangyru Zholy» with the Assembly of People of Kazakhstan."
    found = [(c.label, c.how) for c in candidates.find(text, gaz.find(text))]
    assert found == [("Council of Public Accord", "capitalised"), ("Zhangyru Zholy", "quoted")]
    ru = "В 2019 году был создан Совет общественного согласия."
    assert [c.label for c in candidates.find(ru, gaz.find(ru))] == ["Совет общественного согласия"]
    assert candidates.slug("Совет общественного согласия") == "sovet-obshchestvennogo-soglasiya"


def test_tables_become_observations(gaz) -> None:  # type: ignore[no-untyped-def]
    raw = "Population of Almaty\n\nGroup\t1999\t2009\nKazakhs\t53,5%\t63,07%\nTotal\t1,000\t2,000\nSomething\t1\t2\n"
    obs = {(o.area, o.group, o.period, o.measure, o.value) for o in tabular.observations(raw, gaz)}
    assert ("almaty", "kazakhs", "2009", "populationShare", "63.07") in obs
    assert ("almaty", None, "1999", "populationCount", "1000") in obs
    assert len(obs) == 4
    aligned = "Group     1999     2009\nKazakhs   53.5%    63.07%\nRussians  30.0%    23.70%\n"
    assert len(tabular.observations(aligned, gaz)) == 4


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # Event anchoring: the event is named by a trigger word, its label's year agrees with the date.
        ("Nazarbayev resigned as president on March 19, 2019.", ("nazarbayev-resignation-2019", "date", "2019-03-19")),
        ("The capital was relocated from Almaty to Astana in 1997.", ("capital-relocation-1997", "date", "1997")),
        ("Kazakhstan declared its independence in December 1991.", ("independence-1991", "date", "1991-12")),
        (
            "Nuclear tests in Semipalatinsk were suspended since 1989.",
            ("semipalatinsk-test-suspension", "startDate", "1989"),
        ),
        # The trigger lexicon: another word for the same kind of event, with a named entity of the label.
        ("In 1992 the country was admitted to the United Nations.", ("un-accession-1992", "date", "1992")),
        ("Government offices were transferred to Astana in 1997.", ("capital-relocation-1997", "date", "1997")),
        (
            "The Semipalatinsk site saw a moratorium on nuclear testing in 1989.",
            ("semipalatinsk-test-suspension", "date", "1989"),
        ),
        # Russian triggers; qualifiers met by the entities the sentence names and by Russian common nouns.
        ("В 1997 году столица была перенесена из Алматы в Астану.", ("capital-relocation-1997", "date", "1997")),
        ("Столица была переименована 23 марта 2019 года.", ("capital-renaming-2019", "date", "2019-03-23")),
        # An aside in brackets between the trigger and the date does not count towards the distance.
        (
            (
                "An international conference (topic: the Kazakhstani model of interethnic harmony, its experience, "
                "practice and perspective as seen by the participants) took place in 2003."
            ),
            ("international-conference-2003", "date", "2003"),
        ),
        # A state that began at a date: "formed … since".
        (
            "The integrated economic bloc formed by the three countries since January 2012 has grown.",
            ("integrated-economic-bloc", "startDate", "2012-01"),
        ),
        # "since <date>, when <the event>": the when-clause dates the event itself (not a state that began then).
        (
            "Migration has grown steadily since 1997, when the capital was relocated from Almaty to Astana.",
            ("capital-relocation-1997", "date", "1997"),
        ),
        # Date–entity compatibility: the alias "Constitution" dated 1993 is the 1993 constitution.
        ("The Constitution was adopted in 1993.", ("constitution-1993", "adoptionDate", "1993")),
        # A list of sessions sharing one "sessions", each with its year in brackets.
        (
            "The 15th (2009) and 16th (2010) sessions of the Assembly of People of Kazakhstan met in Astana.",
            ("apk-session-16", "date", "2010"),
        ),
    ],
)
def test_anchored_events(gaz, text: str, fact: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert fact in statements(gaz, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # The year disagrees with the event's label year: not that event.
        ("Nazarbayev resigned from the party committee in 1991.", "nazarbayev-resignation-2019"),
        # A bracketed date belongs to what precedes it, not to a later trigger.
        ("Sovereignty was declared (1991.10.25), and Nazarbayev was elected president.", "presidential-election-1991"),
        # A trigger without any other word of the event's label anchors nothing.
        ("The reform of 2007 changed the tax code.", "constitutional-reform-2007"),
        ("The Constitution was adopted in 1993.", "constitution-1995"),
        # A lexicon word needs a distinctive qualifier: the country alone (named by many labels) is not enough.
        ("Kazakhstan had 12 members on the board in 1991.", "cis-accession-1991"),
        # The lexicon word, but the year is not the event's.
        ("Kazakhstan joined the United Nations observers in 1995.", "un-accession-1992"),
    ],
)
def test_anchoring_needs_agreement(gaz, text: str, absent: str) -> None:  # type: ignore[no-untyped-def]
    assert not {f for f in statements(gaz, text) if f[0] == absent}
