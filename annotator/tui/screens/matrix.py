"""The fact matrix as a screen (``m``): choosing a cell jumps to its first span."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label

from annotator.model.matrix import FactMatrix
from annotator.report.render import legend
from annotator.model.display import one_line_visible
from annotator.model.models import LABELS
from annotator.tui.screens.dialogs import Dialog


class FactMatrixScreen(Dialog[tuple[str, str] | None]):
    """Rows are facts, columns articles; returns (article id, span id) or None."""

    DEFAULT_CSS = """
    FactMatrixScreen > Vertical { width: 96%; max-width: 100%; height: 90%; padding: 0 1; }
    FactMatrixScreen #matrix-title, FactMatrixScreen #legend { width: 1fr; color: $text-muted; }
    FactMatrixScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,m", "close", "Close", id="matrix.close"),
        Binding("enter", "choose", "Go to span", id="matrix.go", priority=True),
    ]

    def __init__(self, matrix: FactMatrix) -> None:
        super().__init__()
        self.matrix = matrix
        #: (row, column) -> (article id, first span id) for non-empty cells.
        self.targets: dict[tuple[int, int], tuple[str, str]] = {}

    def compose_body(self) -> ComposeResult:
        yield Label(Text("Fact matrix: which sources confirm or dispute each fact "
                         "(enter on a cell jumps to the span)"), id="matrix-title",
                    markup=False)
        yield DataTable(id="matrix", cursor_type="cell", zebra_stripes=True)
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
        for r, row in enumerate(self.matrix.rows):
            cells: list[Text] = [Text(one_line_visible(row.fact_id, 40),
                                      style="bold" if row.disagree else "")]
            for c, column in enumerate(self.matrix.columns, start=1):
                cell = row.cells.get(column.article_id)
                if cell:
                    cells.append(Text(cell.glyphs(), justify="center"))
                    self.targets[(r, c)] = (column.article_id, cell.span_ids[0])
                else:
                    cells.append(Text("·", style="dim", justify="center"))
            cells += [Text(str(row.counts[label] or ""), justify="right") for label in LABELS]
            cells.append(Text("⚠" if row.disagree else ""))
            table.add_row(*cells, key=row.fact_id)
        table.focus()
        if self.targets:
            table.move_cursor(row=min(self.targets)[0], column=min(self.targets)[1])

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
            self.notify(f"No span there (fact {fact}): pick a cell with a glyph.",
                        severity="warning", markup=False)
            return
        self.finish(target)
