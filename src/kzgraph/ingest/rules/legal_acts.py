"""Legal acts cited with their date and number (English and Russian), as legal texts cite them: ``the Law of
the Republic of Kazakhstan dated 20 December, 2008 No. 70-IV``, ``Указ Президента Республики Казахстан от
9 января 2019 года № 824``, ``… No. 149 dated 27.04.2018``.

Each cited act is proposed as a new document named by its kind and number (``Law No. 70-IV``, ``Указ
№ 824``; the class from its kind: kz:Law, kz:Decree, else kz:LegalAct) with ``kz:adoptionDate`` and its
number as ``kz:documentNumber`` (rule ``legal-act-number``). An act whose
quoted title amends another cited act (``… № 824 "О внесении изменения в Указ … № 148"``, ``… amending the
Law … No. 12``) gets ``kz:amends`` that act. In a legal act's own text (its heading, near the start, cites
it: :func:`is_heading`), an editorial note ``in the wording of the Law … dated … No. …``, ``as amended by
…``, ``в редакции Закона … от … №`` — or ``in accordance with the Law …`` where the note says words were
replaced, excluded … — gives ``kz:amends`` from the cited act to the document's act (rule
``legal-act-amends-document``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from kzgraph.ingest.candidates import slug
from kzgraph.ingest.dates import XSD, DateMention
from kzgraph.ingest.rules.base import Context
from kzgraph.ingest.statement import Proposal, Statement

KINDS = [
    (re.compile(r"^(?:constitutional\s+)?laws?$|^(?:конституционн\w+\s+)?закон\w*$", re.IGNORECASE), "Law"),
    (re.compile(r"^decrees?$|^указ\w*$", re.IGNORECASE), "Decree"),
    (
        re.compile(r"^(?:resolution|order|ordinance)s?$|^(?:постановлени|приказ|распоряжени)\w*$", re.IGNORECASE),
        "LegalAct",
    ),
]
KEYS = ("law", "decree", "resolution", "order", "закон", "указ", "постановлени", "приказ", "распоряжени")
NOMINATIVE = {"Law": ("Law", "Закон"), "Decree": ("Decree", "Указ")}
KIND_WORD = re.compile(
    r"(?<![\w-])(?P<kind>(?:Constitutional\s+)?Laws?|Decrees?|Resolutions?|Orders?|Ordinances?|"
    r"(?:[Кк]онституционн\w+\s+)?[Зз]акон\w*|[Уу]каз\w*|[Пп]остановлени\w*|[Пп]риказ\w*|[Рр]аспоряжени\w*)\b"
)
# What may stand between the kind and the date: "of the Republic of Kazakhstan", "Президента Республики Казахстан",
# "Правительства", "министра"
BETWEEN = re.compile(
    r"^(?:\s+(?:of|the|Republic|Kazakhstan|President|Президента|Правительства|[Мм]инистра|Республики|Казахстан|РК)\b)*\s*,?$"
)
_NUM = r"(?:No\.?|№|N)\s*(?P<num>\d+[\w\-–\"“”ІI]*)"
DATE_FIRST = re.compile(r"^(?P<pre>.*?)\s*(?:dated|of|from|от)\s+$", re.IGNORECASE | re.DOTALL)
NUMBER_AFTER = re.compile(rf"(?:\s*года|\s*г\.)?\s*,?\s*{_NUM}", re.IGNORECASE)
NUMBER_FIRST = re.compile(rf"^(?P<pre>.*?)\s+{_NUM}\s+(?:dated|of|от)\s+$", re.IGNORECASE | re.DOTALL)
AMENDING = re.compile(
    r"(?:О\s+внесении\s+изменени\w*(?:\s+и\s+дополнени\w*)?\s+в|amending|on\s+amendments?\s+to)\s*$", re.IGNORECASE
)


# An editorial note of a consolidated legal text: the act cited right after it changed the document itself.
AMENDED_BY = re.compile(
    r"(?:\b(?:in\s+the\s+wording\s+of|as\s+amended\s+by|amended\s+by|introduced\s+by|excluded\s+by|"
    r"supplemented\s+by|(?P<loose>in\s+accordance\s+with))\s+(?:the\s+)?"
    r"|(?<!\w)(?:в\s+редакции|с\s+изменениями,?\s+внесенными|изменен\w*\s+(?P<loose_ru>в\s+соответствии\s+с))\s+)$",
    re.IGNORECASE,
)
CHANGED = re.compile(
    r"\b(?:replaced|amended|excluded|supplemented|reworded|shall\s+be\s+enforced)\b|(?<!\w)(?:заменен|исключен|дополнен)",
    re.IGNORECASE,
)
HEADING = re.compile(r"\s*(?:The\s+)?\S.{0,150}?(?:No\.?|№)\s*\S+\s*\.?\s*", re.DOTALL)


@dataclass(frozen=True)
class Act:
    start: int
    end: int
    kind: str
    number: str
    date: DateMention
    proposal: Proposal


def acts(ctx: Context) -> list[Act]:
    """The acts a sentence cites with kind, date and number, in order."""
    text, out = ctx.text, []
    for k in KIND_WORD.finditer(text):
        kind = next((cls for rx, cls in KINDS if rx.match(k["kind"])), None)
        if kind is None:
            continue
        for d in ctx.dates:
            if d.role != "point" or d.start < k.end() or d.start - k.end() > 90:
                continue
            gap = text[k.end() : d.start]
            number, end = None, d.end
            first, after = NUMBER_FIRST.match(gap), NUMBER_AFTER.match(text, d.end)
            dated = DATE_FIRST.match(gap)
            if first is not None and BETWEEN.match(first["pre"]):
                number = first["num"]
            elif dated is not None and BETWEEN.match(dated["pre"]) and after is not None:
                number, end = after["num"], after.end()
            if number is None:
                continue
            number = re.sub(r'["“”]', "", number).rstrip("-–")  # a stray quote inside: 149-"ІІ
            word = NOMINATIVE.get(kind, (_dictionary_form(k["kind"].split()[-1]).capitalize(),) * 2)
            label = f"{word[0]} No. {number}" if ctx.language == "en" else f"{word[1]} № {number}"
            out.append(Act(k.start(), end, kind, number, d, Proposal(slug(label), label, kind, ctx.language)))
            break
    return out


def is_heading(sentence: str, st: Statement) -> bool:
    """Is the statement the citation of a legal act that makes up the whole sentence (a heading such as ``The Law
    of the Republic of Kazakhstan dated 20 December, 2008 No. 70-IV.``)? Then the document is that act."""
    return st.rule == "legal-act-cited" and st.new_subject is not None and bool(HEADING.fullmatch(sentence))


def _dictionary_form(word: str) -> str:
    """A Russian kind word in the nominative (``постановлением`` → ``постановление``); others as written."""
    if not re.search(r"[а-яё]", word, re.IGNORECASE):
        return word
    from kzgraph import morphology

    parses = [p for p in morphology.analyzer().parse(word) if p.tag.POS == "NOUN"]
    return parses[0].normal_form if parses else word


def legal_acts(ctx: Context) -> Iterator[Statement]:
    found = acts(ctx)
    for act in found:
        d = act.date
        yield Statement(
            act.proposal.entity,
            "adoptionDate",
            "legal-act-cited",
            0.8,
            *ctx.span,
            value=d.value,
            datatype=d.datatype,
            new_subject=act.proposal,
        )
        yield Statement(
            act.proposal.entity,
            "documentNumber",
            "legal-act-number",
            0.8,
            *ctx.span,
            value=act.number,
            datatype=XSD + "string",
            new_subject=act.proposal,
        )
    yield from _amending_notes(ctx, found)
    for a, b in pairwise(found):
        title = ctx.text[a.end : b.start]
        if len(title) <= 60 and AMENDING.search(title):
            yield Statement(
                a.proposal.entity,
                "amends",
                "legal-act-amends",
                0.75,
                *ctx.span,
                object=b.proposal.entity,
                new_subject=a.proposal,
                new_object=b.proposal,
            )


def _amending_notes(ctx: Context, found: list[Act]) -> Iterator[Statement]:
    """In the text of the act ``ctx.act``: the acts its editorial notes cite as having changed it."""
    own = ctx.act
    if own is None:
        return
    for act in found:
        cue = AMENDED_BY.search(ctx.text, max(0, act.start - 40), act.start)
        if act.proposal.entity == own.entity or cue is None:
            continue
        if (cue["loose"] or cue["loose_ru"]) and not CHANGED.search(ctx.text):
            continue  # "in accordance with the Law …" cites, it does not amend
        yield Statement(
            act.proposal.entity,
            "amends",
            "legal-act-amends-document",
            0.7,
            *ctx.span,
            object=own.entity,
            new_subject=act.proposal,
            new_object=own,
        )
