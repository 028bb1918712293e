"""Guards for the private Textual and Rich internals annotator relies on.

Every such touch lives in annotator/tui/widgets/_textual_compat.py. When Textual or
Rich is bumped, these fail first: review that module against the new sources, then
update the pinned versions there and in pyproject.toml.
"""

from __future__ import annotations

from importlib.metadata import version

from rich.text import Text
from textual.widgets import TextArea
from textual.widgets.text_area import Document, WrappedDocument

from annotator.tui.widgets import _textual_compat as compat


def test_pinned_versions_are_the_ones_installed() -> None:
    assert version("textual") == compat.TEXTUAL_VERSION
    assert version("rich") == compat.RICH_VERSION


def test_rich_text_internals_exist() -> None:
    text = Text("abc")
    text.stylize("bold", 0, 2)
    copy = compat.fast_text_copy(text)
    assert copy.plain == "abc" and copy.spans == text.spans and copy is not text
    copy.stylize("italic", 0, 1)
    assert len(text.spans) == 1  # the copy's spans are its own


def test_wrapped_document_internals_exist() -> None:
    wrapped = WrappedDocument(Document("one two three\nfour"), width=5)
    for name in (
        "_wrap_offsets",
        "_offset_to_line_info",
        "_line_index_to_offsets",
        "_tab_width_cache",
        "_width",
        "_tab_width",
    ):
        assert hasattr(wrapped, name), name


def test_text_area_internals_exist() -> None:
    for name in ("_set_document", "_build_highlight_map", "_rewrap_and_refresh_virtual_size"):
        assert callable(getattr(TextArea, name, None)), name
    area = TextArea("x")
    assert hasattr(area, "_line_cache") and hasattr(area._line_cache, "clear")
    assert hasattr(area, "_highlight_query")


def test_option_list_internals_exist() -> None:
    """IncrementalOptionList reads and replaces these (Textual 8.2.8's OptionList)."""
    from textual.widgets import OptionList
    from textual.widgets._option_list import _LineCache
    from textual.widgets.option_list import Option

    listing = OptionList(Option("a", id="a"))
    for name in (
        "_options",
        "_id_to_option",
        "_option_to_index",
        "_option_render_cache",
        "_line_cache",
        "_mouse_hovering_over",
    ):
        assert hasattr(listing, name), name
    assert isinstance(listing._line_cache, _LineCache)
    for name in (
        "_update_lines",
        "_replace_option_prompt",
        "_get_visual",
        "_get_left_gutter_width",
        "_scroll_update",
    ):
        assert callable(getattr(OptionList, name, None)), name
    for name in ("_lines", "_heights", "_index_to_line"):
        assert isinstance(getattr(OptionList, name), property), name
    option = Option("x")
    assert hasattr(option, "_divider") and callable(option._set_prompt)
    assert isinstance(compat.IncrementalOptionList(Option("b", id="b"))._line_cache, _LineCache)


def test_scroll_and_selection_internals_exist() -> None:
    """QuietScrollbars overrides Widget._scroll_update; ArticleView redeclares TextArea's
    ``selection`` reactive (repaint off) and extends its ``_watch_selection``."""
    from textual.reactive import Reactive
    from textual.widget import Widget

    from annotator.tui.widgets.article_view import ArticleView

    assert callable(getattr(Widget, "_scroll_update", None))
    assert callable(getattr(TextArea, "_watch_selection", None))
    stock = TextArea.__dict__["selection"]
    ours = ArticleView.__dict__["selection"]
    assert isinstance(stock, Reactive) and isinstance(ours, Reactive)
    assert stock._always_update and ours._always_update and not ours._repaint
    assert compat.QuietScrollbars in ArticleView.__mro__
    assert compat.QuietScrollbars in compat.IncrementalOptionList.__mro__
