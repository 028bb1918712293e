"""Reviewing what merges and corrections left behind: merge conflict records, fuzzy
anchors and orphaned spans.

- ``ResolveConflict``: one merge conflict record's three versions side by side (``a``,
  ``b``, ``base``, every field); ``a`` / ``b`` / ``o`` keeps one (``Editor.resolve_conflict``).
- ``OrphanDialog``: one orphaned span; ``r`` re-attaches it to the selection the analyst
  made in the article (``Editor.reattach_orphan``), ``x`` deletes it (``delete_orphan``).
- Helpers for the annotation screen: the claim panel's marks for fuzzy anchors and its
  entries for conflict records and orphans, and the banner line.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Static

from annotator.errors import AnnotatorError
from annotator.merge.resolve import Take
from annotator.model.display import one_line_visible, visible
from annotator.model.models import LABEL_GLYPHS, AnnotationFile, Orphan, Span, SpanConflict
from annotator.model.team import GOLD
from annotator.store.layers import discover_layers
from annotator.store.store import Store, load_annotation_file
from annotator.tui.screens.dialogs import Dialog

#: Claim panel entry ids for records (span ids never contain a colon).
CONFLICT_PREFIX = "conflict:"
ORPHAN_PREFIX = "orphan:"
OTHER_PREFIX = "other:"


def anchor_marks(span: Span) -> list[str]:
    """``fuzzy 0.93, was “…”`` for a span re-anchoring matched approximately."""
    anchor = span.anchor
    if anchor is None or anchor.status != "fuzzy":
        return []
    return [f"fuzzy {anchor.score:.2f}, was “{one_line_visible(anchor.was.quote, 40)}” (K accepts)"]


def record_entries(doc: AnnotationFile) -> list[tuple[str, Text]]:
    """Claim panel entries (id, prompt) for the file's conflict records and orphans."""
    out: list[tuple[str, Text]] = []
    for record in doc.conflicts:
        text = Text("⚠ conflict ", style="bold")
        text.append(visible(record.id), style="bold")
        text.append("\n" + one_line_visible(record.reason, 80))
        text.append("\nenter: keep a, b or base", style="dim")
        out.append((CONFLICT_PREFIX + record.id, text))
    for index, orphan in enumerate(doc.orphans):
        span = orphan.span
        text = Text(f"⚠ orphan {LABEL_GLYPHS[span.label]} {span.label}", style="bold")
        text.append("\n“" + one_line_visible(span.quote, 100) + "”")
        text.append("\nenter: re-attach to the selection or delete", style="dim")
        out.append((f"{ORPHAN_PREFIX}{index}", text))
    return out


def other_layers(store: Store, article_id: str) -> dict[str, list[Span]]:
    """The other analysts' spans of an article (for ``--as`` when team.json is not blind);
    a layer whose file does not load is left out."""
    out: dict[str, list[Span]] = {}
    for name, files in discover_layers(store.folder).items():
        if name in (GOLD, store.layer) or article_id not in files:
            continue
        try:
            out[name] = load_annotation_file(files[article_id]).sorted_spans()
        except AnnotatorError:
            continue
    return out


def other_entries(layers: dict[str, list[Span]]) -> list[tuple[str, Text]]:
    """Read-only claim panel entries for other analysts' spans (enter selects the text)."""
    out: list[tuple[str, Text]] = []
    for name, spans in layers.items():
        for index, span in enumerate(spans):
            text = Text(
                f"◌ {visible(name)} (read-only): {LABEL_GLYPHS[span.label]} {span.label}",
                style="dim",
            )
            text.append("\n“" + one_line_visible(span.quote, 100) + "”", style="dim")
            for fact_id in span.facts:
                text.append("\n→ " + one_line_visible(fact_id, 60), style="dim")
            out.append((f"{OTHER_PREFIX}{name}:{index}", text))
    return out


def banner_line(doc: AnnotationFile) -> str | None:
    """What the banner says about records awaiting the analyst, or None."""
    parts = []
    if doc.conflicts:
        n = len(doc.conflicts)
        parts.append(
            f"{n} merge conflict{'s' if n != 1 else ''} (C resolves; ⚠ conflict in the claim panel)"
        )
    if doc.orphans:
        n = len(doc.orphans)
        parts.append(f"{n} orphaned span{'s' if n != 1 else ''} (O re-attaches or deletes)")
    fuzzy = sum(1 for s in doc.spans if s.anchor is not None and s.anchor.status == "fuzzy")
    if fuzzy:
        parts.append(f"{fuzzy} fuzzy anchor{'s' if fuzzy != 1 else ''} to review (K accepts)")
    return "⚠ " + "; ".join(parts) if parts else None


def span_fields(span: Span | None) -> Text:
    """Every field of one version of a span, for comparing versions."""
    if span is None:
        return Text("(no span: this version deleted it)", style="italic")
    text = Text(f"{LABEL_GLYPHS[span.label]} {span.label}", style="bold")
    text.append(f"  {span.start}–{span.end}\n", style="dim")
    text.append("“" + visible(span.quote) + "”\n")
    text.append("facts: " + (", ".join(visible(f) for f in span.facts) or "—") + "\n")
    text.append("attribution: " + (visible(span.attribution) if span.attribution else "—") + "\n")
    text.append("note: " + (visible(span.note) if span.note else "—") + "\n")
    text.append(f"{visible(span.author)} · modified {span.modified}", style="dim")
    return text


class ResolveConflict(Dialog[Take | None]):
    """The versions of one span conflict; returns which to keep, or None."""

    DEFAULT_CSS = """
    ResolveConflict > Vertical { width: 95%; max-width: 150; }
    ResolveConflict Horizontal { height: auto; align-horizontal: left; }
    ResolveConflict .side { width: 1fr; height: auto; padding: 0 1; border: round $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "take('a')", "Keep a", id="conflict.take_a"),
        Binding("b", "take('b')", "Keep b", id="conflict.take_b"),
        Binding("o", "take('base')", "Keep base", id="conflict.take_base"),
        Binding("escape", "cancel", "Later", id="conflict.cancel"),
    ]

    def __init__(self, record: SpanConflict) -> None:
        super().__init__()
        self.record = record

    def compose_body(self) -> ComposeResult:
        yield Label(
            Text(
                f"Merge conflict on span {visible(self.record.id)}: "
                + one_line_visible(self.record.reason, 120)
            ),
            markup=False,
        )
        with VerticalScroll(), Horizontal():
            for name, key, span in (
                ("a", "a", self.record.a),
                ("b", "b", self.record.b),
                ("base", "o", self.record.base),
            ):
                side = Static(span_fields(span), classes="side", markup=False, id=f"side-{name}")
                side.border_title = f"{name} ({key} keeps it)"
                yield side
        yield Label(
            Text(
                "a and b are the two branches (in a fixed order, not ours/theirs); "
                "base is the common ancestor."
            ),
            classes="hint",
            markup=False,
        )

    def action_take(self, take: Take) -> None:
        self.finish(take)

    def action_cancel(self) -> None:
        self.finish(None)


OrphanChoice = Literal["reattach", "delete"]


class OrphanDialog(Dialog[OrphanChoice | None]):
    """One orphaned span: re-attach it to the article's selection, or delete it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('reattach')", "Re-attach to selection", id="orphan.reattach"),
        Binding("x", "choose('delete')", "Delete", id="orphan.delete"),
        Binding("escape", "cancel", "Later", id="orphan.cancel"),
    ]

    def __init__(self, orphan: Orphan, selection: str | None) -> None:
        super().__init__()
        self.orphan, self.selection = orphan, selection

    def compose_body(self) -> ComposeResult:
        yield Label(
            Text(
                f"Orphaned span {visible(self.orphan.span.id)} (re-anchoring's best "
                f"candidate scored {self.orphan.score:.2f})"
            ),
            markup=False,
        )
        yield Static(span_fields(self.orphan.span), markup=False, id="orphan-span")
        hint = (
            f"r puts it on the selection “{one_line_visible(self.selection, 60)}”"
            if self.selection
            else "select its new place in the article first, then O and r"
        )
        yield Label(Text(hint), classes="hint", markup=False, id="orphan-hint")

    def action_choose(self, choice: OrphanChoice) -> None:
        if choice == "reattach" and not self.selection:
            self.notify(
                "Select the text to re-attach it to first (escape, select, O).", markup=False
            )
            return
        self.finish(choice)

    def action_cancel(self) -> None:
        self.finish(None)
