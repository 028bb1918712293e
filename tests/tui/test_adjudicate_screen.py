"""Pilot tests of the adjudication screen: decisions land in the gold file, undo works."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from annotator.tui.screens.adjudicate import AdjudicateScreen
from tests.helpers import make_app, read_json

SIZE = (180, 50)
ARTICLE = "afp-kim-leaves"  # the first article: the app opens it


@pytest.fixture()
def layered(workspace: Path) -> Path:
    """ana: a copy of gold; bo: afp-01 disputed with another fact, afp-02 deleted; cy: afp-01
    linked to a different fact. Units: 1 majority (ana, cy confirmed), 2 majority (bo has
    none), 3-17 agreed."""
    gold = workspace / "annotations"
    doc = read_json(gold / f"{ARTICLE}.json")
    for name in ("ana", "bo", "cy"):
        copy = orjson.loads(orjson.dumps(doc))
        first = copy["spans"][0]
        if name == "bo":
            first.update(
                label="disputed", facts=["kim-left-pyongyang-by-train", "kcna-confirmed-visit"]
            )
            del copy["spans"][1]
        if name == "cy":
            first.update(facts=["second-visit-to-russia"])
        folder = gold / "by" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{ARTICLE}.json").write_bytes(orjson.dumps(copy, option=orjson.OPT_INDENT_2))
    return workspace


def gold_spans(workspace: Path) -> list[dict[str, Any]]:
    path = workspace / "annotations" / f"{ARTICLE}.json"
    spans: list[dict[str, Any]] = read_json(path)["spans"] if path.exists() else []
    return spans


def in_unit_1(spans: list[dict[str, Any]]) -> list[tuple[str, list[str], list[str]]]:
    return [
        (s["label"], s["facts"], [x["layer"] for x in s.get("sources", [])])
        for s in spans
        if s["start"] < 126 and s["end"] > 50
    ]


def screen(app: Any) -> AdjudicateScreen:
    assert isinstance(app.screen, AdjudicateScreen)
    return app.screen


async def test_accept_one_then_undo(layered: Path, fixed_clock: str) -> None:
    (layered / "annotations" / f"{ARTICLE}.json").unlink()  # gold starts empty
    app = make_app(layered)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        await pilot.pause()
        adj = screen(app)
        line = adj.status_line()
        assert "unit 1/17 at 50–126" in line and "≥ majority" in line and "○ open" in line
        assert "3 analysts: 1 ana, 2 bo, 3 cy" in line
        await pilot.press("2")
        await pilot.pause()
        assert in_unit_1(gold_spans(layered)) == [
            ("disputed", ["kim-left-pyongyang-by-train", "kcna-confirmed-visit"], ["bo"])
        ]
        span = gold_spans(layered)[0]
        assert span["author"] == "tester" and span["created"] == fixed_clock
        assert adj.index == 1  # moved on to the next unit
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert gold_spans(layered) == []
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert len(gold_spans(layered)) == 1


async def test_majority_and_unite_facts(layered: Path) -> None:
    (layered / "annotations" / f"{ARTICLE}.json").unlink()
    app = make_app(layered)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A", "m")
        await pilot.pause()
        assert in_unit_1(gold_spans(layered)) == [
            ("confirmed", ["kim-left-pyongyang-by-train", "second-visit-to-russia"], ["ana", "cy"])
        ]
        await pilot.press("k", "u")
        await pilot.pause()
        assert in_unit_1(gold_spans(layered)) == [
            (
                "confirmed",
                ["kim-left-pyongyang-by-train", "kcna-confirmed-visit", "second-visit-to-russia"],
                ["ana", "cy"],
            )
        ]
        # One undo step per decision.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert in_unit_1(gold_spans(layered))[0][1] == [
            "kim-left-pyongyang-by-train",
            "second-visit-to-russia",
        ]


async def test_pick_several(layered: Path) -> None:
    (layered / "annotations" / f"{ARTICLE}.json").unlink()
    app = make_app(layered)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A", "p", "1", "2")
        await pilot.pause()
        assert "picking: 1, 2" in screen(app).status_line()
        assert gold_spans(layered) == []  # marking writes nothing
        await pilot.press("enter")
        await pilot.pause()
        assert sorted(in_unit_1(gold_spans(layered))) == [
            ("confirmed", ["kim-left-pyongyang-by-train"], ["ana", "cy"]),
            ("disputed", ["kim-left-pyongyang-by-train", "kcna-confirmed-visit"], ["bo"]),
        ]


async def test_dismiss_removes_gold_at_the_unit(layered: Path) -> None:
    before = gold_spans(layered)
    app = make_app(layered)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        await pilot.pause()
        assert "from by hand" not in screen(app).status_line()
        await pilot.press("d")
        await pilot.pause()
        after = gold_spans(layered)
        assert in_unit_1(after) == []
        assert [s["id"] for s in after] == [s["id"] for s in before[1:]]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert gold_spans(layered) == before


async def test_accept_all_agreed_and_mark_done(layered: Path, fixed_clock: str) -> None:
    (layered / "annotations" / f"{ARTICLE}.json").unlink()
    app = make_app(layered)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A", "a")
        await pilot.pause()
        spans = gold_spans(layered)
        assert len(spans) == 15
        assert all([x["layer"] for x in s["sources"]] == ["ana", "bo", "cy"] for s in spans)
        adj = screen(app)
        assert adj.index == 0 and "15/17 decided" in adj.status_line()  # back to an open unit
        await pilot.press("D")
        await pilot.pause()
        doc = read_json(layered / "annotations" / f"{ARTICLE}.json")
        assert doc["adjudicated"] == {"at": fixed_clock, "by": "tester"}
        assert "article adjudicated by tester" in adj.status_line()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "adjudicated" not in read_json(layered / "annotations" / f"{ARTICLE}.json")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert gold_spans(layered) == []


async def test_edit_in_gold_returns_to_the_article(layered: Path) -> None:
    app = make_app(layered)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A", "e")
        await pilot.pause()
        assert app.screen is app.annotate
        assert app.annotate.current_span_id == "afp-01"
        await pilot.press("4")  # the normal keys now edit gold
        await pilot.pause()
        assert gold_spans(layered)[0]["label"] == "opinion"


async def test_no_layers_no_screen(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A")
        await pilot.pause()
        assert app.screen is app.annotate
        assert (
            app.notices[-1] == "No analyst has a layer for afp-kim-leaves: nothing to adjudicate."
        )
