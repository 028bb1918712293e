"""The adjudication screen: the analysts' layers of the open article, unit by unit, into gold.

A unit is a place where analysts' spans overlap (``annotator.agreement.adjudication``).
Each analyst's candidate is shown side by side (label glyph and name, range, quote, facts,
attribution, note), with what gold holds there. Every decision replaces the unit's gold
spans through the Editor in one undo step; gold spans record their ``sources``.

Keys: 1-9 accept that analyst's spans; p then 1-9 marks several, enter accepts the
marked; m the majority; u the majority (or the first analyst's) with every analyst's
facts united; d dismiss (gold says nothing here); a every unit where all agree; e edit
gold here with the normal keys (back to the article); D mark the article adjudicated;
j/k or down/up next/previous unit, n next undecided; ctrl+z/ctrl+y undo/redo; escape back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from annotator.agreement.adjudication import (
    Candidate,
    Unit,
    build_gold_span,
    decide,
    gold_in_unit,
    group_units,
    is_decided,
    signature,
    spans_for,
)
from annotator.editor import Editor
from annotator.errors import AnnotatorError
from annotator.model.display import one_line_visible, visible
from annotator.model.models import LABEL_GLYPHS, Span
from annotator.model.team import GOLD
from annotator.model.text import sha256_text
from annotator.store.layers import discover_layers
from annotator.store.store import Store, load_annotation_file
from annotator.tui.widgets.key_bar import KeyBar

STATUS_TEXT = {"agreed": "✓ all agree", "majority": "≥ majority", "split": "≠ split"}


@dataclass
class Session:
    """One article's analyst layers and their units."""

    article_id: str
    layers: list[str]
    units: list[Unit]
    #: Layers left out, with the reason (made on another text).
    skipped: list[str] = field(default_factory=list)


def open_units(store: Store, article_id: str, text: str) -> Session | None:
    """The units of an article's analyst layers, or None when no analyst has a file for it.

    Raises DataError for a broken layer file (one line naming the place)."""
    digest = sha256_text(text)
    layers: dict[str, list[Span]] = {}
    skipped = []
    for name, files in discover_layers(store.folder).items():
        if name == GOLD or article_id not in files:
            continue
        doc = load_annotation_file(files[article_id])
        if doc.article.sha256 != digest:
            skipped.append(f"{name} (made on another text: re-anchor it)")
            continue
        layers[name] = list(doc.spans)
    if not layers and not skipped:
        return None
    return Session(article_id, list(layers), group_units(layers), skipped)


def candidate_text(
    number: int, layer: str, spans: Sequence[Span], unit: Unit, marked: bool
) -> Text:
    """One analyst's column: its spans in the unit, each with every field."""
    text = Text(("▶ " if marked else "") + f"{number} {visible(layer)}", style="bold")
    if not spans:
        text.append("\n— no claim here", style="italic")
        return text
    support = unit.support()
    for span in spans:
        others = [c.layer for c in support[signature(span)] if c.layer != layer]
        text.append(f"\n\n{LABEL_GLYPHS[span.label]} {span.label}", style="bold")
        text.append(f"  {span.start}–{span.end}", style="dim")
        text.append("\n“" + one_line_visible(span.quote, 300) + "”")
        for fact_id in span.facts:
            text.append("\n→ " + one_line_visible(fact_id, 60))
        if span.attribution:
            text.append("\n❝ " + one_line_visible(span.attribution, 80), style="italic")
        if span.note:
            text.append("\n✎ " + one_line_visible(span.note, 120), style="italic")
        text.append("\n= same as " + (", ".join(others) if others else "nobody else"), style="dim")
    return text


def gold_text(spans: Sequence[Span]) -> Text:
    text = Text("gold", style="bold")
    if not spans:
        text.append("\n— nothing here yet", style="italic")
    for span in spans:
        text.append(f"\n\n{LABEL_GLYPHS[span.label]} {span.label}", style="bold")
        text.append(f"  {span.start}–{span.end}", style="dim")
        text.append("\n“" + one_line_visible(span.quote, 300) + "”")
        for fact_id in span.facts:
            text.append("\n→ " + one_line_visible(fact_id, 60))
        if span.attribution:
            text.append("\n❝ " + one_line_visible(span.attribution, 80), style="italic")
        if span.note:
            text.append("\n✎ " + one_line_visible(span.note, 120), style="italic")
        origin = ", ".join(f"{s.layer}" for s in span.sources) or "by hand"
        text.append(f"\nfrom {origin}", style="dim")
    return text


class AdjudicateScreen(Screen[tuple[int, int] | None]):
    """Walk the units of one article; each decision sets gold there (undoable)."""

    DEFAULT_CSS = """
    AdjudicateScreen { layout: vertical; }
    AdjudicateScreen #adj-status { height: auto; padding: 0 1; background: $panel; }
    AdjudicateScreen #adj-text { height: auto; max-height: 6; padding: 0 1;
                                 border-bottom: tall $panel; }
    AdjudicateScreen #adj-columns { height: 1fr; }
    AdjudicateScreen .candidate { width: 1fr; height: auto; padding: 0 1;
                                  border: round $panel; }
    AdjudicateScreen .candidate.marked { border: double $accent; }
    AdjudicateScreen #gold { border: heavy $success; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(n),
                f"accept({n})",
                "Accept 1-9" if n == 1 else f"Accept {n}",
                show=n == 1,
                id=f"adjudicate.accept{n}",
                key_display="1-9" if n == 1 else None,
            )
            for n in range(1, 10)
        ),
        Binding("p", "pick", "Pick several", id="adjudicate.pick"),
        Binding(
            "enter", "accept_marked", "Accept marked", show=False, id="adjudicate.accept_marked"
        ),
        Binding("m", "majority", "Majority", id="adjudicate.majority"),
        Binding("u", "unite", "Unite facts", id="adjudicate.unite"),
        Binding("d", "dismiss_unit", "Dismiss", id="adjudicate.dismiss"),
        Binding("a", "accept_agreed", "All agreed", id="adjudicate.agreed"),
        Binding("e", "edit", "Edit gold", id="adjudicate.edit"),
        Binding("D", "mark_done", "Done", id="adjudicate.done"),
        Binding("j,down", "move(1)", "Next", id="adjudicate.next"),
        Binding("k,up", "move(-1)", "Prev", show=False, id="adjudicate.previous"),
        Binding("n", "next_open", "Next open", show=False, id="adjudicate.next_open"),
        Binding("ctrl+z", "undo", "Undo", id="adjudicate.undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="adjudicate.redo"),
        Binding("escape", "back", "Back", id="adjudicate.back"),
    ]

    def __init__(self, editor: Editor, session: Session) -> None:
        super().__init__()
        self.editor = editor
        self.session = session
        #: The unit shown (an index into session.units).
        self.index = 0
        #: Layers (1-based numbers) marked with p; None when not picking.
        self.marked: set[int] | None = None

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("", id="adj-status", markup=False)
        yield Static("", id="adj-text", markup=False)
        with VerticalScroll(), Horizontal(id="adj-columns"):
            for number, _layer in enumerate(self.session.layers, start=1):
                yield Static("", id=f"layer-{number}", classes="candidate", markup=False)
            yield Static("", id="gold", classes="candidate", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.index = self._first_open(0)
        self.render_unit()

    @property
    def unit(self) -> Unit | None:
        units = self.session.units
        return units[self.index] if 0 <= self.index < len(units) else None

    @property
    def gold(self) -> list[Span]:
        article = self.editor.article
        return list(article.doc.spans) if article is not None else []

    def _first_open(self, start: int) -> int:
        units = self.session.units
        for offset in range(len(units)):
            i = (start + offset) % len(units)
            if not is_decided(units[i], self.gold):
                return i
        return min(start, max(0, len(units) - 1))

    def status_line(self) -> str:
        """What the top line says (also for tests)."""
        article = self.editor.article
        units = self.session.units
        done = sum(1 for u in units if is_decided(u, self.gold))
        parts = [
            f"Adjudicating {self.session.article_id}",
            f"{len(self.session.layers)} analysts: "
            + ", ".join(f"{n} {name}" for n, name in enumerate(self.session.layers, start=1)),
        ]
        unit = self.unit
        if unit is None:
            parts.append("no units: the analysts made no claims here")
        else:
            parts.append(f"unit {self.index + 1}/{len(units)} at {unit.start}–{unit.end}")
            parts.append(STATUS_TEXT[unit.status])
            parts.append("✔ decided" if is_decided(unit, self.gold) else "○ open")
        parts.append(f"{done}/{len(units)} decided")
        if article is not None and article.doc.adjudicated is not None:
            parts.append(f"✔ article adjudicated by {article.doc.adjudicated.by}")
        if self.marked is not None:
            parts.append(
                "picking: "
                + (", ".join(map(str, sorted(self.marked))) or "none")
                + " (enter accepts, p cancels)"
            )
        if self.session.skipped:
            parts.append("left out: " + "; ".join(self.session.skipped))
        if self.editor.save_error:
            parts.append("⚠ NOT SAVED: " + self.editor.save_error)
        return one_line_visible("  ·  ".join(parts), 400)

    def context_text(self) -> Text:
        """The unit's text with some context, the unit itself in bold between » «."""
        article = self.editor.article
        unit = self.unit
        if article is None or unit is None:
            return Text("")
        text = article.text
        before = one_line_visible(text[max(0, unit.start - 80) : unit.start])
        after = one_line_visible(text[unit.end : unit.end + 80])
        out = Text("…" + before + " " if before else "", style="dim")
        out.append(
            "»" + one_line_visible(text[unit.start : unit.end]) + "«", style="bold underline"
        )
        out.append((" " + after + "…") if after else "", style="dim")
        return out

    def render_unit(self) -> None:
        self.query_one("#adj-status", Static).update(Text(self.status_line()))
        self.query_one("#adj-text", Static).update(self.context_text())
        unit = self.unit
        for number, layer in enumerate(self.session.layers, start=1):
            column = self.query_one(f"#layer-{number}", Static)
            marked = self.marked is not None and number in self.marked
            column.set_class(marked, "marked")
            column.update(
                candidate_text(number, layer, unit.of_layer(layer) if unit else [], unit, marked)
                if unit
                else Text(f"{number} {layer}")
            )
        self.query_one("#gold", Static).update(
            gold_text(gold_in_unit(unit, self.gold) if unit else [])
        )

    # -- decisions -------------------------------------------------------------------------
    def _apply(self, description: str, chosen: list[Span], *, advance: bool = True) -> None:
        unit = self.unit
        if unit is None:
            return
        try:
            self.editor.replace_spans(
                f"adjudicate unit {unit.index + 1}: {description}", decide(unit, self.gold, chosen)
            )
        except AnnotatorError as exc:
            self.notify(str(exc), title="Not decided", severity="error", markup=False)
            return
        self.marked = None
        if advance and self.index + 1 < len(self.session.units):
            self.index += 1
        self.render_unit()

    def _stamp(self) -> str:
        return self.editor.clock()

    def _taken(self, unit: Unit) -> set[str]:
        inside = {s.id for s in gold_in_unit(unit, self.gold)}
        return {s.id for s in self.gold if s.id not in inside}

    def _accept_layers(self, numbers: Sequence[int]) -> None:
        unit = self.unit
        if unit is None:
            return
        names = [self.session.layers[n - 1] for n in numbers if 1 <= n <= len(self.session.layers)]
        if not names:
            return
        support = unit.support()
        chosen: list[Span] = []
        seen: set[tuple[int, int, str]] = set()
        taken = self._taken(unit)
        for name in names:
            for span in unit.of_layer(name):
                sig = signature(span)
                if sig in seen:
                    continue
                seen.add(sig)
                # The chosen analyst's span first (its id, note), then the others that agree.
                mine = [c for c in support[sig] if c.layer == name and c.span.id == span.id]
                rest = [c for c in support[sig] if c not in mine]
                gold = build_gold_span(
                    [*mine, *rest],
                    author=self.editor.author,
                    stamp=self._stamp(),
                    taken=taken,
                    unite_facts=False,
                )
                taken.add(gold.id)
                chosen.append(gold)
        self._apply("accept " + ", ".join(names), chosen)

    def action_accept(self, number: int) -> None:
        if self.marked is not None:
            self.marked ^= {number}
            self.render_unit()
            return
        self._accept_layers([number])

    def action_pick(self) -> None:
        self.marked = set() if self.marked is None else None
        self.render_unit()

    def action_accept_marked(self) -> None:
        if self.marked:
            self._accept_layers(sorted(self.marked))

    def action_majority(self) -> None:
        unit = self.unit
        if unit is None:
            return
        agreed = unit.agreed()
        chosen = agreed if agreed is not None else unit.majority()
        if not chosen:
            self.notify(
                "No strict majority here: accept an analyst (1-9) or dismiss (d).", markup=False
            )
            return
        self._apply(
            "majority",
            spans_for(unit, chosen, author=self.editor.author, stamp=self._stamp(), gold=self.gold),
        )

    def action_unite(self) -> None:
        """The majority's spans (or the first analyst's with spans) with every analyst's
        facts in the unit linked."""
        unit = self.unit
        if unit is None:
            return
        agreed = unit.agreed()
        chosen = agreed if agreed is not None else unit.majority()
        if not chosen:
            first = unit.candidates[0].layer
            chosen = [signature(s) for s in unit.of_layer(first)]
        support = unit.support()
        taken = self._taken(unit)
        every: list[Candidate] = list(unit.candidates)
        facts: list[str] = []
        for candidate in every:
            facts.extend(f for f in candidate.span.facts if f not in facts)
        spans: list[Span] = []
        for sig in chosen:
            gold = build_gold_span(
                support[sig], author=self.editor.author, stamp=self._stamp(), taken=taken
            )
            taken.add(gold.id)
            spans.append(gold.model_copy(update={"facts": list(facts)}))
        self._apply("unite facts", spans)

    def action_dismiss_unit(self) -> None:
        self._apply("dismiss", [])

    def action_accept_agreed(self) -> None:
        """Every undecided unit where all analysts agree, in one undo step."""
        spans = self.gold
        count = 0
        for unit in self.session.units:
            agreed = unit.agreed()
            if agreed is None or is_decided(unit, spans):
                continue
            new = spans_for(
                unit, agreed, author=self.editor.author, stamp=self._stamp(), gold=spans
            )
            spans = decide(unit, spans, new)
            count += 1
        if not count:
            self.notify("No undecided unit where every analyst agrees.", markup=False)
            return
        try:
            self.editor.replace_spans(f"accept {count} agreed units", spans)
        except AnnotatorError as exc:
            self.notify(str(exc), title="Not decided", severity="error", markup=False)
            return
        self.notify(f"Accepted {count} units where every analyst agrees.", markup=False)
        self.index = self._first_open(self.index)
        self.render_unit()

    def action_mark_done(self) -> None:
        article = self.editor.article
        if article is None:
            return
        try:
            self.editor.mark_adjudicated(article.doc.adjudicated is None)
        except AnnotatorError as exc:
            self.notify(str(exc), title="Not marked", severity="error", markup=False)
            return
        self.render_unit()

    # -- moving, undo, leaving ------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if self.session.units:
            self.index = max(0, min(len(self.session.units) - 1, self.index + step))
            self.marked = None
            self.render_unit()

    def action_next_open(self) -> None:
        if self.session.units:
            self.index = self._first_open(self.index + 1)
            self.render_unit()

    def action_undo(self) -> None:
        change = self.editor.undo()
        if change is not None:
            self.notify("Undid: " + change.description, markup=False)
        self.render_unit()

    def action_redo(self) -> None:
        change = self.editor.redo()
        if change is not None:
            self.notify("Redid: " + change.description, markup=False)
        self.render_unit()

    def action_edit(self) -> None:
        """Back to the article with the unit's gold span (or its place) selected."""
        unit = self.unit
        if unit is None:
            self.dismiss(None)
            return
        here = gold_in_unit(unit, self.gold)
        self.dismiss((here[0].start, here[0].end) if here else (unit.start, unit.end))

    def action_back(self) -> None:
        self.dismiss(None)
