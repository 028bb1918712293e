"""Search all articles: a hit list (article, line, snippet) that jumps to the match.

The corpus is searched in a thread worker, article by article, and hits arrive in
batches, so a corpus of thousands of articles never blocks the UI; typing again cancels
the search under way. Choosing a hit dismisses with it; the annotation screen opens the
article and selects the match (so 1-4 label it). Also reachable from the command palette
as "Search all articles: <query>" (``SearchAllProvider``).
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Hit as PaletteHit
from textual.command import Hits, Provider
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from annotator.errors import AnnotatorError
from annotator.model.display import one_line_visible
from annotator.model.find import Hit, Pattern, QueryError, compile_query, hits_in
from annotator.store.corpus import Corpus
from annotator.tui.screens.dialogs import Dialog

#: The hit list shows at most this many hits (the count goes on).
HIT_LIMIT = 2000


class SearchAllScreen(Dialog[Hit | None]):
    """A query line, a status line, and the hits as they are found."""

    DEFAULT_CSS = """
    SearchAllScreen > Vertical { width: 110; height: 85%; }
    SearchAllScreen OptionList { height: 1fr; }
    SearchAllScreen #all-status { color: $text-muted; height: 1; margin: 1 0 0 0; }
    SearchAllScreen #all-status.error { color: $error; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="search_all.close"),
        Binding("ctrl+r", "toggle_regex", "Regex", id="search_all.regex"),
        Binding("down", "to_list", "Hits", id="search_all.hits", show=False),
    ]

    def __init__(self, corpus: Corpus, query: str = "") -> None:
        super().__init__()
        self.corpus = corpus
        self.initial = query
        self.is_regex = False
        self.hits: list[Hit] = []
        #: Matches found so far (more than the list shows once HIT_LIMIT is reached).
        self.total = 0
        self.searched = 0
        self.done = False

    def compose_body(self) -> ComposeResult:
        yield Label(Text("Search all articles (case-insensitive; ctrl+r: regex)"), markup=False)
        yield Input(self.initial, placeholder="text to find in every article", id="all-query")
        yield Static("", id="all-status", markup=False)
        yield OptionList(id="all-hits")

    def on_mount(self) -> None:
        self.query_one("#all-query", Input).focus()
        if self.initial:
            self._restart(self.initial)

    # -- searching in the background ------------------------------------------------------
    @on(Input.Changed, "#all-query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._restart(event.value)

    def action_toggle_regex(self) -> None:
        self.is_regex = not self.is_regex
        self._restart(self.query_one("#all-query", Input).value)

    def _restart(self, query: str) -> None:
        self.workers.cancel_group(self, "search-all")
        self.hits, self.total, self.searched, self.done = [], 0, 0, False
        self.query_one("#all-hits", OptionList).clear_options()
        status = self.query_one("#all-status", Static)
        status.remove_class("error")
        if not query:
            status.update(Text("Type to search every article."))
            return
        try:
            pattern = compile_query(query, is_regex=self.is_regex)
        except QueryError as exc:
            status.add_class("error")
            status.update(Text(str(exc)))
            return
        status.update(Text("searching…"))
        self._search(pattern, self.corpus.ids)

    @work(thread=True, exclusive=True, group="search-all")
    def _search(self, pattern: Pattern, ids: list[str]) -> None:
        worker = get_current_worker()
        batch: list[tuple[Hit, str]] = []
        counted, problems = 0, 0
        for n, article_id in enumerate(ids, 1):
            if worker.is_cancelled:
                return
            try:
                text = self.corpus.text(article_id)
                found = list(hits_in(article_id, text, pattern))
            except (AnnotatorError, QueryError, OSError):
                problems += 1
                found = []
            counted += len(found)
            room = HIT_LIMIT - len(self.hits) - len(batch)
            kept = found[: max(0, room)]
            if kept:
                title = self.corpus.title(article_id)  # read here, off the UI thread
                batch.extend((hit, title) for hit in kept)
            if len(batch) >= 100 or n % 200 == 0 or n == len(ids):
                if worker.is_cancelled:
                    return
                self.app.call_from_thread(
                    self._add, worker, batch, counted, n, problems, n == len(ids)
                )
                batch, counted = [], 0

    def _add(
        self,
        worker: Worker[None],
        batch: list[tuple[Hit, str]],
        counted: int,
        searched: int,
        problems: int,
        done: bool,
    ) -> None:
        if worker.is_cancelled:
            return
        self.hits.extend(hit for hit, _ in batch)
        self.total += counted
        self.searched, self.done = searched, done
        options = self.query_one("#all-hits", OptionList)
        options.add_options([Option(_row(hit, title)) for hit, title in batch])
        articles = len({hit.article_id for hit in self.hits})
        text = (
            f"{self.total} matches in {articles}"
            f"{'+' if self.total > len(self.hits) else ''} articles"
            f" ({searched} of {len(self.corpus)} searched{'' if done else '…'})"
        )
        if self.total > len(self.hits):
            text += f"; the first {len(self.hits)} are listed"
        if problems:
            text += f"; {problems} articles could not be read"
        self.query_one("#all-status", Static).update(Text(text))

    # -- choosing ------------------------------------------------------------------------
    def action_to_list(self) -> None:
        options = self.query_one("#all-hits", OptionList)
        if options.option_count:
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0

    @on(Input.Submitted, "#all-query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one("#all-hits", OptionList)
        index = options.highlighted if options.highlighted is not None else 0
        if self.hits:
            self.finish(self.hits[index])

    @on(OptionList.OptionSelected, "#all-hits")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.finish(self.hits[event.option_index])

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "search-all")
        self.finish(None)


def _row(hit: Hit, title: str) -> Text:
    """One hit: article (title, id), line, and the snippet with the match in bold."""
    row = Text(one_line_visible(f"{title} ({hit.article_id})", 50), style="bold")
    row.append(f"  line {hit.line}  ", style="dim")
    row.append(hit.snippet)
    return row


@runtime_checkable
class SearchesAll(Protocol):
    """What the provider needs of the screen the palette was opened from."""

    def search_all(self, query: str = "") -> None: ...


class SearchAllProvider(Provider):
    """``Search all articles: <query>`` in the command palette."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, SearchesAll) or not query.strip():
            return
        title = one_line_visible(f"Search all articles: {query}", 120)
        yield PaletteHit(
            1.0,
            Content(title),
            partial(screen.search_all, query),
            text=title,
            help="every article, in the background; a hit list that jumps",
        )
