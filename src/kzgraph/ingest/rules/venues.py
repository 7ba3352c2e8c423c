"""Where a session was held, when the place is a named building (Russian and Kazakh): ``Сессия прошла во Дворце
Мира``, ``Астанадағы Бейбітшілік сарайында … сессиясы басталды`` → ``kz:heldIn`` from the session to the
building, a new place named in the nominative (``Дворец Мира``, ``Бейбітшілік сарайы``).

The building is a capitalised name before a Kazakh building noun in the locative (сарайында, ғимаратында,
үйінде, орталығында, залында), or a capitalised Russian building noun in the prepositional case after в/во
(Дворце, Доме, Зале, Центре) with the genitive words that name it; the sentence must speak of a session and of
its taking place (прошла, состоялась, открылась, өтті, басталды …)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.candidates import slug
from kzgraph.ingest.rules.base import Context, rx
from kzgraph.ingest.rules.session_facts import _session
from kzgraph.ingest.statement import Proposal, Statement

KEYS: tuple[str, ...] = ("сарай", "ғимарат", "үйінде", "орталығында", "залында", "двор", "дом", "зал", "центр")
_UP = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "а-яёәғқңөұүһі"
_CAP = rf"[{_UP}][{_LOW}]+(?:-[{_UP}]?[{_LOW}]+)?"
# Kazakh locative of a building noun → its nominative with the possessive ending of a compound name.
KK_BUILDING = {
    "сарайында": "сарайы",
    "ғимаратында": "ғимараты",
    "үйінде": "үйі",
    "орталығында": "орталығы",
    "залында": "залы",
}
KK_VENUE = re.compile(rf"(?<![\w-])(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?P<head>{'|'.join(KK_BUILDING)})(?![\w-])")
RU_VENUE = re.compile(rf"(?<![\w-])(?:в|во)\s+(?P<head>(?:Двор|Дом|Зал|Центр)[{_LOW}]*)\s+(?P<rest>[^,.;:()]+)")
RU_BUILDING = frozenset({"дворец", "дом", "зал", "центр"})
TOOK_PLACE = rx(
    r"\b(?:прош(?:ла|ел|ёл|ли)|пройд[её]т|проходит|состоял(?:ась|ся|ось)|состоится|открыл(?:ась|ся)|начал(?:ась|ся)|"
    r"өт(?:ті|еді|пек|кен|уде)|басталды|ашылды)\b"
)
# Words that name a city, not a building (the city stands before the building in a locative attribute).
CITY_ATTRIBUTE = re.compile(rf"[{_LOW}](?:дағы|дегі|тағы|тегі)$")


def _ru_name(head: str, rest: str) -> str | None:
    """``Дворце Независимости`` → ``Дворец Независимости``: the head in the nominative, then the words in the
    genitive (or quoted, or ``и`` between two of them) that follow it, at most four."""
    from kzgraph import morphology

    morph = morphology.analyzer()
    parse = next((p for p in morph.parse(head) if p.tag.POS == "NOUN" and p.normal_form in RU_BUILDING), None)
    if parse is None or ("loct" not in parse.tag and "loc2" not in parse.tag):
        return None
    nominative = parse.inflect({"nomn", "sing"})
    if nominative is None:
        return None
    words: list[str] = []
    inside = False  # within «…»
    for w in rest.split()[:4]:
        if not re.fullmatch(rf"«?[{_UP}{_LOW}-]+»?", w):
            break
        bare = w.strip("«»")
        if words and words[-1].endswith("»"):
            break  # a quoted name is complete
        inside = inside or w.startswith("«")
        if (
            not inside
            and bare != "и"
            and not any("gent" in p.tag and p.tag.POS in ("NOUN", "ADJF") for p in morph.parse(bare)[:2])
        ):
            break
        words.append(w)
    while words and words[-1] == "и":  # "… и" ends nothing: the coordination goes on with another kind of word
        words.pop()
    if not words or not words[0].lstrip("«")[:1].isupper():
        return None
    return " ".join([nominative.word.capitalize(), *words])


def session_venue(ctx: Context) -> Iterator[Statement]:
    text = ctx.text
    if not TOOK_PLACE.search(text):
        return
    session = _session(ctx, explicit=False)
    if session is None:
        return
    names: list[str] = []
    if ctx.language == "kk":
        for m in KK_VENUE.finditer(text):
            words = [w for w in m["name"].split() if not CITY_ATTRIBUTE.search(w)]
            if words:
                names.append(" ".join([*words, KK_BUILDING[m["head"]]]))
    elif ctx.language == "ru":
        for m in RU_VENUE.finditer(text):
            name = _ru_name(m["head"], m["rest"])
            if name is not None:
                names.append(name)
    for name in names:
        proposal = Proposal(slug(name), name, "Place", ctx.language)
        yield Statement(session, "heldIn", "session-venue", 0.7, *ctx.span, object=proposal.entity, new_object=proposal)
