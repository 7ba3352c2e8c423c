"""The entity search's data for one page: what the network views' search box (``viewer.js``) needs to rank the
page's nodes exactly as :meth:`kzgraph.query.search.SearchIndex.search` does — ported rules rather than ranked
answers, since a page cannot know what will be typed, and no network access, since a page must work offline."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any

from kzgraph import morphology
from kzgraph.query import normalise, search
from kzgraph.query.search import SearchIndex
from kzgraph.rdf import namespaces as ns

_FORMS: weakref.WeakKeyDictionary[SearchIndex, dict[str, str]] = weakref.WeakKeyDictionary()


def russian_forms(index: SearchIndex) -> dict[str, str]:
    """Every form of the Russian words of the vocabulary and of the Russian number words → its key (what
    :func:`kzgraph.query.normalise.keys` gives it), for pages that rank without pymorphy3; made once per index."""
    if index in _FORMS:
        return _FORMS[index]
    morph = morphology.analyzer()
    numbers = normalise.number_words()
    lemmas = {k for k in [*index.vocab, *numbers] if normalise.is_cyrillic(k) and morph.word_is_known(k)}
    forms: dict[str, str] = {}
    for lemma in sorted(lemmas):
        for parse in morph.parse(lemma)[:1]:
            for form in parse.lexeme:
                word = normalise.fold(form.word)
                key = normalise.word_key(word)
                if key in index.vocab_id or key in numbers:
                    forms[word] = key
    _FORMS[index] = dict(sorted(forms.items()))
    return _FORMS[index]


def export(index: SearchIndex, iris: Iterable[str]) -> dict[str, Any]:
    """What a page needs to rank the entities ``iris`` exactly as :meth:`SearchIndex.search` does (the network views'
    search box, ``viewer.js``): the constants, the normalisation tables, every key of the index's vocabulary with its
    weight (a query key is weighed by the vocabulary it matches, on or off the page), the keys of each class's
    labels, and each entity's names as keys and its prior.

    The one difference is the Russian dictionary: instead of pymorphy3, the page carries the form → key table of
    every form of the Russian words in the vocabulary and of the Russian number words (what :func:`keys` gives each
    form); a Russian word outside it is treated as a Kazakh one (endings stripped), so it can differ only in how it
    fuzzy-matches a key of the page."""
    wanted = [i for i in (index.by_iri.get(iri) for iri in iris) if i is not None]
    entities = {}
    for i in sorted(wanted):
        e = index.entities[i]
        start, end = int(index.name_start[i]), int(index.name_start[i + 1])
        entities[e.iri] = {
            "names": [list(index.name_keys[n]) for n in range(start, end)],
            "kind": e.kind,
            "prior": float(index.prior[i]),
        }
    return {
        "constants": {
            "prefix": search.PREFIX,
            "fuzzy": search.FUZZY,
            "fuzzyMinLength": search.FUZZY_MIN_LENGTH,
            "kindWeight": search.KIND_WEIGHT,
            "scriptWeight": search.SCRIPT_WEIGHT,
            "nameWeight": search.NAME_WEIGHT,
            "priorWeight": search.PRIOR_WEIGHT,
            "phrase": search.PHRASE,
            "phraseCandidates": search.PHRASE_CANDIDATES,
            "good": search.GOOD,
            "bigramShare": search._Bigrams.SHARE,
        },
        "rules": {**normalise.tables(), "ruForms": russian_forms(index)},
        "vocab": index.vocab,
        "idf": [float(x) for x in index.idf],
        "maxIdf": index.max_idf,
        "kinds": {
            kind: sorted({k for label in labels for k in normalise.keys(label)})
            for kind, labels in index.kind_labels.items()
        },
        "entities": entities,
        "prefixes": {"kzid": ns.ID},
    }
