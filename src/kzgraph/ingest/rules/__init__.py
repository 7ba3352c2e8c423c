"""The registry of rule families, in the order they run. Each family is a function ``Context -> Iterable
[Statement]`` in its own module, testable alone; a new kind of statement is a new module and one line here.
Where two families give the same statement the one with the higher confidence stays (the first on a tie)."""

from __future__ import annotations

from kzgraph.ingest.rules import (
    amendments,
    anniversaries,
    approvals,
    based_on,
    chair,
    counts,
    dated,
    event_figures,
    legal_acts,
    plural_counts,
    quantities,
    relations,
    session_facts,
    status,
    tenure,
    titles,
    titles_kk,
    venues,
    votes,
)
from kzgraph.ingest.rules.base import Context, Family
from kzgraph.ingest.rules.prefilter import head_word, wants_parse

FAMILIES: list[Family] = [
    Family("dated-trigger", dated.triggered, needs_dates=True, keys=dated.TRIGGER_KEYS),
    Family("new-entity-date", dated.proposed, needs_dates=True, keys=dated.TRIGGER_KEYS),
    Family("since-start", dated.since_start, needs_dates=True),
    Family("dissolution", dated.dissolution, needs_dates=True),
    Family("document-date", dated.document_date, needs_dates=True),
    Family("event-bracketed-date", dated.event_bracketed, needs_dates=True),
    Family("event-date-nearby", dated.event_nearby, needs_dates=True),
    Family("event-anchor", dated.event_anchor, needs_dates=True),
    Family("range", dated.ranges, needs_dates=True),
    Family("chair", chair.chaired_by, keys=chair.CHAIR_WORDS),
    Family("count-noun", counts.count_noun, frozenset({"ru", "kk"}), keys=counts.COUNT_NOUNS),
    Family("count-located-ru", counts.located_count_ru, frozenset({"ru"}), keys=counts.RU_VERB_KEYS),
    Family("count-parse", quantities.counts, frozenset({"en"}), needs_parse=True),
    Family("count-plural-name", plural_counts.plural_counts, frozenset({"en"})),
    Family("session-facts", session_facts.session_facts, keys=session_facts.KEYS),
    Family("session-venue", venues.session_venue, frozenset({"ru", "kk"}), keys=venues.KEYS),
    Family("body-status", status.status, frozenset({"ru", "kk"}), keys=status.KEYS),
    Family("legal-act", legal_acts.legal_acts, needs_dates=True, keys=legal_acts.KEYS),
    Family("approved-by-act", approvals.approved_documents, frozenset({"ru"}), needs_dates=True, keys=approvals.KEYS),
    Family("relations", relations.relations, frozenset({"en", "ru"}), keys=relations.KEYS),
    Family("based-on", based_on.based_on, frozenset({"en"}), keys=based_on.KEYS),
    Family("job-title", titles.job_titles, frozenset({"en", "ru"}), keys=titles.KEYS),
    Family("event-figures", event_figures.event_figures, frozenset({"en"}), keys=event_figures.KEYS),
    Family("amendment-named", amendments.amendments, frozenset({"en"}), keys=amendments.KEYS),
    Family("anniversary", anniversaries.anniversaries, frozenset({"en"}), keys=anniversaries.KEYS),
    Family("votes-received", votes.votes, frozenset({"en"}), needs_parse=True, keys=votes.KEYS),
    Family("tenure", tenure.tenures, frozenset({"en"}), keys=tenure.KEYS),
    Family("job-title-kk", titles_kk.job_titles_kk, frozenset({"kk"}), keys=titles_kk.KEYS),
]

__all__ = ["FAMILIES", "Context", "Family", "head_word", "wants_parse"]
