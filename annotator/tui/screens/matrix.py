"""The fact matrix as a screen (``m``): choosing a cell jumps to its span.

The fact column shows the id and the statement (clipped); the line under the table shows
the cursor row's full statement. A cell that several spans make offers a small list of
them (label glyph and quote) to pick from.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Label, OptionList
from textual.widgets.option_list import Option

from annotator.model.display import one_line_visible
from annotator.model.matrix import FactMatrix
from annotator.model.models import LABEL_GLYPHS, LABELS, Span
from annotator.report.render import legend
from annotator.tui.screens.dialogs import Dialog


class SpanChoice(Dialog[str | None]):
    """Pick one of a cell's spans: label glyph and quote; returns its span id."""

    DEFAULT_CSS = "SpanChoice OptionList { height: auto; max-height: 16; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cancel", id="matrix.spans.cancel")
    ]

    def __init__(self, title: str, spans: list[tuple[str, str, str]]) -> None:
        super().__init__()
        #: (span id, label, quote) in text order.
        self.title_text, self.spans = title, spans

    def compose_body(self) -> ComposeResult:
        yield Label(Text(self.title_text), markup=False)
        yield OptionList(
            *[
                Option(
                    Text(f"{LABEL_GLYPHS.get(label, '?')} " + one_line_visible(quote, 90)),
                    id=span_id,
                )
                for span_id, label, quote in self.spans
            ],
            id="span-choice",
        )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.finish(None)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.finish(event.option.id)


class FactMatrixScreen(Dialog[tuple[str, str] | None]):
    """Rows are facts, columns articles; returns (article id, span id) or None."""

    DEFAULT_CSS = """
    FactMatrixScreen > Vertical { width: 96%; max-width: 100%; height: 90%; padding: 0 1; }
    FactMatrixScreen #matrix-title, FactMatrixScreen #legend { width: 1fr; color: $text-muted; }
    FactMatrixScreen #statement { width: 1fr; margin: 0; height: auto; max-height: 3; }
    FactMatrixScreen DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,m", "close", "Close", id="matrix.close"),
        Binding("enter", "choose", "Go to span", id="matrix.go", priority=True),
    ]

    def __init__(
        self, matrix: FactMatrix, spans: dict[tuple[str, str], Span] | None = None
    ) -> None:
        super().__init__()
        self.matrix = matrix
        #: (article id, span id) -> span, for the quotes of a cell's spans.
        self.spans = spans or {}
        #: (row, column) -> (article id, first span id) for non-empty cells.
        self.targets: dict[tuple[int, int], tuple[str, str]] = {}
        #: (row, column) -> (article id, every span id of the cell).
        self.cells: dict[tuple[int, int], tuple[str, list[str]]] = {}

    def compose_body(self) -> ComposeResult:
        yield Label(
            Text(
                "Fact matrix: which sources confirm or dispute each fact "
                "(enter on a cell jumps to the span)"
            ),
            id="matrix-title",
            markup=False,
        )
        yield DataTable(id="matrix", cursor_type="cell", zebra_stripes=True)
        yield Label(Text(""), id="statement", markup=False)
        yield Label(Text(legend()), id="legend", markup=False)

    def action_close(self) -> None:
        self.finish(None)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text("fact"), key="fact")
        for column in self.matrix.columns:
            header = one_line_visible(column.outlet or column.article_id, 16)
            table.add_column(Text(header), key=column.article_id)
        for label in LABELS:
            table.add_column(Text(label[:4]), key=f"count-{label}")
        table.add_column(Text("⚠"), key="disagree")
        width = max((len(one_line_visible(r.fact_id, 40)) for r in self.matrix.rows), default=0)
        for r, row in enumerate(self.matrix.rows):
            statement = row.fact.statement if row.fact else "(not in the registry)"
            head = Text(
                one_line_visible(row.fact_id, 40).ljust(width), style="bold" if row.disagree else ""
            )
            head.append("  " + one_line_visible(statement, 24), style="dim")
            cells: list[Text] = [head]
            for c, column in enumerate(self.matrix.columns, start=1):
                cell = row.cells.get(column.article_id)
                if cell:
                    cells.append(Text(cell.glyphs(), justify="center"))
                    self.targets[(r, c)] = (column.article_id, cell.span_ids[0])
                    self.cells[(r, c)] = (column.article_id, list(cell.span_ids))
                else:
                    cells.append(Text("·", style="dim", justify="center"))
            cells += [Text(str(row.counts[label] or ""), justify="right") for label in LABELS]
            cells.append(Text("⚠" if row.disagree else ""))
            table.add_row(*cells, key=row.fact_id)
        table.focus()
        if self.targets:
            table.move_cursor(row=min(self.targets)[0], column=min(self.targets)[1])
        self._show_statement(table.cursor_coordinate.row)

    def _show_statement(self, row: int) -> None:
        text = ""
        if 0 <= row < len(self.matrix.rows):
            fact = self.matrix.rows[row]
            text = f"{fact.fact_id}: " + (
                fact.fact.statement if fact.fact else "(not in the registry)"
            )
        self.query_one("#statement", Label).update(Text(one_line_visible(text, 600)))

    @on(DataTable.CellHighlighted)
    def _highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._show_statement(event.coordinate.row)

    def action_choose(self) -> None:
        table = self.query_one(DataTable)
        self._go(table.cursor_coordinate.row, table.cursor_coordinate.column)

    @on(DataTable.CellSelected)
    def _clicked(self, event: DataTable.CellSelected) -> None:
        self._go(event.coordinate.row, event.coordinate.column)

    def _go(self, row: int, column: int) -> None:
        target = self.targets.get((row, column))
        if target is None:
            fact = self.matrix.rows[row].fact_id if row < len(self.matrix.rows) else ""
            self.notify(
                f"No span there (fact {fact}): pick a cell with a glyph.",
                severity="warning",
                markup=False,
            )
            return
        article_id, span_ids = self.cells[(row, column)]
        if len(span_ids) == 1:
            self.finish(target)
            return
        choices: list[tuple[str, str, str]] = []
        for span_id in span_ids:
            span = self.spans.get((article_id, span_id))
            choices.append((span_id, span.label if span else "?", span.quote if span else span_id))

        def chosen(span_id: str | None) -> None:
            if span_id is not None:
                self.finish((article_id, span_id))

        fact = self.matrix.rows[row].fact_id
        self.app.push_screen(
            SpanChoice(f"{len(span_ids)} spans of {article_id} link {fact}: which one?", choices),
            chosen,
        )
