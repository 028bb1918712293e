"""Regenerate the README's screenshots: ``.venv/bin/python docs/screenshots/update.py``.

Runs the real app headless on a copy of the test corpus (tests/data) and saves SVGs here
with ``App.save_screenshot``. Nothing outside a temporary folder is read or written but
these files.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.helpers import ANNOTATIONS, CORPUS, make_app  # noqa: E402

SHOTS: list[tuple[str, tuple[int, int], tuple[str, ...], str | None]] = [
    ("main-160x45", (160, 45), (), None),
    ("main-80x24", (80, 24), (), None),
    ("main-80x24-textual-light", (80, 24), (), "textual-light"),
    ("claims-80x24", (80, 24), ("tab", "down", "down", "down"), None),
    ("help-80x24", (80, 24), ("question_mark",), None),
    ("fact-picker-80x24", (80, 24), ("f",), None),
    ("matrix-160x45", (160, 45), ("m",), None),
]


async def shoot(name: str, size: tuple[int, int], keys: tuple[str, ...],
                theme: str | None) -> None:
    work = Path(tempfile.mkdtemp())
    shutil.copytree(CORPUS, work / "seeds")
    shutil.copytree(ANNOTATIONS, work / "annotations")
    app = make_app(work, "analyst")
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if theme:
            app.theme = theme
        article = app.editor.article
        if article is not None and article.doc.spans:
            span = article.doc.spans[min(2, len(article.doc.spans) - 1)]
            app.annotate.view.select_offsets(span.start + 2, span.start + 2)
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.save_screenshot(f"{name}.svg", str(HERE))
    shutil.rmtree(work)


def main() -> None:
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # the default layout, not yours
    for name, size, keys, theme in SHOTS:
        asyncio.run(shoot(name, size, keys, theme))
        print(HERE / f"{name}.svg")


if __name__ == "__main__":
    main()
