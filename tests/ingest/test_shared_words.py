"""The word lists that recognition and search share: one list of function words (so the gazetteer's acronyms
and the search index's initials agree) and one table of English ordinal words (sessions, anniversaries and the
search keys read the same numbers). Constructed names and sentences."""

from __future__ import annotations

import pytest

from kzgraph.ingest import numbers
from kzgraph.ingest.gazetteer import _acronym
from kzgraph.ingest.labels import spells
from kzgraph.ingest.sessions import session_mentions
from kzgraph.query.normalise import fold, keys
from kzgraph.query.search import initials


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Ассамблея народа Казахстана", "АНК"),
        ("Council of Mothers of the Assembly", "CMA"),
        ("Союз за права граждан", "СПГ"),  # "за": once only a search word, now skipped by the gazetteer too
        ("Centre for Studies from Almaty", "CSA"),  # "from" likewise
        ("Қоғамдық келісім үшін кеңес", "ҚКК"),  # Kazakh "үшін"
    ],
)
def test_gazetteer_acronyms_and_search_initials_skip_the_same_words(name: str, acronym: str) -> None:
    assert _acronym(name) == acronym
    assert initials(name) == fold(acronym)


def test_an_abbreviation_may_skip_any_function_word() -> None:
    assert spells("СПГ", "Союз за права граждан")
    assert spells("ҚКК", "Қоғамдық келісім үшін кеңес")
    assert not spells("СЗПГ", "Союз права граждан")


def test_english_ordinal_words_first_to_ninety_ninth() -> None:
    table = numbers.EN_ORDINALS
    assert sorted(table.values()) == list(range(1, 100))
    assert table["first"] == 1 and table["nineteenth"] == 19 and table["twelfth"] == 12
    assert table["twentieth"] == 20 and table["twenty-first"] == 21 and table["fortieth"] == 40
    assert table["fifty-ninth"] == 59 and table["ninetieth"] == 90 and table["ninety-ninth"] == 99


@pytest.mark.parametrize(
    ("text", "session"),
    [
        ("The Twenty-first session of the Assembly opened.", "apk-session-21"),
        ("The fifty-ninth session of the Assembly opened.", "apk-session-59"),
        ("The sixtieth session of the Assembly opened.", "apk-session-60"),  # past the old table's end
        ("The XXXIV session of the Assembly opened.", "apk-session-34"),
        ("ХХХІV сессия Ассамблеи народа Казахстана.", "apk-session-34"),  # Cyrillic look-alikes
    ],
)
def test_sessions_read_the_shared_ordinals(text: str, session: str) -> None:
    assert [m.entity for m in session_mentions(text, [])] == [session]


def test_a_session_past_sixty_is_no_session() -> None:
    assert session_mentions("The seventieth session of the Assembly.", []) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [("Twenty-first Session", ["21", "session"]), ("seventy-fifth", ["75"]), ("Ninety-ninth", ["99"])],
)
def test_search_keys_read_the_same_ordinals(text: str, want: list[str]) -> None:
    assert keys(text) == want
