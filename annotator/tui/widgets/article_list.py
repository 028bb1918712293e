"""The article list: title, outlet, spans per label, and a mark for unannotated ones.

Only ids are known at first paint (the corpus lists without reading texts); titles and
counts are filled in by a background worker in batches, so 10,000 articles stay
responsive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.visual import VisualType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotator.model.display import one_line_visible
from annotator.model.models import LABEL_GLYPHS, LABELS
from annotator.tui.widgets._textual_compat import IncrementalOptionList

#: How an article's ``status`` is shown before its title.
STATUS_MARKS = {"done": "✓ ", "in-progress": "… "}


def entry(
    title: str,
    outlet: str | None,
    counts: dict[str, int] | None,
    problem: bool = False,
    width: int = 34,
    status: str | None = None,
) -> Text:
    """The two-line prompt for one article (✓ done, … in progress before the title)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    mark = STATUS_MARKS.get(status or "", "")
    if mark:
        text.append(mark, style="bold" if status == "done" else "dim")
    text.append(one_line_visible(title, width - len(mark)), style="bold")
    text.append("\n")
    if outlet:
        text.append(one_line_visible(outlet, 18) + "  ", style="dim")
    if problem:
        text.append("⚠ needs attention", style="bold")
    elif counts is None:
        text.append("…", style="dim")
    elif not any(counts.values()):
        text.append("○ no spans", style="dim italic")
    else:
        for label in LABELS:
            if counts.get(label):
                text.append(f"{LABEL_GLYPHS[label]}{counts[label]} ")
    return text


@dataclass(frozen=True, slots=True)
class EntryData:
    """What an article's entry shows: its prompt is built from this when first drawn."""

    title: str
    outlet: str | None
    counts: dict[str, int] | None
    problem: bool = False
    status: str | None = None


class PendingEntry(Option):
    """An entry whose styled prompt is built when first shown: listing 50,000 ids, and
    filling in their titles and counts, costs no 50,000 Text objects. Every entry is two
    rows whatever it says (``fixed_height``), so the list's line table never changes."""

    fixed_height = 2

    def __init__(self, article_id: str) -> None:
        super().__init__("", id=article_id)
        self._data: EntryData | None = None
        self._pending = True

    def set_data(self, data: EntryData) -> None:
        self._data = data
        self._pending = True
        self._visual = None  # OptionList keeps the visual built from the old prompt

    @property
    def data(self) -> EntryData | None:
        return self._data

    @property
    def prompt(self) -> VisualType:
        if self._pending:
            self._pending = False
            d = self._data or EntryData(self._id or "", None, None)
            self._prompt = entry(d.title, d.outlet, d.counts, d.problem, status=d.status)
        return self._prompt

    def _set_prompt(self, prompt: VisualType) -> None:
        self._pending = False
        super()._set_prompt(prompt)


class ArticleList(IncrementalOptionList):
    """Articles of the corpus; highlight and enter open one."""

    DEFAULT_CSS = """
    ArticleList {
        width: 38; height: 1fr; border: none; border-right: tall $panel;
        /* Two rows per entry at any width (PendingEntry.fixed_height): cut, never wrap. */
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    @dataclass
    class Chosen(Message):
        """The analyst chose an article (enter or click)."""

        article_id: str

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Chosen(event.option.id))

    def show_ids(self, ids: Iterable[str]) -> None:
        self.set_options([PendingEntry(article_id) for article_id in ids])

    def update_entry(
        self,
        article_id: str,
        title: str,
        outlet: str | None,
        counts: dict[str, int] | None,
        problem: bool = False,
        status: str | None = None,
    ) -> None:
        self.replace_option_prompt(article_id, entry(title, outlet, counts, problem, status=status))

    def set_entries(self, entries: Iterable[tuple[str, EntryData]]) -> None:
        """New titles, outlets and counts for many entries: each prompt is built when
        it is next drawn; the line table stays (every entry is two lines)."""
        get_option = self.get_option
        built: list[tuple[str, VisualType]] = []
        for article_id, data in entries:
            option = get_option(article_id)
            if isinstance(option, PendingEntry):
                option.set_data(data)
            else:
                prompt = entry(
                    data.title, data.outlet, data.counts, data.problem, status=data.status
                )
                built.append((article_id, prompt))
        if built:
            self.replace_prompts(built)
        self.prompts_changed()

    def select_id(self, article_id: str) -> None:
        index = self.get_option_index(article_id)
        if self.highlighted != index:
            self.highlighted = index
