"""Layout at every terminal size, panel toggles remembered across runs, focus, keymap."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console
from textual.color import Color

from annotator.store.store import Store
from annotator.tui.actions import ACTIONS
from annotator.tui.app import AnnotatorApp
from annotator.tui.layout import ARTICLE_MIN
from annotator.tui.screens.help import HelpScreen, keys_table
from annotator.tui.widgets.article_view import ArticleView
from annotator.tui.widgets.key_bar import KeyBar
from tests.helpers import ROOT, make_app, read_json


def text_columns(app: AnnotatorApp) -> int:
    """Columns the article text wraps at."""
    view = app.annotate.view
    return view.scrollable_content_region.width - view.gutter_width


def shown(app: AnnotatorApp) -> tuple[bool, bool]:
    return app.annotate.article_list.display, app.annotate.panel.display


async def test_80x24_article_keeps_readable_width(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert text_columns(app) >= 50
        assert app.annotate.view.size.width >= ARTICLE_MIN - 1  # minus its scrollbar
        assert shown(app) == (False, True)
        assert app.annotate.panel.has_class("-narrow")
        assert app.annotate.view.size.width > app.annotate.panel.outer_size.width


async def test_resizing_narrows_hides_and_restores_panels(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.annotate
        assert shown(app) == (True, True)
        assert screen.article_list.outer_size.width == 38 and screen.panel.outer_size.width == 48
        assert text_columns(app) >= 50
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert shown(app) == (False, True) and text_columns(app) >= 50
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert shown(app) == (False, False) and text_columns(app) >= 50
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert shown(app) == (True, True)


async def test_toggles_cycle_and_are_remembered(workspace: Path, config_home: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.annotate
        await pilot.press("f8")
        await pilot.pause()
        assert (
            screen.article_list.has_class("-narrow") and screen.article_list.outer_size.width == 24
        )
        await pilot.press("f8")
        await pilot.pause()
        assert not screen.article_list.display
        await pilot.press("f9")
        await pilot.pause()
        assert screen.panel.outer_size.width == 26
    state = read_json(config_home / "annotator" / "ui.json")
    assert state == {"articles": "hidden", "claims": "narrow", "first": "claims"}

    again = make_app(workspace)
    async with again.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert shown(again) == (False, True)
        assert again.annotate.panel.has_class("-narrow")
        await pilot.press("f8")  # hidden -> wide, and it gets the focus
        await pilot.pause()
        assert again.annotate.article_list.outer_size.width == 38
        assert again.focused is again.annotate.article_list


async def test_at_80_columns_the_list_comes_back_in_place_of_the_claims(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert shown(app) == (True, False)
        assert app.focused is app.annotate.article_list
        assert text_columns(app) >= 50
        await pilot.press("f8")
        await pilot.pause()
        assert shown(app) == (False, True)
        assert isinstance(app.focused, ArticleView)  # focus left the hidden panel


async def test_broken_ui_state_is_reported_and_the_app_works(
    workspace: Path, config_home: Path
) -> None:
    path = config_home / "annotator" / "ui.json"
    path.parent.mkdir(parents=True)
    path.write_text("{nope")
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        assert shown(app) == (True, True)
        assert any(n.startswith(f"Layout preferences ignored: {path}:1:2:") for n in app.notices)
        await pilot.press("f9")
        await pilot.pause()
    assert read_json(path)["claims"] == "narrow"


async def test_focused_panel_is_marked(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.annotate
        view, listing, panel = screen.view, screen.article_list, screen.panel

        def top(widget: object) -> tuple[str, object]:
            edge = widget.styles.border_top  # type: ignore[attr-defined]
            return edge[0], edge[1]

        assert top(view)[0] == "heavy" and top(listing)[0] == "solid"
        await pilot.press("tab")
        await pilot.pause()
        assert panel.has_class("-focused")
        assert top(view)[0] == "solid"
        title = panel.query_one("#claims-title")
        assert title.styles.background == Color.parse(app.get_css_variables()["accent"])
        await pilot.press("tab")
        await pilot.pause()
        assert not panel.has_class("-focused")
        assert top(listing)[0] == "heavy"


async def test_moving_through_claims_scrolls_the_article(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.annotate
        view = screen.view
        screen.panel.spans_list.focus()
        article = app.editor.article
        assert article is not None
        await pilot.press("end")
        await pilot.pause()
        span = article.span(screen.current_span_id or "")
        assert span.start > len(view.text) // 2
        row = view.visual_row(span.start)
        assert view.scroll_offset.y > 0
        assert view.scroll_offset.y <= row < view.scroll_offset.y + view.size.height
        assert screen.panel.spans_list.has_focus  # moving does not steal the focus
        for _ in range(3):
            await pilot.press("up")
            await pilot.pause()
            span = article.span(screen.current_span_id or "")
            row = view.visual_row(span.start)
            assert view.scroll_offset.y <= row < view.scroll_offset.y + view.size.height


def readme_key_rows() -> list[tuple[str, str]]:
    """(id, keys) of every row of the README's key tables (id column first)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Keys") : text.index("### Your own keys")]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("id", "---"):
            rows.append((cells[0], cells[1]))
    return rows


def test_readme_key_table_is_the_action_table() -> None:
    from annotator.tui.actions import display_keys
    from annotator.tui.keymap import dialog_binding_ids

    rows = readme_key_rows()
    documented = {re.sub(r"`", "", i): re.sub(r"`", "", k) for i, k in rows if i != "—"}
    expected = {a.id: display_keys(a.keys) if a.keys else "palette" for a in ACTIONS}
    expected.update({i: display_keys(k) for i, k in dialog_binding_ids().items()})
    assert documented == expected
    assert len(documented) == len([r for r in rows if r[0] != "—"])  # no id twice


async def test_user_keymap_remaps_keys_footer_and_help(workspace: Path) -> None:
    keymap = {"label.confirmed": "c", "layout.claims": "f10", "help": "f1"}
    app = AnnotatorApp(Store(workspace / "seeds", workspace / "annotations"), "tester", keymap)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.annotate
        await pilot.press("f10")
        await pilot.pause()
        assert screen.panel.has_class("-narrow")
        screen.view.select_offsets(0, 3)
        screen.view.focus()
        await pilot.pause()
        bindings = {key: active.binding.id for key, active in screen.active_bindings.items()}
        assert bindings.get("c") == "label.confirmed" and "1" not in bindings
        assert bindings.get("f10") == "layout.claims"
        await pilot.press("c")
        await pilot.pause()
        article = app.editor.article
        assert article is not None
        assert any(
            s.start == 0 and s.end == 3 and s.label == "confirmed" for s in article.doc.spans
        )
        await pilot.press("escape")  # the fact picker opened at once
        await pilot.pause()
        footer = screen.query_one(KeyBar)
        assert footer.display
        shown = {item.description: item.display for item in footer.items}
        assert shown.get("Confirmed") == "c"  # the live key, not the default 1
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_screen = app.screen
        assert help_screen.keymap == app.keymap
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(keys_table(help_screen.keymap))
        shown_text = console.export_text()
        assert re.search(r"^\s*c\s+Label the selection confirmed", shown_text, re.M)
        assert re.search(r"^\s*f10\s+Claim panel", shown_text, re.M)


async def test_narrow_claim_panel_keeps_each_fact_id_on_one_row(workspace: Path) -> None:
    """A fact id longer than the narrow panel is cut with "…", not folded onto a second
    row that reads as another id; widening the panel shows it whole again."""
    app = AnnotatorApp(Store(workspace / "seeds", workspace / "annotations"), "tester")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.annotate
        listing = screen.panel.spans_list
        long_id = "workers-party-rules-north-korea"

        def fact_rows() -> list[str]:
            rows = [
                strip.text.strip() for strip in listing.render_lines(listing.region.reset_offset)
            ]
            return [row for row in rows if row.startswith("→")]

        await pilot.pause()
        assert any(long_id in row for row in fact_rows())  # wide: whole
        screen.panels.toggle("claims", screen._side_panels(), screen.view)  # wide -> narrow
        await pilot.pause()
        assert screen.panel.has_class("-narrow")
        rows = fact_rows()
        cut = [row for row in rows if row.startswith("→ workers-party")]
        assert cut and all(row.endswith("…") for row in cut)
        assert not any(row.startswith("orth-korea") for row in rows)
