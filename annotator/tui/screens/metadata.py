"""The article metadata dialog (``e``): title, outlet, URL, date, saved to the manifest.

Enter (or ctrl+s) checks and returns the metadata; a bad date or URL is shown in the
dialog, which stays open; escape cancels. The caller saves through the Editor.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label

from annotator.model.display import visible
from annotator.model.manifest import ArticleMeta, checked_meta
from annotator.tui.screens.dialogs import Dialog

FIELDS: tuple[tuple[str, str, str], ...] = (
    ("title", "Title", "headline (empty: the first line of the text)"),
    ("outlet", "Outlet", "e.g. EFE"),
    ("url", "URL", "https://..."),
    ("date", "Date", "YYYY-MM-DD"),
)


class EditMetadata(Dialog[ArticleMeta | None]):
    """Four fields; returns the checked metadata or None."""

    DEFAULT_CSS = """
    EditMetadata Label { margin-bottom: 0; }
    EditMetadata Input { margin-bottom: 1; }
    EditMetadata #meta-error { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="meta.cancel"),
        Binding("ctrl+s", "save", "Save", id="meta.save", priority=True),
    ]

    def __init__(self, article_id: str, meta: ArticleMeta) -> None:
        super().__init__()
        self.article_id, self.meta = article_id, meta

    def compose_body(self) -> ComposeResult:
        yield Label(
            Text(f"Metadata of {self.article_id} (saved to the corpus manifest)"), markup=False
        )
        for name, title, placeholder in FIELDS:
            yield Label(Text(title), markup=False)
            value = getattr(self.meta, name) or ""
            yield Input(visible(value), placeholder=placeholder, id=f"meta-{name}")
        yield Label(Text(""), id="meta-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#meta-title", Input).focus()

    def value(self, name: str) -> str:
        return self.query_one(f"#meta-{name}", Input).value

    def action_cancel(self) -> None:
        self.finish(None)

    def action_save(self) -> None:
        try:
            meta = checked_meta(
                self.value("title"), self.value("outlet"), self.value("url"), self.value("date")
            )
        except ValueError as exc:
            self.query_one("#meta-error", Label).update(Text(str(exc)))
            return
        # What the dialog does not edit (an ingested article's byline and source) is kept.
        self.finish(
            meta.model_copy(update={"author": self.meta.author, "source": self.meta.source})
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
