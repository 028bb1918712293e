"""Pilot tests: the fact registry screen, the matrix's statements and span choice, article
metadata and done / in progress, asserting on the files written and the widgets shown."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, OptionList

from annotator.store.store import Store
from annotator.tui.app import AnnotatorApp
from annotator.tui.screens.dialogs import AskText, Confirm
from annotator.tui.screens.matrix import FactMatrixScreen, SpanChoice
from annotator.tui.screens.metadata import EditMetadata
from annotator.tui.screens.registry import RegistryScreen
from tests.helpers import make_app, read_json, status

SIZE = (160, 45)
FACT = "kim-left-pyongyang-by-train"


def snapshot(folder: Path) -> dict[Path, bytes]:
    # Data files only: the store's lock file (.annotator.lock, empty) is not data.
    return {
        p: p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".annotator.lock"
    }


def with_layer(workspace: Path) -> Path:
    layer = workspace / "annotations" / "by" / "ana"
    layer.mkdir(parents=True)
    for name in ("afp-kim-leaves.json", "efe-kim-train.json"):
        shutil.copy(workspace / "annotations" / name, layer / name)
    return layer


def links(path: Path, fact_id: str) -> int:
    return sum(fact_id in s["facts"] for s in read_json(path)["spans"])


async def open_registry(app: AnnotatorApp, pilot: Pilot[None], query: str = "") -> RegistryScreen:
    await pilot.press("r")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RegistryScreen)
    if query:
        await pilot.press(*query)
        await pilot.pause()
    return screen


async def type_answer(app: AnnotatorApp, pilot: Pilot[None], text: str) -> None:
    """Replace the answer of the AskText dialog on top and press enter."""
    assert isinstance(app.screen, AskText)
    app.screen.query_one("#answer", Input).value = ""
    await pilot.press(*text)
    await pilot.press("enter")
    await pilot.pause()


async def test_registry_lists_every_fact_and_filters_by_typing(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_registry(app, pilot)
        assert len(screen.shown) == len(app.editor.registry.facts) == 21
        table = screen.facts_table
        assert table.row_count == 21
        row = screen.shown.index(FACT)
        # id, statement, spans, articles
        assert [str(c) for c in table.get_row_at(row)][2:] == ["7", "5"]
        await pilot.press(*"armoured train")
        await pilot.pause()
        assert screen.shown == ["kim-travels-by-armoured-train"]
        await pilot.press("enter")  # the filter hands over to the list
        await pilot.pause()
        assert table.has_focus
        assert [str(c) for c in screen.uses_table.get_column("article")] == [
            "afp-kim-leaves",
            "national-post-train",
            "national-post-train",
            "sghir-vladivostok-summit",
            "yonhap-special-train",
        ]
        details = str(screen.query_one("#fact-details", Label).render())
        assert "kim-travels-by-armoured-train:" in details and "5 spans link it" in details


async def test_rename_across_files_and_undo_restores_every_byte(workspace: Path) -> None:
    layer = with_layer(workspace)
    folder = workspace / "annotations"
    before = snapshot(folder)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_registry(app, pilot, "left pyongyang")
        assert screen.shown == [FACT]
        await pilot.press("enter", "R")
        await pilot.pause()
        await type_answer(app, pilot, "kim-left-by-train")
        assert app.screen is screen and screen.shown == ["kim-left-by-train"]
        for path in [*folder.glob("*-*.json"), *layer.glob("*.json")]:
            assert links(path, FACT) == 0, path
        assert links(layer / "efe-kim-train.json", "kim-left-by-train") == 2
        assert any("Renamed" in n for n in app.notices)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert snapshot(folder) == before
        await pilot.press("ctrl+y", "escape")
        await pilot.pause()
        assert links(folder / "afp-kim-leaves.json", "kim-left-by-train") == 2
        # Back on the annotation screen the claim panel shows the new id, and ctrl+z
        # there undoes the rename in every file at once.
        assert "kim-left-by-train" in app.editor.article.span("afp-01").facts  # type: ignore[union-attr]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert snapshot(folder) == before


async def test_rename_to_a_bad_id_is_refused_with_a_message(workspace: Path) -> None:
    before = snapshot(workspace / "annotations")
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await open_registry(app, pilot, "left pyongyang")
        await pilot.press("enter", "R")
        await pilot.pause()
        await type_answer(app, pilot, "kcna-confirmed-visit")
        assert any("exists already" in n for n in app.notices)
        assert snapshot(workspace / "annotations") == before


async def test_merge_two_facts(workspace: Path) -> None:
    folder = workspace / "annotations"
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_registry(app, pilot, "russian far east")
        assert screen.shown == ["train-bound-for-russian-far-east"]
        await pilot.press("enter", "M")
        await pilot.pause()
        await type_answer(app, pilot, FACT)
        assert "train-bound-for-russian-far-east" not in app.editor.registry.by_id()
        assert links(folder / "yonhap-special-train.json", "train-bound-for-russian-far-east") == 0
        spans = {s["id"]: s for s in read_json(folder / "efe-kim-train.json")["spans"]}
        assert spans["efe-02"]["facts"] == [FACT]
        screen.query_one("#filter", Input).value = ""
        await pilot.pause()
        assert len(screen.shown) == 20 and len(screen.usage[FACT]) == 14


async def test_delete_refused_when_linked_and_done_when_not(workspace: Path) -> None:
    folder = workspace / "annotations"
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        unused = app.editor.create_fact("Nobody links this yet").id
        screen = await open_registry(app, pilot, "left pyongyang")
        await pilot.press("enter", "x")
        await pilot.pause()
        assert app.screen is screen  # no confirmation: refused at once
        assert any("is linked by 7 spans" in n for n in app.notices)
        assert FACT in {f["id"] for f in read_json(folder / "facts.json")["facts"]}
        screen.query_one("#filter", Input).value = "nobody links"
        await pilot.pause()
        assert screen.shown == [unused]
        screen.facts_table.focus()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert unused not in {f["id"] for f in read_json(folder / "facts.json")["facts"]}
        assert screen.shown == []


async def test_edit_a_statement(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_registry(app, pilot, "left pyongyang")
        await pilot.press("enter", "e")
        await pilot.pause()
        await type_answer(app, pilot, "Kim left Pyongyang by train.")
        saved = {f["id"]: f for f in read_json(workspace / "annotations" / "facts.json")["facts"]}
        assert saved[FACT]["statement"] == "Kim left Pyongyang by train."
        assert str(screen.facts_table.get_row_at(0)[1]) == "Kim left Pyongyang by train."


async def test_jump_from_the_registry_to_a_span(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_registry(app, pilot, "armoured")
        await pilot.press("down")  # from the filter to the fact list
        await pilot.pause()
        assert screen.facts_table.has_focus
        await pilot.press("enter")  # to its spans
        await pilot.pause()
        assert screen.uses_table.has_focus
        await pilot.press("down", "enter")  # the second: national-post-train np-01
        await pilot.pause()
        assert app.screen is app.annotate
        assert app.editor.article is not None and app.editor.article.id == "national-post-train"
        assert app.annotate.current_span_id == "np-01"
        span = app.editor.article.span("np-01")
        assert app.annotate.view.selection_offsets == (span.start, span.end)


async def test_uses_table_shows_the_layer_and_counts_every_layer(workspace: Path) -> None:
    layer = with_layer(workspace)
    gold = sum(links(p, FACT) for p in (workspace / "annotations").glob("*-*.json"))
    ana = sum(links(p, FACT) for p in layer.glob("*.json"))
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_registry(app, pilot, "left pyongyang")
        assert screen.shown == [FACT]
        # id, statement, spans, articles: over gold and ana's layer
        assert [str(c) for c in screen.facts_table.get_row_at(0)][2:] == [str(gold + ana), "5"]
        table = screen.uses_table
        assert [str(c.label) for c in table.ordered_columns] == ["article", "layer", " ", "quote"]
        rows = [
            (str(a), str(b))
            for a, b in zip(table.get_column("article"), table.get_column("layer"), strict=True)
        ]
        assert rows.count(("afp-kim-leaves", "ana")) == links(layer / "afp-kim-leaves.json", FACT)
        assert rows.count(("afp-kim-leaves", "gold")) == 2
        assert len(rows) == gold + ana and rows[0] == ("afp-kim-leaves", "gold")
        details = str(screen.query_one("#fact-details", Label).render())
        assert f"{gold + ana} spans link it (gold {gold}, ana {ana})" in details


async def test_enter_on_a_use_in_another_layer_names_its_file(workspace: Path) -> None:
    layer = with_layer(workspace)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_registry(app, pilot, "left pyongyang")
        await pilot.press("enter", "enter")  # to the fact list, to its spans
        await pilot.pause()
        assert screen.uses_table.has_focus
        row = [str(c) for c in screen.uses_table.get_column("layer")].index("ana")
        screen.uses_table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen  # not opened: the app edits gold
        path = layer / "afp-kim-leaves.json"
        assert any(str(path) in n and "--as ana" in n for n in app.notices), app.notices
        # A gold use still jumps.
        screen.uses_table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen_stack[-1] is app.annotate and app.annotate.current_span_id == "afp-01"


async def test_as_an_analyst_own_uses_jump_gold_is_named(workspace: Path) -> None:
    with_layer(workspace)
    store = Store(workspace / "seeds", workspace / "annotations", "ana")
    app = AnnotatorApp(store, "ana", blind=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_registry(app, pilot, "left pyongyang")
        layers = [str(c) for c in screen.uses_table.get_column("layer")]
        screen.uses_table.focus()
        screen.uses_table.move_cursor(row=layers.index("gold"))
        await pilot.press("enter")
        await pilot.pause()
        gold = workspace / "annotations" / "afp-kim-leaves.json"
        assert app.screen is screen
        assert any(str(gold) in n and "without --as" in n for n in app.notices), app.notices
        screen.uses_table.move_cursor(row=layers.index("ana"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen_stack[-1] is app.annotate and app.annotate.current_span_id == "afp-01"
        assert app.editor.article is not None and app.editor.article.id == "afp-kim-leaves"


async def test_a_blind_analyst_sees_counts_but_not_the_others_quotes(workspace: Path) -> None:
    layer = with_layer(workspace)
    store = Store(workspace / "seeds", workspace / "annotations", "bo")
    app = AnnotatorApp(store, "bo")  # blind by default
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_registry(app, pilot, "left pyongyang")
        quotes = [str(c) for c in screen.uses_table.get_column("quote")]
        ana = links(layer / "afp-kim-leaves.json", FACT) + links(layer / "efe-kim-train.json", FACT)
        assert len(quotes) == 7 + ana
        assert all(q == "(another layer: hidden, the team is blind)" for q in quotes)


async def test_registry_from_the_palette(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Fact registry")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, RegistryScreen)


async def test_matrix_shows_statements_and_picks_one_of_several_spans(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FactMatrixScreen)
        table = screen.query_one(DataTable)
        fact = "south-korea-sold-tanks-to-poland"
        row = [r.fact_id for r in screen.matrix.rows].index(fact)
        statement = app.editor.registry.by_id()[fact].statement
        head = str(table.get_row_at(row)[0])
        assert head.startswith(fact + " ") and head.endswith("  " + statement[:23] + "…")
        column = 1 + [c.article_id for c in screen.matrix.columns].index("afp-kim-leaves")
        table.move_cursor(row=row, column=column)
        await pilot.pause()
        assert str(screen.query_one("#statement", Label).render()) == f"{fact}: {statement}"
        await pilot.press("enter")
        await pilot.pause()
        choice = app.screen
        assert isinstance(choice, SpanChoice)
        options = choice.query_one(OptionList)
        assert options.option_count == 2
        quotes = [str(options.get_option_at_index(i).prompt) for i in range(2)]
        afp = {s.id: s for s in app.editor.article.doc.spans}  # type: ignore[union-attr]
        assert quotes[1].startswith("✔ " + afp["afp-16"].quote[:30])
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen is app.annotate and app.annotate.current_span_id == "afp-16"


async def test_metadata_edited_saved_and_shown(workspace: Path) -> None:
    manifest = workspace / "seeds" / "manifest.json"
    original = manifest.read_bytes()
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditMetadata)
        assert dialog.value("outlet") == "AFP wire (translated)"
        dialog.query_one("#meta-title", Input).value = "Kim heads to Russia by train"
        dialog.query_one("#meta-url", Input).value = "https://example.org/afp"
        dialog.query_one("#meta-date", Input).value = "12/09/2023"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # a bad date keeps the dialog open, saying why
        assert "YYYY-MM-DD" in str(dialog.query_one("#meta-error", Label).render())
        assert manifest.read_bytes() == original
        dialog.query_one("#meta-date", Input).value = "2023-09-12"
        dialog.query_one("#meta-date", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen_stack[-1] is app.annotate
        saved = read_json(manifest)["articles"]["afp-kim-leaves"]
        assert saved == {
            "date": "2023-09-12",
            "outlet": "AFP wire (translated)",
            "title": "Kim heads to Russia by train",
            "url": "https://example.org/afp",
        }
        assert "Kim heads to Russia by train" in status(app)
        entry = app.annotate.article_list.get_option("afp-kim-leaves").prompt
        assert "Kim heads to Russia by train" in str(entry)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert manifest.read_bytes() == original
        assert "Kim Jong-un leaves Pyongyang" in status(app)


async def test_metadata_unchanged_writes_nothing(workspace: Path) -> None:
    manifest = workspace / "seeds" / "manifest.json"
    original = manifest.read_bytes()
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert manifest.read_bytes() == original and not app.editor.can_undo
        assert app.notices[-1] == "Metadata unchanged."


async def test_done_toggled_shown_and_counted(workspace: Path) -> None:
    path = workspace / "annotations" / "afp-kim-leaves.json"
    original = path.read_bytes()
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)  # the article list is filled in the background
        assert "0/5 done" in status(app)
        await pilot.press("D")
        await pilot.pause()
        assert read_json(path)["status"] == "done"
        assert "1/5 done" in status(app)
        entry = str(app.annotate.article_list.get_option("afp-kim-leaves").prompt)
        assert entry.startswith("✓ ")
        await pilot.press("right_square_bracket", "D")
        await pilot.pause()
        assert "2/5 done" in status(app)
        await pilot.press("D")  # back to in progress
        await pilot.pause()
        assert (
            read_json(workspace / "annotations" / "efe-kim-train.json")["status"] == "in-progress"
        )
        assert "1/5 done" in status(app)
        entry = str(app.annotate.article_list.get_option("efe-kim-train").prompt)
        assert entry.startswith("… ")
        await pilot.press("left_square_bracket", "ctrl+z")
        await pilot.pause()
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert path.read_bytes() == original
        assert "0/5 done" in status(app)


async def test_done_is_read_back_when_the_app_starts(workspace: Path) -> None:
    path = workspace / "annotations" / "yonhap-special-train.json"
    doc = read_json(path)
    doc["status"] = "done"
    import orjson

    path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert "1/5 done" in status(app)
        assert str(app.annotate.article_list.get_option("yonhap-special-train").prompt).startswith(
            "✓ "
        )


def test_registry_screen_snapshot(snap_compare, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.app.workers.wait_for_complete()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"train", "enter")
        await pilot.pause()

    assert snap_compare(make_app(workspace), terminal_size=(150, 42), run_before=run_before)


def test_matrix_snapshot(snap_compare, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.app.workers.wait_for_complete()
        await pilot.press("m")
        await pilot.pause()

    assert snap_compare(make_app(workspace), terminal_size=(150, 42), run_before=run_before)


async def test_undoing_metadata_from_another_article_restores_its_list_entry(
    workspace: Path,
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditMetadata)
        app.screen.query_one("#meta-title", Input).value = "A new headline"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "A new headline" in str(
            app.annotate.article_list.get_option("afp-kim-leaves").prompt
        )
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.editor.article is not None and app.editor.article.id == "efe-kim-train"
        assert "Kim Jong-un leaves Pyongyang" in str(
            app.annotate.article_list.get_option("afp-kim-leaves").prompt
        )
