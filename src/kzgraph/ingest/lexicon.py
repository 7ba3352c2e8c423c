"""Function words of names in English, Russian and Kazakh: the words a name's initials skip (``Assembly of People
of Kazakhstan`` → APK, ``Ассамблея народа Казахстана`` → АНК) and a search key leaves out (``council mothers`` finds
the Council of Mothers). The gazetteer's acronyms, the abbreviation check of label proposals and the search
index's initials all read this one list, so an acronym the recogniser derives is one the search box derives too."""

from __future__ import annotations

FUNCTION_WORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "the", "to", "under", "with"),
        *("в", "для", "до", "за", "и", "из", "или", "к", "на", "о", "об", "от", "по", "при", "с", "у"),  # Russian
        *("бен", "және", "мен", "пен", "үшін"),  # Kazakh
    }
)
