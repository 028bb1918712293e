"""Side panels on the annotation screen: fit them to the terminal, toggle them by key.

The rule is ``annotator.tui.layout.plan``; this module applies it to the widgets (widths
from ``layout.WIDTHS``, and CSS classes ``-narrow`` / ``-hidden`` for styling), keeps
focus on something visible, and remembers the analyst's choice in ``ui.json`` through the store.
"""

from __future__ import annotations

from textual.widget import Widget

from annotator.errors import AnnotatorError
from annotator.store.config import load_ui_state, save_ui_state
from annotator.tui.layout import PANELS, WIDTHS, Mode, Panel, Preferences


class SidePanels:
    """The article list and the claim panel, sized for the current terminal width."""

    def __init__(self) -> None:
        state, self.problem = load_ui_state()
        self.prefs = Preferences.from_state(state)
        #: What each panel shows now (after fitting to the terminal).
        self.shown: dict[Panel, Mode] = {"articles": "wide", "claims": "wide"}
        self.width = 0

    def fit(self, width: int, widgets: dict[Panel, Widget], fallback: Widget) -> None:
        """Show each panel as ``plan`` says for ``width`` columns; focus moves to
        ``fallback`` when the focused widget is in a panel that hides."""
        self.width = width
        self.shown["articles"], self.shown["claims"] = self.prefs.plan(width)
        focused = fallback.screen.focused
        for panel in PANELS:
            widget, mode = widgets[panel], self.shown[panel]
            widget.set_class(mode == "narrow", "-narrow")
            widget.set_class(mode == "hidden", "-hidden")
            widget.display = mode != "hidden"
            if mode != "hidden":
                widget.styles.width = WIDTHS[panel][mode]
            if (
                mode == "hidden"
                and focused is not None
                and (focused is widget or widget in focused.ancestors)
            ):
                fallback.focus()

    def toggle(self, panel: Panel, widgets: dict[Panel, Widget], fallback: Widget) -> str | None:
        """Next mode for ``panel``, applied and saved; a one-line problem if not saved."""
        self.prefs.cycle(panel, self.shown[panel])
        self.fit(self.width, widgets, fallback)
        try:
            save_ui_state(self.prefs.to_state())
        except AnnotatorError as exc:
            return str(exc)
        return None
