"""Who holds which post, in Kazakh: the body comes first and the post is its possessed noun, then the name
(``Кеңес төрағасы Асқар Омаров``, ``ҚХА төрағасының орынбасары …``); coordinated names share one post
(``… орынбасарлары Ерлан Сейітов пен Марат Жұмабаев``), and only the last of them carries the case ending
of the clause (``… Жұмабаевты қабылдады``), which is removed from the name. → ``schema:jobTitle`` of each
person: the post in the singular nominative with its body (``ҚХА төрағасының орынбасары``); a participle
between body and post (``жаңадан тағайындалған``, newly appointed) says how, not what, and is left out."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kzgraph.ingest.candidates import slug
from kzgraph.ingest.rules.base import PERSON, Context
from kzgraph.ingest.statement import Proposal, Statement

_UP = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_LOW = "а-яёәғқңөұүһі"
_CAP = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
# The body: an abbreviation (ҚХА), one capitalised word (Кеңес), or a capitalised word with one or two
# lower-case words of its genitive chain (Қазақстан халқы Ассамблеясы, Ғылыми-сарапшылық кеңес). Two
# capitalised words in a row are not a body: the first is the end of a name ("Тоқаев Кеңес төрағасы").
_BODY = rf"(?P<body>[{_UP}]{{2,6}}|{_CAP}(?:\s+[{_LOW}]+){{1,2}}(?:\s+{_CAP})?|{_CAP})"
# The post with its possessive ending: төрағасы, хатшысы, басшысы, министрі, әкімі, директоры, ректоры.
_HEAD = r"(?P<head>төраға|хатшы|басшы|министр|әкім|директор|ректор)(?:сы|ы|і)"
_HOW = rf"(?:(?:[{_LOW}]+\s+){{0,2}}[{_LOW}]+(?:ған|ген|қан|кен)\s+)?"
_DEPUTY = rf"(?:(?:ның|нің|ының|інің)\s+{_HOW}(?P<first>бірінші\s+)?(?P<deputy>орынбасар(?:лар)?(?:ы|і)))?"
_NAME = rf"{_CAP}\s+{_CAP}(?:\s+{_CAP})?"
TITLE_KK = re.compile(
    rf"(?<![\w-]){_BODY}\s+{_HEAD}{_DEPUTY}\s+{_HOW}(?P<names>{_NAME}(?:\s+(?:пен|мен|бен|және)\s+{_NAME})*)"
    rf"(?=\s*(?:[,.;:()–—-]|\s[{_LOW}]|$))"
)
# The deputy plural ("орынбасарлары") is written with its possessive ending; the title is the singular.
_SINGULAR = {"орынбасарлары": "орынбасары", "орынбасарлар": "орынбасары"}
POSSESSIVE = {"төраға": "төрағасы", "хатшы": "хатшысы", "басшы": "басшысы", "министр": "министрі"}
POSSESSIVE |= {"әкім": "әкімі", "директор": "директоры", "ректор": "ректоры"}
GENITIVE = {"төраға": "төрағасының", "хатшы": "хатшысының", "басшы": "басшысының", "министр": "министрінің"}
GENITIVE |= {"әкім": "әкімінің", "директор": "директорының", "ректор": "ректорының"}
# A surname's case ending (accusative, dative, genitive, instrumental) after a typical surname ending.
SURNAME_CASE = re.compile(
    r"(ов|ев|ин|ын|ова|ева|ина|ына|ич|ко|ук|юк|ян)(?:ты|ті|ны|ні|ды|ді|қа|ке|ға|ге|тың|тің|ның|нің|пен|мен)$"
)
KEYS: tuple[str, ...] = ("төраға", "хатшы", "басшы", "министр", "әкім", "директор", "ректор")
# A capitalised word that names a place or body, not a person.
NOT_NAME = re.compile(rf"^(?:Қазақстан|Астана|Алматы|Республика|Ассамблея|Кеңес|Парламент|Сенат|Мәжіліс)[{_LOW}]*$")


def _title(m: re.Match[str]) -> str:
    head = m["head"]
    if m["deputy"] is None:
        return f"{m['body']} {POSSESSIVE[head]}"
    deputy = _SINGULAR.get(m["deputy"], m["deputy"])
    return f"{m['body']} {GENITIVE[head]} {m['first'] or ''}{deputy}"


def job_titles_kk(ctx: Context) -> Iterator[Statement]:
    text = ctx.text
    for m in TITLE_KK.finditer(text):
        title = _title(m)
        base = m.start("names")
        for n in re.finditer(_NAME, m["names"]):
            name = SURNAME_CASE.sub(r"\1", n[0])
            if any(NOT_NAME.match(w) for w in name.split()):
                continue
            start, end = base + n.start(), base + n.end()
            known = next((x for x in ctx.mentions if x.start <= start < x.end), None)
            if known is not None and not ctx.kinds_for[known.entity] & PERSON:
                continue
            if known is None and any(x.start < end and start < x.end for x in ctx.mentions):
                continue
            proposal = None if known is not None else Proposal(slug(name), name, "Person", ctx.language)
            subject = known.entity if known is not None else proposal.entity  # type: ignore[union-attr]
            yield Statement(
                subject,
                "schema:jobTitle",
                "job-title-kk",
                0.7,
                *ctx.span,
                value=" ".join(title.split()),
                datatype=f"@{ctx.language}",
                new_subject=proposal,
            )
