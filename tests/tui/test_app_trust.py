"""Trust in the app (issue 8): the fact picker, merging after a conflict, attribution on
relabel, hostile text in every dialog and the palette, hostile file names, double keys,
crashes that exit non-zero, and very large notes."""

from __future__ import annotations

import re
import xml.dom.minidom
from pathlib import Path
from typing import Any, cast

import orjson
import pytest
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input, OptionList, Static, TextArea

from annotator.merge.resolve import Take
from annotator.store.jsonio import dumps
from annotator.store.store import Store
from annotator.tui.app import AnnotatorApp, run_app
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.screens.dialogs import AskText, Confirm, EditNote
from annotator.tui.screens.fact_picker import CREATE, FactPicker
from tests.helpers import make_app, read_json

SIZE = (160, 45)
PHRASE = "Mr. Putin is reportedly seeking to obtain North Korean weapons"
#: Escape sequences a hostile file could carry: a colour, OSC 0 (window title),
#: OSC 52 (write the clipboard), a C1 CSI, BEL.
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;owned\x07 \x1b]52;c;aGk=\x07 \x9b2J"


Item = dict[str, Any]


def spans_of(workspace: Path, article: str = "afp-kim-leaves") -> list[Item]:
    return cast(list[Item], read_json(workspace / "annotations" / f"{article}.json")["spans"])


def span_of(workspace: Path, span_id: str, article: str = "afp-kim-leaves") -> Item:
    return next(s for s in spans_of(workspace, article) if s["id"] == span_id)


def facts_of(workspace: Path) -> list[Item]:
    return cast(list[Item], read_json(workspace / "annotations" / "facts.json")["facts"])


def highlighted_id(app: AnnotatorApp) -> str | None:
    listing = app.screen.query_one("#facts", OptionList)
    if listing.highlighted is None:
        return None
    return listing.get_option_at_index(listing.highlighted).id


async def at_span(app: AnnotatorApp, pilot, span_id: str) -> None:  # type: ignore[no-untyped-def]
    span = app.editor.article.span(span_id)  # type: ignore[union-attr]
    app.annotate.view.select_offsets(span.start + 2, span.start + 2)
    await pilot.pause()
    assert app.annotate.current_span_id == span_id


async def label_phrase(app: AnnotatorApp, pilot, key: str = "4") -> None:  # type: ignore[no-untyped-def]
    article = app.editor.article
    assert article is not None
    start = article.text.index(PHRASE)
    app.annotate.view.select_offsets(start, start + len(PHRASE))
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()


def assert_no_escapes(app: AnnotatorApp) -> str:
    """What the terminal would be sent, as the SVG of the screen: no ESC, CSI, BEL."""
    svg = app.export_screenshot()
    xml.dom.minidom.parseString(svg)  # raw control characters would make it invalid XML
    for bad in ("\x1b", "\x9b", "\x07", "\x9d"):
        assert bad not in svg, repr(bad)
    return svg.replace("&#160;", " ")


# -- the fact picker ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "fact"),
    [
        ("Peskov Kremlin", "peskov-no-talks-at-eef"),
        ("Poland tanks", "south-korea-sold-tanks-to-poland"),
    ],
)
async def test_picker_finds_words_in_any_order_and_enter_links(
    workspace: Path, query: str, fact: str
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await at_span(app, pilot, "afp-05")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*query)
        await pilot.pause()
        assert highlighted_id(app) == fact
        await pilot.press("enter")
        await pilot.pause()
        assert span_of(workspace, "afp-05")["facts"] == [fact]


async def test_picker_never_links_a_guess_on_enter(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await at_span(app, pilot, "afp-05")
        await pilot.press("f")
        await pilot.pause()
        # "kremlin" matches, "satellites" matches nothing: no fact matches well.
        await pilot.press(*"Kremlin satellites")
        await pilot.pause()
        listing = app.screen.query_one("#facts", OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert "kremlin-announced-official-visit" in ids  # listed, as a weak match
        assert highlighted_id(app) == CREATE + "Kremlin satellites"
        await pilot.press("enter")
        await pilot.pause()
        (new,) = [f for f in facts_of(workspace) if f["statement"] == "Kremlin satellites"]
        assert span_of(workspace, "afp-05")["facts"] == [new["id"]]


async def test_picker_offers_the_existing_fact_instead_of_a_duplicate(workspace: Path) -> None:
    app = make_app(workspace)
    count = len(facts_of(workspace))
    async with app.run_test(size=SIZE) as pilot:
        await at_span(app, pilot, "afp-05")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"kim's train was  BOUND for the russian far east.")
        await pilot.pause()
        listing = app.screen.query_one("#facts", OptionList)
        ids = [listing.get_option_at_index(i).id or "" for i in range(listing.option_count)]
        assert not any(i.startswith(CREATE) for i in ids)  # no "create" for a duplicate
        assert highlighted_id(app) == "train-bound-for-russian-far-east"
        assert "Already a fact" in str(listing.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert len(facts_of(workspace)) == count
        assert span_of(workspace, "afp-05")["facts"] == ["train-bound-for-russian-far-east"]


async def test_a_duplicate_create_links_the_existing_fact_and_says_so(workspace: Path) -> None:
    app = make_app(workspace)
    count = len(facts_of(workspace))
    async with app.run_test(size=SIZE) as pilot:
        await at_span(app, pilot, "afp-05")
        await pilot.press("f")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FactPicker)
        picker.finish(CREATE + "KIM'S TRAIN WAS BOUND FOR THE RUSSIAN FAR EAST.")
        await pilot.pause()
        assert len(facts_of(workspace)) == count
        assert span_of(workspace, "afp-05")["facts"] == ["train-bound-for-russian-far-east"]
        assert any("already has this statement" in n for n in app.notices)


RUSSIAN = (
    "Песков заявил, что переговоры Путина и Ким Чен Ына на Восточном экономическом "
    "форуме не планируются.\n\n金正恩乘坐专列前往俄罗斯远东地区。\n\n"
    "김정은 위원장이 전용 열차로 러시아를 방문했다.\n"
)


@pytest.mark.parametrize(
    ("quote", "query", "fact_id", "statement"),
    [
        (
            "Песков заявил",
            "путин песков",
            "peskov-ru",
            "Песков: переговоров Путина и Кима не будет.",
        ),
        ("金正恩乘坐专列", "专列", "train-zh", "金正恩乘坐专列前往俄罗斯。"),
        ("전용 열차로", "열차로", "train-ko", "김정은은 전용 열차로 이동했다."),
    ],
)
async def test_picker_in_other_scripts_suggests_searches_and_creates_readable_ids(
    tmp_path: Path, quote: str, query: str, fact_id: str, statement: str
) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "intl.txt").write_text(RUSSIAN, "utf-8")
    (tmp_path / "annotations").mkdir()
    stamp = "2026-11-22T12:00:00Z"
    registry = {
        "facts": [
            {
                "id": "some-english-fact",
                "statement": "An unrelated English fact.",
                "note": None,
                "author": "t",
                "created": stamp,
                "modified": stamp,
            },
            {
                "id": fact_id,
                "statement": statement,
                "note": None,
                "author": "t",
                "created": stamp,
                "modified": stamp,
            },
        ]
    }
    (tmp_path / "annotations" / "facts.json").write_bytes(orjson.dumps(registry))
    app = AnnotatorApp(Store(tmp_path / "seeds", tmp_path / "annotations"), "tester")
    async with app.run_test(size=SIZE) as pilot:
        start = RUSSIAN.index(quote)
        app.annotate.view.select_offsets(start, start + len(quote))
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, FactPicker)
        assert highlighted_id(app) == fact_id  # the suggestion, from the span's own words
        await pilot.press(*query)
        await pilot.pause()
        assert highlighted_id(app) == fact_id
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*(quote + " новый факт"), "enter")
        await pilot.pause()
    created = [
        f
        for f in read_json(tmp_path / "annotations" / "facts.json")["facts"]
        if f["statement"] == quote + " новый факт"
    ]
    assert len(created) == 1
    new_id = created[0]["id"]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", new_id) and new_id not in ("fact", "fact-2")
    assert new_id.endswith("novyy-fakt")  # the Cyrillic words, transliterated
    if fact_id == "peskov-ru":
        assert new_id == "peskov-zayavil-novyy-fakt"
    if fact_id == "train-zh":
        assert re.fullmatch(r"fact-[0-9a-f]{6}-novyy-fakt", new_id)
    if fact_id == "train-ko":
        assert new_id == "jeonyong-yeolcharo-novyy-fakt"


# -- conflicts: merge, and a reload that says what it drops ------------------------------------


async def test_merge_keeps_both_sides_changes(workspace: Path) -> None:
    app = make_app(workspace)
    path = workspace / "annotations" / "afp-kim-leaves.json"
    async with app.run_test(size=SIZE) as pilot:
        data = read_json(path)
        data["spans"][0]["note"] = "written by a colleague"
        path.write_bytes(dumps(data))
        await label_phrase(app, pilot)  # not saved: the file changed on disk
        assert app.editor.conflict
        await app.run_action("screen.merge_disk")
        await pilot.pause()
        spans = spans_of(workspace)
        assert PHRASE in [s["quote"] for s in spans]  # mine
        assert span_of(workspace, "afp-01")["note"] == "written by a colleague"  # theirs
        assert "conflicts" not in read_json(path)
        assert not app.editor.unsaved and not app.editor.conflict
        assert any("Merged 1 file" in n for n in app.notices)


async def test_merge_records_what_collided_and_it_can_be_resolved(workspace: Path) -> None:
    app = make_app(workspace)
    path = workspace / "annotations" / "afp-kim-leaves.json"
    async with app.run_test(size=SIZE) as pilot:
        data = read_json(path)
        data["spans"][0]["note"] = "theirs"
        path.write_bytes(dumps(data))
        await at_span(app, pilot, "afp-01")
        app.editor.set_note("afp-01", "mine")  # same span, same field, other value
        await label_phrase(app, pilot)
        await app.run_action("screen.merge_disk")
        await pilot.pause()
        saved = read_json(path)
        (record,) = saved["conflicts"]
        assert record["id"] == "afp-01" and "note" in record["reason"]
        assert {record["a"]["note"], record["b"]["note"]} == {"mine", "theirs"}
        assert all(s["id"] != "afp-01" for s in saved["spans"])  # out until resolved
        assert PHRASE in [s["quote"] for s in saved["spans"]]  # the change that merged
        assert any("collided" in n and "afp-01" in n for n in app.notices)
        take: Take = "a" if record["a"]["note"] == "mine" else "b"
        app.editor.resolve_conflict("afp-01", take)
        assert span_of(workspace, "afp-01")["note"] == "mine"
        assert "conflicts" not in read_json(path)


async def test_reload_says_how_many_changes_it_drops(workspace: Path) -> None:
    app = make_app(workspace)
    path = workspace / "annotations" / "afp-kim-leaves.json"
    async with app.run_test(size=SIZE) as pilot:
        data = read_json(path)
        data["spans"][0]["note"] = "written by a colleague"
        path.write_bytes(dumps(data))
        await label_phrase(app, pilot)
        app.editor.set_note("afp-02", "another change of mine")
        await app.run_action("screen.reload")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        question = str(app.screen.query_one("Label").render())
        assert "2 unsaved change(s)" in question and "LOST" in question
        await pilot.press("n")
        await pilot.pause()
        assert app.editor.unsaved  # nothing dropped on "no"
        await app.run_action("screen.reload")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert any("2 unsaved change(s) dropped" in n for n in app.notices)


async def test_palette_offers_merge_first_after_a_conflict(workspace: Path) -> None:
    app = make_app(workspace)
    path = workspace / "annotations" / "afp-kim-leaves.json"
    async with app.run_test(size=SIZE) as pilot:
        data = read_json(path)
        data["spans"][0]["note"] = "written by a colleague"
        path.write_bytes(dumps(data))
        await label_phrase(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"file on disk")
        await pilot.pause(0.5)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        listing = palette.query_one(OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert "Merge with the file on disk" in prompts[0]
        assert any("Overwrite the file on disk" in p for p in prompts[1:])
        await pilot.press("enter")
        await pilot.pause()
        assert PHRASE in [s["quote"] for s in spans_of(workspace)]
        assert span_of(workspace, "afp-01")["note"] == "written by a colleague"


# -- attribution on relabel --------------------------------------------------------------------


@pytest.mark.parametrize(("answer", "kept"), [("y", "KCNA"), ("n", None)])
async def test_relabelling_away_from_attributed_asks_about_the_attribution(
    workspace: Path, answer: str, kept: str | None
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await at_span(app, pilot, "afp-02")
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "KCNA" in str(app.screen.query_one("Label").render())
        await pilot.press(answer)
        await pilot.pause()
        span = span_of(workspace, "afp-02")
        assert span["label"] == "opinion" and span["attribution"] == kept
        await pilot.press("ctrl+z")  # one step undoes label and attribution together
        await pilot.pause()
        span = span_of(workspace, "afp-02")
        assert span["label"] == "attributed" and span["attribution"] == "KCNA"


# -- escape sequences from the data never reach the terminal --------------------------------


async def test_note_and_attribution_dialogs_show_stand_ins_not_escapes(workspace: Path) -> None:
    path = workspace / "annotations" / "afp-kim-leaves.json"
    data = read_json(path)
    data["spans"][1]["note"] = "note " + ESCAPES
    data["spans"][1]["attribution"] = "KCNA " + ESCAPES
    path.write_bytes(dumps(data))
    facts = workspace / "annotations" / "facts.json"
    registry = read_json(facts)
    registry["facts"][0]["statement"] += " " + ESCAPES
    facts.write_bytes(dumps(registry))
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await at_span(app, pilot, "afp-02")
        assert_no_escapes(app)  # claim panel, details, list, status
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EditNote)
        assert "\x1b" not in app.screen.query_one(TextArea).text
        assert "␛]0;owned␇" in assert_no_escapes(app)
        await pilot.press("ctrl+s")  # saved unedited: the stored note is unchanged
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AskText)
        assert "\x1b" not in app.screen.query_one(Input).value
        assert "␛]52;c;aGk=␇" in assert_no_escapes(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f")  # fact picker: statements with escapes
        await pilot.pause()
        assert_no_escapes(app)
        await pilot.press("escape")
        await pilot.pause()
        app.notify("from data: " + ESCAPES, markup=False)
        await pilot.pause()
        assert_no_escapes(app)
        await pilot.press("m")  # the fact matrix
        await pilot.pause()
        assert_no_escapes(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert_no_escapes(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to fact")
        await pilot.pause(0.5)
        assert_no_escapes(app)
        assert app.is_running
    saved = span_of(workspace, "afp-02")
    assert saved["note"] == "note " + ESCAPES and saved["attribution"] == "KCNA " + ESCAPES


# -- the command palette treats data as text ----------------------------------------------------

MARKUP = "[/] crash [@click=app.quit]link[/] [b]"


async def test_palette_hits_and_help_with_markup_in_data(workspace: Path) -> None:
    facts = workspace / "annotations" / "facts.json"
    registry = read_json(facts)
    registry["facts"][0]["statement"] = "Statement " + MARKUP
    facts.write_bytes(dumps(registry))
    manifest = workspace / "seeds" / "manifest.json"
    meta = read_json(manifest)
    meta["articles"]["yonhap-special-train"]["outlet"] = "Outlet " + MARKUP
    meta["articles"]["yonhap-special-train"]["title"] = "Title " + MARKUP
    manifest.write_bytes(dumps(meta))
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to fact border")
        await pilot.pause(0.5)
        assert app.is_running and isinstance(app.screen, CommandPalette)
        assert "Statement [/] crash [@click=app.quit]link[/] [b]" in assert_no_escapes(app)
        for _ in range(len("go to fact border")):
            await pilot.press("backspace")
        await pilot.press(*"go to article title")
        await pilot.pause(0.5)
        svg = assert_no_escapes(app)
        assert "Outlet [/] crash [@click=app.quit]link[/] [b]" in svg
        listing = app.screen.query_one(OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any("Title [/] crash [@click=app.quit]link[/] [b]" in p for p in prompts)
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert app.editor.article is not None and app.editor.article.id == "yonhap-special-train"


# -- hostile file names ----------------------------------------------------------------------


async def test_article_file_names_with_newline_backslash_and_escape(tmp_path: Path) -> None:
    corpus = tmp_path / "seeds"
    corpus.mkdir()
    names = ["a\nb", "back\\slash", "esc\x1b]0;owned\x07"]
    for name in names:
        (corpus / f"{name}.txt").write_text(f"Title {name}\n\nBody of the article.\n", "utf-8")
    (corpus / "plain.txt").write_text("A plain article.\n", "utf-8")
    app = AnnotatorApp(Store(corpus, tmp_path / "annotations"), "tester")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        listing = app.annotate.article_list
        shown = " ".join(
            str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)
        )
        assert "Title back\\slash" in shown and "Title esc␛]0;owned␇" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert_no_escapes(app)
        opened = []
        for _ in names:
            assert app.editor.article is not None
            opened.append(app.editor.article.id)
            await pilot.press("right_square_bracket")
            await pilot.pause()
        assert app.editor.article is not None
        assert set(names) <= set(opened) | {app.editor.article.id}
        app.annotate.open_article("esc\x1b]0;owned\x07")
        await pilot.pause()
        article = app.editor.article
        assert article is not None and article.read_only and article.problem_kind == "name"
        assert "Body of the article" in article.text
        banner = str(app.annotate.query_one("#banner", Static).render())
        assert "file name cannot be an article id" in banner
        await pilot.press("right_square_bracket")  # the plain one still works
        await pilot.pause()
        assert app.editor.article is not None and app.editor.article.id == "plain"
        assert_no_escapes(app)
    assert not (tmp_path / "annotations").exists() or not any(
        "\n" in p.name or "\x1b" in p.name for p in (tmp_path / "annotations").iterdir()
    )


# -- a key pressed twice before the dialog is gone ----------------------------------------------


async def press_twice(app: AnnotatorApp, pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    """Two key events queued at once, with no pause between them (a fast double press)."""
    for _ in range(2):
        event = events.Key(key, "\r" if key == "enter" else (key if len(key) == 1 else None))
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]  # what Pilot.press does
    await pilot.pause()
    await pilot.pause()


async def test_double_enter_in_the_attribution_dialog(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await label_phrase(app, pilot, "3")
        assert isinstance(app.screen, AskText)
        await pilot.press(*"someone")
        await press_twice(app, pilot, "enter")
        assert app.is_running and isinstance(app.screen, AnnotateScreen)
        (span,) = [s for s in spans_of(workspace) if s["quote"] == PHRASE]
        assert span["attribution"] == "someone"


async def test_double_save_in_the_note_dialog(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await at_span(app, pilot, "afp-05")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EditNote)
        await pilot.press(*"quick")
        await press_twice(app, pilot, "ctrl+s")
        assert app.is_running and isinstance(app.screen, AnnotateScreen)
        assert span_of(workspace, "afp-05")["note"] == "quick"


async def test_double_yes_in_a_confirm(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await at_span(app, pilot, "afp-02")
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await press_twice(app, pilot, "y")
        assert app.is_running and isinstance(app.screen, AnnotateScreen)
        assert span_of(workspace, "afp-02")["label"] == "opinion"


async def test_double_enter_in_the_fact_picker(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await at_span(app, pilot, "afp-05")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"Poland tanks")
        await pilot.pause()
        await press_twice(app, pilot, "enter")
        assert app.is_running and isinstance(app.screen, AnnotateScreen)
        assert span_of(workspace, "afp-05")["facts"] == ["south-korea-sold-tanks-to-poland"]


# -- a crash exits non-zero ------------------------------------------------------------------


def test_a_crash_in_the_app_makes_run_app_return_non_zero(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self: AnnotateScreen) -> None:
        raise RuntimeError("injected failure")

    real_run = AnnotatorApp.run

    def headless_run(self: AnnotatorApp, *args: object, **kwargs: object) -> None:
        real_run(self, headless=True, size=SIZE)

    monkeypatch.setattr(AnnotateScreen, "on_mount", boom)
    monkeypatch.setattr(AnnotatorApp, "run", headless_run)
    code = run_app(workspace / "seeds", workspace / "annotations", "tester")
    assert code != 0


def test_a_clean_quit_returns_zero(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_run = AnnotatorApp.run

    def headless_run(self: AnnotatorApp, *args: object, **kwargs: object) -> None:
        self.call_later(self.exit)
        real_run(self, headless=True, size=SIZE)

    monkeypatch.setattr(AnnotatorApp, "run", headless_run)
    assert run_app(workspace / "seeds", workspace / "annotations", "tester") == 0


# -- very large notes ------------------------------------------------------------------------


async def test_a_huge_note_is_not_loaded_into_the_dialog_and_the_details_clip(
    workspace: Path,
) -> None:
    path = workspace / "annotations" / "afp-kim-leaves.json"
    data = read_json(path)
    huge = ("a long note " * 200_000)[:2_000_000]
    data["spans"][4]["note"] = huge  # afp-05
    path.write_bytes(dumps(data))
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await at_span(app, pilot, "afp-05")
        details = str(app.annotate.panel.query_one("#details", Static).render())
        assert len(details) < 10_000 and "more characters" in details
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen)  # refused, with a warning
        assert any("too long to edit here" in n for n in app.notices)
    assert span_of(workspace, "afp-05")["note"] == huge  # nothing lost
