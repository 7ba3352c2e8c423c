"""Documents approved by a cited legal act (Russian), as legal texts name them: ``Положения о …, утвержденного
Указом Президента … от 7 мая 2011 года № 12`` and the act's own title ``Указ … от 3 марта 2016 года № 5 "Об
утверждении Программы …"`` (or the title standing just before the act, as in a decree's heading).

The approved document, named in an oblique case, is proposed as a new entity under its nominative name
(the head noun and the adjectives before it put in the nominative with pymorphy3; the dependents stay as
written: ``Программы развития языков`` → ``Программа развития языков``) and gets ``kz:adoptionDate``, the
act's date. Only a document head noun (concept, regulations, programme, strategy, doctrine, plan, rules,
charter …) opens a name, so ``пункт``, ``статья`` or a body never become documents."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.candidates import slug
from kzgraph.ingest.rules.base import Context
from kzgraph.ingest.rules.legal_acts import Act, acts
from kzgraph.ingest.statement import Proposal, Statement

KEYS = ("утвержд",)
# The lemma of a document's head noun and the class it gives.
HEADS = {
    "концепция": "PolicyDocument",
    "программа": "Programme",
    "стратегия": "Strategy",
    "доктрина": "Doctrine",
    "положение": "Document",
    "правило": "Document",
    "план": "Document",
    "устав": "Document",
    "регламент": "Document",
    "инструкция": "Document",
    "кодекс": "Document",
}
# "Об утверждении <name>" right before the act (a heading) or as the act's quoted title after it.
TITLE = re.compile(r"[\"«“]?\s*Об\s+утверждении\s+(?P<name>[^\"«»“”;]{3,160}?)\s*[\"»”]?\s*$")
TITLE_AFTER = re.compile(r"\s*[\"«“]\s*Об\s+утверждении\s+(?P<name>[^\"«»“”;]{3,160}?)\s*[\"»”]")
# "<name>, утвержденного/утвержденной/утвержденную … <act>": the participle agrees with the name.
APPROVED_BY = re.compile(r",?\s*утвержд[её]нн\w+\s+$", re.IGNORECASE)
WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?")


def nominative(name: str) -> tuple[str, str] | None:
    """The nominative form of a document name and its class, if the name opens with a capitalised document head
    noun (possibly after agreeing adjectives); None otherwise."""
    from kzgraph import morphology

    morph = morphology.analyzer()
    out: list[str] = []
    pos = 0
    for w in WORD.finditer(name):
        if name[pos : w.start()].strip():  # something other than spaces before the word: the name is not a phrase
            return None
        parse = morph.parse(w[0])[0]
        tag = parse.tag
        if tag.POS == "ADJF" and len(out) < 3:
            form = parse.inflect({"nomn", tag.number or "sing"} | ({tag.gender} if tag.gender else set()))
        elif tag.POS == "NOUN" and parse.normal_form in HEADS:
            form = parse.inflect({"nomn", tag.number or "sing"})
        else:
            return None
        if form is None:
            return None
        out.append(form.word)
        if tag.POS == "NOUN":
            if not out[0] or not name[:1].isupper():
                return None
            head = " ".join(out)
            label = head[:1].upper() + head[1:] + name[w.end() :]
            return label.strip(" ,"), HEADS[parse.normal_form]
        pos = w.end()
    return None


def _named(ctx: Context, act: Act) -> str | None:
    text = ctx.text
    before = text[max(0, act.start - 200) : act.start]
    title = TITLE.search(before)
    if title is not None:
        return title["name"]
    after = TITLE_AFTER.match(text, act.end)
    if after is not None:
        return after["name"]
    participle = APPROVED_BY.search(before)
    if participle is None:
        return None
    lead = before[: participle.start()]
    # The name opens at the last capitalised word of the clause that is a document head noun.
    clause = re.split(r"[;:\"«»“”()]|\s(?:и|или)\s", lead)[-1]
    for w in reversed(list(WORD.finditer(clause))):
        if w[0][:1].isupper() and nominative(clause[w.start() :]) is not None:
            return clause[w.start() :]
    return None


def approved_documents(ctx: Context) -> Iterator[Statement]:
    for act in acts(ctx):
        if act.kind not in ("Decree", "Law", "LegalAct"):
            continue
        name = _named(ctx, act)
        found = nominative(name.strip()) if name else None
        if found is None:
            continue
        label, cls = found
        proposal = Proposal(slug(label), label, cls, ctx.language)
        yield Statement(
            proposal.entity,
            "adoptionDate",
            "approved-by-act-ru",
            0.75,
            *ctx.span,
            value=act.date.value,
            datatype=act.date.datatype,
            new_subject=proposal,
        )
        yield Statement(
            proposal.entity,
            "approvedBy",
            "approved-by-act-ru",
            0.75,
            *ctx.span,
            object=act.proposal.entity,
            new_subject=proposal,
            new_object=act.proposal,
        )
