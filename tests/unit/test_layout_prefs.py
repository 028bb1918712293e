"""The side-panel rule (annotator.tui.layout) and the UI state file (store.config)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store.config import config_dir, load_ui_state, save_ui_state, ui_state_path
from annotator.tui.layout import ARTICLE_MIN, WIDTHS, Preferences, plan


def article_width(width: int, modes: tuple[str, str]) -> int:
    a, c = modes
    return width - WIDTHS["articles"][a] - WIDTHS["claims"][c]  # type: ignore[index]


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (160, ("wide", "wide")),
        (120, ("wide", "narrow")),
        (100, ("hidden", "narrow")),
        (80, ("hidden", "narrow")),
        (60, ("hidden", "hidden")),
        (30, ("hidden", "hidden")),
    ],
)
def test_plan_keeps_the_article_readable(width: int, expected: tuple[str, str]) -> None:
    modes = plan(width)
    assert modes == expected
    if modes != ("hidden", "hidden"):
        room = article_width(width, modes)
        assert room >= ARTICLE_MIN
        assert room > max(WIDTHS["articles"][modes[0]], WIDTHS["claims"][modes[1]])


def test_plan_never_wider_than_chosen_and_the_panel_brought_back_comes_first() -> None:
    assert plan(160, "hidden", "wide") == ("hidden", "wide")
    assert plan(160, "narrow", "hidden") == ("narrow", "hidden")
    # At 80 columns only one side panel fits: the one the analyst asked for.
    assert plan(80, "wide", "wide", first="articles") == ("narrow", "hidden")
    assert plan(80, "wide", "wide", first="claims") == ("hidden", "narrow")


def test_every_width_gives_the_article_the_most_room() -> None:
    for width in range(20, 260):
        for first in ("claims", "articles"):
            a, c = plan(width, first=first)
            room = article_width(width, (a, c))
            assert room >= min(width, ARTICLE_MIN)
            assert room > max(WIDTHS["articles"][a], WIDTHS["claims"][c])


def test_cycle_changes_what_is_shown_each_press() -> None:
    prefs = Preferences()
    assert prefs.cycle("articles", "wide") == "narrow"
    assert prefs.cycle("articles", "narrow") == "hidden"
    assert prefs.to_state() == {"articles": "hidden", "claims": "wide", "first": "articles"}
    # Hidden by the terminal while chosen wide: one press asks for it (wide, first).
    prefs = Preferences()
    assert prefs.cycle("articles", "hidden") == "wide"
    assert prefs.plan(80) == ("narrow", "hidden")


def test_config_dir_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert config_dir() == tmp_path / "cfg" / "annotator"
    monkeypatch.setenv("XDG_CONFIG_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert config_dir() == tmp_path / "home" / ".config" / "annotator"


def test_ui_state_round_trip_and_bytes(config_home: Path) -> None:
    assert load_ui_state() == ({}, None)
    save_ui_state({"claims": "narrow", "articles": "hidden", "first": "claims"})
    path = config_home / "annotator" / "ui.json"
    assert path == ui_state_path()
    assert path.read_bytes() == (
        b'{\n  "articles": "hidden",\n  "claims": "narrow",\n  "first": "claims"\n}\n'
    )
    state, problem = load_ui_state()
    assert problem is None
    assert Preferences.from_state(state) == Preferences("hidden", "narrow", "claims")


def test_broken_ui_state_is_reported_and_ignored(config_home: Path) -> None:
    path = config_home / "annotator" / "ui.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"articles": "wide",\n "claims": }')
    state, problem = load_ui_state()
    assert state == {}
    assert problem is not None and problem.startswith(f"{path}:2:")
    assert "\n" not in problem
    path.write_text('["wide"]')
    assert load_ui_state() == ({}, f"{path}: not a JSON object (using the default layout)")
    path.write_text('{"articles": "sideways", "claims": 3}')
    state, problem = load_ui_state()
    assert problem is None and Preferences.from_state(state) == Preferences()


def test_layout_and_config_import_no_textual() -> None:
    code = (
        "import sys, annotator.tui.layout, annotator.store.config; "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
