"""Numbers and percentages: ``63,07%`` and ``63.07%`` → ``63.07``; ``1,071,927`` and ``8 906 022`` →
``1071927``/``8906022``; ``823`` → ``823``; ``2.5 million``/``2,5 млн``/``2,5 млн`` → ``2500000``; Kazakh
``614 мың`` → ``614000`` and ``70,4%-ға`` → ``70.4`` (percent). Years (1600–2099 standing alone) are left to
:mod:`dates`.

A number with a multiplier keeps what the text says beside its value: ``stated`` is the figure as written
(``2.9``) and ``unit`` the multiplier's name (``million``), so a reader comparing with the text finds the
stated figure, and one comparing quantities finds the people.

Number words (``six``, ``трех``, ``тоғыз``, ``жиырма бес``) are found by :func:`find_words` (``find(...,
words=True)`` adds them); ordinals of numbered series — Roman numerals in Latin or look-alike Cyrillic letters
(``ХХХІV``), digits with a Kazakh or Russian ordinal ending (``34-ші``, ``34-я``), Kazakh ordinal words
(``отыз төртінші``) — by :func:`ordinal`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_NUM = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:(?P<sep>[ \u00a0\u202f,])\d{3})(?:(?P=sep)\d{3})*(?![\d])|\d+(?:[.,]\d+)?)"
    r"(?:\s*(?P<pct>%|per\s?cent|процент\w*|пайыз\w*))?"
    r"(?:\s+(?P<mult>thousand|million|billion|тыс\.|тысяч\w*|млн\.?|миллион\w*|млрд\.?|миллиард\w*|мың\w*))?"
    r"(?![\w%]|[.,]\d)"
)
MULTIPLIERS = {
    "thousand": 1000,
    "тыс": 1000,
    "тысяч": 1000,
    "мың": 1000,
    "million": 10**6,
    "млн": 10**6,
    "миллион": 10**6,
    "billion": 10**9,
    "млрд": 10**9,
    "миллиард": 10**9,
}
UNIT_NAMES = {1000: "thousand", 10**6: "million", 10**9: "billion"}


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    value: str  # canonical decimal or integer lexical form (a multiplier applied: people, not millions)
    kind: str  # "percent", "integer" or "decimal"
    stated: str = ""  # the figure as written, canonical ("2.9" of "2,9 млн"); same as value without a multiplier
    unit: str = ""  # "thousand", "million", "billion" when the text gives a multiplier


def parse_number(text: str) -> tuple[str, str] | None:
    """A numeric string → (canonical lexical form, "integer" | "decimal")."""
    t = text.strip()
    if re.fullmatch(r"\d{1,3}(?:([ \u00a0\u202f,])\d{3})(?:\1\d{3})*", t):
        return str(int(re.sub(r"\D", "", t))), "integer"
    if re.fullmatch(r"\d+", t):
        return str(int(t)), "integer"
    if re.fullmatch(r"\d+[.,]\d+", t):
        try:
            return str(Decimal(t.replace(",", "."))), "decimal"
        except InvalidOperation:
            return None
    return None


def multiplier(word: str) -> int | None:
    """``million``, ``млн.``, ``тысяч``, ``мың`` … → the factor; None for any other word."""
    w = word.lower()
    return next((v for k, v in MULTIPLIERS.items() if w.startswith(k)), None)


def find(text: str, *, skip_years: bool = True, words: bool = False) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _NUM.finditer(text):
        parsed = parse_number(m["n"])
        if parsed is None:
            continue
        value, kind = parsed
        if m["pct"]:
            out.append(NumberMention(m.start(), m.end(), value, "percent", value))
            continue
        if m["mult"]:
            factor = multiplier(m["mult"]) or 1
            total = Decimal(value) * factor
            people = str(int(total)) if total == int(total) else str(total)
            out.append(NumberMention(m.start(), m.end(), people, "integer", value, UNIT_NAMES[factor]))
            continue
        if skip_years and kind == "integer" and len(m["n"]) == 4 and 1600 <= int(value) <= 2099:
            continue
        out.append(NumberMention(m.start(), m.end(), value, kind, value))
    if words:
        taken = [(n.start, n.end) for n in out]
        out += [w for w in find_words(text) if not any(a < w.end and w.start < b for a, b in taken)]
        out.sort(key=lambda n: n.start)
    return out


# --- number words -------------------------------------------------------------------------------------------
# Units and tens by language; Russian words inflect (трех, девяти, двадцати), so each is a stem plus endings.
EN_UNITS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
]
EN_UNITS += ["seventeen", "eighteen", "nineteen"]
EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
KK_UNITS = ["бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
KK_TENS = ["он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]
EN_ORDINAL_UNITS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
EN_ORDINAL_TENS = [tens.removesuffix("y") + "ieth" for tens in EN_TENS]  # twentieth … ninetieth
# Every English ordinal word from first to ninety-ninth (the compounds with a hyphen: twenty-first) → its value.
EN_ORDINALS = (
    {w: n for n, w in enumerate(EN_ORDINAL_UNITS, start=1)}
    | {w: n for n, w in zip(range(20, 100, 10), EN_ORDINAL_TENS, strict=True)}
    | {
        f"{tens}-{unit}": n + i
        for n, tens in zip(range(20, 100, 10), EN_TENS, strict=True)
        for i, unit in enumerate(EN_ORDINAL_UNITS[:9], start=1)
    }
)
# Russian ordinals and tens as lemmas (the search keys' dictionary forms; texts inflect them: see _RU_UNITS below).
RU_ORDINAL_UNITS = [
    "первый",
    "второй",
    "третий",
    "четвертый",
    "пятый",
    "шестой",
    "седьмой",
    "восьмой",
    "девятый",
    "десятый",
    "одиннадцатый",
    "двенадцатый",
    "тринадцатый",
    "четырнадцатый",
    "пятнадцатый",
    "шестнадцатый",
    "семнадцатый",
    "восемнадцатый",
    "девятнадцатый",
]
RU_ORDINAL_TENS = [
    "двадцатый",
    "тридцатый",
    "сороковой",
    "пятидесятый",
    "шестидесятый",
    "семидесятый",
    "восьмидесятый",
    "девяностый",
]
RU_CARDINAL_TENS = ["двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"]
_RU_UNITS = [
    r"од(?:ин|на|но|ного|ной|ному|ним|ном)",
    r"дв(?:а|е|ух|ум|умя)",
    r"тр(?:и|[её]х|[её]м|емя)",
    r"четыр(?:е|[её]х|[её]м|ьмя)",
    r"пят(?:ь|и|ью)",
    r"шест(?:ь|и|ью)",
    r"сем(?:ь|и|ью)",
    r"вос(?:емь|ьми|емью|ьмью)",
    r"девят(?:ь|и|ью)",
]
_RU_TEENS = [r"десят(?:ь|и|ью)"] + [
    stem + r"надцат(?:ь|и|ью)" for stem in ("один", "две", "три", "четыр", "пят", "шест", "сем", "восем", "девят")
]
_RU_TENS = [
    r"двадцат(?:ь|и|ью)",
    r"тридцат(?:ь|и|ью)",
    r"сорок(?:а)?",
    r"пятьдесят|пятидесяти",
    r"шестьдесят|шестидесяти",
    r"семьдесят|семидесяти",
    r"восемьдесят|восьмидесяти",
    r"девяност(?:о|а)",
]


def _words_rx(units: list[str], tens: list[str], hundred: str, joiner: str) -> re.Pattern[str]:
    u = "|".join(f"(?:{w})" for w in units)
    t = "|".join(f"(?:{w})" for w in tens)
    return re.compile(
        rf"(?<![\w-])(?:(?P<h>{hundred})(?:\s+|$))?(?:(?P<t>{t})(?:{joiner}(?P<tu>{u}))?|(?P<u>{u}))(?![\w-])"
        rf"|(?<![\w-])(?P<ho>{hundred})(?![\w-])",
        re.IGNORECASE,
    )


_EN_WORDS = _words_rx(EN_UNITS, EN_TENS, "(?:a|one)\\s+hundred", "[\\s-]")
_RU_WORDS = _words_rx(_RU_UNITS + _RU_TEENS, _RU_TENS, "сто|ста", "\\s+")
_KK_WORDS = _words_rx(KK_UNITS, KK_TENS, "жүз", "\\s+")


def _index(word: str, table: list[str], *, regex: bool = False) -> int:
    w = word.lower()
    for i, form in enumerate(table):
        if re.fullmatch(form, w) if regex else w == form:
            return i
    raise ValueError(word)


# Words that are numbers only with another number word: "one" (a pronoun), "бір" (also "a"), "он" (Russian "he").
_ALONE = {"one", "бір", "он", "один", "одна", "одно"}


def find_words(text: str) -> list[NumberMention]:
    """Cardinal number words in English, Russian and Kazakh: ``six`` → 6, ``трех`` → 3, ``екі`` → 2,
    ``twenty-five`` → 25, ``жиырма бес`` → 25, ``сто`` → 100 (see :data:`_ALONE` for words skipped alone)."""
    out: list[NumberMention] = []
    for rx, units, tens, regex in (
        (_EN_WORDS, EN_UNITS, EN_TENS, False),
        (_RU_WORDS, _RU_UNITS + _RU_TEENS, _RU_TENS, True),
        (_KK_WORDS, KK_UNITS, KK_TENS, False),
    ):
        for m in rx.finditer(text):
            if m["ho"]:
                out.append(NumberMention(m.start(), m.end(), "100", "integer", "100"))
                continue
            n = 100 if m["h"] else 0
            if m["t"]:
                # Kazakh "он" (ten) is the first ten; its tens table starts at 10, the others at 20.
                n += (_index(m["t"], tens, regex=regex) + (1 if tens is KK_TENS else 2)) * 10
                if m["tu"]:
                    n += _index(m["tu"], units, regex=regex) + 1
            else:
                n += _index(m["u"], units, regex=regex) + 1
            if m[0].lower() in _ALONE:
                continue
            out.append(NumberMention(m.start(), m.end(), str(n), "integer", str(n)))
    return sorted(out, key=lambda x: x.start)


# --- ordinals ---------------------------------------------------------------------------------------------
# Cyrillic letters that look like Roman numerals (texts mix them: "ХХХІV", "ХІХ").
_LOOKALIKE = str.maketrans({"Х": "X", "х": "x", "І": "I", "і": "i", "У": "V", "С": "C", "с": "c", "М": "M"})
ROMAN = re.compile(r"^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
ROMAN_TOKEN = r"[IVXLCХІ]{1,7}"  # Latin or look-alike Cyrillic capitals (Х, І); checked by roman()
_KK_ORDINAL_SUFFIX = r"(?:ыншы|інші|ншы|нші|шы|ші)"
_DIGIT_ORDINAL = re.compile(r"^(\d{1,3})(?:-?(?:ші|шы|інші|ыншы|я|й|ая|ой|ей|го|му|ом|th|st|nd|rd))?$", re.IGNORECASE)


def roman(token: str) -> int | None:
    """A Roman numeral in Latin or look-alike Cyrillic capitals (``XIV``, ``ХХХІV``) → its value."""
    s = token.translate(_LOOKALIKE).upper()
    if not s or not ROMAN.match(s):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = values[a]
        total += -v if b != " " and values.get(b, 0) > v else v
    return total


def kazakh_ordinal_words(words: str) -> int | None:
    """``отыз төртінші`` → 34, ``бірінші`` → 1, ``оныншы`` → 10 (tens, then a unit carrying the ordinal ending)."""
    parts = words.lower().split()
    if not parts or not 1 <= len(parts) <= 2:
        return None
    last = re.sub(_KK_ORDINAL_SUFFIX + "$", "", parts[-1])
    if last == parts[-1]:
        return None
    n = 0
    if len(parts) == 2:
        if parts[0] not in KK_TENS:
            return None
        n = (KK_TENS.index(parts[0]) + 1) * 10
    for i, u in enumerate(KK_UNITS, start=1):
        if last in {u, u[:-1]}:  # бір-інші, тоғыз-ыншы (final vowel merged: алты → алтыншы)
            return n + i
    for i, t in enumerate(KK_TENS, start=1):
        if not n and last in {t, t[:-1]}:
            return i * 10
    return None


KK_ORDINAL_WORDS = (
    rf"(?:(?:{'|'.join(KK_TENS)})\s+)?(?:{'|'.join(KK_UNITS + KK_TENS)}|алт|жет|тоғыз|жиырм|сексен|тоқсан)"
    rf"{_KK_ORDINAL_SUFFIX}"
)


def ordinal(token: str) -> int | None:
    """An ordinal as texts write it: ``34``, ``34-ші``, ``34-я``, ``14th``, ``XXXIV``/``ХХХІV``, ``отыз төртінші``."""
    t = token.strip()
    m = _DIGIT_ORDINAL.match(t)
    if m:
        return int(m[1])
    if re.fullmatch(ROMAN_TOKEN, t.upper()):
        return roman(t)
    return kazakh_ordinal_words(t)
