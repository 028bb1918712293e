"""What the editor repaired on opening an article is told to the analyst."""

from __future__ import annotations

from pathlib import Path

import orjson

from tests.helpers import make_app, read_json


async def test_duplicate_span_ids_are_repaired_and_the_analyst_is_told(workspace: Path) -> None:
    path = workspace / "annotations" / "afp-kim-leaves.json"
    data = read_json(path)
    data["spans"][1]["id"] = data["spans"][0]["id"]
    path.write_bytes(orjson.dumps(data))
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert any("span ids repaired" in n and data["spans"][0]["id"] in n for n in app.notices)
        article = app.editor.article
        assert article is not None and not article.read_only
        assert len({s.id for s in article.doc.spans}) == len(article.doc.spans)
