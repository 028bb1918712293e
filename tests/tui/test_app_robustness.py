"""The app under trouble: save errors, conflicts, stale and broken files, hostile text."""

from __future__ import annotations

import errno
import os
import xml.dom.minidom
from pathlib import Path

import orjson
import pytest
from textual.widgets import Static

from annotator.store.jsonio import dumps
from annotator.store.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.dialogs import Confirm
from annotator.tui.widgets.article_view import ArticleView
from tests.helpers import make_app, read_json, status

SIZE = (160, 45)
PHRASE = "Mr. Putin is reportedly seeking to obtain North Korean weapons"


async def label_phrase(app: AnnotatorApp, pilot, key: str = "4") -> None:  # type: ignore[no-untyped-def]
    article = app.editor.article
    assert article is not None
    start = article.text.index(PHRASE)
    app.annotate.view.select_offsets(start, start + len(PHRASE))
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()


async def test_save_error_keeps_the_change_and_retries(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(workspace)
    path = workspace / "annotations" / "afp-kim-leaves.json"
    before = path.read_bytes()
    real_replace = os.replace

    def disk_full(src, dst):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(os, "replace", disk_full)
        await label_phrase(app, pilot)
        assert path.read_bytes() == before  # nothing half-written
        assert "NOT SAVED" in status(app) and "No space left" in status(app)
        assert PHRASE in [s.quote for s in app.editor.article.doc.spans]  # type: ignore[union-attr]
        assert app.is_running
        monkeypatch.setattr(os, "replace", real_replace)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert PHRASE in [s["quote"] for s in read_json(path)["spans"]]
        assert "saved ✓" in status(app)


async def test_conflict_is_shown_and_never_clobbers(workspace: Path) -> None:
    app = make_app(workspace)
    path = workspace / "annotations" / "afp-kim-leaves.json"
    async with app.run_test(size=SIZE) as pilot:
        data = read_json(path)
        data["spans"][0]["note"] = "written by a colleague"
        theirs = dumps(data)
        path.write_bytes(theirs)
        await label_phrase(app, pilot)
        assert path.read_bytes() == theirs
        assert "changed on disk" in status(app)
        await app.run_action("screen.force_save")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert PHRASE in [s["quote"] for s in read_json(path)["spans"]]
        assert "saved ✓" in status(app)


async def test_stale_article_opens_read_only_and_can_be_reanchored(workspace: Path) -> None:
    article = workspace / "seeds" / "afp-kim-leaves.txt"
    article.write_text("Editor's note: updated.\n" + article.read_text("utf-8"), "utf-8")
    path = workspace / "annotations" / "afp-kim-leaves.json"
    before = path.read_bytes()
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        banner = app.screen.query_one("#banner", Static)
        assert banner.has_class("visible") and "text changed" in str(banner.render())
        await label_phrase(app, pilot)
        assert path.read_bytes() == before
        assert app.annotate.check_action("label", ("confirmed",)) is False  # keys disabled
        await pilot.press("right_square_bracket")  # other articles stay usable
        await pilot.pause()
        assert not app.screen.query_one("#banner", Static).has_class("visible")
        await pilot.press("left_square_bracket")
        await pilot.pause()
        await app.run_action("screen.reanchor")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert (workspace / "annotations" / "afp-kim-leaves.json.bak").read_bytes() == before
        text = article.read_text("utf-8")
        spans = read_json(path)["spans"]
        assert len(spans) == len(orjson.loads(before)["spans"])
        assert all(text[s["start"] : s["end"]] == s["quote"] for s in spans)
        assert not app.editor.article.read_only  # type: ignore[union-attr]


async def test_broken_file_opens_with_warning_and_can_start_fresh(workspace: Path) -> None:
    path = workspace / "annotations" / "afp-kim-leaves.json"
    path.write_bytes(b'{"version": 1, "spans": [')
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        assert "invalid JSON" in str(app.screen.query_one("#banner", Static).render())
        await label_phrase(app, pilot)
        assert path.read_bytes() == b'{"version": 1, "spans": ['
        await app.run_action("screen.start_fresh")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert (workspace / "annotations" / "afp-kim-leaves.json.bak").exists()
        await label_phrase(app, pilot)
        assert [s["quote"] for s in read_json(path)["spans"]] == [PHRASE]


async def test_broken_registry_is_reported_and_facts_read_only(workspace: Path) -> None:
    (workspace / "annotations" / "facts.json").write_bytes(b"not json")
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        assert any("facts.json" in n for n in app.notices)
        assert app.editor.registry_problem
        await label_phrase(app, pilot, "2")
        await pilot.press(*"new fact", "enter")
        await pilot.pause()
        assert (workspace / "annotations" / "facts.json").read_bytes() == b"not json"


HOSTILE = (
    "Title [/] [@click=app.quit]click[/] \x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07 "
    "\x1b]0;owned\x07 \x9b31m [b]bold?[/b]\nSecond line with [link=x]markup[/link].\n"
)


async def test_hostile_text_is_shown_literally_everywhere(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "evil.txt").write_text(HOSTILE, "utf-8")
    app = AnnotatorApp(Store(tmp_path / "seeds", tmp_path / "annotations"), "[red]me[/]")
    async with app.run_test(size=SIZE) as pilot:
        start = HOSTILE.index("[@click")
        app.annotate.view.select_offsets(start, start + 25)
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        await pilot.press(*"[@click=app.quit]x[/]", "enter")
        await pilot.pause()
        await pilot.press("n", *"[/] note", "ctrl+s")
        await pilot.pause()
        app.notify(HOSTILE, markup=False)
        await pilot.pause()
        assert app.is_running  # nothing became a live action, nothing crashed
        svg = app.export_screenshot()
        xml.dom.minidom.parseString(svg)  # valid XML: no raw control characters
        assert "\x1b" not in svg and "\x9b" not in svg and "\x07" not in svg
        assert "[@click=app.quit]" in svg.replace("&#160;", " ")
        details = str(app.annotate.panel.query_one("#details", Static).render())
        assert "[@click=app.quit]x[/]" in details and "[/] note" in details
    saved = read_json(tmp_path / "annotations" / "evil.json")["spans"][0]
    assert saved["quote"] == HOSTILE[start : start + 25]  # stand-ins only on screen


async def test_ten_thousand_articles_open_at_once(tmp_path: Path) -> None:
    corpus = tmp_path / "seeds"
    corpus.mkdir()
    for i in range(10_000):
        (corpus / f"a{i:05d}.txt").write_text(f"Headline {i}\n\nBody of article {i}.\n")
    app = AnnotatorApp(Store(corpus, tmp_path / "annotations"), "tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.annotate.article_list.option_count == 10_000
        assert isinstance(app.focused, ArticleView)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Headline 9999" in str(app.annotate.article_list.get_option("a09999").prompt)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert app.editor.article is not None and app.editor.article.id == "a09999"


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_labels_painted_with_distinct_attributes_in_both_themes(
    workspace: Path, theme: str
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.pause()
        styles = app.annotate.view.label_styles()
        attributes = {
            label: (s.underline, s.bold, s.italic)
            for label, s in styles.items()
            if label != "current"
        }
        assert len(set(attributes.values())) == 4  # not colour alone
        assert all(s.bgcolor is not None for s in styles.values())
