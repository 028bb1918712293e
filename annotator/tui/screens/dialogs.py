"""Modal dialogs: a base class with the shared look, one line of text, a note, yes/no.

Every dialog is typed by its result (``Dialog[str | None]``), shows its own keys in a
footer, and escapes every string from the data (labels are ``Text``, never markup).
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, TextArea

from annotator.model.display import visible
from annotator.tui.widgets.key_bar import KeyBar

R = TypeVar("R")


class Dialog(ModalScreen[R]):
    """The shared frame: a centred box, a hint line style, and a footer with its keys.

    Subclasses yield their widgets from ``compose_body``. ``dismiss`` may be called more
    than once (a double enter): only the first result counts.
    """

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 80%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    Dialog Label { width: 1fr; margin-bottom: 1; }
    Dialog .hint { color: $text-muted; margin: 1 0 0 0; }
    Dialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    Dialog Button { margin-left: 2; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def finish(self, result: R) -> None:
        """Dismiss once: a second key press before the screen is gone does nothing."""
        if self.is_current:
            self.dismiss(result)


class AskText(Dialog[str | None]):
    """One line of text (who says so); enter accepts, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask.cancel"),
        Binding("enter", "accept", "Save", id="ask.save", show=True),
    ]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question, self.value, self.placeholder = question, value, placeholder

    def compose_body(self) -> ComposeResult:
        yield Label(Text(self.question), markup=False)
        yield Input(visible(self.value), placeholder=self.placeholder, id="answer")

    def action_cancel(self) -> None:
        self.finish(None)

    def _result(self, shown: str) -> str:
        # The stand-ins are for the eyes only: an unedited value keeps its real text.
        return self.value if shown == visible(self.value) else shown

    def action_accept(self) -> None:
        self.finish(self._result(self.query_one("#answer", Input).value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.finish(self._result(event.value))


class EditNote(Dialog[str | None]):
    """A multi-line note; ctrl+s or F2 saves, escape cancels."""

    DEFAULT_CSS = "EditNote TextArea { height: 8; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        Binding("ctrl+s,f2", "save", "Save note", id="note.save", priority=True),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.title_text, self.note = title, note

    def compose_body(self) -> ComposeResult:
        yield Label(Text(self.title_text), markup=False)
        yield TextArea(visible(self.note), id="note", soft_wrap=True, show_line_numbers=False)
        yield Label(Text("empty note removes it"), classes="hint", markup=False)

    def on_mount(self) -> None:
        area = self.query_one("#note", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_cancel(self) -> None:
        self.finish(None)

    def action_save(self) -> None:
        text = self.query_one("#note", TextArea).text.strip()
        # The stand-ins are for the eyes only: an unedited note keeps its real text.
        self.finish(self.note.strip() if text == visible(self.note).strip() else text)


class Confirm(Dialog[bool]):
    """A yes/no question; y confirms, n/escape declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question, self.yes = question, yes

    def compose_body(self) -> ComposeResult:
        yield Label(Text(self.question), markup=False)
        with Horizontal():
            yield Button("Cancel (n)", id="no")
            yield Button(f"{self.yes} (y)", id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.finish(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.finish(event.button.id == "yes")
