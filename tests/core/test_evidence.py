"""The quote locator: whitespace and hyphenation forgiven, everything else exact, offsets into raw text."""

from __future__ import annotations

from kzgraph.pipeline.evidence import LocateFailure, SourceText, Span

RAW = "the socio-\n\nperceptual images and\n\n  other  realities. The images and the end."


def test_whitespace_runs_match_single_spaces() -> None:
    span = SourceText(RAW).locate("perceptual images and other realities")
    assert isinstance(span, Span)
    assert RAW[span.start : span.end] == span.exact
    assert span.exact == "perceptual images and\n\n  other  realities"


def test_hyphenated_line_break_matches_with_or_without_hyphen() -> None:
    text = SourceText(RAW)
    with_hyphen = text.locate("the socio-perceptual images")
    without = text.locate("the socioperceptual images")
    assert isinstance(with_hyphen, Span) and isinstance(without, Span)
    assert (
        (with_hyphen.start, with_hyphen.end)
        == (without.start, without.end)
        == (0, len("the socio-\n\nperceptual images"))
    )


def test_case_and_punctuation_are_not_forgiven() -> None:
    assert SourceText(RAW).locate("The Socio-perceptual images") == LocateFailure(0)
    assert SourceText(RAW).locate("other realities,") == LocateFailure(0)


def test_ambiguous_quote_needs_occurrence() -> None:
    text = SourceText(RAW)
    assert text.locate("images and") == LocateFailure(2)
    second = text.locate("images and", occurrence=2)
    assert isinstance(second, Span)
    assert RAW[second.start : second.end] == "images and"
    assert second.start > RAW.index("images and")
    assert text.locate("images and", occurrence=3) == LocateFailure(2)


def test_prefix_and_suffix_surround_the_span() -> None:
    span = SourceText(RAW).locate("other realities")
    assert isinstance(span, Span)
    assert RAW[: span.start].endswith(span.prefix)
    assert RAW[span.end :].startswith(span.suffix)


def test_cyrillic_offsets_are_code_points() -> None:
    raw = "Ключевые слова: Ассамблея\nнарода Казахстана, этнос"
    span = SourceText(raw).locate("Ассамблея народа Казахстана")
    assert isinstance(span, Span)
    assert raw[span.start : span.end] == "Ассамблея\nнарода Казахстана"
    assert span.start == 16
