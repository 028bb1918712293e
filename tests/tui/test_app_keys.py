"""Pilot tests: every key of the contract, asserting on files written and widgets shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList, Static

from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.dialogs import AskText, EditNote
from annotator.tui.screens.fact_picker import FactPicker
from annotator.tui.screens.help import HelpScreen
from annotator.tui.widgets.article_view import ArticleView
from tests.helpers import make_app, read_json, status

SIZE = (160, 45)


def spans_of(workspace: Path, article: str) -> list[dict[str, Any]]:
    spans: list[dict[str, Any]] = read_json(workspace / "annotations" / f"{article}.json")["spans"]
    return spans


async def select(app: AnnotatorApp, pilot, phrase: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    article = app.editor.article
    assert article is not None
    start = article.text.index(phrase)
    app.annotate.view.select_offsets(start, start + len(phrase))
    await pilot.pause()
    return start, start + len(phrase)


PHRASE = "Mr. Putin is reportedly seeking to obtain North Korean weapons"


async def test_opinion_label_creates_span_and_saves(workspace: Path, fixed_clock: str) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        start, end = await select(app, pilot, PHRASE)
        await pilot.press("4")
        await pilot.pause()
        saved = [s for s in spans_of(workspace, "afp-kim-leaves") if s["quote"] == PHRASE]
        assert len(saved) == 1
        span = saved[0]
        assert (span["start"], span["end"], span["label"]) == (start, end, "opinion")
        assert span["author"] == "tester" and span["created"] == fixed_clock
        assert "saved" in status(app)
        listing = app.annotate.panel.spans_list
        shown = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert span["id"] in shown


async def test_keyboard_selection_and_confirmed_opens_fact_picker(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        article = app.editor.article
        assert article is not None
        start = article.text.index("KCNA did not say")
        app.annotate.view.select_offsets(start, start)
        await pilot.pause()
        for _ in range(len("KCNA did not say")):
            await pilot.press("shift+right")
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, FactPicker)
        await pilot.press(*"kcna confirmed")
        await pilot.pause()
        listing = app.screen.query_one("#facts", OptionList)
        best = listing.get_option_at_index(listing.highlighted or 0)
        assert best.id == "kcna-confirmed-visit"
        await pilot.press("enter")
        await pilot.pause()
        (span,) = [
            s for s in spans_of(workspace, "afp-kim-leaves") if s["quote"] == "KCNA did not say"
        ]
        assert span["label"] == "confirmed" and span["facts"] == ["kcna-confirmed-visit"]


async def test_escape_leaves_span_marked_as_lacking(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, PHRASE)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, FactPicker)
        await pilot.press("escape")
        await pilot.pause()
        (span,) = [s for s in spans_of(workspace, "afp-kim-leaves") if s["quote"] == PHRASE]
        assert span["label"] == "disputed" and span["facts"] == []
        details = str(app.annotate.panel.query_one("#details", Static).render())
        assert "needs a fact" in details


async def test_create_fact_from_picker(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, PHRASE)
        await pilot.press("2")
        await pilot.pause()
        await pilot.press(*"Putin sought North Korean weapons zzqx")
        await pilot.pause()
        listing = app.screen.query_one("#facts", OptionList)
        # No fact has every word ("zzqx"): the default is "create fact", the facts that
        # share some words are listed below it.
        highlighted = listing.get_option_at_index(listing.highlighted or 0)
        assert highlighted.id == "create:Putin sought North Korean weapons zzqx"
        await pilot.press("enter")
        await pilot.pause()
        facts = read_json(workspace / "annotations" / "facts.json")["facts"]
        (fact,) = [f for f in facts if f["statement"] == "Putin sought North Korean weapons zzqx"]
        assert fact["id"] == "putin-sought-north-korean-weapons-zzqx"
        (span,) = [s for s in spans_of(workspace, "afp-kim-leaves") if s["quote"] == PHRASE]
        assert span["facts"] == [fact["id"]]


async def test_attributed_asks_who_says_so(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, PHRASE)
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, AskText)
        await pilot.press(*"unnamed reports", "enter")
        await pilot.pause()
        (span,) = [s for s in spans_of(workspace, "afp-kim-leaves") if s["quote"] == PHRASE]
        assert span["label"] == "attributed" and span["attribution"] == "unnamed reports"


async def test_relabel_link_unlink_note_delete_at_cursor(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        article = app.editor.article
        assert article is not None
        target = article.span("afp-05")  # an opinion span
        app.annotate.view.select_offsets(target.start + 3, target.start + 3)
        await pilot.pause()
        assert app.annotate.current_span_id == "afp-05"
        await pilot.press("1")  # relabel: confirmed needs a fact, so the picker opens
        await pilot.pause()
        await pilot.press(*"satellite", "escape")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"us says arms", "enter")
        await pilot.pause()
        span = next(s for s in spans_of(workspace, "afp-kim-leaves") if s["id"] == "afp-05")
        assert span["label"] == "confirmed" and span["facts"] == ["us-says-arms-talks-advancing"]
        await pilot.press("F")
        await pilot.pause()
        span = next(s for s in spans_of(workspace, "afp-kim-leaves") if s["id"] == "afp-05")
        assert span["facts"] == []
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EditNote)
        await pilot.press(*"[b]not markup[/b]", "ctrl+s")
        await pilot.pause()
        span = next(s for s in spans_of(workspace, "afp-kim-leaves") if s["id"] == "afp-05")
        assert span["note"] == "[b]not markup[/b]"
        assert "[b]not markup[/b]" in str(app.annotate.panel.query_one("#details", Static).render())
        await pilot.press("x")
        await pilot.pause()
        assert all(s["id"] != "afp-05" for s in spans_of(workspace, "afp-kim-leaves"))
        target = article.span("afp-06")
        app.annotate.view.select_offsets(target.start + 1, target.start + 1)
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert all(s["id"] != "afp-06" for s in spans_of(workspace, "afp-kim-leaves"))


async def test_undo_and_redo_every_kind_of_change(workspace: Path) -> None:
    app = make_app(workspace)
    path = workspace / "annotations" / "afp-kim-leaves.json"
    facts_path = workspace / "annotations" / "facts.json"
    original, original_facts = path.read_bytes(), facts_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, PHRASE)
        await pilot.press("2")
        await pilot.pause()
        await pilot.press(*"a brand new fact", "enter")  # creates a fact and links it
        await pilot.pause()
        await pilot.press("n", *"why", "ctrl+s")
        await pilot.pause()
        after = path.read_bytes()
        assert after != original and facts_path.read_bytes() != original_facts
        for _ in range(3):  # note, new fact + link, new span
            await pilot.press("ctrl+z")
            await pilot.pause()
        assert path.read_bytes() == original and facts_path.read_bytes() == original_facts
        for _ in range(3):
            await pilot.press("ctrl+y")
            await pilot.pause()
        assert path.read_bytes() == after


async def test_undo_returns_to_the_article_it_changed(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, PHRASE)
        await pilot.press("4", "right_square_bracket")
        await pilot.pause()
        assert app.editor.article is not None and app.editor.article.id == "efe-kim-train"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.editor.article.id == "afp-kim-leaves"
        assert all(s["quote"] != PHRASE for s in spans_of(workspace, "afp-kim-leaves"))


async def test_next_previous_article_and_list(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        assert "Kim Jong-un leaves Pyongyang" in status(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.editor.article is not None and app.editor.article.id == "efe-kim-train"
        assert "EFE" in status(app)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert app.editor.article.id == "yonhap-special-train"
        app.annotate.article_list.focus()
        await pilot.press("home", "enter")
        await pilot.pause()
        assert app.editor.article.id == "afp-kim-leaves"


async def test_sentence_and_word_keys(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        article = app.editor.article
        assert article is not None
        at = article.text.index("reportedly")
        app.annotate.view.select_offsets(at + 2, at + 2)
        await pilot.pause()
        await pilot.press("w")
        assert article.text[slice(*app.annotate.view.selection_offsets)] == "reportedly"
        await pilot.press("s")
        sentence = article.text[slice(*app.annotate.view.selection_offsets)]
        assert sentence.startswith("Mr. Putin is reportedly") and sentence.endswith("Ukraine.")


def focused_id(app: AnnotatorApp) -> str | None:
    return app.focused.id if app.focused is not None else None


async def test_tab_moves_focus_between_list_article_and_panel(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.focused, ArticleView)
        await pilot.press("tab")
        assert focused_id(app) == app.annotate.panel.spans_list.id == "spans"
        await pilot.press("tab")
        assert focused_id(app) == app.annotate.article_list.id == "articles"
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleView)


async def test_choosing_a_claim_moves_the_article_cursor(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        app.annotate.panel.spans_list.focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        article = app.editor.article
        assert article is not None
        span = article.span(app.annotate.current_span_id or "")
        assert app.annotate.view.selection_offsets == (span.start, span.end)
        assert isinstance(app.focused, ArticleView)


async def test_help_save_and_palette(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("saved" in n for n in app.notices)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to article yonhap")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor.article is not None and app.editor.article.id == "yonhap-special-train"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to fact peskov")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        span = app.editor.article.span(app.annotate.current_span_id or "")
        assert "peskov-no-talks-at-eef" in span.facts


async def test_quit_and_reopen_finds_everything(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, PHRASE)
        await pilot.press("4", "ctrl+q")
        await pilot.pause()
    assert not app.is_running
    again = make_app(workspace)
    async with again.run_test(size=SIZE) as pilot:
        quotes = [s.quote for s in again.editor.article.doc.spans]  # type: ignore[union-attr]
        assert PHRASE in quotes


@pytest.mark.parametrize(
    ("key", "action", "params"),
    [
        ("1", "label", ("confirmed",)),
        ("f", "link_fact", ()),
        ("n", "edit_note", ()),
        ("x", "delete_span", ()),
        ("a", "edit_attribution", ()),
    ],
)
async def test_keys_without_a_span_are_disabled_and_hidden(
    workspace: Path, key: str, action: str, params: tuple[object, ...]
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        article = app.editor.article
        assert article is not None
        before = (workspace / "annotations" / "afp-kim-leaves.json").read_bytes()
        at = article.text.index("KCNA did not say")
        app.annotate.view.select_offsets(at, at)
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert (workspace / "annotations" / "afp-kim-leaves.json").read_bytes() == before
        assert app.annotate.check_action(action, params) is False
        shown = {b.binding.action for b in app.screen.active_bindings.values()}
        assert action not in {a.split("(")[0] for a in shown}
        assert isinstance(app.screen.query_one("#status"), Static)


async def test_matrix_screen_jumps_to_the_span(workspace: Path) -> None:
    from annotator.tui.screens.matrix import FactMatrixScreen

    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, FactMatrixScreen)
        screen = app.screen
        row = next(
            i
            for i, r in enumerate(screen.matrix.rows)
            if r.fact_id == "pyongyang-vladivostok-distance"
        )
        column = 1 + [c.article_id for c in screen.matrix.columns].index("sghir-vladivostok-summit")
        table = screen.query_one(DataTable)
        table.move_cursor(row=row, column=column)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FactMatrixScreen)
        article = app.editor.article
        assert article is not None and article.id == "sghir-vladivostok-summit"
        span = article.span("sgh-12")
        assert app.annotate.current_span_id == "sgh-12"
        assert app.annotate.view.selection_offsets == (span.start, span.end)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FactMatrixScreen)


async def test_label_keys_in_the_claim_panel_relabel_the_highlighted_span(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await select(app, pilot, PHRASE)  # a selection in the article...
        app.annotate.panel.spans_list.focus()
        await pilot.press("home")
        await pilot.pause()
        first = app.annotate.current_span_id
        assert first is not None
        await pilot.press("4")  # ...but the key acts on the highlighted claim
        await pilot.pause()
        spans = spans_of(workspace, "afp-kim-leaves")
        assert next(s for s in spans if s["id"] == first)["label"] == "opinion"
        assert all(s["quote"] != PHRASE for s in spans)
