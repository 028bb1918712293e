"""fastwrap gives exactly Textual's wrap offsets, and the whole wrapped document matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import get_character_cell_size
from textual.expand_tabs import get_tab_widths
from textual.geometry import Offset
from textual.widgets.text_area import Document, WrappedDocument

from annotator.store.corpus import Corpus
from annotator.tui.widgets._textual_compat import compute_wrap_offsets
from annotator.tui.widgets.article_view import PlainWrappedDocument
from annotator.tui.widgets.fastwrap import SINGLE_CELL_RANGES, cell_widths, wrap_offsets
from tests.helpers import CORPUS


def _ranges() -> list[str]:
    chars: list[str] = []
    for low, high in re.findall(r"(.)-(.)", SINGLE_CELL_RANGES, re.S):
        chars.extend(chr(c) for c in range(ord(low), ord(high) + 1))
    return chars


def test_single_cell_ranges_really_are_single_cell() -> None:
    assert all(get_character_cell_size(c) == 1 for c in _ranges())


def textual(line: str, width: int) -> list[int]:
    if not width:
        return []
    return compute_wrap_offsets(
        line, width, tab_size=4, precomputed_tab_sections=get_tab_widths(line, 4)
    )


ALPHABET = st.sampled_from([*list("ab cd  ’“—-.\t😀é́界"), "supercalifragilistic"])
#: Non-Latin text: CJK (wide), Cyrillic, Hangul, half-width kana, emoji (wide, flags,
#: ZWJ sequences, variation selectors), combining marks, zero-width space.
WIDE_ALPHABET = st.sampled_from(
    [
        *list("ab cd  .—界語の文章한국어ｶﾀｶﾅ😀🎉́̈\u200b\u3000"),
        "Привет ",
        "мир",
        "日本語の長い文章です",
        "👩\u200d💻",
        "❤️",
        "🇯🇵",
        "\t",
        "supercalifragilistic",
    ]
)


@given(st.lists(ALPHABET, max_size=60).map("".join), st.integers(0, 30))
def test_same_offsets_as_textual(line: str, width: int) -> None:
    assert wrap_offsets(line, width, 4)[0] == textual(line, width)


@given(st.lists(WIDE_ALPHABET, max_size=60).map("".join), st.integers(0, 30))
def test_same_offsets_as_textual_on_non_latin_text(line: str, width: int) -> None:
    assert wrap_offsets(line, width, 4) == (
        textual(line, width),
        [w for _, w in get_tab_widths(line, 4)],
    )


#: Mostly Latin, an emoji, a flag, a wide or combining character now and then: the
#: sparse measured path (fewer than one in eight characters wider or narrower).
MOSTLY_LATIN = st.sampled_from(
    [
        *["officials ", "said ", "the ", "train ", "left, ", "Vladivostok "] * 3,
        "supercalifragilisticexpialidocious",
        *["😀", "🇰🇵", "界", "é\u0301", "ｶ"],
    ]
)


@given(st.lists(MOSTLY_LATIN, max_size=80).map("".join), st.integers(14, 60))
def test_same_offsets_as_textual_on_mostly_latin_text(line: str, width: int) -> None:
    assert wrap_offsets(line, width, 4)[0] == textual(line, width)


def test_cell_width_table_is_richs() -> None:
    table = cell_widths()
    assert len(table) == 0x110000
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue  # surrogates never reach a str from our decoder
        assert table[code] == get_character_cell_size(chr(code)), hex(code)


def test_non_latin_lines_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """CJK, Cyrillic and emoji lines never fall back to Textual's function."""
    import annotator.tui.widgets.fastwrap as fastwrap

    def slow(*args: object, **kwargs: object) -> list[int]:
        raise AssertionError("fell back to Textual's wrap")

    monkeypatch.setattr(fastwrap, "compute_wrap_offsets", slow)
    for line in (
        "日本語の文章です。" * 40,
        "Привет, мир! " * 30,
        "emoji 😀🎉 here " * 20,
        "e\u0301te\u0301 " * 30,
        "한국어 텍스트 " * 25,
    ):
        assert wrap_offsets(line, 37, 4)[0]


def test_whole_documents_wrap_identically() -> None:
    corpus = Corpus(CORPUS)
    texts = [corpus.text(i) for i in corpus.ids] + [
        "tab\there and 界界 wide\n\n" * 3,
        "日本語の文章です。Привет, мир! 😀\n" * 9,
    ]
    for text in texts:
        for width in (0, 7, 40, 93):
            ours = PlainWrappedDocument(Document(text), width=width, tab_width=4)
            theirs = WrappedDocument(Document(text), width=width, tab_width=4)
            assert ours.height == theirs.height
            for index in range(len(ours.document.lines)):
                assert ours.get_offsets(index) == theirs.get_offsets(index)
                assert ours.get_tab_widths(index) == theirs.get_tab_widths(index)
            for y in range(theirs.height):
                assert ours.offset_to_location(Offset(0, y)) == theirs.offset_to_location(
                    Offset(0, y)
                )
            assert ours.height == theirs.height
