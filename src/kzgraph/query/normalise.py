"""Names as search keys: the same function turns a label and a query into comparable tokens.

>>> keys("Ассамблеясының ХХ сессиясы")
['ассамблея', '20', 'сессия']
>>> keys("The 20th session of the Assembly")
['20', 'session', 'assembly']
>>> keys("Twenty-first Session")
['21', 'session']
>>> keys("Conférence (Kazakhstan-2050)")
['conference', 'kazakhstan', '2050']

Steps, each the same for the graph's names and for what a user types:

- **folding**: Unicode compatibility decomposition, combining accents dropped (``é``→``e``, ``ё``→``е``; ``й``
  stays, a letter of its own), lower case, everything but letters and digits a separator;
- **numbers**: digits with an English, Russian or Kazakh ordinal ending (``20th``, ``20-я``, ``20-шы``), Roman
  numerals of two or more letters up to XXXIX in Latin or look-alike Cyrillic letters (``XX``, ``ХХ``; a single capital
  ``I``, ``V`` or ``X`` too), and number words — English cardinals and ordinals (``twenty-first``), Russian ordinal
  and cardinal lemmas, Kazakh numerals with or without an ordinal ending — all become the number's digits;
- **Russian**: a word pymorphy3 knows becomes its dictionary form (``Ассамблеи`` → ``ассамблея``);
- **Kazakh** (a documented approximation, not a morphological analyser): other Cyrillic words lose agglutinated
  endings from :data:`KK_ENDINGS` — plural, possessive, case and ordinal endings, longest first, repeatedly, while at
  least :data:`KK_MIN_STEM` letters remain (``Ассамблеясының`` → ``ассамблея``, ``сессиясы`` → ``сессия``);
- **function words** (:data:`FUNCTION_WORDS`: *of*, *the*, *при*, *және* …) are dropped unless nothing else is left.

The tables are plain data (:func:`tables`), so the network views' search box applies the same rules in the
browser (see :mod:`kzgraph.query.search`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

from kzgraph import morphology
from kzgraph.ingest.lexicon import FUNCTION_WORDS
from kzgraph.ingest.numbers import (
    EN_ORDINAL_TENS,
    EN_ORDINAL_UNITS,
    EN_TENS,
    EN_UNITS,
    KK_TENS,
    KK_UNITS,
    RU_CARDINAL_TENS,
    RU_ORDINAL_TENS,
    RU_ORDINAL_UNITS,
)

# Kazakh endings, stripped from the end of a Cyrillic word pymorphy3 does not know (longest first, repeatedly).
KK_ENDINGS = tuple(
    sorted(
        {
            *("лар", "лер", "дар", "дер", "тар", "тер"),  # plural
            *("ы", "і", "сы", "сі", "ың", "ің", "ымыз", "іміз"),  # possessive
            *("ның", "нің", "дың", "дің", "тың", "тің"),  # genitive
            *("ға", "ге", "қа", "ке", "на", "не"),  # dative
            *("ны", "ні", "ды", "ді", "ты", "ті"),  # accusative
            *("да", "де", "та", "те", "нда", "нде"),  # locative
            *("дан", "ден", "тан", "тен", "нан", "нен"),  # ablative
            *("мен", "бен", "пен"),  # instrumental
            *("дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі"),  # relative
            *("ыншы", "інші", "ншы", "нші", "сыншы", "сінші"),  # ordinal
        },
        key=lambda e: (-len(e), e),
    )
)
KK_MIN_STEM = 3
_ORDINAL_ENDING = re.compile(
    r"(?<![\w])(\d{1,4})(?:-?(?:st|nd|rd|th|ая|ой|ый|ий|ое|ье|го|му|ом|ым|я|й|е|ыншы|інші|ншы|нші|шы|ші)"
    r"(?:сы|сі)?)?(?![\w])",
    re.IGNORECASE,
)
_LOOKALIKE = str.maketrans({"х": "x", "і": "i", "у": "v"})
_ROMAN = re.compile(r"^(?=[xvi])x{0,3}(i[xv]|v?i{0,3})$")  # I to XXXIX: the numbers of series, not words like "li"
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_WORD = re.compile(r"\w+")
_FOLD = str.maketrans({"ё": "е", "ı": "i"})
_PROTECT = str.maketrans({"й": "\ue000", "Й": "\ue001"})  # private-use code points: NFKD leaves them be
_RESTORE = str.maketrans({"\ue000": "й", "\ue001": "Й"})


# Cyrillic → Latin, to match a name across scripts ("Сенат" ~ "Senate", "Мажилис" = "Mazhilis"): a plain
# romanisation close to the spellings English texts use for Kazakh and Russian names.
TRANSLIT = {
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
    "ж": "zh",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ь": "",
    "ю": "yu",
    "я": "ya",
    **dict(zip("әғқңөұүһі", "agknouuhi", strict=True)),
}
_TRANSLIT = str.maketrans(TRANSLIT)


def romanise(key: str) -> str:
    """A Cyrillic key in Latin letters (``мажилис`` → ``mazhilis``); other keys unchanged."""
    return key.translate(_TRANSLIT)


def fold(text: str) -> str:
    """``text`` without accents, in lower case (``ё`` as ``е``; ``й`` kept)."""
    if text.isascii():
        return text.casefold()
    kept = unicodedata.normalize("NFC", text).translate(_PROTECT)  # й is a letter of its own, not an accented и
    bare = "".join(c for c in unicodedata.normalize("NFKD", kept) if not unicodedata.combining(c))
    return bare.translate(_RESTORE).casefold().translate(_FOLD)


@cache
def number_words() -> dict[str, tuple[int, bool]]:
    """Folded number word → (value, is a multiple of ten that a following unit adds to)."""
    out: dict[str, tuple[int, bool]] = {}
    for i, w in enumerate(EN_UNITS[:19]):
        out[w] = (i + 1, False)
    for i, w in enumerate(EN_ORDINAL_UNITS):
        out[w] = (i + 1, False)
    for i, w in enumerate(RU_ORDINAL_UNITS):
        out[w] = (i + 1, False)
    for table in (EN_TENS, EN_ORDINAL_TENS, RU_ORDINAL_TENS, RU_CARDINAL_TENS):
        for i, w in enumerate(table):
            out[w] = (20 + 10 * i, True)
    for i, w in enumerate(KK_UNITS):
        out[w] = (i + 1, False)
    out[KK_TENS[0]] = (10, True)
    for i, w in enumerate(KK_TENS[1:]):
        out[w] = (20 + 10 * i, True)
    return {fold(k): v for k, v in out.items()}


def is_cyrillic(word: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in word)


def strip_kazakh(word: str) -> str:
    """``word`` without the Kazakh endings of :data:`KK_ENDINGS` (longest first, repeatedly)."""
    changed = True
    while changed:
        changed = False
        for ending in KK_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= KK_MIN_STEM:
                word = word[: -len(ending)]
                changed = True
                break
    return word


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The key of one folded word: Russian dictionary form, Kazakh stem, Roman numeral's digits, or the word."""
    if word.isdigit():
        return str(int(word))
    roman = word.translate(_LOOKALIKE)
    if len(word) >= 2 and _ROMAN.match(roman):
        return str(roman_value(roman))
    if is_cyrillic(word):
        morph = morphology.analyzer()
        if morph.word_is_known(word):
            lemma = fold(morph.parse(word)[0].normal_form)
            return lemma
        stem = strip_kazakh(word)
        return stem
    return word


def roman_value(numeral: str) -> int:
    total = 0
    values = [_ROMAN_VALUES[c] for c in numeral]
    for i, v in enumerate(values):
        total += -v if i + 1 < len(values) and values[i + 1] > v else v
    return total


def number(word: str) -> tuple[int, bool] | None:
    """A folded number word's (value, is a multiple of ten) — also a Russian inflected ordinal (``двадцатая``) or a
    Kazakh numeral with an ending (``жиырмасыншы``) —, else None."""
    table = number_words()
    if word in table:
        return table[word]
    if not is_cyrillic(word):
        return None
    for ending in KK_ENDINGS:
        if word.endswith(ending) and word[: -len(ending)] in table:
            return table[word[: -len(ending)]]
    return table.get(word_key(word))


def _keys(folded: list[str]) -> list[tuple[str, str]]:
    """(key, word as written) of folded words: number words as digits (a multiple of ten and a following unit
    summed: ``twenty first`` → ``21``), the others by :func:`word_key`."""
    out: list[tuple[str, str]] = []
    pending: int | None = None
    for w in folded:
        entry = number(w) if not w.isdigit() else None
        if entry is not None and pending is not None and not entry[1] and entry[0] < 10:
            out.append((str(pending + entry[0]),) * 2)
            pending = None
            continue
        if pending is not None:
            out.append((str(pending),) * 2)
            pending = None
        if entry is None:
            out.append((word_key(w), w))
        elif entry[1]:
            pending = entry[0]
        else:
            out.append((str(entry[0]),) * 2)
    if pending is not None:
        out.append((str(pending),) * 2)
    return out


def words(text: str) -> list[str]:
    """The folded words of ``text``, ordinal endings dropped from digits, single capital Roman numerals marked."""
    text = _ORDINAL_ENDING.sub(r" \1 ", text)
    out = []
    for raw in _WORD.findall(text):
        low = fold(raw)
        if raw in ("I", "V", "X", "Х", "І"):  # a single capital letter counts as a numeral only in capitals
            low = str(roman_value(low.translate(_LOOKALIKE)))
        out.append(low)
    return out


def keys(text: str, *, keep_function_words: bool = False) -> list[str]:
    """The search keys of ``text`` in order (function words dropped unless nothing else is left)."""
    return [k for k, _ in key_pairs(text, keep_function_words=keep_function_words)]


def key_pairs(text: str, *, keep_function_words: bool = False) -> list[tuple[str, str]]:
    """(key, folded word as written) for each key of ``text``: a query's misspelt Russian or Kazakh word is also
    compared as written, since its dictionary form or stem may be off (``аллматы`` is no word to pymorphy3, and
    stripping ``ты`` leaves ``аллма``)."""
    found = _keys([w for w in (w.replace("_", "") for w in words(text)) if w])
    if keep_function_words:
        return found
    content = [(k, w) for k, w in found if k not in FUNCTION_WORDS]
    return content or found


def tables() -> dict[str, Any]:
    """The rules' data, for a reimplementation of :func:`keys` elsewhere (the views' search box)."""
    return {
        "functionWords": sorted(FUNCTION_WORDS),
        "kkEndings": list(KK_ENDINGS),
        "kkMinStem": KK_MIN_STEM,
        "numberWords": {k: [v, t] for k, (v, t) in sorted(number_words().items())},
        "ordinalEnding": _ORDINAL_ENDING.pattern,
        "translit": TRANSLIT,
    }
