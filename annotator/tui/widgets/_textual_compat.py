"""Every touch of a private Textual or Rich name, in one module.

The article view's speed (docs/performance.md) depends on a few internals of Textual
8.2.8's ``TextArea`` and ``WrappedDocument`` and of Rich's ``Text``. They are gathered
here, each with the version it was read from, so a bump has one place to review;
``tests/tui/test_textual_compat.py`` fails when the pinned versions change or an
internal we rely on disappears. Both packages are pinned exactly in pyproject.toml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
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
    "clear_rendered_lines",
    "compute_wrap_offsets",
    "fast_text_copy",
    "get_tab_widths",
    "re_chunk",
    "set_plain_document",
]


def fast_text_copy(text: Text) -> Text:
    """A copy of a styled line without Rich's ``Text.copy`` re-sanitising the string.

    ``TextArea.get_line`` runs once per visual row and the caller mutates what it gets,
    so a copy is needed; the cached text was built from stand-in text and has no
    control codes. Rich 15: ``_text``, ``_length``, ``_spans``.
    """
    copy = Text.__new__(Text)
    copy._text = [text.plain]
    copy._length = len(text)
    copy._spans = text._spans[:]
    copy.style, copy.justify, copy.overflow = text.style, text.justify, text.overflow
    copy.no_wrap, copy.end, copy.tab_size = text.no_wrap, text.end, text.tab_size
    return copy


class FastWrappedDocument(WrappedDocument):
    """Knows its height in O(1) (not by summing every line) and wraps with ``wrap_line``.

    Textual 8.2.8's ``WrappedDocument`` keeps its tables in ``_wrap_offsets``,
    ``_offset_to_line_info``, ``_line_index_to_offsets`` and ``_tab_width_cache``; this
    fills the same tables, built faster.
    """

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
