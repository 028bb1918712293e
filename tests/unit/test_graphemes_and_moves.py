"""Grapheme clusters, CJK sentences, word steps, find, span moves and Editor.resize_span."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.editor import Editor, ReadOnlyError
from annotator.model.boundaries import (
    clusters,
    expand_to_words,
    grapheme_ceil,
    grapheme_floor,
    next_grapheme,
    previous_grapheme,
    sentence_at,
    snap_to_graphemes,
)
from annotator.model.find import QueryError, compile_query, find_all, hits_in
from annotator.model.models import Label, Span
from annotator.model.moves import nudge, step_span
from annotator.store.store import Store
from tests.helpers import read_json

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦
FLAG_US, FLAG_GB = "\U0001f1fa\U0001f1f8", "\U0001f1ec\U0001f1e7"
THUMB_DARK = "\U0001f44d\U0001f3fd"  # 👍🏽 (emoji modifier)
E_ACUTE = "e\u0301"  # e + combining acute
GAK = "\u1100\u1161\u11a8"  # 각 from conjoining jamo (L V T)
KSSI = "\u0915\u094d\u0937\u093f"  # क्षि (conjunct + vowel sign)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FAMILY + "x", [FAMILY, "x"]),
        (FLAG_US + FLAG_GB + "\U0001f1eb", [FLAG_US, FLAG_GB, "\U0001f1eb"]),
        (E_ACUTE + "\u0302a", [E_ACUTE + "\u0302", "a"]),
        (GAK + "\uac00", [GAK, "\uac00"]),
        (KSSI, [KSSI]),
        ("\u0600a", ["\u0600a"]),  # Prepend
        ("a\nb", ["a", "\n", "b"]),
        (THUMB_DARK + "!", [THUMB_DARK, "!"]),
    ],
)
def test_clusters_follow_uax29(text: str, expected: list[str]) -> None:
    assert clusters(text) == expected


def test_floor_ceil_next_previous_on_a_mixed_line() -> None:
    text = "ab" + FAMILY + "x" + FLAG_US + FLAG_GB + E_ACUTE + " " + GAK
    inside_family = 2 + 3
    assert grapheme_floor(text, inside_family) == 2
    assert grapheme_ceil(text, inside_family) == 2 + len(FAMILY)
    assert next_grapheme(text, 2) == 2 + len(FAMILY)
    assert previous_grapheme(text, 2 + len(FAMILY)) == 2
    flags = 2 + len(FAMILY) + 1
    assert grapheme_floor(text, flags + 3) == flags + 2  # between the two flags
    assert snap_to_graphemes(text, flags + 1, flags + 3) == (flags, flags + 4)
    assert grapheme_ceil(text, len(text) - 1) == len(text)  # inside the jamo syllable
    assert next_grapheme(text, len(text)) == len(text)
    assert previous_grapheme(text, 0) == 0


ALPHABET = [
    "a",
    "b",
    " ",
    "\n",
    ".",
    "\u200d",
    "\u0301",
    "\u0308",
    "\U0001f468",
    "\U0001f469",
    "\U0001f3fd",
    "\U0001f1fa",
    "\U0001f1f8",
    "\U0001f1ec",
    "\u1100",
    "\u1161",
    "\u11a8",
    "\uac00",
    "\u0915",
    "\u094d",
    "\u093f",
    "\u0600",
    "\u2764",
    "\ufe0f",
    "中",
    "。",
]


def _boundaries(text: str) -> list[int]:
    ends = [m.end() for m in regex.finditer(r"\X", text, flags=regex.DOTALL)]
    return [0, *ends]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join), st.data())
def test_snapping_never_splits_a_cluster(text: str, data: st.DataObject) -> None:
    """Whatever the position, floor/ceil land on the boundaries \\X finds over the whole
    string, and are the nearest ones (the windowed search agrees with a full scan)."""
    bounds = _boundaries(text)
    pos = data.draw(st.integers(0, len(text)))
    floor, ceil = grapheme_floor(text, pos), grapheme_ceil(text, pos)
    assert floor == max(b for b in bounds if b <= pos)
    assert ceil == min(b for b in bounds if b >= pos)
    other = data.draw(st.integers(0, len(text)))
    start, end = snap_to_graphemes(text, pos, other)
    assert start in bounds and end in bounds
    assert start <= min(pos, other) and (end >= max(pos, other) or pos == other)
    # Every cluster is wholly inside or wholly outside the snapped range.
    for a, b in itertools.pairwise(bounds):
        assert b <= start or a >= end or (start <= a and b <= end)
    if pos < len(text):
        assert next_grapheme(text, pos) in bounds
    assert previous_grapheme(text, pos) in bounds


def test_word_growth_keeps_combining_marks() -> None:
    text = "un cafe\u0301 noir"
    assert text[slice(*expand_to_words(text, 4, 4))] == "cafe\u0301"


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [
        ("北京是中国的首都。上海是最大的城市！你好吗？", 10, "上海是最大的城市！"),
        ("北京是中国的首都。上海是最大的城市！你好吗？", 2, "北京是中国的首都。"),
        ("北京是中国的首都。上海是最大的城市！你好吗？", 19, "你好吗？"),
        ("彼は「行きます。」と言った。次の日、雨だった。", 3, "彼は「行きます。」"),
        ("「本当ですか？！」彼女は驚いた。", 2, "「本当ですか？！」"),
        ("「本当ですか？！」彼女は驚いた。", 12, "彼女は驚いた。"),
        ("（注）これは例です。 English follows. Yes.", 4, "（注）これは例です。"),
        ("（注）これは例です。 English follows. Yes.", 14, "English follows."),
        ("The U.S. said so. 中国说不。", 20, "中国说不。"),
    ],
)
def test_cjk_sentences(text: str, offset: int, expected: str) -> None:
    start, end = sentence_at(text, offset)
    assert text[start:end] == expected


def test_latin_sentences_unchanged() -> None:
    text = "The U.S. said 3.5 km. Then Kim left."
    assert text[slice(*sentence_at(text, 3))] == "The U.S. said 3.5 km."


# -- find ------------------------------------------------------------------------------
def test_find_plain_regex_and_case() -> None:
    text = "Kim's train. KIM left; kimchi (a+b)."
    assert find_all(text, compile_query("kim", is_regex=False)) == [(0, 3), (13, 16), (23, 26)]
    assert find_all(text, compile_query("(a+b)", is_regex=False)) == [(30, 35)]
    assert find_all(text, compile_query(r"\bkim\b", is_regex=True)) == [(0, 3), (13, 16)]
    assert find_all("Straße", compile_query("STRASSE", is_regex=False)) == [(0, 6)]
    assert find_all(text, compile_query("x*", is_regex=True)) == []  # empty matches skipped


def test_bad_regex_is_one_line() -> None:
    with pytest.raises(QueryError) as caught:
        compile_query("[abc", is_regex=True)
    assert str(caught.value).startswith("bad regular expression:")
    assert "\n" not in str(caught.value)


def test_hits_have_lines_and_snippets() -> None:
    text = "first line\nsecond Kim line\n\nKim again \x1b[31m"
    hits = list(hits_in("a1", text, compile_query("kim", is_regex=False)))
    assert [(h.line, h.start) for h in hits] == [(2, 18), (4, 28)]
    assert hits[0].snippet == "second Kim line"
    assert "\x1b" not in hits[1].snippet  # control characters shown as stand-ins


# -- moves -----------------------------------------------------------------------------
TEXT = "Alpha beta gamma. Delta epsilon zeta. Eta theta."


def _span(start: int, end: int, sid: str, label: Label = "opinion") -> Span:
    return Span.create(TEXT, start, end, label, author="t", span_id=sid)


def test_step_span_from_current_and_caret_with_wrap() -> None:
    spans = [_span(18, 23, "s-2"), _span(0, 5, "s-1"), _span(38, 41, "s-3")]
    step = step_span(spans, current="s-1", caret=0, forward=True)
    assert step is not None and (step.span.id, step.wrapped) == ("s-2", False)
    step = step_span(spans, current="s-3", caret=0, forward=True)
    assert step is not None and (step.span.id, step.wrapped) == ("s-1", True)
    step = step_span(spans, current="s-1", caret=0, forward=False)
    assert step is not None and (step.span.id, step.wrapped) == ("s-3", True)
    step = step_span(spans, current=None, caret=10, forward=True)
    assert step is not None and step.span.id == "s-2"
    step = step_span(spans, current=None, caret=10, forward=False)
    assert step is not None and step.span.id == "s-1"
    step = step_span(spans, current="s-1", caret=0, forward=True, accept=lambda s: s.id == "s-3")
    assert step is not None and step.span.id == "s-3"
    assert (
        step_span(spans, current="s-1", caret=0, forward=True, accept=lambda s: s.id == "s-1")
        is None
    )
    assert step_span([], current=None, caret=0, forward=True) is None


def test_nudge_by_character_and_word() -> None:
    span = _span(6, 16, "s-1")  # "beta gamma"

    def quote(edges: tuple[int, int]) -> str:
        return TEXT[edges[0] : edges[1]]

    assert quote(nudge(TEXT, span, "end", 1, "char")) == "beta gamma."
    assert quote(nudge(TEXT, span, "end", -1, "char")) == "beta gamm"
    assert quote(nudge(TEXT, span, "end", 1, "word")) == "beta gamma. Delta"
    assert quote(nudge(TEXT, span, "end", -1, "word")) == "beta"
    assert quote(nudge(TEXT, span, "start", -1, "char")) == " beta gamma"
    assert quote(nudge(TEXT, span, "start", 1, "char")) == "eta gamma"
    assert quote(nudge(TEXT, span, "start", -1, "word")) == "Alpha beta gamma"
    assert quote(nudge(TEXT, span, "start", 1, "word")) == "gamma"
    one = _span(6, 10, "s-2")  # "beta": shrinking by a word empties it
    start, end = nudge(TEXT, one, "end", -1, "word")
    assert start >= end


def test_nudge_steps_over_whole_clusters() -> None:
    text = "ok " + FAMILY + FLAG_US + " go"
    span = Span.create(text, 0, 3, "opinion", author="t")
    _, end = nudge(text, span, "end", 1, "char")
    assert text[3:end] == FAMILY
    span = Span.create(text, 3, 3 + len(FAMILY) + len(FLAG_US), "opinion", author="t")
    _, end = nudge(text, span, "end", -1, "char")
    assert text[3:end] == FAMILY


# -- Editor.resize_span ----------------------------------------------------------------
def _editor(store: Store) -> tuple[Editor, str]:
    editor = Editor(store, "tester", clock=lambda: "2026-11-22T16:00:00Z")
    article_id = store.corpus.ids[0]
    editor.open(article_id)
    return editor, article_id


def test_resize_keeps_identity_and_saves_once(store: Store, workspace: Path) -> None:
    editor, article_id = _editor(store)
    article = editor.article
    assert article is not None
    span = next(s for s in article.doc.spans if s.facts or s.note)
    resized = editor.resize_span(span.id, span.start + 1, span.end + 2)
    text = article.text
    assert (resized.start, resized.end) == (span.start + 1, span.end + 2)
    assert resized.quote == text[span.start + 1 : span.end + 2]
    assert resized.prefix == text[max(0, span.start + 1 - 32) : span.start + 1]
    assert resized.suffix == text[span.end + 2 : span.end + 2 + 32]
    assert resized.modified == "2026-11-22T16:00:00Z"
    for field in ("id", "label", "facts", "note", "attribution", "author", "created"):
        assert getattr(resized, field) == getattr(span, field)
    saved = read_json(workspace / "annotations" / f"{article_id}.json")
    on_disk = next(s for s in saved["spans"] if s["id"] == span.id)
    assert (on_disk["start"], on_disk["end"], on_disk["quote"]) == (
        resized.start,
        resized.end,
        resized.quote,
    )
    change = editor.undo()
    assert change is not None and change.description.startswith("resize span")
    saved = read_json(workspace / "annotations" / f"{article_id}.json")
    on_disk = next(s for s in saved["spans"] if s["id"] == span.id)
    assert (on_disk["start"], on_disk["end"], on_disk["quote"]) == (
        span.start,
        span.end,
        span.quote,
    )


def test_resize_refuses_empty_and_out_of_text(store: Store) -> None:
    editor, _ = _editor(store)
    assert editor.article is not None
    span = editor.article.doc.spans[0]
    with pytest.raises(ReadOnlyError, match="cannot be empty"):
        editor.resize_span(span.id, span.start, span.start)
    with pytest.raises(ReadOnlyError, match="cannot be empty"):
        editor.resize_span(span.id, span.end, span.start)
    with pytest.raises(ReadOnlyError, match="past the article"):
        editor.resize_span(span.id, span.start, len(editor.article.text) + 1)
    assert editor.article.span(span.id) == span
    assert not editor.can_undo


def test_create_and_resize_snap_to_clusters(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    text = "Flags " + FLAG_US + FLAG_GB + " and " + FAMILY + " caf" + E_ACUTE + "."
    (tmp_path / "seeds" / "emoji.txt").write_text(text, "utf-8")
    store = Store(tmp_path / "seeds", tmp_path / "annotations")
    editor = Editor(store, "tester")
    editor.open("emoji")
    flags = text.index(FLAG_US)
    span = editor.create_span(flags + 1, flags + 3, "opinion")  # inside both flags
    assert (span.start, span.end) == (flags, flags + 4)
    family = text.index(FAMILY)
    resized = editor.resize_span(span.id, span.start, family + 2)  # inside the family
    assert resized.end == family + len(FAMILY)
    cafe = text.index("caf")
    resized = editor.resize_span(span.id, cafe, cafe + 4)  # before the combining accent
    assert resized.quote == "caf" + E_ACUTE
    assert resized.quote == text[resized.start : resized.end]
