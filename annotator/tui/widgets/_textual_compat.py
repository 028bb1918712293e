"""Every touch of a private Textual or Rich name, in one module.

The article view's speed (docs/performance.md) depends on a few internals of Textual
8.2.8's ``TextArea`` and ``WrappedDocument`` and of Rich's ``Text``. They are gathered
here, each with the version it was read from, so a bump has one place to review;
``tests/tui/test_textual_compat.py`` fails when the pinned versions change or an
internal we rely on disappears. Both packages are pinned exactly in pyproject.toml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Iterable, Sequence
from typing import cast, overload

from rich.containers import Lines
from rich.text import Span as RichSpan
from rich.text import Text
from textual.content import Content
from textual._wrap import compute_wrap_offsets, re_chunk
from textual.expand_tabs import get_tab_widths
from textual.widgets.text_area import Document, DocumentNavigator, WrappedDocument

if TYPE_CHECKING:
    from textual.widgets import TextArea

#: The versions these internals were read from (the guard test compares them).
TEXTUAL_VERSION = "8.2.8"
RICH_VERSION = "15.0.0"

__all__ = [
    "RICH_VERSION",
    "TEXTUAL_VERSION",
    "FastWrappedDocument",
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
        section = Text(plain, style=line.style, justify=line.justify, overflow=line.overflow,
                       no_wrap=line.no_wrap, end=line.end, tab_size=line.tab_size)
        section._spans = [RichSpan(max(start, span.start) - start, min(end, span.end) - start,
                                   span.style)
                          for span in line._spans if span.end > start and span.start < end]
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
        return [line[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]

    @staticmethod
    def wrap_line(line: str, width: int, tab_width: int) -> tuple[list[int], list[int]]:
        """(wrap offsets, tab widths) of one line; subclasses give their wrapper."""
        sections = get_tab_widths(line, tab_width)
        offsets = compute_wrap_offsets(line, width, tab_size=tab_width,
                                       precomputed_tab_sections=sections) if width else []
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


def literal_help(text: str) -> str:
    """A command palette hit's help text that is shown as it is, never parsed as markup.

    Textual 8.2.8 types ``Hit.help`` as ``str`` and renders it with
    ``Content.from_markup``, which returns a ``Content`` unchanged: so a ``Content``
    passed as help is literal text ("[/]" cannot crash the palette, "[@click=...]" is no
    link). Escaping instead would mangle backslashes.
    """
    return cast(str, Content(text))
