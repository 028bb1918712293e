"""The claim panel: the article's spans in text order, and the current span's details."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from annotator.model.display import clipped_visible, one_line_visible, visible
from annotator.model.models import LABEL_GLYPHS, Fact, Span


def _label_text(span: Span, lacks: list[str]) -> Text:
    text = Text()
    text.append(f"{LABEL_GLYPHS[span.label]} {span.label}", style="bold")
    for lack in lacks:
        text.append(f"  ⚠ {lack}", style="bold")
    return text


def span_prompt(span: Span, facts: dict[str, Fact], lacks: list[str]) -> Text:
    """A few lines per span: label, quote, fact ids; the details pane has the rest."""
    text = _label_text(span, lacks)
    text.append("\n“" + one_line_visible(span.quote, 120) + "”")
    for fact_id in span.facts:
        marker = "→ " if fact_id in facts else "→ ⚠ "
        text.append("\n" + marker + one_line_visible(fact_id, 60), style="dim")
    if span.attribution:
        text.append("\n❝ " + one_line_visible(span.attribution, 60), style="italic")
    if span.note:
        text.append("\n✎ " + one_line_visible(span.note, 60), style="italic dim")
    return text


def span_details(span: Span, facts: dict[str, Fact], lacks: list[str]) -> Text:
    text = _label_text(span, lacks)
    text.append(f"   {span.start}–{span.end} · {visible(span.id)}\n", style="dim")
    text.append("“" + clipped_visible(span.quote) + "”\n")
    if span.facts:
        for fact_id in span.facts:
            fact = facts.get(fact_id)
            text.append(f"→ {visible(fact_id)}", style="bold")
            text.append(": " + clipped_visible(fact.statement if fact else "(not in the registry)")
                        + "\n")
    else:
        text.append("no linked facts (f to link)\n", style="dim")
    text.append("attribution: ", style="dim")
    text.append(clipped_visible(span.attribution) if span.attribution else "—")
    text.append("\nnote: ", style="dim")
    text.append(clipped_visible(span.note) if span.note else "—")
    text.append(f"\n{visible(span.author)} · created {span.created} · modified {span.modified}",
                style="dim")
    return text


class ClaimPanel(Vertical):
    """Spans of the open article (an OptionList) above the current span's details."""

    DEFAULT_CSS = """
    ClaimPanel { width: 48; border-left: tall $panel; }
    ClaimPanel > Label { padding: 0 1; width: 1fr; background: $panel; color: $text-muted; }
    ClaimPanel > #spans { height: 1fr; border: none; }
    ClaimPanel > #details-box { height: auto; max-height: 14; border-top: tall $panel; }
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

    def compose(self) -> ComposeResult:
        yield Label("Claims", id="claims-title", markup=False)
        yield OptionList(id="spans")
        box = VerticalScroll(id="details-box")
        box.can_focus = False  # tab cycles list -> article -> claims only
        with box:
            yield Static("", id="details", markup=False)

    @property
    def spans_list(self) -> OptionList:
        return self.query_one("#spans", OptionList)

    def show(self, spans: Sequence[Span], facts: dict[str, Fact],
             lacks: dict[str, list[str]], current: str | None,
             records: Sequence[tuple[str, Text]] = ()) -> None:
        """``records``: entries (id with a colon, prompt) listed before the spans."""
        options = [Option(prompt, id=record_id) for record_id, prompt in records]
        options += [Option(span_prompt(s, facts, lacks.get(s.id, [])), id=s.id)
                    for s in spans]
        listing = self.spans_list
        with self.app.batch_update():
            listing.set_options(options)
            self.query_one("#claims-title", Label).update(
                Text(f"Claims ({len(spans)})" if spans else "Claims: none yet "
                     "(select text, then 1-4)"))
            if current is not None and any(s.id == current for s in spans):
                listing.highlighted = listing.get_option_index(current)
            else:
                listing.highlighted = None
            self.show_details(next((s for s in spans if s.id == current), None), facts,
                              lacks.get(current or "", []))

    def show_details(self, span: Span | None, facts: dict[str, Fact], lacks: list[str]) -> None:
        details = self.query_one("#details", Static)
        if span is None:
            details.update(Text("No span at the cursor.", style="dim"))
        else:
            details.update(span_details(span, facts, lacks))

    def highlight(self, span_id: str | None) -> None:
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
