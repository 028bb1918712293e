"""The ``?`` help screen: every key, grouped as the analyst uses them."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: (section, [(keys, what)]): the contract, also in README.md.
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Move and select", [
        ("arrows / mouse", "move the cursor"),
        ("shift+arrows / drag", "select text"),
        ("s", "select the sentence at the cursor"),
        ("w", "grow the selection to whole words"),
        ("tab / shift+tab", "move between article list, article and claim panel"),
        ("] / [", "next / previous article"),
    ]),
    ("Label claims", [
        ("1", "confirmed: label the selection, or relabel the span at the cursor"),
        ("2", "disputed (confirmed and disputed open the fact picker)"),
        ("3", "attributed (asks who says so)"),
        ("4", "opinion"),
        ("f", "link facts: fuzzy search, suggestions, create a fact"),
        ("F", "unlink all facts from the span"),
        ("n", "edit the span's note"),
        ("x / delete", "delete the span under the cursor"),
    ]),
    ("Everything else", [
        ("ctrl+z / ctrl+y", "undo / redo any change"),
        ("ctrl+s", "save now (every change is already saved at once)"),
        ("m", "fact matrix: which sources confirm or dispute each fact"),
        ("ctrl+p", "command palette: commands, go to article, go to fact"),
        ("?", "this help"),
        ("ctrl+q", "quit"),
    ]),
]


def keys_table() -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for section, rows in KEYS:
        table.add_row(Text(section, style="bold underline"), "")
        for keys, what in rows:
            table.add_row(Text(keys), Text(what))
        table.add_row("", "")
    legend = Text("Painting: ✔ confirmed (underlined), ✘ disputed (bold underlined), "
                  "❝ attributed (italic), ◇ opinion (italic underlined).")
    table.add_row(Text("Labels", style="bold underline"), legend)
    return table


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; height: 85%; border: thick $primary; background: $surface; padding: 1 2;
    }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(keys_table(), markup=False)
