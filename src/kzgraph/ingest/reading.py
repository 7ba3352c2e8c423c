"""Reading a file into the text kzgraph stores: decode (UTF-8 or a detected legacy Cyrillic encoding),
strip markup (HTML, Markdown) or take a PDF's text layer (:mod:`kzgraph.ingest.pdf`), and detect the language. Offsets of everything extracted later are indices
into the text returned here, which is stored byte for byte (UTF-8) as ``<sha256>.txt``."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from kzgraph.errors import IngestError
from kzgraph.ingest import pdf

MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ""}
LEGACY_ENCODINGS = ("cp1251", "koi8_r", "cp866", "mac_cyrillic")
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


@dataclass(frozen=True)
class ReadDocument:
    text: str
    media_type: str
    encoding: str
    language: str
    title: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


RU_KK = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ") | KAZAKH_LETTERS
PUNCT = set("«»—–…№’‘“”„")


def _plausibility(text: str) -> tuple[float, float]:
    """(share of characters that are ASCII, Russian/Kazakh letters or common punctuation; share of Cyrillic
    letters that are lower case). Text decoded with the wrong code page is full of symbols and capitals."""
    sample = text[:200_000]
    ok = cyr = lower = 0
    for ch in sample:
        if ch in RU_KK:
            ok += 1
            cyr += 1
            lower += ch.islower()
        elif ch.isascii() or ch in PUNCT:
            ok += 1
    return ok / max(1, len(sample)), (lower / cyr if cyr else 0.0)


def _controls(text: str) -> float:
    sample = text[:200_000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / max(1, len(sample))


def decode(data: bytes, *, name: str) -> tuple[str, str]:
    """Bytes → (text, encoding). Binary data and text in no recognisable encoding raise :class:`IngestError`."""
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    if data.startswith(b"%PDF"):
        raise IngestError(f"{name}: PDF, not text (read_bytes takes its text layer)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise IngestError(f"{name}: invalid UTF-16") from None
    if b"\x00" in data[:65536]:
        raise IngestError(f"{name}: binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        best: tuple[float, str, str] | None = None
        for enc in LEGACY_ENCODINGS:
            try:
                candidate = data.decode(enc)
            except UnicodeDecodeError:
                continue
            share, lower = _plausibility(candidate)
            if share < 0.97:
                continue
            score = share + lower  # the right Cyrillic code page gives mostly lowercase letters
            if best is None or score > best[0] + 1e-9:
                best = (score, enc, candidate)
        if best is None:
            raise IngestError(f"{name}: unknown encoding (neither UTF-8 nor a Cyrillic code page)") from None
        _, encoding, text = best
    if _controls(text) > 0.01:
        raise IngestError(f"{name}: binary file (control characters), not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(f"{name}: empty file (whitespace only)")
    return text, encoding


class _HTMLText(HTMLParser):
    BLOCK: ClassVar[set[str]] = {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "title",
        "hr",
        "dd",
        "dt",
        "figcaption",
    }
    SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n" if tag not in {"br", "tr"} else "\n")
        elif tag == "td" or tag == "th":
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n" if tag != "tr" else "\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skip:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def strip_html(text: str) -> tuple[str, str]:
    """HTML → (plain text with paragraphs as blank lines and table cells as tabs, title)."""
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    out = "".join(parser.parts)
    out = re.sub(r"[ ]*\n[ ]*", "\n", out)
    out = re.sub(r"\n(?:\t*\n)+", "\n\n", out)
    out = re.sub(r"\n\t", "\n", out)
    return out.strip() + "\n", " ".join("".join(parser.title).split())


_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE), r"\1"),
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE), ""),
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.MULTILINE), ""),
    (re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE), ""),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"^\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.MULTILINE), ""),
]


def strip_markdown(text: str) -> tuple[str, str]:
    """Markdown → (plain text, first heading). Pipe tables become tab-separated rows."""
    heading = re.search(r"^[ \t]{0,3}#[ \t]+(.+?)[ \t#]*$", text, re.MULTILINE)
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    text = re.sub(
        r"^\|(.*)\|[ \t]*$", lambda m: "\t".join(c.strip() for c in m[1].split("|")), text, flags=re.MULTILINE
    )
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n", heading[1].strip() if heading else ""


def detect_language(text: str) -> str:
    """``ru``, ``kk`` or ``en``: by the share of Cyrillic letters, and Kazakh-only letters among them."""
    letters = cyr = kaz = 0
    for ch in text[:100_000]:
        if ch.isalpha():
            letters += 1
            if "\u0400" <= ch <= "\u04ff":
                cyr += 1
                kaz += ch in KAZAKH_LETTERS
    if not letters or cyr / letters < 0.5:
        return "en"
    return "kk" if kaz / cyr > 0.02 else "ru"


def media_type(path_name: str, text: str) -> str:
    suffix = Path(path_name).suffix.lower()
    if suffix in {".html", ".htm", ".xhtml"}:
        return "text/html"
    if suffix in {".md", ".markdown"}:
        return "text/markdown"
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(p|div|body)[\s>]", head):
        return "text/html"
    return "text/plain"


def read_bytes(data: bytes, *, name: str, max_bytes: int = MAX_BYTES) -> ReadDocument:
    """Decode, strip and inspect ``data`` (named ``name`` in messages)."""
    if len(data) > max_bytes:
        raise IngestError(
            f"{name}: too large ({len(data) / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:.1f} MB,"
            " see --max-mb)"
        )
    title = ""
    if pdf.is_pdf(data, name):
        if not data.strip():
            raise IngestError(f"{name}: empty file")
        text, title = pdf.extract(data, name=name)
        kind, encoding = pdf.MEDIA_TYPE, pdf.ENCODING
    else:
        text, encoding = decode(data, name=name)
        kind = media_type(name, text)
    if kind == "text/html":
        text, title = strip_html(text)
    elif kind == "text/markdown":
        text, title = strip_markdown(text)
    if not text.strip():
        raise IngestError(f"{name}: no text left after removing the markup")
    if not title:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        title = first if len(first) <= 200 else first[:197] + "..."
    return ReadDocument(text=text, media_type=kind, encoding=encoding, language=detect_language(text), title=title)


def read_path(path: Path, *, max_bytes: int = MAX_BYTES) -> ReadDocument:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise IngestError(f"{path}: cannot read: {e.strerror}") from None
    if size > max_bytes:
        raise IngestError(
            f"{path}: too large ({size / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:.1f} MB, see --max-mb)"
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(f"{path}: cannot read: {e.strerror}") from None
    return read_bytes(data, name=str(path), max_bytes=max_bytes)
