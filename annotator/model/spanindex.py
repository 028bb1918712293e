"""A per-line index of spans, so painting a line costs the spans on it, not all spans.

Spans may cross lines (and paragraphs); each is cut into one piece per row it covers.
Adding or removing one span touches only the rows it covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.model.models import Span
from annotator.model.text import LineIndex


@dataclass(frozen=True, slots=True)
class Piece:
    """The part of one span on one row: columns [start, end) in code points."""

    start: int
    end: int
    label: str
    span_id: str
    #: Span length: longer (outer) spans paint first so nested ones stay visible on top.
    length: int


class SpanIndex:
    """Rows -> pieces of spans, sorted outer-first; plus lookup by offset."""

    def __init__(self, lines: LineIndex, spans: Iterable[Span] = ()) -> None:
        self.lines = lines
        self.rows: dict[int, list[Piece]] = {}
        self.spans: dict[str, Span] = {}
        for span in spans:
            self._add(span)
        for pieces in self.rows.values():
            pieces.sort(key=_paint_order)

    def _rows_of(self, span: Span) -> range:
        first = self.lines.row_of(min(span.start, self.lines.length))
        last = self.lines.row_of(min(max(span.end - 1, span.start), self.lines.length))
        return range(first, last + 1)

    def _add(self, span: Span) -> list[int]:
        self.spans[span.id] = span
        touched = []
        for row in self._rows_of(span):
            line_start, line_end = self.lines.line_bounds(row)
            start = max(span.start, line_start) - line_start
            end = min(span.end, line_end) - line_start
            if end <= start:
                continue  # an empty line inside a multi-line span: nothing to paint
            piece = Piece(start, end, span.label, span.id, span.end - span.start)
            self.rows.setdefault(row, []).append(piece)
            touched.append(row)
        return touched

    def add(self, span: Span) -> list[int]:
        """Index one span; returns the rows whose painting changed."""
        rows = self._add(span)
        for row in rows:
            self.rows[row].sort(key=_paint_order)
        return rows

    def remove(self, span_id: str) -> list[int]:
        """Forget one span; returns the rows whose painting changed."""
        span = self.spans.pop(span_id, None)
        if span is None:
            return []
        rows = []
        for row in self._rows_of(span):
            pieces = self.rows.get(row)
            if not pieces:
                continue
            kept = [p for p in pieces if p.span_id != span_id]
            if kept:
                self.rows[row] = kept
            else:
                del self.rows[row]
            rows.append(row)
        return rows

    def pieces(self, row: int) -> list[Piece]:
        return self.rows.get(row, [])

    def spans_at(self, offset: int) -> list[Span]:
        """Spans covering ``offset`` (or ending just at a caret there), innermost first."""
        row = self.lines.row_of(min(max(offset, 0), self.lines.length))
        found = []
        for piece in self.pieces(row):
            span = self.spans[piece.span_id]
            if span.start <= offset < span.end:
                found.append(span)
        found.sort(key=lambda s: (s.end - s.start, s.start))
        return found


def _paint_order(piece: Piece) -> tuple[int, int]:
    return (-piece.length, piece.start)
