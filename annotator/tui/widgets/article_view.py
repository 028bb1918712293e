"""The article text, read-only and soft-wrapped, with every span painted by label.

A ``TextArea`` subclass: spans are painted in ``get_line`` with styles from component
classes (so themes work), never by changing characters, so every offset in the widget is
an offset into the canonical text (control characters are shown as one-code-point
stand-ins, see ``annotator.model.display``).

Performance (see docs/performance.md): the stock widget sums every line's wrap count and
joins the whole document once per painted row, and re-styles a wrapped paragraph once per
visual row. For a read-only document we cache the text and the wrapped height, index
spans per line, and cache each styled line until a span on it changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Region
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Location, Selection

from annotator.model.boundaries import (
    expand_to_words,
    next_grapheme,
    previous_grapheme,
    sentence_at,
    snap_to_graphemes,
)
from annotator.model.display import visible
from annotator.model.models import LABEL_GLYPHS, LABELS, Span
from annotator.model.spanindex import SpanIndex
from annotator.model.text import LineIndex
from annotator.tui.actions import bindings
from annotator.tui.palette import distinct_backgrounds
from annotator.tui.widgets._textual_compat import (
    FastWrappedDocument,
    QuietScrollbars,
    SectionedLine,
    clear_rendered_lines,
    fast_text_copy,
    section_at,
    set_plain_document,
)
from annotator.tui.widgets.fastwrap import wrap_offsets as fast_wrap_offsets

#: Lines longer than this (code points) are rendered a section at a time.
LONG_LINE = 2000


class PlainWrappedDocument(FastWrappedDocument):
    """Wraps with ``fastwrap`` (identical to Textual's wrap where it applies)."""

    wrap_line = staticmethod(fast_wrap_offsets)


class ArticleView(QuietScrollbars, TextArea):
    """Shows one article; paints spans; reports the selection as text offsets."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--confirmed",
        "article-view--disputed",
        "article-view--attributed",
        "article-view--opinion",
        "article-view--current",
        "article-view--match",
    }

    DEFAULT_CSS = """
    ArticleView {
        overflow-y: scroll;  /* a scrollbar that never toggles never forces a rewrap */
        border: none;
        padding: 0 1 0 0;  /* the left column is the gutter (label glyphs) */
        background: $surface;
        &:focus { border: none; background-tint: $foreground 3%; }
    }
    ArticleView > .article-view--confirmed { background: $success 30%; text-style: underline; }
    ArticleView > .article-view--disputed { background: $error 35%; text-style: bold underline; }
    ArticleView > .article-view--attributed { background: $primary 30%; text-style: italic; }
    ArticleView > .article-view--opinion { background: $warning 30%; text-style: italic underline; }
    ArticleView > .article-view--current { background: $accent; text-style: bold; }
    ArticleView > .article-view--match { background: $foreground 85%; text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("article"),
        # TextArea binds these to editing actions that do nothing read-only; give them
        # back to the app (undo/redo annotations, delete the span under the cursor).
        Binding("ctrl+z", "app.undo", "Undo", show=False),
        Binding("ctrl+y", "app.redo", "Redo", show=False),
        Binding("delete", "app.delete_span", "Delete span", show=False),
    ]

    # Textual repaints the whole TextArea on every change of selection (a cursor move
    # re-rendered all 43 rows, ~20 ms); here only the rows of the old and the new
    # selection are refreshed (``_watch_selection``).
    selection: Reactive[Selection] = reactive(
        Selection(), init=False, always_update=True, repaint=False
    )

    @dataclass
    class SelectionChanged(TextArea.SelectionChanged):
        """The cursor or selection moved; ``start``/``end`` are ordered text offsets."""

        start: int = 0
        end: int = 0

        def __post_init__(self) -> None:
            super().__post_init__()
            view = self.text_area
            if isinstance(view, ArticleView):
                self.start, self.end = view.offsets_of(self.selection)

    @dataclass
    class SpanFocused(Message):
        """The span under the caret (or exactly selected) changed; None: no span there."""

        span_id: str | None

    #: The span last reported by SpanFocused.
    _focused_span: str | None

    @on(SelectionChanged)
    def _selection_changed(self, event: SelectionChanged) -> None:
        span_id = self.span_for_selection(event.start, event.end)
        if span_id != self._focused_span:
            self._focused_span = span_id
            self.post_message(self.SpanFocused(span_id))

    def span_for_selection(self, start: int, end: int) -> str | None:
        """The span a selection means: one with exactly that range, else the span under
        the caret (the emphasised one if it is there, else the innermost)."""
        if start != end:
            for span in self._index.spans_at(start):
                if (span.start, span.end) == (start, end):
                    return span.id
        at = self._index.spans_at(end if start == end else start)
        if any(span.id == self._current for span in at):
            return self._current
        return at[0].id if at else None

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            "",
            read_only=True,
            soft_wrap=True,
            show_cursor=True,
            show_line_numbers=False,
            highlight_cursor_line=False,
            id=id,
            classes=classes,
        )
        self.match_cursor_bracket = False
        self.cursor_blink = False
        self._plain = ""
        self._lines = LineIndex("")
        self._index = SpanIndex(self._lines)
        self._by_object: dict[int, Span] = {}
        self._current: str | None = None
        self._focused_span = None
        self._styles: dict[str, Style] | None = None
        self._styled: dict[int, Text] = {}
        #: Search matches per row: (start column, end column), see ``show_matches``.
        self._match_rows: dict[int, list[tuple[int, int]]] = {}
        self._match_style: Style | None = None
        #: (line, section) of the row being rendered, for ``get_line``.
        self._rendering: tuple[int, int] | None = None

    # -- the read-only document -----------------------------------------------------------
    @property
    def text(self) -> str:
        """The shown text, cached: the stock property joins every line on each call."""
        return self._plain

    @text.setter
    def text(self, value: str) -> None:
        self.load_text(value)

    def _set_document(self, text: str, language: str | None) -> None:
        """Plain text with our wrapped document (see ``set_plain_document``)."""
        set_plain_document(self, text, PlainWrappedDocument)

    def load_article(self, text: str, spans: Sequence[Span]) -> None:
        """Show an article (control characters as stand-ins) with its spans."""
        self._plain = visible(text)
        self._lines = LineIndex(self._plain)
        self._index = SpanIndex(self._lines, spans)
        #: The indexed spans by object identity (set_spans compares objects).
        self._by_object = {id(span): span for span in self._index.spans.values()}
        self._current = None
        self._focused_span = None
        self._match_rows = {}
        self.load_text(self._plain)
        self.move_cursor((0, 0))
        self._repaint()

    # -- spans ---------------------------------------------------------------------------
    def set_spans(self, spans: Sequence[Span]) -> None:
        """Repaint after a change: only rows whose spans changed are re-styled."""
        index = self._index
        # Spans are immutable: compare objects by identity with set operations (C loops;
        # a change touches one or two of 20,000 spans).
        shown = self._by_object
        if len(shown) != len(index.spans):
            shown = self._by_object = {id(span): span for span in index.spans.values()}
        wanted = set(map(id, spans))
        gone = shown.keys() - wanted
        came = wanted - shown.keys()
        touched: set[int] = set()
        for key in gone:
            old = shown.pop(key)
            if index.spans.get(old.id) is old:
                touched.update(index.remove(old.id))
        if came:
            for span in spans:
                if id(span) in came and span.id not in index.spans:
                    touched.update(index.add(span))
                    shown[id(span)] = span  # (a duplicate id: the first is indexed)
        self._repaint(touched)

    def set_current_span(self, span_id: str | None) -> None:
        """Emphasise the span chosen in the claim panel (None: no emphasis)."""
        if span_id == self._current:
            return
        rows: set[int] = set()
        for sid in (self._current, span_id):
            span = self._index.spans.get(sid) if sid else None
            if span is not None:
                rows.update(
                    range(
                        self._lines.row_of(span.start),
                        self._lines.row_of(max(span.start, span.end - 1)) + 1,
                    )
                )
        self._current = span_id
        self._repaint(rows)

    def show_matches(self, matches: Sequence[tuple[int, int]]) -> None:
        """Highlight search matches (offsets); only rows whose matches changed repaint."""
        rows: dict[int, list[tuple[int, int]]] = {}
        lines = self._lines
        for start, end in matches:
            first, last = lines.row_of(start), lines.row_of(max(start, end - 1))
            for row in range(first, last + 1):
                line_start, line_end = lines.line_bounds(row)
                a, b = max(start, line_start) - line_start, min(end, line_end) - line_start
                if a < b:
                    rows.setdefault(row, []).append((a, b))
        old = self._match_rows
        changed = {row for row in old.keys() | rows.keys() if old.get(row) != rows.get(row)}
        self._match_rows = rows
        if changed:
            self._repaint(changed)

    @property
    def match_rows(self) -> dict[int, list[tuple[int, int]]]:
        """Highlighted search matches per row (columns), for tests and tools."""
        return self._match_rows

    def spans_at(self, offset: int) -> list[Span]:
        """Spans covering the offset, innermost first."""
        return self._index.spans_at(offset)

    def _repaint(self, rows: set[int] | None = None) -> None:
        """Forget styled lines (all, or just ``rows``) and TextArea's rendered lines.

        Only the visual rows of the changed lines are refreshed, so a new span re-renders
        one paragraph, not the viewport. Pinned by tests/tui/test_article_view.py.
        """
        clear_rendered_lines(self)
        if rows is None:
            self._styled.clear()
            self.refresh()
            return
        wrapped = self.wrapped_document
        visual: set[int] = set()
        for row in rows:
            self._styled.pop(row, None)
            if isinstance(wrapped, FastWrappedDocument):
                visual.update(wrapped.visual_rows(row))
        if not visual:
            return
        scroll_y = self.scroll_offset.y
        self.refresh(
            *(
                Region(0, y - scroll_y, self.size.width, 1)
                for y in visual
                if 0 <= y - scroll_y < self.size.height
            )
        )

    def notify_style_update(self) -> None:
        """Theme or CSS changed: label styles must be read again."""
        self._styles = None
        self._match_style = None
        self._styled.clear()
        super().notify_style_update()

    def label_styles(self) -> dict[str, Style]:
        """Rich styles per label: text attributes from the component class, and its
        (translucent) background blended over ours, with a readable text colour on it.

        A partial rich style drops the alpha, so ``$success 30%`` would paint at full
        strength: blend it here so the theme's intent (a tint) is what shows. Where the
        theme's tints come too close to each other or to the selection (also in 256
        colours), ``distinct_backgrounds`` strengthens or turns them.
        """
        if self._styles is None:
            base = self.background_colors[1]
            selection = self.selection_background()
            wanted: dict[str, Color] = {
                name: self.get_component_styles(f"article-view--{name}").background
                for name in LABELS
            }
            backgrounds = distinct_backgrounds(base, wanted, [selection])
            backgrounds["current"] = (
                base + self.get_component_styles("article-view--current").background
            )
            styles = {}
            for name, background in backgrounds.items():
                attributes = self.get_component_rich_style(f"article-view--{name}", partial=True)
                text = background + background.get_contrast_text(0.9)
                styles[name] = attributes + Style(
                    bgcolor=background.rich_color, color=text.rich_color
                )
            self._styles = styles
        return self._styles

    def match_style(self) -> Style:
        """The search-match highlight, blended like the label styles."""
        if self._match_style is None:
            component = self.get_component_styles("article-view--match")
            attributes = self.get_component_rich_style("article-view--match", partial=True)
            background = self.background_colors[1] + component.background
            text = background + background.get_contrast_text(0.9)
            self._match_style = attributes + Style(
                bgcolor=background.rich_color, color=text.rich_color
            )
        return self._match_style

    def selection_background(self) -> Color:
        """The selection's background as painted (for the contrast checks)."""
        base = self.background_colors[1]
        return base + self.get_component_styles("text-area--selection").background

    # -- the gutter: the label glyph of each span starting on a row ------------------------
    #: Columns left of the text: the glyph and a space (the text keeps every column).
    GUTTER = 2

    @property
    def gutter_width(self) -> int:
        """Textual lays text out after ``gutter_width`` columns; ours holds label glyphs."""
        return self.GUTTER

    def gutter_mark(self, y: int) -> tuple[str, str] | None:
        """(glyph, style name) for visual row ``y``: the label of the first span starting
        on it (the current span's, when it starts there), or None."""
        wrapped = self.wrapped_document
        info = wrapped.line_info(y) if isinstance(wrapped, FastWrappedDocument) else None
        if info is None:
            return None
        line_index, section = info
        offsets = wrapped.get_offsets(line_index)
        low = offsets[section - 1] if section > 0 else 0
        high = offsets[section] if section < len(offsets) else None
        line_start = self._lines.starts[line_index]
        first: tuple[int, str] | None = None
        for piece in self._index.pieces(line_index):
            span = self._index.spans[piece.span_id]
            column = span.start - line_start
            if column != piece.start or column < low or (high is not None and column >= high):
                continue
            if piece.span_id == self._current:
                return LABEL_GLYPHS[piece.label], "current"
            if first is None or column < first[0]:
                first = (column, piece.label)
        return (LABEL_GLYPHS[first[1]], first[1]) if first else None

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        mark = self.gutter_mark(self.scroll_offset.y + y)
        base = self.rich_style
        if mark is None:
            gutter = [Segment(" " * self.GUTTER, base)]
        else:
            glyph, name = mark
            gutter = [
                Segment(glyph, base + self.label_styles()[name]),
                Segment(" " * (self.GUTTER - 1), base),
            ]
        return Strip.join([Strip(gutter, self.GUTTER), strip])

    def get_line(self, line_index: int) -> Text:
        """The line with its spans painted, outer spans first so nested ones show on top."""
        styled = self._styled.get(line_index)
        if styled is None:
            styled = Text(self.document.get_line(line_index), end="", no_wrap=True)
            styles = self.label_styles()
            current = None
            for piece in self._index.pieces(line_index):
                styled.stylize(styles[piece.label], piece.start, piece.end)
                if piece.span_id == self._current:
                    current = piece
            matches = self._match_rows.get(line_index)
            if matches:
                match_style = self.match_style()
                for start, end in matches:
                    styled.stylize(match_style, start, end)
            if current is not None:
                # The chosen span's two ends are marked, so spans nested inside it keep
                # their own painting; a span crossing lines is marked where it starts/ends.
                span = self._index.spans[current.span_id]
                line_start = self._lines.starts[line_index]
                if span.start == line_start + current.start:
                    styled.stylize(styles["current"], current.start, current.start + 1)
                if span.end == line_start + current.end:
                    styled.stylize(styles["current"], current.end - 1, current.end)
            if len(self._styled) > 4096:
                self._styled.clear()
            self._styled[line_index] = styled
        section = self._rendering
        if section is not None and section[0] == line_index and len(styled) > LONG_LINE:
            line = cast(SectionedLine, fast_text_copy(styled, SectionedLine))
            if not self.wrapped_document.get_offsets(line_index):
                # Not wrapped (yet): Textual would lay out the whole line as one row, of
                # which the screen shows the first cells only.
                line.target = 0
                return fast_text_copy(line.divide([4 * self.size.width + 16])[0])
            line.target = section[1]
            return line
        return fast_text_copy(styled)

    def _render_line(self, y: int) -> Strip:
        """Textual's row rendering, told which section of a long line the row shows (so
        only that section is built: see ``SectionedLine``)."""
        self._rendering = section_at(self, y)
        try:
            return super()._render_line(y)
        finally:
            self._rendering = None

    # -- selection as offsets ------------------------------------------------------------
    def offsets_of(self, selection: Selection) -> tuple[int, int]:
        a = self._lines.offset(*selection.start)
        b = self._lines.offset(*selection.end)
        return (a, b) if a <= b else (b, a)

    @property
    def selection_offsets(self) -> tuple[int, int]:
        return self.offsets_of(self.selection)

    @property
    def cursor_offset(self) -> int:
        return self._lines.offset(*self.selection.end)

    def _watch_selection(self, previous_selection: Selection, selection: Selection) -> None:
        super()._watch_selection(previous_selection, selection)
        if not self.is_mounted:
            return
        wrapped = self.wrapped_document
        if not isinstance(wrapped, FastWrappedDocument):
            self.refresh()
            return
        scroll_y, height, width = self.scroll_offset.y, self.size.height, self.size.width
        regions = []
        for chosen in (previous_selection, selection):
            top, bottom = sorted(chosen)
            first_rows = wrapped.visual_rows(top[0])
            last_rows = wrapped.visual_rows(bottom[0])
            if not first_rows or not last_rows:
                self.refresh()
                return
            first = max(first_rows[0] - scroll_y, 0)
            last = min(last_rows[-1] - scroll_y, height - 1)
            if first <= last:
                regions.append(Region(0, first, width, last - first + 1))
        if regions:
            self.refresh(*regions)

    # -- the caret moves by grapheme cluster (an emoji sequence, a flag, a letter with
    # its marks is one step), never into one; at a line's ends Textual's own move.
    def get_cursor_right_location(self) -> Location:
        row, column = self.cursor_location
        line = self.document.get_line(row)
        if column >= len(line):
            return super().get_cursor_right_location()
        return (row, min(len(line), next_grapheme(line, column)))

    def get_cursor_left_location(self) -> Location:
        row, column = self.cursor_location
        if column <= 0:
            return super().get_cursor_left_location()
        return (row, previous_grapheme(self.document.get_line(row), column))

    def select_offsets(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (a caret when equal) and scroll it into view."""
        self.selection = Selection(self._lines.location(start), self._lines.location(end))
        self.scroll_cursor_visible(center=True)

    def visual_row(self, offset: int) -> int:
        """The wrapped (visual) row showing text offset ``offset``."""
        return self.wrapped_document.location_to_offset(self._lines.location(offset)).y

    def scroll_to_span(self, start: int, end: int) -> None:
        """Scroll so ``[start, end)`` is on screen (its start when it is taller than the
        view), centred when it was out of view; the selection is not changed."""
        top, bottom = self.visual_row(start), self.visual_row(max(start, end - 1))
        height = self.scrollable_content_region.height
        scroll_y = self.scroll_offset.y
        if scroll_y <= top and bottom < scroll_y + height:
            return
        rows = bottom - top + 1
        target = top - max(0, (height - rows) // 2) if rows < height else top
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def action_select_sentence(self) -> None:
        start, end = sentence_at(self._plain, self.cursor_offset)
        if start < end:
            self.select_offsets(start, end)

    def action_grow_to_words(self) -> None:
        start, end = snap_to_graphemes(
            self._plain, *expand_to_words(self._plain, *self.selection_offsets)
        )
        if start < end:
            self.select_offsets(start, end)
