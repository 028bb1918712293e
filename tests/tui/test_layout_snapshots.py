"""Snapshots at 80x24 and 160x45 (main screen, fact picker, help, fact matrix), and the
main screen at 80x24 in one theme of each family.

Update after a deliberate UI change with:
    .venv/bin/pytest tests/tui/test_layout_snapshots.py --snapshot-update
and look at the SVGs in tests/tui/__snapshots__/test_layout_snapshots/.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from annotator.tui.app import AnnotatorApp
from tests.helpers import make_app

SnapCompare = Callable[..., bool]
SIZES = [(80, 24), (160, 45)]
THEMES = ["textual-dark", "textual-light", "nord", "gruvbox", "solarized-light", "ansi-dark"]


async def on_claim(pilot: Pilot[None], span_id: str = "afp-03") -> None:
    """Every worker done, the caret inside one claim (so it is the current span)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, AnnotatorApp) and app.editor.article is not None
    span = app.editor.article.span(span_id)
    app.annotate.view.select_offsets(span.start + 2, span.start + 2)
    await pilot.pause()


def then(*keys: str, span_id: str = "afp-03") -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await on_claim(pilot, span_id)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main(snap_compare: SnapCompare, workspace: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(workspace), terminal_size=size, run_before=then())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_claim_panel_focused(
    snap_compare: SnapCompare, workspace: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(
        make_app(workspace),
        terminal_size=size,
        run_before=then("tab", "down", "down", "down", "down", "down"),
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_fact_picker(snap_compare: SnapCompare, workspace: Path, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(workspace), terminal_size=size, run_before=then("f", span_id="afp-08")
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare: SnapCompare, workspace: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(workspace), terminal_size=size, run_before=then("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_matrix(snap_compare: SnapCompare, workspace: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(workspace), terminal_size=size, run_before=then("m"))


@pytest.mark.parametrize("theme", THEMES)
def test_theme_80x24(snap_compare: SnapCompare, workspace: Path, theme: str) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.theme = theme
        await then()(pilot)

    assert snap_compare(make_app(workspace), terminal_size=(80, 24), run_before=run_before)
