"""Reading, cleaning, sentences, dates and numbers."""

from __future__ import annotations

import pytest

from kzgraph.errors import IngestError
from kzgraph.ingest import dates, numbers, reading
from kzgraph.ingest.sentences import segment
from kzgraph.ingest.textmap import clean


def test_cp1251_is_detected_and_decoded() -> None:
    text = "Ассамблея народа Казахстана была создана 1 марта 1995 года."
    doc = reading.read_bytes(text.encode("cp1251"), name="a.txt")
    assert doc.text.strip() == text
    assert doc.encoding == "cp1251"
    assert doc.language == "ru"


def test_koi8_is_not_mistaken_for_cp1251() -> None:
    text = "Ассамблея народа Казахстана была создана в марте."
    assert reading.read_bytes(text.encode("koi8_r"), name="k.txt").text.strip() == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"\x00\x01\x02binary" * 10, "binary"),
        (bytes(range(128, 256)) * 4, "unknown encoding"),
        (b"%PDF-1.4 ...", "PDF"),
    ],
)
def test_bad_input_gives_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message) as e:
        reading.read_bytes(data, name="bad.bin")
    assert str(e.value).startswith("bad.bin: ")


def test_size_limit() -> None:
    with pytest.raises(IngestError, match="too large"):
        reading.read_bytes(b"a" * 2000, name="big.txt", max_bytes=1000)


def test_html_is_stripped_and_titled() -> None:
    html = (
        "<html><head><title>News</title><style>p{}</style></head><body><h1>APK</h1><p>The Assembly "
        "&amp; the <b>Mazhilis</b>.</p><script>x()</script><table><tr><td>Group</td><td>1999</td></tr>"
        "<tr><td>Kazakhs</td><td>53,5%</td></tr></table></body></html>"
    )
    doc = reading.read_bytes(html.encode(), name="n.html")
    assert doc.title == "News"
    assert "The Assembly & the Mazhilis." in doc.text
    assert "x()" not in doc.text and "p{}" not in doc.text
    assert "Kazakhs\t53,5%" in doc.text


def test_markdown_is_stripped() -> None:
    doc = reading.read_bytes(b"# Title\n\nSome **bold** and [a link](http://x).\n", name="a.md")
    assert doc.title == "Title"
    assert "Some bold and a link." in doc.text
    assert "**" not in doc.text and "http://x" not in doc.text


def test_clean_joins_pdf_artefacts_and_maps_offsets_back() -> None:
    raw = "The socio-\n\nperceptual images of the Assembly of \n\nPeople are studied. Nur-\nSultan is a city."
    tm = clean(raw)
    assert "socioperceptual" in tm.text
    assert "Assembly of People are studied." in tm.text
    assert "Nur-Sultan" in tm.text
    at = tm.text.index("Assembly of People")
    start, end = tm.to_raw(at, at + len("Assembly of People"))
    assert raw[start:end] == "Assembly of \n\nPeople"


def test_sentences_respect_abbreviations_and_headings() -> None:
    raw = (
        "WAYS TO IMPROVE \n\nMECHANISMS \n\n \n\nThe study by Ch. Valikhanov and L.N. Gumilyov began. "
        "It ended in 1995. В г. Алматы прошла встреча."
    )
    tm, sents = segment(raw)
    texts = [s.text for s in sents]
    assert "The study by Ch. Valikhanov and L.N. Gumilyov began." in texts
    assert "It ended in 1995." in texts
    assert "В г. Алматы прошла встреча." in texts
    for s in sents:
        a, b = tm.to_raw(s.start, s.end)
        assert " ".join(raw[a:b].split()) == s.text


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("on March 1, 1995", "1995-03-01", "date"),
        ("in 1995.3 it", "1995-03", "gYearMonth"),
        ("(2010.10.20)", "2010-10-20", "date"),
        ("in December 2000", "2000-12", "gYearMonth"),
        ("in 2008", "2008", "gYear"),
        ("1 марта 1995 года", "1995-03-01", "date"),
        ("в марте 1995 г.", "1995-03", "gYearMonth"),
        ("June 28th, 2013", "2013-06-28", "date"),
        ("28 мая 2013 г.", "2013-05-28", "date"),
        ("1995 жылы 1 наурызда", "1995-03-01", "date"),
    ],
)
def test_dates_at_their_precision(text: str, value: str, kind: str) -> None:
    found = dates.find(text)
    assert [(d.value, d.precision) for d in found] == [(value, kind)]


def test_date_ranges() -> None:
    found = dates.find("from March 1995 to January 1996")
    assert [(d.value, d.role) for d in found] == [("1995-03", "start"), ("1996-01", "end")]
    assert [(d.value, d.role) for d in dates.find("in 2006–2008")] == [("2006", "start"), ("2008", "end")]


def test_not_dates() -> None:
    assert dates.find("AKS-2017-INC-2230007 and 1,071,927 people and 63,07%") == []


def test_numbers() -> None:
    got = [(n.value, n.kind) for n in numbers.find("63,07% and 63.07%, 1,071,927 and 8 906 022, 823 units, 2,5 млн")]
    assert got == [
        ("63.07", "percent"),
        ("63.07", "percent"),
        ("1071927", "integer"),
        ("8906022", "integer"),
        ("823", "integer"),
        ("2500000", "integer"),
    ]
