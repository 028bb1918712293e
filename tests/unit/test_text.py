"""Canonical text, hashes and the line index."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets.text_area import Document

from annotator.errors import DataError
from annotator.model.text import LineIndex, canonicalize, context, decode_article, sha256_text
from annotator.store.corpus import Corpus
from tests.helpers import CORPUS

BREAKS = ["\r\n", "\r", "\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("brk", BREAKS)
def test_every_line_break_becomes_lf(brk: str) -> None:
    assert canonicalize(f"a{brk}b{brk}") == "a\nb\n"


def test_canonical_matches_splitlines() -> None:
    raw = "one\r\ntwo\rthree\x85four\u2028five\u2029six\vseven\fend"
    assert canonicalize(raw).split("\n") == raw.splitlines()


def test_bom_removed_and_only_leading() -> None:
    assert canonicalize("\ufeffa\ufeffb") == "a\ufeffb"


def test_decode_rejects_non_utf8_with_place(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        decode_article("line one\nbad \xe9 here".encode("latin-1"), tmp_path / "x.txt")
    message = str(info.value)
    assert "x.txt:2:5:" in message and "not UTF-8" in message
    assert "\n" not in message


def test_sha256_over_canonical_utf8() -> None:
    text = "Kim’s train – “quoted”"
    assert sha256_text(text) == hashlib.sha256(text.encode()).hexdigest()
    crlf = decode_article(text.replace("’", "’\r\n").encode(), "a.txt")
    lf = decode_article(text.replace("’", "’\n").encode(), "a.txt")
    assert sha256_text(crlf) == sha256_text(lf)


def test_seed_offsets_are_code_points_not_bytes() -> None:
    corpus = Corpus(CORPUS)
    text = corpus.text("efe-kim-train")
    start = text.index("700 kms")
    assert text.encode()[start : start + 7] != b"700 kms"  # curly quotes before it shift bytes
    assert text[start : start + 7] == "700 kms"


def test_context_is_32_code_points() -> None:
    text = "x" * 50 + "SPAN" + "y" * 50
    prefix, suffix = context(text, 50, 54)
    assert prefix == "x" * 32 and suffix == "y" * 32
    assert context("ab", 0, 1) == ("", "b")


@given(st.text(alphabet=st.sampled_from(["a", "é", "😀", "\n", "“", " "]), max_size=200))
def test_line_index_matches_textual_document(text: str) -> None:
    index = LineIndex(text)
    document = Document(text)
    for offset in range(len(text) + 1):
        location = index.location(offset)
        assert document.get_index_from_location(location) == offset
        assert index.offset(*location) == offset
        assert document.get_location_from_index(offset) == location


def test_line_index_bounds_and_clamping() -> None:
    index = LineIndex("ab\ncd\n")
    assert index.line_count == 3
    assert index.line_bounds(0) == (0, 2)
    assert index.line_bounds(2) == (6, 6)
    assert index.offset(0, 99) == 2
    assert index.offset(99, 0) == 6
    assert index.location(-5) == (0, 0)
