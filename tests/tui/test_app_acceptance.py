"""Issue #3's "done means", driven like a new user: every article, every label, facts linked
and created, undo and redo, quit, reopen, and the files validate against schemas/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
from jsonschema import Draft202012Validator

from annotator.model.boundaries import sentence_at
from annotator.store.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.dialogs import AskText
from annotator.tui.screens.fact_picker import FactPicker

SIZE = (150, 42)


def fresh_workspace(workspace: Path) -> Path:
    """The seed corpus with no annotations yet, as a new analyst would start."""
    for path in (workspace / "annotations").glob("*.json"):
        if path.name != "facts.json":
            path.unlink()
    return workspace


def sentences(text: str, count: int) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    offset = 0
    while len(found) < count and offset < len(text):
        start, end = sentence_at(text, offset)
        if end - start > 20 and (start, end) not in found:
            found.append((start, end))
        offset = max(end, offset) + 2
    return found


async def test_a_new_user_annotates_everything_and_finds_it_again(workspace: Path) -> None:
    root = fresh_workspace(workspace)
    app = AnnotatorApp(Store(root / "seeds", root / "annotations"), "new-user")
    expected: dict[str, set[tuple[str, str]]] = {}
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(5):
            article = app.editor.article
            assert article is not None
            picked = sentences(article.text, 4)
            for (start, end), key in zip(picked, "1234", strict=True):
                app.annotate.view.select_offsets(start, start)
                await pilot.pause()
                await pilot.press("s")  # the sentence key selects it
                assert app.annotate.view.selection_offsets == (start, end)
                await pilot.press(key)
                await pilot.pause()
                if key in "12":
                    assert isinstance(app.screen, FactPicker)
                    await pilot.press(*"kim", "enter")  # best fuzzy match
                elif key == "3":
                    assert isinstance(app.screen, AskText)
                    await pilot.press(*"an official", "enter")
                await pilot.pause()
                expected.setdefault(article.id, set()).add(
                    (
                        article.text[start:end],
                        ["confirmed", "disputed", "attributed", "opinion"][int(key) - 1],
                    )
                )
            await pilot.press("right_square_bracket")
            await pilot.pause()
        # Create a fact on the last span, then undo and redo it.
        await pilot.press("f", *"A brand new canonical fact", "enter")
        await pilot.pause()
        facts = orjson.loads((root / "annotations" / "facts.json").read_bytes())["facts"]
        assert any(f["statement"] == "A brand new canonical fact" for f in facts)
        await pilot.press("ctrl+z")
        await pilot.pause()
        facts = orjson.loads((root / "annotations" / "facts.json").read_bytes())["facts"]
        assert not any(f["statement"] == "A brand new canonical fact" for f in facts)
        await pilot.press("ctrl+y")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert not app.is_running

    again = AnnotatorApp(Store(root / "seeds", root / "annotations"), "new-user")
    async with again.run_test(size=SIZE) as pilot:
        for _ in range(5):
            article = again.editor.article
            assert article is not None
            shown = {(s.quote, s.label) for s in article.doc.spans}
            assert shown == expected[article.id]
            assert len(again.annotate.panel.spans_list.options) == 4
            await pilot.press("right_square_bracket")
            await pilot.pause()
    facts = orjson.loads((root / "annotations" / "facts.json").read_bytes())["facts"]
    assert any(f["statement"] == "A brand new canonical fact" for f in facts)

    schema = orjson.loads(Path("schemas/annotation.schema.json").read_bytes())
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for path in (root / "annotations").glob("*-*.json"):
        assert not list(validator.iter_errors(orjson.loads(path.read_bytes()))), path
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "validate", "--select", "E"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout
