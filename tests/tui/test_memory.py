"""After an article opens, the long-lived objects are frozen out of the cyclic
collector's walks (annotator/tui/memory.py), and nothing of the previous article stays
alive once another one is open."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from tests.helpers import make_app


async def test_frozen_after_open_and_the_previous_article_freed(workspace: Path) -> None:
    gc.unfreeze()
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() > 0  # settled once the first article painted
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
