"""Which of many lower-case substrings occur in a text, found in one pass (an Aho-Corasick automaton) — the
cheap pre-filter in front of the rule patterns, instead of one ``in`` test per keyword."""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick


class Keywords:
    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = frozenset(keys)
        self._automaton = ahocorasick.Automaton()
        for k in self.keys:
            self._automaton.add_word(k, k)
        if self.keys:
            self._automaton.make_automaton()

    def found(self, low: str) -> set[str]:
        """The keywords occurring in ``low`` (already lower-cased)."""
        if not self.keys:
            return set()
        return {k for _end, k in self._automaton.iter(low)}
