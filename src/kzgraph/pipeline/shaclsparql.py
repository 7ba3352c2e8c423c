"""SHACL Core constraints compiled to SPARQL and run on an in-memory Oxigraph store.

The provenance graphs hold thousands of small, machine-made nodes (claims, annotations, targets, selectors)
whose shapes use only simple SHACL Core constraints. pySHACL walks them node by node in Python; compiled
to one SPARQL query per constraint, Oxigraph checks them all in a fraction of the time. Only the constructs
listed in :data:`COMPONENTS` are compiled, on shapes with ``sh:targetClass`` / ``sh:targetSubjectsOf`` or a
SPARQL target (``sh:select``) and predicate or sequence paths; ``sh:or`` only as a list of datatypes on a property
or, on a node shape, as a list of ``[ sh:path P ; sh:minCount 1 ]`` (one of these properties is required). A shape
using anything else raises :class:`Unsupported`, and the caller validates its group with pySHACL instead.
``sh:class`` is checked on ``rdf:type`` alone: the build has materialised every subclass entailment, so a
value's types are already closed under ``rdfs:subClassOf``.
``sh:datatype`` is checked in Python on the quads themselves, not in the store: Oxigraph canonicalises
literals on insert (an ``xsd:nonNegativeInteger`` is stored as ``xsd:integer``), which would hide the
datatype the data actually carries.
Tests check that this validator and pySHACL report the same focus nodes and components on broken graphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"

COMPONENTS = {
    "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent",
    "datatype": "DatatypeConstraintComponent",
    "class": "ClassConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent",
    "minLength": "MinLengthConstraintComponent",
    "maxLength": "MaxLengthConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent",
    "lessThan": "LessThanConstraintComponent",
    "lessThanOrEquals": "LessThanOrEqualsConstraintComponent",
    "pattern": "PatternConstraintComponent",
    "uniqueLang": "UniqueLangConstraintComponent",
    "languageIn": "LanguageInConstraintComponent",
    "or": "OrConstraintComponent",  # of datatypes only: [ sh:datatype A ] [ sh:datatype B ] …
}
# Keys of a property shape that carry no constraint.
NEUTRAL = {"path", "message", "severity", "name", "description", "order", "group"}
NODE_KINDS = {
    SH + "IRI": "isIRI(?v)",
    SH + "BlankNode": "isBlank(?v)",
    SH + "Literal": "isLiteral(?v)",
    SH + "BlankNodeOrIRI": "(isBlank(?v) || isIRI(?v))",
    SH + "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
    SH + "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))",
}


class Unsupported(Exception):
    """A shape uses a construct this compiler does not handle."""


@dataclass(frozen=True)
class Check:
    shape: str
    path: str  # SPARQL property path
    path_label: str
    component: str
    severity: str
    message: str
    query: str  # for sh:datatype: the query selecting the focus nodes
    datatypes: tuple[str, ...] = ()  # the datatypes a value may have: sh:datatype (or an sh:or of them) checks


@dataclass(frozen=True)
class Result:
    focus: str
    path: str
    component: str
    severity: str
    message: str
    shape: str


def _objects(graph: Any, subject: Any, predicate: str) -> list[Any]:
    import rdflib

    return list(graph.objects(subject, rdflib.URIRef(predicate)))


def _one(graph: Any, subject: Any, predicate: str) -> Any:
    values = _objects(graph, subject, predicate)
    if len(values) > 1:
        raise Unsupported(f"several values of {predicate} on {subject}")
    return values[0] if values else None


def _term(value: Any) -> str:
    """An rdflib term in SPARQL syntax."""
    return str(value.n3())


def _path(graph: Any, node: Any) -> tuple[str, str]:
    import rdflib

    if isinstance(node, rdflib.URIRef):
        return f"<{node}>", str(node)
    steps = _list(graph, node)
    if not steps:
        raise Unsupported("empty path")
    if not all(isinstance(step, rdflib.URIRef) for step in steps):
        raise Unsupported("only predicate and sequence paths are compiled")
    return "/".join(f"<{s}>" for s in steps), " / ".join(str(s) for s in steps)


def _targets(graph: Any, shape: Any) -> str:
    import rdflib

    parts = [f"{{ ?this a <{c}> }}" for c in _objects(graph, shape, SH + "targetClass")]
    parts += [f"{{ ?this <{p}> ?_t }}" for p in _objects(graph, shape, SH + "targetSubjectsOf")]
    for target in _objects(graph, shape, SH + "target"):
        keys = {str(p) for p in graph.predicates(target, None)} - {str(rdflib.RDF.type)}
        select = _one(graph, target, SH + "select")
        if (target, rdflib.RDF.type, rdflib.URIRef(SH + "SPARQLTarget")) not in graph or keys != {SH + "select"}:
            raise Unsupported("sh:target other than a SPARQL target with sh:select alone")
        parts.append(f"{{ {select} }}")
    for other in ("targetNode", "targetObjectsOf"):
        if _objects(graph, shape, SH + other):
            raise Unsupported(f"sh:{other}")
    if (shape, rdflib.RDF.type, rdflib.URIRef(SH + "NodeShape")) not in graph:
        raise Unsupported("not a node shape")
    return " UNION ".join(parts)


def _string(text: str) -> str:
    """A SPARQL string literal."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _list(graph: Any, node: Any) -> list[Any]:
    """The members of the RDF list ``node``."""
    import rdflib

    out = []
    while node is not None and node != rdflib.URIRef(RDF_NIL):
        out.append(_one(graph, node, RDF_FIRST))
        node = _one(graph, node, RDF_REST)
    return out


def _or_datatypes(graph: Any, members: list[Any]) -> tuple[str, ...]:
    """The datatypes of a property shape's ``sh:or`` whose every member is ``[ sh:datatype X ]`` alone."""
    found = []
    for m in members:
        keys = {str(p) for p in graph.predicates(m, None)}
        if keys != {SH + "datatype"}:
            raise Unsupported("sh:or of anything but datatypes on a property")
        found.append(str(_one(graph, m, SH + "datatype")))
    return tuple(found)


def _or_paths(graph: Any, members: list[Any]) -> list[str]:
    """The paths of a node shape's ``sh:or`` whose every member is ``[ sh:path P ; sh:minCount 1 ]`` alone."""
    found = []
    for m in members:
        keys = {str(p) for p in graph.predicates(m, None)}
        count = _one(graph, m, SH + "minCount")
        if keys != {SH + "path", SH + "minCount"} or count is None or int(count) != 1:
            raise Unsupported("node-level sh:or of anything but [ sh:path P ; sh:minCount 1 ]")
        found.append(_path(graph, _one(graph, m, SH + "path"))[0])
    return found


def _focus(target: str) -> str:
    """The focus nodes of a shape's ``target`` (a UNION of its target patterns), each once, as a sub-query."""
    return f"{{ SELECT DISTINCT ?this WHERE {{ {target} }} }}"


def _query(component: str, target: str, path: str, value: Any) -> str:
    focus = _focus(target)
    # The common bounds without grouping: about twice as fast on the provenance graphs' thousands of claims.
    if component == "minCount" and int(value) == 1:
        return f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?v }} }}"
    if component == "maxCount" and int(value) == 1:
        return f"SELECT DISTINCT ?this WHERE {{ {focus} ?this {path} ?v , ?w FILTER(!sameTerm(?v, ?w)) }}"
    if component == "minCount":
        return (
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {path} ?v }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(value)})"
        )
    if component == "maxCount":
        return f"SELECT ?this WHERE {{ {focus} ?this {path} ?v }} GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(value)})"
    each = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} ?this {path} ?v . "
    if component == "datatype":
        return each + f"FILTER(!isLiteral(?v) || DATATYPE(?v) != <{value}>) }}"
    if component == "class":
        return each + f"FILTER NOT EXISTS {{ ?v <{RDF_TYPE}> <{value}> }} }}"
    if component == "nodeKind":
        if str(value) not in NODE_KINDS:
            raise Unsupported(f"sh:nodeKind {value}")
        return each + f"FILTER(!{NODE_KINDS[str(value)]}) }}"
    if component == "minLength":
        return each + f"FILTER(isBlank(?v) || STRLEN(STR(?v)) < {int(value)}) }}"
    if component == "maxLength":
        return each + f"FILTER(isBlank(?v) || STRLEN(STR(?v)) > {int(value)}) }}"
    if component == "minInclusive":
        return each + f"FILTER(!(?v >= {_term(value)})) }}"
    if component == "maxInclusive":
        return each + f"FILTER(!(?v <= {_term(value)})) }}"
    if component == "lessThan":
        return each + f"?this <{value}> ?o FILTER(!(?v < ?o)) }}"
    if component == "lessThanOrEquals":
        return each + f"?this <{value}> ?o FILTER(!(?v <= ?o)) }}"
    if component == "uniqueLang":  # sh:uniqueLang false constrains nothing and is not compiled
        return each + f'?this {path} ?w FILTER(!sameTerm(?v, ?w) && LANG(?v) != "" && LANG(?v) = LANG(?w)) }}'
    if component == "languageIn":
        ranges = " || ".join(f"langMatches(LANG(?v), {_string(r)})" for r in value)
        return each + f"FILTER(!isLiteral(?v) || !({ranges or 'false'})) }}"
    if component == "pattern":
        return each + f"FILTER(isBlank(?v) || !REGEX(STR(?v), {_string(value)})) }}"
    raise Unsupported(component)


def compile_shape(graph: Any, shape: Any) -> list[Check]:
    """SPARQL checks for one node shape of the rdflib shapes ``graph``."""
    import rdflib

    target = _targets(graph, shape)
    node_keys = {str(p)[len(SH) :] for p in graph.predicates(shape, None) if str(p).startswith(SH)}
    extra = node_keys - {"targetClass", "targetSubjectsOf", "target", "property", "or", "severity", "message"}
    if extra - {"name", "description"}:
        raise Unsupported(f"node-level sh:{', sh:'.join(sorted(extra))}")
    shape_name = str(shape) if isinstance(shape, rdflib.URIRef) else ""
    node_severity = str(_one(graph, shape, SH + "severity") or SH + "Violation")
    checks: list[Check] = []
    for members in _objects(graph, shape, SH + "or"):
        missing = " && ".join(
            f"NOT EXISTS {{ ?this {p} ?_v{i} }}" for i, p in enumerate(_or_paths(graph, _list(graph, members)))
        )
        checks.append(
            Check(
                shape=shape_name,
                path="",
                path_label="",
                component=COMPONENTS["or"],
                severity=node_severity,
                message=str(_one(graph, shape, SH + "message") or ""),
                query=f"SELECT DISTINCT ?this WHERE {{ {_focus(target)} FILTER({missing}) }}",
            )
        )
    for prop in _objects(graph, shape, SH + "property"):
        keys = {str(p)[len(SH) :]: o for p, o in graph.predicate_objects(prop) if str(p).startswith(SH)}
        unknown = set(keys) - NEUTRAL - set(COMPONENTS)
        if unknown:
            raise Unsupported(f"sh:{', sh:'.join(sorted(unknown))}")
        path, label = _path(graph, _one(graph, prop, SH + "path"))
        severity = str(_one(graph, prop, SH + "severity") or _one(graph, shape, SH + "severity") or SH + "Violation")
        message = str(_one(graph, prop, SH + "message") or "")
        for key in sorted(set(keys) & set(COMPONENTS)):
            for value in _objects(graph, prop, SH + key):
                if key == "uniqueLang" and str(value).lower() != "true":
                    continue
                datatypes: tuple[str, ...] = ()
                if key == "datatype":
                    datatypes = (str(value),)
                elif key == "or":
                    datatypes = _or_datatypes(graph, _list(graph, value))
                if datatypes and " / " in label:
                    raise Unsupported(f"sh:{key} on a sequence path")
                checks.append(
                    Check(
                        shape=shape_name,
                        path=path,
                        path_label=label,
                        component=COMPONENTS[key],
                        severity=severity,
                        message=message,
                        query=(
                            f"SELECT DISTINCT ?this WHERE {{ {target} }}"
                            if datatypes
                            else _query(key, target, path, _list(graph, value) if key == "languageIn" else value)
                        ),
                        datatypes=datatypes,
                    )
                )
    return checks


def run(store: ox.Store, checks: list[Check], quads: list[ox.Quad]) -> list[Result]:
    """Every result of ``checks`` on ``store`` (loaded with ``quads``; its default graph is their union).

    ``sh:datatype`` is checked on ``quads`` (see the module's description): the values of each checked path that
    lack the datatype give the candidate focus nodes, and only when there are any is the shape's target asked
    which of them it selects (a conforming graph needs no query for them)."""
    allowed: dict[str, set[tuple[str, ...]]] = {}  # path -> the datatype sets checked on it
    for c in checks:
        if c.datatypes:
            allowed.setdefault(c.path_label, set()).add(c.datatypes)
    wrong: dict[tuple[str, tuple[str, ...]], set[str]] = {}  # (path, datatypes) -> subjects with a value outside
    for q in quads:
        wanted = allowed.get(q.predicate.value)
        if wanted is None or not isinstance(q.subject, (ox.NamedNode, ox.BlankNode)):
            continue
        o = q.object
        actual = o.datatype.value if isinstance(o, ox.Literal) else None
        for datatypes in wanted:
            if actual not in datatypes:
                wrong.setdefault((q.predicate.value, datatypes), set()).add(q.subject.value)
    results: list[Result] = []
    for check in checks:
        candidates = wrong.get((check.path_label, check.datatypes), set()) if check.datatypes else None
        if candidates is not None and not candidates:
            continue
        solutions = store.query(check.query, use_default_graph_as_union=True)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            focus = row["this"]
            name = focus.value if focus is not None else ""
            if candidates is None or name in candidates:
                results.append(
                    Result(name, check.path_label, check.component, check.severity, check.message, check.shape)
                )
    return sorted(set(results), key=lambda r: (r.focus, r.path, r.component))


def report_text(results: list[Result]) -> str:
    """A readable report in the spirit of pySHACL's."""
    lines = [f"Validation Report\nConforms: {not any(r.severity == SH + 'Violation' for r in results)}"]
    lines.append(f"Results ({len(results)}):")
    for r in results:
        severity = r.severity.removeprefix(SH)
        lines.append(f"Constraint {severity} in {r.component}:")
        lines.append(f"\tSource Shape: <{r.shape}>")
        lines.append(f"\tFocus Node: <{r.focus}>")
        lines.append(f"\tResult Path: <{r.path}>")
        if r.message:
            lines.append(f"\tMessage: {r.message}")
    return "\n".join(lines)
