"""What extraction finds in one text (helpers shared by the rule tests)."""

from __future__ import annotations

from kzgraph.ingest.analyse import analyse
from kzgraph.ingest.gazetteer import Gazetteer

Fact = tuple[str, str, str]


def statements(gaz: Gazetteer, text: str) -> set[Fact]:
    """(subject, predicate, value or object) of every statement extracted from ``text``."""
    a = analyse(text, gaz, with_candidates=False, with_tables=False)
    return {(st.subject, st.predicate, st.value or st.object or "") for st, _ in a.statements}


def rules(gaz: Gazetteer, text: str) -> dict[Fact, str]:
    """The rule that produced each statement of ``text``."""
    a = analyse(text, gaz, with_candidates=False, with_tables=False)
    return {(st.subject, st.predicate, st.value or st.object or ""): st.rule for st, _ in a.statements}
