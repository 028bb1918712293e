"""The find bar above the article: plain or regex, case-insensitive, "3 of 17".

The bar owns the search (query, pattern, matches, which one is chosen) over the text it
is given; it tells the screen what to show with ``SearchBar.Found`` (every match, for
highlighting, and the chosen one, to select) and ``SearchBar.Closed``. A bad regular
expression or a pattern that takes too long shows a one-line message in the bar.
Keys (rows of scope "search" in ``actions.py``): enter / down next, shift+enter / up
previous, ctrl+r plain text <-> regex, escape closes (the match stays selected).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from annotator.model.find import MATCH_LIMIT, Pattern, QueryError, compile_query, find_all
from annotator.tui.actions import bindings


class SearchBar(Horizontal):
    """One line: the query, then the count or a message."""

    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; background: $boost; }
    SearchBar.open { display: block; }
    SearchBar Input, SearchBar Input:focus { width: 1fr; height: 1; border: none;
                                             padding: 0 1; }
    SearchBar #search-status { width: auto; max-width: 60%; height: 1; padding: 0 1;
                               color: $text-muted; }
    SearchBar #search-status.error { color: $error; text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [*bindings("search")]

    @dataclass
    class Found(Message):
        """The matches changed or another one was chosen."""

        bar: SearchBar
        matches: list[tuple[int, int]]
        #: The chosen match (select it), or None (leave the selection).
        chosen: tuple[int, int] | None

    @dataclass
    class Closed(Message):
        bar: SearchBar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.is_regex = False
        self.query_text = ""
        self.pattern: Pattern | None = None
        self.error: str | None = None
        self.matches: list[tuple[int, int]] = []
        self._starts: list[int] = []
        #: Index of the chosen match, or None.
        self.index: int | None = None
        self._text = ""
        #: Where the search started (matches at or after it are found first).
        self._origin = 0
        self._wrapped = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder="find in the article (ctrl+r: regex)", id="search-input")
        yield Static("", id="search-status", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def is_open(self) -> bool:
        return self.has_class("open")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step":
            return self.is_open and bool(self.matches)
        return self.is_open

    # -- opening, closing, the text searched -----------------------------------------
    def open(self, text: str, origin: int) -> None:
        """Show the bar over ``text``, searching from ``origin``; the old query is kept
        (selected, so typing replaces it)."""
        self._text, self._origin = text, origin
        self.add_class("open")
        self.input.focus()
        self.input.select_all()
        self._search(choose=True)

    def action_close(self) -> None:
        self.remove_class("open")
        self.post_message(self.Closed(self))

    def set_text(self, text: str) -> None:
        """Another article is shown: search it for the same query (nothing chosen)."""
        self._text, self._origin = text, 0
        self._search(choose=False)

    # -- searching -----------------------------------------------------------------------
    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        self._search(choose=True)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_step(1)

    def action_toggle_regex(self) -> None:
        self.is_regex = not self.is_regex
        self.input.placeholder = (
            "find: regular expression" if self.is_regex else "find in the article (ctrl+r: regex)"
        )
        self._search(choose=True)

    def _search(self, *, choose: bool) -> None:
        self.error, self.matches, self.index, self.pattern = None, [], None, None
        self._wrapped = False
        if self.query_text:
            try:
                self.pattern = compile_query(self.query_text, is_regex=self.is_regex)
                self.matches = find_all(self._text, self.pattern)
            except QueryError as exc:
                self.error, self.pattern = str(exc), None
        self._starts = [start for start, _ in self.matches]
        if choose and self.matches:
            # The first match at or after where the search started, else the first one.
            i = bisect_left(self._starts, self._origin)
            self.index = i if i < len(self.matches) else 0
        self._show_status()
        chosen = self.matches[self.index] if self.index is not None else None
        self.post_message(self.Found(self, list(self.matches), chosen))

    def step(self, direction: int, selection: tuple[int, int]) -> tuple[int, int] | None:
        """Choose the next (1) or previous (-1) match from ``selection`` (the match
        selected now, or the caret); goes round the end. None when nothing matches."""
        if not self.matches:
            self._show_status()
            return None
        start, end = selection
        if self.index is not None and self.matches[self.index] == (start, end):
            i = self.index + direction
        elif direction > 0:
            i = bisect_left(self._starts, start + 1 if start != end else start)
        else:
            i = bisect_right(self._starts, start - 1) - 1 if start > 0 else -1
        self._wrapped = not 0 <= i < len(self.matches)
        self.index = i % len(self.matches)
        self._show_status()
        chosen = self.matches[self.index]
        self.post_message(self.Found(self, list(self.matches), chosen))
        return chosen

    def action_step(self, direction: int) -> None:
        self.step(direction, self.selection())

    def selection(self) -> tuple[int, int]:
        """The chosen match (while the bar has the keys), else the origin as a caret."""
        if self.index is not None:
            return self.matches[self.index]
        return (self._origin, self._origin)

    def _show_status(self) -> None:
        status = self.query_one("#search-status", Static)
        status.set_class(self.error is not None, "error")
        mode = "regex" if self.is_regex else "text"
        if self.error is not None:
            status.update(Text(self.error))
        elif not self.query_text:
            status.update(Text(mode))
        elif not self.matches:
            status.update(Text(f"no match · {mode}"))
        else:
            total = f"{len(self.matches)}{'+' if len(self.matches) >= MATCH_LIMIT else ''}"
            where = f"{self.index + 1} of {total}" if self.index is not None else f"{total} matches"
            status.update(Text(where + (" · wrapped" if self._wrapped else "") + f" · {mode}"))

    @property
    def status_text(self) -> str:
        return str(self.query_one("#search-status", Static).render())
