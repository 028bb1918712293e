"""The Textual app: owns the store and the editing session, installs the keymap and
pushes the annotation screen. Everything the analyst sees lives in screens/ and widgets/.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.notifications import SeverityLevel

from annotator.editor import Editor
from annotator.model.display import one_line_visible
from annotator.store.store import Store
from annotator.tui.actions import bindings
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.screens.dialogs import Confirm
from annotator.tui.screens.help import HelpScreen


class AnnotatorApp(App[None]):
    """Annotate claims in news articles and link them to canonical facts."""

    TITLE = "annotator"
    CSS_PATH = "styles/app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    def __init__(
        self,
        store: Store,
        author: str,
        keymap: Mapping[str, str] | None = None,
        *,
        blind: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        self.editor = Editor(store, author)
        #: Binding id -> keys, from the user's keymap file (help and palette show these).
        self.keymap: dict[str, str] = dict(keymap or {})
        #: Every notification of the session, newest last (one line each).
        self.notices: list[str] = []
        self.annotate = AnnotateScreen(store, self.editor)
        # --as NAME on a team that is not blind: the others' spans, read-only.
        self.annotate.show_others = store.layer is not None and not blind

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        self.push_screen(self.annotate)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.notices.append(one_line_visible(f"{title}: {message}" if title else message))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.keymap))

    async def action_quit(self) -> None:
        if not self.editor.unsaved or self.editor.save():
            self.exit()
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(
            Confirm(
                "Some changes could not be saved: "
                + one_line_visible(self.editor.save_error or "", 200)
                + ". Quit and lose them?",
                "Quit anyway",
            ),
            done,
        )


def run_app(
    corpus: str | Path,
    annotations: str | Path,
    author: str,
    keymap: Mapping[str, str] | None = None,
    *,
    layer: str | None = None,
    blind: bool = True,
) -> int:
    """Entry point for ``annotator`` with no sub-command; non-zero when the app crashed.

    ``layer``: the analyst whose layer (``annotations/by/<layer>/``) the app edits."""
    store = Store(corpus, annotations, layer)
    app = AnnotatorApp(store, author, keymap, blind=blind)
    app.run()
    return app.return_code or 0
