"""fastwrap gives exactly Textual's wrap offsets, and the whole wrapped document matches."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import get_character_cell_size
from annotator.tui.widgets._textual_compat import compute_wrap_offsets
from textual.geometry import Offset
from textual.widgets.text_area import Document, WrappedDocument
from textual.expand_tabs import get_tab_widths

from annotator.store.corpus import Corpus
from annotator.tui.widgets.article_view import PlainWrappedDocument
from annotator.tui.widgets.fastwrap import SINGLE_CELL_RANGES, wrap_offsets
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
    return compute_wrap_offsets(line, width, tab_size=4,
                                precomputed_tab_sections=get_tab_widths(line, 4))


ALPHABET = st.sampled_from(list("ab cd  ’“—-.\t😀é\u0301界") + ["supercalifragilistic"])


@given(st.lists(ALPHABET, max_size=60).map("".join), st.integers(0, 30))
def test_same_offsets_as_textual(line: str, width: int) -> None:
    assert wrap_offsets(line, width, 4)[0] == textual(line, width)


def test_whole_documents_wrap_identically() -> None:
    corpus = Corpus(CORPUS)
    texts = [corpus.text(i) for i in corpus.ids] + ["tab\there and 界界 wide\n\n" * 3]
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
                    Offset(0, y))
            assert ours.height == theirs.height
