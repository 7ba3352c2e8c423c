"""The Python API: :class:`KnowledgeGraph`, a store plus the catalogue of named queries.

>>> from kzgraph import KnowledgeGraph
>>> kg = KnowledgeGraph.open()                       # build/store, or $KZGRAPH_STORE
>>> sessions = kg.query("apk-sessions", lang="ru")   # a named query from queries/
>>> sessions.columns
['number', 'kind', 'date', 'theme', 'dates']
>>> sessions.dicts()[0]["theme"]
'За мир и согласие в нашем общем доме'
>>> kg.query("SELECT ?b WHERE { ?b a kz:StateBody } ORDER BY ?b").rows[0]
Row(b='https://w3id.org/kzgraph/id/akimat-almaty')

Ad-hoc SPARQL may use kzgraph's prefixes (kz:, kzid:, skos:, org: …) without declaring them.

Queries with ``SERVICE`` clauses (``queries/federated-*.rq``) run through
:func:`kzgraph.query.federation.run_federated`; each service a query declares (``# service: NAME <default>``)
can be pointed elsewhere with ``services={"NAME": URL}`` (here, per call, or ``$KZGRAPH_SERVICES``). With
``wikidata`` the query URL of a Wikidata-shaped endpoint (e.g. ``http://127.0.0.1:7878/query``; the tests use
``oxigraph serve`` holding tests/linking/data/wikidata-fixture.ttl) and ``$KZGRAPH_CONTACT`` set:

>>> kg = KnowledgeGraph.open(services={"wikidata": wikidata})
>>> [row["placeLabel"] for row in kg.query("federated-places-wikidata").dicts()]
['Kazakhstan']
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzgraph.errors import QueryError
from kzgraph.query.catalogue import Catalogue, NamedQuery, looks_like_name
from kzgraph.rdf.namespaces import PREFIXES
from kzgraph.stores import Store, open_store

if TYPE_CHECKING:
    from typing import Self

    import networkx as nx

    from kzgraph.linking.client import SparqlClient
    from kzgraph.query.describe import Description
    from kzgraph.query.results import QueryResult
    from kzgraph.query.search import SearchHit

ClientFactory = Callable[[str], "SparqlClient"]


def _mentions_service(text: str) -> bool:
    return "SERVICE" in text.upper()


class KnowledgeGraph:
    """The built graph, queried by SPARQL text or by the name of a catalogue query."""

    def __init__(
        self,
        store: Store,
        *,
        catalogue: Catalogue | None = None,
        services: Mapping[str, str] | None = None,
        client_factory: ClientFactory | None = None,
    ) -> None:
        """``services``: endpoints of the services federated queries declare (over ``$KZGRAPH_SERVICES``);
        ``client_factory``: makes the HTTP client of one endpoint (default:
        :func:`kzgraph.query.federation.client_factory`, contact ``$KZGRAPH_CONTACT``, the shared cache)."""
        self.store = store
        self.catalogue = catalogue or Catalogue()
        self.services: dict[str, str] = dict(services or {})
        self.client_factory = client_factory

    @classmethod
    def open(
        cls,
        location: str | Path | None = None,
        *,
        catalogue: Catalogue | None = None,
        services: Mapping[str, str] | None = None,
        client_factory: ClientFactory | None = None,
    ) -> KnowledgeGraph:
        """Open the store at ``location`` (as :func:`kzgraph.stores.open_store`; default ``$KZGRAPH_STORE`` or
        ``build/store``), read-only."""
        if location is None:
            location = os.environ.get("KZGRAPH_STORE") or None
        return cls(open_store(location), catalogue=catalogue, services=services, client_factory=client_factory)

    def named(self, name: str) -> NamedQuery:
        return self.catalogue.get(name)

    def sparql(self, name: str, *, lang: str = "en", services: Mapping[str, str] | None = None, **params: Any) -> str:
        """The text of named query ``name`` with its parameters bound and its services pointed at their configured
        endpoints (what :meth:`query` runs)."""
        q = self.catalogue.get(name)
        if "lang" in q.param_names:
            params.setdefault("lang", lang)
        text = q.bind(params, resolve=self.resolve)
        return self.bind_services(text, services)

    def bind_services(self, text: str, services: Mapping[str, str] | None = None) -> str:
        """``text`` with the services it declares (``# service: NAME <default>``) pointed at their configured
        endpoints (:meth:`effective_services`)."""
        if not _mentions_service(text):  # the federation module is imported only when needed
            return text
        from kzgraph.query.federation import bind_services, declared_services

        if declared_services(text):
            text = bind_services(text, self.effective_services(services))
        return text

    def effective_services(self, services: Mapping[str, str] | None = None) -> dict[str, str]:
        """Configured service endpoints: ``$KZGRAPH_SERVICES``, then this graph's, then ``services`` (the last wins)."""
        from kzgraph.query.federation import parse_services

        return {**parse_services(), **self.services, **(services or {})}

    def resolve(self, name: str) -> str:
        """The IRI of the entity called ``name`` (a label in any language, an id or an IRI)."""
        from kzgraph.query.describe import resolve

        return resolve(self.store, name)

    def search(self, text: str, *, lang: str | None = None, limit: int = 10) -> list[SearchHit]:
        """The entities that best match ``text`` — any label or alias in en/ru/kk, misspelt, partial or inflected, an
        acronym, a numbered session ("XX session", "20-я сессия"), a CURIE or an IRI —, best first, labelled in
        ``lang`` (see :mod:`kzgraph.query.search`)."""
        from kzgraph.query.search import search

        return search(self.store, text, lang=lang, limit=limit)

    def describe(self, name: str, *, lang: str = "en", include_extracted: bool = False) -> Description:
        """Every fact about the entity ``name`` (found as by ``kzgraph describe``: id, CURIE, IRI, any label, else the
        best good search match), each with its quotes; shown as escaped HTML in Jupyter."""
        from kzgraph.query.describe import describe

        return describe(self.store, name, include_extracted=include_extracted, lang=lang)

    def query(
        self,
        sparql_or_name: str,
        *,
        lang: str = "en",
        include_extracted: bool = False,
        timeout: float | None = None,
        services: Mapping[str, str] | None = None,
        **params: Any,
    ) -> QueryResult:
        """Run a named catalogue query (with ``params``) or SPARQL text; curated statements only by default.

        ``services`` points the services a federated query declares at other endpoints, for this call.
        """
        if looks_like_name(sparql_or_name.strip()):
            text = self.sparql(sparql_or_name.strip(), lang=lang, services=services, **params)
            result = self._execute(text, timeout=timeout, include_extracted=include_extracted)
            return result.with_dates(self.catalogue.get(sparql_or_name.strip()).dates)
        if params:
            raise QueryError(f"parameters ({', '.join(sorted(params))}) apply to named queries, not to SPARQL text")
        return self.run_sparql(sparql_or_name, timeout=timeout, include_extracted=include_extracted, services=services)

    def run_sparql(
        self,
        sparql: str,
        *,
        timeout: float | None = None,
        include_extracted: bool = False,
        services: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """Run SPARQL text with kzgraph's prefixes predeclared (the text is left as written, so error lines are the
        user's).

        A ``# service: NAME <default>`` line in the text declares a service that ``services`` may point elsewhere.
        """
        sparql = self.bind_services(sparql, services)
        return self._execute(sparql, timeout=timeout, include_extracted=include_extracted, prefixes=PREFIXES)

    def _execute(
        self,
        text: str,
        *,
        timeout: float | None,
        include_extracted: bool,
        prefixes: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """Run prepared query text. A query that calls a remote ``SERVICE`` runs where the store can evaluate it: a
        store in this process has its calls relayed through kzgraph's HTTP client (cache, contact, offline mode); a
        server makes them itself."""
        if not _mentions_service(text):
            return self.store.query(text, timeout=timeout, include_extracted=include_extracted, prefixes=prefixes)
        from kzgraph.query.federation import is_federated

        if not is_federated(text):
            return self.store.query(text, timeout=timeout, include_extracted=include_extracted, prefixes=prefixes)
        if not self.store.evaluates_service:
            raise QueryError(
                f"federated queries (SERVICE) need a store that evaluates SERVICE (the embedded Oxigraph store or a "
                f"SPARQL endpoint), not {self.store.location}"
            )
        if not self.store.in_process:
            return self.store.query(text, timeout=timeout, include_extracted=include_extracted, prefixes=prefixes)
        from kzgraph.query.federation import client_factory, run_federated

        factory = self.client_factory or client_factory()
        done = run_federated(
            self.store,
            text,
            client_factory=factory,
            timeout=timeout,
            include_extracted=include_extracted,
            prefixes=prefixes,
        )
        assert done.result is not None
        return done.result

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole entity graph as a networkx ``MultiDiGraph``: every entity a node (``label``, ``labels``, ``cls``,
        ``cls_label``), every relation between two entities an edge keyed by its predicate IRI, with its
        ``evidence`` (source, start, end, quote) and ``note``; see :func:`kzgraph.network.entity_graph`. The
        measures ``kzgraph network-stats`` prints are :func:`kzgraph.network.analyse` of this graph."""
        from kzgraph.network import entity_graph
        from kzgraph.viz.extract import load

        return entity_graph(load(self.store))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
