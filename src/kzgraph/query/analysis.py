"""Results for analysis in Python: pandas DataFrames with typed columns, networkx and rdflib graphs
(``QueryResult.to_pandas``, ``to_networkx`` and ``to_rdflib`` call these; a result is passed in, not imported here, so
the two modules do not import each other). pandas comes with
the ``analysis`` extra; without it, :class:`MissingExtra` says what to install."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from kzgraph.errors import KzGraphError
from kzgraph.query.values import PartialDate


class MissingExtra(KzGraphError):
    """An optional package a method needs is not installed."""


def _require(module: str, what: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(f"{what} needs {module}, which is not installed: pip install 'kzgraph[analysis]'") from None


def to_pandas(result: Any) -> Any:
    """A pandas DataFrame, one column per variable, typed: integers ``Int64``, decimals and doubles
    ``float64``, booleans ``boolean``, dates ``datetime64`` when every value is known to the day, a
    ``Period`` of years or months when all share that precision, else the :class:`PartialDate` values;
    IRIs and strings ``str``. Needs pandas (``pip install 'kzgraph[analysis]'``)."""
    pd = _require("pandas", "to_pandas()")
    columns = result.columns
    rows = result.rows
    data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
    return pd.DataFrame({c: _series(pd, c, values) for c, values in data.items()}, columns=columns)


def to_networkx(result: Any) -> Any:
    """The triples of a graph result (CONSTRUCT, DESCRIBE) as a ``networkx.MultiDiGraph``: a node per IRI or
    blank node (its id the IRI), an edge per triple between two of them (``key`` and ``predicate`` the
    predicate IRI); literal values become node attributes named by the compact predicate (``skos:prefLabel``),
    lists where there are several, and ``label`` holds an English (else any) ``skos:prefLabel``/``rdfs:label``."""
    if result.kind != "graph":
        raise ValueError(f"to_networkx() needs a graph result (CONSTRUCT or DESCRIBE), not {result.kind.upper()}")
    import networkx as nx

    from kzgraph.rdf.namespaces import compact

    g = nx.MultiDiGraph()
    labels: dict[str, dict[str, str]] = {}
    for t, (s, p, value) in zip(result.triples, result.rows, strict=True):  # rows: the triples as Python values
        g.add_node(s)
        if isinstance(t.object, ox.Literal):
            name = compact(p)
            data = g.nodes[s]
            data[name] = [*data[name], value] if isinstance(data.get(name), list) else (
                [data[name], value] if name in data else value)  # fmt: skip
            if name in ("skos:prefLabel", "rdfs:label"):
                labels.setdefault(s, {}).setdefault(t.object.language or "", t.object.value)
        else:
            g.add_edge(s, value, key=p, predicate=p)
    for node, by_lang in labels.items():
        g.nodes[node]["label"] = by_lang.get("en") or by_lang[min(by_lang)]
    return g


def to_rdflib(result: Any) -> Any:
    """The triples of a graph result as an ``rdflib.Graph`` (kzgraph's prefixes bound)."""
    if result.kind != "graph":
        raise ValueError(f"to_rdflib() needs a graph result (CONSTRUCT or DESCRIBE), not {result.kind.upper()}")
    import rdflib

    from kzgraph.rdf.namespaces import PREFIXES

    g = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    for t in result.triples:
        g.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    return g


def _series(pd: Any, name: str, values: list[Any]) -> Any:
    """One typed pandas column (see :meth:`QueryResult.to_pandas`)."""
    present = [v for v in values if v is not None]
    kinds = {type(v) for v in present}
    if not present:
        return pd.Series(values, dtype="object", name=name)
    if kinds == {bool}:
        return pd.Series(values, dtype="boolean", name=name)
    if kinds == {int}:
        return pd.Series(values, dtype="Int64", name=name)
    if kinds <= {int, float, Decimal}:
        return pd.Series([None if v is None else float(v) for v in values], dtype="float64", name=name)
    if kinds == {dt.date}:
        return pd.Series(pd.to_datetime(values), name=name)
    if kinds == {dt.datetime}:
        return pd.Series(pd.to_datetime(values), name=name)
    if kinds == {PartialDate}:
        precisions = {v.precision for v in present}
        if len(precisions) == 1:
            freq = {"year": "Y", "month": "M", "day": "D"}[precisions.pop()]
            return pd.Series([None if v is None else pd.Period(str(v), freq=freq) for v in values], name=name)
    if kinds == {str}:
        return pd.Series(values, dtype="str", name=name)
    return pd.Series(values, dtype="object", name=name)


def _rdflib(term: Any) -> Any:
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r} to rdflib")
