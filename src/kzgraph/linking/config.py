"""The user-verified configuration of reconciliation and enrichment: ``data/linking/wikidata.yaml`` (a
Wikidata-shaped endpoint) and ``data/linking/dbpedia.yaml`` (a DBpedia-shaped one)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kzgraph.errors import SourceError
from kzgraph.rdf import namespaces as ns

CONFIG_FILE = Path("linking") / "wikidata.yaml"
DBPEDIA_CONFIG_FILE = Path("linking") / "dbpedia.yaml"
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
REQUIRED_PROPERTIES = ("instance_of", "subclass_of", "country")


@dataclass(frozen=True)
class ClassRule:
    cls: str  # full kz class IRI
    type_label: str
    country: bool = False
    dates: dict[str, str] = field(default_factory=dict)  # our property IRI -> property key
    enrich: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClassSpec:
    """One entry of a configuration's ``classes``, checked: as written, expanded, its spec and date comparisons."""

    curie: str
    iri: str
    spec: dict[str, Any]
    dates: dict[str, str]


@dataclass(frozen=True)
class LinkingConfig:
    path: Path
    properties: dict[str, str]  # key -> P-id
    country_entity: str
    search_languages: tuple[str, ...]
    enrich_languages: tuple[str, ...]
    classes: dict[str, ClassRule]

    def wdt(self, key: str) -> str:
        return WDT + self.properties[key]


def _read(path: Path, what: str) -> dict[str, Any]:
    """The YAML mapping in ``path`` (``what`` names the file in the error when it is missing)."""
    if not path.is_file():
        raise SourceError(f"{path}: missing ({what})")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise SourceError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from None
    if not isinstance(raw, dict):
        raise SourceError(f"{path}: expected a mapping")
    return raw


def _classes(raw: dict[str, Any], props: Mapping[str, object], where: str, type_is: str) -> Iterator[ClassSpec]:
    """Each entry of ``classes``: our class IRI, its spec, and its date comparisons (keys of ``props``)."""
    for curie, spec in _mapping(raw.get("classes"), f"{where}: classes").items():
        spec = _mapping(spec, f"{where}: classes.{curie}")
        try:
            cls = ns.expand(str(curie))
        except KeyError:
            raise SourceError(f"{where}: classes.{curie}: unknown prefix") from None
        if not spec.get("type"):
            raise SourceError(f"{where}: classes.{curie}: 'type' ({type_is}) is required")
        dates: dict[str, str] = {}
        for ours, theirs in _mapping(spec.get("dates") or {}, f"{where}: classes.{curie}.dates").items():
            if theirs not in props:
                raise SourceError(f"{where}: classes.{curie}.dates: '{theirs}' is not a key of properties")
            dates[ns.expand(str(ours))] = str(theirs)
        yield ClassSpec(str(curie), cls, spec, dates)


def load(data: Path) -> LinkingConfig:
    path = data / CONFIG_FILE
    raw = _read(path, "the reconciliation configuration")
    where = str(path)
    props = _mapping(raw.get("properties"), f"{where}: properties")
    for key, pid in props.items():
        if not re.fullmatch(r"P[1-9][0-9]*", str(pid)):
            raise SourceError(f"{where}: properties.{key}: '{pid}' is not a Wikidata property id")
    for key in REQUIRED_PROPERTIES:
        if key not in props:
            raise SourceError(f"{where}: properties.{key} is required")
    classes: dict[str, ClassRule] = {}
    for c in _classes(raw, props, where, "a Wikidata class label"):
        enrich = tuple(str(k) for k in c.spec.get("enrich") or [])
        for key in enrich:
            if key not in props:
                raise SourceError(f"{where}: classes.{c.curie}.enrich: '{key}' is not a key of properties")
        classes[c.iri] = ClassRule(c.iri, str(c.spec["type"]), bool(c.spec.get("country", False)), c.dates, enrich)
    return LinkingConfig(
        path=path,
        properties={str(k): str(v) for k, v in props.items()},
        country_entity=str(raw.get("country_entity") or ""),
        search_languages=tuple(raw.get("search_languages") or ("en", "ru", "kk")),
        enrich_languages=tuple(raw.get("enrich_languages") or ("en", "ru", "kk")),
        classes=classes,
    )


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SourceError(f"{where}: expected a mapping")
    return value


# -- DBpedia ------------------------------------------------------------------------------------------

DBR = "http://dbpedia.org/resource/"
DBO = "http://dbpedia.org/ontology/"
DBPEDIA_PREFIXES = {"dbo": DBO, "dbr": DBR, "owl": "http://www.w3.org/2002/07/owl#"}
DBPEDIA_REQUIRED = ("country",)


@dataclass(frozen=True)
class DBpediaConfig:
    """``data/linking/dbpedia.yaml``: our class -> a DBpedia ontology class (full IRIs), the properties compared
    (key -> the property IRIs any of which counts), the languages searched, and our country entity."""

    path: Path
    properties: dict[str, tuple[str, ...]]
    country_entity: str
    search_languages: tuple[str, ...]
    classes: dict[str, ClassRule]  # ClassRule.type_label: the DBpedia class, dbo:Name or a full IRI

    @staticmethod
    def class_iri(type_label: str) -> str:
        return _dbpedia_iri(type_label, "type")


def _dbpedia_iri(value: Any, where: str) -> str:
    text = str(value)
    if text.startswith(("http://", "https://")):
        return text
    prefix, sep, local = text.partition(":")
    if not sep or prefix not in DBPEDIA_PREFIXES or not local:
        raise SourceError(f"{where}: '{text}' is not a dbo:/owl: name or a full IRI")
    return DBPEDIA_PREFIXES[prefix] + local


def load_dbpedia(data: Path) -> DBpediaConfig:
    path = data / DBPEDIA_CONFIG_FILE
    raw = _read(path, "the DBpedia reconciliation configuration")
    where = str(path)
    props: dict[str, tuple[str, ...]] = {}
    for key, value in _mapping(raw.get("properties"), f"{where}: properties").items():
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", str(key)):
            raise SourceError(f"{where}: properties.{key}: a key is letters, digits and '_'")
        values = value if isinstance(value, list) else [value]
        if not values:
            raise SourceError(f"{where}: properties.{key}: empty")
        props[str(key)] = tuple(_dbpedia_iri(v, f"{where}: properties.{key}") for v in values)
    for key in DBPEDIA_REQUIRED:
        if key not in props:
            raise SourceError(f"{where}: properties.{key} is required")
    classes: dict[str, ClassRule] = {}
    for c in _classes(raw, props, where, "a DBpedia ontology class"):
        dbo_class = _dbpedia_iri(c.spec["type"], f"{where}: classes.{c.curie}.type")
        label = "dbo:" + dbo_class[len(DBO) :] if dbo_class.startswith(DBO) else dbo_class
        classes[c.iri] = ClassRule(c.iri, label, bool(c.spec.get("country", False)), c.dates)
    return DBpediaConfig(
        path=path,
        properties=props,
        country_entity=str(raw.get("country_entity") or ""),
        search_languages=tuple(raw.get("search_languages") or ("en", "ru")),
        classes=classes,
    )
