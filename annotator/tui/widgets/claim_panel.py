"""The claim panel: the article's spans in text order, and the current span's details.

A change re-renders only the spans it touched (``show`` compares span objects with
those last shown); a filter (``ClaimFilter``: a label, a fact, or the incomplete spans)
narrows the list and the title says so: ``Claims (12 of 80, disputed)``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from annotator.model.display import clipped_visible, one_line_visible, visible
from annotator.model.models import LABEL_GLYPHS, LABELS, Fact, Span
from annotator.tui.widgets._textual_compat import IncrementalOptionList
from annotator.tui.widgets.claim_filter import ClaimFilter

#: More changed spans than this in one update (another article): rebuild the list.
REBUILD_AT = 64


class SpanList(IncrementalOptionList):
    """The claims, in text order; a change re-renders only the claims it touched."""


def _label_text(span: Span, lacks: list[str]) -> Text:
    text = Text()
    text.append(f"{LABEL_GLYPHS[span.label]} {span.label}", style="bold")
    for lack in lacks:
        text.append(f"  ⚠ {lack}", style="bold")
    return text


def span_prompt(span: Span, facts: dict[str, Fact], lacks: list[str], width: int = 60) -> Text:
    """A few lines per span: label, quote, fact ids; the details pane has the rest.

    Fact ids, attribution and note take one row each, cut with "…" to ``width`` (the
    list's width): a fact id folded over two rows in the narrow panel read as two ids.
    """
    text = _label_text(span, lacks)
    text.append("\n“" + one_line_visible(span.quote, 120) + "”")
    for fact_id in span.facts:
        marker = "→ " if fact_id in facts else "→ ⚠ "
        text.append("\n" + marker + one_line_visible(fact_id, width - len(marker)), style="dim")
    if span.attribution:
        text.append("\n❝ " + one_line_visible(span.attribution, width - 2), style="italic")
    if span.note:
        text.append("\n✎ " + one_line_visible(span.note, width - 2), style="italic dim")
    return text


def span_details(span: Span, facts: dict[str, Fact], lacks: list[str]) -> Text:
    text = _label_text(span, lacks)
    text.append(f"   {span.start}–{span.end} · {visible(span.id)}\n", style="dim")
    text.append("“" + clipped_visible(span.quote) + "”\n")
    if span.facts:
        for fact_id in span.facts:
            fact = facts.get(fact_id)
            text.append(f"→ {visible(fact_id)}", style="bold")
            text.append(
                ": " + clipped_visible(fact.statement if fact else "(not in the registry)") + "\n"
            )
    else:
        text.append("no linked facts (f to link)\n", style="dim")
    text.append("attribution: ", style="dim")
    text.append(clipped_visible(span.attribution) if span.attribution else "—")
    text.append("\nnote: ", style="dim")
    text.append(clipped_visible(span.note) if span.note else "—")
    text.append(
        f"\n{visible(span.author)} · created {span.created} · modified {span.modified}", style="dim"
    )
    return text


class ClaimPanel(Vertical):
    """Spans of the open article (an OptionList) above the current span's details."""

    DEFAULT_CSS = """
    ClaimPanel { width: 48; border-left: tall $panel; }
    ClaimPanel > Label {
        padding: 0 1; width: 1fr; height: 1; background: $panel; color: $text-muted;
    }
    ClaimPanel > #spans { height: 1fr; border: none; }
    /* A fixed share of the panel: the details of one span or another never resize
       the claim list (which would re-render and lay out the screen on every move). */
    ClaimPanel > #details-box { height: 40%; max-height: 14; border-top: tall $panel; }
    ClaimPanel #details { padding: 0 1; }
    """

    @dataclass
    class Highlighted(Message):
        """The analyst moved to a claim in the list."""

        span_id: str

    @dataclass
    class Chosen(Message):
        """The analyst chose a claim (enter or click): show it in the article."""

        span_id: str

    @dataclass
    class RecordChosen(Message):
        """The analyst chose a record entry (a merge conflict, an orphan): its entry id
        (``conflict:<span id>``, ``orphan:<index>``; span ids never hold a colon)."""

        record_id: str

    @on(OptionList.OptionHighlighted, "#spans")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id and ":" not in event.option.id:
            self.post_message(self.Highlighted(event.option.id))

    @on(OptionList.OptionSelected, "#spans")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and ":" in event.option.id:
            self.post_message(self.RecordChosen(event.option.id))
        elif event.option.id:
            self.post_message(self.Chosen(event.option.id))

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: Every span last shown (listed or filtered out), by id.
        self._spans: dict[str, Span] = {}
        #: What each of those spans lacks (the ``lacks`` answer when it was shown).
        self._lacks: dict[str, list[str]] = {}
        #: Sort keys of the listed spans, in list order (text order).
        self._keys: list[tuple[int, int, str]] = []
        self._known: frozenset[str] | None = None
        #: Record entries listed before the spans, and what they showed.
        self._records: list[tuple[str, Text]] = []
        self._record_keys: list[tuple[str, str]] = []
        self._filter: ClaimFilter | None = None
        #: Cells a one-row line of an entry may take (from the panel's width).
        self._row_width = 60
        self._facts: dict[str, Fact] = {}
        self._current: str | None = None
        #: Spans per label over every span shown (filtered out or not).
        self.label_counts: dict[str, int] = dict.fromkeys(LABELS, 0)

    def on_descendant_focus(self) -> None:
        self.add_class("-focused")  # the title shows where the focus is (app.tcss)

    def on_descendant_blur(self) -> None:
        self.remove_class("-focused")

    def compose(self) -> ComposeResult:
        yield Label("Claims", id="claims-title", markup=False)
        yield SpanList(id="spans")
        box = VerticalScroll(id="details-box")
        box.can_focus = False  # tab cycles list -> article -> claims only
        with box:
            yield Static("", id="details", markup=False)

    @property
    def spans_list(self) -> SpanList:
        return self.query_one("#spans", SpanList)

    @property
    def filter(self) -> ClaimFilter | None:
        """The active filter (None: every claim is listed)."""
        return self._filter

    @property
    def shown_ids(self) -> list[str]:
        """Ids of the listed spans, in list order."""
        return [key[2] for key in self._keys]

    def linked_facts(self) -> list[str]:
        """Fact ids the shown spans link, sorted (for the filter cycle)."""
        return sorted({f for span in self._spans.values() for f in span.facts})

    def set_filter(
        self, claim_filter: ClaimFilter | None, facts: dict[str, Fact], current: str | None
    ) -> None:
        """List only the spans the filter matches (None: all)."""
        self._filter = claim_filter
        self._rebuild(facts, current)

    def show(
        self,
        spans: Sequence[Span],
        facts: dict[str, Fact],
        lacks: Callable[[Span], list[str]],
        current: str | None,
        records: Sequence[tuple[str, Text]] = (),
    ) -> None:
        """Show these spans: only those that changed since the last call are re-rendered
        (spans are immutable, so "changed" is "not the same object"). ``records``:
        entries (id with a colon, prompt) listed before the spans (merge conflicts,
        orphans, other layers' spans); when they change the list is built afresh."""
        old = self._spans
        shown_records = [(i, p.plain if isinstance(p, Text) else str(p)) for i, p in records]
        records_changed = shown_records != self._record_keys
        self._records, self._record_keys = list(records), shown_records
        new = {span.id: span for span in spans}
        known = frozenset(facts)
        self._spans = new
        removed = [span for span_id, span in old.items() if span_id not in new]
        changed = [
            (old.get(span_id), span)
            for span_id, span in new.items()
            if old.get(span_id) is not span
        ]
        if known != self._known or records_changed or len(removed) + len(changed) > REBUILD_AT:
            # Another article, or a fact appeared or went (every "unknown fact" mark
            # may change): build the list afresh.
            self._known = known
            self._lacks = {span.id: lacks(span) for span in spans}
            self.label_counts = dict.fromkeys(LABELS, 0)
            for span in spans:
                self.label_counts[span.label] += 1
            self._rebuild(facts, current)
            return
        if not removed and not changed:
            self._finish(facts, current)
            return
        listing = self.spans_list
        counts, keys, filt = self.label_counts, self._keys, self._filter
        drop: list[str] = []
        for span in removed:
            counts[span.label] -= 1
            self._lacks.pop(span.id, None)
            if self._drop_key(span.sort_key):
                drop.append(span.id)
        replace: list[tuple[str, Text]] = []
        add: list[Span] = []
        for before, span in changed:
            lack = self._lacks[span.id] = lacks(span)
            counts[span.label] += 1
            listed = False
            if before is not None:
                counts[before.label] -= 1
                if before.sort_key == span.sort_key and self._has_key(span.sort_key):
                    listed = True
            wanted = filt is None or filt.matches(span, lack)
            if listed and wanted:
                replace.append((span.id, span_prompt(span, facts, lack, self._row_width)))
                continue
            if before is not None and self._drop_key(before.sort_key):
                drop.append(span.id)
            if wanted:
                add.append(span)
        with self.app.batch_update():
            if drop:
                listing.remove_options(drop)
            if replace:
                listing.replace_prompts(replace)
            for span in sorted(add, key=lambda s: s.sort_key):
                index = bisect_left(keys, span.sort_key)
                keys.insert(index, span.sort_key)
                listing.insert_options(len(self._records) + index, [self._option(span, facts)])
            self._finish(facts, current)

    def _has_key(self, key: tuple[int, int, str]) -> bool:
        index = bisect_left(self._keys, key)
        return index < len(self._keys) and self._keys[index] == key

    def _drop_key(self, key: tuple[int, int, str]) -> bool:
        index = bisect_left(self._keys, key)
        if index < len(self._keys) and self._keys[index] == key:
            del self._keys[index]
            return True
        return False

    def _option(self, span: Span, facts: dict[str, Fact]) -> Option:
        lacks = self._lacks.get(span.id, [])
        return Option(span_prompt(span, facts, lacks, self._row_width), id=span.id)

    def on_resize(self, event: events.Resize) -> None:
        # The entries' one-row lines are cut to the list's width: rebuild them when the
        # panel narrows or widens (border, option padding and scrollbar take 6 cells).
        width = max(12, event.size.width - 6)
        if width != self._row_width:
            self._row_width = width
            if self._spans:
                self._rebuild(self._facts, self._current)

    def _rebuild(self, facts: dict[str, Fact], current: str | None) -> None:
        filt = self._filter
        listed = sorted(
            (
                s
                for s in self._spans.values()
                if filt is None or filt.matches(s, self._lacks.get(s.id, []))
            ),
            key=lambda s: s.sort_key,
        )
        self._keys = [s.sort_key for s in listed]
        options = [Option(prompt, id=record_id) for record_id, prompt in self._records]
        options += [self._option(s, facts) for s in listed]
        with self.app.batch_update():
            self.spans_list.set_options(options)
            self._finish(facts, current)

    def _finish(self, facts: dict[str, Fact], current: str | None) -> None:
        """Title, highlight and details after the list changed."""
        self._facts, self._current = facts, current
        total, shown = len(self._spans), len(self._keys)
        if self._filter is not None:
            title = f"Claims ({shown} of {total}, {self._filter.describe()})"
        elif total:
            title = f"Claims ({total})"
        else:
            title = "Claims: none yet (select text, then 1-4)"
        heading = Text(title, no_wrap=True, overflow="ellipsis")
        label = self.query_one("#claims-title", Label)
        if label.content != heading:
            label.update(heading, layout=False)  # one row, whatever it says
        listing = self.spans_list
        span = self._spans.get(current) if current is not None else None
        index: int | None = None
        if span is not None:
            try:
                index = listing.get_option_index(span.id)
            except OptionDoesNotExist:  # filtered out
                index = None
        if listing.highlighted != index:
            listing.highlighted = index
        self.show_details(span, facts, self._lacks.get(current or "", []))

    def show_details(self, span: Span | None, facts: dict[str, Fact], lacks: list[str]) -> None:
        details = self.query_one("#details", Static)
        if span is None:
            shown = Text("No span at the cursor.", style="dim")
        else:
            shown = span_details(span, facts, lacks)
        if details.content != shown:  # its height may change: this lays out again
            details.update(shown)

    def highlight(self, span_id: str | None) -> None:
        self._current = span_id
        listing = self.spans_list
        if span_id is None:
            listing.highlighted = None
            return
        try:
            index = listing.get_option_index(span_id)
        except OptionDoesNotExist:  # the span is not listed (yet)
            return
        if listing.highlighted != index:
            listing.highlighted = index
