"""The annotation screen: article list, article, claim panel; every change saved at once.

The screen holds no copy of the data: it asks the Editor (annotator/editor.py), which owns
the in-memory model and saves through the store, and re-renders from it after each
change. Widgets post their own messages (ArticleList.Chosen, ClaimPanel.Highlighted and
Chosen, ArticleView.SpanFocused); ``current_span_id`` is the one piece of UI state, with
one watcher. Actions that do not apply are hidden and disabled by ``check_action``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from annotator.editor import DuplicateFactError, Editor, OpenArticle
from annotator.errors import AnnotatorError
from annotator.merge.resolve import Take
from annotator.model.display import one_line_visible
from annotator.model.models import FACT_LABELS, LABELS, Label, Span
from annotator.store.store import Store, load_annotation_file
from annotator.tui import moves
from annotator.tui.actions import Action, bindings
from annotator.tui.commands import ActionCommands, FilterByFact, GoToArticle, GoToFact
from annotator.tui.layout import Panel
from annotator.tui.memory import settle_memory, worth_settling
from annotator.tui.moves import MOVES
from annotator.tui.panels import SidePanels
from annotator.tui.screens.dialogs import AskText, Confirm, EditNote
from annotator.tui.screens.fact_picker import CREATE, FactPicker
from annotator.tui.screens.review import (
    CONFLICT_PREFIX,
    ORPHAN_PREFIX,
    OTHER_PREFIX,
    OrphanChoice,
    OrphanDialog,
    ResolveConflict,
    anchor_marks,
    banner_line,
    other_entries,
    other_layers,
    record_entries,
)
from annotator.tui.screens.search_all import SearchAllProvider
from annotator.tui.widgets.article_list import ArticleList, EntryData
from annotator.tui.widgets.article_view import ArticleView
from annotator.tui.widgets.claim_filter import next_filter, parse_filter
from annotator.tui.widgets.claim_panel import ClaimPanel
from annotator.tui.widgets.key_bar import KeyBar
from annotator.tui.widgets.search_bar import SearchBar

#: Actions that work on the current span.
SPAN_ACTIONS = frozenset(
    {"link_fact", "unlink_facts", "edit_note", "edit_attribution", "delete_span", "nudge"}
)
#: Notes longer than this (code points) are not loaded into the note dialog.
NOTE_LIMIT = 1_000_000


class AnnotateScreen(Screen[None]):
    """Annotate claims in news articles and link them to canonical facts."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("screen")
    COMMANDS: ClassVar = {ActionCommands, GoToArticle, GoToFact, SearchAllProvider, FilterByFact}

    # repaint=False: the watcher repaints what changed (a row of the article, the claim
    # list); the default would repaint the whole screen on every change of span.
    current_span_id: reactive[str | None] = reactive(None, init=False, repaint=False)
    """The span the analyst works on: emphasised in the article, highlighted in the claim
    panel, shown in the details, and the target of the span actions."""

    def __init__(self, store: Store, editor: Editor) -> None:
        super().__init__()
        self.store = store
        self.editor = editor
        #: Spans per label of each article whose file has been read (for progress).
        self._counts: dict[str, dict[str, int] | None] = {}
        #: Each article's status (done, in-progress, None) as far as read (for progress).
        self._status: dict[str, str | None] = {}
        #: The articles marked done (kept with _status: the status line is O(1)).
        self._done: set[str] = set()
        #: Under ``--as`` with a team that is not blind: the other analysts' spans are
        #: listed read-only in the claim panel (set by the app).
        self.show_others = False
        self._others: tuple[str, dict[str, list[Span]]] | None = None
        #: Side panels fitted to the terminal and toggled by key (annotator/tui/panels.py).
        self.panels = SidePanels()

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("", id="status", markup=False)
        with Horizontal(id="main"):
            articles = ArticleList(id="articles")
            articles.border_title = "Articles"
            yield articles
            with Vertical(id="centre"):
                yield Static("", id="banner", markup=False)
                yield SearchBar(id="search")
                view = ArticleView(id="article")
                view.border_title = "Article"
                yield view
            yield ClaimPanel(id="claims")
        yield KeyBar()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def panel(self) -> ClaimPanel:
        return self.query_one(ClaimPanel)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def node_for(self, action: Action) -> DOMNode:
        """Where an action of the key table runs (for the command palette)."""
        if action.scope == "app":
            return self.app
        if action.scope == "search":
            return self.search_bar
        if action.scope == "article":
            return self.view
        return self

    def on_mount(self) -> None:
        ids = self.store.corpus.ids
        self.article_list.show_ids(ids)
        if self.editor.registry_problem:
            self.notify(
                self.editor.registry_problem,
                title="Fact registry is read-only",
                severity="error",
                markup=False,
                timeout=15,
            )
        if ids:
            self.open_article(ids[0])
        else:
            self.view.load_article("(The corpus folder holds no *.txt articles.)", [])
        self._fill_article_list(ids)
        self._warm_fact_index()
        self.view.focus()
        self._fit_panels()
        if self.panels.problem:
            self.notify(
                self.panels.problem,
                title="Layout preferences ignored",
                severity="warning",
                markup=False,
            )

    # -- side panels (annotator/tui/panels.py) --------------------------------------------
    def _side_panels(self) -> dict[Panel, Widget]:
        return {"articles": self.article_list, "claims": self.panel}

    def _fit_panels(self) -> None:
        self.panels.fit(self.size.width or self.app.size.width, self._side_panels(), self.view)

    def on_resize(self, event: events.Resize) -> None:
        self.panels.fit(event.size.width, self._side_panels(), self.view)

    def action_toggle_panel(self, panel: str) -> None:
        side: Panel = "articles" if panel == "articles" else "claims"
        problem = self.panels.toggle(side, self._side_panels(), self.view)
        if problem:
            self.notify(problem, title="Layout not remembered", severity="warning", markup=False)
        if self.panels.shown[side] != "hidden":
            target = self.article_list if side == "articles" else self.panel.spans_list
            target.focus()

    @work(thread=True, exclusive=True, group="fact-index")
    def _warm_fact_index(self) -> None:
        """Build the fact picker's index off the UI thread (50,000 facts: about a second),
        at start and after the registry changed; the picker builds it if it is not ready."""
        self.editor.fact_index()

    @work(thread=True, exclusive=True, group="article-list")
    def _fill_article_list(self, ids: list[str]) -> None:
        """Titles, outlets, counts and status, read off the UI thread and handed over in
        batches; the UI thread only stores them (each entry's prompt is built when it is
        first drawn, see ``PendingEntry``)."""
        worker = get_current_worker()
        corpus, batch = self.store.corpus, []
        annotated = self.store.annotated_ids()  # one listing, not a stat per article
        last = time.monotonic()
        for article_id in ids:
            if worker.is_cancelled:
                return
            counts: dict[str, int] | None = _counts([])
            problem, status = False, None
            if article_id in annotated:
                try:
                    doc = load_annotation_file(self.store.annotation_path(article_id))
                    counts, status = _counts(doc.spans), doc.status
                except AnnotatorError:
                    counts, problem = None, True
            entry = corpus.get(article_id)
            batch.append(
                (
                    article_id,
                    EntryData(corpus.title(article_id), entry.outlet, counts, problem, status),
                )
            )
            if len(batch) >= 2000 or (len(batch) >= 200 and time.monotonic() - last > 0.05):
                self.app.call_from_thread(self._apply_entries, batch)
                batch, last = [], time.monotonic()
        if batch:
            self.app.call_from_thread(self._apply_entries, batch)
        self.app.call_from_thread(settle_memory)

    def _apply_entries(self, batch: list[tuple[str, EntryData]]) -> None:
        current = self.editor.article
        for n, (article_id, data) in enumerate(batch):
            if current is not None and article_id == current.id:
                data = EntryData(
                    data.title,
                    data.outlet,
                    dict(self.panel.label_counts),
                    current.read_only,
                    current.doc.status,
                )
                batch[n] = (article_id, data)
            self._counts[article_id] = data.counts
            self._set_status(article_id, data.status)
        self.article_list.set_entries(batch)
        self._update_status()

    # -- opening articles ----------------------------------------------------------------
    def open_article(self, article_id: str) -> None:
        try:
            article = self.editor.open(article_id)
        except AnnotatorError as exc:
            self._fail(exc, "Cannot open the article")
            return
        self.show_article(article)
        if worth_settling(len(article.doc.spans), len(article.text)):
            # Once the article is on screen: its spans and lines are long-lived from now.
            self.call_after_refresh(settle_memory)

    def show_article(self, article: OpenArticle) -> None:
        """Render the article the editor has open (after open, reload or repair)."""
        self.current_span_id = None
        self.view.load_article(article.text, article.doc.spans)
        self.article_list.select_id(article.id)
        self.search_bar.set_text(self.view.text)
        self.refresh_article()
        if article.notice:
            self.notify(
                article.notice,
                title=f"{article.id}: span ids repaired",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def go_to_fact(self, fact_id: str) -> None:
        """Open the next span (after the cursor, across articles) that links the fact."""
        ids = self.store.corpus.ids
        if not ids:
            return
        here = self.editor.article.id if self.editor.article else ids[0]
        offset = self.view.cursor_offset
        order = ids[ids.index(here) :] + ids[: ids.index(here)] + [here]
        for n, article_id in enumerate(order):
            for span in self.editor.spans_for(article_id) or []:
                if fact_id in span.facts and (n > 0 or span.start > offset):
                    if article_id != here:
                        self.open_article(article_id)
                    self.select_span(span)
                    return
        self.notify(f"No span links {fact_id}.", markup=False)

    def select_span(self, span: Span) -> None:
        """Make a span current and select its text in the article."""
        self.current_span_id = span.id
        self.view.select_offsets(span.start, span.end)
        self.refresh_article()

    # -- keeping the screen in step with the editor ---------------------------------------
    def watch_current_span_id(self, span_id: str | None) -> None:
        self.view.set_current_span(span_id)
        self.panel.highlight(span_id)
        self._show_details()
        self.refresh_bindings()

    def refresh_article(self) -> None:
        """Re-render the open article's spans, claims, list entry and status."""
        article = self.editor.article
        if article is None:
            return
        spans = article.doc.spans
        if self.current_span_id is not None and self.current_span(self.current_span_id) is None:
            self.current_span_id = None
        self.view.set_spans(spans)
        self.view.set_current_span(self.current_span_id)
        facts = self.editor.registry.by_id()
        records = record_entries(article.doc) if not article.read_only else []
        if self.show_others:
            if self._others is None or self._others[0] != article.id:
                self._others = (article.id, other_layers(self.store, article.id))
            records += other_entries(self._others[1])
        # The panel re-renders only the spans that changed (asking what each lacks only
        # for those) and keeps the label counts.
        self.panel.show(spans, facts, self._lacks, self.current_span_id, records)
        self._update_banner(article)
        title = self.store.corpus.title(article.id)
        outlet = self.store.corpus.get(article.id).outlet
        counts = dict(self.panel.label_counts)
        self._counts[article.id] = counts
        self._set_status(article.id, article.doc.status)
        self.article_list.update_entry(
            article.id, title, outlet, counts, article.read_only, article.doc.status
        )
        self._update_status()
        self.refresh_bindings()

    def _lacks(self, span: Span) -> list[str]:
        return self.editor.missing(span) + anchor_marks(span)

    def _set_status(self, article_id: str, status: str | None) -> None:
        self._status[article_id] = status
        if status == "done":
            self._done.add(article_id)
        else:
            self._done.discard(article_id)

    def _update_banner(self, article: OpenArticle) -> None:
        """The read-only reason, or the records awaiting review (conflicts, orphans)."""
        line = "⚠ " + article.problem if article.problem else banner_line(article.doc)
        banner = self.query_one("#banner", Static)
        shown = Text(line or "", style="bold")
        if banner.content != shown:  # an update lays out the whole screen again
            banner.update(shown)
        banner.set_class(line is not None, "visible")

    def _update_status(self) -> None:
        article = self.editor.article
        text = Text(no_wrap=True, overflow="ellipsis")  # one row: clipped with "…"
        if self.editor.save_error:
            # First, where it cannot be missed; paths shortened to the file name.
            error = self.editor.save_error.replace(str(self.store.folder) + "/", "")
            text.append(
                "⚠ NOT SAVED (your change is kept; ctrl+s retries): "
                + one_line_visible(error, 160)
                + "  ·  ",
                style="bold",
            )
        if article is not None:
            outlet = self.store.corpus.get(article.id).outlet
            text.append(one_line_visible(self.store.corpus.title(article.id), 70), style="bold")
            if outlet:
                text.append(f"  ·  {one_line_visible(outlet, 30)}")
            text.append(f"  ·  {len(article.doc.spans)} spans")
        text.append(f"  ·  {len(self._done)}/{len(self.store.corpus)} done")
        if self.store.layer is not None:
            text.append(f"  ·  as {self.store.layer}", style="bold")
        if article is not None and article.read_only:
            text.append("  ·  read-only", style="bold")
        elif not self.editor.save_error:
            text.append("  ·  saved ✓")
        status = self.query_one("#status", Static)
        if status.content != text:
            status.update(text, layout=False)  # one row, whatever it says
        status.set_class(bool(self.editor.save_error), "error")

    def _fail(self, exc: AnnotatorError, title: str) -> None:
        self.notify(str(exc), title=title, severity="error", markup=False, timeout=10)
        self._update_status()

    def _after_change(self) -> None:
        self.refresh_article()
        if self.editor.save_error:
            self.notify(
                self.editor.save_error,
                title="Not saved (your change is kept)",
                severity="error",
                markup=False,
                timeout=10,
            )

    def _show_details(self) -> None:
        span = self.current_span(self.current_span_id)
        self.panel.show_details(
            span, self.editor.registry.by_id(), self.editor.missing(span) if span else []
        )

    def current_span(self, span_id: str | None = None) -> Span | None:
        """The open article's span with that id (default: the current span), or None."""
        article = self.editor.article
        span_id = self.current_span_id if span_id is None else span_id
        if article is None or span_id is None:
            return None
        try:
            return article.span(span_id)
        except KeyError:
            return None

    # -- messages from the widgets ---------------------------------------------------------
    @on(ArticleView.SpanFocused)
    def _span_focused(self, event: ArticleView.SpanFocused) -> None:
        self.current_span_id = event.span_id

    @on(ArticleView.SelectionChanged)
    def _selection_changed(self) -> None:
        self.refresh_bindings()  # labelling needs a selection or a span

    @on(ClaimPanel.Highlighted)
    def _claim_highlighted(self, event: ClaimPanel.Highlighted) -> None:
        self.current_span_id = event.span_id
        span = self.current_span(event.span_id)
        if span is not None:
            self.view.scroll_to_span(span.start, span.end)

    @on(ClaimPanel.Chosen)
    def _claim_chosen(self, event: ClaimPanel.Chosen) -> None:
        span = self.current_span(event.span_id)
        if span is not None:
            self.select_span(span)
            self.view.focus()

    @on(ClaimPanel.RecordChosen)
    def _record_chosen(self, event: ClaimPanel.RecordChosen) -> None:
        kind, _, key = event.record_id.partition(":")
        if kind + ":" == CONFLICT_PREFIX:
            self.resolve_conflict(key)
        elif kind + ":" == ORPHAN_PREFIX and key.isdigit():
            self.review_orphan(int(key))
        elif kind + ":" == OTHER_PREFIX and self._others is not None:
            layer, _, index = key.rpartition(":")
            spans = self._others[1].get(layer, [])
            if index.isdigit() and int(index) < len(spans):
                other = spans[int(index)]
                self.view.select_offsets(other.start, other.end)  # 1-4 would label it
                self.view.focus()

    @on(ArticleList.Chosen)
    def _article_chosen(self, event: ArticleList.Chosen) -> None:
        if self.editor.article is None or event.article_id != self.editor.article.id:
            self.open_article(event.article_id)
            self.view.focus()

    # -- which actions apply -----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        article = self.editor.article
        writable = article is not None and not article.read_only
        if action == "label":
            start, end = self.view.selection_offsets
            return writable and (start != end or self.current_span() is not None)
        if action in SPAN_ACTIONS:
            span = self.current_span()
            if not writable or span is None:
                return False
            return bool(span.facts) if action == "unlink_facts" else True
        if action == "undo":
            return self.editor.can_undo
        if action == "redo":
            return self.editor.can_redo
        if action == "reanchor":
            return article is not None and article.problem_kind == "stale"
        if action == "start_fresh":
            return article is not None and article.problem_kind == "broken"
        if action in ("force_save", "reload", "merge_disk"):
            return self.editor.conflict
        if action == "adjudicate":
            return writable and self.store.layer is None
        if action == "resolve_conflict":
            return writable and article is not None and bool(article.doc.conflicts)
        if action == "review_orphans":
            return writable and article is not None and bool(article.doc.orphans)
        if action == "accept_anchor":
            span = self.current_span()
            return writable and span is not None and span.anchor is not None
        if action in ("next_article", "previous_article"):
            return len(self.store.corpus) > 1
        if action == "toggle_done":
            return writable
        if action == "edit_metadata":
            return article is not None
        if action in MOVES:
            return moves.applies(self, action)
        return True

    # -- actions -------------------------------------------------------------------------
    def action_label(self, label: str) -> None:
        article = self.editor.article
        if label not in LABELS or article is None:
            return
        chosen: Label = label
        start, end = self.view.selection_offsets
        try:
            existing = next(
                (s for s in article.doc.spans if (s.start, s.end) == (start, end)), None
            )
            # A selection in the article makes a new span; from the claim panel (or on a
            # caret) the key relabels the current span.
            if start != end and existing is None and isinstance(self.focused, ArticleView):
                span = self.editor.create_span(start, end, chosen)
                self.current_span_id = span.id
                self.view.select_offsets(span.start, span.start)
            else:
                target = (
                    self.current_span()
                    if not isinstance(self.focused, ArticleView)
                    else (existing or self.current_span())
                )
                if target is None:
                    return
                if target.attribution and target.label == "attributed" and chosen != "attributed":
                    self._relabel_attributed(target, chosen)
                    return
                span = self.editor.relabel(target.id, chosen)
                self.current_span_id = span.id
        except AnnotatorError as exc:
            self._fail(exc, "Cannot label")
            return
        self._labelled(span)

    def _relabel_attributed(self, target: Span, label: Label) -> None:
        """Relabelling away from attributed asks whether the attribution stays; "no"
        clears it in the same undo step as the relabel."""

        def done(keep: bool | None) -> None:
            try:
                span = self.editor.relabel(target.id, label, keep_attribution=bool(keep))
            except AnnotatorError as exc:
                self._fail(exc, "Cannot label")
                return
            self.current_span_id = span.id
            self._labelled(span)

        self.app.push_screen(
            Confirm(
                f"Keep the attribution “{one_line_visible(target.attribution or '', 60)}” "
                f"on the span now labelled {label}? (n clears it)",
                "Keep",
            ),
            done,
        )

    def _labelled(self, span: Span) -> None:
        self._after_change()
        if span.label in FACT_LABELS and not span.facts:
            self.action_link_fact()
        elif span.label == "attributed" and not span.attribution:
            self.action_edit_attribution()

    def _attempt(self, method: Callable[..., object], *args: object) -> None:
        try:
            method(*args)
        except AnnotatorError as exc:
            self._fail(exc, "Not changed")
            return
        self._after_change()

    def action_edit_attribution(self) -> None:
        span = self.current_span()
        if span is None:
            return

        def done(who: str | None) -> None:
            if who is not None:
                self._attempt(self.editor.set_attribution, span.id, who)

        self.app.push_screen(
            AskText(
                "Who says so? (attribution)",
                span.attribution or "",
                "e.g. South Korean officials via Yonhap",
            ),
            done,
        )

    def action_link_fact(self) -> None:
        span = self.current_span()
        if span is None:
            return

        def done(choice: str | None) -> None:
            if not choice:
                self.refresh_article()
                return
            if choice.startswith(CREATE):
                try:
                    self.editor.create_fact(choice[len(CREATE) :], span.id)
                except DuplicateFactError as exc:  # never a second fact with one statement
                    self.notify(f"Not created: {exc}; linked that fact instead.", markup=False)
                    self._attempt(self.editor.link, span.id, exc.fact.id)
                    return
                except AnnotatorError as exc:
                    self._fail(exc, "Not changed")
                    return
                self._after_change()
                self._warm_fact_index()
            else:
                self._attempt(self.editor.link, span.id, choice)

        self.app.push_screen(FactPicker(self.editor.fact_index(), span.quote, span.facts), done)

    def action_unlink_facts(self) -> None:
        span = self.current_span()
        if span is not None and span.facts:
            self._attempt(self.editor.unlink, span.id, None)

    def action_edit_note(self) -> None:
        span = self.current_span()
        if span is None:
            return

        def done(note: str | None) -> None:
            if note is not None and note != (span.note or ""):
                self._attempt(self.editor.set_note, span.id, note)

        if len(span.note or "") > NOTE_LIMIT:
            self.notify(
                f"This note is {len(span.note or ''):,} characters: too long to edit "
                f"here (the limit is {NOTE_LIMIT:,}); edit the file instead.",
                title="Note not opened",
                severity="warning",
                markup=False,
            )
            return
        self.app.push_screen(
            EditNote("Note on “" + one_line_visible(span.quote, 60) + "”", span.note or ""), done
        )

    def action_delete_span(self) -> None:
        span = self.current_span()
        if span is not None:
            self.current_span_id = None
            self._attempt(self.editor.delete_span, span.id)

    def _step(self, undo: bool) -> None:
        try:
            change = self.editor.undo() if undo else self.editor.redo()
        except AnnotatorError as exc:
            self._fail(exc, "Cannot undo" if undo else "Cannot redo")
            return
        if change is None:
            return
        current = self.editor.article
        if change.article_id is not None and (current is None or current.id != change.article_id):
            self.open_article(change.article_id)
        if change.meta is not None:  # another article's title or outlet in the list
            self._refresh_entry(change.meta[0])
        self._after_change()
        self.notify(("Undid: " if undo else "Redid: ") + change.description, markup=False)

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    # -- search and moves (annotator/tui/moves.py) -------------------------------------------
    @on(SearchBar.Found)
    def _search_found(self, event: SearchBar.Found) -> None:
        moves.show_found(self, event.matches, event.chosen)

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self.view.focus()
        self.refresh_bindings()

    def action_open_search(self) -> None:
        self.search_bar.open(self.view.text, self.view.selection_offsets[0])

    def action_search_next(self) -> None:
        moves.search_step(self, 1)

    def action_search_previous(self) -> None:
        moves.search_step(self, -1)

    def action_search_all(self) -> None:
        self.search_all()

    def search_all(self, query: str = "") -> None:
        """Open the all-articles search (from its key, or the palette with a query)."""
        moves.search_all(self, query)

    def action_next_span(self) -> None:
        moves.step_to_span(self, forward=True, incomplete=False)

    def action_previous_span(self) -> None:
        moves.step_to_span(self, forward=False, incomplete=False)

    def action_next_incomplete(self) -> None:
        moves.step_to_span(self, forward=True, incomplete=True)

    def action_previous_incomplete(self) -> None:
        moves.step_to_span(self, forward=False, incomplete=True)

    def action_nudge(self, edge: str, direction: int, unit: str) -> None:
        moves.nudge_current(self, edge, direction, unit)

    def _move_article(self, step: int) -> None:
        ids = self.store.corpus.ids
        if not ids:
            return
        here = self.editor.article.id if self.editor.article else ids[0]
        self.open_article(ids[(ids.index(here) + step) % len(ids)])

    def action_next_article(self) -> None:
        self._move_article(1)

    def action_previous_article(self) -> None:
        self._move_article(-1)

    def action_cycle_claim_filter(self) -> None:
        self.panel.set_filter(
            next_filter(self.panel.filter, self.panel.linked_facts()),
            self.editor.registry.by_id(),
            self.current_span_id,
        )

    def action_filter_claims(self, spec: str) -> None:
        try:
            claim_filter = parse_filter(spec)
        except ValueError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.panel.set_filter(claim_filter, self.editor.registry.by_id(), self.current_span_id)

    def action_save(self) -> None:
        if self.editor.save():
            self.notify("Everything is saved.")
        else:
            self.notify(
                self.editor.save_error or "", title="Not saved", severity="error", markup=False
            )
        self._update_status()

    def action_force_save(self) -> None:
        def done(yes: bool | None) -> None:
            if yes:
                self.editor.save(force=True)
                self._update_status()
                self.refresh_bindings()

        self.app.push_screen(
            Confirm(
                "Overwrite the files on disk with your version? What the "
                "other program wrote there will be replaced.",
                "Overwrite",
            ),
            done,
        )

    def action_reload(self) -> None:
        lost = self.editor.unsaved_changes()

        def done(yes: bool | None) -> None:
            if yes:
                self.editor.reload_from_disk()  # reopens the current article itself
                if self.editor.article:
                    self.show_article(self.editor.article)
                self.notify(f"Reloaded from disk; {lost} unsaved change(s) dropped.", markup=False)

        self.app.push_screen(
            Confirm(
                f"Reload every file from disk? {lost} unsaved change(s) "
                "to spans and facts will be LOST, and the undo history "
                'too. (The palette\'s "Merge with the file on disk" '
                "keeps them.)",
                "Reload and lose them",
            ),
            done,
        )

    def action_merge_disk(self) -> None:
        """Merge the unsaved changes with the files on disk (see ``Editor.merge_with_disk``)."""
        result = self.editor.merge_with_disk()
        if self.editor.article:
            self.show_article(self.editor.article)
        self._after_change()
        message = f"Merged {len(result.files)} file(s) with the version on disk."
        if result.collided:
            message += (
                f" {len(result.collided)} collided and are kept as conflict records "
                "in the file: "
                + ", ".join(
                    f"{one_line_visible(item, 40)} ({one_line_visible(why, 60)})"
                    for _, item, why in result.collided[:5]
                )
            )
        if result.failed:
            message += " Not merged: " + "; ".join(
                one_line_visible(f"{name}: {why}", 120) for name, why in result.failed
            )
        self.notify(
            message,
            title="Merge",
            markup=False,
            timeout=15,
            severity="warning" if result.collided or result.failed else "information",
        )

    def action_reanchor(self) -> None:
        def done(yes: bool | None) -> None:
            if not yes:
                return
            try:
                kept, orphaned = self.editor.reanchor()
            except AnnotatorError as exc:
                self._fail(exc, "Not re-anchored")
                return
            assert self.editor.article is not None  # reanchor() reopened it
            self.show_article(self.editor.article)
            self.notify(
                f"{kept} spans re-anchored, {orphaned} orphaned (kept in the file; the "
                "old file is also kept as .bak).",
                markup=False,
            )

        self.app.push_screen(
            Confirm(
                "Move this article's spans onto its new text? Spans that "
                "cannot be placed are kept as orphans; the old file is "
                "kept as .bak.",
                "Re-anchor",
            ),
            done,
        )

    def action_start_fresh(self) -> None:
        def done(yes: bool | None) -> None:
            if not yes:
                return
            try:
                backup = self.editor.start_fresh()
            except AnnotatorError as exc:
                self._fail(exc, "Not changed")
                return
            assert self.editor.article is not None  # start_fresh() reopened it
            self.show_article(self.editor.article)
            self.notify(f"The broken file is kept as {backup}.", markup=False)

        self.app.push_screen(
            Confirm(
                "Set the broken annotation file aside (as .bak) and start this article afresh?",
                "Start fresh",
            ),
            done,
        )

    # -- merge conflicts, corrections, adjudication (screens/review.py, adjudicate.py) --------
    def action_resolve_conflict(self) -> None:
        article = self.editor.article
        if article is not None and article.doc.conflicts:
            self.resolve_conflict(article.doc.conflicts[0].id)

    def resolve_conflict(self, conflict_id: str) -> None:
        """Show a merge conflict record's versions; keep the one the analyst picks."""
        article = self.editor.article
        record = (
            next((c for c in article.doc.conflicts if c.id == conflict_id), None)
            if article is not None
            else None
        )
        if record is None:
            return

        def done(take: Take | None) -> None:
            if take is None:
                return
            try:
                kept = self.editor.resolve_conflict(conflict_id, take)
            except AnnotatorError as exc:
                self._fail(exc, "Conflict not resolved")
                return
            if kept is not None:
                self.current_span_id = kept.id
            self._after_change()
            self.notify(
                f"Conflict {conflict_id} resolved: kept {take}"
                + ("" if kept else " (no span)")
                + ".",
                markup=False,
            )

        self.app.push_screen(ResolveConflict(record), done)

    def action_accept_anchor(self) -> None:
        span = self.current_span()
        if span is not None and span.anchor is not None:
            self._attempt(self.editor.accept_anchor, span.id)

    def action_review_orphans(self) -> None:
        self.review_orphan(0)

    def review_orphan(self, index: int) -> None:
        """Re-attach an orphan to the article's selection, or delete it."""
        article = self.editor.article
        if article is None or not 0 <= index < len(article.doc.orphans):
            return
        orphan = article.doc.orphans[index]
        start, end = self.view.selection_offsets

        def done(choice: OrphanChoice | None) -> None:
            if choice == "reattach":
                try:
                    span = self.editor.reattach_orphan(index, start, end)
                except AnnotatorError as exc:
                    self._fail(exc, "Not re-attached")
                    return
                self.current_span_id = span.id
                self._after_change()
            elif choice == "delete":
                self._attempt(self.editor.delete_orphan, index)

        self.app.push_screen(OrphanDialog(orphan, article.text[start:end] or None), done)

    def action_adjudicate(self) -> None:
        from annotator.tui.screens.adjudicate import AdjudicateScreen, open_units

        article = self.editor.article
        if article is None:
            return
        try:
            session = open_units(self.store, article.id, article.text)
        except AnnotatorError as exc:
            self._fail(exc, "Cannot adjudicate")
            return
        if session is None:
            self.notify(
                f"No analyst has a layer for {article.id}: nothing to adjudicate.", markup=False
            )
            return

        def done(target: tuple[int, int] | None) -> None:
            self.refresh_article()
            if target is not None:  # "edit in gold": select the unit's place
                spans = [s for s in article.doc.spans if (s.start, s.end) == target]
                if spans:
                    self.select_span(spans[0])
                else:
                    self.view.select_offsets(*target)
                self.view.focus()

        self.app.push_screen(AdjudicateScreen(self.editor, session), done)

    def action_matrix(self) -> None:
        from annotator.model.matrix import build_matrix
        from annotator.store.dataset import load_dataset
        from annotator.tui.screens.matrix import FactMatrixScreen

        if not self.editor.save():
            self._fail(
                AnnotatorError(self.editor.save_error or ""), "Matrix shows the files on disk"
            )
        try:
            # An analyst's layer (--as) sees its own spans only, with the shared registry.
            paths = (
                [self.store.folder]
                if self.store.layer is None
                else [p for p in (self.store.layer_folder, self.store.facts_path) if p.exists()]
            )
            data = load_dataset(paths, self.store.corpus.folder)
            matrix = build_matrix(data)
        except AnnotatorError as exc:
            self._fail(exc, "Cannot build the fact matrix")
            return

        def done(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            article_id, span_id = choice
            self.open_article(article_id)
            span = self.current_span(span_id)
            if span is not None:
                self.select_span(span)

        spans = {(a.id, s.id): s for a in data.articles for s in a.spans}
        self.app.push_screen(FactMatrixScreen(matrix, spans), done)

    def action_registry(self) -> None:
        from annotator.tui.screens.registry import RegistryScreen

        def done(choice: tuple[str, str] | None) -> None:
            self._jump(choice)
            self.refresh_article()

        # Under --as on a blind team the other layers' quotes stay hidden.
        others = self.store.layer is None or self.show_others
        self.app.push_screen(RegistryScreen(self.editor, show_others=others), done)

    def _jump(self, choice: tuple[str, str] | None) -> None:
        """Open the article of (article id, span id) and select the span."""
        if choice is None:
            return
        article_id, span_id = choice
        if self.editor.article is None or self.editor.article.id != article_id:
            self.open_article(article_id)
        span = self.current_span(span_id)
        if span is not None:
            self.select_span(span)
            self.view.focus()

    def action_edit_metadata(self) -> None:
        from annotator.tui.screens.metadata import EditMetadata

        article = self.editor.article
        if article is None:
            return
        article_id = article.id

        def done(meta: object) -> None:
            from annotator.model.manifest import ArticleMeta

            if isinstance(meta, ArticleMeta):
                try:
                    changed = self.editor.set_article_meta(article_id, meta)
                except AnnotatorError as exc:
                    self._fail(exc, "Metadata not saved")
                    return
                self.refresh_article()
                self.notify(
                    "Metadata saved to the manifest." if changed else "Metadata unchanged.",
                    markup=False,
                )

        self.app.push_screen(EditMetadata(article_id, self.store.corpus.meta(article_id)), done)

    def _refresh_entry(self, article_id: str) -> None:
        """Redraw one article's list entry from what is known of it."""
        entry = self.store.corpus.get(article_id)
        counts = self._counts.get(article_id)
        self.article_list.update_entry(
            article_id,
            self.store.corpus.title(article_id),
            entry.outlet,
            counts,
            False,
            self._status.get(article_id),
        )

    def action_toggle_done(self) -> None:
        try:
            status = self.editor.toggle_done()
        except AnnotatorError as exc:
            self._fail(exc, "Not changed")
            return
        self._after_change()
        self.notify("Marked done ✓" if status == "done" else "Marked in progress …", markup=False)


def _counts(spans: list[Span]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(LABELS, 0)
    for span in spans:
        counts[span.label] += 1
    return counts
