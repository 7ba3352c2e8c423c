"""What extraction yields: :class:`Statement`, one triple with its evidence span, the rule that made it and
its confidence, plus what a figure or a new entity needs to be read right (qualifier, as-of date, unit,
a proposed entity)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Proposal:
    """An entity the graph does not know yet, named by the text: its label as written, the class guessed
    from its head noun (a local name in the kz ontology, e.g. ``ConsultativeBody``) and the text's language.
    ``entity`` is the id it would get (a slug of the label)."""

    entity: str
    label: str
    cls: str
    language: str = "en"


@dataclass(frozen=True)
class Frame:
    """An n-ary node a statement is made on instead of its subject (a ``kz:Tenure``, a ``kz:Anniversary``):
    ``cls`` its class (a kz local name), ``link`` the predicate from the node to the statement's subject,
    ``key`` what tells two nodes of one sentence apart (the same key, the same node), ``entities`` further
    (predicate, entity id) pairs and ``literals`` (predicate, value, datatype IRI or ``@lang``) of the node,
    written as plain triples beside the claimed one."""

    cls: str
    link: str
    key: str
    entities: tuple[tuple[str, str], ...] = ()
    literals: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Statement:
    """One extracted triple; ``value``/``datatype`` for literals (``datatype`` ``@en`` etc. for a
        language-tagged string), ``object`` (an entity id) otherwise.
        ``start``/``end``: the evidence span in the cleaned text of the document.

        Optional refinements (``None`` when the text gives none): ``qualifier`` of a figure (``over``,
        ``about``, ``at least``); ``as_of`` the date a figure holds at (an ``xsd:gYear``/``xsd:date`` lexical
        value); ``unit`` of a figure (``thousand``, ``million``, ``percent``); ``new_subject``/``new_object`` when
        the subject/object is a proposed new entity (then ``subject``/``object`` is the proposal's id); ``frame``
    when the triple is stated on an n-ary node linked to the subject (the end date of a tenure whose holder is
    the subject)."""

    subject: str
    predicate: str
    rule: str
    confidence: float
    start: int
    end: int
    value: str | None = None
    datatype: str | None = None
    object: str | None = None
    qualifier: str | None = None
    as_of: str | None = None
    unit: str | None = None
    item: str | None = None
    new_subject: Proposal | None = None
    new_object: Proposal | None = None
    frame: Frame | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        value = self.object or f"{self.value}^^{self.datatype}"
        if self.frame is not None:
            value += f"|{self.frame.cls}:{self.frame.key}"
        return (self.subject, self.predicate, f"{value}|{self.item}" if self.item else value)
