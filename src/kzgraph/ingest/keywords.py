"""Which of many lower-case substrings occur in a text, found in one pass (an Aho-Corasick automaton) — the
cheap pre-filter in front of the rule patterns, instead of one ``in`` test per keyword."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import ahocorasick


class Keywords:
    """``keys``: the keywords, or a mapping from each keyword to what finding it means (by default itself)."""

    def __init__(self, keys: Iterable[str] | Mapping[str, str]) -> None:
        meaning = dict(keys) if isinstance(keys, Mapping) else {k: k for k in keys}
        self.keys = frozenset(meaning)
        self._automaton = ahocorasick.Automaton()
        for k, v in meaning.items():
            self._automaton.add_word(k, v)
        if self.keys:
            self._automaton.make_automaton()

    def found(self, low: str) -> set[str]:
        """What the keywords occurring in ``low`` (already lower-cased) mean."""
        if not self.keys:
            return set()
        return {v for _end, v in self._automaton.iter(low)}
