"""The fact registry as a screen (``r``): every fact, how much it is used, and the spans.

Typing in the filter narrows the list (every word must occur in the id or the
statement). On the fact list: ``e`` edits the statement, ``R`` renames the id (every link
in every annotation file of every layer is rewritten, one undo step, all-or-nothing),
``M`` merges the fact into another, ``x`` deletes a fact no span links. The lower list
shows every span of every layer (gold and each analyst's ``by/<name>``) that links the
fact under the cursor, with its layer; enter there jumps to it (the screen returns
``(article id, span id)``) when it is in the layer the app edits, and otherwise names
the file and how to open it. Under ``--as`` on a blind team the other layers' quotes are
hidden (counted, not shown). Everything goes through the Editor, so every change is
saved at once and ctrl+z undoes it here or after closing.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Key
from textual.widgets import DataTable, Input, Label

from annotator.editor import Editor, FactUse
from annotator.errors import AnnotatorError
from annotator.model.display import one_line_visible
from annotator.model.models import LABEL_GLYPHS
from annotator.tui.screens.dialogs import AskText, Confirm, Dialog


def matches(query: str, fact_id: str, statement: str) -> bool:
    """Every word of the query occurs (case-insensitively) in the id or the statement."""
    haystack = f"{fact_id} {statement}".casefold()
    return all(word in haystack for word in query.casefold().split())


class RegistryScreen(Dialog[tuple[str, str] | None]):
    """Every fact of the registry; returns (article id, span id) to jump to, or None."""

    DEFAULT_CSS = """
    RegistryScreen > Vertical { width: 96%; max-width: 100%; height: 92%; padding: 0 1; }
    RegistryScreen #registry-title, RegistryScreen #fact-details { color: $text-muted; }
    RegistryScreen #registry-title { margin-bottom: 0; }
    RegistryScreen #fact-details { margin: 0; height: auto; max-height: 4; }
    RegistryScreen #facts { height: 2fr; }
    RegistryScreen #uses { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="registry.close"),
        Binding("e", "edit", "Statement", id="registry.edit"),
        Binding("R", "rename", "Rename id", id="registry.rename"),
        Binding("M", "merge", "Merge into", id="registry.merge"),
        Binding("x,delete", "delete", "Delete", id="registry.delete"),
        Binding("slash", "filter", "Filter", id="registry.filter"),
        Binding("ctrl+z", "undo", "Undo", id="registry.undo"),
        Binding("ctrl+y", "redo", "Redo", id="registry.redo", show=False),
    ]

    #: The quote shown for another layer's span when the team is blind.
    HIDDEN = "(another layer: hidden, the team is blind)"

    def __init__(self, editor: Editor, *, show_others: bool = True) -> None:
        super().__init__()
        self.editor = editor
        #: Whether the quotes of spans in other layers than the editor's are shown
        #: (False under ``--as`` on a blind team).
        self.show_others = show_others
        self.usage: dict[str, list[FactUse]] = {}
        #: The fact ids shown, in order (after the filter).
        self.shown: list[str] = []
        #: The spans listed in the lower table, in order.
        self.uses: list[FactUse] = []

    def compose_body(self) -> ComposeResult:
        yield Label(
            Text(
                "Fact registry: type to filter · e statement · R rename · M merge · "
                "x delete · enter on a span jumps to it"
            ),
            id="registry-title",
            markup=False,
        )
        yield Input(placeholder="filter facts by id or statement", id="filter")
        yield DataTable(id="facts", cursor_type="row", zebra_stripes=True)
        yield Label(Text(""), id="fact-details", markup=False)
        yield DataTable(id="uses", cursor_type="row")

    @property
    def facts_table(self) -> DataTable[Text]:
        return self.query_one("#facts", DataTable)

    @property
    def uses_table(self) -> DataTable[Text]:
        return self.query_one("#uses", DataTable)

    @property
    def current_fact(self) -> str | None:
        """The fact id under the cursor of the fact list."""
        row = self.facts_table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def on_mount(self) -> None:
        facts = self.facts_table
        facts.add_column(Text("id"), key="id")
        facts.add_column(Text("statement"), key="statement")
        facts.add_column(Text("spans"), key="spans")
        facts.add_column(Text("articles"), key="articles")
        uses = self.uses_table
        uses.add_column(Text("article"), key="article")
        uses.add_column(Text("layer"), key="layer")
        uses.add_column(Text(" "), key="label")
        uses.add_column(Text("quote"), key="quote")
        self.reload()
        self.query_one("#filter", Input).focus()

    # -- filling -------------------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        """Read usage from the editor again and redraw (cursor on ``keep`` if shown)."""
        keep = keep or self.current_fact
        self.usage = self.editor.fact_usage()
        self._fill(keep)

    def _fill(self, keep: str | None = None) -> None:
        query = self.query_one("#filter", Input).value
        facts = self.editor.registry.by_id()
        table = self.facts_table
        table.clear()
        self.shown = []
        for fact_id in sorted(self.usage):
            fact = facts.get(fact_id)
            statement = fact.statement if fact else "(not in the registry)"
            if not matches(query, fact_id, statement):
                continue
            uses = self.usage[fact_id]
            articles = len({u.article_id for u in uses})
            table.add_row(
                Text(one_line_visible(fact_id, 40), style="" if fact else "italic"),
                Text(one_line_visible(statement, 80)),
                Text(str(len(uses)), justify="right"),
                Text(str(articles), justify="right"),
                key=fact_id,
            )
            self.shown.append(fact_id)
        if keep in self.shown:
            table.move_cursor(row=self.shown.index(keep))
        self._show_uses()

    def _show_uses(self) -> None:
        fact_id = self.current_fact
        details = self.query_one("#fact-details", Label)
        table = self.uses_table
        table.clear()
        self.uses = []
        if fact_id is None:
            details.update(Text("No fact matches the filter."))
            return
        fact = self.editor.registry.by_id().get(fact_id)
        uses = self.usage.get(fact_id, [])
        head = f"{fact_id}: {fact.statement if fact else '(not in the registry)'}"
        per_layer: dict[str, int] = {}
        for use in uses:
            per_layer[use.layer_name] = per_layer.get(use.layer_name, 0) + 1
        layers = (
            " (" + ", ".join(f"{name} {n}" for name, n in per_layer.items()) + ")"
            if set(per_layer) - {"gold"}
            else ""
        )
        details.update(
            Text(
                one_line_visible(head, 400)
                + f"  ·  {len(uses)} span"
                + ("s" if len(uses) != 1 else "")
                + " link it"
                + layers
            )
        )
        own = self.editor.own_layer
        for use in uses:
            if not self.show_others and use.layer != own:
                quote = Text(self.HIDDEN, style="italic")
            else:
                where = "" if use.kind == "span" else f"({use.kind}) "
                quote = Text(one_line_visible(where + use.span.quote, 100))
            table.add_row(
                Text(one_line_visible(use.article_id, 30)),
                Text(
                    one_line_visible(use.layer_name, 12),
                    style="" if use.layer == own else "dim",
                ),
                Text(LABEL_GLYPHS[use.span.label]),
                quote,
            )
            self.uses.append(use)

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._fill(self.current_fact)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.facts_table.focus()

    @on(DataTable.RowHighlighted, "#facts")
    def _fact_highlighted(self) -> None:
        self._show_uses()

    @on(DataTable.RowSelected, "#facts")
    def _fact_chosen(self) -> None:
        if self.uses:
            self.uses_table.focus()

    @on(DataTable.RowSelected, "#uses")
    def _use_chosen(self, event: DataTable.RowSelected) -> None:
        self.jump(event.cursor_row)

    def jump(self, row: int) -> None:
        """Close the screen and go to the ``row``-th span of the lower list, if it is in
        the layer the app edits; otherwise say which file holds it and how to open it."""
        if not 0 <= row < len(self.uses):
            return
        use = self.uses[row]
        own = self.editor.own_layer
        if use.layer == own:
            self.finish((use.article_id, use.span.id))
            return
        how = (
            "open it without --as"
            if use.layer == "gold"
            else f"open it with `annotator --as {use.layer_name}`"
        )
        editing = "the gold files" if own == "gold" else f"{own.removeprefix('by/')}'s layer"
        self.notify(
            f"That span is in {use.path} ({use.layer_name}); this session edits {editing}: {how}.",
            title="In another layer",
            severity="warning",
            markup=False,
            timeout=10,
        )

    def on_key(self, event: Key) -> None:
        if event.key == "down" and self.query_one("#filter", Input).has_focus:
            event.stop()
            self.facts_table.focus()

    # -- actions ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "rename", "merge", "delete"):
            fact_id = self.current_fact
            return fact_id is not None and fact_id in self.editor.registry.by_id()
        if action == "undo":
            return self.editor.can_undo
        if action == "redo":
            return self.editor.can_redo
        return True

    def _attempt(self, title: str, keep: str | None, method: object, *args: str) -> bool:
        try:
            assert callable(method)
            method(*args)
        except AnnotatorError as exc:
            self.notify(str(exc), title=title, severity="error", markup=False, timeout=10)
            return False
        self.reload(keep)
        self.refresh_bindings()
        return True

    def action_close(self) -> None:
        self.finish(None)

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_edit(self) -> None:
        fact_id = self.current_fact
        fact = self.editor.registry.by_id().get(fact_id or "")
        if fact is None:
            return

        def done(statement: str | None) -> None:
            if statement is not None and self._attempt(
                "Statement not changed", fact.id, self.editor.edit_fact, fact.id, statement
            ):
                self.notify(f"Statement of {fact.id} saved.", markup=False)

        self.app.push_screen(AskText(f"Statement of {fact.id}", fact.statement), done)

    def action_rename(self) -> None:
        fact_id = self.current_fact
        if fact_id is None:
            return
        count = len(self.usage.get(fact_id, []))

        def done(new_id: str | None) -> None:
            if new_id is None or new_id.strip() == fact_id:
                return
            new_id = new_id.strip()
            if self._attempt("Not renamed", new_id, self.editor.rename_fact, fact_id, new_id):
                self.notify(
                    f"Renamed {fact_id} to {new_id} in the registry and every "
                    "annotation file (ctrl+z undoes it).",
                    markup=False,
                )

        self.app.push_screen(
            AskText(
                f"New id for {fact_id} (rewrites every link: {count} "
                f"span{'s' * (count != 1)} in every layer)",
                fact_id,
                "kebab-case, e.g. eef-opening",
            ),
            done,
        )

    def action_merge(self) -> None:
        drop = self.current_fact
        if drop is None:
            return

        def done(keep: str | None) -> None:
            keep = (keep or "").strip()
            if not keep:
                return
            if keep not in self.editor.registry.by_id():
                self.notify(
                    f"No fact {keep!r} in the registry.",
                    title="Not merged",
                    severity="error",
                    markup=False,
                )
                return
            if self._attempt("Not merged", keep, self.editor.merge_facts, keep, drop):
                self.notify(
                    f"Merged {drop} into {keep}: every link to {drop} now links {keep}.",
                    markup=False,
                )

        self.app.push_screen(
            AskText(
                f"Merge {drop} into which fact? (its id; {drop} leaves the registry)",
                "",
                "the id of the fact to keep",
            ),
            done,
        )

    def action_delete(self) -> None:
        fact_id = self.current_fact
        if fact_id is None:
            return

        def done(yes: bool | None) -> None:
            if yes and self._attempt("Not deleted", None, self.editor.delete_fact, fact_id):
                self.notify(f"Deleted fact {fact_id}.", markup=False)

        try:
            self.editor.delete_fact_check(fact_id)
        except AnnotatorError as exc:
            self.notify(str(exc), title="Not deleted", severity="error", markup=False, timeout=10)
            return
        self.app.push_screen(
            Confirm(f"Delete fact {fact_id} from the registry? No span links it.", "Delete"), done
        )

    def _step(self, undo: bool) -> None:
        try:
            change = self.editor.undo() if undo else self.editor.redo()
        except AnnotatorError as exc:
            self.notify(
                str(exc),
                title="Cannot undo" if undo else "Cannot redo",
                severity="error",
                markup=False,
            )
            return
        if change is not None:
            self.reload()
            self.refresh_bindings()
            self.notify(("Undid: " if undo else "Redid: ") + change.description, markup=False)

    def action_undo(self) -> None:
        self._step(True)

    def action_redo(self) -> None:
        self._step(False)
