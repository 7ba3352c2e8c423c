"""Reading the curated entities and facts (``data/entities``, ``data/facts``) into records.

``kzgraph check`` (:func:`kzgraph.pipeline.build.check_curation`) loads everything, places every quote, and lists all
problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzgraph import fileio as yamlfile
from kzgraph.errors import SourceError
from kzgraph.pipeline.model import Entity, Fact, Literal, Quote
from kzgraph.pipeline.ontology import XSD, Ontology
from kzgraph.rdf import namespaces as ns

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ENTITY_KEYS = {"id", "class", "label", "alt", "evidence", "note", yamlfile.LINE}
FACT_KEYS = {"s", "p", "o", "value", "lang", "datatype", "quote", "occurrence", "note", yamlfile.LINE}
LANGS = {"en", "ru", "kk"}


@dataclass
class Curated:
    entities: dict[str, Entity]
    facts: list[Fact]
    order_problems: list[str]


def _where(path: Path, item: Any, root: Path) -> str:
    line = item.get(yamlfile.LINE, "?") if isinstance(item, dict) else "?"
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = path
    return f"{rel}:{line}"


def _term(onto: Ontology, name: str, where: str, kind: str, allowed: set[str]) -> str:
    try:
        iri = ns.expand(name)
    except KeyError:
        raise SourceError(f"{where}: unknown prefix in {kind} '{name}'") from None
    if iri not in allowed:
        raise SourceError(f"{where}: '{name}' is not a {kind} of the ontology (see ontology/kzgraph.ttl)")
    return iri


def _quote(raw: Any, where: str, default_source: str | None) -> Quote:
    if not isinstance(raw, dict):
        raise SourceError(f"{where}: evidence entries need 'source' and 'quote'")
    source = raw.get("source", default_source)
    text = raw.get("quote")
    if not source or not isinstance(text, str) or not text.strip():
        raise SourceError(f"{where}: evidence needs a non-empty 'quote' and a 'source'")
    occ = raw.get("occurrence")
    if occ is not None and (not isinstance(occ, int) or occ < 1):
        raise SourceError(f"{where}: 'occurrence' must be a positive integer")
    return Quote(source=str(source), text=text, where=where, occurrence=occ)


def _lang_map(raw: Any, where: str, field: str) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise SourceError(f"{where}: '{field}' must map language codes (en, ru, kk) to text")
    out = {k: v for k, v in raw.items() if k != yamlfile.LINE}
    bad = sorted(set(out) - LANGS)
    if bad:
        raise SourceError(f"{where}: '{field}' has unknown language {', '.join(bad)} (use en, ru, kk)")
    return out


def load_entities(path: Path, onto: Ontology, root: Path) -> list[Entity]:
    data = yamlfile.load(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise SourceError(f"{path}: expected a list of entities")
    out: list[Entity] = []
    for item in data:
        where = _where(path, item, root)
        if not isinstance(item, dict):
            raise SourceError(f"{where}: each entity must be a mapping")
        unknown = sorted(set(item) - ENTITY_KEYS)
        if unknown:
            raise SourceError(f"{where}: unknown key(s) {', '.join(unknown)}")
        eid = str(item.get("id", ""))
        if not ID_RE.match(eid):
            raise SourceError(f"{where}: entity id '{eid}' must be a lowercase slug [a-z0-9-]")
        cls = _term(onto, str(item.get("class", "")), where, "class", onto.classes)
        labels = {k: str(v).strip() for k, v in _lang_map(item.get("label"), where, "label").items()}
        if "en" not in labels:
            raise SourceError(f"{where}: entity '{eid}' needs an English label (label: en: ...)")
        alt_raw = _lang_map(item.get("alt"), where, "alt")
        alt = {k: [str(x).strip() for x in (v if isinstance(v, list) else [v])] for k, v in alt_raw.items()}
        evidence = item.get("evidence")
        if not isinstance(evidence, list) or not evidence:
            raise SourceError(f"{where}: entity '{eid}' needs at least one evidence quote")
        quotes = [_quote(e, _where(path, e, root), None) for e in evidence]
        note = item.get("note")
        out.append(Entity(eid, cls, labels, alt, quotes, where, str(note) if note else None))
    return out


def _literal(onto: Ontology, prop: str, item: dict[str, Any], where: str) -> Literal:
    value = item["value"]
    lang = item.get("lang")
    if item.get("datatype"):
        try:
            return Literal(str(value), datatype=ns.expand(str(item["datatype"])))
        except KeyError:
            raise SourceError(f"{where}: unknown datatype prefix '{item['datatype']}'") from None
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=XSD + "boolean")
    if onto.is_temporal(prop):
        text = str(value)
        if not DATE_RE.match(text):
            raise SourceError(f"{where}: date '{text}' must be YYYY, YYYY-MM or YYYY-MM-DD")
        kind = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(text)]
        return Literal(text, datatype=XSD + kind)
    rng = onto.ranges.get(prop)
    if lang is not None:
        if str(lang) not in LANGS:
            raise SourceError(f"{where}: lang '{lang}' must be one of en, ru, kk")
        return Literal(str(value), lang=str(lang))
    if rng == ns.PREFIXES["rdf"] + "langString":
        raise SourceError(f"{where}: '{item['p']}' takes text with a language: add lang: en|ru|kk")
    if rng == XSD + "integer" or (rng is None and isinstance(value, int)):
        if not isinstance(value, int):
            raise SourceError(f"{where}: '{item['p']}' takes an integer, not '{value}'")
        return Literal(str(value), datatype=XSD + "integer")
    if rng == XSD + "decimal" or (rng is None and isinstance(value, float)):
        try:
            number = float(str(value).replace(",", "."))
        except ValueError:
            raise SourceError(f"{where}: '{item['p']}' takes a decimal number, not '{value}'") from None
        text = repr(number)
        return Literal(text.removesuffix(".0"), datatype=XSD + "decimal")
    return Literal(str(value), datatype=XSD + "string")


def load_facts(path: Path, onto: Ontology, root: Path) -> list[Fact]:
    data = yamlfile.load(path)
    if not isinstance(data, dict) or "source" not in data or not isinstance(data.get("facts"), list):
        raise SourceError(f"{path}: expected a mapping with 'source:' and a 'facts:' list")
    source = str(data["source"])
    out: list[Fact] = []
    for item in data["facts"]:
        where = _where(path, item, root)
        if not isinstance(item, dict):
            raise SourceError(f"{where}: each fact must be a mapping")
        unknown = sorted(set(item) - FACT_KEYS)
        if unknown:
            raise SourceError(f"{where}: unknown key(s) {', '.join(unknown)}")
        for key in ("s", "p", "quote"):
            if key not in item:
                raise SourceError(f"{where}: fact needs '{key}'")
        prop = _term(onto, str(item["p"]), where, "property", onto.properties)
        quote = _quote(item, where, source)
        note = str(item["note"]) if item.get("note") else None
        has_o, has_v = "o" in item, "value" in item
        if has_o == has_v:
            raise SourceError(f"{where}: fact needs exactly one of 'o' (entity) or 'value' (literal)")
        if has_o:
            if prop in onto.datatype_properties:
                raise SourceError(f"{where}: '{item['p']}' takes a literal 'value', not an entity 'o'")
            out.append(Fact(s=str(item["s"]), p=prop, o=str(item["o"]), quote=quote, note=note))
        else:
            if prop in onto.object_properties:
                raise SourceError(f"{where}: '{item['p']}' takes an entity 'o', not a literal 'value'")
            lit = _literal(onto, prop, item, where)
            out.append(Fact(s=str(item["s"]), p=prop, value=lit, quote=quote, note=note))
    return out


def _order_problems(entries: list[tuple[tuple[str, ...], str]], order: str) -> list[str]:
    """The first entry that sorts before the one above it, as ``file:line: …`` (``entries``: sort key and where).

    >>> _order_problems([(("apk",), "data/facts/lee.yaml:3"), (("abai",), "data/facts/lee.yaml:9")], "s")
    ["data/facts/lee.yaml:9: entry 2 ('abai') is out of order: it sorts before entry 1 ('apk', line 3); sort by s"]
    """
    for i in range(1, len(entries)):
        (key, where), (before, before_where) = entries[i], entries[i - 1]
        if key < before:
            line = before_where.rsplit(":", 1)[-1]
            entry, previous = ", ".join(map(repr, key)), ", ".join(map(repr, before))
            problem = f"entry {i + 1} ({entry}) is out of order: it sorts before entry {i} ({previous}, line {line})"
            return [f"{where}: {problem}; sort by {order}"]
    return []


def load(data_dir: Path, onto: Ontology) -> Curated:
    """All curated entities and facts; ids must be unique and every reference must resolve."""
    root = data_dir.parent
    entities: dict[str, Entity] = {}
    problems: list[str] = []
    for path in sorted((data_dir / "entities").glob("*.yaml")):
        loaded = load_entities(path, onto, root)
        problems += _order_problems([((e.id,), e.where) for e in loaded], "id")
        for e in loaded:
            if e.id in entities:
                raise SourceError(f"{e.where}: entity id '{e.id}' is already defined at {entities[e.id].where}")
            entities[e.id] = e
    facts: list[Fact] = []
    for path in sorted((data_dir / "facts").glob("*.yaml")):
        loaded_facts = load_facts(path, onto, root)
        problems += _order_problems([((f.s, ns.compact(f.p)), f.where) for f in loaded_facts], "s, then p")
        facts += loaded_facts
    return Curated(entities, facts, problems)
