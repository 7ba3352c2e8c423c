"""RDF terms shown as people read them: dates in words, large numbers grouped, entities by their label, linked.

The raw value stays one hover away (the ``title`` attribute) and in every download; only the HTML view reads
values for people. Labels of the IRIs on a page are fetched in one query (:func:`labels_for`), in the chosen
language with English as the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from kzgraph.rdf import namespaces as ns
from kzgraph.stores import Store
from kzgraph.web.workbench.html import View, e, iri_link

XSD = "http://www.w3.org/2001/XMLSchema#"
MAX_CELL = 2000  # characters of a literal shown in a table cell (the downloads carry it whole)
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"),
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
           "қараша", "желтоқсан"),
}  # fmt: skip
_MONTHS_NOMINATIVE_RU = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
                         "октябрь", "ноябрь", "декабрь")  # fmt: skip
_INTEGER = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
            "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"}  # fmt: skip
_DATE = re.compile(r"(-?\d{4})-(\d{2})-(\d{2})")
_YEAR_MONTH = re.compile(r"(-?\d{4})-(\d{2})")


def date_words(year: str, month: int | None, day: int | None, *, lang: str) -> str:
    """A date as people write it in ``lang``: 1 March 1995, 1 марта 1995 г., 1995 ж. 1 наурыз."""
    if month is None or not 1 <= month <= 12:
        return year
    if lang == "kk":
        name = _MONTHS["kk"][month - 1]
        return f"{year} ж. {day} {name}" if day else f"{year} ж. {name}"
    if lang == "ru":
        return f"{day} {_MONTHS['ru'][month - 1]} {year} г." if day else f"{_MONTHS_NOMINATIVE_RU[month - 1]} {year} г."
    name = _MONTHS["en"][month - 1]
    return f"{day} {name} {year}" if day else f"{name} {year}"


def readable(value: str, *, lang: str) -> str:
    """A plain value as people read it when it is an ISO date or year-month (``2002-11`` → November 2002)."""
    m = _DATE.fullmatch(value)
    if m:
        return date_words(m[1], int(m[2]), int(m[3]), lang=lang)
    m = _YEAR_MONTH.fullmatch(value)
    if m:
        return date_words(m[1], int(m[2]), None, lang=lang)
    return value


def group_digits(text: str, *, lang: str) -> str:
    """``255133`` → ``255,133`` (en) or ``255 133`` (ru, kk); four-digit numbers (years, mostly) stay whole; the
    decimal separator is a comma in Russian and Kazakh."""
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("+-").partition(".")
    sep = "," if lang == "en" else "\u202f"
    if len(whole) > 4:
        groups: list[str] = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = sep.join([whole, *groups])
    point = "." if lang == "en" else ","
    return sign + whole + (point + fraction if fraction else "")


def literal_text(term: ox.Literal, *, lang: str) -> tuple[str, bool]:
    """The readable text of a literal and whether it is a number (numbers align right)."""
    value = term.value
    dtype = term.datatype.value
    if not dtype.startswith(XSD):
        return value, False
    local = dtype[len(XSD) :]
    if local in _INTEGER:
        return (group_digits(value, lang=lang), True) if re.fullmatch(r"[+-]?\d+", value) else (value, False)
    if local in ("decimal", "double", "float"):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value, False
        if not number.is_finite():
            return value, True
        shown = format(number.normalize(), "f") if local != "decimal" else value
        return group_digits(shown, lang=lang), True
    if local == "boolean":
        yes = {"en": ("yes", "no"), "ru": ("да", "нет"), "kk": ("иә", "жоқ")}.get(lang, ("yes", "no"))
        return (yes[0] if value in ("true", "1") else yes[1]), False
    if local in ("date", "dateTime"):
        m = _DATE.match(value)
        if m:
            shown = date_words(m[1], int(m[2]), int(m[3]), lang=lang)
            return (shown + value[10:].replace("T", " ", 1) if local == "dateTime" else shown), False
    if local == "gYearMonth":
        m = _YEAR_MONTH.fullmatch(value)
        if m:
            return date_words(m[1], int(m[2]), None, lang=lang), False
    return value, False


def term_cell(term: Any, *, view: View, base: str, labels: dict[str, str]) -> str:
    """One result cell (``<td>``): an entity as its label linking to its page, a literal as people read it."""
    if term is None:
        return "<td></td>"
    if isinstance(term, ox.NamedNode):
        text = labels.get(term.value) or ns.compact(term.value)
        return f"<td>{iri_link(term.value, text, view=view, base=base)}</td>"
    if isinstance(term, ox.BlankNode):
        return f'<td><span class="iri">_:{e(term.value)}</span></td>'
    if isinstance(term, ox.Literal):
        text, numeric = literal_text(term, lang=view.lang)
        if len(text) > MAX_CELL:
            text = text[: MAX_CELL - 1] + "…"
        raw = term.value if term.language or term.datatype.value == XSD + "string" else str(term)
        tag = f' <span class="kz-tag">{e(term.language)}</span>' if term.language else ""
        klass = ' class="num"' if numeric else ""
        title = f' title="{e(raw)}"' if text != term.value or not term.language else ""
        return f"<td{klass}{title}>{e(text)}{tag}</td>"
    if isinstance(term, ox.Triple):
        parts = (term.subject, term.predicate, term.object)
        inner = " ".join(term_cell(t, view=view, base=base, labels=labels)[4:-5] for t in parts)
        return f"<td>&lt;&lt; {inner} &gt;&gt;</td>"
    return f"<td>{e(term)}</td>"


def iris_in(rows: Iterable[Iterable[Any]]) -> set[str]:
    found: set[str] = set()
    for row in rows:
        for term in row:
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
    return found


def labels_for(store: Store, iris: Iterable[str], *, lang: str, include_extracted: bool = False) -> dict[str, str]:
    """The preferred label of each IRI in ``lang``, else in English, else any (one query for them all)."""
    wanted = sorted({i for i in iris if i.startswith(ns.BASE)})
    if not wanted:
        return {}
    out: dict[str, str] = {}
    rank: dict[str, int] = {}
    for chunk in (wanted[i : i + 400] for i in range(0, len(wanted), 400)):
        values = " ".join(f"<{iri}>" for iri in chunk if ">" not in iri and " " not in iri)
        rows = store.query(
            f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} ?x skos:prefLabel|rdfs:label ?l }}",
            include_extracted=include_extracted,
            prefixes=ns.PREFIXES,
        ).terms
        for x, label in rows:
            tag = getattr(label, "language", "") or ""
            r = 0 if tag == lang else 1 if tag == "en" else 2 if not tag else 3
            if r < rank.get(x.value, 9):
                out[x.value], rank[x.value] = label.value, r
    return out
