"""The footer (KeyBar): the keys that apply, redrawn only when they change, clickable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.tui.screens.help import HelpScreen
from annotator.tui.widgets.key_bar import KeyBar
from tests.helpers import make_app


def _shown(bar: KeyBar) -> dict[str, str]:
    return {item.description: item.display for item in bar.items}


async def test_keys_follow_what_applies(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.annotate
        bar = screen.query_one(KeyBar)
        screen.view.focus()
        screen.view.select_offsets(0, 0)
        screen.current_span_id = None
        await pilot.pause()
        assert "Delete" not in _shown(bar)  # no span to delete here
        screen.view.select_offsets(0, 4)
        await pilot.press("4")  # opinion: no dialog
        await pilot.pause()
        assert screen.current_span_id is not None
        assert _shown(bar).get("Delete") == "x"
        line = bar.render()
        assert "Delete" in line.plain and line.cell_len == bar.size.width
        assert bar.palette is not None and line.plain.rstrip().endswith(bar.palette.description)


async def test_redraws_only_when_the_keys_change(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.annotate
        bar = screen.query_one(KeyBar)
        screen.view.focus()
        await pilot.pause()
        before = bar.items
        refreshes: list[object] = []
        original = bar.refresh

        def counting(*args: Any, **kwargs: Any) -> KeyBar:
            refreshes.append(args)
            return original(*args, **kwargs)

        bar.refresh = counting  # type: ignore[method-assign]
        for _ in range(3):
            await pilot.press("right")  # the caret moves; the keys that apply stay
            await pilot.pause()
        assert bar.items is before and refreshes == []
        screen.view.select_offsets(0, 4)  # now a selection: labelling applies
        await pilot.press("4")
        await pilot.pause()
        assert refreshes and bar.items != before


async def test_click_presses_the_key_and_fits_80_columns(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.annotate.query_one(KeyBar)
        line = bar.render()
        assert line.cell_len == 80  # cut to the width, palette key at the right end
        assert bar.palette is not None and line.plain.rstrip().endswith(bar.palette.description)
        help_item = next(i for i in bar.items if i.description == "Help")
        start, _end, _item = next(hit for hit in bar._hits if hit[2] == help_item)
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
