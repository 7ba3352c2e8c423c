"""A body's status from a definition (Russian, Kazakh): ``Совет – консультативно-совещательный орган при
акиме``, ``Кеңес - 2010 жылы құрылған әкім жанындағы консультативтік орган`` → ``kz:status`` (the defining
noun phrase as written, language-tagged) of the body the sentence opens with.

The sentence must open with a known body and a dash; the definition is a phrase headed by орган, ұйым
(Kazakh) or орган, организация, учреждение (Russian) and ends the sentence or its clause. In Kazakh a
participle clause before the head says when or how the body was made (``… құрылған``), not what it is, and is
left out: the status starts after the last participle."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.rules.base import HEADED, Context
from kzgraph.ingest.statement import Statement

KEYS: tuple[str, ...] = ("орган", "ұйым", "организаци", "учреждени")
_LOW = "а-яёәғқңөұүһі"
DASH = re.compile(r"\s+[-–—]\s+(?:это\s+)?")
KK_STATUS = re.compile(r"(?P<v>(?:[\w-]+\s+){0,6}?(?:орган|ұйым)(?:ы)?)(?![\w-])\s*(?:болып\s+табылады\s*)?[.;]?\s*$")
RU_STATUS = re.compile(
    rf"(?P<v>(?:[{_LOW}-]+\s+){{1,4}}(?:орган|организация|учреждение)(?:\s+(?:при|под)\s+[^,.;:()]{{3,60}}?)?)"
    r"\s*[.;]?\s*$"
)
PARTICIPLE = re.compile(rf"[{_LOW}]+(?:ған|ген|қан|кен)$")


def status(ctx: Context) -> Iterator[Statement]:
    text = ctx.text
    opening = [m for m in ctx.mentions if not text[: m.start].strip()]
    if not opening or not ctx.kinds_for[opening[0].entity] & HEADED:
        return
    body = opening[0]
    dash = DASH.match(text, body.end)
    if dash is None:
        return
    rest = text[dash.end() :]
    if ctx.language == "kk":
        m = KK_STATUS.search(rest)
        if m is None:
            return
        words = m["v"].split()
        last = max((i for i, w in enumerate(words) if PARTICIPLE.search(w)), default=-1)
        value = " ".join(words[last + 1 :])
    elif ctx.language == "ru":
        m = RU_STATUS.fullmatch(rest)
        if m is None:
            return
        value = m["v"]
    else:
        return
    if len(value.split()) < 2:
        return
    yield Statement(body.entity, "status", "body-status", 0.7, *ctx.span, value=value, datatype=f"@{ctx.language}")
