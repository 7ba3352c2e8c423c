"""Plain records for what the curated files and the table parser say, before it becomes RDF."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Quote:
    """A passage of a source that supports something, and where in the data files it was written."""

    source: str
    text: str
    where: str
    occurrence: int | None = None


@dataclass(frozen=True)
class Literal:
    """A typed literal: ``datatype`` is an IRI, or ``lang`` a language tag."""

    value: str
    datatype: str | None = None
    lang: str | None = None


@dataclass
class Entity:
    id: str
    cls: str
    labels: dict[str, str]
    alt: dict[str, list[str]]
    evidence: list[Quote]
    where: str
    note: str | None = None


@dataclass
class Fact:
    """One triple as one source asserts it, with the quote that says so."""

    s: str
    p: str
    quote: Quote
    o: str | None = None
    value: Literal | None = None
    note: str | None = None
    method: str = "curated"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return self.quote.where
