"""Pilot tests: merge conflict records, fuzzy anchors and orphans reviewed in the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Static

from annotator.merge.three_way import merge_annotations
from annotator.model.models import Span
from annotator.store.files import atomic_write
from annotator.store.jsonio import dumps
from annotator.store.store import load_annotation_file
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.review import OrphanDialog, ResolveConflict
from tests.helpers import make_app, read_json

SIZE = (160, 45)
STAMP = "2026-11-30T10:00:00Z"
AFP = "afp-kim-leaves"


def conflicted(workspace: Path) -> Path:
    """yonhap-special-train with a conflict record on yon-04 (note "one" vs "two")."""
    path = workspace / "annotations" / "yonhap-special-train.json"
    base = load_annotation_file(path)

    def noted(note: str) -> list[Span]:
        return [
            Span.model_validate({**s.model_dump(), "note": note, "modified": STAMP})
            if s.id == "yon-04"
            else s
            for s in base.spans
        ]

    doc = merge_annotations(
        base,
        base.model_copy(update={"spans": noted("one")}),
        base.model_copy(update={"spans": noted("two")}),
    )
    atomic_write(path, dumps(doc))
    return path


def banner(app: AnnotatorApp) -> str:
    return str(app.annotate.query_one("#banner", Static).render())


def entries(app: AnnotatorApp) -> list[tuple[str | None, str]]:
    listing = app.annotate.panel.spans_list
    return [
        (listing.get_option_at_index(i).id, str(listing.get_option_at_index(i).prompt))
        for i in range(listing.option_count)
    ]


def edit_afp(workspace: Path, change: Any) -> Path:
    path = workspace / "annotations" / f"{AFP}.json"
    doc = read_json(path)
    change(doc)
    atomic_write(path, dumps(doc))
    return path


async def test_conflict_banner_panel_and_resolve(workspace: Path) -> None:
    path = conflicted(workspace)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        app.annotate.open_article("yonhap-special-train")
        await pilot.pause()
        assert "1 merge conflict (C resolves" in banner(app)
        first_id, first_prompt = entries(app)[0]
        assert first_id == "conflict:yon-04" and first_prompt.startswith("⚠ conflict yon-04")
        await pilot.press("C")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ResolveConflict)
        sides = {
            name: str(dialog.query_one(f"#side-{name}", Static).render())
            for name in ("a", "b", "base")
        }
        assert "note: one" in sides["a"] and "note: two" in sides["b"]
        assert "note: A projection" in sides["base"]
        await pilot.press("b")
        await pilot.pause()
        doc = read_json(path)
        assert "conflicts" not in doc
        assert next(s for s in doc["spans"] if s["id"] == "yon-04")["note"] == "two"
        assert "merge conflict" not in banner(app)
        assert app.annotate.current_span_id == "yon-04"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [c["id"] for c in read_json(path)["conflicts"]] == ["yon-04"]


async def test_conflict_from_the_claim_panel(workspace: Path) -> None:
    path = conflicted(workspace)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        app.annotate.open_article("yonhap-special-train")
        await pilot.pause()
        listing = app.annotate.panel.spans_list
        listing.focus()
        listing.highlighted = 0
        await pilot.pause()
        assert app.annotate.current_span_id is None  # a record is not a span
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResolveConflict)
        await pilot.press("escape")  # later: nothing changes
        await pilot.pause()
        assert [c["id"] for c in read_json(path)["conflicts"]] == ["yon-04"]


async def test_fuzzy_anchor_marked_and_accepted(workspace: Path) -> None:
    was = {"start": 50, "end": 126, "quote": "an older wording of the sentence"}

    def fuzzy(doc: dict[str, Any]) -> None:
        doc["spans"][0]["anchor"] = {"status": "fuzzy", "score": 0.931, "was": was}

    path = edit_afp(workspace, fuzzy)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        prompt = dict(entries(app))["afp-01"]
        assert "⚠ fuzzy 0.93, was “an older wording of the sentence”" in prompt
        assert "1 fuzzy anchor to review" in banner(app)
        span = app.annotate.current_span("afp-01")
        assert span is not None
        app.annotate.select_span(span)
        await pilot.press("K")
        await pilot.pause()
        assert "anchor" not in read_json(path)["spans"][0]
        assert "fuzzy" not in dict(entries(app))["afp-01"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert read_json(path)["spans"][0]["anchor"]["status"] == "fuzzy"


def with_orphan(workspace: Path) -> Path:
    def orphan(doc: dict[str, Any]) -> None:
        lost = {
            **doc["spans"][4],
            "id": "old-05",
            "start": 0,
            "end": 12,
            "quote": "a lost claim",
            "prefix": "",
            "suffix": "",
        }
        doc["orphans"] = [{"span": lost, "sha256": "0" * 64, "orphaned": STAMP, "score": 0.2}]

    return edit_afp(workspace, orphan)


async def test_orphan_reattached_to_the_selection(workspace: Path) -> None:
    path = with_orphan(workspace)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 orphaned span (O re-attaches" in banner(app)
        assert "orphan:0" in dict(entries(app)) and dict(entries(app))["orphan:0"].startswith(
            "⚠ orphan ◇ opinion"
        )
        article = app.editor.article
        assert article is not None
        phrase = "Mr. Putin is reportedly seeking to obtain North Korean weapons"
        start = article.text.index(phrase)
        app.annotate.view.select_offsets(start, start + len(phrase))
        await pilot.pause()
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, OrphanDialog)
        await pilot.press("r")
        await pilot.pause()
        doc = read_json(path)
        assert "orphans" not in doc
        span = next(s for s in doc["spans"] if s["id"] == "old-05")
        assert (span["start"], span["quote"], span["label"]) == (start, phrase, "opinion")
        assert app.annotate.current_span_id == "old-05"


async def test_orphan_deleted_and_undone(workspace: Path) -> None:
    path = with_orphan(workspace)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("O")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OrphanDialog)
        await pilot.press("r")  # no selection: refused, the dialog stays
        await pilot.pause()
        assert app.screen is dialog and "orphans" in read_json(path)
        await pilot.press("x")
        await pilot.pause()
        assert "orphans" not in read_json(path)
        assert "orphan" not in banner(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert read_json(path)["orphans"][0]["span"]["id"] == "old-05"
