"""English statement kinds of issue 11 on constructed sentences (none taken from the dev corpus or the papers):
tenures (``served as … until``), infobox lines, document symbols with their date, votes received, persons
taking part in a session's vote, anniversaries — each with sentences that must give nothing, and the RDF of
the n-ary nodes (kz:Tenure, kz:Anniversary)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kzgraph.ingest.analyse import analyse
from kzgraph.ingest.dates import XSD
from kzgraph.ingest.rdf import document_nquads, document_quads
from kzgraph.rdf import namespaces as ns

APK = "Assembly of People of Kazakhstan"
KZ = ns.KZ


def statements(gaz, text: str, rule_prefix: str):  # type: ignore[no-untyped-def]
    a = analyse(text, gaz, language="en", with_candidates=False, with_tables=False)
    return [st for st, _ in a.statements if st.rule.startswith(rule_prefix)]


def triples(gaz, text: str, rule_prefix: str) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(st.subject, st.predicate, st.value or st.object or "") for st in statements(gaz, text, rule_prefix)}


# --- tenures


def test_a_tenure_until_a_date_with_its_body(gaz) -> None:  # type: ignore[no-untyped-def]
    text = f"Nursultan Nazarbayev, who served as chairman of the {APK} until March 2019, opened the forum."
    [st] = statements(gaz, text, "tenure")
    assert (st.subject, st.predicate, st.value) == ("nazarbayev", "endDate", "2019-03")
    assert st.frame is not None and st.frame.entities == (("ledBody", "apk"),)
    assert st.frame.literals == (("post", "chairman", "@en"),)


def test_a_tenure_since_a_date_and_a_range(gaz) -> None:  # type: ignore[no-untyped-def]
    since = f"Kassym-Jomart Tokayev has served as chairman of the {APK} since 28 April 2021."
    assert triples(gaz, since, "tenure") == {("tokayev", "startDate", "2021-04-28")}
    ranged = f"Nursultan Nazarbayev served as chair of the {APK} from 1995 to 2021."
    assert triples(gaz, ranged, "tenure") == {("nazarbayev", "startDate", "1995"), ("nazarbayev", "endDate", "2021")}


def test_a_body_named_by_its_head_word_in_the_post(gaz) -> None:  # type: ignore[no-untyped-def]
    text = f"The {APK} met in May. Nursultan Nazarbayev served as assembly chairman until 2021 and spoke."
    [st] = statements(gaz, text, "tenure")
    assert st.frame is not None and st.frame.entities == ()  # the body is named in another sentence only
    text = f"The {APK} honoured Nursultan Nazarbayev, who served as assembly chairman until 2021."
    [st] = statements(gaz, text, "tenure")
    assert st.frame is not None and st.frame.entities == (("ledBody", "apk"),)


@pytest.mark.parametrize(
    "text",
    [
        "Nursultan Nazarbayev served as a model for the region until 2000.",  # no post noun
        "The old building served as the head office until 2010.",  # no person holds it
        "Nursultan Nazarbayev served as president.",  # neither a date nor a body
        "Kassym-Jomart Tokayev praised those who served as chairman until 2019.",  # the holder is not named
    ],
)
def test_no_tenure(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert statements(gaz, text, "tenure") == []


def test_a_tenure_in_rdf(gaz) -> None:  # type: ignore[no-untyped-def]
    text = f"Nursultan Nazarbayev, who served as chairman of the {APK} until March 2019, opened the forum."
    a = analyse(text, gaz, language="en")
    store = ox.Store()
    store.extend(document_quads("ab" * 32, a, {"title": "t"}))
    rows = list(
        store.query(
            f"""SELECT ?post ?end WHERE {{ GRAPH ?g {{
                ?t a <{KZ}Tenure> ; <{KZ}holder> <{ns.ID}nazarbayev> ; <{KZ}ledBody> <{ns.ID}apk> ;
                   <{KZ}post> ?post ; <{KZ}endDate> ?end .
                ?c <{KZ}extractionRule> "tenure-en" ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?t . }} }}"""
        )
    )
    assert [(r["post"].value, r["end"].value) for r in rows] == [("chairman", "2019-03")]


# --- infobox lines and document symbols

INFOBOX = f"""= {APK} =
{APK}
- Leader1 Type: Chairman
- Leader1: Kassym-Jomart Tokayev
- Leader2 Type: Deputy Chairwoman
- Leader2: Dana Serikova
- Leader3 Type: Secretary
- Leader3: Regional Liaison Office
- Headquarters: Astana
- Foundation: 1995-03-01

The {APK} is a body.
"""


def test_infobox_posts_and_founding(gaz) -> None:  # type: ignore[no-untyped-def]
    got = statements(gaz, INFOBOX, "infobox")
    assert {(st.subject, st.predicate, st.value or st.object, st.frame and st.frame.key) for st in got} == {
        ("tokayev", "ledBody", "apk", "chairman"),
        ("dana-serikova", "ledBody", "apk", "deputy chairwoman"),  # a new person, proposed
        ("apk", "foundingDate", "1995-03-01", None),
    }  # "Regional Liaison Office" is no person's name
    new = next(st for st in got if st.subject == "dana-serikova")
    assert new.new_subject is not None and new.new_subject.cls == "Person"


@pytest.mark.parametrize(
    "text",
    [
        "Some heading\n- Leader1 Type: Chairman\n- Leader1: Dana Serikova\n- Seat: Astana\n",  # no body named above
        f"{APK}\n- Leader1 Type: Chairman\n- Leader1: Dana Serikova\n",  # two lines are no infobox
        f"{APK}\n- Colour: blue\n- Motto: Unity\n- Chairman: the council decides\n",  # no name
    ],
)
def test_no_infobox(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert statements(gaz, text, "infobox") == []


def test_a_document_symbol_and_its_date(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "United Nations\nA/HRC/WG.6/34/KAZ/1\n\nGeneral Assembly\n\nDistr.: General\n3 September 2019\n\nEnglish\n"
    assert triples(gaz, text, "document-symbol") == {
        ("a-hrc-wg-6-34-kaz-1", "adoptionDate", "2019-09-03"),
        ("a-hrc-wg-6-34-kaz-1", "documentNumber", "A/HRC/WG.6/34/KAZ/1"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "The report E/C.12/KAZ/2 was discussed on 3 September 2019.",  # a symbol inside prose
        "A/HRC/WG.6/34/KAZ/1\n\nGeneral Assembly\n\nDistr.: General\n\nEnglish\n",  # no date line
        "HRC/12\n3 September 2019\n",  # two parts are no symbol
    ],
)
def test_no_document_symbol(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert statements(gaz, text, "document-symbol") == []


# --- votes and participants


def test_votes_received_and_the_list_after_it(gaz) -> None:  # type: ignore[no-untyped-def]
    text = (
        "At the congress, Aliya Serikova received 412 votes, Bolat Nurlanov – 390 votes and Dana Omarova – 377 votes."
    )
    assert triples(gaz, text, "votes") == {
        ("aliya-serikova", "votesReceived", "412"),
        ("bolat-nurlanov", "votesReceived", "390"),
        ("dana-omarova", "votesReceived", "377"),
    }
    known = "In the count, Kassym-Jomart Tokayev won 6,456,392 votes."
    assert triples(gaz, known, "votes") == {("tokayev", "votesReceived", "6456392")}


@pytest.mark.parametrize(
    "text",
    [
        "The party received 412 votes in the district.",  # no name
        "The National Unity Party received 412 votes in the district.",  # a body, not a person
        f"The {APK} received 300 votes of support.",  # a known body
        "The bill got 60 votes, the amendment – 12 votes.",  # no head clause with a candidate
    ],
)
def test_no_votes(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert statements(gaz, text, "votes") == []


SESSION = f"The 30th session of the {APK} opened in Astana. "


def test_persons_taking_part_in_the_vote_of_the_session(gaz) -> None:  # type: ignore[no-untyped-def]
    got = statements(gaz, SESSION + "About 400 delegates took part in the voting.", "count-participantCount")
    assert [(st.subject, st.value, st.qualifier) for st in got] == [("apk-session-30", "400", "about")]


@pytest.mark.parametrize(
    "text",
    [
        SESSION + "About 400 delegates took part in the discussion.",  # no proceedings of the session
        "About 400 delegates took part in the voting.",  # no session named
        SESSION + "About 400 delegates took part in the voting on the new charter.",  # another vote
    ],
)
def test_no_participants(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert statements(gaz, text, "count-participantCount") == []


# --- anniversaries


def test_an_anniversary_with_its_year(gaz) -> None:  # type: ignore[no-untyped-def]
    [st] = statements(gaz, f"In 2030, the {APK} celebrates its 35th anniversary.", "anniversary")
    assert (st.subject, st.predicate, st.value, st.rule) == ("apk", "date", "2030", "anniversary-date")
    assert st.frame is not None and st.frame.literals == (("anniversaryNumber", "35", XSD + "integer"),)


@pytest.mark.parametrize(("word", "n"), [("thirty-fifth", "35"), ("seventy-fifth", "75")])  # 75: past the old table
def test_an_anniversary_in_words(gaz, word: str, n: str) -> None:  # type: ignore[no-untyped-def]
    [st] = statements(gaz, f"In 2070, the {APK} celebrates its {word} anniversary.", "anniversary")
    assert (st.subject, st.value) == ("apk", "2070")
    assert st.frame is not None and st.frame.literals == (("anniversaryNumber", n, XSD + "integer"),)


def test_an_anniversary_referred_to_by_the_head_word(gaz) -> None:  # type: ignore[no-untyped-def]
    text = f"The {APK} is a consultative body. In 2030, the Assembly marks its 35th anniversary."
    assert triples(gaz, text, "anniversary") == {("apk", "date", "2030")}


def test_an_event_marking_an_anniversary(gaz) -> None:  # type: ignore[no-untyped-def]
    text = f"The 36th session of the {APK} was held in Astana, marking the assembly's 35th anniversary."
    [st] = statements(gaz, text, "anniversary")
    assert (st.subject, st.predicate, st.value) == ("apk-session-36", "anniversaryNumber", "35")
    assert st.frame is not None and (st.frame.link, st.frame.entities) == ("celebratedAt", (("anniversaryOf", "apk"),))
    text = f"The 36th session of the {APK} opened on 2 May 2030, celebrating the 35th anniversary of the {APK}."
    assert triples(gaz, text, "anniversary") == {("apk-session-36", "anniversaryNumber", "35")}


@pytest.mark.parametrize(
    "text",
    [
        "The museum's 20th anniversary exhibition opened in 2019.",  # owner unknown
        "Kazakhstan marks the 30th anniversary of independence in 2021.",  # of an event, not of a body
        f"The {APK} held a forum in 2030 and spoke of its 35th anniversary.",  # no verb of celebrating
        f"In 2029 and 2030, the {APK} celebrates its 35th anniversary.",  # which year?
    ],
)
def test_no_anniversary(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert statements(gaz, text, "anniversary") == []


# --- a legal act's editorial notes; amendments named by their year; a part of a body with its people

LAW = """On Public Councils

The Law of the Republic of Kazakhstan dated 2 November, 2015 No. 383-V.

Article 1. Subject of this Law

Footnote. Article 1 as amended by the Law of the Republic of Kazakhstan dated 12.07.2019 No. 262-VI.

The councils act in accordance with the Law of the Republic of Kazakhstan dated 6 April, 2016 No. 480-V.
"""


def test_a_note_in_a_legal_act_amends_the_act_itself(gaz) -> None:  # type: ignore[no-untyped-def]
    got = triples(gaz, LAW, "legal-act-amends-document")
    assert got == {("law-no-262-vi", "amends", "law-no-383-v")}  # the act cited "in accordance with" amends nothing


def test_no_note_without_a_heading(gaz) -> None:  # type: ignore[no-untyped-def]
    text = LAW.replace("The Law of the Republic of Kazakhstan dated 2 November, 2015 No. 383-V.", "A draft.")
    assert triples(gaz, text, "legal-act-amends-document") == set()


def test_an_amendment_named_by_its_year(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "The 2011 amendment to the Constitution of Kazakhstan, signed on 2 February 2011, changed the term."
    assert triples(gaz, text, "amendment-named") == {
        ("2011-amendment-to-the-constitution-of-kazakhstan", "amends", "constitution-1995"),
        ("2011-amendment-to-the-constitution-of-kazakhstan", "adoptionDate", "2011-02-02"),
    }
    other_year = "The 2011 amendment to the Constitution of Kazakhstan, discussed on 2 February 2012, was new."
    assert "adoptionDate" not in {p for _, p, _ in triples(gaz, other_year, "amendment-named")}
    assert triples(gaz, "The 2011 amendment to the tax code was adopted on 2 February 2011.", "amendment") == set()


def test_the_people_of_a_part_of_a_body(gaz) -> None:  # type: ignore[no-untyped-def]
    text = (
        f"The Youth Council at the {APK} works in all regions. The staff of Youth Council has about 9 thousand people."
    )
    got = statements(gaz, text, "count-count")
    assert [(st.subject, st.value, st.qualifier, st.item) for st in got] == [
        ("youth-council", "9000", "about", "people (staff)")
    ]
    unknown = "The staff of Northern Lights has about 9 thousand people."  # a name no sentence proposed as a body
    assert statements(gaz, unknown, "count-") == []


def test_an_appointment_starts_a_tenure(gaz) -> None:  # type: ignore[no-untyped-def]
    text = f"Aigerim Bekova was appointed deputy chairman of the {APK} on 5 May 2022."
    [st] = statements(gaz, text, "tenure-appointed")
    assert (st.subject, st.predicate, st.value) == ("aigerim-bekova", "startDate", "2022-05-05")
    assert st.new_subject is not None and st.new_subject.cls == "Person"
    assert st.frame is not None and st.frame.key == "deputy chairman" and st.frame.entities == (("ledBody", "apk"),)
    fronted = f"In March 2023, Nursultan Nazarbayev was elected chair of the {APK}."
    assert triples(gaz, fronted, "tenure-appointed") == {("nazarbayev", "startDate", "2023-03")}


@pytest.mark.parametrize(
    "text",
    [
        "Nursultan Nazarbayev was elected chairman of the board in 2001.",  # whose board?
        f"The Secretariat was named head of the {APK} in 2001.",  # no person
        f"Kassym-Jomart Tokayev said Bolat was appointed head of the {APK} in 2001.",  # one word is no name
    ],
)
def test_no_appointment(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert statements(gaz, text, "tenure-appointed") == []


def test_a_title_naming_a_body_is_a_post_in_it(gaz) -> None:  # type: ignore[no-untyped-def]
    got = statements(gaz, "The APK Deputy Chairman Aigerim Bekova opened the meeting.", "job-title-post")
    assert [(st.subject, st.object, st.frame and st.frame.key) for st in got] == [
        ("aigerim-bekova", "apk", "deputy chairman")
    ]
    assert statements(gaz, "President of Kazakhstan Kassym-Jomart Tokayev spoke.", "job-title-post") == []


# --- how long an event lasts, in how many sections; a cited act's number


def test_duration_and_sections_of_a_session(gaz) -> None:  # type: ignore[no-untyped-def]
    first = f"The 35th session of the {APK} will be held in Astana. "
    assert triples(gaz, first + "The two-day session opens on Monday.", "event-") == {
        ("apk-session-35", "durationDays", "2")
    }
    text = first + "The session will last two days and will continue its work in five sections."
    assert triples(gaz, text, "event-") == {
        ("apk-session-35", "durationDays", "2"),
        ("apk-session-35", "sectionCount", "5"),
    }
    assert triples(gaz, f"The 36th session of the {APK} lasted for 3 days.", "event-") == {
        ("apk-session-36", "durationDays", "3")
    }


@pytest.mark.parametrize(
    "text",
    [
        "The two-day course opens on Monday.",  # no event of the graph
        "The session will last two days.",  # no session named before
        f"The {APK} works in five sections.",  # a body, not an event
    ],
)
def test_no_event_figures(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert statements(gaz, text, "event-") == []


def test_a_cited_act_has_its_number(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "The rules follow the Decree of the President of the Republic of Kazakhstan dated 3 May 2016 No. 251."
    assert ("decree-no-251", "documentNumber", "251") in triples(gaz, text, "legal-act")


# --- "the Assembly" after the Assembly was named in full


def test_a_capitalised_head_word_refers_to_the_entity_named_in_full(gaz) -> None:  # type: ignore[no-untyped-def]
    text = f"Delegates of the {APK} met in Astana. The Assembly was established on March 1, 1995 by decree."
    assert ("apk", "foundingDate", "1995-03-01") in triples(gaz, text, "founding")
    text = (
        f"Aigerim Bekova spoke to the {APK}. Dana Serikova was appointed Deputy Chairman of the Assembly in May 2022."
    )
    assert triples(gaz, text, "tenure-appointed") == {("dana-serikova", "startDate", "2022-05")}


@pytest.mark.parametrize(
    "text",
    [
        "The Assembly was established on March 1, 1995 by decree.",  # nothing named before
        f"The {APK} met. The Assembly Hall was established on March 1, 1995.",  # another name
        # another name with the head word, which the graph lacks
        f"The {APK} and the Assembly of Kazakh Youth met. Officials spoke. The Assembly was established on March 1, 1995.",
    ],
)
def test_no_reference_by_head_word(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert ("apk", "foundingDate", "1995-03-01") not in triples(gaz, text, "founding")


def test_no_reference_to_a_name_the_graph_lacks(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "The Assembly of Kazakh Youth met. Officials spoke. The Assembly was established on March 1, 1995."
    assert triples(gaz, text, "founding") == set()


def test_a_person_who_led_a_body_for_a_period(gaz) -> None:  # type: ignore[no-untyped-def]
    text = f"Nursultan Nazarbayev chaired the {APK} from 1995 to 2021."
    assert triples(gaz, text, "tenure-led") == {("nazarbayev", "startDate", "1995"), ("nazarbayev", "endDate", "2021")}
    assert triples(gaz, text, "period-range") == set()  # the range is the chair's, not the body's
    since = f"Kassym-Jomart Tokayev has headed the {APK} since April 2021."
    assert triples(gaz, since, "tenure-led") == {("tokayev", "startDate", "2021-04")}
    assert triples(gaz, f"Kassym-Jomart Tokayev chairs the {APK}.", "tenure") == set()  # no date: chairedBy only


@pytest.mark.parametrize(
    "text",
    [
        "The total number of seats in the Senate is 50, with the appointed members - 15 seats.",  # no part of a body
        f"The chairman of the {APK} is the president (deputy chairmen - 2 persons).",  # no verb of having
    ],
)
def test_no_count_of_a_part(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [st for st in statements(gaz, text, "count-") if st.item and "(" in st.item] == []


# --- census shares in English prose


def test_groups_that_make_up_shares_and_the_list_after_them(gaz) -> None:  # type: ignore[no-untyped-def]
    text = "According to the 2031 census, Kazakhs make up 72.1% of the population, Russians 13.9%, and Uzbeks 3.4%."
    a = analyse(text, gaz, language="en")
    got = {(o.group, o.period, o.measure, o.value) for o in a.observations}
    assert got == {
        ("kazakhs", "2031", "populationShare", "72.1"),
        ("russians", "2031", "populationShare", "13.9"),
        ("uzbeks", "2031", "populationShare", "3.4"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "According to the 2031 census, women make up 51.2% of the population.",  # no ethnic group
        "In the 2031 census, the population grew, and Kazakhs by 2.1%.",  # a change, not a share
    ],
)
def test_no_share_without_a_group_slot(gaz, text: str) -> None:  # type: ignore[no-untyped-def]
    a = analyse(text, gaz, language="en")
    assert [o for o in a.observations if o.group is not None] == []


def test_shapes_conform_with_the_new_kinds(gaz) -> None:  # type: ignore[no-untyped-def]
    from kzgraph.pipeline.build import assemble
    from kzgraph.pipeline.validate import validate
    from kzgraph.resources import default_files

    text = (
        INFOBOX
        + f"\nNursultan Nazarbayev, who served as chairman of the {APK} until March 2019, spoke. "
        + "At the congress, Aliya Serikova received 412 votes, Bolat Nurlanov – 390 votes. "
        + f"In 2030, the {APK} celebrates its 35th anniversary. "
        + "The rules follow the Decree of the President of the Republic of Kazakhstan dated 3 May 2016 No. 251.\n"
    )
    a = analyse(text, gaz, language="en")
    rules = {st.rule for st, _ in a.statements}
    assert {"infobox-post", "tenure-en", "votes-received", "anniversary-date", "legal-act-number"} <= rules
    quads = list(
        ox.parse(document_nquads("ef" * 32, a, {"language": "en", "title": "t"}).encode(), format=ox.RdfFormat.N_QUADS)
    )
    files = default_files()
    curated, builder, _n, _t = assemble(files)
    report = validate(curated + quads, files.shapes_file, individuals=frozenset(builder.onto.individuals))
    assert report.conforms, report.text[:4000]


def test_participants_of_a_session_keep_around_as_about(gaz) -> None:  # type: ignore[no-untyped-def]
    text = f"The 33rd session of the {APK} was held in Astana. Around 800 people took part in the session."
    got = statements(gaz, text, "session-participants")
    assert [(st.subject, st.value, st.qualifier) for st in got] == [("apk-session-33", "800", "about")]
