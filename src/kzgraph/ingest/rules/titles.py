"""Who holds which post, from a title written before a name (English and Russian): ``Secretary of State
Gulshara Abdykalikova``, ``the APK Deputy Chairman Zhanseit Tuimebayev``, ``министр культуры Казахстана
Мухтар Кул-Мухаммед``, ``заместитель председателя Ассамблеи Гайса Капаков`` → ``schema:jobTitle`` (the title as
written, language-tagged) of the person — a known person, or a new one proposed with its name as written.

The title is a post word (chairman, deputy, minister, secretary, head, akim, председатель, заместитель,
министр, руководитель, аким …) with the words that qualify it; the name is two or three capitalised words
right after it, followed by no further capitalised word. In English, a title that names one known body
(``APK Deputy Chairman``, ``Chairman of the Assembly …``) also makes the person the holder of a ``kz:Tenure``
of that body (``kz:ledBody``, ``kz:post`` the post word as written; rule ``job-title-post``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.candidates import slug
from kzgraph.ingest.rules.base import ORGANISATION, PERSON, Context
from kzgraph.ingest.statement import Frame, Proposal, Statement

_NOT_PLACE = r"(?!(?:Kazakhstan|Astana|Almaty|Republic|Казахстан|Астан|Алмат|Республик|Ассамбле|Assembly)\w*)"
_NAME_EN = rf"(?P<name>{_NOT_PLACE}(?:[A-Z]\.\s*)?[A-Z][a-z’'-]+(?:[- ][A-Z][a-z’'-]+){{1,2}})"
_NAME_RU = rf"(?P<name>{_NOT_PLACE}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?){{1,2}})"
POST_EN = (
    r"(?:Deputy\s+|Vice\s+|First\s+)?(?:Chairman|Chairwoman|Chairperson|Chair|Head|Secretary|Minister|Akim|President|"
    r"Speaker|Director|Rector|Ambassador|Mayor)"
)
TITLE_EN = re.compile(
    rf"(?<![\w-])(?P<title>(?:[A-Z][\w’'-]*\s+){{0,2}}{POST_EN}(?:\s+(?:of|for|on)\s+(?:the\s+)?(?!the\b)[A-Za-z][\w’'-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w’'-]*){{0,4}})?)"
    rf"\s+(?!of\b|for\b){_NAME_EN}(?=\s*(?:[,.;:()–—-]|\s[a-z]|$))"
)
POST_RU = r"(?:министр|заместител[ьяем]|председател[ьяем]|руководител[ьяем]|аким|глав[аы]|секретар[ьяем]|директор|ректор|завкафедрой|начальник|посол)"
TITLE_RU = re.compile(
    rf"(?<![\w-])(?P<title>{POST_RU}(?:\s+(?:[а-яё«»\"-]+|[А-ЯЁ][\w-]*(?=\s+[а-яё«А-ЯЁ]))){{0,6}}?)"
    rf"\s+{_NAME_RU}(?=\s*(?:[,.;:()–—-]|\s[а-яё]|$))"
)
KEYS: tuple[str, ...] = (
    "presid",
    "chair",
    "head",
    "secretar",
    "minister",
    "akim",
    "speaker",
    "director",
    "rector",
    "ambassador",
    "mayor",
)
KEYS += ("министр", "заместител", "председател", "руководител", "аким", "глав", "секретар", "директор", "ректор")
KEYS += ("завкафедрой", "начальник", "посол")
BODY_WORDS = re.compile(
    r"^(?:Bank|Council|Committee|Commission|Assembly|Ministry|Agency|Party|Senate|Parliament|Court|Office|Fund|"
    r"Institute|University|Centre|Center|House|Union|Association|Совет\w*|Комитет\w*|Министерств\w*|Банк\w*)$"
)
PLACE_WORDS = re.compile(r"^(?:Kazakhstan|Astana|Almaty|Republic|Казахстан\w*|Астан\w*|Алмат\w*|Республик\w*)$")


def job_titles(ctx: Context) -> Iterator[Statement]:
    pattern = TITLE_RU if ctx.language == "ru" else TITLE_EN if ctx.language == "en" else None
    if pattern is None:
        return
    text = ctx.text
    for m in pattern.finditer(text):
        name, title = m["name"], m["title"].strip()
        if any(PLACE_WORDS.match(w) or BODY_WORDS.match(w) for w in name.split()):
            continue
        start = m.start("name")
        known = next((x for x in ctx.mentions if x.start <= start < x.end), None)
        if known is not None and not ctx.kinds_for[known.entity] & PERSON:
            continue
        if known is None and any(x.start < m.end("name") and start < x.end for x in ctx.mentions):
            continue
        proposal = None if known is not None else Proposal(slug(name), name, "Person", ctx.language)
        subject = known.entity if known is not None else proposal.entity  # type: ignore[union-attr]
        yield Statement(
            subject,
            "schema:jobTitle",
            "job-title",
            0.7,
            *ctx.span,
            value=title,
            datatype=f"@{ctx.language}",
            new_subject=proposal,
        )
        post = re.search(POST_EN, title) if ctx.language == "en" else None
        inside = [
            x
            for x in ctx.mentions
            if m.start("title") <= x.start and x.end <= m.end("title") and ctx.kinds_for[x.entity] & ORGANISATION
        ]
        if post is not None and len({x.entity for x in inside}) == 1:
            # "the APK Deputy Chairman X", "Chairman of the Assembly … X": a post in a known body
            yield Statement(
                subject,
                "ledBody",
                "job-title-post",
                0.7,
                *ctx.span,
                object=inside[0].entity,
                new_subject=proposal,
                frame=Frame("Tenure", "holder", post[0].lower(), literals=(("post", post[0], "@en"),)),
            )
