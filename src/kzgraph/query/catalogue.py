"""The catalogue of named queries: one ``queries/<name>.rq`` file each, described by a header of comment lines.

Header (``#`` lines at the top of the file; the first non-comment line ends it)::

    # title: APK session timeline
    # question: When did each session of the Assembly meet, on what theme, and which numbers are missing?
    # param: lang (lang; default: en) label language, falling back to English
    # param: group (entity; default: all) the ethnic group, by a label in any language, an id or an IRI
    # columns: number, date, theme, gap
    # dates: date

``dates`` names the columns whose values are dates written as plain strings (``STR(?d)``: engines order and
aggregate mixed ``xsd:gYear``/``xsd:gYearMonth``/``xsd:date`` values differently, so queries compare their lexical
forms); the answer gives them back typed with the precision they have (``1995`` → ``xsd:gYear``, ``1995-03`` →
``xsd:gYearMonth``, ``1995-03-01`` → ``xsd:date``), whatever the store.

Parameter types: ``lang`` (a BCP 47 language tag), ``string``, ``integer``, ``year`` (an ``xsd:gYear``),
``entity`` (a label in any language, an id or an IRI, resolved to the entity's IRI in the store) and ``class``
(a kz class name such as ``StateBody`` or a CURIE/IRI). A default of ``all`` leaves the variable unbound.

Parameters are never pasted into the text as written: each value becomes one RDF term (an IRI checked by
pyoxigraph, or a literal with every special character escaped) in a ``VALUES`` block that replaces each line of
the query consisting only of the marker comment ``# @params``. The variable of parameter ``group`` is ``?group``.
Since the marker is a comment, every ``.rq`` file is also valid SPARQL as it stands (parameters unbound).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kzgraph.errors import NotFoundError, QueryError, SourceError
from kzgraph.rdf import namespaces as ns

MARKER = "# @params"
ALL = "all"
PARAM_TYPES = ("lang", "string", "integer", "year", "entity", "class")
XSD = "http://www.w3.org/2001/XMLSchema#"
_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_PARAM = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)\s*\((?P<type>\w+)\s*(?:;\s*default:\s*(?P<default>[^)]*))?\)\s*(?P<doc>.*)$"
)

Resolver = Callable[[str], str]


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None  # None: required; "all": unbound unless given
    doc: str

    @property
    def required(self) -> bool:
        return self.default is None

    def describe(self) -> str:
        default = "required" if self.default is None else f"default: {self.default}"
        return f"{self.name} ({self.type}; {default}) {self.doc}".rstrip()


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    question: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    text: str = field(repr=False)
    dates: tuple[str, ...] = ()

    @property
    def param_names(self) -> list[str]:
        return [p.name for p in self.params]

    def bind(self, values: Mapping[str, Any], *, resolve: Resolver | None = None) -> str:
        """The query text with ``values`` (and defaults) bound as RDF terms in place of ``# @params``.

        Unknown or malformed parameters raise :class:`QueryError` naming the parameter; ``resolve`` turns an
        ``entity`` value (a label, id or IRI) into an IRI.
        """
        unknown = sorted(set(values) - set(self.param_names))
        if unknown:
            known = ", ".join(self.param_names) or "none"
            raise QueryError(f"query '{self.name}' has no parameter {', '.join(unknown)} (parameters: {known})")
        if not self.params:
            return self.text
        terms: list[str] = []
        for p in self.params:
            raw = values.get(p.name, p.default)
            if raw is None:
                raise QueryError(f"query '{self.name}' needs parameter {p.name}: {p.doc}")
            terms.append("UNDEF" if str(raw) == ALL and p.default == ALL else str(to_term(p, raw, resolve=resolve)))
        block = f"VALUES ({' '.join('?' + p.name for p in self.params)}) {{ ({' '.join(terms)}) }}"
        return "\n".join(
            line.replace(MARKER, block) if line.strip() == MARKER else line for line in self.text.splitlines()
        )


def to_term(p: Param, raw: Any, *, resolve: Resolver | None = None) -> ox.NamedNode | ox.Literal:
    """One parameter value as one RDF term (escaping is pyoxigraph's; IRIs are validated)."""
    text = str(raw).strip()
    try:
        if p.type == "lang":
            if not _LANG.match(text):
                raise ValueError(f"'{text}' is not a language tag (e.g. en, ru, kk)")
            return ox.Literal(text.lower())
        if p.type == "string":
            return ox.Literal(text)
        if p.type == "integer":
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
        if p.type == "year":
            if not re.fullmatch(r"\d{4}", text):
                raise ValueError(f"'{text}' is not a four-digit year")
            return ox.Literal(text, datatype=ox.NamedNode(XSD + "gYear"))
        if p.type == "class":
            return ox.NamedNode(ns.expand(text))
        if p.type == "entity":
            return ox.NamedNode(resolve(text) if resolve else ns.expand(text))
    except KeyError as e:
        raise QueryError(f"parameter {p.name}: unknown prefix {e}") from None
    except ValueError as e:
        raise QueryError(f"parameter {p.name}: {e}") from None
    raise QueryError(f"parameter {p.name}: unknown type {p.type}")


def parse(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    name = path.stem
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").strip().partition(":")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key == "param":
            m = _PARAM.match(value)
            if not m or m["type"] not in PARAM_TYPES:
                raise SourceError(f"{path}: malformed param line '{value}' (types: {', '.join(PARAM_TYPES)})")
            default = m["default"].strip() if m["default"] is not None else None
            params.append(Param(m["name"], m["type"], default, m["doc"].strip()))
        elif key in ("title", "question", "columns", "dates"):
            fields[key] = (fields.get(key, "") + " " + value).strip()
    missing = [k for k in ("title", "question", "columns") if k not in fields]
    if missing:
        raise SourceError(f"{path}: header lacks {', '.join(missing)}")
    if params and not any(line.strip() == MARKER for line in text.splitlines()):
        raise SourceError(f"{path}: declares parameters but has no '{MARKER}' line")
    columns = tuple(c.strip() for c in fields["columns"].split(",") if c.strip())
    dates = tuple(c.strip() for c in fields.get("dates", "").split(",") if c.strip())
    if set(dates) - set(columns):
        raise SourceError(
            f"{path}: 'dates' names columns it does not list: {', '.join(sorted(set(dates) - set(columns)))}"
        )
    return NamedQuery(name, path, fields["title"], fields["question"], tuple(params), columns, text, dates)


class Catalogue:
    """The named queries of one folder (default: the shipped ``queries/``)."""

    def __init__(self, folder: Path | None = None) -> None:
        if folder is None:
            from kzgraph.resources import default_files

            folder = default_files().queries
        self.folder = folder

    def names(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("*.rq"))

    def __iter__(self) -> Iterator[NamedQuery]:
        return (self.get(n) for n in self.names())

    def __len__(self) -> int:
        return len(self.names())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (self.folder / f"{name}.rq").is_file()

    def get(self, name: str) -> NamedQuery:
        """The query called ``name``; an unknown name raises NotFoundError listing close matches."""
        if name not in self:
            close = difflib.get_close_matches(name, self.names(), n=5, cutoff=0.5)
            close += [n for n in self.names() if name and name in n and n not in close]
            hint = f"; did you mean: {', '.join(close[:5])}?" if close else "; 'kzgraph query --list' lists them"
            raise NotFoundError(f"no query is called '{name}'{hint}")
        return _parse_cached(self.folder / f"{name}.rq")


@cache
def _parse_cached(path: Path) -> NamedQuery:
    return parse(path)


def looks_like_name(text: str) -> bool:
    """Whether ``text`` is a query name rather than SPARQL text."""
    return bool(_NAME.match(text))


def markdown(catalogue: Catalogue) -> str:
    """docs/queries.md: every query with its title, question, parameters and columns."""
    out = [
        "# Named queries",
        "",
        "<!-- Generated by `kzgraph query --list --format markdown`; do not edit by hand. -->",
        "",
        (
            "Run one with `kzgraph query NAME [--param key=value …] [--lang ru]`, or from Python with "
            "`KnowledgeGraph.open().query(NAME, **params)`. Parameters are bound as RDF terms in a `VALUES` block "
            f"that replaces the `{MARKER}` line of the query; a default of `all` leaves the variable unbound. "
            "Dates come back typed with the precision the sources give (`xsd:gYear`, `xsd:gYearMonth`, "
            "`xsd:date`; in Python `PartialDate` or `datetime.date`), also where a query compares them as strings "
            "(its `# dates:` header line names those columns); from Python a result is a sequence of typed rows "
            "with `.to_pandas()`."
        ),
        "",
        (
            "Your own SPARQL (`kzgraph query -e TEXT`, `-f FILE`, `kzgraph viz --query FILE`, the server's "
            "`/sparql`) may use kzgraph's prefixes (`kz:`, `kzid:`, `skos:`, `org:`, `oa:` …) without declaring "
            "them: they are given to the engine, the text is left as written, so errors name its own lines. "
            "Queries only: an update (`INSERT`, `DELETE` …) is refused as such, and a prefix nobody declared is "
            "named (`unknown prefix foo:`). Answers are written as `--format csv|tsv|json|xml` (SELECT, ASK) or "
            "`ttl|nt|jsonld|rdfxml|nq|trig` (CONSTRUCT, DESCRIBE), the same bytes the server sends."
        ),
        "",
        "| name | title | parameters |",
        "|---|---|---|",
    ]
    queries = list(catalogue)
    for q in queries:
        params = ", ".join(f"`{p.name}`" for p in q.params) or "—"
        out.append(f"| [`{q.name}`](#{q.name}) | {q.title} | {params} |")
    for q in queries:
        out += ["", f"## {q.name}", "", f"**{q.title}.** {q.question}", ""]
        if q.params:
            out.append("Parameters:")
            out.append("")
            out += [f"- `{p.name}` ({p.type}; {'required' if p.required else 'default: ' + str(p.default)}): {p.doc}"
                    for p in q.params]  # fmt: skip
            out.append("")
        out.append("Columns: " + ", ".join(f"`{c}`" for c in q.columns))
        out.append("")
        out.append(f"File: `queries/{q.name}.rq`")
    return "\n".join(out) + "\n"
