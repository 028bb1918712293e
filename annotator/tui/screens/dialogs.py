"""Small modal dialogs: one line of text, a note, and a yes/no question."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, TextArea

_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 80; height: auto; max-height: 80%; border: thick $primary; background: $surface;
    padding: 1 2;
}}
{name} Label {{ width: 1fr; margin-bottom: 1; }}
{name} .hint {{ color: $text-muted; margin: 1 0 0 0; }}
{name} Horizontal {{ height: auto; align-horizontal: right; margin-top: 1; }}
{name} Button {{ margin-left: 2; }}
"""


class AskText(ModalScreen[str | None]):
    """One line of text (who says so); enter accepts, escape cancels."""

    DEFAULT_CSS = _CSS.format(name="AskText")
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="ask.cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question, self.value, self.placeholder = question, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question), markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield Label(Text("enter: save · escape: cancel"), classes="hint", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class EditNote(ModalScreen[str | None]):
    """A multi-line note; ctrl+s or F2 saves, escape cancels."""

    DEFAULT_CSS = _CSS.format(name="EditNote") + "EditNote TextArea { height: 8; }"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="note.cancel"),
        Binding("ctrl+s,f2", "save", "Save note", id="note.save", priority=True),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.title_text, self.note = title, note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text), markup=False)
            yield TextArea(self.note, id="note", soft_wrap=True, show_line_numbers=False)
            yield Label(Text("ctrl+s or F2: save · escape: cancel · empty note removes it"),
                        classes="hint", markup=False)

    def on_mount(self) -> None:
        area = self.query_one("#note", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note", TextArea).text.strip())


class Confirm(ModalScreen[bool]):
    """A yes/no question; y/enter confirms, n/escape declines."""

    DEFAULT_CSS = _CSS.format(name="Confirm")
    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "No", id="confirm.no"),
        Binding("y", "dismiss(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question, self.yes = question, yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question), markup=False)
            with Horizontal():
                yield Button("Cancel (n)", id="no")
                yield Button(f"{self.yes} (y)", id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
