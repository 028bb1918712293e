"""`annotator --as NAME`: the app on an analyst's layer; gold untouched; CLI parsing."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from annotator.cli import build_parser
from annotator.cli.app import parse
from annotator.errors import UsageError
from annotator.store.store import Store
from annotator.tui.app import AnnotatorApp
from tests.helpers import read_json, status

SIZE = (160, 45)
PHRASE = "Mr. Putin is reportedly seeking to obtain North Korean weapons"


def args(*argv: str) -> argparse.Namespace:
    return build_parser(None).parse_args(list(argv))


def team(workspace: Path, **fields: object) -> None:
    (workspace / "team.json").write_bytes(orjson.dumps({"analysts": ["ana", "bo"], **fields}))


async def test_spans_go_to_the_layer_file(workspace: Path, fixed_clock: str) -> None:
    gold = workspace / "annotations" / "afp-kim-leaves.json"
    before = gold.read_bytes()
    app = AnnotatorApp(Store(workspace / "seeds", workspace / "annotations", "ana"), "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        article = app.editor.article
        assert article is not None and article.id == "afp-kim-leaves"
        assert article.doc.spans == []  # blind: nothing of gold or other layers shown
        assert app.annotate.panel.spans_list.option_count == 0
        assert "as ana" in status(app)
        start = article.text.index(PHRASE)
        app.annotate.view.select_offsets(start, start + len(PHRASE))
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
    layer = read_json(workspace / "annotations" / "by" / "ana" / "afp-kim-leaves.json")
    assert [(s["quote"], s["label"], s["author"]) for s in layer["spans"]] == [
        (PHRASE, "opinion", "ana")
    ]
    assert gold.read_bytes() == before
    assert not (workspace / "annotations" / "by" / "ana" / "facts.json").exists()


def test_parse_as() -> None:
    options = parse(args("--as", "ana"))
    assert options.layer == "ana" and options.common.author == "ana" and options.blind
    options = parse(args("--as", "ana", "--author", "Ana B."))
    assert options.common.author == "Ana B."
    assert parse(args()).layer is None
    with pytest.raises(UsageError, match="not an analyst name"):
        parse(args("--as", "gold"))


def test_parse_as_checks_team_json(workspace: Path) -> None:
    team(workspace, blind=False)
    folder = str(workspace / "annotations")
    options = parse(args("--annotations", folder, "--as", "bo"))
    assert options.layer == "bo" and not options.blind
    with pytest.raises(UsageError) as caught:
        parse(args("--annotations", folder, "--as", "carol"))
    assert str(caught.value) == "--as 'carol': not an analyst in team.json (analysts: ana, bo)"


def test_unknown_analyst_is_a_one_line_usage_error(workspace: Path) -> None:
    team(workspace)
    command = str(Path(sys.executable).parent / "annotator")
    proc = subprocess.run(
        [command, "--as", "carol"], capture_output=True, text=True, cwd=workspace, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        "annotator: --as 'carol': not an analyst in team.json (analysts: ana, bo)\n"
    )


def others_workspace(workspace: Path) -> Path:
    """bo's layer of afp-kim-leaves is a copy of gold; ana has none yet."""
    folder = workspace / "annotations" / "by" / "bo"
    folder.mkdir(parents=True)
    (folder / "afp-kim-leaves.json").write_bytes(
        (workspace / "annotations" / "afp-kim-leaves.json").read_bytes()
    )
    return workspace


def prompts(app: AnnotatorApp) -> list[tuple[str | None, str]]:
    listing = app.annotate.panel.spans_list
    return [
        (listing.get_option_at_index(i).id, str(listing.get_option_at_index(i).prompt))
        for i in range(listing.option_count)
    ]


@pytest.mark.parametrize("blind", [True, False])
async def test_others_spans_shown_only_when_not_blind(workspace: Path, blind: bool) -> None:
    others_workspace(workspace)
    store = Store(workspace / "seeds", workspace / "annotations", "ana")
    app = AnnotatorApp(store, "ana", blind=blind)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = prompts(app)
        if blind:
            assert shown == []
            return
        assert len(shown) == 17
        first_id, first = shown[0]
        assert first_id == "other:bo:0"
        assert first.startswith("◌ bo (read-only): ✔ confirmed\n“North Korean leader")
        listing = app.annotate.panel.spans_list
        listing.focus()
        listing.highlighted = 0
        await pilot.press("enter")  # selects bo's text in the article
        await pilot.pause()
        assert app.annotate.view.selection_offsets == (50, 126)
        await pilot.press("4")
        await pilot.pause()
    mine = read_json(workspace / "annotations" / "by" / "ana" / "afp-kim-leaves.json")
    assert [(s["start"], s["end"], s["label"]) for s in mine["spans"]] == [(50, 126, "opinion")]
    bo = read_json(workspace / "annotations" / "by" / "bo" / "afp-kim-leaves.json")
    assert len(bo["spans"]) == 17  # read-only: untouched
