"""The ``?`` help screen, built from the live key table (defaults or the user's keymap)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from annotator.tui.actions import ACTIONS, BUILTIN_KEYS, display_keys
from annotator.tui.screens.dialogs import Dialog

LEGEND = (
    "Painting: ✔ confirmed (underlined), ✘ disputed (bold underlined), "
    "❝ attributed (italic), ◇ opinion (italic underlined); the glyph is also drawn left of "
    "each row where a span starts."
)


def keys_table(keymap: Mapping[str, str]) -> Table:
    """Every action with the keys that trigger it now, grouped as the analyst uses them."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column(style="bold", max_width=28)  # section names wrap; keys are short
    table.add_column(ratio=1)  # the descriptions take the room, the keys what they need
    groups: dict[str, list[tuple[str, str]]] = {"Move": list(BUILTIN_KEYS)}
    for action in ACTIONS:
        keys = keymap.get(action.id, action.keys)
        groups.setdefault(action.group, []).append(
            (display_keys(keys) if keys else "palette", action.title)
        )
    for section, rows in groups.items():
        table.add_row(Text(section, style="bold underline"), "")
        for keys, what in rows:
            table.add_row(Text(keys), Text(what))
        table.add_row("", "")
    table.add_row(Text("Labels", style="bold underline"), Text(LEGEND))
    return table


class HelpScreen(Dialog[None]):
    DEFAULT_CSS = """
    HelpScreen > Vertical { width: 90; height: 85%; }
    HelpScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.keymap = dict(keymap)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(keys_table(self.keymap), markup=False)

    def action_close(self) -> None:
        self.finish(None)
