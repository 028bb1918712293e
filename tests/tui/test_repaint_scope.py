"""What a move or a change repaints: the rows it touches, not the screen (issue 9's
speed targets; bench/bench_app_scale.py measures the time, these pin the scope)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.geometry import Region

from annotator.tui.widgets.article_list import ArticleList
from tests.helpers import make_app


def _spy(widget: Any) -> list[tuple[Region, ...]]:
    calls: list[tuple[Region, ...]] = []
    original = widget.refresh

    def refresh(*regions: Region, **kwargs: Any) -> Any:
        calls.append(regions)
        return original(*regions, **kwargs)

    widget.refresh = refresh
    return calls


async def test_a_selection_change_repaints_only_its_rows(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        view = app.annotate.view
        view.focus()
        view.select_offsets(0, 0)
        await pilot.pause()
        first, other = list(view.render_line(0)), list(view.render_line(10))
        calls = _spy(view)
        view.select_offsets(2, 9)  # on the first line: nothing scrolls
        await pilot.pause()
        assert calls and all(calls), calls  # never the whole view
        assert max(r.height for regions in calls for r in regions) <= 2
        # ... and the rows show it: the first row changed, a row further down did not.
        assert list(view.render_line(0)) != first
        assert list(view.render_line(10)) == other


async def test_a_span_change_leaves_the_scrollbars_and_other_entries_alone(
    workspace: Path,
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.annotate
        view = screen.view
        view.focus()
        await pilot.pause()
        bar = _spy(view.vertical_scrollbar)
        listing = screen.query_one(ArticleList)
        entries = _spy(listing)
        view.select_offsets(2, 9)
        await pilot.press("4")  # a new opinion span: the article's entry counts change
        await pilot.pause()
        assert screen.current_span_id is not None
        assert bar == []  # the article's scrollbar did not change
        assert entries and all(entries)  # the one entry's rows, not the whole list
        assert max(r.height for regions in entries for r in regions) <= 2
