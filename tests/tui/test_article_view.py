"""The ArticleView widget: painting, caches, offsets, and the internals it pins."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult

from annotator.model.models import Label, Span
from annotator.tui.widgets.article_view import ArticleView, PlainWrappedDocument

STAMP = "2026-01-01T00:00:00Z"
TEXT = "Kim’s “train” 😀 left.\nSecond line: the U.S. said so.\n\nThird paragraph here.\n"


def span(sid: str, quote: str, label: Label = "opinion", nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(quote, start + 1)
    return Span.create(
        TEXT,
        start,
        start + len(quote),
        label,
        author="t",
        span_id=sid,
        timestamp=STAMP,
    )


class Host(App[None]):
    def __init__(self, spans: list[Span], text: str = TEXT) -> None:
        super().__init__()
        self.spans = spans
        self.text = text
        self.moves: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield ArticleView(id="view")

    def on_mount(self) -> None:
        view = self.query_one(ArticleView)
        view.load_article(self.text, self.spans)
        view.focus()

    def on_article_view_selection_changed(self, event: ArticleView.SelectionChanged) -> None:
        self.moves.append((event.start, event.end))


def styles_at(view: ArticleView, row: int, column: int) -> list[object]:
    """The rich styles painted on a text cell (row/column of the document)."""
    line = view.get_line(row)
    return [s.style for s in line.spans if s.start <= column < s.end]


async def test_spans_painted_nested_and_by_label() -> None:
    outer = span("outer", "Kim’s “train” 😀 left.", "confirmed")
    inner = span("inner", "“train”", "disputed")
    app = Host([inner, outer])
    async with app.run_test(size=(60, 12)):
        view = app.query_one(ArticleView)
        styles = view.label_styles()
        at_inner = styles_at(view, 0, TEXT.index("train"))
        assert at_inner == [styles["confirmed"], styles["disputed"]]  # both, inner on top
        assert styles_at(view, 0, 0) == [styles["confirmed"]]
        strip = view.render_line(0)
        rendered = "".join(seg.text for seg in strip if isinstance(seg, Segment))
        # The gutter holds the glyph of the span starting on the row; the text follows
        # character for character.
        assert rendered.startswith("✔ Kim’s “train” 😀 left.")


async def test_set_spans_repaints_immediately() -> None:
    """Regression: TextArea's private _line_cache must be cleared when spans change."""
    app = Host([])
    async with app.run_test(size=(60, 12)) as pilot:
        view = app.query_one(ArticleView)
        before = view.render_line(1)
        new = span("new", "the U.S. said so.", "attributed")
        view.set_spans([new])
        await pilot.pause()
        after = view.render_line(1)
        assert before != after
        column = TEXT.split("\n")[1].index("U.S.")
        assert styles_at(view, 1, column) == [view.label_styles()["attributed"]]
        view.set_spans([])
        assert styles_at(view, 1, column) == []


async def test_selection_offsets_are_code_points() -> None:
    app = Host([])
    async with app.run_test(size=(60, 12)) as pilot:
        view = app.query_one(ArticleView)
        emoji = TEXT.index("😀")
        view.select_offsets(emoji, emoji)
        await pilot.pause()
        await pilot.press("shift+right", "shift+right", "shift+right")
        await pilot.pause()
        assert view.selection_offsets == (emoji, emoji + 3)
        assert TEXT[slice(*view.selection_offsets)] == "😀 l"
        assert app.moves[-1] == (emoji, emoji + 3)
        await pilot.press("down")
        second = TEXT.index("Second")
        assert second <= view.cursor_offset < TEXT.index("\n\n")


async def test_sentence_and_words_keys_and_spans_at() -> None:
    outer = span("outer", "Second line: the U.S. said so.")
    inner = span("inner", "U.S.", "confirmed")
    app = Host([outer, inner])
    async with app.run_test(size=(60, 12)) as pilot:
        view = app.query_one(ArticleView)
        at = TEXT.index("U.S.") + 1
        assert [s.id for s in view.spans_at(at)] == ["inner", "outer"]
        view.select_offsets(at, at)
        await pilot.press("s")
        assert TEXT[slice(*view.selection_offsets)] == "Second line: the U.S. said so."
        view.select_offsets(TEXT.index("aragraph"), TEXT.index("aragraph") + 2)
        await pilot.press("w")
        assert TEXT[slice(*view.selection_offsets)] == "paragraph"


async def test_control_characters_are_stand_ins_and_markup_is_text() -> None:
    app = Host([], "x\x1b[31m[/] [@click=app.quit]y\x9b")
    async with app.run_test(size=(60, 12)) as pilot:
        view = app.query_one(ArticleView)
        assert view.text == "x␛[31m[/] [@click=app.quit]y␦"
        await pilot.click(ArticleView, offset=(12, 0))
        assert app.is_running


async def test_read_only_fast_paths_are_in_place() -> None:
    """Pins the internals our speed depends on (see docs/performance.md)."""
    app = Host([span("a", "Third paragraph", "opinion")])
    async with app.run_test(size=(20, 12)):
        view = app.query_one(ArticleView)
        wrapped = view.wrapped_document
        assert isinstance(wrapped, PlainWrappedDocument)
        assert (
            wrapped.height
            == sum(len(wrapped.get_offsets(i)) + 1 for i in range(len(wrapped.document.lines)))
            > 4
        )
        assert view.text is view.text  # cached: no join of the whole document per row
        first = view.get_line(3)
        again = view.get_line(3)
        assert first is not again and first.spans == again.spans  # a cached copy
        assert not view.match_cursor_bracket and not view.highlight_cursor_line


async def test_mouse_drag_selects_and_click_moves() -> None:
    app = Host([])
    async with app.run_test(size=(60, 12)) as pilot:
        view = app.query_one(ArticleView)
        # The gutter (label glyphs) is two cells on the left: text column c is at x = c + 2.
        await pilot.mouse_down(ArticleView, offset=(2, 1))
        await pilot.hover(ArticleView, offset=(8, 1))
        await pilot.mouse_up(ArticleView, offset=(8, 1))
        await pilot.pause()
        second = TEXT.index("Second")
        assert view.selection_offsets == (second, second + 6)
        assert TEXT[slice(*view.selection_offsets)] == "Second"
        await pilot.click(ArticleView, offset=(4, 0))
        await pilot.pause()
        assert view.selection_offsets == (2, 2)


async def test_a_long_single_line_renders_as_textual_would_a_section_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A one-line article longer than LONG_LINE: each row is built from its own section
    (SectionedLine) and shows exactly what Textual's whole-line division shows."""
    from textual.geometry import Region

    import annotator.tui.widgets.article_view as article_view
    from annotator.tui.widgets._textual_compat import SectionedLine, fast_text_copy

    words = [
        "Kim’s",
        "train",
        "left",
        "Pyongyang",
        "for",
        "Vladivostok",
        "on",
        "Sunday,",
        "officials",
        "said",
        "😀",
        "and",
        "the",
        "Kremlin",
        "confirmed\tit",
        "",
    ]
    text = " ".join(words[i % len(words)] for i in range(4000)) + "\n"
    assert len(text) > 5 * article_view.LONG_LINE
    quote = "Kremlin confirmed"
    start = text.index(quote, len(text) // 2)
    spans = [
        Span.create(
            text, start, start + len(quote), "disputed", author="t", span_id="k", timestamp=STAMP
        )
    ]

    async def rows(long_line: int) -> list[list[Segment]]:
        monkeypatch.setattr(article_view, "LONG_LINE", long_line)
        app = Host(spans, text)
        async with app.run_test(size=(70, 20)) as pilot:
            view = app.query_one(ArticleView)
            view.select_offsets(start + 3, start + 8)
            await pilot.pause()
            region = Region(0, 0, view.size.width, view.size.height)
            return [list(strip) for strip in view.render_lines(region)]

    fast, stock = await rows(2000), await rows(10**9)
    assert fast == stock  # same text, same styles, row by row
    assert any(quote[:7] in "".join(seg.text for seg in row) for row in fast)

    app = Host(spans, text)
    async with app.run_test(size=(70, 20)):
        view = app.query_one(ArticleView)
        full = view.get_line(0)
        offsets = view.wrapped_document.get_offsets(0)
        expected = full.divide(offsets)
        assert view.wrapped_document.get_sections(0) == [t.plain for t in expected]
        for target in (0, len(offsets) // 2, len(offsets)):
            sectioned = fast_text_copy(full, SectionedLine)
            assert isinstance(sectioned, SectionedLine)
            sectioned.target = target
            got = sectioned.divide(offsets)[target]
            assert got.plain == expected[target].plain and got.spans == expected[target].spans
