"""The fact picker: word search over the registry, suggestions, and "create fact".

Ranking is ``annotator.model.search.FactIndex`` (built once per picker, at most
``LIMIT`` options). Enter takes the highlighted option, and the highlight starts on a
fact only when it matches the typed text *well* (every word a token prefix, or the whole
text inside its statement); otherwise it starts on "+ Create fact", with the weak
matches listed below it. Typing a statement the registry already has offers that fact
instead of creating a duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotator.model.display import one_line_visible
from annotator.model.models import Fact
from annotator.model.search import LIMIT, FactIndex
from annotator.tui.screens.dialogs import Dialog

#: Prefix of the result that asks for a new fact with the given statement.
CREATE = "create:"


class FactPicker(Dialog[str | None]):
    """Returns a fact id, ``"create:<statement>"``, or None when dismissed."""

    DEFAULT_CSS = """
    FactPicker > Vertical { width: 90%; max-width: 110; height: 80%; padding: 0 1; }
    FactPicker #title { width: 1fr; color: $text-muted; }
    FactPicker OptionList { height: 1fr; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("enter", "choose", "Link", id="picker.link", priority=True),
    ]

    def __init__(
        self, facts: Sequence[Fact] | FactIndex, span_text: str, linked: Sequence[str]
    ) -> None:
        super().__init__()
        self.index = facts if isinstance(facts, FactIndex) else FactIndex(facts)
        self.span_text = span_text
        self.linked = set(linked)

    def compose_body(self) -> ComposeResult:
        yield Label(
            Text("Link a fact to “" + one_line_visible(self.span_text, 70) + "”"),
            id="title",
            markup=False,
        )
        yield Input(
            placeholder="Type to search facts, or a new statement to create one", id="query"
        )
        yield OptionList(id="facts")

    def action_cancel(self) -> None:
        self.finish(None)

    def on_mount(self) -> None:
        self._fill("")

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fact_option(self, fact: Fact, weak: bool = False) -> Option:
        prompt = Text()
        prompt.append("✓ " if fact.id in self.linked else "  ", style="bold")
        prompt.append(one_line_visible(fact.id, 48), style="dim bold" if weak else "bold")
        prompt.append("\n  " + one_line_visible(fact.statement, 100), style="dim")
        return Option(prompt, id=fact.id)

    def _fill(self, query: str) -> None:
        options: list[Option] = []
        highlight: int | None = 0
        if not query.strip():
            options = [self._fact_option(f) for f in self.index.suggest(self.span_text)]
        else:
            ranked = self.index.search(query, LIMIT)
            good = [f for f in ranked.good if f is not ranked.same_statement]
            if ranked.same_statement is not None:
                # Never a duplicate: the typed statement is already this fact.
                same = Text("= Already a fact: ", style="bold")
                same.append(one_line_visible(ranked.same_statement.id, 48), style="bold")
                same.append(
                    " (enter links it)\n  "
                    + one_line_visible(ranked.same_statement.statement, 100),
                    style="dim",
                )
                options.append(Option(same, id=ranked.same_statement.id))
            options.extend(self._fact_option(f) for f in good)
            if ranked.same_statement is None:
                create = Text("+ Create fact: ", style="bold")
                create.append("“" + one_line_visible(query, 90) + "”")
                create_at = len(options)
                options.append(Option(create, id=CREATE + " ".join(query.split())))
                if not good:
                    highlight = create_at  # nothing matches well: never link a guess
            options.extend(
                self._fact_option(f, weak=True)
                for f in ranked.weak
                if f is not ranked.same_statement
            )
        listing = self.query_one("#facts", OptionList)
        listing.set_options(options)
        listing.highlighted = highlight if options else None

    def action_move(self, step: int) -> None:
        listing = self.query_one("#facts", OptionList)
        if listing.option_count:
            current = listing.highlighted if listing.highlighted is not None else -step
            listing.highlighted = (current + step) % listing.option_count

    def action_choose(self) -> None:
        listing = self.query_one("#facts", OptionList)
        if listing.highlighted is None:
            return
        option = listing.get_option_at_index(listing.highlighted)
        self.finish(option.id)

    @on(OptionList.OptionSelected, "#facts")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.finish(event.option.id)
