"""After an article opens, the long-lived objects are frozen out of the cyclic
collector's walks (annotator/tui/memory.py), and nothing of the previous article stays
alive once another one is open."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest

from annotator.tui.screens import annotate
from tests.helpers import make_app


async def test_frozen_after_open_and_the_previous_article_freed(workspace: Path) -> None:
    gc.unfreeze()
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() > 0  # settled once the article list was filled
        first = app.editor.article
        assert first is not None
        gone = weakref.ref(first)
        first_id = first.id
        del first
        await pilot.press("right_square_bracket")  # the next article
        await pilot.pause()
        assert app.editor.article is not None and app.editor.article.id != first_id
        await pilot.pause()
        assert gone() is None  # found even though it had been frozen
        assert gc.get_freeze_count() > 0
    gc.unfreeze()


async def test_only_a_large_article_settles_memory_when_opened(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection costs ~130 ms beside a 50,000-article list: paid after opening
    a large article, not on every step through small ones."""
    (workspace / "seeds" / "zz-big.txt").write_text("A long read. " * 50_000 + "\n", "utf-8")
    calls: list[str] = []
    monkeypatch.setattr(annotate, "settle_memory", lambda: calls.append("settle"))
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        calls.clear()
        app.annotate.open_article("efe-kim-train")
        await pilot.pause()
        assert calls == []
        app.annotate.open_article("zz-big")
        await pilot.pause()
        assert calls == ["settle"]
