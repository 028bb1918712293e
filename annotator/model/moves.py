"""The analyst's moves over spans, as pure functions (no Textual, no I/O).

``step_span`` finds the next or previous span in text order (optionally only spans that
still lack something); ``nudge`` computes a span's new edges when one edge moves by a
grapheme cluster or a word. The screen applies them (``Editor.resize_span`` snaps and
saves).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.model.boundaries import next_grapheme, previous_grapheme, word_left, word_right
from annotator.model.models import Span

Edge = Literal["start", "end"]
Unit = Literal["char", "word"]


@dataclass(frozen=True, slots=True)
class Step:
    """Where a move landed: the span, and whether it went round the end of the article."""

    span: Span
    wrapped: bool


def step_span(
    spans: Sequence[Span],
    *,
    current: str | None,
    caret: int,
    forward: bool,
    accept: Callable[[Span], bool] = lambda span: True,
) -> Step | None:
    """The next (``forward``) or previous span in text order that ``accept`` takes.

    From the current span when there is one, else from the caret (the next span starts
    at or after it, the previous one before it). Goes round the article's end; None when
    no span qualifies (the current one alone never counts as "next").
    """
    ordered = sorted(spans, key=lambda s: s.sort_key)
    if not ordered:
        return None
    index = next((i for i, s in enumerate(ordered) if s.id == current), None)
    n = len(ordered)
    if index is not None:
        order = (
            [(index + k) % n for k in range(1, n)]
            if forward
            else [(index - k) % n for k in range(1, n)]
        )
        passed = [(index + k) >= n if forward else (index - k) < 0 for k in range(1, n)]
    elif forward:
        first = next((i for i, s in enumerate(ordered) if s.start >= caret), n)
        order = [(first + k) % n for k in range(n)]
        passed = [(first + k) >= n for k in range(n)]
    else:
        last = max((i for i, s in enumerate(ordered) if s.start < caret), default=-1)
        order = [(last - k) % n for k in range(n)]
        passed = [(last - k) < 0 for k in range(n)]
    for i, wrapped in zip(order, passed, strict=True):
        if accept(ordered[i]):
            return Step(ordered[i], wrapped)
    return None


def nudge(text: str, span: Span, edge: Edge, direction: int, unit: Unit) -> tuple[int, int]:
    """The span's edges after moving ``edge`` one ``unit`` left (-1) or right (+1).

    Character steps are whole grapheme clusters; word steps go to the next word end
    (moving right) or the previous word start (moving left), so the end lands just
    after a word and the start just before one. The result may be empty or reversed:
    ``Editor.resize_span`` refuses that with a message.
    """
    pos = span.start if edge == "start" else span.end
    if unit == "char":
        moved = next_grapheme(text, pos) if direction > 0 else previous_grapheme(text, pos)
    elif edge == "end":
        # The end sits after a word: right goes to the end of the next word, left to the
        # end of the word before the last one (past the white space between them).
        if direction > 0:
            moved = word_right(text, pos)
        else:
            back = word_left(text, pos)
            moved = back
            while moved > span.start and text[moved - 1].isspace():
                moved -= 1
            if moved <= span.start:
                moved = back
    else:
        # The start sits before a word: left goes to the start of the previous word,
        # right to the start of the next one (past the white space after this word).
        if direction > 0:
            moved = word_right(text, pos)
            while moved < span.end and text[moved].isspace():
                moved += 1
        else:
            moved = word_left(text, pos)
    return (moved, span.end) if edge == "start" else (span.start, moved)
