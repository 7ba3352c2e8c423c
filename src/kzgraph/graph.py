"""The Python API: :class:`KnowledgeGraph`, a store plus the catalogue of named queries.

>>> from kzgraph import KnowledgeGraph
>>> kg = KnowledgeGraph.open()                       # build/store, or $KZGRAPH_STORE
>>> kg.query("apk-sessions", lang="ru").to_table()   # a named query from queries/
>>> kg.query("SELECT ?s WHERE { ?s a kz:StateBody }").rows

Ad-hoc SPARQL may use kzgraph's prefixes (kz:, kzid:, skos:, org: …) without declaring them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzgraph.catalogue import Catalogue, NamedQuery, looks_like_name
from kzgraph.errors import QueryError
from kzgraph.store import Store, open_store, syntax_error

if TYPE_CHECKING:
    from typing_extensions import Self

    from kzgraph.results import QueryResult


def prefix_line() -> str:
    from kzgraph.namespaces import PREFIXES

    return " ".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())


class KnowledgeGraph:
    """The built graph, queried by SPARQL text or by the name of a catalogue query."""

    def __init__(self, store: Store, *, catalogue: Catalogue | None = None) -> None:
        self.store = store
        self.catalogue = catalogue or Catalogue()

    @classmethod
    def open(cls, location: str | Path | None = None, *, catalogue: Catalogue | None = None) -> KnowledgeGraph:
        """Open the store at ``location`` (as :func:`kzgraph.store.open_store`; default ``$KZGRAPH_STORE`` or
        ``build/store``), read-only."""
        if location is None:
            location = os.environ.get("KZGRAPH_STORE") or None
        return cls(open_store(location), catalogue=catalogue)

    def named(self, name: str) -> NamedQuery:
        return self.catalogue.get(name)

    def sparql(self, name: str, *, lang: str = "en", **params: Any) -> str:
        """The text of named query ``name`` with its parameters bound (what :meth:`query` runs)."""
        q = self.catalogue.get(name)
        if "lang" in q.param_names:
            params.setdefault("lang", lang)
        return q.bind(params, resolve=self.resolve)

    def resolve(self, name: str) -> str:
        """The IRI of the entity called ``name`` (a label in any language, an id or an IRI)."""
        from kzgraph.describe import resolve

        return resolve(self.store, name)

    def query(
        self,
        sparql_or_name: str,
        *,
        lang: str = "en",
        include_extracted: bool = False,
        timeout: float | None = None,
        **params: Any,
    ) -> QueryResult:
        """Run a named catalogue query (with ``params``) or SPARQL text; curated statements only by default."""
        if looks_like_name(sparql_or_name.strip()):
            text = self.sparql(sparql_or_name.strip(), lang=lang, **params)
            return self.store.query(text, timeout=timeout, include_extracted=include_extracted)
        if params:
            raise QueryError(f"parameters ({', '.join(sorted(params))}) apply to named queries, not to SPARQL text")
        return self.run_sparql(sparql_or_name, timeout=timeout, include_extracted=include_extracted)

    def run_sparql(self, sparql: str, *, timeout: float | None = None, include_extracted: bool = False) -> QueryResult:
        """Run SPARQL text with kzgraph's prefixes predeclared (on one extra first line; error lines are the user's)."""
        try:
            return self.store.query(prefix_line() + "\n" + sparql, timeout=timeout, include_extracted=include_extracted)
        except QueryError as e:
            line = getattr(e, "line", None)
            if line is None:
                raise
            message = str(e).split(": ", 1)[1] if ": " in str(e) else str(e)
            raise syntax_error(message, line=max(line - 1, 1), column=getattr(e, "column", None)) from None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
