"""PDF input: the text layer, page by page, through the real pipeline; PDFs built here byte by byte (no binary
fixtures): a catalog, a page tree, the standard Helvetica font (no embedded font program), text objects with
Tj/TJ and T* line positioning, and an xref table with the right offsets."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kzgraph.cli import main
from kzgraph.errors import IngestError
from kzgraph.ingest import reading
from kzgraph.ingest.sentences import segment
from kzgraph.rdf import namespaces as ns

Line = str | list[str | int]  # a TJ array: strings and kerning adjustments


def _escape(b: bytes) -> bytes:
    return b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(
    pages: list[list[Line]], *, title: str | None = None, font_extra: bytes = b"", codec: str = "latin-1"
) -> bytes:
    """A PDF 1.4 file, one text line per item (a ``str`` is shown with Tj, a list with TJ)."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica" + font_extra + b" >>",
    }
    kids = []
    for i, lines in enumerate(pages):
        page, content = 4 + 2 * i, 5 + 2 * i
        kids.append(b"%d 0 R" % page)
        ops = [b"BT", b"/F1 11 Tf", b"14 TL", b"72 720 Td"]
        for line in lines:
            if isinstance(line, str):
                ops.append(b"(" + _escape(line.encode(codec)) + b") Tj T*")
            else:
                parts = (b"(" + _escape(p.encode(codec)) + b")" if isinstance(p, str) else b"%d" % p for p in line)
                ops.append(b"[" + b" ".join(parts) + b"] TJ T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects[content] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        objects[page] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents %d 0 R >>" % content
        )
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    info = b""
    if title is not None:
        objects[len(objects) + 1] = b"<< /Title (" + _escape(title.encode("latin-1")) + b") >>"
        info = b" /Info %d 0 R" % len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n"
    xref, size = len(out), len(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R" % size + info + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# Two pages: a heading, a dated sentence, an entity name hyphenated across a line break, a sentence (and an
# entity name) running across the page break, a TJ line with kerning.
ARTICLE = [
    [
        "Ethnic policy in Kazakhstan",
        "The Assembly of People of Kazakhstan was established on March 1, 1995.",
        "Since then the Assembly of People of Kazakh-",
        "stan has advised the President on interethnic policy.",
        "A survey of the regional councils shows that the Assembly of People",
    ],
    [
        "of Kazakhstan works in every region of the country.",
        ["Its ", -250, "sessions are held in Astana."],
    ],
]
CROSS_PAGE = (
    "A survey of the regional councils shows that the Assembly of People of Kazakhstan works in every region "
    "of the country."
)


@pytest.fixture(scope="module")
def article() -> bytes:
    return make_pdf(ARTICLE, title="Interethnic policy (test)")


def test_text_layer_pages_and_title(article: bytes) -> None:
    doc = reading.read_bytes(article, name="a.pdf")
    assert doc.title == "Interethnic policy (test)"
    assert doc.media_type == "application/pdf" and doc.language == "en"
    first, second = doc.text.split("\f")
    assert first.startswith("Ethnic policy in Kazakhstan\n") and first.endswith("Assembly of People\n")
    assert second.startswith("of Kazakhstan works") and "Its sessions are held in Astana." in second
    # Without /Title the first line is the title, as for a text file.
    assert reading.read_bytes(make_pdf(ARTICLE), name="b.pdf").title == "Ethnic policy in Kazakhstan"


def test_pdf_artefacts_are_repaired_with_offsets_kept(article: bytes) -> None:
    text = reading.read_bytes(article, name="a.pdf").text
    tm, sentences = segment(text)
    found = [s.text for s in sentences]
    assert "The Assembly of People of Kazakhstan was established on March 1, 1995." in found
    assert "Since then the Assembly of People of Kazakhstan has advised the President on interethnic policy." in found
    assert CROSS_PAGE in found  # one sentence across the page break
    s = next(s for s in sentences if s.text == CROSS_PAGE)
    a, b = tm.to_raw(s.start, s.end)
    assert "\f" in text[a:b] and text[a:b].startswith("A survey") and text[a:b].endswith("country.")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_pdf_ingested_end_to_end(work: Path, tmp_path: Path, article: bytes) -> None:
    path = tmp_path / "article.pdf"
    path.write_bytes(article)
    code, out = _run("ingest", str(path), "--store", str(work), "--format", "json")
    assert code == 0, out
    (report,) = json.loads(out[out.index("{") :])["files"]
    assert report["status"] == "ingested" and report["language"] == "en"
    sha = report["sha256"]
    corpus = work.parent / "ingested"
    text = (corpus / f"{sha}.txt").read_text("utf-8")
    assert text == reading.read_bytes(article, name="x.pdf").text  # the stored text is the extracted text
    meta = json.loads((corpus / f"{sha}.json").read_text("utf-8"))
    assert meta["title"] == "Interethnic policy (test)" and meta["media_type"] == "application/pdf"

    quads = list(ox.parse((corpus / f"{sha}.nq").read_bytes(), format=ox.RdfFormat.N_QUADS))
    store = ox.Store()
    store.extend(quads)
    oa = "PREFIX oa: <http://www.w3.org/ns/oa#> "
    # Every quote is the stored text between its offsets.
    rows = list(
        store.query(
            oa + "SELECT ?exact ?start ?end WHERE { GRAPH ?g { ?t oa:hasSelector ?q , ?p . ?q oa:exact ?exact ."
            " ?p oa:start ?start ; oa:end ?end } }"
        )
    )
    assert rows
    fmt = [r[0].value for r in store.query("SELECT ?f WHERE { GRAPH ?g { ?d <http://purl.org/dc/terms/format> ?f } }")]
    assert fmt == ["application/pdf"]  # no charset: the file as given was not text
    quotes = [r[0].value for r in rows]
    for exact, start, end in rows:
        assert text[int(start.value) : int(end.value)] == exact.value

    # The dated fact, with its quote.
    q = f"""PREFIX kz: <{ns.KZ}> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> {oa}
    SELECT ?v ?exact WHERE {{ GRAPH ?g {{
      ?c a kz:Claim ; rdf:subject <{ns.entity("apk")}> ; rdf:predicate kz:foundingDate ; rdf:object ?v ;
         kz:evidence ?a . ?a oa:hasTarget ?t . ?t oa:hasSelector ?qs . ?qs oa:exact ?exact }} }}"""
    (found,) = list(store.query(q))
    assert found[0].value == "1995-03-01"
    assert "established on March 1, 1995" in found[1].value

    # Mentions of the Assembly: in the hyphenated sentence and in the sentence across the page break, each
    # quote spanning the original line/page break of the stored text.
    mq = f"""{oa} SELECT ?exact WHERE {{ GRAPH ?g {{ ?a oa:motivatedBy oa:identifying ;
      oa:hasBody <{ns.entity("apk")}> ; oa:hasTarget ?t . ?t oa:hasSelector ?qs . ?qs oa:exact ?exact }} }}"""
    mentions = [r[0].value for r in store.query(mq)]
    assert len(mentions) >= 3
    assert any("Kazakh-\nstan has advised" in m for m in mentions)  # the hyphenated name was matched
    cross = [m for m in mentions if "\f" in m]
    assert cross and all(" ".join(m.split()) == CROSS_PAGE for m in cross)  # one sentence across the pages
    assert any("Kazakh-\nstan" in x for x in quotes)


def _encrypted(data: bytes, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bad_pdfs(good: bytes) -> dict[str, tuple[bytes, str]]:
    return {
        "encrypted.pdf": (_encrypted(good, "secret"), "encrypted PDF (needs a password)"),
        "truncated.pdf": (good[: len(good) // 2], "truncated PDF"),
        "corrupt.pdf": (good[:15] + bytes(range(256)) * 4 + b"\n%%EOF\n", "corrupt PDF"),
        "scanned.pdf": (make_pdf([[], []]), "no text layer (scanned images?); run OCR first"),
    }


@pytest.mark.parametrize("name", ["encrypted.pdf", "truncated.pdf", "corrupt.pdf", "scanned.pdf"])
def test_bad_pdf_gives_one_line_naming_the_file(article: bytes, name: str) -> None:
    data, message = bad_pdfs(article)[name]
    with pytest.raises(IngestError) as e:
        reading.read_bytes(data, name=name)
    assert str(e.value).startswith(f"{name}: ") and message in str(e.value)
    assert "\n" not in str(e.value)


def test_pdf_with_only_an_owner_password_is_read(article: bytes) -> None:
    doc = reading.read_bytes(_encrypted(article, ""), name="restricted.pdf")
    assert "established on March 1, 1995." in doc.text


def test_size_limit_applies_to_pdf(article: bytes, tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^big\.pdf: too large"):
        reading.read_bytes(article, name="big.pdf", max_bytes=100)
    path = tmp_path / "big.pdf"
    path.write_bytes(article + b"\n" * 1_100_000)
    with pytest.raises(IngestError, match=r"big\.pdf: too large \(1\.\d MB; the limit is 1\.0 MB"):
        reading.read_path(path, max_bytes=1_048_576)


def test_bad_pdfs_fail_and_good_text_is_still_ingested(work: Path, tmp_path: Path, article: bytes) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "The Assembly of People of Kazakhstan was established on March 1, 1995.\n", encoding="utf-8"
    )
    bad = bad_pdfs(article)
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    code, out = _run("ingest", str(folder), "--store", str(work))
    assert code == 1, out
    failed = [line for line in out.splitlines() if line.startswith("kzgraph: failed")]
    assert len(failed) == len(bad)
    for name, (_, message) in bad.items():
        assert any(f"{folder / name}: {message}" in line for line in failed), (name, failed)
    assert any(line.startswith("ingested") and "good.txt" in line for line in out.splitlines())
    extracted = ns.GRAPH + "extracted/"
    s = ox.Store.read_only(str(work))
    try:
        assert len([g for g in s.named_graphs() if g.value.startswith(extracted)]) == 1
    finally:
        del s


def _cyrillic_font() -> bytes:
    """Helvetica with a /Differences encoding: cp1251 codes 192-255 named by the standard Adobe glyph names
    (afii10017 = А …); no font program embedded, so viewers without Cyrillic glyphs show gaps, but the text
    layer is exact."""

    def glyph(k: int) -> bytes:  # k = 0..63: А..Я, а..я (Ё/ё, afii10023/10071, are not in that range)
        base, i = (10017, k) if k < 32 else (10065, k - 32)
        return b"/afii%d" % (base + i + (i >= 6))

    names = b" ".join(glyph(k) for k in range(64))
    return b" /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [192 " + names + b"] >>"


def test_cyrillic_pdf_with_a_standard_font_encoding(work: Path, tmp_path: Path) -> None:
    data = make_pdf(
        [
            ["Ассамблея народа Казахстана создана 1 марта 1995 года.", "Ассамблея народа Ка-"],
            ["захстана работает во всех регионах."],
        ],
        font_extra=_cyrillic_font(),
        codec="cp1251",
    )
    doc = reading.read_bytes(data, name="ru.pdf")
    assert doc.language == "ru" and "Ассамблея народа Ка-\n\fзахстана работает" in doc.text
    path = tmp_path / "ru.pdf"
    path.write_bytes(data)
    code, out = _run("ingest", str(path), "--store", str(work), "--format", "json")
    assert code == 0, out
    (report,) = json.loads(out[out.index("{") :])["files"]
    assert report["language"] == "ru" and report["mentions"] >= 2
    quads = list(ox.parse((work.parent / "ingested" / f"{report['sha256']}.nq").read_bytes(), ox.RdfFormat.N_QUADS))
    exact = [q.object.value for q in quads if q.predicate.value == "http://www.w3.org/ns/oa#exact"]
    assert any("Ка-\n\fзахстана" in x for x in exact)  # a name hyphenated across the page break


def test_what_is_taken_for_a_pdf() -> None:
    assert reading.read_bytes(b"Versions: %PDF-1.4 and later.\n", name="x.txt").media_type == "text/plain"
    with pytest.raises(IngestError, match=r"^x\.pdf: not a PDF"):
        reading.read_bytes(b"plain text with a .pdf name\n", name="x.pdf")
    with pytest.raises(IngestError, match=r"^e\.pdf: empty file"):
        reading.read_bytes(b" \n", name="e.pdf")
