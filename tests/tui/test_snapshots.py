"""Snapshot tests (pytest-textual-snapshot): the main screen, the fact picker, the help.

Update after a deliberate UI change with:
    .venv/bin/pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import make_app

SIZE = (150, 42)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen(snap_compare, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        app = pilot.app
        span = app.editor.article.span("afp-03")
        app.annotate.view.select_offsets(span.start + 2, span.start + 2)
        await pilot.pause()

    assert snap_compare(make_app(workspace), terminal_size=SIZE, run_before=run_before)


def test_fact_picker(snap_compare, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        app = pilot.app
        span = app.editor.article.span("afp-08")
        app.annotate.view.select_offsets(span.start + 2, span.start + 2)
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(make_app(workspace), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(workspace), terminal_size=SIZE, run_before=run_before)
