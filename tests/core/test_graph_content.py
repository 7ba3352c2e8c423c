"""The built graph says what the papers say: run SPARQL on the real build and check the answers."""

from __future__ import annotations

from decimal import Decimal

from kzgraph.query.describe import PREFIXES


def select(store, query: str) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return [tuple(t.value if t is not None else None for t in row) for row in store.select(PREFIXES + query).rows]


def test_apk_founded_on_1995_03_01_with_quote(store) -> None:  # type: ignore[no-untyped-def]
    rows = select(
        store,
        """
        SELECT ?d ?exact WHERE {
          GRAPH <https://w3id.org/kzgraph/graph/source/lee> { kzid:apk kz:foundingDate ?d }
          ?c rdf:subject kzid:apk ; rdf:predicate kz:foundingDate ; rdf:object ?d ;
             kz:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?exact .
        }""",
    )
    assert ("1995-03-01", "The Assembly of People of Kazakhstan was organized on March 1, 1995") in [
        (d, " ".join(e.split())[:69]) for d, e in rows
    ]


def test_constitution_dated_1995_08_30(store) -> None:  # type: ignore[no-untyped-def]
    rows = select(store, "SELECT ?d WHERE { kzid:constitution-1995 kz:adoptionDate ?d }")
    assert ("1995-08-30",) in rows


def test_koreans_share_2018_is_0_60(store) -> None:  # type: ignore[no-untyped-def]
    rows = select(
        store,
        """
        SELECT ?share ?count WHERE {
          ?o a qb:Observation ; kz:ethnicGroup kzid:koreans ; kz:refArea kzid:kazakhstan ;
             kz:refPeriod "2018"^^xsd:gYear ; kz:populationShare ?share .
          OPTIONAL { ?o kz:populationCount ?count }
        }""",
    )
    assert [(Decimal(s), int(c)) for s, c in rows] == [(Decimal("0.60"), 108177)]


def test_census_covers_15_groups_in_9_years(store) -> None:  # type: ignore[no-untyped-def]
    rows = select(
        store,
        """
        SELECT (COUNT(DISTINCT ?g) AS ?groups) (COUNT(DISTINCT ?y) AS ?years) (COUNT(?o) AS ?obs) WHERE {
          ?o qb:dataSet <https://w3id.org/kzgraph/id/dataset/population-kazakhstan-1926-2018> ;
             kz:ethnicGroup ?g ; kz:refPeriod ?y ; kz:populationShare ?s .
          FILTER(?g != kz:allGroups)
        }""",
    )
    groups, years, obs = (int(x) for x in rows[0])
    assert (groups, years) == (15, 9)
    # 15 x 9 cells, less the four the table leaves empty or '-' (Turks, Koreans, Azerbaijans, Kurds in 1926)
    assert obs == 15 * 9 - 4


def test_session_20_date_and_themes(store) -> None:  # type: ignore[no-untyped-def]
    rows = dict(
        select(
            store,
            """
        SELECT (LANG(?t) AS ?l) ?t WHERE { kzid:apk-session-20 kz:date "2013-04-24"^^xsd:date ; kz:theme ?t }""",
        )
    )
    assert rows["ru"] == "Стратегия «Казахстан-2050»: один народ, одна страна, одна судьба"
    assert rows["en"].startswith("Strategy of Kazakhstan-2050»: one nation")


def test_no_session_23(store) -> None:  # type: ignore[no-untyped-def]
    numbers = {int(n) for (n,) in select(store, "SELECT ?n WHERE { ?s a kz:AssemblySession ; kz:sessionNumber ?n }")}
    assert numbers == set(range(1, 27)) - {23}


def test_strategy_session_disagreement_keeps_both_claims(store) -> None:  # type: ignore[no-untyped-def]
    rows = select(
        store,
        """
        SELECT ?value ?src ?exact WHERE {
          ?d a kz:Disagreement ; kz:disputedSubject kzid:apk-session-9 ; kz:disputedProperty kz:date ;
             kz:conflictingClaim ?c .
          ?c rdf:object ?value ; prov:wasDerivedFrom/kz:sourceKey ?src ;
             kz:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?exact .
        }""",
    )
    values = {(v, s) for v, s, _ in rows}
    assert ("2000", "ualtayeva") in values
    assert ("2002-11", "lee") in values
    assert any("IX session" in " ".join(e.split()) for _, s, e in rows if s == "ualtayeva")


def test_every_quote_is_at_its_offsets(store) -> None:  # type: ignore[no-untyped-def]
    from kzgraph.pipeline import corpus
    from kzgraph.resources import default_files

    texts = {k: s.text for k, s in corpus.load(default_files().corpus).items()}
    rows = select(
        store,
        """
        SELECT ?src ?exact ?start ?end WHERE {
          ?t oa:hasSource/kz:sourceKey ?src ; oa:hasSelector ?q , ?p .
          ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
        }""",
    )
    assert len(rows) > 1000
    for src, exact, start, end in rows:
        assert texts[src][int(start) : int(end)] == exact


def test_every_source_graph_triple_has_a_claim(store) -> None:  # type: ignore[no-untyped-def]
    asserted = set(
        select(
            store,
            """
        SELECT ?g ?s ?p ?o WHERE {
          GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/kzgraph/graph/source/")) }""",
        )
    )
    claimed = set(
        select(
            store,
            """
        SELECT ?g ?s ?p ?o WHERE {
          ?c a kz:Claim ; kz:assertedIn ?g ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kz:evidence ?e }""",
        )
    )
    assert len(asserted) > 2000
    assert asserted - claimed == set()


def test_trilingual_labels(store) -> None:  # type: ignore[no-untyped-def]
    labels = dict(select(store, "SELECT (LANG(?l) AS ?lang) ?l WHERE { kzid:apk skos:prefLabel ?l }"))
    assert labels == {
        "en": "Assembly of People of Kazakhstan",
        "ru": "Ассамблея народа Казахстана",
        "kk": "Қазақстан халқы Ассамблеясы",
    }


def test_entailment_makes_ministries_state_bodies(store) -> None:  # type: ignore[no-untyped-def]
    rows = select(store, "SELECT ?m WHERE { ?m a kz:Ministry . ?m a kz:StateBody . ?m a org:Organization }")
    assert ("https://w3id.org/kzgraph/id/ministry-information-public-development",) in rows


def test_curated_links_only_from_reference(store) -> None:  # type: ignore[no-untyped-def]
    rows = set(select(store, "SELECT ?e ?x WHERE { ?e skos:exactMatch ?x }"))
    assert ("https://w3id.org/kzgraph/id/kazakhstan", "http://www.wikidata.org/entity/Q232") in rows
    unlinked = select(store, "SELECT ?x WHERE { kzid:apk skos:exactMatch|skos:closeMatch ?x }")
    assert unlinked == []  # the reference marks the APK unlinked
