"""Every touch of a private Textual or Rich name, in one module.

The article view's speed (docs/performance.md) depends on a few internals of Textual
8.2.8's ``TextArea`` and ``WrappedDocument`` and of Rich's ``Text``. They are gathered
here, each with the version it was read from, so a bump has one place to review;
``tests/tui/test_textual_compat.py`` fails when the pinned versions change or an
internal we rely on disappears. Both packages are pinned exactly in pyproject.toml.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, cast, overload

from rich.cells import cell_len
from rich.containers import Lines
from rich.text import Span as RichSpan
from rich.text import Text
from textual._wrap import compute_wrap_offsets, re_chunk
from textual.content import Content
from textual.expand_tabs import get_tab_widths
from textual.geometry import Size
from textual.visual import VisualType
from textual.widgets import OptionList
from textual.widgets._option_list import _LineCache
from textual.widgets.option_list import Option
from textual.widgets.text_area import Document, DocumentNavigator, WrappedDocument

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.widget import Widget
    from textual.widgets import TextArea

    _MixinBase = Widget
else:
    # A plain mixin at run time: a Widget subclass ahead of OptionList in the MRO would
    # hide OptionList's component classes and CSS from Textual's merging.
    _MixinBase = object

#: The versions these internals were read from (the guard test compares them).
TEXTUAL_VERSION = "8.2.8"
RICH_VERSION = "15.0.0"

__all__ = [
    "RICH_VERSION",
    "TEXTUAL_VERSION",
    "FastWrappedDocument",
    "IncrementalOptionList",
    "QuietScrollbars",
    "SectionedLine",
    "clear_rendered_lines",
    "compute_wrap_offsets",
    "fast_text_copy",
    "get_tab_widths",
    "literal_help",
    "re_chunk",
    "section_at",
    "set_plain_document",
]


def fast_text_copy(text: Text, cls: type[Text] = Text) -> Text:
    """A copy of a styled line without Rich's ``Text.copy`` re-sanitising the string.

    ``TextArea.get_line`` runs once per visual row and the caller mutates what it gets,
    so a copy is needed; the cached text was built from stand-in text and has no
    control codes. Rich 15: ``_text``, ``_length``, ``_spans``. ``cls`` may be
    ``SectionedLine``.
    """
    copy = cls.__new__(cls)
    copy._text = [text.plain]
    copy._length = len(text)
    copy._spans = text._spans[:]
    copy.style, copy.justify, copy.overflow = text.style, text.justify, text.overflow
    copy.no_wrap, copy.end, copy.tab_size = text.no_wrap, text.end, text.tab_size
    return copy


class _PlainSection:
    """A section Textual only counts tabs in (``.plain``)."""

    __slots__ = ("plain",)

    def __init__(self, plain: str) -> None:
        self.plain = plain


class _Sections(Sequence[Text]):
    """The sections of a long line, each built only when asked for."""

    def __init__(self, line: Text, offsets: list[int], target: int) -> None:
        self.line, self.bounds, self.target = line, [0, *offsets, len(line)], target

    def __len__(self) -> int:
        return len(self.bounds) - 1

    @overload
    def __getitem__(self, index: int) -> Text: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Text]: ...

    def __getitem__(self, index: int | slice) -> Text | Sequence[Text]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        start, end = self.bounds[index], self.bounds[index + 1]
        plain = self.line.plain[start:end]
        if index != self.target:
            return cast(Text, _PlainSection(plain))
        line = self.line
        section = Text(
            plain,
            style=line.style,
            justify=line.justify,
            overflow=line.overflow,
            no_wrap=line.no_wrap,
            end=line.end,
            tab_size=line.tab_size,
        )
        section._spans = [
            RichSpan(max(start, span.start) - start, min(end, span.end) - start, span.style)
            for span in line._spans
            if span.end > start and span.start < end
        ]
        return section


class SectionedLine(Text):
    """A long logical line: ``divide`` builds only the section being rendered.

    Textual 8.2.8's ``TextArea._render_line`` gets the whole logical line, styles it,
    then ``line.divide(wrap_offsets)`` makes a ``Text`` (sanitised anew) of *every*
    wrapped section to keep one, and reads ``.plain`` of the sections before it to count
    tabs: per visual row, work proportional to the whole line, so a 1 MB one-line article
    took seconds per repaint. This returns the sections lazily: the ``target`` one as a
    real ``Text`` (spans clipped as Rich's ``divide`` clips them), the others as plain
    strings only.
    """

    target: int = 0

    def set_length(self, new_length: int) -> None:
        """Pad without re-sanitising the whole line (Rich's ``pad_right`` sets ``plain``,
        which strips control codes from all of it; ours has none: stand-ins)."""
        if new_length > len(self):
            self._text = [self.plain + " " * (new_length - len(self))]
            self._length = new_length
        else:
            super().set_length(new_length)

    def divide(self, offsets: Iterable[int]) -> Lines:
        return cast(Lines, _Sections(self, list(offsets), self.target))


def section_at(area: TextArea, y: int) -> tuple[int, int] | None:
    """(line index, section) shown at row ``y`` of the widget, or None (8.2.8:
    ``WrappedDocument._offset_to_line_info``, as ``_render_line`` reads it)."""
    table = area.wrapped_document._offset_to_line_info
    row = y + area.scroll_offset[1]
    return table[row] if 0 <= row < len(table) else None


class FastWrappedDocument(WrappedDocument):
    """Knows its height in O(1) (not by summing every line) and wraps with ``wrap_line``.

    Textual 8.2.8's ``WrappedDocument`` keeps its tables in ``_wrap_offsets``,
    ``_offset_to_line_info``, ``_line_index_to_offsets`` and ``_tab_width_cache``; this
    fills the same tables, built faster.
    """

    def get_sections(self, line_index: int) -> list[str]:
        """The wrapped sections of a line as plain strings, by slicing (Textual builds a
        Rich ``Text`` of the whole line and divides it: per cursor move, work on the
        whole line). The same strings: the article text holds no control codes."""
        line = self.document[line_index]
        bounds = [0, *self._wrap_offsets[line_index], len(line)]
        return [line[a:b] for a, b in itertools.pairwise(bounds)]

    @staticmethod
    def wrap_line(line: str, width: int, tab_width: int) -> tuple[list[int], list[int]]:
        """(wrap offsets, tab widths) of one line; subclasses give their wrapper."""
        sections = get_tab_widths(line, tab_width)
        offsets = (
            compute_wrap_offsets(line, width, tab_size=tab_width, precomputed_tab_sections=sections)
            if width
            else []
        )
        return offsets, [w for _, w in sections]

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)

    def wrap(self, width: int, tab_width: int | None = None) -> None:
        self._width = width
        if tab_width:
            self._tab_width = tab_width
        wrap_offsets: list[list[int]] = []
        line_info: list[tuple[int, int]] = []
        line_offsets: list[list[int]] = []
        tab_widths: list[list[int]] = []
        y = 0
        wrap_line = self.wrap_line
        for line_index, line in enumerate(self.document.lines):
            offsets, tabs = wrap_line(line, width, self._tab_width)
            wrap_offsets.append(offsets)
            tab_widths.append(tabs)
            rows = len(offsets) + 1
            line_info.extend((line_index, section) for section in range(rows))
            line_offsets.append(list(range(y, y + rows)))
            y += rows
        self._wrap_offsets = wrap_offsets
        self._offset_to_line_info = line_info
        self._line_index_to_offsets = line_offsets
        self._tab_width_cache = tab_widths

    def line_info(self, y: int) -> tuple[int, int] | None:
        """(document line, wrapped section) shown on visual row ``y``, or None past the end."""
        info = self._offset_to_line_info
        return info[y] if 0 <= y < len(info) else None

    def visual_rows(self, line_index: int) -> list[int]:
        """The visual (wrapped) rows of one document line."""
        offsets = self._line_index_to_offsets
        return offsets[line_index] if line_index < len(offsets) else []


def set_plain_document(area: TextArea, text: str, wrapped_type: type[WrappedDocument]) -> None:
    """``TextArea._set_document`` (Textual 8.2.8) for plain text, with our wrapped document.

    The stock method wraps the whole text with Textual's slower wrapper before a
    subclass could swap anything in; plain text needs none of its syntax highlighting.
    """
    area._highlight_query = None
    area.document = Document(text)
    area.wrapped_document = wrapped_type(area.document, tab_width=area.indent_width)
    area.navigator = DocumentNavigator(area.wrapped_document)
    area._build_highlight_map()
    area.move_cursor((0, 0))
    area._rewrap_and_refresh_virtual_size()


def clear_rendered_lines(area: TextArea) -> None:
    """Forget ``TextArea``'s rendered-line cache (``_line_cache``, Textual 8.2.8).

    It keys rendered strips by screen position and selection, not by our spans, so a
    changed span would stay unpainted until something else moved. Clearing all of it
    (rather than guessing its key layout) costs one re-render of the visible rows, which
    our own styled-line cache makes cheap.
    """
    area._line_cache.clear()


class _Lines(Sequence[tuple[int, int]]):
    """``OptionList._lines`` as a view of line starts: row -> (option index, offset)."""

    def __init__(self, starts: list[int], total: int) -> None:
        self.starts, self.total = starts, total

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, y: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, y: slice) -> Sequence[tuple[int, int]]: ...

    def __getitem__(self, y: int | slice) -> tuple[int, int] | Sequence[tuple[int, int]]:
        if isinstance(y, slice):
            return [self[i] for i in range(*y.indices(self.total))]
        if y < 0:
            y += self.total
        if not 0 <= y < self.total:
            raise IndexError(y)
        index = bisect_right(self.starts, y) - 1
        return index, y - self.starts[index]


class _Starts(Mapping[int, int]):
    """``_index_to_line`` (``heights=False``) or ``_heights`` as views of line starts."""

    def __init__(self, starts: list[int], total: int, heights: bool) -> None:
        self.starts, self.total, self.heights = starts, total, heights

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < len(self.starts):
            raise KeyError(index)
        if not self.heights:
            return self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else self.total
        return end - self.starts[index]

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.starts)))

    def __len__(self) -> int:
        return len(self.starts)


class _WatchedLineCache(_LineCache):
    """The stock line cache, stays empty; clearing it (as every stock edit does) marks
    our line starts stale."""

    def __init__(self, on_clear: Callable[[], None]) -> None:
        super().__init__()
        self._on_clear = on_clear

    def clear(self) -> None:
        super().clear()
        self._on_clear()


class QuietScrollbars(_MixinBase):
    """Mixin: redraw the scrollbars only when what they show can have changed.

    Textual 8.2.8 calls ``Widget._scroll_update`` from ``ScrollView._size_updated`` on
    every layout pass of the screen (the compositor's virtual and container sizes never
    equal the widget's own for a TextArea), and it refreshes both scrollbars each time.
    A 42-row scrollbar marks 42 rows of the screen dirty, so the next frame composes
    them whole: after any span change that laid out the screen, every row of the screen
    was re-composed. Here the scrollbars are refreshed when the virtual size, the size,
    the container or the overflow changed; the scroll offset is still clamped each time.
    """

    _scroll_shown: tuple[object, ...] | None = None

    def _scroll_update(self, virtual_size: Size) -> None:
        styles = self.styles
        shown = (
            virtual_size,
            self.size,
            self.container_size,
            styles.overflow_x,
            styles.overflow_y,
            styles.scrollbar_size_vertical,
            styles.scrollbar_size_horizontal,
            self.show_vertical_scrollbar,
            self.show_horizontal_scrollbar,
        )
        if shown == self._scroll_shown:
            self.scroll_x = self.validate_scroll_x(self.scroll_x)
            self.scroll_y = self.validate_scroll_y(self.scroll_y)
            return
        self._scroll_shown = shown
        super()._scroll_update(virtual_size)


def _plain_height(plain: str, width: int) -> int | None:
    """The height of a Text prompt whose lines are printable and fit ``width`` cells
    (one row each, as Textual renders it); None when it must be measured."""
    lines = plain.split("\n")
    for line in lines:
        if not line.isprintable() or cell_len(line) > width:
            return None
    return len(lines)


class IncrementalOptionList(QuietScrollbars, OptionList):
    """An ``OptionList`` whose edits cost the options edited, not every option.

    Textual 8.2.8's ``OptionList`` keeps a table of every line (``_line_cache``: a
    ``(option index, line)`` tuple per line, ``heights``, ``index_to_line``), forgets it
    on every ``replace_option_prompt`` or ``remove_option`` and ``_update_lines`` then
    measures every option again: filling a 50,000-article list, or changing one span
    among 5,000, re-measured them all. Here the table is a list of line starts (one int
    per option; ``_lines``, ``_heights``, ``_index_to_line`` are views of it), heights
    are remembered on each option for the width they were measured at, a prompt
    replaced by one of the same height keeps the table, and ``insert_options`` puts
    options at an index (the stock list appends only). A Text prompt of printable ASCII
    lines that fit the width is as high as its line count (not measured: an article
    list entry).
    """

    def __init__(
        self,
        *content: Option,
        id: str | None = None,
        classes: str | None = None,
        markup: bool = True,
    ) -> None:
        self._starts: list[int] = []
        self._total = 0
        self._stale = True
        self._measured_width = -1
        super().__init__(*content, id=id, classes=classes, markup=markup)
        self._line_cache = _WatchedLineCache(self._mark_stale)

    def _mark_stale(self) -> None:
        self._stale = True

    @property
    def _lines(self) -> Sequence[tuple[int, int]]:
        self._update_lines()
        return _Lines(self._starts, self._total)

    @property
    def _heights(self) -> dict[int, int]:
        self._update_lines()
        return _Starts(self._starts, self._total, heights=True)  # type: ignore[return-value]

    @property
    def _index_to_line(self) -> dict[int, int]:
        self._update_lines()
        return _Starts(self._starts, self._total, heights=False)  # type: ignore[return-value]

    def _height_of(self, option: Option, width: int, padding_width: int) -> int:
        fixed: int | None = getattr(option, "fixed_height", None)
        if fixed is not None:  # an option that is always so many rows (article entries)
            return fixed + option._divider
        measured: tuple[int, int] | None = getattr(option, "_annotator_height", None)
        if measured is not None and measured[0] == width:
            return measured[1]
        plain: str | None = getattr(option, "plain_text", None)  # a prompt not built yet
        if plain is None:
            prompt = option.prompt
            plain = prompt.plain if isinstance(prompt, Text) else None
        height = None if plain is None else _plain_height(plain, width - padding_width)
        if height is None:
            height = self._get_visual(option).get_height(
                cast("RulesMap", self.styles), width - padding_width
            )
        height += option._divider
        option._annotator_height = (width, height)  # type: ignore[attr-defined]
        return height

    def _option_width(self) -> int:
        """The width options are measured at (-1 before the list has a size)."""
        region = self.scrollable_content_region
        return region.width - self._get_left_gutter_width() if region else -1

    def _update_lines(self) -> None:
        """The stock ``_update_lines``: line starts from remembered heights."""
        region = self.scrollable_content_region
        if not region:
            return
        width = region.width - self._get_left_gutter_width()
        options = self._options
        if self._stale or width != self._measured_width or len(self._starts) != len(options):
            self._measured_width = width
            padding_width = self.get_component_styles("option-list--option").padding.width
            height_of = self._height_of
            starts: list[int] = []
            total = 0
            for option in options:
                starts.append(total)
                total += height_of(option, width, padding_width)
            self._starts, self._total, self._stale = starts, total, False
        last_divider = bool(self._options) and self._options[-1]._divider
        virtual_size = Size(width, self._total - (1 if last_divider else 0))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def _replace_option_prompt(self, index: int, prompt: VisualType) -> None:
        self._swap_prompts([(index, prompt)])

    def _swap_prompts(self, prompts: Iterable[tuple[int, VisualType]]) -> None:
        """New prompts at these indexes; the line table stays unless a height changed."""
        width = self._option_width()
        padding = self.get_component_styles("option-list--option").padding.width
        heights = _Starts(self._starts, self._total, True)
        rows: list[tuple[int, int]] = []
        for index, prompt in prompts:
            option = self.get_option_at_index(index)
            old = None if self._stale else heights.get(index)
            option._set_prompt(prompt)
            option._annotator_height = None  # type: ignore[attr-defined]
            if old is None:
                continue
            if width != self._measured_width or self._height_of(option, width, padding) != old:
                self._stale = True
            rows.append((self._starts[index], old))
        self._option_render_cache.clear()
        if self._stale or len(rows) > self.size.height:
            self.refresh()
            return
        # Same heights: only the swapped options' rows change on screen (one article's
        # entry after a span change, not the 40 rows of the list).
        top, bottom = self.scroll_offset.y, self.scroll_offset.y + self.size.height
        for start, height in rows:
            if start + height > top and start < bottom:
                self.refresh_lines(start, height)

    def prompts_changed(self) -> None:
        """Options changed what they draw but not their heights (built lazily): forget
        the rendered options and repaint; the line table stays."""
        self._option_render_cache.clear()
        self.refresh()

    def replace_prompts(self, prompts: Iterable[tuple[str, VisualType]]) -> None:
        """Replace many options' prompts (by id) at once."""
        get_index = self.get_option_index
        self._swap_prompts([(get_index(option_id), prompt) for option_id, prompt in prompts])

    def insert_options(self, index: int, options: list[Option]) -> None:
        """Insert options before ``index`` (the highlighted option stays highlighted)."""
        if not options:
            return
        for option in options:
            if option._id is not None and option._id in self._id_to_option:
                raise ValueError(f"duplicate option id {option._id!r}")
        highlighted = self.highlighted
        self._options[index:index] = options
        to_index = self._option_to_index
        for position in range(index, len(self._options)):
            to_index[self._options[position]] = position
        for option in options:
            if option._id is not None:
                self._id_to_option[option._id] = option
        self._splice_lines(index, options)
        self._option_render_cache.clear()
        if highlighted is not None and highlighted >= index:
            # Not through the reactive: the same option stays highlighted, so no
            # OptionHighlighted message and no scroll.
            self.set_reactive(OptionList.highlighted, highlighted + len(options))
        self.refresh()

    def _splice_lines(self, index: int, options: list[Option]) -> None:
        """Put the inserted options' line starts into the table (and shift the ones
        after them) instead of measuring every option again; stale if unsure."""
        width = self._option_width()
        starts = self._starts
        if (
            self._stale
            or width != self._measured_width
            or len(starts) + len(options) != len(self._options)
        ):
            self._stale = True
            return
        padding = self.get_component_styles("option-list--option").padding.width
        first = starts[index] if index < len(starts) else self._total
        heights = [self._height_of(option, width, padding) for option in options]
        added = sum(heights)
        new = list(itertools.accumulate(heights[:-1], initial=first))
        starts[index:] = new + [start + added for start in starts[index:]]
        self._total += added

    def remove_options(self, option_ids: Iterable[str]) -> None:
        """Remove options by id in one pass (the highlighted option, if kept, stays
        highlighted; if removed, nothing is highlighted)."""
        gone = {self._id_to_option[i] for i in option_ids if i in self._id_to_option}
        if not gone:
            return
        highlighted = self.highlighted_option
        self._options[:] = [o for o in self._options if o not in gone]
        to_index = self._option_to_index
        to_index.clear()
        for position, option in enumerate(self._options):
            to_index[option] = position
        for option in gone:
            if option._id is not None:
                del self._id_to_option[option._id]
        self._mouse_hovering_over = None
        self._stale = True
        self._option_render_cache.clear()
        if highlighted is not None:
            kept = None if highlighted in gone else to_index[highlighted]
            self.set_reactive(OptionList.highlighted, kept)
        self.refresh()


def literal_help(text: str) -> str:
    """A command palette hit's help text that is shown as it is, never parsed as markup.

    Textual 8.2.8 types ``Hit.help`` as ``str`` and renders it with
    ``Content.from_markup``, which returns a ``Content`` unchanged: so a ``Content``
    passed as help is literal text ("[/]" cannot crash the palette, "[@click=...]" is no
    link). Escaping instead would mangle backslashes.
    """
    return cast(str, Content(text))
