"""Russian morphology: one pymorphy3 analyser for the whole process (its dictionaries take a fifth of a second to
load), shared by ingest (lemmas of Russian text) and the entity search (keys of Russian words).

pymorphy3 reads its dictionaries through DAWG2's C extension (``dawg``) where it imports, else through the
pure-Python DAWG2-Python: on the search index's Russian word forms the C extension is about 7× faster (0.63 →
0.085 s of CPU for the 1,027 forms of the built graph's vocabulary). The import below makes a missing extension
an error at first use rather than a silent slowdown."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def analyzer() -> Any:
    """The process's pymorphy3 ``MorphAnalyzer`` (Russian dictionaries)."""
    import dawg  # noqa: F401 - DAWG2's C extension, which pymorphy3 uses when it imports
    import pymorphy3

    return pymorphy3.MorphAnalyzer()
